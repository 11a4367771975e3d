#!/usr/bin/env node
/**
 * `npm run bench`: generates a seeded corpus in a temp folder and measures,
 * side by side in one run, with the median of several runs in fresh
 * processes:
 *  - ESLint + the recommended config vs the same ESLint, parser and files
 *    with no rules (target <= 1.05x); strict (target <= 1.08x);
 *  - time per file at 500 / 1,000 / 2,000 / 4,000 files;
 *  - per-rule time from ESLint's TIMING output at the largest size (target:
 *    no rule above 2% of the total lint time);
 *  - the recommended rules under oxlint's jsPlugins vs under ESLint (same
 *    findings, time ratio);
 *  - `supabase-scale audit` and `codemod all --dry-run`, when the CLI exists
 *    in dist/ (otherwise says that they are not measured).
 * Prints a table and writes bench/results.json. A missed target is printed
 * as missed; nothing is retried or dropped to make it pass.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const HELP = `Usage: npm run bench -- [options]

Generates a seeded corpus in a temp folder, lints it with ESLint (with and
without the plugin) and oxlint, and writes bench/results.json.

Options:
  --files N      corpus size for the ratios (default 2000)
  --runs N       runs per measurement; the median is reported (default 5)
  --sizes LIST   sizes for the time-per-file sweep (default 500,1000,2000,4000)
  --size-runs N  runs per size in the sweep (default 3)
  --seed N       corpus seed (default 1)
  --out FILE     where to write the results (default bench/results.json)
  --keep         keep the generated corpora (their folder is printed)
  --help         this text`;

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { files: 2000, runs: 5, sizes: [500, 1000, 2000, 4000], sizeRuns: 3, seed: 1, out: path.join(root, 'bench', 'results.json'), keep: false };
  const positive = (name, value) => {
    if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1) fail(`${name} needs a positive integer, got ${value === undefined ? 'nothing' : `'${value}'`}`);
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
      case '--out':
        if (!argv[i + 1]) fail('--out needs a file name');
        options.out = path.resolve(argv[++i]);
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

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** (max - min) / median: how far apart the runs of one measurement were. */
const spread = (values) => (values.length < 2 ? 0 : (Math.max(...values) - Math.min(...values)) / median(values));
const fmt = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const pct = (x) => `${(x * 100).toFixed(0)}%`;

/** Peak resident memory of a process and all its descendants, sampled from /proc. */
function treeRss(pid) {
  let parents;
  try {
    parents = new Map();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parents.set(Number(entry), { ppid: Number(fields[1]), rss: Number(fields[21]) * 4096 });
      } catch {
        // the process ended while we looked
      }
    }
  } catch {
    return null; // no /proc: memory is not measured
  }
  const children = new Map();
  for (const [child, { ppid }] of parents) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(child);
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const current = stack.pop();
    total += parents.get(current)?.rss ?? 0;
    stack.push(...(children.get(current) ?? []));
  }
  return total;
}

/**
 * Runs a command; resolves with its wall time, exit code, output and, with
 * `memory`, its peak memory (process tree, sampled every 100 ms: the sampling
 * costs CPU, so timing-only runs do without it).
 */
function run(command, args, { cwd = root, env = {}, memory = false } = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    const sample = () => {
      const rss = treeRss(child.pid);
      if (rss !== null) peak = Math.max(peak, rss);
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
      resolve({ code, wall: performance.now() - start, stdout, stderr, peakBytes: peak });
    });
  });
}

const WORKER = path.join(root, 'bench', 'eslint-worker.mjs');

async function eslintRun(dir, config, env = {}) {
  const out = path.join(dir, `.result-${config}.json`);
  const result = await run(process.execPath, [WORKER, '--dir', dir, '--config', config, '--out', out], { env });
  if (result.code !== 0) throw new Error(`ESLint (${config}) exited ${result.code}: ${result.stderr.trim().split('\n')[0]}`);
  const data = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(out);
  return { ...data, wall: result.wall, stdout: result.stdout, peakBytes: result.peakBytes };
}

/** Several interleaved runs of several configs; the order rotates each run so drift hits all alike. */
async function interleaved(dir, configs, runs, label) {
  const samples = Object.fromEntries(configs.map((c) => [c, { ms: [], wall: [] }]));
  let last = {};
  for (let i = 0; i < runs; i += 1) {
    const order = configs.map((_, k) => configs[(k + i) % configs.length]);
    for (const config of order) {
      const result = await eslintRun(dir, config);
      samples[config].ms.push(result.ms);
      samples[config].wall.push(result.wall);
      last[config] = result;
    }
    process.stderr.write(`  ${label}: run ${i + 1}/${runs} done\n`);
  }
  return { samples, last };
}

function countByRule(findings) {
  const counts = {};
  for (const f of findings) counts[f.rule ?? 'fatal'] = (counts[f.rule ?? 'fatal'] ?? 0) + 1;
  return counts;
}

/** Line and column (1-based, like ESLint) of a UTF-8 byte offset... oxlint spans are in UTF-8 bytes. */
function positionAt(text, byteOffset) {
  const before = Buffer.from(text).subarray(0, byteOffset).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

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
  let parsed;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    return { ok: false, reason: `oxlint exited ${result.code} without JSON output: ${(result.stderr || result.stdout).trim().split('\n')[0]}` };
  }
  const texts = new Map();
  const findings = parsed.diagnostics.map((d) => {
    const file = path.resolve(dir, d.filename);
    if (!texts.has(file)) texts.set(file, readFileSync(file, 'utf8'));
    const span = d.labels?.[0]?.span;
    const start = span ? positionAt(texts.get(file), span.offset) : { line: 0, column: 0 };
    const end = span ? positionAt(texts.get(file), span.offset + span.length) : { line: 0, column: 0 };
    const match = /^(.+)\((.+)\)$/.exec(d.code ?? '');
    return { file, rule: match ? `${match[1]}/${match[2]}` : d.code, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  });
  return { ok: true, wall: result.wall, findings, threads: parsed.threads_count, files: parsed.number_of_files };
}

const key = (f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.rule}`;

/** The CLI entry when this build has one: `bin.supabase-scale` of package.json, under dist/cli. */
function findCli() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!existsSync(path.join(root, 'dist', 'cli'))) return { ok: false, reason: 'CLI not present in this build (no dist/cli)' };
  const entry = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['supabase-scale'];
  if (!entry) return { ok: false, reason: 'dist/cli exists but package.json has no bin entry for supabase-scale' };
  const file = path.join(root, entry);
  if (!existsSync(file)) return { ok: false, reason: `package.json bin points to ${entry}, which does not exist` };
  return { ok: true, file };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(root, 'dist', 'index.js'))) fail('dist/ is missing: run `npm run bench` (it builds first) or `npm run build`');
  const { rules: pluginRules, configs } = (await import(path.join(root, 'dist', 'index.js'))).default;
  const recommendedRules = Object.keys(configs.recommended.rules);
  const strictExtra = Object.keys(configs.strict.rules).filter((rule) => !recommendedRules.includes(rule));

  const work = mkdtempSync(path.join(tmpdir(), 'supabase-scale-bench-'));
  const corpora = new Map();
  const corpus = (files) => {
    if (!corpora.has(files)) {
      const dir = path.join(work, `c${files}`);
      corpora.set(files, { dir, info: generateCorpus(dir, { files, seed: options.seed }) });
    }
    return corpora.get(files);
  };
  const load = { before: loadavg() };
  const results = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30) },
    options: { files: options.files, runs: options.runs, sizes: options.sizes, sizeRuns: options.sizeRuns, seed: options.seed },
    versions: {
      eslint: JSON.parse(readFileSync(path.join(root, 'node_modules', 'eslint', 'package.json'), 'utf8')).version,
      oxlint: JSON.parse(readFileSync(path.join(root, 'node_modules', 'oxlint', 'package.json'), 'utf8')).version,
      parser: JSON.parse(readFileSync(path.join(root, 'node_modules', '@typescript-eslint', 'parser', 'package.json'), 'utf8')).version,
    },
    rules: { all: Object.keys(pluginRules), recommended: recommendedRules, strictExtra },
    targets: [],
    notMeasured: [],
  };
  const target = (name, value, limit, unit = 'x') => {
    const met = value <= limit;
    results.targets.push({ name, value: Number(value.toFixed(4)), limit, met });
    return `${value.toFixed(unit === 'x' ? 3 : 1)}${unit} (target <= ${limit}${unit}: ${met ? 'met' : 'MISSED'})`;
  };
  const lines = [];
  const say = (line = '') => {
    lines.push(line);
    console.log(line);
  };

  try {
    // ---------------------------------------------------------- ESLint ratios
    const main = corpus(options.files);
    process.stderr.write(`corpus: ${main.info.files} files, ${(main.info.bytes / 1e6).toFixed(1)} MB in ${main.dir}\n`);
    const { samples, last } = await interleaved(main.dir, ['none', 'noop', 'recommended', 'strict'], options.runs, `ESLint ratios at ${options.files} files`);
    const med = Object.fromEntries(Object.entries(samples).map(([c, s]) => [c, median(s.ms)]));
    const found = countByRule(last.recommended.findings);
    results.eslint = {
      files: options.files,
      corpus: main.info,
      medianMs: med,
      samplesMs: Object.fromEntries(Object.entries(samples).map(([c, s]) => [c, s.ms.map((x) => Math.round(x))])),
      spread: Object.fromEntries(Object.entries(samples).map(([c, s]) => [c, Number(spread(s.ms).toFixed(3))])),
      findings: found,
      parseErrors: last.none.fatal,
    };

    say(`# supabase-scale bench: ${options.files} files (seed ${options.seed}), median of ${options.runs} runs in fresh processes`);
    say(`node ${process.version}, ${cpus().length} cores, ESLint ${results.versions.eslint}, @typescript-eslint/parser ${results.versions.parser}, oxlint ${results.versions.oxlint}`);
    say(`corpus: ${Object.entries(main.info.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}; planted ${main.info.planted.unbounded} unbounded reads, ${main.info.planted.fullSync} full syncs`);
    say(`recommended found: ${Object.entries(found).map(([r, n]) => `${r} ${n}`).join(', ') || 'nothing'}; parse errors: ${last.none.fatal}`);
    say();
    say('| measurement | median | runs (ms) | spread | ratio vs no rules |');
    say('| --- | ---: | --- | ---: | --- |');
    const row = (label, config, extra) =>
      say(`| ${label} | ${fmt(med[config])} | ${samples[config].ms.map((x) => Math.round(x)).join(', ')} | ${pct(spread(samples[config].ms))} | ${extra} |`);
    row('ESLint, no rules (parse + scopes)', 'none', '1.000x');
    row('ESLint, one no-op rule (ESLint’s own walk)', 'noop', `${(med.noop / med.none).toFixed(3)}x (not a target: what any rule costs)`);
    row('ESLint + recommended', 'recommended', target('recommended vs no rules', med.recommended / med.none, 1.05));
    row(
      `ESLint + strict (${strictExtra.length ? `recommended + ${strictExtra.join(', ')}` : 'same rules as recommended in this build'})`,
      'strict',
      target('strict vs no rules', med.strict / med.none, 1.08),
    );
    say(`plugin's own share over a no-op rule: recommended ${(med.recommended / med.noop).toFixed(3)}x, strict ${(med.strict / med.noop).toFixed(3)}x`);
    results.eslint.ratios = {
      recommendedVsNone: med.recommended / med.none,
      strictVsNone: med.strict / med.none,
      noopVsNone: med.noop / med.none,
      recommendedVsNoop: med.recommended / med.noop,
    };
    if (found['supabase-scale/require-pagination'] !== main.info.planted.unbounded || (found['supabase-scale/no-full-sync'] ?? 0) !== main.info.planted.fullSync) {
      say(`note: findings differ from what the generator planted (${main.info.planted.unbounded} unbounded, ${main.info.planted.fullSync} full syncs)`);
    }

    // ---------------------------------------------------------- sizes
    say();
    say(`## time per file (ESLint, median of ${options.sizeRuns} runs)`);
    say('| files | no rules | recommended | per file, no rules | per file, recommended | ratio |');
    say('| ---: | ---: | ---: | ---: | ---: | ---: |');
    results.sizes = [];
    for (const size of options.sizes) {
      const c = corpus(size);
      const { samples: s } = await interleaved(c.dir, ['none', 'recommended'], options.sizeRuns, `size ${size}`);
      const none = median(s.none.ms);
      const rec = median(s.recommended.ms);
      results.sizes.push({ files: size, noneMs: none, recommendedMs: rec, perFileNoneMs: none / size, perFileRecommendedMs: rec / size, spread: { none: spread(s.none.ms), recommended: spread(s.recommended.ms) } });
      say(`| ${size} | ${fmt(none)} | ${fmt(rec)} | ${(none / size).toFixed(2)} ms | ${(rec / size).toFixed(2)} ms | ${(rec / none).toFixed(3)}x |`);
    }

    // ---------------------------------------------------------- per-rule TIMING
    const largest = Math.max(...options.sizes, options.files);
    const big = corpus(largest);
    const timing = await eslintRun(big.dir, 'all', { TIMING: 'all' });
    const ruleRows = [...timing.stdout.matchAll(/^(\S+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)%/gm)].map((m) => ({ rule: m[1], ms: Number(m[2]) }));
    say();
    say(`## per-rule time (ESLint TIMING=all, config all, ${largest} files, total lint time ${fmt(timing.ms)})`);
    say('| rule | time | share of total |');
    say('| --- | ---: | --- |');
    results.timing = { files: largest, totalMs: timing.ms, rules: [] };
    for (const rule of Object.keys(configs.all.rules)) {
      const hit = ruleRows.find((r) => r.rule === rule);
      if (!hit) {
        say(`| ${rule} | - | not in TIMING output |`);
        results.timing.rules.push({ rule, ms: null });
        continue;
      }
      results.timing.rules.push({ rule, ms: hit.ms, share: hit.ms / timing.ms });
      say(`| ${rule} | ${hit.ms.toFixed(0)} ms | ${target(`${rule} share of lint time`, (hit.ms / timing.ms) * 100, 2, '%')} |`);
    }

    // ---------------------------------------------------------- oxlint
    say();
    say(`## recommended rules under oxlint ${results.versions.oxlint} jsPlugins vs ESLint (${options.files} files, wall time of the whole command, median of ${options.runs})`);
    const oxWalls = [];
    let ox;
    for (let i = 0; i < options.runs; i += 1) {
      ox = await oxlintRun(main.dir, recommendedRules);
      if (!ox.ok) break;
      oxWalls.push(ox.wall);
    }
    if (!ox.ok) {
      say(`not measured: oxlint could not run the plugin: ${ox.reason}`);
      results.oxlint = { measured: false, reason: ox.reason };
    } else {
      const eslintKeys = new Set(last.recommended.findings.map(key));
      const oxKeys = new Set(ox.findings.map(key));
      const onlyEslint = [...eslintKeys].filter((k) => !oxKeys.has(k));
      const onlyOx = [...oxKeys].filter((k) => !eslintKeys.has(k));
      const eslintWall = median(samples.recommended.wall);
      const oxWall = median(oxWalls);
      const same = onlyEslint.length === 0 && onlyOx.length === 0;
      say(`| linter | findings | wall time (median) | runs (ms) |`);
      say('| --- | ---: | ---: | --- |');
      say(`| ESLint (1 thread) | ${eslintKeys.size} | ${fmt(eslintWall)} | ${samples.recommended.wall.map((x) => Math.round(x)).join(', ')} |`);
      say(`| oxlint (${ox.threads} threads) | ${oxKeys.size} | ${fmt(oxWall)} | ${oxWalls.map((x) => Math.round(x)).join(', ')} |`);
      say(`same findings (file, rule, start and end): ${same ? 'yes' : `NO: ${onlyEslint.length} only in ESLint, ${onlyOx.length} only in oxlint`}; time oxlint / ESLint: ${(oxWall / eslintWall).toFixed(3)}x`);
      for (const k of [...onlyEslint.slice(0, 5), ...onlyOx.slice(0, 5)]) say(`  differs: ${path.relative(main.dir, k)}`);
      results.oxlint = { measured: true, sameFindings: same, eslintFindings: eslintKeys.size, oxlintFindings: oxKeys.size, onlyEslint: onlyEslint.length, onlyOxlint: onlyOx.length, eslintWallMs: eslintWall, oxlintWallMs: oxWall, ratio: oxWall / eslintWall, threads: ox.threads };
      results.targets.push({ name: 'oxlint jsPlugins: same findings as ESLint', value: same, limit: true, met: same });
    }

    // ---------------------------------------------------------- CLI (audit, codemod)
    say();
    say('## supabase-scale CLI');
    const cli = findCli();
    const noopTransform = path.join(root, 'bench', 'noop-transform.cjs');
    const jscodeshift = path.join(root, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
    const jscsArgs = (dir) => [jscodeshift, '--dry', '--silent', '--parser=tsx', '--extensions=ts,tsx,js,jsx', '-t', noopTransform, path.join(dir, 'src')];
    if (!cli.ok) {
      for (const what of ['`supabase-scale audit` vs ESLint parse-only (target <= 0.6x)', '`supabase-scale codemod all --dry-run` vs a no-op jscodeshift transform (target <= 1.0x, peak memory < 600 MB at 2,000 files)']) {
        say(`not measured: ${cli.reason}: ${what}`);
        results.notMeasured.push({ what, reason: cli.reason });
      }
      // the baseline alone, so the comparison has a reference when the CLI lands
      const base = await run(process.execPath, jscsArgs(main.dir), { memory: true });
      say(`baseline only: jscodeshift no-op transform (parse + print, jscodeshift's default workers) over ${options.files} files: ${fmt(base.wall)}, peak memory ${(base.peakBytes / 2 ** 20).toFixed(0)} MB, exit ${base.code}`);
      results.jscodeshiftBaseline = { files: options.files, wallMs: base.wall, peakMB: base.peakBytes / 2 ** 20, exit: base.code };
    } else {
      results.cli = { audit: [], codemod: null };
      say('| files | audit | ESLint parse-only | ratio | audit per file |');
      say('| ---: | ---: | ---: | ---: | ---: |');
      for (const size of options.sizes) {
        const c = corpus(size);
        const audit = [];
        const parse = [];
        for (let i = 0; i < options.sizeRuns; i += 1) {
          const a = await run(process.execPath, [cli.file, 'audit', c.dir]);
          if (a.code !== 0 && a.code !== 1) throw new Error(`supabase-scale audit exited ${a.code}: ${a.stderr.trim().split('\n')[0]}`);
          audit.push(a.wall);
          parse.push((await eslintRun(c.dir, 'none')).wall);
        }
        const ratio = median(audit) / median(parse);
        results.cli.audit.push({ files: size, auditMs: median(audit), parseOnlyMs: median(parse), ratio });
        say(`| ${size} | ${fmt(median(audit))} | ${fmt(median(parse))} | ${size === options.files ? target(`audit vs ESLint parse-only at ${size}`, ratio, 0.6) : `${ratio.toFixed(3)}x`} | ${(median(audit) / size).toFixed(2)} ms |`);
      }
      say();
      say('| files | codemod all --dry-run | peak memory | jscodeshift no-op | peak memory | ratio | codemod per file |');
      say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
      results.cli.codemod = [];
      for (const size of options.sizes) {
        const c = corpus(size);
        const mod = [];
        const base = [];
        let modPeak = 0;
        let basePeak = 0;
        for (let i = 0; i < options.sizeRuns; i += 1) {
          const m = await run(process.execPath, [cli.file, 'codemod', 'all', '--dry-run', c.dir], { memory: true });
          if (m.code !== 0 && m.code !== 1) throw new Error(`supabase-scale codemod exited ${m.code}: ${m.stderr.trim().split('\n')[0]}`);
          mod.push(m.wall);
          modPeak = Math.max(modPeak, m.peakBytes);
          const b = await run(process.execPath, jscsArgs(c.dir), { memory: true });
          base.push(b.wall);
          basePeak = Math.max(basePeak, b.peakBytes);
        }
        const ratio = median(mod) / median(base);
        const mb = modPeak / 2 ** 20;
        results.cli.codemod.push({ files: size, codemodMs: median(mod), jscodeshiftMs: median(base), ratio, peakMB: mb, jscodeshiftPeakMB: basePeak / 2 ** 20 });
        const atMain = size === options.files;
        say(`| ${size} | ${fmt(median(mod))} | ${atMain ? target(`codemod peak memory at ${size}`, mb, 600, ' MB') : `${mb.toFixed(0)} MB`} | ${fmt(median(base))} | ${(basePeak / 2 ** 20).toFixed(0)} MB | ${atMain ? target(`codemod vs jscodeshift no-op at ${size}`, ratio, 1.0) : `${ratio.toFixed(3)}x`} | ${(median(mod) / size).toFixed(2)} ms |`);
      }
    }

    // ---------------------------------------------------------- summary
    load.after = loadavg();
    results.load = load;
    say();
    say(`load average before ${load.before.map((x) => x.toFixed(2)).join(' ')}, after ${load.after.map((x) => x.toFixed(2)).join(' ')} (other work on this machine makes single runs noisy: compare medians, and the spread column)`);
    const missed = results.targets.filter((t) => !t.met);
    say(missed.length ? `targets missed: ${missed.map((t) => t.name).join('; ')}` : 'all measured targets met');
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
