/**
 * A write of a batch the iteration itself produced: the request already
 * sends an array (`insert(rows)`, `rpc('save_all', { p_rows: rows })`) that
 * the loop's body builds (`const rows = []` filled with `rows.push(...)`, or
 * `const rows = list.map(...)`) from the result of a call it awaits in the
 * same iteration, which is not itself a PostgREST request (a generation, a
 * fetch, a parse: `const items = await generate(task)`; a function of the
 * project that sends requests is a request). Each request is a
 * batch of rows that did not exist before the iteration ran; sending them in
 * one request means holding every iteration's work until the end, which the
 * rule does not advise. The loop is the pace of that work, not N+1.
 *
 * Still a request per item: a single row (`insert(row)`), an array built from
 * the item or from data read before the loop (`order.lines.map(toRow)`: one
 * insert of every order's lines replaces those; group-write.ts leaves only a
 * list that is the item), and an array built from rows a request of the
 * iteration read (that read is itself per item, and one `.in()` read and one
 * insert replace both).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall, isFunction, LOOPS, type Node, subtree, unwrap, within } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { resolveIdentifier, type Variable } from '../scope.js';
import { isQueryStartCandidate, queryRoot, writeRoot } from './query-root.js';
import type { QueryUse } from './query-use.js';

const LIST_CALLS: ReadonlySet<string> = new Set(['map', 'flatMap', 'filter']);
const MAX_DEPTH = 4;

/** The variable `node` names when it is declared once, in the loop (the loop's own item excluded). */
function loopLocal(ctx: AnalysisContext, node: Node, loopNode: Node): Variable | null {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, inner);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || def?.type !== 'Variable' || !within(def.name, loopNode)) return null;
  if (loopNode.type === 'ForOfStatement' && within(def.name, loopNode.left)) return null;
  return variable;
}

/** Whether a push runs in a loop (or a callback) inside the block that declares the array: many rows a batch. */
function pushedRepeatedly(push: Node, declarator: Node): boolean {
  const block = declarator.parent?.parent;
  for (let node = push.parent; node && node !== block; node = node.parent) {
    if (LOOPS.has(node.type) || isFunction(node)) return true;
  }
  return false;
}

/** What is put into a variable that starts empty (`[]`, `new Map()`, `new Set()`) by `method`, when it is done in a loop. */
function filledRepeatedly(variable: Variable, methods: ReadonlySet<string>): Node[] | null {
  const def = variable.defs[0]!;
  if (def.type !== 'Variable') return null;
  const put: Node[] = [];
  let repeated = false;
  for (const reference of variable.references) {
    const member = reference.identifier.parent;
    const call = member.type === 'MemberExpression' ? asMethodCall(member.parent) : null;
    if (!call || !methods.has(call.name) || call.object !== reference.identifier) continue;
    put.push(...call.call.arguments);
    repeated ||= pushedRepeatedly(call.call, def.node);
  }
  // one push a pass is one row a request: a request per item all the same
  return repeated ? put : null;
}

const PUSH: ReadonlySet<string> = new Set(['push']);
const PUT: ReadonlySet<string> = new Set(['set', 'add']);

/**
 * `Array.from(byId.values())`, `[...byId.values()]`, `Array.from(seen)`: the
 * collection whose entries become the array.
 */
function collectionOf(init: Node): Node | null {
  let inner = unwrap(init);
  if (inner.type === 'ArrayExpression' && inner.elements.length === 1 && inner.elements[0]?.type === 'SpreadElement')
    inner = unwrap(inner.elements[0].argument);
  else {
    const from = asMethodCall(inner);
    const array = from ? unwrap(from.object) : null;
    if (from?.name !== 'from' || array?.type !== 'Identifier' || array.name !== 'Array') return null;
    if (from.call.arguments.length !== 1) return null;
    inner = unwrap(from.call.arguments[0]!);
  }
  const values = asMethodCall(inner);
  return values && (values.name === 'values' || values.name === 'entries') && values.call.arguments.length === 0
    ? unwrap(values.object)
    : inner;
}

/**
 * What a batch variable is built from: the arguments pushed into `[]`, the
 * list a `.map` walks and its callback, or what is put into a `Map` or `Set`
 * of the loop (`byId.set(item.sku, row)` in a loop, then `Array.from(byId.values())`).
 */
function buildSources(ctx: AnalysisContext, variable: Variable, loopNode: Node): Node[] | null {
  const def = variable.defs[0]!;
  if (def.type !== 'Variable' || !def.node.init) return null;
  const init = unwrap(def.node.init);
  if (init.type === 'ArrayExpression' && init.elements.length === 0) return filledRepeatedly(variable, PUSH);
  const collection = collectionOf(init);
  const holder = collection ? loopLocal(ctx, collection, loopNode) : null;
  const made = holder?.defs[0]?.type === 'Variable' ? holder.defs[0].node.init : null;
  const created = made ? unwrap(made) : null;
  if (
    created?.type === 'NewExpression' &&
    created.callee.type === 'Identifier' &&
    (created.callee.name === 'Map' || created.callee.name === 'Set') &&
    created.arguments.length === 0
  )
    return filledRepeatedly(holder!, PUT);
  const call = asMethodCall(init);
  return call && LIST_CALLS.has(call.name) ? [call.object, ...call.call.arguments] : null;
}

/** Whether a call sends PostgREST requests through the function it calls (the project's function facts). */
export type SendsRequests = (call: TSESTree.CallExpression) => boolean;

/** Whether `node` holds a PostgREST request (a read, a write, an rpc), or a call of a function that sends one. */
function holdsRequest(ctx: AnalysisContext, node: Node, sends: SendsRequests): boolean {
  for (const inner of subtree(node)) {
    if (inner.type !== 'CallExpression') continue;
    if ((isQueryStartCandidate(inner) && queryRoot(ctx, inner)) || writeRoot(ctx, inner) || sends(inner)) return true;
  }
  return false;
}

/**
 * Whether the values read in `sources` come, through locals of the loop,
 * from a call the iteration awaits that is not a request.
 */
function producedInIteration(
  ctx: AnalysisContext,
  sources: Node[],
  loopNode: Node,
  sends: SendsRequests,
  seen: Set<Variable>,
  depth = 0,
): boolean {
  if (depth > MAX_DEPTH) return false;
  for (const source of sources) {
    for (const node of subtree(source)) {
      const variable = node.type === 'Identifier' ? loopLocal(ctx, node, loopNode) : null;
      if (!variable || seen.has(variable)) continue;
      seen.add(variable);
      const def = variable.defs[0]!;
      // `for (const item of items)` in the body: the item comes from the list it walks
      const walked = def.parent?.parent;
      const value =
        def.type !== 'Variable'
          ? null
          : (def.node.init ?? (walked?.type === 'ForOfStatement' && walked.left === def.parent ? walked.right : null));
      const init = value ? unwrap(value) : null;
      if (!init) continue;
      if (init.type === 'AwaitExpression' && unwrap(init.argument).type === 'CallExpression')
        if (!holdsRequest(ctx, init, sends)) return true;
        else continue;
      if (producedInIteration(ctx, [init], loopNode, sends, seen, depth + 1)) return true;
    }
  }
  return false;
}

/** The array argument of the request: an `insert`/`upsert`'s rows, an rpc's argument values. */
function arrayArguments(use: QueryUse, method: string): Node[] {
  const call = use.root.start;
  if (method === 'insert' || method === 'upsert') return call.arguments.slice(0, 1);
  if (method !== 'rpc') return [];
  const args = call.arguments[1] && unwrap(call.arguments[1]);
  if (args?.type !== 'ObjectExpression') return [];
  return args.properties.flatMap((p) => (p.type === 'Property' && !isFunction(p.value) ? [p.value] : []));
}

/** Whether the request sends a batch its loop's iteration built from work of its own (see above). */
export function isProducedBatch(
  ctx: AnalysisContext,
  use: QueryUse,
  method: string,
  loopNode: Node,
  sends: SendsRequests,
): boolean {
  return arrayArguments(use, method).some((argument) => {
    const batch = loopLocal(ctx, argument, loopNode);
    const sources = batch && buildSources(ctx, batch, loopNode);
    return sources !== null && producedInIteration(ctx, sources, loopNode, sends, new Set([batch!]));
  });
}
