#!/usr/bin/env node
/**
 * `npm run bench`: generates a seeded corpus in a temp folder and measures,
 * side by side in one run, with the median of several interleaved runs in
 * fresh processes:
 *  - ESLint + the recommended config vs the same ESLint, parser and files
 *    with no rules (target <= 1.05x); strict (target <= 1.08x); one no-op
 *    rule (not a target: what ESLint costs as soon as any rule is on);
 *  - ESLint time per file at 500 / 1,000 / 2,000 / 4,000 files;
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
 *    partial run cannot pass for a fast one.
 *
 * The machine this runs on is shared and noisy, so every ratio is computed on
 * CPU time (user + system) first, wall time second: the lint alone for the
 * ESLint ratios (process.cpuUsage() in the worker), the whole process tree
 * for the commands (bash's `times` after the command: every process it waited
 * for, jscodeshift's workers included). Configurations are interleaved, the
 * order rotating each round, and the spread of the runs is printed.
 * Prints a table and writes bench/results.json. A missed target is printed
 * as missed; nothing is retried or dropped to make it pass.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDist } from '../scripts/dist.mjs';
import { generateCorpus } from './corpus.mjs';

/**
 * @typedef {{ file: string; rule: string | null; line: number; column: number; endLine?: number; endColumn?: number }} Finding
 * @typedef {{ code: number | null; wall: number; cpu: number; stdout: string; stderr: string; peakBytes: number; hwmBytes: number }} RunResult
 * @typedef {{ ms: number; cpuMs: number; files: number; fatal: number; findings: Finding[]; wall: number; cpu: number; stdout: string }} EslintResult
 * @typedef {{ ok: false; reason: string } | { ok: true; wall: number; cpu: number; findings: Finding[]; threads: number; files: number }} OxlintResult
 * @typedef {{ median: number; min: number; max: number; spread: number; runs: number[] }} Summary
 * @typedef {{ value: number; min: number; max: number; rounds: number[] }} Ratio
 * @typedef {import('./corpus.mjs').Planted} Planted
 * @typedef {{ dir: string; info: ReturnType<typeof generateCorpus> }} Corpus
 * @typedef {{ ok: false; reason: string } | { ok: true; file: string; engines: boolean }} CliEntry
 * @typedef {RunResult & { processed: string; sites?: Record<string, { rewritten: number; left: number }> }} CliRun
 * @typedef {{ files: number; cpuMs: Record<'none' | 'recommended', Summary>; wallMs: Record<'none' | 'recommended', Summary> }} SizeRow
 * @typedef {'audit' | 'auditOxlint' | 'parseOnly' | 'codemod' | 'jscodeshift'} CliTaskName
 * @typedef {{ files: number; cpuMs: Record<CliTaskName, Summary>; wallMs: Record<CliTaskName, Summary>; codemodPeakMB: number; ratios: { cpu: { audit: number; codemod: number }; wall: { audit: number; codemod: number } } }} CliSizeRow
 * @typedef {{ name: string; basis: string; value: number | boolean; limit: number | boolean; met: boolean }} Target
 * @typedef {{ name: string; met: boolean; problems: string[] }} Check
 * @typedef {{ before: number[]; sections: Record<string, number[]>; after?: number[] }} Load
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (/** @type {string} */ name) => path.join(root, 'node_modules', '.bin', name);

const SECTIONS = ['eslint', 'sizes', 'timing', 'oxlint', 'cli', 'cli-sizes'];

const HELP = `Usage: npm run bench -- [options]

Generates a seeded corpus in a temp folder, lints it with ESLint (with and
without the plugin) and oxlint, runs supabase-scale audit and codemod against
their baselines, and writes bench/results.json. Ratios are on CPU time (user +
system) first and wall time second; medians of interleaved runs, with spread.

Options:
  --files N      corpus size for the ratios (default 2000)
  --runs N       runs per measurement; the median is reported (default 5)
  --sizes LIST   sizes for the time-per-file sweeps (default 500,1000,2000,4000)
  --size-runs N  runs per size in the sweeps (default 3)
  --seed N       corpus seed (default 1)
  --only LIST    run only these sections: ${SECTIONS.join(',')} (default: all)
  --out FILE     where to write the results (default bench/results.json)
  --keep         keep the generated corpora (their folder is printed)
  --help         this text`;

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

/** @param {string[]} argv */
function parseArgs(argv) {
  const options = {
    files: 2000,
    runs: 5,
    sizes: [500, 1000, 2000, 4000],
    sizeRuns: 3,
    seed: 1,
    only: [...SECTIONS],
    out: path.join(root, 'bench', 'results.json'),
    keep: false,
  };
  /** @type {(name: string, value: string | undefined) => number} */
  const positive = (name, value) => {
    if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1)
      fail(`${name} needs a positive integer, got ${value === undefined ? 'nothing' : `'${value}'`}`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    switch (arg) {
      case '--help':
      case '-h':
        console.log(HELP);
        process.exit(0);
        break;
      case '--files':
        options.files = positive(arg, argv[++i]);
        break;
      case '--runs':
        options.runs = positive(arg, argv[++i]);
        break;
      case '--size-runs':
        options.sizeRuns = positive(arg, argv[++i]);
        break;
      case '--seed':
        options.seed = positive(arg, argv[++i]);
        break;
      case '--sizes': {
        const value = argv[++i];
        if (!value) fail('--sizes needs a comma-separated list of positive integers');
        options.sizes = value.split(',').map((part) => positive('--sizes', part.trim()));
        break;
      }
      case '--only': {
        const value = argv[++i];
        if (!value) fail(`--only needs a comma-separated list of sections (${SECTIONS.join(', ')})`);
        options.only = value.split(',').map((part) => part.trim());
        for (const section of options.only)
          if (!SECTIONS.includes(section)) fail(`--only: unknown section '${section}' (known: ${SECTIONS.join(', ')})`);
        break;
      }
      case '--out':
        if (!argv[i + 1]) fail('--out needs a file name');
        options.out = path.resolve(/** @type {string} */ (argv[++i]));
        break;
      case '--keep':
        options.keep = true;
        break;
      default:
        fail(`unknown option '${arg}' (see --help)`);
    }
  }
  return options;
}

// ---------------------------------------------------------------- statistics

/** @type {(values: number[]) => number} */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (/** @type {number} */ index) => /** @type {number} */ (sorted[index]);
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
};
/** (max - min) / median: how far apart the runs of one measurement were. @type {(values: number[]) => number} */
const spread = (values) => (values.length < 2 ? 0 : (Math.max(...values) - Math.min(...values)) / median(values));
/** @type {(values: number[]) => Summary} */
const summary = (values) => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
  spread: spread(values),
  runs: values.map((x) => Math.round(x)),
});
/**
 * Ratio of the medians, and the range of the ratios of each round (a config against its baseline in the same round).
 *
 * @param {number[]} numerator
 * @param {number[]} denominator
 * @returns {Ratio}
 */
function ratio(numerator, denominator) {
  const rounds = numerator.map((value, index) => value / /** @type {number} */ (denominator[index]));
  return { value: median(numerator) / median(denominator), min: Math.min(...rounds), max: Math.max(...rounds), rounds };
}
const fmt = (/** @type {number} */ ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const pct = (/** @type {number} */ x) => `${(x * 100).toFixed(0)}%`;
const x3 = (/** @type {number} */ value) => `${value.toFixed(3)}x`;
const range = (/** @type {Ratio} */ r) =>
  r.rounds.length < 2 ? '' : ` (rounds ${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
const mb = (/** @type {number} */ bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const loadNow = () => loadavg().map((x) => Number(x.toFixed(2)));
/** @type {<T>(record: Partial<Record<string, T>>, key: string) => T} */
const at = (record, key) => {
  const value = record[key];
  if (value === undefined) throw new Error(`no ${key}`);
  return value;
};
/** @type {<T>(list: T[]) => T} */
const lastOf = (list) => {
  const value = list.at(-1);
  if (value === undefined) throw new Error('no run');
  return value;
};

/**
 * The commit the bench ran on (results.json says which code it measured).
 *
 * @returns {{ hash: string | null; dirty: boolean | null }}
 */
function commitInfo() {
  const git = (/** @type {string[]} */ args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const head = git(['rev-parse', 'HEAD']);
  if (head.status !== 0) return { hash: null, dirty: null };
  // bench/results.json itself does not count: the bench writes it
  const status = git(['status', '--porcelain', '--', '.', ':!bench/results.json']);
  return { hash: head.stdout.trim(), dirty: status.status === 0 ? status.stdout.trim() !== '' : null };
}

// ---------------------------------------------------------------- processes

/**
 * The processes of the tree under `pid` now: resident memory of each (from
 * /proc/<pid>/stat) and its high-water mark (VmHWM of /proc/<pid>/status).
 * Null without /proc.
 *
 * @param {number | undefined} pid
 * @returns {{ pid: number; rss: number; hwm: number }[] | null}
 */
function treeSample(pid) {
  if (pid === undefined) return null;
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  /** @type {Map<number, { ppid: number; rss: number }>} */
  const info = new Map();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      info.set(Number(entry), { ppid: Number(fields[1]), rss: Number(fields[21]) * 4096 });
    } catch {
      // the process ended while we looked
    }
  }
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const [child, { ppid }] of info) {
    const siblings = children.get(ppid) ?? [];
    siblings.push(child);
    children.set(ppid, siblings);
  }
  const processes = [];
  const stack = [pid];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    const known = info.get(current);
    if (known) {
      let hwm = known.rss;
      try {
        const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${current}/status`, 'utf8'));
        if (match) hwm = Number(match[1]) * 1024;
      } catch {
        // ended
      }
      processes.push({ pid: current, rss: known.rss, hwm });
    }
    stack.push(...(children.get(current) ?? []));
  }
  return processes;
}

/**
 * bash runs the command as its child, then `times` prints the user and system
 * CPU time of bash's children: the command and every process of its tree
 * that was waited for (jscodeshift waits for its workers). LC_ALL=C after the
 * command (not for it): `times` writes the locale's decimal point.
 */
const MEASURE = 'rc=0; "$@" || rc=$?; LC_ALL=C; times > "$SUPABASE_SCALE_BENCH_TIMES"; exit $rc';
let timesCounter = 0;

/**
 * @param {string} file
 * @returns {number} milliseconds of CPU time
 */
function readTimes(file) {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const children = lines[1] ?? '';
  const seconds = [...children.matchAll(/(\d+)m(\d+)[.,](\d+)s/g)].map(
    (m) => Number(m[1]) * 60 + Number(`${m[2]}.${m[3]}`),
  );
  const [user, system] = seconds;
  if (user === undefined || system === undefined || seconds.length !== 2)
    throw new Error(`cannot read the CPU time from bash's times: ${JSON.stringify(lines)}`);
  return (user + system) * 1000;
}

/**
 * Runs a command; resolves with its wall time, the CPU time of its process
 * tree, exit code, output and, with `memory`, the peak memory of the tree
 * (sampled every 100 ms: `peakBytes` the largest sum of resident memory seen
 * at one time, `hwmBytes` the sum of each process's own high-water mark, an
 * upper bound). The sampling runs in this process, not in the measured tree,
 * so it does not count in its CPU time.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string; env?: Record<string, string>; memory?: boolean }} [options]
 * @returns {Promise<RunResult>}
 */
function run(command, args, { cwd = root, env = {}, memory = false } = {}) {
  return new Promise((resolve, reject) => {
    const timesFile = path.join(tmpdir(), `supabase-scale-bench-${process.pid}-${(timesCounter += 1)}.times`);
    const start = performance.now();
    const child = spawn('bash', ['-c', MEASURE, 'bench', command, ...args], {
      cwd,
      env: { ...process.env, ...env, SUPABASE_SCALE_BENCH_TIMES: timesFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    /** @type {Map<number, number>} */
    const hwm = new Map();
    const sample = () => {
      const processes = treeSample(child.pid);
      if (!processes) return;
      peak = Math.max(
        peak,
        processes.reduce((sum, p) => sum + p.rss, 0),
      );
      for (const p of processes) hwm.set(p.pid, Math.max(hwm.get(p.pid) ?? 0, p.hwm));
    };
    const timer = memory ? setInterval(sample, 100) : undefined;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      const wall = performance.now() - start;
      let cpu;
      try {
        cpu = readTimes(timesFile);
        unlinkSync(timesFile);
      } catch (error) {
        reject(error);
        return;
      }
      resolve({
        code,
        wall,
        cpu,
        stdout,
        stderr,
        peakBytes: peak,
        hwmBytes: [...hwm.values()].reduce((a, b) => a + b, 0),
      });
    });
  });
}

const WORKER = path.join(root, 'bench', 'eslint-worker.mjs');

/**
 * One ESLint run in a fresh process: `ms`/`cpuMs` of the lint alone (from the
 * worker), `wall`/`cpu` of the whole process (start-up included).
 *
 * @param {string} dir
 * @param {string} config
 * @param {Record<string, string>} [env]
 * @returns {Promise<EslintResult>}
 */
async function eslintRun(dir, config, env = {}) {
  const out = path.join(dir, `.result-${config}.json`);
  const result = await run(process.execPath, [WORKER, '--dir', dir, '--config', config, '--out', out], { env });
  if (result.code !== 0)
    throw new Error(`ESLint (${config}) exited ${result.code}: ${result.stderr.trim().split('\n')[0]}`);
  const data = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(out);
  return { ...data, wall: result.wall, cpu: result.cpu, stdout: result.stdout };
}

/**
 * Several rounds of several measurements; the order rotates each round so
 * that drift in the machine's load hits all alike. `tasks` maps a name to a
 * function that runs one measurement and resolves with its result.
 *
 * @template {Record<string, () => Promise<unknown>>} Tasks
 * @param {Tasks} tasks
 * @param {number} runs
 * @param {string} label
 * @returns {Promise<{ [Name in keyof Tasks]: Awaited<ReturnType<Tasks[Name]>>[] }>}
 */
async function interleaved(tasks, runs, label) {
  const names = Object.keys(tasks);
  /** @type {Record<string, unknown[]>} */
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i += 1) {
    const order = names.map((_, k) => /** @type {string} */ (names[(k + i) % names.length]));
    for (const name of order) samples[name]?.push(await /** @type {() => Promise<unknown>} */ (tasks[name])());
    process.stderr.write(`  ${label}: round ${i + 1}/${runs} done (load ${loadNow()[0]})\n`);
  }
  return /** @type {never} */ (samples);
}

/** @type {<T, K extends keyof T>(results: T[], key: K) => T[K][]} */
const pick = (results, key) => results.map((result) => result[key]);

/**
 * @param {Finding[]} findings
 * @returns {Record<string, number>}
 */
function countByRule(findings) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const f of findings) counts[f.rule ?? 'fatal'] = (counts[f.rule ?? 'fatal'] ?? 0) + 1;
  return counts;
}

/** What the generator planted for each rule of the recommended config (corpus.mjs). @type {Record<string, keyof Planted | undefined>} */
const PLANTED_BY_RULE = {
  'require-pagination': 'unbounded',
  'no-full-sync': 'fullSync',
  'require-cursor-order': 'unordered',
  'no-unbounded-realtime': 'unfilteredRealtime',
  'require-realtime-cleanup': 'leakedChannel',
};

/**
 * Differences between findings per rule (short names) and what was planted; [] when they agree.
 *
 * @param {Record<string, number>} perRule
 * @param {Planted} planted
 * @param {string[]} rules
 * @returns {string[]}
 */
function plantedMismatches(perRule, planted, rules) {
  const out = [];
  for (const rule of rules) {
    const key = PLANTED_BY_RULE[rule];
    if (!key) continue;
    const found = perRule[rule] ?? 0;
    if (found !== planted[key]) out.push(`${rule}: ${found} found, ${planted[key]} planted`);
  }
  return out;
}

/**
 * Line and column (1-based, like ESLint) of a UTF-8 byte offset... oxlint spans are in UTF-8 bytes.
 *
 * @param {string} text
 * @param {number} byteOffset
 */
function positionAt(text, byteOffset) {
  const before = Buffer.from(text).subarray(0, byteOffset).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1) ?? '').length + 1 };
}

/**
 * @param {string} dir
 * @param {string[]} rules
 * @returns {Promise<OxlintResult>}
 */
async function oxlintRun(dir, rules) {
  const config = path.join(dir, '.oxlintrc.json');
  writeFileSync(
    config,
    JSON.stringify({
      jsPlugins: [path.join(root, 'dist', 'index.js')],
      plugins: [],
      categories: { correctness: 'off' },
      rules: Object.fromEntries(rules.map((rule) => [rule, 'error'])),
    }),
  );
  const result = await run(bin('oxlint'), ['-c', config, '-f', 'json', '.'], { cwd: dir });
  rmSync(config);
  /** @type {{ diagnostics: { filename: string; code?: string; labels?: { span: { offset: number; length: number } }[] }[]; threads_count: number; number_of_files: number }} */
  let parsed;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    return {
      ok: false,
      reason: `oxlint exited ${result.code} without JSON output: ${(result.stderr || result.stdout).trim().split('\n')[0]}`,
    };
  }
  /** @type {Map<string, string>} */
  const texts = new Map();
  const findings = parsed.diagnostics.map((d) => {
    const file = path.resolve(dir, d.filename);
    const text = texts.get(file) ?? readFileSync(file, 'utf8');
    texts.set(file, text);
    const span = d.labels?.[0]?.span;
    const start = span ? positionAt(text, span.offset) : { line: 0, column: 0 };
    const end = span ? positionAt(text, span.offset + span.length) : { line: 0, column: 0 };
    const match = /^(.+)\((.+)\)$/.exec(d.code ?? '');
    return {
      file,
      rule: match ? `${match[1]}/${match[2]}` : (d.code ?? null),
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
    };
  });
  return {
    ok: true,
    wall: result.wall,
    cpu: result.cpu,
    findings,
    threads: parsed.threads_count,
    files: parsed.number_of_files,
  };
}

const key = (/** @type {Finding} */ f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.rule}`;

/**
 * The CLI entry when this build has one: `bin.supabase-scale` of package.json, under dist/cli.
 *
 * @returns {CliEntry}
 */
function findCli() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!existsSync(path.join(root, 'dist', 'cli')))
    return { ok: false, reason: 'CLI not present in this build (no dist/cli)' };
  const entry = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['supabase-scale'];
  if (!entry) return { ok: false, reason: 'dist/cli exists but package.json has no bin entry for supabase-scale' };
  const file = path.join(root, entry);
  if (!existsSync(file)) return { ok: false, reason: `package.json bin points to ${entry}, which does not exist` };
  // `audit --engine` (oxlint's JS plugin host) in this build?
  const engines = readFileSync(path.join(root, 'dist', 'cli', 'index.js'), 'utf8').includes("'--engine <engine>'");
  return { ok: true, file, engines };
}

// ---------------------------------------------------------------- the CLI and its baselines

const NOOP_TRANSFORM = path.join(root, 'bench', 'noop-transform.cjs');
const JSCODESHIFT = path.join(root, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');

/**
 * The four commands of the CLI comparisons over one corpus, each checked
 * against what the generator planted. `problems` collects what a run got
 * wrong (an empty run, missing findings, a failed file).
 *
 * @param {{ file: string; engines: boolean }} cli
 * @param {Corpus} corpus
 * @param {Record<string, string>} codemodRules the rule of each codemod
 * @param {string[]} recommended
 */
function cliTasks(cli, corpus, codemodRules, recommended) {
  const { dir, info } = corpus;
  /** @type {Set<string>} */
  const problems = new Set();
  // the findings of each engine's last run: the oxlint engine must answer as the default one
  /** @type {Record<string, string>} */
  const answers = {};
  /** @type {(engine: 'eslint' | 'oxlint', report: { results: Finding[] }) => void} */
  const answered = (engine, report) => {
    answers[engine] = JSON.stringify(report.results.map((f) => [f.file, f.rule, f.line, f.column]));
    if (answers.eslint && answers.oxlint && answers.eslint !== answers.oxlint)
      problems.add('audit --engine oxlint: findings differ from the default engine');
  };
  const auditEngine = async (/** @type {'oxlint'} */ engine) => {
    const r = await run(process.execPath, [cli.file, 'audit', '.', '--format', 'json', '--engine', engine], {
      cwd: dir,
    });
    if (r.code !== 0) throw new Error(`supabase-scale audit --engine ${engine} exited ${r.code}: ${r.stderr.trim()}`);
    const report = JSON.parse(r.stdout);
    answered(engine, report);
    return { ...r, processed: `${report.files.scanned} files, ${report.findings} findings` };
  };
  /** @type {(key: keyof Planted | undefined) => number} */
  const planted = (key) => (key ? info.planted[key] : 0);
  /** @type {Record<Exclude<CliTaskName, 'auditOxlint'>, () => Promise<CliRun>> & { auditOxlint?: () => Promise<CliRun> }} */
  const tasks = {
    audit: async () => {
      const r = await run(process.execPath, [cli.file, 'audit', '.', '--format', 'json'], { cwd: dir });
      if (r.code !== 0) throw new Error(`supabase-scale audit exited ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
      const report = JSON.parse(r.stdout);
      if (report.files.scanned !== info.files)
        problems.add(`audit scanned ${report.files.scanned} files of ${info.files}`);
      if (report.files.failed !== 0) problems.add(`audit: ${report.files.failed} files failed`);
      for (const m of plantedMismatches(report.perRule, info.planted, recommended)) problems.add(`audit: ${m}`);
      answered('eslint', report);
      return {
        ...r,
        processed: `${report.files.scanned} files (${report.files.parsed} parsed), ${report.findings} findings`,
      };
    },
    ...(cli.engines ? { auditOxlint: async () => auditEngine('oxlint') } : {}),
    parseOnly: async () => {
      const r = await eslintRun(dir, 'none');
      if (r.files !== info.files) problems.add(`ESLint parse-only linted ${r.files} files of ${info.files}`);
      if (r.fatal !== 0) problems.add(`ESLint parse-only: ${r.fatal} parse errors`);
      return { ...r, code: 0, stderr: '', peakBytes: 0, hwmBytes: 0, processed: `${r.files} files` };
    },
    codemod: async () => {
      const r = await run(process.execPath, [cli.file, 'codemod', 'all', '--dry-run', '--json', '.'], {
        cwd: dir,
        memory: true,
      });
      if (r.code !== 0) throw new Error(`supabase-scale codemod exited ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
      const report = JSON.parse(r.stdout);
      if (report.files.scanned !== info.files)
        problems.add(`codemod scanned ${report.files.scanned} files of ${info.files}`);
      if (report.files.failed !== 0) problems.add(`codemod: ${report.files.failed} files failed`);
      /** @type {Record<string, { rewritten: number; left: number }>} */
      const sites = {};
      for (const [name, rule] of Object.entries(codemodRules)) {
        const left = report.left.filter((/** @type {{ codemod: string }} */ site) => site.codemod === name).length;
        const rewritten = report.rewritten[name] ?? 0;
        sites[name] = { rewritten, left };
        const plantedKey = PLANTED_BY_RULE[rule];
        if (plantedKey && rewritten + left !== planted(plantedKey)) {
          problems.add(
            `codemod ${name}: ${rewritten} rewritten + ${left} left, ${planted(plantedKey)} ${rule} sites planted`,
          );
        }
        if (plantedKey && planted(plantedKey) > 0 && rewritten === 0) problems.add(`codemod ${name}: rewrote nothing`);
      }
      const shown = Object.entries(sites)
        .map(([name, s]) => `${name} ${s.rewritten} rewritten + ${s.left} left`)
        .join(', ');
      return {
        ...r,
        sites,
        processed: `${report.files.scanned} files, ${report.files.changed} would change; ${shown}`,
      };
    },
    jscodeshift: async () => {
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
    },
  };
  return { tasks, problems };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const wants = (/** @type {string} */ section) => options.only.includes(section);
  /** @type {typeof import('../src/index.js')} */
  const {
    default: { rules: pluginRules, configs },
  } = await loadDist('index.js');
  const recommendedRules = Object.keys(configs.recommended.rules ?? {});
  const recommendedShort = recommendedRules.map((rule) => rule.replace(/^supabase-scale\//, ''));
  const strictExtra = Object.keys(configs.strict.rules ?? {}).filter((rule) => !recommendedRules.includes(rule));

  const work = mkdtempSync(path.join(tmpdir(), 'supabase-scale-bench-'));
  /** @type {Map<number, Corpus>} */
  const corpora = new Map();
  const corpus = (/** @type {number} */ files) => {
    let made = corpora.get(files);
    if (!made) {
      const dir = path.join(work, `c${files}`);
      made = { dir, info: generateCorpus(dir, { files, seed: options.seed }) };
      corpora.set(files, made);
    }
    return made;
  };
  /** @type {Load} */
  const load = { before: loadNow(), sections: {} };
  /**
   * @type {{
   *   generatedBy: string; commit: ReturnType<typeof commitInfo>; date: string;
   *   machine: Record<string, unknown>; options: Record<string, unknown>; method: string;
   *   versions: Record<string, string>; rules: Record<string, string[]>;
   *   targets: Target[]; checks: Check[]; notMeasured: { what: string; reason: string }[];
   *   eslint?: Record<string, unknown>; sizes?: SizeRow[];
   *   timing?: { files: number; totalMs: number; totalCpuMs: number; rules: { rule: string; ms: number | null; share?: number }[] };
   *   oxlint?: Record<string, unknown>;
   *   cli?: { codemods: Record<string, string>; main?: Record<string, unknown>; sizes?: CliSizeRow[]; engine?: { files: number; cpu: Ratio; wall: Ratio } };
   *   load?: Load; report?: string[];
   * }}
   */
  const results = {
    generatedBy: 'npm run bench (bench/run.mjs): its output, not edited by hand',
    commit: commitInfo(),
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      os: `${platform()} ${release()} ${arch()}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGB: Math.round(totalmem() / 2 ** 30),
    },
    options: {
      files: options.files,
      runs: options.runs,
      sizes: options.sizes,
      sizeRuns: options.sizeRuns,
      seed: options.seed,
      only: options.only,
    },
    method:
      'ratios on CPU time (user + system) first, wall time second; ESLint ratios over the lint alone (process.cpuUsage() in the worker), command comparisons over the whole process tree (bash times); medians of interleaved runs in fresh processes, order rotating each round; spread = (max - min) / median',
    versions: {
      eslint: JSON.parse(readFileSync(path.join(root, 'node_modules', 'eslint', 'package.json'), 'utf8')).version,
      oxlint: JSON.parse(readFileSync(path.join(root, 'node_modules', 'oxlint', 'package.json'), 'utf8')).version,
      parser: JSON.parse(
        readFileSync(path.join(root, 'node_modules', '@typescript-eslint', 'parser', 'package.json'), 'utf8'),
      ).version,
      jscodeshift: JSON.parse(readFileSync(path.join(root, 'node_modules', 'jscodeshift', 'package.json'), 'utf8'))
        .version,
    },
    rules: { all: Object.keys(pluginRules), recommended: recommendedRules, strictExtra },
    targets: [],
    checks: [],
    notMeasured: [],
  };
  /** @type {(name: string, value: number, limit: number, unit?: string, basis?: string) => string} */
  const target = (name, value, limit, unit = 'x', basis = 'cpu') => {
    const met = value <= limit;
    results.targets.push({ name, basis, value: Number(value.toFixed(4)), limit, met });
    return `${value.toFixed(unit === 'x' ? 3 : 1)}${unit} (target <= ${limit}${unit}: ${met ? 'met' : 'MISSED'})`;
  };
  /** @type {string[]} */
  const lines = [];
  const say = (line = '') => {
    lines.push(line);
    console.log(line);
  };
  /** A check that the runs really processed the corpus; a failed one is printed and counted like a missed target. @type {(name: string, problems: string[]) => void} */
  const check = (name, problems) => {
    const met = problems.length === 0;
    results.checks.push({ name, met, problems });
    say(met ? `check: ${name}: yes` : `CHECK FAILED: ${name}: ${problems.join('; ')}`);
  };
  const section = (/** @type {string} */ name) => {
    load.sections[name] = loadNow();
    say();
  };

  try {
    const main = corpus(options.files);
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
    say(`load average at start: ${load.before.join(' ')}`);

    // ---------------------------------------------------------- ESLint ratios
    let eslintSamples = null;
    if (wants('eslint')) {
      section('eslint');
      /** @typedef {'none' | 'noop' | 'recommended' | 'strict'} ConfigName */
      /** @type {ConfigName[]} */
      const configNames = ['none', 'noop', 'recommended', 'strict'];
      /** @type {<T>(make: (config: ConfigName) => T) => Record<ConfigName, T>} */
      const perConfig = (make) => /** @type {never} */ (Object.fromEntries(configNames.map((c) => [c, make(c)])));
      const samples = await interleaved(
        perConfig((config) => () => eslintRun(main.dir, config)),
        options.runs,
        `ESLint ratios at ${options.files} files`,
      );
      eslintSamples = samples;
      const cpu = perConfig((c) => summary(pick(samples[c], 'cpuMs')));
      const wall = perConfig((c) => summary(pick(samples[c], 'ms')));
      /** @type {(c: ConfigName, key: 'ms' | 'cpuMs') => Ratio} */
      const vsNone = (c, key) => ratio(pick(samples[c], key), pick(samples.none, key));
      const last = perConfig((c) => lastOf(samples[c]));
      const found = countByRule(last.recommended.findings);
      const foundShort = Object.fromEntries(
        Object.entries(found).map(([rule, n]) => [rule.replace(/^supabase-scale\//, ''), n]),
      );
      say(
        `## ESLint with the plugin vs without (${options.files} files, lint time without start-up, ${options.runs} interleaved rounds)`,
      );
      say(
        `recommended found: ${
          Object.entries(found)
            .map(([r, n]) => `${r} ${n}`)
            .join(', ') || 'nothing'
        }; parse errors: ${last.none.fatal}`,
      );
      say(
        '| measurement | CPU (median) | CPU runs (ms) | CPU spread | wall (median) | wall spread | vs no rules, CPU | vs no rules, wall |',
      );
      say('| --- | ---: | --- | ---: | ---: | ---: | --- | ---: |');
      /** @type {(label: string, config: ConfigName, cpuCell: string) => void} */
      const row = (label, config, cpuCell) =>
        say(
          `| ${label} | ${fmt(cpu[config].median)} | ${cpu[config].runs.join(', ')} | ${pct(cpu[config].spread)} | ${fmt(wall[config].median)} | ${pct(wall[config].spread)} | ${cpuCell} | ${config === 'none' ? '1.000x' : x3(vsNone(config, 'ms').value)} |`,
        );
      row('ESLint, no rules (parse + scopes)', 'none', '1.000x');
      const noop = vsNone('noop', 'cpuMs');
      row(
        'ESLint, one no-op rule (ESLint’s own walk)',
        'noop',
        `${x3(noop.value)}${range(noop)} (not a target: what any rule costs)`,
      );
      const rec = vsNone('recommended', 'cpuMs');
      row('ESLint + recommended', 'recommended', `${target('recommended vs no rules', rec.value, 1.05)}${range(rec)}`);
      const strict = vsNone('strict', 'cpuMs');
      row(
        `ESLint + strict (${strictExtra.length ? `recommended + ${strictExtra.join(', ')}` : 'same rules as recommended in this build'})`,
        'strict',
        `${target('strict vs no rules', strict.value, 1.08)}${range(strict)}`,
      );
      const recVsNoop = ratio(pick(samples.recommended, 'cpuMs'), pick(samples.noop, 'cpuMs'));
      const strictVsNoop = ratio(pick(samples.strict, 'cpuMs'), pick(samples.noop, 'cpuMs'));
      say(
        `the plugin's own share, over a no-op rule (CPU): recommended ${x3(recVsNoop.value)}${range(recVsNoop)}, strict ${x3(strictVsNoop.value)}${range(strictVsNoop)}`,
      );
      results.eslint = {
        files: options.files,
        corpus: main.info,
        cpuMs: cpu,
        wallMs: wall,
        findings: found,
        parseErrors: last.none.fatal,
        ratios: {
          cpu: {
            recommendedVsNone: rec,
            strictVsNone: strict,
            noopVsNone: noop,
            recommendedVsNoop: recVsNoop,
            strictVsNoop,
          },
          wall: {
            recommendedVsNone: vsNone('recommended', 'ms'),
            strictVsNone: vsNone('strict', 'ms'),
            noopVsNone: vsNone('noop', 'ms'),
          },
        },
      };
      check(
        'ESLint + recommended found what the generator planted',
        plantedMismatches(foundShort, main.info.planted, recommendedShort),
      );
    }

    // ---------------------------------------------------------- sizes (ESLint)
    if (wants('sizes')) {
      section('sizes');
      say(
        `## ESLint time per file (lint time without start-up, median of ${options.sizeRuns} rounds; every size and config in each round, the order rotating)`,
      );
      // all sizes in one interleaved set: drift in the machine's load hits every size alike, so it cannot pass for (non-)linear growth
      /** @type {Record<string, () => Promise<EslintResult>>} */
      const tasks = {};
      for (const size of options.sizes) {
        const c = corpus(size);
        tasks[`none@${size}`] = () => eslintRun(c.dir, 'none');
        tasks[`recommended@${size}`] = () => eslintRun(c.dir, 'recommended');
      }
      const s = await interleaved(tasks, options.sizeRuns, 'ESLint by size');
      say(
        '| files | CPU, no rules | CPU, recommended | CPU per file, no rules | CPU per file, recommended | CPU ratio | wall per file, no rules | wall per file, recommended | wall ratio |',
      );
      say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
      results.sizes = [];
      for (const size of options.sizes) {
        const cpuNone = summary(pick(at(s, `none@${size}`), 'cpuMs'));
        const cpuRec = summary(pick(at(s, `recommended@${size}`), 'cpuMs'));
        const wallNone = summary(pick(at(s, `none@${size}`), 'ms'));
        const wallRec = summary(pick(at(s, `recommended@${size}`), 'ms'));
        results.sizes.push({
          files: size,
          cpuMs: { none: cpuNone, recommended: cpuRec },
          wallMs: { none: wallNone, recommended: wallRec },
        });
        say(
          `| ${size} | ${fmt(cpuNone.median)} | ${fmt(cpuRec.median)} | ${(cpuNone.median / size).toFixed(2)} ms | ${(cpuRec.median / size).toFixed(2)} ms | ${x3(cpuRec.median / cpuNone.median)} | ${(wallNone.median / size).toFixed(2)} ms | ${(wallRec.median / size).toFixed(2)} ms | ${x3(wallRec.median / wallNone.median)} |`,
        );
      }
      if (options.sizes.length > 1) {
        const rows = results.sizes;
        /** @type {(key: 'none' | 'recommended') => string} */
        const added = (key) =>
          rows
            .slice(1)
            .map((row, i) => {
              const previous = /** @type {SizeRow} */ (rows[i]);
              return `${previous.files}→${row.files}: ${((row.cpuMs[key].median - previous.cpuMs[key].median) / (row.files - previous.files)).toFixed(2)} ms`;
            })
            .join(', ');
        say(`CPU per added file: no rules ${added('none')}; recommended ${added('recommended')}`);
      }
    }

    // ---------------------------------------------------------- per-rule TIMING
    if (wants('timing')) {
      section('timing');
      const largest = Math.max(...options.sizes, options.files);
      const big = corpus(largest);
      const timing = await eslintRun(big.dir, 'all', { TIMING: 'all' });
      const ruleRows = [...timing.stdout.matchAll(/^(\S+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)%/gm)].map((m) => ({
        rule: m[1],
        ms: Number(m[2]),
      }));
      say(
        `## per-rule time (ESLint TIMING=all, config all, ${largest} files; ESLint times rules in wall time; total lint time ${fmt(timing.ms)} wall, ${fmt(timing.cpuMs)} CPU)`,
      );
      say('| rule | time | share of the total lint time (wall) |');
      say('| --- | ---: | --- |');
      results.timing = { files: largest, totalMs: timing.ms, totalCpuMs: timing.cpuMs, rules: [] };
      for (const rule of Object.keys(configs.all.rules ?? {})) {
        const hit = ruleRows.find((r) => r.rule === rule);
        if (!hit) {
          say(`| ${rule} | - | not in TIMING output |`);
          results.timing.rules.push({ rule, ms: null });
          continue;
        }
        results.timing.rules.push({ rule, ms: hit.ms, share: hit.ms / timing.ms });
        say(
          `| ${rule} | ${hit.ms.toFixed(0)} ms | ${target(`${rule} share of lint time`, (hit.ms / timing.ms) * 100, 2, '%', 'wall')} |`,
        );
      }
    }

    // ---------------------------------------------------------- oxlint
    if (wants('oxlint')) {
      section('oxlint');
      say(
        `## recommended rules under oxlint ${results.versions.oxlint} jsPlugins vs ESLint (${options.files} files, the whole command, ${options.runs} interleaved rounds)`,
      );
      /** @type {{ result: OxlintResult | null }} */
      const last = { result: null };
      const samples = await interleaved(
        {
          oxlint: async () => {
            if (last.result && !last.result.ok) return null;
            last.result = await oxlintRun(main.dir, recommendedRules);
            return last.result.ok ? last.result : null;
          },
          eslint: () => eslintRun(main.dir, 'recommended'),
        },
        options.runs,
        'oxlint vs ESLint',
      );
      const ox = last.result ?? { ok: false, reason: 'oxlint did not run' };
      if (!ox.ok) {
        say(`not measured: oxlint could not run the plugin: ${ox.reason}`);
        results.oxlint = { measured: false, reason: ox.reason };
        results.notMeasured.push({ what: 'oxlint jsPlugins', reason: ox.reason });
      } else {
        // every run gave a result (the first failure ends the runs, and lands above)
        const oxSamples = /** @type {Extract<OxlintResult, { ok: true }>[]} */ (samples.oxlint);
        const eslintLast = lastOf(samples.eslint);
        const eslintKeys = new Set(eslintLast.findings.map(key));
        const oxKeys = new Set(ox.findings.map(key));
        const onlyEslint = [...eslintKeys].filter((k) => !oxKeys.has(k));
        const onlyOx = [...oxKeys].filter((k) => !eslintKeys.has(k));
        const same = onlyEslint.length === 0 && onlyOx.length === 0;
        const cpu = { eslint: summary(pick(samples.eslint, 'cpu')), oxlint: summary(pick(oxSamples, 'cpu')) };
        const wall = { eslint: summary(pick(samples.eslint, 'wall')), oxlint: summary(pick(oxSamples, 'wall')) };
        say('| linter | findings | CPU (median) | CPU spread | wall (median) | wall spread |');
        say('| --- | ---: | ---: | ---: | ---: | ---: |');
        say(
          `| ESLint (1 thread) | ${eslintKeys.size} | ${fmt(cpu.eslint.median)} | ${pct(cpu.eslint.spread)} | ${fmt(wall.eslint.median)} | ${pct(wall.eslint.spread)} |`,
        );
        say(
          `| oxlint (${ox.threads} threads) | ${oxKeys.size} | ${fmt(cpu.oxlint.median)} | ${pct(cpu.oxlint.spread)} | ${fmt(wall.oxlint.median)} | ${pct(wall.oxlint.spread)} |`,
        );
        const cpuRatio = ratio(pick(oxSamples, 'cpu'), pick(samples.eslint, 'cpu'));
        const wallRatio = ratio(pick(oxSamples, 'wall'), pick(samples.eslint, 'wall'));
        say(
          `same findings (file, rule, start and end): ${same ? 'yes' : `NO: ${onlyEslint.length} only in ESLint, ${onlyOx.length} only in oxlint`}; oxlint / ESLint: CPU ${x3(cpuRatio.value)}${range(cpuRatio)}, wall ${x3(wallRatio.value)}${range(wallRatio)}`,
        );
        for (const k of [...onlyEslint.slice(0, 5), ...onlyOx.slice(0, 5)])
          say(`  differs: ${path.relative(main.dir, k)}`);
        results.oxlint = {
          measured: true,
          sameFindings: same,
          eslintFindings: eslintKeys.size,
          oxlintFindings: oxKeys.size,
          onlyEslint: onlyEslint.length,
          onlyOxlint: onlyOx.length,
          cpuMs: cpu,
          wallMs: wall,
          ratio: { cpu: cpuRatio, wall: wallRatio },
          threads: ox.threads,
        };
        results.targets.push({
          name: 'oxlint jsPlugins: same findings as ESLint',
          basis: 'findings',
          value: same,
          limit: true,
          met: same,
        });
      }
    }

    // ---------------------------------------------------------- CLI (audit, codemod)
    const cli = findCli();
    const wantsCli = wants('cli') || wants('cli-sizes');
    /** @type {Record<string, string>} */
    let codemodRules = {};
    /** @type {NonNullable<typeof results.cli>} */
    const cliResults = { codemods: codemodRules };
    if (wantsCli && !cli.ok) {
      section('cli');
      for (const what of [
        '`supabase-scale audit` vs ESLint parse-only (target <= 0.6x)',
        '`supabase-scale codemod all --dry-run` vs a no-op jscodeshift transform (target <= 1.0x, peak memory < 600 MB at 2,000 files)',
      ]) {
        say(`not measured: ${cli.reason}: ${what}`);
        results.notMeasured.push({ what, reason: cli.reason });
      }
    } else if (wantsCli) {
      /** @type {typeof import('../src/codemods/index.js')} */
      const { codemods } = await loadDist('codemods/index.js');
      codemodRules = Object.fromEntries(Object.entries(codemods).map(([name, codemod]) => [name, codemod.rule]));
      cliResults.codemods = codemodRules;
      results.cli = cliResults;
    }
    if (wants('cli') && cli.ok) {
      section('cli');
      const { tasks, problems } = cliTasks(cli, main, codemodRules, recommendedShort);
      const samples = await interleaved(tasks, options.runs, `CLI at ${options.files} files`);
      const names = /** @type {CliTaskName[]} */ (Object.keys(tasks));
      /** The runs of a task of `names` (auditOxlint is one only when the build has the engine). */
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
      const labels = {
        audit: '`supabase-scale audit --format json`',
        auditOxlint: '`supabase-scale audit --format json --engine oxlint`',
        parseOnly: 'ESLint parse-only (no rules)',
        codemod: '`supabase-scale codemod all --dry-run --json`',
        jscodeshift: 'jscodeshift no-op transform (parse + print, default workers)',
      };
      for (const name of names) {
        const memory =
          name === 'codemod' || name === 'jscodeshift' ? `${mb(peak(name))} (high-water sum ${mb(hwm(name))})` : '-';
        say(
          `| ${labels[name]} | ${fmt(cpu[name].median)} | ${cpu[name].runs.join(', ')} | ${pct(cpu[name].spread)} | ${fmt(wall[name].median)} | ${pct(wall[name].spread)} | ${memory} | ${lastOf(runsOf(name)).processed} |`,
        );
      }
      const auditCpu = ratio(pick(samples.audit, 'cpu'), pick(samples.parseOnly, 'cpu'));
      const auditWall = ratio(pick(samples.audit, 'wall'), pick(samples.parseOnly, 'wall'));
      if (samples.auditOxlint) {
        const engineCpu = ratio(pick(samples.auditOxlint, 'cpu'), pick(samples.audit, 'cpu'));
        const engineWall = ratio(pick(samples.auditOxlint, 'wall'), pick(samples.audit, 'wall'));
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
      check(`audit and codemod processed the whole corpus and found what was planted (${options.runs} rounds each)`, [
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
        codemodSites: lastOf(samples.codemod).sites,
      };
    }

    if (wants('cli-sizes') && cli.ok) {
      section('cli-sizes');
      /** @type {CliSizeRow[]} */
      const rows = [];
      cliResults.sizes = rows;
      /** @type {string[]} */
      const problemsAll = [];
      // all sizes and commands in one interleaved set (see the ESLint sweep)
      /** @type {Record<string, () => Promise<CliRun>>} */
      const all = {};
      /** @type {Map<number, { names: CliTaskName[]; problems: Set<string> }>} */
      const bySize = new Map();
      for (const size of options.sizes) {
        const { tasks, problems } = cliTasks(cli, corpus(size), codemodRules, recommendedShort);
        bySize.set(size, { names: /** @type {CliTaskName[]} */ (Object.keys(tasks)), problems });
        for (const [name, task] of Object.entries(tasks)) all[`${name}@${size}`] = task;
      }
      const s = await interleaved(all, options.sizeRuns, 'CLI by size');
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
      for (const row of rows) {
        say(
          `| ${row.files} | ${fmt(row.cpuMs.audit.median)} | ${perFile(row, 'audit', 'cpuMs')} | ${fmt(row.wallMs.audit.median)} | ${perFile(row, 'audit', 'wallMs')} | ${fmt(row.cpuMs.parseOnly.median)} | ${x3(row.ratios.cpu.audit)} | ${x3(row.ratios.wall.audit)} |`,
        );
      }
      if (rows.length > 1)
        say(
          `audit CPU per added file: ${slopes('audit', 'cpuMs')} (ESLint parse-only: ${slopes('parseOnly', 'cpuMs')})`,
        );
      say();
      say(
        `## supabase-scale codemod all --dry-run by size (whole process tree, median of ${options.sizeRuns} rounds, interleaved as above)`,
      );
      say(
        '| files | codemod CPU | CPU per file | codemod wall | wall per file | peak memory | jscodeshift CPU | ratio CPU | ratio wall |',
      );
      say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const row of rows) {
        say(
          `| ${row.files} | ${fmt(row.cpuMs.codemod.median)} | ${perFile(row, 'codemod', 'cpuMs')} | ${fmt(row.wallMs.codemod.median)} | ${perFile(row, 'codemod', 'wallMs')} | ${row.codemodPeakMB.toFixed(0)} MB | ${fmt(row.cpuMs.jscodeshift.median)} | ${x3(row.ratios.cpu.codemod)} | ${x3(row.ratios.wall.codemod)} |`,
        );
      }
      if (rows.length > 1)
        say(
          `codemod CPU per added file: ${slopes('codemod', 'cpuMs')} (jscodeshift no-op: ${slopes('jscodeshift', 'cpuMs')})`,
        );
      check('audit and codemod processed every corpus of the sweep and found what was planted', problemsAll);
    }

    // ---------------------------------------------------------- summary
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
    results.report = lines;
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`results written to ${path.relative(process.cwd(), options.out) || options.out}`);
  } finally {
    if (options.keep) console.log(`corpora kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
