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
  keyName,
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
import { removesStoredChannel, storedSlots } from './stored-channels.js';
import { leakedChannel, returnsRemover } from '../project/compose.js';
import type { FunctionLookup, FunctionLookupSource } from '../project/lookup.js';
import { ARRAY_CALLBACKS, perItemLoop } from '../per-item.js';
import { MAX_CHAIN_LINKS } from '../limits.js';

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
  /**
   * `leak-below`: an effect calls a function that, some calls further down
   * (in this module or another), subscribes a channel whose remover is
   * dropped on the way up (`useEffect → checkAuth() → subscribeToOrders()`).
   */
  kind: 'loop' | 'missing-cleanup' | 'render-body' | 'dropped-cleanup' | 'leak-below';
  /** The `.subscribe()` call (dropped-cleanup: the one in the helper; a helper in another module, or leak-below: the effect's call). */
  subscribe: TSESTree.CallExpression;
  /** The channel, when it is made in this file (null: made below a call, in another function or module). */
  channel: ChannelOrigin | null;
  /** The effect callback (missing-cleanup). */
  effect: FunctionNode | null;
  /** The component or hook (render-body). */
  component: string | null;
  /** The loop or array-callback call (loop). */
  loop: Node | null;
  /** dropped-cleanup: the helper call whose returned cleanup the effect drops (`setup()`), and the helper's name. */
  dropped: { call: TSESTree.CallExpression; helper: string; async?: true } | null;
  /**
   * leak-below: the calls from the effect to the function that subscribes
   * (`['checkAuth', 'subscribeToOrders']`), the function that drops the
   * remover or the channel, and where (`src/lib/auth.ts:12`).
   */
  below?: { path: string[]; droppedIn: string; dropped: 'channel' | 'remover'; place: string; hook: string };
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

/** Listener kinds of a channel that carry messages sent by clients, not database changes. */
const CLIENT_MESSAGE_EVENTS: ReadonlySet<string> = new Set(['broadcast', 'presence', 'system']);

/**
 * Whether the subscription's chain, from `.subscribe()` back to the
 * `channel()` call, listens only for Broadcast or Presence messages
 * (`.on('broadcast', …)`): no `postgres_changes` listener, so no row filter
 * can serve its items. False when any `.on()` of the chain is of another or
 * an unknown kind, or the chain does not reach the channel's creation.
 */
export function listensOnlyToMessages(leak: LeakingSubscription): boolean {
  const listeners = chainListeners(leak.subscribe, leak.channel);
  return (
    listeners !== null &&
    listeners.length > 0 &&
    listeners.every((on) => {
      const kind = on.arguments[0];
      return kind?.type === 'Literal' && typeof kind.value === 'string' && CLIENT_MESSAGE_EVENTS.has(kind.value);
    })
  );
}

/**
 * The `.on(...)` calls of the chain from a `.subscribe()` back to the
 * channel's creation; null when the chain does not reach it (a call that is
 * no method call on the way, a channel made elsewhere, a chain too long).
 */
function chainListeners(
  subscribe: TSESTree.CallExpression,
  channel: ChannelOrigin | null,
): TSESTree.CallExpression[] | null {
  const listeners: TSESTree.CallExpression[] = [];
  let node: Node = subscribe;
  for (let depth = 0; depth < MAX_CHAIN_LINKS; depth += 1) {
    const call = asMethodCall(node);
    if (!call) return null;
    if (call.call === channel?.create) return listeners;
    if (call.name === 'on') listeners.push(call.call);
    node = call.object;
  }
  return null;
}

/** The names a loop binds for each item: a callback's parameters, a `for...of`/`for...in` variable (destructured too). */
function itemNames(loop: Node): Set<string> {
  const names = new Set<string>();
  let patterns: Node[] = [];
  if (loop.type === 'CallExpression') {
    const callback = loop.arguments[0];
    if (callback && isFunction(callback)) patterns = callback.params;
  } else if (loop.type === 'ForOfStatement' || loop.type === 'ForInStatement') {
    patterns = loop.left.type === 'VariableDeclaration' ? loop.left.declarations.map((d) => d.id) : [loop.left];
  }
  for (const pattern of patterns)
    for (const node of subtree(pattern)) if (node.type === 'Identifier') names.add(node.name);
  return names;
}

/** Whether an identifier of `names` occurs in `node`, outside nested functions. */
function mentions(node: Node, names: ReadonlySet<string>): boolean {
  for (const current of subtree(node, (n) => !isFunction(n)))
    if (current.type === 'Identifier' && names.has(current.name)) return true;
  return false;
}

/**
 * Whether each item of the loop picks the table a channel listens to and
 * nothing else: every listener is `postgres_changes` whose `table` the item
 * gives (`table: watch.table`), and no filter takes a value from it. One
 * channel per table of a list of tables is bounded by the schema, not by the
 * data: it is no channel per row or per user (a handful of tables, each
 * removed by the cleanup, which the other checks still require).
 */
function picksTablesOnly(subscribe: TSESTree.CallExpression, channel: ChannelOrigin | null, loop: Node): boolean {
  const names = itemNames(loop);
  const listeners = chainListeners(subscribe, channel);
  if (names.size === 0 || !listeners || listeners.length === 0) return false;
  return listeners.every((on) => {
    const [kind, config] = on.arguments;
    if (kind?.type !== 'Literal' || kind.value !== 'postgres_changes' || config?.type !== 'ObjectExpression')
      return false;
    let table: Node | null = null;
    for (const property of config.properties) {
      if (property.type !== 'Property') return false;
      if (keyName(property.key, property.computed) === 'table') table = property.value;
      else if (mentions(property.value, names)) return false;
    }
    return table !== null && mentions(table, names);
  });
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
      dropped: {
        call,
        helper: (unwrap(call.callee) as TSESTree.Identifier).name,
        ...(helper.async ? { async: true as const } : {}),
      },
    });
  }
  return found;
}

/** Whether an effect's cleanup removes every channel (`removeAllChannels()`) or cannot be seen into. */
function cleanupCoversAll(ctx: AnalysisContext, effect: FunctionNode): boolean {
  const { functions, opaque } = cleanupsOf(ctx, effect);
  if (opaque) return true;
  return functions.some((cleanup) =>
    [...subtree(cleanup)].some(
      (node) => node.type === 'CallExpression' && asMethodCall(node)?.name === 'removeAllChannels',
    ),
  );
}

/** Whether a function of this file (by its facts' place) is declared inside `outer`. */
function declaredWithin(outer: Node, place: { line: number; column: number }): boolean {
  const { start, end } = outer.loc;
  const after = place.line > start.line || (place.line === start.line && place.column >= start.column);
  const before = place.line < end.line || (place.line === end.line && place.column < end.column);
  return after && before;
}

/** How a message shows a call: `checkAuth()`, `orders.subscribe()`. */
function callText(ctx: AnalysisContext, call: TSESTree.CallExpression): string {
  return `${ctx.text.slice(call.callee.range[0], call.callee.range[1]).replace(/\s+/g, '')}()`;
}

/**
 * Effect calls of a function, in this module or another, through which a
 * channel is subscribed and its remover dropped: the function returns the
 * remover and the effect drops it, or the remover is dropped further down.
 */
function leaksBelow(
  ctx: AnalysisContext,
  lookup: FunctionLookup,
  effectCalls: readonly TSESTree.CallExpression[],
  known: readonly LeakingSubscription[],
  hooks: ReadonlySet<string>,
): LeakingSubscription[] {
  const found: LeakingSubscription[] = [];
  const reported = new Set(known.map((leak) => leak.dropped?.call));
  for (const call of effectCalls) {
    if (reported.has(call)) continue;
    const effect = enclosingFunction(call);
    if (!effect || cleanupCoversAll(ctx, effect)) continue;
    const target = lookup.resolve(call, 'channels');
    if (!target) continue;
    // a function declared in the effect itself: its subscriptions are the effect's own (missing-cleanup)
    if (target.module === lookup.own() && declaredWithin(effect, target.facts)) continue;
    const hook = namedCallTaking(effect, hooks);
    const hookName = hook ? ctx.text.slice(hook.callee.range[0], hook.callee.range[1]) : 'effect';
    const base = { subscribe: call, channel: null, effect, component: null, loop: null };
    if (dropsResult(ctx, call) && returnsRemover(target)) {
      found.push({ ...base, kind: 'dropped-cleanup', dropped: { call, helper: callText(ctx, call).slice(0, -2) } });
      continue;
    }
    const leak = leakedChannel(target);
    if (!leak) continue;
    const place = lookup.place(leak.file, leak.line);
    found.push({
      ...base,
      kind: 'leak-below',
      dropped: null,
      below: {
        path: [callText(ctx, call), ...leak.path.slice(1).map((name) => `${name}()`)],
        droppedIn: leak.droppedIn,
        dropped: leak.dropped,
        place,
        hook: hookName,
      },
    });
  }
  return found;
}

/**
 * Whether a file that never subscribes itself may leak a channel through a
 * helper of another module: it names an effect hook and calls an imported
 * function that, at any depth, subscribes a channel nothing can remove or
 * returns a channel's remover (which the effect may drop). The file need not
 * spell `subscribe`; only the modules that may reach a subscription are read
 * (project/imports.ts), for their facts.
 */
export function mayLeakThroughImports(
  text: string,
  effectHooks: readonly string[],
  imports: Pick<FunctionLookup, 'mayCallInto' | 'importsAny'>,
): boolean {
  return (
    effectHooks.some((hook) => text.includes(hook)) &&
    imports.mayCallInto('channels') &&
    imports.importsAny('channels', (fn) => leakedChannel(fn) !== null || returnsRemover(fn) !== null)
  );
}

/**
 * Finds subscriptions that are never removed or multiply (what
 * require-realtime-cleanup reports): one per loop item, subscribed in an
 * effect whose cleanup does not remove it, or subscribed in a component's
 * render body. Outside React only the loop case is reported. Null for a file
 * that never calls `.subscribe` and names no effect hook calling into a module
 * that may subscribe a channel.
 */
export function createRealtimeCleanupDetector(
  ctx: AnalysisContext,
  options: { effectHooks: readonly string[]; functions?: FunctionLookupSource } = {
    effectHooks: DEFAULT_EFFECT_HOOKS,
  },
): Detector<LeakingSubscription> | null {
  const lookup = options.functions?.() ?? null;
  if (
    !mayHoldLeakingSubscription(ctx.text) &&
    !(lookup && mayLeakThroughImports(ctx.text, options.effectHooks, lookup))
  )
    return null;
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
        const callee = unwrap(node.callee);
        const call = asMethodCall(node);
        if (callee.type === 'Identifier' || (call?.call === node && call.name !== 'subscribe')) {
          const fn = enclosingFunction(node);
          if (fn && namedCallTaking(fn, hooks)) effectCalls.push(node);
          return;
        }
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
        // a statement loop counts when it walks a collection (per-item.ts): not `for (let i = 0; i < 3; i++)`,
        // nor a list written out in the code
        const around = enclosingLoop(call);
        const loop =
          around &&
          (around.type === 'CallExpression' || perItemLoop(ctx, call)?.node === around) &&
          !picksTablesOnly(call, channel, around)
            ? around
            : null;
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
          // the channel kept in a ref the cleanup empties through a helper (`cleanupChannel()`)
          const slots = functions.length > 0 ? storedSlots(ctx, effect, channel) : [];
          if (functions.some((cleanup) => isFunction(cleanup) && removesStoredChannel(ctx, cleanup, slots))) continue;
          found.push({ ...base, kind: 'missing-cleanup', effect });
          continue;
        }
        const fn = enclosingFunction(call);
        const component = fn && componentName(fn, { rendersJsx, jsxNames, hasJsx });
        if (component) found.push({ ...base, kind: 'render-body', component });
      }
      found.push(...droppedCleanups(ctx, effectCalls, subscribes));
      if (lookup) found.push(...leaksBelow(ctx, lookup, effectCalls, found, hooks));
      return found;
    },
  };
}
