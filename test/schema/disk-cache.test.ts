// The schema cache on disk (src/schema/disk-cache.ts): a second process reads
// the schema the first one parsed, keyed by the content of the migrations, the
// types file and supabase/config.toml; anything else in the folder (another
// version, a corrupt file) is ignored and written again, never an error.
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  clearDiscoveryCache,
  clearSchemaCache,
  type DatabaseSchema,
  loadSchema,
  loadSchemaSync,
  schemaCacheKey,
} from '../../src/schema/index.js';
import { SCHEMA_CACHE_ENV, schemaCacheDir } from '../../src/schema/disk-cache.js';
import { FIXTURES, writeProject } from './helpers.js';

const INIT = 'create table public.profiles (id uuid primary key, user_id uuid not null unique, name text);\n';
const MIGRATION = path.join('supabase', 'migrations', '20240101000000_init.sql');

let cacheDir: string;

beforeEach(() => {
  cacheDir = mkdtempSync(path.join(tmpdir(), 'schema-cache-test-'));
  clearSchemaCache();
  clearDiscoveryCache();
});

/** A new process, as far as the loader can tell: nothing cached in memory. */
function freshLoad(root: string, cache: string | false = cacheDir): DatabaseSchema {
  clearSchemaCache();
  const schema = loadSchemaSync({ schema: root, recheckMs: 0, cache });
  if (!schema) throw new Error(`no schema at ${root}`);
  return schema;
}

/** The schema without what says how it was loaded (time, cache file). */
function facts(schema: DatabaseSchema): unknown {
  const origin = { ...schema.origin, loadMs: 0 };
  delete origin.fromCache;
  return { origin, relations: [...schema.relations.entries()] };
}

const filesIn = (dir: string): string[] => readdirSync(dir).sort();

/** Moves a file's modification time one minute ahead (a `git checkout` does the same). */
function touch(file: string): void {
  const later = new Date(statSync(file).mtimeMs + 60_000);
  utimesSync(file, later, later);
}

describe('the schema cache on disk', () => {
  it('gives a later process the same schema, without parsing', async () => {
    const parsed = await loadSchema({ schema: 'typed-app', cwd: FIXTURES, recheckMs: 0, cache: cacheDir });
    expect(parsed?.origin.fromCache).toBeUndefined();
    const names = filesIn(cacheDir);
    expect(names.filter((n) => n.startsWith('schema-'))).toHaveLength(1);
    expect(names.filter((n) => n.startsWith('source-'))).toHaveLength(1);
    const read = freshLoad(path.join(FIXTURES, 'typed-app'));
    expect(read.origin.fromCache).toBe(
      path.join(
        cacheDir,
        names.find((n) => n.startsWith('schema-'))!,
      ),
    );
    expect(facts(read)).toEqual(facts(parsed!));
    expect(read).not.toBe(parsed);
    // every query answers alike: the read schema is a DatabaseSchema, not plain data
    expect(read.uniqueColumns('profiles')).toEqual(parsed!.uniqueColumns('profiles'));
  });

  it('is one schema for ESLint, which finds the project from a file, and the CLI, which names its folders', () => {
    const root = writeProject({ '20240101000000_init.sql': INIT, 'src/app.ts': 'export {};\n' });
    clearSchemaCache();
    const found = loadSchemaSync({ from: path.join(root, 'src', 'app.ts'), recheckMs: 0, cache: cacheDir });
    const named = freshLoad(path.join(root, 'supabase', 'migrations'));
    expect(named.origin.fromCache).toBeDefined();
    expect(filesIn(cacheDir).filter((n) => n.startsWith('schema-'))).toHaveLength(1);
    // each reports the root it asked from, as a parse would
    expect(found?.origin.root).toBe(root);
    expect(named.origin.root).toBe(path.join(root, 'supabase', 'migrations'));
    clearSchemaCache();
    const parsed = loadSchemaSync({ schema: path.join(root, 'supabase', 'migrations'), recheckMs: 0, cache: false });
    expect(facts(named)).toEqual(facts(parsed!));
  });

  it('parses again when a migration, the types file or config.toml changes', () => {
    const root = writeProject({ '20240101000000_init.sql': INIT });
    expect(freshLoad(root).uniqueColumns('profiles')).toEqual(['id', 'user_id']);
    writeFileSync(path.join(root, MIGRATION), INIT.replace(' unique', ''));
    const changed = freshLoad(root);
    expect(changed.origin.fromCache).toBeUndefined();
    expect(changed.uniqueColumns('profiles')).toEqual(['id']);
    expect(freshLoad(root).origin.fromCache).toBeDefined();

    writeFileSync(path.join(root, 'supabase', 'config.toml'), '[api]\nmax_rows = 500\n');
    expect(freshLoad(root).origin.fromCache).toBeUndefined();
    expect(freshLoad(root).origin.fromCache).toBeDefined();

    writeFileSync(path.join(root, 'database.types.ts'), 'export type Database = {};\n');
    clearDiscoveryCache();
    expect(freshLoad(root).origin.fromCache).toBeUndefined();
    expect(freshLoad(root).origin.fromCache).toBeDefined();
  });

  it('parses again when a migration is added or removed', () => {
    const root = writeProject({ '20240101000000_init.sql': INIT });
    freshLoad(root);
    writeFileSync(
      path.join(root, 'supabase', 'migrations', '20240102000000_more.sql'),
      'alter table public.profiles add column bio text;\n',
    );
    const added = freshLoad(root);
    expect(added.origin.fromCache).toBeUndefined();
    expect(added.hasColumn('profiles', 'bio')).toBe('yes');
  });

  it('hashes a file whose time changed, and keeps the schema when its content did not', () => {
    const root = writeProject({ '20240101000000_init.sql': INIT });
    const first = freshLoad(root);
    const index = filesIn(cacheDir).find((n) => n.startsWith('source-'))!;
    const before = readFileSync(path.join(cacheDir, index), 'utf8');
    touch(path.join(root, MIGRATION));
    const again = freshLoad(root);
    expect(again.origin.fromCache).toBeDefined();
    expect(facts(again)).toEqual(facts(first));
    // the index holds the new time, so the next process does not hash the file again
    expect(readFileSync(path.join(cacheDir, index), 'utf8')).not.toBe(before);
    expect(filesIn(cacheDir).filter((n) => n.startsWith('schema-'))).toHaveLength(1);
  });

  it('trusts an unchanged size and time without reading the file', () => {
    const root = writeProject({ '20240101000000_init.sql': INIT });
    const file = path.join(root, MIGRATION);
    // a whole second: the time put back below is then exactly the same
    const time = new Date('2024-01-01T00:00:00Z');
    utimesSync(file, time, time);
    freshLoad(root);
    // same length, other content, time put back: only a file read would see it
    writeFileSync(file, INIT.replace('user_id uuid not null unique', 'user_id uuid not null uniqu_'));
    utimesSync(file, time, time);
    expect(freshLoad(root).uniqueColumns('profiles')).toEqual(['id', 'user_id']);
    touch(file);
    expect(freshLoad(root).origin.skipped).toHaveLength(1);
  });

  it('ignores a corrupt schema file and writes it again', () => {
    const root = writeProject({ '20240101000000_init.sql': INIT });
    const first = freshLoad(root);
    const schemaFile = path.join(
      cacheDir,
      filesIn(cacheDir).find((n) => n.startsWith('schema-'))!,
    );
    writeFileSync(schemaFile, '{"version": "1", "relat');
    const parsed = freshLoad(root);
    expect(parsed.origin.fromCache).toBeUndefined();
    expect(facts(parsed)).toEqual(facts(first));
    expect(() => JSON.parse(readFileSync(schemaFile, 'utf8')) as unknown).not.toThrow();
    expect(freshLoad(root).origin.fromCache).toBe(schemaFile);
  });

  it('ignores a schema file of another version, or of the wrong shape', () => {
    const root = writeProject({ '20240101000000_init.sql': INIT });
    freshLoad(root);
    const schemaFile = path.join(
      cacheDir,
      filesIn(cacheDir).find((n) => n.startsWith('schema-'))!,
    );
    const stored = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(schemaFile, JSON.stringify({ ...stored, version: '0.0.1+0+other', relations: [] }));
    expect(freshLoad(root).origin.fromCache).toBeUndefined();
    writeFileSync(schemaFile, JSON.stringify({ ...stored, relations: 'none' }));
    expect(freshLoad(root).origin.fromCache).toBeUndefined();
    // the right version, but a relation without its keys: the queries would throw on it
    const relations = stored.relations as Record<string, unknown>[];
    writeFileSync(
      schemaFile,
      JSON.stringify({ ...stored, relations: relations.map((r) => ({ ...r, keys: undefined })) }),
    );
    expect(freshLoad(root).origin.fromCache).toBeUndefined();
    writeFileSync(schemaFile, JSON.stringify({ ...stored, origin: { ...(stored.origin as object), skipped: null } }));
    expect(freshLoad(root).origin.fromCache).toBeUndefined();
    expect(freshLoad(root).hasTable('profiles')).toBe(true);
  });

  it('ignores a corrupt source index', () => {
    const root = writeProject({ '20240101000000_init.sql': INIT });
    freshLoad(root);
    const index = path.join(
      cacheDir,
      filesIn(cacheDir).find((n) => n.startsWith('source-'))!,
    );
    writeFileSync(index, 'not json');
    expect(freshLoad(root).origin.fromCache).toBeDefined();
    expect(JSON.parse(readFileSync(index, 'utf8'))).toMatchObject({ key: expect.any(String) as string });
  });

  it('loads the schema when the cache folder cannot be written', () => {
    const root = writeProject({ '20240101000000_init.sql': INIT });
    const blocked = path.join(cacheDir, 'a-file');
    writeFileSync(blocked, '');
    const schema = freshLoad(root, path.join(blocked, 'cache'));
    expect(schema.hasTable('profiles')).toBe(true);
    expect(filesIn(cacheDir)).toEqual(['a-file']);
  });

  it('writes nothing when it is turned off', () => {
    const root = writeProject({ '20240101000000_init.sql': INIT });
    expect(freshLoad(root, false).hasTable('profiles')).toBe(true);
    expect(filesIn(cacheDir)).toEqual([]);
  });

  it('leaves no temporary file behind', () => {
    const root = writeProject({ '20240101000000_init.sql': INIT });
    freshLoad(root);
    writeFileSync(path.join(root, MIGRATION), `${INIT}-- again\n`);
    freshLoad(root);
    expect(filesIn(cacheDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('where the cache lives', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is the setting, else the environment, else node_modules/.cache above the project', () => {
    vi.stubEnv(SCHEMA_CACHE_ENV, undefined);
    const repository = path.resolve(import.meta.dirname, '..', '..');
    expect(schemaCacheDir(path.join(FIXTURES, 'typed-app'), undefined, '/work')).toBe(
      path.join(repository, 'node_modules', '.cache', 'supabase-scale'),
    );
    expect(schemaCacheDir(FIXTURES, 'cache', '/work')).toBe(path.join('/work', 'cache'));
    expect(schemaCacheDir(FIXTURES, false, '/work')).toBeUndefined();
    vi.stubEnv(SCHEMA_CACHE_ENV, 'off');
    expect(schemaCacheDir(FIXTURES, undefined, '/work')).toBeUndefined();
    vi.stubEnv(SCHEMA_CACHE_ENV, '/var/cache/lint');
    expect(schemaCacheDir(FIXTURES, undefined, '/work')).toBe('/var/cache/lint');
    expect(schemaCacheDir(FIXTURES, 'cache', '/work')).toBe(path.join('/work', 'cache'));
  });

  it('is the OS cache folder for a project with no node_modules above it', () => {
    vi.stubEnv(SCHEMA_CACHE_ENV, undefined);
    vi.stubEnv('XDG_CACHE_HOME', '/home/someone/.cache');
    const dir = schemaCacheDir(mkdtempSync(path.join(tmpdir(), 'schema-cache-where-')), undefined, '/work');
    expect(dir).toBe(process.platform === 'linux' ? '/home/someone/.cache/supabase-scale' : dir);
  });
});

describe('schemaCacheKey', () => {
  it('changes with the content of the schema files, not with their times', () => {
    const root = writeProject({ '20240101000000_init.sql': INIT });
    const key = schemaCacheKey({ from: root, cache: cacheDir });
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(schemaCacheKey({ from: root, cache: false })).toBe(key);
    touch(path.join(root, MIGRATION));
    expect(schemaCacheKey({ from: root, cache: cacheDir })).toBe(key);
    writeFileSync(path.join(root, MIGRATION), `${INIT}-- edited\n`);
    const edited = schemaCacheKey({ from: root, cache: cacheDir });
    expect(edited).not.toBe(key);
    expect(schemaCacheKey({ from: root, cache: false })).toBe(edited);
  });

  it('is none without a schema', () => {
    expect(schemaCacheKey({ schema: false })).toBe('none');
  });
});
