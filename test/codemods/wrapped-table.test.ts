/**
 * A table name under `as`, `satisfies`, `!`, `<T>` or parentheses is still a
 * literal table name: for require-pagination (per-table unique columns) and
 * for paginate-selects (which rewrites it instead of leaving "a table named
 * at run time").
 */
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin, { namespace } from '../../src/index.js';
import { runCase, settingsFor } from './harness.js';

const WRAPPED = ["'tasks' as any", "'tasks' satisfies string", "('tasks')", "('tasks' as const)!", '`tasks`'];

function reports(code: string): number {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser },
        plugins: { [namespace]: plugin },
        rules: { [`${namespace}/require-pagination`]: ['error', { uniqueColumns: { tasks: ['slug'] } }] },
      },
    ] as Linter.Config[],
    'case.ts',
  );
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  return messages.length;
}

describe.each(WRAPPED)('.from(%s)', (table) => {
  it('is the table tasks for require-pagination (its unique column bounds the read)', () => {
    const code = `declare const supabase: any;\nexport const one = await supabase.from(${table}).select('*').eq('slug', 'a');\n`;
    expect(reports(code)).toBe(0);
    expect(reports(code.replace("eq('slug'", "eq('title'"))).toBe(1);
  });

  it('is rewritten by paginate-selects with the table cursor', () => {
    const code = `declare const supabase: any;\nexport async function all() {\n  const { data } = await supabase.from(${table}).select('*');\n  return data;\n}\n`;
    const result = runCase('paginate-selects', 'wrapped', 'ts', code, settingsFor({ cursors: { tasks: 'slug' } }));
    expect(result.left).toEqual([]);
    expect(result.after).toContain(
      `selectAllPages(() => supabase.from(${table}).select('*'), { cursor: 'slug', pageSize: 1000 })`,
    );
  });
});

it('a table named at run time is still left', () => {
  const code = `declare const supabase: any;\ndeclare const name: string;\nexport async function all() {\n  const { data } = await supabase.from(name as any).select('*');\n  return data;\n}\n`;
  const result = runCase('paginate-selects', 'wrapped', 'ts', code, settingsFor({}));
  expect(result.left.map((site) => site.reason)).toEqual([
    'the table is named at run time: cannot know its cursor column',
  ]);
});
