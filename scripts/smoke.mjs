#!/usr/bin/env node
// `npm run smoke -- <dir>`: lints any directory with every rule of the plugin
// (config `all`, from dist/), one file at a time so that a rule that throws
// is pinned to its file. Reports rule crashes, files that do not parse,
// suggestions whose output does not parse, and the findings per rule.
// Exits 1 on any crash or unparsable suggestion, 2 on bad input.
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint, Linter } from 'eslint';

const HELP = `Usage: npm run smoke -- <dir> [options]

Lints every JS/TS file under <dir> with all rules of eslint-plugin-supabase-scale
(node_modules, .git, dist, build and similar folders are skipped; inline
eslint comments are ignored, they name rules not loaded here) and reports
rule crashes, parse failures, suggestions whose output does not parse, and a
count of findings per rule. Exits 1 on a crash or an unparsable suggestion.

Options:
  --findings     print every finding (file:line:column rule message)
  --json FILE    also write the full report as JSON
  --help         this text`;

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', '.next', '.nuxt', '.svelte-kit', '.output', 'coverage', '.turbo', '.vercel', '.expo']);
const EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const MAX_BYTES = 1_000_000;

function fail(message) {
  console.error(`smoke: ${message}`);
  process.exit(2);
}

const args = process.argv.slice(2);
let dir = null;
let showFindings = false;
let jsonOut = null;
for (let i = 0; i < args.length; i += 1) {
  const arg = args[i];
  if (arg === '--help' || arg === '-h') {
    console.log(HELP);
    process.exit(0);
  } else if (arg === '--findings') showFindings = true;
  else if (arg === '--json') {
    jsonOut = args[++i];
    if (!jsonOut) fail('--json needs a file name');
  } else if (arg.startsWith('-')) fail(`unknown option '${arg}' (see --help)`);
  else if (dir === null) dir = arg;
  else fail(`one directory only (got '${dir}' and '${arg}')`);
}
if (dir === null) fail('which directory? usage: npm run smoke -- <dir> (see --help)');
// npm runs scripts from the package root: resolve against where the user was
const base = process.env.INIT_CWD ?? process.cwd();
const target = path.resolve(base, dir);
if (!existsSync(target)) fail(`${dir}: no such directory`);
if (!statSync(target).isDirectory()) fail(`${dir}: not a directory`);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'dist', 'index.js'))) fail('dist/ is missing: run `npm run smoke` (it builds first) or `npm run build`');
const { default: plugin } = await import(path.join(root, 'dist', 'index.js'));

const skipped = [];

function* walk(folder) {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    skipped.push({ file: folder, reason: `cannot read: ${error.code ?? error.message}` });
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isSymbolicLink()) continue; // never follow links: no loops, nothing outside <dir>
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(full);
    } else if (entry.isFile() && EXTENSIONS.test(entry.name)) {
      yield full;
    }
  }
}

const languageOptions = (file) => ({
  parser: tsParser,
  parserOptions: { ecmaFeatures: { jsx: !/\.[cm]?ts$/.test(file) } },
});

const eslint = new ESLint({
  cwd: target,
  overrideConfigFile: true,
  ignore: false,
  // the project's own eslint-disable comments name rules that are not loaded here
  overrideConfig: [
    { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
    { files: ['**/*.{ts,mts,cts}'], languageOptions: languageOptions('x.ts') },
    { files: ['**/*.{js,mjs,cjs,jsx,tsx}'], languageOptions: languageOptions('x.tsx') },
    plugin.configs.all,
  ],
});
const linter = new Linter({ configType: 'flat' });

function parseError(file, text) {
  const fatal = linter
    .verify(text, [{ files: ['**/*'], languageOptions: languageOptions(file) }], file)
    .find((message) => message.fatal);
  return fatal ? `${fatal.line}:${fatal.column} ${fatal.message}` : null;
}

const crashes = [];
const parseFailures = [];
const badSuggestions = [];
const findings = [];
const perRule = Object.fromEntries(Object.keys(plugin.configs.all.rules).map((rule) => [rule, 0]));
let linted = 0;
let other = 0;
const started = performance.now();

for (const file of walk(target)) {
  const relative = path.relative(target, file);
  const size = lstatSync(file).size;
  if (size > MAX_BYTES) {
    skipped.push({ file: relative, reason: `${(size / 1e6).toFixed(1)} MB: larger than 1 MB (generated or minified)` });
    continue;
  }
  const text = readFileSync(file, 'utf8');
  let results;
  try {
    results = await eslint.lintText(text, { filePath: file });
  } catch (error) {
    crashes.push({ file: relative, message: error.message.split('\n').slice(0, 3).join(' | ') });
    continue;
  }
  linted += 1;
  for (const message of results[0]?.messages ?? []) {
    if (message.fatal) {
      parseFailures.push({ file: relative, message: `${message.line}:${message.column} ${message.message}` });
      continue;
    }
    if (!message.ruleId?.startsWith(`${plugin.meta.namespace}/`)) {
      other += 1; // e.g. ESLint's note on an inline comment it ignores
      continue;
    }
    perRule[message.ruleId] = (perRule[message.ruleId] ?? 0) + 1;
    findings.push({ file: relative, line: message.line, column: message.column, rule: message.ruleId, message: message.message });
    for (const suggestion of message.suggestions ?? []) {
      const output = text.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + text.slice(suggestion.fix.range[1]);
      const error = parseError(file, output);
      if (error) badSuggestions.push({ file: relative, line: message.line, column: message.column, rule: message.ruleId, suggestion: suggestion.desc, error });
    }
  }
}

const seconds = (performance.now() - started) / 1000;
console.log(`smoke: ${target}`);
console.log(`  ${linted} files linted in ${seconds.toFixed(1)} s with ${plugin.meta.name} ${plugin.meta.version} (config all)`);
console.log(`  rule crashes: ${crashes.length}`);
for (const crash of crashes) console.log(`    ${crash.file}: ${crash.message}`);
console.log(`  files that do not parse: ${parseFailures.length}`);
for (const failure of parseFailures.slice(0, 20)) console.log(`    ${failure.file}:${failure.message}`);
if (parseFailures.length > 20) console.log(`    ... and ${parseFailures.length - 20} more`);
console.log(`  suggestions whose output does not parse: ${badSuggestions.length}`);
for (const bad of badSuggestions) console.log(`    ${bad.file}:${bad.line}:${bad.column} ${bad.rule} "${bad.suggestion}": ${bad.error}`);
if (skipped.length) {
  console.log(`  skipped: ${skipped.length}`);
  for (const skip of skipped) console.log(`    ${skip.file}: ${skip.reason}`);
}
if (other) console.log(`  other messages (not from this plugin, such as notes on ignored inline comments): ${other}`);
console.log('  findings per rule:');
for (const [rule, count] of Object.entries(perRule)) console.log(`    ${rule}: ${count}`);
if (showFindings) {
  for (const finding of findings) console.log(`  ${finding.file}:${finding.line}:${finding.column} ${finding.rule} ${finding.message}`);
}
console.log(
  existsSync(path.join(root, 'dist', 'cli'))
    ? '  codemods --dry-run: not run yet: dist/cli exists, but this smoke run does not drive it yet (add it here)'
    : '  codemods --dry-run: not run: the supabase-scale CLI and its codemods are not in this build (no dist/cli)',
);

if (jsonOut) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path.resolve(base, jsonOut), `${JSON.stringify({ target, linted, seconds, crashes, parseFailures, badSuggestions, skipped, perRule, findings }, null, 2)}\n`);
}
process.exitCode = crashes.length > 0 || badSuggestions.length > 0 ? 1 : 0;
