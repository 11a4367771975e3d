/**
 * What the rules ask of the schema beyond single unique columns: the
 * composite keys that make a read of one row (DatabaseSchema.compositeKeys),
 * the columns the old record of a delete holds (replicaIdentityColumns, from
 * `ALTER TABLE ... REPLICA IDENTITY`), the views whose query orders their rows
 * (isOrderedView), the columns that hold only a few values (columnValues),
 * and the project's max-rows
 * (supabase/config.toml, src/schema/project-config.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { maxRowsOf } from '../../src/analysis/schema-facts.js';
import { clearProjectConfigCache, configMaxRows, readMaxRows } from '../../src/schema/project-config.js';
import { dedent } from '../dedent.js';
import { schemaOf, writeProject } from './helpers.js';

describe('columnValues', () => {
  it('counts the values a boolean or a CHECK leaves a column: ranges on integers, lists, both ANDed', async () => {
    const schema = await schemaOf(dedent`
      create table hours (
        user_id uuid,
        day int check (day >= 0 and day <= 6),
        week smallint check (week between 1 and 53),
        flag boolean,
        kind text check (kind in ('a', 'b', 'c')),
        level int check (level = any (array[1, 2, 3, 4])),
        price numeric check (price >= 0 and price <= 10),
        either int check (either = 1 or either = 2),
        wide int check (wide between 0 and 100000),
        pair int,
        constraint hours_pair check (pair > 0 and pair < 3 and kind <> 'a')
      );
      alter table hours add constraint hours_level check (level <= 2);
      create table later (slot int, constraint later_slot check (slot between 1 and 3));
      alter table later drop constraint later_slot;
      create table retyped (on_off boolean);
      alter table retyped alter column on_off type text;
    `);
    expect(Object.fromEntries(schema.columnValues('hours'))).toEqual({
      day: 7,
      week: 53,
      flag: 2,
      kind: 3,
      // each CHECK is read alone: a later one that only narrows the list (level <= 2) bounds nothing by itself
      level: 4,
      pair: 2,
    });
    // a CHECK dropped later, a type changed: no bound left
    expect(schema.columnValues('later').size).toBe(0);
    expect(schema.columnValues('retyped').size).toBe(0);
    expect(schema.columnValues('nowhere').size).toBe(0);
  });
});

describe('columnValues of a list pg_dump writes', () => {
  it('reads the casts pg_dump gives each value, the array and a varchar column, and counts a value written twice once', async () => {
    const schema = await schemaOf(dedent`
      create table public.fees (
        currency text not null,
        code character varying(3) not null,
        tag text,
        amount numeric,
        constraint fees_amount check (((amount)::integer = any (array[1, 2]))),
        constraint fees_currency check ((currency = any (array['BTC'::text, 'LTC'::text, 'XMR'::text]))),
        constraint fees_code check (((code)::text = any ((array['eu'::character varying, 'us'::character varying])::text[]))),
        constraint fees_tag check (tag in ('a', 'b', 'a'))
      );
    `);
    // amount cast to integer: many numerics give one integer, so the list says nothing of amount
    expect(Object.fromEntries(schema.columnValues('fees'))).toEqual({ currency: 3, code: 2, tag: 2 });
  });
});

describe('columnValues of enum types', () => {
  it("counts an enum's labels, qualified or not, one more for each value added later, none for an array or a renamed label", async () => {
    const schema = await schemaOf(dedent`
      create type public.app_role as enum ('admin', 'employee');
      create type status as enum ('open', 'closed');
      create schema billing;
      create type billing.tier as enum ('free', 'pro', 'team');
      create table user_roles (
        user_id uuid not null,
        role app_role not null,
        qualified public.app_role,
        state status,
        tier billing.tier,
        roles app_role[],
        unique (user_id, role)
      );
      alter type status add value 'archived';
      alter type status rename value 'open' to 'opened';
      alter type app_role add value if not exists 'owner';
    `);
    expect(Object.fromEntries(schema.columnValues('user_roles'))).toEqual({
      // the table was made before 'owner' was added: its columns hold it too
      role: 3,
      qualified: 3,
      state: 3,
      tier: 3,
    });
  });
});

describe('compositeKeys', () => {
  it('gives multi-column primary keys, unique constraints and unique indexes, not partial ones', async () => {
    const schema = await schemaOf(dedent`
      create table follows (follower_id uuid not null, following_id uuid not null, unique (follower_id, following_id));
      create table likes (post_id bigint, user_id uuid, primary key (post_id, user_id));
      create table reads (room_id bigint, user_id uuid);
      create unique index reads_room_user on reads (room_id, user_id);
      create table drafts (id bigint primary key, author_id uuid, slot int, archived boolean);
      create unique index drafts_slot on drafts (author_id, slot) where not archived;
      create unique index drafts_lower on drafts (author_id, lower(slot::text));
    `);
    expect(schema.compositeKeys('follows')).toEqual([['follower_id', 'following_id']]);
    expect(schema.compositeKeys('likes')).toEqual([['post_id', 'user_id']]);
    expect(schema.compositeKeys('reads')).toEqual([['room_id', 'user_id']]);
    // partial, or on an expression: no key
    expect(schema.compositeKeys('drafts')).toEqual([]);
    expect(schema.compositeKeys('nowhere')).toEqual([]);
  });

  it('forgets a key its migration drops', async () => {
    const schema = await schemaOf(dedent`
      create table follows (a uuid, b uuid, constraint follows_pair unique (a, b));
      alter table follows drop constraint follows_pair;
    `);
    expect(schema.compositeKeys('follows')).toEqual([]);
  });
});

describe('a table the migrations never create', () => {
  it('keeps the unique keys its indexes and ALTERs declare, with its columns unknown', async () => {
    const schema = await schemaOf(dedent`
      alter table subjects add column if not exists code text;
      create unique index if not exists subjects_code_idx on subjects (code);
      alter table public.enrolments add constraint enrolments_pair unique (student_id, class_id);
      alter table only tags add constraint tags_pkey primary key (id);
      create unique index drafts_live on drafts (slug) where deleted_at is null;
      create index plain_idx on plain (owner_id);
      alter table notes add column body text;
    `);
    expect(schema.uniqueColumns('subjects')).toEqual(['code']);
    expect(schema.columns('subjects')).toBeUndefined();
    expect(schema.hasColumn('subjects', 'name')).toBe('unknown');
    expect(schema.compositeKeys('enrolments')).toEqual([['student_id', 'class_id']]);
    expect(schema.primaryKey('tags')).toEqual(['id']);
    expect(schema.uniqueColumns('drafts')).toEqual([]);
    expect(schema.partialKeys('drafts')).toEqual([
      { columns: ['slug'], when: [{ column: 'deleted_at', value: null }] },
    ]);
    // a plain index, or a column added, declares no key: the table stays unknown
    expect(schema.hasTable('plain')).toBe(false);
    expect(schema.hasTable('notes')).toBe(false);
    expect(schema.origin.unresolved.map((u) => u.message)).toEqual([
      'ALTER TABLE subjects: unknown table',
      'ALTER TABLE notes: unknown table',
    ]);
  });

  it('knows no primary key or replica identity of it, and says its old record is unknown', async () => {
    const schema = await schemaOf(dedent`
      alter table tags add constraint tags_pkey primary key (id);
    `);
    expect(schema.relation('tags')?.sources).toEqual([]);
    expect(schema.replicaIdentityColumns('tags')).toBeUndefined();
  });

  it('keeps those keys when a later migration creates the table, unless it has its own primary key', async () => {
    const schema = await schemaOf(dedent`
      create unique index subjects_code_idx on subjects (code);
      alter table subjects add constraint subjects_pkey primary key (id);
      create table if not exists subjects (uuid uuid primary key, code text, name text);
    `);
    expect(schema.columns('subjects')?.map((column) => column.name)).toEqual(['uuid', 'code', 'name']);
    expect(schema.primaryKey('subjects')).toEqual(['uuid']);
    expect(schema.uniqueColumns('subjects')).toEqual(['uuid', 'code']);
    expect(schema.origin.unresolved).toEqual([]);
  });

  it('merges the generated types into it: their columns, its keys', async () => {
    const root = writeProject({
      '20240101000000_init.sql': 'create unique index subjects_code_idx on subjects (code);',
      'src/database.types.ts': dedent`
        export type Database = {
          public: {
            Tables: { subjects: { Row: { id: number; code: string | null; name: string }; Relationships: [] } };
            Views: {};
          };
        };
      `,
    });
    const { loadSchema } = await import('../../src/schema/index.js');
    const schema = (await loadSchema({ schema: root, recheckMs: 0 }))!;
    expect(schema.columns('subjects')?.map((column) => column.name)).toEqual(['id', 'code', 'name']);
    expect(schema.uniqueColumns('subjects')).toEqual(['code']);
    expect(schema.relation('subjects')?.sources).toEqual(['types']);
  });
});

describe("a view's GROUP BY", () => {
  it('makes the grouped output columns a key of a view or materialized view, not of a table made AS one', async () => {
    const schema = await schemaOf(dedent`
      create table rooms (id bigint primary key, owner uuid);
      create table gifts (id bigint primary key, room_id bigint, sender uuid, coins int);
      create view popularity as
        select r.id as room_id, coalesce(sum(g.coins), 0) as score from rooms r left join gifts g on g.room_id = r.id group by r.id;
      create view by_sender (room, who, total) as select room_id, sender, sum(coins) from gifts group by room_id, sender;
      create materialized view by_position as select room_id, count(*) from gifts group by 1;
      create view hidden as select sum(coins) as total from gifts group by room_id;
      create view expression as select lower(sender::text) as s, count(*) from gifts group by lower(sender::text);
      create view sets as select room_id, sum(coins) from gifts group by rollup (room_id);
      create view unioned as select room_id from gifts group by room_id union all select id from rooms;
      create table frozen as select room_id, sum(coins) as total from gifts group by room_id;
    `);
    expect(schema.uniqueColumns('popularity')).toEqual(['room_id']);
    expect(schema.compositeKeys('by_sender')).toEqual([['room', 'who']]);
    expect(schema.uniqueColumns('by_position')).toEqual(['room_id']);
    // the grouped column not in the output, an expression, grouping sets, a union, a table: no key
    for (const name of ['hidden', 'expression', 'sets', 'unioned', 'frozen']) {
      expect(schema.uniqueColumns(name), name).toEqual([]);
      expect(schema.compositeKeys(name), name).toEqual([]);
    }
  });
});

describe('partialKeys', () => {
  it("reads a partial index's predicate when it is equalities of columns to constants, and nothing else", async () => {
    const schema = await schemaOf(dedent`
      create table t (id int primary key, a int, b text, kind text, deleted_at timestamptz, active boolean, archived boolean, n int);
      create unique index t_a on t (a) where kind = 'personal' and deleted_at is null;
      create unique index t_b on t (b) where active and not archived and n = 3 and kind = 'x'::text;
      create unique index t_flag on t (a, b) where active is true;
      create unique index t_or on t (b) where kind = 'a' or kind = 'b';
      create unique index t_range on t (b) where n > 3;
      create unique index t_expr on t (lower(b)) where deleted_at is null;
    `);
    expect(schema.partialKeys('t')).toEqual([
      {
        columns: ['a'],
        when: [
          { column: 'kind', value: 'personal' },
          { column: 'deleted_at', value: null },
        ],
      },
      {
        columns: ['b'],
        when: [
          { column: 'active', value: true },
          { column: 'archived', value: false },
          { column: 'n', value: 3 },
          { column: 'kind', value: 'x' },
        ],
      },
      { columns: ['a', 'b'], when: [{ column: 'active', value: true }] },
    ]);
    // still never a unique column or a composite key by itself
    expect(schema.uniqueColumns('t')).toEqual(['id']);
    expect(schema.compositeKeys('t')).toEqual([]);
  });
});

describe('a table created twice (CREATE TABLE IF NOT EXISTS again)', () => {
  it('keeps the first definition; while a column only the second has is missing, its keys prove nothing', async () => {
    const schema = await schemaOf(dedent`
      create table if not exists published (id uuid primary key, page_id uuid not null unique, notes text);
      create table if not exists published (id uuid primary key, page_id uuid not null, version int not null, unique (page_id, version));
      create table if not exists pages (id uuid primary key, page_key text unique);
      create table if not exists pages (id uuid primary key, page_key text unique, status text);
      alter table pages add column if not exists status text;
      create table if not exists same (id uuid primary key, slug text unique);
      create table if not exists same (id uuid primary key, slug text unique);
    `);
    // the code may have been written for the second: page_id alone is not known unique
    expect(schema.uniqueColumns('published')).toEqual([]);
    expect(schema.compositeKeys('published')).toEqual([]);
    expect(schema.columnsMayBeIncomplete('published')).toBe(true);
    // its primary key, the old record of a delete, stays known
    expect(schema.replicaIdentityColumns('published')).toEqual(['id']);
    // a later ALTER added what the second had: the two agree again
    expect(schema.uniqueColumns('pages')).toEqual(['id', 'page_key']);
    expect(schema.uniqueColumns('same')).toEqual(['id', 'slug']);
    expect(schema.columnsMayBeIncomplete('same')).toBe(false);
    expect(schema.origin.unresolved.map((u) => u.message)).toEqual([
      'CREATE TABLE public.published: it already exists, without version',
      'CREATE TABLE public.pages: it already exists, without status',
    ]);
  });
});

describe('isOrderedView', () => {
  it('is true for a view or materialized view whose query ends in ORDER BY, not for a table made AS one', async () => {
    const schema = await schemaOf(dedent`
      create table scores (id bigint primary key, player text, points int);
      create view leaderboard as select player, points from scores order by points desc;
      create view players as select distinct player from scores;
      create materialized view top_scores as select * from scores order by points desc limit 100;
      create table score_copy as select * from scores order by points;
      create schema stats;
      create view stats.ranked as select player, points from public.scores union all select player, 0 from public.scores order by 2 desc;
      create or replace view players as select player, sum(points) as total from scores group by player order by total desc;
    `);
    expect(schema.isOrderedView('leaderboard')).toBe(true);
    expect(schema.isOrderedView('top_scores')).toBe(true);
    expect(schema.isOrderedView('ranked', 'stats')).toBe(true);
    // replaced by a view that orders
    expect(schema.isOrderedView('players')).toBe(true);
    expect(schema.isOrderedView('score_copy')).toBe(false);
    expect(schema.isOrderedView('scores')).toBe(false);
    expect(schema.isOrderedView('nowhere')).toBe(false);
  });

  it('forgets the order when the view is replaced by one without it', async () => {
    const schema = await schemaOf(dedent`
      create table scores (id bigint primary key, points int);
      create view leaderboard as select * from scores order by points desc;
      create or replace view leaderboard as select * from scores;
    `);
    expect(schema.isOrderedView('leaderboard')).toBe(false);
  });
});

describe('replicaIdentityColumns', () => {
  it('is the primary key by default, every column with FULL, none with NOTHING, an index with USING INDEX', async () => {
    const schema = await schemaOf(dedent`
      create table messages (id bigint primary key, room_id bigint not null, body text);
      create table members (room_id bigint, user_id uuid, role text, primary key (room_id, user_id));
      create table events (id bigint primary key, room_id bigint);
      alter table public.events replica identity full;
      create table logs (line text);
      create table pins (id bigint primary key, room_id bigint not null, slot int not null);
      create unique index pins_room_slot on pins (room_id, slot);
      alter table only pins replica identity using index pins_room_slot;
      create table drafts (id bigint primary key, owner uuid);
      alter table drafts replica identity nothing;
      create table notes (id bigint primary key, owner uuid);
      alter table notes replica identity full;
      alter table notes replica identity default;
    `);
    expect(schema.replicaIdentityColumns('messages')).toEqual(['id']);
    expect(schema.replicaIdentityColumns('members')).toEqual(['room_id', 'user_id']);
    expect(schema.replicaIdentityColumns('events')).toBe('all');
    expect(schema.replicaIdentityColumns('logs')).toEqual([]);
    expect(schema.replicaIdentityColumns('pins')).toEqual(['room_id', 'slot']);
    expect(schema.replicaIdentityColumns('drafts')).toEqual([]);
    expect(schema.replicaIdentityColumns('notes')).toEqual(['id']);
    expect(schema.replicaIdentityColumns('nowhere')).toBeUndefined();
  });

  it('keeps the identity a migration sets on a table it does not create, and on one it creates later', async () => {
    const schema = await schemaOf(dedent`
      alter table public.alerts replica identity full;
      alter table public.later replica identity full;
      create table if not exists public.later (id bigint primary key, owner uuid);
    `);
    expect(schema.replicaIdentityColumns('alerts')).toBe('all');
    expect(schema.columns('alerts')).toBeUndefined();
    expect(schema.replicaIdentityColumns('later')).toBe('all');
    expect(schema.columns('later')?.map((column) => column.name)).toEqual(['id', 'owner']);
    expect(schema.origin.unresolved).toEqual([]);
  });

  it('after a second plain CREATE TABLE of it, is known only where a later ALTER sets the identity', async () => {
    // a history kept twice: the second CREATE fails in PostgreSQL, so which definition holds is unknown
    const schema = await schemaOf(dedent`
      create table tasks (id uuid primary key, room_id uuid not null);
      create table tasks (id uuid primary key, room_id uuid not null);
      alter table tasks replica identity full;
      create table posts (id uuid primary key, room_id uuid);
      alter table posts replica identity full;
      create table posts (id uuid primary key, room_id uuid);
      create table notes (id uuid primary key, owner uuid);
      create table notes (id uuid primary key, owner uuid);
      create table pins (id uuid primary key, slot int);
      create table pins (id uuid primary key, slot int);
      alter table pins replica identity default;
    `);
    expect(schema.replicaIdentityColumns('tasks')).toBe('all');
    expect(schema.replicaIdentityColumns('posts')).toBeUndefined();
    expect(schema.replicaIdentityColumns('notes')).toBeUndefined();
    // DEFAULT after the redefinition: the primary key of whichever definition holds, and the two may differ
    expect(schema.replicaIdentityColumns('pins')).toBeUndefined();
    // the columns stay unknown either way
    expect(schema.columnsMayBeIncomplete('tasks')).toBe(true);
  });

  it('is unknown for a table only generated types describe', async () => {
    const root = writeProject({
      '20240101000000_init.sql': 'create table messages (id bigint primary key);',
      'src/database.types.ts': dedent`
        export type Database = {
          public: {
            Tables: { rooms: { Row: { id: number; name: string }; Relationships: [] } };
            Views: {};
          };
        };
      `,
    });
    const { loadSchema } = await import('../../src/schema/index.js');
    const schema = (await loadSchema({ schema: root, recheckMs: 0 }))!;
    expect(schema.hasTable('rooms')).toBe(true);
    expect(schema.replicaIdentityColumns('rooms')).toBeUndefined();
    expect(schema.replicaIdentityColumns('messages')).toEqual(['id']);
  });
});

describe('max-rows', () => {
  beforeEach(() => {
    clearProjectConfigCache();
  });

  it('reads [api] max_rows, in the forms a TOML integer takes', () => {
    expect(readMaxRows('[api]\nenabled = true\nmax_rows = 2000\n')).toBe(2000);
    expect(readMaxRows('[api]\nmax_rows = 10_000 # ten thousand\n')).toBe(10000);
    expect(readMaxRows('[ api ]\n  max_rows=+500\n')).toBe(500);
    expect(readMaxRows('api.max_rows = 250\n[db]\nport = 54322\n')).toBe(250);
  });

  it('reads nothing from another table, a comment, a string or a non-positive number', () => {
    expect(readMaxRows('[db]\nmax_rows = 2000\n')).toBeNull();
    expect(readMaxRows('[api]\n# max_rows = 2000\n')).toBeNull();
    expect(readMaxRows('[api]\nmax_rows = "2000"\n')).toBeNull();
    expect(readMaxRows('[api]\nmax_rows = 0\n')).toBeNull();
    expect(readMaxRows('[api]\n[[api.extra]]\nmax_rows = 5\n')).toBeNull();
    expect(readMaxRows('')).toBeNull();
  });

  it('finds the nearest supabase/config.toml above a file, and follows an edit', () => {
    const root = writeProject({
      'supabase/config.toml': '[api]\nmax_rows = 3000\n',
      '20240101000000_init.sql': 'create table t (id bigint primary key);',
    });
    mkdirSync(path.join(root, 'src', 'lib'), { recursive: true });
    mkdirSync(path.join(root, '.git'));
    const file = path.join(root, 'src', 'lib', 'queries.ts');
    expect(configMaxRows(file)).toEqual({ maxRows: 3000, file: path.join(root, 'supabase', 'config.toml') });
    // from the migrations folder too (what the schema knows of itself)
    expect(configMaxRows(path.join(root, 'supabase', 'migrations'))?.maxRows).toBe(3000);
    writeFileSync(path.join(root, 'supabase', 'config.toml'), '[api]\nmax_rows = 4000\n');
    expect(configMaxRows(file, 0)?.maxRows).toBe(4000);
    expect(configMaxRows(path.join(root, '..'), 0)).toBeNull();
  });

  it('gives a schema the max-rows of the config.toml beside its migrations, 1,000 without one', async () => {
    const withConfig = writeProject({
      'supabase/config.toml': '[api]\nmax_rows = 1500\n',
      '20240101000000_init.sql': 'create table t (id bigint primary key);',
    });
    const { loadSchema } = await import('../../src/schema/index.js');
    expect(maxRowsOf(await loadSchema({ schema: withConfig, recheckMs: 0 }))).toBe(1500);
    expect(maxRowsOf(await schemaOf('create table t (id bigint primary key);'))).toBe(1000);
    expect(maxRowsOf(undefined)).toBe(1000);
    const schema = await schemaOf('create table t (id bigint primary key);');
    expect(maxRowsOf(schema.withApiLimits({ maxRows: 250, source: 'a setting' }))).toBe(250);
  });
});
