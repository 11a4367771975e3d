// Lints the project itself: TypeScript sources, and the rules with
// eslint-plugin-eslint-plugin's recommended rules.
import tsParser from '@typescript-eslint/parser';
import eslintPlugin from 'eslint-plugin-eslint-plugin';

export default [
  { ignores: ['dist/', 'fixtures/', 'coverage/', 'transforms/'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser },
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
