#!/usr/bin/env node
/**
 * `npm run bench`: generates a seeded corpus in a temp folder and measures,
 * side by side in one run, with the median of several interleaved runs in
 * fresh processes:
 *  - ESLint + the recommended config vs the same ESLint, parser and files
 *    with no rules (target <= 1.05x); strict (target <= 1.08x); one no-op
 *    rule (not a target: what ESLint costs as soon as any rule is on);
 *  - ESLint time per file at 500 / 2,000 / 4,000 files;
 *  - per-rule time from ESLint's TIMING output at the largest size (target:
 *    no rule above 2% of the total lint time);
 *  - the recommended rules under oxlint's jsPlugins vs under ESLint (same
 *    findings, time ratio);
 *  - `supabase-scale audit` vs ESLint parse-only (target <= 0.6x) and
 *    `supabase-scale codemod all --dry-run` vs a no-op jscodeshift transform
 *    (target <= 1.0x, peak memory of the process tree < 600 MB), at the main
 *    size and at every size of the sweep, with the time per file; at the main
 *    size also `audit --engine oxlint` vs `audit` (target <= 0.35x, and the
 *    same findings, file, rule, line and column); each run's
 *    output is checked against what the generator planted, so an empty or
 *    partial run cannot pass for a fast one;
 *  - a generated 4.7 MB module of 35,000 selects past the codemods' limits
 *    (`huge`): `codemod all --dry-run` with the default limits (target: peak
 *    memory <= 1 GB) and with the limits raised (a skip with its one-line
 *    reason, never a crash), and the audit of it;
 *  - the schema's load time in a fresh process, parsed vs read from the disk
 *    cache (target: <= 50 ms read), on a generated 200-migration folder and on
 *    real apps;
 *  - editor latency: the first lint of one file in a new process and then
 *    single files in the same process (median, p95), with no rules, a no-op
 *    rule, the plugin (targets: it adds <= 20 ms at p95 and <= 100 ms to the
 *    first lint), and the plugin with the disk cache off; on the corpus and
 *    real apps;
 *  - real apps (found on disk, never fetched: bench/apps.mjs): the plugin vs a
 *    no-op rule (target <= 1.15x), the audit vs ESLint parse-only (target <=
 *    0.15x on a large app with few Supabase files), `audit --engine oxlint`
 *    vs `audit` (target <= 0.35x, the same findings), each rule's time.
 *
 * The machine this runs on is shared and noisy, so every ratio is computed on
 * CPU time (user + system) first, wall time second: the lint alone for the
 * ESLint ratios (process.cpuUsage() in the worker), the whole process tree
 * for the commands (bash's `times` after the command: every process it waited
 * for, jscodeshift's workers included). Configurations are interleaved, the
 * order rotating each round, and the spread of the runs is printed.
 * `--baseline DIR` measures another build (a checkout with dist/ built) beside
 * this one in the editor and apps sections: a before/after table in one run.
 * Prints a table and writes bench/results.json. A missed target is printed
 * as missed; nothing is retried or dropped to make it pass.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DEFAULT_APPS_DIR, locateApps } from './apps.mjs';
import { createBench } from './lib/context.mjs';
import { PLANTED_BY_RULE } from './lib/planted.mjs';
import { loadNow, root } from './lib/processes.mjs';
import { appsSection } from './sections/apps.mjs';
import { cliSection, cliSetup, cliSizesSection } from './sections/cli.mjs';
import { editorSection } from './sections/editor.mjs';
import { eslintSection, sizesSection, timingSection } from './sections/eslint.mjs';
import { hugeSection } from './sections/huge.mjs';
import { oxlintSection } from './sections/oxlint.mjs';
import { schemaSection } from './sections/schema.mjs';

/** @typedef {import('./lib/context.mjs').Options} Options */
/** @typedef {import('./lib/context.mjs').Bench} Bench */

const SECTIONS = ['eslint', 'sizes', 'timing', 'oxlint', 'cli', 'cli-sizes', 'huge', 'schema', 'editor', 'apps'];

const HELP = `Usage: npm run bench -- [options]

Generates a seeded corpus in a temp folder, lints it with ESLint (with and
without the plugin) and oxlint, runs supabase-scale audit and codemod against
their baselines, measures the schema's load time and the editor's latency, and
the same on real apps found on disk; writes bench/results.json. Ratios are on
CPU time (user + system) first and wall time second; medians of interleaved
runs, with spread.

Options:
  --files N          corpus size for the ratios (default 2000)
  --runs N           runs per measurement; the median is reported (default 3)
  --sizes LIST       sizes for the time-per-file sweeps (default 500,2000,4000)
  --size-runs N      runs per size in the sweeps (default 2)
  --seed N           corpus seed (default 1)
  --apps DIR         where the real apps are (default $SUPABASE_SCALE_BENCH_APPS, else
                     ${DEFAULT_APPS_DIR}); a missing app is skipped with how to get it
  --app-runs N       runs per measurement on a real app (default 2)
  --editor-runs N    editor sessions per configuration (default 3)
  --editor-files N   single files linted in each editor session (default 50)
  --baseline DIR     another checkout of this package, with dist/ built, measured
                     beside this one (editor and apps sections)
  --only LIST        run only these sections: ${SECTIONS.join(',')} (default: all)
  --out FILE         where to write the results (default bench/results.json)
  --keep             keep the generated corpora (their folder is printed)
  --help             this text`;

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

/** @type {(name: string, value: string | undefined) => number} */
const positive = (name, value) => {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1)
    fail(`${name} needs a positive integer, got ${value === undefined ? 'nothing' : `'${value}'`}`);
  return Number(value);
};

/** @type {Record<string, keyof Options>} */
const NUMBERS = {
  '--files': 'files',
  '--runs': 'runs',
  '--size-runs': 'sizeRuns',
  '--seed': 'seed',
  '--app-runs': 'appRuns',
  '--editor-runs': 'editorRuns',
  '--editor-files': 'editorFiles',
};

/**
 * A list option: `--sizes` or `--only`.
 *
 * @param {Options} options
 * @param {string} arg
 * @param {string | undefined} value
 */
function listOption(options, arg, value) {
  if (arg === '--sizes') {
    if (!value) fail('--sizes needs a comma-separated list of positive integers');
    options.sizes = value.split(',').map((part) => positive('--sizes', part.trim()));
    return;
  }
  if (!value) fail(`--only needs a comma-separated list of sections (${SECTIONS.join(', ')})`);
  options.only = value.split(',').map((part) => part.trim());
  for (const section of options.only)
    if (!SECTIONS.includes(section)) fail(`--only: unknown section '${section}' (known: ${SECTIONS.join(', ')})`);
}

/**
 * A folder option: `--apps`, `--baseline` or `--out`.
 *
 * @param {Options} options
 * @param {string} arg
 * @param {string | undefined} value
 */
function pathOption(options, arg, value) {
  if (!value) fail(`${arg} needs a ${arg === '--out' ? 'file name' : 'folder'}`);
  const resolved = path.resolve(value);
  if (arg === '--out') options.out = resolved;
  else if (arg === '--apps') options.apps = resolved;
  else {
    if (!existsSync(path.join(resolved, 'dist', 'index.js')))
      fail(`--baseline ${value}: no dist/index.js there (build it first)`);
    options.baseline = resolved;
  }
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {Options} */
  const options = {
    files: 2000,
    runs: 3,
    sizes: [500, 2000, 4000],
    sizeRuns: 2,
    seed: 1,
    only: [...SECTIONS],
    out: path.join(root, 'bench', 'results.json'),
    keep: false,
    apps: process.env.SUPABASE_SCALE_BENCH_APPS ?? DEFAULT_APPS_DIR,
    appRuns: 2,
    editorRuns: 3,
    editorFiles: 50,
    baseline: null,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = /** @type {string} */ (argv[i]);
    const number = NUMBERS[arg];
    if (arg === '--help' || arg === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (number) /** @type {Record<string, unknown>} */ (options)[number] = positive(arg, argv[++i]);
    else if (arg === '--sizes' || arg === '--only') listOption(options, arg, argv[++i]);
    else if (arg === '--apps' || arg === '--baseline' || arg === '--out') pathOption(options, arg, argv[++i]);
    else if (arg === '--keep') options.keep = true;
    else fail(`unknown option '${arg}' (see --help)`);
  }
  return options;
}

/**
 * The header of the report: the corpus, what was planted, the versions, the commit.
 *
 * @param {Bench} bench
 */
function header(bench) {
  const { options, results, say, load } = bench;
  const main = bench.corpus(options.files);
  process.stderr.write(`corpus: ${main.info.files} files, ${(main.info.bytes / 1e6).toFixed(1)} MB in ${main.dir}\n`);
  say(
    `# supabase-scale bench: ${options.files} files (seed ${options.seed}), medians of interleaved runs in fresh processes`,
  );
  say(
    `node ${process.version}, ${cpus().length} cores, ESLint ${results.versions.eslint}, @typescript-eslint/parser ${results.versions.parser}, oxlint ${results.versions.oxlint}, jscodeshift ${results.versions.jscodeshift}`,
  );
  say(
    `corpus: ${Object.entries(main.info.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  say(
    `planted: ${Object.entries(PLANTED_BY_RULE)
      .map(([rule, k]) => `${rule} ${k ? main.info.planted[k] : 0}`)
      .join(', ')}`,
  );
  say(
    'CPU = user + system time (the primary figure: the machine is shared); wall shown too; spread = (max - min) / median of the runs.',
  );
  say(
    `commit ${results.commit.hash ?? '(not a git checkout)'}${results.commit.dirty ? ' with uncommitted changes' : ''}, ${results.date}`,
  );
  if (options.baseline) {
    const head = spawnSync('git', ['-C', options.baseline, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
    results.baseline = { dir: options.baseline, commit: head.status === 0 ? head.stdout.trim() : null };
    say(`--baseline: ${options.baseline} (${results.baseline.commit ?? 'not a git checkout'})`);
  }
  say(`load average at start: ${load.before.join(' ')}`);
}

/**
 * The load average, the targets missed and the checks failed; writes results.json.
 *
 * @param {Bench} bench
 */
function summarize(bench) {
  const { load, results, say, options } = bench;
  load.after = loadNow();
  results.load = load;
  say();
  say(
    `load average (1, 5, 15 min) before ${load.before.join(' ')}, after ${load.after.join(' ')} on ${cpus().length} cores; at each section: ${Object.entries(
      load.sections,
    )
      .map(([name, l]) => `${name} ${l[0]}`)
      .join(', ')}`,
  );
  say('(other work on this machine makes wall times noisy: judge by the CPU ratios and their spread)');
  const missed = results.targets.filter((t) => !t.met);
  const failedChecks = results.checks.filter((c) => !c.met);
  say(missed.length ? `targets missed: ${missed.map((t) => t.name).join('; ')}` : 'all measured targets met');
  if (failedChecks.length) say(`checks failed: ${failedChecks.map((c) => c.name).join('; ')}`);
  if (results.notMeasured.length) say(`not measured: ${results.notMeasured.length} (see above)`);
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results written to ${path.relative(process.cwd(), options.out) || options.out}`);
}

/** @param {Bench} bench */
async function sections(bench) {
  const { wants } = bench;
  const apps = locateApps(bench.options.apps);
  if (wants('eslint')) await eslintSection(bench);
  if (wants('sizes')) await sizesSection(bench);
  if (wants('timing')) await timingSection(bench);
  if (wants('oxlint')) await oxlintSection(bench);
  const setup = wants('cli') || wants('cli-sizes') ? await cliSetup(bench) : null;
  if (setup && wants('cli')) await cliSection(bench, setup);
  if (setup && wants('cli-sizes')) await cliSizesSection(bench, setup);
  if (wants('huge')) await hugeSection(bench);
  if (wants('schema')) schemaSection(bench, apps);
  if (wants('editor')) await editorSection(bench, apps);
  if (wants('apps')) await appsSection(bench, apps);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const bench = await createBench(options);
  try {
    header(bench);
    await sections(bench);
    summarize(bench);
  } finally {
    if (options.keep) console.log(`corpora kept in ${bench.work}`);
    else rmSync(bench.work, { recursive: true, force: true });
  }
}

main().catch((/** @type {unknown} */ error) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
