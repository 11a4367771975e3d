/**
 * Requests a function sends only on first use (facts.ts FirstUse): the parts
 * of its body that run only while a cache is empty, and fill it.
 *
 * - A memo: a variable declared outside the function (in the module, or in a
 *   function around it), tested for empty and filled on the path that sends:
 *   `if (keys === null) keys = await load()`, `if (!v) { v = await load() }`,
 *   `v ??= await load()`, `if (v) return v; v = await load()`.
 * - A get-or-create through a local store: `const v = await
 *   SecureStore.getItemAsync(k)` (AsyncStorage, localStorage, sessionStorage,
 *   or the `get` of a `new Map()` declared outside the function, which is a
 *   memo), an early return when found (or the rest under `if (!v)`), and the
 *   same store written under the same key on the other path. So is `if
 *   (cache.has(k)) return cache.get(k)` (or `if (cache.get(k)) return ...`)
 *   with `cache.set(k, ...)` after it.
 *
 * The fill must be a statement of the guarded part itself (not under another
 * condition), and, after an early return, come before any other return: a
 * cache filled only sometimes does not keep the request from the next call.
 * A test that asks more than emptiness (`!v || expired`, `v.userId !== id`)
 * is no memo here. The key of a store (or a Map) is followed to the function's
 * parameters it is made from (keyParams): a key that reads anything that may
 * change from call to call makes no first use.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  asMethodCall,
  childNodes,
  enclosingFunction,
  type FunctionNode,
  isFunction,
  memberName,
  type Node,
  unwrap,
} from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { resolveIdentifier, type Variable } from '../scope.js';
import type { FirstUse } from './facts.js';

/** Stores kept on the device across runs: read with `getItem`/`getItemAsync`, written with `setItem`/`setItemAsync`. */
const DEVICE_STORES: ReadonlySet<string> = new Set(['SecureStore', 'AsyncStorage', 'localStorage', 'sessionStorage']);
const STORE_READS: ReadonlySet<string> = new Set(['getItem', 'getItemAsync']);
const STORE_WRITES: ReadonlySet<string> = new Set(['setItem', 'setItemAsync']);

/** Calls whose value changes from call to call: a key made with one is never found again. */
const FRESH_VALUES = /\b(?:Date|now|random|randomUUID|uuid|uuidv4|v4|nanoid|cuid|createId)\b/;

/** How deep a key is followed through constants. */
const MAX_DEPTH = 4;

/** A part of a function (a source range) that runs only while a cache is empty, and what that cache is. */
export interface FirstUseRegion {
  from: number;
  to: number;
  firstUse: FirstUse;
}

/**
 * The key of the function whose run a declaration belongs to (the nearest
 * keyed function around it, through callbacks run at once), or null when no
 * keyed function owns it.
 */
export type DeclarationOwner = (declaration: Node) => string | null;

/** A cache the guard tests: a memo's variable, a Map declared outside, or a device store. */
interface Cache {
  /** What the test and the fill must name: the variable, or the store's receiver text. */
  variable: Variable | null;
  receiver: string | null;
  /** The key a Map or a store is read with. */
  key: Node | null;
  firstUse: FirstUse;
}

/** The parts of `fn` sent only on first use, outermost first. */
export function firstUseRegions(ctx: AnalysisContext, fn: FunctionNode, owner: DeclarationOwner): FirstUseRegion[] {
  if (fn.body.type !== 'BlockStatement') return [];
  const found: FirstUseRegion[] = [];
  const stack: Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunction(node)) continue;
    if (node.type === 'BlockStatement') found.push(...blockRegions(ctx, fn, node, owner));
    else if (node.type === 'IfStatement' && !isBlock(node.parent)) found.push(...ifRegions(ctx, fn, node, [], owner));
    else if (node.type === 'AssignmentExpression') {
      const region = nullishAssignment(ctx, fn, node, owner);
      if (region) found.push(region);
    }
    stack.push(...childNodes(node));
  }
  return found;
}

function isBlock(node: Node | undefined): node is TSESTree.BlockStatement {
  return node?.type === 'BlockStatement';
}

/** The regions a block's statements open: a guard on a memo or a Map, and a store read followed by its guard. */
function blockRegions(
  ctx: AnalysisContext,
  fn: FunctionNode,
  block: TSESTree.BlockStatement,
  owner: DeclarationOwner,
): FirstUseRegion[] {
  const found: FirstUseRegion[] = [];
  block.body.forEach((statement, index) => {
    const rest = block.body.slice(index + 1);
    if (statement.type === 'IfStatement') found.push(...ifRegions(ctx, fn, statement, rest, owner));
    if (statement.type !== 'VariableDeclaration' || statement.declarations.length !== 1) return;
    const read = storeRead(ctx, fn, statement.declarations[0], owner);
    if (!read) return;
    // the first test of the value read: what it guards is what the store keeps from running again
    const guard = rest.findIndex((next) => next.type === 'IfStatement' && emptiness(ctx, next.test, read.variable));
    if (guard < 0) return;
    const test = rest[guard] as TSESTree.IfStatement;
    const cache: Cache = { ...read.cache, variable: null };
    const region = guarded(ctx, fn, test, emptiness(ctx, test.test, read.variable)!, rest.slice(guard + 1), cache);
    if (region) found.push(region);
  });
  return found;
}

/** `const v = await SecureStore.getItemAsync(k)`, `const v = cache.get(k)`: the store, its key, the variable. */
function storeRead(
  ctx: AnalysisContext,
  fn: FunctionNode,
  declarator: TSESTree.VariableDeclarator,
  owner: DeclarationOwner,
): { variable: Variable; cache: Cache } | null {
  if (declarator.id.type !== 'Identifier' || !declarator.init) return null;
  let init = unwrap(declarator.init);
  if (init.type === 'AwaitExpression') init = unwrap(init.argument);
  const method = init.type === 'CallExpression' ? asMethodCall(init) : null;
  const key = method?.call.arguments[0];
  const variable = resolveIdentifier(ctx, declarator.id);
  if (!method || method.call !== init || !key || key.type === 'SpreadElement' || !variable) return null;
  const receiver = unwrap(method.object);
  const receiverName =
    receiver.type === 'Identifier' ? receiver.name : receiver.type === 'MemberExpression' ? memberName(receiver) : null;
  const params = keyParams(ctx, key, fn);
  if (params === null || receiverName === null) return null;
  const receiverText = ctx.text.slice(receiver.range[0], receiver.range[1]).replace(/\s+/g, '');
  if (DEVICE_STORES.has(receiverName) && STORE_READS.has(method.name)) {
    return { variable, cache: { variable: null, receiver: receiverText, key, firstUse: { kind: 'store', params } } };
  }
  if (method.name !== 'get' || receiver.type !== 'Identifier') return null;
  const map = outsideMap(ctx, fn, receiver, owner);
  return map ? { variable, cache: { ...map, key, firstUse: { ...map.firstUse, params } } } : null;
}

/** A `new Map()` held by a constant declared outside `fn`: a memo keyed by what `get` is given. */
function outsideMap(
  ctx: AnalysisContext,
  fn: FunctionNode,
  id: TSESTree.Identifier,
  owner: DeclarationOwner,
): Cache | null {
  const variable = resolveIdentifier(ctx, id);
  const def = variable?.defs.length === 1 ? variable.defs[0]! : null;
  if (!variable || def?.type !== 'Variable' || !def.node.init) return null;
  const init = unwrap(def.node.init);
  if (init.type !== 'NewExpression' || unwrap(init.callee).type !== 'Identifier') return null;
  if ((unwrap(init.callee) as TSESTree.Identifier).name !== 'Map') return null;
  const memo = outsideMemo(fn, variable, owner);
  return memo ? { variable, receiver: id.name, key: null, firstUse: memo } : null;
}

/**
 * A memo's FirstUse for a variable declared outside `fn` (once, in the module
 * or in a function around `fn` whose run has a key); null for a local of `fn`
 * (empty at every call) or a variable declared more than once.
 */
function outsideMemo(fn: FunctionNode, variable: Variable, owner: DeclarationOwner): FirstUse | null {
  if (variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type !== 'Variable' || within(def.name, fn)) return null;
  const at = { line: def.name.loc.start.line, column: def.name.loc.start.column };
  if (enclosingFunction(def.name) === null) return { kind: 'memo', params: [], at };
  const key = owner(def.name);
  return key === null ? null : { kind: 'memo', params: [], at, owner: key };
}

function within(node: Node, outer: Node): boolean {
  return outer.range[0] <= node.range[0] && node.range[1] <= outer.range[1];
}

/**
 * What a test asks of a cache: `empty` for `!v`, `v === null`, `v == null`,
 * `v === undefined`, `!cache.has(k)`, `!cache.get(k)`; `full` for `v`, `v !== null`,
 * `v != null`, `v !== undefined`, `cache.has(k)`, `cache.get(k)`. `variable` is the one it must test (a
 * store's value), or any memo variable or Map when absent. Null for anything else.
 */
function emptiness(
  ctx: AnalysisContext,
  test: Node,
  variable?: Variable,
): { state: 'empty' | 'full'; subject: TSESTree.Identifier; key: Node | null } | null {
  let inner = unwrap(test);
  let negated = false;
  if (inner.type === 'UnaryExpression' && inner.operator === '!') {
    negated = true;
    inner = unwrap(inner.argument);
  }
  let subject: Node | null = null;
  let key: Node | null = null;
  let empty = false;
  if (inner.type === 'Identifier') subject = inner;
  else if (inner.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(inner.operator)) {
    const [left, right] = [unwrap(inner.left), unwrap(inner.right)];
    const nullish = (node: Node) =>
      (node.type === 'Literal' && node.value === null) || (node.type === 'Identifier' && node.name === 'undefined');
    subject = nullish(right) ? left : nullish(left) ? right : null;
    empty = inner.operator.startsWith('=');
  } else if (inner.type === 'CallExpression' && !variable) {
    // cache.has(k), cache.get(k) (an entry filled with a falsy value is empty: so is a memo variable)
    const method = asMethodCall(inner);
    const argument = inner.arguments[0];
    if (
      method?.call === inner &&
      (method.name === 'has' || method.name === 'get') &&
      argument &&
      argument.type !== 'SpreadElement'
    ) {
      subject = unwrap(method.object);
      key = argument;
    }
  }
  if (subject?.type !== 'Identifier') return null;
  if (variable && resolveIdentifier(ctx, subject) !== variable) return null;
  return { state: empty !== negated ? 'empty' : 'full', subject, key };
}

/**
 * An `if` on a memo's variable or a Map declared outside `fn`: the part it
 * guards when the memo is filled there (`rest`: the statements after it in its
 * block, for an early return).
 */
function ifRegions(
  ctx: AnalysisContext,
  fn: FunctionNode,
  statement: TSESTree.IfStatement,
  rest: readonly Node[],
  owner: DeclarationOwner,
): FirstUseRegion[] {
  const test = emptiness(ctx, statement.test);
  const variable = test && resolveIdentifier(ctx, test.subject);
  if (!test || !variable) return [];
  let cache: Cache | null = null;
  if (test.key) {
    const map = outsideMap(ctx, fn, test.subject, owner);
    const params = map && keyParams(ctx, test.key, fn);
    if (map && params) cache = { ...map, key: test.key, firstUse: { ...map.firstUse, params } };
  } else {
    const def = variable.defs[0];
    const memo = def?.type === 'Variable' && def.parent.kind !== 'const' ? outsideMemo(fn, variable, owner) : null;
    if (memo) cache = { variable, receiver: null, key: null, firstUse: memo };
  }
  const region = cache && guarded(ctx, fn, statement, test, rest, cache);
  return region ? [region] : [];
}

/**
 * The part of `statement` that runs only while the cache is empty, and fills
 * it: its consequent when the test asks for empty, or the statements after
 * it when the test asks for full and the consequent leaves the function.
 */
function guarded(
  ctx: AnalysisContext,
  fn: FunctionNode,
  statement: TSESTree.IfStatement,
  test: { state: 'empty' | 'full' },
  rest: readonly Node[],
  cache: Cache,
): FirstUseRegion | null {
  if (test.state === 'empty') {
    const body = statement.consequent.type === 'BlockStatement' ? statement.consequent.body : [statement.consequent];
    const fill = body.find((node) => fills(ctx, node, cache));
    if (!fill || emptiedIn(ctx, fn, cache, fill)) return null;
    return { from: statement.consequent.range[0], to: statement.consequent.range[1], firstUse: cache.firstUse };
  }
  if (statement.alternate || !leaves(statement.consequent) || rest.length === 0) return null;
  const fill = rest.findIndex((node) => fills(ctx, node, cache));
  if (fill < 0 || rest.slice(0, fill).some(returnsIn) || emptiedIn(ctx, fn, cache, rest[fill]!)) return null;
  return { from: rest[0]!.range[0], to: rest[rest.length - 1]!.range[1], firstUse: cache.firstUse };
}

/** The name a fill assigns: `v` of `v = ...`, `await (v = ...)`, `v ??= ...`. */
function assignedName(fill: Node): Node | null {
  let expression = fill.type === 'ExpressionStatement' ? unwrap(fill.expression) : fill;
  if (expression.type === 'AwaitExpression') expression = unwrap(expression.argument);
  return expression.type === 'AssignmentExpression' ? expression.left : null;
}

/** Methods that empty a Map or a store (the key, or all of it). */
const EMPTIES: ReadonlySet<string> = new Set(['delete', 'clear', 'removeItem', 'deleteItemAsync', 'multiRemove']);

/**
 * Whether `fn` empties the cache again, besides the fill: another write of the
 * memo's variable (`busy = false` after the request, `.finally(() => { p =
 * null })`: a lock or an in-flight guard, not a memo), or a `delete`/`clear`/
 * `removeItem` on the Map or the store.
 */
function emptiedIn(ctx: AnalysisContext, fn: FunctionNode, cache: Cache, fill: Node): boolean {
  if (cache.key === null) {
    const filled = assignedName(fill);
    return (cache.variable?.references ?? []).some(
      (reference) => reference.isWrite() && within(reference.identifier, fn) && reference.identifier !== filled,
    );
  }
  const stack: Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const method = node.type === 'CallExpression' ? asMethodCall(node) : null;
    if (method?.call === node && EMPTIES.has(method.name)) {
      const receiver = unwrap(method.object);
      if (ctx.text.slice(receiver.range[0], receiver.range[1]).replace(/\s+/g, '') === cache.receiver) return true;
    }
    stack.push(...childNodes(node));
  }
  return false;
}

/** Whether a statement always leaves the function: a return or a throw, or a block that ends with one. */
function leaves(statement: Node): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  if (statement.type !== 'BlockStatement') return false;
  const last = statement.body[statement.body.length - 1];
  return last !== undefined && leaves(last);
}

/** Whether a statement holds a return of its function (not of a function inside it). */
function returnsIn(statement: Node): boolean {
  const stack: Node[] = [statement];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'ReturnStatement') return true;
    if (!isFunction(node)) stack.push(...childNodes(node));
  }
  return false;
}

/**
 * Whether a statement fills the cache: `v = ...` for a memo's variable,
 * `cache.set(k, ...)` for a Map, `Store.setItem(k, ...)` for a store, the same
 * key as it is read with (awaited or not).
 */
function fills(ctx: AnalysisContext, statement: Node, cache: Cache): boolean {
  if (statement.type !== 'ExpressionStatement') return false;
  let expression = unwrap(statement.expression);
  if (expression.type === 'AwaitExpression') expression = unwrap(expression.argument);
  if (cache.key === null) {
    return (
      expression.type === 'AssignmentExpression' &&
      expression.operator === '=' &&
      expression.left.type === 'Identifier' &&
      resolveIdentifier(ctx, expression.left) === cache.variable
    );
  }
  const method = expression.type === 'CallExpression' ? asMethodCall(expression) : null;
  if (!method || method.call !== expression) return false;
  const written = method.call.arguments[0];
  const receiver = unwrap(method.object);
  const receiverText = ctx.text.slice(receiver.range[0], receiver.range[1]).replace(/\s+/g, '');
  const writes = cache.firstUse.kind === 'store' ? STORE_WRITES.has(method.name) : method.name === 'set';
  return writes && receiverText === cache.receiver && !!written && sameKey(ctx, written, cache.key);
}

/** The same key: the same variable, or the same text. */
function sameKey(ctx: AnalysisContext, a: Node, b: Node): boolean {
  const [left, right] = [unwrap(a), unwrap(b)];
  if (left.type === 'Identifier' && right.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, left);
    return variable !== null ? variable === resolveIdentifier(ctx, right) : left.name === right.name;
  }
  const text = (node: Node) => ctx.text.slice(node.range[0], node.range[1]).replace(/\s+/g, '');
  return text(left) === text(right);
}

/** `v ??= await load()`, `v ||= await load()` on a memo's variable: the right side runs only while it is empty. */
function nullishAssignment(
  ctx: AnalysisContext,
  fn: FunctionNode,
  node: TSESTree.AssignmentExpression,
  owner: DeclarationOwner,
): FirstUseRegion | null {
  if ((node.operator !== '??=' && node.operator !== '||=') || node.left.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, node.left);
  const memo = variable && outsideMemo(fn, variable, owner);
  if (!memo || emptiedIn(ctx, fn, { variable, receiver: null, key: null, firstUse: memo }, node)) return null;
  return { from: node.right.range[0], to: node.right.range[1], firstUse: memo };
}

/**
 * The parameters of `fn` a value is made from (by index), through constants,
 * members, templates, operators and calls of what is not a parameter: none for
 * a constant. Null when it reads what may change from call to call: a `let`,
 * a loop's variable, a parameter of another function (a callback's), a
 * parameter with a default or written to, `this`, an `await`, a call that
 * gives a new value each time (`Date.now()`, `uuid()`).
 */
export function keyParams(ctx: AnalysisContext, value: Node, fn: FunctionNode, depth = 0): number[] | null {
  const all = (nodes: readonly Node[]): number[] | null => {
    const found = new Set<number>();
    for (const node of nodes) {
      const params = keyParams(ctx, node, fn, depth);
      if (params === null) return null;
      for (const index of params) found.add(index);
    }
    return [...found].sort((a, b) => a - b);
  };
  const inner = unwrap(value);
  switch (inner.type) {
    case 'Literal':
      return [];
    case 'TemplateLiteral':
      return all(inner.expressions);
    case 'BinaryExpression':
      return inner.left.type === 'PrivateIdentifier' ? null : all([inner.left, inner.right]);
    case 'LogicalExpression':
      return all([inner.left, inner.right]);
    case 'ConditionalExpression':
      return all([inner.test, inner.consequent, inner.alternate]);
    case 'UnaryExpression':
      return inner.operator === 'delete' ? null : all([inner.argument]);
    case 'ChainExpression':
      return all([inner.expression]);
    case 'MemberExpression':
      return all(inner.computed ? [inner.object, inner.property] : [inner.object]);
    case 'CallExpression':
      return calledKey(ctx, inner, all);
    case 'Identifier':
      return identifierParams(ctx, inner, fn, depth);
    default:
      return null;
  }
}

/** A call in a key: what its callee's object and its arguments read, unless it gives a new value each time. */
function calledKey(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  all: (nodes: readonly Node[]) => number[] | null,
): number[] | null {
  if (FRESH_VALUES.test(ctx.text.slice(call.callee.range[0], call.callee.range[1]))) return null;
  if (call.arguments.some((argument) => argument.type === 'SpreadElement')) return null;
  const callee = unwrap(call.callee);
  // a function held by a parameter or a `let` may be another one at each call
  const named = callee.type === 'MemberExpression' ? [callee.object] : [callee];
  return all([...named, ...call.arguments]);
}

function identifierParams(
  ctx: AnalysisContext,
  id: TSESTree.Identifier,
  fn: FunctionNode,
  depth: number,
): number[] | null {
  if (id.name === 'undefined') return [];
  const variable = resolveIdentifier(ctx, id);
  // a global (`process.env.KEY`, `String`)
  if (!variable) return [];
  if (variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  switch (def.type) {
    case 'ImportBinding':
    case 'FunctionName':
    case 'ClassName':
      return [];
    case 'Parameter': {
      if (def.node !== fn || variable.references.some((reference) => reference.isWrite())) return null;
      const index = fn.params.findIndex((param) => within(def.name, param));
      return index >= 0 && fn.params[index]!.type !== 'AssignmentPattern' ? [index] : null;
    }
    case 'Variable':
      if (def.parent.kind !== 'const' || !def.node.init || depth >= MAX_DEPTH) return null;
      return keyParams(ctx, def.node.init, fn, depth + 1);
    default:
      return null;
  }
}
