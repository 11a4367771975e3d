/**
 * require-pagination on a read handed to a function of the module that sends
 * it (holdout15 Asaas `syncEngine.ts`: `await withTimeout(query, 30000)`, where
 * `withTimeout(p, ms)` races `p` against a timer or returns it from a
 * callback): the read is sent as written, so an unbounded one is reported.
 * A wrapper that bounds what it is handed (`.limit()`, `.range()`, a filter),
 * hands it on to code not seen, or cannot be resolved keeps it quiet.
 */
import { dedent } from '../dedent.js';
import { requirePagination } from '../../src/rules/require-pagination.js';
import { at } from './loc.js';
import { typescriptTester } from './tester.js';

const RACE = dedent`
  async function withTimeout<T>(p: PromiseLike<T>, ms = 15000): Promise<T> {
    return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error('timeout')), ms))]);
  }
`;

/** The report of the unbounded read `chain` in `code`, with its two page suggestions. */
function unbounded(code: string, chain: string, table = 'products', order = ".order('id')") {
  const end = code.indexOf(chain) + chain.length;
  const insert = (bound: string) => `${code.slice(0, end)}${order}${bound}${code.slice(end)}`;
  return {
    messageId: 'unboundedSelect' as const,
    data: { table: `'${table}'`, maxRows: '1,000' },
    ...at(code, chain),
    suggestions: [
      { messageId: 'addLimit' as const, data: { pageSize: 100, order }, output: insert('.limit(100)') },
      { messageId: 'addRange' as const, data: { last: 99, order }, output: insert('.range(0, 99)') },
    ],
  };
}

const read = "supabase.from('products').select('*').eq('workspace_id', ws)";

/** `wrapper` (its declaration), then a pull that hands it the read and reads the rows. */
const pull = (wrapper: string, call = `withTimeout(${read}, 30000)`) =>
  `${wrapper}\nexport async function pull(ws: string) {\n  const { data } = await ${call};\n  return data ?? [];\n}`;

const raced = pull(RACE);
const awaited = pull(
  'async function run(q) {\n  const res = await q;\n  if (res.error) console.warn(res.error);\n  return res;\n}',
  `run(${read})`,
);
/** Asaas: the wrapper returns the read from a callback it hands to a helper that runs it. */
const callback = pull(
  "async function withTimeout(promise, ms = 15000) {\n  return runSupabaseAction('sync.request', () => promise, { timeoutMs: ms });\n}",
);
const identity = pull('function traced(q) {\n  return q;\n}', `traced(${read})`);
const aborted = pull(
  'function abortable(q, signal) {\n  return Promise.race([q.abortSignal(signal), later()]);\n}',
  `abortable(${read}, ac.signal)`,
);
const stored = `${RACE}\nexport async function pull(ws: string) {\n  const q = ${read};\n  const { data } = await withTimeout(q, 1000);\n  return data ?? [];\n}`;
/** Asaas: a one-row read on one branch, the delta read on the other. */
const delta = "client.from(table).select('*').eq('workspace_id', ws).gt('updated_at', since)";
const branches = dedent`
  ${RACE}
  export async function pullChanges(table: string, ws: string, since: string) {
    const { data } = (await withTimeout(
      table === 'workspaces' ? client.from(table).select('*').eq('id', ws) : (${delta} as any),
      30000,
    )) as any;
    return data;
  }
`;

typescriptTester().run('require-pagination: a read handed to a wrapper that sends it', requirePagination, {
  valid: [
    // the wrapper bounds what it is handed
    pull('function firstPage(q) {\n  return Promise.race([q.limit(100), later()]);\n}', `firstPage(${read})`),
    pull('async function page(q, from) {\n  return await q.range(from, from + 99);\n}', `page(${read}, 0)`),
    // a filter of the wrapper's may make it one row: not known here
    pull("async function mine(q, id) {\n  return q.eq('id', id);\n}", `mine(${read}, me)`),
    // handed on to code not seen, or stored
    pull('async function logged(q) {\n  return track(q);\n}', `logged(${read})`),
    pull('const pending = [];\nfunction queue(q) {\n  pending.push(q);\n  return q;\n}', `queue(${read})`),
    // the read is bounded where it is handed over
    pull(RACE, `withTimeout(${read}.limit(50), 30000)`),
    // a wrapper the rule cannot resolve
    pull("import { withTimeout } from 'p-timeout-helpers';", `withTimeout(${read}, 30000)`),
    // the wrapper's parameter that is not the read's
    pull('function later2(ms, q) {\n  return Promise.race([q, wait(ms)]);\n}', `later2(${read}, 30000)`),
  ],
  invalid: [
    { code: raced, errors: [unbounded(raced, read)] },
    { code: awaited, errors: [unbounded(awaited, read)] },
    { code: callback, errors: [unbounded(callback, read)] },
    { code: identity, errors: [unbounded(identity, read)] },
    { code: aborted, errors: [unbounded(aborted, read)] },
    { code: stored, errors: [unbounded(stored, read)] },
    {
      code: branches,
      errors: [
        {
          messageId: 'unboundedSelect' as const,
          data: { table: 'a table named at run time', maxRows: '1,000' },
          ...at(branches, delta),
          suggestions: [
            {
              messageId: 'addLimit' as const,
              data: { pageSize: 100, order: ".order('updated_at')" },
              output: branches.replace(delta, `${delta}.order('updated_at').limit(100)`),
            },
            {
              messageId: 'addRange' as const,
              data: { last: 99, order: ".order('updated_at')" },
              output: branches.replace(delta, `${delta}.order('updated_at').range(0, 99)`),
            },
          ],
        },
      ],
    },
  ],
});
