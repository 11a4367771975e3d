/**
 * require-pagination with the unique keys the project's upserts prove
 * (fixtures/schema-rules/conflict-keys): `upsert(rows, { onConflict:
 * 'month,year' })` in one module makes `.eq('month', m).eq('year', y)` on the
 * same table a read of at most one row in another, though no migration
 * describes the table (holdout16 prototipalo's bank statements): PostgreSQL
 * refuses an ON CONFLICT that no unique index covers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { requirePagination } from '../../src/rules/require-pagination.js';
import { at } from './loc.js';
import { typescriptTester } from './tester.js';

const fixture = path.resolve('fixtures/schema-rules/conflict-keys/src');
const filename = path.join(fixture, 'report.ts');
const report = readFileSync(filename, 'utf8');
/** The same module's read with `chain` in place of the fixture's filters. */
const withChain = (chain: string) => report.replace(".eq('month', month).eq('year', year)", chain);

/** The report of the unbounded read of `table` in `code`, with its two page suggestions. */
function unbounded(table: string, code: string) {
  const start = code.indexOf('supabase.from');
  const end = code.indexOf(';', start);
  const order = ".order('id')";
  const insert = (bound: string) => `${code.slice(0, end)}${order}${bound}${code.slice(end)}`;
  return {
    messageId: 'unboundedSelect' as const,
    data: { table: `'${table}'`, maxRows: '1,000' },
    ...at(code, code.slice(start, end)),
    suggestions: [
      { messageId: 'addLimit' as const, data: { pageSize: 100, order }, output: insert('.limit(100)') },
      { messageId: 'addRange' as const, data: { last: 99, order }, output: insert('.range(0, 99)') },
    ],
  };
}

typescriptTester().run('require-pagination: keys the project upserts prove', requirePagination, {
  valid: [
    // every column of the upsert's key fixed
    { code: report, filename },
    // a written-out list on one column of it: at most that many rows
    { code: withChain(".eq('year', year).in('month', [1, 2, 3])"), filename },
    // a table only the generated types describe: they carry no keys, the upsert's key holds
    {
      code: report,
      filename,
      settings: { 'supabase-scale': { schema: [path.join(fixture, '..', 'types', 'database.types.ts')] } },
    },
    // a key of one column
    {
      code: report
        .replace("from('ledger_months')", "from('ledger_rates')")
        .replace(
          ".select('month, year, lines').eq('month', month).eq('year', year)",
          ".select('rate').eq('currency', 'EUR')",
        ),
      filename,
    },
  ],
  invalid: [
    // one column of the key only: every month of a year
    (() => {
      const code = withChain(".eq('year', year)");
      return { code, filename, errors: [unbounded('ledger_months', code)] };
    })(),
    // the key proven for another table
    (() => {
      const code = report.replace("from('ledger_months')", "from('ledger_notes')");
      return { code, filename, errors: [unbounded('ledger_notes', code)] };
    })(),
    // a table the migrations create: their keys decide, and they have none on (month, year)
    {
      code: report,
      filename,
      settings: { 'supabase-scale': { schema: [path.join(fixture, '..', 'described')] } },
      errors: [unbounded('ledger_months', report)],
    },
    // a file not on disk: no project to read the upserts of
    { code: report, filename: path.join(fixture, 'not-on-disk.ts'), errors: [unbounded('ledger_months', report)] },
  ],
});
