/**
 * require-cursor-order on probes: reads whose rows are never looked at, or
 * whose first row only tells which columns the table has (every row has the
 * same), through a conditional and a local variable.
 */
import { requireCursorOrder } from '../../src/rules/require-cursor-order.js';
import { javascriptTester, typescriptTester } from './tester.js';

const limited = [{ messageId: 'unorderedLimit' as const }];
const probe = (use: string) =>
  `export async function columns() {\n  const { data } = await supabase.from('requests').select('*').limit(1);\n${use}\n}`;

typescriptTester().run('require-cursor-order: probes', requireCursorOrder, {
  valid: [
    // the response through a conditional: only its error is read
    "export async function probe(client?: C) {\n  const result = client ? await client.from('requests').select('no').limit(1) : await other();\n  if (result.error) throw result.error;\n  return true;\n}",
    "export async function probe(client?: C) {\n  const result = client ? await other() : await supabase.from('requests').select('no').limit(1);\n  return !result.error;\n}",
    // which columns the first row has, through a conditional and a variable
    probe('  const first = data && data.length ? data[0] : null;\n  return first ? Object.keys(first) : [];'),
    probe('  const first = data?.[0] ?? null;\n  return new Set(first ? Object.keys(first) : []);'),
    probe(
      "  const first = data?.length ? (data[0] as Record<string, unknown>) : null;\n  return !!first && 'request_no' in first;",
    ),
    probe(
      "  const sample = data?.[0];\n  return ['a', 'b'].filter((k) => Object.prototype.hasOwnProperty.call(sample, k));",
    ),
    probe("  const sample = data?.[0];\n  return sample != null && Object.hasOwn(sample, 'a');"),
    probe("  const sample = data?.[0];\n  return sample?.hasOwnProperty('a');"),
    probe("  return 'request_no' in (data?.[0] ?? {});"),
  ],
  invalid: [
    // the conditional's value is the response whose rows are handed on
    {
      code: "export async function probe(client?: C) {\n  const result = client ? await client.from('requests').select('no').limit(1) : await other();\n  return result.data;\n}",
      errors: limited,
    },
    // a field of the first row read, beside a probe or through the conditional
    {
      code: probe('  const first = data?.length ? data[0] : null;\n  return first ? first.no : null;'),
      errors: limited,
    },
    {
      code: probe('  const first = data?.[0] ?? null;\n  return first && Object.keys(first).map((k) => first[k]);'),
      errors: limited,
    },
    { code: probe("  const first = data?.[0];\n  return 'no' in first ? first : null;"), errors: limited },
    { code: probe('  let first = data?.[0];\n  first = pick(first);\n  return Object.keys(first);'), errors: limited },
    // a column probe's key tested against a value of the row, not its keys
    {
      code: probe("  const first = data?.[0];\n  return first.hasOwnProperty('no') && first.no > 1;"),
      errors: limited,
    },
    // the row itself is the conditional's test's other side: the value goes on
    { code: probe('  return data?.[0] || fallback;'), errors: limited },
  ],
});

javascriptTester().run('require-cursor-order: probes (JavaScript)', requireCursorOrder, {
  valid: [
    "async function sampleColumns(table) {\n  const { data, error } = await supabase.from(table).select('*').limit(1);\n  if (error) return { error: error.message, columns: [] };\n  const row = Array.isArray(data) && data.length ? data[0] : null;\n  return { error: null, columns: row ? Object.keys(row) : [] };\n}",
  ],
  invalid: [
    {
      code: "async function sampleColumns(table) {\n  const { data } = await supabase.from(table).select('*').limit(1);\n  const row = data.length ? data[0] : null;\n  return { columns: row ? Object.keys(row) : [], row };\n}",
      errors: limited,
    },
  ],
});
