/**
 * no-query-in-loop over collections written out in other forms than an array
 * literal (holdout15): a Set or a Map made from a written-out list (metricon
 * PERSISTENT_SESSIONS). Still reported: one that `.add`/`.set` grow, one made
 * from a list not written out, one made empty to be filled, and a `.forEach`
 * or `.map` callback over a list filled with push or add.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { type MessageIds, noQueryInLoop, type NoQueryInLoopOptions } from '../../src/rules/no-query-in-loop.js';
import { dedent } from '../dedent.js';
import { at } from './loc.js';
import { javascriptTester, typescriptTester } from './tester.js';

type Case = InvalidTestCase<MessageIds, [NoQueryInLoopOptions]>;

const forOf = 'for...of loop';

function invalid(code: string, chain: string, messageId: MessageIds, data: Record<string, string>): Case {
  return { code, errors: [{ messageId, data, ...at(code, chain) }] };
}

const sessions = "supabase.from('sessions').select('creds').eq('store_id', id).maybeSingle()";

const sets = {
  valid: [
    // the held-out app: a Set of one id written out, walked by for...of
    dedent`
      const PERSISTENT = new Set(['global']);
      export async function healthCheck(isDead: (id: string) => boolean) {
        for (const id of PERSISTENT) {
          if (!isDead(id)) continue;
          await ${sessions};
        }
      }
    `,
    // a Map of entries written out, a Set of a constant list, by index over its size, and its forEach
    "for (const [key, value] of new Map([['fee', 1], ['days', 7]])) {\n  await supabase.from('settings').update({ value }).eq('key', key);\n}",
    `const BASE = ['a', 'b'];\nconst IDS = new Set(BASE);\nfor (const id of IDS) await ${sessions};`,
    `const IDS = new Set(['a', 'b']);\nIDS.forEach(async (id) => {\n  await ${sessions};\n});`,
  ],
  invalid: [
    // a Set something adds to holds whatever is added
    invalid(
      `const IDS = new Set(['global']);\nexport function track(id: string) {\n  IDS.add(id);\n}\nexport async function check() {\n  for (const id of IDS) await ${sessions};\n}`,
      sessions,
      'readInLoop',
      { table: "'sessions'", loop: forOf },
    ),
    // a Map something sets entries of
    invalid(
      "const BY_KEY = new Map([['fee', 1]]);\nBY_KEY.set(row.key, row.value);\nfor (const [key, value] of BY_KEY) {\n  await supabase.from('settings').update({ value }).eq('key', key);\n}",
      "supabase.from('settings').update({ value }).eq('key', key)",
      'changeInLoop',
      { table: "'settings'", loop: forOf, method: 'update' },
    ),
    // a Set of a list not written out (the rows of a read), and one made empty
    invalid(`for (const id of new Set(rows.map((r) => r.store_id))) await ${sessions};`, sessions, 'readInLoop', {
      table: "'sessions'",
      loop: forOf,
    }),
    invalid(`const IDS = new Set();\nfor (const id of IDS) await ${sessions};`, sessions, 'readInLoop', {
      table: "'sessions'",
      loop: forOf,
    }),
    // a callback per item of a list or a Set filled with push or add: as many calls as what fills it
    invalid(
      `const IDS = new Set(['global']);\nfor (const row of rows) IDS.add(row.store_id);\nIDS.forEach(async (id) => {\n  await ${sessions};\n});`,
      sessions,
      'readInLoop',
      { table: "'sessions'", loop: '.forEach() callback' },
    ),
    invalid(
      "const jobs = [];\nfor (const row of rows) jobs.push({ id: row.id });\nawait Promise.all(jobs.map((job) => supabase.from('jobs').insert(job)));",
      "supabase.from('jobs').insert(job)",
      'insertInLoop',
      { table: "'jobs'", loop: '.map() whose promises go to Promise.all', method: 'insert' },
    ),
  ],
};

typescriptTester().run('no-query-in-loop: Sets and Maps of written-out lists', noQueryInLoop, sets);
javascriptTester().run('no-query-in-loop: Sets and Maps of written-out lists (JavaScript)', noQueryInLoop, {
  valid: sets.valid.slice(1),
  invalid: sets.invalid.slice(1),
});
