/**
 * Effects and their cleanup: the effect hooks, the functions an effect
 * callback returns as its cleanup, and whether a cleanup removes a channel.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall, type FunctionNode, isFunction, isNoValue, type Node, subtree, unwrap } from '../ast.js';
import { constantInit, resolveIdentifier } from '../scope.js';
import type { AnalysisContext } from '../detector.js';
import { type ChannelOrigin, channelOrigin } from './channels.js';
import { assignedValue } from './values.js';

/** The hooks whose first argument is an effect callback (`useEffect(fn, deps)`). */
export const DEFAULT_EFFECT_HOOKS: readonly string[] = ['useEffect', 'useLayoutEffect'];

/** The functions an effect callback returns as its cleanup (`return () => ...`, `return cleanup`). */
export function cleanupsOf(
  ctx: AnalysisContext,
  effect: FunctionNode,
  resolved = false,
): { returns: TSESTree.ReturnStatement[]; functions: Node[]; opaque: boolean } {
  const returns: TSESTree.ReturnStatement[] = [];
  const functions: Node[] = [];
  let opaque = false;
  // an async function returns a promise, never a cleanup; `resolved`: what the promise resolves to
  if (effect.async && !resolved) return { returns, functions, opaque };
  if (effect.body.type !== 'BlockStatement') {
    // `useEffect(() => cleanupLater())`: an expression body is what the effect returns
    const value = unwrap(effect.body);
    if (isFunction(value)) functions.push(value);
    else if (value.type === 'CallExpression' && asMethodCall(value)?.name !== 'subscribe') opaque = true;
    return { returns, functions, opaque };
  }
  // the effect's own return statements: not those of the functions inside it
  for (const current of subtree(effect.body, (node) => !isFunction(node) && node.type !== 'ReturnStatement')) {
    if (current.type !== 'ReturnStatement' || !current.argument) continue;
    returns.push(current);
    const value = unwrap(current.argument);
    if (isFunction(value)) functions.push(value);
    else if (isNoValue(value)) {
      // `return;`-like: `return undefined`, `return null`, `return void 0` give no cleanup
    } else if (value.type === 'Identifier') {
      const variable = resolveIdentifier(ctx, value);
      const def = variable?.defs[0];
      const init = variable && constantInit(variable);
      if (def?.type === 'FunctionName') functions.push(def.node);
      else if (init && isFunction(unwrap(init))) functions.push(unwrap(init));
      else opaque = true;
    } else opaque = true; // `return makeCleanup(channel)`: cannot see inside
  }
  return { returns, functions, opaque };
}

const REMOVERS: ReadonlySet<string> = new Set(['removeChannel', 'removeSubscription']);

/**
 * Whether a cleanup removes this channel: `client.removeChannel(ch)`,
 * `ch.unsubscribe()`, `client.removeAllChannels()`, or a helper called with the
 * channel (`cleanup(ch)`). An argument or receiver the analysis cannot tie to a
 * different channel counts as removing it: the rule does not guess against you.
 */
export function removesChannel(ctx: AnalysisContext, cleanup: Node, channel: ChannelOrigin): boolean {
  const mine = new Set(channel.variables);
  const verdict = (node: Node | undefined): 'mine' | 'other' | 'unknown' => {
    if (!node) return 'other';
    const inner = unwrap(node);
    if (inner.type !== 'Identifier') return 'unknown';
    const variable = resolveIdentifier(ctx, inner);
    if (variable && mine.has(variable)) return 'mine';
    if (!variable) return 'unknown';
    const value = assignedValue(variable);
    return value && channelOrigin(ctx, value) ? 'other' : 'unknown';
  };
  for (const node of subtree(cleanup)) {
    if (node.type !== 'CallExpression') continue;
    const call = asMethodCall(node);
    if (call?.name === 'removeAllChannels') return true;
    if (call && REMOVERS.has(call.name) && verdict(node.arguments[0]) !== 'other') return true;
    if (call?.name === 'unsubscribe' && verdict(call.object) !== 'other') return true;
    if (node.arguments.some((argument) => verdict(argument) === 'mine')) return true;
  }
  return false;
}
