/**
 * A setting that is a rule's option is valid for the CLI exactly when ESLint
 * accepts it as that rule's option in a flat config: one definition of valid.
 */
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { optionProblem } from '../../src/cli/option-schema.js';
import { RULE_OPTION_SETTINGS } from '../../src/codemods/settings.js';
import plugin, { namespace } from '../../src/index.js';

function eslintAccepts(rule: string, option: string, value: unknown): boolean {
  try {
    new Linter({ configType: 'flat' }).verify('const x = 1;', [
      { plugins: { [namespace]: plugin }, rules: { [`${namespace}/${rule}`]: ['error', { [option]: value }] } },
    ] as Linter.Config[]);
    return true;
  } catch {
    return false;
  }
}

const VALUES: Record<keyof typeof RULE_OPTION_SETTINGS, unknown[]> = {
  pageSize: [1, 50, 1000, 0, -1, 2.5, '50', null, [50]],
  uniqueColumns: [['id'], [], { '*': ['id'], rooms: ['slug'] }, 'id', [1], [''], ['id', 'id'], { rooms: 'slug' }, null],
  names: [['fullSync'], ['fullSync', 'resync'], [], ['full-sync'], 'fullSync', ['a', 'a'], [1]],
  replacement: ['deltaSync', '$sync', 'delta-sync', '', 5, ['deltaSync']],
  allowIn: [[], ['deltaSync'], ['a b'], 'deltaSync', ['x', 'x'], [null]],
  effectHooks: [['useEffect'], [], ['useMountEffect', 'useEffect'], 'useEffect', [''], ['a', 'a'], {}],
};

describe.each(Object.entries(VALUES))('%s', (key, values) => {
  const rule = RULE_OPTION_SETTINGS[key as keyof typeof RULE_OPTION_SETTINGS];

  it.each(values.map((value) => [JSON.stringify(value), value]))(
    `%s: the CLI and ESLint (${rule}) agree`,
    (_label, value) => {
      const accepted = eslintAccepts(rule, key, value);
      expect(optionProblem(rule, key, value) === null).toBe(accepted);
    },
  );

  it('accepts at least one value and rejects at least one', () => {
    const verdicts = values.map((value) => optionProblem(rule, key, value) === null);
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});

describe('optionProblem', () => {
  it('names the deepest failing item of a value, with its path', () => {
    expect(optionProblem('require-pagination', 'uniqueColumns', { rooms: ['id', 3] })).toMatchObject({
      path: '.rooms[1]',
      error: { keyword: 'type', data: 3 },
    });
    expect(optionProblem('no-full-sync', 'names', 'fullSync')).toMatchObject({
      path: '',
      error: { keyword: 'type', schema: 'array' },
    });
  });
});
