// The loader on the fixture folders written in the styles of real apps: the
// queries the rules and codemods ask, and what the origin says for the CLI.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DatabaseSchema, loadSchema } from '../../src/schema/index.js';
import { FIXTURES, migrationsOf } from './helpers.js';

async function load(fixture: string): Promise<DatabaseSchema> {
  const schema = await loadSchema({ schema: migrationsOf(fixture), recheckMs: 0 });
  if (!schema) throw new Error('no schema');
  return schema;
}

describe('Supabase CLI migrations (cli-app)', async () => {
  const schema = await load('cli-app');

  it('reads every file in name order and applies what changes a relation', () => {
    const { origin } = schema;
    expect(origin.files.map((f) => path.basename(f))).toEqual([
      '20240101000000_init.sql',
      '20240115093000_messages.sql',
      '20240201120000_functions_policies.sql',
      '20240301080000_renames_and_drops.sql',
      '20240315000000_views.sql',
    ]);
    expect(origin.skipped).toEqual([]);
    expect(origin.unresolved).toEqual([]);
    expect(origin.unreadable).toEqual([]);
    expect(origin.statements).toBe(origin.applied + origin.ignored);
    expect(origin.ignored).toBeGreaterThanOrEqual(20); // functions, triggers, policies, grants, comments, DO, data
  });

  it('finds unique columns: single-column keys only, no partial or expression index', () => {
    expect(schema.uniqueColumns('profiles')).toEqual(['id', 'username']);
    expect(schema.uniqueColumns('customers', 'billing')).toEqual(['id', 'stripe_customer_id']);
    expect(schema.uniqueKeys('customers', 'billing')).toContainEqual({
      name: 'customers_profile_live',
      kind: 'unique index',
      columns: ['profile_id'],
      partial: true,
      when: [{ column: 'deleted_at', value: null }],
    });
    expect(schema.uniqueKeys('customers', 'billing')).toContainEqual({
      name: 'customers_lower_idx',
      kind: 'unique index',
      columns: [null],
      partial: false,
    });
    expect(schema.uniqueColumns('devices')).toEqual(['id', 'push_token']);
    expect(schema.uniqueColumns('rooms')).toEqual(['id']);
    expect(schema.uniqueColumns('no_such_table')).toEqual([]);
  });

  it('follows renames, drops and keys added later', () => {
    expect(schema.hasTable('todos')).toBe(false);
    expect(schema.hasTable('tasks')).toBe(true);
    expect(schema.hasColumn('tasks', 'title')).toBe('yes');
    expect(schema.hasColumn('tasks', 'task')).toBe('no');
    expect(schema.hasColumn('tasks', 'is_complete')).toBe('no');
    expect(schema.isNotNull('tasks', 'title')).toBe('yes');
    expect(schema.isNotNull('tasks', 'priority')).toBe('no');
    expect(schema.columns('tasks')?.find((c) => c.name === 'priority')?.type).toBe('integer');
    expect(schema.primaryKey('table_stats')).toEqual(['table_name']);
    expect(schema.primaryKey('audit_log')).toEqual(['entry_id']);
    expect(schema.uniqueKeys('audit_log')).toEqual([
      { name: 'audit_log_pkey', kind: 'primary key', columns: ['entry_id'], partial: false },
    ]);
    expect(schema.hasTable('legacy_sessions')).toBe(false);
    // Dropping created_at dropped the three-column unique constraint that used it.
    expect(schema.uniqueKeys('messages').map((k) => k.name)).toEqual(['messages_pkey']);
  });

  it('folds unquoted names to lower case and keeps quoted ones', () => {
    expect(schema.hasTable('settings')).toBe(true);
    expect(schema.hasTable('Settings')).toBe(false);
    expect(schema.columns('settings')?.map((c) => [c.name, c.type, c.notNull])).toEqual([
      ['user_id', 'uuid', true],
      ['theme', 'character varying(20)', true],
      ['locale', 'character(5)', false],
      ['font_scale', 'numeric(4,2)', false],
    ]);
    expect(schema.primaryKey('settings')).toEqual(['user_id']);
    expect(schema.hasTable('Mixed Case View')).toBe(true);
    expect(schema.columns('Mixed Case View')?.map((c) => c.name)).toEqual(['One', 'two']);
  });

  it('keeps IF NOT EXISTS tables as first created', () => {
    expect(schema.columns('tasks')?.find((c) => c.name === 'id')).toMatchObject({
      type: 'bigint',
      notNull: true,
      autoIncrement: 'identity',
    });
  });

  it('knows identity, serial and generated columns', () => {
    expect(schema.columns('devices')?.[0]).toMatchObject({ name: 'id', type: 'integer', autoIncrement: 'serial' });
    expect(schema.columns('messages')?.find((c) => c.name === 'body_length')).toMatchObject({ generated: true });
    expect(schema.columns('devices')?.find((c) => c.name === 'tags')?.type).toBe('text[]');
    expect(schema.columns('devices')?.find((c) => c.name === 'last_seen')?.type).toBe('timestamp(3) with time zone');
  });

  it('names view columns and gives views no keys', () => {
    expect(schema.relation('open_tasks')).toMatchObject({ kind: 'view', keys: [] });
    expect(schema.columns('open_tasks')?.map((c) => c.name)).toEqual([
      'id',
      'user_id',
      'task_title',
      'due_on',
      'fetched_at',
    ]);
    expect(schema.columns('room_directory')?.map((c) => c.name)).toEqual([
      'id',
      'slug',
      'title',
      'message_count',
      'text',
    ]);
    expect(schema.relation('customer_totals', 'billing')?.kind).toBe('materialized view');
    expect(schema.columns('customer_totals', 'billing')?.map((c) => c.name)).toEqual(['customer', 'total']);
    expect(schema.columns('everything')).toHaveLength(9);
    expect(schema.uniqueColumns('open_tasks')).toEqual([]);
  });
});

describe('pg_dump style (pg-dump)', async () => {
  const schema = await load('pg-dump');

  it('drops the psql meta-commands and reads quoted, schema-qualified names', () => {
    expect(schema.origin.psqlMetaCommands).toBe(2);
    expect(schema.origin.skipped).toEqual([]);
    expect(schema.origin.unresolved).toEqual([]);
    expect(schema.uniqueColumns('Customers')).toEqual(['id', 'Email']);
    expect(schema.hasColumn('Customers', 'display_name')).toBe('no');
    expect(schema.hasColumn('customers', 'id')).toBe('unknown');
  });

  it('reads keys from ALTER TABLE ONLY ... ADD CONSTRAINT and USING INDEX', () => {
    expect(schema.primaryKey('orders')).toEqual(['id']);
    expect(schema.primaryKey('order_items')).toEqual(['order_id', 'line_no']);
    expect(schema.uniqueColumns('order_items')).toEqual([]);
    expect(schema.uniqueColumns('coupons')).toEqual(['id']);
    expect(schema.uniqueKeys('shipments')).toEqual([
      { name: 'shipments_pkey', kind: 'primary key', columns: ['id'], partial: false },
      { name: 'shipments_order_id_key', kind: 'unique constraint', columns: ['order_id'], partial: false },
    ]);
  });

  it('knows pg_dump identity and sequence defaults', () => {
    expect(schema.columns('orders')?.[0]).toMatchObject({ name: 'id', autoIncrement: 'identity', notNull: true });
    expect(schema.columns('coupons')?.[0]).toMatchObject({ name: 'id', autoIncrement: 'serial', hasDefault: true });
    expect(schema.columns('orders')?.find((c) => c.name === 'status')?.type).toBe('public.order_status');
  });
});

describe('bad statements (broken)', async () => {
  const schema = await load('broken');

  it('counts and lists a statement the parser rejects, and applies the rest of the file', () => {
    expect(schema.origin.skipped).toEqual([
      {
        file: path.join(migrationsOf('broken'), '20240701000000_base.sql'),
        line: 8,
        message: 'syntax error at or near "not"',
        sql: 'create policy if not exists "Owners read notes" on public.notes for select using (owner = auth.uid());',
      },
    ]);
    expect(schema.columns('notes')?.map((c) => c.name)).toEqual(['id', 'owner', 'body', 'pinned', 'archived_at']);
    expect(schema.uniqueKeys('notes').map((k) => [k.name, k.partial])).toEqual([
      ['notes_pkey', false],
      ['notes_owner_pinned', true],
    ]);
  });

  it('reports a statement that names what does not exist, and keeps the model as PostgreSQL does', () => {
    expect(schema.origin.unresolved.map((u) => [u.line, u.message])).toEqual([
      [29, 'notes: column body already exists'],
    ]);
    expect(schema.columns('notes')?.find((c) => c.name === 'body')?.type).toBe('text');
  });

  it('reads empty and comment-only files as no statements', () => {
    expect(schema.origin.files).toHaveLength(3);
    expect(schema.origin.unreadable).toEqual([]);
  });
});

describe('migrations and generated types (typed-app)', async () => {
  const schema = (await loadSchema({ from: path.join(FIXTURES, 'typed-app/src/app/page.ts'), recheckMs: 0 }))!;

  it('is found from a file below the project, with the conventional types file', () => {
    expect(schema.origin.migrationsDir).toBe(migrationsOf('typed-app'));
    expect(schema.origin.typesFile).toBe(path.join(FIXTURES, 'typed-app/src/types/database.types.ts'));
  });

  it('merges: keys from the migrations, the union of the columns, one-to-one relationships', () => {
    expect(schema.relation('members')?.sources).toEqual(['migrations', 'types']);
    expect(schema.uniqueColumns('members')).toEqual(['id', 'user_id']);
    expect(schema.hasColumn('members', 'invited_by')).toBe('yes');
    expect(schema.isNotNull('members', 'invited_by')).toBe('no');
    expect(schema.columns('members')?.find((c) => c.name === 'team_id')).toMatchObject({
      type: 'uuid',
      tsType: 'string',
      notNull: true,
    });
    expect(schema.relation('team_settings')?.sources).toEqual(['types']);
    expect(schema.uniqueColumns('team_settings')).toEqual(['team_id']);
    expect(schema.hasColumn('team_settings', 'dark-mode')).toBe('yes');
    expect(schema.relation('team_sizes')?.kind).toBe('view');
    expect(schema.hasTable('__InternalSupabase')).toBe(false);
  });
});
