/**
 * How the analysis reads the options of `.order()`, `.limit()` and `.range()`
 * (src/analysis/postgrest/orders.ts and options.ts), pinned against
 * postgrest-js's PostgrestTransformBuilder: `order` moves to an embedded
 * resource only when `referencedTable` (or `foreignTable`, read when
 * referencedTable is undefined) is truthy; `limit` and `range` whenever it is
 * not undefined.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { asMethodCall } from '../../src/analysis/ast.js';
import { type OrderCall, readOrder, topLevelOrders } from '../../src/analysis/postgrest/orders.js';
import { rowBound, topLevelPages } from '../../src/analysis/postgrest/row-bounds.js';
import { runDetectors } from '../../src/analysis/run.js';

/** The calls of `code` named `name`, in the order they apply (`q.a().b()`: a, then b). */
function callsNamed(code: string, name: string): TSESTree.CallExpression[] {
  const result = runDetectors(code, 'a.ts', {
    calls: () => {
      const found: TSESTree.CallExpression[] = [];
      return {
        listeners: {
          CallExpression(node: TSESTree.CallExpression) {
            if (asMethodCall(node)?.name === name) found.push(node);
          },
        },
        finish: () => found.sort((a, b) => a.range[1] - b.range[1]),
      };
    },
  });
  if (!result.ok) throw new Error(`${code}: ${result.error.message}`);
  return result.findings.calls;
}

/** What `readOrder` says of the one `.order(...)` in `q.order(args)`. */
function order(args: string): Omit<OrderCall, 'call'> {
  const calls = callsNamed(`q.order(${args});`, 'order');
  expect(calls).toHaveLength(1);
  const { call, ...rest } = readOrder(calls[0]!);
  expect(call).toBe(calls[0]);
  return rest;
}

const plain = { column: 'id', direction: 'ascending', nulls: 'default', target: 'top' } as const;

describe('readOrder: which rows an .order() orders', () => {
  it('orders the top-level table ascending when no options are written', () => {
    expect(order("'id'")).toEqual(plain);
    expect(order("'id', {}")).toEqual(plain);
    expect(order('column')).toEqual({ ...plain, column: null });
  });

  it('keeps `{ referencedTable: undefined }` on the top-level table (paginate-selects’ orderProblem reads it as embedded)', () => {
    expect(order("'id', { referencedTable: undefined }")).toEqual(plain);
    expect(order("'id', { foreignTable: undefined }")).toEqual(plain);
    expect(order("'id', { referencedTable: void 0, ascending: true }")).toEqual(plain);
  });

  it('keeps a falsy referencedTable on the top-level table: postgrest-js tests it for truthiness', () => {
    expect(order("'id', { referencedTable: null }")).toEqual(plain);
    expect(order("'id', { referencedTable: '' }")).toEqual(plain);
    expect(order("'id', { foreignTable: null }")).toEqual(plain);
    // referencedTable, when not undefined, is read instead of foreignTable
    expect(order("'id', { foreignTable: 'replies', referencedTable: null }")).toEqual(plain);
  });

  it('orders an embedded resource when the name is not empty, or cannot be seen', () => {
    const embedded = { ...plain, target: 'embedded' };
    expect(order("'id', { referencedTable: 'replies' }")).toEqual(embedded);
    expect(order("'id', { foreignTable: 'replies' }")).toEqual(embedded);
    expect(order("'id', { ['referencedTable']: 'replies' }")).toEqual(embedded);
    expect(order("'id', { referencedTable: undefined, foreignTable: 'replies' }")).toEqual(embedded);
    expect(order("'id', { referencedTable: table }")).toEqual(embedded);
  });

  it('reads `ascending` as postgrest-js does: by truthiness, undefined keeps the default', () => {
    expect(order("'id', { ascending: false }").direction).toBe('descending');
    expect(order("'id', { ascending: null }").direction).toBe('descending');
    expect(order("'id', { ascending: 0 }").direction).toBe('descending');
    expect(order("'id', { ascending: true }").direction).toBe('ascending');
    expect(order("'id', { ascending: undefined }").direction).toBe('ascending');
    expect(order("'id', { ascending: flag }").direction).toBe('unknown');
  });

  it('reads `nullsFirst`: true first, false last, absent the default', () => {
    expect(order("'id', { nullsFirst: true }").nulls).toBe('first');
    expect(order("'id', { ascending: false, nullsFirst: false }")).toEqual({
      ...plain,
      direction: 'descending',
      nulls: 'last',
    });
    expect(order("'id', { nullsFirst: undefined }").nulls).toBe('default');
    expect(order("'id', { nullsFirst: flag }").nulls).toBe('unknown');
  });

  it('does not guess through options it cannot read; a later property overrides a spread', () => {
    const unknown = { column: 'id', direction: 'unknown', nulls: 'unknown', target: 'unknown' };
    expect(order("'id', options")).toEqual(unknown);
    expect(order("'id', { ...options }")).toEqual(unknown);
    expect(order("'id', { [key]: false }")).toEqual(unknown);
    expect(order("'id', { ascending: false, ...options }").direction).toBe('unknown');
    expect(order("'id', { ...options, ascending: false }").direction).toBe('descending');
    expect(order("'id', { referencedTable: 'replies', ...options }").target).toBe('embedded');
  });
});

describe('topLevelOrders', () => {
  it('keeps the orders of the top-level table, in source order', () => {
    const code =
      "q.order('a', { referencedTable: 'replies' }).order('b', { referencedTable: undefined }).order('c', { referencedTable: null }).order('d');";
    const links = callsNamed(code, 'order').map((call) => ({ name: 'order', call }));
    expect(topLevelOrders(links).map((found) => found.column)).toEqual(['b', 'c', 'd']);
  });
});

describe('page bounds: limit and range', () => {
  /** rowBound and topLevelPages of the one `.limit()`/`.range()` in `code`. */
  function bound(code: string, name: 'limit' | 'range') {
    const links = callsNamed(code, name).map((call) => ({ name, call }));
    expect(links).toHaveLength(1);
    return { reason: rowBound(links, new Set()), top: topLevelPages(links).length === 1 };
  }

  it('bound the top-level table when referencedTable is absent or undefined', () => {
    expect(bound('q.limit(5);', 'limit')).toEqual({ reason: 'limit', top: true });
    expect(bound('q.limit(5, { referencedTable: undefined });', 'limit')).toEqual({ reason: 'limit', top: true });
    expect(bound('q.limit(5, { referencedTable: void 0 });', 'limit')).toEqual({ reason: 'limit', top: true });
    expect(bound('q.range(0, 9, { foreignTable: undefined });', 'range')).toEqual({ reason: 'range', top: true });
  });

  it('bound an embedded resource for any other value, null included (postgrest-js: typeof undefined)', () => {
    const embedded = { reason: null, top: false };
    expect(bound("q.limit(5, { referencedTable: 'replies' });", 'limit')).toEqual(embedded);
    expect(bound('q.limit(5, { referencedTable: null });', 'limit')).toEqual(embedded);
    expect(bound("q.range(0, 9, { foreignTable: '' });", 'range')).toEqual(embedded);
    expect(bound("q.limit(5, { referencedTable: undefined, foreignTable: 'replies' });", 'limit')).toEqual(embedded);
  });

  it('count options they cannot read as a bound (the rule does not guess against the user)', () => {
    expect(bound('q.limit(5, options);', 'limit')).toEqual({ reason: 'unknown-option', top: false });
    expect(bound('q.limit(5, { ...options });', 'limit')).toEqual({ reason: 'unknown-option', top: false });
  });
});
