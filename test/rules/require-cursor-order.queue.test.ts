/**
 * require-cursor-order on a batch of a queue: a page of the rows a filter on a
 * written-out value selects (`.eq('status', 'sent').limit(50)`), each updated,
 * by what was read, to a value outside that filter. Every row leaves the filter
 * in the end, whatever order the pages come in. An update that may leave a row
 * in the filter, or that not every row read gets, chooses by the order.
 */
import { requireCursorOrder } from '../../src/rules/require-cursor-order.js';
import { dedent } from '../dedent.js';
import { typescriptTester } from './tester.js';

const limited = [{ messageId: 'unorderedLimit' as const }];
const queue = (read: string, handle: string) =>
  `export async function deliver(userId: string) {\n  const { data: rows } = await supabase.from('messages').select('id').eq('receiver_id', userId)${read}.limit(50);\n  ${handle}\n}\nsetInterval(() => deliver('u'), 5000);`;
const EACH =
  "for (const m of rows ?? []) {\n    await supabase.from('messages').update({ status: 'delivered' }).eq('id', m.id);\n  }";
const ALL =
  "await supabase.from('messages').update({ status: 'delivered', delivered_at: new Date().toISOString() }).in('id', (rows ?? []).map((m) => m.id));";
const SENT = ".eq('status', 'sent')";

typescriptTester().run('require-cursor-order: a batch of a queue', requireCursorOrder, {
  valid: [
    queue(SENT, EACH),
    queue(SENT, ALL),
    // the whole batch may stop first (an error, nothing read): no row is left behind by the order
    queue(SENT, `if (!rows?.length) return;\n  ${EACH}`),
    queue(
      SENT,
      "(rows ?? []).forEach((m) => {\n    void supabase.from('messages').update({ status: 'delivered' }).eq('id', m.id);\n  });",
    ),
    queue(".in('status', ['sent', 'queued'])", ALL),
    queue(
      ".is('delivered_at', null)",
      "await supabase.from('messages').update({ delivered_at: 1 }).in('id', (rows ?? []).map((m) => m.id));",
    ),
    // in a paging loop, until none is left
    `while (true) {\n  const { data: batch } = await supabase.from('jobs').select('id').eq('state', 'new').limit(100);\n  if (!batch?.length) break;\n  await supabase.from('jobs').update({ state: 'done' }).in('id', batch.map((j) => j.id));\n}`,
  ],
  invalid: [
    // the value it sets is inside the filter, or not written out, or on a column the read does not filter on
    { code: queue(SENT, EACH.replace("'delivered'", "'sent'")), errors: limited },
    { code: queue(".in('status', ['sent', 'delivered'])", ALL), errors: limited },
    { code: queue(SENT, EACH.replace("'delivered'", 'next')), errors: limited },
    { code: queue(SENT, EACH.replace('status:', 'seen:')), errors: limited },
    // not every row read: under a test of its own
    {
      code: queue(SENT, EACH.replace('    await supabase', '    if (m.id !== skip) await supabase')),
      errors: limited,
    },
    // not every row read: a row an earlier statement leaves by (continue), or updated only when something fails
    {
      code: queue(SENT, EACH.replace('    await supabase', '    if (!m.id) continue;\n    await supabase')),
      errors: limited,
    },
    {
      code: queue(
        SENT,
        "(rows ?? []).forEach((m) => {\n    if (m.id === skip) return;\n    void supabase.from('messages').update({ status: 'delivered' }).eq('id', m.id);\n  });",
      ),
      errors: limited,
    },
    {
      code: queue(
        SENT,
        "for (const m of rows ?? []) {\n    try {\n      await send(m);\n    } catch {\n      await supabase.from('messages').update({ status: 'failed' }).eq('id', m.id);\n    }\n  }",
      ),
      errors: limited,
    },
    // rows not read, another table, or a read filtered by no written-out value
    { code: queue(SENT, EACH.replace('m.id', 'other.id')), errors: limited },
    { code: queue(SENT, EACH.replace("from('messages').update", "from('inbox').update")), errors: limited },
    { code: queue(".eq('status', wanted)", EACH), errors: limited },
  ],
});

/**
 * A repair pass (held-out peptide sentinel-worker): in one case of a switch run
 * for each violation, a batch of the rows a filter selects, then, when there
 * are any, each updated by what was read.
 */
const repair = (read: string, handle: string) => dedent`
  export async function heal(violations: { check: string }[]) {
    for (const v of violations) {
      switch (v.check) {
        case 'fix': {
          const { data: rows } = await supabase.from('profiles').select('id')${read}.limit(50);
  ${handle}
          break;
        }
      }
    }
  }
`;
const EACH_SET = (set: string) =>
  `          if (rows?.length) {\n            for (const p of rows) {\n              await supabase.from('profiles').update(${set}).eq('id', p.id);\n            }\n          }`;
const ALL_SET = (set: string) =>
  `          if (rows && rows.length > 0) {\n            await supabase.from('profiles').update(${set}).in('id', rows.map((p) => p.id));\n          }`;

typescriptTester().run(
  'require-cursor-order: a batch each row of which leaves a range or null filter',
  requireCursorOrder,
  {
    valid: [
      // below zero, set to zero; sold with no order item, set lost (under a test that there are rows)
      repair(".lt('store_credit', 0)", EACH_SET('{ store_credit: 0 }')),
      repair(".eq('status', 'sold').is('order_item_id', null)", ALL_SET("{ status: 'lost', notes: 'auto' }")),
      repair(".gte('attempts', 5)", ALL_SET('{ attempts: 0 }')),
      repair(".gt('balance', -1).lte('balance', 100)", EACH_SET('{ balance: 101 }')),
      repair(".lte('balance', -1)", EACH_SET('{ balance: null }')),
      // a value never null leaves `is(col, null)`
      repair(".is('checked_at', null)", ALL_SET('{ checked_at: new Date().toISOString() }')),
      repair(".is('label', null)", EACH_SET('{ label: `profile ${p.id}` }')),
      // the rows tested away first, or the update in the branch where there are rows
      repair(
        ".lt('store_credit', 0)",
        "          if (!rows?.length) break;\n          for (const p of rows) {\n            await supabase.from('profiles').update({ store_credit: 0 }).eq('id', p.id);\n          }",
      ),
      repair(
        ".lt('store_credit', 0)",
        "          if (!rows || rows.length === 0) {\n            console.log('none');\n          } else {\n            await supabase.from('profiles').update({ store_credit: 0 }).in('id', rows.map((p) => p.id));\n          }",
      ),
    ],
    invalid: [
      // the value set is still inside the range, a string the analysis does not compare, or not written out
      { code: repair(".lt('store_credit', 0)", EACH_SET('{ store_credit: -5 }')), errors: limited },
      { code: repair(".gte('attempts', 5)", ALL_SET("{ attempts: '7' }")), errors: limited },
      { code: repair(".lt('store_credit', 0)", EACH_SET('{ store_credit: fixed }')), errors: limited },
      { code: repair(".gt('balance', -1).lte('balance', 100)", EACH_SET('{ balance: 50 }')), errors: limited },
      // held-out implant: a hash a call returns may be null (a service answering `null`): it may stay in `is(col, null)`
      {
        code: repair(".is('hash', null)", EACH_SET('{ hash: await hashOf(p.id) }')),
        errors: limited,
      },
      // a number computed (NaN goes out as null), or `String` declared in the file
      { code: repair(".is('score', null)", EACH_SET('{ score: p.id * 2 }')), errors: limited },
      {
        code: `const String = (v: unknown) => (v ? 'x' : null);\n${repair(".is('label', null)", EACH_SET('{ label: String(p.id) }'))}`,
        errors: limited,
      },
      // the same value written as text: Postgres casts it, the row stays
      { code: repair(".eq('level', 5)", ALL_SET("{ level: '5' }")), errors: limited },
      // tests that do not hold whenever rows were read
      {
        code: repair(
          ".lt('store_credit', 0)",
          EACH_SET('{ store_credit: 0 }').replace('rows?.length', 'rows?.length > 10'),
        ),
        errors: limited,
      },
      {
        code: repair(
          ".lt('store_credit', 0)",
          EACH_SET('{ store_credit: 0 }').replace('await supabase', 'if (p.id !== skip) await supabase'),
        ),
        errors: limited,
      },
      {
        code: repair(
          ".lt('store_credit', 0)",
          "          if (!rows?.length || paused) break;\n          for (const p of rows) {\n            if (paused) continue;\n            await supabase.from('profiles').update({ store_credit: 0 }).eq('id', p.id);\n          }",
        ),
        errors: limited,
      },
    ],
  },
);
