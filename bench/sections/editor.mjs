// Editor latency (`editor`): ESLint run as an editor's ESLint server runs it,
// one process per configuration and round (bench/editor-worker.mjs): the first
// lint of one file in a new process (the plugin loading, the schema, the lint),
// then single files in the same warm process, median and p95. With no rules,
// one no-op rule (twice, in sessions of their own: how far two sets of the
// same sessions differ is the noise floor the plugin's addition is read
// against), the plugin's recommended config (the disk cache warm), the
// same with the disk cache off (the schema parsed in the first lint, and every
// other module's function facts in the lint that first imports it, as before
// the cache), and with --baseline the other build's recommended config. On the
// generated corpus and on each real app.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadDist, pluginFile } from '../../scripts/dist.mjs';
import { parseJson } from '../../scripts/json.mjs';
import { baselineCache } from '../lib/context.mjs';
import { interleaved, root, run } from '../lib/processes.mjs';
import { median, percentile } from '../lib/stats.mjs';

/**
 * @typedef {import('../lib/context.mjs').Bench} Bench
 * @typedef {import('../apps.mjs').LocatedApp} LocatedApp
 * @typedef {{ firstWallMs: number; firstCpuMs: number; pluginCpuMs: number; firstLintCpuMs: number; firstMessages: number; warm: { wallMs: number; cpuMs: number; gcMs?: number }[]; messages: number }} Session
 * @typedef {'none' | 'noop' | 'noopAgain' | 'recommended' | 'recommendedNoCache' | 'baseline'} EditorConfig
 * @typedef {{
 *   first: { cpuMs: number; wallMs: number; pluginCpuMs: number; lintCpuMs: number };
 *   warm: { medianCpuMs: number; p95CpuMs: number; medianWallMs: number; p95WallMs: number };
 *   perFileMinCpuMs: number[];
 *   perFileMinGcMs: number[];
 *   messages: number; firstMessages: number;
 * }} ConfigFigures
 */

const WORKER = path.join(root, 'bench', 'editor-worker.mjs');
/** What the plugin may add to a warm single-file lint at p95, and to the first lint of a new process (ms of CPU). */
const WARM_P95_TARGET_MS = 20;
const FIRST_TARGET_MS = 100;

/** A file that sends PostgREST or Realtime requests (what the rules look at). */
const SUPABASE_FILE = /\.(from|rpc|channel)\(/;

/**
 * `count` files of an app spread over it: the files with Supabase requests
 * first (evenly spaced among them), then others; and the first lint's file, one
 * that reads a table with a filter (a rule then asks for the schema).
 *
 * @param {string} dir the app
 * @param {string[]} files the app's source files, sorted
 * @param {number} count
 */
export function editorFiles(dir, files, count) {
  // what a person edits: not a hidden folder's files (tool notes, agents' memories)
  const edited = files.filter(
    (file) =>
      !path
        .relative(dir, file)
        .split(path.sep)
        .some((part) => part.startsWith('.')),
  );
  const texts = new Map(edited.map((file) => [file, readFileSync(file, 'utf8')]));
  const supabase = edited.filter((file) => SUPABASE_FILE.test(texts.get(file) ?? ''));
  const others = edited.filter((file) => !supabase.includes(file));
  /** @type {(list: string[], n: number) => string[]} */
  const spread = (list, n) =>
    n >= list.length
      ? list
      : Array.from({ length: n }, (_, i) => /** @type {string} */ (list[Math.floor((i * list.length) / n)]));
  const chosen = [...spread(supabase, count), ...spread(others, Math.max(0, count - supabase.length))];
  const first =
    supabase.find((file) => /\.select\(/.test(texts.get(file) ?? '') && /\.eq\(/.test(texts.get(file) ?? '')) ??
    supabase[0] ??
    /** @type {string} */ (edited[0] ?? files[0]);
  return { first, files: chosen, supabaseFiles: supabase.length };
}

/**
 * One editor session in a fresh process.
 *
 * @param {{ dir: string; first: string; list: string; config: 'none' | 'noop' | 'recommended'; env?: Record<string, string>; plugin?: string; out: string }} session
 * @returns {Promise<Session>}
 */
async function editorSession({ dir, first, list, config, env = {}, plugin, out }) {
  const args = [WORKER, '--cwd', dir, '--config', config, '--first', first, '--files', list, '--out', out];
  if (plugin) args.push('--plugin', plugin);
  const r = await run(process.execPath, args, { cwd: dir, env });
  if (r.code !== 0) throw new Error(`editor session (${config}) exited ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
  /** @type {Session} */
  const session = parseJson(readFileSync(out, 'utf8'));
  rmSync(out);
  return session;
}

/**
 * A configuration's figures over its rounds: the first lint's medians; each
 * file's median over the rounds (one slow round does not make a file slow),
 * then the median and p95 over the files.
 *
 * @param {Session[]} sessions
 * @returns {ConfigFigures}
 */
function figures(sessions) {
  const perRound = (/** @type {(s: Session) => number} */ f) => median(sessions.map(f));
  /** @type {(key: 'cpuMs' | 'wallMs') => number[]} */
  const perFile = (key) =>
    (sessions[0]?.warm ?? []).map((_, i) => median(sessions.map((s) => s.warm[i]?.[key] ?? Number.NaN)));
  const last = /** @type {Session} */ (sessions.at(-1));
  return {
    first: {
      cpuMs: perRound((s) => s.firstCpuMs),
      wallMs: perRound((s) => s.firstWallMs),
      pluginCpuMs: perRound((s) => s.pluginCpuMs),
      lintCpuMs: perRound((s) => s.firstLintCpuMs),
    },
    warm: {
      medianCpuMs: median(perFile('cpuMs')),
      p95CpuMs: percentile(perFile('cpuMs'), 95),
      medianWallMs: median(perFile('wallMs')),
      p95WallMs: percentile(perFile('wallMs'), 95),
    },
    perFileMinCpuMs: (sessions[0]?.warm ?? []).map((_, i) =>
      Math.min(...sessions.map((s) => s.warm[i]?.cpuMs ?? Number.NaN)),
    ),
    // the garbage collector's pauses in the round whose lint of the file took the least CPU
    perFileMinGcMs: (sessions[0]?.warm ?? []).map((_, i) => {
      const least = sessions.reduce((best, s) =>
        (s.warm[i]?.cpuMs ?? Number.POSITIVE_INFINITY) < (best.warm[i]?.cpuMs ?? Number.POSITIVE_INFINITY) ? s : best,
      );
      return least.warm[i]?.gcMs ?? Number.NaN;
    }),
    messages: last.messages,
    firstMessages: last.firstMessages,
  };
}

/**
 * The sessions of one target, interleaved.
 *
 * @param {Bench} bench
 * @param {{ name: string; dir: string; first: string; list: string }} where
 */
async function sessionsOf(bench, { name, dir, first, list }) {
  const out = (/** @type {string} */ config) => path.join(bench.work, `editor-${name}-${config}.json`);
  /** @type {(config: 'none' | 'noop' | 'recommended', extra?: { env?: Record<string, string>; plugin?: string }, label?: string) => () => Promise<Session>} */
  const session =
    (config, extra = {}, label = config) =>
    () =>
      editorSession({ dir, first, list, config, ...extra, out: out(label) });
  /** @type {Partial<Record<EditorConfig, () => Promise<Session>>>} */
  const tasks = {
    none: session('none'),
    noop: session('noop'),
    // the same no-op rule in sessions of their own: what one set of sessions differs from another by chance
    noopAgain: session('noop', {}, 'noop-again'),
    recommended: session('recommended'),
    recommendedNoCache: session('recommended', { env: { SUPABASE_SCALE_SCHEMA_CACHE: 'off' } }, 'nocache'),
  };
  if (bench.options.baseline)
    tasks.baseline = session(
      'recommended',
      { plugin: pluginFile(bench.options.baseline), env: baselineCache(bench) },
      'baseline',
    );
  // the disk cache warm before the first measured session, as after any earlier run
  await /** @type {() => Promise<Session>} */ (tasks.recommended)();
  if (tasks.baseline) await tasks.baseline();
  return /** @type {Partial<Record<EditorConfig, Session[]>>} */ (
    await interleaved(
      /** @type {Record<string, () => Promise<Session>>} */ (tasks),
      bench.options.editorRuns,
      `editor ${name}`,
    )
  );
}

const LABELS = {
  none: 'no rules (the parser only)',
  noop: 'one no-op rule',
  noopAgain: 'one no-op rule, again (the noise floor)',
  recommended: 'recommended (disk cache warm)',
  recommendedNoCache: "recommended, disk cache off (the schema and other modules' facts parsed)",
  baseline: 'recommended, --baseline build',
};

/**
 * What a configuration adds over a baseline configuration: to the first lint
 * (its plugin's import, and what its rules add to the first lintText: the
 * process's own start-up, Node, ESLint and the parser, is the same in every
 * configuration and the noisiest part on a shared machine), and at the median
 * and p95 of the warm lints. `warmP95CpuMs` pairs the files: each file's
 * least lint time over the rounds with the configuration less its least
 * without (the least is the file's own cost: other work on the machine and a
 * garbage collection only add to a lint), then the p95 of those additions over
 * the files. A p95 of medians less a p95 of medians mixes two files and moves
 * with whichever lint of either set was slowed; it is kept as
 * `warmP95GapCpuMs`.
 *
 * @param {ConfigFigures} f
 * @param {ConfigFigures} base
 */
const added = (f, base) => ({
  firstCpuMs: f.first.pluginCpuMs + f.first.lintCpuMs - base.first.lintCpuMs,
  warmMedianCpuMs: f.warm.medianCpuMs - base.warm.medianCpuMs,
  warmP95CpuMs: percentile(
    f.perFileMinCpuMs.map((cpu, i) => cpu - (base.perFileMinCpuMs[i] ?? Number.NaN)),
    95,
  ),
  warmP95GapCpuMs: f.warm.p95CpuMs - base.warm.p95CpuMs,
});

const ms = (/** @type {number} */ x) => `${x.toFixed(1)} ms`;

/**
 * Prints one target's table.
 *
 * @param {Bench} bench
 * @param {Partial<Record<EditorConfig, ConfigFigures>>} by
 */
function table(bench, by) {
  const { say } = bench;
  say(
    '| configuration | process start to first result, CPU | wall | plugin import, CPU | first lintText, CPU | warm median, CPU | warm p95, CPU | warm median, wall | warm p95, wall | messages (first, all) |',
  );
  say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [config, f] of Object.entries(by))
    say(
      `| ${LABELS[/** @type {EditorConfig} */ (config)]} | ${ms(f.first.cpuMs)} | ${ms(f.first.wallMs)} | ${ms(f.first.pluginCpuMs)} | ${ms(f.first.lintCpuMs)} | ${ms(f.warm.medianCpuMs)} | ${ms(f.warm.p95CpuMs)} | ${ms(f.warm.medianWallMs)} | ${ms(f.warm.p95WallMs)} | ${f.firstMessages}, ${f.messages} |`,
    );
}

/** How many of the files with the largest additions are listed. */
const LISTED_FILES = 5;

/**
 * Lists the files whose addition is largest (what makes the p95): each
 * one's least CPU over the rounds with the plugin and with the no-op rule,
 * the garbage collector's pauses of the main thread in those two lints (a
 * scavenge falls on whichever lint fills the young generation, in the same
 * lint every round, since each round allocates alike: then the least over the
 * rounds keeps it), and the --baseline build's addition to the same file.
 *
 * @param {Bench} bench
 * @param {Partial<Record<EditorConfig, ConfigFigures>>} by
 * @param {string[]} files the files linted warm, in order, as they are shown
 */
function largestAdditions(bench, by, files) {
  const rec = /** @type {ConfigFigures} */ (by.recommended);
  const noop = /** @type {ConfigFigures} */ (by.noop);
  const { baseline } = by;
  const rows = files.map((file, i) => ({
    file,
    addedCpuMs: (rec.perFileMinCpuMs[i] ?? Number.NaN) - (noop.perFileMinCpuMs[i] ?? Number.NaN),
    cpuMs: rec.perFileMinCpuMs[i] ?? Number.NaN,
    gcMs: rec.perFileMinGcMs[i] ?? Number.NaN,
    noopCpuMs: noop.perFileMinCpuMs[i] ?? Number.NaN,
    noopGcMs: noop.perFileMinGcMs[i] ?? Number.NaN,
    ...(baseline
      ? { baselineAddedCpuMs: (baseline.perFileMinCpuMs[i] ?? Number.NaN) - (noop.perFileMinCpuMs[i] ?? Number.NaN) }
      : {}),
  }));
  const top = rows.sort((a, b) => b.addedCpuMs - a.addedCpuMs).slice(0, LISTED_FILES);
  bench.say(
    `| file (largest additions) | added, CPU | plugin: least CPU | its GC pauses | no-op rule: least CPU | its GC pauses |${baseline ? ' --baseline build added |' : ''}`,
  );
  bench.say(`| --- | ---: | ---: | ---: | ---: | ---: |${baseline ? ' ---: |' : ''}`);
  for (const row of top)
    bench.say(
      `| ${row.file} | ${ms(row.addedCpuMs)} | ${ms(row.cpuMs)} | ${ms(row.gcMs)} | ${ms(row.noopCpuMs)} | ${ms(row.noopGcMs)} |${row.baselineAddedCpuMs === undefined ? '' : ` ${ms(row.baselineAddedCpuMs)} |`}`,
    );
  return top;
}

/**
 * Prints one target's table and its targets; returns its results. The
 * targets are judged over one no-op rule: as soon as any rule is on, ESLint
 * itself does more for every file (the first lintText of a no-op rule costs
 * ESLint tens of ms more than with no rules), and that is not the plugin's
 * cost; the figures over no rules are printed beside them.
 *
 * @param {Bench} bench
 * @param {string} name
 * @param {Partial<Record<EditorConfig, Session[]>>} sessions
 * @param {string[]} files the files linted warm, as they are shown
 */
function report(bench, name, sessions, files) {
  const { say, target } = bench;
  /** @type {Partial<Record<EditorConfig, ConfigFigures>>} */
  const by = {};
  for (const [config, list] of Object.entries(sessions)) by[/** @type {EditorConfig} */ (config)] = figures(list);
  table(bench, by);
  const none = /** @type {ConfigFigures} */ (by.none);
  const noop = /** @type {ConfigFigures} */ (by.noop);
  const rec = /** @type {ConfigFigures} */ (by.recommended);
  const overNoop = added(rec, noop);
  const overNone = added(rec, none);
  const p95 = target(
    `editor ${name}: the plugin adds to a warm single-file lint at p95 (of each file's addition), over one no-op rule`,
    overNoop.warmP95CpuMs,
    WARM_P95_TARGET_MS,
    ' ms',
  );
  const first = target(
    `editor ${name}: the plugin adds to the first lint of a new process, over one no-op rule`,
    overNoop.firstCpuMs,
    FIRST_TARGET_MS,
    ' ms',
  );
  say(
    `${name}: over one no-op rule the plugin adds ${p95} at p95 of each file's addition (p95 less p95: ${ms(overNoop.warmP95GapCpuMs)}; median ${ms(overNoop.warmMedianCpuMs)}) and ${first} to the first lint (CPU, disk cache warm)`,
  );
  const noise = by.noopAgain ? added(by.noopAgain, noop) : null;
  if (noise)
    say(
      `${name}: noise floor: a second set of no-op sessions differs from the first by ${ms(noise.warmP95CpuMs)} at p95 of each file's difference (median ${ms(noise.warmMedianCpuMs)}), ${ms(noise.firstCpuMs)} on the first lint: an addition of the plugin under it is not told apart from chance in this run`,
    );
  say(
    `${name}: over no rules it adds ${ms(overNone.warmP95CpuMs)} at p95 (median ${ms(overNone.warmMedianCpuMs)}) and ${ms(overNone.firstCpuMs)} to the first lint`,
  );
  /** @type {Record<string, ReturnType<typeof added>>} */
  const before = {};
  if (by.recommendedNoCache) before.cacheOff = added(by.recommendedNoCache, noop);
  if (by.baseline) before.baseline = added(by.baseline, noop);
  if (before.cacheOff)
    say(
      `${name}: with the disk cache off it adds ${ms(before.cacheOff.firstCpuMs)} to the first lint and ${ms(before.cacheOff.warmP95CpuMs)} at p95 (median ${ms(before.cacheOff.warmMedianCpuMs)}; over one no-op rule)`,
    );
  if (before.baseline)
    say(
      `${name}: the --baseline build adds ${ms(before.baseline.firstCpuMs)} to the first lint, ${ms(before.baseline.warmP95CpuMs)} at p95 (over one no-op rule)`,
    );
  const largest = largestAdditions(bench, by, files);
  const noCache = by.recommendedNoCache;
  bench.check(
    `editor ${name}: the disk cache changes no finding`,
    noCache && noCache.messages !== rec.messages
      ? [`${rec.messages} messages with the cache, ${noCache.messages} without`]
      : [],
  );
  return { by, added: { overNoop, overNone, ...before, ...(noise ? { noise } : {}) }, largest };
}

/**
 * @param {Bench} bench
 * @param {LocatedApp[]} apps
 */
export async function editorSection(bench, apps) {
  const { options, say } = bench;
  bench.section('editor');
  /** @type {typeof import('../../src/cli/walk.js')} */
  const { walk } = await loadDist('cli/walk.js');
  const corpus = bench.corpus(options.files);
  const targets = [
    { name: `corpus (${options.files} files)`, dir: corpus.dir },
    ...apps.filter((app) => app.found).map((app) => ({ name: app.name, dir: app.dir })),
  ];
  say(
    `## editor latency: ESLint's lintText in one process per configuration and round (${options.editorRuns} rounds, medians): the first lint of one file in a new process, counted from the process start, then ${options.editorFiles} single files in the same process`,
  );
  /** @type {Record<string, unknown>[]} */
  const results = [];
  for (const { name, dir } of targets) {
    const picked = editorFiles(dir, walk([dir], { ignore: [], cwd: dir }), options.editorFiles);
    const list = path.join(bench.work, `editor-files-${results.length}.json`);
    writeFileSync(list, JSON.stringify(picked.files));
    say();
    say(
      `### ${name}: first lint ${path.relative(dir, picked.first)}; ${picked.files.length} files, ${Math.min(picked.supabaseFiles, picked.files.length)} of them with Supabase requests`,
    );
    const sessions = await sessionsOf(bench, { name, dir, first: picked.first, list });
    results.push({
      name,
      first: path.relative(dir, picked.first),
      files: picked.files.length,
      ...report(
        bench,
        name,
        sessions,
        picked.files.map((file) => path.relative(dir, file)),
      ),
    });
  }
  bench.results.editor = results;
}
