/** The unbounded-read detector (what require-pagination reports). */
import { mayHoldUnboundedRead } from '../text-gates.js';
import type { AnalysisContext, Detector } from '../detector.js';
import { unboundedPath, type UnboundedPath } from './branch-bounds.js';
import { countOnlyRead } from './count-only.js';
import { queryDetector } from './query-detector.js';
import { directExecutions, type QueryUse } from './query-use.js';
import {
  keyedTableRows,
  rowBound,
  SYSTEM_SCHEMAS,
  type UniqueColumns,
  type UniqueColumnsOption,
  uniqueColumnsFor,
} from './row-bounds.js';
import { maxRowsOf, type SchemaLookup } from '../schema-facts.js';
import { pagesPastMaxRows } from './page-rows.js';
import type { TSESTree } from '@typescript-eslint/utils';
import { typeOracle } from '../type-oracle.js';
import { pagesItsCallback, returnedBuilder } from '../project/compose.js';
import { enclosingFunction, outermost, unwrap } from '../ast.js';
import { resolveIdentifier } from '../scope.js';
import {
  callersOfFunction,
  type FunctionLookup,
  type FunctionLookupSource,
  type ImportsAny,
} from '../project/lookup.js';
import type { ResolvedFunction } from '../project/index.js';
import { analyzeQuery, DEFAULT_PAGINATORS } from './query-use.js';
import { throughSendingWrappers } from './send-wrappers.js';
import { type QueryRoot, rootSchema } from './query-root.js';
import type { DatabaseSchema } from '../../schema/model.js';

export interface UnboundedReadOptions {
  uniqueColumns: UniqueColumnsOption;
  checkRpc: boolean;
  /** Helpers that page through a query returned from their callback (default `selectAllPages`). */
  paginators?: readonly string[];
  /** The project's schema: its unique columns are added to `uniqueColumns`; its max-rows (maxRowsOf) caps a page bound. */
  schema?: SchemaLookup;
  /** The project's functions: a read built and returned unbounded by a called function, judged where it is sent. */
  functions?: FunctionLookupSource;
}

/**
 * A call of a function that returns a read unsent and unbounded on some of its
 * paths (`buildQuery(false)` where `buildQuery` returns `single ? q.single() : q`),
 * followed from the call as a read of its own: unbounded when nothing bounds
 * it after the call either, and sent.
 */
function builtRead(
  ctx: AnalysisContext,
  lookup: FunctionLookup,
  call: TSESTree.CallExpression,
  paginators: ReadonlySet<string>,
  schema: SchemaLookup | undefined,
): QueryUse | null {
  // what the call returns is asked only when it is sent with nothing bounding it after the call
  const root: QueryRoot = { kind: 'select', start: call, from: null, name: null, client: call };
  const use = analyzeQuery(ctx, root, paginators);
  if (directExecutions(use).length === 0 || use.escapes) return null;
  // returned from a callback a paginating helper of the project pages
  if (pagedThroughProject(use, lookup)) return null;
  // bounded where it is called: the function's own bound, on the path it takes, is unknown here
  if (rowBound(use.links.slice(1), new Set()) !== null) return null;
  const target = lookup.resolve(call, 'builders');
  const built = target && returnedBuilder(target);
  if (!built || built.builder.bounded === 'all') return null;
  const { builder, by } = built;
  // a table its key's few values bound: whatever the function builds of it
  if (keyedTableRows(schema?.(), builder.table) !== null) return null;
  // `build(true)` where `true` takes the bounded path
  if (builder.when) {
    const argument = call.arguments[builder.when.index];
    const value =
      argument && argument.type === 'Literal' && typeof argument.value === 'boolean' ? argument.value : null;
    if (value !== null && value !== builder.when.unboundedIf) return null;
  }
  root.name = builder.table;
  const callee = ctx.text.slice(call.callee.range[0], call.callee.range[1]).replace(/\s+/g, '');
  use.builtBy = {
    callee,
    name: by.facts.name,
    place: lookup.place(by.module.file, builder.at.line),
    path: builder.bounded === 'some' ? builder.path : null,
  };
  return use;
}

/** Whether a call of `fn` may hand back a read unsent with no row bound on some path (through `return other()` too). */
export function returnsUnboundedBuilder(fn: ResolvedFunction): boolean {
  return (returnedBuilder(fn)?.builder.bounded ?? 'all') !== 'all';
}

/**
 * Whether a file with no read of its own may hold one a called function of
 * another module builds and returns unbounded (project/imports.ts: only the
 * modules that may reach a returned builder are read). The detector's own
 * test is the first (mayCallInto), which this one narrows.
 */
export function mayHoldBuiltRead(imports: ImportsAny): boolean {
  return imports.mayCallInto('builders') && imports.importsAny('builders', returnsUnboundedBuilder);
}

/** The rule's whole text gate: a read written in the file, or an imported function that returns an unbounded builder. */
export function mayReadUnbounded(text: string, options: { checkRpc: boolean }, imports: ImportsAny): boolean {
  return mayHoldUnboundedRead(text, options.checkRpc) || mayHoldBuiltRead(imports);
}

/**
 * A read returned from a callback handed, as the first argument, to a
 * function of the project that pages its callback (project/compose.ts
 * pagesItsCallback: `loadAll(() => supabase.from('t').select('*'))` where
 * `loadAll` calls it in a loop with `.range()`, in this module or another, or
 * hands it on to one that does): sent page by page. Every place the read is
 * sent must be such a callback.
 */
function pagedThroughProject(use: QueryUse, lookup: FunctionLookup): boolean {
  if (use.executions.length === 0) return false;
  return use.executions.every(({ kind, node }) => {
    if (kind === 'paginated') return true;
    if (kind !== 'return-callback' && kind !== 'return-async') return false;
    const parent = outermost(node).parent;
    const fn = parent?.type === 'ArrowFunctionExpression' ? parent : parent && enclosingFunction(parent);
    if (!fn) return false;
    const outer = outermost(fn);
    const call = outer.parent;
    if (call?.type !== 'CallExpression' || call.arguments[0] !== outer) return false;
    const target = lookup.resolve(call, 'paginators');
    return !!target && pagesItsCallback(target);
  });
}

/**
 * `if (limit) q = q.limit(limit)` where `limit` is a parameter of the function
 * and every call of it in the project passes one (`getCounts(id, 3)`): the path
 * without the bound is not taken by any caller the project has. Unknown
 * callers (a function handed on as a value, an exported API) keep the finding.
 */
function everyCallerTakesBound(ctx: AnalysisContext, lookup: FunctionLookup, path: UnboundedPath): boolean {
  if (path.path !== 'test-false' || !path.test) return false;
  const test = unwrap(path.test);
  if (test.type !== 'Identifier') return false;
  const def = resolveIdentifier(ctx, test)?.defs[0];
  if (def?.type !== 'Parameter') return false;
  const fn = enclosingFunction(def.name);
  const index = fn
    ? fn.params.findIndex(
        (param) => param === def.name || (param.type === 'AssignmentPattern' && param.left === def.name),
      )
    : -1;
  const scan = fn && index >= 0 ? callersOfFunction(lookup, fn) : null;
  return !!scan?.complete && scan.calls.length > 0 && scan.calls.every((call) => call.args[index] === 'present');
}

/** PostgreSQL's catalogs: one row per table, column or constraint, not the app's data. */
const CATALOGS: ReadonlySet<string> = new Set(['information_schema', 'pg_catalog']);

/**
 * `from('information_schema.columns')`, `schema('pg_catalog').from('pg_tables')`:
 * a read of the catalogs holds a row per object of the schema, not rows that
 * grow with the app's use (and PostgREST exposes neither schema unless told
 * to: the read fails before max-rows could cut it).
 */
function isCatalogRead(root: QueryRoot): boolean {
  const schema = rootSchema(root);
  if (schema !== null && CATALOGS.has(schema)) return true;
  const dot = root.name?.indexOf('.') ?? -1;
  if (dot > 0) return CATALOGS.has(root.name!.slice(0, dot));
  // `from('pg_tables')`: PostgreSQL keeps the `pg_` prefix for its own catalogs
  return schema === 'public' && root.name?.startsWith('pg_') === true;
}

/** The table a read names, with its schema when that is one of Supabase's own (`schema('auth').from('users')`). */
function tableOf(root: QueryRoot): string | null {
  if (root.kind !== 'select' || root.name === null) return null;
  const schema = rootSchema(root);
  return schema !== null && SYSTEM_SCHEMAS.has(schema) ? `${schema}.${root.name}` : root.name;
}

/**
 * Finds every read of a file that is executed without a row bound (what
 * require-pagination reports): no bound at all, a bound on some paths only,
 * or page bounds that all ask for more rows than the project's max-rows.
 * Returns null for a file that never spells `select` (or `rpc` when rpc is
 * checked): it cannot start a read.
 */
/**
 * Whether the project's migrations create `table` (its keys are theirs to
 * say); a table only the generated types describe, or none, is not: the types
 * carry no keys.
 */
export function describedByMigrations(schema: DatabaseSchema | undefined, table: string): boolean {
  return schema?.relation(table)?.sources.includes('migrations') ?? false;
}

/**
 * The keys that may bound a read of `table` (row-bounds.ts uniqueColumnsFor),
 * with those the project's upserts prove (`onConflict: 'month,year'`, the
 * lookup's conflictKeys) when no other key bounds it, it fixes some column,
 * and no migration creates the table. The detector and the rule's report ask
 * the same.
 */
export function readKeys(
  option: UniqueColumnsOption,
  table: string | null,
  schema: DatabaseSchema | undefined,
  links: QueryUse['links'],
  lookup: FunctionLookup | null,
): UniqueColumns {
  const unique = uniqueColumnsFor(option, table, schema);
  if (rowBound(links, unique) !== null || table === null || !lookup || !fixesColumns(links)) return unique;
  if (describedByMigrations(schema, table)) return unique;
  const proven = lookup.conflictKeys(table);
  return proven.length > 0 ? uniqueColumnsFor(option, table, schema, proven) : unique;
}

/** Whether a read fixes some column (`eq`, `in`, `match`): only then can a key bound it. */
export function fixesColumns(links: readonly { name: string }[]): boolean {
  return links.some((link) => link.name === 'eq' || link.name === 'in' || link.name === 'match');
}

export function createUnboundedReadDetector(
  ctx: AnalysisContext,
  options: UnboundedReadOptions,
): Detector<QueryUse> | null {
  const lookup = options.functions?.() ?? null;
  const direct = mayHoldUnboundedRead(ctx.text, options.checkRpc);
  // a call of another module's function may send a read it builds: only one that calls into a module that may
  // reach a returned builder (read from the texts); each such call is resolved only where it is sent (builtRead)
  const imported = lookup?.mayCallInto('builders') ?? false;
  if (!direct && !imported) return null;
  /** A read of this file returned unsent from a plain function: calls of it may be judged where they are sent. */
  let localFactory = false;
  const paginators = new Set(options.paginators ?? DEFAULT_PAGINATORS);
  const reads = queryDetector(
    ctx,
    (root) => (root.kind === 'select' && !isCatalogRead(root)) || (root.kind === 'rpc' && options.checkRpc),
    (found) => {
      if (found.factory) localFactory = true;
      // `await withTimeout(q, ms)`: a wrapper of the project that sends what it is handed, adding no bound
      const use = throughSendingWrappers(ctx, found, lookup, paginators);
      if (directExecutions(use).length === 0 || use.escapes) return null;
      // a count whose rows are never read is require-count-head's: it needs `head: true`, not a page
      if (countOnlyRead(ctx, use)) return null;
      if (lookup && pagedThroughProject(use, lookup)) return null;
      const schema = options.schema?.();
      // a table its key's few values bound (`UNIQUE (currency)`, `CHECK (currency IN (...))`): whatever the read
      if (use.root.kind === 'select' && keyedTableRows(schema, use.root.name, rootSchema(use.root)) !== null)
        return null;
      const table = tableOf(use.root);
      const unique = readKeys(options.uniqueColumns, table, schema, use.links, lookup);
      if (rowBound(use.links, unique) === null) return use;
      // bounded on one path only (a bound inside a branch): unbounded on the others
      const path = unboundedPath(use, unique);
      if (path && !(lookup && everyCallerTakesBound(ctx, lookup, path))) return use;
      if (path) return null;
      // `.limit(5000)` on a project whose max-rows is 1,000: the server sends 1,000, and no error
      return pagesPastMaxRows(ctx, use.links, unique, maxRowsOf(schema)) ? use : null;
    },
    options.paginators,
  );
  if (!lookup) return reads;
  const types = typeOracle(ctx);
  const calls: TSESTree.CallExpression[] = [];
  return {
    listeners: {
      ...reads.listeners,
      CallExpression(node: TSESTree.CallExpression) {
        (reads.listeners.CallExpression as ((node: TSESTree.CallExpression) => void) | undefined)?.(node);
        const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
        if (callee.type === 'Identifier' || callee.type === 'MemberExpression') calls.push(node);
      },
    },
    finish() {
      const found = reads.finish();
      if (!imported && !localFactory) return found;
      for (const call of calls) {
        if (types?.isSupabase(call) === 'no') continue;
        const use = builtRead(ctx, lookup, call, paginators, options.schema);
        if (use) found.push(use);
      }
      return found;
    },
  };
}
