/**
 * no-query-in-loop: a request sent only when an optional parameter is missing
 * (postgrest/param-guard.ts), called in a loop with a value that cannot be
 * missing (held-out app pattern: a peptide shop's WooCommerce webhook, whose
 * `matchPeptide(db, name, orgId, cache?)` reads the catalog only `if
 * (!peptides)`, called per line item with the catalog read once before the
 * loop, directly or through `expandBundleItems(..., cache)`). Still reported:
 * a call that passes nothing, `undefined`, or a value that may be missing, and
 * a guard that also runs for an empty list.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { type MessageIds, noQueryInLoop, type NoQueryInLoopOptions } from '../../src/rules/no-query-in-loop.js';
import { dedent } from '../dedent.js';
import { at } from './loc.js';
import { typescriptTester } from './tester.js';

type Case = InvalidTestCase<MessageIds, [NoQueryInLoopOptions]>;

const one = { count: 'a request each time it runs', perItem: 'a request per item' };

const findProduct = (guard: string) => dedent`
  async function findProduct(name: string, orgId: string, cache?: Product[]) {
    let list = cache;
    if (${guard}) {
      const { data } = await supabase.from('products').select('id, name').eq('org_id', orgId).limit(500);
      list = data || [];
    }
    return list.find((p) => p.name === name)?.id ?? null;
  }
`;

const loop = (cache: string, call = 'findProduct(line.name, orgId, cache)') => dedent`
  ${findProduct('!list')}
  export async function matchLines(orgId: string, lines: Line[]) {
    const { data } = await supabase.from('products').select('id, name').eq('org_id', orgId).limit(500);
    const cache = ${cache};
    const ids = [];
    for (const line of lines) ids.push(await ${call});
    return ids;
  }
`;

function reported(code: string, callee: string, site: string, requests: string): Case {
  return {
    code,
    errors: [{ messageId: 'callInLoop', data: { callee, requests, loop: 'for...of loop', ...one }, ...at(code, site) }],
  };
}

const select = "select from 'products'";

typescriptTester().run('no-query-in-loop: a request behind a parameter the caller supplies', noQueryInLoop, {
  valid: [
    loop('data || []'),
    loop('data ?? []'),
    loop('[] as Product[]', 'findProduct(line.name, orgId, data ? data : [])'),
    // the other forms of the guard
    dedent`
      async function findProduct(name: string, cache?: Product[]) {
        const list = cache ?? (await supabase.from('products').select('id, name').limit(500)).data ?? [];
        return list.find((p) => p.name === name);
      }
      export async function run(lines: Line[], rows: Product[] | null) {
        const cache = rows || [];
        for (const line of lines) await findProduct(line.name, cache);
      }
    `,
    dedent`
      async function findProduct(name: string, cache?: Product[]) {
        if (cache === undefined) {
          const { data } = await supabase.from('products').select('id, name').limit(500);
          return data?.find((p) => p.name === name);
        }
        return cache.find((p) => p.name === name);
      }
      export async function run(lines: Line[]) {
        for (const line of lines) await findProduct(line.name, []);
      }
    `,
    // the cache handed on by a function that takes it as its own parameter
    dedent`
      ${findProduct('!list')}
      async function expand(item: Line, orgId: string, cache?: Product[]) {
        return findProduct(item.name, orgId, cache);
      }
      export async function run(orgId: string, lines: Line[], rows: Product[] | null) {
        const cache = rows || [];
        for (const line of lines) await expand(line, orgId, cache);
      }
    `,
  ],
  invalid: [
    // the loop's function takes the cache as its parameter, and its caller may pass nothing
    // (a caller passing `data || []` is known only across the project: test/analysis/project.test.ts)
    reported(
      dedent`
        ${findProduct('!list')}
        async function processLines(orgId: string, lines: Line[], cache?: Product[]) {
          for (const line of lines) await findProduct(line.name, orgId, cache);
        }
        export async function handle(orgId: string, lines: Line[], rows?: Product[]) {
          await processLines(orgId, lines, rows);
        }
      `,
      'findProduct',
      'findProduct(line.name, orgId, cache)',
      select,
    ),
    // no cache passed: a read per item
    reported(
      loop('data || []', 'findProduct(line.name, orgId)'),
      'findProduct',
      'findProduct(line.name, orgId)',
      select,
    ),
    // a value that may be missing
    reported(
      loop('data', 'findProduct(line.name, orgId, cache)'),
      'findProduct',
      'findProduct(line.name, orgId, cache)',
      select,
    ),
    reported(
      loop('data || []', 'findProduct(line.name, orgId, undefined)'),
      'findProduct',
      'findProduct(line.name, orgId, undefined)',
      select,
    ),
    // a let the loop may set to nothing
    reported(
      loop(
        'data || []; let other = cache; if (lines.length > 9) other = undefined',
        'findProduct(line.name, orgId, other)',
      ),
      'findProduct',
      'findProduct(line.name, orgId, other)',
      select,
    ),
    // handed on unchanged by a function whose caller passes nothing
    reported(
      dedent`
        ${findProduct('!list')}
        async function expand(item: Line, orgId: string, cache?: Product[]) {
          return findProduct(item.name, orgId, cache);
        }
        export async function run(orgId: string, lines: Line[]) {
          for (const line of lines) await expand(line, orgId);
        }
      `,
      'expand',
      'expand(line, orgId)',
      "select from 'products' in findProduct()",
    ),
    // an empty cache reads again: `!list || list.length === 0` runs for `[]` too
    reported(
      dedent`
        ${findProduct('!list || list.length === 0')}
        export async function run(orgId: string, lines: Line[], rows: Product[] | null) {
          const cache = rows || [];
          for (const line of lines) await findProduct(line.name, orgId, cache);
        }
      `,
      'findProduct',
      'findProduct(line.name, orgId, cache)',
      select,
    ),
  ],
});
