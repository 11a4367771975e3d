// `supabase-scale audit` against ESLint parse-only and `supabase-scale
// codemod all --dry-run` against a no-op jscodeshift transform over the
// generated corpus, at the main size (`cli`, with `audit --engine oxlint`
// beside `audit`) and at every size of the sweep (`cli-sizes`); every run is
// checked against what the generator planted.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDist } from '../../scripts/dist.mjs';
import { parseJson } from '../../scripts/json.mjs';
import { PLANTED_BY_RULE, plantedMismatches } from '../lib/planted.mjs';
import { eslintRun, interleaved, root, run } from '../lib/processes.mjs';
import { at, fmt, lastOf, mb, median, pct, pick, range, ratio, summary, x3 } from '../lib/stats.mjs';

/**
 * @typedef {import('../lib/context.mjs').Bench} Bench
 * @typedef {import('../lib/context.mjs').Corpus} Corpus
 * @typedef {import('../lib/processes.mjs').Finding} Finding
 * @typedef {import('../lib/processes.mjs').RunResult} RunResult
 * @typedef {import('../lib/stats.mjs').Summary} Summary
 * @typedef {{ ok: false; reason: string } | { ok: true; file: string; engines: boolean }} CliEntry
 * @typedef {RunResult & { processed: string; sites?: Record<string, { rewritten: number; left: number }> }} CliRun
 * @typedef {'audit' | 'auditOxlint' | 'parseOnly' | 'codemod' | 'jscodeshift'} CliTaskName
 * @typedef {{ files: number; cpuMs: Record<CliTaskName, Summary>; wallMs: Record<CliTaskName, Summary>; codemodPeakMB: number; ratios: { cpu: { audit: number; codemod: number }; wall: { audit: number; codemod: number } } }} CliSizeRow
 * @typedef {{ files: { scanned: number; parsed: number; failed: number; changed: number }; findings: number; perRule: Record<string, number>; results: Finding[]; rewritten: Record<string, number>; left: { codemod: string }[] }} CliJson
 * @typedef {{ cli: { file: string; engines: boolean }; corpus: Corpus; codemodRules: Record<string, string>; recommended: string[]; problems: Set<string> }} CliContext
 */

const NOOP_TRANSFORM = path.join(root, 'bench', 'noop-transform.cjs');
const JSCODESHIFT = path.join(root, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');

/**
 * The CLI entry when this build has one: `bin.supabase-scale` of package.json, under dist/cli.
 *
 * @param {string} [base] the checkout (this one by default)
 * @returns {CliEntry}
 */
export function findCli(base = root) {
  /** @type {{ bin?: string | Record<string, string> }} */
  const pkg = parseJson(readFileSync(path.join(base, 'package.json'), 'utf8'));
  if (!existsSync(path.join(base, 'dist', 'cli')))
    return { ok: false, reason: 'CLI not present in this build (no dist/cli)' };
  const entry = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['supabase-scale'];
  if (!entry) return { ok: false, reason: 'dist/cli exists but package.json has no bin entry for supabase-scale' };
  const file = path.join(base, entry);
  if (!existsSync(file)) return { ok: false, reason: `package.json bin points to ${entry}, which does not exist` };
  // `audit --engine` (oxlint's JS plugin host) in this build?
  const engines = readFileSync(path.join(base, 'dist', 'cli', 'index.js'), 'utf8').includes("'--engine <engine>'");
  return { ok: true, file, engines };
}

/** @param {RunResult} r @param {string} what */
function cliJson(r, what) {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
  /** @type {CliJson} */
  const report = parseJson(r.stdout);
  return report;
}

/**
 * The audit over the corpus, and with `engine` through oxlint: both must
 * answer alike (file, rule, line, column of every finding).
 *
 * @param {CliContext} context
 */
function auditTasks({ cli, corpus, recommended, problems }) {
  const { dir, info } = corpus;
  /** @type {Record<string, string>} */
  const answers = {};
  /** @type {(engine: 'eslint' | 'oxlint', report: CliJson) => void} */
  const answered = (engine, report) => {
    answers[engine] = JSON.stringify(report.results.map((f) => [f.file, f.rule, f.line, f.column]));
    if (answers.eslint && answers.oxlint && answers.eslint !== answers.oxlint)
      problems.add('audit --engine oxlint: findings differ from the default engine');
  };
  /** @returns {Promise<CliRun>} */
  const audit = async () => {
    const r = await run(process.execPath, [cli.file, 'audit', '.', '--format', 'json'], { cwd: dir });
    const report = cliJson(r, 'supabase-scale audit');
    if (report.files.scanned !== info.files)
      problems.add(`audit scanned ${report.files.scanned} files of ${info.files}`);
    if (report.files.failed !== 0) problems.add(`audit: ${report.files.failed} files failed`);
    for (const m of plantedMismatches(report.perRule, info.planted, recommended)) problems.add(`audit: ${m}`);
    answered('eslint', report);
    return {
      ...r,
      processed: `${report.files.scanned} files (${report.files.parsed} parsed), ${report.findings} findings`,
    };
  };
  /** @returns {Promise<CliRun>} */
  const auditOxlint = async () => {
    const r = await run(process.execPath, [cli.file, 'audit', '.', '--format', 'json', '--engine', 'oxlint'], {
      cwd: dir,
    });
    const report = cliJson(r, 'supabase-scale audit --engine oxlint');
    answered('oxlint', report);
    return { ...r, processed: `${report.files.scanned} files, ${report.findings} findings` };
  };
  return { audit, auditOxlint };
}

/**
 * The codemods, dry, over the corpus: every planted site of a codemod's rule rewritten or left.
 *
 * @param {CliContext} context
 * @returns {() => Promise<CliRun>}
 */
function codemodTask({ cli, corpus, codemodRules, problems }) {
  const { dir, info } = corpus;
  /** @type {(key: keyof import('../corpus.mjs').Planted | undefined) => number} */
  const planted = (key) => (key ? info.planted[key] : 0);
  return async () => {
    const r = await run(process.execPath, [cli.file, 'codemod', 'all', '--dry-run', '--json', '.'], {
      cwd: dir,
      memory: true,
    });
    const report = cliJson(r, 'supabase-scale codemod');
    if (report.files.scanned !== info.files)
      problems.add(`codemod scanned ${report.files.scanned} files of ${info.files}`);
    if (report.files.failed !== 0) problems.add(`codemod: ${report.files.failed} files failed`);
    /** @type {Record<string, { rewritten: number; left: number }>} */
    const sites = {};
    for (const [name, rule] of Object.entries(codemodRules)) {
      const left = report.left.filter((site) => site.codemod === name).length;
      const rewritten = report.rewritten[name] ?? 0;
      sites[name] = { rewritten, left };
      const plantedKey = PLANTED_BY_RULE[rule];
      if (plantedKey && rewritten + left !== planted(plantedKey))
        problems.add(
          `codemod ${name}: ${rewritten} rewritten + ${left} left, ${planted(plantedKey)} ${rule} sites planted`,
        );
      if (plantedKey && planted(plantedKey) > 0 && rewritten === 0) problems.add(`codemod ${name}: rewrote nothing`);
    }
    const shown = Object.entries(sites)
      .map(([name, s]) => `${name} ${s.rewritten} rewritten + ${s.left} left`)
      .join(', ');
    return { ...r, sites, processed: `${report.files.scanned} files, ${report.files.changed} would change; ${shown}` };
  };
}

/**
 * The baselines: ESLint parse-only (no rules) and a no-op jscodeshift transform.
 *
 * @param {CliContext} context
 */
function baselineTasks({ corpus, problems }) {
  const { dir, info } = corpus;
  /** @returns {Promise<CliRun>} */
  const parseOnly = async () => {
    const r = await eslintRun(dir, 'none');
    if (r.files !== info.files) problems.add(`ESLint parse-only linted ${r.files} files of ${info.files}`);
    if (r.fatal !== 0) problems.add(`ESLint parse-only: ${r.fatal} parse errors`);
    return { ...r, code: 0, stderr: '', peakBytes: 0, hwmBytes: 0, processed: `${r.files} files` };
  };
  /** @returns {Promise<CliRun>} */
  const jscodeshift = async () => {
    const r = await run(
      process.execPath,
      [JSCODESHIFT, '--dry', '--parser=tsx', '--extensions=ts,tsx,js,jsx', '-t', NOOP_TRANSFORM, 'src'],
      { cwd: dir, memory: true },
    );
    if (r.code !== 0) throw new Error(`jscodeshift exited ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
    const count = (/** @type {string} */ label) =>
      Number(new RegExp(`^(\\d+) ${label}$`, 'm').exec(r.stdout)?.[1] ?? NaN);
    const processed = count('unmodified') + count('ok') + count('skipped');
    if (processed !== info.files || count('errors') !== 0)
      problems.add(`jscodeshift: ${processed} files processed of ${info.files}, ${count('errors')} errors`);
    return { ...r, processed: `${processed} files, ${count('errors')} errors` };
  };
  return { parseOnly, jscodeshift };
}

/**
 * The four commands of the CLI comparisons over one corpus (five with the
 * oxlint engine), each checked against what the generator planted. `problems`
 * collects what a run got wrong (an empty run, missing findings, a failed file).
 *
 * @param {{ file: string; engines: boolean }} cli
 * @param {Corpus} corpus
 * @param {Record<string, string>} codemodRules the rule of each codemod
 * @param {string[]} recommended
 */
function cliTasks(cli, corpus, codemodRules, recommended) {
  /** @type {Set<string>} */
  const problems = new Set();
  /** @type {CliContext} */
  const context = { cli, corpus, codemodRules, recommended, problems };
  const { audit, auditOxlint } = auditTasks(context);
  const { parseOnly, jscodeshift } = baselineTasks(context);
  /** @type {Record<Exclude<CliTaskName, 'auditOxlint'>, () => Promise<CliRun>> & { auditOxlint?: () => Promise<CliRun> }} */
  const tasks = {
    audit,
    ...(cli.engines ? { auditOxlint } : {}),
    parseOnly,
    codemod: codemodTask(context),
    jscodeshift,
  };
  return { tasks, problems };
}

/**
 * The codemods of this build and their rules; the CLI entry, or why there is none (then nothing is measured).
 *
 * @param {Bench} bench
 */
export async function cliSetup(bench) {
  const cli = findCli();
  if (!cli.ok) {
    bench.section('cli');
    for (const what of [
      '`supabase-scale audit` vs ESLint parse-only (target <= 0.6x)',
      '`supabase-scale codemod all --dry-run` vs a no-op jscodeshift transform (target <= 1.0x, peak memory < 600 MB at 2,000 files)',
    ]) {
      bench.say(`not measured: ${cli.reason}: ${what}`);
      bench.results.notMeasured.push({ what, reason: cli.reason });
    }
    return null;
  }
  /** @type {typeof import('../../src/codemods/index.js')} */
  const { codemods } = await loadDist('codemods/index.js');
  const codemodRules = Object.fromEntries(Object.entries(codemods).map(([name, codemod]) => [name, codemod.rule]));
  bench.results.cli = { codemods: codemodRules };
  return { cli, codemodRules };
}

const LABELS = {
  audit: '`supabase-scale audit --format json`',
  auditOxlint: '`supabase-scale audit --format json --engine oxlint`',
  parseOnly: 'ESLint parse-only (no rules)',
  codemod: '`supabase-scale codemod all --dry-run --json`',
  jscodeshift: 'jscodeshift no-op transform (parse + print, default workers)',
};

/**
 * The CLI's commands against their baselines at the main size.
 *
 * @param {Bench} bench
 * @param {NonNullable<Awaited<ReturnType<typeof cliSetup>>>} setup
 */
export async function cliSection(bench, { cli, codemodRules }) {
  const { options, say, target } = bench;
  bench.section('cli');
  const { tasks, problems } = cliTasks(cli, bench.corpus(options.files), codemodRules, bench.plugin.recommendedShort);
  const samples = await interleaved(tasks, options.runs, `CLI at ${options.files} files`);
  const names = /** @type {CliTaskName[]} */ (Object.keys(tasks));
  const runsOf = (/** @type {CliTaskName} */ name) => /** @type {CliRun[]} */ (samples[name]);
  /** @type {<T>(make: (name: CliTaskName) => T) => Record<CliTaskName, T>} */
  const perTask = (make) => /** @type {never} */ (Object.fromEntries(names.map((name) => [name, make(name)])));
  const cpu = perTask((name) => summary(pick(runsOf(name), 'cpu')));
  const wall = perTask((name) => summary(pick(runsOf(name), 'wall')));
  const peak = (/** @type {CliTaskName} */ name) => Math.max(...pick(runsOf(name), 'peakBytes'));
  const hwm = (/** @type {CliTaskName} */ name) => Math.max(...pick(runsOf(name), 'hwmBytes'));
  say(
    `## supabase-scale CLI vs its baselines (${options.files} files, the whole process tree, start-up included, ${options.runs} interleaved rounds)`,
  );
  say(
    '| command | CPU (median) | CPU runs (ms) | CPU spread | wall (median) | wall spread | peak memory, tree | what it processed (last run) |',
  );
  say('| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |');
  for (const name of names) {
    const memory =
      name === 'codemod' || name === 'jscodeshift' ? `${mb(peak(name))} (high-water sum ${mb(hwm(name))})` : '-';
    say(
      `| ${LABELS[name]} | ${fmt(cpu[name].median)} | ${cpu[name].runs.join(', ')} | ${pct(cpu[name].spread)} | ${fmt(wall[name].median)} | ${pct(wall[name].spread)} | ${memory} | ${lastOf(runsOf(name)).processed} |`,
    );
  }
  const auditCpu = ratio(pick(samples.audit, 'cpu'), pick(samples.parseOnly, 'cpu'));
  const auditWall = ratio(pick(samples.audit, 'wall'), pick(samples.parseOnly, 'wall'));
  const cliResults = /** @type {NonNullable<Bench['results']['cli']>} */ (bench.results.cli);
  if (names.includes('auditOxlint')) {
    const engineCpu = ratio(pick(runsOf('auditOxlint'), 'cpu'), pick(samples.audit, 'cpu'));
    const engineWall = ratio(pick(runsOf('auditOxlint'), 'wall'), pick(samples.audit, 'wall'));
    say(
      `audit --engine oxlint vs audit (ESLint engine): CPU ${target(`audit --engine oxlint vs audit at ${options.files} files`, engineCpu.value, 0.35)}${range(engineCpu)}; wall ${x3(engineWall.value)}${range(engineWall)}`,
    );
    cliResults.engine = { files: options.files, cpu: engineCpu, wall: engineWall };
  }
  const codemodCpu = ratio(pick(samples.codemod, 'cpu'), pick(samples.jscodeshift, 'cpu'));
  const codemodWall = ratio(pick(samples.codemod, 'wall'), pick(samples.jscodeshift, 'wall'));
  say(
    `audit vs ESLint parse-only: CPU ${target(`audit vs ESLint parse-only at ${options.files} files`, auditCpu.value, 0.6)}${range(auditCpu)}; wall ${x3(auditWall.value)}${range(auditWall)}`,
  );
  say(
    `codemod all --dry-run vs jscodeshift no-op: CPU ${target(`codemod vs jscodeshift no-op at ${options.files} files`, codemodCpu.value, 1.0)}${range(codemodCpu)}; wall ${x3(codemodWall.value)}${range(codemodWall)}`,
  );
  // the high-water sum: an upper bound of the tree's peak, so the target is judged on the larger figure
  say(
    `codemod peak memory (process tree, sum of each process's high-water mark): ${target(`codemod peak memory at ${options.files} files`, hwm('codemod') / 2 ** 20, 600, ' MB', 'memory')}`,
  );
  bench.check(`audit and codemod processed the whole corpus and found what was planted (${options.runs} rounds each)`, [
    ...problems,
  ]);
  cliResults.main = {
    files: options.files,
    cpuMs: cpu,
    wallMs: wall,
    ratios: {
      cpu: { auditVsParseOnly: auditCpu, codemodVsJscodeshift: codemodCpu },
      wall: { auditVsParseOnly: auditWall, codemodVsJscodeshift: codemodWall },
    },
    peakMB: {
      codemod: peak('codemod') / 2 ** 20,
      codemodHighWater: hwm('codemod') / 2 ** 20,
      jscodeshift: peak('jscodeshift') / 2 ** 20,
      jscodeshiftHighWater: hwm('jscodeshift') / 2 ** 20,
    },
    codemodSites: lastOf(runsOf('codemod')).sites,
  };
}

/**
 * Prints the audit's and the codemod's rows of the sweep, with the CPU per added file.
 *
 * @param {Bench} bench
 * @param {CliSizeRow[]} rows
 */
function printSweep(bench, rows) {
  const { options, say } = bench;
  /** @type {(row: CliSizeRow, cmd: CliTaskName, k: 'cpuMs' | 'wallMs') => string} */
  const perFile = (row, cmd, k) => `${(row[k][cmd].median / row.files).toFixed(2)} ms`;
  /** ms per added file between consecutive sizes: flat when the growth is linear (start-up cancels out). @type {(cmd: CliTaskName, k: 'cpuMs' | 'wallMs') => string} */
  const slopes = (cmd, k) =>
    rows
      .slice(1)
      .map((row, i) => {
        const previous = /** @type {CliSizeRow} */ (rows[i]);
        return `${previous.files}→${row.files}: ${((row[k][cmd].median - previous[k][cmd].median) / (row.files - previous.files)).toFixed(2)} ms`;
      })
      .join(', ');
  say(
    `## supabase-scale audit by size (whole process, start-up included, median of ${options.sizeRuns} rounds; every size and command in each round, the order rotating)`,
  );
  say(
    '| files | audit CPU | CPU per file | audit wall | wall per file | ESLint parse-only CPU | ratio CPU | ratio wall |',
  );
  say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows)
    say(
      `| ${row.files} | ${fmt(row.cpuMs.audit.median)} | ${perFile(row, 'audit', 'cpuMs')} | ${fmt(row.wallMs.audit.median)} | ${perFile(row, 'audit', 'wallMs')} | ${fmt(row.cpuMs.parseOnly.median)} | ${x3(row.ratios.cpu.audit)} | ${x3(row.ratios.wall.audit)} |`,
    );
  if (rows.length > 1)
    say(`audit CPU per added file: ${slopes('audit', 'cpuMs')} (ESLint parse-only: ${slopes('parseOnly', 'cpuMs')})`);
  say();
  say(
    `## supabase-scale codemod all --dry-run by size (whole process tree, median of ${options.sizeRuns} rounds, interleaved as above)`,
  );
  say(
    '| files | codemod CPU | CPU per file | codemod wall | wall per file | peak memory | jscodeshift CPU | ratio CPU | ratio wall |',
  );
  say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows)
    say(
      `| ${row.files} | ${fmt(row.cpuMs.codemod.median)} | ${perFile(row, 'codemod', 'cpuMs')} | ${fmt(row.wallMs.codemod.median)} | ${perFile(row, 'codemod', 'wallMs')} | ${row.codemodPeakMB.toFixed(0)} MB | ${fmt(row.cpuMs.jscodeshift.median)} | ${x3(row.ratios.cpu.codemod)} | ${x3(row.ratios.wall.codemod)} |`,
    );
  if (rows.length > 1)
    say(
      `codemod CPU per added file: ${slopes('codemod', 'cpuMs')} (jscodeshift no-op: ${slopes('jscodeshift', 'cpuMs')})`,
    );
}

/**
 * The CLI's commands against their baselines at every size of the sweep.
 *
 * @param {Bench} bench
 * @param {NonNullable<Awaited<ReturnType<typeof cliSetup>>>} setup
 */
export async function cliSizesSection(bench, { cli, codemodRules }) {
  const { options } = bench;
  bench.section('cli-sizes');
  /** @type {string[]} */
  const problemsAll = [];
  // all sizes and commands in one interleaved set (see the ESLint sweep)
  /** @type {Record<string, () => Promise<CliRun>>} */
  const all = {};
  /** @type {Map<number, { names: CliTaskName[]; problems: Set<string> }>} */
  const bySize = new Map();
  for (const size of options.sizes) {
    const { tasks, problems } = cliTasks(cli, bench.corpus(size), codemodRules, bench.plugin.recommendedShort);
    bySize.set(size, { names: /** @type {CliTaskName[]} */ (Object.keys(tasks)), problems });
    for (const [name, task] of Object.entries(tasks)) all[`${name}@${size}`] = task;
  }
  const s = await interleaved(all, options.sizeRuns, 'CLI by size');
  /** @type {CliSizeRow[]} */
  const rows = [];
  for (const size of options.sizes) {
    const { names, problems } = /** @type {{ names: CliTaskName[]; problems: Set<string> }} */ (bySize.get(size));
    problemsAll.push(...[...problems].map((p) => `${size} files: ${p}`));
    const runsOf = (/** @type {CliTaskName} */ name) => at(s, `${name}@${size}`);
    /** @type {(name: CliTaskName, k: 'cpu' | 'wall') => number} */
    const m = (name, k) => median(pick(runsOf(name), k));
    /** @type {<T>(make: (name: CliTaskName) => T) => Record<CliTaskName, T>} */
    const perTask = (make) => /** @type {never} */ (Object.fromEntries(names.map((name) => [name, make(name)])));
    rows.push({
      files: size,
      cpuMs: perTask((name) => summary(pick(runsOf(name), 'cpu'))),
      wallMs: perTask((name) => summary(pick(runsOf(name), 'wall'))),
      codemodPeakMB: Math.max(...pick(runsOf('codemod'), 'hwmBytes')) / 2 ** 20,
      ratios: {
        cpu: {
          audit: m('audit', 'cpu') / m('parseOnly', 'cpu'),
          codemod: m('codemod', 'cpu') / m('jscodeshift', 'cpu'),
        },
        wall: {
          audit: m('audit', 'wall') / m('parseOnly', 'wall'),
          codemod: m('codemod', 'wall') / m('jscodeshift', 'wall'),
        },
      },
    });
  }
  const cliResults = /** @type {NonNullable<Bench['results']['cli']>} */ (bench.results.cli);
  cliResults.sizes = rows;
  printSweep(bench, rows);
  bench.check('audit and codemod processed every corpus of the sweep and found what was planted', problemsAll);
}
