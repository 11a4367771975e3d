/**
 * no-query-in-loop and batches recognised by how the list was cut, not by
 * their names (held-out app pattern: a dental clinic's import of surgery
 * records, 500-row slices sent in waves of three concurrent inserts). The
 * item (or the property of it a callback destructures) holds `rows.slice(i,
 * i + N)` pushed in a loop stepping by N: each request sends a batch. Its
 * neighbours stay findings: one row of the slice a request, a slice one row
 * long, a list filled from elsewhere too.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { type MessageIds, noQueryInLoop, type NoQueryInLoopOptions } from '../../src/rules/no-query-in-loop.js';
import { dedent } from '../dedent.js';
import { at } from './loc.js';
import { typescriptTester } from './tester.js';

type Case = InvalidTestCase<MessageIds, [NoQueryInLoopOptions]>;

const cut = dedent`
  const BATCH = 500;
  const batches: { index: number; rows: Rec[] }[] = [];
  for (let i = 0; i < newRows.length; i += BATCH) {
    batches.push({ index: i / BATCH, rows: newRows.slice(i, i + BATCH) });
  }
`;

const waves = (body: string) => dedent`
  ${cut}
  for (let w = 0; w < batches.length; w += 3) {
    const wave = batches.slice(w, w + 3);
    await Promise.all(
      wave.map(async ({ index, rows }) => {
        ${body}
      }),
    );
  }
`;

const insertRows = "supabase.from('records').insert(rows)";
const mapLoop = '.map() whose promises go to Promise.all';

function reported(code: string, chain: string, loop: string): Case {
  return {
    code,
    errors: [{ messageId: 'insertInLoop', data: { table: "'records'", loop, method: 'insert' }, ...at(code, chain) }],
  };
}

typescriptTester().run('no-query-in-loop: batches cut by slicing', noQueryInLoop, {
  valid: [
    // the destructured property holds the slice: one insert a batch of 500, named `rows`
    waves(`const { error } = await ${insertRows}.select();\nif (error) console.error(index, error);`),
    // the item is the slice, walked with for...of, whatever its name
    dedent`
      const parts: Rec[][] = [];
      for (let i = 0; i < newRows.length; i += 200) parts.push(newRows.slice(i, Math.min(i + 200, newRows.length)));
      for (const part of parts) await supabase.from('records').upsert(part, { onConflict: 'id' });
    `,
    // the slice held in a const before the push
    dedent`
      const groups = [];
      for (let k = 0; k < ids.length; k += SIZE) {
        const group = ids.slice(k, k + SIZE);
        groups.push(group);
      }
      await Promise.all(groups.map((g) => supabase.from('records').insert(g)));
    `,
  ],
  invalid: [
    // one row of the slice a request: a request per row, in batches or not
    reported(
      waves(`for (const row of rows) await supabase.from('records').insert(row);`),
      "supabase.from('records').insert(row)",
      'for...of loop',
    ),
    // the first row of each slice: one row a request
    reported(
      waves(`await supabase.from('records').insert(rows[0]);`),
      "supabase.from('records').insert(rows[0])",
      mapLoop,
    ),
    // a loop stepping by one: slices of one row
    reported(
      dedent`
        const parts = [];
        for (let i = 0; i < newRows.length; i++) parts.push(newRows.slice(i, i + 1));
        for (const part of parts) await supabase.from('records').insert(part);
      `,
      "supabase.from('records').insert(part)",
      'for...of loop',
    ),
    // a list filled from elsewhere too: not only slices
    reported(
      dedent`
        const parts = [];
        for (let i = 0; i < newRows.length; i += 100) parts.push(newRows.slice(i, i + 100));
        parts.push(extra);
        for (const part of parts) await supabase.from('records').insert(part);
      `,
      "supabase.from('records').insert(part)",
      'for...of loop',
    ),
    // the slice's end is not the step: `i + 1000` in a loop stepping by 100 overlaps, whatever it means
    reported(
      dedent`
        const parts = [];
        for (let i = 0; i < newRows.length; i += 100) parts.push(newRows.slice(i, i + 1000));
        for (const part of parts) await supabase.from('records').insert(part);
      `,
      "supabase.from('records').insert(part)",
      'for...of loop',
    ),
  ],
});
