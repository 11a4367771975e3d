/**
 * The one recognizer of PostgREST (supabase-js) queries. Rules and codemods
 * ask it which reads exist, which calls are applied to each one (its own
 * chain and every call made later through a variable that holds the builder),
 * and where the request is sent.
 *
 * Filters and transforms mutate the builder and return it (postgrest-js), so
 * `q.limit(10);` as a bare statement bounds `q` just as `q = q.limit(10)` does.
 * `client.from(t)` returns a query builder; each `.select()` on it starts a
 * new request.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  asMethodCall,
  enclosingFunction,
  enclosingMethodCall,
  type FunctionNode,
  functionName,
  isCallbackFunction,
  isPromiseCombinator,
  keyName,
  memberName,
  type Node,
  outermost,
  staticString,
  unwrap,
} from './ast.js';
import { isWindowBound } from './delta-sync/clock.js';
import { type AnalysisContext, constantInit, type Detector, resolveIdentifier, type Variable } from './scope.js';
import { mayHoldSelectRead } from './select-gate.js';
import { typeOracle } from './types.js';

export const FILTER_METHODS: ReadonlySet<string> = new Set([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'likeAllOf',
  'likeAnyOf',
  'ilike',
  'ilikeAllOf',
  'ilikeAnyOf',
  'is',
  'isDistinct',
  'in',
  'notIn',
  'contains',
  'containedBy',
  'rangeGt',
  'rangeGte',
  'rangeLt',
  'rangeLte',
  'rangeAdjacent',
  'overlaps',
  'textSearch',
  'match',
  'not',
  'or',
  'filter',
  'regexMatch',
  'regexIMatch',
]);

export const TRANSFORM_METHODS: ReadonlySet<string> = new Set([
  'select',
  'order',
  'limit',
  'range',
  'abortSignal',
  'single',
  'maybeSingle',
  'csv',
  'geojson',
  'explain',
  'rollback',
  'returns',
  'overrideTypes',
  'maxAffected',
  'throwOnError',
  'setHeader',
  'retry',
  'stripNulls',
]);

/** Calls that keep the builder (a filter or a transform). */
export const BUILDER_METHODS: ReadonlySet<string> = new Set([...FILTER_METHODS, ...TRANSFORM_METHODS]);

/** Query-builder methods that write; with or without `.select()` they are not reads. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['insert', 'upsert', 'update', 'delete']);

/**
 * Transforms that end a chain or only change how the answer is typed or sent.
 * A suggested `.limit()` goes before them (`.csv()` returns a builder without
 * `.limit`).
 */
export const TRAILING_TRANSFORMS: ReadonlySet<string> = new Set([
  'csv',
  'geojson',
  'explain',
  'returns',
  'overrideTypes',
  'throwOnError',
  'abortSignal',
  'rollback',
  'setHeader',
  'retry',
  'stripNulls',
]);

/**
 * Well-known globals with a static `from` that are not Supabase clients.
 * (Reversed chains such as drizzle's `db.select().from(t)` are excluded by
 * shape: no `.select()` follows their `.from()`.)
 */
const NOT_A_CLIENT: ReadonlySet<string> = new Set([
  'Array',
  'Buffer',
  'Object',
  'Iterator',
  'ReadableStream',
  'Readable',
  'Observable',
  'Promise',
  'Set',
  'Map',
  'String',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'Temporal',
  'Immutable',
  'Rx',
]);

const MAX_ALIAS_DEPTH = 8;

export interface QueryLink {
  name: string;
  call: TSESTree.CallExpression;
}

export interface QueryRoot {
  kind: 'select' | 'rpc';
  /** The `.select(...)` (or `.rpc(...)`) call that starts the request. */
  start: TSESTree.CallExpression;
  /** The `X.from(t)` call that the select is made on; null for rpc. */
  from: TSESTree.CallExpression | null;
  /** The table (or rpc function) name when it is a static string. */
  name: string | null;
  /** `X` in `X.from(t)` / `X.rpc(fn)`. */
  client: TSESTree.Expression;
}

/**
 * How a request is sent. `paginated`: returned from the query callback of a
 * paginating helper (`selectAllPages(() => query, ...)`), which orders and
 * bounds every page itself.
 */
export type ExecutionKind = 'await' | 'then' | 'promise-combinator' | 'return-async' | 'return-callback' | 'paginated';

/** The paginating helper the paginate-selects codemod writes. */
export const DEFAULT_PAGINATORS: readonly string[] = ['selectAllPages'];

/** `selectAllPages(() => query, ...)`: `fn` is the query callback of a call to one of `paginators`. */
function isPaginatorCallback(fn: FunctionNode, paginators: ReadonlySet<string>): boolean {
  const outer = outermost(fn);
  const call = outer.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== outer) return false;
  const callee = unwrap(call.callee);
  const name =
    callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
  return name !== null && paginators.has(name);
}

export interface Execution {
  kind: ExecutionKind;
  /** The expression that is sent: awaited, returned, `.then`-ed or combined (type wrappers included). */
  node: Node;
}

export interface QueryUse {
  root: QueryRoot;
  /** Every builder call made on this request, in source order of discovery. */
  links: QueryLink[];
  /** The last call of the request's own chain, where it is written (before any variable). */
  chainEnd: TSESTree.CallExpression;
  /** The calls of the request's own chain, root first. */
  ownChain: QueryLink[];
  executions: Execution[];
  /** Handed to code we cannot see (a call argument, a property, an unknown method): it may be bounded there. */
  escapes: boolean;
  /** Returned from a plain (not async, not callback) function: a query factory. */
  factory: boolean;
}

function isClientExpression(node: TSESTree.Expression): boolean {
  const inner = unwrap(node);
  if (inner.type === 'Identifier' && NOT_A_CLIENT.has(inner.name)) return false;
  if (inner.type === 'MemberExpression') {
    const object = unwrap(inner.object);
    // globalThis.Array.from(...)
    if (object.type === 'Identifier' && object.name === 'globalThis') {
      const property = inner.property;
      if (property.type === 'Identifier' && NOT_A_CLIENT.has(property.name)) return false;
    }
  }
  const call = asMethodCall(inner);
  // reversed chains: db.select().from(t), knex.select('*').from('t')
  if (call && (call.name === 'select' || call.name === 'from')) return false;
  return inner.type !== 'Literal' && inner.type !== 'ArrayExpression' && inner.type !== 'ObjectExpression';
}

function isSingleArgument(call: TSESTree.CallExpression): boolean {
  return call.arguments.length === 1 && call.arguments[0]!.type !== 'SpreadElement';
}

/** `X.from(t)`, directly or through a constant that holds it (`const t = supabase.from('t')`). */
export function resolveFromCall(
  ctx: AnalysisContext,
  node: TSESTree.Expression,
  depth = 0,
): TSESTree.CallExpression | null {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') {
    if (depth >= MAX_ALIAS_DEPTH) return null;
    const variable = resolveIdentifier(ctx, inner);
    const init = variable && constantInit(variable);
    return init ? resolveFromCall(ctx, init, depth + 1) : null;
  }
  const call = asMethodCall(inner);
  if (!call || call.name !== 'from' || !isSingleArgument(call.call)) return null;
  return isClientExpression(call.object) ? call.call : null;
}

/**
 * When `node` starts a PostgREST request, what it is: `X.from(t).select(...)`
 * (a read) or `X.rpc(fn, ...)`. Writes (`insert/upsert/update/delete`) are
 * never roots, with or without a `.select()` after them.
 */
export function queryRoot(ctx: AnalysisContext, node: TSESTree.CallExpression): QueryRoot | null {
  const call = asMethodCall(node);
  if (!call || call.call !== node) return null;
  if (call.name === 'select') {
    const from = resolveFromCall(ctx, call.object);
    if (!from) return null;
    const fromCall = asMethodCall(from)!;
    return {
      kind: 'select',
      start: node,
      from,
      name: staticString(from.arguments[0]),
      client: fromCall.object,
    };
  }
  if (call.name === 'rpc') {
    const first = node.arguments[0];
    if (!first || first.type === 'SpreadElement' || node.arguments.length > 3) return null;
    if (!isClientExpression(call.object)) return null;
    return { kind: 'rpc', start: node, from: null, name: staticString(first), client: call.object };
  }
  return null;
}

/** Follows one request from its root through chains, variables and the places it is sent. */
export function analyzeQuery(
  ctx: AnalysisContext,
  root: QueryRoot,
  paginators: ReadonlySet<string> = new Set(DEFAULT_PAGINATORS),
): QueryUse {
  const links: QueryLink[] = [{ name: root.kind === 'rpc' ? 'rpc' : 'select', call: root.start }];
  const executions: Execution[] = [];
  const visited = new Set<Variable>();
  let escapes = false;
  let factory = false;

  /** Walks up `node.m1().m2()...` while the calls keep the builder; returns the last node. */
  function climb(node: Node): Node | null {
    let current = node;
    for (;;) {
      const up = enclosingMethodCall(current);
      if (!up) return current;
      if (!up.call) return null; // a property read such as `q.url`: neutral
      if (up.name !== null && BUILDER_METHODS.has(up.name)) {
        links.push({ name: up.name, call: up.call });
        current = up.call;
        continue;
      }
      if (up.name === 'then') {
        executions.push({ kind: 'then', node: outermost(current) });
        return null;
      }
      escapes = true; // an unknown method: a wrapper or an extension we cannot see
      return null;
    }
  }

  function followVariable(variable: Variable | null): void {
    if (!variable) {
      escapes = true;
      return;
    }
    if (visited.has(variable)) return;
    visited.add(variable);
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      const end = climb(reference.identifier);
      if (end) fate(end);
    }
  }

  function fate(node: Node): void {
    const outer = outermost(node);
    const parent = outer.parent;
    if (!parent) return;
    switch (parent.type) {
      case 'AwaitExpression':
        executions.push({ kind: 'await', node: outer });
        return;
      case 'ConditionalExpression':
        if (parent.test !== outer) fate(parent);
        return;
      case 'ArrayExpression': {
        const array = outermost(parent);
        const holder = array.parent;
        if (isPromiseCombinator(holder) && holder.arguments[0] === array) {
          executions.push({ kind: 'promise-combinator', node: outer });
        } else {
          escapes = true;
        }
        return;
      }
      case 'ReturnStatement':
      case 'ArrowFunctionExpression': {
        if (parent.type === 'ArrowFunctionExpression' && parent.body !== outer) {
          escapes = true;
          return;
        }
        const fn = parent.type === 'ArrowFunctionExpression' ? parent : enclosingFunction(parent);
        if (!fn || fn.generator) {
          escapes = true;
        } else if (fn.async) {
          executions.push({ kind: 'return-async', node: outer });
        } else if (isPaginatorCallback(fn, paginators)) {
          executions.push({ kind: 'paginated', node: outer });
        } else if (isCallbackFunction(fn)) {
          executions.push({ kind: 'return-callback', node: outer });
        } else {
          factory = true;
        }
        return;
      }
      case 'VariableDeclarator':
        if (parent.init === outer && parent.id.type === 'Identifier') {
          followVariable(resolveIdentifier(ctx, parent.id));
        }
        // `const { data } = builder` without await reads nothing: neutral
        return;
      case 'AssignmentExpression':
        if (parent.right === outer && parent.operator === '=' && parent.left.type === 'Identifier') {
          followVariable(resolveIdentifier(ctx, parent.left));
          return;
        }
        escapes = true;
        return;
      case 'ExpressionStatement':
      case 'UnaryExpression':
        return; // `q.limit(10);` mutates the builder; `void q` does nothing
      default:
        escapes = true;
    }
  }

  const end = climb(root.start);
  const ownChain = links.slice();
  const chainEnd = ownChain[ownChain.length - 1]!.call;
  if (end) fate(end);
  return { root, links, ownChain, chainEnd, executions, escapes, factory };
}

/** A cheap test on the callee name before `queryRoot` looks further. */
export function isQueryStartCandidate(node: TSESTree.CallExpression): boolean {
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression') return false;
  const property = callee.property;
  if (!callee.computed) {
    return property.type === 'Identifier' && (property.name === 'select' || property.name === 'rpc');
  }
  const name = staticString(property);
  return name === 'select' || name === 'rpc';
}

export type UniqueColumnsOption = readonly string[] | Readonly<Record<string, readonly string[]>>;

/** The columns that identify at most one row of `table`. `*` in a map applies to every table. */
export function uniqueColumnsFor(option: UniqueColumnsOption, table: string | null): ReadonlySet<string> {
  if (Array.isArray(option)) return new Set(option as readonly string[]);
  const map = option as Readonly<Record<string, readonly string[]>>;
  const columns = new Set(map['*'] ?? []);
  if (table !== null && Object.hasOwn(map, table)) for (const column of map[table]!) columns.add(column);
  return columns;
}

/** `{ referencedTable }` / `{ foreignTable }`: the call acts on an embedded resource only. */
function optionTarget(node: Node | undefined): 'top' | 'embedded' | 'unknown' {
  if (!node) return 'top';
  if (node.type !== 'ObjectExpression') return 'unknown';
  for (const property of node.properties) {
    if (property.type !== 'Property') return 'unknown';
    const key = keyName(property.key, property.computed);
    if (key === null) return 'unknown';
    if (key === 'referencedTable' || key === 'foreignTable') {
      const value = unwrap(property.value);
      if (value.type === 'Identifier' && value.name === 'undefined') continue;
      return 'embedded';
    }
  }
  return 'top';
}

/** `select(cols, { head: true })`: a HEAD request that returns no rows. */
function isHeadRequest(options: Node | undefined): boolean | 'unknown' {
  if (!options) return false;
  if (options.type !== 'ObjectExpression') return 'unknown';
  for (const property of options.properties) {
    if (property.type !== 'Property') return 'unknown';
    if (keyName(property.key, property.computed) !== 'head') continue;
    const value = unwrap(property.value);
    if (value.type === 'Literal') return value.value === true;
    return 'unknown';
  }
  return false;
}

function argument(call: TSESTree.CallExpression, index: number): TSESTree.Expression | undefined {
  const arg = call.arguments[index];
  return arg && arg.type !== 'SpreadElement' ? arg : undefined;
}

export type BoundReason = 'limit' | 'range' | 'single' | 'head' | 'unique-column' | 'unknown-option';

/**
 * Why the request returns a bounded number of rows, or null when nothing
 * bounds it. An option object we cannot read counts as a bound: the rule does
 * not guess against the user.
 */
export function rowBound(links: readonly QueryLink[], unique: ReadonlySet<string>): BoundReason | null {
  for (const { name, call } of links) {
    switch (name) {
      case 'limit':
      case 'range': {
        const target = optionTarget(argument(call, name === 'limit' ? 1 : 2));
        if (target === 'top') return name;
        if (target === 'unknown') return 'unknown-option';
        break;
      }
      case 'single':
      case 'maybeSingle':
        return 'single';
      case 'select':
      case 'rpc': {
        const head = isHeadRequest(argument(call, name === 'select' ? 1 : 2));
        if (head === true) return 'head';
        if (head === 'unknown') return 'unknown-option';
        break;
      }
      case 'eq': {
        const column = staticString(argument(call, 0));
        if (column !== null && unique.has(column)) return 'unique-column';
        break;
      }
      case 'in': {
        // `.in('id', [a, b, c])`: at most as many rows as the list written out
        const column = staticString(argument(call, 0));
        const values = argument(call, 1);
        if (column !== null && unique.has(column) && values?.type === 'ArrayExpression') return 'unique-column';
        break;
      }
      case 'filter': {
        const column = staticString(argument(call, 0));
        if (column !== null && unique.has(column) && staticString(argument(call, 1)) === 'eq') {
          return 'unique-column';
        }
        break;
      }
      case 'match': {
        const query = argument(call, 0);
        if (query?.type === 'ObjectExpression') {
          for (const property of query.properties) {
            if (property.type !== 'Property') continue;
            const key = keyName(property.key, property.computed);
            if (key !== null && unique.has(key)) return 'unique-column';
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return null;
}

/**
 * Whether the request reads at most one row, or none: `.single()`,
 * `.maybeSingle()`, a HEAD request, an `eq` on a unique column. Such a read
 * needs no order and is no download, wherever the call stands in the chain.
 */
export function isOneRowRead(links: readonly QueryLink[], unique: ReadonlySet<string>): boolean {
  return links.some((link) => {
    const reason = rowBound([link], unique);
    return reason === 'single' || reason === 'head' || reason === 'unique-column';
  });
}

/**
 * The call after which a new transform (`.limit(n)`) can be appended to the
 * request's own chain: the last call before any trailing `.csv()`-style
 * transform.
 */
export function appendPoint(use: QueryUse): TSESTree.CallExpression {
  let index = use.ownChain.length - 1;
  while (index > 0 && TRAILING_TRANSFORMS.has(use.ownChain[index]!.name)) index -= 1;
  return use.ownChain[index]!.call;
}

/*
 * Text gates: a file whose text fails a detector's gate cannot hold its
 * finding (every finding needs these method names spelled in the source, and
 * a read needs a `select` that may start one: select-gate.ts), so the file
 * is not even parsed for it. The detectors, and the audit before it
 * parses anything, ask the same functions.
 */
export function mayHoldUnboundedRead(text: string, checkRpc: boolean): boolean {
  return (checkRpc && text.includes('rpc')) || mayHoldSelectRead(text);
}

export function mayHoldCursorProblem(text: string): boolean {
  return (text.includes('limit') || text.includes('range')) && mayHoldSelectRead(text);
}

export function mayHoldMissingDeltaFilter(text: string): boolean {
  return mayHoldSelectRead(text);
}

export interface UnboundedReadOptions {
  uniqueColumns: UniqueColumnsOption;
  checkRpc: boolean;
  /** Helpers that page through a query returned from their callback (default `selectAllPages`). */
  paginators?: readonly string[];
}

/** The executions that send the request as it is written (not through a paginating helper). */
export function directExecutions(use: QueryUse): Execution[] {
  return use.executions.filter((execution) => execution.kind !== 'paginated');
}

/**
 * Finds every read of a file that is executed without a row bound (what
 * require-pagination reports). Returns null for a file that never spells
 * `select` (or `rpc` when rpc is checked): it cannot start a read.
 */
export function createUnboundedReadDetector(
  ctx: AnalysisContext,
  options: UnboundedReadOptions,
): Detector<QueryUse> | null {
  if (!mayHoldUnboundedRead(ctx.text, options.checkRpc)) return null;
  return queryDetector(
    ctx,
    (root) => root.kind === 'select' || options.checkRpc,
    (use) => {
      if (directExecutions(use).length === 0 || use.escapes) return null;
      const table = use.root.kind === 'select' ? use.root.name : null;
      return rowBound(use.links, uniqueColumnsFor(options.uniqueColumns, table)) === null ? use : null;
    },
    options.paginators,
  );
}

/**
 * The walk every query detector shares: each request that starts in the file
 * and that `select` accepts (returning what `judge` needs to know, or
 * null/false) is analyzed once; with type information, a request whose
 * builder is not a supabase-js one is skipped. `judge` turns a request into
 * a finding, or null.
 */
function queryDetector<Finding, Selected>(
  ctx: AnalysisContext,
  select: (root: QueryRoot) => Selected | null | false,
  judge: (use: QueryUse, selected: Selected) => Finding | null,
  paginators: readonly string[] = DEFAULT_PAGINATORS,
): Detector<Finding> {
  const types = typeOracle(ctx);
  const paginatorSet = new Set(paginators);
  const found: Finding[] = [];
  return {
    listeners: {
      CallExpression(node: TSESTree.CallExpression) {
        if (!isQueryStartCandidate(node)) return;
        const root = queryRoot(ctx, node);
        if (!root) return;
        const selected = select(root);
        if (selected === null || selected === false) return;
        if (types?.isSupabase(root.start) === 'no') return;
        const finding = judge(analyzeQuery(ctx, root, paginatorSet), selected);
        if (finding !== null) found.push(finding);
      },
    },
    finish: () => found,
  };
}

// ---------------------------------------------------------- ordering

export interface OrderCall {
  call: TSESTree.CallExpression;
  /** The ordered column when it is a static string. */
  column: string | null;
  /** `ascending` unless `{ ascending: false }` is written; `unknown` for options the analysis cannot read. */
  direction: 'ascending' | 'descending' | 'unknown';
}

/** The `.order()` calls on the top-level table, in the order they apply. */
export function topLevelOrders(links: readonly QueryLink[]): OrderCall[] {
  const orders: OrderCall[] = [];
  for (const { name, call } of links) {
    if (name !== 'order') continue;
    const options = argument(call, 1);
    if (optionTarget(options) === 'embedded') continue;
    let direction: OrderCall['direction'] = 'ascending';
    if (options) {
      if (options.type !== 'ObjectExpression') direction = 'unknown';
      else {
        for (const property of options.properties) {
          if (property.type !== 'Property') {
            direction = 'unknown';
            continue;
          }
          if (keyName(property.key, property.computed) !== 'ascending') continue;
          const value = unwrap(property.value);
          direction = value.type === 'Literal' ? (value.value === false ? 'descending' : 'ascending') : 'unknown';
        }
      }
    }
    orders.push({ call, column: staticString(argument(call, 0)), direction });
  }
  return orders.sort((a, b) => a.call.range[0] - b.call.range[0]);
}

/** `.limit()` / `.range()` calls that bound the top-level table. */
export function topLevelPages(links: readonly QueryLink[]): TSESTree.CallExpression[] {
  return links
    .filter(
      ({ name, call }) =>
        (name === 'limit' || name === 'range') && optionTarget(argument(call, name === 'limit' ? 1 : 2)) === 'top',
    )
    .map(({ call }) => call);
}

export interface CursorOrderProblem {
  kind: 'unordered-page' | 'keyset-order';
  use: QueryUse;
  /** The `.limit()`/`.range()` call (unordered page) or the `.gt()`/`.gte()` call (keyset). */
  at: TSESTree.CallExpression;
  /** The keyset column. */
  column: string | null;
  /** What is wrong with the keyset order. */
  problem: 'no-order' | 'descending' | 'other-first' | null;
  orders: OrderCall[];
}

/**
 * Whether every execution of the request drops its rows unread: each is
 * awaited into a destructuring that takes no `data` (`const { error } =
 * await q`, a health check or a write probe). Which rows such a request
 * returns, in which order, does not matter.
 */
export function rowsNeverRead(use: QueryUse): boolean {
  const executions = directExecutions(use);
  return (
    executions.length > 0 &&
    executions.every((execution) => {
      if (execution.kind !== 'await') return false;
      const awaited = execution.node.parent;
      if (awaited?.type !== 'AwaitExpression') return false;
      const result = outermost(awaited);
      const parent = result.parent;
      const pattern =
        parent?.type === 'VariableDeclarator' && parent.init === result
          ? parent.id
          : parent?.type === 'AssignmentExpression' && parent.right === result && parent.operator === '='
            ? parent.left
            : null;
      return (
        pattern?.type === 'ObjectPattern' &&
        pattern.properties.every((property) => {
          if (property.type !== 'Property') return false; // `...rest` keeps the data
          const key = keyName(property.key, property.computed);
          return key !== null && key !== 'data';
        })
      );
    })
  );
}

/**
 * Finds executed reads whose pages are unpredictable or skip rows (what
 * require-cursor-order reports): a page bound with no order, and a keyset
 * (`.gt(col, x)` / `.gte(col, x)` on a cursor column, with a page bound) that
 * is not ordered by `col` ascending first. One-row reads (`single`, `maybeSingle`, an `eq` on
 * a unique column) and HEAD counts are left alone.
 */
export function createCursorOrderDetector(
  ctx: AnalysisContext,
  options: { uniqueColumns: UniqueColumnsOption; cursorColumns: readonly string[]; paginators?: readonly string[] },
): Detector<CursorOrderProblem> | null {
  if (!mayHoldCursorProblem(ctx.text)) return null;
  const cursorColumns = new Set(options.cursorColumns);
  return queryDetector(
    ctx,
    (root) => root.kind === 'select',
    (use): CursorOrderProblem | null => {
      // a paginating helper orders each page itself
      if (directExecutions(use).length === 0 || use.escapes) return null;
      const pages = topLevelPages(use.links);
      if (pages.length === 0) return null;
      if (isOneRowRead(use.links, uniqueColumnsFor(options.uniqueColumns, use.root.name))) return null;
      // `const { error } = await q.limit(1)`: no row is looked at, so no order matters
      if (rowsNeverRead(use)) return null;
      const orders = topLevelOrders(use.links);
      for (const { name, call } of use.links) {
        if (name !== 'gt' && name !== 'gte') continue;
        const column = staticString(argument(call, 0));
        // `.gt('price', 10)` is an ordinary filter; a keyset pages by a cursor column
        if (column === null || !cursorColumns.has(column)) continue;
        // `.gte(col, start).lte(col, end)`, `.gte(col, ninetyDaysAgo)`: a window, not a stored cursor
        if (isWindowBound(ctx, use.links, call)) continue;
        const first = orders[0];
        let problem: CursorOrderProblem['problem'] = null;
        if (!first) problem = 'no-order';
        else if (first.column === null || first.direction === 'unknown') problem = null;
        else if (first.column !== column) problem = 'other-first';
        else if (first.direction === 'descending') problem = 'descending';
        if (problem) return { kind: 'keyset-order', use, at: call, column, problem, orders };
      }
      if (orders.length > 0) return null;
      return { kind: 'unordered-page', use, at: pages[0]!, column: null, problem: null, orders };
    },
    options.paginators,
  );
}

// ---------------------------------------------------------- delta filters

export interface DeltaFilterOptions {
  functionPattern: RegExp;
  fullSyncNames: readonly string[];
  cursorColumns: readonly string[];
  uniqueColumns: UniqueColumnsOption;
}

export interface MissingDeltaFilter {
  use: QueryUse;
  /** The sync function's name. */
  functionName: string;
}

/**
 * The sync function `node` is in: the innermost enclosing function whose name
 * matches the pattern, unless a full-sync function (full by design) is met
 * first. `queryFn` inside `useSync` is in `useSync`.
 */
function syncFunctionName(node: Node, pattern: RegExp, fullSyncNames: ReadonlySet<string>): string | null {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const name = functionName(fn);
    if (name === null) continue;
    if (fullSyncNames.has(name)) return null;
    if (pattern.test(name)) return name;
  }
  return null;
}

const CURSOR_OPERATORS: ReadonlySet<string> = new Set(['gt', 'gte']);

/** `.gt(col, x)`, `.gte(col, x)`, `.filter(col, 'gt', x)`, `.or('col.gt.x,...')` on a cursor column. */
export function hasDeltaFilter(links: readonly QueryLink[], cursorColumns: ReadonlySet<string>): boolean {
  for (const { name, call } of links) {
    const first = argument(call, 0);
    if (CURSOR_OPERATORS.has(name)) {
      const column = staticString(first);
      if (column === null || cursorColumns.has(column)) return true;
    } else if (name === 'filter') {
      const column = staticString(first);
      const operator = staticString(argument(call, 1));
      if ((column === null || cursorColumns.has(column)) && (operator === null || CURSOR_OPERATORS.has(operator))) {
        return true;
      }
    } else if (name === 'or' && first) {
      const inner = unwrap(first);
      const text =
        inner.type === 'TemplateLiteral'
          ? inner.quasis.map((quasi) => quasi.value.cooked ?? '').join('\u0000')
          : staticString(inner);
      if (text === null) return true; // built elsewhere: may hold the cursor
      for (const column of cursorColumns) {
        if (text.includes(`${column}.gt.`) || text.includes(`${column}.gte.`)) return true;
      }
    }
  }
  return false;
}

/**
 * Finds selects inside sync functions (named like `functionPattern`, not a
 * full-sync name) that have no `.gt`/`.gte` on a change-tracking column:
 * a "delta" sync that downloads everything each time (what
 * require-delta-filter reports). One-row reads are left alone.
 */
export function createDeltaFilterDetector(
  ctx: AnalysisContext,
  options: DeltaFilterOptions,
): Detector<MissingDeltaFilter> | null {
  if (!mayHoldMissingDeltaFilter(ctx.text)) return null;
  const fullSyncNames = new Set(options.fullSyncNames);
  const cursorColumns = new Set(options.cursorColumns);
  return queryDetector(
    ctx,
    (root) => root.kind === 'select' && syncFunctionName(root.start, options.functionPattern, fullSyncNames),
    (use, functionName) => {
      if (use.escapes) return null;
      if (isOneRowRead(use.links, uniqueColumnsFor(options.uniqueColumns, use.root.name))) return null;
      return hasDeltaFilter(use.links, cursorColumns) ? null : { use, functionName };
    },
  );
}
