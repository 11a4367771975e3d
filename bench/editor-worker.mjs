/**
 * One editor session in a fresh process, linting as an editor's ESLint server
 * does: the ESLint class with a flat config and `lintText(text, { filePath })`,
 * one file at a time. Records the first lint (its end, counted from the start
 * of the process: Node, ESLint, the parser and the plugin loading, the schema,
 * the lint itself), with the CPU time of the plugin's import and of the first
 * `lintText` on their own (what the plugin adds, without the noise of the
 * process's start-up); then lints each file of `--files` once in the same warm
 * process, each timed alone (wall and CPU time of this process, every thread),
 * with the garbage collector's pauses of the main thread that fell in it (a
 * scavenge lands on whichever lint fills the young generation, and in the same
 * lint every round: the allocations are the same).
 *
 * Usage: editor-worker.mjs --cwd DIR --config none|noop|recommended --first FILE
 *   --files LIST.json --out OUT.json [--plugin DIST_INDEX_JS]
 * `--plugin` lints with another build of the plugin (the bench's --baseline).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { pluginFile as builtPlugin } from '../scripts/dist.mjs';
import { importAs, parseJson } from '../scripts/json.mjs';

const args = process.argv.slice(2);
/** @type {(name: string) => string | undefined} */
const option = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const cwd = option('--cwd');
const config = option('--config') ?? 'none';
const first = option('--first');
const list = option('--files');
const out = option('--out');
const pluginFile = option('--plugin');
const CONFIGS = ['none', 'noop', 'recommended'];
if (!cwd || !first || !list || !out || !CONFIGS.includes(config)) {
  console.error(
    `usage: editor-worker.mjs --cwd DIR --config ${CONFIGS.join('|')} --first FILE --files LIST.json --out FILE [--plugin FILE]`,
  );
  process.exit(2);
}

/** CPU time (user + system, ms) since `start`, or since the process started. @param {NodeJS.CpuUsage} [start] */
function cpuMs(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

let pluginCpuMs = 0;

/**
 * The config's objects: the parser for every source file, then no rules, one
 * no-op rule (what ESLint costs as soon as any rule is on), or the plugin's
 * recommended config.
 *
 * @returns {Promise<import('eslint').Linter.Config[]>}
 */
async function configObjects() {
  const { default: tsParser } = await import('@typescript-eslint/parser');
  /** @type {import('eslint').Linter.Config} */
  const parsing = {
    files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
  };
  if (config === 'none') return [parsing];
  if (config === 'noop') {
    const noop = {
      meta: { type: /** @type {const} */ ('problem'), schema: [] },
      create: () => ({ CallExpression() {} }),
    };
    return [parsing, { plugins: { bench: { rules: { noop } } }, rules: { 'bench/noop': 'error' } }];
  }
  const href = pathToFileURL(pluginFile ?? builtPlugin()).href;
  const started = process.cpuUsage();
  /** @type {typeof import('../src/index.js')} */
  const { default: plugin } = await importAs(href);
  pluginCpuMs = cpuMs(started);
  return [parsing, plugin.configs.recommended];
}

const { ESLint } = await import('eslint');
const eslint = new ESLint({ cwd, overrideConfigFile: true, cache: false, overrideConfig: await configObjects() });

/** @param {string} file */
async function lint(file) {
  const results = await eslint.lintText(readFileSync(file, 'utf8'), { filePath: file });
  return results.reduce((sum, result) => sum + result.messages.length, 0);
}

const firstStarted = process.cpuUsage();
const firstMessages = await lint(first);
const firstLintCpuMs = cpuMs(firstStarted);
const firstWallMs = performance.now();
const firstCpuMs = cpuMs();

/** The garbage collector's pauses (start and duration, ms): the observer hears of them after they end. */
/** @type {{ start: number; duration: number }[]} */
const pauses = [];
const observer = new PerformanceObserver((entries) => {
  for (const entry of entries.getEntries()) pauses.push({ start: entry.startTime, duration: entry.duration });
});
observer.observe({ entryTypes: ['gc'] });

/** @type {string[]} */
const files = parseJson(readFileSync(list, 'utf8'));
/** @type {{ wallMs: number; cpuMs: number; gcMs: number }[]} */
const warm = [];
const windows = [];
let messages = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const cpu = process.cpuUsage();
  const start = performance.now();
  const results = await eslint.lintText(text, { filePath: file });
  const end = performance.now();
  warm.push({ wallMs: end - start, cpuMs: cpuMs(cpu), gcMs: 0 });
  windows.push({ start, end });
  messages += results.reduce((sum, result) => sum + result.messages.length, 0);
}
// the last pauses' entries are delivered on a later turn of the event loop
await new Promise((resolve) => setTimeout(resolve, 50));
observer.disconnect();
windows.forEach(({ start, end }, i) => {
  const lint = /** @type {{ gcMs: number }} */ (warm[i]);
  for (const pause of pauses) if (pause.start >= start && pause.start < end) lint.gcMs += pause.duration;
});
writeFileSync(
  out,
  JSON.stringify({ firstWallMs, firstCpuMs, pluginCpuMs, firstLintCpuMs, firstMessages, warm, messages }),
);
