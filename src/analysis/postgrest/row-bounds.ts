/**
 * Row bounds: whether a request returns a bounded number of rows (`limit`,
 * `range`, `single`, a HEAD request, an `eq` on a unique column), and the
 * page bounds that act on the top-level table rather than on an embedded
 * resource.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { argumentAt, keyName, type Node, staticString, unwrap } from '../ast.js';
import { type OptionTarget, optionTarget } from './options.js';
import type { QueryLink } from './query-use.js';
import type { DatabaseSchema, KeyCondition } from '../../schema/model.js';
import { maxRowsOf } from '../schema-facts.js';
import { windowDays } from './date-window.js';
import { isAggregateList } from './select-list.js';

export type UniqueColumnsOption = readonly string[] | Readonly<Record<string, readonly string[]>>;

/**
 * The columns an equality on which selects at most one row, and the sets of
 * columns (composite keys) an equality on each of which does.
 */
export type UniqueColumns = ReadonlySet<string> & {
  readonly composites?: readonly (readonly string[])[];
  /** Columns that can hold only a few values (a boolean, a CHECK range or list): their count, from the schema. */
  readonly domains?: ReadonlyMap<string, number>;
  /**
   * Composite keys' columns of SQL type `date`: a window of days the read
   * states on one (date-window.ts) holds one value a day. Not a `timestamp`:
   * a window of time holds any number of instants.
   */
  readonly dateColumns?: ReadonlySet<string>;
  /** The most rows the schema's project sends (max-rows): a window's days bound a read up to it. */
  readonly maxRows?: number;
  /** The table has a column named `count`: `select('count')` reads it, not the legacy count aggregate. */
  readonly countColumn?: boolean;
  /**
   * Partial unique keys whose predicate is equalities (`UNIQUE (created_by) WHERE
   * kind = 'personal'`): a read that fixes the key's columns and states each
   * equality (`.eq('kind', 'personal')`, `.is('deleted_at', null)`) reads one row.
   */
  readonly partials?: readonly { columns: readonly string[]; when: readonly KeyCondition[] }[];
};

/**
 * Keys of tables Supabase itself creates, which no migration of the project
 * declares: `auth.users` (the auth server's: primary key `id`, unique `phone`,
 * and `email`, unique among users who do not sign in by SSO:
 * `users_email_partial_key`), `storage.buckets` (`id`, `name`).
 */
const SYSTEM_KEYS: Readonly<Record<string, readonly string[]>> = {
  'auth.users': ['id', 'email', 'phone'],
  'storage.buckets': ['id', 'name'],
};

/** The schemas whose tables SYSTEM_KEYS names with the schema (`schema('auth').from('users')`: `auth.users`). */
export const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['auth', 'storage']);

/** How many rows the values of a composite key's unfixed columns may make at most and still bound a read. */
const MAX_DOMAIN_ROWS = 1000;

/**
 * The columns that identify at most one row of `table`: the option's (`*` in a
 * map applies to every table) and, when the project's schema describes the
 * table, every column it proves unique (a single-column primary key, unique
 * constraint or unique index; see DatabaseSchema.uniqueColumns), with the
 * schema's composite keys (DatabaseSchema.compositeKeys).
 */
export function uniqueColumnsFor(
  option: UniqueColumnsOption,
  table: string | null,
  schema?: DatabaseSchema,
  proven: readonly (readonly string[])[] = [],
): UniqueColumns {
  const columns: Set<string> & {
    composites?: string[][];
    domains?: Map<string, number>;
    dateColumns?: Set<string>;
    maxRows?: number;
    countColumn?: boolean;
    partials?: { columns: string[]; when: KeyCondition[] }[];
  } = new Set<string>();
  // keys the project's upserts prove (`onConflict: 'month,year'`), beside the schema's
  const provenComposites = proven.filter((key) => key.length > 1).map((key) => [...key]);
  if (provenComposites.length > 0) columns.composites = provenComposites;
  if (schema && table !== null) {
    const composites = [...schema.compositeKeys(table), ...provenComposites];
    if (composites.length > 0) columns.composites = composites;
    const values = composites.length > 0 ? schema.columnValues(table) : null;
    if (values && values.size > 0) columns.domains = values;
    const keyed = new Set(composites.flat());
    const dates = (schema.columns(table) ?? []).filter((c) => c.type === 'date' && keyed.has(c.name));
    if (dates.length > 0) {
      columns.dateColumns = new Set(dates.map((c) => c.name));
      columns.maxRows = maxRowsOf(schema);
    }
    if (schema.columns(table)?.some((c) => c.name === 'count')) columns.countColumn = true;
    const partials = schema.partialKeys(table);
    if (partials.length > 0) columns.partials = partials;
  }
  if (Array.isArray(option)) for (const column of option as readonly string[]) columns.add(column);
  else {
    const map = option as Readonly<Record<string, readonly string[]>>;
    for (const column of map['*'] ?? []) columns.add(column);
    if (table !== null && Object.hasOwn(map, table)) for (const column of map[table]!) columns.add(column);
  }
  if (schema && table !== null) for (const column of schema.uniqueColumns(table)) columns.add(column);
  for (const key of proven) if (key.length === 1) columns.add(key[0]!);
  if (table !== null && Object.hasOwn(SYSTEM_KEYS, table))
    for (const column of SYSTEM_KEYS[table]!) columns.add(column);
  return columns;
}

/**
 * The most rows `table` can hold, when one of its keys says so: a single-column
 * primary key or unique key (not partial, not on an expression) whose column
 * is NOT NULL and can hold only a few values (Column.values: a CHECK list or
 * range, an enum's labels, a boolean), no more than the project's max-rows.
 * `UNIQUE (currency)` with `CHECK (currency IN ('BTC', 'LTC', 'XMR'))`: three
 * rows, whatever reads the table and however it filters. A unique column that
 * allows NULL holds any number of NULL rows (a CHECK passes NULL): not that.
 * Null when no key bounds the table, when it is not a table, or when SQL the
 * schema did not read may have changed it (a rejected statement naming it, a
 * second definition).
 */
export function keyedTableRows(
  schema: DatabaseSchema | undefined,
  table: string | null,
  dbSchema: string | null = 'public',
): number | null {
  if (!schema || table === null || dbSchema === null) return null;
  const relation = schema.relation(table, dbSchema);
  if (relation?.kind !== 'table' || !relation.columns || schema.columnsMayBeIncomplete(table)) return null;
  const primary = schema.primaryKey(table, dbSchema);
  const limit = maxRowsOf(schema);
  let rows: number | null = null;
  for (const name of schema.uniqueColumns(table, dbSchema)) {
    const column = relation.columns.find((c) => c.name === name);
    if (column?.values === undefined || column.values > limit) continue;
    const notNull = column.notNull || (primary?.length === 1 && primary[0] === name);
    if (notNull) rows = Math.min(rows ?? Infinity, column.values);
  }
  return rows;
}

/** `select(cols, { head: true })`: a HEAD request that returns no rows. */
function isHeadRequest(options: Node | undefined): boolean | 'unknown' {
  if (!options) return false;
  if (options.type !== 'ObjectExpression') return 'unknown';
  for (const property of options.properties) {
    if (property.type !== 'Property') return 'unknown';
    if (keyName(property.key, property.computed) !== 'head') continue;
    const value = unwrap(property.value);
    if (value.type === 'Literal') return value.value === true;
    return 'unknown';
  }
  return false;
}

/** Which rows `.limit(n, options)` / `.range(from, to, options)` bound. */
function pageTarget(name: 'limit' | 'range', call: TSESTree.CallExpression): OptionTarget {
  return optionTarget(argumentAt(call, name === 'limit' ? 1 : 2), 'defined');
}

/** `[]`: `.in(col, [])` matches no row (PostgREST sends `in.()`, which is false for every row). */
function isEmptyList(node: Node | undefined): boolean {
  return (
    node !== undefined &&
    unwrap(node).type === 'ArrayExpression' &&
    (unwrap(node) as TSESTree.ArrayExpression).elements.length === 0
  );
}

/** `[a, b, c]`: an array literal whose every element is written out (no spread, no hole). */
function isWrittenOutList(node: Node | undefined): boolean {
  return (
    node?.type === 'ArrayExpression' &&
    node.elements.every((element) => element !== null && element.type !== 'SpreadElement')
  );
}

/**
 * `in-list`: `.in(col, ids)` on a unique column (or on every column of a
 * composite key, each with `.eq()` or `.in()`), with a list from elsewhere: at
 * most as many rows as the list holds, which the code already has. A list long
 * enough to pass max-rows makes the URL too long before that: PostgREST's GET
 * fails with 414 at a few hundred ids (supabase/postgrest-js#393), loudly.
 * `aggregate`: a select list of aggregates only (select-list.ts
 * isAggregateList), one row. `no-rows`: `.in(col, [])`, which matches none.
 */
export type BoundReason =
  'limit' | 'range' | 'single' | 'head' | 'unique-column' | 'in-list' | 'aggregate' | 'no-rows' | 'unknown-option';

/** The columns a link tests for equality with one value: `.eq(c, v)`, `.filter(c, 'eq', v)`, `.match({ c: v })`. */
function equalityColumns({ name, call }: QueryLink): string[] {
  if (name === 'eq') {
    const column = staticString(argumentAt(call, 0));
    return column === null ? [] : [column];
  }
  if (name === 'filter') {
    const column = staticString(argumentAt(call, 0));
    return column !== null && staticString(argumentAt(call, 1)) === 'eq' ? [column] : [];
  }
  if (name !== 'match') return [];
  const query = argumentAt(call, 0);
  if (query?.type !== 'ObjectExpression') return [];
  const columns: string[] = [];
  for (const property of query.properties) {
    const key = property.type === 'Property' ? keyName(property.key, property.computed) : null;
    if (key !== null) columns.push(key);
  }
  return columns;
}

/**
 * Whether a link states one equality of a partial key's predicate with the
 * same constant: `.eq('kind', 'personal')` for `kind = 'personal'`,
 * `.is('deleted_at', null)` for `deleted_at IS NULL`, `.eq('active', true)` or
 * `.is('active', true)` for `active`.
 */
function statesCondition({ name, call }: QueryLink, condition: KeyCondition): boolean {
  if (name !== 'eq' && name !== 'is') return false;
  if (staticString(argumentAt(call, 0)) !== condition.column) return false;
  const value = argumentAt(call, 1);
  const inner = value && unwrap(value);
  if (inner?.type !== 'Literal') return false;
  if (condition.value === null) return name === 'is' && inner.value === null;
  // `.eq('n', 3)` and `.eq('n', '3')` send the same text
  return inner.value !== null && String(inner.value) === String(condition.value);
}

/** The column a link tests against a list: `.in(c, list)`. */
function listColumns({ name, call }: QueryLink): string[] {
  if (name !== 'in') return [];
  const column = staticString(argumentAt(call, 0));
  return column === null ? [] : [column];
}

/**
 * The links whose equalities cover every column of one of the composite keys
 * (`.eq('user_id', u).eq('post_id', p)` on `UNIQUE (user_id, post_id)`): one
 * link a column, the first that tests it. With `lists`, an `.in(c, list)` covers
 * its column too (`.eq('match_id', m).in('team_id', [home, away])`: at most as
 * many rows as the lists allow), and so does a column that can hold only a
 * few values (`domains`: `UNIQUE (user_id, day_of_week)` with a CHECK on the
 * days, `.eq('user_id', u)`: seven rows at most). Null when no key is covered.
 */
export function compositeKeyLinks(
  links: readonly QueryLink[],
  unique: UniqueColumns,
  lists = false,
): QueryLink[] | null {
  if (!unique.composites?.length && !unique.partials?.length) return null;
  const byColumn = fixingLinks(links, lists);
  for (const key of unique.composites ?? []) {
    if (key.every((column) => byColumn.has(column))) return [...new Set(key.map((column) => byColumn.get(column)!))];
  }
  for (const key of unique.partials ?? []) {
    if (!key.columns.every((column) => byColumn.has(column))) continue;
    const stated = key.when.map((condition) => links.find((link) => statesCondition(link, condition)));
    if (stated.every((link) => link !== undefined))
      return [...new Set([...key.columns.map((column) => byColumn.get(column)!), ...stated])];
  }
  if (!unique.composites?.length) return null;
  if (lists && (unique.domains || unique.dateColumns)) {
    // `UNIQUE (user_id, day_of_week)` with days 0-6: `.eq('user_id', u)` reads seven rows at most;
    // `UNIQUE (user_id, log_date)` with a window of 31 days on log_date: 31 rows at most
    for (const key of unique.composites) {
      const fixed = key.filter((column) => byColumn.has(column));
      if (fixed.length === 0) continue;
      const open = key.filter((column) => !byColumn.has(column));
      const bounded = open.map((column) => openColumnRows(links, unique, column));
      if (bounded.some((found) => found === null)) continue;
      const rows = bounded.reduce((product, found) => product * found!.rows, 1);
      // a window's days count up to what the server sends (max-rows); a few values up to MAX_DOMAIN_ROWS
      const limit = bounded.some((found) => found!.links.length > 0)
        ? (unique.maxRows ?? MAX_DOMAIN_ROWS)
        : MAX_DOMAIN_ROWS;
      if (rows <= limit)
        return [...new Set([...fixed.map((column) => byColumn.get(column)!), ...bounded.flatMap((f) => f!.links)])];
    }
  }
  return null;
}

/** The first link that fixes each column: an equality, and with `lists` an `.in()` too. */
function fixingLinks(links: readonly QueryLink[], lists: boolean): Map<string, QueryLink> {
  const byColumn = new Map<string, QueryLink>();
  for (const link of links) {
    const columns = lists ? [...equalityColumns(link), ...listColumns(link)] : equalityColumns(link);
    for (const column of columns) if (!byColumn.has(column)) byColumn.set(column, link);
  }
  return byColumn;
}

/** A read a composite key would bound, but for the window on its `date` column (windowedKey). */
export interface WindowedKey {
  /** The key's `date` column the read filters by a range. */
  column: string;
  key: readonly string[];
  /** The window's days when the code states them (more than the read may have); null when it does not. */
  days: number | null;
  /** Which ends the read gives the window. */
  ends: 'both' | 'lower' | 'upper';
}

/**
 * The composite key whose every column but a `date` one the read fixes, and
 * which it filters by a range on that column, when that range bounds nothing
 * (compositeKeyLinks): one row a day of the window, but the days are not
 * known, or too many. Null when there is none.
 */
export function windowedKey(links: readonly QueryLink[], unique: UniqueColumns): WindowedKey | null {
  if (!unique.composites?.length || !unique.dateColumns) return null;
  const byColumn = fixingLinks(links, true);
  const onColumn = (names: readonly string[], column: string) =>
    links.some(({ name, call }) => names.includes(name) && staticString(argumentAt(call, 0)) === column);
  for (const key of unique.composites) {
    const open = key.filter((column) => !byColumn.has(column));
    if (open.length !== 1 || !unique.dateColumns.has(open[0]!)) continue;
    const column = open[0]!;
    const lower = onColumn(['gte', 'gt'], column);
    const upper = onColumn(['lte', 'lt'], column);
    if (!lower && !upper) continue;
    return { column, key, days: windowDays(links, column), ends: lower && upper ? 'both' : lower ? 'lower' : 'upper' };
  }
  return null;
}

/**
 * How many values a composite key's column no equality fixes can take in the
 * read: the few its type or CHECK allows, or the days of a window the read
 * states on a `date` column (with the links that state it); null when unbounded.
 */
function openColumnRows(
  links: readonly QueryLink[],
  unique: UniqueColumns,
  column: string,
): { rows: number; links: QueryLink[] } | null {
  const values = unique.domains?.get(column);
  if (values !== undefined) return { rows: values, links: [] };
  if (!unique.dateColumns?.has(column)) return null;
  const days = windowDays(links, column);
  if (days === null) return null;
  const range = ['gte', 'gt', 'lte', 'lt'];
  return {
    rows: days,
    links: links.filter(({ name, call }) => range.includes(name) && staticString(argumentAt(call, 0)) === column),
  };
}

/**
 * Why the request returns a bounded number of rows, or null when nothing
 * bounds it. An option object we cannot read counts as a bound: the rule does
 * not guess against the user. Equalities on every column of a composite key
 * bound it too (`unique-column`), and so do lists on some of them (`in-list`).
 */
export function rowBound(links: readonly QueryLink[], unique: UniqueColumns): BoundReason | null {
  const reason = linkBound(links, unique);
  if (reason !== null) return reason;
  if (compositeKeyLinks(links, unique)) return 'unique-column';
  return compositeKeyLinks(links, unique, true) ? 'in-list' : null;
}

/**
 * Whether a list of values bounds the read (`.in('id', ids)` on a unique
 * column, or lists and equalities on every column of a composite key): at most
 * as many rows as the lists hold, whatever its page bounds ask for.
 */
export function isListBound(links: readonly QueryLink[], unique: UniqueColumns): boolean {
  return (
    links.some((link) => linkBound([link], unique) === 'in-list') ||
    (compositeKeyLinks(links, unique) === null && compositeKeyLinks(links, unique, true) !== null)
  );
}

function linkBound(links: readonly QueryLink[], unique: UniqueColumns): BoundReason | null {
  for (const { name, call } of links) {
    switch (name) {
      case 'limit':
      case 'range': {
        const target = pageTarget(name, call);
        if (target === 'top') return name;
        if (target === 'unknown') return 'unknown-option';
        break;
      }
      case 'single':
      case 'maybeSingle':
        return 'single';
      case 'select':
      case 'rpc': {
        const head = isHeadRequest(argumentAt(call, name === 'select' ? 1 : 2));
        if (head === true) return 'head';
        if (head === 'unknown') return 'unknown-option';
        const list = name === 'select' ? staticString(argumentAt(call, 0)) : null;
        if (list !== null && isAggregateList(list, unique.countColumn)) return 'aggregate';
        break;
      }
      case 'eq': {
        const column = staticString(argumentAt(call, 0));
        if (column !== null && unique.has(column)) return 'unique-column';
        break;
      }
      case 'in': {
        // `.in('id', [a, b, c])`: at most as many rows as the list written out;
        // `ids`, `[...ids]`: at most as many as the list from elsewhere holds (see BoundReason)
        if (isEmptyList(argumentAt(call, 1))) return 'no-rows';
        const column = staticString(argumentAt(call, 0));
        if (column !== null && unique.has(column))
          return isWrittenOutList(argumentAt(call, 1)) ? 'unique-column' : 'in-list';
        break;
      }
      case 'filter': {
        const column = staticString(argumentAt(call, 0));
        if (column !== null && unique.has(column) && staticString(argumentAt(call, 1)) === 'eq') {
          return 'unique-column';
        }
        break;
      }
      case 'match': {
        const query = argumentAt(call, 0);
        if (query?.type === 'ObjectExpression') {
          for (const property of query.properties) {
            if (property.type !== 'Property') continue;
            const key = keyName(property.key, property.computed);
            if (key !== null && unique.has(key)) return 'unique-column';
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return null;
}

/**
 * Whether the request reads at most one row, or none: `.single()`,
 * `.maybeSingle()`, a HEAD request, an `eq` on a unique column, a select of
 * aggregates only, `.in(col, [])`. Such a read
 * needs no order and is no download, wherever the call stands in the chain.
 */
export function isOneRowRead(links: readonly QueryLink[], unique: UniqueColumns): boolean {
  return (
    links.some((link) => {
      const reason = linkBound([link], unique);
      return (
        reason === 'single' ||
        reason === 'head' ||
        reason === 'unique-column' ||
        reason === 'aggregate' ||
        reason === 'no-rows'
      );
    }) || compositeKeyLinks(links, unique) !== null
  );
}

/** `.limit()` / `.range()` calls that bound the top-level table. */
export function topLevelPages(links: readonly QueryLink[]): TSESTree.CallExpression[] {
  return links
    .filter(({ name, call }) => (name === 'limit' || name === 'range') && pageTarget(name, call) === 'top')
    .map(({ call }) => call);
}

/**
 * Whether `.in(col, list)` can match at most one row a value of the list: `col` is
 * unique, or it is the one column of a composite key that no equality fixes
 * (`.eq('proposal_id', p).in('item_id', ids)` on `UNIQUE (proposal_id, item_id)`).
 */
function listMatchesOneRowEach(link: QueryLink, links: readonly QueryLink[], unique: UniqueColumns): boolean {
  const column = staticString(argumentAt(link.call, 0));
  if (column === null) return false;
  if (unique.has(column)) return true;
  const fixed = new Set(links.flatMap(equalityColumns));
  return (unique.composites ?? []).some(
    (key) => key.includes(column) && key.every((other) => other === column || fixed.has(other)),
  );
}

/** `ids` and `ids`, `this.ids` and `this.ids`: the same value, read twice in one chain. */
function sameReference(a: Node, b: Node): boolean {
  const left = unwrap(a);
  const right = unwrap(b);
  if (left.type === 'Identifier' && right.type === 'Identifier') return left.name === right.name;
  if (left.type === 'ThisExpression' && right.type === 'ThisExpression') return true;
  if (left.type !== 'MemberExpression' || right.type !== 'MemberExpression') return false;
  if (left.computed || right.computed) return false;
  return keyName(left.property, false) === keyName(right.property, false) && sameReference(left.object, right.object);
}

/** `list.length`, `Math.max(1, list.length)`: a number at least the list's length. */
function atLeastLengthOf(bound: Node | undefined, list: Node | undefined): boolean {
  if (!bound || !list) return false;
  const value = unwrap(bound);
  if (value.type === 'MemberExpression' && !value.computed && keyName(value.property, false) === 'length')
    return sameReference(value.object, list);
  if (value.type !== 'CallExpression') return false;
  const callee = unwrap(value.callee);
  const isMax =
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    keyName(callee.property, false) === 'max' &&
    unwrap(callee.object).type === 'Identifier' &&
    (unwrap(callee.object) as TSESTree.Identifier).name === 'Math';
  return isMax && value.arguments.some((argument) => atLeastLengthOf(argument, list));
}

/**
 * `.in('id', ids).limit(ids.length)`: a list whose every value matches at most
 * one row (listMatchesOneRowEach), with every page bound a `.limit()` of at
 * least the list's length. Every matching row comes back, so no order decides
 * which. On a column that is not unique a value may match many rows, and such
 * a limit cuts them arbitrarily: not this.
 */
export function limitCoversList(links: readonly QueryLink[], unique: UniqueColumns): boolean {
  const pages = links.filter(
    ({ name, call }) => (name === 'limit' || name === 'range') && pageTarget(name, call) === 'top',
  );
  if (pages.length === 0 || pages.some((page) => page.name !== 'limit')) return false;
  const lists = links.filter((link) => link.name === 'in' && listMatchesOneRowEach(link, links, unique));
  return pages.every((page) =>
    lists.some((list) => atLeastLengthOf(argumentAt(page.call, 0), argumentAt(list.call, 1))),
  );
}
