/**
 * Requests on a table a loop's binding names (`from(table)`), and what the
 * loops around them make of it:
 *
 * - the table comes from a written-out list walked inside the per-item loop
 *   (`for (const company of companies) for (const table of TABLES)`): the
 *   request is per item of the outer loop and per table of the list, not on
 *   a table the item names (tableOrigin 'list');
 * - the table is a key of a map or an object the loop walks
 *   (`for (const [table, rows] of byTable)` over a `Map`, `Object.entries`,
 *   `.entries()`, `for...in`): each iteration names another table, so the
 *   loop sends one request (or one call) per table, the form the rule
 *   advises (walksDistinctKeys);
 * - the rows go in chunks (`for (let i = 0; i < rows.length; i += 500)`)
 *   inside the loop over tables: an insert of a chunk per table is already
 *   batched (chunkedWithin).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall, childNodes, isFunction, keyName, LOOPS, memberName, type Node, unwrap, within } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { constantInit, resolveIdentifier, type Variable } from '../scope.js';
import { stepsByChunk } from '../per-item.js';
import { leavesAfter } from './failure-path.js';

/** The loops between `node` and `loop` whose body holds `node` (the loops per-item.ts did not take as per item). */
function loopsBetween(node: Node, loop: Node): Node[] {
  const loops: Node[] = [];
  let child = node;
  for (let current = node.parent; current && current !== loop; child = current, current = current.parent) {
    if (LOOPS.has(current.type) && 'body' in current && current.body === child) loops.push(current);
  }
  return loops;
}

/** The variables `value` reads (not through a function written in it). */
function readVariables(ctx: AnalysisContext, value: Node): Variable[] {
  const found: Variable[] = [];
  const stack: Node[] = [value];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunction(node)) continue;
    if (node.type === 'Identifier') {
      const variable = resolveIdentifier(ctx, node);
      if (variable) found.push(variable);
    }
    stack.push(...childNodes(node));
  }
  return found;
}

/**
 * Where the table a request names comes from, for a request `node` sent per
 * item of `loop`: 'item' when it reads a binding of that loop (its item, a
 * local of its body), 'list' when it reads only the variables of written-out
 * lists walked inside it (`for (const table of TABLES)`), null otherwise.
 */
export function tableOrigin(
  ctx: AnalysisContext,
  table: Node | undefined,
  node: Node,
  loop: Node,
): 'item' | 'list' | null {
  if (!table || table.type === 'SpreadElement') return null;
  const inner = loopsBetween(node, loop).filter(
    (candidate) => candidate.type === 'ForOfStatement' || candidate.type === 'ForInStatement',
  );
  let listed = false;
  for (const variable of readVariables(ctx, table)) {
    const def = variable.defs[0];
    if (!def || !within(def.name, loop)) continue;
    const head = inner.find((candidate) => 'left' in candidate && within(def.name, candidate.left));
    if (!head) return 'item';
    listed = true;
  }
  return listed ? 'list' : null;
}

/**
 * Whether `node` runs in a `for...of` / `for...in` between it and the
 * per-item `loop` (a written-out or short list the rule does not take as
 * per item): it runs once per entry of that list for every item. Not one it
 * always leaves after it ran (failure-path.ts leavesAfter: `…; break;`), which
 * runs it once at most.
 */
export function inListLoopWithin(node: Node, loop: Node): boolean {
  return loopsBetween(node, loop).some(
    (candidate) =>
      (candidate.type === 'ForOfStatement' || candidate.type === 'ForInStatement') && !leavesAfter(node, candidate),
  );
}

/** `insert(chunk)` inside `for (let i = 0; i < rows.length; i += SIZE)` within the loop: the rows go in chunks. */
export function chunkedWithin(node: Node, loop: Node): boolean {
  return loopsBetween(node, loop).some(
    (candidate) => candidate.type === 'ForStatement' && stepsByChunk(candidate.update),
  );
}

/** A `Map` made here: `new Map(...)`, a `const` holding one, or a call of a function of the file that returns one. */
function isMap(ctx: AnalysisContext, node: Node, depth = 0): boolean {
  if (depth > 3) return false;
  const inner = unwrap(node);
  if (inner.type === 'NewExpression') return inner.callee.type === 'Identifier' && inner.callee.name === 'Map';
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    const init = variable ? constantInit(variable) : null;
    return init !== null && isMap(ctx, init, depth + 1);
  }
  if (inner.type === 'CallExpression') {
    const fn = calledFunction(ctx, inner);
    return fn !== null && returnsMap(ctx, fn, depth + 1);
  }
  return false;
}

/** The function of this file a call calls: `f()` declared here, or `this.m()` a method of the class around it. */
function calledFunction(ctx: AnalysisContext, call: TSESTree.CallExpression): Node | null {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') {
    const def = resolveIdentifier(ctx, callee)?.defs[0];
    return def?.type === 'FunctionName' ? def.node : null;
  }
  if (callee.type !== 'MemberExpression' || unwrap(callee.object).type !== 'ThisExpression') return null;
  const name = memberName(callee);
  let body: Node | undefined = call.parent;
  while (body && body.type !== 'ClassBody') body = body.parent;
  if (body?.type !== 'ClassBody' || name === null) return null;
  const method = body.body.find(
    (member) => member.type === 'MethodDefinition' && keyName(member.key, member.computed) === name,
  );
  return method?.type === 'MethodDefinition' ? method.value : null;
}

/** Every `return` of the function gives a `Map` made in it. */
function returnsMap(ctx: AnalysisContext, fn: Node, depth: number): boolean {
  if (!isFunction(fn) || fn.body.type !== 'BlockStatement') return false;
  const returns: TSESTree.ReturnStatement[] = [];
  const stack: Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunction(node)) continue;
    if (node.type === 'ReturnStatement') returns.push(node);
    stack.push(...childNodes(node));
  }
  return returns.length > 0 && returns.every((ret) => ret.argument !== null && isMap(ctx, ret.argument, depth));
}

/** `Object.entries(x)`, `Object.keys(x)`, `x.entries()`, `x.keys()`: pairs (or keys) whose keys differ. */
function keyedCall(node: Node, pairs: boolean): boolean {
  const call = asMethodCall(unwrap(node));
  if (!call) return false;
  const object = unwrap(call.object);
  const isObject = object.type === 'Identifier' && object.name === 'Object';
  if (pairs) return call.name === 'entries';
  return call.name === 'keys' && (isObject || call.call.arguments.length === 0);
}

/**
 * Whether every value of `table` is the key the loop walks, so no two
 * iterations name the same table: `for (const key in obj)`, `for (const key
 * of Object.keys(obj))`, `for (const [key, value] of x.entries())` /
 * `Object.entries(obj)` / a `Map` made in the file.
 */
export function walksDistinctKeys(ctx: AnalysisContext, table: Node | undefined, loop: Node): boolean {
  const inner = table && unwrap(table);
  if (inner?.type !== 'Identifier') return false;
  const def = resolveIdentifier(ctx, inner)?.defs[0];
  if (!def) return false;
  if (loop.type === 'ForInStatement') return within(def.name, loop.left);
  if (loop.type !== 'ForOfStatement') return false;
  const left = loop.left.type === 'VariableDeclaration' ? loop.left.declarations[0].id : loop.left;
  if (left.type === 'Identifier') return left === def.name && keyedCall(loop.right, false);
  if (left.type !== 'ArrayPattern' || left.elements[0] !== def.name) return false;
  return keyedCall(loop.right, true) || isMap(ctx, loop.right);
}
