/**
 * What one file says about its delta sync, as plain data (lines, no nodes):
 * where it is declared and used, how each of its reads fares against the
 * contract, and where a next cursor is taken from the clock. The verdict
 * (verdict.ts) puts the files together.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { childNodes, type FunctionNode, type Node, parentOf } from '../ast.js';
import { topLevelOrders } from '../postgrest/orders.js';
import { isQueryStartCandidate, queryRoot } from '../postgrest/query-root.js';
import { analyzeQuery, type QueryUse } from '../postgrest/query-use.js';
import { topLevelPages, type UniqueColumnsOption } from '../postgrest/row-bounds.js';
import type { AnalysisContext, Detector } from '../scope.js';
import { createClockCursorDetector } from './cursor-from-rows.js';
import { judgeReads, type ReadJudgement } from './reads.js';
import { findDeltaSync } from './scope.js';

export interface DeltaSyncOptions {
  /** no-full-sync's `replacement`. */
  replacement: string;
  /** no-full-sync's `names`: the full syncs a delta sync may fall back to. */
  fullSyncNames: readonly string[];
  cursorColumns: readonly string[];
  uniqueColumns: UniqueColumnsOption;
}

/** A read's judgement (reads.ts) as plain data: lines instead of nodes. */
export interface ReadFact extends Omit<ReadJudgement, 'use'> {
  /** The line of the request's `.select()`. */
  line: number;
  table: string | null;
  /** The first top-level `.order()` (or the page bound when there is none): where a wrong order shows. */
  orderLine: number;
  /** The page bound (`.limit()` / `.range()`), or the select. */
  pageLine: number;
}

export interface DeltaSyncFileFacts {
  /** Lines of the functions and methods named as the replacement. */
  declarations: number[];
  /** Lines of the calls of the replacement, or references handed on, outside its own body. */
  uses: number[];
  reads: ReadFact[];
  /** Next cursors taken from the clock after a paged delta read of the delta sync. */
  clockCursors: { line: number; name: string; readLines: number[] }[];
}

/** Text gate: a file that never spells the replacement's name holds no delta sync and no call of it. */
export function mayHoldDeltaSync(text: string, replacement: string): boolean {
  return text.includes(replacement);
}

function within(node: Node, fns: readonly FunctionNode[]): FunctionNode | null {
  let best: FunctionNode | null = null;
  for (const fn of fns) {
    if (node.range[0] < fn.range[0] || node.range[1] > fn.range[1]) continue;
    if (!best || fn.range[1] - fn.range[0] < best.range[1] - best.range[0]) best = fn;
  }
  return best;
}

function readsIn(ctx: AnalysisContext, fns: readonly FunctionNode[]): { use: QueryUse; fn: FunctionNode | null }[] {
  const seen = new Set<Node>();
  const reads: { use: QueryUse; fn: FunctionNode | null }[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'CallExpression' && !seen.has(node) && isQueryStartCandidate(node)) {
      seen.add(node);
      const root = queryRoot(ctx, node);
      if (root?.kind === 'select') reads.push({ use: analyzeQuery(ctx, root), fn: within(node, fns) });
    }
    for (const child of childNodes(node)) visit(child);
  };
  for (const fn of fns) visit(fn.body);
  return reads.sort((a, b) => a.use.root.start.range[0] - b.use.root.start.range[0]);
}

function readFact(read: ReadJudgement): ReadFact {
  const { use } = read;
  const page = topLevelPages(use.links)[0];
  const order = topLevelOrders(use.links)[0];
  const line = use.root.start.loc.start.line;
  const pageLine = page ? lineOfMethod(page) : line;
  return {
    line,
    table: use.root.name,
    delta: read.delta,
    column: read.column,
    paged: read.paged,
    ascending: read.ascending,
    tiebreak: read.tiebreak,
    fallback: read.fallback,
    orderLine: order ? lineOfMethod(order.call) : pageLine,
    pageLine,
  };
}

/** The line of the name a function is declared under (a method's key, a variable's id). */
function declarationLine(fn: FunctionNode): number {
  const parent = parentOf(fn);
  if (parent?.type === 'MethodDefinition' || parent?.type === 'Property' || parent?.type === 'PropertyDefinition') {
    return parent.key.loc.start.line;
  }
  if (parent?.type === 'VariableDeclarator') return parent.id.loc.start.line;
  return fn.loc.start.line;
}

/** The line of the method name (`.limit(30)` on its own line in a long chain). */
function lineOfMethod(call: TSESTree.CallExpression): number {
  const callee = call.callee;
  return callee.type === 'MemberExpression' ? callee.property.loc.start.line : call.loc.start.line;
}

/**
 * The delta-sync facts of one file. Returns null for a file that never
 * spells the replacement's name.
 */
export function createDeltaSyncFactsDetector(
  ctx: AnalysisContext,
  options: DeltaSyncOptions,
): Detector<DeltaSyncFileFacts> | null {
  if (!mayHoldDeltaSync(ctx.text, options.replacement)) return null;
  const clock = createClockCursorDetector(ctx, { cursorColumns: options.cursorColumns });
  let program: TSESTree.Program | null = null;
  return {
    listeners: {
      ...clock?.listeners,
      Program(node: TSESTree.Program) {
        program = node;
      },
    },
    finish() {
      if (!program) return [];
      const scope = findDeltaSync(ctx, program, options.replacement, new Set(options.fullSyncNames));
      const judged = judgeReads(ctx, readsIn(ctx, scope.functions), options);
      const clockCursors = (clock?.finish() ?? [])
        .filter((found) => found.reads.some((read) => within(read.use.root.start, scope.functions)))
        .map((found) => ({
          line: found.store.loc.start.line,
          name: found.name,
          readLines: found.reads.map((read) => read.use.root.start.loc.start.line),
        }));
      return [
        {
          declarations: scope.declarations.map(declarationLine),
          uses: scope.uses.map((node) => node.loc.start.line),
          reads: judged.map(readFact),
          clockCursors,
        },
      ];
    },
  };
}
