// The schema loader against a real PostgreSQL: the same migration statements are
// applied to PGlite (PostgreSQL in WebAssembly, in this process) after a small
// bootstrap of what a Supabase project provides, and the catalog's relations,
// columns, NOT NULL and unique keys are compared with the loader's model.
// Used by test/schema/crosscheck.test.ts and scripts/schema-check.mjs.
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';

/**
 * @typedef {import('../src/schema/index.js').DatabaseSchema} DatabaseSchema
 * @typedef {import('../src/schema/index.js').ParsedFile} ParsedFile
 * @typedef {{ file: string; line: number; message: string; sql: string; fullSql: string }} Rejected
 * @typedef {{ name: string; primary: boolean; partial: boolean; columns: (string | null)[] }} CatalogKey
 * @typedef {{ name: string; type: string; notNull: boolean }} CatalogColumn
 * @typedef {{ schema: string; name: string; kind: string; oid: number; columns: CatalogColumn[]; keys: CatalogKey[] }} CatalogRelation
 * @typedef {{ relation: string; kind: string | undefined; columns: number | string; keys: number | string; agrees: boolean }} ComparisonRow
 * @typedef {{ rows: ComparisonRow[]; disagreements: { relation: string; problem: string }[] }} Comparison
 */

/** What Supabase gives every project, stubbed: roles, auth and storage schemas, auth.uid()/role()/jwt(), extensions. */
export const SUPABASE_BOOTSTRAP = `
do $$ begin
  if not exists (select from pg_roles where rolname = 'anon') then create role anon nologin; end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then create role authenticated nologin; end if;
  if not exists (select from pg_roles where rolname = 'service_role') then create role service_role nologin bypassrls; end if;
  if not exists (select from pg_roles where rolname = 'supabase_admin') then create role supabase_admin; end if;
  if not exists (select from pg_roles where rolname = 'supabase_auth_admin') then create role supabase_auth_admin; end if;
  if not exists (select from pg_roles where rolname = 'supabase_storage_admin') then create role supabase_storage_admin; end if;
  if not exists (select from pg_roles where rolname = 'authenticator') then create role authenticator; end if;
  if not exists (select from pg_roles where rolname = 'dashboard_user') then create role dashboard_user; end if;
end $$;
create schema if not exists extensions;
create schema if not exists auth;
create schema if not exists storage;
create schema if not exists realtime;
create schema if not exists graphql_public;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists citext with schema extensions;
create extension if not exists pg_trgm with schema extensions;
create table if not exists auth.users (
  instance_id uuid, id uuid primary key, aud varchar(255), role varchar(255), email varchar(255),
  encrypted_password varchar(255), email_confirmed_at timestamptz, phone text, last_sign_in_at timestamptz,
  raw_app_meta_data jsonb, raw_user_meta_data jsonb, is_anonymous boolean not null default false,
  created_at timestamptz, updated_at timestamptz, deleted_at timestamptz
);
create table if not exists auth.identities (id uuid primary key, user_id uuid references auth.users, provider text);
create or replace function auth.uid() returns uuid language sql stable as
  $f$ select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $f$;
create or replace function auth.role() returns text language sql stable as
  $f$ select nullif(current_setting('request.jwt.claim.role', true), '')::text $f$;
create or replace function auth.email() returns text language sql stable as
  $f$ select nullif(current_setting('request.jwt.claim.email', true), '')::text $f$;
create or replace function auth.jwt() returns jsonb language sql stable as
  $f$ select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb $f$;
create table if not exists storage.buckets (
  id text primary key, name text not null unique, owner uuid, public boolean default false,
  file_size_limit bigint, allowed_mime_types text[], created_at timestamptz default now(), updated_at timestamptz default now()
);
create table if not exists storage.objects (
  id uuid primary key default gen_random_uuid(), bucket_id text references storage.buckets, name text, owner uuid,
  owner_id text, metadata jsonb, path_tokens text[], created_at timestamptz default now(), updated_at timestamptz default now()
);
create or replace function storage.foldername(name text) returns text[] language sql immutable as $f$ select string_to_array(name, '/') $f$;
create or replace function storage.filename(name text) returns text language sql immutable as $f$ select (string_to_array(name, '/'))[array_length(string_to_array(name, '/'), 1)] $f$;
create or replace function storage.extension(name text) returns text language sql immutable as $f$ select split_part(name, '.', 2) $f$;
-- pgvector is not in PGlite: a text-like stand-in type with a length modifier, so vector(1536) columns exist.
do $$ begin
  if not exists (select from pg_type where typname = 'vector') then
    create type extensions.vector;
    create function extensions.vector_in(cstring, oid, integer) returns extensions.vector language internal immutable strict as 'textin';
    create function extensions.vector_out(extensions.vector) returns cstring language internal immutable strict as 'textout';
    create function extensions.vector_typmod_in(cstring[]) returns integer language internal immutable strict as 'bittypmodin';
    create type extensions.vector (input = extensions.vector_in, output = extensions.vector_out,
      typmod_in = extensions.vector_typmod_in, internallength = variable, storage = extended);
  end if;
end $$;
create publication supabase_realtime;
`;

/**
 * A PGlite database with the bootstrap applied; `reset()` brings it back to that state between folders.
 *
 * @returns {Promise<{ db: PGlite; baseline: string[]; reset(): Promise<void>; close(): Promise<void> }>}
 */
export async function createSupabaseDatabase() {
  const db = await PGlite.create({ extensions: { citext, pg_trgm, pgcrypto, uuid_ossp } });
  await db.exec(SUPABASE_BOOTSTRAP);
  const baseline = await relationKeys(db);
  /** @type {(row: { nspname: string }) => string} */
  const schemaName = (row) => row.nspname;
  const schemas = new Set((await db.query('select nspname from pg_namespace')).rows.map(schemaName));
  return {
    db,
    baseline,
    async reset() {
      const now = (await db.query('select nspname from pg_namespace')).rows.map(schemaName);
      for (const name of now) if (!schemas.has(name)) await db.exec(`drop schema "${name}" cascade`);
      await db.exec('drop schema public cascade; create schema public; grant all on schema public to public;');
      await db.exec('drop publication if exists supabase_realtime; create publication supabase_realtime;');
      for (const key of (await relationKeys(db)).filter((k) => !baseline.includes(k))) {
        const [schema, name] = key.split('.');
        await db.exec(`drop table if exists "${schema}"."${name}" cascade`).catch(() => undefined);
      }
    },
    close: () => db.close(),
  };
}

/**
 * @param {PGlite} db
 * @returns {Promise<string[]>}
 */
async function relationKeys(db) {
  /** @type {{ rows: { key: string }[] }} */
  const { rows } = await db.query(`
    select n.nspname || '.' || c.relname as key from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')`);
  return rows.map((r) => r.key);
}

/**
 * Applies parsed files (from the loader's parseSqlFiles) one statement at a time, as
 * the Supabase CLI applies a folder: files in order, each with the default
 * search_path; transaction control is left out so that one rejected statement does
 * not abort the rest. Returns the statements PostgreSQL rejected.
 */
/**
 * @param {PGlite} db
 * @param {readonly ParsedFile[]} parsedFiles
 * @returns {Promise<Rejected[]>}
 */
export async function applyStatements(db, parsedFiles) {
  /** @type {Rejected[]} */
  const rejected = [];
  for (const file of parsedFiles) {
    await db.exec('reset all; set search_path to "$user", public, extensions; set check_function_bodies = off;');
    for (const statement of file.statements) {
      if ('TransactionStmt' in statement.stmt) continue;
      try {
        await db.exec(statement.sql);
      } catch (error) {
        rejected.push({
          file: file.file,
          line: statement.line,
          message: /** @type {Error} */ (error).message,
          sql: statement.sql.slice(0, 160),
          fullSql: statement.sql,
        });
      }
    }
  }
  await db.exec('reset all');
  return rejected;
}

/** The catalog's relations outside the bootstrap: columns (format_type, NOT NULL) and unique keys. */
/**
 * @param {PGlite} db
 * @param {readonly string[]} baseline
 * @returns {Promise<Map<string, CatalogRelation>>}
 */
export async function readCatalog(db, baseline) {
  /** @type {Map<string, CatalogRelation>} */
  const relations = new Map();
  /** @type {{ rows: (Omit<CatalogRelation, 'kind' | 'keys'> & { kind: 'r' | 'p' | 'f' | 'v' | 'm' })[] }} */
  const { rows } = await db.query(`
    select n.nspname as schema, c.relname as name, c.relkind as kind, c.oid::int as oid,
      coalesce(json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
        'notNull', a.attnotnull) order by a.attnum) filter (where a.attnum is not null), '[]') as columns
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
    group by n.nspname, c.relname, c.relkind, c.oid`);
  for (const row of rows) {
    if (baseline.includes(`${row.schema}.${row.name}`)) continue;
    const kind = { r: 'table', p: 'table', f: 'table', v: 'view', m: 'materialized view' }[row.kind];
    relations.set(`${row.schema}.${row.name}`, { ...row, kind, keys: [] });
  }
  /** @type {{ rows: (CatalogKey & { oid: number })[] }} */
  const keys = await db.query(`
    select i.indrelid::int as oid, ic.relname as name, i.indisprimary as primary, i.indpred is not null as partial,
      array(select case when k = 0 then null else (select attname from pg_attribute where attrelid = i.indrelid and attnum = k) end
            from unnest(i.indkey::int2[]) with ordinality as u(k, o) order by o) as columns
    from pg_index i join pg_class ic on ic.oid = i.indexrelid
    where i.indisunique`);
  const byOid = new Map([...relations.values()].map((r) => [r.oid, r]));
  for (const key of keys.rows) byOid.get(key.oid)?.keys.push(key);
  return relations;
}

/** A type without quotes and schema names: format_type() leaves out the schemas on the search_path. */
/** @param {string | null | undefined} type */
function typeText(type) {
  return type?.replace(/"/g, '').replace(/\b(public|extensions|pg_catalog)\./g, '');
}

/** @param {{ name: string; columns: (string | null)[]; partial: boolean; primary?: boolean; kind?: string }} key */
function keyText(key) {
  const kind = key.primary || key.kind === 'primary key' ? 'PRIMARY KEY' : 'UNIQUE';
  const columns = key.columns.map((c) => c ?? '(expression)').join(', ');
  return `${kind} ${key.name} (${columns})${key.partial ? ' WHERE ...' : ''}`;
}

/**
 * The disagreements between the loader's schema and the catalog, relation by
 * relation: a relation on one side only, a column missing, a different type (when
 * the loader knows it), NOT NULL, the set of unique keys. A view's columns the
 * loader could not name are counted, not compared.
 */
/**
 * @param {DatabaseSchema} schema
 * @param {Map<string, CatalogRelation>} catalog
 * @returns {Comparison}
 */
export function compareSchemas(schema, catalog) {
  /** @type {Comparison['disagreements']} */
  const disagreements = [];
  const loaderKeys = new Map([...schema.relations.values()].map((r) => [`${r.schema}.${r.name}`, r]));
  /** @type {ComparisonRow[]} */
  const rows = [];
  for (const key of new Set([...loaderKeys.keys(), ...catalog.keys()])) {
    const mine = loaderKeys.get(key);
    const theirs = catalog.get(key);
    /** @type {string[]} */
    const problems = [];
    if (!mine) problems.push('only in PostgreSQL');
    else if (!theirs) problems.push('only in the loader');
    else {
      if (mine.kind !== theirs.kind) problems.push(`kind: loader ${mine.kind}, PostgreSQL ${theirs.kind}`);
      if (mine.columns) {
        const names = (/** @type {{ name: string }[]} */ cs) => cs.map((c) => c.name).join(', ');
        if (names(mine.columns) !== names(theirs.columns)) {
          problems.push(`columns: loader [${names(mine.columns)}], PostgreSQL [${names(theirs.columns)}]`);
        }
        for (const column of mine.columns) {
          const other = theirs.columns.find((c) => c.name === column.name);
          if (!other) continue;
          if (column.notNull !== other.notNull) {
            problems.push(`${column.name} NOT NULL: loader ${column.notNull}, PostgreSQL ${other.notNull}`);
          }
          if (column.type && typeText(column.type) !== typeText(other.type)) {
            problems.push(`${column.name} type: loader ${column.type}, PostgreSQL ${other.type}`);
          }
        }
      }
      // keys no catalog holds: a one-to-one relationship (generated types), a view's GROUP BY (from its query)
      const mineKeys = mine.keys
        .filter((k) => k.kind !== 'one-to-one relationship' && k.kind !== 'group by')
        .map(keyText)
        .sort();
      const theirKeys = theirs.keys.map(keyText).sort();
      if (mineKeys.join('; ') !== theirKeys.join('; ')) {
        problems.push(`keys: loader {${mineKeys.join('; ')}}, PostgreSQL {${theirKeys.join('; ')}}`);
      }
    }
    rows.push({
      relation: key,
      kind: mine?.kind ?? theirs?.kind,
      columns: mine?.columns ? mine.columns.length : mine ? 'unknown' : '-',
      keys: mine ? mine.keys.length : '-',
      agrees: problems.length === 0,
    });
    for (const problem of problems) disagreements.push({ relation: key, problem });
  }
  rows.sort((a, b) => (a.relation < b.relation ? -1 : 1));
  return { rows, disagreements };
}
