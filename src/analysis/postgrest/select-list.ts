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
