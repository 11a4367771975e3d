import { RuleTester } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';

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
