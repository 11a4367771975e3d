import { createUnboundedRealtimeDetector, type UnboundedListener } from '../analysis/realtime/unbounded-listeners.js';
import { createDetectorRule } from '../utils/create-rule.js';
import { nameList } from '../utils/schema.js';

/** The options as the rule reads them: each one filled in from meta.defaultOptions when a config leaves it out. */
export interface NoUnboundedRealtimeFilledOptions {
  allowTables: readonly string[];
}

/** What a config may set. */
export type NoUnboundedRealtimeOptions = Partial<NoUnboundedRealtimeFilledOptions>;
export type MessageIds = 'unfilteredTable' | 'wholeSchema';

export const noUnboundedRealtime = createDetectorRule<MessageIds, NoUnboundedRealtimeFilledOptions, UnboundedListener>({
  name: 'no-unbounded-realtime',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Postgres Changes subscriptions without a filter, or on a whole schema',
      recommended: 'recommended',
    },
    messages: {
      unfilteredTable:
        "This Postgres Changes subscription on {{table}} has no filter: every write to the table is checked against every subscriber (RLS for each) and sent to each, so its cost grows with users × writes. Add a filter such as `filter: 'room_id=eq.' + roomId`, or send the changes over Broadcast.",
      wholeSchema:
        'This Postgres Changes subscription listens to {{scope}}: every write to every table is checked against every subscriber and sent to each, so its cost grows with users × writes. Name a table and add a filter, or send the changes over Broadcast.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowTables: nameList('Tables whose full change stream is intended (small, rarely written tables).'),
        },
      },
    ],
    defaultOptions: [{ allowTables: [] }],
  },
  detector: (sourceCode, options) => createUnboundedRealtimeDetector(sourceCode, options),
  report(context, listener) {
    if (listener.kind === 'whole-schema') {
      const scope =
        listener.schema && listener.schema !== '*' ? `the whole '${listener.schema}' schema` : 'every schema';
      context.report({ node: listener.node, messageId: 'wholeSchema', data: { scope } });
    } else {
      const table = listener.table === null ? 'a table named at run time' : `'${listener.table}'`;
      context.report({ node: listener.node, messageId: 'unfilteredTable', data: { table } });
    }
  },
});
