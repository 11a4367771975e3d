/**
 * Every codemod on its fixture pairs (fixtures/codemods/<codemod>/<case>.input.* ->
 * .output.*): the exact output, the sites it leaves (<case>.left.txt), that a
 * second run changes nothing, and that the codemod's rule no longer reports
 * what was rewritten.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../src/codemods/engine.js';
import { codemods } from '../../src/codemods/index.js';
import type { CodemodSettings } from '../../src/codemods/codemod.js';
import plugin, { namespace } from '../../src/index.js';
import { FIXTURES, type FixtureCase, fixtureCases, fixtureMigrations, runCase as runUncached } from './harness.js';

function lint(
  codemod: string,
  settings: CodemodSettings,
  text: string,
  ext: string,
): { line: number; column: number }[] {
  const { rule, ruleOptions } = codemods[codemod]!;
  const linter = new Linter({ configType: 'flat' });
  // the rule reads the schema the codemod was given: the fixture folder's, or none
  const migrations = fixtureMigrations(codemod);
  const messages = linter.verify(
    text,
    [
      {
        files: ['**/*.{js,jsx,ts,tsx}'],
        languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
        plugins: { [namespace]: plugin },
        settings: { [namespace]: { schema: migrations === null ? false : [migrations] } },
        rules: { [`${namespace}/${rule}`]: ['error', ruleOptions(settings)] },
      },
    ] as Linter.Config[],
    `case.${ext}`,
  );
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  expect(messages.filter((message) => message.line === 0)).toEqual([]);
  return messages.map(({ line, column }) => ({ line, column }));
}

/**
 * The engine is deterministic: each case's input and output are run once, and
 * the tests below read the same result (each used to run it again).
 */
const results = new Map<string, FileResult>();
function runCase(codemod: string, name: string, ext: string, text: string, settings: CodemodSettings): FileResult {
  const key = JSON.stringify([codemod, name, ext, text, settings]);
  let result = results.get(key);
  if (!result) {
    result = runUncached(codemod, name, ext, text, settings);
    results.set(key, result);
  }
  return result;
}

const all: FixtureCase[] = Object.keys(codemods).flatMap((name) => fixtureCases(name));

describe.each(Object.keys(codemods))('codemod %s', (name) => {
  const cases = fixtureCases(name);

  it('has at least 15 fixture pairs, in TS, TSX, JS and JSX', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    const exts = new Set(cases.map((c) => c.ext));
    for (const ext of ['ts', 'tsx', 'js', 'jsx']) expect(exts).toContain(ext);
  });

  it('runs every file of its folder: each input has its output, and no file is left out (a misnamed one would be)', () => {
    const files = readdirSync(path.join(FIXTURES, name)).sort();
    const claimed = cases.flatMap((c) => [
      `${c.name}.input.${c.ext}`,
      `${c.name}.output.${c.ext}`,
      ...(c.left.length > 0 ? [`${c.name}.left.txt`] : []),
      ...(existsSync(path.join(FIXTURES, name, `${c.name}.options.json`)) ? [`${c.name}.options.json`] : []),
    ]);
    // lib/ holds the modules the cases import (src/lib/ of the virtual project), supabase/migrations its schema
    expect(files.filter((file) => file !== 'lib' && file !== 'supabase')).toEqual(claimed.sort());
  });

  it('rewrites at least one site and leaves at least one across its fixtures', () => {
    const results = cases.map((c) => runCase(name, c.name, c.ext, c.input, c.settings));
    expect(results.some((r) => (r.rewritten[name] ?? 0) > 0)).toBe(true);
    expect(results.some((r) => r.left.length > 0)).toBe(true);
  });
});

describe.each(all.map((c) => [`${c.codemod}/${c.name}.${c.ext}`, c] as const))('%s', (_label, c) => {
  it('gives the output fixture and reports the sites it leaves', () => {
    const result = runCase(c.codemod, c.name, c.ext, c.input, c.settings);
    expect(result.error).toBeNull();
    expect(result.after).toBe(c.output);
    expect(result.status).toBe(c.input === c.output ? 'unchanged' : 'changed');
    expect(result.left.map((site) => `${site.line}:${site.column}  ${site.reason}`)).toEqual(c.left);
  });

  it('changes nothing when run again on its output (idempotent)', () => {
    const again = runCase(c.codemod, c.name, c.ext, c.output, c.settings);
    expect(again.error).toBeNull();
    expect(again.after).toBe(c.output);
    expect(again.status).toBe('unchanged');
    expect(again.newFiles.filter((file) => !file.path.includes(`${path.sep}lib${path.sep}`))).toEqual([]);
  });

  it('leaves the rule reporting only the sites it left', () => {
    const before = lint(c.codemod, c.settings, c.input, c.ext);
    const after = lint(c.codemod, c.settings, c.output, c.ext);
    const result = runCase(c.codemod, c.name, c.ext, c.input, c.settings);
    // every reported site was either rewritten or left with a reason
    expect(before.length).toBe((result.rewritten[c.codemod] ?? 0) + result.left.length);
    // on the output, the rule reports exactly the sites a second run leaves
    const again = runCase(c.codemod, c.name, c.ext, c.output, c.settings);
    expect(after).toEqual(again.left.map(({ line, column }) => ({ line, column })));
    expect(after.length).toBe(result.left.length);
  });
});
