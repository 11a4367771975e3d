/**
 * createRule merges a rule's options with its defaults once per distinct
 * option set and hands every file the same frozen object; createDetectorRule
 * builds a rule from a detector and a report function on top of it.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { createDetectorRule, createRule, ruleDocsUrl } from '../src/rules/create-rule.js';

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

  it("merges options into the defaults as typescript-eslint's applyDefault does, for a host that does not (oxlint)", () => {
    const seen: unknown[] = [];
    const rule = createRule<[{ page?: { size?: number; cursor?: string }; names?: string[] }?, string?], 'hit'>({
      name: 'nested',
      meta: {
        type: 'problem',
        docs: { description: 'nested' },
        messages: { hit: 'hit' },
        schema: [{ type: 'object' }, { type: 'string' }],
        defaultOptions: [{ page: { size: 100, cursor: 'id' }, names: ['a', 'b'] }, 'always'],
      },
      create(_context, options) {
        seen.push(options);
        return {};
      },
    });
    // what a host that hands the configured options as they are written gives the rule
    const create = (options: unknown[]) => rule.create({ options } as unknown as Parameters<typeof rule.create>[0]);
    create([{ page: { size: 5 }, names: ['c'] }]);
    create([undefined, 'never']);
    expect(seen).toEqual([
      [{ page: { size: 5, cursor: 'id' }, names: ['c'] }, 'always'],
      [{ page: { size: 100, cursor: 'id' }, names: ['a', 'b'] }, 'never'],
    ]);
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
    ).toThrow("Error while loading rule 'p/mutator': Cannot add property 1, object is not extensible");
  });
});

/**
 * A rule built from a tiny detector: it finds the identifiers named in
 * `names`, and the rule reports each with its `label`.
 */
function identifierRule() {
  const calls = { detector: [] as unknown[], report: [] as unknown[] };
  const rule = createDetectorRule<'named', { names: readonly string[]; label: string }, TSESTree.Identifier>({
    name: 'named-identifier',
    meta: {
      type: 'problem',
      docs: { description: 'named identifiers' },
      messages: { named: '{{label}}: {{name}}' },
      schema: [
        {
          type: 'object',
          properties: { names: { type: 'array', items: { type: 'string' } }, label: { type: 'string' } },
          additionalProperties: false,
        },
      ],
      defaultOptions: [{ names: ['a'], label: 'found' }],
    },
    gate: (text, options) => options.names.some((name) => text.includes(name)),
    detector(sourceCode, options) {
      calls.detector.push(options);
      if (!options.names.some((name) => sourceCode.text.includes(name))) return null;
      const found: TSESTree.Identifier[] = [];
      return {
        listeners: {
          Identifier(node: TSESTree.Identifier) {
            if (options.names.includes(node.name)) found.push(node);
          },
        },
        finish: () => found,
      };
    },
    report(context, node, options) {
      calls.report.push(options);
      context.report({ node, messageId: 'named', data: { label: options.label, name: node.name } });
    },
  });
  const lint = (code: string, ...options: unknown[]) =>
    new Linter()
      .verify(code, [
        {
          plugins: { p: { rules: { named: rule as never } } },
          rules: { 'p/named': ['error', ...options] as Linter.RuleEntry },
        },
      ])
      .map((message) => `${message.line}:${message.column} ${message.message}`);
  return { rule, calls, lint };
}

describe('createDetectorRule', () => {
  it("reports the detector's findings at the end of the file, in the detector's order", () => {
    const { lint } = identifierRule();
    expect(lint('const b = a;\nlet c = b + a;', { names: ['b', 'a'] })).toEqual([
      '1:7 found: b',
      '1:11 found: a',
      '2:9 found: b',
      '2:13 found: a',
    ]);
  });

  it('merges the options with meta.defaultOptions, and hands the detector and the report the same frozen object', () => {
    const { lint, calls } = identifierRule();
    expect(lint('const a = 1;')).toEqual(['1:7 found: a']);
    expect(lint('const a = x;', { label: 'here' })).toEqual(['1:7 here: a']);
    expect(lint('const a = x;', { label: 'here' })).toEqual(['1:7 here: a']);
    expect(calls.detector[0]).toEqual({ names: ['a'], label: 'found' });
    expect(calls.detector[1]).toEqual({ names: ['a'], label: 'here' });
    expect(calls.report).toEqual([calls.detector[0], calls.detector[1], calls.detector[2]]);
    expect(calls.report[0]).toBe(calls.detector[0]);
    // the same option set is merged once: the next file gets the same object
    expect(calls.detector[2]).toBe(calls.detector[1]);
    for (const options of calls.detector) {
      expect(Object.isFrozen(options)).toBe(true);
      expect(Object.isFrozen((options as { names: string[] }).names)).toBe(true);
    }
  });

  it('gives no listeners to a file its text gate rules out: the detector is not even built', () => {
    const { lint, calls } = identifierRule();
    expect(lint('const b = 1;')).toEqual([]);
    expect(calls.detector).toHaveLength(0);
    expect(lint('const b = 1;', { names: ['b'] })).toEqual(['1:7 found: b']);
    expect(calls.detector).toHaveLength(1);
  });

  it('answers mayReport from the text and the options merged into the defaults, as the rule would gate the file', () => {
    const { rule } = identifierRule();
    const file = path.join(tmpdir(), 'not-on-disk.ts');
    expect(rule.mayReport('const b = 1;', file)).toBe(false);
    expect(rule.mayReport('const a = 1;', file)).toBe(true);
    expect(rule.mayReport('const b = 1;', file, { names: ['b'] })).toBe(true);
    expect(rule.mayReport('const a = 1;', file, { label: 'x' })).toBe(true);
  });

  it('keeps the docs URL and the typed defaults of its meta', () => {
    const { rule } = identifierRule();
    expect(rule.meta.docs?.url).toBe(ruleDocsUrl('named-identifier'));
    expect(rule.meta.defaultOptions[0].names).toEqual(['a']);
    expect(rule.name).toBe('named-identifier');
  });
});
