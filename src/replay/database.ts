/**
 * The PostgreSQL the replay runs against: PGlite (@electric-sql/pglite, an
 * optional dependency, loaded only here and only when `audit --prove` asks),
 * one instance for a whole run, with what a Supabase project gives every
 * database stubbed in (roles, the auth schema and auth.uid(), the extensions
 * schema with pgcrypto and uuid-ossp, a moddatetime stand-in). Between
 * replays `reset()` drops what a replay created.
 *
 * PGlite starts by running initdb (several seconds of CPU); the data folder it
 * makes is kept once, gzipped, in the system's temporary folder, and later
 * starts load it instead.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** The two calls the replay makes. */
export interface Sql {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the row type, as PGlite's own query<T>() does
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

export interface ReplayDatabase extends Sql {
  /** Drops every schema, table, type and function a replay created; the Supabase stand-ins stay. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** `--prove` asked for a replay, and PGlite cannot be loaded: the one line the CLI prints. */
export class ReplayUnavailable extends Error {}

const PACKAGE = '@electric-sql/pglite';

/**
 * What Supabase gives every project, as far as a table's statements use it:
 * its roles, auth.users and auth.uid()/role()/jwt(), the extensions schema,
 * and moddatetime (not in PGlite): a PL/pgSQL stand-in that does what the C
 * extension does, set the named column to the transaction's start time.
 */
const SUPABASE_STAND_INS = `
do $$ begin
  if not exists (select from pg_roles where rolname = 'anon') then create role anon nologin; end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then create role authenticated nologin; end if;
  if not exists (select from pg_roles where rolname = 'service_role') then create role service_role nologin bypassrls; end if;
  if not exists (select from pg_roles where rolname = 'supabase_admin') then create role supabase_admin; end if;
  if not exists (select from pg_roles where rolname = 'authenticator') then create role authenticator; end if;
end $$;
create schema if not exists extensions;
create schema if not exists auth;
create schema if not exists storage;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;
create table if not exists auth.users (
  instance_id uuid, id uuid primary key, aud varchar(255), role varchar(255), email varchar(255),
  raw_app_meta_data jsonb, raw_user_meta_data jsonb, is_anonymous boolean not null default false,
  created_at timestamptz, updated_at timestamptz, deleted_at timestamptz
);
create or replace function auth.uid() returns uuid language sql stable as
  $f$ select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $f$;
create or replace function auth.role() returns text language sql stable as
  $f$ select nullif(current_setting('request.jwt.claim.role', true), '')::text $f$;
create or replace function auth.jwt() returns jsonb language sql stable as
  $f$ select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb $f$;
create or replace function extensions.moddatetime() returns trigger language plpgsql as $f$
begin
  new := jsonb_populate_record(new, jsonb_build_object(tg_argv[0], now()));
  return new;
end $f$;
`;

const BASE_SCHEMAS = ['pg_catalog', 'information_schema', 'pg_toast', 'extensions', 'auth', 'storage'];

interface PgliteModule {
  PGlite: {
    create(
      options: Record<string, unknown>,
    ): Promise<Sql & { close(): Promise<void>; dumpDataDir(c?: string): Promise<Blob> }>;
  };
}

async function loadPglite(): Promise<{ module: PgliteModule; extensions: Record<string, unknown>; version: string }> {
  try {
    const module = (await import(PACKAGE)) as PgliteModule;
    const [{ pgcrypto }, { uuid_ossp }] = (await Promise.all([
      import(`${PACKAGE}/contrib/pgcrypto`),
      import(`${PACKAGE}/contrib/uuid_ossp`),
    ])) as [{ pgcrypto: unknown }, { uuid_ossp: unknown }];
    return { module, extensions: { pgcrypto, uuid_ossp }, version: installedVersion() };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? 'it is not installed' : errorLine(error);
    throw new ReplayUnavailable(
      `--prove replays each sync in PostgreSQL (${PACKAGE}, an optional dependency), and ${why}: npm install ${PACKAGE}`,
    );
  }
}

/** The installed PGlite's version (its package.json is not among its exports), or `unknown`. */
function installedVersion(): string {
  try {
    let dir = path.dirname(createRequire(import.meta.url).resolve(PACKAGE));
    for (let up = 0; up < 4; up++, dir = path.dirname(dir)) {
      try {
        const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (manifest.name === PACKAGE && manifest.version) return manifest.version;
      } catch {
        // not this folder
      }
    }
  } catch {
    // not resolvable from CommonJS
  }
  return 'unknown';
}

/** Where the initialised data folder is kept between runs (per user and PGlite version). */
function dataDirCache(version: string): string {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : 'user';
  return path.join(os.tmpdir(), `supabase-scale-${user}`, `pglite-${version}-datadir.tar.gz`);
}

function readCache(file: string): Blob | undefined {
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    return undefined;
  }
}

/** Keeps the data folder for the next start; a cache that cannot be written is no error. */
async function writeCache(file: string, db: { dumpDataDir(c?: string): Promise<Blob> }): Promise<void> {
  try {
    const blob = await db.dumpDataDir('gzip');
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.part`;
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, file);
  } catch {
    // the next start runs initdb again
  }
}

/** Throws ReplayUnavailable when PGlite cannot be loaded (asked before a long audit, not after it). */
export async function checkPglite(): Promise<void> {
  await loadPglite();
}

/** Starts PGlite with the Supabase stand-ins. Throws ReplayUnavailable when PGlite cannot be loaded. */
export async function openDatabase(): Promise<ReplayDatabase> {
  const { module, extensions, version } = await loadPglite();
  const cacheFile = dataDirCache(version);
  const cached = readCache(cacheFile);
  let db: Awaited<ReturnType<PgliteModule['PGlite']['create']>>;
  try {
    db = await module.PGlite.create({ extensions, ...(cached ? { loadDataDir: cached } : {}) });
  } catch (error) {
    if (!cached) throw error;
    // a damaged cache: start afresh
    db = await module.PGlite.create({ extensions });
  }
  if (!cached) await writeCache(cacheFile, db);
  await db.exec(SUPABASE_STAND_INS);
  const database: ReplayDatabase = {
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    async reset() {
      await db.exec('reset all');
      const { rows } = await db.query<{ name: string }>(
        `select nspname as name from pg_namespace where nspname not like 'pg\\_%' and nspname <> all($1)`,
        [BASE_SCHEMAS],
      );
      for (const { name } of rows) await db.exec(`drop schema ${quoteIdent(name)} cascade`);
      await db.exec('create schema public; grant all on schema public to public;');
    },
    close: () => db.close(),
  };
  return database;
}

/** The first line of an error's message (PostgreSQL's errors run on with detail and hints). */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? '';
}

/** A name as SQL writes it, quoted. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
