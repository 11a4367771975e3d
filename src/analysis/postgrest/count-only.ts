/**
 * Whether a read asks for a count and never looks at its rows: the one
 * predicate require-count-head reports on and require-pagination leaves to it
 * (such a read is not a pagination problem: it should send no rows at all).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { keyName, unwrap } from '../ast.js';
import type { QueryUse } from './query-use.js';
import type { AnalysisContext } from '../detector.js';
import { rowUse } from './row-use.js';

export interface CountOption {
  /** The `{ count, ... }` object of `.select(cols, { count })`. */
  options: TSESTree.ObjectExpression;
  /** The `head` property when it is written (as `head: false`). */
  head: TSESTree.Property | null;
}

/**
 * `.select(cols, { count: ... })` without `head: true`: the count is asked for
 * and the rows are sent. Null for anything else, including an option object the
 * analysis cannot read (a spread, a computed `head`).
 */
export function countWithRows(select: TSESTree.CallExpression): CountOption | null {
  const options = select.arguments[1];
  if (options?.type !== 'ObjectExpression') return null;
  let count = false;
  let head: TSESTree.Property | null = null;
  for (const property of options.properties) {
    if (property.type !== 'Property') return null;
    const key = keyName(property.key, property.computed);
    if (key === null) return null;
    const value = unwrap(property.value);
    if (key === 'count') count = !(value.type === 'Identifier' && value.name === 'undefined');
    if (key === 'head') {
      if (value.type !== 'Literal' || value.value !== false) return null;
      head = property;
    }
  }
  return count ? { options, head } : null;
}

/**
 * Whether the code never looks at the rows nor at `data` itself (a HEAD
 * request answers `data: null`): every use of the response is for other
 * properties than `data` (see row-use.ts). A request returned or handed on
 * may have its rows read elsewhere: not count-only.
 */
export function rowsUnread(ctx: AnalysisContext, use: QueryUse): boolean {
  const facts = rowUse(ctx, use);
  return facts.use === 'none' && !facts.dataTested;
}

/** `.single()` / `.maybeSingle()` in the request: at most one row is sent anyway, and `head` would change the answer. */
function isSingleRow(use: QueryUse): boolean {
  return use.links.some((link) => link.name === 'single' || link.name === 'maybeSingle');
}

/**
 * A read that asks for `count`, is not a HEAD request, and whose rows are
 * never looked at: every row is downloaded only to be counted. Returns the
 * count option to fix, or null.
 */
export function countOnlyRead(ctx: AnalysisContext, use: QueryUse): CountOption | null {
  if (use.root.kind !== 'select') return null;
  const option = countWithRows(use.root.start);
  if (!option || isSingleRow(use)) return null;
  return rowsUnread(ctx, use) ? option : null;
}
