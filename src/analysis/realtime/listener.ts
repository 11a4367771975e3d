/**
 * The one reader of a Realtime listener, for every detector that asks what a
 * listener hears (no-unbounded-realtime, no-invalid-realtime-filter, the
 * delta-sync verdict's deletes):
 *
 * - `.on('postgres_changes', { event, schema, table, filter }, cb)`, with its
 *   config written inline or held by a constant, read property by property in
 *   order, as JavaScript builds the object: a later property overrides an
 *   earlier one, and a spread the analysis cannot read may set any key;
 * - the legacy v1 `client.from('t:col=op.value').on(event, cb)`, whose table
 *   string carries the filter, with `client.from(...)` in the chain or held by
 *   a constant.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall, keyName, type Node, staticString, unwrap } from '../ast.js';
import { MAX_ALIAS_HOPS, MAX_CHAIN_LINKS } from '../limits.js';
import { constantInit, constantString, resolveIdentifier } from '../scope.js';
import type { AnalysisContext } from '../detector.js';
import { LEGACY_EVENTS } from './channels.js';
import { conditionalFilterSpread } from './filters.js';
import { objectLiteral } from './values.js';

/**
 * What a config key holds once the whole object is built: not written; a
 * string the analysis reads; a value written but computed (`table: name`);
 * or unknown (a spread or a computed key after the last write may set it).
 */
export type ConfigValue =
  | { kind: 'absent' }
  | { kind: 'string'; value: string; node: TSESTree.Expression }
  | { kind: 'computed'; node: TSESTree.Expression }
  | { kind: 'unknown' };

const ABSENT: ConfigValue = { kind: 'absent' };
const UNKNOWN: ConfigValue = { kind: 'unknown' };

/** The keys of a Postgres Changes config that the detectors read. */
const CONFIG_KEYS = ['event', 'schema', 'table', 'filter'] as const;
type ConfigKey = (typeof CONFIG_KEYS)[number];

export interface PostgresChangesListener {
  kind: 'postgres_changes';
  /** The `.on(...)` call. */
  on: TSESTree.CallExpression;
  /** The config argument as written (the object, or the variable that holds it). */
  argument: TSESTree.Expression | null;
  /** The object literal read; null when the config is built elsewhere (every key unknown). */
  config: TSESTree.ObjectExpression | null;
  event: ConfigValue;
  schema: ConfigValue;
  table: ConfigValue;
  filter: ConfigValue;
  /** The `filter` property that gives the filter's value, when one does. */
  filterProperty: TSESTree.Property | null;
  /**
   * `...(cond && { filter })`, `...(id ? { filter } : {})`: a spread that
   * gives the filter on one branch only (the first such spread, with its
   * condition). It leaves `filter` unknown.
   */
  conditionalFilter: { spread: TSESTree.SpreadElement; condition: Node } | null;
  /** A spread or a computed key the analysis cannot read (other than `conditionalFilter`). */
  opaque: boolean;
}

/** Whether the value may come from the `.on()` config as written: a string, or a value of the code. */
export function isWritten(
  value: ConfigValue,
): value is Extract<ConfigValue, { kind: 'string' } | { kind: 'computed' }> {
  return value.kind === 'string' || value.kind === 'computed';
}

/** The string a config key holds, when the analysis reads it; null otherwise. */
export function stringValue(value: ConfigValue): string | null {
  return value.kind === 'string' ? value.value : null;
}

interface ConfigState {
  values: Record<ConfigKey, ConfigValue>;
  filterProperty: TSESTree.Property | null;
  conditionalFilter: PostgresChangesListener['conditionalFilter'];
  opaque: boolean;
}

/** What a conditional spread may spread: `...(c && { filter })` the object; `...(c ? a : b)` either; else nothing. */
export function spreadBranches(spread: TSESTree.SpreadElement): TSESTree.Node[] {
  const argument = unwrap(spread.argument);
  if (argument.type === 'LogicalExpression') return [argument.right];
  if (argument.type === 'ConditionalExpression') return [argument.consequent, argument.alternate];
  return [];
}

/** The keys a conditional spread's objects may set (`...(c && { filter })` sets only `filter`), or null when unknown. */
function conditionalSpreadKeys(spread: TSESTree.SpreadElement): Set<string> | null {
  const branches = spreadBranches(spread);
  const keys = new Set<string>();
  for (const branch of branches) {
    const object = unwrap(branch);
    if (object.type !== 'ObjectExpression') return null;
    for (const property of object.properties) {
      const key = property.type === 'Property' ? keyName(property.key, property.computed) : null;
      if (key === null) return null;
      keys.add(key);
    }
  }
  return keys;
}

/** Every key a spread may set becomes unknown; `keys` null: any key. */
function forget(state: ConfigState, keys: ReadonlySet<string> | null): void {
  for (const key of CONFIG_KEYS) {
    if (keys !== null && !keys.has(key)) continue;
    state.values[key] = UNKNOWN;
    if (key === 'filter') state.filterProperty = null;
  }
}

/** Reads the properties of one object literal into `state`, in order; a spread of a constant object is read in place. */
function readProperties(
  ctx: AnalysisContext,
  config: TSESTree.ObjectExpression,
  state: ConfigState,
  depth: number,
): void {
  for (const property of config.properties) {
    if (property.type === 'SpreadElement') {
      const held = depth < MAX_ALIAS_HOPS ? objectLiteral(ctx, property.argument) : null;
      if (held) {
        readProperties(ctx, held, state, depth + 1);
        continue;
      }
      const condition = conditionalFilterSpread(property);
      const keys = condition ? conditionalSpreadKeys(property) : null;
      // with a filter written before it, the spread only picks which filter: present, value unknown
      if (condition && keys?.size === 1 && keys.has('filter') && !isWritten(state.values.filter)) {
        state.conditionalFilter ??= { spread: property, condition };
      } else if (!keys) {
        state.opaque = true;
      }
      forget(state, keys);
      continue;
    }
    const key = keyName(property.key, property.computed);
    if (key === null) {
      state.opaque = true;
      forget(state, null);
      continue;
    }
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) continue;
    const value = property.value as TSESTree.Expression;
    // the table, schema and event may be named by a constant of the file (`table: ROOMS_TABLE`)
    const text = key === 'filter' ? staticString(value) : constantString(ctx, value);
    state.values[key as ConfigKey] =
      text === null ? { kind: 'computed', node: value } : { kind: 'string', value: text, node: value };
    if (key === 'filter') state.filterProperty = property;
  }
}

/**
 * Keys written onto a config held by a variable after it is built
 * (`opts.filter = f`, `if (f) opts.filter = f`, `delete opts.filter`): each
 * becomes unknown, and any key after a computed write or `Object.assign(opts, ...)`.
 */
function forgetLaterWrites(ctx: AnalysisContext, argument: TSESTree.Expression | null, state: ConfigState): void {
  const inner = argument && unwrap(argument);
  if (inner?.type !== 'Identifier') return;
  const variable = resolveIdentifier(ctx, inner);
  for (const ref of variable?.references ?? []) {
    const parent = ref.identifier.parent;
    if (parent.type === 'MemberExpression' && parent.object === ref.identifier) {
      const use = parent.parent;
      const written =
        (use.type === 'AssignmentExpression' && use.left === parent) ||
        (use.type === 'UnaryExpression' && use.operator === 'delete');
      if (!written) continue;
      const key = keyName(parent.property, parent.computed);
      if (key === null) state.opaque = true;
      forget(state, key === null ? null : new Set([key]));
    } else if (parent.type === 'CallExpression' && parent.arguments[0] === ref.identifier) {
      const call = asMethodCall(parent);
      if (call?.name !== 'assign') continue;
      state.opaque = true;
      forget(state, null);
    }
  }
}

/** What a `.on('postgres_changes', config, cb)` listener's config says, key by key. */
export function readPostgresChanges(ctx: AnalysisContext, on: TSESTree.CallExpression): PostgresChangesListener {
  const first = on.arguments[1];
  const argument = first && first.type !== 'SpreadElement' ? first : null;
  const config = objectLiteral(ctx, argument ?? undefined);
  const state: ConfigState = {
    values: config
      ? { event: ABSENT, schema: ABSENT, table: ABSENT, filter: ABSENT }
      : { event: UNKNOWN, schema: UNKNOWN, table: UNKNOWN, filter: UNKNOWN },
    filterProperty: null,
    conditionalFilter: null,
    opaque: config === null,
  };
  if (config) {
    readProperties(ctx, config, state, 0);
    forgetLaterWrites(ctx, argument, state);
  }
  return {
    kind: 'postgres_changes',
    on,
    argument,
    config,
    ...state.values,
    filterProperty: state.filterProperty,
    conditionalFilter: state.conditionalFilter,
    opaque: state.opaque,
  };
}

/** A legacy v1 table listener: `client.from('t:col=op.value').on(event, cb)`. */
export interface LegacyListener {
  kind: 'legacy';
  on: TSESTree.CallExpression;
  /** `INSERT`, `UPDATE`, `DELETE` or `*`. */
  event: string;
  /** The `client.from(...)` call. */
  from: TSESTree.CallExpression;
  /** Its argument, the table string. */
  argument: TSESTree.Expression;
  /** The table (`*`: every table); null when named at run time. */
  table: string | null;
  /** The part after `:`: none, written out (`col=eq.v`), or computed (a template); unknown when the table is. */
  filter: 'none' | 'string' | 'computed' | 'unknown';
}

/** `client.from(t)` that a legacy `.on()` chain is made on, through `.on()` calls and a constant. */
function legacyFrom(ctx: AnalysisContext, on: TSESTree.CallExpression): TSESTree.CallExpression | null {
  let receiver: Node = on;
  for (let depth = 0; depth < MAX_CHAIN_LINKS; depth += 1) {
    const call = asMethodCall(receiver);
    if (!call) break;
    if (call.name === 'on') {
      receiver = call.object;
      continue;
    }
    return call.name === 'from' && call.call.arguments.length === 1 ? call.call : null;
  }
  const inner = unwrap(receiver);
  if (inner.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, inner);
  const init = variable && constantInit(variable);
  const call = init && asMethodCall(init);
  return call && call.name === 'from' && call.call.arguments.length === 1 ? call.call : null;
}

/** The table and filter a legacy table string names: `'messages'`, `'messages:room_id=eq.1'`, `` `messages:room_id=eq.${id}` ``. */
function legacyTarget(argument: Node): Pick<LegacyListener, 'table' | 'filter'> {
  const inner = unwrap(argument);
  const text = staticString(inner);
  if (text !== null) {
    const colon = text.indexOf(':');
    if (colon < 0) return { table: text, filter: 'none' };
    return { table: text.slice(0, colon), filter: colon === text.length - 1 ? 'none' : 'string' };
  }
  if (inner.type === 'TemplateLiteral') {
    const head = inner.quasis[0]?.value.cooked ?? '';
    const colon = head.indexOf(':');
    // `${table}` or `messages${rest}`: the table itself is computed
    if (colon < 0) return { table: null, filter: 'unknown' };
    return { table: head.slice(0, colon), filter: 'computed' };
  }
  return { table: null, filter: 'unknown' };
}

/** What a legacy `.on(event, cb)` listener hears; null when the chain is not made on `client.from(t)`. */
export function readLegacyListener(ctx: AnalysisContext, on: TSESTree.CallExpression): LegacyListener | null {
  const event = staticString(on.arguments[0]);
  if (event === null || !LEGACY_EVENTS.has(event)) return null;
  const from = legacyFrom(ctx, on);
  const argument = from?.arguments[0];
  if (!from || !argument || argument.type === 'SpreadElement') return null;
  const target = legacyTarget(argument);
  return { kind: 'legacy', on, event, from, argument, ...target, table: target.table === '' ? null : target.table };
}

export type RealtimeListener = PostgresChangesListener | LegacyListener;

/**
 * The listener `call` adds, if it is `X.on('postgres_changes', config, cb)` or
 * a legacy `client.from(t).on(event, cb)`. Broadcast and presence listeners,
 * and events named at run time, are not Postgres Changes: null.
 */
export function readListener(ctx: AnalysisContext, call: TSESTree.CallExpression): RealtimeListener | null {
  const method = asMethodCall(call);
  if (!method || method.call !== call || method.name !== 'on') return null;
  const event = staticString(call.arguments[0]);
  if (event === 'postgres_changes') return readPostgresChanges(ctx, call);
  return event === null ? null : readLegacyListener(ctx, call);
}
