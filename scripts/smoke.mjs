#!/usr/bin/env node
// `npm run smoke -- <dir>`: lints any directory with every rule of the plugin
// (config `all`, from dist/), one file at a time so that a rule that throws
// is pinned to its file, then runs every codemod with --dry-run (the codemod
// engine of dist/, one file at a time, each codemod alone and all of them
// together as `codemod all` does). Reports rule crashes, files that do not
// parse, suggestions whose output does not parse, findings per rule, codemod
// crashes, rewrites whose output does not parse (checked here, not taken from
// the engine), rewrites that a second run changes again, rewritten sites the
// rule still reports, and sites rewritten and left per codemod; then runs the
// supabase-scale CLI itself (audit and codemod all --dry-run) on the folder
// and checks it against the above. Nothing is written under <dir>.
// Exits 1 on any crash, unparsable output, non-idempotent rewrite, rewritten
// site still reported, or audit miss; 2 on bad input.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, Linter } from 'eslint';
import { loadDist, root } from './dist.mjs';
import { parseJson } from './json.mjs';
import { smokeTypecheck } from './smoke-typecheck.mjs';

/**
 * @typedef {{ file: string; line: number; column: number; endLine?: number; endColumn?: number; rule: string; message: string }} Finding
 * @typedef {{ file: string; relative: string; text: string }} Source
 * @typedef {{ kind: string; codemod: string; file: string; detail: string }} CodemodProblem
 * @typedef {{ filesChanged: number; rewritten: number; left: number; declarations: number; reasons: Record<string, number>; leftSites?: string[] }} CodemodStats
 * @typedef {{ settingsNote: string | null; perCodemod: Record<string, CodemodStats>; problems: CodemodProblem[]; inputParseFailures: number; helperFiles: { path: string; parses: boolean }[]; failed: boolean; seconds?: number }} CodemodsReport
 * @typedef {{ file: string; line: number; column: number; rule: string; message: string }} AuditResult
 * @typedef {{ files: { scanned: number; parsed: number; failed: number }; findings: number; perRule: Record<string, number>; results: AuditResult[]; failed: { file: string; error: string }[] }} AuditJson
 * @typedef {{ files: { scanned: number; changed: number; failed: number }; rewritten: Record<string, number>; left: unknown[]; failed: { file: string; error: string }[] }} CodemodJson
 * @typedef {{ failed: boolean; problems: string[]; audit?: Record<string, unknown>; codemod?: Record<string, unknown> }} CliReport
 * @typedef {import('../src/codemods/codemod.js').Codemod} Codemod
 */

const HELP = `Usage: npm run smoke -- <dir> [options]

Lints every JS/TS file under <dir> with all rules of eslint-plugin-supabase-scale
(node_modules, .git, dist, build and similar folders are skipped; inline
eslint comments are ignored, they name rules not loaded here) and reports
rule crashes, parse failures, suggestions whose output does not parse, and a
count of findings per rule.

Then runs every codemod in dry-run mode on the same files (each codemod alone,
then all of them in the order of \`codemod all\`) and reports codemod crashes,
rewritten output that does not parse, rewrites that a second run changes
again, rewritten sites the codemod's rule still reports, and the sites
rewritten and left per codemod (with the reasons). Last, the supabase-scale
CLI runs on <dir> (audit --format json, codemod all --dry-run --json): it must
not fail unexpectedly, and the audit must report every finding ESLint finds
with the recommended rules on the files it walks. Nothing is written under
<dir>.

Exits 1 on a crash, an unparsable suggestion or rewrite, a rewrite that is not
idempotent or whose site is still reported, or an audit that misses a finding.

Options:
  --findings     print every finding (file:line:column rule message)
  --left         print every site a codemod leaves (file:line reason)
  --no-codemods  lint only
  --typecheck    also write \`codemod all\` into a copy of <dir> (node_modules linked) and
                 type-check each of its TypeScript projects before and after (exit 1 on an
                 added error; scripts/smoke-typecheck.mjs)
  --json FILE    also write the full report as JSON
  --help         this text`;

const EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const MAX_BYTES = 1_000_000;

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`smoke: ${message}`);
  process.exit(2);
}

const args = process.argv.slice(2);
/** @type {string | null} */
let dir = null;
let showFindings = false;
let showLeft = false;
let runCodemods = true;
let typecheck = false;
/** @type {string | undefined} */
let jsonOut;
for (let i = 0; i < args.length; i += 1) {
  const arg = /** @type {string} */ (args[i]);
  if (arg === '--help' || arg === '-h') {
    console.log(HELP);
    process.exit(0);
  } else if (arg === '--findings') showFindings = true;
  else if (arg === '--left') showLeft = true;
  else if (arg === '--no-codemods') runCodemods = false;
  else if (arg === '--typecheck') typecheck = true;
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

/** @type {typeof import('../src/index.js')} */
const { default: plugin } = await loadDist('index.js');
// the CLI's own walk, and the folders it always skips (node_modules, build output, ...)
/** @type {typeof import('../src/cli/walk.js')} */
const { walk: cliWalk, ALWAYS_SKIPPED: SKIP_DIRS } = await loadDist('cli/walk.js');

/** @type {{ file: string; reason: string }[]} */
const skipped = [];

/**
 * @param {string} folder
 * @returns {Generator<string>}
 */
function* walk(folder) {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    const { code, message } = /** @type {NodeJS.ErrnoException} */ (error);
    skipped.push({ file: folder, reason: `cannot read: ${code ?? message}` });
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

/** @type {(file: string) => import('eslint').Linter.LanguageOptions} */
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

/**
 * The name a text is checked under: Linter matches its config against names
 * relative to process.cwd(), and gives a file outside it no config at all
 * (no parser, no rules: it would "parse" anything). Only the extension
 * matters.
 */
const virtualName = (/** @type {string} */ file) => `smoke${path.extname(file)}`;
/** Named patterns: a universal `**\/*` alone does not make ESLint lint a .ts file (only its defaults, .js .mjs .cjs). */
const SOURCE_FILES = ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'];

/**
 * @param {string} file
 * @param {string} text
 * @returns {string | null} the parse error, or null when it parses
 */
function parseError(file, text) {
  const fatal = linter
    // inline comments off, as in the lint above: ESLint 10 reports a /* eslint-env */ comment as fatal
    .verify(
      text,
      [{ files: SOURCE_FILES, languageOptions: languageOptions(file), linterOptions: { noInlineConfig: true } }],
      virtualName(file),
    )
    .find((message) => message.fatal);
  return fatal ? `${fatal.line}:${fatal.column} ${fatal.message}` : null;
}

/** @type {{ file: string; message: string }[]} */
const crashes = [];
/** @type {{ file: string; message: string }[]} */
const parseFailures = [];
/** @type {{ file: string; line: number; column: number; rule: string; suggestion: string; error: string }[]} */
const badSuggestions = [];
/** @type {Finding[]} */
const findings = [];
const perRule = Object.fromEntries(Object.keys(plugin.configs.all.rules ?? {}).map((rule) => [rule, 0]));
let linted = 0;
let other = 0;
const started = performance.now();
/** The files linted, with their text: the codemods run on the same ones. @type {Source[]} */
const sources = [];

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
    crashes.push({
      file: relative,
      message: String(/** @type {{ message?: unknown }} */ (error).message)
        .split('\n')
        .slice(0, 3)
        .join(' | '),
    });
    continue;
  }
  linted += 1;
  sources.push({ file, relative, text });
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
    findings.push({
      file: relative,
      line: message.line,
      column: message.column,
      endLine: message.endLine,
      endColumn: message.endColumn,
      rule: message.ruleId,
      message: message.message,
    });
    for (const suggestion of message.suggestions ?? []) {
      const output = text.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + text.slice(suggestion.fix.range[1]);
      const error = parseError(file, output);
      if (error)
        badSuggestions.push({
          file: relative,
          line: message.line,
          column: message.column,
          rule: message.ruleId,
          suggestion: suggestion.desc,
          error,
        });
    }
  }
}

const seconds = (performance.now() - started) / 1000;
console.log(`smoke: ${target}`);
console.log(
  `  ${linted} files linted in ${seconds.toFixed(1)} s with ${plugin.meta.name} ${plugin.meta.version} (config all)`,
);
console.log(`  rule crashes: ${crashes.length}`);
for (const crash of crashes) console.log(`    ${crash.file}: ${crash.message}`);
console.log(`  files that do not parse: ${parseFailures.length}`);
for (const failure of parseFailures.slice(0, 20)) console.log(`    ${failure.file}:${failure.message}`);
if (parseFailures.length > 20) console.log(`    ... and ${parseFailures.length - 20} more`);
console.log(`  suggestions whose output does not parse: ${badSuggestions.length}`);
for (const bad of badSuggestions)
  console.log(`    ${bad.file}:${bad.line}:${bad.column} ${bad.rule} "${bad.suggestion}": ${bad.error}`);
if (skipped.length) {
  console.log(`  skipped: ${skipped.length}`);
  for (const skip of skipped) console.log(`    ${skip.file}: ${skip.reason}`);
}
if (other) console.log(`  other messages (not from this plugin, such as notes on ignored inline comments): ${other}`);
console.log('  findings per rule:');
for (const [rule, count] of Object.entries(perRule)) console.log(`    ${rule}: ${count}`);
if (showFindings) {
  for (const finding of findings)
    console.log(`  ${finding.file}:${finding.line}:${finding.column} ${finding.rule} ${finding.message}`);
}
const lintFailed = crashes.length > 0 || badSuggestions.length > 0;
const codemodReport = runCodemods ? await smokeCodemods() : null;
const cliReport = runCodemods ? smokeCli() : null;
const typecheckReport =
  runCodemods && typecheck ? smokeTypecheck(target, path.join(root, 'dist', 'cli', 'bin.js')) : null;

if (jsonOut) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    path.resolve(base, jsonOut),
    `${JSON.stringify({ target, linted, seconds, crashes, parseFailures, badSuggestions, skipped, perRule, findings, codemods: codemodReport, cli: cliReport, typecheck: typecheckReport }, null, 2)}\n`,
  );
}
process.exitCode = lintFailed || codemodReport?.failed || cliReport?.failed || typecheckReport?.failed ? 1 : 0;

// ---------------------------------------------------------------- codemods

/**
 * The codemods' engine and registry from dist/, and the settings `supabase-scale
 * codemod` run in the folder would use; null when this build has no CLI.
 */
async function codemodSetup() {
  if (!existsSync(path.join(root, 'dist', 'cli'))) {
    console.log(
      '  codemods --dry-run: not run: the supabase-scale CLI and its codemods are not in this build (no dist/cli)',
    );
    return null;
  }
  /** @type {typeof import('../src/codemods/engine.js')} */
  const { CodemodEngine } = await loadDist('codemods/engine.js');
  /** @type {typeof import('../src/codemods/index.js')} */
  const { codemods } = await loadDist('codemods/index.js');
  /** @type {typeof import('../src/cli/settings.js')} */
  const { codemodSettings } = await loadDist('cli/settings.js');
  /** @type {typeof import('../src/codemods/settings.js')} */
  const { defaultSettings } = await loadDist('codemods/settings.js');
  /** @type {import('../src/codemods/codemod.js').CodemodSettings} */
  let settings;
  let settingsNote = null;
  try {
    // what `supabase-scale codemod` run in <dir> would use (its tsconfig's path aliases, its config file)
    settings = codemodSettings(target, {}).settings;
  } catch (error) {
    settings = defaultSettings(target);
    settingsNote = `settings: ${/** @type {Error} */ (error).message}; running with the defaults`;
  }
  const readFile = (/** @type {string} */ file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  };
  const env = { settings, types: null, readFile };
  const names = Object.keys(codemods);
  const codemodOf = (/** @type {string} */ name) => /** @type {Codemod} */ (codemods[name]);
  const runs = [
    ...names.map((name) => ({ label: name, list: [codemodOf(name)] })),
    { label: 'all', list: names.map(codemodOf) },
  ];
  return { CodemodEngine, settings, settingsNote, env, runs };
}

/**
 * Where a codemod's rule reports on a text, with the options matching the settings.
 *
 * @param {import('../src/codemods/codemod.js').CodemodSettings} settings
 * @returns {(codemod: Codemod, file: string, text: string) => string[]}
 */
function ruleSitesWith(settings) {
  const ruleLinter = new Linter({ configType: 'flat' });
  return (codemod, file, text) =>
    ruleLinter
      .verify(
        text,
        [
          { files: SOURCE_FILES, languageOptions: languageOptions(file), linterOptions: { noInlineConfig: true } },
          {
            files: SOURCE_FILES,
            plugins: { [plugin.meta.namespace]: plugin },
            rules: { [`${plugin.meta.namespace}/${codemod.rule}`]: ['error', codemod.ruleOptions(settings)] },
          },
        ],
        virtualName(file),
      )
      .filter((message) => message.ruleId === `${plugin.meta.namespace}/${codemod.rule}`)
      .map((message) => `${message.line}:${message.column}`)
      .sort();
}

/**
 * @typedef {{
 *   engine: import('../src/codemods/engine.js').CodemodEngine;
 *   list: Codemod[];
 *   label: string;
 *   stats: Required<CodemodStats>;
 *   report: CodemodsReport;
 *   inputFailures: Set<string>;
 *   ruleSites: (codemod: Codemod, file: string, text: string) => string[];
 *   problem: (kind: string, relative: string, detail: string) => void;
 * }} CodemodRun
 */

/**
 * One codemod run (one codemod, or all) on one file: its counts, the files it
 * creates, and the checks on a rewritten file.
 *
 * @param {CodemodRun} run
 * @param {Source} source
 */
function codemodOnFile(run, { file, relative, text }) {
  const { engine, label, stats, report, inputFailures, problem } = run;
  let result;
  try {
    result = engine.transform(file, text);
  } catch (error) {
    problem(
      'crash',
      relative,
      /** @type {Error} */ (error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(error),
    );
    return;
  }
  if (result.status === 'failed') {
    if (/would not parse/.test(result.error ?? ''))
      problem('rewrite does not parse (refused by the engine)', relative, result.error ?? '');
    else if (parseError(file, text) === null)
      problem('the engine says the file does not parse, but it parses', relative, result.error ?? '');
    else inputFailures.add(relative);
    return;
  }
  for (const count of Object.values(result.rewritten)) stats.rewritten += count;
  for (const count of Object.values(result.declarations)) stats.declarations += count;
  stats.left += result.left.length;
  for (const site of result.left) {
    const reason = site.reason.replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N');
    stats.reasons[reason] = (stats.reasons[reason] ?? 0) + 1;
    stats.leftSites.push(`${relative}:${site.line}  ${label === 'all' ? `${site.codemod}: ` : ''}${site.reason}`);
  }
  for (const created of result.newFiles) {
    const shown = path.relative(target, created.path);
    if (report.helperFiles.some((known) => known.path === shown)) continue;
    const error = parseError(created.path, created.text);
    report.helperFiles.push({ path: shown, parses: error === null });
    if (error) problem('created file does not parse', path.relative(target, created.path), error);
  }
  if (result.status !== 'changed') return;
  stats.filesChanged += 1;
  checkRewrite(run, file, relative, result);
}

/**
 * A rewritten file: its output parses, a second run changes nothing, and (for
 * one codemod alone) its rule reports on the output exactly the sites left.
 *
 * @param {CodemodRun} run
 * @param {string} file
 * @param {string} relative
 * @param {import('../src/codemods/engine.js').FileResult} result
 */
function checkRewrite({ engine, list, problem, ruleSites }, file, relative, result) {
  // checked here, independently of the engine's own re-parse
  const error = parseError(file, result.after);
  if (error) {
    problem('rewrite does not parse', relative, error);
    return;
  }
  let again;
  try {
    again = engine.transform(file, result.after);
  } catch (error2) {
    problem('crash on its own output', relative, String(/** @type {Error} */ (error2).message.split('\n')[0]));
    return;
  }
  if (again.after !== result.after)
    problem('not idempotent: a second run changes the output', relative, firstDifference(result.after, again.after));
  if (list.length === 1) {
    // the rule reports, on the output, exactly the sites a second run leaves: nothing it rewrote
    const reported = ruleSites(/** @type {Codemod} */ (list[0]), file, result.after);
    const leftAgain = again.left.map((site) => `${site.line}:${site.column}`).sort();
    const still = reported.filter((site) => !leftAgain.includes(site));
    if (still.length > 0 || reported.length !== result.left.length) {
      problem(
        `${list[0]?.rule} still reports a rewritten site`,
        relative,
        `reported at ${reported.join(', ') || 'nothing'}; left ${result.left.length} (second run leaves ${leftAgain.join(', ') || 'nothing'})`,
      );
    }
  }
}

/**
 * Prints the codemods' report.
 *
 * @param {CodemodsReport} report
 * @param {Set<string>} inputFailures
 */
function printCodemods(report, inputFailures) {
  console.log(`  codemods --dry-run (engine of dist/, each codemod alone, then all; ${report.seconds?.toFixed(1)} s):`);
  if (report.settingsNote) console.log(`    ${report.settingsNote}`);
  if (inputFailures.size) console.log(`    files the codemods do not parse (left untouched): ${inputFailures.size}`);
  for (const [label, stats] of Object.entries(report.perCodemod)) {
    console.log(
      `    ${label}: ${stats.rewritten} sites rewritten${stats.declarations ? ` (+${stats.declarations} declarations marked)` : ''} in ${stats.filesChanged} files, ${stats.left} left`,
    );
    if (label === 'all') continue;
    for (const [reason, count] of Object.entries(stats.reasons).sort((a, b) => b[1] - a[1]))
      console.log(`      ${String(count).padStart(4)}  ${reason}`);
  }
  for (const helper of report.helperFiles)
    console.log(`    would create ${helper.path} (${helper.parses ? 'parses' : 'DOES NOT PARSE'})`);
  console.log(`    codemod problems: ${report.problems.length}`);
  for (const p of report.problems) console.log(`      ${p.kind}: ${p.codemod}: ${p.file}: ${p.detail}`);
  if (showLeft)
    for (const [label, stats] of Object.entries(report.perCodemod))
      if (label !== 'all') for (const site of stats.leftSites ?? []) console.log(`    left by ${label}: ${site}`);
}

/**
 * Runs every codemod, dry, over the linted files; prints and returns the report.
 *
 * @returns {Promise<CodemodsReport | null>}
 */
async function smokeCodemods() {
  const setup = await codemodSetup();
  if (!setup) return null;
  const { CodemodEngine, settings, settingsNote, env, runs } = setup;
  /** @type {CodemodsReport} */
  const report = { settingsNote, perCodemod: {}, problems: [], inputParseFailures: 0, helperFiles: [], failed: false };
  const ruleSites = ruleSitesWith(settings);
  const started = performance.now();
  /** @type {Set<string>} */
  const inputFailures = new Set();
  for (const { label, list } of runs) {
    const engine = new CodemodEngine(list, env);
    /** @type {Required<CodemodStats>} */
    const stats = { filesChanged: 0, rewritten: 0, left: 0, declarations: 0, reasons: {}, leftSites: [] };
    report.perCodemod[label] = stats;
    /** @type {(kind: string, relative: string, detail: string) => void} */
    const problem = (kind, relative, detail) => {
      report.problems.push({ kind, codemod: label, file: relative, detail });
    };
    const run = { engine, list, label, stats, report, inputFailures, ruleSites, problem };
    for (const source of sources) codemodOnFile(run, source);
  }
  report.inputParseFailures = inputFailures.size;
  report.seconds = (performance.now() - started) / 1000;
  report.failed = report.problems.length > 0;
  printCodemods(report, inputFailures);
  for (const stats of Object.values(report.perCodemod)) delete stats.leftSites;
  return report;
}

/**
 * Where two texts first differ, as a short excerpt of each.
 *
 * @param {string} a
 * @param {string} b
 */
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  const line = a.slice(0, i).split('\n').length;
  return `line ${line}: ${JSON.stringify(a.slice(i, i + 60))} became ${JSON.stringify(b.slice(i, i + 60))}`;
}

// ---------------------------------------------------------------- the CLI itself

/**
 * The supabase-scale CLI of dist/ on <dir>: `audit --format json` must report
 * every finding ESLint reported above with the recommended rules on the files
 * the audit walks (its text pre-filter must not drop one), and `codemod all
 * --dry-run --json` must finish without an unexpected error.
 */
function smokeCli() {
  const cliBin = path.join(root, 'dist', 'cli', 'bin.js');
  /** @type {CliReport} */
  const report = { failed: false, problems: [] };
  const runCli = (/** @type {string[]} */ args) =>
    spawnSync(process.execPath, [cliBin, ...args], { cwd: target, encoding: 'utf8', maxBuffer: 512 * 2 ** 20 });
  const audit = runCli(['audit', '.', '--format', 'json']);
  const codemod = runCli(['codemod', 'all', '.', '--dry-run', '--json']);
  for (const [name, result] of /** @type {const} */ ([
    ['audit', audit],
    ['codemod all --dry-run', codemod],
  ])) {
    if (result.status !== 0 && result.status !== 1)
      report.problems.push(`${name} exited ${result.status}: ${(result.stderr || '').trim().split('\n')[0]}`);
    else if (/unexpected error/.test(result.stderr))
      report.problems.push(`${name}: ${result.stderr.trim().split('\n')[0]}`);
  }
  /** @type {AuditJson | null} */
  let auditJson = null;
  /** @type {CodemodJson | null} */
  let codemodJson = null;
  try {
    auditJson = parseJson(audit.stdout);
  } catch {
    report.problems.push('audit printed no JSON report');
  }
  try {
    codemodJson = parseJson(codemod.stdout);
  } catch {
    report.problems.push('codemod printed no JSON report');
  }
  console.log('  supabase-scale CLI on the folder:');
  if (auditJson) {
    const recommended = new Set(Object.keys(plugin.configs.recommended.rules ?? {}));
    /** @type {(f: { file: string; line: number; column: number; rule: string }) => string} */
    const key = (f) => `${f.file}:${f.line}:${f.column} ${f.rule}`;
    const fromAudit = new Set(
      auditJson.results.map((f) => key({ ...f, file: f.file, rule: `${plugin.meta.namespace}/${f.rule}` })),
    );
    const auditFailed = new Set(auditJson.failed.map((f) => f.file));
    // the files the audit walks (it honours .gitignore; this smoke run does not)
    const walked = new Set(auditWalk());
    const real = realpathSync(target);
    const resolveReal = (/** @type {string} */ file) => path.join(real, file);
    const asAudit = (/** @type {string} */ file) => file.split(path.sep).join('/');
    const expected = findings.filter(
      (f) => recommended.has(f.rule) && walked.has(resolveReal(f.file)) && !auditFailed.has(asAudit(f.file)),
    );
    const missed = expected.filter((f) => !fromAudit.has(key({ ...f, file: asAudit(f.file) })));
    // and nothing the rules do not report: a finding of another rule, or on a file ESLint saw with no such finding
    const linted = new Set(sources.map((source) => asAudit(source.relative)));
    const fromEslint = new Set(findings.map((f) => key({ ...f, file: asAudit(f.file) })));
    const extra = auditJson.results.filter(
      (f) => linted.has(f.file) && !fromEslint.has(key({ ...f, rule: `${plugin.meta.namespace}/${f.rule}` })),
    );
    const skippedByAudit = [...auditFailed];
    report.audit = {
      notParsed: skippedByAudit,
      scanned: auditJson.files.scanned,
      parsed: auditJson.files.parsed,
      failed: auditJson.files.failed,
      findings: auditJson.findings,
      perRule: auditJson.perRule,
      expected: expected.length,
      missed: missed.length,
      extra: extra.length,
    };
    console.log(
      `    audit: exit ${audit.status}, ${auditJson.files.scanned} files scanned, ${auditJson.files.parsed} parsed, ${auditJson.files.failed} failed, ${auditJson.findings} findings (${Object.entries(
        auditJson.perRule,
      )
        .map(([r, n]) => `${r} ${n}`)
        .join(', ')})`,
    );
    console.log(
      `    audit vs ESLint on the files the audit walks: ${expected.length} recommended findings expected, ${missed.length} missed, ${extra.length} reported that ESLint does not`,
    );
    for (const f of missed.slice(0, 10)) console.log(`      missed: ${f.file}:${f.line}:${f.column} ${f.rule}`);
    for (const f of auditJson.failed.slice(0, 10)) console.log(`    audit could not audit: ${f.file}: ${f.error}`);
    for (const f of extra.slice(0, 10))
      console.log(`      not from the rules: ${f.file}:${f.line}:${f.column} ${f.rule}: ${f.message}`);
    if (missed.length > 0) report.problems.push(`audit missed ${missed.length} findings ESLint reports`);
    if (extra.length > 0) report.problems.push(`audit reported ${extra.length} findings the rules do not`);
    // a file the audit lints but lists as not parsed, though it parses: the list must name only real parse failures
    for (const f of auditJson.failed) {
      if (!/^does not parse/.test(f.error)) continue;
      const source = sources.find((s) => asAudit(s.relative) === f.file);
      if (source && parseError(source.file, source.text) === null)
        report.problems.push(`audit says ${f.file} ${f.error}, but it parses`);
    }
  }
  if (codemodJson) {
    report.codemod = {
      files: codemodJson.files,
      rewritten: codemodJson.rewritten,
      left: codemodJson.left.length,
      failed: codemodJson.failed,
    };
    console.log(
      `    codemod all --dry-run: exit ${codemod.status}, ${codemodJson.files.scanned} files scanned, ${codemodJson.files.changed} would change, ${codemodJson.files.failed} failed; rewritten ${Object.entries(
        codemodJson.rewritten,
      )
        .map(([r, n]) => `${r} ${n}`)
        .join(', ')}; ${codemodJson.left.length} left`,
    );
    for (const f of codemodJson.failed) {
      const source = sources.find((s) => s.relative.split(path.sep).join('/') === f.file);
      if (!/^does not parse|^cannot be read/.test(f.error)) report.problems.push(`codemod: ${f.file}: ${f.error}`);
      else if (/^does not parse/.test(f.error) && source && parseError(source.file, source.text) === null)
        report.problems.push(`codemod says ${f.file} ${f.error}, but it parses`);
    }
  }
  console.log(`    CLI problems: ${report.problems.length}`);
  for (const p of report.problems) console.log(`      ${p}`);
  report.failed = report.problems.length > 0;
  return report;
}

function auditWalk() {
  return cliWalk([target], { cwd: target, ignore: [] });
}
