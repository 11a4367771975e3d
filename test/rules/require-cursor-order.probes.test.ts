/**
 * require-cursor-order on probes: reads whose rows are never looked at, or
 * whose first row only tells which columns the table has (every row has the
 * same), through a conditional and a local variable; answers of a
 * `Promise.all` or `Promise.allSettled` dropped, or only their outcomes and
 * errors read (a latency probe).
 */
import { requireCursorOrder } from '../../src/rules/require-cursor-order.js';
import { dedent } from '../dedent.js';
import { javascriptTester, typescriptTester, withOptions } from './tester.js';

/** These cases are about which rows a read uses: `.limit(1)` picks are reported too (option singleRowPicks). */
const PICKS = { singleRowPicks: true };

const limited = [{ messageId: 'unorderedLimit' as const }];
const probe = (use: string) =>
  `export async function columns() {\n  const { data } = await supabase.from('requests').select('*').limit(1);\n${use}\n}`;

typescriptTester().run(
  'require-cursor-order: probes',
  requireCursorOrder,
  withOptions(
    {
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
        {
          code: probe('  let first = data?.[0];\n  first = pick(first);\n  return Object.keys(first);'),
          errors: limited,
        },
        // a column probe's key tested against a value of the row, not its keys
        {
          code: probe("  const first = data?.[0];\n  return first.hasOwnProperty('no') && first.no > 1;"),
          errors: limited,
        },
        // the row itself is the conditional's test's other side: the value goes on
        { code: probe('  return data?.[0] || fallback;'), errors: limited },
      ],
    },
    PICKS,
  ),
);

javascriptTester().run(
  'require-cursor-order: probes (JavaScript)',
  requireCursorOrder,
  withOptions(
    {
      valid: [
        "async function sampleColumns(table) {\n  const { data, error } = await supabase.from(table).select('*').limit(1);\n  if (error) return { error: error.message, columns: [] };\n  const row = Array.isArray(data) && data.length ? data[0] : null;\n  return { error: null, columns: row ? Object.keys(row) : [] };\n}",
      ],
      invalid: [
        {
          code: "async function sampleColumns(table) {\n  const { data } = await supabase.from(table).select('*').limit(1);\n  const row = data.length ? data[0] : null;\n  return { columns: row ? Object.keys(row) : [], row };\n}",
          errors: limited,
        },
      ],
    },
    PICKS,
  ),
);

/** A pool probe of two one-row reads sent together by `combine`, then `use` (held-out peptide health-probe). */
const pool = (use: string, combine = 'Promise.allSettled', hold = 'const checks = ') => dedent`
  export async function probePool(): Promise<number> {
    const start = Date.now();
    ${hold}await ${combine}([
      supabase.from('incidents').select('id').limit(1),
      supabase.from('bug_reports').select('id').limit(1),
    ]);
  ${use}
  }
`;

typescriptTester().run(
  'require-cursor-order: answers of a combinator never opened',
  requireCursorOrder,
  withOptions(
    {
      valid: [
        // the answers dropped: only how long the round trips took
        pool('  return Date.now() - start;', 'Promise.allSettled', ''),
        pool('  return Date.now() - start;', 'Promise.all', ''),
        // only which outcomes failed, counted
        pool(
          "  const failed = checks.filter((r) => r.status === 'rejected').length;\n  return failed > 0 ? -1 : Date.now() - start;",
        ),
        pool("  return checks.some((r) => r.status === 'rejected') ? -1 : checks.length;"),
        // the error of each fulfilled answer, and why a rejected one failed
        pool(
          "  for (const r of checks) {\n    if (r.status === 'fulfilled' && r.value.error) throw r.value.error;\n    if (r.status === 'rejected') console.error(r.reason);\n  }\n  return Date.now() - start;",
        ),
        pool(
          "  const failure = checks.find((r) => r.status === 'rejected');\n  if (failure) throw new Error(String(failure.reason));\n  return Date.now() - start;",
        ),
        pool(
          "  if (a.status === 'fulfilled' && a.value.error) return -1;\n  return b.status === 'rejected' ? -1 : 0;",
          'Promise.allSettled',
          'const [a, b] = ',
        ),
      ],
      invalid: [
        // a fulfilled answer's rows read, or the outcomes handed on
        {
          code: pool(
            "  return a.status === 'fulfilled' ? a.value.data?.[0]?.id : null;",
            'Promise.allSettled',
            'const [a, b] = ',
          ),
          errors: [{ ...limited[0]!, line: 4 }],
        },
        { code: pool('  return checks;'), errors: [limited[0]!, limited[0]!] },
        { code: pool('  return checks[0];'), errors: [limited[0]!, limited[0]!] },
        {
          code: pool(
            "  checks.forEach((r) => {\n    if (r.status === 'fulfilled') report(r.value.data[0].id);\n  });\n  return 0;",
          ),
          errors: [limited[0]!, limited[0]!],
        },
        {
          code: pool('  const { value } = checks.find((r) => r.status === "fulfilled")!;\n  return value.data;'),
          errors: [limited[0]!, limited[0]!],
        },
      ],
    },
    PICKS,
  ),
);
