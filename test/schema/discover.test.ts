// Finding the schema, explicit paths, and the cache that keeps it per run.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSchemaSource, loadSchema, resolveSchemaSetting } from '../../src/schema/index.js';
import { FIXTURES, migrationsOf, writeProject } from './helpers.js';

const TYPES = `export type Database = { public: { Tables: { t: { Row: { id: string; note: string | null }; Relationships: [] } } } };\n`;

describe('finding the schema from a file', () => {
  it('takes the nearest supabase/migrations and the nearest conventional types file on the way', () => {
    const root = writeProject({
      '20240101000000_a.sql': 'create table t (id int primary key);',
      'apps/web/src/types/supabase.ts': TYPES,
      'apps/web/src/lib/data.ts': 'export {};',
    });
    expect(findSchemaSource(path.join(root, 'apps/web/src/lib/data.ts'), 0)).toEqual({
      root,
      migrationsDir: path.join(root, 'supabase', 'migrations'),
      typesFile: path.join(root, 'apps/web/src/types/supabase.ts'),
    });
  });

  it('stops at a folder with .git, and takes a types file alone', () => {
    const root = writeProject({ '20240101000000_a.sql': 'create table t (id int);', 'repo/src/x.ts': '' });
    mkdirSync(path.join(root, 'repo', '.git'));
    expect(findSchemaSource(path.join(root, 'repo/src/x.ts'), 0)).toBeUndefined();
    writeFileSync(path.join(root, 'repo', 'database.types.ts'), TYPES);
    expect(findSchemaSource(path.join(root, 'repo/src/x.ts'), 0)).toEqual({
      root: path.join(root, 'repo'),
      typesFile: path.join(root, 'repo', 'database.types.ts'),
    });
  });
});

describe("a monorepo's Supabase project in a package of its own", () => {
  const monorepo = (files: Record<string, string>) => {
    const root = writeProject(files);
    mkdirSync(path.join(root, '.git'));
    return root;
  };

  it('is the schema of every file of the repository when it is the only one', () => {
    const root = monorepo({
      'packages/database/supabase/migrations/20240101000000_a.sql': 'create table t (id int primary key);',
      'packages/database/src/types/supabase.ts': TYPES,
      'apps/api/src/routes.ts': '',
      'node_modules/other/supabase/migrations/20240101000000_b.sql': 'create table u (id int);',
      // an example's project is not the app's database
      'examples/chat/supabase/migrations/20240101000000_c.sql': 'create table v (id int);',
      'packages/cli/templates/supabase/migrations/20240101000000_d.sql': 'create table w (id int);',
    });
    expect(findSchemaSource(path.join(root, 'apps/api/src/routes.ts'), 0)).toEqual({
      root: path.join(root, 'packages/database'),
      migrationsDir: path.join(root, 'packages/database/supabase/migrations'),
      typesFile: path.join(root, 'packages/database/src/types/supabase.ts'),
    });
  });

  it('is not taken when the repository holds two: which one a file uses is ambiguous', () => {
    const root = monorepo({
      'packages/database/supabase/migrations/20240101000000_a.sql': 'create table t (id int primary key);',
      'apps/admin/supabase/migrations/20240101000000_a.sql': 'create table t (id int);',
      'apps/api/src/routes.ts': '',
    });
    expect(findSchemaSource(path.join(root, 'apps/api/src/routes.ts'), 0)).toBeUndefined();
    // a file under one of them still has its own
    expect(findSchemaSource(path.join(root, 'apps/admin/src/x.ts'), 0)?.root).toBe(path.join(root, 'apps/admin'));
  });

  it('is looked for three levels down at most', () => {
    const root = monorepo({
      'a/b/c/d/supabase/migrations/20240101000000_a.sql': 'create table t (id int primary key);',
      'apps/api/src/routes.ts': '',
    });
    expect(findSchemaSource(path.join(root, 'apps/api/src/routes.ts'), 0)).toBeUndefined();
  });
});

describe("a monorepo's generated types in a workspace package of their own", () => {
  /** A repository of these files; `rootFiles` go at its top (writeProject puts a bare name into supabase/migrations). */
  const workspace = (rootFiles: Record<string, string>, files: Record<string, string>) => {
    const root = writeProject(files);
    mkdirSync(path.join(root, '.git'));
    for (const [name, text] of Object.entries(rootFiles)) writeFileSync(path.join(root, name), text);
    return root;
  };

  it('is found through package.json workspaces, at a plain name whose text is the Database type', () => {
    const root = workspace(
      { 'package.json': JSON.stringify({ private: true, workspaces: ['apps/*', 'packages/*'] }) },
      {
        'packages/supabase/src/types.ts': TYPES,
        // a types.ts, or a file at a conventional name, that is not generated types is not taken
        'packages/ui/src/types.ts': 'export type ButtonProps = { label: string };\n',
        'packages/shared/src/types/database.ts': 'export interface Team {\n  id: string;\n}\n',
        'apps/web/src/rooms.ts': '',
      },
    );
    expect(findSchemaSource(path.join(root, 'apps/web/src/rooms.ts'), 0)).toEqual({
      root: path.join(root, 'packages/supabase/src'),
      typesFile: path.join(root, 'packages/supabase/src/types.ts'),
    });
  });

  it('is found through pnpm-workspace.yaml, and goes with a lone migrations project that has no types of its own', () => {
    const root = workspace(
      { 'pnpm-workspace.yaml': 'packages:\n  - \'apps/*\'\n  # the shared code\n  - "packages/*"\n' },
      {
        'supabase/migrations/20240101000000_a.sql': 'create table t (id int primary key);',
        'packages/db/types.ts': TYPES,
        'apps/web/src/rooms.ts': '',
      },
    );
    expect(findSchemaSource(path.join(root, 'apps/web/src/rooms.ts'), 0)).toEqual({
      root,
      migrationsDir: path.join(root, 'supabase', 'migrations'),
      typesFile: path.join(root, 'packages/db/types.ts'),
    });
  });

  it('is not taken when two packages hold generated types', () => {
    const root = workspace(
      { 'package.json': JSON.stringify({ workspaces: { packages: ['packages/*'] } }) },
      {
        'packages/a/src/types.ts': TYPES,
        'packages/b/database.types.ts': TYPES,
        'packages/app/src/x.ts': '',
      },
    );
    expect(findSchemaSource(path.join(root, 'packages/app/src/x.ts'), 0)).toBeUndefined();
  });
});

describe('explicit paths', () => {
  const cwd = FIXTURES;

  it('accepts a project folder, a migrations folder, a .sql file and a types file', () => {
    expect(resolveSchemaSetting('typed-app', cwd)).toMatchObject({
      migrationsDir: migrationsOf('typed-app'),
      typesFile: path.join(FIXTURES, 'typed-app/src/types/database.types.ts'),
    });
    expect(resolveSchemaSetting('cli-app/supabase/migrations', cwd)).toMatchObject({
      migrationsDir: migrationsOf('cli-app'),
    });
    // the Supabase CLI's folder itself: its migrations, and the project's types file
    expect(resolveSchemaSetting('typed-app/supabase', cwd)).toEqual({
      root: path.join(FIXTURES, 'typed-app/supabase'),
      migrationsDir: migrationsOf('typed-app'),
      typesFile: path.join(FIXTURES, 'typed-app/src/types/database.types.ts'),
    });
    expect(
      resolveSchemaSetting(
        ['broken/supabase/migrations/20240701000000_base.sql', 'typed-app/src/types/database.types.ts'],
        cwd,
      ),
    ).toMatchObject({
      sqlFiles: [path.join(migrationsOf('broken'), '20240701000000_base.sql')],
      typesFile: path.join(FIXTURES, 'typed-app/src/types/database.types.ts'),
    });
    expect(resolveSchemaSetting(false, cwd)).toBeUndefined();
  });

  it('lists a path that does not exist instead of failing', async () => {
    const schema = await loadSchema({ schema: ['no/such/folder', 'cli-app'], cwd, recheckMs: 0 });
    expect(schema?.origin.unreadable).toEqual([
      { file: path.join(FIXTURES, 'no/such/folder'), message: 'no such file or folder' },
    ]);
    expect(schema?.hasTable('profiles')).toBe(true);
    expect(await loadSchema({ schema: false })).toBeUndefined();
    expect(await loadSchema({})).toBeUndefined();
  });

  it('reads a types file alone', async () => {
    const schema = await loadSchema({ schema: 'typed-app/src/types/database.types.ts', cwd, recheckMs: 0 });
    expect(schema?.origin.files).toEqual([]);
    expect(schema?.uniqueColumns('team_settings')).toEqual(['team_id']);
    expect(schema?.uniqueColumns('members')).toEqual([]);
    expect(schema?.hasColumn('members', 'role')).toBe('yes');
  });
});

describe('the cache', () => {
  it('loads once, and again when a migration changes', async () => {
    const root = writeProject({ '20240101000000_a.sql': 'create table t (id int primary key);' });
    const first = await loadSchema({ from: root, recheckMs: 60_000 });
    expect(await loadSchema({ from: root, recheckMs: 60_000 })).toBe(first);
    expect(await loadSchema({ from: root, recheckMs: 0 })).toBe(first); // checked: nothing changed

    const file = path.join(root, 'supabase/migrations/20240101000000_a.sql');
    writeFileSync(file, 'create table t (id int primary key, name text unique);');
    const later = new Date(Date.now() + 10_000);
    utimesSync(file, later, later);
    expect(await loadSchema({ from: root, recheckMs: 60_000 })).toBe(first); // not checked yet
    const second = await loadSchema({ from: root, recheckMs: 0 });
    expect(second).not.toBe(first);
    expect(second?.uniqueColumns('t')).toEqual(['id', 'name']);

    writeFileSync(path.join(root, 'supabase/migrations/20240102000000_b.sql'), 'alter table t drop column name;');
    expect((await loadSchema({ from: root, recheckMs: 0 }))?.hasColumn('t', 'name')).toBe('no');
  });

  it('reads the files the Supabase CLI applies, and lists the other .sql files', async () => {
    const root = writeProject({
      '20240101000000_a.sql': 'create table t (id int primary key);',
      'seed.sql': 'create table seeded (id int);',
      'verify_tables.sql': "\\echo 'checking'",
    });
    const schema = await loadSchema({ from: root, recheckMs: 0 });
    expect(schema?.origin.files.map((f) => path.basename(f))).toEqual(['20240101000000_a.sql']);
    expect(schema?.origin.notMigrations.map((f) => path.basename(f))).toEqual(['seed.sql', 'verify_tables.sql']);
    expect(schema?.hasTable('seeded')).toBe(false);
  });

  it('reports a file it cannot read and goes on', async () => {
    const root = writeProject({ '20240101000000_a.sql': 'create table t (id int primary key);' });
    mkdirSync(path.join(root, 'supabase/migrations/20240102000000_folder.sql'));
    const schema = await loadSchema({ from: root, recheckMs: 0 });
    expect(schema?.origin.unreadable).toHaveLength(1);
    expect(schema?.origin.unreadable[0]?.file).toMatch(/20240102000000_folder\.sql$/);
    expect(schema?.primaryKey('t')).toEqual(['id']);
  });
});
