/**
 * Whether a read asks for a count and never looks at its rows: the one
 * predicate require-count-head reports on and require-pagination leaves to it
 * (such a read is not a pagination problem: it should send no rows at all).
 * It imports nothing from query-use.ts at run time, so that query-use.ts can
 * ask it.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { keyName, memberName, type Node, outermost, unwrap } from '../ast.js';
import type { QueryUse } from './query-use.js';
import { resolveIdentifier } from '../scope.js';
import type { AnalysisContext } from '../detector.js';

export interface CountOption {
  /** The `{ count, ... }` object of `.select(cols, { count })`. */
  options: TSESTree.ObjectExpression;
  /** The `head` property when it is written (as `head: false`). */
  head: TSESTree.Property | null;
}

/**
 * `.select(cols, { count: ... })` without `head: true`: the count is asked for
 * and the rows are sent. Null for anything else, including an option object the
 * analysis cannot read (a spread, a computed `head`).
 */
export function countWithRows(select: TSESTree.CallExpression): CountOption | null {
  const options = select.arguments[1];
  if (options?.type !== 'ObjectExpression') return null;
  let count = false;
  let head: TSESTree.Property | null = null;
  for (const property of options.properties) {
    if (property.type !== 'Property') return null;
    const key = keyName(property.key, property.computed);
    if (key === null) return null;
    const value = unwrap(property.value);
    if (key === 'count') count = !(value.type === 'Identifier' && value.name === 'undefined');
    if (key === 'head') {
      if (value.type !== 'Literal' || value.value !== false) return null;
      head = property;
    }
  }
  return count ? { options, head } : null;
}

/** A destructuring that takes no `data` and no rest: `{ count }`, `{ count, error }`. */
function takesNoRows(pattern: Node | null | undefined): boolean {
  return (
    pattern?.type === 'ObjectPattern' &&
    pattern.properties.every((property) => {
      if (property.type !== 'Property') return false;
      const key = keyName(property.key, property.computed);
      return key !== null && key !== 'data';
    })
  );
}

/** `res.count`, `res?.error`: a property of the result other than `data`. */
function isRowlessMember(node: Node): boolean {
  const outer = outermost(node);
  const parent = outer.parent;
  if (parent?.type !== 'MemberExpression' || parent.object !== outer) return false;
  const name = memberName(parent);
  if (name === null || name === 'data') return false;
  // `res.count = 1` writes, it does not read: still no rows looked at
  return true;
}

/** Whether the value of `result` (the response) is used only for properties other than `data`. */
function resultRowsUnread(ctx: AnalysisContext, result: Node): boolean {
  const outer = outermost(result);
  const parent = outer.parent;
  if (!parent) return false;
  if (isRowlessMember(outer)) return true; // (await q).count
  const pattern =
    parent.type === 'VariableDeclarator' && parent.init === outer
      ? parent.id
      : parent.type === 'AssignmentExpression' && parent.right === outer && parent.operator === '='
        ? parent.left
        : null;
  if (!pattern) return false;
  if (pattern.type === 'ObjectPattern') return takesNoRows(pattern);
  if (pattern.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, pattern);
  if (!variable) return false;
  const reads = variable.references.filter((reference) => reference.isRead());
  return reads.length > 0 && reads.every((reference) => isRowlessMember(reference.identifier));
}

/** The first parameter of a `.then()` callback takes no rows: `.then(({ count }) => ...)`, `.then((r) => r.count)`. */
function thenCallbackRowsUnread(ctx: AnalysisContext, sent: Node): boolean {
  const member = outermost(sent).parent;
  if (member?.type !== 'MemberExpression') return false;
  const call = outermost(member).parent;
  if (call?.type !== 'CallExpression') return false;
  const callback = call.arguments[0];
  if (callback?.type !== 'ArrowFunctionExpression' && callback?.type !== 'FunctionExpression') return false;
  const param = callback.params[0];
  if (!param) return true;
  if (param.type === 'ObjectPattern') return takesNoRows(param);
  if (param.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, param);
  const reads = (variable?.references ?? []).filter((reference) => reference.isRead());
  return reads.every((reference) => isRowlessMember(reference.identifier));
}

/**
 * `const [a, b] = await Promise.all([q1, q2])`: the response of the element
 * `sent` is bound to its place in the array pattern; used only for other
 * properties than `data` (or not bound at all), its rows are unread.
 */
function combinedRowsUnread(ctx: AnalysisContext, sent: Node): boolean {
  const element = outermost(sent);
  const array = element.parent;
  if (array?.type !== 'ArrayExpression') return false;
  const combinator = outermost(array).parent;
  if (combinator?.type !== 'CallExpression' || combinator.arguments[0] !== outermost(array)) return false;
  const callee = unwrap(combinator.callee);
  if (callee.type !== 'MemberExpression' || memberName(callee) !== 'all') return false; // allSettled wraps each answer
  const awaited = outermost(combinator).parent;
  if (awaited?.type !== 'AwaitExpression') return false;
  const holder = outermost(awaited).parent;
  const pattern = holder?.type === 'VariableDeclarator' && holder.init === outermost(awaited) ? holder.id : null;
  if (pattern?.type !== 'ArrayPattern') return false;
  const index = array.elements.indexOf(element as TSESTree.Expression);
  if (pattern.elements.some((item, at) => at <= index && item?.type === 'RestElement')) return false;
  const target = pattern.elements[index];
  if (!target) return true; // a hole: the answer is dropped
  if (target.type === 'ObjectPattern') return takesNoRows(target);
  if (target.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, target);
  const reads = (variable?.references ?? []).filter((reference) => reference.isRead());
  return reads.length > 0 && reads.every((reference) => isRowlessMember(reference.identifier));
}

/**
 * Whether every execution of the request (awaited, `.then()`-ed, or awaited
 * in `Promise.all` into an array pattern) uses the response only for
 * properties other than `data`. A request returned or handed on may have its
 * rows read elsewhere: not count-only.
 */
export function rowsUnread(ctx: AnalysisContext, use: QueryUse): boolean {
  const executions = use.executions.filter((execution) => execution.kind !== 'paginated');
  if (executions.length === 0 || use.escapes) return false;
  return executions.every((execution) => {
    if (execution.kind === 'then') return thenCallbackRowsUnread(ctx, execution.node);
    if (execution.kind === 'promise-combinator') return combinedRowsUnread(ctx, execution.node);
    if (execution.kind !== 'await') return false;
    const awaited = execution.node.parent;
    return awaited?.type === 'AwaitExpression' && resultRowsUnread(ctx, awaited);
  });
}

/** `.single()` / `.maybeSingle()` in the request: at most one row is sent anyway, and `head` would change the answer. */
function isSingleRow(use: QueryUse): boolean {
  return use.links.some((link) => link.name === 'single' || link.name === 'maybeSingle');
}

/**
 * A read that asks for `count`, is not a HEAD request, and whose rows are
 * never looked at: every row is downloaded only to be counted. Returns the
 * count option to fix, or null.
 */
export function countOnlyRead(ctx: AnalysisContext, use: QueryUse): CountOption | null {
  if (use.root.kind !== 'select') return null;
  const option = countWithRows(use.root.start);
  if (!option || isSingleRow(use)) return null;
  return rowsUnread(ctx, use) ? option : null;
}
