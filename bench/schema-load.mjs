// Load time of the schema loader on a migrations folder (a generated 200-migration
// folder, or a folder given), each measurement in a fresh process: parsed through
// the async path (CLI, codemods) and the sync path (ESLint rules: a worker thread),
// with the disk cache off; then read back from the disk cache (what every process
// after the first does); then, in the same process, a cached reload and a reload
// after one migration changed. Needs `npm run build`.
// Usage: node bench/schema-load.mjs [folder]
// The bench (sections/schema.mjs) runs `--child MODE FOLDER [CACHE_DIR]` itself.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDist } from '../scripts/dist.mjs';
import { parseJson } from '../scripts/json.mjs';
import { writeMigrationCorpus } from './schema-corpus.mjs';

/** @typedef {'parse-async' | 'parse-sync' | 'disk'} Mode */
/**
 * @typedef {{ mode: Mode; files: number; statements: number; relations: number; skipped: number;
 *   ms: number; cpuMs: number; fromCache: boolean; cachedMs?: number; oneFileChangedMs?: number }} Measured
 */

const MODES = ['parse-async', 'parse-sync', 'disk'];

/**
 * One measurement, in this (fresh) process: prints a line of JSON.
 *
 * @param {Mode} mode
 * @param {string} folder the project (or migrations) folder
 * @param {string | undefined} cacheDir the disk cache (for `disk`: already written by an earlier process)
 * @param {boolean} reloads also time a cached reload and a reload after one migration changed
 */
async function child(mode, folder, cacheDir, reloads) {
  /** @type {typeof import('../src/schema/index.js')} */
  const { loadSchema, loadSchemaSync } = await loadDist('schema/index.js');
  const cache = mode === 'disk' && cacheDir ? cacheDir : false;
  /** @type {(recheckMs?: number) => Promise<import('../src/schema/model.js').DatabaseSchema | undefined>} */
  const load = async (recheckMs) =>
    mode === 'parse-async'
      ? loadSchema({ schema: folder, cache, recheckMs })
      : loadSchemaSync({ schema: folder, cache, recheckMs });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const schema = await load();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (!schema) throw new Error(`no schema at ${folder}`);
  const o = schema.origin;
  /** @type {Measured} */
  const measured = {
    mode,
    files: o.files.length,
    statements: o.statements,
    relations: schema.relations.size,
    skipped: o.skipped.length,
    ms: Number(ms.toFixed(2)),
    cpuMs: Number(((used.user + used.system) / 1000).toFixed(2)),
    fromCache: o.fromCache !== undefined,
  };
  if (reloads && o.migrationsDir) {
    let t = performance.now();
    await load(0);
    measured.cachedMs = Number((performance.now() - t).toFixed(2));
    const files = readdirSync(o.migrationsDir)
      .filter((n) => n.endsWith('.sql'))
      .sort();
    const touched = path.join(o.migrationsDir, /** @type {string} */ (files[Math.floor(files.length / 2)]));
    const later = new Date(Date.now() + 5000);
    utimesSync(touched, later, later);
    t = performance.now();
    await load(0);
    measured.oneFileChangedMs = Math.round(performance.now() - t);
  }
  console.log(JSON.stringify(measured));
}

/**
 * Runs one measurement in a fresh process.
 *
 * @param {Mode} mode
 * @param {string} folder
 * @param {string} [cacheDir]
 * @param {boolean} [reloads]
 * @returns {Measured}
 */
export function measureSchemaLoad(mode, folder, cacheDir, reloads = false) {
  const args = [fileURLToPath(import.meta.url), '--child', mode, folder, cacheDir ?? '-', reloads ? 'reloads' : '-'];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`schema-load ${mode} ${folder}: ${run.stderr.trim().split('\n')[0]}`);
  return parseJson(run.stdout);
}

if (process.argv[2] === '--child') {
  const [, , , mode, folder, cacheDir, reloads] = process.argv;
  if (!MODES.includes(mode ?? '') || !folder) throw new Error(`usage: --child ${MODES.join('|')} FOLDER [CACHE_DIR]`);
  await child(/** @type {Mode} */ (mode), folder, cacheDir === '-' ? undefined : cacheDir, reloads === 'reloads');
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const given = process.argv[2];
  const folder = given ? path.resolve(given) : mkdtempSync(path.join(tmpdir(), 'schema-bench-'));
  if (!given) writeMigrationCorpus(path.join(folder, 'supabase', 'migrations'), 200);
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'schema-bench-cache-'));
  for (const mode of /** @type {Mode[]} */ (['parse-async', 'parse-sync', 'parse-async', 'parse-sync']))
    console.log(JSON.stringify(measureSchemaLoad(mode, folder, undefined, true)));
  // the first process to use the cache writes it; every later one reads it
  measureSchemaLoad('disk', folder, cacheDir);
  for (let i = 0; i < 2; i += 1) console.log(JSON.stringify(measureSchemaLoad('disk', folder, cacheDir)));
  rmSync(cacheDir, { recursive: true, force: true });
  if (!given) rmSync(folder, { recursive: true, force: true });
}
