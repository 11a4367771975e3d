/**
 * The unbounded-listener detector (what no-unbounded-realtime reports):
 * Postgres Changes listeners without a filter, or on a whole schema, and
 * legacy v1 table listeners without a `'t:col=op.value'` filter.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier } from '../scope.js';
import { asMethodCall, type FunctionNode, type Node, objectProperty, unwrap } from '../ast.js';
import type { SchemaLookup } from '../schema-facts.js';
import { DEFAULT_SCHEMA } from '../../schema/model.js';
import type { AnalysisContext, Detector } from '../detector.js';
import { mayHoldUnboundedListener } from '../text-gates.js';
import { typeOracle } from '../type-oracle.js';
import {
  callsWithoutFilter,
  forwardedParams,
  filterConditions,
  isGuarded,
  optionalFilter,
  passesNone,
} from './filters.js';
import {
  callersOfFunction,
  type FunctionLookup,
  type FunctionLookupSource,
  type ImportsAny,
} from '../project/lookup.js';
import {
  type LegacyListener,
  type PostgresChangesListener,
  readListener,
  spreadBranches,
  stringValue,
} from './listener.js';
import { filterPresence } from './values.js';
import { callbackHandlesDelete, evidenceText } from './callback-events.js';

export interface UnboundedListener {
  /**
   * `unfiltered-table` / `whole-schema`: no filter, or no table. `optional-filter`:
   * a filter that may be absent; `call-without-filter`: a call of this file that
   * passes none. `delete-filter`: a filter on DELETE events on a column the
   * old record of a delete does not hold (see deleteFilter). `in-too-many`:
   * an `in` list longer than Realtime accepts.
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
  /** delete-filter: the filtered columns the old record may not hold. */
  columns?: string[];
  /**
   * delete-filter: the columns the old record holds (the replica identity),
   * or null when the schema cannot say; then `unknown` says why.
   */
  identity?: string[] | null;
  unknown?: 'no-schema' | 'no-table' | 'no-key';
  /**
   * delete-filter on a listener for every event (`event: '*'`): the code of its
   * callback that handles a delete (`payload.eventType === 'DELETE'`,
   * `payload.old`), which never runs. Absent for a DELETE listener.
   */
  handledBy?: string;
  /** handledBy is in a callback a caller hands in to the helper the listener is in: where (`src/hooks/useSync.ts:57`). */
  handedInAt?: string;
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
  functions: FunctionLookup | null,
  base: Omit<UnboundedListener, 'kind' | 'node'>,
  node: TSESTree.Node,
  source: Node,
  config: TSESTree.ObjectExpression,
  /** The filter is given on one branch only (a conditional spread, `filter: id ? ... : undefined`): reported even when the condition is not a parameter. */
  conditional = node.type === 'SpreadElement',
): UnboundedListener[] {
  const optional = optionalFilter(ctx, source);
  if (!optional && !conditional) return [];
  // a condition the file does not declare (a global) guards nothing it can see: a conditional filter stays reported
  const undeclared =
    unwrap(source).type === 'Identifier' && !resolveIdentifier(ctx, unwrap(source) as TSESTree.Identifier);
  if (isGuarded(ctx, source, config) && !(conditional && undeclared)) return [];
  const text = optional?.source ?? ctx.text.slice(source.range[0], source.range[1]);
  const found: UnboundedListener[] = [];
  // the parameters that hand their value on to it (`useLogs({ jobId })` calling `ensure(name, jobId)`)
  const params = optional?.param ? [optional.param, ...forwardedParams(ctx, optional.param)] : [];
  // every caller in the project known: each is judged where it calls (the ones that pass none are reported there)
  if (!(params.length > 0 && functions && params.every((param) => judgedAtCallers(functions, param.fn)))) {
    found.push({ ...base, kind: 'optional-filter', node, source: text });
  }
  for (const param of params) {
    for (const { call, callee } of callsWithoutFilter(ctx, param)) {
      found.push({ ...base, kind: 'call-without-filter', node: call, source: callee });
    }
  }
  return found;
}

/** Whether every use of `fn` in the project is a call the analysis sees (and there is one). */
function judgedAtCallers(lookup: FunctionLookup, fn: FunctionNode): boolean {
  return callersOfFunction(lookup, fn)?.complete ?? false;
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
  const target = lookup.resolve(call, 'filters');
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

/** The value of the `filter` a conditional spread gives (`...(id && { filter: ... })`). */
function spreadFilterValue(spread: TSESTree.SpreadElement): TSESTree.Node | null {
  for (const branch of spreadBranches(spread)) {
    const object = unwrap(branch);
    if (object.type !== 'ObjectExpression') continue;
    const filter = objectProperty(object, 'filter');
    if (filter) return filter.value;
  }
  return null;
}

/**
 * A filter on DELETE events, as the Realtime server evaluates it
 * (supabase/realtime, `apply_rls.sql`: `is_visible_through_filters(old_columns,
 * filters)`): on the old record of the delete, which holds only the table's
 * replica identity (its primary key, unless `REPLICA IDENTITY FULL`). A
 * condition on any other column never matches: the listener never hears a
 * delete, and nothing rejects the subscription. Null when every filtered
 * column is in the replica identity, or when the filter's columns cannot be
 * read (computed at run time). Without a schema (or one that does not say the
 * table's key), a filter on `id` alone is taken as a filter on the primary key.
 */
function deleteFilter(
  ctx: AnalysisContext,
  value: TSESTree.Node,
  base: Omit<UnboundedListener, 'kind' | 'node'>,
  schema: SchemaLookup | undefined,
): Pick<UnboundedListener, 'columns' | 'identity' | 'unknown'> | null {
  const conditions = filterConditions(ctx, value);
  if (!conditions || conditions.length === 0) return null;
  const filtered: string[] = [];
  for (const { column, operator } of conditions) {
    if (operator === null || column.includes('\u0000')) return null; // a column computed at run time
    if (!filtered.includes(column.trim())) filtered.push(column.trim());
  }
  const loaded = base.table === null ? undefined : schema?.();
  const relation = loaded?.relation(base.table!, base.schema ?? DEFAULT_SCHEMA);
  const identity = relation ? loaded!.replicaIdentityColumns(base.table!, base.schema ?? DEFAULT_SCHEMA) : undefined;
  if (identity === 'all') return null;
  if (identity === undefined) {
    if (filtered.every((column) => column === 'id')) return null;
    // a table the migrations only index or alter (no source of its own): they do not describe it
    const described = relation !== undefined && relation.sources.length > 0;
    const unknown = !loaded || loaded.describesNothing() ? 'no-schema' : !described ? 'no-table' : 'no-key';
    return { columns: filtered, identity: null, unknown };
  }
  const outside = filtered.filter((column) => !identity.includes(column));
  return outside.length === 0 ? null : { columns: outside, identity };
}

/**
 * The deletes a filter makes a listener miss (deleteFilter): a DELETE
 * listener's; a listener for every event (`'*'`) only when its callback
 * handles a delete (callback-events.ts): one that reads only `payload.new`
 * loses nothing it uses, and one the analysis cannot read is not judged.
 */
function deletesMissed(
  ctx: AnalysisContext,
  functions: FunctionLookup | null,
  listener: PostgresChangesListener,
  value: TSESTree.Node,
  base: Omit<UnboundedListener, 'kind' | 'node'>,
  lookup: SchemaLookup | undefined,
): Pick<UnboundedListener, 'columns' | 'identity' | 'unknown' | 'handledBy' | 'handedInAt'> | null {
  const event = stringValue(listener.event);
  if (event !== 'DELETE' && event !== '*') return null;
  const missed = deleteFilter(ctx, value, base, lookup);
  if (!missed || event === 'DELETE') return missed;
  const handling = callbackHandlesDelete(
    ctx,
    listener.on,
    functions ? (fn) => callersOfFunction(functions, fn) : undefined,
  );
  if (handling.handles !== 'yes') return null;
  if (handling.handedIn) {
    const { text, file, line } = handling.handedIn;
    return { ...missed, handledBy: text, handedInAt: functions!.place(file, line) };
  }
  return handling.evidence ? { ...missed, handledBy: evidenceText(ctx, handling.evidence) } : null;
}

/** `.on('postgres_changes', config, cb)`: what the config leaves out, or what its filter cannot do. */
function postgresChangesListener(
  ctx: AnalysisContext,
  functions: FunctionLookup | null,
  listener: PostgresChangesListener,
  allowTables: ReadonlySet<string>,
  checks: FilterChecks,
  lookup: SchemaLookup | undefined,
): UnboundedListener[] {
  const { config, argument, on } = listener;
  if (!config || !argument) return [];
  const table = stringValue(listener.table);
  const schema = stringValue(listener.schema);
  const base = { on, schema, legacy: false, table };
  const named = listener.table.kind !== 'absent';
  const allowed = table !== null && allowTables.has(table);
  const { conditionalFilter, filterProperty } = listener;
  const deletesOf = (value: TSESTree.Node) => deletesMissed(ctx, functions, listener, value, base, lookup);
  if (conditionalFilter && !filterProperty && !listener.opaque && named && schema !== '*') {
    if (allowed) return [];
    // on the other branch the listener hears every delete, which the unfiltered-table check does not see
    const value = spreadFilterValue(conditionalFilter.spread);
    const found = value && deletesOf(value);
    if (found) return [{ ...base, kind: 'delete-filter', node: conditionalFilter.spread, ...found }];
    return optionalFilterFindings(ctx, functions, base, conditionalFilter.spread, conditionalFilter.condition, config);
  }
  // a spread may carry the table or the filter: do not guess
  if (listener.table.kind === 'unknown' || listener.filter.kind === 'unknown') return [];
  // `filter: clubId ? \`club_id=eq.${clubId}\` : undefined`: a filter on one branch, none on the other
  const branch =
    filterProperty && !listener.opaque && named && schema !== '*' ? filterBranch(filterProperty.value) : null;
  if (branch) {
    if (allowed) return [];
    const deletes = deletesOf(branch.filter);
    if (deletes) return [{ ...base, kind: 'delete-filter', node: filterProperty!, ...deletes }];
    return optionalFilterFindings(ctx, functions, base, filterProperty!, branch.condition, config, true);
  }
  if (filterProperty && filterPresence(filterProperty.value) === 'yes') {
    if (!named || schema === '*' || allowed) return [];
    const deletes = deletesOf(filterProperty.value);
    if (deletes) return [{ ...base, kind: 'delete-filter', node: filterProperty, ...deletes }];
    const optional = optionalFilterFindings(ctx, functions, base, filterProperty, filterProperty.value, config);
    return optional.length > 0 ? optional : filterValueFindings(ctx, base, filterProperty, checks);
  }
  const reported = { ...base, node: argument };
  if (!named || schema === '*') return [{ ...reported, kind: 'whole-schema', table: null }];
  return allowed ? [] : [{ ...reported, kind: 'unfiltered-table' }];
}

/**
 * `id ? \`room_id=eq.${id}\` : undefined`, `id && \`room_id=eq.${id}\``: a
 * filter value that gives a filter on one branch and none on the other. The
 * condition and the filter, or null.
 */
function filterBranch(value: TSESTree.Node): { condition: TSESTree.Node; filter: TSESTree.Node } | null {
  const inner = unwrap(value);
  if (inner.type === 'ConditionalExpression') {
    const yes = filterPresence(inner.consequent) === 'yes';
    if (yes === (filterPresence(inner.alternate) === 'yes')) return null;
    return { condition: inner.test, filter: yes ? inner.consequent : inner.alternate };
  }
  if (inner.type === 'LogicalExpression' && inner.operator === '&&' && filterPresence(inner.right) === 'yes') {
    return { condition: inner.left, filter: inner.right };
  }
  return null;
}

/** `client.from('t').on('INSERT', cb)`: the legacy v1 listener, filtered only through `'t:col=op.value'`. */
function legacyFindings(listener: LegacyListener, allowTables: ReadonlySet<string>): UnboundedListener | null {
  const { table, on, argument } = listener;
  if (table === null || listener.filter !== 'none') return null;
  const base = { node: argument, on, schema: null, legacy: true };
  if (table === '*') return { ...base, kind: 'whole-schema', table: null };
  if (allowTables.has(table)) return null;
  return { ...base, kind: 'unfiltered-table', table };
}

export interface UnboundedRealtimeOptions {
  allowTables: readonly string[];
  /** Operators Realtime filters accept (DEFAULT_FILTER_OPERATORS); `not` allows the negation of each. */
  operators?: readonly string[];
  /** The most values an `in` filter may list (default 100). */
  maxInValues?: number;
  /** The project's schema: a table's replica identity decides what a DELETE filter can match. */
  schema?: SchemaLookup;
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
 * Whether a file with no listener of its own may call a function of another
 * module that takes a Postgres Changes filter (project/imports.ts: only the
 * modules that may declare one are read).
 */
export function mayHoldFilterCall(imports: ImportsAny): boolean {
  return imports.mayCallInto('filters') && imports.importsAny('filters', (fn) => fn.facts.filterParameters.length > 0);
}

/** The rule's whole text gate: a listener written in the file, or an imported function that takes its filter. */
export function mayListenUnbounded(text: string, imports: ImportsAny): boolean {
  return mayHoldUnboundedListener(text) || mayHoldFilterCall(imports);
}

/**
 * Finds Postgres Changes listeners that receive rows the client does not
 * need (what no-unbounded-realtime reports). Broadcast and presence listeners
 * are not looked at. Null for a file that fails its text gate (no
 * `postgres_changes`, no legacy `.on('INSERT')`-like call).
 */
/** `jest.mock('...')`, `vi.mock(...)`, `jest.doMock(...)`: a test file that replaces modules with mocks. */
const MOCKS_MODULES = /\b(?:jest|vi)\s*\.\s*(?:mock|doMock)\s*\(/;

export function createUnboundedRealtimeDetector(
  ctx: AnalysisContext,
  options: UnboundedRealtimeOptions,
): Detector<UnboundedListener> | null {
  // a unit test that mocks modules (`jest.mock`, `vi.mock`): its channels reach no Realtime server
  if ((ctx.text.includes('mock') || ctx.text.includes('Mock')) && MOCKS_MODULES.test(ctx.text)) return null;
  const functions = options.functions?.() ?? null;
  const direct = mayHoldUnboundedListener(ctx.text);
  if (!direct && !(functions && mayHoldFilterCall(functions))) return null;
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
        if (functions && (!call || call.name !== 'on')) {
          const missing = callWithoutFilter(ctx, functions, node);
          if (missing && !calls.has(node)) {
            calls.add(node);
            found.push(missing);
          }
        }
        if (!direct) return;
        const listener = readListener(ctx, node);
        if (!listener) return;
        // with types, an emitter that is not a supabase-js channel is not a subscription
        if (types?.isSupabase(call!.object) === 'no') return;
        if (listener.kind === 'postgres_changes') {
          for (const finding of postgresChangesListener(
            ctx,
            functions,
            listener,
            allowTables,
            checks,
            options.schema,
          )) {
            // one hook with several listeners on the same optional filter: one report a call
            if (finding.kind === 'call-without-filter' && calls.has(finding.node)) continue;
            if (finding.kind === 'call-without-filter') calls.add(finding.node);
            found.push(finding);
          }
        } else if (!legacyFroms.has(listener.from)) {
          // one report a table string, however many `.on()` the chain adds
          const finding = legacyFindings(listener, allowTables);
          legacyFroms.add(listener.from);
          if (finding) found.push(finding);
        }
      },
    },
    finish: () => found.sort((a, b) => a.node.range[0] - b.node.range[0]),
  };
}
