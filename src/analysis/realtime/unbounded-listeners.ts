/**
 * The unbounded-listener detector (what no-unbounded-realtime reports):
 * Postgres Changes listeners without a filter, or on a whole schema, and
 * legacy v1 table listeners without a `'t:col=op.value'` filter.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall, type FunctionNode, keyName, type Node, staticString, unwrap } from '../ast.js';
import { MAX_CHAIN_LINKS } from '../limits.js';
import { constantInit, resolveIdentifier } from '../scope.js';
import type { AnalysisContext, Detector } from '../detector.js';
import { mayHoldUnboundedListener } from '../text-gates.js';
import { typeOracle } from '../type-oracle.js';
import { LEGACY_EVENTS } from './channels.js';
import {
  callsWithoutFilter,
  conditionalFilterSpread,
  filterConditions,
  isGuarded,
  optionalFilter,
  passesNone,
} from './filters.js';
import type { FunctionLookup, FunctionLookupSource } from '../project/lookup.js';
import { functionKey } from '../project/module-facts.js';
import { filterPresence, objectLiteral } from './values.js';

export interface UnboundedListener {
  /**
   * `unfiltered-table` / `whole-schema`: no filter, or no table. `optional-filter`:
   * a filter that may be absent; `call-without-filter`: a call of this file that
   * passes none. `delete-filter`: a filter on DELETE events (Realtime cannot
   * filter them). `in-too-many`: an `in` list longer than Realtime accepts.
   * `unsupported-operator`: an operator Realtime filters do not support.
   */
  kind:
    | 'unfiltered-table'
    | 'whole-schema'
    | 'optional-filter'
    | 'call-without-filter'
    | 'delete-filter'
    | 'in-too-many'
    | 'unsupported-operator';
  /** The node to report: the config object (or its variable), the filter, the call, or the legacy table string. */
  node: TSESTree.Node;
  /** The `.on(...)` call. */
  on: TSESTree.CallExpression;
  table: string | null;
  schema: string | null;
  legacy: boolean;
  /** optional-filter: the expression that may be absent; call-without-filter: the function called. */
  source?: string;
  /** unsupported-operator: the operator; in-too-many: how many values. */
  operator?: string;
  values?: number;
}

export interface FilterChecks {
  /** Operators Realtime filters accept. */
  operators: ReadonlySet<string>;
  /** The most values an `in` filter may list. */
  maxInValues: number;
}

/** A filter that is there, with an operator Realtime rejects or an `in` list too long. */
function filterValueFindings(
  ctx: AnalysisContext,
  base: Omit<UnboundedListener, 'kind' | 'node'>,
  filter: TSESTree.Property,
  checks: FilterChecks,
): UnboundedListener[] {
  const found: UnboundedListener[] = [];
  for (const condition of filterConditions(ctx, filter.value) ?? []) {
    if (condition.operator === null) continue;
    if (!acceptedOperator(condition.operator, checks.operators)) {
      found.push({ ...base, kind: 'unsupported-operator', node: filter.value, operator: condition.operator });
    } else if (condition.values !== null && condition.values > checks.maxInValues) {
      found.push({ ...base, kind: 'in-too-many', node: filter.value, values: condition.values });
    }
  }
  return found;
}

/** A filter that may be absent, unless the code tests it first; and the calls of this file that pass none. */
function optionalFilterFindings(
  ctx: AnalysisContext,
  lookup: FunctionLookup | null,
  base: Omit<UnboundedListener, 'kind' | 'node'>,
  node: TSESTree.Node,
  source: Node,
  config: TSESTree.ObjectExpression,
): UnboundedListener[] {
  const optional = optionalFilter(ctx, source);
  const spread = node.type === 'SpreadElement';
  if (!optional && !spread) return [];
  if (isGuarded(ctx, source, config)) return [];
  const text = optional?.source ?? ctx.text.slice(source.range[0], source.range[1]);
  const found: UnboundedListener[] = [];
  // every caller in the project known: each is judged where it calls (the ones that pass none are reported there)
  if (!(optional?.param && lookup && judgedAtCallers(lookup, optional.param.fn))) {
    found.push({ ...base, kind: 'optional-filter', node, source: text });
  }
  if (optional?.param) {
    for (const { call, callee } of callsWithoutFilter(ctx, optional.param)) {
      found.push({ ...base, kind: 'call-without-filter', node: call, source: callee });
    }
  }
  return found;
}

/** Whether every use of `fn` in the project is a call the analysis sees (and there is one). */
function judgedAtCallers(lookup: FunctionLookup, fn: FunctionNode): boolean {
  const key = functionKey(fn);
  const facts = key === null ? undefined : lookup.own().functions[key];
  if (!facts) return false;
  return lookup.callers(facts.key, facts.name.split('.').pop()!)?.complete ?? false;
}

/**
 * A call of a function of another module that takes a Postgres Changes filter
 * as an optional argument, when this call passes none.
 */
function callWithoutFilter(
  ctx: AnalysisContext,
  lookup: FunctionLookup,
  call: TSESTree.CallExpression,
): UnboundedListener | null {
  const target = lookup.resolve(call);
  if (!target || target.module === lookup.own()) return null;
  for (const parameter of target.facts.filterParameters) {
    if (!passesNone(call, parameter.index, parameter.key)) continue;
    return {
      kind: 'call-without-filter',
      node: call,
      on: call,
      table: parameter.table,
      schema: null,
      legacy: false,
      source: ctx.text.slice(call.callee.range[0], call.callee.range[1]).replace(/\s+/g, ''),
    };
  }
  return null;
}

/** `.on('postgres_changes', config, cb)`: what the config leaves out, or what its filter cannot do. */
function postgresChangesListener(
  ctx: AnalysisContext,
  lookup: FunctionLookup | null,
  on: TSESTree.CallExpression,
  allowTables: ReadonlySet<string>,
  checks: FilterChecks,
): UnboundedListener[] {
  const configArgument = on.arguments[1];
  const config = objectLiteral(ctx, configArgument);
  if (!config || !configArgument) return [];
  let table: string | null | undefined;
  let schema: string | null = null;
  let event: string | null = null;
  let filter: TSESTree.Property | null = null;
  let spread = false;
  let filterSpread: { spread: TSESTree.SpreadElement; condition: Node } | null = null;
  for (const property of config.properties) {
    if (property.type === 'SpreadElement') {
      const condition = conditionalFilterSpread(property);
      if (condition && !filterSpread) filterSpread = { spread: property, condition };
      else spread = true;
      continue;
    }
    const key = keyName(property.key, property.computed);
    if (key === 'table') table = staticString(property.value);
    else if (key === 'schema') schema = staticString(property.value);
    else if (key === 'event') event = staticString(property.value);
    else if (key === 'filter') filter = property;
    else if (key === null) spread = true;
  }
  const base = { on, schema, legacy: false, table: table ?? null };
  const allowed = table !== undefined && table !== null && allowTables.has(table);
  if (filterSpread && !filter && !spread && table !== undefined && schema !== '*') {
    if (allowed) return [];
    if (event === 'DELETE') return [{ ...base, kind: 'delete-filter', node: filterSpread.spread }];
    return optionalFilterFindings(ctx, lookup, base, filterSpread.spread, filterSpread.condition, config);
  }
  // a spread may carry the table or the filter: do not guess
  if (spread && (!filter || table === undefined)) return [];
  if (filter && filterPresence(filter.value) === 'yes') {
    if (table === undefined || schema === '*' || allowed) return [];
    if (event === 'DELETE') return [{ ...base, kind: 'delete-filter', node: filter }];
    const optional = optionalFilterFindings(ctx, lookup, base, filter, filter.value, config);
    return optional.length > 0 ? optional : filterValueFindings(ctx, base, filter, checks);
  }
  const reported = { ...base, node: configArgument };
  if (table === undefined || schema === '*') return [{ ...reported, kind: 'whole-schema', table: null }];
  return allowed ? [] : [{ ...reported, kind: 'unfiltered-table' }];
}

/** `client.from('t').on('INSERT', cb)`: the legacy v1 listener, filtered only through `'t:col=op.value'`. */
function legacyListener(
  ctx: AnalysisContext,
  on: TSESTree.CallExpression,
  allowTables: ReadonlySet<string>,
): { from: TSESTree.CallExpression; listener: UnboundedListener } | null {
  let receiver: Node = on;
  let from: TSESTree.CallExpression | null = null;
  for (let depth = 0; depth < MAX_CHAIN_LINKS; depth += 1) {
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

export interface UnboundedRealtimeOptions {
  allowTables: readonly string[];
  /** Operators Realtime filters accept (DEFAULT_FILTER_OPERATORS); `not` allows the negation of each. */
  operators?: readonly string[];
  /** The most values an `in` filter may list (default 100). */
  maxInValues?: number;
  /** The project's functions: a helper's optional filter judged at its callers, in this module and others. */
  functions?: FunctionLookupSource;
}

/**
 * The operators a Postgres Changes filter takes, as the Realtime server parses
 * them (supabase/realtime since mid-2026; realtime-js's filter builder writes
 * them): the seven of the docs' list, the pattern and null tests, and `not`,
 * which negates any of them (`status=not.eq.done`).
 */
export const DEFAULT_FILTER_OPERATORS: readonly string[] = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'like',
  'ilike',
  'is',
  'match',
  'imatch',
  'isdistinct',
  'not',
];

/** Whether a filter's operator (`eq`, or a negation `not.eq`) is one the server takes. */
function acceptedOperator(operator: string, operators: ReadonlySet<string>): boolean {
  const negated = /^not\.(.+)$/.exec(operator)?.[1];
  return negated === undefined ? operators.has(operator) : operators.has('not') && operators.has(negated);
}

/** The most values Realtime accepts in an `in` filter. */
export const DEFAULT_MAX_IN_VALUES = 100;

/**
 * Finds Postgres Changes listeners that receive rows the client does not
 * need (what no-unbounded-realtime reports). Broadcast and presence listeners
 * are not looked at. Null for a file that fails its text gate (no
 * `postgres_changes`, no legacy `.on('INSERT')`-like call).
 */
export function createUnboundedRealtimeDetector(
  ctx: AnalysisContext,
  options: UnboundedRealtimeOptions,
): Detector<UnboundedListener> | null {
  const lookup = options.functions?.() ?? null;
  const direct = mayHoldUnboundedListener(ctx.text);
  if (!direct && !lookup?.importsAny((fn) => fn.facts.filterParameters.length > 0)) return null;
  const types = typeOracle(ctx);
  const allowTables = new Set(options.allowTables);
  const checks: FilterChecks = {
    operators: new Set(options.operators ?? DEFAULT_FILTER_OPERATORS),
    maxInValues: options.maxInValues ?? DEFAULT_MAX_IN_VALUES,
  };
  const found: UnboundedListener[] = [];
  const legacyFroms = new Set<TSESTree.CallExpression>();
  const calls = new Set<TSESTree.Node>();
  return {
    listeners: {
      CallExpression(node: TSESTree.CallExpression) {
        const call = asMethodCall(node);
        if (lookup && (!call || call.name !== 'on')) {
          const listener = callWithoutFilter(ctx, lookup, node);
          if (listener && !calls.has(node)) {
            calls.add(node);
            found.push(listener);
          }
        }
        if (!direct || !call || call.call !== node || call.name !== 'on') return;
        const event = staticString(node.arguments[0]);
        if (event === null) return;
        // with types, an emitter that is not a supabase-js channel is not a subscription
        if (types?.isSupabase(call.object) === 'no') return;
        if (event === 'postgres_changes') {
          for (const listener of postgresChangesListener(ctx, lookup, node, allowTables, checks)) {
            // one hook with several listeners on the same optional filter: one report a call
            if (listener.kind === 'call-without-filter' && calls.has(listener.node)) continue;
            if (listener.kind === 'call-without-filter') calls.add(listener.node);
            found.push(listener);
          }
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
