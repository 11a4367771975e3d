/**
 * The reads a delta sync makes, judged one by one against the contract (see
 * docs/delta-sync.md): a filter on a
 * change-tracking column against the stored cursor; when paged, an ascending
 * order on the cursor first, and a unique tiebreaker in both the order and
 * the filter.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { type FunctionNode, type Node, staticString, unwrap } from '../ast.js';
import { topLevelOrders } from '../postgrest/orders.js';
import { directExecutions, type QueryUse, rowsNeverRead } from '../postgrest/query-use.js';
import { isOneRowRead, topLevelPages, uniqueColumnsFor, type UniqueColumnsOption } from '../postgrest/row-bounds.js';
import type { SchemaLookup } from '../schema-facts.js';
import type { AnalysisContext } from '../detector.js';
import { isWindowBound } from './clock.js';

export interface ReadJudgement {
  use: QueryUse;
  /** Whether it filters a change-tracking column against a stored cursor. */
  delta: boolean;
  /** The cursor column, when it is a static one. */
  column: string | null;
  /** `.limit()` / `.range()` on the top-level table. */
  paged: boolean;
  /** Paged delta reads: ordered by the cursor ascending first (null: not paged, or not a delta read). */
  ascending: boolean | null;
  /** Paged delta reads: a unique tiebreaker in the order and the filter (null: not paged, or not a delta read). */
  tiebreak: boolean | null;
  /** A read without a delta filter in a branch taken on a first run or a forced full reload. */
  fallback: boolean;
}

export interface ReadOptions {
  cursorColumns: readonly string[];
  uniqueColumns: UniqueColumnsOption;
  /** The project's schema: its unique columns are added to `uniqueColumns`. */
  schema?: SchemaLookup;
}

function argument(call: TSESTree.CallExpression, index: number): TSESTree.Expression | undefined {
  const arg = call.arguments[index];
  return arg && arg.type !== 'SpreadElement' ? arg : undefined;
}

/** The text of an `.or()` filter (template parts joined), or null when it is built elsewhere. */
function orText(call: TSESTree.CallExpression): string | null {
  const first = argument(call, 0);
  if (!first) return null;
  const inner = unwrap(first);
  if (inner.type === 'TemplateLiteral') return inner.quasis.map((quasi) => quasi.value.cooked ?? '').join('\u0000');
  return staticString(inner);
}

/** The cursor a read filters by: `.gt(col, cursor)`, `.filter(col, 'gt', cursor)`, `.or('col.gt.…')`. */
function cursorFilter(
  ctx: AnalysisContext,
  use: QueryUse,
  columns: ReadonlySet<string>,
): { column: string | null; value: Node | null; or: string | null } | null {
  for (const { name, call } of use.links) {
    if (name === 'gt' || name === 'gte') {
      const column = staticString(argument(call, 0));
      if (column !== null && !columns.has(column)) continue;
      if (isWindowBound(ctx, use.links, call)) continue;
      return { column, value: argument(call, 1) ?? null, or: null };
    }
    if (name === 'filter') {
      const column = staticString(argument(call, 0));
      const operator = staticString(argument(call, 1));
      if (column !== null && !columns.has(column)) continue;
      if (operator !== null && operator !== 'gt' && operator !== 'gte') continue;
      return { column, value: argument(call, 2) ?? null, or: null };
    }
    if (name === 'or') {
      const text = orText(call);
      if (text === null) return { column: null, value: null, or: null }; // built elsewhere: may hold the cursor
      // the first column the filter compares: `updated_at.gt.T,and(updated_at.eq.T,id.gt.I)` pages by updated_at
      let first: { column: string; index: number } | null = null;
      for (const column of columns) {
        for (const operator of ['gt', 'gte']) {
          const index = text.search(new RegExp(`(^|[,(])${escapeRegExp(column)}\\.${operator}\\.`));
          if (index >= 0 && (first === null || index < first.index)) first = { column, index };
        }
      }
      if (first) return { column: first.column, value: null, or: text };
    }
  }
  return null;
}

/** A paged keyset that cannot skip rows sharing the cursor value: a unique tiebreaker in the order and the filter. */
function hasTiebreak(use: QueryUse, column: string | null, or: string | null, unique: ReadonlySet<string>): boolean {
  if (column === null || unique.has(column)) return true;
  const orders = topLevelOrders(use.links);
  const tie = orders.slice(1).find((order) => order.column === null || unique.has(order.column));
  if (!tie) return false;
  if (tie.column === null) return true;
  const tieColumn = tie.column;
  if (or !== null) return or.includes(`${tieColumn}.gt.`) || or.includes(`${tieColumn}.gte.`);
  // an `.or()` built elsewhere may hold the compound keyset
  return use.links.some(({ name, call }) => name === 'or' && orText(call) === null);
}

/** The identifiers named in a branch test between `node` and `fn`: the conditions that select the branch. */
function branchTests(node: Node, fn: FunctionNode | null): Node[] {
  const tests: Node[] = [];
  for (let child: Node = node, parent = node.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
    if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && parent.test !== child) {
      tests.push(parent.test);
    }
  }
  return tests;
}

/** The test of the `if` (or `?:`) whose two branches hold `a` and `b`, when they are split by one. */
function splitBy(a: Node, b: Node): Node | null {
  const ancestors = new Set<Node>();
  for (let node: Node | undefined = a; node; node = node.parent) ancestors.add(node);
  let child: Node = b;
  for (let node = b.parent; node; child = node, node = node.parent) {
    if (!ancestors.has(node)) continue;
    if (node.type !== 'IfStatement' && node.type !== 'ConditionalExpression') return null;
    const branchOf = (x: Node): 'consequent' | 'alternate' | 'test' => {
      let inner: Node = x;
      while (inner.parent !== node) inner = inner.parent!;
      return inner === node.consequent ? 'consequent' : inner === node.alternate ? 'alternate' : 'test';
    };
    const [sideA, sideB] = [branchOf(a), branchOf(child)];
    return sideA !== 'test' && sideB !== 'test' && sideA !== sideB ? node.test : null;
  }
  return null;
}

function identifierNames(node: Node, into: Set<string>): void {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') into.add(inner.name);
  else if (inner.type === 'MemberExpression') {
    identifierNames(inner.object, into);
    if (!inner.computed && inner.property.type === 'Identifier') into.add(inner.property.name);
  } else if (inner.type === 'UnaryExpression') identifierNames(inner.argument, into);
  else if (inner.type === 'LogicalExpression' || inner.type === 'BinaryExpression') {
    identifierNames(inner.left, into);
    identifierNames(inner.right, into);
  }
}

/**
 * Judges the executed reads of a delta sync. One-row reads, HEAD counts,
 * reads whose rows are never used and reads handed to code we cannot see
 * are left out. A read without a delta filter is a fallback when the branch
 * it sits in is chosen by a condition that also chooses a delta read (`if
 * (firstRun) full else delta`) or tests the cursor (`if (!since)`).
 */
export function judgeReads(
  ctx: AnalysisContext,
  reads: readonly { use: QueryUse; fn: FunctionNode | null }[],
  options: ReadOptions,
): ReadJudgement[] {
  const columns = new Set(options.cursorColumns);
  const modes = new Set<string>();
  const judged: (ReadJudgement & { fn: FunctionNode | null })[] = [];
  for (const { use, fn } of reads) {
    if (directExecutions(use).length === 0 || use.escapes || rowsNeverRead(use)) continue;
    const unique = uniqueColumnsFor(options.uniqueColumns, use.root.name, options.schema?.());
    if (isOneRowRead(use.links, unique)) continue;
    const filter = cursorFilter(ctx, use, columns);
    const paged = topLevelPages(use.links).length > 0;
    if (!filter) {
      judged.push({ use, fn, delta: false, column: null, paged, ascending: null, tiebreak: null, fallback: false });
      continue;
    }
    if (filter.value) identifierNames(filter.value, modes);
    const first = topLevelOrders(use.links)[0];
    const ascending = !paged
      ? null
      : first !== undefined &&
        (first.column === null ||
          first.direction === 'unknown' ||
          (first.column === filter.column && first.direction === 'ascending'));
    const tiebreak = paged ? hasTiebreak(use, filter.column, filter.or, unique) : null;
    judged.push({ use, fn, delta: true, column: filter.column, paged, ascending, tiebreak, fallback: false });
  }
  const deltas = judged.filter((read) => read.delta);
  for (const read of judged) {
    if (read.delta) continue;
    for (const delta of deltas) {
      const split = splitBy(read.use.root.start, delta.use.root.start);
      if (split) identifierNames(split, modes);
    }
  }
  for (const read of judged) {
    if (read.delta) continue;
    const names = new Set<string>();
    for (const test of branchTests(read.use.root.start, read.fn)) identifierNames(test, names);
    read.fallback = [...names].some((name) => modes.has(name));
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- `fn` is dropped from each read on purpose
  return judged.map(({ fn: _fn, ...read }) => read);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
