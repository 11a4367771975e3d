/** The unique keys an upsert names, read from a file's text (analysis/project/callers.ts upsertKeysInText). */
import { describe, expect, it } from 'vitest';
import { upsertKeysInText } from '../../src/analysis/project/callers.js';
import { dedent } from '../dedent.js';

describe('upsertKeysInText', () => {
  it("reads `.from('t').upsert(rows, { onConflict })` with the table and the columns written out", () => {
    const text = dedent`
      await supabase.from('bank_statements').upsert(row, { onConflict: 'month,year' });
      await db
        .from("rates")
        .upsert({ label: f('(') }, { ignoreDuplicates: true, onConflict: " currency " })
        .select();
    `;
    expect(upsertKeysInText(text)).toEqual([
      { table: 'bank_statements', columns: ['month', 'year'] },
      { table: 'rates', columns: ['currency'] },
    ]);
  });

  it('reads nothing from a comment, a string, another write, a computed option or a table named at run time', () => {
    const text = dedent`
      // supabase.from('a').upsert(r, { onConflict: 'x' })
      const help = ".from('b').upsert(r, { onConflict: 'y' })";
      await supabase.from('c').insert({ onConflict: 'z' });
      await supabase.from('d').upsert(r, { onConflict: keys });
      await supabase.from('e').upsert(r, { onConflict: \`\${k},day\` });
      await supabase.from(table).upsert(r, { onConflict: 'w' });
      await supabase.from('f').upsert(r);
      await supabase.from('g').upsert(r, { onConflict: 'lower(email)' });
    `;
    expect(upsertKeysInText(text)).toEqual([]);
  });
});
