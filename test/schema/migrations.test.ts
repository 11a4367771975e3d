// Statement by statement: what each DDL form does to the model.
import { describe, expect, it } from 'vitest';
import { loadSqlParser, parseSqlFiles } from '../../src/schema/index.js';
import { schemaOf } from './helpers.js';
import { dedent } from '../dedent.js';

describe('splitting a file the parser rejects', () => {
  it('cuts at semicolons outside strings, dollar quotes, comments and BEGIN ATOMIC bodies', async () => {
    const text = dedent`
      create table a (x text default 'a;b'); -- c;d
      create function f() returns text language plpgsql as $fn$ begin return 'e;f'; end $fn$;
      this is not sql;
      /* g; h */ create function g() returns int language sql begin atomic select 1; select case when true then 2 end; end;
      \\connect postgres
      create table b (y int)`;
    const [file] = parseSqlFiles(await loadSqlParser(), [{ file: 'f.sql', text }]);
    expect(file!.statements.map((s) => [s.line, Object.keys(s.stmt)[0]])).toEqual([
      [1, 'CreateStmt'],
      [2, 'CreateFunctionStmt'],
      [4, 'CreateFunctionStmt'],
      [6, 'CreateStmt'],
    ]);
    expect(file!.skipped).toEqual([
      { file: 'f.sql', line: 3, message: 'syntax error at or near "this"', sql: 'this is not sql;' },
    ]);
    expect(file!.metaCommands).toBe(1);
  });

  it('skips a file the scanner cannot read as one, with the reason', async () => {
    const [file] = parseSqlFiles(await loadSqlParser(), [
      { file: 'q.sql', text: "create table a (x text default 'open" },
    ]);
    expect(file!.statements).toEqual([]);
    expect(file!.skipped).toHaveLength(1);
    expect(file!.skipped[0]).toMatchObject({ file: 'q.sql', line: 1 });
  });

  it('gives each statement its line and text, multi-byte characters included', async () => {
    const [file] = parseSqlFiles(await loadSqlParser(), [
      { file: 'u.sql', text: "comment on table t is 'héllo';\n\ncreate table ü (x int);" },
    ]);
    expect(file!.statements.map((s) => [s.line, s.sql])).toEqual([
      [1, "comment on table t is 'héllo'"],
      [3, 'create table ü (x int)'],
    ]);
  });
});

describe("a migration tool's down section", () => {
  it('reads a goose, sql-migrate or dbmate file up to its down marker, and says so', async () => {
    for (const [up, down] of [
      ['-- +goose Up', '-- +goose Down'],
      ['-- +migrate Up', '-- +migrate Down'],
      ['-- migrate:up', '-- migrate:down'],
    ] as const) {
      const schema = await schemaOf(dedent`
        ${up}
        create table public.features (user_id uuid not null, key text not null, primary key (user_id, key));
        ${down}
        drop table if exists public.features;`);
      expect(schema.compositeKeys('features'), down).toEqual([['user_id', 'key']]);
      expect(
        schema.origin.downSections?.map((d) => d.line),
        down,
      ).toEqual([3]);
    }
  });

  it('reads every statement of a file with no marker, a comment that says down included', async () => {
    const schema = await schemaOf(dedent`
      create table public.a (id int primary key);
      -- down: drop table a (kept for reference)
      drop table public.a;`);
    expect(schema.columns('a')).toBeUndefined();
    expect(schema.origin.downSections).toBeUndefined();
  });
});

describe('applying statements: tables and keys', () => {
  it('reads column and table constraints, and names keys as PostgreSQL does', async () => {
    const schema = await schemaOf(`
      create table t (a int unique, b int, c text, unique (b, c), constraint t_c_custom unique (c));
      create unique index on t (b);
      create unique index on t (b);
      create table "Very_Long_Table_Name_That_Goes_On_And_On_For_Quite_Some_Time" (some_long_column_name int unique);
    `);
    expect(schema.uniqueKeys('t').map((k) => [k.name, k.columns])).toEqual([
      ['t_a_key', ['a']],
      ['t_b_c_key', ['b', 'c']],
      ['t_c_custom', ['c']],
      ['t_b_idx', ['b']],
      ['t_b_idx1', ['b']],
    ]);
    expect(schema.uniqueColumns('t')).toEqual(['a', 'c', 'b']);
    expect(schema.uniqueKeys('Very_Long_Table_Name_That_Goes_On_And_On_For_Quite_Some_Time')[0]?.name).toBe(
      'Very_Long_Table_Name_That_Goes_On_And_some_long_column_name_key',
    );
  });

  it('follows search_path, CREATE SCHEMA elements, SET SCHEMA, schema renames and drops', async () => {
    const schema = await schemaOf(`
      create schema app create table items (id int primary key);
      set search_path to app, public;
      create table notes (id int primary key);
      alter table items add column title text;
      alter table app.notes set schema public;
      create schema old;
      create table old.t (id int primary key);
      alter schema old rename to archive;
      create schema gone;
      create table gone.t (id int);
      drop schema gone cascade;
    `);
    expect(schema.columns('items', 'app')?.map((c) => c.name)).toEqual(['id', 'title']);
    expect(schema.hasTable('notes')).toBe(true);
    expect(schema.hasTable('notes', 'app')).toBe(false);
    expect(schema.primaryKey('t', 'archive')).toEqual(['id']);
    expect(schema.hasTable('t', 'gone')).toBe(false);
  });

  it('treats primary keys, identity and serial as NOT NULL, and keeps NOT NULL after the key goes', async () => {
    const schema = await schemaOf(`
      create table t (id int, code text, n bigserial, i int generated always as identity);
      alter table t add primary key (id);
      alter table t alter column id drop not null;
      alter table t drop constraint t_pkey;
      alter table t add constraint t_code_key unique (code);
    `);
    expect(schema.columns('t')?.map((c) => [c.name, c.notNull])).toEqual([
      ['id', true],
      ['code', false],
      ['n', true],
      ['i', true],
    ]);
    expect(schema.primaryKey('t')).toBeUndefined();
    expect(schema.uniqueColumns('t')).toEqual(['code']);
  });

  it('copies LIKE, INHERITS and PARTITION OF columns, and CREATE TABLE AS names', async () => {
    const schema = await schemaOf(`
      create table base (id uuid primary key, created_at timestamptz not null default now());
      create table copy (like base including all, extra text);
      create table child (note text) inherits (base);
      create table events (id bigint, at date, primary key (id, at)) partition by range (at);
      create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
      create table snapshot as select id, created_at as stamp from base;
      create table typed of some_type;
    `);
    expect(schema.columns('copy')?.map((c) => c.name)).toEqual(['id', 'created_at', 'extra']);
    expect(schema.primaryKey('copy')).toEqual(['id']);
    expect(schema.columns('child')?.map((c) => c.name)).toEqual(['id', 'created_at', 'note']);
    expect(schema.primaryKey('child')).toBeUndefined();
    expect(schema.primaryKey('events_2024')).toEqual(['id', 'at']);
    expect(schema.columns('snapshot')?.map((c) => c.name)).toEqual(['id', 'stamp']);
    expect(schema.hasColumn('typed', 'anything')).toBe('unknown');
  });
});

describe('applying statements: views, DO blocks, what is ignored and reported', () => {
  it('leaves a view over a join with USING, or a function, with unknown columns', async () => {
    const schema = await schemaOf(`
      create table a (id int primary key, x int);
      create table b (id int primary key, y int);
      create view j as select * from a join b using (id);
      create view fn as select * from generate_series(1, 3);
      create view named as select a.*, b.y, coalesce(b.y, 0), b.y::text, exists(select 1) from a, b;
      create view vals (one) as values (1, 2);
    `);
    expect(schema.hasColumn('j', 'x')).toBe('unknown');
    expect(schema.hasColumn('fn', 'x')).toBe('unknown');
    expect(schema.columns('named')?.map((c) => c.name)).toEqual(['id', 'x', 'y', 'coalesce', 'y', 'exists']);
    expect(schema.columns('vals')?.map((c) => c.name)).toEqual(['one', 'column2']);
  });

  it('drops the views that read a table dropped with CASCADE', async () => {
    const schema = await schemaOf(`
      create table a (id int primary key);
      create view v as select id from a;
      create view w as select id from v;
      drop table a cascade;
    `);
    expect([...schema.relations.keys()]).toEqual([]);
  });

  it('ignores functions, triggers, policies, grants, comments, DO blocks and data', async () => {
    const schema = await schemaOf(`
      create table t (id int primary key);
      create function f() returns trigger language plpgsql as $$ begin return new; end $$;
      create trigger tr before insert on t for each row execute function f();
      alter table t enable row level security;
      create policy p on t for select using (true);
      grant select on t to anon;
      comment on table t is 'x';
      do $$ begin perform 1; end $$;
      insert into t values (1);
      select 1;
    `);
    expect(schema.origin.applied).toBe(1);
    expect(schema.origin.ignored).toBe(9);
    expect(schema.origin.unresolved).toEqual([]);
  });

  it('applies the DDL of DO blocks where it fits, quietly, and not computed EXECUTE strings', async () => {
    const schema = await schemaOf(`
      create table t (id int not null, code text);
      do $$ begin
        if not exists (select 1 from pg_constraint where conname = 't_pkey') then
          alter table t add constraint t_pkey primary key (id);
        end if;
        alter table t add column code text;
        execute 'alter table t add column note text';
        execute format('alter table %I add column hidden text', 't');
        alter table missing add column x int;
      end $$;
    `);
    expect(schema.primaryKey('t')).toEqual(['id']);
    expect(schema.columns('t')?.map((c) => c.name)).toEqual(['id', 'code', 'note']);
    expect(schema.origin.unresolved).toEqual([]);
    expect(schema.origin.applied).toBe(2);
  });

  it('reports what names an unknown relation or column, unless IF EXISTS says it may be missing', async () => {
    const schema = await schemaOf(`
      alter table missing add column x int;
      alter table if exists missing add column x int;
      create table t (id int);
      alter table t drop column nope;
      alter table t drop column if exists nope;
      drop table gone;
      drop table if exists gone;
      create table copy (like nowhere including all);
    `);
    expect(schema.origin.unresolved.map((u) => u.message)).toEqual([
      'ALTER TABLE missing: unknown table',
      't: no column nope',
      'DROP: unknown relation gone',
      'CREATE TABLE public.copy: unknown table nowhere',
    ]);
    expect(schema.hasTable('copy')).toBe(false);
  });
});
