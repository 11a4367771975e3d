/**
 * A read that drains what it reads: in a loop, each pass reads a page of the
 * rows its filter selects and deletes those same rows by what it read
 * (`const ids = batch.map((r) => r.id); await db.from(t).delete().in('id', ids)`),
 * until none is left. Every row the filter selects is deleted in the end,
 * whatever order the pages come in: an order of the read changes nothing.
 *
 * Recognised in one shape, all of it in the loop's body: the read's `data`
 * destructured into a variable (`const { data: batch } = await ...`), and a
 * `.delete()` on the same table (named by the same string) filtered with
 * `.in()` or `.eq()` by a value made from that variable (directly, or through
 * a local constant whose initializer reads it). A delete on another table, by
 * values that do not come from the read, or outside the loop, is no drain.
 *
 * With no loop, one batch (expiresWhatItReads): a read of the rows older than
 * a cutoff taken from the clock (`.lt('created_at', cutoff)`, `cutoff` from
 * `new Date()`), a written-out `.limit(n)`, then a delete of those rows by what
 * it read. Every row it deletes is past the cutoff, and the rest of them go on
 * the next run: which ones first does not decide what is deleted. A batch
 * with no such cutoff (`select('id').limit(100)` then delete: "trim to the
 * newest") or a computed limit (`.limit(count - keep)`: "keep the newest
 * `keep`") decides by the order which rows survive, and stays reported.
 */
import { argumentAt, enclosingFunction, loopInFunction, type Node, outermost, subtree } from '../ast.js';
import { valueOrigin } from '../sync/clock.js';
import type { AnalysisContext } from '../detector.js';
import { resolveIdentifier, type Variable } from '../scope.js';
import { analyzeQuery, type QueryUse } from './query-use.js';
import { deleteRoot } from './query-root.js';

/** `const { data: rows } = await q`, `const { data } = await q`: the variable that holds the rows. */
function dataVariable(ctx: AnalysisContext, use: QueryUse): Variable | null {
  if (use.executions.length !== 1) return null;
  let holder: Node = outermost(use.executions[0]!.node);
  if (holder.parent?.type === 'AwaitExpression') holder = outermost(holder.parent);
  const declarator = holder.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== holder) return null;
  if (declarator.id.type !== 'ObjectPattern') return null;
  for (const property of declarator.id.properties) {
    if (property.type !== 'Property' || property.computed) continue;
    if (property.key.type !== 'Identifier' || property.key.name !== 'data') continue;
    return property.value.type === 'Identifier' ? resolveIdentifier(ctx, property.value) : null;
  }
  return null;
}

/** Whether `node` reads `rows`, directly or through a local constant whose initializer does (`const ids = rows.map(...)`). */
function madeFrom(ctx: AnalysisContext, node: Node, rows: Variable, depth = 0): boolean {
  for (const inner of subtree(node)) {
    if (inner.type !== 'Identifier') continue;
    const variable = resolveIdentifier(ctx, inner);
    if (!variable) continue;
    if (variable === rows) return true;
    if (depth > 0) continue;
    const def = variable.defs[0];
    if (variable.defs.length !== 1 || def?.type !== 'Variable' || def.parent.kind !== 'const') continue;
    const init = def.node.init;
    if (init && madeFrom(ctx, init, rows, depth + 1)) return true;
  }
  return false;
}

/** A hard delete on `table` in `body` (query-root.ts deleteRoot), filtered by `.in()`/`.eq()` with a value made from `rows`. */
function deletesRowsRead(ctx: AnalysisContext, body: Node, table: string, rows: Variable): boolean {
  for (const node of subtree(body)) {
    if (node.type !== 'CallExpression') continue;
    const root = deleteRoot(ctx, node);
    if (root?.name !== table) continue;
    const filters = analyzeQuery(ctx, root).links;
    if (
      filters.some(
        ({ name, call }) =>
          (name === 'in' || name === 'eq') && call.arguments[1] !== undefined && madeFrom(ctx, call.arguments[1], rows),
      )
    )
      return true;
  }
  return false;
}

/** Whether the read is a page of a loop that deletes, by what it read, the rows it read (see above). */
export function drainsWhatItReads(ctx: AnalysisContext, use: QueryUse): boolean {
  const table = use.root.name;
  if (table === null) return false;
  const loop = loopInFunction(use.chainEnd);
  if (!loop) return false;
  const rows = dataVariable(ctx, use);
  return rows !== null && deletesRowsRead(ctx, loop, table, rows);
}

/** `.lt(col, cutoff)` / `.lte(col, cutoff)` where `cutoff` comes from the clock: the rows older than a moment of this run. */
function hasClockCutoff(ctx: AnalysisContext, use: QueryUse): boolean {
  return use.links.some(({ name, call }) => {
    const value = argumentAt(call, 1);
    return (name === 'lt' || name === 'lte') && value !== undefined && valueOrigin(ctx, value) === 'clock';
  });
}

/** Whether the read is one batch of expired rows, deleted by what it read in the same function (see above). */
export function expiresWhatItReads(ctx: AnalysisContext, use: QueryUse): boolean {
  const table = use.root.name;
  if (table === null || loopInFunction(use.chainEnd)) return false;
  const limits = use.links.filter(({ name }) => name === 'limit');
  const literal = (node: Node | undefined) => node?.type === 'Literal' && typeof node.value === 'number';
  if (limits.length === 0 || !limits.every(({ call }) => literal(argumentAt(call, 0)))) return false;
  if (!hasClockCutoff(ctx, use)) return false;
  const fn = enclosingFunction(use.chainEnd);
  const rows = dataVariable(ctx, use);
  return fn !== null && rows !== null && deletesRowsRead(ctx, fn.body, table, rows);
}
