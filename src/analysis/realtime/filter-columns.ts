/**
 * Postgres Changes filters that cannot do what they say (what
 * no-invalid-realtime-filter reports):
 *
 * - a filter on a column the table does not have. Realtime checks each
 *   filter's column against the table when the channel joins and refuses the
 *   subscription ("invalid column for filter"): the channel's Postgres Changes
 *   listeners then receive nothing. Only the project's schema (src/schema) can
 *   tell, so the detector asks it, and only for a subscription whose table,
 *   schema and filter column it can read;
 * - a filter that requires one value of several columns, meant as either
 *   (same-value-filters.ts): no schema needed.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall, type Node, objectProperty, unwrap } from '../ast.js';
import type { AnalysisContext, Detector } from '../detector.js';
import type { SchemaLookup } from '../schema-facts.js';
import { mayHoldRealtimeFilter } from '../text-gates.js';
import { typeOracle } from '../type-oracle.js';
import { DEFAULT_SCHEMA } from '../../schema/model.js';
import { filterConditions } from './filters.js';
import { isWritten, type PostgresChangesListener, readListener, spreadBranches, stringValue } from './listener.js';
import { sameValueColumns, type WrittenFilter, writtenFilters } from './same-value-filters.js';

/** A filter that cannot do what it says: a column the table lacks, or one value required of several columns. */
export type InvalidFilter = UnknownFilterColumn | SameValueFilter;

/**
 * A filter that requires one value of several columns
 * (`participant1_id=eq.${me},participant2_id=eq.${me}`), where it is written.
 */
export interface SameValueFilter {
  kind: 'same-value';
  /** The filter as written (the string or template), where the report goes. */
  node: Node;
  /** The `.on('postgres_changes', ...)` call. */
  on: TSESTree.CallExpression;
  columns: string[];
  /** The value, as written (`${userId}`). */
  value: string;
  /** The call of a function of the file the filter is handed to the listener through, and its parameter. */
  through: WrittenFilter['through'];
}

/** A filter condition on a column the schema says the table does not have. */
export interface UnknownFilterColumn {
  kind: 'unknown-column';
  /** The filter's value (the string or template), where the report goes. */
  node: TSESTree.Node;
  /** The `.on('postgres_changes', ...)` call. */
  on: TSESTree.CallExpression;
  table: string;
  schema: string;
  column: string;
  /** The table's columns, in the order the schema lists them. */
  columns: string[];
  /** Other schemas whose table of the same name has the column (`chat` for `chat.messages`). */
  otherSchemas: string[];
  /** The table's column spelled the same but for case and underscores (`user_id` for `userId`), if one. */
  near: string | null;
}

/** `userId`, `user_id`, `UserID` -> `userid`: how a misspelt column is matched to the table's. */
const folded = (name: string) => name.replace(/_/g, '').toLowerCase();

interface Candidate {
  on: TSESTree.CallExpression;
  filter: TSESTree.Node;
  table: string;
  schema: string;
}

/** The subscription's table and schema when both are named (`public` when `schema` is left out), and its filter. */
function candidate(listener: PostgresChangesListener): Candidate | null {
  if (!isWritten(listener.filter)) return null;
  const table = stringValue(listener.table);
  if (table === null || table === '' || table === '*') return null;
  let schema = DEFAULT_SCHEMA;
  if (listener.schema.kind !== 'absent') {
    const named = stringValue(listener.schema);
    if (named === null) return null;
    schema = named;
  }
  if (schema === '' || schema === '*') return null;
  return { on: listener.on, filter: listener.filter.node, table, schema };
}

/**
 * Finds Postgres Changes filters on a column the project's schema says the
 * table does not have (silent without a schema, for a table the schema does
 * not describe, or one whose columns it does not know: a view over `*`), and
 * filters that require one value of several columns, where they are written.
 * Null for a file that fails its text gate.
 */
export function createInvalidFilterDetector(
  ctx: AnalysisContext,
  options: { schema: SchemaLookup },
): Detector<InvalidFilter> | null {
  if (!mayHoldRealtimeFilter(ctx.text)) return null;
  const types = typeOracle(ctx);
  const candidates: Candidate[] = [];
  const filters: { on: TSESTree.CallExpression; value: Node }[] = [];
  return {
    listeners: {
      CallExpression(node: TSESTree.CallExpression) {
        const listener = readListener(ctx, node);
        if (listener?.kind !== 'postgres_changes') return;
        // with types, an emitter that is not a supabase-js channel is not a subscription
        if (types?.isSupabase(asMethodCall(node)!.object) === 'no') return;
        const found = candidate(listener);
        if (found) candidates.push(found);
        const value = filterValue(listener);
        if (value) filters.push({ on: node, value });
      },
    },
    finish() {
      return [...sameValueFilters(ctx, filters), ...unknownColumns(ctx, candidates, options.schema)];
    },
  };
}

/** The value a listener's `filter` is given: the property's, or the one a conditional spread gives (`...(f && { filter: f })`). */
function filterValue(listener: PostgresChangesListener): Node | null {
  if (isWritten(listener.filter)) return listener.filter.node;
  for (const branch of listener.conditionalFilter ? spreadBranches(listener.conditionalFilter.spread) : []) {
    const object = unwrap(branch);
    const property = object.type === 'ObjectExpression' ? objectProperty(object, 'filter') : null;
    if (property) return property.value;
  }
  return null;
}

/** The filters that require one value of several columns, each reported once where it is written. */
function sameValueFilters(
  ctx: AnalysisContext,
  filters: readonly { on: TSESTree.CallExpression; value: Node }[],
): SameValueFilter[] {
  const found: SameValueFilter[] = [];
  const seen = new Set<Node>();
  for (const { on, value } of filters) {
    for (const written of writtenFilters(ctx, value)) {
      if (seen.has(written.node)) continue;
      seen.add(written.node);
      const same = sameValueColumns(ctx, written.node);
      if (same) found.push({ kind: 'same-value', node: written.node, on, ...same, through: written.through });
    }
  }
  return found;
}

/** The filter conditions on a column the schema says the table does not have. */
function unknownColumns(
  ctx: AnalysisContext,
  candidates: readonly Candidate[],
  schemaOf: SchemaLookup,
): UnknownFilterColumn[] {
  if (candidates.length === 0) return [];
  const schema = schemaOf();
  if (!schema) return [];
  const found: UnknownFilterColumn[] = [];
  for (const { on, filter, table, schema: schemaName } of candidates) {
    const columns = schema.columns(table, schemaName);
    // unknown columns, or a rejected statement that may have added the one filtered on
    if (!columns || schema.columnsMayBeIncomplete(table)) continue;
    const reported = new Set<string>();
    for (const condition of filterConditions(ctx, filter) ?? []) {
      // an unparsed part (no `column=op.`), or a column computed at run time
      if (condition.operator === null || condition.column.includes('\u0000')) continue;
      const { column } = condition;
      if (reported.has(column) || schema.hasColumn(table, column, schemaName) !== 'no') continue;
      reported.add(column);
      const otherSchemas: string[] = [];
      for (const relation of schema.relations.values()) {
        if (relation.name !== table || relation.schema === schemaName) continue;
        if (schema.hasColumn(table, column, relation.schema) === 'yes') otherSchemas.push(relation.schema);
      }
      const near = columns.find((c) => folded(c.name) === folded(column))?.name ?? null;
      found.push({
        kind: 'unknown-column',
        node: filter,
        on,
        table,
        schema: schemaName,
        column,
        columns: columns.map((c) => c.name),
        otherSchemas: otherSchemas.sort(),
        near,
      });
    }
  }
  return found;
}
