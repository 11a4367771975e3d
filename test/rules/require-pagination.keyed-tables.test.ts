/**
 * require-pagination on a table whose single-column key can hold only a few
 * values (fixtures/schema-rules/keyed-tables): `UNIQUE (currency)` with
 * `CHECK (currency IN ('BTC', 'LTC', 'XMR'))`, a primary key of an enum type,
 * hold at most that many rows, so no read of the table reaches max-rows
 * (holdout15 darknode `withdrawal_fees`). A NULL-able unique column, a CHECK
 * dropped, a partial unique index, a CHECK that is no list, a few values on a
 * column that is not the key: the table may grow, and the read is reported.
 */
import path from 'node:path';
import { requirePagination } from '../../src/rules/require-pagination.js';
import { at } from './loc.js';
import { typescriptTester } from './tester.js';

const project = path.resolve('fixtures/schema-rules/keyed-tables');
/** A file of the fixture project: its schema is found from the file's folders. */
const inProject = path.join(project, 'src', 'fees.ts');
/** A file of no project: no schema. */
const elsewhere = path.resolve('file.ts');

/** Every row of `table`, read and shown. */
const whole = (table: string, filters = '') =>
  `const { data } = await supabase.from('${table}').select('*')${filters};\nshow(data);`;

/** The report of an unbounded read of `table` written as `whole` writes it, with its two page suggestions. */
function unbounded(table: string, code: string, order = ".order('id')", maxRows = '1,000') {
  const chain = code.slice(code.indexOf('supabase.'), code.indexOf(';'));
  const end = code.indexOf(';');
  const insert = (bound: string) => `${code.slice(0, end)}${order}${bound}${code.slice(end)}`;
  return {
    messageId: 'unboundedSelect' as const,
    data: { table: `'${table}'`, maxRows },
    ...at(code, chain),
    suggestions: [
      { messageId: 'addLimit' as const, data: { pageSize: 100, order }, output: insert('.limit(100)') },
      { messageId: 'addRange' as const, data: { last: 99, order }, output: insert('.range(0, 99)') },
    ],
  };
}

const billing = "const { data } = await supabase.schema('billing').from('withdrawal_fees').select('*');\nshow(data);";

typescriptTester().run('require-pagination on a table its key bounds', requirePagination, {
  valid: [
    // UNIQUE (currency), the CHECK replaced by a later migration with three currencies: three rows
    { code: whole('withdrawal_fees'), filename: inProject },
    // any filter: still three rows at most
    { code: whole('withdrawal_fees', ".gt('base_fee', 0).order('currency')"), filename: inProject },
    // a primary key of an enum type with three labels
    { code: whole('plan_limits'), filename: inProject },
    // a text primary key with `= ANY (ARRAY[...])`, as pg_dump writes a list
    { code: whole('app_settings'), filename: inProject },
    // the read sent by a function of the module that returns it
    {
      code: "async function loadFees() {\n  return supabase.from('withdrawal_fees').select('currency, base_fee');\n}",
      filename: inProject,
    },
  ],
  invalid: [
    // no schema: nothing bounds the table
    {
      code: whole('withdrawal_fees'),
      filename: elsewhere,
      errors: [unbounded('withdrawal_fees', whole('withdrawal_fees'))],
    },
    // max-rows below the key's values: three rows are more than a page of two
    {
      code: whole('withdrawal_fees'),
      filename: inProject,
      settings: { 'supabase-scale': { maxRows: 2 } },
      errors: [unbounded('withdrawal_fees', whole('withdrawal_fees'), ".order('id')", '2')],
    },
    // another schema's table of the same name: the migrations do not describe it
    { code: billing, filename: inProject, errors: [unbounded('withdrawal_fees', billing)] },
    // unique and listed, but NULL allowed: any number of rows without a kind
    {
      code: whole('payout_methods'),
      filename: inProject,
      errors: [unbounded('payout_methods', whole('payout_methods'))],
    },
    // the CHECK on the unique column dropped and not added again
    { code: whole('regions'), filename: inProject, errors: [unbounded('regions', whole('regions'))] },
    // the only unique index on slot is partial: old banners pile up
    { code: whole('banners'), filename: inProject, errors: [unbounded('banners', whole('banners'))] },
    // a CHECK that is no list of values
    { code: whole('currencies'), filename: inProject, errors: [unbounded('currencies', whole('currencies'))] },
    // a list joined by OR to another test
    { code: whole('locales'), filename: inProject, errors: [unbounded('locales', whole('locales'))] },
    // a few values on a column that is not a key
    {
      code: whole('payments', ".eq('status', 'paid')"),
      filename: inProject,
      errors: [unbounded('payments', whole('payments', ".eq('status', 'paid')"))],
    },
  ],
});
