/**
 * The capacity detector of one file: every site that runs requests again and
 * again (a `setInterval`, a `setTimeout` that schedules its own function, a
 * React Query or SWR hook with its polling and focus options, a focus or
 * reconnect listener) with what each run sends; every Realtime channel the
 * file subscribes, with its listeners and whether it is removed; the client's
 * query defaults; and the components the file renders once per row of a list.
 * Each site names the function it is in (its owner), so that the project pass
 * (analyze.ts) can multiply a component rendered per row.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  asMethodCall,
  enclosingFunction,
  type FunctionNode,
  isFunction,
  memberName,
  methodLoc,
  objectProperty,
  type Node,
  staticString,
  subtree,
  unwrap,
} from '../analysis/ast.js';
import type { AnalysisContext, Detector } from '../analysis/detector.js';
import { functionKey } from '../analysis/project/module-facts.js';
import { triggerKind, triggeredCallback } from '../analysis/project/state-facts.js';
import { channelOrigin } from '../analysis/realtime/channels.js';
import { DEFAULT_EFFECT_HOOKS } from '../analysis/realtime/cleanup.js';
import { createRealtimeCleanupDetector, type LeakingSubscription } from '../analysis/realtime/leaking-subscriptions.js';
import { readPostgresChanges, readLegacyListener } from '../analysis/realtime/listener.js';
import type { FunctionLookupSource } from '../analysis/project/lookup.js';
import type { ChannelFate, EventKind, ListenerFact, PeriodicKind, Run } from './model.js';
import {
  type ClientDefaults,
  queryClientDefaults,
  queryHook,
  type QueryHookOptions,
  refetchedHook,
} from './query-hooks.js';
import { localFunction, runOfCallback, runOfReference, type RunContext, type Show } from './runs.js';
import { type Option, periodOption, shortText } from './values.js';
import { rowRender, type RowRender } from './rows.js';
import { handedIn, type HandedIn } from './handed-in.js';
import { constantTable } from './tables.js';

/** The keyed function a site is in (a component, a hook, a service method), for the per-row multiplier. */
export interface Owner {
  /** Absolute path of its module. */
  file: string;
  key: string;
  name: string;
}

interface Placed {
  line: number;
  text: string;
  owner: Owner | null;
}

export interface RawTimer extends Placed {
  kind: PeriodicKind;
  period: Option<number>;
  run: Run;
  transient?: string;
  /** Its period or callback is a parameter of its function: each caller hands it in. */
  handed?: HandedIn;
}

export interface RawEvent extends Placed {
  kind: EventKind;
  run: Run;
}

export interface RawQuery extends Placed {
  options: QueryHookOptions;
  run: Run;
}

export interface RawChannel extends Placed {
  fate: ChannelFate;
  listeners: ListenerFact[];
  /** Subscribed below a call of the effect, in a function that drops it: the calls down to it, the function, and where. */
  below?: { path: string[]; subscriber: string; place: string };
}

export interface FileCapacity {
  timers: RawTimer[];
  events: RawEvent[];
  queries: RawQuery[];
  /** Query hooks whose options are built where the analysis cannot read them. */
  unreadQueries: number[];
  channels: RawChannel[];
  defaults: (ClientDefaults & { line: number })[];
  rows: RowRender[];
}

/** Text gate: a file that may hold a timer, a polling hook, a focus listener, a channel, or the client's query defaults. */
export function mayHoldCapacitySite(text: string): boolean {
  return (
    /setInterval|setTimeout|useInterval|refetchInterval|useQuery|useSuspenseQuery|useInfiniteQuery|useSWR|QueryClient|addEventListener|subscribe\(/.test(
      text,
    ) ||
    // an effect that subscribes a channel, itself or through a helper whose name says so (`subscribeToOrders()`):
    // looser than require-realtime-cleanup's gate, which asks the file's imports instead
    (/use(?:Layout|Focus)?Effect/.test(text) &&
      text.includes('subscribe') &&
      (text.includes('channel') || text.includes('from')))
  );
}

/** Text gate: a file that may render a component once per row of a list (`items.map((item) => <Row />)`). */
export function mayRenderRows(text: string): boolean {
  return /\.(?:map|flatMap)\(/.test(text) && text.includes('<');
}

/** Receivers whose focus / online / visibility events are the page's or the app's. */
const EVENT_TARGETS = /^(window|document|globalThis|self|AppState|focusManager|onlineManager)$/;

function eventKind(ctx: AnalysisContext, call: TSESTree.CallExpression): EventKind | null {
  const trigger = triggerKind(ctx, call);
  if (!trigger || !['focus', 'online', 'app-state'].includes(trigger.kind)) return null;
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression') {
    const object = unwrap(callee.object);
    const name =
      object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' ? memberName(object) : null;
    if (name === null || !EVENT_TARGETS.test(name)) return null;
  }
  return trigger.kind === 'online' ? 'reconnect' : 'focus';
}

/** The nearest function a caller can name, around `node`. */
export function ownerOf(node: Node, file: string): Owner | null {
  const fn = keyedFunction(node);
  const key = fn && functionKey(fn);
  return key ? { file, key, name: key.replace(/@.*$/, '') } : null;
}

/** The nearest function around `node` that the function facts key (a caller can name it). */
function keyedFunction(node: Node): FunctionNode | null {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (functionKey(fn) !== null) return fn;
  }
  return null;
}

/** Hooks that are timers themselves: their call sites are the sites (a project's own `useInterval` included). */
const TIMER_HOOKS: ReadonlySet<string> = new Set(['useInterval']);

/** What a timer's callers hand in, unless its function is a timer hook (whose callers are counted as timers). */
function handedInOf(call: TSESTree.CallExpression, ctx: AnalysisContext, callback: Node, period: Node | undefined) {
  const handed = handedIn(ctx, keyedFunction(call), callback, period);
  return handed && !TIMER_HOOKS.has(handed.name) ? { handed } : {};
}

/** A `setTimeout(f, ms)` inside `f` itself (or whose callback calls `f`): a polling loop; the function it reschedules. */
function timeoutLoop(ctx: AnalysisContext, call: TSESTree.CallExpression, callback: Node): FunctionNode | null {
  const enclosing: FunctionNode[] = [];
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) enclosing.push(fn);
  const named = (node: Node): FunctionNode | null => {
    const inner = unwrap(node);
    if (inner.type !== 'Identifier') return null;
    const scope = ctx.getScope(inner);
    for (let current: typeof scope | null = scope; current; current = current.upper) {
      const variable = current.set.get(inner.name);
      if (!variable) continue;
      const def = variable.defs[0];
      const fn =
        def?.type === 'FunctionName' && isFunction(def.node)
          ? def.node
          : def?.type === 'Variable' && def.node.init && isFunction(unwrap(def.node.init))
            ? (unwrap(def.node.init) as FunctionNode)
            : null;
      return fn && enclosing.includes(fn) ? fn : null;
    }
    return null;
  };
  // a retry (in a catch, or counting down: `retry(n - 1)`) runs a bounded number of times, not on a schedule
  for (let node: Node | undefined = call.parent; node && !isFunction(node); node = node.parent) {
    if (node.type === 'CatchClause') return null;
  }
  const inner = unwrap(callback);
  if (isFunction(inner) && inner.body.type === 'CallExpression' && inner.body.arguments.some(isCountdown)) return null;
  if (!isFunction(inner)) return named(inner);
  for (const node of [inner.body]) {
    if (node.type === 'CallExpression') return named(node.callee);
    if (node.type === 'BlockStatement') {
      for (const statement of node.body) {
        const expression = statement.type === 'ExpressionStatement' ? unwrap(statement.expression) : null;
        const awaited = expression?.type === 'AwaitExpression' ? unwrap(expression.argument) : expression;
        if (awaited?.type === 'CallExpression') {
          const fn = named(awaited.callee);
          if (fn) return fn;
        }
      }
    }
  }
  return null;
}

/** `n - 1`, `attempt + 1`: a counter handed to the next try. */
function isCountdown(node: Node): boolean {
  const inner = unwrap(node);
  return (
    inner.type === 'BinaryExpression' &&
    (inner.operator === '-' || inner.operator === '+') &&
    unwrap(inner.right).type === 'Literal'
  );
}

/**
 * An interval callback that calls `clearInterval`, itself or through the
 * functions of this file it calls (a `useCallback` included, a few calls
 * deep): it stops itself.
 */
function clearsItself(ctx: AnalysisContext, callback: Node, depth = 0, seen: Set<Node> = new Set()): boolean {
  const inner = unwrap(callback);
  const fn = isFunction(inner) ? inner : localFunction(ctx, inner);
  if (!fn || seen.has(fn) || depth > MAX_CLEAR_DEPTH) return false;
  seen.add(fn);
  for (const node of subtree(fn.body)) {
    if (node.type !== 'CallExpression') continue;
    const callee = unwrap(node.callee);
    const name =
      callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
    if (name === 'clearInterval') return true;
    if (callee.type === 'Identifier' && clearsItself(ctx, callee, depth + 1, seen)) return true;
  }
  return false;
}

/** How many calls deep a callback is followed to a `clearInterval`. */
const MAX_CLEAR_DEPTH = 3;

/** A `setTimeout` of a polling loop under an `if` (or a conditional) within the loop's function: it stops when the test fails. */
function rescheduledOnCondition(call: Node, loop: FunctionNode): boolean {
  // a `return` before it (`if (found) return;`): the loop ends there
  for (const node of subtree(loop.body, (inner) => inner === loop.body || !isFunction(inner))) {
    if (node.type === 'ReturnStatement' && node.range[0] < call.range[0]) return true;
  }
  for (let node = call.parent; node && node !== loop; node = node.parent) {
    if (node.type === 'IfStatement' || node.type === 'ConditionalExpression' || node.type === 'LogicalExpression')
      return true;
    if (
      node.type === 'ReturnStatement' &&
      node.parent.type === 'BlockStatement' &&
      node.parent.parent.type === 'IfStatement'
    )
      return true;
  }
  return false;
}

const LEAK_FATES: Readonly<Record<LeakingSubscription['kind'], ChannelFate>> = {
  loop: 'per-item',
  'missing-cleanup': 'leaks-on-rerun',
  'dropped-cleanup': 'leaks-on-rerun',
  'leak-below': 'leaks-on-rerun',
  'render-body': 'leaks-on-render',
};

function listenerOf(ctx: AnalysisContext, on: TSESTree.CallExpression, file: string): ListenerFact {
  const line = methodLoc(on).start.line;
  const event = staticString(on.arguments[0]);
  if (event === 'postgres_changes') {
    const read = readPostgresChanges(ctx, on);
    const filter = read.filter;
    const filtered =
      filter.kind === 'absent' ? 'no' : filter.kind === 'unknown' || read.conditionalFilter ? 'unknown' : 'yes';
    return {
      file: '',
      line,
      kind: 'postgres_changes',
      // `table: '*'` listens to every table of the schema, as no table does
      table:
        read.table.kind === 'string'
          ? read.table.value === '*'
            ? null
            : read.table.value
          : constantTable(ctx, file, objectProperty(on.arguments[1], 'table')?.value),
      filtered,
    };
  }
  if (event === 'broadcast' || event === 'presence')
    return { file: '', line, kind: event, table: null, filtered: null };
  const legacy = readLegacyListener(ctx, on);
  if (legacy) {
    const filtered = legacy.filter === 'none' ? 'no' : legacy.filter === 'unknown' ? 'unknown' : 'yes';
    return { file: '', line, kind: 'legacy', table: legacy.table, filtered };
  }
  return { file: '', line, kind: 'other', table: null, filtered: null };
}

interface Collected {
  timers: TSESTree.CallExpression[];
  hooks: TSESTree.CallExpression[];
  subscribes: TSESTree.CallExpression[];
  ons: TSESTree.CallExpression[];
  clients: TSESTree.NewExpression[];
  jsx: TSESTree.JSXOpeningElement[];
}

/** The capacity detector for a file (`file`: its absolute path; `show`: how reports name a file). */
export function createCapacityDetector(
  ctx: AnalysisContext,
  file: string,
  show: Show,
  functions: FunctionLookupSource,
): Detector<FileCapacity> | null {
  if (!mayHoldCapacitySite(ctx.text) && !mayRenderRows(ctx.text)) return null;
  const collected: Collected = { timers: [], hooks: [], subscribes: [], ons: [], clients: [], jsx: [] };
  const leaks = createRealtimeCleanupDetector(ctx, { effectHooks: DEFAULT_EFFECT_HOOKS, functions });
  return {
    listeners: {
      ...(leaks?.listeners ?? {}),
      CallExpression(node: TSESTree.CallExpression) {
        (leaks?.listeners as { CallExpression?: (n: TSESTree.CallExpression) => void } | undefined)?.CallExpression?.(
          node,
        );
        const method = asMethodCall(node);
        if (method?.call === node && method.name === 'subscribe') collected.subscribes.push(node);
        else if (method?.call === node && method.name === 'on') collected.ons.push(node);
        else collected.timers.push(node);
        collected.hooks.push(node);
      },
      NewExpression(node: TSESTree.NewExpression) {
        collected.clients.push(node);
      },
      JSXOpeningElement(node: TSESTree.JSXOpeningElement) {
        (
          leaks?.listeners as { JSXOpeningElement?: (n: TSESTree.JSXOpeningElement) => void } | undefined
        )?.JSXOpeningElement?.(node);
        collected.jsx.push(node);
      },
    },
    finish() {
      const run: RunContext = { ctx, lookup: functions(), show, file };
      run.special = (call) => {
        const hook = refetchedHook(ctx, call);
        const options = hook && queryHook(ctx, hook);
        if (!options || options === 'unread' || !options.fetch) return null;
        return runOfReference({ ...run, special: undefined }, options.fetch);
      };
      const found: FileCapacity = {
        timers: [],
        events: [],
        queries: [],
        unreadQueries: [],
        channels: [],
        defaults: [],
        rows: [],
      };
      collectTimers(run, collected.timers, found);
      collectQueries(run, collected.hooks, found);
      collectChannels(ctx, file, collected, leaks?.finish() ?? [], found);
      for (const node of collected.clients) {
        const defaults = queryClientDefaults(ctx, node);
        if (defaults) found.defaults.push({ ...defaults, line: node.loc.start.line });
      }
      for (const element of collected.jsx) {
        const render = rowRender(ctx, element, run.lookup);
        if (render) found.rows.push(render);
      }
      return [found];
    },
  };
}

function collectTimers(run: RunContext, calls: readonly TSESTree.CallExpression[], found: FileCapacity): void {
  const { ctx, file } = run;
  for (const call of calls) {
    const event = eventKind(ctx, call);
    const trigger = event ? null : triggerKind(ctx, call);
    const callback = triggeredCallback(call);
    if (!callback) continue;
    const base = { line: call.loc.start.line, text: shortText(ctx, call), owner: ownerOf(call, file) };
    if (event) {
      found.events.push({ ...base, kind: event, run: runOfReference(run, callback) });
      continue;
    }
    if (trigger?.kind === 'interval') {
      const period = periodOption(ctx, call.arguments[1]);
      const stops = clearsItself(ctx, callback);
      found.timers.push({
        ...base,
        kind: 'interval',
        period,
        run: runOfReference(run, callback),
        ...(stops ? { transient: 'its callback clears the interval (a poll until a condition holds)' } : {}),
        ...handedInOf(call, ctx, callback, call.arguments[1]),
      });
    } else if (trigger?.kind === 'timeout') {
      const loop = timeoutLoop(ctx, call, callback);
      if (!loop) continue;
      const period = periodOption(ctx, call.arguments[1]);
      const conditional = rescheduledOnCondition(call, loop);
      found.timers.push({
        ...base,
        kind: 'timeout-loop',
        period,
        run: runOfCallback(run, loop),
        ...(conditional ? { transient: 'it schedules itself again only on a condition (a poll until it holds)' } : {}),
        // the loop's function is its callback: only its period can be handed in
        ...handedInOf(call, ctx, loop, call.arguments[1]),
      });
    }
  }
}

function collectQueries(run: RunContext, calls: readonly TSESTree.CallExpression[], found: FileCapacity): void {
  const { ctx, file } = run;
  for (const call of calls) {
    const options = queryHook(ctx, call);
    if (options === null) continue;
    if (options === 'unread') {
      found.unreadQueries.push(call.loc.start.line);
      continue;
    }
    if (options.disabled) continue;
    const fetched: Run = options.fetch
      ? runOfReference(run, options.fetch)
      : { requests: [], unresolved: [options.library === 'swr' ? 'the SWRConfig fetcher' : 'the default queryFn'] };
    found.queries.push({
      line: call.loc.start.line,
      text: shortText(ctx, call),
      owner: ownerOf(call, file),
      options,
      run: fetched,
    });
  }
}

function collectChannels(
  ctx: AnalysisContext,
  file: string,
  collected: Collected,
  leaks: readonly LeakingSubscription[],
  found: FileCapacity,
): void {
  const fates = new Map<Node, ChannelFate>();
  for (const leak of leaks) fates.set(leak.subscribe, LEAK_FATES[leak.kind]);
  const listeners = new Map<Node, ListenerFact[]>();
  for (const on of collected.ons) {
    const origin = channelOrigin(ctx, on);
    if (!origin) continue;
    const list = listeners.get(origin.create) ?? [];
    list.push(listenerOf(ctx, on, file));
    listeners.set(origin.create, list);
  }
  // a channel an effect's call subscribes further down (here or in another module) and nobody can remove
  // (or a helper of another module whose remover the effect drops)
  for (const leak of leaks) {
    const elsewhere =
      leak.kind === 'dropped-cleanup' && leak.dropped && asMethodCall(leak.subscribe)?.name !== 'subscribe';
    if (!(leak.kind === 'leak-below' && leak.below) && !elsewhere) continue;
    const path = leak.below?.path ?? [`${leak.dropped!.helper}()`];
    found.channels.push({
      line: leak.subscribe.loc.start.line,
      text: shortText(ctx, leak.subscribe),
      owner: ownerOf(leak.subscribe, file),
      fate: 'leaks-on-rerun',
      listeners: [],
      below: { path, subscriber: path[path.length - 1]!.replace(/\(\)$/, ''), place: leak.below?.place ?? '' },
    });
  }
  const made = new Set<Node>();
  for (const subscribe of collected.subscribes) {
    const method = asMethodCall(subscribe);
    const origin = method && channelOrigin(ctx, method.object);
    // one channel, subscribed again (a reconnect path), is still one channel
    if (!origin || made.has(origin.create)) continue;
    made.add(origin.create);
    let fate = fates.get(subscribe);
    if (!fate) fate = inEffect(subscribe) ? 'removed' : 'not-judged';
    found.channels.push({
      line: subscribe.loc.start.line,
      text: shortText(ctx, origin.create),
      owner: ownerOf(subscribe, file),
      fate,
      listeners: (listeners.get(origin.create) ?? []).sort((a, b) => a.line - b.line),
    });
  }
}

const EFFECTS: ReadonlySet<string> = new Set([...DEFAULT_EFFECT_HOOKS, 'useFocusEffect']);

/** Whether a subscribe runs in an effect (whose cleanup the leak detector found removing it, since it reported none). */
function inEffect(node: Node): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const call = unwrap(fn).parent;
    if (call?.type === 'CallExpression' && call.arguments[0] === fn) {
      const callee = unwrap(call.callee);
      const name =
        callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
      if (name !== null && EFFECTS.has(name)) return true;
    }
  }
  return false;
}
