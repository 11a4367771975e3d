/**
 * The statements of a project's migrations the replay runs to make one table
 * (src/replay/table-statements.ts): its CREATE TABLE and what changes it
 * (ALTERs, indexes, triggers, a DROP and CREATE again), what they need (types,
 * functions, sequences, referenced tables, extensions), in migration order;
 * nothing of other tables.
 */
import { describe, expect, it } from 'vitest';
import { tableStatements } from '../../src/replay/table-statements.js';
import { parseSqlFiles } from '../../src/schema/statements.js';
import { loadSqlParser } from '../../src/schema/sql-parser.js';
import { dedent } from '../dedent.js';

async function statementsOf(files: Record<string, string>, table: string): Promise<string[]> {
  const parser = await loadSqlParser();
  const parsed = parseSqlFiles(
    parser,
    Object.entries(files).map(([file, text]) => ({ file, text })),
  );
  return tableStatements(parsed, 'public', table).map(
    (statement) => `${statement.file}:${statement.line} ${statement.what}`,
  );
}

describe('tableStatements', () => {
  it('takes the table, its type, trigger function, trigger, index and extension, and leaves other tables out', async () => {
    const found = await statementsOf(
      {
        'm/1_init.sql': dedent`
          create extension if not exists moddatetime schema extensions;
          create type status as enum ('open', 'done');
          create table projects (id uuid primary key);
          create table tasks (
            id uuid primary key default gen_random_uuid(),
            project_id uuid references projects (id),
            state status not null default 'open',
            updated_at timestamptz not null default now()
          );
          create table unrelated (id int primary key);
          create function touch() returns trigger language plpgsql as $$ begin new.updated_at := now(); return new; end $$;
          create trigger tasks_touch before update on tasks for each row execute function touch();
          create index tasks_updated on tasks (updated_at, id);
          create index unrelated_id on unrelated (id);
        `,
      },
      'tasks',
    );
    expect(found).toEqual([
      'm/1_init.sql:1 extension moddatetime',
      'm/1_init.sql:2 type status',
      'm/1_init.sql:3 table public.projects (referenced)',
      'm/1_init.sql:4 table public.tasks',
      'm/1_init.sql:11 function touch',
      'm/1_init.sql:12 trigger on public.tasks',
      'm/1_init.sql:13 table public.tasks',
    ]);
  });

  it('takes a DROP TABLE and the CREATE TABLE that makes it again, in migration order', async () => {
    const found = await statementsOf(
      {
        'm/1_notes.sql': 'create table notes (id uuid primary key, body text);\n',
        'm/2_rebuild.sql': dedent`
          drop table if exists public.notes cascade;
          create table public.notes (id uuid primary key, body text, updated_at timestamptz default now());
        `,
      },
      'notes',
    );
    expect(found).toEqual([
      'm/1_notes.sql:1 table public.notes',
      'm/2_rebuild.sql:1 table public.notes',
      'm/2_rebuild.sql:2 table public.notes',
    ]);
  });

  it('gives nothing for a table no migration creates', async () => {
    expect(await statementsOf({ 'm/1.sql': 'alter table ghost add column x int;\n' }, 'ghost')).toEqual([]);
  });
});
