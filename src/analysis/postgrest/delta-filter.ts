/** The delta-filter detector (what require-delta-filter reports). */
import { enclosingFunction, functionName, type Node } from '../ast.js';
import { cursorFilterOf } from '../sync/sync-reads.js';
import { mayHoldMissingDeltaFilter } from '../text-gates.js';
import type { AnalysisContext, Detector } from '../detector.js';
import { queryDetector } from './query-detector.js';
import { DEFAULT_PAGINATORS, type QueryUse } from './query-use.js';
import { throughSendingWrappers } from './send-wrappers.js';
import type { FunctionLookupSource } from '../project/lookup.js';
import { isOneRowRead, type UniqueColumnsOption, uniqueColumnsFor } from './row-bounds.js';
import type { SchemaLookup } from '../schema-facts.js';

export interface DeltaFilterOptions {
  functionPattern: RegExp;
  fullSyncNames: readonly string[];
  cursorColumns: readonly string[];
  uniqueColumns: UniqueColumnsOption;
  /** The project's schema: its unique columns are added to `uniqueColumns`. */
  schema?: SchemaLookup;
  /** The project's functions: a read handed to one that sends it as written is judged where it is sent. */
  functions?: FunctionLookupSource;
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
  const paginators = new Set(DEFAULT_PAGINATORS);
  return queryDetector(
    ctx,
    (root) => root.kind === 'select' && syncFunctionName(root.start, options.functionPattern, fullSyncNames),
    (found, functionName) => {
      // `await withTimeout(q, ms)`: a wrapper that sends what it is handed adds no filter (send-wrappers.ts)
      const use = throughSendingWrappers(ctx, found, options.functions?.() ?? null, paginators);
      if (use.escapes) return null;
      if (isOneRowRead(use.links, uniqueColumnsFor(options.uniqueColumns, use.root.name, options.schema?.())))
        return null;
      // the one change-cursor predicate, the sync verdict's: a window (the last 90 days) is no cursor
      return cursorFilterOf(ctx, use.links, cursorColumns) ? null : { use, functionName };
    },
  );
}
