/**
 * One read as a sync makes it (sync-plan.ts's SyncRead), from its chain: the
 * change cursor it filters by (a `gt`/`gte` on a change column, a
 * `.filter(col, 'gt', v)`, or a compound `.or()` keyset on any column) and
 * where the compared value comes from, its orders, its page (an unpaged read
 * is cut at the project's max-rows), whether it is read again in a paging
 * loop, and what it selects. A bound computed from the clock or a constant,
 * or paired with an upper bound on the same column, is a window: no cursor.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  enclosingFunction,
  type FunctionNode,
  isFunction,
  LOOPS,
  memberName,
  type Node,
  staticString,
  subtree,
  unwrap,
} from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { POSTGREST_OPERATORS } from '../postgrest/methods.js';
import { topLevelOrders } from '../postgrest/orders.js';
import { rootSchema } from '../postgrest/query-root.js';
import type { QueryLink, QueryUse } from '../postgrest/query-use.js';
import { topLevelPages } from '../postgrest/row-bounds.js';
import { selectedColumns } from '../postgrest/select-list.js';
import { constantInit, localFunction, resolveIdentifier } from '../scope.js';
import { isWindowBound, valueOrigin } from './clock.js';
import { liveOnlyColumns } from './deletes.js';
import type { CursorFilter, CursorOrigin, SyncPage, SyncRead } from './sync-plan.js';

/**
 * Columns that change with each write, the usual cursors of a delta sync
 * (`id` for an append-only table). A compound `.or()` keyset makes any
 * column a cursor.
 */
export const CHANGE_COLUMNS: readonly string[] = [
  'updated_at',
  'updatedAt',
  'modified_at',
  'modifiedAt',
  '_modified',
  'last_modified',
  'lastModified',
  'changed_at',
  'server_updated_at',
  'synced_at',
  'created_at',
  'createdAt',
  'inserted_at',
  'version',
  'revision',
  'seq',
  'sequence',
  'id',
];

/** The project's max-rows when nothing says otherwise (supabase/config.toml `[api] max_rows`). */
export const DEFAULT_MAX_ROWS = 1000;

function argument(call: TSESTree.CallExpression, index: number): TSESTree.Expression | undefined {
  const arg = call.arguments[index];
  return arg && arg.type !== 'SpreadElement' ? arg : undefined;
}

/** Storage reads: what they give back is persisted state. */
const STORAGE_READS: ReadonlySet<string> = new Set(['getItem', 'getItemAsync', 'get', 'getString']);

/** Where the value a cursor filter compares with comes from. */
export function cursorOrigin(ctx: AnalysisContext, node: Node | undefined, depth = 0): CursorOrigin {
  if (!node || depth > 6) return 'unknown';
  const inner = unwrap(node);
  const origin = valueOrigin(ctx, inner);
  if (origin === 'clock' || origin === 'constant') return origin;
  switch (inner.type) {
    case 'AwaitExpression':
      return cursorOrigin(ctx, inner.argument, depth + 1);
    case 'TemplateLiteral':
      // `${since}`: the value inside
      return inner.expressions.length === 1 ? cursorOrigin(ctx, inner.expressions[0], depth + 1) : 'unknown';
    case 'LogicalExpression':
    case 'ConditionalExpression': {
      // `since ?? '1970-01-01'`, `first ? new Date(0) : stored`: the stored value, with a first-run default
      const sides =
        inner.type === 'LogicalExpression' ? [inner.left, inner.right] : [inner.consequent, inner.alternate];
      const origins = sides.map((side) => cursorOrigin(ctx, side, depth + 1));
      return origins.find((origin) => origin !== 'constant') ?? 'constant';
    }
    case 'MemberExpression': {
      const object = unwrap(inner.object);
      if (object.type === 'ThisExpression') return 'stored';
      return object.type === 'Identifier' ? cursorOrigin(ctx, object, depth + 1) : 'unknown';
    }
    case 'CallExpression': {
      const callee = unwrap(inner.callee);
      const name = callee.type === 'MemberExpression' ? memberName(callee) : null;
      if (name !== null && STORAGE_READS.has(name)) return 'stored';
      if (name === 'toISOString' || name === 'toString' || name === 'valueOf' || name === 'getTime') {
        return callee.type === 'MemberExpression' ? cursorOrigin(ctx, callee.object, depth + 1) : 'unknown';
      }
      // a function of the file (`periodStart(p)`), or a useMemo: what it returns
      const computed = callee.type === 'Identifier' ? returnedBy(ctx, inner) : null;
      return computed ? returnedOrigin(ctx, computed, depth) : 'unknown';
    }
    case 'NewExpression': {
      // new Date(stored): the stored value
      const callee = unwrap(inner.callee);
      const first = inner.arguments[0];
      if (callee.type !== 'Identifier' || callee.name !== 'Date' || inner.arguments.length !== 1) return 'unknown';
      return first && first.type !== 'SpreadElement' ? cursorOrigin(ctx, first, depth + 1) : 'unknown';
    }
    case 'Identifier': {
      const variable = resolveIdentifier(ctx, inner);
      const def = variable?.defs[0];
      if (!variable || !def) return 'unknown';
      if (def.type === 'Parameter') return 'parameter';
      if (def.type !== 'Variable') return 'unknown';
      // a module-level variable: state kept between runs
      if (!enclosingFunction(def.node)) return 'stored';
      const init = constantInit(variable) ?? def.node.init;
      return init ? cursorOrigin(ctx, init, depth + 1) : 'unknown';
    }
    default:
      return 'unknown';
  }
}

/** The function a call of the file runs and hands back what it returns: a local function, or a useMemo's callback. */
function returnedBy(ctx: AnalysisContext, call: TSESTree.CallExpression): FunctionNode | null {
  const callee = unwrap(call.callee);
  const local = localFunction(ctx, callee);
  if (local) return local;
  const first = call.arguments[0] && unwrap(call.arguments[0]);
  return callee.type === 'Identifier' && callee.name === 'useMemo' && first && isFunction(first) ? first : null;
}

/** Where what a function returns comes from: stored state or the rows on some path, else unknown. */
function returnedOrigin(ctx: AnalysisContext, fn: FunctionNode, depth: number): CursorOrigin {
  const returned =
    fn.body.type === 'BlockStatement'
      ? [...subtree(fn.body, (inner) => !isFunction(inner))].flatMap((node) =>
          node.type === 'ReturnStatement' && node.argument ? [node.argument] : [],
        )
      : [fn.body];
  const origins = returned.map((value) => cursorOrigin(ctx, value, depth + 1));
  return origins.find((origin) => origin === 'stored' || origin === 'rows') ?? 'unknown';
}

/**
 * The text of an `.or()` filter (template parts joined by NUL), or null when it
 * is built elsewhere. A constant of the file holding a string written out
 * (`const ACTIVE = 'is_active.eq.true,is_active.is.null'`) is read as written.
 */
function orText(ctx: AnalysisContext, call: TSESTree.CallExpression): string | null {
  const first = argument(call, 0);
  if (!first) return null;
  const inner = unwrap(first);
  if (inner.type === 'TemplateLiteral') return inner.quasis.map((quasi) => quasi.value.cooked ?? '').join('\u0000');
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    const init = variable && constantInit(variable);
    return init ? staticString(init) : null;
  }
  return staticString(inner);
}

/** Whether anything written of an `.or()` built elsewhere names a `gt`/`gte` (on any column, or one not written out). */
function writtenComparison(ctx: AnalysisContext, call: TSESTree.CallExpression): boolean {
  const first = argument(call, 0);
  if (!first) return false;
  return builtFrom(ctx, first).some((node) => {
    if (node.type === 'Literal' && typeof node.value === 'string') return /(?:^|\.)gte?\./.test(node.value);
    return node.type === 'TemplateElement' && /(?:^|\.)gte?\.|(?:^|\.)gte?$/.test(node.value.cooked ?? '');
  });
}

/**
 * An `.or()` filter built at run time (`langs.map((l) => `lang.ilike.%${l}%`).join(',')`,
 * `` `and(currency.eq.EUR,price.gte.${min}),` + `...` ``) whose written parts name
 * PostgREST operators, none of them a `gt` or `gte` that may be on a change
 * column: a search or a price range, not a cursor. A `gt`/`gte` is a cursor's
 * unless the column before it is written out (after `(` or `,`, or at the start
 * of a string or template) and is not one of `columns`. Parts that name no
 * operator say nothing. The parts may be written where a local variable the
 * argument names is built (`const cond = cols.map(...).join(',')`, or
 * `ors.push(`code.ilike.${c}`)` before `.or(ors.join(','))`).
 */
function builtOrWithoutCursor(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  columns: ReadonlySet<string>,
): boolean {
  const first = argument(call, 0);
  if (!first) return false;
  const parts: { text: string; whole: boolean }[] = [];
  for (const node of builtFrom(ctx, first)) {
    if (node.type === 'Literal' && typeof node.value === 'string') parts.push({ text: node.value, whole: true });
    else if (node.type === 'TemplateElement') {
      const template = node.parent as TSESTree.TemplateLiteral;
      parts.push({ text: node.value.cooked ?? '', whole: template.quasis[0] === node });
    }
  }
  const operators = parts.flatMap(({ text }) =>
    [...text.matchAll(/(?<=^|[.,(])([a-z]+)\.(?=[^.]|$)/g)].map((m) => m[1]!),
  );
  if (!operators.some((operator) => POSTGREST_OPERATORS.has(operator))) return false;
  return parts.every((part) => !mayCompareChangeColumn(part, columns));
}

/** What an array is given by a call on it: `parts.push(x)`, `parts.unshift(x)`. */
const ARRAY_ADDS: ReadonlySet<string> = new Set(['push', 'unshift']);

/** A name written as a property (`a.join`, `{ join: x }`), not a variable's. */
function isPropertyName(id: TSESTree.Identifier): boolean {
  const parent = id.parent;
  if (parent.type === 'MemberExpression') return parent.property === id && !parent.computed;
  return parent.type === 'Property' && parent.key === id && !parent.computed && !parent.shorthand;
}

/**
 * The nodes an expression is built from: its own, and those of the local
 * variables it names (their initializer, what is assigned to them, what is
 * pushed onto them), two variables deep.
 */
function builtFrom(ctx: AnalysisContext, node: Node, depth = 0, seen: Set<unknown> = new Set()): Node[] {
  const nodes: Node[] = [];
  for (const current of subtree(node)) {
    nodes.push(current);
    if (current.type !== 'Identifier' || depth >= 2 || isPropertyName(current)) continue;
    const variable = resolveIdentifier(ctx, current);
    if (!variable || seen.has(variable) || variable.defs[0]?.type !== 'Variable') continue;
    seen.add(variable);
    for (const ref of variable.references) {
      const parent = ref.identifier.parent;
      const sources: Node[] = [];
      if (ref.isWrite() && ref.writeExpr) sources.push(ref.writeExpr);
      else if (
        parent.type === 'MemberExpression' &&
        parent.object === ref.identifier &&
        ARRAY_ADDS.has(memberName(parent) ?? '') &&
        parent.parent.type === 'CallExpression' &&
        parent.parent.callee === parent
      ) {
        sources.push(...parent.parent.arguments);
      }
      for (const source of sources) nodes.push(...builtFrom(ctx, source, depth + 1, seen));
    }
  }
  return nodes;
}

/** Whether a written part of an `.or()` has a `gt`/`gte` on a column not written out, or on one of `columns`. */
function mayCompareChangeColumn(part: { text: string; whole: boolean }, columns: ReadonlySet<string>): boolean {
  for (const match of part.text.matchAll(/(?<=^|\.)gte?\.(?=[^.]|$)/g)) {
    const column = /(^|[,(])([A-Za-z_]\w*)\.$/.exec(part.text.slice(0, match.index));
    if (!column || (column[1] === '' && !part.whole) || columns.has(column[2]!)) return true;
  }
  return false;
}

/** The value a template `.or()` compares its first column with: its first expression. */
function orValue(call: TSESTree.CallExpression): Node | undefined {
  const first = argument(call, 0);
  const inner = first && unwrap(first);
  return inner?.type === 'TemplateLiteral' ? inner.expressions[0] : undefined;
}

/**
 * A compound keyset `A.gt.T,and(A.eq.T,B.gt.I)` (or `gte` on either): the
 * cursor column A and the tiebreak B, whatever their names. Else a plain
 * `A.gt.T` on a change column.
 */
function orKeyset(text: string, columns: ReadonlySet<string>): Omit<CursorFilter, 'value' | 'margin'> | null {
  // the column may be named at run time (`${col}.gt.${t}`): a NUL in the joined template
  const compound = /(?:^|[,(])([\w$]+|\u0000)\.(gte?)\.[^,]*,\s*and\(\s*\1\.eq\.[^,]*,\s*([\w$]+)\.(gte?)\./.exec(text);
  if (compound) {
    return {
      column: compound[1] === '\u0000' ? null : compound[1]!,
      comparison: compound[2] as 'gt' | 'gte',
      tiebreak: { column: compound[3]!, comparison: compound[4] as 'gt' | 'gte' },
    };
  }
  for (const match of text.matchAll(/(?:^|[,(])([\w$]+)\.(gte?)\./g)) {
    if (columns.has(match[1]!)) return { column: match[1]!, comparison: match[2] as 'gt' | 'gte', tiebreak: null };
  }
  return null;
}

/**
 * A read that pages backward on the column (`.or('created_at.lt.X,and(...)')`,
 * newest first through older history) with a floor on it: a window over the
 * past, not a cursor past the last sync.
 */
function pagesBackward(ctx: AnalysisContext, links: readonly QueryLink[], column: string | null): boolean {
  if (column === null) return false;
  return links.some(({ name, call }) => {
    if (name !== 'or') return false;
    const text = orText(ctx, call);
    return text !== null && new RegExp(`(^|[,(])${column.replace(/[$]/g, '\\$')}\\.lte?\\.`).test(text);
  });
}

/** The change cursor a read filters by, or null (none, or only a window). */
export function cursorFilterOf(
  ctx: AnalysisContext,
  links: readonly QueryLink[],
  columns: ReadonlySet<string>,
): CursorFilter | null {
  let unread: CursorFilter | null = null;
  for (const { name, call } of links) {
    if (name === 'gt' || name === 'gte') {
      const column = staticString(argument(call, 0));
      if (column !== null && !columns.has(column)) continue;
      if (isWindowBound(ctx, links, call) || pagesBackward(ctx, links, column)) continue;
      const value = argument(call, 1);
      return withParameter(ctx, value, {
        column,
        comparison: name,
        tiebreak: null,
        value: cursorOrigin(ctx, value),
        margin: hasMargin(ctx, value),
      });
    }
    if (name === 'filter') {
      const column = staticString(argument(call, 0));
      const operator = staticString(argument(call, 1));
      if (column !== null && !columns.has(column)) continue;
      if (operator !== 'gt' && operator !== 'gte') continue;
      const value = argument(call, 2);
      if (value && valueOrigin(ctx, value) !== 'other') continue;
      return withParameter(ctx, value, {
        column,
        comparison: operator,
        tiebreak: null,
        value: cursorOrigin(ctx, value),
        margin: hasMargin(ctx, value),
      });
    }
    if (name === 'or') {
      const text = orText(ctx, call);
      // built elsewhere: it may hold the cursor, on a column and against a value not seen (unless what is
      // written of it filters with other operators only). Nothing of it written with a gt/gte (an imported
      // constant, what a call returns): unread, no cursor by itself, kept only when nothing else is one
      if (text === null) {
        if (builtOrWithoutCursor(ctx, call, columns)) continue;
        const cursor: CursorFilter = {
          column: null,
          comparison: 'gt',
          tiebreak: null,
          value: 'unknown',
          margin: false,
        };
        if (writtenComparison(ctx, call)) return cursor;
        unread ??= { ...cursor, unread: true };
        continue;
      }
      const keyset = orKeyset(text, columns);
      const value = orValue(call);
      // a filter written out whole compares with constants: a window, not a cursor
      if (keyset && value && valueOrigin(ctx, value) === 'other') {
        return withParameter(ctx, value, { ...keyset, value: cursorOrigin(ctx, value), margin: hasMargin(ctx, value) });
      }
    }
  }
  return unread;
}

/**
 * The index of the parameter a compared value is (`since`, `${since}`,
 * `since.toISOString()`), written as a plain name or with a default, or
 * `'<index>.<key>'` for a property of an object parameter (`options.since`,
 * or a `const` copy of it): the sync search asks its callers what they pass.
 */
function parameterIndex(ctx: AnalysisContext, node: Node | undefined, depth = 0): number | string | undefined {
  if (!node || depth > 4) return undefined;
  const inner = unwrap(node);
  // `options.since`: a property of an object parameter, `'<index>.since'`
  if (inner.type === 'MemberExpression' && !inner.computed && inner.property.type === 'Identifier') {
    const object = parameterIndex(ctx, inner.object, depth + 1);
    return typeof object === 'number' ? `${object}.${inner.property.name}` : undefined;
  }
  if (inner.type === 'TemplateLiteral') {
    return inner.expressions.length === 1 ? parameterIndex(ctx, inner.expressions[0], depth + 1) : undefined;
  }
  if (inner.type === 'CallExpression' && inner.arguments.length === 0) {
    const callee = unwrap(inner.callee);
    const name = callee.type === 'MemberExpression' ? memberName(callee) : null;
    const same = name === 'toISOString' || name === 'toString' || name === 'valueOf' || name === 'getTime';
    return same && callee.type === 'MemberExpression' ? parameterIndex(ctx, callee.object, depth + 1) : undefined;
  }
  if (inner.type !== 'Identifier') return undefined;
  const variable = resolveIdentifier(ctx, inner);
  const def = variable?.defs[0];
  // `const since = options.since`: the property it copies
  if (def?.type === 'Variable' && def.parent.kind === 'const' && def.node.id === def.name && def.node.init) {
    const init = unwrap(def.node.init);
    return init.type === 'MemberExpression' ? parameterIndex(ctx, init, depth + 1) : undefined;
  }
  if (def?.type !== 'Parameter' || !isFunction(def.node)) return undefined;
  const index = (def.node.params as Node[]).findIndex((param) => {
    const plain = param.type === 'AssignmentPattern' ? param.left : param;
    return plain.type === 'Identifier' && plain.name === inner.name;
  });
  return index >= 0 ? index : undefined;
}

/** A cursor whose value is a parameter, with the parameter's index. */
function withParameter(ctx: AnalysisContext, value: Node | undefined, cursor: CursorFilter): CursorFilter {
  if (cursor.value !== 'parameter') return cursor;
  const index = parameterIndex(ctx, value);
  return index === undefined ? cursor : { ...cursor, parameter: index };
}

/** Whether a compared value is moved back first (`since - 60_000`, `subSeconds(since, 30)`): a margin. */
function hasMargin(ctx: AnalysisContext, node: Node | undefined, depth = 0): boolean {
  if (!node || depth > 4) return false;
  const inner = unwrap(node);
  if (inner.type === 'BinaryExpression') return inner.operator === '-';
  if (inner.type === 'CallExpression') {
    const callee = unwrap(inner.callee);
    const name =
      callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
    if (name !== null && /^(sub|minus)/i.test(name)) return true;
    if (callee.type === 'MemberExpression' && hasMargin(ctx, callee.object, depth + 1)) return true;
    return inner.arguments.some((argument) => hasMargin(ctx, argument, depth + 1));
  }
  if (inner.type === 'NewExpression') return inner.arguments.some((argument) => hasMargin(ctx, argument, depth + 1));
  if (inner.type === 'TemplateLiteral')
    return inner.expressions.some((expression) => hasMargin(ctx, expression, depth + 1));
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    const init = variable && constantInit(variable);
    return init ? hasMargin(ctx, init, depth + 1) : false;
  }
  return false;
}

/** A number written out, or held by a constant (`const PAGE_SIZE = 500`), or a sum or product of them. */
function literalNumber(ctx: AnalysisContext, node: Node | undefined, depth = 0): number | null {
  if (!node || depth > 4) return null;
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'number') return inner.value;
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    const init = variable && constantInit(variable);
    return init ? literalNumber(ctx, init, depth + 1) : null;
  }
  if (inner.type === 'BinaryExpression' && ['+', '-', '*'].includes(inner.operator)) {
    const left = literalNumber(ctx, inner.left, depth + 1);
    const right = literalNumber(ctx, inner.right, depth + 1);
    if (left === null || right === null) return null;
    return inner.operator === '+' ? left + right : inner.operator === '-' ? left - right : left * right;
  }
  return null;
}

/** The read's page: its limit, its range's width (and whether the offset moves), or max-rows. */
function pageOf(ctx: AnalysisContext, links: readonly QueryLink[], maxRows: number): SyncPage {
  const page = topLevelPages(links)[0];
  if (!page) return { kind: 'none', size: maxRows, offsetMoves: false };
  const callee = unwrap(page.callee);
  const name = callee.type === 'MemberExpression' ? memberName(callee) : null;
  if (name === 'limit') return { kind: 'limit', size: literalNumber(ctx, page.arguments[0]), offsetMoves: false };
  const from = literalNumber(ctx, page.arguments[0]);
  const to = literalNumber(ctx, page.arguments[1]);
  return {
    kind: 'range',
    size: from !== null && to !== null ? to - from + 1 : null,
    offsetMoves: from === null,
  };
}

/**
 * Whether the read sits in a loop of its own function (read page after
 * page). A `for...of` or `for...in` walks a collection (each table of a list
 * read once), not pages: it is no paging loop.
 */
function inLoop(node: Node): boolean {
  for (let current = node.parent; current && !isFunction(current); current = current.parent) {
    if (current.type === 'ForOfStatement' || current.type === 'ForInStatement') continue;
    if (LOOPS.has(current.type)) return true;
  }
  return false;
}

export interface SyncReadOptions {
  /** Change columns beyond CHANGE_COLUMNS (settings). */
  cursorColumns?: readonly string[];
  maxRows?: number;
  /** The table's soft-delete columns, from the project's schema (null: not described). */
  softDeleteColumns?: (table: string | null, schema: string | null) => string[] | null;
}

/** The names the cursor's compared value is read from, kept with the cursor. */
function withNames(
  ctx: AnalysisContext,
  links: readonly QueryLink[],
  cursor: CursorFilter | null,
): CursorFilter | null {
  if (!cursor) return null;
  const names = new Set<string>();
  for (const { name, call } of links) {
    if (!['gt', 'gte', 'filter', 'or'].includes(name)) continue;
    for (const arg of call.arguments) if (arg.type !== 'SpreadElement') cursorNames(ctx, arg, names);
  }
  return { ...cursor, names: [...names] };
}

/** The read as a sync makes it. `fallback` is decided by the caller, which sees the reads beside it. */
export function syncRead(ctx: AnalysisContext, use: QueryUse, options: SyncReadOptions = {}): SyncRead {
  const columns = new Set([...CHANGE_COLUMNS, ...(options.cursorColumns ?? [])]);
  const schema = rootSchema(use.root);
  return {
    file: '',
    line: use.root.start.loc.start.line,
    table: use.root.name,
    schema,
    cursor: withNames(ctx, use.links, cursorFilterOf(ctx, use.links, columns)),
    orders: topLevelOrders(use.links).map((order) => ({
      column: order.column,
      ascending: order.direction === 'unknown' ? null : order.direction === 'ascending',
    })),
    page: pageOf(ctx, use.links, options.maxRows ?? DEFAULT_MAX_ROWS),
    loop: inLoop(use.root.start),
    fallback: false,
    selected: selectedColumns(use.root.start),
    softDeleteColumns: options.softDeleteColumns?.(use.root.name, schema) ?? null,
    liveOnly: liveOnlyColumns(use.links),
    rpc: use.root.kind === 'rpc' ? use.root.name : null,
    through: use.through.map((call) => ctx.text.slice(call.callee.range[0], call.callee.range[1]).replace(/\s+/g, '')),
    unique: ['id'],
    cursorType: null,
  };
}

/**
 * The names a cursor value is known by: the value's own identifiers and, for
 * a variable, those of every value it is given (`let cursor = this.lastSyncedAt`
 * is `cursor` and `lastSyncedAt`): a test on any of them chooses a first run.
 */
export function cursorNames(ctx: AnalysisContext, node: Node, into: Set<string> = new Set(), depth = 0): Set<string> {
  testNames(node, into);
  const inner = unwrap(node);
  if (depth > 3 || inner.type !== 'Identifier') return into;
  const variable = resolveIdentifier(ctx, inner);
  const def = variable?.defs[0];
  if (!variable || def?.type !== 'Variable') return into;
  for (const value of [def.node.init, ...variable.references.map((ref) => (ref.isWrite() ? ref.writeExpr : null))]) {
    if (value && value !== inner) cursorNames(ctx, value, into, depth + 1);
  }
  return into;
}

/** The identifiers a test names (`!since`, `opts.full`, `since && !force`). */
export function testNames(node: Node, into: Set<string> = new Set()): Set<string> {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') into.add(inner.name);
  else if (inner.type === 'MemberExpression') {
    testNames(inner.object, into);
    if (!inner.computed && inner.property.type === 'Identifier') into.add(inner.property.name);
  } else if (inner.type === 'UnaryExpression') testNames(inner.argument, into);
  else if (inner.type === 'LogicalExpression' || inner.type === 'BinaryExpression') {
    testNames(inner.left, into);
    testNames(inner.right, into);
  } else if (inner.type === 'CallExpression') {
    for (const argument of inner.arguments) testNames(argument, into);
  } else if (inner.type === 'ConditionalExpression') {
    testNames(inner.consequent, into);
    testNames(inner.alternate, into);
  }
  return into;
}

/** Whether a statement always leaves: `return`, `throw`, or a block that ends with one. */
function leaves(statement: Node): boolean {
  if (statement.type === 'BlockStatement') {
    const last = statement.body[statement.body.length - 1];
    return last !== undefined && leaves(last);
  }
  return statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement';
}

/**
 * The tests that decide whether `node` runs, inside `fn`: the `if`/`?:` it
 * sits in a branch of, and every earlier `if (test) return ...` of the blocks
 * around it (`if (since) return delta(); return full();`).
 */
export function decidingTests(node: Node, fn: Node | null): Node[] {
  const tests: Node[] = [];
  let child: Node = node;
  for (let parent = node.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
    if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && parent.test !== child) {
      tests.push(parent.test);
    }
    if (parent.type === 'BlockStatement' || parent.type === 'Program') {
      for (const statement of parent.body as Node[]) {
        if (statement === child) break;
        if (statement.type === 'IfStatement' && leaves(statement.consequent)) tests.push(statement.test);
      }
    }
  }
  return tests;
}
