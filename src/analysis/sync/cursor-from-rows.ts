/**
 * The next cursor after a bounded delta read: it must come from the rows read
 * (the last row's cursor column), never from the clock. A read of at most n
 * rows past the stored cursor followed by `lastSyncedAt = new Date()` skips
 * every change past the n-th: the next run starts after now.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  childNodes,
  enclosingFunction,
  type FunctionNode,
  isCallbackFunction,
  keyName,
  LOOPS,
  memberName,
  type Node,
  parentOf,
  staticString,
  unwrap,
} from '../ast.js';
import { isQueryStartCandidate, queryRoot } from '../postgrest/query-root.js';
import {
  analyzeQuery,
  DEFAULT_PAGINATORS,
  directExecutions,
  type QueryUse,
  rowsNeverRead,
} from '../postgrest/query-use.js';
import { topLevelPages } from '../postgrest/row-bounds.js';
import { resolveIdentifier, type Variable } from '../scope.js';
import type { AnalysisContext, Detector } from '../detector.js';
import { mayHoldSelectRead } from '../postgrest/select-gate.js';
import { mayHoldRpc } from '../text-gates.js';
import { typeOracle } from '../type-oracle.js';
import { isWindowBound, valueOrigin } from './clock.js';

export interface ClockCursor {
  /** Where the clock value is stored as the next cursor (an assignment, a property, a setter call). */
  store: TSESTree.Node;
  /** The name it is stored under. */
  name: string;
  /** The bounded delta reads before it that read past the same cursor. */
  reads: { use: QueryUse; bound: TSESTree.CallExpression; page: TSESTree.CallExpression; column: string }[];
}

export interface ClockCursorOptions {
  cursorColumns: readonly string[];
  paginators?: readonly string[];
}

/** Text gate: a bounded select, and something that reads a clock. */
export function mayHoldClockCursor(text: string): boolean {
  return (
    (text.includes('limit') || text.includes('range')) &&
    (text.includes('Date') || text.includes('now') || mayHoldRpc(text) || text.includes('moment')) &&
    mayHoldSelectRead(text)
  );
}

/** `lastSyncedAt`, `last_synced_at`, `sync:lastSyncedAt` are one name. */
function normalize(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

/** The function a read belongs to: callbacks (`.then`, `forEach`) belong to the function they are written in. */
export function hostFunction(node: Node): FunctionNode | null {
  let fn = enclosingFunction(node);
  while (fn && isCallbackFunction(fn)) {
    const outer = enclosingFunction(fn);
    if (!outer) break;
    fn = outer;
  }
  return fn;
}

/**
 * The names the cursor is known by: the variable, and the properties and keys
 * its value is read from (`syncMeta?.lastSyncedAt`, `getItem('lastSyncedAt')`),
 * never a cursor column itself (a row's `updated_at` written with the clock is
 * a write, not a cursor).
 */
function cursorNames(ctx: AnalysisContext, value: TSESTree.Expression, columns: ReadonlySet<string>): Set<string> {
  const names = new Set<string>();
  const collect = (node: Node, depth: number): void => {
    const inner = unwrap(node);
    switch (inner.type) {
      case 'MemberExpression': {
        const name = memberName(inner);
        if (name !== null) names.add(normalize(name));
        return;
      }
      case 'Literal':
        if (typeof inner.value === 'string' && /^[\w:.-]{3,64}$/.test(inner.value)) names.add(normalize(inner.value));
        return;
      case 'Identifier': {
        if (depth > 0) return;
        names.add(normalize(inner.name));
        const def = resolveIdentifier(ctx, inner)?.defs[0];
        if (def?.type === 'Variable' && def.node.init) collect(def.node.init, depth + 1);
        return;
      }
      case 'CallExpression': {
        const callee = unwrap(inner.callee);
        if (callee.type === 'MemberExpression') collect(callee.object, depth + 1);
        for (const arg of inner.arguments) collect(arg, depth + 1);
        return;
      }
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return;
      default:
        for (const child of childNodes(inner)) collect(child, depth + 1);
    }
  };
  collect(value, 0);
  for (const column of columns) names.delete(normalize(column));
  for (const generic of ['', 'data', 'value', 'result', 'id']) names.delete(generic);
  return names;
}

/** A paging loop: the read sits in a loop that advances the cursor variable. */
function pagedInLoop(ctx: AnalysisContext, read: Node, value: TSESTree.Expression, fn: Node): boolean {
  const inner = unwrap(value);
  const variable: Variable | null = inner.type === 'Identifier' ? resolveIdentifier(ctx, inner) : null;
  for (let node = read.parent; node && node !== fn; node = node.parent) {
    if (!LOOPS.has(node.type)) continue;
    const [start, end] = node.range;
    // a cursor written inside the loop (`since = rows.at(-1).updated_at`), or an unknown value: pages until done
    if (!variable) return true;
    if (
      variable.references.some(
        (ref) => ref.isWrite() && ref.identifier.range[0] >= start && ref.identifier.range[1] <= end,
      )
    ) {
      return true;
    }
  }
  return false;
}

/** A store of a clock value under a name: `x.lastSyncedAt = now`, `{ lastSyncedAt: now }`, `setItem('lastSyncedAt', now)`. */
function clockStore(ctx: AnalysisContext, node: Node, fn: Node | null): { name: string } | null {
  if (node.type === 'AssignmentExpression' && node.operator === '=') {
    const left = node.left;
    let name: string | null = null;
    if (left.type === 'MemberExpression') name = memberName(left);
    else if (left.type === 'Identifier') {
      // a local of the sync itself is not where the next run reads its cursor
      const variable = resolveIdentifier(ctx, left);
      const declared = variable?.defs[0]?.name;
      if (fn && declared && declared.range[0] >= fn.range[0] && declared.range[1] <= fn.range[1]) return null;
      name = left.name;
    }
    return name !== null && valueOrigin(ctx, node.right) === 'clock' ? { name } : null;
  }
  if (
    node.type === 'Property' &&
    parentOf(node)?.type === 'ObjectExpression' &&
    node.value.type !== 'AssignmentPattern'
  ) {
    const name = keyName(node.key, node.computed);
    return name !== null && valueOrigin(ctx, node.value) === 'clock' ? { name } : null;
  }
  if (node.type === 'CallExpression') {
    const args = node.arguments.filter((arg): arg is TSESTree.Expression => arg.type !== 'SpreadElement');
    const callee = unwrap(node.callee);
    const calleeName =
      callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
    // setLastSyncedAt(new Date().toISOString())
    if (calleeName && /^set[A-Z_]/.test(calleeName) && args.length === 1 && valueOrigin(ctx, args[0]!) === 'clock') {
      return { name: calleeName.slice(3) };
    }
    // localStorage.setItem('lastSyncedAt', new Date().toISOString())
    const key = args.length === 2 ? staticString(args[0]) : null;
    if (key !== null && valueOrigin(ctx, args[1]!) === 'clock') return { name: key };
  }
  return null;
}

interface Candidate {
  use: QueryUse;
  bound: TSESTree.CallExpression;
  page: TSESTree.CallExpression;
  column: string;
  fn: FunctionNode | null;
  names: Set<string>;
}

/**
 * A compound keyset written as a template: `.or(\`updated_at.gt.${t},and(updated_at.eq.${t},id.gt.${i})\`)`.
 * The cursor column is the first one compared with gt/gte; the values are the template's expressions,
 * at least one of them not from the clock or a constant.
 */
function orKeyset(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  columns: ReadonlySet<string>,
): { column: string; values: TSESTree.Expression[] } | null {
  const first = call.arguments[0];
  if (!first || first.type !== 'TemplateLiteral' || first.expressions.length === 0) return null;
  const match = /(?:^|[,(])([\w]+)\.gte?\.$/.exec(first.quasis[0]!.value.cooked ?? '');
  if (!match || !columns.has(match[1]!)) return null;
  if (first.expressions.every((expression) => valueOrigin(ctx, expression) !== 'other')) return null;
  return { column: match[1]!, values: first.expressions };
}

/** The bounded delta read of `use` on a stored cursor, or null. */
function candidate(ctx: AnalysisContext, use: QueryUse, columns: ReadonlySet<string>): Candidate | null {
  if (directExecutions(use).length === 0 || use.escapes || rowsNeverRead(use)) return null;
  const page = topLevelPages(use.links)[0];
  if (!page) return null;
  const fn = hostFunction(use.root.start);
  const fnNode = fn ?? ctx.scopeManager!.globalScope!.block;
  for (const { name, call } of use.links) {
    if (name === 'or') {
      const keyset = orKeyset(ctx, call, columns);
      if (!keyset || pagedInLoop(ctx, use.root.start, keyset.values[0]!, fnNode)) continue;
      const names = new Set<string>();
      for (const value of keyset.values) for (const found of cursorNames(ctx, value, columns)) names.add(found);
      return { use, bound: call, page, column: keyset.column, fn, names };
    }
    if (name !== 'gt' && name !== 'gte') continue;
    const column = staticString(call.arguments[0]);
    const value = call.arguments[1];
    if (column === null || !columns.has(column) || !value || value.type === 'SpreadElement') continue;
    if (isWindowBound(ctx, use.links, call)) continue;
    if (pagedInLoop(ctx, use.root.start, value, fnNode)) return null;
    return { use, bound: call, page, column, fn, names: cursorNames(ctx, value, columns) };
  }
  return null;
}

/** Every store in `root` (nested functions included) after `after`, in source order. */
function storesIn(ctx: AnalysisContext, root: Node, after: number, fn: Node | null): { node: Node; name: string }[] {
  const found: { node: Node; name: string }[] = [];
  const visit = (node: Node): void => {
    if (node.range[1] <= after) return;
    if (node.range[0] > after) {
      const store = clockStore(ctx, node, fn);
      if (store) found.push({ node, name: store.name });
    }
    for (const child of childNodes(node)) visit(child);
  };
  visit(root);
  return found.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * Finds the next cursor taken from the clock after a bounded delta read
 * (`.gt(col, cursor)` on a stored cursor with `.limit()`/`.range()`, outside
 * a loop that advances the cursor): the store, under the name the cursor was
 * read from, of `new Date()`, `Date.now()` or a clock rpc's answer, in the
 * same function after the read.
 */
export function createClockCursorDetector(
  ctx: AnalysisContext,
  options: ClockCursorOptions,
): Detector<ClockCursor> | null {
  if (!mayHoldClockCursor(ctx.text)) return null;
  const types = typeOracle(ctx);
  const columns = new Set(options.cursorColumns);
  const paginators = new Set(options.paginators ?? DEFAULT_PAGINATORS);
  const candidates: Candidate[] = [];
  return {
    listeners: {
      CallExpression(node: TSESTree.CallExpression) {
        if (!isQueryStartCandidate(node)) return;
        const root = queryRoot(ctx, node);
        if (!root || root.kind !== 'select' || types?.isSupabase(root.start) === 'no') return;
        const found = candidate(ctx, analyzeQuery(ctx, root, paginators), columns);
        if (found) candidates.push(found);
      },
    },
    finish() {
      const byStore = new Map<Node, ClockCursor>();
      for (const read of candidates) {
        const body = read.fn ? read.fn.body : (ctx.scopeManager?.globalScope?.block ?? null);
        if (!body || read.names.size === 0) continue;
        for (const { node, name } of storesIn(ctx, body, read.use.root.start.range[0], read.fn)) {
          if (!read.names.has(normalize(name))) continue;
          const entry = byStore.get(node) ?? { store: node, name, reads: [] };
          entry.reads.push({ use: read.use, bound: read.bound, page: read.page, column: read.column });
          byStore.set(node, entry);
        }
      }
      return [...byStore.values()].sort((a, b) => a.store.range[0] - b.store.range[0]);
    },
  };
}
