/**
 * `npm run test:scale`: every fixture case of every codemod (with the default
 * settings) through jscodeshift's own runner and through the CLI
 * (test/e2e/jscodeshift-run.ts); `npm test` runs a few cases of each
 * (test/e2e/jscodeshift.test.ts). Needs dist/ (test:scale builds first).
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, it } from 'vitest';
import { codemods } from '../../src/codemods/index.js';
import { defaultCases, expectJscodeshiftAsCli } from '../e2e/jscodeshift-run.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe.each(Object.keys(codemods))('transforms/%s.cjs on every fixture case', (name) => {
  it("gives, through jscodeshift's runner, the CLI's output and the fixture outputs", () => {
    expectJscodeshiftAsCli(name, defaultCases(name), temps);
  });
});
