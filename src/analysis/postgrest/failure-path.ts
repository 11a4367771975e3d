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
  for (let current = node.parent; current && current !== loop; child = current, current = current.parent) {
    if (current.type !== 'BlockStatement') continue;
    const index = current.body.indexOf(child as TSESTree.Statement);
    const breaksLoop = breaksOut(current, loop);
    if (index >= 0 && current.body.slice(index + 1).some((statement) => leaves(statement, breaksLoop))) return true;
  }
  return false;
}

/**
 * Whether a `break` in `block` leaves `loop`: no loop or `switch` lies
 * between them (`for (const tx of txs) { …; break; }` inside `loop` leaves
 * only the inner loop).
 */
function breaksOut(block: Node, loop: Node): boolean {
  for (let around = block.parent; around && around !== loop; around = around.parent)
    if (around.type === 'SwitchStatement' || LOOPS.has(around.type)) return false;
  return true;
}

/** The bindings a response is destructured into (`{ data, error }`), or the variable that holds it whole. */
function responseBindings(
  ctx: AnalysisContext,
  declarator: TSESTree.VariableDeclarator,
): { data: Set<unknown>; whole: Set<unknown> } {
  const data = new Set<unknown>();
  const whole = new Set<unknown>();
  if (declarator.id.type === 'Identifier') whole.add(resolveIdentifier(ctx, declarator.id));
  if (declarator.id.type === 'ObjectPattern') {
    for (const property of declarator.id.properties) {
      if (property.type !== 'Property' || memberKey(property) !== 'data') continue;
      const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
      if (value.type === 'Identifier') data.add(resolveIdentifier(ctx, value));
    }
  }
  return { data, whole };
}

/** `data`, `data?.id`, `res.data`, `!error`, `res.error === null`: a term true only when the request succeeded. */
function testsSuccess(ctx: AnalysisContext, term: Node, bindings: ReturnType<typeof responseBindings>): boolean {
  if (testsNoError(ctx, term)) return true;
  let inner = unwrap(term);
  while (inner.type === 'MemberExpression') {
    const object = unwrap(inner.object);
    if (
      object.type === 'Identifier' &&
      memberName(inner) === 'data' &&
      bindings.whole.has(resolveIdentifier(ctx, object))
    )
      return true;
    inner = object;
  }
  return inner.type === 'Identifier' && bindings.data.has(resolveIdentifier(ctx, inner));
}

/** The terms of an `&&` chain (`a && b && c`), or the test itself. */
function conjuncts(test: Node): Node[] {
  const inner = unwrap(test);
  return inner.type === 'LogicalExpression' && inner.operator === '&&'
    ? [...conjuncts(inner.left), ...conjuncts(inner.right)]
    : [inner];
}

/**
 * Whether the loop stops at the first request that succeeds: the request is
 * awaited into a response (`const { data, error } = await claim(c)`) and a
 * later statement of the same block is `if (<success>) { …; break; }` (or
 * `return`; not `throw`, which a check on the row found does), its test an `&&` of terms one of which holds only on success
 * (`data`, `!error`, `res.data`). A claim loop, a first-match search: the
 * next item is tried only when this request failed, so it is not sent per
 * item but until one succeeds.
 */
export function leavesOnSuccess(ctx: AnalysisContext, node: Node, loop: Node): boolean {
  let statement: Node = node;
  for (let up = node.parent; up && up !== loop; statement = up, up = up.parent) {
    if (isFunction(up)) return false;
    if (up.type !== 'BlockStatement') continue;
    if (statement.type !== 'VariableDeclaration') return false;
    const declarator = statement.declarations.find(
      (d) => d.init && d.init.range[0] <= node.range[0] && node.range[1] <= d.init.range[1],
    );
    if (!declarator) return false;
    const bindings = responseBindings(ctx, declarator);
    const breaksLoop = breaksOut(up, loop);
    const after = up.body.slice(up.body.indexOf(statement) + 1);
    return after.some((next) => {
      if (next.type !== 'IfStatement' || !conjuncts(next.test).some((term) => testsSuccess(ctx, term, bindings)))
        return false;
      const consequent = next.consequent;
      const last = consequent.type === 'BlockStatement' ? consequent.body.at(-1) : consequent;
      // a `throw` on a found row is a check that fails the run (`if (row && qty > row.stock) throw …`), not a match
      return last !== undefined && last.type !== 'ThrowStatement' && leaves(last, breaksLoop);
    });
  }
  return false;
}
