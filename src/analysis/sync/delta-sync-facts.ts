/**
 * What one file says about its delta sync, as plain data (lines, no nodes):
 * where it is declared and used, how each of its reads fares against the
 * contract, and where a next cursor is taken from the clock. The verdict
 * (delta-sync-verdict.ts) puts the files together.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { childNodes, type FunctionNode, type Node, parentOf, subtree } from '../ast.js';
import { topLevelOrders } from '../postgrest/orders.js';
import { isQueryStartCandidate, queryRoot, rootSchema } from '../postgrest/query-root.js';
import { analyzeQuery, type QueryUse } from '../postgrest/query-use.js';
import { topLevelPages, type UniqueColumnsOption } from '../postgrest/row-bounds.js';
import { selectedColumns } from '../postgrest/select-list.js';
import type { AnalysisContext, Detector } from '../detector.js';
import type { SchemaLookup } from '../schema-facts.js';
import { createClockCursorDetector } from './cursor-from-rows.js';
import {
  type DeleteFact,
  deleteListener,
  type DeleteListenerFact,
  hardDelete,
  liveOnlyColumns,
  mayHoldDeleteFacts,
  softDeleteColumns,
} from './deletes.js';
import { judgeReads, type ReadJudgement } from './delta-reads.js';
import { findDeltaSync } from './delta-sync-scope.js';

export interface DeltaSyncOptions {
  /** no-full-sync's `replacement`. */
  replacement: string;
  /** no-full-sync's `names`: the full syncs a delta sync may fall back to. */
  fullSyncNames: readonly string[];
  cursorColumns: readonly string[];
  uniqueColumns: UniqueColumnsOption;
  /** The project's schema: its unique columns are added to `uniqueColumns`. */
  schema?: SchemaLookup;
}

/** A read's judgement (delta-reads.ts) as plain data: lines instead of nodes. */
export interface ReadFact extends Omit<ReadJudgement, 'use'> {
  /** The line of the request's `.select()`. */
  line: number;
  table: string | null;
  /** The first top-level `.order()` (or the page bound when there is none): where a wrong order shows. */
  orderLine: number;
  /** The page bound (`.limit()` / `.range()`), or the select. */
  pageLine: number;
  /** The schema the read names (`X.schema('s').from(t)`, else `public`); null when named at run time. */
  schema: string | null;
  /** What the select reads of the table: `*`, or its columns; null when the list is built at run time. */
  selected: '*' | string[] | null;
  /** The table's soft-delete columns (`deleted_at`...) as the project's schema shows them; null when no schema describes its columns. */
  softDeleteColumns: string[] | null;
  /** The soft-delete columns the read filters to the rows not marked deleted (`.is('deleted_at', null)`): no tombstone is read through them. */
  liveOnly: string[];
}

export interface DeltaSyncFileFacts {
  /** Lines of the functions and methods named as the replacement. */
  declarations: number[];
  /** Lines of the calls of the replacement, or references handed on, outside its own body. */
  uses: number[];
  reads: ReadFact[];
  /** Next cursors taken from the clock after a paged delta read of the delta sync. */
  clockCursors: { line: number; name: string; readLines: number[] }[];
  /** Hard deletes the file sends (`client.from(t).delete()...`), anywhere in it. */
  deletes: DeleteFact[];
  /** Realtime listeners of the file that may hear DELETE events (deletes that reach the clients). */
  deleteListeners: DeleteListenerFact[];
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

function readFact(read: ReadJudgement, options: DeltaSyncOptions): ReadFact {
  const { use } = read;
  const schema = rootSchema(use.root);
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
    schema,
    selected: selectedColumns(use.root.start),
    softDeleteColumns: read.delta ? softDeleteColumns(options.schema?.(), use.root.name, schema) : null,
    liveOnly: liveOnlyColumns(use.links),
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

/** Text gate of the facts: a delta sync, a call of it, a hard delete or a Realtime listener. */
export function mayHoldDeltaSyncFacts(text: string, replacement: string): boolean {
  return mayHoldDeltaSync(text, replacement) || mayHoldDeleteFacts(text);
}

/**
 * The delta-sync facts of one file. Returns null for a file that spells
 * neither the replacement's name nor a delete or a Realtime listener; gives
 * no facts for a file that does not spell the name and sends no delete and
 * listens to none.
 */
export function createDeltaSyncFactsDetector(
  ctx: AnalysisContext,
  options: DeltaSyncOptions,
): Detector<DeltaSyncFileFacts> | null {
  const spellsName = mayHoldDeltaSync(ctx.text, options.replacement);
  const mayDelete = mayHoldDeleteFacts(ctx.text);
  if (!spellsName && !mayDelete) return null;
  const clock = spellsName ? createClockCursorDetector(ctx, { cursorColumns: options.cursorColumns }) : null;
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
      const deletes: DeleteFact[] = [];
      const deleteListeners: DeleteListenerFact[] = [];
      if (mayDelete) {
        for (const node of subtree(program)) {
          if (node.type !== 'CallExpression') continue;
          const deleted = hardDelete(ctx, node);
          if (deleted) deletes.push(deleted);
          const listener = deleteListener(ctx, node);
          if (listener) deleteListeners.push(listener);
        }
        // the walk meets the outer calls of a chain first
        deletes.sort((a, b) => a.line - b.line);
        deleteListeners.sort((a, b) => a.line - b.line);
      }
      if (!spellsName) {
        return deletes.length > 0 || deleteListeners.length > 0
          ? [{ declarations: [], uses: [], reads: [], clockCursors: [], deletes, deleteListeners }]
          : [];
      }
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
          reads: judged.map((read) => readFact(read, options)),
          clockCursors,
          deletes,
          deleteListeners,
        },
      ];
    },
  };
}
