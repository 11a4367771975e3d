/**
 * The leaking-subscription detector (what require-realtime-cleanup reports):
 * subscriptions made once per loop item, in an effect whose cleanup does not
 * remove them, or in a component's render body.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  asMethodCall,
  enclosingFunction,
  type FunctionNode,
  functionName,
  isFunction,
  LOOPS,
  namedCallTaking,
  type Node,
  outermost,
  unwrap,
} from '../ast.js';
import { type AnalysisContext, type Detector, resolveIdentifier } from '../scope.js';
import { mayHoldLeakingSubscription } from '../text-gates.js';
import { typeOracle } from '../types.js';
import { type ChannelOrigin, channelOrigin } from './channels.js';
import { cleanupsOf, DEFAULT_EFFECT_HOOKS, removesChannel } from './cleanup.js';

const ARRAY_CALLBACKS: ReadonlySet<string> = new Set([
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
]);

/** A loop, or an array callback (`items.forEach(...)`, `.map(...)`), around `node`. */
export function enclosingLoop(node: Node): Node | null {
  let child: Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (LOOPS.has(current.type) && 'body' in current && current.body === child) return current;
    if (isFunction(current)) {
      // `items.forEach(fn)`, not a bare `forEach(fn)`
      const call = namedCallTaking(current, ARRAY_CALLBACKS);
      if (call && unwrap(call.callee).type === 'MemberExpression') return call;
    }
  }
  return null;
}

export interface LeakingSubscription {
  kind: 'loop' | 'missing-cleanup' | 'render-body';
  /** The `.subscribe()` call. */
  subscribe: TSESTree.CallExpression;
  channel: ChannelOrigin;
  /** The effect callback (missing-cleanup). */
  effect: FunctionNode | null;
  /** The component or hook (render-body). */
  component: string | null;
  /** The loop or array-callback call (loop). */
  loop: Node | null;
}

/** A React component (a capitalized function that renders JSX) or a hook (`useX`). */
function componentName(fn: FunctionNode, rendersJsx: ReadonlySet<FunctionNode>): string | null {
  const name = functionName(fn);
  if (name === null) return null;
  if (/^use[A-Z0-9]/.test(name)) return name;
  return /^[A-Z]/.test(name) && rendersJsx.has(fn) ? name : null;
}

/**
 * Finds subscriptions that are never removed or multiply (what
 * require-realtime-cleanup reports): one per loop item, subscribed in an
 * effect whose cleanup does not remove it, or subscribed in a component's
 * render body. Outside React only the loop case is reported. Null for a file
 * that never spells `subscribe`.
 */
export function createRealtimeCleanupDetector(
  ctx: AnalysisContext,
  options: { effectHooks: readonly string[] } = { effectHooks: DEFAULT_EFFECT_HOOKS },
): Detector<LeakingSubscription> | null {
  if (!mayHoldLeakingSubscription(ctx.text)) return null;
  const types = typeOracle(ctx);
  const hooks = new Set(options.effectHooks);
  const subscribes: { call: TSESTree.CallExpression; channel: ChannelOrigin }[] = [];
  const rendersJsx = new Set<FunctionNode>();
  const markJsx = (node: Node) => {
    const fn = enclosingFunction(node);
    if (fn) rendersJsx.add(fn);
  };
  return {
    listeners: {
      CallExpression(node: TSESTree.CallExpression) {
        const call = asMethodCall(node);
        if (!call || call.call !== node || call.name !== 'subscribe') return;
        const channel = channelOrigin(ctx, call.object);
        if (!channel) return;
        if (types?.isSupabase(call.object) === 'no') return;
        const outer = outermost(node);
        const parent = outer.parent;
        const bound =
          parent?.type === 'VariableDeclarator' && parent.init === outer && parent.id.type === 'Identifier'
            ? parent.id
            : parent?.type === 'AssignmentExpression' && parent.right === outer && parent.left.type === 'Identifier'
              ? parent.left
              : null;
        const variable = bound && resolveIdentifier(ctx, bound);
        if (variable) channel.variables.push(variable);
        subscribes.push({ call: node, channel });
      },
      JSXElement: markJsx,
      JSXFragment: markJsx,
    },
    finish() {
      const found: LeakingSubscription[] = [];
      for (const { call, channel } of subscribes) {
        const base = { subscribe: call, channel, effect: null, component: null, loop: null };
        const loop = enclosingLoop(call);
        if (loop) {
          found.push({ ...base, kind: 'loop', loop });
          continue;
        }
        let effect: FunctionNode | null = null;
        for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
          if (namedCallTaking(fn, hooks)) {
            effect = fn;
            break;
          }
        }
        if (effect) {
          const { functions, opaque } = cleanupsOf(ctx, effect);
          if (opaque || functions.some((cleanup) => removesChannel(ctx, cleanup, channel))) continue;
          found.push({ ...base, kind: 'missing-cleanup', effect });
          continue;
        }
        const fn = enclosingFunction(call);
        const component = fn && componentName(fn, rendersJsx);
        if (component) found.push({ ...base, kind: 'render-body', component });
      }
      return found;
    },
  };
}
