// Load time of the schema loader on a 200-migration folder (generated, or a folder
// given): cold in a fresh process through the async path (CLI, codemods) and the
// sync path (ESLint: a worker thread), then a cached reload and a reload after one
// migration changed. Needs `npm run build`. Usage: node bench/schema-load.mjs [folder]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDist } from '../scripts/dist.mjs';
import { writeMigrationCorpus } from './schema-corpus.mjs';

/**
 * One measurement, in this (fresh) process: prints a line of JSON.
 *
 * @param {string} mode 'async' (loadSchema) or 'sync' (loadSchemaSync)
 * @param {string} folder the migrations folder
 */
async function child(mode, folder) {
  /** @type {typeof import('../src/schema/index.js')} */
  const { loadSchema, loadSchemaSync } = await loadDist('schema/index.js');
  const cpu = process.cpuUsage();
  const started = performance.now();
  const schema = mode === 'sync' ? loadSchemaSync({ schema: folder }) : await loadSchema({ schema: folder });
  if (!schema) throw new Error(`no schema at ${folder}`);
  const cold = performance.now() - started;
  const cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
  let t = performance.now();
  const again =
    mode === 'sync'
      ? loadSchemaSync({ schema: folder, recheckMs: 0 })
      : await loadSchema({ schema: folder, recheckMs: 0 });
  const cached = performance.now() - t;
  const files = readdirSync(folder)
    .filter((n) => n.endsWith('.sql'))
    .sort();
  const touched = path.join(folder, /** @type {string} */ (files[Math.floor(files.length / 2)]));
  const later = new Date(Date.now() + 5000);
  utimesSync(touched, later, later);
  t = performance.now();
  const reloaded =
    mode === 'sync'
      ? loadSchemaSync({ schema: folder, recheckMs: 0 })
      : await loadSchema({ schema: folder, recheckMs: 0 });
  const changed = performance.now() - t;
  const o = schema.origin;
  console.log(
    JSON.stringify({
      mode,
      files: o.files.length,
      statements: o.statements,
      applied: o.applied,
      skipped: o.skipped.length,
      relations: schema.relations.size,
      coldMs: Math.round(cold),
      coldCpuMs: Math.round(cpuMs),
      cachedMs: +cached.toFixed(2),
      sameObject: again === schema,
      oneFileChangedMs: Math.round(changed),
      reloaded: reloaded !== schema,
    }),
  );
}

if (process.argv[2] === '--child') {
  await child(/** @type {string} */ (process.argv[3]), /** @type {string} */ (process.argv[4]));
} else {
  const given = process.argv[2];
  const folder = given ? path.resolve(given) : mkdtempSync(path.join(tmpdir(), 'schema-bench-'));
  if (!given) writeMigrationCorpus(folder, 200);
  for (const mode of ['async', 'sync', 'async', 'sync']) {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, folder], {
      encoding: 'utf8',
    });
    process.stdout.write(run.stdout || run.stderr);
  }
  if (!given) rmSync(folder, { recursive: true, force: true });
}
