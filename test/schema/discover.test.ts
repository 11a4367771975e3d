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

  it("passes over an app's own Database interface for the generated types further down the list", () => {
    const root = writeProject({
      '20240101000000_a.sql': 'create table t (id int primary key);',
      'src/types/database.ts': 'export interface Database { name: string; tables: string[] }\n',
      'src/integrations/supabase/types.ts': TYPES,
      'src/lib/data.ts': 'export {};',
    });
    expect(findSchemaSource(path.join(root, 'src/lib/data.ts'), 0)?.typesFile).toBe(
      path.join(root, 'src/integrations/supabase/types.ts'),
    );
    // with no generated types anywhere, the first conventional file is still taken
    const alone = writeProject({
      '20240101000000_a.sql': 'create table t (id int primary key);',
      'src/types/database.ts': 'export interface Database { name: string }\n',
      'src/lib/data.ts': 'export {};',
    });
    expect(findSchemaSource(path.join(alone, 'src/lib/data.ts'), 0)?.typesFile).toBe(
      path.join(alone, 'src/types/database.ts'),
    );
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

describe('SQL kept outside supabase/migrations', () => {
  const repository = (files: Record<string, string>) => {
    const root = writeProject(files);
    mkdirSync(path.join(root, '.git'));
    return root;
  };

  it("reads the CLI's declarative supabase/schemas when there are no migrations, in name order", async () => {
    const root = repository({
      'supabase/schemas/01_users.sql': 'create table users (id uuid primary key, email text unique);',
      'supabase/schemas/02_posts.sql': 'create table posts (id uuid primary key, user_id uuid);',
      'src/x.ts': '',
    });
    expect(findSchemaSource(path.join(root, 'src/x.ts'), 0)).toEqual({
      root,
      sqlDirs: [path.join(root, 'supabase/schemas')],
    });
    const schema = await loadSchema({ from: path.join(root, 'src/x.ts'), recheckMs: 0 });
    expect(schema?.uniqueColumns('users')).toEqual(['id', 'email']);
    expect(schema?.origin.files.map((f) => path.relative(root, f))).toEqual([
      'supabase/schemas/01_users.sql',
      'supabase/schemas/02_posts.sql',
    ]);
  });

  it('reads supabase/migrations first, and lists the declarative schemas and hand-kept SQL it did not read', () => {
    const root = repository({
      '20240101000000_a.sql': 'create table t (id int primary key);',
      'supabase/schema.sql': 'create table t (id int primary key, loose text unique);',
      'supabase/seed.sql': "insert into t values (1, 'a');",
      'supabase/schemas/t.sql': 'create table t (id int primary key, name text unique);',
      'database/schema.sql': 'create table t (id int primary key, other text unique);',
      'apps/api/db/schema.sql': 'create table u (id int primary key);',
      'apps/api/src/x.ts': '',
    });
    expect(findSchemaSource(path.join(root, 'apps/api/src/x.ts'), 0)).toEqual({
      root,
      migrationsDir: path.join(root, 'supabase/migrations'),
      unread: [
        path.join(root, 'supabase/schemas'),
        path.join(root, 'supabase/schema.sql'),
        path.join(root, 'apps/api/db'),
        path.join(root, 'database'),
      ],
    });
  });

  it('reads first a dump of the base tables that the migrations only alter (supabase/schema/<schema>/*.sql)', async () => {
    const root = repository({
      'supabase/schema/Public/app_settings.sql':
        'create table public.app_settings (key_name text primary key, key_value text not null);',
      'supabase/schema/Public/loans.sql': 'create table loans (id uuid primary key, amount numeric);',
      'supabase/schema/Crm/customers.sql': 'create table crm.customers (id uuid primary key, name text);',
      // a migration written over the dump: alters its tables, re-creates one only `if not exists`
      '20240101000000_alter.sql':
        'alter table loans add column status text;\ncreate table if not exists crm.customers (id uuid primary key, name text, email text);',
      'src/x.ts': '',
    });
    expect(findSchemaSource(path.join(root, 'src/x.ts'), 0)).toEqual({
      root,
      migrationsDir: path.join(root, 'supabase/migrations'),
      baseDirs: [path.join(root, 'supabase/schema')],
    });
    const schema = await loadSchema({ from: path.join(root, 'src/x.ts'), recheckMs: 0 });
    expect(schema?.uniqueColumns('app_settings')).toEqual(['key_name']);
    expect(schema?.columns('loans')?.map((column) => column.name)).toEqual(['id', 'amount', 'status']);
    expect(schema?.origin.unresolved).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/crm\.customers: it already exists, without email/) as unknown,
      }),
    ]);
    expect(schema?.origin.files.map((f) => path.relative(root, f)).at(-1)).toBe(
      'supabase/migrations/20240101000000_alter.sql',
    );
  });

  it('lists, not reads, a schema folder whose table a migration creates with a plain CREATE TABLE', () => {
    const root = repository({
      'supabase/schema/posts.sql': 'create table posts (id uuid primary key);',
      '20240101000000_posts.sql': 'create table "public"."posts" (id uuid primary key, title text);',
      'src/x.ts': '',
    });
    expect(findSchemaSource(path.join(root, 'src/x.ts'), 0)).toEqual({
      root,
      migrationsDir: path.join(root, 'supabase/migrations'),
      unread: [path.join(root, 'supabase/schema')],
    });
  });

  it('reads a folder of versioned migrations beside supabase/ after the project migrations; other SQL there is listed, not read', async () => {
    const root = repository({
      '20240101000000_a.sql': 'create table assets (id int primary key, code text unique);',
      'db/migrations/0001_rooms.sql':
        'create table rooms (id int primary key, slug text unique);\ncreate table if not exists assets (id int primary key, code text, extra text);',
      'db/migrations/0002_members.sql':
        'create table members (room_id int, user_id int, primary key (room_id, user_id));',
      'db/migrations/notes.sql': 'create table notes (id int);',
      'db/backups/backup.sql': 'create table rooms (id int primary key, slug text);',
      'database/migrations/001_x.sql': 'create table x (id int primary key);',
      'database/schema.sql': 'create table y (id int primary key);',
      'sql/report.sql': 'create table report_rows (id int);',
      'src/x.ts': '',
    });
    expect(findSchemaSource(path.join(root, 'src/x.ts'), 0)).toEqual({
      root,
      migrationsDir: path.join(root, 'supabase/migrations'),
      sqlDirs: [path.join(root, 'database/migrations'), path.join(root, 'db/migrations')],
      // database/ and db/ hold more than their migrations (a schema.sql, a backup): listed; sql/ has no migrations
      unread: [path.join(root, 'database'), path.join(root, 'db'), path.join(root, 'sql')],
    });
    const schema = await loadSchema({ from: path.join(root, 'src/x.ts'), recheckMs: 0 });
    expect(schema?.origin.files.map((f) => path.relative(root, f))).toEqual([
      'supabase/migrations/20240101000000_a.sql',
      'database/migrations/001_x.sql',
      'db/migrations/0001_rooms.sql',
      'db/migrations/0002_members.sql',
    ]);
    expect(schema?.uniqueColumns('rooms')).toEqual(['id', 'slug']);
    // a table the CLI's migrations create, created again by hand with other columns: the CLI's stands
    expect(schema?.uniqueColumns('assets')).toEqual(['id', 'code']);
    expect(schema?.compositeKeys('members')).toEqual([['room_id', 'user_id']]);
    expect(schema?.hasTable('notes')).toBe(false);
    expect(schema?.hasTable('y')).toBe(false);
    // the same paths as a setting (what the audit hands each file's rules): both folders of migrations, in order
    expect(resolveSchemaSetting(['supabase/migrations', 'database/migrations', 'db/migrations'], root)).toEqual({
      root: path.join(root, 'supabase/migrations'),
      migrationsDir: path.join(root, 'supabase/migrations'),
      sqlDirs: [path.join(root, 'database/migrations'), path.join(root, 'db/migrations')],
    });
  });

  it('reads only the project migrations when no folder beside supabase/ holds versioned migrations', () => {
    const root = repository({
      '20240101000000_a.sql': 'create table assets (id int primary key);',
      'db/schema.sql': 'create table y (id int primary key);',
      'src/x.ts': '',
    });
    expect(findSchemaSource(path.join(root, 'src/x.ts'), 0)).toEqual({
      root,
      migrationsDir: path.join(root, 'supabase/migrations'),
      unread: [path.join(root, 'db')],
    });
  });

  it('reads database/: its own files, then database/migrations by version, never apply_all.sql, a down migration or seed data', async () => {
    const root = repository({
      'apps/backend/database/schema.sql':
        'create table memberships (id uuid primary key, group_id uuid, user_id uuid);',
      'apps/backend/database/seed.sql': 'create table seeded (id int);',
      'apps/backend/database/migrations/001_unique.sql':
        'alter table memberships add constraint memberships_group_user_key unique (group_id, user_id);',
      'apps/backend/database/migrations/001_unique.down.sql':
        'alter table memberships drop constraint memberships_group_user_key;',
      'apps/backend/database/migrations/apply_all.sql': 'create table memberships (id int);',
      'apps/backend/src/controllers/x.ts': '',
      'apps/mobile/src/y.ts': '',
    });
    const backend = path.join(root, 'apps/backend');
    expect(findSchemaSource(path.join(backend, 'src/controllers/x.ts'), 0)).toEqual({
      root: backend,
      sqlDirs: [path.join(backend, 'database')],
    });
    // another app of the repository: the repository's one folder of SQL
    expect(findSchemaSource(path.join(root, 'apps/mobile/src/y.ts'), 0)).toEqual({
      root: backend,
      sqlDirs: [path.join(backend, 'database')],
    });
    const schema = await loadSchema({ from: path.join(backend, 'src/controllers/x.ts'), recheckMs: 0 });
    expect(schema?.origin.files.map((f) => path.relative(backend, f))).toEqual([
      'database/schema.sql',
      'database/migrations/001_unique.sql',
    ]);
    expect(schema?.origin.notMigrations.map((f) => path.relative(backend, f))).toEqual([
      'database/seed.sql',
      'database/migrations/001_unique.down.sql',
      'database/migrations/apply_all.sql',
    ]);
    expect(schema?.uniqueKeys('memberships').map((k) => k.columns)).toEqual([['id'], ['group_id', 'user_id']]);
    expect(schema?.hasTable('seeded')).toBe(false);
  });

  it('reads schema/<schema>/*.sql one level down, the nearest layout first, and says which it did not read', () => {
    const root = repository({
      'schema/public/logs.sql':
        'create table logs (id uuid primary key, user_id uuid, day date, unique (user_id, day));',
      'sql/report.sql': 'create table report_rows (id int);',
      'migrations/queries.sql': 'select 1;',
      'api/x.ts': '',
    });
    expect(findSchemaSource(path.join(root, 'api/x.ts'), 0)).toEqual({
      root,
      sqlDirs: [path.join(root, 'schema')],
      // a folder named migrations reads only versioned files: queries.sql makes it no schema
      unread: [path.join(root, 'sql')],
    });
  });

  it('takes the first version of a table two files create, and says its columns may be incomplete', async () => {
    const root = repository({
      'database/a_schema.sql': 'create table users (id uuid primary key, email text unique);',
      'database/b_new_schema.sql': 'create table users (id uuid primary key, email text unique, first_name text);',
      'database/c_other.sql': 'create table posts (id uuid primary key);',
    });
    const schema = await loadSchema({ from: root, recheckMs: 0 });
    expect(schema?.columns('users')?.map((c) => c.name)).toEqual(['id', 'email']);
    expect(schema?.columnsMayBeIncomplete('users')).toBe(true);
    expect(schema?.columnsMayBeIncomplete('posts')).toBe(false);
    expect(schema?.uniqueColumns('users')).toEqual(['id', 'email']);
  });

  it('is not taken when the repository holds two folders of SQL and no file is under either', () => {
    const root = repository({
      'apps/a/database/schema.sql': 'create table a (id int);',
      'apps/b/db/schema.sql': 'create table b (id int);',
      'apps/c/src/x.ts': '',
    });
    expect(findSchemaSource(path.join(root, 'apps/c/src/x.ts'), 0)).toBeUndefined();
  });

  it('is named explicitly: a folder of SQL, a project folder that keeps one, and the setting still wins over discovery', async () => {
    const root = repository({
      'schema/public/t.sql': 'create table t (id int primary key, code text unique);',
      'apps/backend/database/schema.sql': 'create table u (id int primary key);',
      'other/supabase/migrations/20240101000000_a.sql': 'create table v (id int primary key);',
    });
    expect(resolveSchemaSetting('schema', root)).toEqual({
      root: path.join(root, 'schema'),
      sqlDirs: [path.join(root, 'schema')],
    });
    expect(resolveSchemaSetting('apps/backend', root)).toEqual({
      root: path.join(root, 'apps/backend'),
      sqlDirs: [path.join(root, 'apps/backend/database')],
    });
    const named = await loadSchema({ from: path.join(root, 'schema'), schema: 'other', cwd: root, recheckMs: 0 });
    expect([...(named?.relations.values() ?? [])].map((r) => r.name)).toEqual(['v']);
    const found = await loadSchema({ from: path.join(root, 'schema/public/t.sql'), recheckMs: 0 });
    expect(found?.uniqueColumns('t')).toEqual(['id', 'code']);
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

  it('reads the migrations Lovable writes (a 14-digit version, then a uuid) in version order with the others', async () => {
    const root = writeProject({
      '20250609234010-de1700cf-28fa-4e49-93c8-656aabefb3d2.sql':
        'create table pages (id uuid primary key, title text);',
      '20250610020234_notes.sql': 'create table notes (id uuid primary key);',
      '20250610021315-209f4813-54b6-432b-b3d8-9c7beed78035.sql': 'alter table pages add column owner uuid;',
      // a date-named dump is no migration
      '2024-01-01-backup.sql': 'create table dumped (id int);',
    });
    const schema = await loadSchema({ from: root, recheckMs: 0 });
    expect(schema?.origin.files.map((f) => path.basename(f))).toEqual([
      '20250609234010-de1700cf-28fa-4e49-93c8-656aabefb3d2.sql',
      '20250610020234_notes.sql',
      '20250610021315-209f4813-54b6-432b-b3d8-9c7beed78035.sql',
    ]);
    expect(schema?.origin.notMigrations.map((f) => path.basename(f))).toEqual(['2024-01-01-backup.sql']);
    expect(schema?.hasColumn('pages', 'owner')).toBe('yes');
    expect(schema?.hasTable('dumped')).toBe(false);
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
