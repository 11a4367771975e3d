/**
 * A request (or a call that sends one) that runs in a loop only when
 * something failed: inside a `catch` clause, or a branch taken only when a
 * Supabase response carries an error (`if (error)`, `if (res.error)`, with
 * `error` taken from a response's `{ error }`). Error telemetry and fallbacks
 * on the failure path run per item only when every item fails: that is not the
 * loop's cost, and no batched form of it is what the rule could ask for.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, isNoValue, LOOPS, memberName, type Node, unwrap } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { resolveIdentifier } from '../scope.js';

/** `error`, `res.error`, `error !== null`, `!!error`: true only when a response carries an error. */
function testsError(ctx: AnalysisContext, test: Node): boolean {
  const inner = unwrap(test);
  if (inner.type === 'UnaryExpression' && inner.operator === '!') {
    const operand = unwrap(inner.argument);
    return operand.type === 'UnaryExpression' && operand.operator === '!' && testsError(ctx, operand.argument);
  }
  if (inner.type === 'BinaryExpression' && (inner.operator === '!==' || inner.operator === '!=')) {
    return isNoValue(inner.right) && testsError(ctx, inner.left);
  }
  if (inner.type === 'MemberExpression') return memberName(inner) === 'error';
  if (inner.type !== 'Identifier') return false;
  // `const { data, error } = await ...`, `const { error: saveError } = ...`: a response's error
  const def = resolveIdentifier(ctx, inner)?.defs[0];
  const property = def?.name.parent;
  return property?.type === 'Property' && property.parent.type === 'ObjectPattern' && memberKey(property) === 'error';
}

/** `!error`, `!res.error`, `error === null`: true only when a response carries no error. */
function testsNoError(ctx: AnalysisContext, test: Node): boolean {
  const inner = unwrap(test);
  if (inner.type === 'UnaryExpression' && inner.operator === '!') return testsError(ctx, inner.argument);
  if (inner.type === 'BinaryExpression' && (inner.operator === '===' || inner.operator === '==')) {
    return isNoValue(inner.right) && testsError(ctx, inner.left);
  }
  return false;
}

function memberKey(property: TSESTree.Property): string | null {
  if (property.computed) return null;
  return property.key.type === 'Identifier' ? property.key.name : null;
}

/** Whether `node` runs, within `loop`, only on a failure path (see above). */
export function onlyOnFailure(ctx: AnalysisContext, node: Node, loop: Node): boolean {
  let child: Node = node;
  for (let current = node.parent; current && current !== loop; child = current, current = current.parent) {
    if (current.type === 'CatchClause' && current.body === child) return true;
    if (current.type === 'IfStatement' && current.consequent === child && testsError(ctx, current.test)) return true;
    // `if (!res.error) ok++; else report(...)`: the `else` of a test that there is no error
    if (current.type === 'IfStatement' && current.alternate === child && testsNoError(ctx, current.test)) return true;
    if (current.type === 'LogicalExpression' && current.operator === '&&' && current.right === child)
      if (testsError(ctx, current.left)) return true;
  }
  return false;
}

/** `return`, `throw`, and a `break` that leaves `loop` itself (no `switch` or loop between): the loop is left. */
function leaves(statement: Node, breaksLoop: boolean): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  return statement.type === 'BreakStatement' && statement.label === null && breaksLoop;
}

/**
 * Whether, once `node` has run, the loop is always left before its next
 * iteration: a statement after it in its own block (or in a block around it,
 * inside the loop) returns, throws or breaks out of the loop
 * (`for (const doc of docs) { if (doc.ready) { await update(doc); return; } }`).
 * Such a request runs at most once per run of the loop, not once per item.
 */
export function leavesAfter(node: Node, loop: Node): boolean {
  // a callback run per item (`items.forEach(async (item) => { ...; return; })`): its `return` leaves only the callback
  for (let current = node.parent; current && current !== loop; current = current.parent) {
    if (isFunction(current)) return false;
  }
  let child: Node = node;
  let breaksLoop = true;
  for (let current = node.parent; current && current !== loop; child = current, current = current.parent) {
    if (current.type === 'SwitchStatement' || (LOOPS.has(current.type) && current !== loop)) breaksLoop = false;
    if (current.type !== 'BlockStatement') continue;
    const index = current.body.indexOf(child as TSESTree.Statement);
    if (index >= 0 && current.body.slice(index + 1).some((statement) => leaves(statement, breaksLoop))) return true;
  }
  return false;
}
