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
  memberName,
  namedCallTaking,
  type Node,
  outermost,
  subtree,
  unwrap,
} from '../ast.js';
import { resolveIdentifier } from '../scope.js';
import type { AnalysisContext, Detector } from '../detector.js';
import { mayHoldLeakingSubscription } from '../text-gates.js';
import { typeOracle } from '../type-oracle.js';
import { type ChannelOrigin, channelOrigin } from './channels.js';
import { cleanupsOf, DEFAULT_EFFECT_HOOKS, removesChannel } from './cleanup.js';
import { calledFunction, dropsResult, returnsChannelCleanup } from './helpers.js';

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
  kind: 'loop' | 'missing-cleanup' | 'render-body' | 'dropped-cleanup';
  /** The `.subscribe()` call (dropped-cleanup: the one in the helper). */
  subscribe: TSESTree.CallExpression;
  channel: ChannelOrigin;
  /** The effect callback (missing-cleanup). */
  effect: FunctionNode | null;
  /** The component or hook (render-body). */
  component: string | null;
  /** The loop or array-callback call (loop). */
  loop: Node | null;
  /** dropped-cleanup: the helper call whose returned cleanup the effect drops (`setup()`), and the helper's name. */
  dropped: { call: TSESTree.CallExpression; helper: string } | null;
}

/** What the file tells about its components: the functions that hold JSX, the names used as JSX elements. */
interface ComponentEvidence {
  /** Functions with JSX in their body, at any depth (`items.map((i) => <li />)` counts for the outer one). */
  rendersJsx: ReadonlySet<FunctionNode>;
  /** Element names the file renders (`<Listener />`). */
  jsxNames: ReadonlySet<string>;
  /** Whether the file holds JSX anywhere. */
  hasJsx: boolean;
}

/** The wrappers a component is handed to (`memo(function Room() {...})`). */
const COMPONENT_WRAPPERS: ReadonlySet<string> = new Set(['memo', 'forwardRef', 'observer']);

/** `return null`, `return children`, `return props.children`: what a component renders when it draws nothing itself. */
function returnsNothingOrChildren(fn: FunctionNode): boolean {
  if (fn.body.type !== 'BlockStatement') return false;
  for (const node of subtree(fn.body, (current) => !isFunction(current))) {
    if (node.type !== 'ReturnStatement' || !node.argument) continue;
    const value = unwrap(node.argument);
    if (value.type === 'Literal' && value.value === null) return true;
    if (value.type === 'Identifier' && value.name === 'children') return true;
    if (value.type === 'MemberExpression' && memberName(value) === 'children') return true;
  }
  return false;
}

/**
 * A React component or a hook (`useX`). A component is a capitalized function
 * (not a class method) that renders JSX, is rendered as an element in the
 * file, is handed to memo/forwardRef, or, in a file that renders JSX, renders
 * `null` or its children: whatever it returns, its body runs on every render.
 */
function componentName(fn: FunctionNode, evidence: ComponentEvidence): string | null {
  const name = functionName(fn);
  if (name === null) return null;
  if (/^use[A-Z0-9]/.test(name)) return name;
  if (!/^[A-Z]/.test(name)) return null;
  const parent = outermost(fn).parent;
  if (parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && parent.method)) return null;
  if (evidence.rendersJsx.has(fn) || evidence.jsxNames.has(name)) return name;
  if (namedCallTaking(fn, COMPONENT_WRAPPERS)) return name;
  return evidence.hasJsx && returnsNothingOrChildren(fn) ? name : null;
}

/** The call a finding is reported at: the `.subscribe()`, or the helper call whose cleanup is dropped. */
export function reportedAt(leak: LeakingSubscription): TSESTree.CallExpression {
  return leak.dropped?.call ?? leak.subscribe;
}

/**
 * Effect calls of a helper of this file that subscribes a channel and returns
 * its cleanup, where the effect drops that cleanup (`useEffect(() => { setup(); })`).
 */
function droppedCleanups(
  ctx: AnalysisContext,
  effectCalls: readonly TSESTree.CallExpression[],
  subscribes: readonly { call: TSESTree.CallExpression; channel: ChannelOrigin }[],
): LeakingSubscription[] {
  const found: LeakingSubscription[] = [];
  for (const call of effectCalls) {
    const helper = calledFunction(ctx, call.callee);
    if (!helper || !dropsResult(ctx, call)) continue;
    const made = subscribes.find(
      ({ call: subscribe, channel }) =>
        enclosingFunction(subscribe) === helper &&
        !enclosingLoop(subscribe) &&
        returnsChannelCleanup(ctx, helper, channel),
    );
    if (!made) continue;
    const effect = enclosingFunction(call);
    found.push({
      kind: 'dropped-cleanup',
      subscribe: made.call,
      channel: made.channel,
      effect,
      component: null,
      loop: null,
      dropped: { call, helper: (unwrap(call.callee) as TSESTree.Identifier).name },
    });
  }
  return found;
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
  const jsxNames = new Set<string>();
  /** Calls of a plain function made directly in an effect callback (`setup()`): helpers, maybe. */
  const effectCalls: TSESTree.CallExpression[] = [];
  let hasJsx = false;
  const markJsx = (node: Node) => {
    hasJsx = true;
    for (let fn = enclosingFunction(node); fn && !rendersJsx.has(fn); fn = enclosingFunction(fn)) rendersJsx.add(fn);
  };
  return {
    listeners: {
      CallExpression(node: TSESTree.CallExpression) {
        if (unwrap(node.callee).type === 'Identifier') {
          const fn = enclosingFunction(node);
          if (fn && namedCallTaking(fn, hooks)) effectCalls.push(node);
          return;
        }
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
      JSXOpeningElement(node: TSESTree.JSXOpeningElement) {
        if (node.name.type === 'JSXIdentifier') jsxNames.add(node.name.name);
      },
    },
    finish() {
      const found: LeakingSubscription[] = [];
      for (const { call, channel } of subscribes) {
        const base = { subscribe: call, channel, effect: null, component: null, loop: null, dropped: null };
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
        const component = fn && componentName(fn, { rendersJsx, jsxNames, hasJsx });
        if (component) found.push({ ...base, kind: 'render-body', component });
      }
      found.push(...droppedCleanups(ctx, effectCalls, subscribes));
      return found;
    },
  };
}
