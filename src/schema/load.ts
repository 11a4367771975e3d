/**
 * Loads a project's schema once per run: the migrations in file-name order (and the
 * folders of SQL discovery found, layouts.ts), then the generated types merged in. A cache keyed by the source (its folder and files)
 * keeps the schema while no migration file changed: the files' sizes and
 * modification times are checked again at most every `recheckMs` (an editor session
 * sees an edited migration within a second), and only changed files are parsed
 * again. Across processes, the disk cache (disk-cache.ts) gives a schema already
 * loaded from the same files (migrations, types, `supabase/config.toml`) without
 * parsing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findSchemaSource, resolveSchemaSetting, type SchemaSetting, type SchemaSource } from './discover.js';
import { type SchemaCacheSetting, schemaCacheDir, SchemaDiskCache, contentKey } from './disk-cache.js';
import { MigrationApplier } from './migrations.js';
import { DatabaseSchema, type Relation, relationKey, type SchemaOrigin } from './model.js';
import { loadSqlParser, type SqlParser, sqlParserSync } from './sql-parser.js';
import { parseSqlFiles } from './statements.js';
import type { ParsedFile } from './sql-files.js';
import { sqlFolderFiles } from './layouts.js';
import { readTypesFile } from './types-file.js';

export interface LoadSchemaOptions {
  /** A file or folder to find the schema from (the linted file). */
  from?: string;
  /** Explicit paths; `false` turns the schema off. Wins over `from`. */
  schema?: SchemaSetting;
  /** What explicit relative paths are relative to. */
  cwd?: string;
  /** How old a cached schema may be before the files are checked again (ms); 1000 by default. */
  recheckMs?: number;
  /** The disk cache: false for none, a folder; by default SUPABASE_SCALE_SCHEMA_CACHE, else node_modules/.cache. */
  cache?: SchemaCacheSetting;
}

interface Stamped {
  file: string;
  stamp: string;
}

function stampOf(file: string): Stamped {
  try {
    const stat = statSync(file);
    return { file, stamp: `${stat.size}:${stat.mtimeMs}` };
  } catch (error) {
    return { file, stamp: `error:${(error as Error).message}` };
  }
}

/**
 * A migration file's name as the Supabase CLI requires it, `<version>_<name>.sql`
 * (it skips any other file), or as Lovable writes the migrations it applies to
 * a project itself: `<14-digit version>-<uuid>.sql`.
 */
const MIGRATION_NAME = /^(?:\d+_.*|\d{14}-[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12})\.sql$/i;

interface Listed {
  files: string[];
  /** `.sql` files in the folder the Supabase CLI does not apply (`seed.sql`, `verify.sql`). */
  notMigrations: string[];
  problem?: { file: string; message: string };
}

/**
 * The files read, in the order applied: the folder's migrations by name, then
 * each SQL folder's files (layouts.ts), then explicit .sql files.
 */
function migrationFiles(source: SchemaSource): Listed {
  const explicit = source.sqlFiles ?? [];
  const bases = (source.baseDirs ?? []).map(sqlFolderFiles);
  const base = bases.flatMap((folder) => folder.files);
  const folders = (source.sqlDirs ?? []).map(sqlFolderFiles);
  const fromFolders = folders.flatMap((folder) => folder.files);
  const notReadInFolders = [...bases, ...folders].flatMap((folder) => folder.notRead);
  if (!source.migrationsDir) return { files: [...base, ...fromFolders, ...explicit], notMigrations: notReadInFolders };
  const dir = source.migrationsDir;
  try {
    const names = readdirSync(dir).filter((n) => n.endsWith('.sql'));
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      files: [
        ...base,
        ...names.filter((n) => MIGRATION_NAME.test(n)).map((n) => path.join(dir, n)),
        ...fromFolders,
        ...explicit,
      ],
      notMigrations: [
        ...names.filter((n) => !MIGRATION_NAME.test(n)).map((n) => path.join(dir, n)),
        ...notReadInFolders,
      ],
    };
  } catch (error) {
    return {
      files: [...base, ...fromFolders, ...explicit],
      notMigrations: notReadInFolders,
      problem: { file: dir, message: (error as Error).message },
    };
  }
}

const parsedFiles = new Map<string, { stamp: string; parsed: ParsedFile }>();

function parseChanged(stamped: Stamped[], parser: () => SqlParser, origin: SchemaOrigin): ParsedFile[] {
  const toParse: { file: string; text: string; stamp: string }[] = [];
  for (const { file, stamp } of stamped) {
    if (parsedFiles.get(file)?.stamp === stamp) continue;
    try {
      toParse.push({ file, text: readFileSync(file, 'utf8'), stamp });
    } catch (error) {
      origin.unreadable.push({ file, message: (error as Error).message });
    }
  }
  if (toParse.length > 0) {
    const results = parseSqlFiles(parser(), toParse);
    results.forEach((parsed, i) => parsedFiles.set(toParse[i]!.file, { stamp: toParse[i]!.stamp, parsed }));
  }
  return stamped.flatMap(({ file, stamp }) => {
    const entry = parsedFiles.get(file);
    return entry?.stamp === stamp ? [entry.parsed] : [];
  });
}

/**
 * Both sources for one relation: the migrations' keys, and the union of the
 * columns (a types file can lag behind the migrations, and the reverse); a column's
 * NOT NULL comes from the types, which are generated from the live database, except
 * that a primary key's column is NOT NULL.
 */
function merge(fromSql: Relation[], fromTypes: Relation[]): Relation[] {
  const byKey = new Map(fromSql.map((r) => [relationKey(r.schema, r.name), r]));
  for (const typed of fromTypes) {
    const key = relationKey(typed.schema, typed.name);
    const relation = byKey.get(key);
    if (!relation) {
      byKey.set(key, typed);
      continue;
    }
    relation.sources = [...relation.sources, 'types'];
    relation.relationships = typed.relationships;
    if (!typed.columns) continue;
    const primary = new Set(relation.keys.filter((k) => k.kind === 'primary key').flatMap((k) => k.columns));
    const sql = new Map((relation.columns ?? []).map((c) => [c.name, c]));
    const columns = typed.columns.map((t) => {
      const known = sql.get(t.name);
      sql.delete(t.name);
      return known ? { ...known, tsType: t.tsType, notNull: t.notNull || primary.has(t.name) } : t;
    });
    relation.columns = [...columns, ...sql.values()];
  }
  return [...byKey.values()];
}

/** The origin of a schema read from `source` before anything is read: no file, no statement. */
export function emptyOrigin(source: SchemaSource): SchemaOrigin {
  return {
    root: source.root,
    ...(source.migrationsDir ? { migrationsDir: source.migrationsDir } : {}),
    ...(source.baseDirs ? { baseDirs: source.baseDirs } : {}),
    ...(source.sqlDirs ? { sqlDirs: source.sqlDirs } : {}),
    ...(source.typesFile ? { typesFile: source.typesFile } : {}),
    ...(source.unread ? { unread: source.unread } : {}),
    files: [],
    notMigrations: [],
    statements: 0,
    applied: 0,
    skipped: [],
    ignored: 0,
    unresolved: [],
    unreadable: [...(source.problems ?? [])],
    psqlMetaCommands: 0,
    loadMs: 0,
  };
}

function applyMigrations(parsed: ParsedFile[], origin: SchemaOrigin): Relation[] {
  const applier = new MigrationApplier();
  for (const file of parsed) {
    applier.startFile(file.file);
    origin.skipped.push(...file.skipped);
    origin.psqlMetaCommands += file.metaCommands;
    if (file.downFrom !== undefined) (origin.downSections ??= []).push({ file: file.file, line: file.downFrom });
    for (const statement of file.statements) {
      origin.statements++;
      if (applier.apply(statement)) origin.applied++;
      else origin.ignored++;
    }
  }
  origin.unresolved.push(...applier.unresolved);
  const scalar = [...applier.functions].filter(([, fn]) => fn.scalar).map(([name]) => name);
  if (scalar.length > 0) origin.scalarFunctions = scalar.sort();
  return [...applier.catalog.relations.values()];
}

function build(source: SchemaSource, stamped: Stamped[], types: Stamped | undefined, parser: () => SqlParser) {
  const started = performance.now();
  const origin = emptyOrigin(source);
  origin.files = stamped.map((s) => s.file);
  let relations: Relation[] = [];
  try {
    relations = applyMigrations(parseChanged(stamped, parser, origin), origin);
  } catch (error) {
    origin.unreadable.push({ file: source.migrationsDir ?? source.root, message: (error as Error).message });
  }
  if (types) {
    try {
      relations = merge(relations, readTypesFile(types.file, readFileSync(types.file, 'utf8')));
    } catch (error) {
      origin.unreadable.push({ file: types.file, message: (error as Error).message });
    }
  }
  origin.loadMs = Math.round(performance.now() - started);
  return new DatabaseSchema(origin, relations);
}

interface CacheEntry {
  checkedAt: number;
  fingerprint: string;
  schema: DatabaseSchema;
}

const schemas = new Map<string, CacheEntry>();

function sourceOf(options: LoadSchemaOptions): SchemaSource | undefined {
  if (options.schema !== undefined) return resolveSchemaSetting(options.schema, options.cwd ?? process.cwd());
  return options.from ? findSchemaSource(options.from, options.recheckMs) : undefined;
}

/**
 * The project's `supabase/config.toml` (its `[api] max_rows` caps every read):
 * beside the migrations folder, else in the project folder. Part of the cache
 * key whether or not it exists.
 */
function configFileOf(source: SchemaSource): string {
  const supabaseDir = source.migrationsDir ?? source.sqlDirs?.find((dir) => path.basename(dir) === 'schemas');
  return supabaseDir
    ? path.join(path.dirname(supabaseDir), 'config.toml')
    : path.join(source.root, 'supabase', 'config.toml');
}

/** Every file a source's schema is read from, stamped: the migrations, the types file, config.toml. */
interface Inputs {
  listed: Listed;
  stamped: Stamped[];
  types: Stamped | undefined;
  all: Stamped[];
}

function inputsOf(source: SchemaSource): Inputs {
  const listed = migrationFiles(source);
  const stamped = listed.files.map(stampOf);
  const types = source.typesFile ? stampOf(source.typesFile) : undefined;
  return { listed, stamped, types, all: [...stamped, ...(types ? [types] : []), stampOf(configFileOf(source))] };
}

/**
 * What names a source in the disk cache: the files it is read from (the same
 * files under another folder are another project). Not its root: ESLint finds
 * a project from a file and the CLI names its migrations folder, and both read
 * one schema; the root a report shows is the asker's own (set on reading).
 */
function identityOf(source: SchemaSource): string {
  return JSON.stringify([
    source.migrationsDir,
    source.baseDirs,
    source.sqlDirs,
    source.sqlFiles,
    source.typesFile,
    source.problems,
  ]);
}

/** The disk cache for a source, or undefined when it is off or the source's files cannot all be read. */
function diskCacheFor(source: SchemaSource, options: LoadSchemaOptions, inputs: Inputs) {
  if (inputs.listed.problem || source.problems) return undefined;
  const dir = schemaCacheDir(source.root, options.cache, options.cwd ?? process.cwd());
  if (!dir) return undefined;
  const cache = new SchemaDiskCache(dir, identityOf(source));
  const key = cache.key(inputs.all);
  return key === undefined ? undefined : { cache, key };
}

/** The schema from the disk cache, else parsed (and then written to the cache when it read every file). */
function loadFresh(source: SchemaSource, options: LoadSchemaOptions, inputs: Inputs, parser: () => SqlParser) {
  const started = performance.now();
  const disk = diskCacheFor(source, options, inputs);
  const cached = disk?.cache.read(disk.key);
  if (cached) {
    cached.origin.root = source.root;
    if (source.unread) cached.origin.unread = source.unread;
    else delete cached.origin.unread;
    cached.origin.loadMs = Math.round(performance.now() - started);
    return cached;
  }
  const schema = build(source, inputs.stamped, inputs.types, parser);
  if (inputs.listed.problem) schema.origin.unreadable.unshift(inputs.listed.problem);
  schema.origin.notMigrations = inputs.listed.notMigrations;
  // a file that could not be read, or a parser that did not start, is not a fact to keep
  if (disk && schema.origin.unreadable.length === 0) disk.cache.write(disk.key, schema);
  return schema;
}

function load(options: LoadSchemaOptions, parser: () => SqlParser): DatabaseSchema | undefined {
  const source = sourceOf(options);
  if (!source) return undefined;
  const key = identityOf(source);
  const cached = schemas.get(key);
  const now = Date.now();
  if (cached && now - cached.checkedAt < (options.recheckMs ?? 1000)) return cached.schema;
  const inputs = inputsOf(source);
  const fingerprint = JSON.stringify(inputs.all);
  if (cached && cached.fingerprint === fingerprint) {
    cached.checkedAt = now;
    return cached.schema;
  }
  const schema = loadFresh(source, options, inputs, parser);
  schemas.set(key, { checkedAt: now, fingerprint, schema });
  return schema;
}

/**
 * A key that changes whenever the schema found for `options` may change: a
 * hash of the migrations', types file's and config.toml's content (and of this
 * loader's version), or `none` when there is no schema. ESLint's `--cache`
 * keys each file's results on its config, settings included, but never reads
 * the migrations: a setting that holds this key makes an edited migration
 * invalidate the cached results (docs/schema.md).
 */
export function schemaCacheKey(options: Omit<LoadSchemaOptions, 'recheckMs'> = {}): string {
  const source = sourceOf({ ...options, from: options.from ?? options.cwd ?? process.cwd(), recheckMs: 0 });
  if (!source) return 'none';
  const inputs = inputsOf(source);
  const disk = diskCacheFor(source, options, inputs);
  if (disk) return disk.key;
  // no disk cache (or a file that cannot be read): hash what can be hashed, and say what could not
  const found = contentKey(identityOf(source), inputs.all);
  return found?.key ?? `unreadable-${Date.now()}`;
}

/**
 * The schema for a file or for explicit paths, or undefined when none is found.
 * Never throws: unreadable files, a parser that cannot start and statements the
 * parser rejects are listed in `schema.origin`.
 */
export async function loadSchema(options: LoadSchemaOptions): Promise<DatabaseSchema | undefined> {
  let parser: SqlParser | undefined;
  // the parser's WebAssembly (and its set-up) only when there is SQL to parse: a
  // schema held in memory or on disk is read back without it
  if (wouldParse(options)) {
    try {
      parser = await loadSqlParser();
    } catch {
      parser = undefined;
    }
  }
  return load(options, () => parser ?? sqlParserSync());
}

/** Whether loading the schema for `options` parses SQL: it is neither in memory (unchanged) nor on disk. */
function wouldParse(options: LoadSchemaOptions): boolean {
  const source = sourceOf(options);
  if (!source) return false;
  const inputs = inputsOf(source);
  const cached = schemas.get(identityOf(source));
  if (cached && cached.fingerprint === JSON.stringify(inputs.all)) return false;
  const disk = diskCacheFor(source, options, inputs);
  return !disk?.cache.has(disk.key);
}

/** `loadSchema` for a caller that cannot await (an ESLint rule): parses in a worker thread when needed. */
export function loadSchemaSync(options: LoadSchemaOptions): DatabaseSchema | undefined {
  return load(options, sqlParserSync);
}

/** Forgets every schema and parsed file cached in this process (tests); the disk cache stays. */
export function clearSchemaCache(): void {
  schemas.clear();
  parsedFiles.clear();
}
