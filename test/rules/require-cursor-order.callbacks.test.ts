/**
 * require-cursor-order through a callback the paging helper takes (sync-charm,
 * holdout12): `fetchAll(table, build)` pages `build(supabase.from(table)
 * .select('*').range(from, from + 999))` and each caller of the file gives
 * `build` as an arrow that only filters. The read is sent at the callback's
 * call, with no order; a callback that orders, may fix one row, or is not
 * seen keeps the read unknown.
 */
import { requireCursorOrder } from '../../src/rules/require-cursor-order.js';
import { at } from './loc.js';
import { javascriptTester, typescriptTester } from './tester.js';

/** The paging helper, then `calls` (the helper's callers). */
const helper = (
  calls: string,
  exported = '',
) => `${exported}async function fetchAll<T = any>(table: string, build: (q: any) => any): Promise<T[]> {
  const acc: T[] = [];
  let from = 0;
  for (;;) {
    const { data, error } = await build(supabase.from(table).select('*').range(from, from + 999));
    if (error) throw error;
    acc.push(...((data ?? []) as T[]));
    if (!data || data.length < 1000) break;
    from += 1000;
  }
  return acc;
}
${calls}`;

const filtered =
  "export const orders = (start: string) => fetchAll('orders', (q: any) => q.gte('date', start).lte('date', end).neq('status', 'canceled').ilike('channel', '%wa%'));";
const whole = "export const variants = () => fetchAll('variants', (q) => q);";

/** Reported at the helper's `.range(...)`, the page it reads with no order. */
const unordered = (code: string, page = 'range(from, from + 999)') => ({
  code,
  errors: [{ messageId: 'unorderedPage' as const, ...at(code, page) }],
});

typescriptTester().run('require-cursor-order: a paging helper built through a callback', requireCursorOrder, {
  valid: [
    // a caller orders: the helper's read may be ordered
    helper(`${filtered}\nexport const recent = () => fetchAll('orders', (q) => q.order('id'));`),
    // an equality may fix a unique column: one row, in no order that matters
    helper(`${whole}\nexport const one = (id: string) => fetchAll('orders', (q) => q.eq('id', id));`),
    // a callback passed by name, or with a block body: not seen
    helper(`${whole}\nexport const named = () => fetchAll('orders', applyFilters);`),
    helper(`${whole}\nexport const block = () => fetchAll('orders', (q) => { return q.order('id'); });`),
    // the helper handed on as a value: callers elsewhere
    helper(`${whole}\nexport const helpers = { fetchAll };`),
    // exported: its callers may be in other modules
    helper(whole, 'export '),
    // no caller in the file
    helper(''),
    // the callback is not a parameter of the function
    "export async function fetchAllOf(table: string) {\n  const { data } = await build(supabase.from(table).select('*').range(0, 999));\n  return data;\n}",
  ],
  invalid: [
    // every caller filters and none orders
    unordered(helper(`${filtered}\n${whole}`)),
    unordered(helper(whole)),
  ],
});

javascriptTester().run(
  'require-cursor-order: a paging helper built through a callback (JavaScript)',
  requireCursorOrder,
  {
    valid: [
      "async function all(table, build) {\n  const { data } = await build(supabase.from(table).select('*').range(0, 999));\n  return data;\n}\nexport const a = () => all('t', (q) => q.order('id'));",
    ],
    invalid: [
      unordered(
        "async function all(table, build) {\n  const { data } = await build(supabase.from(table).select('*').range(0, 999));\n  return data;\n}\nexport const a = () => all('t', (q) => q.gt('n', 1));",
        'range(0, 999)',
      ),
    ],
  },
);
