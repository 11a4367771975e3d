/**
 * Generated source files of a given size, as projects hold them: the output
 * of `supabase gen types` and a module of seed data. `npm test` uses small
 * ones (test/cli/bad-input.test.ts), `npm run test:scale` 5 MB ones
 * (test/scale/large-files.test.ts).
 */

/** `supabase gen types` output of at least `bytes` bytes: nothing to find (the text gate skips it). */
export function generatedTypes(bytes: number): string {
  const types: string[] = [
    'export type Json = string | number | boolean | null | { [key: string]: Json } | Json[];',
    'export interface Database {',
    '  public: {',
    '    Tables: {',
  ];
  for (let t = 0, size = 0; size < bytes; t += 1) {
    const table = [
      `      table_${t}: {`,
      '        Row: { id: string; created_at: string; name: string | null; price: number; tags: string[] };',
      '        Insert: { id?: string; created_at?: string; name?: string | null; price?: number; tags?: string[] };',
      '      };',
    ];
    types.push(...table);
    size += table.join('\n').length + 1;
  }
  types.push('    };', '  };', '}', '');
  return types.join('\n');
}

/**
 * Seed data of at least `bytes` bytes with one unbounded read at the end, so
 * that the whole file is parsed; `readLine` is the line of that read.
 */
export function seedData(bytes: number): { text: string; readLine: number } {
  const rows: string[] = ["import { supabase } from './supabase';", 'export const ROWS = ['];
  for (let i = 0, size = 0; size < bytes; i += 1) {
    const row = `  { id: ${i}, name: 'row ${i}', tags: ['a', 'b'], price: ${i * 1.5}, active: ${i % 2 === 0} },`;
    rows.push(row);
    size += row.length + 1;
  }
  rows.push(
    '];',
    'export async function load() {',
    // a table the generated types describe (with a NOT NULL id): paginate-selects pages it by id
    "  const { data } = await supabase.from('table_0').select('*');",
    '  return data;',
    '}',
    '',
  );
  return { text: rows.join('\n'), readLine: rows.length - 3 };
}
