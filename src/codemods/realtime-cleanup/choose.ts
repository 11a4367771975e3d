/**
 * Choose: where an effect's cleanup goes (added, replacing a `return;`, or
 * extending a cleanup written there), and whether each subscription can be
 * removed there; each check gives the reason a site is left, or null.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  asMethodCall,
  subtree,
  type FunctionNode,
  isFunction,
  isNoValue,
  type Node,
  unwrap,
} from '../../analysis/ast.js';
import { type LeakingSubscription, listensOnlyToMessages } from '../../analysis/realtime/leaking-subscriptions.js';
import { findVariable, resolveIdentifier, type Scope } from '../../analysis/scope.js';
import { arrowToken, type CleanupContext, firstContentStart, lineOf } from './context.js';
import { type Phrase, phrase, type Why } from './reasons.js';
import { MAX_CHAIN_LINKS } from '../../analysis/limits.js';
import { type Site, within } from './resolve.js';

/** The return statements of a function body, not those of the functions inside it, in source order. */
export function returnsOf(fn: FunctionNode): TSESTree.ReturnStatement[] {
  if (fn.body.type !== 'BlockStatement') return [];
  const found: TSESTree.ReturnStatement[] = [];
  for (const node of subtree(fn.body, (inner) => !isFunction(inner))) {
    if (node.type === 'ReturnStatement') found.push(node);
  }
  return found.sort((a, b) => a.range[0] - b.range[0]);
}

/** `return;`, `return undefined`, `return null`, `return void 0`: no cleanup. */
function givesNoValue(statement: TSESTree.ReturnStatement): boolean {
  return !statement.argument || isNoValue(statement.argument);
}

/** The function `this` belongs to at `node`: the nearest enclosing function that is not an arrow. */
function thisOwner(node: Node): Node | null {
  for (let current: Node | undefined = node; current; current = current.parent) {
    if (current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration') return current;
  }
  return null;
}

/** The column of a string `filter` of an `.on()` config: `'room_id=eq.…'` -> `room_id`. */
function eqFilterColumn(config: TSESTree.ObjectExpression): string | null {
  for (const property of config.properties) {
    if (
      property.type !== 'Property' ||
      property.computed ||
      property.key.type !== 'Identifier' ||
      property.key.name !== 'filter'
    )
      continue;
    const value = property.value;
    const head =
      value.type === 'Literal' && typeof value.value === 'string'
        ? value.value
        : value.type === 'TemplateLiteral'
          ? value.quasis[0]!.value.cooked
          : null;
    const match = head === null ? null : /^(\w+)=eq\./.exec(head);
    if (match) return match[1]!;
  }
  return null;
}

/** `col` of a `filter: 'col=eq.<value>'` of the subscription's listeners: the per-item filter to widen. */
export function perItemColumn(leak: LeakingSubscription): string | null {
  let node: Node = leak.subscribe;
  for (let depth = 0; depth < MAX_CHAIN_LINKS; depth += 1) {
    const call = asMethodCall(node);
    if (!call || call.call === leak.channel?.create) return null;
    const config = call.name === 'on' ? call.call.arguments[1] : undefined;
    const column = config?.type === 'ObjectExpression' ? eqFilterColumn(config) : null;
    if (column !== null) return column;
    node = call.object;
  }
  return null;
}

/** Why a subscription outside any effect (in a loop, in a render body) is left; null for one in an effect. */
export function misplacedReason(leak: LeakingSubscription): Why | null {
  if (leak.kind === 'loop') {
    const loop = leak.loop && asMethodCall(leak.loop);
    const where = phrase(loop ? { id: 'inLoopMethod', data: { method: loop.name } } : { id: 'ofLoop' });
    if (listensOnlyToMessages(leak)) return { id: 'loopMessages', data: { where } };
    const column = perItemColumn(leak);
    return column ? { id: 'loopWithItemFilter', data: { where, column } } : { id: 'loop', data: { where } };
  }
  if (leak.kind === 'dropped-cleanup') {
    const id = leak.dropped?.async ? 'droppedAsyncCleanup' : 'droppedCleanup';
    return { id, data: { helper: leak.dropped?.helper ?? '' } };
  }
  if (leak.kind === 'leak-below' && leak.below) {
    const { path, droppedIn, place } = leak.below;
    return { id: 'leakBelow', data: { path: path.join(' → '), droppedIn: `${droppedIn}()`, place } };
  }
  if (leak.kind === 'render-body') {
    return { id: 'renderBody', data: { component: leak.component ?? phrase({ id: 'someComponent' }) } };
  }
  return null;
}

/** Why no subscription of the effect can get a cleanup: it is async or a generator. */
export function effectProblem(effect: FunctionNode): Why | null {
  if (effect.async) return { id: 'asyncEffect' };
  if (effect.generator) return { id: 'generatorEffect' };
  return null;
}

/** Why the exits of the effect's block body rule out a cleanup at its end for the site: a return before it, or another after it. */
export function exitProblem(
  cx: CleanupContext,
  body: TSESTree.BlockStatement,
  returns: readonly TSESTree.ReturnStatement[],
  site: Site,
): Why | null {
  const last = body.body[body.body.length - 1];
  const finalReturn = last?.type === 'ReturnStatement' ? last : null;
  const blocking = returns.find((statement) => statement.parent === body && statement.range[1] <= site.start);
  if (blocking) return { id: 'afterReturn', data: { line: lineOf(cx, blocking) } };
  const others = returns.filter((statement) => statement.range[1] > site.start && statement !== finalReturn);
  if (others.length === 0) return null;
  const lines = others.map((statement) => lineOf(cx, statement));
  if (others.every(givesNoValue)) {
    const list: Phrase =
      lines.length > 1 ? { id: 'lines', data: { lines: lines.join(', ') } } : { id: 'line', data: { line: lines[0]! } };
    return { id: 'earlyReturn', data: { lines: phrase(list) } };
  }
  const all = [...lines, ...(finalReturn ? [lineOf(cx, finalReturn)] : [])];
  return { id: 'severalReturns', data: { lines: all.join(', ') } };
}

/** Where the cleanup's calls go. */
export type Target =
  | { kind: 'append' }
  | { kind: 'replace'; statement: TSESTree.ReturnStatement }
  | {
      kind: 'extend';
      statement: TSESTree.ReturnStatement;
      cleanup: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;
    };

/** The effect's cleanup cannot take the calls: why, given the call that would be added (`client.removeChannel(channel)`). */
export interface Unusable {
  kind: 'unusable';
  why: (call: string) => Why;
}

/** Why a cleanup function returned by the effect cannot take the calls at its end; null when it can. */
function cleanupProblem(
  cx: CleanupContext,
  cleanup: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression,
): Unusable['why'] | null {
  const arrow = cleanup.type === 'ArrowFunctionExpression' ? arrowToken(cx, cleanup) : null;
  if (cleanup.async) return (call: string): Why => ({ id: 'asyncCleanup', data: { call } });
  if (cleanup.generator) return (call: string): Why => ({ id: 'generatorCleanup', data: { call } });
  const inner = returnsOf(cleanup);
  if (inner.length > 0) {
    const line = lineOf(cx, inner[0]!);
    return (call: string): Why => ({ id: 'cleanupReturnsEarly', data: { line, call } });
  }
  if (cleanup.body.type === 'BlockStatement') return null;
  const from = firstContentStart(cx, arrow?.range[1] ?? cleanup.body.range[0], cleanup.range[1]);
  const expression = cx.text.slice(from, cleanup.range[1]);
  if (/^(?:function|class|async\s+function|let\s*\[)\b/.test(expression) || arrow === null) {
    return (call: string): Why => ({ id: 'cleanupNotBlock', data: { call } });
  }
  return null;
}

/** Where the effect's cleanup goes, from its final statement: added at the end, replacing `return;`, or extending the cleanup it returns. */
export function chooseTarget(cx: CleanupContext, body: TSESTree.BlockStatement): Target | Unusable {
  const last = body.body[body.body.length - 1];
  const finalReturn = last?.type === 'ReturnStatement' ? last : null;
  if (!finalReturn) return { kind: 'append' };
  if (givesNoValue(finalReturn)) return { kind: 'replace', statement: finalReturn };
  const value = unwrap(finalReturn.argument!);
  if (value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression') {
    const problem = cleanupProblem(cx, value);
    return problem ? { kind: 'unusable', why: problem } : { kind: 'extend', statement: finalReturn, cleanup: value };
  }
  if (value.type === 'Identifier') {
    const name = value.name;
    return { kind: 'unusable', why: (call) => ({ id: 'cleanupElsewhere', data: { name, call } }) };
  }
  return { kind: 'unusable', why: (call) => ({ id: 'returnsNonFunction', data: { call } }) };
}

/** Why the cleanup, run at `insideNode` in `insideScope`, would not reach the same client, channel variable and `this`. */
export function sameWhere(cx: CleanupContext, site: Site, insideScope: Scope, insideNode: Node): Why | null {
  const { root } = site.client;
  if (root.type === 'ThisExpression') {
    return thisOwner(root) === thisOwner(insideNode) ? null : { id: 'thisDiffers' };
  }
  const variable = resolveIdentifier(cx.analysis, root);
  if (variable?.references.some((reference) => reference.isWrite() && !reference.init)) {
    return { id: 'clientReassigned', data: { name: root.name } };
  }
  if (findVariable(insideScope, root.name) !== variable) return { id: 'meansSomethingElse', data: { name: root.name } };
  if (site.variable && findVariable(insideScope, site.variable.name) !== site.variable) {
    return { id: 'meansSomethingElse', data: { name: site.variable.name } };
  }
  return null;
}

/** Why an effect whose body is the subscription (`() => void <chain>`) cannot get a block body with the cleanup. */
export function expressionBodyProblem(
  cx: CleanupContext,
  effect: TSESTree.ArrowFunctionExpression,
  site: Site,
  scope: Scope,
  chain: Node,
): Why | null {
  const token = arrowToken(cx, effect);
  const commented = (arrow: TSESTree.Token) =>
    cx.comments.some(
      (comment) =>
        comment.range[0] >= arrow.range[1] &&
        comment.range[1] <= effect.range[1] &&
        !within(comment as unknown as Node, chain),
    );
  return (
    sameWhere(cx, site, scope, effect.body) ??
    (token === null ? { id: 'noArrow' } : null) ??
    (commented(token!) ? { id: 'expressionBodyComments' } : null)
  );
}
