import { mayHoldRealtimeFilter } from '../analysis/text-gates.js';
import {
  createInvalidFilterDetector,
  type InvalidFilter,
  type SameValueFilter,
} from '../analysis/realtime/filter-columns.js';
import { DEFAULT_SCHEMA } from '../schema/model.js';
import { createDetectorRule } from './create-rule.js';

/** The rule has no options. */
export type NoInvalidRealtimeFilterFilledOptions = Record<string, never>;
export type MessageIds = 'unknownColumn' | 'columnInOtherSchema' | 'columnSpeltOtherwise' | 'sameValueColumns';

/** How many of the table's columns a message lists. */
const LISTED_COLUMNS = 8;

/** `'messages'`, or `'chat.messages'` outside `public`. */
function tableName(table: string, schema: string): string {
  return schema === DEFAULT_SCHEMA ? `'${table}'` : `'${schema}.${table}'`;
}

/** `'a' and 'b'`, `'a', 'b' and 'c'`. */
function quotedList(names: readonly string[]): string {
  const quoted = names.map((name) => `'${name}'`);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]!}`;
}

/** The data of a sameValueColumns report. */
function sameValueData(finding: SameValueFilter): Record<string, string> {
  const { through } = finding;
  return {
    columns: quotedList(finding.columns),
    value: finding.value,
    through: through
      ? ` (passed as \`${through.parameter}\` of \`${through.callee}()\`, which subscribes with it)`
      : '',
  };
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
  InvalidFilter
>({
  name: 'no-invalid-realtime-filter',
  meta: {
    type: 'problem',
    docs: {
      description:
        "Disallow Postgres Changes filters that cannot match as meant: a column the table does not have (from the project's schema), one value required of several columns",
      recommended: 'recommended',
    },
    messages: {
      unknownColumn:
        'Table {{table}} has no column \'{{column}}\' (its columns: {{columns}}). Realtime refuses this filter when the channel joins ("invalid column for filter") and then sends nothing to this subscription, nor to the other Postgres Changes listeners of the channel, while the client still reports SUBSCRIBED. Filter on a column the table has.',
      columnSpeltOtherwise:
        "Table {{table}} has no column '{{column}}'; it has '{{near}}'. Realtime compares the filter's column exactly, refuses this filter when the channel joins (\"invalid column for filter\") and then sends nothing to this subscription, nor to the other Postgres Changes listeners of the channel, while the client still reports SUBSCRIBED. Write '{{near}}'.",
      sameValueColumns:
        'This filter requires {{columns}} all to equal `{{value}}`{{through}}. Realtime has no OR: it ANDs the comma-separated conditions of a filter (servers before 2.100 read only the first and take the rest as its value), so this listener never hears a row where only one of them holds the value. To hear a row where any of them does, add one `postgres_changes` listener a column to the channel, each filtered on one column.',
      columnInOtherSchema:
        'Table {{table}} has no column \'{{column}}\' (its columns: {{columns}}), but {{other}} has: is `schema` right? Realtime refuses this filter when the channel joins ("invalid column for filter") and then sends nothing to this subscription, nor to the other Postgres Changes listeners of the channel, while the client still reports SUBSCRIBED.',
    },
    schema: [{ type: 'object', additionalProperties: false, properties: {} }],
    defaultOptions: [{}],
  },
  gate: (text) => mayHoldRealtimeFilter(text),
  detector: (sourceCode, _options, project) => createInvalidFilterDetector(sourceCode, { schema: project.schema }),
  report(context, finding) {
    if (finding.kind === 'same-value') {
      context.report({ node: finding.node, messageId: 'sameValueColumns', data: sameValueData(finding) });
      return;
    }
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
