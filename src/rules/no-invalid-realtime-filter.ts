import { mayHoldRealtimeFilter } from '../analysis/text-gates.js';
import { createUnknownFilterColumnDetector, type UnknownFilterColumn } from '../analysis/realtime/filter-columns.js';
import { DEFAULT_SCHEMA } from '../schema/model.js';
import { createDetectorRule } from './create-rule.js';

/** The rule has no options. */
export type NoInvalidRealtimeFilterFilledOptions = Record<string, never>;
export type MessageIds = 'unknownColumn' | 'columnInOtherSchema' | 'columnSpeltOtherwise';

/** How many of the table's columns a message lists. */
const LISTED_COLUMNS = 8;

/** `'messages'`, or `'chat.messages'` outside `public`. */
function tableName(table: string, schema: string): string {
  return schema === DEFAULT_SCHEMA ? `'${table}'` : `'${schema}.${table}'`;
}

/** `id, room_id, body` (at most LISTED_COLUMNS, then how many more). */
function columnList(columns: readonly string[]): string {
  if (columns.length === 0) return 'none';
  const shown = columns.slice(0, LISTED_COLUMNS).join(', ');
  const more = columns.length - LISTED_COLUMNS;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

export const noInvalidRealtimeFilter = createDetectorRule<
  MessageIds,
  NoInvalidRealtimeFilterFilledOptions,
  UnknownFilterColumn
>({
  name: 'no-invalid-realtime-filter',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow Postgres Changes filters on a column the table does not have (from the project's schema)",
      recommended: 'recommended',
    },
    messages: {
      unknownColumn:
        'Table {{table}} has no column \'{{column}}\' (its columns: {{columns}}). Realtime refuses this filter when the channel joins ("invalid column for filter") and then sends nothing to this subscription, nor to the other Postgres Changes listeners of the channel, while the client still reports SUBSCRIBED. Filter on a column the table has.',
      columnSpeltOtherwise:
        "Table {{table}} has no column '{{column}}'; it has '{{near}}'. Realtime compares the filter's column exactly, refuses this filter when the channel joins (\"invalid column for filter\") and then sends nothing to this subscription, nor to the other Postgres Changes listeners of the channel, while the client still reports SUBSCRIBED. Write '{{near}}'.",
      columnInOtherSchema:
        'Table {{table}} has no column \'{{column}}\' (its columns: {{columns}}), but {{other}} has: is `schema` right? Realtime refuses this filter when the channel joins ("invalid column for filter") and then sends nothing to this subscription, nor to the other Postgres Changes listeners of the channel, while the client still reports SUBSCRIBED.',
    },
    schema: [{ type: 'object', additionalProperties: false, properties: {} }],
    defaultOptions: [{}],
  },
  gate: (text) => mayHoldRealtimeFilter(text),
  detector: (sourceCode, _options, project) =>
    createUnknownFilterColumnDetector(sourceCode, { schema: project.schema }),
  report(context, finding) {
    const data = {
      table: tableName(finding.table, finding.schema),
      column: finding.column,
      columns: columnList(finding.columns),
    };
    const [other] = finding.otherSchemas;
    context.report({
      node: finding.node,
      // the likelier mistake first: the column's spelling, then the schema
      ...(finding.near !== null
        ? { messageId: 'columnSpeltOtherwise', data: { ...data, near: finding.near } }
        : other === undefined
          ? { messageId: 'unknownColumn', data }
          : { messageId: 'columnInOtherSchema', data: { ...data, other: tableName(finding.table, other) } }),
    });
  },
});
