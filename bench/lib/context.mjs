// What every section of the bench shares: the options, the results object that
// becomes bench/results.json, the printed report (say), targets and checks,
// the load average at each section, the generated corpora, and the plugin's
// rules and configs.
import { mkdtempSync, readFileSync } from 'node:fs';
import { arch, cpus, platform, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { loadDist } from '../../scripts/dist.mjs';
import { parseJson } from '../../scripts/json.mjs';
import { generateCorpus } from '../corpus.mjs';
import { commitInfo, loadNow, root } from './processes.mjs';

/**
 * @typedef {import('./stats.mjs').Summary} Summary
 * @typedef {import('./stats.mjs').Ratio} Ratio
 * @typedef {{ dir: string; info: ReturnType<typeof generateCorpus> }} Corpus
 * @typedef {{ name: string; basis: string; value: number | boolean; limit: number | boolean; met: boolean }} Target
 * @typedef {{ name: string; met: boolean; problems: string[] }} Check
 * @typedef {{ before: number[]; sections: Record<string, number[]>; after?: number[] }} Load
 * @typedef {{
 *   files: number; runs: number; sizes: number[]; sizeRuns: number; seed: number; only: string[]; out: string; keep: boolean;
 *   apps: string; appRuns: number; editorRuns: number; editorFiles: number; baseline: string | null;
 * }} Options
 * @typedef {{
 *   generatedBy: string; commit: ReturnType<typeof commitInfo>; date: string;
 *   machine: Record<string, unknown>; options: Record<string, unknown>; method: string;
 *   versions: Record<string, string>; rules: Record<string, string[]>;
 *   targets: Target[]; checks: Check[]; notMeasured: { what: string; reason: string }[];
 *   baseline?: { dir: string; commit: string | null };
 *   eslint?: Record<string, unknown>; sizes?: Record<string, unknown>[];
 *   timing?: { files: number; totalMs: number; totalCpuMs: number; rules: { rule: string; ms: number | null; share?: number }[] };
 *   oxlint?: Record<string, unknown>;
 *   cli?: { codemods: Record<string, string>; main?: Record<string, unknown>; sizes?: Record<string, unknown>[]; engine?: { files: number; cpu: Ratio; wall: Ratio } };
 *   huge?: Record<string, unknown>[];
 *   schemaLoad?: Record<string, unknown>[];
 *   editor?: Record<string, unknown>[];
 *   apps?: Record<string, unknown>[];
 *   load?: Load; report?: string[];
 * }} Results
 * @typedef {{
 *   rules: string[]; configs: typeof import('../../src/index.js').default.configs;
 *   recommendedRules: string[]; recommendedShort: string[]; strictExtra: string[];
 * }} PluginInfo
 * @typedef {{
 *   options: Options; results: Results; plugin: PluginInfo; work: string; load: Load;
 *   wants: (section: string) => boolean;
 *   say: (line?: string) => void;
 *   check: (name: string, problems: string[]) => void;
 *   target: (name: string, value: number, limit: number, unit?: string, basis?: string) => string;
 *   section: (name: string) => void;
 *   corpus: (files: number) => Corpus;
 * }} Bench
 */

/** @param {string} name */
function versionOf(name) {
  /** @type {{ version: string }} */
  const pkg = parseJson(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
  return pkg.version;
}

/** @returns {Promise<PluginInfo>} */
async function pluginInfo() {
  /** @type {typeof import('../../src/index.js')} */
  const {
    default: { rules, configs },
  } = await loadDist('index.js');
  const recommendedRules = Object.keys(configs.recommended.rules ?? {});
  return {
    rules: Object.keys(rules),
    configs,
    recommendedRules,
    recommendedShort: recommendedRules.map((rule) => rule.replace(/^supabase-scale\//, '')),
    strictExtra: Object.keys(configs.strict.rules ?? {}).filter((rule) => !recommendedRules.includes(rule)),
  };
}

/**
 * @param {Options} options
 * @param {PluginInfo} plugin
 * @returns {Results}
 */
function emptyResults(options, plugin) {
  return {
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
    options: { ...options, out: undefined },
    method:
      'ratios on CPU time (user + system) first, wall time second; ESLint ratios over the lint alone (process.cpuUsage() in the worker), command comparisons over the whole process tree (bash times); medians of interleaved runs in fresh processes, order rotating each round; spread = (max - min) / median; the editor latency in one ESLint process per configuration and round (lintText, as an editor runs it), the first lint counted from the start of the process',
    versions: {
      eslint: versionOf('eslint'),
      oxlint: versionOf('oxlint'),
      parser: versionOf('@typescript-eslint/parser'),
      jscodeshift: versionOf('jscodeshift'),
    },
    rules: { all: plugin.rules, recommended: plugin.recommendedRules, strictExtra: plugin.strictExtra },
    targets: [],
    checks: [],
    notMeasured: [],
  };
}

/**
 * The environment of a --baseline build's processes: a schema and facts cache
 * folder of its own. Two builds never share one: each build's cache version
 * differs, so in one folder each would find the other's source index and hash
 * every migration again, in whichever lint first asks for the schema.
 *
 * @param {Bench} bench
 * @returns {Record<string, string>}
 */
export function baselineCache(bench) {
  return { SUPABASE_SCALE_SCHEMA_CACHE: path.join(bench.work, 'schema-cache-baseline') };
}

/**
 * The bench's shared state. Every process it starts reads and writes the
 * schema cache in a folder of its own (SUPABASE_SCALE_SCHEMA_CACHE), never the
 * user's.
 *
 * @param {Options} options
 * @returns {Promise<Bench>}
 */
export async function createBench(options) {
  const plugin = await pluginInfo();
  const work = mkdtempSync(path.join(tmpdir(), 'supabase-scale-bench-'));
  process.env.SUPABASE_SCALE_SCHEMA_CACHE = path.join(work, 'schema-cache');
  const results = emptyResults(options, plugin);
  /** @type {Load} */
  const load = { before: loadNow(), sections: {} };
  /** @type {string[]} */
  const lines = [];
  results.report = lines;
  /** @type {Map<number, Corpus>} */
  const corpora = new Map();
  /** @type {Bench} */
  const bench = {
    options,
    results,
    plugin,
    work,
    load,
    wants: (section) => options.only.includes(section),
    say: (line = '') => {
      lines.push(line);
      console.log(line);
    },
    check: (name, problems) => {
      const met = problems.length === 0;
      results.checks.push({ name, met, problems });
      bench.say(met ? `check: ${name}: yes` : `CHECK FAILED: ${name}: ${problems.join('; ')}`);
    },
    target: (name, value, limit, unit = 'x', basis = 'cpu') => {
      const met = value <= limit;
      results.targets.push({ name, basis, value: Number(value.toFixed(4)), limit, met });
      return `${value.toFixed(unit === 'x' ? 3 : 1)}${unit} (target <= ${limit}${unit}: ${met ? 'met' : 'MISSED'})`;
    },
    section: (name) => {
      load.sections[name] = loadNow();
      bench.say();
    },
    corpus: (files) => {
      let made = corpora.get(files);
      if (!made) {
        const dir = path.join(work, `c${files}`);
        made = { dir, info: generateCorpus(dir, { files, seed: options.seed }) };
        corpora.set(files, made);
      }
      return made;
    },
  };
  return bench;
}
