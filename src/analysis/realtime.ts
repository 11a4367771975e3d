/**
 * The one recognizer of Supabase Realtime subscriptions: Postgres Changes
 * listeners (`channel.on('postgres_changes', { event, schema, table, filter }, cb)`),
 * legacy v1 table listeners (`client.from('t:col=eq.v').on('INSERT', cb)`),
 * channel subscriptions (`.subscribe()`), where they live (an effect, a
 * component's render body, a loop) and whether an effect removes them.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  asMethodCall,
  childNodes,
  type FunctionNode,
  functionName,
  isFunction,
  isNoValue,
  keyName,
  LOOPS,
  memberName,
  type Node,
  outermost,
  staticString,
  unwrap,
} from './ast.js';
import { type AnalysisContext, constantInit, type Detector, resolveIdentifier, type Variable } from './scope.js';
import { typeOracle } from './types.js';

const MAX_DEPTH = 8;
const LEGACY_EVENTS: ReadonlySet<string> = new Set(['INSERT', 'UPDATE', 'DELETE', '*']);

// ---------------------------------------------------------------- values

/** The value a variable holds when it is assigned exactly once (`const x = v`, or `let x; ... x = v`). */
export function assignedValue(variable: Variable): TSESTree.Expression | null {
  const init = constantInit(variable);
  if (init) return init;
  if (variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type !== 'Variable' || def.node.init || def.node.id.type !== 'Identifier') return null;
  const writes = variable.references.filter((ref) => ref.isWrite() && ref.writeExpr);
  if (writes.length !== 1) return null;
  const parent = writes[0]!.identifier.parent;
  if (parent?.type !== 'AssignmentExpression' || parent.operator !== '=') return null;
  return writes[0]!.writeExpr as TSESTree.Expression;
}

/** An object literal, written inline or held by a constant. */
function objectLiteral(ctx: AnalysisContext, node: Node | undefined): TSESTree.ObjectExpression | null {
  if (!node || node.type === 'SpreadElement') return null;
  const inner = unwrap(node);
  if (inner.type === 'ObjectExpression') return inner;
  if (inner.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, inner);
  const init = variable && constantInit(variable);
  return init ? objectLiteral(ctx, init) : null;
}

/**
 * Whether an expression gives a filter: a non-empty string, or any value the
 * code computes (a template, a variable, a `postgresChangesFilter()` call).
 * `undefined`, `null`, `''` and a conditional or `&&` that can yield them do not.
 */
export function filterPresence(node: Node): 'yes' | 'no' {
  const inner = unwrap(node);
  switch (inner.type) {
    case 'Literal':
      return typeof inner.value === 'string' && inner.value.trim() !== '' ? 'yes' : 'no';
    case 'Identifier':
      return inner.name === 'undefined' ? 'no' : 'yes';
    case 'TemplateLiteral':
      return inner.expressions.length === 0 && (inner.quasis[0]?.value.cooked ?? '').trim() === '' ? 'no' : 'yes';
    case 'ConditionalExpression':
      return filterPresence(inner.consequent) === 'yes' && filterPresence(inner.alternate) === 'yes' ? 'yes' : 'no';
    case 'LogicalExpression':
      if (inner.operator === '&&') return 'no';
      return filterPresence(inner.right);
    case 'UnaryExpression':
      return inner.operator === 'void' ? 'no' : 'yes';
    default:
      return 'yes';
  }
}

// ------------------------------------------------------ unbounded listeners

export interface UnboundedListener {
  kind: 'unfiltered-table' | 'whole-schema';
  /** The node to report: the config object (or its variable), or the legacy table string. */
  node: TSESTree.Node;
  /** The `.on(...)` call. */
  on: TSESTree.CallExpression;
  table: string | null;
  schema: string | null;
  legacy: boolean;
}

/** `.on('postgres_changes', config, cb)`: what the config leaves out. */
function postgresChangesListener(
  ctx: AnalysisContext,
  on: TSESTree.CallExpression,
  allowTables: ReadonlySet<string>,
): UnboundedListener | null {
  const configArgument = on.arguments[1];
  const config = objectLiteral(ctx, configArgument);
  if (!config || !configArgument) return null;
  let table: string | null | undefined;
  let schema: string | null = null;
  let filter: 'yes' | 'no' = 'no';
  let spread = false;
  let hasFilter = false;
  for (const property of config.properties) {
    if (property.type === 'SpreadElement') {
      spread = true;
      continue;
    }
    const key = keyName(property.key, property.computed);
    if (key === 'table') table = staticString(property.value);
    else if (key === 'schema') schema = staticString(property.value);
    else if (key === 'filter') {
      hasFilter = true;
      filter = filterPresence(property.value);
    } else if (key === null) spread = true;
  }
  // a spread may carry the table or the filter: do not guess
  if (spread && (!hasFilter || table === undefined)) return null;
  if (filter === 'yes') return null;
  const base = { node: configArgument, on, schema, legacy: false };
  if (table === undefined || schema === '*') return { ...base, kind: 'whole-schema', table: null };
  if (table !== null && allowTables.has(table)) return null;
  return { ...base, kind: 'unfiltered-table', table };
}

/** `client.from('t').on('INSERT', cb)`: the legacy v1 listener, filtered only through `'t:col=op.value'`. */
function legacyListener(
  ctx: AnalysisContext,
  on: TSESTree.CallExpression,
  allowTables: ReadonlySet<string>,
): { from: TSESTree.CallExpression; listener: UnboundedListener } | null {
  let receiver: Node = on;
  let from: TSESTree.CallExpression | null = null;
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    const call = asMethodCall(receiver);
    if (!call) break;
    if (call.name === 'on') {
      receiver = call.object;
      continue;
    }
    if (call.name === 'from' && call.call.arguments.length === 1) from = call.call;
    break;
  }
  if (!from) {
    const inner = unwrap(receiver);
    if (inner.type !== 'Identifier') return null;
    const variable = resolveIdentifier(ctx, inner);
    const init = variable && constantInit(variable);
    const call = init && asMethodCall(init);
    if (!call || call.name !== 'from' || call.call.arguments.length !== 1) return null;
    from = call.call;
  }
  const argument = from.arguments[0]!;
  const inner = unwrap(argument);
  let text: string | null = staticString(inner);
  if (text === null && inner.type === 'TemplateLiteral') text = inner.quasis[0]?.value.cooked ?? null;
  if (text === null) return null;
  const colon = text.indexOf(':');
  const table = colon < 0 ? text : text.slice(0, colon);
  if (table === '') return null;
  if (colon >= 0 && (colon < text.length - 1 || inner.type === 'TemplateLiteral')) return null;
  const base = { node: argument, on, schema: null, legacy: true };
  if (table === '*') return { from, listener: { ...base, kind: 'whole-schema', table: null } };
  if (allowTables.has(table)) return null;
  return { from, listener: { ...base, kind: 'unfiltered-table', table } };
}

/** Text gate (see postgrest.ts): a Postgres Changes listener, or a legacy `.on('INSERT' | ...)`. */
export function mayHoldUnboundedListener(text: string): boolean {
  return text.includes('postgres_changes') || /\.on\(\s*['"`](INSERT|UPDATE|DELETE|\*)/.test(text);
}

/** Text gate (see postgrest.ts): a subscription needs `.subscribe(` and a `.channel(` or a legacy `.from(`. */
export function mayHoldLeakingSubscription(text: string): boolean {
  return text.includes('subscribe') && (text.includes('channel') || text.includes('from'));
}

export interface UnboundedRealtimeOptions {
  allowTables: readonly string[];
}

/**
 * Finds Postgres Changes listeners that receive rows the client does not
 * need (what no-unbounded-realtime reports). Broadcast and presence listeners
 * are not looked at. Null for a file that never spells `.on`.
 */
export function createUnboundedRealtimeDetector(
  ctx: AnalysisContext,
  options: UnboundedRealtimeOptions,
): Detector<UnboundedListener> | null {
  if (!mayHoldUnboundedListener(ctx.text)) return null;
  const allowTables = new Set(options.allowTables);
  const types = typeOracle(ctx);
  const found: UnboundedListener[] = [];
  const legacyFroms = new Set<TSESTree.CallExpression>();
  return {
    listeners: {
      CallExpression(node: TSESTree.CallExpression) {
        const call = asMethodCall(node);
        if (!call || call.call !== node || call.name !== 'on') return;
        const event = staticString(node.arguments[0]);
        if (event === null) return;
        // with types, an emitter that is not a supabase-js channel is not a subscription
        if (types?.isSupabase(call.object) === 'no') return;
        if (event === 'postgres_changes') {
          const listener = postgresChangesListener(ctx, node, allowTables);
          if (listener) found.push(listener);
        } else if (LEGACY_EVENTS.has(event)) {
          const legacy = legacyListener(ctx, node, allowTables);
          if (legacy && !legacyFroms.has(legacy.from)) {
            legacyFroms.add(legacy.from);
            found.push(legacy.listener);
          }
        }
      },
    },
    finish: () => found.sort((a, b) => a.node.range[0] - b.node.range[0]),
  };
}

// ------------------------------------------------------------- subscriptions

export interface ChannelOrigin {
  /** `channel`: `client.channel(name)`; `legacy`: `client.from(t).on(event, cb)`. */
  kind: 'channel' | 'legacy';
  /** The `client.channel(...)` / `client.from(...)` call. */
  create: TSESTree.CallExpression;
  /** `client` in `client.channel(...)`. */
  client: TSESTree.Expression;
  /** The variables the channel passes through before it is subscribed. */
  variables: Variable[];
}

/** Where a `.subscribe()` receiver comes from, through `.on()` chains and variables. */
export function channelOrigin(
  ctx: AnalysisContext,
  node: Node,
  seen: Set<Variable> = new Set(),
  legacyOn = false,
  depth = 0,
): ChannelOrigin | null {
  if (depth > MAX_DEPTH * 2) return null;
  const inner = unwrap(node);
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    if (!variable || seen.has(variable)) return null;
    seen.add(variable);
    const value = assignedValue(variable);
    const origin = value && channelOrigin(ctx, value, seen, legacyOn, depth + 1);
    if (origin) origin.variables.push(variable);
    return origin ?? null;
  }
  const call = asMethodCall(inner);
  if (!call) return null;
  switch (call.name) {
    case 'on': {
      const event = staticString(call.call.arguments[0]);
      const legacy = event !== null && LEGACY_EVENTS.has(event);
      return channelOrigin(ctx, call.object, seen, legacyOn || legacy, depth + 1);
    }
    case 'subscribe':
      return channelOrigin(ctx, call.object, seen, legacyOn, depth + 1);
    case 'channel':
      if (call.call.arguments.length === 0 || legacyOn) return null;
      return { kind: 'channel', create: call.call, client: call.object, variables: [] };
    case 'from':
      if (!legacyOn || call.call.arguments.length !== 1) return null;
      return { kind: 'legacy', create: call.call, client: call.object, variables: [] };
    default:
      return null;
  }
}

export const DEFAULT_EFFECT_HOOKS: readonly string[] = ['useEffect', 'useLayoutEffect'];
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

/** `useEffect(fn, deps)` / `React.useLayoutEffect(fn)`: the effect call when `fn` is its callback. */
export function effectCallOf(
  fn: FunctionNode,
  hooks: ReadonlySet<string> = new Set(DEFAULT_EFFECT_HOOKS),
): TSESTree.CallExpression | null {
  const outer = outermost(fn);
  const parent = outer.parent;
  if (parent?.type !== 'CallExpression' || parent.arguments[0] !== outer) return null;
  const callee = unwrap(parent.callee);
  const name =
    callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
  return name !== null && hooks.has(name) ? parent : null;
}

/** A loop, or an array callback (`items.forEach(...)`, `.map(...)`), around `node`. */
export function enclosingLoop(node: Node): Node | null {
  let child: Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (LOOPS.has(current.type) && 'body' in current && current.body === child) return current;
    if (isFunction(current)) {
      const outer = outermost(current);
      const call = outer.parent;
      if (call?.type === 'CallExpression' && call.arguments[0] === outer) {
        const method = asMethodCall(call);
        if (method && ARRAY_CALLBACKS.has(method.name)) return call;
      }
    }
  }
  return null;
}

function* walk(node: Node): Generator<Node> {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    yield current;
    stack.push(...childNodes(current));
  }
}

/** The functions an effect callback returns as its cleanup (`return () => ...`, `return cleanup`). */
export function cleanupsOf(
  ctx: AnalysisContext,
  effect: FunctionNode,
): { returns: TSESTree.ReturnStatement[]; functions: Node[]; opaque: boolean } {
  const returns: TSESTree.ReturnStatement[] = [];
  const functions: Node[] = [];
  let opaque = false;
  if (effect.async) return { returns, functions, opaque };
  if (effect.body.type !== 'BlockStatement') {
    // `useEffect(() => cleanupLater())`: an expression body is what the effect returns
    const value = unwrap(effect.body);
    if (isFunction(value)) functions.push(value);
    else if (value.type === 'CallExpression' && asMethodCall(value)?.name !== 'subscribe') opaque = true;
    return { returns, functions, opaque };
  }
  const stack: Node[] = [effect.body];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (isFunction(current)) continue;
    if (current.type === 'ReturnStatement' && current.argument) {
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
      continue;
    }
    stack.push(...childNodes(current));
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
  for (const node of walk(cleanup)) {
    if (node.type !== 'CallExpression') continue;
    const call = asMethodCall(node);
    if (call?.name === 'removeAllChannels') return true;
    if (call && REMOVERS.has(call.name) && verdict(node.arguments[0]) !== 'other') return true;
    if (call?.name === 'unsubscribe' && verdict(call.object) !== 'other') return true;
    if (node.arguments.some((argument) => verdict(argument) === 'mine')) return true;
  }
  return false;
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

function nearestFunction(node: Node): FunctionNode | null {
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) return current;
  return null;
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
    const fn = nearestFunction(node);
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
        for (let fn = nearestFunction(call); fn; fn = nearestFunction(fn)) {
          if (effectCallOf(fn, hooks)) {
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
        const fn = nearestFunction(call);
        const component = fn && componentName(fn, rendersJsx);
        if (component) found.push({ ...base, kind: 'render-body', component });
      }
      return found;
    },
  };
}
