/**
 * require-cursor-order on one batch of a cleanup: rows past a cutoff from the
 * clock, read with a written-out limit and deleted by what was read. Every row
 * deleted has expired, the rest go on the next run: no order decides what is
 * deleted. A batch with no such cutoff, or with a computed limit, chooses by
 * the order which rows survive.
 */
import { requireCursorOrder } from '../../src/rules/require-cursor-order.js';
import { typescriptTester } from './tester.js';

const limited = [{ messageId: 'unorderedLimit' as const }];
const cleanup = (cutoff: string, read: string, remove: string) =>
  `export async function cleanup(days = 90) {\n  ${cutoff}\n  const { data: old, error } = await supabase.from('notifications').select('id')${read};\n  if (error) throw error;\n  const ids = (old || []).map((row) => row.id);\n  if (ids.length === 0) return 0;\n  ${remove}\n  return ids.length;\n}`;
const CUTOFF = 'const cutoff = new Date(Date.now() - days * 864e5).toISOString();';
const DELETE = "await supabase.from('notifications').delete().in('id', ids);";

typescriptTester().run('require-cursor-order: one batch of a cleanup', requireCursorOrder, {
  valid: [
    cleanup(CUTOFF, ".eq('read', true).lt('created_at', cutoff).limit(1000)", DELETE),
    cleanup(
      'const date = new Date();\n  date.setDate(date.getDate() - days);\n  const cutoff = date.toISOString();',
      ".lte('created_at', cutoff).limit(500)",
      DELETE,
    ),
  ],
  invalid: [
    // no cutoff: any 1000 rows of the table, "trim" decided by the order
    { code: cleanup(CUTOFF, '.limit(1000)', DELETE), errors: limited },
    // a cutoff that is not the clock (handed in): an ordinary filter
    { code: cleanup('const cutoff = input.before;', ".lt('created_at', cutoff).limit(1000)", DELETE), errors: limited },
    // a computed limit: "delete all but the newest `keep`", which the order decides
    { code: cleanup(CUTOFF, ".lt('created_at', cutoff).limit(total - keep)", DELETE), errors: limited },
    // deletes from another table, or rows not read
    {
      code: cleanup(
        CUTOFF,
        ".lt('created_at', cutoff).limit(1000)",
        "await supabase.from('archive').delete().in('id', ids);\n  show(ids);",
      ),
      errors: limited,
    },
    {
      code: cleanup(
        CUTOFF,
        ".lt('created_at', cutoff).limit(1000)",
        "await supabase.from('notifications').delete().in('id', others);\n  show(ids);",
      ),
      errors: limited,
    },
    // read only, no delete
    { code: cleanup(CUTOFF, ".lt('created_at', cutoff).limit(1000)", 'show(ids);'), errors: limited },
  ],
});
