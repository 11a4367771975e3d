/**
 * require-cursor-order on ambiguity tests: `.limit(n)` with n >= 2 whose first
 * row is read only when it is the only row (`if (data?.length === 1) return
 * data[0].id`, `data.length !== 1 ? null : data[0]`, `if (rows.length > 1)
 * throw ambiguous`). How many rows come back, up to n, and that one row are
 * the same in any order. A first row read anywhere else, a `.limit(1)`, or a
 * page with an offset still depends on the order.
 */
import { requireCursorOrder } from '../../src/rules/require-cursor-order.js';
import { dedent } from '../dedent.js';
import { at } from './loc.js';
import { javascriptTester, typescriptTester, withOptions } from './tester.js';

/** These cases are about which rows a read uses: `.limit(1)` picks are reported too (option singleRowPicks). */
const PICKS = { singleRowPicks: true };

const limited = [{ messageId: 'unorderedLimit' as const }];
const paged = [{ messageId: 'unorderedPage' as const }];
/** A prefix lookup of up to `page` orders (`.limit(2)` unless said), then `use` (the rows are in `data`). */
const lookup = (use: string, page = '.limit(2)') => dedent`
  export async function resolveOrderId(prefix: string): Promise<string | null> {
    const { data } = await supabase.from('orders').select('id').ilike('code', prefix + '%')${page};
  ${use}
  }
`;

typescriptTester().run(
  'require-cursor-order: a row read only when it is the only one',
  requireCursorOrder,
  withOptions(
    {
      valid: [
        // the held-out forms: peptide's UUID-prefix resolvers, farewell's sole membership
        lookup('  if (data?.length === 1) return data[0].id;\n  return null;'),
        dedent`
      export async function soleTeamOf(memberId: string): Promise<string | null> {
        const { data: rows } = await supabase.from('team_members').select('team_id').eq('member_id', memberId).limit(2);
        if (rows && rows.length === 1) return rows[0].team_id;
        return null;
      }
    `,
        // a conditional, a negated test, `&&`, the count on the right
        lookup('  return data.length !== 1 ? null : data[0].id;'),
        lookup('  return data?.length === 1 ? data[0]!.id : null;'),
        lookup('  return (data ?? []).length === 1 && data![0].id;'),
        lookup('  if (!(1 !== data?.length)) return data.at(0).id;\n  return null;'),
        // after a statement that leaves when there are more (or not exactly one)
        lookup("  if (!data || data.length > 1) throw new Error('ambiguous prefix');\n  return data[0]?.id ?? null;"),
        lookup('  if (data?.length !== 1) {\n    return null;\n  }\n  const [one] = [data[0]];\n  return one.id;'),
        lookup('  if ((data?.length ?? 0) >= 2) return null;\n  return data?.[0]?.id ?? null;'),
        // three asked, two or more is ambiguous
        lookup('  if (data.length < 2) return data[0]?.id ?? null;\n  return null;', '.limit(3)'),
        // the response object's rows
        dedent`
      export async function soleId(prefix: string) {
        const res = await supabase.from('orders').select('id').ilike('code', prefix).limit(2);
        if (res.data?.length === 1) return res.data[0].id;
        return null;
      }
    `,
        // peptide check-payment-emails: a contact by name, only an exact one taken
        dedent`
      export async function matchContact(orgId: string, name: string) {
        const { data: firstOnly } = await supabase
          .from('contacts')
          .select('id')
          .eq('org_id', orgId)
          .ilike('name', name + '%')
          .limit(3);
        if (firstOnly?.length === 1) {
          return { contactId: firstOnly[0].id, confidence: 'medium' };
        }
        return { contactId: null, confidence: 'low' };
      }
    `,
      ],
      invalid: [
        // `.limit(1)`: "exactly one" is any of them
        (() => {
          const code = lookup('  if (data?.length === 1) return data[0].id;\n  return null;', '.limit(1)');
          return { code, errors: [{ ...limited[0]!, ...at(code, 'limit(1)') }] };
        })(),
        // a page with an offset: the one row of the second page is the order's
        {
          code: lookup('  if (data?.length === 1) return data[0].id;\n  return null;', '.range(1, 2)'),
          errors: paged,
        },
        // a limit the code does not say
        { code: lookup('  if (data?.length === 1) return data[0].id;\n  return null;', '.limit(n)'), errors: limited },
        // the first row also read when there are more (peptide check-payment-emails: "medium" confidence)
        {
          code: lookup(
            '  if (data?.length === 1) return { id: data[0].id, sure: true };\n  if (data?.length) return { id: data[0].id, sure: false };\n  return null;',
            '.limit(3)',
          ),
          errors: limited,
        },
        // tests that do not make it one: more than one, at least one, two or fewer
        { code: lookup('  if (data.length > 1) return data[0].id;\n  return null;'), errors: limited },
        { code: lookup('  if (data.length >= 1) return data[0].id;\n  return null;'), errors: limited },
        { code: lookup('  if (data.length <= 2) return data[0].id;\n  return null;', '.limit(3)'), errors: limited },
        // `||` true: only one of its parts held
        { code: lookup('  if (data.length === 1 || ok) return data[0].id;\n  return null;'), errors: limited },
        // a statement that does not always leave, or a test after the read
        {
          code: lookup("  if (data.length !== 1) console.warn('ambiguous');\n  return data[0].id;"),
          errors: limited,
        },
        {
          code: lookup('  const id = data[0].id;\n  if (data.length !== 1) return null;\n  return id;'),
          errors: limited,
        },
        // another list tested, or the rows reassigned after the test
        {
          code: lookup('  if (others.length === 1) return data[0].id;\n  return null;'),
          errors: limited,
        },
        {
          code: dedent`
        export async function resolve(prefix: string) {
          let { data } = await supabase.from('orders').select('id').ilike('code', prefix).limit(2);
          if (data?.length === 1) {
            data = await more(prefix);
            return data[0].id;
          }
          return null;
        }
      `,
          errors: limited,
        },
        // the whole list handed on when there is one
        { code: lookup('  return data?.length === 1 ? data : null;'), errors: limited },
      ],
    },
    PICKS,
  ),
);

javascriptTester().run(
  'require-cursor-order: a row read only when it is the only one (JavaScript)',
  requireCursorOrder,
  {
    valid: [
      dedent`
      async function soleId(prefix) {
        const { data } = await supabase.from('orders').select('id').ilike('code', prefix).limit(2);
        if (data && data.length === 1) return data[0].id;
        return null;
      }
    `,
    ],
    invalid: [
      {
        code: dedent`
        async function anyId(prefix) {
          const { data } = await supabase.from('orders').select('id').ilike('code', prefix).limit(2);
          if (data && data.length) return data[0].id;
          return null;
        }
      `,
        errors: limited,
      },
    ],
  },
);
