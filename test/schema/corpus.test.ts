// A 200-migration folder (bench/schema-corpus.mjs): loaded whole, and its load time
// logged (bench/schema-load.mjs measures it cold in a fresh process).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { writeMigrationCorpus } from '../../bench/schema-corpus.mjs';
import { loadSchema } from '../../src/schema/index.js';

it('loads a 200-migration folder', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'schema-corpus-'));
  writeMigrationCorpus(dir, 200);
  const schema = (await loadSchema({ schema: dir, recheckMs: 0 }))!;
  const { origin } = schema;
  console.log(
    `200 migrations: ${origin.statements} statements, ${schema.relations.size} relations, ${origin.loadMs} ms`,
  );
  expect(origin.files).toHaveLength(200);
  expect(origin.skipped.map((s) => path.basename(s.file))).toEqual([
    '20230103020000_step_50.sql',
    '20230105040000_step_100.sql',
    '20230107060000_step_150.sql',
  ]);
  expect(origin.unresolved).toEqual([]);
  expect(schema.columns('entity_1')?.map((c) => c.name)).toEqual([
    'id',
    'owner_id',
    'slug',
    'name',
    'created_at',
    'updated_at',
    'archived_at',
    'position',
  ]);
  expect(schema.uniqueColumns('entity_1')).toEqual(['id']);
  expect(schema.uniqueKeys('entity_1').map((k) => k.name)).toEqual([
    'entity_1_pkey',
    'entity_1_slug_key',
    'entity_1_live_slug',
  ]);
  expect(schema.relation('entity_1_live')?.kind).toBe('view');
});
