// The schema's load time in a fresh process (`schema`): parsed from the
// migrations, as every process did before the disk cache (the sync path the
// rules take: the parser in a worker thread), and read back from the disk cache,
// as every process after the first does now. On a generated 200-migration folder
// and on each real app with migrations.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { measureSchemaLoad } from '../schema-load.mjs';
import { writeMigrationCorpus } from '../schema-corpus.mjs';
import { median } from '../lib/stats.mjs';

/**
 * @typedef {import('../lib/context.mjs').Bench} Bench
 * @typedef {import('../apps.mjs').LocatedApp} LocatedApp
 * @typedef {import('../schema-load.mjs').Measured} Measured
 */

/** What reading the schema from the disk cache may take in a fresh process (the load call, wall time). */
const DISK_READ_TARGET_MS = 50;

/**
 * Parsed (cache off) and read from the disk cache, `runs` times each, interleaved.
 *
 * @param {Bench} bench
 * @param {string} name
 * @param {string} folder
 */
function measureSource(bench, name, folder) {
  const cacheDir = path.join(bench.work, 'schema-load-cache', name);
  /** @type {Measured[]} */
  const parsed = [];
  /** @type {Measured[]} */
  const read = [];
  // the first process to use the cache writes it; every later one reads it
  measureSchemaLoad('disk', folder, cacheDir);
  for (let i = 0; i < bench.options.runs; i += 1) {
    parsed.push(measureSchemaLoad('parse-sync', folder));
    read.push(measureSchemaLoad('disk', folder, cacheDir));
  }
  const first = /** @type {Measured} */ (parsed[0]);
  return {
    name,
    files: first.files,
    statements: first.statements,
    relations: first.relations,
    parsed: { ms: median(parsed.map((m) => m.ms)), cpuMs: median(parsed.map((m) => m.cpuMs)) },
    disk: { ms: median(read.map((m) => m.ms)), cpuMs: median(read.map((m) => m.cpuMs)) },
    allFromCache: read.every((m) => m.fromCache),
    sameSchema: read.every((m) => m.relations === first.relations && m.statements === first.statements),
  };
}

/**
 * @param {Bench} bench
 * @param {LocatedApp[]} apps
 */
export function schemaSection(bench, apps) {
  const { say, target } = bench;
  bench.section('schema');
  const generated = path.join(bench.work, 'schema-200', 'supabase', 'migrations');
  mkdirSync(generated, { recursive: true });
  writeMigrationCorpus(generated, 200);
  /** @type {[string, string][]} */
  const sources = [['generated, 200 migrations', path.dirname(path.dirname(generated))]];
  for (const app of apps) if (app.found && app.role === 'migrations') sources.push([app.name, app.dir]);
  say(
    `## the schema's load time in a fresh process (median of ${bench.options.runs}): parsed from the migrations (the rules' path: the parser in a worker thread, the disk cache off) vs read from the disk cache`,
  );
  say(
    '| source | migrations | statements | relations | parsed, wall | parsed, CPU | from the disk cache, wall | CPU | all read from the cache, same schema |',
  );
  say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  const rows = sources.map(([name, folder]) => measureSource(bench, name, folder));
  /** @type {string[]} */
  const problems = [];
  for (const row of rows) {
    const judged = target(
      `schema read from the disk cache, ${row.name}`,
      row.disk.ms,
      DISK_READ_TARGET_MS,
      ' ms',
      'wall',
    );
    say(
      `| ${row.name} | ${row.files} | ${row.statements} | ${row.relations} | ${Math.round(row.parsed.ms)} ms | ${Math.round(row.parsed.cpuMs)} ms | ${judged} | ${row.disk.cpuMs.toFixed(1)} ms | ${row.allFromCache && row.sameSchema ? 'yes' : 'NO'} |`,
    );
    if (!row.allFromCache) problems.push(`${row.name}: a later process parsed again`);
    if (!row.sameSchema) problems.push(`${row.name}: the schema read differs from the one parsed`);
  }
  bench.check('every later process read the schema from the disk cache, and the same schema', problems);
  bench.results.schemaLoad = rows;
}
