// The sections on ESLint over the generated corpus: the plugin's configs
// against no rules and one no-op rule (`eslint`), the time per file at each
// size (`sizes`), and each rule's share from ESLint's TIMING (`timing`).
import { countByRule, eslintRun, interleaved } from '../lib/processes.mjs';
import { plantedMismatches } from '../lib/planted.mjs';
import { at, fmt, lastOf, pct, pick, range, ratio, summary, x3 } from '../lib/stats.mjs';

/**
 * @typedef {import('../lib/context.mjs').Bench} Bench
 * @typedef {import('../lib/processes.mjs').EslintResult} EslintResult
 * @typedef {import('../lib/stats.mjs').Summary} Summary
 * @typedef {import('../lib/stats.mjs').Ratio} Ratio
 * @typedef {'none' | 'noop' | 'recommended' | 'strict'} ConfigName
 * @typedef {{ files: number; cpuMs: Record<'none' | 'recommended', Summary>; wallMs: Record<'none' | 'recommended', Summary> }} SizeRow
 */

/** @type {ConfigName[]} */
const CONFIG_NAMES = ['none', 'noop', 'recommended', 'strict'];

/** @type {<T>(make: (config: ConfigName) => T) => Record<ConfigName, T>} */
const perConfig = (make) => /** @type {never} */ (Object.fromEntries(CONFIG_NAMES.map((c) => [c, make(c)])));

/**
 * Prints the table of the four configurations' lint times.
 *
 * @param {Bench} bench
 * @param {Record<ConfigName, EslintResult[]>} samples
 */
function eslintTable(bench, samples) {
  const { say, target } = bench;
  const cpu = perConfig((c) => summary(pick(samples[c], 'cpuMs')));
  const wall = perConfig((c) => summary(pick(samples[c], 'ms')));
  /** @type {(c: ConfigName, key: 'ms' | 'cpuMs') => Ratio} */
  const vsNone = (c, key) => ratio(pick(samples[c], key), pick(samples.none, key));
  say(
    '| measurement | CPU (median) | CPU runs (ms) | CPU spread | wall (median) | wall spread | vs no rules, CPU | vs no rules, wall |',
  );
  say('| --- | ---: | --- | ---: | ---: | ---: | --- | ---: |');
  /** @type {(label: string, config: ConfigName, cpuCell: string) => void} */
  const row = (label, config, cpuCell) => {
    say(
      `| ${label} | ${fmt(cpu[config].median)} | ${cpu[config].runs.join(', ')} | ${pct(cpu[config].spread)} | ${fmt(wall[config].median)} | ${pct(wall[config].spread)} | ${cpuCell} | ${config === 'none' ? '1.000x' : x3(vsNone(config, 'ms').value)} |`,
    );
  };
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
  const { strictExtra } = bench.plugin;
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
  return {
    cpuMs: cpu,
    wallMs: wall,
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
}

/**
 * ESLint with the plugin's configs against no rules, over the main corpus.
 *
 * @param {Bench} bench
 */
export async function eslintSection(bench) {
  const { options, say } = bench;
  bench.section('eslint');
  const main = bench.corpus(options.files);
  const samples = await interleaved(
    perConfig((config) => () => eslintRun(main.dir, config)),
    options.runs,
    `ESLint ratios at ${options.files} files`,
  );
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
  const table = eslintTable(bench, samples);
  bench.results.eslint = {
    files: options.files,
    corpus: main.info,
    ...table,
    findings: found,
    parseErrors: last.none.fatal,
  };
  bench.check(
    'ESLint + recommended found what the generator planted',
    plantedMismatches(foundShort, main.info.planted, bench.plugin.recommendedShort),
  );
}

/**
 * ESLint's time per file at each size of the sweep, with and without the plugin.
 *
 * @param {Bench} bench
 */
export async function sizesSection(bench) {
  const { options, say } = bench;
  bench.section('sizes');
  say(
    `## ESLint time per file (lint time without start-up, median of ${options.sizeRuns} rounds; every size and config in each round, the order rotating)`,
  );
  // all sizes in one interleaved set: drift in the machine's load hits every size alike, so it cannot pass for (non-)linear growth
  /** @type {Record<string, () => Promise<EslintResult>>} */
  const tasks = {};
  for (const size of options.sizes) {
    const c = bench.corpus(size);
    tasks[`none@${size}`] = () => eslintRun(c.dir, 'none');
    tasks[`recommended@${size}`] = () => eslintRun(c.dir, 'recommended');
  }
  const s = await interleaved(tasks, options.sizeRuns, 'ESLint by size');
  say(
    '| files | CPU, no rules | CPU, recommended | CPU per file, no rules | CPU per file, recommended | CPU ratio | wall per file, no rules | wall per file, recommended | wall ratio |',
  );
  say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  /** @type {SizeRow[]} */
  const rows = [];
  for (const size of options.sizes) {
    const cpuNone = summary(pick(at(s, `none@${size}`), 'cpuMs'));
    const cpuRec = summary(pick(at(s, `recommended@${size}`), 'cpuMs'));
    const wallNone = summary(pick(at(s, `none@${size}`), 'ms'));
    const wallRec = summary(pick(at(s, `recommended@${size}`), 'ms'));
    rows.push({
      files: size,
      cpuMs: { none: cpuNone, recommended: cpuRec },
      wallMs: { none: wallNone, recommended: wallRec },
    });
    say(
      `| ${size} | ${fmt(cpuNone.median)} | ${fmt(cpuRec.median)} | ${(cpuNone.median / size).toFixed(2)} ms | ${(cpuRec.median / size).toFixed(2)} ms | ${x3(cpuRec.median / cpuNone.median)} | ${(wallNone.median / size).toFixed(2)} ms | ${(wallRec.median / size).toFixed(2)} ms | ${x3(wallRec.median / wallNone.median)} |`,
    );
  }
  bench.results.sizes = rows;
  if (options.sizes.length > 1) {
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

/**
 * The rules' rows of ESLint's TIMING table (wall time, as ESLint measures them).
 *
 * @param {string} stdout
 * @returns {{ rule: string; ms: number }[]}
 */
export function timingRows(stdout) {
  return [...stdout.matchAll(/^(\S+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)%/gm)].map((m) => ({
    rule: /** @type {string} */ (m[1]),
    ms: Number(m[2]),
  }));
}

/**
 * Each rule's share of the lint time, from ESLint's TIMING, at the largest size.
 *
 * @param {Bench} bench
 */
export async function timingSection(bench) {
  const { options, say, target } = bench;
  bench.section('timing');
  const largest = Math.max(...options.sizes, options.files);
  const big = bench.corpus(largest);
  const timing = await eslintRun(big.dir, 'all', { env: { TIMING: 'all' } });
  const ruleRows = timingRows(timing.stdout);
  say(
    `## per-rule time (ESLint TIMING=all, config all, ${largest} files; ESLint times rules in wall time; total lint time ${fmt(timing.ms)} wall, ${fmt(timing.cpuMs)} CPU)`,
  );
  say('| rule | time | share of the total lint time (wall) |');
  say('| --- | ---: | --- |');
  /** @type {NonNullable<Bench['results']['timing']>} */
  const results = { files: largest, totalMs: timing.ms, totalCpuMs: timing.cpuMs, rules: [] };
  bench.results.timing = results;
  for (const rule of Object.keys(bench.plugin.configs.all.rules ?? {})) {
    const hit = ruleRows.find((r) => r.rule === rule);
    if (!hit) {
      say(`| ${rule} | - | not in TIMING output |`);
      results.rules.push({ rule, ms: null });
      continue;
    }
    results.rules.push({ rule, ms: hit.ms, share: hit.ms / timing.ms });
    say(
      `| ${rule} | ${hit.ms.toFixed(0)} ms | ${target(`${rule} share of lint time`, (hit.ms / timing.ms) * 100, 2, '%', 'wall')} |`,
    );
  }
}
