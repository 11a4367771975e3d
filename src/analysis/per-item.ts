/**
 * Loops and callbacks that run code once per item of a collection: a
 * `for...of`/`for...in` over a list (not a written-out list, not batches), a
 * `for`/`while` over its length, a `.forEach` callback, a `.map` whose
 * promises go to `Promise.all`, and React Query's `useQueries` list (a query
 * per item; a prefetch runs its `queryFn` where the prefetch is). What
 * no-query-in-loop reports and the function facts' per-item requests share.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  asMethodCall,
  childNodes,
  type FunctionNode,
  isFunction,
  isPromiseCombinator,
  keyName,
  LOOPS,
  memberName,
  type Node,
  outermost,
  staticString,
  unwrap,
} from './ast.js';
import { constantInit, resolveIdentifier, type Variable } from './scope.js';
import type { AnalysisContext } from './detector.js';
import { isCappedList, type RowKeys } from './postgrest/capped-list.js';
import { isChangedInPlace, isFixedKeyState, possibleValues, propertyValue } from './postgrest/list-values.js';

export type LoopKind = 'for-of' | 'for-in' | 'for' | 'while' | 'forEach' | 'map' | 'queries';

/** What the caller knows beyond this file: whether an imported binding is a list another module writes out. */
export interface PerItemOptions {
  /** `import { SEED } from './seed'` where the module exports `const SEED = [...]` and never changes it (project/lookup.ts). */
  importedList?: (variable: Variable) => boolean;
  /**
   * Whether a loop whose names say it walks batches (`for (const chunk of chunks)`) is left out by its names
   * alone (the default). With false, the caller decides from what the request sends (walksNamedBatches).
   */
  trustBatchNames?: boolean;
  /**
   * The keys of a table (row-bounds.ts uniqueColumnsFor with the project's
   * schema): the rows of a read keyed by a few written-out values
   * (`.in('id', [a, b])`) are a capped list (capped-list.ts).
   */
  rowKeys?: RowKeys;
}

/** Names that say a loop walks batches, not items: one request per chunk is the fix, not the problem. */
const BATCH_NAME = /chunk|batch|page|slice/i;

/**
 * The bindings a loop or a per-item callback binds for each iteration (the
 * loop variable, destructured names, the callback's first parameter) when its
 * names say it walks batches; null when they do not. The names are only a
 * hint: no-query-in-loop leaves the loop alone only when a request sends one
 * of these bindings whole (query-in-loop.ts sendsBatch), so that
 * `for (const { chunk } of chunks) insert({ text: chunk.text })`, one row per
 * iteration, is still reported.
 */
/**
 * What a loop binds each item to and the list it walks: a `for...of`/`for...in`
 * head (its declaration), an array callback's first parameter and the list it
 * is called on, or `const batch = batches[i]` in an indexed `for`.
 */
function loopItem(ctx: AnalysisContext, loop: Node): { head: Node | undefined; list: Node | undefined } {
  if (loop.type === 'ForOfStatement' || loop.type === 'ForInStatement') return { head: loop.left, list: loop.right };
  if (loop.type === 'CallExpression') {
    const fn = loop.arguments[0];
    return { head: fn && isFunction(fn) ? fn.params[0] : undefined, list: asMethodCall(loop)?.object };
  }
  if (loop.type === 'ForStatement') {
    // `for (let i = 0; i < batches.length; i++) { const batch = batches[i]; ... }`
    const item = indexedItem(ctx, loop);
    return { head: item?.id, list: item?.list };
  }
  return { head: undefined, list: undefined };
}

export function walksNamedBatches(ctx: AnalysisContext, loop: Node): Node[] | null {
  const { head, list } = loopItem(ctx, loop);
  if (!head) return null;
  const listNamed = !!list && BATCH_NAME.test(nameText(ctx, list));
  if (!BATCH_NAME.test(nameText(ctx, head)) && !listNamed) return null;
  // the loop's variable when the list is named for batches; else the names bound that are
  // (`for (const { chunk, score } of results)`: `chunk`, not `score`)
  const binding = head.type === 'VariableDeclaration' ? head.declarations[0].id : head;
  if (listNamed && binding.type === 'Identifier') return [binding];
  const bindings: Node[] = [];
  const stack: Node[] = [head];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'Identifier':
        if (BATCH_NAME.test(node.name)) bindings.push(node);
        break;
      case 'VariableDeclaration':
        stack.push(...node.declarations.map((declaration) => declaration.id));
        break;
      case 'ObjectPattern':
        for (const property of node.properties)
          stack.push(property.type === 'Property' ? property.value : property.argument);
        break;
      case 'ArrayPattern':
        for (const element of node.elements) if (element) stack.push(element);
        break;
      case 'AssignmentPattern':
        stack.push(node.left);
        break;
      case 'RestElement':
        stack.push(node.argument);
        break;
      default:
        break;
    }
  }
  return bindings;
}

/**
 * The item an indexed loop takes from its list: `const batch = batches[i]`,
 * a statement of the body's own block, `i` the loop's counter (declared in its
 * head). Null when the body takes none.
 */
export function indexedItem(
  ctx: AnalysisContext,
  loop: TSESTree.ForStatement,
): { id: TSESTree.Identifier; list: TSESTree.Expression } | null {
  if (loop.body.type !== 'BlockStatement' || loop.init?.type !== 'VariableDeclaration') return null;
  const counters = loop.init.declarations.flatMap((d) =>
    d.id.type === 'Identifier' ? [resolveIdentifier(ctx, d.id)] : [],
  );
  for (const statement of loop.body.body) {
    if (statement.type !== 'VariableDeclaration' || statement.kind !== 'const') continue;
    for (const declarator of statement.declarations) {
      const init = declarator.init && unwrap(declarator.init);
      if (declarator.id.type !== 'Identifier' || init?.type !== 'MemberExpression' || !init.computed) continue;
      const index = unwrap(init.property);
      if (index.type === 'Identifier' && counters.includes(resolveIdentifier(ctx, index)))
        return { id: declarator.id, list: init.object };
    }
  }
  return null;
}

const MAX_LIST_DEPTH = 4;

/** Array methods whose result holds the same items (reordered) or fewer: a written-out list stays one. */
const SAME_OR_FEWER: ReadonlySet<string> = new Set([
  'filter',
  'slice',
  'map',
  'reverse',
  'toReversed',
  'sort',
  'toSorted',
]);

/** Every value the class around `member` assigns to `this.<name>`, or null when one is not a plain assignment. */
function classFieldValues(member: TSESTree.MemberExpression): Node[] | null {
  const name = memberName(member);
  let body: Node | undefined = member.parent;
  while (body && body.type !== 'ClassBody') body = body.parent;
  if (!body || name === null) return null;
  const values: Node[] = [];
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'ClassBody' && node !== body) continue;
    if (node.type === 'PropertyDefinition' && keyName(node.key, node.computed) === name && node.value) {
      values.push(node.value);
    }
    if (
      node.type === 'MemberExpression' &&
      unwrap(node.object).type === 'ThisExpression' &&
      memberName(node) === name
    ) {
      const parent = outermost(node).parent;
      if (parent?.type === 'AssignmentExpression' && parent.left === outermost(node)) {
        if (parent.operator !== '=') return null;
        values.push(parent.right);
      }
    }
    stack.push(...childNodes(node));
  }
  return values;
}

/**
 * A list written out in the code: `[a, b, c]` (or spreads of written-out
 * lists, `[...A, ...B]`), an object literal (its keys), a string, a Set or a
 * Map made from one (`new Set(['a'])`); React state of keys written out
 * (list-values.ts isFixedKeyState); a constant,
 * a property of a constant object literal, or a `this.field` the class only
 * ever sets to one; a binding imported from a module that exports one
 * (options.importedList); `Object.keys/values/entries`, `.filter()`,
 * `.slice()`, `.map()`, `.reverse()`, `.toReversed()`, `.sort()` or
 * `.toSorted()` of one.
 */
function isWrittenOutList(ctx: AnalysisContext, node: Node, depth = 0, options: PerItemOptions = {}): boolean {
  if (depth > MAX_LIST_DEPTH) return false;
  const inner = unwrap(node);
  if (inner.type === 'ArrayExpression') {
    return inner.elements.every(
      (el) => el !== null && (el.type !== 'SpreadElement' || isFixedList(ctx, el.argument, options, depth + 1)),
    );
  }
  if (inner.type === 'ObjectExpression') return inner.properties.every((p) => p.type === 'Property');
  if (staticString(inner) !== null) return true;
  if (inner.type === 'NewExpression') return isCollectionOfFixed(ctx, inner, options, depth);
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    const init = variable && constantInit(variable);
    if (init) return isWrittenOutList(ctx, init, depth + 1, options);
    if (variable !== null && options.importedList !== undefined && options.importedList(variable)) return true;
    // React state of fixed keys (`useState({ fee: '1', days: '7' })`, every setter call keeping them): its keys
    if (variable !== null && isFixedKeyState(ctx, variable)) return true;
    return everyValueWrittenOut(ctx, inner, depth, options);
  }
  if (inner.type === 'MemberExpression') {
    const object = unwrap(inner.object);
    if (object.type === 'ThisExpression') {
      const values = classFieldValues(inner);
      return (
        values !== null &&
        values.length > 0 &&
        values.every((value) => isWrittenOutList(ctx, value, depth + 1, options))
      );
    }
    if (object.type !== 'Identifier') return false;
    const variable = resolveIdentifier(ctx, object);
    const init = variable && constantInit(variable);
    const value = init && propertyValue(unwrap(init), memberName(inner));
    return value ? isWrittenOutList(ctx, value, depth + 1, options) : everyValueWrittenOut(ctx, inner, depth, options);
  }
  const call = asMethodCall(inner);
  if (!call) return false;
  // a copy that keeps as many items (`.map()` one for one, `.reverse()`, `.sort()` reordered) or fewer
  // (of a list nothing adds to: `users.reverse()` of a `const users = []` filled with push holds what fills it)
  if (SAME_OR_FEWER.has(call.name)) return isFixedList(ctx, call.object, options, depth + 1);
  // Object.keys/values/entries of a written-out object
  const object = unwrap(call.object);
  const first = call.call.arguments[0];
  return (
    ['keys', 'values', 'entries'].includes(call.name) &&
    object.type === 'Identifier' &&
    object.name === 'Object' &&
    first !== undefined &&
    first.type !== 'SpreadElement' &&
    isWrittenOutList(ctx, first, depth + 1, options)
  );
}

/** Collections whose constructor takes the items as a list: as many items as that list, or fewer (a Set drops repeats). */
const COLLECTIONS: ReadonlySet<string> = new Set(['Set', 'Map']);

/**
 * `new Set(['global'])`, `new Map([['a', 1], ['b', 2]])`: a Set or a Map made
 * from a list nothing adds to (a written-out list). A collection that `.add`
 * or `.set` change anywhere is not a fixed list (isFixedList: list-values.ts
 * isChangedInPlace); `new Set()` with no list is made to be filled.
 */
function isCollectionOfFixed(
  ctx: AnalysisContext,
  node: TSESTree.NewExpression,
  options: PerItemOptions,
  depth: number,
): boolean {
  const callee = unwrap(node.callee);
  const [items] = node.arguments;
  return (
    callee.type === 'Identifier' &&
    COLLECTIONS.has(callee.name) &&
    node.arguments.length === 1 &&
    items !== undefined &&
    items.type !== 'SpreadElement' &&
    isFixedList(ctx, items, options, depth + 1)
  );
}

/**
 * A parameter every call passes a written-out list for, the item a loop over
 * written-out lists takes, a property of one (list-values.ts): each value it
 * may hold is written out, and there is at least one.
 */
function everyValueWrittenOut(ctx: AnalysisContext, node: Node, depth: number, options: PerItemOptions): boolean {
  const values = possibleValues(ctx, node);
  return values !== null && values.length > 0 && values.every((value) => isFixedList(ctx, value, options, depth + 1));
}

/**
 * A list written out in the code that nothing adds to: `const rows = []`
 * filled with `rows.push(...)` holds as many items as whatever fills it.
 */
function isFixedList(ctx: AnalysisContext, node: Node, options: PerItemOptions, depth = 0): boolean {
  if (!isWrittenOutList(ctx, node, depth, options)) return false;
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return true;
  return !isChangedInPlace(resolveIdentifier(ctx, inner));
}

/**
 * A module binding that is a list written out in its module and never
 * changed there in place (`export const SEED = [...]`): what another module
 * that imports it may loop over as over its own constant (project facts).
 */
export function isModuleConstantList(ctx: AnalysisContext, variable: Variable): boolean {
  const def = variable.defs[0];
  return variable.defs.length === 1 && def?.type === 'Variable' && isFixedList(ctx, def.name, {});
}

/** The source of a node, for the batch-name test. */
function nameText(ctx: AnalysisContext, node: Node): string {
  return ctx.text.slice(node.range[0], node.range[1]);
}

/**
 * `x.length` / `x.size` anywhere in `node` (a loop test): the loop walks a
 * collection by index. Not when every such collection is a list written out in
 * the code (`for (let i = 0; i < STEPS.length; i++)` over `const STEPS = [...]`).
 */
function mentionsCollectionSize(ctx: AnalysisContext, node: Node | null, loop: Node, options: PerItemOptions): boolean {
  if (!node) return false;
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'MemberExpression') {
      const name = memberName(current);
      if (
        (name === 'length' || name === 'size') &&
        !isFixedList(ctx, current.object, options) &&
        !isCappedList(ctx, current.object, loop, options.rowKeys)
      )
        return true;
    }
    if (isFunction(current)) continue;
    for (const key of Object.keys(current) as (keyof typeof current)[]) {
      if (key === 'parent') continue;
      const value = current[key] as unknown;
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof (item as Node).type === 'string') stack.push(item as Node);
      } else if (value && typeof (value as Node).type === 'string') stack.push(value as Node);
    }
  }
  return false;
}

/** `i += size`, `i = i + size`: a loop that steps over chunks. */
export function stepsByChunk(update: Node | null): boolean {
  if (!update) return false;
  const inner = unwrap(update);
  if (inner.type !== 'AssignmentExpression') return false;
  if (inner.operator === '+=') {
    const step = unwrap(inner.right);
    return !(step.type === 'Literal' && step.value === 1);
  }
  return inner.operator === '=';
}

/** Whether a loop statement walks the items of a collection, one at a time. */
function collectionLoop(ctx: AnalysisContext, loop: Node, options: PerItemOptions): LoopKind | null {
  switch (loop.type) {
    case 'ForOfStatement':
    case 'ForInStatement': {
      if (isFixedList(ctx, loop.right, options)) return null;
      if (loop.type === 'ForOfStatement' && isCappedList(ctx, loop.right, loop, options.rowKeys)) return null;
      if (options.trustBatchNames !== false && walksNamedBatches(ctx, loop)) return null;
      return loop.type === 'ForOfStatement' ? 'for-of' : 'for-in';
    }
    case 'ForStatement':
      return mentionsCollectionSize(ctx, loop.test, loop, options) && !stepsByChunk(loop.update) ? 'for' : null;
    case 'WhileStatement':
    case 'DoWhileStatement':
      return mentionsCollectionSize(ctx, loop.test, loop, options) ? 'while' : null;
    default:
      return null;
  }
}

/** Whether `child` is the body of `loop` (run once per iteration), not its head. */
function isLoopBody(loop: Node, child: Node): boolean {
  return 'body' in loop && loop.body === child;
}

/** Whether the array a `.map()` call returns is handed to `Promise.all` and its siblings. */
function feedsCombinator(ctx: AnalysisContext, mapCall: TSESTree.CallExpression): boolean {
  const outer = outermost(mapCall);
  const parent = outer.parent;
  if (isPromiseCombinator(parent) && parent.arguments[0] === outer) return true;
  // Promise.all([...items.map(...)])
  if (parent?.type === 'SpreadElement' && parent.parent.type === 'ArrayExpression') {
    const array = outermost(parent.parent);
    return isPromiseCombinator(array.parent) && array.parent.arguments[0] === array;
  }
  // const pending = items.map(...); await Promise.all(pending)
  if (parent?.type === 'VariableDeclarator' && parent.init === outer && parent.id.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, parent.id);
    return (variable?.references ?? []).some((reference) => {
      const used = outermost(reference.identifier);
      return isPromiseCombinator(used.parent) && used.parent.arguments[0] === used;
    });
  }
  return false;
}

/** Whether `fn` is called once per item: a `.forEach` callback, or a `.map` callback whose results are combined. */
function perItemCallback(ctx: AnalysisContext, fn: FunctionNode, options: PerItemOptions): LoopKind | null {
  const outer = outermost(fn);
  const call = outer.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== outer) return null;
  const method = asMethodCall(call);
  if (!method) return null;
  if (isFixedList(ctx, method.object, options)) return null;
  if (isCappedList(ctx, method.object, call, options.rowKeys)) return null;
  if (options.trustBatchNames !== false && walksNamedBatches(ctx, call)) return null;
  if (method.name === 'forEach') return 'forEach';
  if ((method.name === 'map' || method.name === 'flatMap') && feedsCombinator(ctx, call)) return 'map';
  return null;
}

/** React Query calls whose `queryFn` runs at once: a prefetch. */
/** Array methods that call their callback at once, once per item. */
export const ARRAY_CALLBACKS: ReadonlySet<string> = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'sort',
]);

export const PREFETCHES: ReadonlySet<string> = new Set([
  'prefetchQuery',
  'fetchQuery',
  'ensureQueryData',
  'prefetchInfiniteQuery',
  'fetchInfiniteQuery',
]);

/** The object literal `fn` is the `queryFn` of, when it is handed to a call named in `calls` (any call when null). */
function queryFnOf(fn: FunctionNode, calls: ReadonlySet<string> | null): TSESTree.ObjectExpression | null {
  const property = outermost(fn).parent;
  if (property?.type !== 'Property' || keyName(property.key, property.computed) !== 'queryFn') return null;
  const object = property.parent;
  if (object.type !== 'ObjectExpression' || calls === null) return object.type === 'ObjectExpression' ? object : null;
  const call = outermost(object).parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== outermost(object)) return null;
  const callee = unwrap(call.callee);
  const name =
    callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
  return name !== null && calls.has(name) ? object : null;
}

/**
 * `useQueries({ queries: items.map((item) => ({ queryFn: ... })) })`: the
 * `.map` call whose every item is a query, when `fn` is one's `queryFn`.
 */
function queriesList(fn: FunctionNode): TSESTree.CallExpression | null {
  const object = queryFnOf(fn, null);
  if (!object) return null;
  const mapper = enclosingFunctionOf(object);
  if (!mapper) return null;
  const map = outermost(mapper).parent;
  if (map?.type !== 'CallExpression' || asMethodCall(map)?.name !== 'map') return null;
  const property = outermost(map).parent;
  if (property?.type !== 'Property' || keyName(property.key, property.computed) !== 'queries') return null;
  const hook = outermost(property.parent).parent;
  if (hook?.type !== 'CallExpression') return null;
  const callee = unwrap(hook.callee);
  const name =
    callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
  return name === 'useQueries' || name === 'useSuspenseQueries' ? map : null;
}

/** The function whose result `object` is: `(item) => ({ ... })` or `(item) => { return { ... }; }`. */
function enclosingFunctionOf(object: Node): FunctionNode | null {
  const parent = outermost(object).parent;
  if (parent?.type === 'ArrowFunctionExpression' && parent.body === outermost(object)) return parent;
  if (parent?.type === 'ReturnStatement') {
    for (let node: Node | undefined = parent.parent; node; node = node.parent) if (isFunction(node)) return node;
  }
  return null;
}

/** The per-item loop an execution runs in, within its own function (or that function as a per-item callback). */
export function perItemLoop(
  ctx: AnalysisContext,
  start: Node,
  options: PerItemOptions = {},
): { kind: LoopKind; node: Node } | null {
  let child = start;
  for (let node = start.parent; node; child = node, node = node.parent) {
    if (isFunction(node)) {
      const kind = perItemCallback(ctx, node, options);
      if (kind) return { kind, node: node.parent };
      // a prefetch runs its queryFn at once, where the prefetch is: keep looking up from there
      if (queryFnOf(node, PREFETCHES)) continue;
      const list = queriesList(node);
      return list ? { kind: 'queries', node: list } : null;
    }
    if (LOOPS.has(node.type) && isLoopBody(node, child)) {
      const kind = collectionLoop(ctx, node, options);
      if (kind) return { kind, node };
    }
  }
  return null;
}

/**
 * `rows.slice(i, i + N)` (or `Math.min(i + N, ...)` as its end) in a `for`
 * loop whose counter is `i` and that steps by that N (`i += N`): one batch of
 * a list cut into batches.
 */
function isSliceOfChunkLoop(ctx: AnalysisContext, node: Node, depth = 0): boolean {
  const inner = unwrap(node);
  if (inner.type === 'Identifier' && depth < 2) {
    const variable = resolveIdentifier(ctx, inner);
    const init = variable && constantInit(variable);
    return !!init && isSliceOfChunkLoop(ctx, init, depth + 1);
  }
  const call = asMethodCall(inner);
  const [start, end] = call?.name === 'slice' ? call.call.arguments : [];
  if (!start || !end || start.type === 'SpreadElement' || end.type === 'SpreadElement') return false;
  const counter = unwrap(start);
  if (counter.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, counter);
  let loop: Node | undefined = inner.parent;
  while (loop && !isFunction(loop) && loop.type !== 'ForStatement') loop = loop.parent;
  if (loop?.type !== 'ForStatement' || !loop.update || !stepsByChunk(loop.update)) return false;
  const update = unwrap(loop.update);
  if (update.type !== 'AssignmentExpression' || update.operator !== '+=') return false;
  const stepped = unwrap(update.left);
  if (stepped.type !== 'Identifier' || resolveIdentifier(ctx, stepped) !== variable) return false;
  const step = nameText(ctx, unwrap(update.right));
  // the end: `i + N`, or `Math.min(i + N, rows.length)`
  let last = unwrap(end);
  const min = asMethodCall(last);
  if (min?.name === 'min' && min.call.arguments[0] && min.call.arguments[0].type !== 'SpreadElement')
    last = unwrap(min.call.arguments[0]);
  if (last.type !== 'BinaryExpression' || last.operator !== '+') return false;
  const left = unwrap(last.left);
  return (
    left.type === 'Identifier' &&
    resolveIdentifier(ctx, left) === variable &&
    nameText(ctx, unwrap(last.right)) === step
  );
}

/**
 * The items a list holds when the code builds it here: a list `const batches
 * = []` filled only by `batches.push(item)` (nothing else changes it, it is
 * never handed to a call), or a copy of one that keeps its items or fewer
 * (`batches.slice(i, i + 3)`, `.filter()`, `.reverse()`). Null when not known.
 */
function pushedItems(ctx: AnalysisContext, list: Node, depth = 0): Node[] | null {
  if (depth > MAX_LIST_DEPTH) return null;
  const inner = unwrap(list);
  const call = asMethodCall(inner);
  if (call) return SAME_ITEMS.has(call.name) ? pushedItems(ctx, call.object, depth + 1) : null;
  if (inner.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, inner);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || def?.type !== 'Variable' || !def.node.init) return null;
  const init = unwrap(def.node.init);
  if (def.parent.kind === 'const' && init.type !== 'ArrayExpression') return pushedItems(ctx, init, depth + 1);
  if (init.type !== 'ArrayExpression' || init.elements.length > 0) return null;
  const items: Node[] = [];
  for (const reference of variable.references) {
    if (reference.init) continue;
    if (reference.isWrite()) return null;
    const held = outermost(reference.identifier);
    const parent = held.parent;
    if (parent?.type === 'CallExpression' || parent?.type === 'SpreadElement') return null;
    if (parent?.type !== 'MemberExpression' || parent.object !== held) continue;
    const used = outermost(parent);
    if (used.parent?.type === 'AssignmentExpression' && used.parent.left === used) return null;
    const method = asMethodCall(parent.parent);
    if (!method || method.object !== held || !MUTATORS.has(method.name)) continue;
    if (method.name !== 'push') return null;
    for (const argument of method.call.arguments) {
      if (argument.type === 'SpreadElement') return null;
      items.push(argument);
    }
  }
  return items.length > 0 ? items : null;
}

/** Methods of a list whose result holds the same items, or fewer. */
const SAME_ITEMS: ReadonlySet<string> = new Set(['slice', 'filter', 'reverse', 'toReversed', 'sort', 'toSorted']);

/** Methods that change a list in place. */
const MUTATORS: ReadonlySet<string> = new Set(['push', 'unshift', 'splice', 'fill', 'copyWithin']);

/**
 * The bindings of a loop's item that hold a batch by how the list was built,
 * whatever their names: the list is filled with `push` of slices of a list cut
 * in a loop that steps by the slice's length (`for (let i = 0; i < rows.length;
 * i += 500) batches.push(rows.slice(i, i + 500))`), and the binding is the
 * item (`for (const part of batches)`) or the property of it that holds the
 * slice (`batches.push({ index, rows: rows.slice(i, i + 500) })`, then
 * `wave.map(async ({ index, rows }) => ...)`). Empty when none is.
 */
export function slicedBatchBindings(ctx: AnalysisContext, loop: Node): Node[] {
  if (loop.type === 'ForInStatement') return [];
  const { head: bound, list } = loopItem(ctx, loop);
  const head = bound?.type === 'VariableDeclaration' ? bound.declarations[0].id : bound;
  if (!head || !list) return [];
  const items = pushedItems(ctx, list);
  if (!items) return [];
  if (head.type === 'Identifier') return items.every((item) => isSliceOfChunkLoop(ctx, item)) ? [head] : [];
  if (head.type !== 'ObjectPattern') return [];
  const bindings: Node[] = [];
  for (const property of head.properties) {
    if (property.type !== 'Property' || property.value.type !== 'Identifier') continue;
    const name = keyName(property.key, property.computed);
    const values = items.map((item) => {
      const object = unwrap(item);
      return object.type === 'ObjectExpression' ? propertyValue(object, name) : null;
    });
    if (values.every((value) => value !== null && isSliceOfChunkLoop(ctx, value))) bindings.push(property.value);
  }
  return bindings;
}
