import { RuleTester } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';
import { describe, it } from 'vitest';

// Wire @typescript-eslint/rule-tester to vitest (here, not in a setup file:
// only the rule tests load the RuleTester).
// The RuleTester registers one afterAll per tester, only to clear
// typescript-eslint's caches (the typed program of fixtures/typed-linting).
// With modules loaded once a worker (vitest.config.ts, isolate: false), the
// next rule file of the worker then builds the same program again (lib and
// supabase-js types: seconds); kept, each typed case still updates file.ts in
// it as the cases of one file do. Measured: the 9 typed rule files, 723 tests.
RuleTester.afterAll = () => undefined;
RuleTester.it = it;
RuleTester.itOnly = it.only;
RuleTester.describe = describe;

/**
 * TypeScript (file.ts) and TSX (cases with `filename: 'react.tsx'`), parsed by
 * @typescript-eslint/parser, without type information.
 */
export function typescriptTester(): RuleTester {
  return new RuleTester();
}

/** Plain JavaScript (with JSX) parsed by ESLint's own parser: the rules must not need typescript-eslint. */
export function javascriptTester(): RuleTester {
  return new RuleTester({
    defaultFilenames: { ts: 'file.js', tsx: 'react.jsx' },
    languageOptions: {
      parser: espree as never,
      parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true } },
    },
  });
}

const typedRoot = new URL('../../fixtures/typed-linting/', import.meta.url).pathname;

/**
 * TypeScript with type information (typed linting): a tsconfig fixture whose
 * program sees the real @supabase/supabase-js types.
 */
export function typedTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: typedRoot },
    },
  });
}

/** The preamble typed cases start with: a real supabase-js client. */
export const SUPABASE_CLIENT =
  "import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient('http://localhost:54321', 'anon');\n";

type Case = string | { code: string; options?: readonly unknown[] };

/**
 * Every case of a run with `extra` merged into its first option (a case's own
 * options win): a rule file whose cases are about what an option opens up
 * (require-cursor-order's `singleRowPicks`) says so once.
 */
export function withOptions<T extends { valid: readonly Case[]; invalid: readonly Case[] }>(
  tests: T,
  extra: Record<string, unknown>,
): T {
  const merge = <C extends Case>(test: C): C => {
    const withCode = (typeof test === 'string' ? { code: test } : test) as Exclude<C, string>;
    const [first, ...rest] = withCode.options ?? [];
    return { ...withCode, options: [{ ...extra, ...(first as object | undefined) }, ...rest] };
  };
  return { ...tests, valid: tests.valid.map(merge), invalid: tests.invalid.map(merge) };
}
