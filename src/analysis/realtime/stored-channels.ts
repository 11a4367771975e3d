/**
 * Channels an effect keeps in a ref, removed through a helper of the file:
 * the effect stores the channel (`channelRef.current = channel`) and its
 * cleanup calls a function of the same file, with no channel argument, that
 * removes what the ref holds:
 *
 * ```ts
 * const cleanupChannel = useCallback(() => {
 *   if (channelRef.current) supabase.removeChannel(channelRef.current);
 *   channelRef.current = null;
 * }, []);
 * useEffect(() => {
 *   channelRef.current = supabase.channel('room').on(...).subscribe();
 *   return () => cleanupChannel();
 * }, []);
 * ```
 *
 * Followed: a function declaration, a `const` arrow or function, or one
 * handed to `useCallback` (helpers.ts calledFunction), and the helpers it
 * calls in turn, up to MAX_HELPER_DEPTH calls. Both the call in the cleanup
 * and the removal in the helper must run whenever the ref holds a channel:
 * only guards on the ref's own value (`if (!channel) return;`,
 * `ref.current?.unsubscribe()`, `if (ref.current) { ... }`) may stand in the
 * way. A helper that removes what another ref holds, a call on one branch of
 * the cleanup, or a removal deferred to a callback, does not count.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  asMethodCall,
  type FunctionNode,
  isFunction,
  isNoValue,
  memberName,
  type Node,
  subtree,
  unwrap,
} from '../ast.js';
import { constantInit, resolveIdentifier, type Variable } from '../scope.js';
import type { AnalysisContext } from '../detector.js';
import { type ChannelOrigin, channelOrigin } from './channels.js';
import { calledFunction } from './helpers.js';

/** A place a channel is stored: `holder.property` (`channelRef.current`). */
export interface ChannelSlot {
  holder: Variable;
  property: string;
}

/** Helpers followed from the cleanup: `cleanup() → cleanupAll() → cleanupChannel()` is three. */
const MAX_HELPER_DEPTH = 3;

/** Variables followed from a helper's local to the ref it reads (`const channel = channelRef.current`). */
const MAX_SLOT_ALIASES = 2;

/**
 * The slots `effect` stores `channel` in: an assignment `ref.current = channel`
 * (the channel's variable, or its `channel(...)...subscribe()` chain) anywhere
 * in the effect, its nested callbacks included (`subscribe((status) => {
 * channelRef.current = channel })`).
 */
export function storedSlots(ctx: AnalysisContext, effect: FunctionNode, channel: ChannelOrigin): ChannelSlot[] {
  const slots: ChannelSlot[] = [];
  for (const node of subtree(effect.body)) {
    if (node.type !== 'AssignmentExpression' || node.operator !== '=') continue;
    const left = unwrap(node.left);
    if (left.type !== 'MemberExpression') continue;
    const object = unwrap(left.object);
    const property = memberName(left);
    if (object.type !== 'Identifier' || property === null) continue;
    if (channelOrigin(ctx, node.right)?.create !== channel.create) continue;
    const holder = resolveIdentifier(ctx, object);
    if (holder && !slots.some((slot) => slot.holder === holder && slot.property === property)) {
      slots.push({ holder, property });
    }
  }
  return slots;
}

/** Whether `node` reads a slot: `ref.current`, or a constant that holds it (`const channel = ref.current`). */
function readsSlot(ctx: AnalysisContext, node: Node, slots: readonly ChannelSlot[], hops = 0): boolean {
  const inner = unwrap(node);
  if (inner.type === 'MemberExpression') {
    const object = unwrap(inner.object);
    const property = memberName(inner);
    if (object.type !== 'Identifier' || property === null) return false;
    const holder = resolveIdentifier(ctx, object);
    return slots.some((slot) => slot.holder === holder && slot.property === property);
  }
  if (inner.type !== 'Identifier' || hops >= MAX_SLOT_ALIASES) return false;
  const variable = resolveIdentifier(ctx, inner);
  const init = variable && constantInit(variable);
  return init !== null && readsSlot(ctx, init, slots, hops + 1);
}

/** The operator of a comparison of a slot with no value (`channel == null`, `ref.current !== undefined`), or null. */
function nullComparison(ctx: AnalysisContext, test: Node, slots: readonly ChannelSlot[]): string | null {
  if (test.type !== 'BinaryExpression' || test.left.type === 'PrivateIdentifier') return null;
  const [subject, other] = isNoValue(test.right) ? [test.left, test.right] : [test.right, test.left];
  return isNoValue(other) && readsSlot(ctx, subject, slots) ? test.operator : null;
}

/** Whether `test` is true whenever the slot holds a channel (`channel`, `ref.current != null`, `!(!channel)`). */
function trueWhenHeld(ctx: AnalysisContext, test: Node, slots: readonly ChannelSlot[]): boolean {
  const inner = unwrap(test);
  if (readsSlot(ctx, inner, slots)) return true;
  if (inner.type === 'UnaryExpression' && inner.operator === '!') return falseWhenHeld(ctx, inner.argument, slots);
  if (inner.type === 'LogicalExpression' && inner.operator !== '??') {
    const left = trueWhenHeld(ctx, inner.left, slots);
    const right = trueWhenHeld(ctx, inner.right, slots);
    return inner.operator === '&&' ? left && right : left || right;
  }
  const operator = nullComparison(ctx, inner, slots);
  // a channel is an object: it is neither null nor undefined
  return operator === '!=' || operator === '!==';
}

/** Whether `test` is false whenever the slot holds a channel (`!channel`, `ref.current == null`). */
function falseWhenHeld(ctx: AnalysisContext, test: Node, slots: readonly ChannelSlot[]): boolean {
  const inner = unwrap(test);
  if (inner.type === 'UnaryExpression' && inner.operator === '!') return trueWhenHeld(ctx, inner.argument, slots);
  if (inner.type === 'LogicalExpression' && inner.operator !== '??') {
    const left = falseWhenHeld(ctx, inner.left, slots);
    const right = falseWhenHeld(ctx, inner.right, slots);
    return inner.operator === '||' ? left && right : left || right;
  }
  const operator = nullComparison(ctx, inner, slots);
  return operator === '==' || operator === '===';
}

/** Nodes a statement or expression passes through on its way to run whenever its parent runs. */
const PASS_THROUGH: ReadonlySet<string> = new Set([
  'AwaitExpression',
  'BlockStatement',
  'ChainExpression',
  'ExpressionStatement',
  'ReturnStatement',
  'SequenceExpression',
  'TSAsExpression',
  'TSNonNullExpression',
  'VariableDeclaration',
  'VariableDeclarator',
]);

/** Whether `current` runs its child `child` whenever it runs and the slot holds a channel. */
function runsChild(ctx: AnalysisContext, current: Node, child: Node, slots: readonly ChannelSlot[]): boolean {
  if (PASS_THROUGH.has(current.type)) return true;
  switch (current.type) {
    case 'UnaryExpression':
      return current.operator === 'void';
    case 'TryStatement':
      return current.block === child || current.finalizer === child;
    case 'IfStatement':
    case 'ConditionalExpression':
      if (current.test === child) return true;
      return current.consequent === child
        ? trueWhenHeld(ctx, current.test, slots)
        : falseWhenHeld(ctx, current.test, slots);
    case 'LogicalExpression':
      if (current.left === child) return true;
      if (current.operator === '&&') return trueWhenHeld(ctx, current.left, slots);
      return current.operator === '||' && falseWhenHeld(ctx, current.left, slots);
    default:
      return false;
  }
}

/** Whether an early exit (`return`, `throw`) is taken only when the slot holds no channel (`if (!channel) return;`). */
function exitsOnlyWhenEmpty(
  ctx: AnalysisContext,
  exit: Node,
  fn: FunctionNode,
  slots: readonly ChannelSlot[],
): boolean {
  let child: Node = exit;
  for (let current = exit.parent; current && current !== fn; child = current, current = current.parent) {
    if (current.type !== 'IfStatement') continue;
    if (current.consequent === child && falseWhenHeld(ctx, current.test, slots)) return true;
    if (current.alternate === child && trueWhenHeld(ctx, current.test, slots)) return true;
  }
  return false;
}

/**
 * Whether `node`, in the body of `fn` (not in a function nested in it), runs
 * on every call of `fn` in which the slot holds a channel: every node between
 * them runs it, and no `return` or `throw` before it leaves unless the slot is empty.
 */
function runsWhenHeld(ctx: AnalysisContext, node: Node, fn: FunctionNode, slots: readonly ChannelSlot[]): boolean {
  let child: Node = node;
  for (let current = node.parent; current !== fn; child = current, current = current.parent) {
    if (!current || !runsChild(ctx, current, child, slots)) return false;
  }
  for (const exit of subtree(fn.body, (current) => !isFunction(current))) {
    if (exit.type !== 'ReturnStatement' && exit.type !== 'ThrowStatement') continue;
    if (exit.range[1] > node.range[0]) continue; // not before the node, or around it (`return remove(ch)`)
    if (!exitsOnlyWhenEmpty(ctx, exit, fn, slots)) return false;
  }
  return true;
}

const REMOVERS: ReadonlySet<string> = new Set(['removeChannel', 'removeSubscription']);

/** Whether a call of `fn`'s own body removes what a slot holds: `client.removeChannel(ref.current)`, `channel.unsubscribe()`. */
function removesSlot(ctx: AnalysisContext, call: TSESTree.CallExpression, slots: readonly ChannelSlot[]): boolean {
  const method = asMethodCall(call);
  if (!method || method.call !== call) return false;
  if (method.name === 'removeAllChannels') return true;
  const first = call.arguments[0];
  if (REMOVERS.has(method.name)) return first !== undefined && readsSlot(ctx, first, slots);
  return method.name === 'unsubscribe' && readsSlot(ctx, method.object, slots);
}

/**
 * Whether `fn` removes the channel a slot holds whenever it holds one: it
 * removes it itself, or calls a helper of the file that does (see the module
 * comment for what is followed).
 */
export function removesStoredChannel(
  ctx: AnalysisContext,
  fn: FunctionNode,
  slots: readonly ChannelSlot[],
  seen: Set<FunctionNode> = new Set(),
): boolean {
  if (slots.length === 0 || seen.size > MAX_HELPER_DEPTH || seen.has(fn)) return false;
  seen.add(fn);
  for (const node of subtree(fn.body, (current) => !isFunction(current))) {
    if (node.type !== 'CallExpression') continue;
    const helper = removesSlot(ctx, node, slots) ? null : calledFunction(ctx, node.callee);
    if (!helper && !removesSlot(ctx, node, slots)) continue;
    if (!runsWhenHeld(ctx, node, fn, slots)) continue;
    if (!helper || removesStoredChannel(ctx, helper, slots, seen)) return true;
  }
  return false;
}
