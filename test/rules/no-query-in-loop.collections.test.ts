/**
 * no-query-in-loop over collections written out in other forms than an array
 * literal (holdout15): a Set or a Map made from a written-out list (metricon
 * PERSISTENT_SESSIONS); the property of a constant object literal a computed
 * key picks, each property written out (bhedu seed-financial-data,
 * `Object.entries(feeAmountsByGrade[gradeLevel])`); the keys of React state
 * initialised with an object literal whose setter only ever keeps them
 * (darknode EscrowSettings). Still reported: one that `.add`/`.set` grow, one made
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

const feeRule = "supabase.from('fee_rules').insert({ grade, fee_key: feeKey, amount })";

/** `for (const grade of GRADES) for (const [feeKey, amount] of Object.entries(<list>))`, in a function taking `grades`. */
function feeLoops(setup: string, list: string, grades = '[10, 11, 12]'): string {
  return dedent`
    async function seed(grades: number[], extra: Record<string, number>) {
      ${setup}
      for (const grade of ${grades}) {
        for (const [feeKey, amount] of Object.entries(${list})) {
          await ${feeRule};
        }
      }
    }
  `;
}

const FEES = 'const feesByGrade = { 10: { tuition: 500, lab: 30 }, 11: { tuition: 550, lab: 30 } };';

const pickedByKey = {
  valid: [
    // the held-out script: the entries of whichever grade's fees the written-out grade picks
    feeLoops(FEES, 'feesByGrade[grade]'),
    // an array of written-out lists, by index
    "const STEPS = [['a', 'b'], ['c']];\nfor (let i = 0; i < STEPS.length; i++) {\n  for (const step of STEPS[i]) await supabase.from('steps').insert({ i, step });\n}",
  ],
  invalid: [
    // the grades walked are the caller's: per grade, for every fee of it
    invalid(feeLoops(FEES, 'feesByGrade[grade]', 'grades'), feeRule, 'insertInLoop', {
      table: "'fee_rules'",
      loop: `${forOf} (and again for each entry of the short list walked inside it)`,
      method: 'insert',
    }),
    // a property written (or filled in place) after the literal, or one whose value is not written out
    invalid(feeLoops(`${FEES}\nfeesByGrade[11] = extra;`, 'feesByGrade[grade]'), feeRule, 'insertInLoop', {
      table: "'fee_rules'",
      loop: forOf,
      method: 'insert',
    }),
    invalid(
      feeLoops(`${FEES}\nObject.assign(feesByGrade, { 12: extra });`, 'feesByGrade[grade]'),
      feeRule,
      'insertInLoop',
      { table: "'fee_rules'", loop: forOf, method: 'insert' },
    ),
    invalid(
      feeLoops('const feesByGrade = { 10: { tuition: 500 }, 11: extra };', 'feesByGrade[grade]'),
      feeRule,
      'insertInLoop',
      { table: "'fee_rules'", loop: forOf, method: 'insert' },
    ),
    invalid(
      "const STEPS = [['a', 'b'], ['c']];\nSTEPS[0].push(...more);\nfor (let i = 0; i < STEPS.length; i++) {\n  for (const step of STEPS[i]) await supabase.from('steps').insert({ i, step });\n}",
      "supabase.from('steps').insert({ i, step })",
      'insertInLoop',
      { table: "'steps'", loop: forOf, method: 'insert' },
    ),
  ],
};

const saveSetting = "supabase.from('platform_settings').update({ setting_value: value }).eq('setting_key', key)";

/** A settings form whose state starts as an object of three keys; `setters`: what else the component does. */
function settingsForm(setters: string, init = "{ fee_percent: '1', release_days: '7', hold_days: '14' }"): string {
  return dedent`
    import { useState } from 'react';
    export function Settings({ rows }: { rows: { key: string; value: string }[] }) {
      const [form, setForm] = useState(${init});
      ${setters}
      const save = async () => {
        for (const [key, value] of Object.entries(form)) {
          await ${saveSetting};
        }
      };
      return <button onClick={save}>save</button>;
    }
  `;
}

const stateCase = (code: string) => ({ code, filename: 'react.tsx' });
const changeSetting = {
  messageId: 'changeInLoop' as const,
  data: { table: "'platform_settings'", loop: forOf, method: 'update' },
};
function reported(code: string): Case {
  return { code, filename: 'react.tsx', errors: [{ ...changeSetting, ...at(code, saveSetting) }] };
}

const fixedKeyState = {
  valid: [
    // the held-out app: every setter call spreads the state and sets a key it holds
    settingsForm('const onFee = (v: string) => setForm({ ...form, fee_percent: v });'),
    settingsForm('const onHold = (v: string) => setForm((f) => ({ ...f, hold_days: v }));'),
    settingsForm("const reset = () => setForm({ fee_percent: '1', release_days: '7', hold_days: '14' });"),
    // a lazy initialiser
    settingsForm('', "() => ({ fee_percent: '1', release_days: '7' })"),
    // a copy filled from rows only under the keys it already holds (darknode EscrowSettings)
    settingsForm(dedent`
      const load = () => {
        const next = { ...form };
        rows.forEach((s) => {
          if (s.key in next) next[s.key as keyof typeof next] = s.value;
        });
        setForm(next);
      };
    `),
  ].map(stateCase),
  invalid: [
    // a computed key may be any key: one per field the form ever had
    reported(settingsForm('const onChange = (k: string, v: string) => setForm((f) => ({ ...f, [k]: v }));')),
    // a value from elsewhere, the setter handed on, a copy written under any key or assigned a row
    reported(settingsForm('const onLoad = (row: typeof form) => setForm(row);')),
    reported(settingsForm('const setter = setForm;')),
    reported(
      settingsForm(dedent`
        const load = () => {
          const next = { ...form };
          rows.forEach((s) => {
            next[s.key as keyof typeof next] = s.value;
          });
          setForm(next);
        };
      `),
    ),
    reported(
      settingsForm(dedent`
        const load = () => {
          const next = { ...form };
          Object.assign(next, rows[0]);
          setForm(next);
        };
      `),
    ),
    // state initialised with a list, not an object of keys
    reported(settingsForm('', 'rows.map((r) => [r.key, r.value])').replace('Object.entries(form)', 'form')),
  ],
};

typescriptTester().run('no-query-in-loop: Sets and Maps of written-out lists', noQueryInLoop, sets);
typescriptTester().run('no-query-in-loop: the keys of React state written out', noQueryInLoop, fixedKeyState);
typescriptTester().run(
  'no-query-in-loop: a property of a constant literal picked by a key',
  noQueryInLoop,
  pickedByKey,
);
javascriptTester().run('no-query-in-loop: Sets and Maps of written-out lists (JavaScript)', noQueryInLoop, {
  valid: sets.valid.slice(1),
  invalid: sets.invalid.slice(1),
});
