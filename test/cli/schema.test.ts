/**
 * The CLI reads the project's database schema: found from each file, named
 * with --schema (or the codemods' config key), or turned off with --no-schema;
 * the audit's report says which schema the rules read.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearDiscoveryCache, clearSchemaCache } from '../../src/schema/index.js';
import { dedent } from '../dedent.js';
import { cli, project } from './helpers.js';

const MIGRATION = dedent`
  create table public.profiles (
    id uuid primary key,
    user_id uuid not null unique,
    bio text
  );
  create table public.table_stats (table_name text primary key, row_count bigint);
  create view public.recent_profiles as select id, bio from public.profiles;
`;

const READS = dedent`
  import { supabase } from './supabase';

  export async function profileOf(uid: string) {
    const { data } = await supabase.from('profiles').select('*').eq('user_id', uid);
    return data;
  }

  export async function stats() {
    const { data } = await supabase.from('table_stats').select('*');
    return data;
  }
`;

interface Report {
  findings: number;
  schemas: { root: string; migrations: number; tables: number; views: number; files: number; skipped: number }[];
  results: { rule: string; line: number; message: string }[];
}

const audit = async (root: string, ...args: string[]) => {
  const run = await cli(root, 'audit', '--format', 'json', ...args);
  return { ...run, report: JSON.parse(run.stdout) as Report };
};

describe('audit and the database schema', () => {
  beforeEach(() => {
    clearSchemaCache();
    clearDiscoveryCache();
  });

  it("finds the app's migrations, reads its keys, and names the schema in the report", async () => {
    const root = project({ 'supabase/migrations/20240101000000_init.sql': MIGRATION, 'src/reads.ts': READS });
    const { status, report } = await audit(root);
    expect(status).toBe(0);
    // only the read of table_stats: user_id is UNIQUE in the migration
    expect(report.results.map((r) => [r.rule, r.line])).toEqual([['require-pagination', 9]]);
    expect(report.schemas).toEqual([
      {
        root: 'supabase/migrations',
        migrations: 1,
        typesFile: null,
        tables: 2,
        views: 1,
        skipped: 0,
        notMigrations: 0,
        files: 1,
      },
    ]);
    const pretty = await cli(root, 'audit');
    expect(pretty.stdout).toContain('  schema: supabase/migrations (1 migration, 2 tables, 1 view), for 1 file\n');
  });

  it('--no-schema reads none: the rules use their defaults, and the report says so', async () => {
    const root = project({ 'supabase/migrations/20240101000000_init.sql': MIGRATION, 'src/reads.ts': READS });
    const { report } = await audit(root, '--no-schema');
    expect(report.results.map((r) => r.line)).toEqual([4, 9]);
    expect(report.schemas).toEqual([]);
    const pretty = await cli(root, 'audit', '--no-schema');
    expect(pretty.stdout).toContain(
      "  schema: none found (unique columns are the rules' defaults: see docs/schema.md)\n",
    );
  });

  it('--schema names a schema elsewhere (a monorepo whose migrations are not above the app)', async () => {
    const root = project({
      'db/migrations/20240101000000_init.sql': MIGRATION,
      'apps/web/src/reads.ts': READS,
    });
    const { report } = await audit(root, '--schema', 'db/migrations');
    expect(report.results.map((r) => r.line)).toEqual([9]);
    expect(report.schemas.map((s) => s.root)).toEqual(['db/migrations']);
  });

  it("--schema supabase takes the Supabase folder's migrations (not its seed.sql)", async () => {
    const root = project({
      'supabase/migrations/20240101000000_init.sql': MIGRATION,
      'supabase/seed.sql': 'insert into public.profiles (id, user_id) values (gen_random_uuid(), gen_random_uuid());\n',
      'src/reads.ts': READS,
    });
    const { report } = await audit(root, '--schema', 'supabase');
    expect(report.results.map((r) => r.line)).toEqual([9]);
    expect(report.schemas.map((s) => [s.root, s.migrations, s.tables])).toEqual([['supabase/migrations', 1, 2]]);
  });

  it('reads a folder of SQL named by hand whole, and says which .sql files of a migrations folder it did not read', async () => {
    const root = project({ 'db/schema.sql': MIGRATION, 'sql/migrations/schema.sql': MIGRATION, 'src/reads.ts': READS });
    const whole = await audit(root, '--schema', 'db');
    expect(whole.report.results.map((r) => r.line)).toEqual([9]);
    const pretty = await cli(root, 'audit', '--schema', 'sql/migrations');
    expect(pretty.stdout).toContain(
      '  schema: sql/migrations (0 migrations, 0 tables, 0 views, 1 .sql file not read (not named <version>_<name>.sql; name it with --schema to read it)), for 1 file\n',
    );
    const named = await audit(root, '--schema', 'sql/migrations/schema.sql');
    expect(named.report.results.map((r) => r.line)).toEqual([9]);
  });

  it('refuses a --schema path that names nothing, in one line, exit 2', async () => {
    const root = project({ 'src/reads.ts': READS });
    const run = await cli(root, 'audit', '--schema', 'supabase/migrations');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('supabase-scale: --schema supabase/migrations: no such file or folder\n');
  });

  it('--merge keeps the schemas of the shard reports', async () => {
    const root = project({ 'supabase/migrations/20240101000000_init.sql': MIGRATION, 'src/reads.ts': READS });
    const shard = await audit(root);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(root, 'a.json'), shard.stdout);
    writeFileSync(path.join(root, 'b.json'), shard.stdout);
    const merged = await cli(root, 'audit', '--merge', 'a.json', 'b.json', '--format', 'json');
    expect((JSON.parse(merged.stdout) as Report).schemas).toEqual([
      {
        root: 'supabase/migrations',
        migrations: 1,
        typesFile: null,
        tables: 2,
        views: 1,
        skipped: 0,
        notMigrations: 0,
        files: 2,
      },
    ]);
  });
});

describe('codemod and the database schema', () => {
  it("refuses a config file's schema that is not a path, a list of paths or false", async () => {
    const root = project({ 'src/reads.ts': READS, 'supabase-scale.config.json': '{ "schema": 3 }' });
    const run = await cli(root, 'codemod', 'paginate-selects', '--dry-run');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'supabase-scale: supabase-scale.config.json: schema must be a path, a list of paths or false; got 3\n',
    );
  });

  it('pages by the max-rows of a config.toml with no migrations beside it, as the rules report', async () => {
    const root = project({
      'supabase/config.toml': '[api]\nenabled = true\nmax_rows = 500\n',
      'src/reads.ts': dedent`
        import { supabase } from './supabase';

        export async function some() {
          const { data } = await supabase.from('rooms').select('*').order('id').limit(300);
          return data;
        }

        export async function many() {
          const { data } = await supabase.from('rooms').select('*').order('id').limit(800);
          return data;
        }

        export async function every() {
          const { data } = await supabase.from('rooms').select('*');
          return data;
        }
      `,
    });
    const audit = await cli(root, 'audit', '--format', 'json');
    const results = (JSON.parse(audit.stdout) as Report).results.map((r) => [r.line, r.message.slice(0, 45)]);
    expect(results).toEqual([
      [9, "This read of 'rooms' asks for 800 rows, past "],
      [14, "This select from 'rooms' has no row bound: ro"],
    ]);
    const run = await cli(
      root,
      'codemod',
      'paginate-selects',
      '--dry-run',
      '--diff',
      '--cursor',
      'id',
      '--strategy',
      'first-page',
    );
    expect(run.status).toBe(0);
    // the read of 300 rows is within max-rows: left as it is; the others get pages of 500, not 1,000
    expect(run.stdout).not.toContain('limit(300)');
    expect(run.stdout).toContain(
      "-  const { data } = await supabase.from('rooms').select('*').order('id').limit(800);\n+  const { data } = await supabase.from('rooms').select('*').order('id').limit(500);\n",
    );
    expect(run.stdout).toContain(
      "-  const { data } = await supabase.from('rooms').select('*');\n+  const { data } = await supabase.from('rooms').select('*').order('id', { ascending: true }).limit(500);\n",
    );
  });

  it('refuses a --schema path that names nothing', async () => {
    const root = project({ 'src/reads.ts': READS });
    const run = await cli(root, 'codemod', 'paginate-selects', '--dry-run', '--schema', 'nowhere.sql');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('supabase-scale: --schema nowhere.sql: no such file or folder\n');
  });
});

describe('schema', () => {
  it('names the folder of SQL it read and the ones it found and did not read', async () => {
    const root = project({
      'schema/public/init.sql': MIGRATION,
      'sql/old.sql': 'create table old_rows (id int);',
      'src/reads.ts': READS,
    });
    const run = await cli(root, 'schema', 'src/reads.ts');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      '  sql: schema (1 files)\n  also found, not read: sql (docs/schema.md#where-it-comes-from)\n',
    );
    expect(run.stdout).toContain('public.profiles (table)');
    expect(run.stdout).not.toContain('old_rows');
  });

  it('shows the tables, columns and keys the rules read, and the statements not applied', async () => {
    const root = project({
      'supabase/migrations/20240101000000_init.sql': MIGRATION,
      'supabase/migrations/20240102000000_more.sql':
        'create policy if not exists "p" on public.profiles for select using (true);\nalter table public.nowhere add column x int;\n',
      'src/reads.ts': READS,
    });
    const run = await cli(root, 'schema', 'src/reads.ts');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('  migrations: supabase/migrations (2 files)\n');
    expect(run.stdout).toContain(
      [
        'public.profiles (table)',
        '  columns: id, user_id, bio?',
        '  primary key profiles_pkey (id)',
        '  unique constraint profiles_user_id_key (user_id)',
        'public.recent_profiles (view)',
        '  columns: id?, bio?',
        'public.table_stats (table)',
        '  columns: table_name, row_count?',
        '  primary key table_stats_pkey (table_name)',
      ].join('\n'),
    );
    expect(run.stdout).toMatch(
      /\nNot applied\n {2}supabase\/migrations\/20240102000000_more\.sql:1 {2}skipped: .+\n {2}supabase\/migrations\/20240102000000_more\.sql:2 {2}unresolved: .+\n$/,
    );
    const json = await cli(root, 'schema', '--json');
    expect((JSON.parse(json.stdout) as { relations: { name: string }[] }).relations.map((r) => r.name)).toEqual([
      'profiles',
      'table_stats',
      'recent_profiles',
    ]);
  });

  it('shows a table the migrations index but never create, with its keys and unknown columns', async () => {
    const root = project({
      'supabase/migrations/20240101000000_init.sql': dedent`
        alter table subjects add column if not exists code text;
        create unique index if not exists subjects_code_idx on subjects (code);
      `,
      'src/reads.ts': READS,
    });
    const run = await cli(root, 'schema');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      [
        'public.subjects (table, not created by the migrations: only its keys are known)',
        '  columns: unknown',
        '  unique index subjects_code_idx (code)',
      ].join('\n'),
    );
    expect(run.stdout).toContain('20240101000000_init.sql:1  unresolved: ALTER TABLE subjects: unknown table\n');
  });

  it('exits 1 with one line when no schema is found, and 2 for a path that does not exist', async () => {
    const root = project({ 'src/reads.ts': READS });
    const none = await cli(root, 'schema');
    expect(none.status).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^supabase-scale: no schema found from \.: .+\n$/);
    const missing = await cli(root, 'schema', 'nope');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('supabase-scale: no such file or folder: nope\n');
  });
});
