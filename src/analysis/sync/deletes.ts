/**
 * What a file says about deletes, for the delta-sync verdict's hard-deletes
 * check: the hard deletes it sends (`client.from(t).delete()...`), the
 * Realtime listeners that may hear DELETE events (deletes that do reach the
 * clients), and which columns of a table are a soft-delete column (a
 * tombstone an `updated_at` delta sync can read).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { staticString, unwrap } from '../ast.js';
import { deleteRoot, rootSchema } from '../postgrest/query-root.js';
import { analyzeQuery, directExecutions } from '../postgrest/query-use.js';
import { readListener, stringValue } from '../realtime/listener.js';
import type { AnalysisContext } from '../detector.js';
import { mayCallFrom } from '../text-gates.js';
import { mayHoldMethodCall } from '../postgrest/select-gate.js';
import type { DatabaseSchema } from '../../schema/model.js';

/**
 * The names of a soft-delete column: a timestamp set when the row is deleted
 * (`deleted_at`, `deleted_on`, `deletedAt`) or a flag (`is_deleted`,
 * `isDeleted`, `deleted`). Exact names, as PostgreSQL stores them. Archiving
 * (`archived_at`) is not deleting: an archived row is still a row.
 */
export const SOFT_DELETE_COLUMNS: readonly string[] = [
  'deleted_at',
  'deleted_on',
  'deletedAt',
  'is_deleted',
  'isDeleted',
  'deleted',
];

export interface DeleteFact {
  /** The line of the `.delete()`. */
  line: number;
  table: string;
  schema: string;
}

export interface DeleteListenerFact {
  /** The line of the `.on(...)`. */
  line: number;
  /** The table it hears; null: every table of the schema, or one named at run time. */
  table: string | null;
  /** The schema; null: named at run time (any). */
  schema: string | null;
}

/**
 * Text gate: a hard delete is `X.from(t).delete()` and a legacy listener
 * `X.from(t).on(event, cb)` (its event may be named at run time), both with
 * a `from` that may be a call and the method called as on a request's root
 * (select-gate.ts mayHoldMethodCall: not drizzle's `db.delete(t)`); any
 * other listener spells `postgres_changes`. (`.delete(` alone says nothing:
 * `Map`, `Set` and `URLSearchParams` have one.)
 */
export function mayHoldDeleteFacts(text: string): boolean {
  return (
    text.includes('postgres_changes') ||
    (mayCallFrom(text) && (mayHoldMethodCall(text, 'delete') || mayHoldMethodCall(text, 'on')))
  );
}

/** The soft-delete columns the schema shows for a table; null when the schema does not describe its columns. */
export function softDeleteColumns(
  schema: DatabaseSchema | undefined,
  table: string | null,
  schemaName: string | null,
): string[] | null {
  if (!schema || table === null || schemaName === null) return null;
  const columns = schema.columns(table, schemaName);
  if (!columns) return null;
  return columns.map((column) => column.name).filter((name) => SOFT_DELETE_COLUMNS.includes(name));
}

function isLiteral(node: TSESTree.Node | undefined, value: null | boolean): boolean {
  return node?.type === 'Literal' && node.value === value;
}

/**
 * The soft-delete columns a read filters to the rows not marked deleted
 * (`.is('deleted_at', null)`, `.eq('is_deleted', false)`, `.neq('deleted',
 * true)`, `.filter('deleted_at', 'is', null)`): it never reads a tombstone
 * through them.
 */
export function liveOnlyColumns(links: readonly { name: string; call: TSESTree.CallExpression }[]): string[] {
  const columns: string[] = [];
  for (const { name, call } of links) {
    const [first, second, third] = call.arguments.map((arg) =>
      arg.type === 'SpreadElement' ? undefined : unwrap(arg),
    );
    const column = staticString(first);
    if (column === null || !SOFT_DELETE_COLUMNS.includes(column)) continue;
    const live =
      (name === 'is' && (isLiteral(second, null) || isLiteral(second, false))) ||
      (name === 'eq' && isLiteral(second, false)) ||
      (name === 'neq' && isLiteral(second, true)) ||
      (name === 'filter' &&
        staticString(second) === 'is' &&
        (isLiteral(third, null) || staticString(third)?.toLowerCase() === 'null'));
    if (live && !columns.includes(column)) columns.push(column);
  }
  return columns;
}

/** Whether a filter of the delete names a soft-delete column: it purges rows already marked deleted. */
function purgesTombstones(links: readonly { name: string; call: TSESTree.CallExpression }[]): boolean {
  return links.some(
    ({ name, call }) =>
      name !== 'delete' &&
      name !== 'select' &&
      call.arguments.some((arg) => {
        const text = staticString(arg);
        return text !== null && SOFT_DELETE_COLUMNS.some((column) => text === column || text.includes(`${column}.`));
      }),
  );
}

/**
 * The hard delete `call` sends, if it is one: `X.from(t).delete()` with a
 * static table, sent (awaited, returned, `.then`-ed), not a purge of rows a
 * filter on a soft-delete column picks.
 */
export function hardDelete(ctx: AnalysisContext, call: TSESTree.CallExpression): DeleteFact | null {
  const root = deleteRoot(ctx, call);
  if (!root || root.name === null) return null;
  const schema = rootSchema(root);
  if (schema === null) return null;
  const use = analyzeQuery(ctx, root);
  if (directExecutions(use).length === 0 || purgesTombstones(use.links)) return null;
  const callee = unwrap(call.callee);
  const line = callee.type === 'MemberExpression' ? callee.property.loc.start.line : call.loc.start.line;
  return { line, table: root.name, schema };
}

function onLine(on: TSESTree.CallExpression): number {
  const callee = unwrap(on.callee);
  return callee.type === 'MemberExpression' ? callee.property.loc.start.line : on.loc.start.line;
}

/**
 * The Realtime listener `call` adds, if it may hear DELETE events: a Postgres
 * Changes listener for DELETE or `*` (or an event the analysis cannot read),
 * or a legacy `client.from(t).on('DELETE' | '*', cb)`. Its table is null for
 * every table of the schema or one named at run time; its schema null for
 * one named at run time (a legacy listener names none).
 */
export function deleteListener(ctx: AnalysisContext, call: TSESTree.CallExpression): DeleteListenerFact | null {
  const listener = readListener(ctx, call);
  if (!listener) return null;
  const line = onLine(call);
  if (listener.kind === 'legacy') {
    if (listener.event !== 'DELETE' && listener.event !== '*') return null;
    return { line, table: listener.table === '*' ? null : listener.table, schema: null };
  }
  const event = stringValue(listener.event);
  if (event !== null && event !== 'DELETE' && event !== '*') return null;
  const schema = stringValue(listener.schema);
  if (schema === '*') return { line, table: null, schema: null };
  // a table or schema built elsewhere, or left to a spread, may be any
  return { line, table: stringValue(listener.table), schema };
}
