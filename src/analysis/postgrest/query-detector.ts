/**
 * The walk every query detector shares (unbounded reads, cursor orders, delta
 * filters): each request that starts in the file is recognized and followed
 * once, then judged.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext, Detector } from '../detector.js';
import { typeOracle } from '../type-oracle.js';
import { isQueryStartCandidate, type QueryRoot, queryRoot } from './query-root.js';
import { analyzeQuery, DEFAULT_PAGINATORS, type QueryUse } from './query-use.js';

/**
 * The walk every query detector shares: each request that starts in the file
 * and that `select` accepts (returning what `judge` needs to know, or
 * null/false) is analyzed once; with type information, a request whose
 * builder is not a supabase-js one is skipped. `judge` turns a request into
 * a finding, or null.
 */
export function queryDetector<Finding, Selected>(
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
