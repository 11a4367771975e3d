#!/usr/bin/env node
// `npm run demo`: lints fixtures/demo-app with the plugin's recommended config,
// loaded from dist/ (built by the npm script), and prints the findings.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import plugin from '../dist/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const app = path.join(root, 'fixtures', 'demo-app');

const eslint = new ESLint({
  cwd: app,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } },
    plugin.configs.recommended,
  ],
});

const results = await eslint.lintFiles(['src']);
const formatter = await eslint.loadFormatter('stylish');
process.stdout.write(await formatter.format(results));

const perRule = new Map();
for (const result of results) {
  for (const message of result.messages) {
    const key = message.ruleId ?? '(parse error)';
    perRule.set(key, (perRule.get(key) ?? 0) + 1);
  }
}
console.log(`demo-app: ${results.length} files linted with ${plugin.meta.name} ${plugin.meta.version} (recommended)`);
for (const [rule, count] of [...perRule].sort()) console.log(`  ${rule}: ${count}`);
if (perRule.has('(parse error)')) process.exitCode = 1;
