/**
 * Count reads that download every row to count it (what require-count-head
 * reports): `.select(cols, { count })` without `head: true` whose rows are
 * never looked at. The read and where it is sent come from the chain
 * recognizer (query-root.ts, query-use.ts); the count-only test from count-only.ts, which
 * require-pagination also asks so that it leaves such a read to this rule.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { type CountOption, countOnlyRead } from './count-only.js';
import { isQueryStartCandidate, queryRoot } from './query-root.js';
import { analyzeQuery, type QueryUse } from './query-use.js';
import type { AnalysisContext, Detector } from '../detector.js';
import { mayHoldSelectRead } from './select-gate.js';
import { typeOracle } from '../type-oracle.js';

export interface CountWithRows extends CountOption {
  use: QueryUse;
}

/** Text gate (see text-gates.ts): a finding needs `count` in the text and a select that may start a read. */
export function mayHoldCountWithRows(text: string): boolean {
  return text.includes('count') && mayHoldSelectRead(text);
}

/** Finds every count read of a file that downloads the rows it counts; null for a file whose text cannot hold one. */
export function createCountHeadDetector(ctx: AnalysisContext): Detector<CountWithRows> | null {
  if (!mayHoldCountWithRows(ctx.text)) return null;
  const types = typeOracle(ctx);
  const found: CountWithRows[] = [];
  return {
    listeners: {
      CallExpression(node: TSESTree.CallExpression) {
        if (!isQueryStartCandidate(node) || node.arguments.length < 2) return;
        const root = queryRoot(ctx, node);
        if (root?.kind !== 'select' || types?.isSupabase(root.start) === 'no') return;
        const use = analyzeQuery(ctx, root);
        const option = countOnlyRead(ctx, use);
        if (option) found.push({ use, ...option });
      },
    },
    finish: () => found,
  };
}
