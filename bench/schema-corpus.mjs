// A migration folder the size of a long-lived Supabase app, written for the schema
// loader's load-time measurement (bench/schema-load.mjs) and its test: `count` files
// in the Supabase CLI layout, a mix of what real folders hold (tables with keys,
// later columns, renames and drops, unique and partial indexes, views, functions
// with dollar-quoted bodies, triggers, RLS policies, grants, seed rows) and one
// statement the parser rejects every 50 files. Deterministic: same count, same files.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** @param {number} n */
function table(n) {
  return `create table public.entity_${n} (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references auth.users (id) on delete cascade,
  slug text not null,
  title text,
  payload jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index entity_${n}_slug_key on public.entity_${n} (owner_id, slug);
create index entity_${n}_updated_idx on public.entity_${n} (updated_at, id);
alter table public.entity_${n} enable row level security;
create policy "owner reads entity_${n}" on public.entity_${n} for select using ((select auth.uid()) = owner_id);
create policy "owner writes entity_${n}" on public.entity_${n} for all using ((select auth.uid()) = owner_id);
grant select, insert, update, delete on public.entity_${n} to authenticated;
`;
}

/** @param {number} n */
function functions(n) {
  return `create or replace function public.touch_entity_${n}() returns trigger language plpgsql as $$
begin
  new.updated_at := now(); -- keep the cursor moving; a ';' in a comment
  if new.title is null then
    new.title := 'untitled; ' || new.slug;
  end if;
  return new;
end;
$$;
create trigger entity_${n}_touch before update on public.entity_${n}
  for each row execute function public.touch_entity_${n}();
comment on table public.entity_${n} is 'Entity ${n}: synced by delta';
`;
}

/** @param {number} n */
function changes(n) {
  const t = `public.entity_${n - 1}`;
  return `alter table ${t} add column if not exists archived_at timestamptz;
alter table ${t} add column position integer not null default 0;
alter table ${t} rename column title to name;
alter table ${t} alter column name set not null;
create unique index entity_${n - 1}_live_slug on ${t} (slug) where archived_at is null;
alter table ${t} drop column payload;
create or replace view public.entity_${n - 1}_live as select id, owner_id, slug, name, position from ${t} where archived_at is null;
insert into public.settings_kv (key, value) values ('entity_${n - 1}', '{"sync": "delta"}');
`;
}

/**
 * Writes `count` migration files into `dir` (created); returns their names.
 *
 * @param {string} dir
 * @param {number} [count]
 * @returns {string[]}
 */
export function writeMigrationCorpus(dir, count = 200) {
  mkdirSync(dir, { recursive: true });
  /** @type {string[]} */
  const names = [];
  const write = (/** @type {number} */ i, /** @type {string} */ body) => {
    const stamp = new Date(Date.UTC(2023, 0, 1) + i * 36e5).toISOString().replace(/\D/g, '').slice(0, 14);
    const name = `${stamp}_step_${i}.sql`;
    writeFileSync(path.join(dir, name), body);
    names.push(name);
  };
  write(0, 'create table public.settings_kv (key text primary key, value jsonb not null);\n');
  for (let i = 1; i < count; i++) {
    let body = i % 3 === 1 ? table(i) : i % 3 === 2 ? functions(i - 1) : changes(i - 1);
    if (i % 50 === 0) body += 'create policy if not exists "rejected" on public.settings_kv for select using (true);\n';
    write(i, body);
  }
  return names;
}
