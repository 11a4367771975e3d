/**
 * Requests sent once per item of a collection (N+1): a PostgREST request
 * (a read, a write or an rpc) whose execution (await, `.then`, a promise
 * combinator, a return from a per-item callback) sits in the body of a loop
 * over a collection, in a `.forEach` callback, or in a `.map` callback whose
 * promises go to `Promise.all` (or a sibling). What a request is and where it
 * is sent comes from the chain recognizer (query-root.ts, query-use.ts); this file only
 * decides whether that place runs once per item.
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
} from '../ast.js';
import { mayHoldSelectRead } from './select-gate.js';
import { isQueryStartCandidate, queryRoot, type QueryRoot, writeRoot } from './query-root.js';
import { analyzeQuery, type QueryUse } from './query-use.js';
import { constantInit, resolveIdentifier } from '../scope.js';
import type { AnalysisContext, Detector } from '../detector.js';
import { typeOracle } from '../type-oracle.js';

export type LoopKind = 'for-of' | 'for-in' | 'for' | 'while' | 'forEach' | 'map';

export interface QueryInLoop {
  use: QueryUse;
  /** `select`, `rpc`, or the write method (`insert`, `upsert`, `update`, `delete`). */
  method: string;
  /** The table (or rpc function) when it is a static string. */
  name: string | null;
  loop: LoopKind;
  /** The loop statement, or the `.forEach` / `.map` call. */
  loopNode: Node;
}

export interface QueryInLoopOptions {
  checkWrites: boolean;
  checkRpc: boolean;
}

/** Names that say a loop walks batches, not items: one request per chunk is the fix, not the problem. */
const BATCH_NAME = /chunk|batch|page|slice/i;

/** A write method called (`.insert(`, `?.delete (`): the start of a write request, with a `from` before it. */
const WRITE_CALL = /\.\s*(?:insert|upsert|update|delete)\s*\(/;

/**
 * Text gate: a finding needs something that repeats (`for`, `while`, `map`)
 * and a request: a `select` that may start a read (the gate require-pagination
 * asks), a write method called on something, or an `rpc`. (`from` alone said
 * nothing: every module that imports spells it.)
 */
export function mayHoldQueryInLoop(text: string): boolean {
  if (!text.includes('for') && !text.includes('while') && !text.includes('map')) return false;
  return text.includes('rpc') || mayHoldSelectRead(text) || (text.includes('from') && WRITE_CALL.test(text));
}

const MAX_LIST_DEPTH = 4;

/** The value of `name` in an object literal, when it is written out there. */
function propertyValue(object: Node, name: string | null): Node | null {
  if (name === null || object.type !== 'ObjectExpression') return null;
  for (const property of object.properties) {
    if (property.type === 'Property' && keyName(property.key, property.computed) === name) return property.value;
  }
  return null;
}

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
 * A list written out in the code: `[a, b, c]` (no spread), an object literal
 * (its keys), a string; a constant, a property of a constant object literal,
 * or a `this.field` the class only ever sets to one; `Object.keys/values/entries`,
 * `.filter()` or `.slice()` of one.
 */
function isWrittenOutList(ctx: AnalysisContext, node: Node, depth = 0): boolean {
  if (depth > MAX_LIST_DEPTH) return false;
  const inner = unwrap(node);
  if (inner.type === 'ArrayExpression') return inner.elements.every((el) => el !== null && el.type !== 'SpreadElement');
  if (inner.type === 'ObjectExpression') return inner.properties.every((p) => p.type === 'Property');
  if (staticString(inner) !== null) return true;
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    const init = variable && constantInit(variable);
    return init ? isWrittenOutList(ctx, init, depth + 1) : false;
  }
  if (inner.type === 'MemberExpression') {
    const object = unwrap(inner.object);
    if (object.type === 'ThisExpression') {
      const values = classFieldValues(inner);
      return values !== null && values.length > 0 && values.every((value) => isWrittenOutList(ctx, value, depth + 1));
    }
    if (object.type !== 'Identifier') return false;
    const variable = resolveIdentifier(ctx, object);
    const init = variable && constantInit(variable);
    const value = init && propertyValue(unwrap(init), memberName(inner));
    return value ? isWrittenOutList(ctx, value, depth + 1) : false;
  }
  const call = asMethodCall(inner);
  if (!call) return false;
  if (call.name === 'filter' || call.name === 'slice') return isWrittenOutList(ctx, call.object, depth + 1);
  // Object.keys/values/entries of a written-out object
  const object = unwrap(call.object);
  const first = call.call.arguments[0];
  return (
    ['keys', 'values', 'entries'].includes(call.name) &&
    object.type === 'Identifier' &&
    object.name === 'Object' &&
    first !== undefined &&
    first.type !== 'SpreadElement' &&
    isWrittenOutList(ctx, first, depth + 1)
  );
}

/** The source of a node, for the batch-name test. */
function nameText(ctx: AnalysisContext, node: Node): string {
  return ctx.text.slice(node.range[0], node.range[1]);
}

/** `x.length` / `x.size` anywhere in `node` (a loop test): the loop walks a collection by index. */
function mentionsCollectionSize(node: Node | null): boolean {
  if (!node) return false;
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'MemberExpression') {
      const name = memberName(current);
      if (name === 'length' || name === 'size') return true;
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
function stepsByChunk(update: Node | null): boolean {
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
function collectionLoop(ctx: AnalysisContext, loop: Node): LoopKind | null {
  switch (loop.type) {
    case 'ForOfStatement':
    case 'ForInStatement': {
      if (isWrittenOutList(ctx, loop.right)) return null;
      if (BATCH_NAME.test(nameText(ctx, loop.left)) || BATCH_NAME.test(nameText(ctx, loop.right))) return null;
      return loop.type === 'ForOfStatement' ? 'for-of' : 'for-in';
    }
    case 'ForStatement':
      return mentionsCollectionSize(loop.test) && !stepsByChunk(loop.update) ? 'for' : null;
    case 'WhileStatement':
    case 'DoWhileStatement':
      return mentionsCollectionSize(loop.test) ? 'while' : null;
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
function perItemCallback(ctx: AnalysisContext, fn: FunctionNode): LoopKind | null {
  const outer = outermost(fn);
  const call = outer.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== outer) return null;
  const method = asMethodCall(call);
  if (!method) return null;
  if (isWrittenOutList(ctx, method.object) || BATCH_NAME.test(nameText(ctx, method.object))) return null;
  const param = fn.params[0];
  if (param && BATCH_NAME.test(nameText(ctx, param))) return null;
  if (method.name === 'forEach') return 'forEach';
  if ((method.name === 'map' || method.name === 'flatMap') && feedsCombinator(ctx, call)) return 'map';
  return null;
}

/** The per-item loop an execution runs in, within its own function (or that function as a per-item callback). */
export function perItemLoop(ctx: AnalysisContext, start: Node): { kind: LoopKind; node: Node } | null {
  let child = start;
  for (let node = start.parent; node; child = node, node = node.parent) {
    if (isFunction(node)) {
      const kind = perItemCallback(ctx, node);
      return kind ? { kind, node: node.parent } : null;
    }
    if (LOOPS.has(node.type) && isLoopBody(node, child)) {
      const kind = collectionLoop(ctx, node);
      if (kind) return { kind, node };
    }
  }
  return null;
}

/** A page of a paginated read (`.range()`, or a keyset with `.limit()`): a loop over pages, not items. */
function isPageRead(use: QueryUse): boolean {
  const names = new Set(use.links.map((link) => link.name));
  return names.has('range') || (names.has('limit') && ['gt', 'gte', 'lt', 'lte'].some((name) => names.has(name)));
}

/**
 * `.in(col, ids)` where `ids` is bound inside the loop (the loop variable, a
 * callback parameter, a list built in the body): each request handles a
 * batch, one per group, not one per item.
 */
function isBatchPerIteration(ctx: AnalysisContext, use: QueryUse, loopNode: Node): boolean {
  const [from, to] = loopNode.range;
  return use.links.some(({ name, call }) => {
    if (name !== 'in' && name !== 'notIn') return false;
    const values = call.arguments[1];
    if (!values || values.type === 'SpreadElement') return false;
    const stack: Node[] = [values];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'Identifier') {
        const def = resolveIdentifier(ctx, node)?.defs[0];
        if (def && def.name.range[0] >= from && def.name.range[1] <= to) return true;
      }
      stack.push(...childNodes(node));
    }
    return false;
  });
}

function judge(ctx: AnalysisContext, use: QueryUse, method: string): QueryInLoop | null {
  for (const execution of use.executions) {
    if (execution.kind === 'paginated') continue;
    const loop = perItemLoop(ctx, execution.node);
    if (!loop) continue;
    if ((loop.kind === 'for' || loop.kind === 'while') && isPageRead(use)) continue;
    if (isBatchPerIteration(ctx, use, loop.node)) continue;
    return { use, method, name: use.root.name, loop: loop.kind, loopNode: loop.node };
  }
  return null;
}

/**
 * Finds every request of a file that is sent once per item of a collection.
 * Returns null for a file whose text cannot hold one.
 */
export function createQueryInLoopDetector(
  ctx: AnalysisContext,
  options: QueryInLoopOptions,
): Detector<QueryInLoop> | null {
  if (!mayHoldQueryInLoop(ctx.text)) return null;
  const types = typeOracle(ctx);
  const found: QueryInLoop[] = [];
  return {
    listeners: {
      CallExpression(node: TSESTree.CallExpression) {
        let start: { root: QueryRoot; method: string } | null = null;
        if (isQueryStartCandidate(node)) {
          const root = queryRoot(ctx, node);
          if (root && (root.kind === 'select' || options.checkRpc)) start = { root, method: root.kind };
        } else if (options.checkWrites) {
          start = writeRoot(ctx, node);
        }
        if (!start || types?.isSupabase(start.root.start) === 'no') return;
        const finding = judge(ctx, analyzeQuery(ctx, start.root), start.method);
        if (finding) found.push(finding);
      },
    },
    finish: () => found,
  };
}
