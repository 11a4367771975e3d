/**
 * One measured ESLint run in a fresh process (so every configuration starts
 * from the same cold JIT): lints `--dir` with @typescript-eslint/parser and
 * the named config of the plugin (or no rules at all, or one no-op rule),
 * single-threaded, no cache, and writes {ms, cpuMs, files, fatal, findings}
 * as JSON to `--out`: `ms` is the wall time of the lint alone, `cpuMs` its CPU
 * time (user + system of this process, every thread: V8's GC helpers too),
 * both without the start-up. With TIMING=all in the environment ESLint prints
 * its per-rule table on stdout at exit. `--files LIST.json` lints those files
 * (a real app: the files the audit walks) instead of the folder; `--plugin
 * FILE` takes the plugin from another build's dist/index.js (the bench's
 * --baseline).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { pluginFile as builtPlugin } from '../scripts/dist.mjs';
import { importAs, parseJson } from '../scripts/json.mjs';

const args = process.argv.slice(2);
/** @type {(name: string) => string | undefined} */
const option = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const dir = option('--dir');
const config = option('--config') ?? 'none';
const out = option('--out');
const list = option('--files');
const pluginFile = option('--plugin');
const CONFIGS = ['none', 'noop', 'recommended', 'strict', 'all'];
if (!dir || !out || !CONFIGS.includes(config)) {
  console.error(
    `usage: eslint-worker.mjs --dir DIR --config ${CONFIGS.join('|')} --out FILE [--files LIST.json] [--plugin FILE]`,
  );
  process.exit(2);
}

/** @type {typeof import('../src/index.js')} */
const { default: plugin } = await importAs(pathToFileURL(pluginFile ?? builtPlugin()).href);

/**
 * One rule that listens to every call and does nothing: what ESLint itself
 * costs as soon as any rule is on (the AST walk and the selector dispatch),
 * to tell that cost apart from the plugin's own.
 */
/** @type {import('eslint').Linter.Config} */
const noop = {
  plugins: {
    bench: { rules: { noop: { meta: { type: 'problem', schema: [] }, create: () => ({ CallExpression() {} }) } } },
  },
  rules: { 'bench/noop': 'error' },
};

const eslint = new ESLint({
  cwd: dir,
  overrideConfigFile: true,
  cache: false,
  overrideConfig: [
    {
      files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
      languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
    },
    ...(config === 'none'
      ? []
      : config === 'noop'
        ? [noop]
        : [plugin.configs[/** @type {'recommended' | 'strict' | 'all'} */ (config)]]),
  ],
});

/** @type {string[]} */
const targets = list ? parseJson(readFileSync(list, 'utf8')) : ['.'];
const cpuStart = process.cpuUsage();
const start = performance.now();
const results = await eslint.lintFiles(targets);
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000;

const findings = [];
let fatal = 0;
for (const result of results) {
  for (const message of result.messages) {
    if (message.fatal) fatal += 1;
    findings.push({
      file: result.filePath,
      rule: message.ruleId,
      line: message.line,
      column: message.column,
      endLine: message.endLine,
      endColumn: message.endColumn,
    });
  }
}
writeFileSync(out, JSON.stringify({ ms, cpuMs, files: results.length, fatal, findings }));
