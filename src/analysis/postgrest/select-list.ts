/**
 * The columns of its own table a `.select(list)` reads: `*` (also `select()`),
 * or the top-level columns of the list (`id, title:name, body::text,
 * data->x`), embedded resources (`author:profiles(*)`, `...rel(col)`) left
 * out. Null when the list is built at run time.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { staticString } from '../ast.js';

/** Splits a select list at its top-level commas (an embedded resource keeps its inner list). */
export function topLevelItems(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of list) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  items.push(current.trim());
  return items.filter((item) => item !== '');
}

/** The column an item reads: `alias:col`, `col::type`, `col->json`, `"Quoted"`; null for an embedded resource. */
function itemColumn(item: string): string | null {
  if (item.includes('(')) return null; // an embedded resource, a spread, an aggregate
  let column = item.replace(/\s+/g, '');
  const alias = /^(?:"[^"]*"|[^:"]+):(?!:)(.*)$/.exec(column);
  if (alias) column = alias[1]!;
  column = column.replace(/::.*$/, '').replace(/->.*$/, '');
  return column.startsWith('"') && column.endsWith('"') && column.length >= 2 ? column.slice(1, -1) : column;
}

/** `count()`, `total:count()::int`, `amount.sum()`, `data->x.max()`: an aggregate item of a select list. */
const AGGREGATE_ITEM = /^(?:count\(\)|[^(),]+\.(?:sum|avg|count|max|min)\(\))(?:::\w+)?$/;

/**
 * Whether every top-level item of a select list is an aggregate, so that
 * PostgREST groups by nothing and sends one row: `count()`, `col.sum()`, and
 * the legacy bare `count` (PostgREST's test/spec/Feature/Query/
 * AggregateFunctionsSpec.hs, "performing a count by using it as a column":
 * `select=count` answers `[{ "count": 4 }]`; PostgreSQL reads `t.count` as
 * `count(t)`). The bare `count` is a column of its own when the table has one
 * (`countColumn`). An embedded resource (`rel(count)`) is one row per parent:
 * not an aggregate of the read.
 */
export function isAggregateList(list: string, countColumn = false): boolean {
  const items = topLevelItems(list);
  if (items.length === 0) return false;
  return items.every((raw) => {
    let item = raw.replace(/\s+/g, '');
    const alias = /^(?:"[^"]*"|[^:"(]+):(?!:)(.*)$/.exec(item);
    if (alias) item = alias[1]!;
    if (/^count(?:::\w+)?$/.test(item)) return !countColumn;
    return AGGREGATE_ITEM.test(item);
  });
}

/** What `select` (the `.select(...)` call that starts a read) reads of its own table. */
export function selectedColumns(select: TSESTree.CallExpression): '*' | string[] | null {
  const first = select.arguments[0];
  if (first === undefined) return '*';
  if (first.type === 'SpreadElement') return null;
  const list = staticString(first);
  if (list === null) return null;
  const columns: string[] = [];
  for (const item of topLevelItems(list)) {
    const column = itemColumn(item);
    if (column === '*') return '*';
    if (column !== null && column !== '') columns.push(column);
  }
  return columns;
}
