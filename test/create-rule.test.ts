/**
 * createRule merges a rule's options with its defaults once per distinct
 * option set and hands every file the same frozen object.
 */
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { createRule } from '../src/utils/create-rule.js';

function probe() {
  const seen: unknown[] = [];
  const rule = createRule<[{ names?: string[]; size?: number }], 'hit'>({
    name: 'probe',
    meta: {
      type: 'problem',
      docs: { description: 'probe' },
      messages: { hit: 'hit' },
      schema: [
        {
          type: 'object',
          properties: { names: { type: 'array', items: { type: 'string' } }, size: { type: 'integer' } },
          additionalProperties: false,
        },
      ],
      defaultOptions: [{ names: ['a'], size: 1 }],
    },
    create(_context, [options]) {
      seen.push(options);
      return {};
    },
  });
  return { rule, seen };
}

function lint(rule: ReturnType<typeof probe>['rule'], setting: Linter.RuleEntry): void {
  const linter = new Linter();
  const messages = linter.verify('const x = 1;', [
    { plugins: { p: { rules: { probe: rule as never } } }, rules: { 'p/probe': setting } },
  ]);
  expect(messages).toEqual([]);
}

describe('createRule', () => {
  it('gives the defaults when no options are set, the same frozen object for every file', () => {
    const { rule, seen } = probe();
    lint(rule, 'error');
    lint(rule, 'error');
    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual({ names: ['a'], size: 1 });
    expect(seen[1]).toBe(seen[0]);
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(Object.isFrozen((seen[0] as { names: string[] }).names)).toBe(true);
  });

  it('merges each distinct option set with the defaults, and keeps them apart', () => {
    const { rule, seen } = probe();
    lint(rule, ['error', { size: 5 }]);
    lint(rule, ['error', { names: ['b', 'c'] }]);
    lint(rule, ['error', { size: 5 }]);
    expect(seen[0]).toEqual({ names: ['a'], size: 5 });
    expect(seen[1]).toEqual({ names: ['b', 'c'], size: 1 });
    expect(seen[2]).toBe(seen[0]);
  });

  it('does not let a rule that mutates its options change what the next file sees', () => {
    const rule = createRule<[{ names?: string[] }], 'hit'>({
      name: 'mutator',
      meta: {
        type: 'problem',
        docs: { description: 'mutator' },
        messages: { hit: 'hit' },
        schema: [{ type: 'object' }],
        defaultOptions: [{ names: ['a'] }],
      },
      create(_context, [options]) {
        (options.names as string[]).push('x');
        return {};
      },
    });
    const linter = new Linter();
    expect(() =>
      linter.verify('const x = 1;', [
        { plugins: { p: { rules: { mutator: rule as never } } }, rules: { 'p/mutator': 'error' } },
      ]),
    ).toThrow();
  });
});
