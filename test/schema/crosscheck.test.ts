// The loader against PostgreSQL (PGlite): the same fixture migrations, the same
// answers on every relation. Statements PostgreSQL rejects are listed, not dropped.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyStatements,
  compareSchemas,
  createSupabaseDatabase,
  readCatalog,
} from '../../scripts/schema-crosscheck.mjs';
import { loadSchema, loadSqlParser, parseSqlFiles } from '../../src/schema/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/schema');

/** Per fixture, the statements PostgreSQL is expected to reject (file name: line). */
const EXPECTED_REJECTIONS: Record<string, string[]> = {
  'cli-app': [],
  'pg-dump': [],
  broken: ['20240701000000_base.sql:22', '20240701000000_base.sql:29'],
  'typed-app': [],
  'ddl-forms': [],
};

let database: Awaited<ReturnType<typeof createSupabaseDatabase>>;

beforeAll(async () => {
  database = await createSupabaseDatabase();
});
afterAll(async () => {
  await (database as typeof database | undefined)?.close(); // beforeAll may have failed
});

describe('the loader agrees with PostgreSQL', () => {
  for (const fixture of Object.keys(EXPECTED_REJECTIONS)) {
    it(fixture, async () => {
      const dir = path.join(FIXTURES, fixture, 'supabase', 'migrations');
      const files = readdirSync(dir)
        .filter((n) => n.endsWith('.sql'))
        .sort()
        .map((n) => ({ file: n, text: readFileSync(path.join(dir, n), 'utf8') }));
      const parsed = parseSqlFiles(await loadSqlParser(), files);
      await database.reset();
      const rejected = await applyStatements(database.db, parsed);
      if (rejected.length > 0) console.log(`${fixture}: PostgreSQL rejected`, rejected);
      const schema = (await loadSchema({ schema: dir, recheckMs: 0 }))!;
      const { rows, disagreements } = compareSchemas(schema, await readCatalog(database.db, database.baseline));
      expect(disagreements).toEqual([]);
      expect(rows.length).toBeGreaterThan(0);
      expect(rejected.map((r) => `${r.file}:${r.line}`)).toEqual(EXPECTED_REJECTIONS[fixture]);
    });
  }
});
