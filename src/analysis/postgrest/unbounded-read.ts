/** The unbounded-read detector (what require-pagination reports). */
import { mayHoldUnboundedRead } from '../text-gates.js';
import type { AnalysisContext, Detector } from '../detector.js';
import { unboundedPath } from './branch-bounds.js';
import { countOnlyRead } from './count-only.js';
import { queryDetector } from './query-detector.js';
import { directExecutions, type QueryUse } from './query-use.js';
import { rowBound, type UniqueColumnsOption, uniqueColumnsFor } from './row-bounds.js';
import type { SchemaLookup } from '../schema-facts.js';

export interface UnboundedReadOptions {
  uniqueColumns: UniqueColumnsOption;
  checkRpc: boolean;
  /** Helpers that page through a query returned from their callback (default `selectAllPages`). */
  paginators?: readonly string[];
  /** The project's schema: its unique columns are added to `uniqueColumns`. */
  schema?: SchemaLookup;
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
      // a count whose rows are never read is require-count-head's: it needs `head: true`, not a page
      if (countOnlyRead(ctx, use)) return null;
      const table = use.root.kind === 'select' ? use.root.name : null;
      const unique = uniqueColumnsFor(options.uniqueColumns, table, options.schema?.());
      if (rowBound(use.links, unique) === null) return use;
      // bounded on one path only (a bound inside a branch): unbounded on the others
      return unboundedPath(use, unique) ? use : null;
    },
    options.paginators,
  );
}
