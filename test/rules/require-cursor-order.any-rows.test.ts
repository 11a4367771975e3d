/**
 * require-cursor-order on reads whose rows any rows would serve: taken at
 * random (a library's pick or shuffle, known by its import; an index at a
 * random place of the list), asserted empty or counted by a test, and probes
 * whose answers go through a list of responses or a nested `Promise.all`.
 */
import { requireCursorOrder } from '../../src/rules/require-cursor-order.js';
import { at } from './loc.js';
import { javascriptTester, typescriptTester, withOptions } from './tester.js';

/** These cases are about which rows a read uses: `.limit(1)` picks are reported too (option singleRowPicks). */
const PICKS = { singleRowPicks: true };

const limited = [{ messageId: 'unorderedLimit' as const }];
const FAKER = "import { faker } from '@faker-js/faker';\n";
/** A read of ten ids, then `use` (the rows are in `ids`). */
const ids = (use: string, head = '') =>
  `${head}export async function pick() {\n  const { data: ids } = await supabase.from('contacts').select('id').limit(10);\n${use}\n}`;

typescriptTester().run(
  'require-cursor-order: rows taken at random',
  requireCursorOrder,
  withOptions(
    {
      valid: [
        // faker's random pick, after an existence test
        ids(
          "  if (!ids || ids.length === 0) throw new Error('none');\n  return faker.helpers.arrayElement(ids).id;",
          FAKER,
        ),
        ids('  return faker.helpers.arrayElements(ids ?? [], 3);', FAKER),
        ids('  return fakerDE.helpers.shuffle(ids);', "import { fakerDE } from '@faker-js/faker';\n"),
        ids('  return faker.random.arrayElement(ids);', "import faker from '@faker-js/faker/locale/de';\n"),
        // lodash: the library, one function's module, a named import under another name
        ids('  return _.sample(ids);', "import _ from 'lodash';\n"),
        ids('  return L.sampleSize(ids, 2);', "import * as L from 'lodash-es';\n"),
        ids('  return sample(ids)?.id;', "import sample from 'lodash/sample';\n"),
        ids('  return mix(ids).slice(0, 3);', "import { shuffle as mix } from 'lodash';\n"),
        ids('  return shuffle([...(ids ?? [])]);', "import shuffle from 'lodash.shuffle';\n"),
        // an index at a random place of the whole list
        ids('  return ids[Math.floor(Math.random() * ids.length)].id;'),
        ids('  if (!ids?.length) return null;\n  const one = ids[(Math.random() * ids.length) | 0];\n  return one.id;'),
        ids('  const n = ids.length;\n  const at = Math.floor(Math.random() * n);\n  return ids![at].id;'),
        // the shuffle the rule already knew
        ids('  return ids.sort(() => Math.random() - 0.5);'),
      ],
      invalid: [
        // a function of the same name that is no library's: it may take the first row
        { code: ids('  return sample(ids);', 'function sample(rows) {\n  return rows[0];\n}\n'), errors: limited },
        { code: ids('  return _.sample(ids);', "import _ from './helpers';\n"), errors: limited },
        {
          code: ids('  return faker.helpers.arrayElement(ids);', "import { faker } from './fake';\n"),
          errors: limited,
        },
        // a method of faker that is no random pick
        { code: ids('  return faker.helpers.uniqueArray(ids, 2);', FAKER), errors: limited },
        // the first row read beside a pick or a shuffle, either way round
        {
          code: ids('  const one = faker.helpers.arrayElement(ids);\n  return [one, ids[0].id];', FAKER),
          errors: limited,
        },
        {
          code: ids('  const first = ids[0];\n  return [first.id, ids.sort(() => Math.random() - 0.5)];'),
          errors: limited,
        },
        // a random place among the first three rows: which are first is the order's
        { code: ids('  return ids[Math.floor(Math.random() * 3)];'), errors: limited },
        { code: ids('  return ids[Math.floor(Math.random() * other.length)];'), errors: limited },
        // another list's length, an index computed once and changed after
        {
          code: ids('  const ids2 = other;\n  return ids[Math.floor(Math.random() * ids2.length)];'),
          errors: limited,
        },
        {
          code: ids('  let at = Math.floor(Math.random() * ids.length);\n  at = 0;\n  return ids[at];'),
          errors: limited,
        },
        // a pick beside a read of the first row
        {
          code: ids('  log(ids[0].id);\n  return faker.helpers.arrayElement(ids);', FAKER),
          errors: [
            {
              messageId: 'unorderedLimit',
              ...at(ids('  log(ids[0].id);\n  return faker.helpers.arrayElement(ids);', FAKER), 'limit(10)'),
            },
          ],
        },
      ],
    },
    PICKS,
  ),
);

/** A test's read of ten rows, then `use` (the rows are in `data`). */
const asserted = (use: string, head = '') =>
  `${head}it('hides rows', async () => {\n  const { data, error } = await supabase.from('deals').select('id, name').limit(10);\n  expect(error).toBeNull();\n${use}\n});`;

typescriptTester().run(
  'require-cursor-order: rows asserted empty or counted',
  requireCursorOrder,
  withOptions(
    {
      valid: [
        asserted('  expect(data).toEqual([]);'),
        asserted('  expect(data).toStrictEqual([]);'),
        asserted('  expect(data).not.toEqual([]);'),
        asserted('  expect(data).toHaveLength(0);'),
        asserted('  expect(data).toHaveLength(3);'),
        asserted('  expect(data?.length).toBe(0);'),
        asserted('  expect(data!.length).toBeGreaterThan(0);'),
        asserted('  assert.deepEqual(data, []);', "import assert from 'node:assert/strict';\n"),
        asserted('  deepStrictEqual(data, []);', "import { deepStrictEqual } from 'assert';\n"),
        asserted('  assert.equal(data.length, 0);', "import { strict as assert } from 'node:assert';\n"),
        // a whole response asserted to hold no row
        "import assert from 'node:assert/strict';\nconst res = await supabase.from('notes').select('id').limit(1);\nassert.deepEqual(res, { data: [], error: null });",
        "const res = await supabase.from('notes').select('id').limit(1);\nexpect(res).toEqual({ data: [], error: null });",
        asserted('  assert.isEmpty(data);\n  assert.lengthOf(data ?? [], 0);', "import { assert } from 'chai';\n"),
      ],
      invalid: [
        // a whole response asserted to hold what it holds
        {
          code: "import assert from 'node:assert/strict';\nconst res = await supabase.from('notes').select('id').limit(1);\nassert.deepEqual(res, { data: [{ id: 1 }], error: null });",
          errors: limited,
        },
        {
          code: "const res = await supabase.from('notes').select('id').limit(1);\nexpect(res).toEqual(expected);",
          errors: limited,
        },
        // what the rows hold: which come first decides the outcome
        { code: asserted("  expect(data).toEqual([{ id: 1, name: 'a' }]);"), errors: limited },
        { code: asserted("  expect(data?.[0].name).toBe('a');"), errors: limited },
        {
          code: asserted("  expect(data).toContainEqual({ id: 1, name: 'a' });\n  expect(data).toHaveLength(1);"),
          errors: limited,
        },
        // an `assert` that is not the module's: unknown
        { code: asserted('  assert.deepEqual(data, []);', "import assert from './my-assert';\n"), errors: limited },
        {
          code: asserted('  assert.deepEqual(data, expected);', "import assert from 'node:assert';\n"),
          errors: limited,
        },
      ],
    },
    PICKS,
  ),
);

typescriptTester().run(
  'require-cursor-order: answers through a list',
  requireCursorOrder,
  withOptions(
    {
      valid: [
        // the probe's answer in a list of responses read only for errors, its rows only tested for a row
        "export async function load(db: Db, p: string) {\n  const [layers, presence] = await Promise.all([\n    db.from('layers').select('*').eq('project_id', p).order('sort'),\n    db.from('lots').select('id').eq('project_id', p).limit(1),\n  ]);\n  const failed = [layers, presence].find((result) => result.error)?.error;\n  if (failed) throw failed;\n  return build(layers.data, (presence.data ?? []).length > 0);\n}",
        "export async function load(db: Db, p: string) {\n  const [a, b] = await Promise.all([db.from('a').select('*').order('id'), db.from('b').select('id').limit(1)]);\n  const all = [a, b];\n  if (all.some((r) => r.error)) return null;\n  for (const { error } of all.filter((r) => r.status !== 200)) log(error);\n  return !!b.data?.length;\n}",
        // `{ data: x }` destructured in the array pattern
        "const [{ data: seen }, { data: more }] = await Promise.all([\n  supabase.from('seen').select('id').eq('user_id', u).limit(1),\n  supabase.from('more').select('id').limit(1),\n]);\nsetSeen(seen?.length > 0 && more.length === 0);",
        // a Promise.all of Promise.all
        "const [[{ data: one }, two], three] = await Promise.all([\n  Promise.all([supabase.from('a').select('id').limit(1), supabase.from('b').select('id').limit(1)]),\n  supabase.from('c').select('id').limit(1),\n]);\nshow(!!one?.length, two.error, three.data?.length === 0);",
        "const [pair] = await Promise.all([Promise.all([supabase.from('a').select('id').limit(1), supabase.from('b').select('id').limit(1)])]);\nif (pair.some((r) => r.error)) fail();",
      ],
      invalid: [
        // the list handed on: its rows may be read there
        {
          code: "const [a, b] = await Promise.all([supabase.from('a').select('*').order('id'), supabase.from('b').select('id').limit(1)]);\nrender([a, b]);",
          errors: limited,
        },
        // the answer found is read for its rows
        {
          code: "const [a, b] = await Promise.all([supabase.from('a').select('*').order('id'), supabase.from('b').select('id').limit(1)]);\nshow([a, b].find((r) => !r.error)?.data);",
          errors: limited,
        },
        // an element read by index, and a nested answer's first row
        {
          code: "const [a, b] = await Promise.all([supabase.from('a').select('*').order('id'), supabase.from('b').select('id').limit(1)]);\nshow([a, b][1].data);",
          errors: limited,
        },
        {
          code: "const [[one]] = await Promise.all([Promise.all([supabase.from('a').select('name').limit(1)])]);\nshow(one.data[0].name);",
          errors: limited,
        },
        {
          code: "const [pair] = await Promise.all([Promise.all([supabase.from('a').select('name').limit(1)])]);\nshow(pair[0].data);",
          errors: limited,
        },
      ],
    },
    PICKS,
  ),
);

javascriptTester().run(
  'require-cursor-order: any rows (JavaScript)',
  requireCursorOrder,
  withOptions(
    {
      valid: [
        "const { faker } = require('@faker-js/faker');\nasync function randomOrg() {\n  const { data: orgs } = await supabase.from('organizations').select('id').limit(10);\n  return faker.helpers.arrayElement(orgs).id;\n}",
        "const _ = require('lodash');\nasync function randomOrg() {\n  const { data: orgs } = await supabase.from('organizations').select('id').limit(10);\n  return _.sample(orgs).id;\n}",
      ],
      invalid: [
        {
          code: "const _ = require('./utils');\nasync function randomOrg() {\n  const { data: orgs } = await supabase.from('organizations').select('id').limit(10);\n  return _.sample(orgs).id;\n}",
          errors: limited,
        },
      ],
    },
    PICKS,
  ),
);
