/**
 * require-cursor-order's `singleRowPicks`: an unordered `.limit(1)` whose one
 * row is read is "any admin will do" as often as "the latest". Off by default
 * (held-out rounds 15 and 16: 25 of 34 such findings were any-row picks); on,
 * each is reported. Reads of more rows, and offset pages, are reported either way.
 */
import { requireCursorOrder } from '../../src/rules/require-cursor-order.js';
import { typescriptTester } from './tester.js';

const limited = [{ messageId: 'unorderedLimit' as const }];
const paged = [{ messageId: 'unorderedPage' as const }];
const PICKS = [{ singleRowPicks: true }] as const;
const pick = (bound: string, use = 'return data?.[0]?.id ?? null;') =>
  `export async function anyAdmin() {\n  const { data } = await supabase.from('profiles').select('id').eq('role', 'admin')${bound};\n  ${use}\n}`;

typescriptTester().run('require-cursor-order: single-row picks', requireCursorOrder, {
  valid: [
    // off by default: which one row a `.limit(1)` picks is the code's intent
    pick('.limit(1)'),
    pick('.limit(1)', 'return data[0].id;'),
    pick('.limit(1).single()'),
    "const { data } = await supabase.from('orders').select('*').limit(1);\nfor (const o of data) show(o);",
    // on: the read still needs its row used
    { code: pick('.limit(1)', 'return (data ?? []).length > 0;'), options: PICKS },
    { code: pick('.limit(1).order("created_at")'), options: PICKS },
    // a one-row read by its own terms, as without the option
    { code: pick('.limit(1).maybeSingle()'), options: PICKS },
  ],
  invalid: [
    { code: pick('.limit(1)'), options: PICKS, errors: limited },
    { code: pick('.limit(1)', 'return data[0].id;'), options: PICKS, errors: limited },
    // more than one row, or an offset page: reported whatever the option says
    { code: pick('.limit(2)'), errors: limited },
    { code: pick('.limit(5)', 'return data;'), errors: limited },
    { code: pick('.range(0, 0)'), errors: paged },
    { code: pick('.limit(n)'), errors: limited },
  ],
});
