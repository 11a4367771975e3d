/**
 * How the response of a read is used, as far as selectAllPages cares: it
 * returns `{ data, error }` and nothing else (no count, status or
 * statusText), so a read is rewritten only where its response is used as
 * `data` and `error`. The response is followed from where it is sent:
 *
 * - `await q`, through casts (`(await q) as any`, `!`, `satisfies`) and the
 *   branches of a conditional (`cond ? await q : { data: [] }`), into a
 *   destructuring of `data`/`error`, a variable read only as `.data` and
 *   `.error`, a `.data`/`.error` read, or a statement that drops it;
 * - `q.then(cb)`: the callback's parameter, likewise;
 * - `Promise.all([q, ...])`: the element of the awaited (or `.then`-ed)
 *   array destructuring at the read's place, likewise.
 *
 * Each check gives the reason that blocks the read (what is read beyond
 * data and error, and where), or null.
 */
import { keyName, memberName, type Node, parentOf } from '../../analysis/ast.js';
import { isPromiseCombinator } from '../../analysis/ast.js';
import type { QueryUse } from '../../analysis/postgrest/query-use.js';
import type { AnalysisContext } from '../../analysis/detector.js';
import { shortText } from '../../utils/text.js';
import type { Why } from './reasons.js';

const KEPT = new Set(['data', 'error']);

/** The source text of a node, on one line and short, for a reason. */
function snippet(ctx: AnalysisContext, node: Node): string {
  return shortText(ctx.text.slice(node.range[0], node.range[1]), 60);
}

/** The node a value flows into through casts and the branches of a conditional. */
function throughWrappers(node: Node): Node {
  let value = node;
  for (;;) {
    const up = parentOf(value);
    if (!up) return value;
    const wraps =
      ((up.type === 'TSAsExpression' ||
        up.type === 'TSSatisfiesExpression' ||
        up.type === 'TSNonNullExpression' ||
        up.type === 'TSTypeAssertion') &&
        up.expression === value) ||
      (up.type === 'ConditionalExpression' && up.test !== value);
    if (!wraps) return value;
    value = up;
  }
}

/** Why a binding of the response (a pattern, or a name declared by `declarator`) reads more than data and error. */
function bindingProblem(ctx: AnalysisContext, id: Node, declarator: Node | null): Why | null {
  if ((id.type === 'Identifier' || id.type === 'ObjectPattern') && id.typeAnnotation) {
    return { id: 'responseAnnotated', data: { type: snippet(ctx, id.typeAnnotation.typeAnnotation) } };
  }
  if (id.type === 'ObjectPattern') {
    const more = id.properties
      .map((property) =>
        property.type === 'RestElement'
          ? `...${snippet(ctx, property.argument)}`
          : keyName(property.key, property.computed),
      )
      .filter((key) => key === null || !KEPT.has(key));
    return more.length === 0
      ? null
      : { id: 'destructuresMore', data: { keys: more.map((key) => key ?? '[computed]').join(', ') } };
  }
  if (id.type !== 'Identifier' || !declarator || !ctx.scopeManager) {
    return { id: 'wholeResponseUsed', data: { how: `bound to ${snippet(ctx, id)}` } };
  }
  const variable = ctx.scopeManager.getDeclaredVariables(declarator).find((candidate) => candidate.name === id.name);
  if (!variable) return { id: 'wholeResponseUsed', data: { how: `bound to ${id.name}` } };
  for (const reference of variable.references) {
    if (reference.init) continue;
    const parent = parentOf(reference.identifier);
    const readsKept =
      reference.isReadOnly() &&
      parent?.type === 'MemberExpression' &&
      parent.object === reference.identifier &&
      KEPT.has(memberName(parent) ?? '');
    if (!readsKept) {
      const use =
        parent?.type === 'MemberExpression' && parent.object === reference.identifier
          ? snippet(ctx, parent)
          : parent
            ? describe(ctx, parent, reference.identifier)
            : id.name;
      return { id: 'responseReadBeyond', data: { name: id.name, use } };
    }
  }
  return null;
}

/** Why the value at `node` (the awaited response, or a Promise.all element's) is used beyond data and error. */
function valueProblem(ctx: AnalysisContext, node: Node): Why | null {
  const value = throughWrappers(node);
  const consumer = parentOf(value);
  if (!consumer) return { id: 'wholeResponseUsed', data: { how: 'at the top of the file' } };
  switch (consumer.type) {
    case 'VariableDeclarator':
      if (consumer.init === value) return bindingProblem(ctx, consumer.id, consumer);
      break;
    case 'AssignmentExpression':
      if (consumer.right === value && consumer.operator === '=' && consumer.left.type === 'ObjectPattern') {
        return bindingProblem(ctx, consumer.left, null);
      }
      break;
    case 'MemberExpression': {
      if (consumer.object !== value) break;
      const name = memberName(consumer);
      return name !== null && KEPT.has(name) ? null : { id: 'readsProperty', data: { name: name ?? '[computed]' } };
    }
    case 'ExpressionStatement':
      return null; // sent for its effect, the response dropped
    default:
  }
  return { id: 'wholeResponseUsed', data: { how: describe(ctx, consumer, value) } };
}

/** How a consumer uses the whole response, for a reason. */
function describe(ctx: AnalysisContext, consumer: Node, value: Node): string {
  if (consumer.type === 'ReturnStatement' || consumer.type === 'ArrowFunctionExpression') return 'returned';
  if (consumer.type === 'CallExpression' || consumer.type === 'NewExpression') {
    return consumer.callee === value ? 'called' : `passed to ${snippet(ctx, consumer.callee)}`;
  }
  if (consumer.type === 'SpreadElement') return 'spread';
  if (consumer.type === 'Property') return 'put in an object';
  if (consumer.type === 'ArrayExpression') return 'put in an array';
  if (consumer.type === 'AssignmentExpression') return `assigned to ${snippet(ctx, consumer.left)}`;
  return snippet(ctx, consumer);
}

/** Why a `.then(cb)` callback reads more than data and error of the response; null when it does not. */
function callbackProblem(ctx: AnalysisContext, thenCall: Node | undefined, index: number | null): Why | null {
  const callback = thenCall?.type === 'CallExpression' ? thenCall.arguments[0] : undefined;
  if (!callback || (callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression')) {
    return { id: 'thenCallbackNotHere' };
  }
  const param = callback.params[0];
  if (param === undefined) return null;
  if (index === null) {
    const why = bindingProblem(ctx, param, callback);
    return why === null ? null : { id: 'thenCallbackReadsMore', data: { what: reasonDetail(why) } };
  }
  return elementProblem(ctx, param, callback, index);
}

/** What a binding reason says, as the detail of another. */
function reasonDetail(why: Why): string {
  if (why.id === 'destructuresMore') return String(why.data.keys);
  if (why.id === 'responseReadBeyond') return String(why.data.use);
  if (why.id === 'responseAnnotated') return `a type, ${why.data.type}`;
  if (why.id === 'wholeResponseUsed') return String(why.data.how);
  return 'more';
}

/** Why the element at `index` of an array pattern (Promise.all's results) reads more than data and error. */
function elementProblem(ctx: AnalysisContext, pattern: Node, declarator: Node | null, index: number): Why | null {
  if (pattern.type !== 'ArrayPattern') return { id: 'combinedResultNotSeen' };
  for (let at = 0; at <= index && at < pattern.elements.length; at += 1) {
    const element = pattern.elements[at];
    if (element?.type === 'RestElement') return { id: 'combinedResultNotSeen' };
    if (at === index) {
      if (!element) return null; // a hole: the result is not read
      const target = element.type === 'AssignmentPattern' ? element.left : element;
      return bindingProblem(ctx, target, declarator);
    }
  }
  return null; // past the pattern's end: not read
}

/** Why a read sent as an element of `Promise.all([...])` (the chain, or a conditional with it) cannot be rewritten there; null when it can. */
function combinedProblem(ctx: AnalysisContext, element: Node): Why | null {
  const array = parentOf(element);
  if (array?.type !== 'ArrayExpression') return { id: 'combinedResultNotSeen' };
  const index = array.elements.indexOf(element as never);
  if (array.elements.slice(0, index).some((element) => element?.type === 'SpreadElement')) {
    return { id: 'combinedAfterSpread' };
  }
  const holder = parentOf(array);
  if (!isPromiseCombinator(holder)) return { id: 'combinedResultNotSeen' };
  const combinator = memberName(holder.callee as never) ?? '';
  if (combinator !== 'all') return { id: 'combinatorNotAll', data: { combinator } };
  const sent = parentOf(holder);
  if (sent?.type === 'MemberExpression' && sent.object === holder && memberName(sent) === 'then') {
    return callbackProblem(ctx, parentOf(sent), index);
  }
  if (sent?.type !== 'AwaitExpression') return { id: 'combinedResultNotSeen' };
  const value = throughWrappers(sent);
  const consumer = parentOf(value);
  if (consumer?.type === 'VariableDeclarator' && consumer.init === value) {
    return elementProblem(ctx, consumer.id, consumer, index);
  }
  if (consumer?.type === 'AssignmentExpression' && consumer.right === value && consumer.operator === '=') {
    return elementProblem(ctx, consumer.left, null, index);
  }
  if (consumer?.type === 'ExpressionStatement') return null;
  return { id: 'combinedResultNotSeen' };
}

/**
 * Whether the chain is what is sent, or a branch of the conditional that is
 * (`cond ? q : Promise.resolve({ data: [] })`, as an element of
 * `Promise.all`): then the chain alone can be handed to the helper, and the
 * other branch is no request of this read.
 */
function sentAsIs(chainEnd: Node, sent: Node): boolean {
  for (let node: Node = chainEnd; ;) {
    if (node === sent) return true;
    const up = parentOf(node);
    if (up?.type !== 'ConditionalExpression' || up.test === node) return false;
    node = up;
  }
}

/** Why the response of the read is used beyond `{ data, error }`, or it cannot be rewritten where it is sent; null when it can. */
export function consumptionProblem(ctx: AnalysisContext, use: QueryUse): Why | null {
  if (use.links.length !== use.ownChain.length) return { id: 'builtThroughVariable' };
  // `await withTimeout(q, ms)`: a wrapper of the project sends it (postgrest/send-wrappers.ts)
  const wrapper = use.through[0];
  if (wrapper) {
    const callee = ctx.text.slice(wrapper.callee.range[0], wrapper.callee.range[1]).replace(/\s+/g, '');
    return { id: 'sentThroughCall', data: { callee } };
  }
  if (use.executions.length !== 1) return { id: 'sentMoreThanOnce' };
  const execution = use.executions[0]!;
  if (execution.kind === 'return-async' || execution.kind === 'return-callback') return { id: 'returnedToCaller' };
  if (!sentAsIs(use.chainEnd, execution.node)) return { id: 'wrappedWhereSent' };
  if (execution.kind === 'promise-combinator') return combinedProblem(ctx, execution.node);
  const parent = parentOf(execution.node);
  if (execution.kind === 'then') return callbackProblem(ctx, parent && parentOf(parent), null);
  if (parent?.type !== 'AwaitExpression') return { id: 'wrappedWhereSent' };
  return valueProblem(ctx, parent);
}
