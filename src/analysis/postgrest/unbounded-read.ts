/** The unbounded-read detector (what require-pagination reports). */
import { mayHoldUnboundedRead } from '../text-gates.js';
import type { AnalysisContext, Detector } from '../scope.js';
import { queryDetector } from './query-detector.js';
import { directExecutions, type QueryUse } from './query-use.js';
import { rowBound, type UniqueColumnsOption, uniqueColumnsFor } from './row-bounds.js';

export interface UnboundedReadOptions {
  uniqueColumns: UniqueColumnsOption;
  checkRpc: boolean;
  /** Helpers that page through a query returned from their callback (default `selectAllPages`). */
  paginators?: readonly string[];
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
