/**
 * require-cursor-order on a list capped at its own length: `.in('id', ids).limit(ids.length)`
 * returns every matching row when each value matches one row at most (a unique
 * column, or the one open column of a composite key:
 * fixtures/schema-rules/composite-keys), so no order decides which.
 */
import path from 'node:path';
import { requireCursorOrder } from '../../src/rules/require-cursor-order.js';
import { typescriptTester } from './tester.js';

const project = path.resolve('fixtures/schema-rules/composite-keys');
const inProject = path.join(project, 'src', 'queries.ts');

const read = (table: string, filters: string) =>
  `export async function load(ids: string[], me: string) {\n  const { data } = await supabase.from('${table}').select('*')${filters};\n  return data;\n}`;
const limited = [{ messageId: 'unorderedLimit' as const }];

typescriptTester().run('require-cursor-order: a list capped at its length', requireCursorOrder, {
  valid: [
    read('requests', ".in('id', ids).limit(ids.length)"),
    read('requests', ".limit(ids.length).in('id', ids)"),
    read('requests', ".in('id', ids).limit(Math.max(1, ids.length))"),
    read('requests', ".eq('status', 'open').in('id', ids).limit(ids.length)"),
    "export async function load(p: { ids: string[] }) {\n  const { data } = await supabase.from('requests').select('*').in('id', p.ids).limit(p.ids.length);\n  return data;\n}",
    { code: read('requests', ".in('code', ids).limit(ids.length)"), options: [{ uniqueColumns: ['id', 'code'] }] },
    // UNIQUE (follower_id, following_id): the other column fixed, each listed value is one row
    { code: read('follows', ".eq('follower_id', me).in('following_id', ids).limit(ids.length)"), filename: inProject },
  ],
  invalid: [
    // a column that is not unique: a value may match many rows, and the limit cuts them arbitrarily
    { code: read('requests', ".in('status', ids).limit(ids.length)"), errors: limited },
    { code: read('follows', ".in('following_id', ids).limit(ids.length)"), filename: inProject, errors: limited },
    // the limit is the length of another list, or less than the list's
    { code: read('requests', ".in('id', ids).limit(other.length)"), errors: limited },
    { code: read('requests', ".in('id', ids).limit(Math.min(250, ids.length))"), errors: limited },
    { code: read('requests', ".in('id', ids).limit(ids.length - 1)"), errors: limited },
    { code: read('requests', ".in('id', ids).limit(ids[0].length)"), errors: limited },
    // an offset page of the list skips its first rows
    {
      code: read('requests', ".in('id', ids).limit(ids.length).range(10, 20)"),
      errors: [{ messageId: 'unorderedPage' }],
    },
  ],
});

const built = (first: string, second: string) =>
  `export async function load(a?: string, b?: string) {\n  let q = supabase.from('follows').select('*');\n  ${first}\n  ${second}\n  const { data } = await q.limit(50);\n  return data;\n}`;

typescriptTester().run('require-cursor-order: a composite key on some paths only', requireCursorOrder, {
  valid: [
    // UNIQUE (follower_id, following_id), both applied on every path: one row
    { code: built("q = q.eq('follower_id', a);", "q = q.eq('following_id', b);"), filename: inProject },
  ],
  invalid: [
    // each applied under a test: one row when both run, up to 50 arbitrary rows otherwise
    {
      code: built("if (a) q = q.eq('follower_id', a);", "if (b) q = q.eq('following_id', b);"),
      filename: inProject,
      errors: limited,
    },
    {
      code: built("q = q.eq('follower_id', a);", "if (b) q = q.eq('following_id', b);"),
      filename: inProject,
      errors: limited,
    },
  ],
});
