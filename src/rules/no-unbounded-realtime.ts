import {
  createUnboundedRealtimeDetector,
  DEFAULT_FILTER_OPERATORS,
  DEFAULT_MAX_IN_VALUES,
  type UnboundedListener,
} from '../analysis/realtime/unbounded-listeners.js';
import { createDetectorRule } from './create-rule.js';
import { nameList } from './option-schemas.js';

/** The options as the rule reads them: each one filled in from meta.defaultOptions when a config leaves it out. */
export interface NoUnboundedRealtimeFilledOptions {
  allowTables: readonly string[];
  operators: readonly string[];
  maxInValues: number;
}

/** What a config may set. */
export type NoUnboundedRealtimeOptions = Partial<NoUnboundedRealtimeFilledOptions>;
export type MessageIds =
  | 'unfilteredTable'
  | 'wholeSchema'
  | 'optionalFilter'
  | 'callWithoutFilter'
  | 'deleteFilter'
  | 'inTooMany'
  | 'unsupportedOperator';

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
      optionalFilter:
        'The filter of this Postgres Changes subscription on {{table}} comes from `{{source}}`, which may be absent: when it is, the subscription receives every change of the table, checked against every subscriber and sent to each. Do not subscribe without it (`if (!{{source}}) return;`), or make it required.',
      callWithoutFilter:
        'This call of `{{callee}}` passes no filter: the Postgres Changes subscription it makes on {{table}} then receives every change of the table, checked against every subscriber and sent to each. Pass a filter, or send the changes over Broadcast.',
      deleteFilter:
        'Realtime cannot filter DELETE events: this filter does not narrow the deletes the listener receives on {{table}}. Use a soft-delete column and listen to UPDATE with this filter, or send the deletes over Broadcast to the clients that hold the rows (a table whose deletes every client may see goes in `allowTables`).',
      inTooMany:
        'This `in` filter lists {{values}} values; Realtime accepts at most {{max}} in one `in` filter. Filter on a column the rows share (a room or team id), or split the values over several listeners.',
      unsupportedOperator:
        "Realtime filters do not take the operator `{{operator}}` (they take {{operators}}): the server refuses the filter when the channel joins, and the channel's Postgres Changes listeners receive nothing while the client reports SUBSCRIBED. Use one of those operators, or filter the payloads on the client.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowTables: nameList('Tables whose full change stream is intended (small, rarely written tables).'),
          operators: nameList(
            'Filter operators Realtime accepts (default: eq, neq, lt, lte, gt, gte, in, like, ilike, is, match, imatch, isdistinct, and not to negate any of them, as the Realtime server parses them); a self-hosted server older than mid-2026 takes only the first seven.',
            1,
          ),
          maxInValues: {
            type: 'integer',
            minimum: 1,
            description: 'The most values an `in` filter may list (Realtime accepts 100).',
          },
        },
      },
    ],
    defaultOptions: [{ allowTables: [], operators: [...DEFAULT_FILTER_OPERATORS], maxInValues: DEFAULT_MAX_IN_VALUES }],
  },
  detector: (sourceCode, options, project) =>
    createUnboundedRealtimeDetector(sourceCode, { ...options, functions: project.functions }),
  report(context, listener, options) {
    const table = listener.table === null ? 'a table named at run time' : `'${listener.table}'`;
    const node = listener.node;
    switch (listener.kind) {
      case 'whole-schema': {
        const scope =
          listener.schema && listener.schema !== '*' ? `the whole '${listener.schema}' schema` : 'every schema';
        context.report({ node, messageId: 'wholeSchema', data: { scope } });
        break;
      }
      case 'optional-filter':
        context.report({ node, messageId: 'optionalFilter', data: { table, source: listener.source ?? '' } });
        break;
      case 'call-without-filter':
        context.report({ node, messageId: 'callWithoutFilter', data: { table, callee: listener.source ?? '' } });
        break;
      case 'delete-filter':
        context.report({ node, messageId: 'deleteFilter', data: { table } });
        break;
      case 'in-too-many':
        context.report({
          node,
          messageId: 'inTooMany',
          data: { values: listener.values ?? 0, max: options.maxInValues },
        });
        break;
      case 'unsupported-operator':
        context.report({
          node,
          messageId: 'unsupportedOperator',
          data: { operator: listener.operator ?? '', operators: options.operators.join(', ') },
        });
        break;
      default:
        context.report({ node, messageId: 'unfilteredTable', data: { table } });
    }
  },
});
