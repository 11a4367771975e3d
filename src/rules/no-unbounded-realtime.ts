import {
  createUnboundedRealtimeDetector,
  DEFAULT_FILTER_OPERATORS,
  DEFAULT_MAX_IN_VALUES,
  mayListenUnbounded,
  type UnboundedListener,
} from '../analysis/realtime/unbounded-listeners.js';
import { createDetectorRule, type DetectorRuleContext } from './create-rule.js';
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
  | 'deleteFilterUnknown'
  | 'deleteFilterAll'
  | 'deleteFilterAllUnknown'
  | 'inTooMany'
  | 'unsupportedOperator';

export const noUnboundedRealtime = createDetectorRule<MessageIds, NoUnboundedRealtimeFilledOptions, UnboundedListener>({
  name: 'no-unbounded-realtime',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Postgres Changes subscriptions without a filter, or on a whole schema',
      recommended: 'recommended',
      topic: 'unboundedSubscriptions',
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
        'Realtime evaluates a DELETE filter on the old record of the delete, which holds only the replica identity of {{table}} ({{identity}}): this filter on {{columns}} never matches, so the listener never receives a delete, and nothing says so. Filter on the primary key, or set `ALTER TABLE {{sqlTable}} REPLICA IDENTITY FULL` in a migration (each delete then carries the whole old row), or soft-delete (an UPDATE, which this filter does narrow), or send the deletes over Broadcast.',
      deleteFilterUnknown:
        "Realtime evaluates a DELETE filter on the old record of the delete, which holds only the table's primary key unless the table has REPLICA IDENTITY FULL: unless {{columns}} {{is}} in the primary key of {{table}}, or the table is REPLICA IDENTITY FULL, this listener never receives a delete, and nothing says so. {{unknown}} Filter on the primary key, or set REPLICA IDENTITY FULL in a migration, or soft-delete (an UPDATE, which the filter does narrow), or send the deletes over Broadcast.",
      deleteFilterAll:
        'This listener hears every event of {{table}}, and its callback handles deletes (`{{handledBy}}`{{handedIn}}), but Realtime evaluates the filter of a DELETE on the old record of the delete, which holds only the replica identity of {{table}} ({{identity}}): this filter on {{columns}} never matches a delete, so that code never runs, and nothing says so. Set `ALTER TABLE {{sqlTable}} REPLICA IDENTITY FULL` in a migration (each delete then carries the whole old row), or soft-delete (an UPDATE, which this filter does narrow), or send the deletes over Broadcast.',
      deleteFilterAllUnknown:
        "This listener hears every event of {{table}}, and its callback handles deletes (`{{handledBy}}`{{handedIn}}), but Realtime evaluates the filter of a DELETE on the old record of the delete, which holds only the table's primary key unless the table has REPLICA IDENTITY FULL: unless {{columns}} {{is}} in the primary key of {{table}}, or the table is REPLICA IDENTITY FULL, that code never runs, and nothing says so. {{unknown}} Set REPLICA IDENTITY FULL in a migration, or soft-delete (an UPDATE, which the filter does narrow), or send the deletes over Broadcast.",
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
  gate: (text, _options, importsAny) => mayListenUnbounded(text, importsAny),
  detector: (sourceCode, options, project) =>
    createUnboundedRealtimeDetector(sourceCode, { ...options, schema: project.schema, functions: project.functions }),
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
        reportDeleteFilter(context, listener, table);
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

/** Why the schema cannot say which columns the old record of a delete holds. */
const UNKNOWN_TEXT: Record<NonNullable<UnboundedListener['unknown']>, (table: string) => string> = {
  'no-schema': () => 'No schema was found to say which (the rule reads supabase/migrations).',
  'no-table': (table) => `The schema does not describe ${table}.`,
  'no-key': (table) =>
    `The schema does not say the primary key or the replica identity of ${table} (the generated types carry neither).`,
};

/** The table as SQL names it (`'room members'` -> `"room members"`, `'rooms'` -> `rooms`), for a statement to copy. */
function sqlName(quoted: string): string {
  const name = quoted.replace(/^'(.*)'$/, '$1');
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A DELETE filter on columns the old record of a delete does not hold, or may not. */
function reportDeleteFilter(
  context: DetectorRuleContext<MessageIds, NoUnboundedRealtimeFilledOptions>,
  listener: UnboundedListener,
  table: string,
): void {
  const names = listener.columns ?? [];
  const columns = names.map((column) => `'${column}'`).join(' and ');
  const { node, identity, unknown, handledBy, handedInAt } = listener;
  const all = handledBy !== undefined;
  // the callback a caller hands in to the helper the listener is in: say where it is
  const handedIn = handedInAt ? `, in the callback handed in at ${handedInAt}` : '';
  if (identity) {
    const held = identity.length === 0 ? 'none: no primary key, or REPLICA IDENTITY NOTHING' : identity.join(', ');
    const data = { table, columns, identity: held, sqlTable: sqlName(table) };
    if (all) context.report({ node, messageId: 'deleteFilterAll', data: { ...data, handledBy, handedIn } });
    else context.report({ node, messageId: 'deleteFilter', data });
    return;
  }
  const data = {
    table,
    columns,
    is: names.length > 1 ? 'are' : 'is',
    unknown: UNKNOWN_TEXT[unknown ?? 'no-schema'](table),
  };
  if (all) context.report({ node, messageId: 'deleteFilterAllUnknown', data: { ...data, handledBy, handedIn } });
  else context.report({ node, messageId: 'deleteFilterUnknown', data });
}
