// The recommended rules under oxlint's jsPlugins against the same rules under
// ESLint, over the main corpus: the same findings (file, rule, start and end),
// and the time ratio.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pluginFile } from '../../scripts/dist.mjs';
import { parseJson } from '../../scripts/json.mjs';
import { bin, eslintRun, interleaved, run } from '../lib/processes.mjs';
import { fmt, lastOf, pct, pick, range, ratio, summary, x3 } from '../lib/stats.mjs';

/**
 * @typedef {import('../lib/context.mjs').Bench} Bench
 * @typedef {import('../lib/processes.mjs').Finding} Finding
 * @typedef {{ ok: false; reason: string } | { ok: true; wall: number; cpu: number; findings: Finding[]; threads: number; files: number }} OxlintResult
 */

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

/** A finding as one string: file, start, end and rule. */
export const findingKey = (/** @type {Finding} */ f) =>
  `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.rule}`;

/**
 * @param {string} dir
 * @param {{ diagnostics: { filename: string; code?: string; labels?: { span: { offset: number; length: number } }[] }[] }} parsed
 * @returns {Finding[]}
 */
function oxlintFindings(dir, parsed) {
  /** @type {Map<string, string>} */
  const texts = new Map();
  return parsed.diagnostics.map((d) => {
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
      jsPlugins: [pluginFile()],
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
    parsed = parseJson(result.stdout);
  } catch {
    return {
      ok: false,
      reason: `oxlint exited ${result.code} without JSON output: ${(result.stderr || result.stdout).trim().split('\n')[0]}`,
    };
  }
  return {
    ok: true,
    wall: result.wall,
    cpu: result.cpu,
    findings: oxlintFindings(dir, parsed),
    threads: parsed.threads_count,
    files: parsed.number_of_files,
  };
}

/**
 * @param {Bench} bench
 * @param {string} dir
 * @param {import('../lib/processes.mjs').EslintResult[]} eslintSamples
 * @param {Extract<OxlintResult, { ok: true }>[]} oxSamples
 */
function compareOxlint(bench, dir, eslintSamples, oxSamples) {
  const { say } = bench;
  const ox = lastOf(oxSamples);
  const eslintKeys = new Set(lastOf(eslintSamples).findings.map(findingKey));
  const oxKeys = new Set(ox.findings.map(findingKey));
  const onlyEslint = [...eslintKeys].filter((k) => !oxKeys.has(k));
  const onlyOx = [...oxKeys].filter((k) => !eslintKeys.has(k));
  const same = onlyEslint.length === 0 && onlyOx.length === 0;
  const cpu = { eslint: summary(pick(eslintSamples, 'cpu')), oxlint: summary(pick(oxSamples, 'cpu')) };
  const wall = { eslint: summary(pick(eslintSamples, 'wall')), oxlint: summary(pick(oxSamples, 'wall')) };
  say('| linter | findings | CPU (median) | CPU spread | wall (median) | wall spread |');
  say('| --- | ---: | ---: | ---: | ---: | ---: |');
  say(
    `| ESLint (1 thread) | ${eslintKeys.size} | ${fmt(cpu.eslint.median)} | ${pct(cpu.eslint.spread)} | ${fmt(wall.eslint.median)} | ${pct(wall.eslint.spread)} |`,
  );
  say(
    `| oxlint (${ox.threads} threads) | ${oxKeys.size} | ${fmt(cpu.oxlint.median)} | ${pct(cpu.oxlint.spread)} | ${fmt(wall.oxlint.median)} | ${pct(wall.oxlint.spread)} |`,
  );
  const cpuRatio = ratio(pick(oxSamples, 'cpu'), pick(eslintSamples, 'cpu'));
  const wallRatio = ratio(pick(oxSamples, 'wall'), pick(eslintSamples, 'wall'));
  say(
    `same findings (file, rule, start and end): ${same ? 'yes' : `NO: ${onlyEslint.length} only in ESLint, ${onlyOx.length} only in oxlint`}; oxlint / ESLint: CPU ${x3(cpuRatio.value)}${range(cpuRatio)}, wall ${x3(wallRatio.value)}${range(wallRatio)}`,
  );
  for (const k of [...onlyEslint.slice(0, 5), ...onlyOx.slice(0, 5)]) say(`  differs: ${path.relative(dir, k)}`);
  bench.results.oxlint = {
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
  bench.results.targets.push({
    name: 'oxlint jsPlugins: same findings as ESLint',
    basis: 'findings',
    value: same,
    limit: true,
    met: same,
  });
}

/**
 * The recommended rules under oxlint's jsPlugins vs under ESLint.
 *
 * @param {Bench} bench
 */
export async function oxlintSection(bench) {
  const { options, results, say } = bench;
  bench.section('oxlint');
  const main = bench.corpus(options.files);
  say(
    `## recommended rules under oxlint ${results.versions.oxlint} jsPlugins vs ESLint (${options.files} files, the whole command, ${options.runs} interleaved rounds)`,
  );
  /** @type {{ result: OxlintResult | null }} */
  const last = { result: null };
  const samples = await interleaved(
    {
      oxlint: async () => {
        if (last.result && !last.result.ok) return null;
        last.result = await oxlintRun(main.dir, bench.plugin.recommendedRules);
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
    return;
  }
  // every run gave a result (the first failure ends the runs, and lands above)
  const oxSamples = /** @type {Extract<OxlintResult, { ok: true }>[]} */ (samples.oxlint);
  compareOxlint(bench, main.dir, samples.eslint, oxSamples);
}
