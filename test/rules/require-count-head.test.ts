import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { type MessageIds, requireCountHead } from '../../src/rules/require-count-head.js';
import { at } from './loc.js';
import { javascriptTester, SUPABASE_CLIENT, typedTester, typescriptTester } from './tester.js';

type Case = InvalidTestCase<MessageIds, [Record<string, never>]>;

/** A report at `select(...)` (`select` is the `occurrence`-th one), whose suggestion turns `from` into `to`. */
function invalid(code: string, select: string, from: string, to: string, table = "'messages'"): Case {
  return {
    code,
    errors: [
      {
        messageId: 'countDownloadsRows',
        data: { table },
        ...at(code, select),
        suggestions: [{ messageId: 'addHead', output: code.replace(from, to) }],
      },
    ],
  };
}

const valid = [
  // already a HEAD request
  "const { count } = await supabase.from('messages').select('*', { count: 'exact', head: true });",
  "const { count } = await supabase.from('messages').select('id', { head: true, count: 'planned' }).eq('room_id', r);",
  // the rows are read too
  "const { data, count } = await supabase.from('messages').select('*', { count: 'exact' }).range(0, 9);\nshow(data, count);",
  "const res = await supabase.from('messages').select('*', { count: 'exact' }).limit(10);\nshow(res.data, res.count);",
  "const res = await supabase.from('messages').select('*', { count: 'exact' }).limit(10);\nshow(res);",
  "const { ...rest } = await supabase.from('messages').select('*', { count: 'exact' }).limit(10);",
  "supabase.from('messages').select('*', { count: 'exact' }).limit(10).then((res) => show(res.data));",
  "supabase.from('messages').select('*', { count: 'exact' }).limit(10).then(show);",
  // Promise.all answers that are read whole, or through allSettled
  "const [a] = await Promise.all([supabase.from('messages').select('*', { count: 'exact' }).limit(5)]);\nshow(a);",
  "const [{ data }] = await Promise.all([supabase.from('messages').select('*', { count: 'exact' }).limit(5)]);\nshow(data);",
  // `data` tested: a HEAD request answers `data: null`, so `head: true` would change what the code does
  "const { data, count } = await supabase.from('messages').select('*', { count: 'exact' }).limit(5);\nif (!data) throw new Error('no answer');\nshow(count);",
  "const [a] = await Promise.allSettled([supabase.from('messages').select('*', { count: 'exact' }).limit(5)]);\nshow(a.value);",
  "const [...all] = await Promise.all([supabase.from('messages').select('*', { count: 'exact' }).limit(5)]);",
  // no count asked for
  "const { error } = await supabase.from('messages').select('id').limit(1);",
  "const { count } = await supabase.from('messages').select('*', { count: undefined }).limit(1);",
  // an option object the rule cannot read
  "const { count } = await supabase.from('messages').select('*', { ...opts, count: 'exact' });",
  "const { count } = await supabase.from('messages').select('*', { count: 'exact', head: isHead });",
  // returned or handed on: the caller may read the rows
  "async function load() { return supabase.from('messages').select('*', { count: 'exact' }); }",
  "const { count } = await paginate(supabase.from('messages').select('*', { count: 'exact' }));",
  // one row at most: head would change what single() answers
  "const { count } = await supabase.from('messages').select('*', { count: 'exact' }).eq('id', id).single();",
  // not a read
  "const { count } = await supabase.from('messages').insert(row).select('*', { count: 'exact' });",
];

typescriptTester().run('require-count-head (TypeScript)', requireCountHead, {
  valid,
  invalid: [
    // `data` taken and never used: the rows are downloaded for nothing
    invalid(
      "const { data, count } = await supabase.from('messages').select('*', { count: 'exact' });\nsetTotal(count);",
      "select('*', { count: 'exact' })",
      "{ count: 'exact' }",
      "{ count: 'exact', head: true }",
    ),
    invalid(
      "const { count } = await supabase.from('messages').select('*', { count: 'exact' });",
      "select('*', { count: 'exact' })",
      "{ count: 'exact' }",
      "{ count: 'exact', head: true }",
    ),
    invalid(
      "const { count, error } = await supabase\n  .from('messages')\n  .select('id', { count: 'planned', head: false })\n  .eq('room_id', roomId);\nif (error) throw error;",
      "select('id', { count: 'planned', head: false })",
      'head: false',
      'head: true',
    ),
    // a trailing comma stays valid
    invalid(
      "const { count } = await supabase.from('messages').select('*', {\n  count: 'exact',\n});",
      "select('*', {\n  count: 'exact',\n})",
      "count: 'exact',",
      "count: 'exact', head: true,",
    ),
    // the response kept in a variable, only its count read
    invalid(
      "const res = await supabase.from('profiles').select('id', { count: 'exact' }).eq('team', team);\nsetTotal(res.count ?? 0);",
      "select('id', { count: 'exact' })",
      "{ count: 'exact' }",
      "{ count: 'exact', head: true }",
      "'profiles'",
    ),
    invalid(
      "const total = (await supabase.from('messages').select('*', { count: 'exact' })).count;",
      "select('*', { count: 'exact' })",
      "{ count: 'exact' }",
      "{ count: 'exact', head: true }",
    ),
    invalid(
      "supabase.from('messages').select('*', { count: 'exact' }).then(({ count }) => setTotal(count));",
      "select('*', { count: 'exact' })",
      "{ count: 'exact' }",
      "{ count: 'exact', head: true }",
    ),
    // awaited in Promise.all, into an array pattern
    invalid(
      "const [lectures, { data: rows }] = await Promise.all([\n  supabase.from('lectures').select('id', { count: 'exact' }).eq('user_id', id),\n  supabase.from('rows').select('*').limit(5),\n]);\nshow(lectures.count, rows);",
      "select('id', { count: 'exact' })",
      "{ count: 'exact' }",
      "{ count: 'exact', head: true }",
      "'lectures'",
    ),
    // incremental building, a table named at run time, a schema client
    invalid(
      "let q = client.schema('app').from(table).select('*', { count: 'estimated' });\nif (room) q = q.eq('room_id', room);\nconst { count } = await q;",
      "select('*', { count: 'estimated' })",
      "{ count: 'estimated' }",
      "{ count: 'estimated', head: true }",
      'a table named at run time',
    ),
  ],
});

javascriptTester().run('require-count-head (JavaScript)', requireCountHead, {
  valid,
  invalid: [
    invalid(
      "const { count } = await supabase.from('messages').select('*', { count: 'exact' });",
      "select('*', { count: 'exact' })",
      "{ count: 'exact' }",
      "{ count: 'exact', head: true }",
    ),
  ],
});

typedTester().run('require-count-head (typed)', requireCountHead, {
  valid: [
    `${SUPABASE_CLIENT}declare const other: { from(t: string): { select(c: string, o: object): Promise<{ count: number }> } };\nexport async function f() { const { count } = await other.from('t').select('*', { count: 'exact' }); return count; }`,
  ],
  invalid: [
    invalid(
      `${SUPABASE_CLIENT}export async function f() {\n  const { count } = await supabase.from('messages').select('*', { count: 'exact' });\n  return count;\n}`,
      "select('*', { count: 'exact' })",
      "{ count: 'exact' }",
      "{ count: 'exact', head: true }",
    ),
  ],
});

describe('require-count-head and require-pagination', () => {
  const lint = (code: string) =>
    new Linter({ configType: 'flat' }).verify(code, [
      {
        plugins: { 'supabase-scale': plugin },
        rules: { 'supabase-scale/require-count-head': 'error', 'supabase-scale/require-pagination': 'error' },
      },
    ] as Linter.Config[]);

  it('a count read whose rows are never used is reported once, by require-count-head, with no .limit() suggestion', () => {
    const messages = lint("const { count } = await supabase.from('messages').select('*', { count: 'exact' });");
    expect(messages.map((message) => message.ruleId)).toEqual(['supabase-scale/require-count-head']);
    expect(messages[0]!.suggestions?.map((suggestion) => suggestion.desc)).toEqual([
      'Add `head: true` (no rows are sent; `data` is null).',
    ]);
  });

  it('a count read that uses its rows stays require-pagination’s', () => {
    const messages = lint(
      "const { data, count } = await supabase.from('messages').select('*', { count: 'exact' });\nshow(data, count);",
    );
    expect(messages.map((message) => message.ruleId)).toEqual(['supabase-scale/require-pagination']);
  });
});
