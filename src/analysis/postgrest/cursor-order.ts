/** The cursor-order detector (what require-cursor-order reports). */
import { isWindowBound } from '../sync/clock.js';
import type { TSESTree } from '@typescript-eslint/utils';
import { argumentAt, staticString } from '../ast.js';
import { mayHoldCursorProblem } from '../text-gates.js';
import type { AnalysisContext, Detector } from '../detector.js';
import { type OrderCall, topLevelOrders } from './orders.js';
import { queryDetector } from './query-detector.js';
import { analyzeQuery, DEFAULT_PAGINATORS, directExecutions, type QueryLink, type QueryUse } from './query-use.js';
import { callsFilterCallback } from './callback-filters.js';
import { rootSchema } from './query-root.js';
import { orderMatters, rowUse } from './row-use.js';
import { oneRowOnEveryPath } from './branch-bounds.js';
import { limitCoversList, topLevelPages, type UniqueColumnsOption, uniqueColumnsFor } from './row-bounds.js';
import { maxRowsOf, type SchemaLookup } from '../schema-facts.js';
import { pageRows, pagesPastMaxRows } from './page-rows.js';
import { drainsWhatItReads, expiresWhatItReads, movesWhatItReads } from './drain.js';
import { defaultPageRows, windowFromCallers } from './param-default.js';
import type { FunctionLookupSource } from '../project/lookup.js';

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
  /** An unordered page: `limit` when every bound is a `.limit()` (the first rows, not a page of many), else `range`. */
  bound?: 'limit' | 'range';
}

/** Every page bound is a written-out `.limit(1)`. */
function singleRowPick(ctx: AnalysisContext, use: QueryUse, pages: readonly TSESTree.CallExpression[]): boolean {
  return use.links.every((link) => !pages.includes(link.call) || pageRows(ctx, link) === 1);
}

/**
 * Finds executed reads whose pages are unpredictable or skip rows (what
 * require-cursor-order reports): a page bound with no order, and a keyset
 * (`.gt(col, x)` / `.gte(col, x)` on a cursor column, with a page bound) that
 * is not ordered by `col` ascending first. One-row reads (`single`, `maybeSingle`, an `eq` on
 * a unique column), HEAD counts and pages of no row (`.limit(0)`) are left alone.
 */
export function createCursorOrderDetector(
  ctx: AnalysisContext,
  options: {
    uniqueColumns: UniqueColumnsOption;
    cursorColumns: readonly string[];
    paginators?: readonly string[];
    /** The project's schema: its unique columns are added to `uniqueColumns`. */
    schema?: SchemaLookup;
    /** The project's functions: the callers of the function a read is in. */
    functions?: FunctionLookupSource;
    /** Report an unordered `.limit(1)` whose one row is read ("any row" or "the first"? only intent tells). */
    singleRowPicks?: boolean;
  },
): Detector<CursorOrderProblem> | null {
  if (!mayHoldCursorProblem(ctx.text)) return null;
  const cursorColumns = new Set(options.cursorColumns);
  const paginators = new Set(options.paginators ?? DEFAULT_PAGINATORS);
  /** `await build(q.range(a, b))`, every caller giving `build` as a filter-only arrow: sent there (callback-filters.ts). */
  const throughFilterCallbacks = (use: QueryUse): QueryUse => {
    if (!use.escapes) return use;
    const followed = analyzeQuery(ctx, use.root, paginators, (call) => callsFilterCallback(ctx, call));
    return followed.escapes || followed.through.length === 0 ? use : followed;
  };
  return queryDetector(
    ctx,
    (root) => root.kind === 'select',
    (found): CursorOrderProblem | null => {
      const use = throughFilterCallbacks(found);
      // a paginating helper orders each page itself
      if (directExecutions(use).length === 0 || use.escapes) return null;
      const pages = topLevelPages(use.links);
      if (pages.length === 0) return null;
      const unique = uniqueColumnsFor(options.uniqueColumns, use.root.name, options.schema?.());
      // one row on every path: `if (a) q = q.eq('a', a)` of a composite key leaves the other paths many rows
      if (oneRowOnEveryPath(use, unique)) return null;
      // `.in('id', ids).limit(ids.length)`: every matching row comes back, in whatever order
      if (limitCoversList(use.links, unique)) return null;
      // `.limit(0)`: no row comes back, in any order
      const links = new Map(use.links.map((link) => [link.call, link]));
      if (pages.some((page) => pageRows(ctx, links.get(page)!) === 0)) return null;
      // `const { error } = await q.limit(1)`, `data.length > 0`: no row is read, so no order matters;
      // `.limit(2)` then `data.length === 1 && data[0].id`: the row read is the one the filter matches
      const soleIsUnique = pages.every((page) => {
        const link = links.get(page)!;
        return link.name === 'limit' && (pageRows(ctx, link) ?? 0) >= 2;
      });
      if (!orderMatters(rowUse(ctx, use, { soleIsUnique }))) return null;
      const orders = topLevelOrders(use.links);
      for (const { name, call } of use.links) {
        if (name !== 'gt' && name !== 'gte') continue;
        const column = staticString(argumentAt(call, 0));
        // `.gt('price', 10)` is an ordinary filter; a keyset pages by a cursor column
        if (column === null || !cursorColumns.has(column)) continue;
        // `.gte(col, start).lte(col, end)`, `.gte(col, ninetyDaysAgo)`: a window, not a stored cursor
        if (isWindowBound(ctx, use.links, call)) continue;
        // `function errorsSince(since) { ... .gte('created_at', since) }`, every caller passing `now - 7 days`
        const value = argumentAt(call, 1);
        if (value && windowFromCallers(ctx, options.functions, value)) continue;
        const first = orders[0];
        let problem: CursorOrderProblem['problem'] = null;
        if (!first) problem = 'no-order';
        else if (first.column === null || first.direction === 'unknown') problem = null;
        else if (first.column !== column) problem = 'other-first';
        else if (first.direction === 'descending') problem = 'descending';
        if (problem) return { kind: 'keyset-order', use, at: call, column, problem, orders };
      }
      if (orders.length > 0) return null;
      // `create view leaderboard as ... order by points desc`: a plain read keeps the view's order
      const schema = options.schema?.();
      const viewSchema = rootSchema(use.root);
      if (use.root.name !== null && viewSchema !== null && schema?.isOrderedView(use.root.name, viewSchema))
        return null;
      // `.limit(5000)` where the server sends 1,000: the page is meant to be every row, and
      // require-pagination reports it (pastMaxRows); an order would not bring the rest back
      const fallback = (link: QueryLink) => defaultPageRows(ctx, options.functions, link);
      if (pagesPastMaxRows(ctx, use.links, unique, maxRowsOf(schema), fallback)) return null;
      const bound = use.links.every((link) => !pages.includes(link.call) || link.name === 'limit') ? 'limit' : 'range';
      // a loop that deletes each page it reads until none is left: every row goes, in any order (an
      // offset page would skip rows as the rows before it go: only `.limit()`)
      if (bound === 'limit' && drainsWhatItReads(ctx, use)) return null;
      // one batch of the rows past a cutoff from the clock, deleted by what it read: each run deletes expired rows
      if (bound === 'limit' && expiresWhatItReads(ctx, use)) return null;
      // a queue's batch: each row read is updated out of the read's filter (status 'sent' -> 'delivered')
      if (bound === 'limit' && movesWhatItReads(ctx, use)) return null;
      // `.limit(1)` and its one row read: "any admin will do" or "the latest"? Only names and comments
      // tell, so it is reported only when asked for (option singleRowPicks)
      if (!options.singleRowPicks && bound === 'limit' && singleRowPick(ctx, use, pages)) return null;
      return { kind: 'unordered-page', use, at: pages[0]!, column: null, problem: null, orders, bound };
    },
    options.paginators,
  );
}
