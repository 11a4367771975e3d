/**
 * require-cursor-order on a batch of a queue: a page of the rows a filter on a
 * written-out value selects (`.eq('status', 'sent').limit(50)`), each updated,
 * by what was read, to a value outside that filter. Every row leaves the filter
 * in the end, whatever order the pages come in. An update that may leave a row
 * in the filter, or that not every row read gets, chooses by the order.
 */
import { requireCursorOrder } from '../../src/rules/require-cursor-order.js';
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
