// Whole real apps (`apps`), on the files the audit walks: ESLint with the
// plugin's recommended config against one no-op rule and against no rules
// (with the disk cache warm, and off: the schema and the function facts of
// other modules parsed, as on a first run); the audit against ESLint parse-only (the target on a large app with few Supabase
// files); `audit --engine oxlint` against `audit` (CPU, and the same
// findings); each rule's time from ESLint's TIMING, with the disk cache warm;
// with --baseline, the other build beside this one.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadDist, pluginFile } from '../../scripts/dist.mjs';
import { parseJson } from '../../scripts/json.mjs';
import { findCli } from './cli.mjs';
import { timingRows } from './eslint.mjs';
import { baselineCache } from '../lib/context.mjs';
import { eslintRun, interleaved, run } from '../lib/processes.mjs';
import { fmt, pick, range, ratio, summary, x3 } from '../lib/stats.mjs';

/**
 * @typedef {import('../lib/context.mjs').Bench} Bench
 * @typedef {import('../apps.mjs').LocatedApp} LocatedApp
 * @typedef {import('../lib/processes.mjs').RunResult} RunResult
 * @typedef {import('../lib/processes.mjs').Finding} Finding
 * @typedef {{ cpu: number; wall: number; cpuMs?: number; ms?: number; findings: number; detail: string; answer?: string }} AppRun
 * @typedef {'none' | 'noop' | 'recommended' | 'recommendedNoCache' | 'baseline' | 'audit' | 'auditOxlint' | 'auditBaseline'} AppTask
 */

/** The plugin's share over one no-op rule on a whole app (CPU of the lint alone). */
const PLUGIN_VS_NOOP = 1.15;
/** The audit against ESLint's parse-only time on a large app with few Supabase files (whole process trees). */
const AUDIT_VS_PARSE_LARGE = 0.15;
/** `audit --engine oxlint` against `audit` on an app with migrations (issue 22, item 4). */
const OXLINT_ENGINE = 0.35;

/**
 * One ESLint run over the app's files.
 *
 * @param {string} dir
 * @param {string} list
 * @param {'none' | 'noop' | 'recommended' | 'all'} config
 * @param {{ env?: Record<string, string>; plugin?: string }} [extra]
 * @returns {Promise<AppRun & { stdout: string }>}
 */
async function lintApp(dir, list, config, extra = {}) {
  const r = await eslintRun(dir, config, { files: list, ...extra });
  return {
    cpu: r.cpu,
    wall: r.wall,
    cpuMs: r.cpuMs,
    ms: r.ms,
    findings: r.findings.length,
    detail: `${r.files} files, ${r.fatal} parse errors, ${r.findings.length - r.fatal} findings`,
    stdout: r.stdout,
  };
}

/**
 * One audit of the app (JSON report), by a CLI entry, with an engine.
 *
 * @param {string} dir
 * @param {string} cli
 * @param {string[]} [extra]
 * @returns {Promise<AppRun>}
 */
async function auditApp(dir, cli, extra = [], env = {}) {
  const r = await run(process.execPath, [cli, 'audit', '.', '--format', 'json', ...extra], { cwd: dir, env });
  // exit 1: findings or a file that could not be audited; the report says which
  if (r.code !== 0 && r.code !== 1)
    throw new Error(`audit exited ${r.code} in ${dir}: ${r.stderr.trim().split('\n')[0]}`);
  /** @type {{ files: { scanned: number; parsed: number; failed: number }; findings: number; results: Finding[] }} */
  const report = parseJson(r.stdout);
  const answer = JSON.stringify(report.results.map((f) => [f.file, f.rule, f.line, f.column]).sort());
  return {
    cpu: r.cpu,
    wall: r.wall,
    findings: report.findings,
    answer,
    detail: `${report.files.scanned} files (${report.files.parsed} parsed, ${report.files.failed} failed), ${report.findings} findings`,
  };
}

/**
 * The interleaved tasks of one app.
 *
 * @param {Bench} bench
 * @param {LocatedApp} app
 * @param {string} list
 */
function appTasks(bench, app, list) {
  const cli = findCli();
  if (!cli.ok) throw new Error(cli.reason);
  const baseline = bench.options.baseline;
  /** @type {Partial<Record<AppTask, () => Promise<AppRun>>>} */
  const tasks = {
    none: () => lintApp(app.dir, list, 'none'),
    noop: () => lintApp(app.dir, list, 'noop'),
    recommended: () => lintApp(app.dir, list, 'recommended'),
    recommendedNoCache: () => lintApp(app.dir, list, 'recommended', { env: { SUPABASE_SCALE_SCHEMA_CACHE: 'off' } }),
    audit: () => auditApp(app.dir, cli.file),
  };
  if (cli.engines && app.role === 'migrations')
    tasks.auditOxlint = () => auditApp(app.dir, cli.file, ['--engine', 'oxlint']);
  if (baseline) {
    const other = findCli(baseline);
    const env = baselineCache(bench);
    tasks.baseline = () => lintApp(app.dir, list, 'recommended', { plugin: pluginFile(baseline), env });
    if (other.ok) tasks.auditBaseline = () => auditApp(app.dir, other.file, [], env);
  }
  return tasks;
}

const LABELS = {
  none: 'ESLint, no rules (parse only)',
  noop: 'ESLint, one no-op rule',
  recommended: 'ESLint + recommended',
  recommendedNoCache: 'ESLint + recommended, disk cache off',
  baseline: 'ESLint + recommended, --baseline build',
  audit: '`supabase-scale audit`',
  auditOxlint: '`supabase-scale audit --engine oxlint`',
  auditBaseline: '`supabase-scale audit`, --baseline build',
};

/**
 * Prints one app's table and ratios; returns its results.
 *
 * @param {Bench} bench
 * @param {LocatedApp} app
 * @param {Partial<Record<AppTask, AppRun[]>>} samples
 */
function appReport(bench, app, samples) {
  const { say, target } = bench;
  say(
    '| measurement | CPU, lint alone (median) | CPU, whole process (median) | CPU runs (ms) | wall (median) | what it did (last run) |',
  );
  say('| --- | ---: | ---: | --- | ---: | --- |');
  for (const [task, runs] of Object.entries(samples)) {
    const lintCpu = runs[0]?.cpuMs === undefined ? '-' : fmt(summary(runs.map((r) => r.cpuMs ?? 0)).median);
    const cpu = summary(pick(runs, 'cpu'));
    say(
      `| ${LABELS[/** @type {AppTask} */ (task)]} | ${lintCpu} | ${fmt(cpu.median)} | ${cpu.runs.join(', ')} | ${fmt(summary(pick(runs, 'wall')).median)} | ${runs.at(-1)?.detail ?? ''} |`,
    );
  }
  const lintCpu = (/** @type {AppTask} */ task) => (samples[task] ?? []).map((r) => r.cpuMs ?? 0);
  const whole = (/** @type {AppTask} */ task) => pick(samples[task] ?? [], 'cpu');
  const recVsNoop = ratio(lintCpu('recommended'), lintCpu('noop'));
  const recVsNone = ratio(lintCpu('recommended'), lintCpu('none'));
  const coldVsNoop = ratio(lintCpu('recommendedNoCache'), lintCpu('noop'));
  const auditVsParse = ratio(whole('audit'), whole('none'));
  say(
    `${app.name}: recommended vs one no-op rule ${target(`${app.name}: ESLint + recommended vs one no-op rule`, recVsNoop.value, PLUGIN_VS_NOOP)}${range(recVsNoop)}; vs no rules ${x3(recVsNone.value)}${range(recVsNone)} (CPU of the lint alone)`,
  );
  const auditLine =
    app.role === 'large'
      ? target(`${app.name}: audit vs ESLint parse-only`, auditVsParse.value, AUDIT_VS_PARSE_LARGE)
      : `${x3(auditVsParse.value)} (not a target: an app with migrations)`;
  say(
    `${app.name}: recommended with the disk cache off (the schema and other modules' facts parsed) vs one no-op rule ${x3(coldVsNoop.value)}${range(coldVsNoop)} (not a target: a first run)`,
  );
  say(`${app.name}: audit vs ESLint parse-only ${auditLine}${range(auditVsParse)} (CPU of the whole process trees)`);
  /** @type {Record<string, unknown>} */
  const ratios = {
    recommendedVsNoop: recVsNoop,
    recommendedVsNone: recVsNone,
    recommendedNoCacheVsNoop: coldVsNoop,
    auditVsParseOnly: auditVsParse,
  };
  /** @type {string[]} */
  const problems = [];
  if (samples.auditOxlint) {
    const engine = ratio(whole('auditOxlint'), whole('audit'));
    ratios.oxlintEngineVsAudit = engine;
    const same = samples.auditOxlint.at(-1)?.answer === samples.audit?.at(-1)?.answer;
    say(
      `${app.name}: audit --engine oxlint vs audit ${target(`${app.name}: audit --engine oxlint vs audit`, engine.value, OXLINT_ENGINE)}${range(engine)}; the same findings: ${same ? 'yes' : 'NO'}`,
    );
    if (!same) problems.push(`${app.name}: audit --engine oxlint found other findings than audit`);
  }
  if (samples.baseline) ratios.recommendedVsBaseline = ratio(lintCpu('recommended'), lintCpu('baseline'));
  if (samples.auditBaseline) ratios.auditVsBaseline = ratio(whole('audit'), whole('auditBaseline'));
  return { ratios, problems };
}

/**
 * Each rule's time from ESLint's TIMING (config all), with the disk cache warm
 * (its cold cost is the interleaved cache-off lint's), and for the --baseline
 * build: one run each.
 *
 * @param {Bench} bench
 * @param {LocatedApp} app
 * @param {string} list
 */
async function appTiming(bench, app, list) {
  const { say } = bench;
  /** @type {Record<string, { ms: number; cpuMs: number; rules: Record<string, number> }>} */
  const timings = {};
  /** @type {[string, { env?: Record<string, string>; plugin?: string }][]} */
  const variants = [['cache warm', { env: { TIMING: 'all' } }]];
  const { baseline } = bench.options;
  if (baseline)
    variants.push(['baseline', { env: { TIMING: 'all', ...baselineCache(bench) }, plugin: pluginFile(baseline) }]);
  for (const [label, extra] of variants) {
    const r = await lintApp(app.dir, list, 'all', extra);
    timings[label] = {
      ms: r.ms ?? 0,
      cpuMs: r.cpuMs ?? 0,
      rules: Object.fromEntries(timingRows(r.stdout).map((row) => [row.rule, row.ms])),
    };
  }
  const labels = Object.keys(timings);
  say(
    `per-rule time (ESLint TIMING=all, config all, wall ms): ${labels.map((l) => `${l}: lint ${fmt(timings[l]?.ms ?? 0)}`).join('; ')}`,
  );
  say(`| rule | ${labels.join(' | ')} |`);
  say(`| --- | ${labels.map(() => '---:').join(' | ')} |`);
  for (const rule of Object.keys(bench.plugin.configs.all.rules ?? {}))
    say(`| ${rule} | ${labels.map((l) => `${(timings[l]?.rules[rule] ?? 0).toFixed(0)} ms`).join(' | ')} |`);
  return timings;
}

/**
 * @param {Bench} bench
 * @param {LocatedApp[]} apps
 */
export async function appsSection(bench, apps) {
  const { options, say } = bench;
  bench.section('apps');
  /** @type {typeof import('../../src/cli/walk.js')} */
  const { walk } = await loadDist('cli/walk.js');
  say(`## real apps, on the files the audit walks (${options.appRuns} interleaved rounds, fresh processes)`);
  /** @type {Record<string, unknown>[]} */
  const results = [];
  /** @type {string[]} */
  const problems = [];
  for (const app of apps) {
    if (!app.found) {
      say(`${app.name}: skipped: ${app.reason}`);
      bench.results.notMeasured.push({ what: `the app ${app.name}`, reason: app.reason });
      continue;
    }
    const files = walk([app.dir], { ignore: [], cwd: app.dir });
    const list = path.join(bench.work, `app-files-${app.name}.json`);
    writeFileSync(list, JSON.stringify(files));
    say();
    say(`### ${app.name} (${app.repository} at ${app.commit.slice(0, 12)}): ${app.what}; ${files.length} files walked`);
    // the disk cache warm for every schema the lint finds and every module's facts, as after any
    // earlier run on this machine (the cache-off runs show the cold cost)
    await lintApp(app.dir, list, 'recommended');
    if (options.baseline)
      await lintApp(app.dir, list, 'recommended', { plugin: pluginFile(options.baseline), env: baselineCache(bench) });
    const samples = await interleaved(
      /** @type {Record<string, () => Promise<AppRun>>} */ (appTasks(bench, app, list)),
      options.appRuns,
      app.name,
    );
    const judged = appReport(bench, app, samples);
    problems.push(...judged.problems);
    const timing = await appTiming(bench, app, list);
    const runs = Object.fromEntries(
      Object.entries(samples).map(([task, list]) => [
        task,
        {
          cpuMs: summary(pick(list, 'cpu')),
          wallMs: summary(pick(list, 'wall')),
          ...(list[0]?.cpuMs === undefined ? {} : { lintCpuMs: summary(list.map((r) => r.cpuMs ?? 0)) }),
          findings: list.at(-1)?.findings,
          detail: list.at(-1)?.detail,
        },
      ]),
    );
    results.push({
      name: app.name,
      repository: app.repository,
      commit: app.commit,
      role: app.role,
      files: files.length,
      runs,
      ...judged,
      timing,
    });
  }
  if (results.some((r) => r.role === 'migrations'))
    bench.check('audit --engine oxlint finds what audit finds on every app', problems);
  bench.results.apps = results;
}
