/**
 * `audit --prove`: replays each sync found (src/replay/, loaded only here and
 * only when asked) against PGlite, with each sync's tables made from the
 * migrations of its project's schema and cut at its project's max-rows.
 * PGlite is an optional dependency: when it cannot be loaded the audit stops
 * with one line saying so (exit 2).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SyncProof } from '../analysis/sync/sync-proof.js';
import type { SyncFact } from '../analysis/sync/sync-plan.js';
import { configMaxRows, DEFAULT_MAX_ROWS } from '../schema/project-config.js';
import type { ParsedFile } from '../schema/sql-files.js';
import { UsageError } from './errors.js';
import type { Io } from './output.js';
import type { RunSchemas } from './schemas.js';

/** The parsed migrations of the schema that serves `file`, or null; parsed once a schema. */
async function migrationsFor(
  file: string,
  schemas: RunSchemas,
  io: Io,
  cache: Map<string, ParsedFile[] | null>,
): Promise<ParsedFile[] | null> {
  const setting = schemas.settingFor(path.resolve(io.cwd, file));
  if (setting === false) return null;
  // the schema the audit loaded for the file (cached), not counted again as one it served
  const { loadSchemaSync } = await import('../schema/load.js');
  const files = loadSchemaSync({ schema: setting, cwd: io.cwd })?.origin.files ?? [];
  if (files.length === 0) return null;
  const key = files.join('\n');
  if (!cache.has(key)) {
    const [{ loadSqlParser }, { parseSqlFiles }] = await Promise.all([
      import('../schema/sql-parser.js'),
      import('../schema/statements.js'),
    ]);
    const parser = await loadSqlParser();
    const texts = files.flatMap((migration) => {
      try {
        return [{ file: path.relative(io.cwd, migration) || migration, text: readFileSync(migration, 'utf8') }];
      } catch {
        return [];
      }
    });
    cache.set(key, parseSqlFiles(parser, texts));
  }
  return cache.get(key) ?? null;
}

/** A UsageError when PGlite cannot be loaded: asked before the audit, so that a long audit is not wasted. */
export async function checkProve(): Promise<void> {
  const { checkPglite, ReplayUnavailable } = await import('../replay/index.js');
  try {
    await checkPglite();
  } catch (error) {
    if (error instanceof ReplayUnavailable) throw new UsageError(error.message);
    throw error;
  }
}

/** Each sync's replay; a UsageError when PGlite cannot be loaded. */
export async function proveSyncs(syncs: readonly SyncFact[], schemas: RunSchemas, io: Io): Promise<SyncProof[]> {
  if (syncs.length === 0) return [];
  const { openDatabase, replaySync, ReplayUnavailable } = await import('../replay/index.js');
  let db: Awaited<ReturnType<typeof openDatabase>>;
  try {
    db = await openDatabase();
  } catch (error) {
    if (error instanceof ReplayUnavailable) throw new UsageError(error.message);
    throw error;
  }
  const cache = new Map<string, ParsedFile[] | null>();
  const proofs: SyncProof[] = [];
  try {
    for (const sync of syncs) {
      const migrations = await migrationsFor(sync.file, schemas, io, cache);
      // PostgREST cuts every read at the project's max-rows (supabase/config.toml [api] max_rows)
      const maxRows = configMaxRows(path.resolve(io.cwd, sync.file))?.maxRows ?? DEFAULT_MAX_ROWS;
      proofs.push(await replaySync(sync, { db, migrations, maxRows }));
    }
  } finally {
    await db.close();
  }
  return proofs;
}
