/**
 * A per-row write that runs only when a batch write of the same rows failed:
 *
 *   const { error } = await supabase.from('t').insert(rows);
 *   if (error) for (const row of rows) await supabase.from('t').insert(row);
 *
 * (or the loop in the `catch` of a `try` that sends the batch). The batch is
 * already there and is what runs; the loop is the fallback that lets the
 * valid rows land when one row fails the batch (a duplicate key). A loop
 * over other rows, to another table, or one not under the failed batch's
 * error stays a request per item.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall, isFunction, type Node, subtree, unwrap } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { resolveIdentifier, type Variable } from '../scope.js';
import { writeRoot } from './query-root.js';

const BATCH_WRITES: ReadonlySet<string> = new Set(['insert', 'upsert']);

/** The variable of the collection a loop walks: `for (const r of rows)`, `rows.forEach(...)`, `rows.map(...)`. */
function collectionOf(ctx: AnalysisContext, loopNode: Node): Variable | null {
  const list =
    loopNode.type === 'ForOfStatement'
      ? loopNode.right
      : loopNode.type === 'CallExpression'
        ? (asMethodCall(loopNode)?.object ?? null)
        : null;
  const inner = list && unwrap(list);
  return inner?.type === 'Identifier' ? resolveIdentifier(ctx, inner) : null;
}

/** `X.from(table).insert(rows)` (awaited or not) with `rows` the variable `list`: a batch write of it to `table`. */
function isBatchOf(ctx: AnalysisContext, node: Node, list: Variable, table: string): boolean {
  let inner = unwrap(node);
  if (inner.type === 'AwaitExpression') inner = unwrap(inner.argument);
  // `.select()` after the write: the write is the call below it
  for (let call = asMethodCall(inner); call && !BATCH_WRITES.has(call.name); call = asMethodCall(inner)) {
    inner = unwrap(call.object);
  }
  if (inner.type !== 'CallExpression') return false;
  const write = writeRoot(ctx, inner);
  if (!write || !BATCH_WRITES.has(write.method) || write.root.name !== table) return false;
  const rows = inner.arguments[0] && unwrap(inner.arguments[0]);
  return rows?.type === 'Identifier' && resolveIdentifier(ctx, rows) === list;
}

/**
 * The identifiers a test being true proves set: `error`, `error.code === 'x'`,
 * `error?.code`, and each side of an `&&`; `!ok` when `negated` (the test is
 * false: an `else` branch).
 */
function provenSet(test: Node, negated: boolean): TSESTree.Identifier[] {
  const inner = unwrap(test);
  if (negated)
    return inner.type === 'UnaryExpression' && inner.operator === '!' ? provenSet(inner.argument, false) : [];
  if (inner.type === 'Identifier') return [inner];
  if (inner.type === 'LogicalExpression' && inner.operator === '&&')
    return [...provenSet(inner.left, false), ...provenSet(inner.right, false)];
  const member =
    inner.type === 'MemberExpression'
      ? inner
      : inner.type === 'BinaryExpression' && ['===', '!==', '==', '!='].includes(inner.operator)
        ? [inner.left, inner.right].map(unwrap).find((side) => side.type === 'MemberExpression')
        : undefined;
  const object = member?.type === 'MemberExpression' ? unwrap(member.object) : null;
  return object?.type === 'Identifier' ? [object] : [];
}

/** The batch write whose `error` the branch proves set: `const { error } = await <batch>`, `if (error)`, `if (error.code === ...)`. */
function provesBatchFailed(
  ctx: AnalysisContext,
  proven: TSESTree.Identifier[],
  list: Variable,
  table: string,
): boolean {
  for (const node of proven) {
    const def = resolveIdentifier(ctx, node)?.defs[0];
    if (def?.type !== 'Variable' || !def.node.init || def.node.id.type !== 'ObjectPattern') continue;
    const property = def.node.id.properties.find(
      (p): p is TSESTree.Property =>
        p.type === 'Property' && p.value.range[0] <= def.name.range[0] && def.name.range[1] <= p.value.range[1],
    );
    if (property?.key.type !== 'Identifier' || property.key.name !== 'error') continue;
    if (isBatchOf(ctx, def.node.init, list, table)) return true;
  }
  return false;
}

/** Whether the try block sends the batch write (in a statement of its own or an assignment). */
function triesBatch(ctx: AnalysisContext, block: TSESTree.BlockStatement, list: Variable, table: string): boolean {
  for (const node of subtree(block, (inner) => !isFunction(inner))) {
    if (node.type === 'AwaitExpression' && isBatchOf(ctx, node, list, table)) return true;
  }
  return false;
}

/**
 * Whether the per-item write `method` on `table` in `loopNode` runs only
 * after a batch write of the loop's whole collection to the same table
 * failed: under `if (error)` of that batch, or in the `catch` of its `try`.
 */
export function isFallbackWrite(ctx: AnalysisContext, method: string, table: string | null, loopNode: Node): boolean {
  if (!BATCH_WRITES.has(method) || table === null) return false;
  const list = collectionOf(ctx, loopNode);
  if (!list) return false;
  let child: Node = loopNode;
  for (let node = loopNode.parent; node && !isFunction(node); child = node, node = node.parent) {
    if (node.type === 'IfStatement') {
      const proven = node.consequent === child ? provenSet(node.test, false) : provenSet(node.test, true);
      if (provesBatchFailed(ctx, proven, list, table)) return true;
    }
    if (node.type === 'CatchClause' && triesBatch(ctx, node.parent.block, list, table)) return true;
  }
  return false;
}
