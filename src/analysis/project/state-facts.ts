/**
 * State a function writes and the triggers that run a function, for the
 * function facts: a value persisted (localStorage, AsyncStorage, SecureStore,
 * Deno kv, an IndexedDB/Dexie table, a module variable, `this.field`, a React
 * or store setter, a checkpoint a pull handler returns) with where the value
 * comes from (the rows read, the clock, a constant, a parameter); and a
 * function handed to a timer, an effect, a focus/online/app-state listener,
 * or called in one.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall, childNodes, isFunction, keyName, memberName, type Node, staticString, unwrap } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { constantInit, resolveIdentifier } from '../scope.js';
import { valueOrigin } from '../sync/clock.js';
import type { StoreFact, TriggerFact, ValueOrigin } from './facts.js';

/** Storage objects whose `setItem`/`set` persists a value under a key. */
const STORAGES: ReadonlySet<string> = new Set([
  'localStorage',
  'sessionStorage',
  'AsyncStorage',
  'SecureStore',
  'MMKV',
  'storage',
  'kv',
]);

const STORE_METHODS: ReadonlySet<string> = new Set(['setItem', 'setItemAsync', 'set', 'put', 'setString']);

/** Names that say a value is a sync position (not a status, a count or a log of the last attempt). */
export const POSITION_WORDS =
  /last.?sync|synced.?at|sync.?(time|at|cursor|token|checkpoint|position|point|mark)|cursor|checkpoint|since|last.?pulled.?at|watermark|high.?water|updated.?since|last.?(change|modified|updated).?at/i;

/** Keys of an object a pull handler returns that hold its next position. */
const CHECKPOINT_KEYS: ReadonlySet<string> = new Set(['checkpoint', 'timestamp', 'cursor', 'lastPulledAt', 'since']);

const MAX_DEPTH = 8;

/** The most properties a record of a sync position holds (`{ userId, table, lastSyncedAt, lastId }`). */
const MAX_POSITION_RECORD = 4;

/** Whether `node` is the result of a read (`const { data } = await q`, `data.at(-1)`): rows read. */
function fromRows(ctx: AnalysisContext, node: Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const inner = unwrap(node);
  switch (inner.type) {
    case 'MemberExpression':
      return fromRows(ctx, inner.object, depth + 1);
    case 'ChainExpression':
      return fromRows(ctx, inner.expression, depth + 1);
    case 'CallExpression': {
      const callee = unwrap(inner.callee);
      // rows.at(-1), Math.max(...rows.map(...)), rows.reduce(...)
      if (callee.type === 'MemberExpression' && fromRows(ctx, callee.object, depth + 1)) return true;
      return inner.arguments.some((argument) => fromRows(ctx, argument, depth + 1));
    }
    case 'SpreadElement':
      return fromRows(ctx, inner.argument, depth + 1);
    case 'AwaitExpression':
      return ctx.text.slice(inner.range[0], inner.range[1]).includes('.select(');
    case 'Identifier': {
      const variable = resolveIdentifier(ctx, inner);
      const def = variable?.defs[0];
      if (!variable || def?.type !== 'Variable') return false;
      // `const { data } = await supabase.from(t).select(...)`, `const rows = data ?? []`, and a
      // paging loop's `cursor = data[data.length - 1].updated_at`: any value it is given from rows
      const values = [def.node.init, ...variable.references.map((ref) => (ref.isWrite() ? ref.writeExpr : null))];
      return values.some(
        (value) => value !== null && value !== undefined && value !== inner && fromRows(ctx, value, depth + 1),
      );
    }
    case 'LogicalExpression':
      return fromRows(ctx, inner.left, depth + 1);
    case 'ConditionalExpression':
      // `last ? last.updated_at : since`: the rows when there are some, the old position when not
      return fromRows(ctx, inner.consequent, depth + 1) || fromRows(ctx, inner.alternate, depth + 1);
    case 'ObjectExpression':
      // a checkpoint `{ updated_at: last.updated_at, id: last.id }`
      return inner.properties.some(
        (property) => property.type === 'Property' && fromRows(ctx, property.value, depth + 1),
      );
    default:
      return false;
  }
}

/** Where a stored value comes from. */
export function storedOrigin(ctx: AnalysisContext, value: Node): ValueOrigin {
  const origin = valueOrigin(ctx, value);
  if (origin !== 'other') return origin;
  if (fromRows(ctx, value)) return 'rows';
  const inner = unwrap(value);
  if (inner.type === 'Identifier') {
    const def = resolveIdentifier(ctx, inner)?.defs[0];
    if (def?.type === 'Parameter') return 'parameter';
  }
  return 'other';
}

function place(node: Node): { line: number; column: number } {
  return { line: node.loc.start.line, column: node.loc.start.column };
}

function calleeName(callee: Node): string | null {
  const inner = unwrap(callee);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'MemberExpression') return memberName(inner);
  return null;
}

/** The value an object literal gives a key of CHECKPOINT_KEYS, or a key that names a position. */
function positionProperty(object: TSESTree.ObjectExpression): { key: string; value: Node } | null {
  for (const property of object.properties) {
    if (property.type !== 'Property') continue;
    const key = keyName(property.key, property.computed);
    if (key !== null && (CHECKPOINT_KEYS.has(key) || POSITION_WORDS.test(key))) return { key, value: property.value };
  }
  return null;
}

/**
 * A call that persists a position: `localStorage.setItem('lastSync', v)`,
 * `AsyncStorage.setItem(k, v)`, `kv.set(['cursor'], v)`, `db.meta.put({ key:
 * 'lastSync', value })`, `setLastSyncedAt(v)`, `set({ lastSyncedAt: v })`,
 * `store.setState({ cursor: v })`.
 */
export function storeCall(ctx: AnalysisContext, call: TSESTree.CallExpression): StoreFact | null {
  const method = asMethodCall(call);
  const args = call.arguments.filter((arg): arg is TSESTree.Expression => arg.type !== 'SpreadElement');
  if (method && method.call === call && STORE_METHODS.has(method.name)) {
    const receiver = calleeName(method.object);
    const text = ctx.text.slice(call.range[0], call.range[1]);
    const storage = receiver !== null && STORAGES.has(receiver);
    if (!storage && !POSITION_WORDS.test(text)) return null;
    // a key held by a constant is named by the constant (`LAST_SYNC_KEY`)
    const first0 = args[0] && unwrap(args[0]);
    const key = staticString(args[0]) ?? (first0?.type === 'Identifier' ? first0.name : null);
    const first = args[0] && unwrap(args[0]);
    if (args.length >= 2) {
      return { ...place(call), target: `${receiver ?? 'store'}:${key ?? '?'}`, origin: storedOrigin(ctx, args[1]!) };
    }
    // db.meta.put({ key: 'lastSync', value: v }), store.set({ cursor: v })
    // a row written with a sync stamp (`put({ ...remote, lastSyncedAt: now })`) is a row, not the sync's position:
    // a position record is small and spreads no row into it
    const record =
      first?.type === 'ObjectExpression' &&
      first.properties.length <= MAX_POSITION_RECORD &&
      first.properties.every((property) => property.type === 'Property');
    if (first?.type === 'ObjectExpression' && record) {
      const position = positionProperty(first);
      const value =
        position?.value ??
        first.properties.find((p) => p.type === 'Property' && keyName(p.key, p.computed) === 'value');
      if (!value) return null;
      const node = value.type === 'Property' ? value.value : value;
      return {
        ...place(call),
        target: `${receiver ?? 'store'}:${position?.key ?? '?'}`,
        origin: storedOrigin(ctx, node),
      };
    }
    return null;
  }
  const name = calleeName(call.callee);
  if (name === null) return null;
  // React state and store setters: setLastSyncedAt(v), set({ lastSyncedAt: v }), store.setState({ cursor: v })
  if (/^set[A-Z]/.test(name) && POSITION_WORDS.test(name) && args.length === 1) {
    return { ...place(call), target: `setter:${name}`, origin: storedOrigin(ctx, args[0]!) };
  }
  if ((name === 'set' || name === 'setState') && args[0]?.type === 'ObjectExpression') {
    const position = positionProperty(args[0]);
    if (position) return { ...place(call), target: `store:${position.key}`, origin: storedOrigin(ctx, position.value) };
  }
  return null;
}

/** `return { documents, checkpoint: ... }`, `return { changes, timestamp }`: the next position a pull hands back. */
export function returnedCheckpoint(ctx: AnalysisContext, value: Node): StoreFact | null {
  const inner = unwrap(value);
  if (inner.type !== 'ObjectExpression') return null;
  for (const property of inner.properties) {
    if (property.type !== 'Property') continue;
    const key = keyName(property.key, property.computed);
    if (key !== null && CHECKPOINT_KEYS.has(key)) {
      return { ...place(property), target: `return:${key}`, origin: storedOrigin(ctx, property.value) };
    }
  }
  return null;
}

/** Timers and listeners whose callback runs again and again, or at a moment. */
const TIMERS: Readonly<Record<string, TriggerFact['kind']>> = {
  setInterval: 'interval',
  setTimeout: 'timeout',
  useInterval: 'interval',
};

const EFFECTS: ReadonlySet<string> = new Set(['useEffect', 'useLayoutEffect', 'useFocusEffect']);

const EVENTS: Readonly<Record<string, TriggerFact['kind']>> = {
  focus: 'focus',
  visibilitychange: 'focus',
  online: 'online',
  change: 'app-state',
};

/** A numeric literal, a product of them (`5 * 60 * 1000`), or a constant holding one. */
export function milliseconds(ctx: AnalysisContext, node: Node | undefined, depth = 0): number | null {
  if (!node || depth > MAX_DEPTH) return null;
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'number') return inner.value;
  if (inner.type === 'BinaryExpression' && (inner.operator === '*' || inner.operator === '+')) {
    const left = milliseconds(ctx, inner.left, depth + 1);
    const right = milliseconds(ctx, inner.right, depth + 1);
    if (left === null || right === null) return null;
    return inner.operator === '*' ? left * right : left + right;
  }
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    const init = variable && constantInit(variable);
    return init ? milliseconds(ctx, init, depth + 1) : null;
  }
  return null;
}

/**
 * What a call does to the function it is handed (or the calls of the callback
 * it is handed): runs it on a timer, in an effect, on focus / online /
 * app-state change. Null for any other call.
 */
export function triggerKind(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
): { kind: TriggerFact['kind']; periodMs: number | null } | null {
  const name = calleeName(call.callee);
  if (name === null) return null;
  const timer = TIMERS[name];
  if (timer) return { kind: timer, periodMs: milliseconds(ctx, call.arguments[name === 'useInterval' ? 1 : 1]) };
  if (EFFECTS.has(name)) return { kind: 'effect', periodMs: null };
  if (name === 'addEventListener' || name === 'on') {
    const event = staticString(call.arguments[0]);
    const kind = event === null ? undefined : EVENTS[event];
    if (kind) return { kind, periodMs: null };
  }
  // NetInfo.addEventListener(cb), AppState.addEventListener('change', cb) are above; React Query's focus manager
  if (name === 'setEventListener' || name === 'onFocus') return { kind: 'focus', periodMs: null };
  return null;
}

/** The callback a trigger call runs: its function argument (inline or a reference). */
export function triggeredCallback(call: TSESTree.CallExpression): Node | null {
  for (const argument of call.arguments) {
    if (argument.type === 'SpreadElement') continue;
    const inner = unwrap(argument);
    if (isFunction(inner) || inner.type === 'Identifier' || inner.type === 'MemberExpression') return inner;
  }
  return null;
}

/** The calls written directly in a callback (not in functions nested in it). */
export function callsIn(fn: Node): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  const stack: Node[] = [...childNodes(fn)];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunction(node)) continue;
    if (node.type === 'CallExpression') calls.push(node);
    stack.push(...childNodes(node));
  }
  return calls;
}
