// Lints the project itself: TypeScript sources and tests, and the scripts and the
// bench (JavaScript with JSDoc types, checked by tsc's checkJs), with typescript-eslint's
// strictTypeChecked (typed linting), and the rules with eslint-plugin-eslint-plugin's
// recommended rules; functions in src/, scripts/ and bench/ stay within 120 lines
// (max-lines-per-function).
import tsParser from '@typescript-eslint/parser';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

const scriptFiles = ['scripts/**/*.{js,mjs,cjs}', 'bench/**/*.{js,mjs,cjs}'];
const typedFiles = ['src/**/*.ts', 'test/**/*.ts', ...scriptFiles];

export default [
  { ignores: ['dist/', 'fixtures/', 'coverage/', 'transforms/'] },
  {
    files: ['**/*.ts', ...scriptFiles],
    languageOptions: { parser: tsParser },
  },
  ...tseslint.configs.strictTypeChecked.map((config) => ({ ...config, files: typedFiles })),
  {
    files: typedFiles,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // ESTree node types are compared with string literals throughout: the documented style of the AST predicates.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // Numbers and booleans print unambiguously in messages and generated text.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // With noUncheckedIndexedAccess, `arr[i]!` after a bounds/length check (~70 sites) is the idiomatic narrowing.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/**/*.ts', ...scriptFiles],
    rules: {
      // A function longer than this is split into named steps; blank lines and comments do not count.
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Positions and fixtures are indexed after the test asserted the length.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/rules/**/*.ts'],
    ...eslintPlugin.configs['rules-recommended'],
  },
  {
    files: ['test/rules/**/*.test.ts'],
    ...eslintPlugin.configs['tests-recommended'],
  },
];
