/**
 * What a file says about deletes, for the delta-sync verdict's hard-deletes
 * check: the hard deletes it sends (`client.from(t).delete()...`), the
 * Realtime listeners that may hear DELETE events (deletes that do reach the
 * clients), and which columns of a table are a soft-delete column (a
 * tombstone an `updated_at` delta sync can read).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall, keyName, type Node, staticString, unwrap } from '../ast.js';
import { MAX_CHAIN_LINKS } from '../limits.js';
import { deleteRoot, rootSchema } from '../postgrest/query-root.js';
import { analyzeQuery, directExecutions } from '../postgrest/query-use.js';
import { objectLiteral } from '../realtime/values.js';
import type { AnalysisContext } from '../detector.js';
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

/** Text gate: a file that spells neither a `.delete(` nor a Realtime listener holds no delete fact. */
export function mayHoldDeleteFacts(text: string): boolean {
  return /\.\s*delete\s*\(/.test(text) || text.includes('postgres_changes') || /\.on\(\s*['"`](?:DELETE|\*)/.test(text);
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

/** `.on('postgres_changes', { event, schema, table }, cb)` that may hear DELETE events. */
function postgresChanges(ctx: AnalysisContext, on: TSESTree.CallExpression): DeleteListenerFact | null {
  const line = onLine(on);
  const config = objectLiteral(ctx, on.arguments[1]);
  // a config built elsewhere may hear anything
  if (!config) return { line, table: null, schema: null };
  let table: string | null = null;
  let schema: string | null = null;
  let event: string | null = null;
  let unknown = false;
  for (const property of config.properties) {
    if (property.type === 'SpreadElement') {
      unknown = true;
      continue;
    }
    const key = keyName(property.key, property.computed);
    if (key === 'table') table = staticString(property.value);
    else if (key === 'schema') schema = staticString(property.value);
    else if (key === 'event') event = staticString(property.value);
    else if (key === null) unknown = true;
  }
  if (unknown) return { line, table: null, schema: null };
  if (event !== null && event !== 'DELETE' && event !== '*') return null;
  return { line, table: schema === '*' ? null : table, schema: schema === '*' ? null : schema };
}

/** `client.from('t').on('DELETE' | '*', cb)`: the legacy v1 listener (`'*'` as the table: every table; any schema). */
function legacyListener(on: TSESTree.CallExpression): DeleteListenerFact | null {
  let receiver: Node = on;
  for (let depth = 0; depth < MAX_CHAIN_LINKS; depth += 1) {
    const call = asMethodCall(receiver);
    if (!call) return null;
    if (call.name === 'on') {
      receiver = call.object;
      continue;
    }
    if (call.name !== 'from' || call.call.arguments.length !== 1) return null;
    const text = staticString(call.call.arguments[0]);
    const table = text === null ? null : text.split(':')[0]!;
    return { line: onLine(on), table: table === '*' ? null : table, schema: null };
  }
  return null;
}

/** The Realtime listener `call` is, if it may hear DELETE events. */
export function deleteListener(ctx: AnalysisContext, call: TSESTree.CallExpression): DeleteListenerFact | null {
  const method = asMethodCall(call);
  if (!method || method.call !== call || method.name !== 'on') return null;
  const first = staticString(call.arguments[0]);
  if (first === 'postgres_changes') return postgresChanges(ctx, call);
  if (first === 'DELETE' || first === '*') return legacyListener(call);
  return null;
}
