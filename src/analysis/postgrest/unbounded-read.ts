/** The unbounded-read detector (what require-pagination reports). */
import { mayHoldUnboundedRead } from '../text-gates.js';
import type { AnalysisContext, Detector } from '../detector.js';
import { pathWithoutBound, type UnboundedPath } from './branch-bounds.js';
import { countOnlyRead } from './count-only.js';
import { queryDetector } from './query-detector.js';
import { directExecutions, type QueryUse } from './query-use.js';
import {
  compositeKeyLinks,
  rowBound,
  type UniqueColumns,
  type UniqueColumnsOption,
  uniqueColumnsFor,
} from './row-bounds.js';
import { maxRowsOf, type SchemaLookup } from '../schema-facts.js';
import { pagesPastMaxRows } from './page-rows.js';

export interface UnboundedReadOptions {
  uniqueColumns: UniqueColumnsOption;
  checkRpc: boolean;
  /** Helpers that page through a query returned from their callback (default `selectAllPages`). */
  paginators?: readonly string[];
  /** The project's schema: its unique columns are added to `uniqueColumns`; its max-rows (maxRowsOf) caps a page bound. */
  schema?: SchemaLookup;
}

/**
 * The first path to a place the request is sent on which none of its row
 * bounds is applied (see branch-bounds.ts). Equalities on a composite key
 * bound the read only on the paths that apply every one of them.
 */
export function unboundedPath(use: QueryUse, unique: UniqueColumns): UnboundedPath | null {
  const sent = directExecutions(use).map((execution) => execution.node);
  const bounds = use.links.filter((link) => rowBound([link], unique) !== null);
  const single = pathWithoutBound(use, bounds, sent);
  const composite = compositeKeyLinks(use.links, unique);
  if (!composite) return single;
  let missing: UnboundedPath | null = null;
  for (const link of composite) missing ??= pathWithoutBound(use, [link], sent);
  if (missing === null) return null; // the key is applied on every path
  return bounds.length === 0 ? missing : single;
}

/**
 * Finds every read of a file that is executed without a row bound (what
 * require-pagination reports): no bound at all, a bound on some paths only,
 * or page bounds that all ask for more rows than the project's max-rows.
 * Returns null for a file that never spells `select` (or `rpc` when rpc is
 * checked): it cannot start a read.
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
      // a count whose rows are never read is require-count-head's: it needs `head: true`, not a page
      if (countOnlyRead(ctx, use)) return null;
      const table = use.root.kind === 'select' ? use.root.name : null;
      const schema = options.schema?.();
      const unique = uniqueColumnsFor(options.uniqueColumns, table, schema);
      if (rowBound(use.links, unique) === null) return use;
      // bounded on one path only (a bound inside a branch): unbounded on the others
      if (unboundedPath(use, unique)) return use;
      // `.limit(5000)` on a project whose max-rows is 1,000: the server sends 1,000, and no error
      return pagesPastMaxRows(ctx, use.links, unique, maxRowsOf(schema)) ? use : null;
    },
    options.paginators,
  );
}
