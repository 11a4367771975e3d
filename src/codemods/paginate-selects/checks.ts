/**
 * What rules out rewriting a read: its select list and options, its orders,
 * how its response is used, and the parts of its chain that an all-pages read
 * would evaluate once per page. Each check gives the reason, or null.
 */
import { asMethodCall, staticString, unwrap } from '../../analysis/ast.js';
import { readOrder } from '../../analysis/postgrest/orders.js';
import { topLevelItems } from '../../analysis/postgrest/select-list.js';
import type { QueryUse } from '../../analysis/postgrest/query-use.js';
import { maxRowsOf, provenCursor } from '../../analysis/schema-facts.js';
import { pagesPastMaxRows, type PastMaxRows } from '../../analysis/postgrest/page-rows.js';
import {
  compositeKeyLinks,
  rowBound,
  type UniqueColumns,
  uniqueColumnsFor,
} from '../../analysis/postgrest/row-bounds.js';
import { rowUse } from '../../analysis/postgrest/row-use.js';
import { constantInit, findVariable, resolveIdentifier } from '../../analysis/scope.js';
import type { AnalysisContext } from '../../analysis/detector.js';
import { type DatabaseSchema, DEFAULT_SCHEMA, type Relation } from '../../schema/model.js';
import { HELPER_NAME } from '../pagination-helper.js';
import type { CodemodSettings } from '../codemod.js';
import { consumptionProblem } from './consumption.js';
import { unstablePart } from './per-page.js';
import type { Why } from './reasons.js';

/** Transforms that change what the answer is (not rows), so pages cannot be concatenated. */
const NOT_ROWS = new Set(['csv', 'geojson', 'explain']);

/** Where a read's cursor column came from. */
export type CursorSource = 'cursors' | 'cursor' | 'schema' | 'default';

/**
 * The cursor a read pages by and where it came from; `unshown` says why
 * nothing but the select list can show the table has it (no schema describes
 * the table, and the user did not name it), null when the user or the schema
 * does. Or why no cursor can be chosen.
 */
export type CursorChoice = { cursor: string; source: CursorSource; unshown: string | null } | { why: Why };

/** How the reasons name where a cursor came from. */
const SOURCE_TEXT: Record<Exclude<CursorSource, 'schema'>, (table: string) => string> = {
  cursors: (table) => `cursors.${table} in the config`,
  cursor: () => "--cursor or the config's cursor",
  default: () => 'the default cursor',
};

/**
 * The database schema a read's table is in: `public`, or the static name of
 * `client.schema('name').from(t)`; null when the schema is named at run time.
 */
function relationSchema(use: QueryUse): string | null {
  const schemaCall = asMethodCall(unwrap(use.root.client));
  if (!schemaCall || schemaCall.name !== 'schema') return DEFAULT_SCHEMA;
  return staticString(schemaCall.call.arguments[0]) ?? null;
}

/** What the schema says a table's keys are, for a reason: its primary key, or that it has none a cursor can use. */
function keysText(relation: Relation, schema: DatabaseSchema): string {
  const { name, schema: schemaName } = relation;
  if (relation.kind !== 'table') return `a ${relation.kind} has no keys`;
  if (relation.sources.length === 0) return 'no migration creates it, so its keys may not all be known';
  if (!relation.sources.includes('migrations')) return 'only the generated types describe it, which show no keys';
  const primary = schema.primaryKey(name, schemaName);
  const unique = schema.uniqueColumns(name, schemaName).filter((c) => schema.isNotNull(name, c, schemaName) === 'yes');
  const parts: string[] = [];
  if (primary) parts.push(`its primary key is (${primary.join(', ')})`);
  else parts.push('it has no primary key');
  const others = unique.filter((c) => !primary?.includes(c) || primary.length > 1);
  if (others.length > 0) parts.push(`unique NOT NULL: ${others.join(', ')}`);
  else if (!primary || primary.length > 1) parts.push('and no unique NOT NULL column');
  return parts.join(', ');
}

/**
 * What to do about a relation the schema proves no cursor of: a view's
 * cursor can be named (it need only be a column); a table whose keys the
 * migrations give would refuse any named cursor that is not unique and NOT
 * NULL, but a read that fixes all but one column of a multi-column key pages
 * by the other.
 */
function noCursorFix(relation: Relation, schema: DatabaseSchema, table: string): string {
  if (relation.kind !== 'table') return `name one in cursors.${table} of supabase-scale.config.json`;
  for (const key of schema.compositeKeys(table, relation.schema)) {
    const cursors = key.filter((column) => schema.isNotNull(table, column, relation.schema) === 'yes');
    if (cursors.length === 0) continue;
    return `with .eq() on every other column of (${key.join(', ')}), a read pages by ${cursors.join(' or ')}; or page it by hand`;
  }
  return 'page it by hand (a cursor named in cursors must be unique and NOT NULL too)';
}

/**
 * The text of a read's select list: the literal, or (with `ctx`) the string
 * a variable of the file holds and is never given again
 * (`.select(CARD_SELECT)` after `const CARD_SELECT = \`id, title\``); `'*'`
 * for `select()`; null when the list is written at run time.
 */
export function selectListText(ctx: AnalysisContext | null, use: QueryUse): string | null {
  const list = use.root.start.arguments[0];
  if (list === undefined) return '*';
  const text = staticString(list);
  if (text !== null || ctx === null) return text;
  const node = unwrap(list);
  if (node.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, node);
  const init = variable ? constantInit(variable) : null;
  return init ? staticString(init) : null;
}

/** The columns a select list names at its top level (none for a list written at run time). */
function selectedColumns(list: string | null): string[] {
  return list === null ? [] : topLevelItems(list).map((item) => item.replace(/\s+/g, ''));
}

/** `select('*')` or `select()`: a list that names every column, none by name. */
function namesNoColumn(list: string | null): boolean {
  const columns = selectedColumns(list);
  return columns.length === 0 || columns.includes('*');
}

/**
 * The schema's cursor for a read whose select list does not name the table's
 * primary key but names another column the schema proves unique and NOT
 * NULL (`select('slug, title')`, `slug` unique): that column. Null when the
 * list names the key, is `*`, or names no such column (then the key stays
 * the cursor, and the list must name it).
 */
function selectedCursor(
  use: QueryUse,
  list: string | null,
  schema: DatabaseSchema,
  table: string,
  schemaName: string,
): string | null {
  const columns = selectedColumns(list);
  if (columns.length === 0 || columns.includes('*')) return null;
  const primary = schema.primaryKey(table, schemaName);
  if (primary?.length === 1 && columns.includes(primary[0]!)) return null;
  const unique = schema
    .uniqueColumns(table, schemaName)
    .filter((column) => schema.isNotNull(table, column, schemaName) === 'yes');
  return columns.find((column) => unique.includes(column)) ?? fixedKeyCursor(use, schema, table, schemaName, columns);
}

/**
 * A NOT NULL column of a multi-column unique key whose other columns the
 * read's own chain fixes with equalities (`.eq('team_id', t)` on `UNIQUE
 * (team_id, user_id)`): no two rows read share it, so it pages them as a
 * primary key would. Only a column the select list names (`'*'`: any), and
 * only equalities written in the chain itself (one added on some path, through
 * a variable, fixes nothing on the others). Null when no key gives one.
 */
function fixedKeyCursor(
  use: QueryUse,
  schema: DatabaseSchema,
  table: string,
  schemaName: string,
  selected: readonly string[] | '*',
): string | null {
  for (const key of schema.compositeKeys(table, schemaName)) {
    for (const column of key) {
      if (selected !== '*' && !selected.includes(column)) continue;
      if (schema.isNotNull(table, column, schemaName) !== 'yes') continue;
      const others: UniqueColumns = Object.assign(new Set<string>(), {
        composites: [key.filter((other) => other !== column)],
      });
      if (compositeKeyLinks(use.ownChain, others) !== null) return column;
    }
  }
  return null;
}

/**
 * The cursor column of a read, first found of: the table's entry in `cursors`;
 * the cursor the user set (`--cursor`, the config's `cursor`); the column the
 * schema proves unique and NOT NULL (its single-column primary key, else a
 * unique NOT NULL column: provenCursor; a unique NOT NULL column the select
 * list names when it does not name the key: selectedCursor); the default `id`. A cursor the user
 * named is checked against the schema when the schema describes the table: a
 * column it does not have, or (where the migrations give the keys) one that is
 * not unique, or one that may be NULL, leaves the read; a view has no keys and
 * no NOT NULL to check, so a cursor named for it need only be a column. The default is never
 * taken for a table the schema describes with keys, nor where it does not show
 * the column: then `selectProblem` asks the select list to name it.
 */
export function cursorFor(
  use: QueryUse,
  settings: CodemodSettings,
  schema: DatabaseSchema | undefined,
  list: string | null = selectListText(null, use),
): CursorChoice {
  const table = use.root.name;
  if (table === null) return { why: { id: 'tableNamedAtRunTime' } };
  const schemaName = relationSchema(use);
  const relation = schemaName === null ? undefined : schema?.relation(table, schemaName);
  const qualified = schemaName === null || schemaName === DEFAULT_SCHEMA ? table : `${schemaName}.${table}`;
  const named: { cursor: string; source: CursorSource } | null = Object.hasOwn(settings.cursors, table)
    ? { cursor: settings.cursors[table]!, source: 'cursors' }
    : settings.cursorSet
      ? { cursor: settings.cursor, source: 'cursor' }
      : null;
  if (!relation || !schema) {
    if (named) return { ...named, unshown: null };
    const unshown =
      !schema || schema.describesNothing()
        ? 'no database schema was found'
        : schemaName === null
          ? 'its database schema is named at run time'
          : `the database schema does not describe '${qualified}'`;
    return { cursor: settings.cursor, source: 'default', unshown };
  }
  const described = `${relation.kind} '${qualified}'`;
  if (!named) {
    const proven =
      selectedCursor(use, list, schema, table, relation.schema) ??
      provenCursor(schema, table, relation.schema) ??
      (namesNoColumn(list) ? fixedKeyCursor(use, schema, table, relation.schema, '*') : null);
    if (proven !== null) return { cursor: proven, source: 'schema', unshown: null };
    // the default, only where the schema cannot know the keys (a table only the generated types describe)
    if (relation.kind !== 'table' || relation.sources.includes('migrations')) {
      const fix = noCursorFix(relation, schema, table);
      return { why: { id: 'noProvenCursor', data: { relation: described, keys: keysText(relation, schema), fix } } };
    }
  }
  const chosen = named ?? { cursor: settings.cursor, source: 'default' as const };
  const { cursor } = chosen;
  const data = {
    table,
    cursor,
    source: SOURCE_TEXT[chosen.source as Exclude<CursorSource, 'schema'>](table),
    relation: described,
    keys: keysText(relation, schema),
  };
  if (schema.hasColumn(table, cursor, relation.schema) === 'no') return { why: { id: 'cursorNotAColumn', data } };
  const keysKnown = relation.kind === 'table' && relation.sources.includes('migrations');
  if (keysKnown && !schema.uniqueColumns(table, relation.schema).includes(cursor)) {
    return { why: { id: 'cursorNotUnique', data } };
  }
  // a view's columns are nullable as far as anything says (PostgreSQL and the generated types say so of every one)
  if (relation.kind === 'table' && schema.isNotNull(table, cursor, relation.schema) === 'no') {
    return { why: { id: 'cursorNullable', data } };
  }
  const shown = named !== null || schema.hasColumn(table, cursor, relation.schema) === 'yes';
  return { ...chosen, unshown: shown ? null : `the generated types do not list the columns of ${described}` };
}

/**
 * Why the request's select list or options rule out paging on `cursor`; null
 * when they do not. `unshown`, when nothing but the select list can show the
 * table has the column, says why (`cursorFor`): then `select('*')` (or
 * `select()`) is not enough, and the list must name the column.
 */
export function selectProblem(
  use: QueryUse,
  cursor: string,
  unshown: string | null = null,
  list: string | null = selectListText(null, use),
): Why | null {
  const start = use.root.start;
  const columns = start.arguments[0];
  const options = start.arguments[1];
  if (options !== undefined && !(options.type === 'ObjectExpression' && options.properties.length === 0)) {
    return { id: 'selectOptions' };
  }
  const unproven: Why | null =
    unshown === null ? null : { id: 'cursorUnproven', data: { cursor, table: use.root.name ?? '', because: unshown } };
  if (columns === undefined) return unproven; // select() is select('*')
  if (list === null) return { id: 'selectListNotLiteral' };
  const items = topLevelItems(list).map((item) => item.replace(/\s+/g, ''));
  if (items.includes(cursor)) return null;
  if (items.includes('*')) return unproven;
  return { id: 'selectListWithoutCursor', data: { cursor } };
}

/** Why an `.order()` of the request rules out paging on `cursor`; null when there is none but the cursor ascending. */
export function orderProblem(use: QueryUse, cursor: string): Why | null {
  for (const link of use.links) {
    if (link.name !== 'order') continue;
    const order = readOrder(link.call);
    if (order.target !== 'top') continue; // orders an embedded resource only (or may: the helper's own order stays first)
    const { column } = order;
    if (column === cursor && order.direction === 'ascending' && order.nulls === 'default') continue;
    if (column === cursor) return { id: 'cursorNotAscending', data: { cursor } };
    return column === null
      ? { id: 'orderedByRunTimeColumn', data: { cursor } }
      : { id: 'orderedByOtherColumn', data: { column, cursor } };
  }
  return null;
}

/** Whether the read already orders by the cursor (then a first page only adds the limit). */
export function hasCursorOrder(use: QueryUse, cursor: string): boolean {
  return use.links.some((link) => link.name === 'order' && staticString(link.call.arguments[0]) === cursor);
}

/**
 * Why either strategy leaves a read that pages by `cursor`: an rpc, a table
 * named at run time, or a select or order that rules paging out. `unshown` as
 * for `selectProblem` (the cursor and it come from `cursorFor`).
 */
export function readProblem(
  use: QueryUse,
  cursor: string,
  unshown: string | null = null,
  list: string | null = selectListText(null, use),
): Why | null {
  if (use.root.kind === 'rpc') return { id: 'rpc' };
  if (use.root.name === null) return { id: 'tableNamedAtRunTime' };
  return selectProblem(use, cursor, unshown, list) ?? orderProblem(use, cursor);
}

/** Why the all-pages strategy leaves a read that passed `readProblem`: it cannot be read page by page here. */
export function allPagesProblem(ctx: AnalysisContext, use: QueryUse, text: string): Why | null {
  if (use.links.some((link) => NOT_ROWS.has(link.name))) return { id: 'notRows' };
  const consumption = consumptionProblem(ctx, use);
  if (consumption) return consumption;
  const select = asMethodCall(use.root.start);
  if (!select || use.root.from === null || unwrap(select.object) !== use.root.from) return { id: 'sharedBuilder' };
  const unstable = unstablePart(ctx, use, text);
  if (unstable) return { id: 'evaluatedPerPage', data: { expression: unstable } };
  const existing = findVariable(ctx.getScope(use.chainEnd), HELPER_NAME);
  if (existing && !existing.defs.every((def) => def.type === 'ImportBinding')) {
    return { id: 'helperNameTaken', data: { helper: HELPER_NAME } };
  }
  return null;
}

/**
 * A read require-pagination reports only for page bounds past the project's
 * max-rows (`.limit(5000)` where the server sends 1,000): the last of them,
 * written in the read's own chain; null for any other read.
 */
export function pastMaxRows(
  ctx: AnalysisContext,
  use: QueryUse,
  settings: CodemodSettings,
  schema: DatabaseSchema | undefined,
): PastMaxRows | null {
  const unique = uniqueColumnsFor(settings.uniqueColumns, use.root.name, schema);
  if (rowBound(use.links, unique) === null) return null;
  return pagesPastMaxRows(ctx, use.links, unique, maxRowsOf(schema));
}

/**
 * Why a read is not paged at all: its rows are never read, or only tested for
 * existence (reading every page would be the opposite of the fix, which is
 * `.limit(1)`); or, for the all-pages strategy, it asks for a number of rows
 * past max-rows (every page would return more than it asks for); or that
 * bound is not in its own chain. A read that counts its rows or reads the
 * first is paged: every page gives the right count and a defined first row.
 */
export function rowsProblem(
  ctx: AnalysisContext,
  use: QueryUse,
  settings: CodemodSettings,
  schema: DatabaseSchema | undefined,
): Why | null {
  const used = rowUse(ctx, use).use;
  if (used === 'none' || used === 'existence') return { id: 'rowsNotAllUsed', data: { use: ROW_USE_TEXT[used] } };
  const past = pastMaxRows(ctx, use, settings, schema);
  if (!past) return null;
  const rows = past.rows.toLocaleString('en-US');
  const maxRows = maxRowsOf(schema).toLocaleString('en-US');
  if (settings.strategy !== 'first-page') return { id: 'pastMaxRows', data: { rows, maxRows } };
  return use.ownChain.some((link) => link.call === past.call) ? null : { id: 'builtThroughVariable' };
}

const ROW_USE_TEXT = {
  none: 'never reads its rows',
  existence: 'only tests whether a row exists',
} as const;
