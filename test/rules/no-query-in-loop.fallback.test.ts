/**
 * no-query-in-loop and a per-row write that falls back from a failed batch:
 * the batch of the same rows to the same table is already sent, and the loop
 * runs only when it failed (its `error` set, or in the `catch` of its `try`).
 * Its neighbours stay findings: no batch before, another table, other rows,
 * the loop on the batch's success branch.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { type MessageIds, noQueryInLoop, type NoQueryInLoopOptions } from '../../src/rules/no-query-in-loop.js';
import { at } from './loc.js';
import { javascriptTester } from './tester.js';

type Case = InvalidTestCase<MessageIds, [NoQueryInLoopOptions]>;

const forOf = 'for...of loop';

function insertPerRow(code: string, chain: string, table: string, loop = forOf): Case {
  return { code, errors: [{ messageId: 'insertInLoop', data: { table, loop, method: 'insert' }, ...at(code, chain) }] };
}

const perRow = "supabase.from('bookings').insert(row)";
// the rows, declared as an app declares them (an undeclared name resolves to nothing)
const load = 'const rows = await loadRows();\nconst extras = await loadExtras();\n';

javascriptTester().run('no-query-in-loop: a fallback from a failed batch', noQueryInLoop, {
  valid: [
    `${load}const { error: batchError } = await supabase.from('bookings').insert(rows);\nif (batchError) {\n  if (batchError.code === '23505') {\n    for (const row of rows) {\n      const { error } = await ${perRow};\n      if (error) skipped++;\n    }\n  }\n}`,
    `${load}const { error } = await supabase.from('bookings').insert(rows).select('id');\nif (!error) {\n  done = rows.length;\n} else {\n  await Promise.all(rows.map((row) => ${perRow}));\n}`,
    `${load}try {\n  const { error } = await supabase.from('bookings').insert(rows);\n  if (error) throw error;\n} catch {\n  for (const row of rows) await ${perRow};\n}`,
  ],
  invalid: [
    // no batch before it
    insertPerRow(`${load}for (const row of rows) {\n  await ${perRow};\n}`, perRow, "'bookings'"),
    // the batch went to another table
    insertPerRow(
      `${load}const { error } = await supabase.from('staging').insert(rows);\nif (error) {\n  for (const row of rows) await ${perRow};\n}`,
      perRow,
      "'bookings'",
    ),
    // other rows than the batch's
    insertPerRow(
      `${load}const { error } = await supabase.from('bookings').insert(rows);\nif (error) {\n  for (const row of extras) await ${perRow};\n}`,
      perRow,
      "'bookings'",
    ),
    // the batch succeeded: the loop is on its success branch
    insertPerRow(
      `${load}const { error } = await supabase.from('bookings').insert(rows);\nif (!error) {\n  for (const row of rows) await ${perRow};\n}`,
      perRow,
      "'bookings'",
    ),
    // the test reads something else than the batch's error
    insertPerRow(
      `${load}const { error } = await supabase.from('bookings').insert(rows);\nif (retry) {\n  for (const row of rows) await ${perRow};\n}`,
      perRow,
      "'bookings'",
    ),
  ],
});
