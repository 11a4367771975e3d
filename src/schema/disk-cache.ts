/**
 * The loaded schema on disk, shared by every process that lints or rewrites the
 * same project: ESLint's workers, CI shards, the editor, the audit and the
 * codemods read it back in milliseconds instead of parsing every migration.
 *
 * Two kinds of file in one folder:
 * - `schema-<key>.json`: a schema, `DatabaseSchema.toJSON()`, under its content
 *   key: a hash of the cache version, the source's paths, and the content of
 *   every migration file, the types file and `supabase/config.toml` (a missing
 *   file counts as missing). Written once, never changed.
 * - `source-<hash of the paths>.json`: per source, each input file's size and
 *   modification time with its content hash, and the key they gave. A file whose
 *   size and time are unchanged is not read again; one that changed is hashed;
 *   only when a content hash changed is the key different (a fresh `git
 *   checkout` touches every time and still finds the schema).
 *
 * The version is the package's version, SCHEMA_CACHE_FORMAT, and the sizes and
 * times of this folder's own modules (a rebuilt loader never reads what an
 * older one wrote). A file of another version, unreadable, truncated or of the
 * wrong shape is ignored and written again; a folder that cannot be written is
 * not an error: the schema is then simply not cached. Files are written to a
 * temporary name and renamed, so a reader never sees half a file, whatever
 * other processes write at the same time.
 *
 * Where: the setting's folder, else SUPABASE_SCALE_SCHEMA_CACHE (a folder, or
 * `off`), else `node_modules/.cache/supabase-scale` in the nearest
 * `node_modules` above the project, else the OS cache folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { pruneFolder, readJson, writeAtomically } from '../utils/cache-files.js';
import { packageRoot } from '../utils/package-root.js';
import { DatabaseSchema, type Relation, type SchemaOrigin } from './model.js';

/** Bumped whenever what a cached schema holds changes shape (the model, the origin). */
export const SCHEMA_CACHE_FORMAT = 2;

/** The environment variable that names the cache folder, or turns the cache off (`off`, `false`, `0`). */
export const SCHEMA_CACHE_ENV = 'SUPABASE_SCALE_SCHEMA_CACHE';

/** `false`: no disk cache; a folder (relative to the working folder); undefined: the default places. */
export type SchemaCacheSetting = false | string | undefined;

/** One file the schema is read from, with its stamp (`size:mtime`, or `error:...` when it cannot be stat'ed). */
export interface CacheInput {
  file: string;
  stamp: string;
}

interface HashedInput extends CacheInput {
  /** The content's hash, or `missing` for a file that does not exist. */
  sha: string;
}

interface SourceIndex {
  version: string;
  inputs: HashedInput[];
  key: string;
}

interface CachedSchema {
  version: string;
  key: string;
  origin: SchemaOrigin;
  relations: Relation[];
}

/** How many schemas a cache folder keeps (each edit of a migration makes a new one). */
const KEEP_SCHEMAS = 24;
/** How many source indexes a cache folder keeps. */
const KEEP_SOURCES = 64;

const sha1 = (text: string | Buffer): string => createHash('sha1').update(text).digest('hex');

let version: string | undefined;

/** The cache version: the package's version, the format, and this folder's modules (their names, sizes and times). */
export function schemaCacheVersion(): string {
  if (version !== undefined) return version;
  const { code, version: packageVersion } = packageRoot();
  const here = path.join(code, 'schema');
  let modules = '';
  try {
    // the modules that run (not their declarations or source maps): a stat each
    for (const name of readdirSync(here).sort()) {
      if (!/\.[cm]?[jt]s$/.test(name) || /\.d\.[cm]?ts$/.test(name)) continue;
      const stat = statSync(path.join(here, name));
      modules += `${name}:${stat.size}:${stat.mtimeMs};`;
    }
  } catch {
    modules = 'unknown';
  }
  version = `${packageVersion}+${SCHEMA_CACHE_FORMAT}+${sha1(modules).slice(0, 12)}`;
  return version;
}

function isDirectory(dir: string): boolean {
  let stat: Stats | undefined;
  try {
    stat = statSync(dir);
  } catch {
    return false;
  }
  return stat.isDirectory();
}

/** The OS's cache folder for this tool; undefined when the home folder is unknown. */
function osCacheDir(): string | undefined {
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'supabase-scale');
  if (process.platform === 'win32')
    return path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'supabase-scale', 'Cache');
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'supabase-scale');
}

const nodeModulesCache = new Map<string, string | undefined>();

/** `node_modules/.cache/supabase-scale` in the nearest `node_modules` at or above `root`. */
function nodeModulesCacheDir(root: string): string | undefined {
  if (nodeModulesCache.has(root)) return nodeModulesCache.get(root);
  let found: string | undefined;
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    if (isDirectory(path.join(dir, 'node_modules'))) {
      found = path.join(dir, 'node_modules', '.cache', 'supabase-scale');
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  nodeModulesCache.set(root, found);
  return found;
}

/** The cache folder for a project at `root`, or undefined when the cache is off. */
export function schemaCacheDir(root: string, setting: SchemaCacheSetting, cwd: string): string | undefined {
  if (setting === false) return undefined;
  if (typeof setting === 'string') return path.resolve(cwd, setting);
  const env = process.env[SCHEMA_CACHE_ENV];
  if (env !== undefined && env.trim() !== '') {
    return /^(off|false|0|no)$/i.test(env.trim()) ? undefined : path.resolve(cwd, env.trim());
  }
  return nodeModulesCacheDir(root) ?? osCacheDir();
}

/** The content hash of a file, `missing` when it does not exist, undefined when it cannot be read. */
function hashFile(file: string): string | undefined {
  try {
    return sha1(readFileSync(file));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : undefined;
  }
}

function isSourceIndex(value: unknown): value is SourceIndex {
  if (typeof value !== 'object' || value === null) return false;
  const index = value as Partial<SourceIndex>;
  return (
    typeof index.version === 'string' &&
    typeof index.key === 'string' &&
    Array.isArray(index.inputs) &&
    index.inputs.every(
      (input: Partial<HashedInput> | null) =>
        typeof input?.file === 'string' && typeof input.stamp === 'string' && typeof input.sha === 'string',
    )
  );
}

const isArray = (value: unknown): value is unknown[] => Array.isArray(value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A relation as the queries read it: what they index and iterate is there (a file of the right version can still have been edited). */
function isRelation(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const { schema, name, columns, keys, relationships, sources } = value;
  return (
    typeof schema === 'string' &&
    typeof name === 'string' &&
    (columns === null || (isArray(columns) && columns.every((c) => isRecord(c) && typeof c.name === 'string'))) &&
    isArray(keys) &&
    keys.every((k) => isRecord(k) && isArray(k.columns)) &&
    isArray(relationships) &&
    relationships.every((r) => isRecord(r) && isArray(r.columns)) &&
    isArray(sources)
  );
}

/** The origin's lists the rules and reports read. */
function isOrigin(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const lists = ['files', 'notMigrations', 'skipped', 'unresolved', 'unreadable'] as const;
  return typeof value.root === 'string' && lists.every((list) => isArray(value[list]));
}

function isCachedSchema(value: unknown, key: string): value is CachedSchema {
  if (!isRecord(value)) return false;
  return (
    value.version === schemaCacheVersion() &&
    value.key === key &&
    isOrigin(value.origin) &&
    isArray(value.relations) &&
    value.relations.every(isRelation)
  );
}

/**
 * The content key of a source: `identity` names it (its paths), `inputs` are
 * every file it is read from, stamped. With `previous` (the last index), a file
 * whose stamp is unchanged is not read. Undefined when a file exists but cannot
 * be read (nothing then may be cached under its name).
 */
export function contentKey(
  identity: string,
  inputs: readonly CacheInput[],
  previous?: SourceIndex,
): { key: string; inputs: HashedInput[] } | undefined {
  const known = new Map((previous?.version === schemaCacheVersion() ? previous.inputs : []).map((i) => [i.file, i]));
  const hashed: HashedInput[] = [];
  for (const input of inputs) {
    const before = known.get(input.file);
    const sha = before?.stamp === input.stamp ? before.sha : hashFile(input.file);
    if (sha === undefined) return undefined;
    hashed.push({ ...input, sha });
  }
  const key = sha1(JSON.stringify([schemaCacheVersion(), identity, hashed.map((h) => [h.file, h.sha])]));
  return { key, inputs: hashed };
}

/** A project's schema cache in one folder. */
export class SchemaDiskCache {
  private readonly indexFile: string;

  constructor(
    readonly dir: string,
    private readonly identity: string,
  ) {
    this.indexFile = path.join(dir, `source-${sha1(identity).slice(0, 24)}.json`);
  }

  /** The content key of the inputs, hashing only the files whose stamp changed since the last index. */
  key(inputs: readonly CacheInput[]): string | undefined {
    const read = readJson(this.indexFile);
    const previous = isSourceIndex(read) ? read : undefined;
    const found = contentKey(this.identity, inputs, previous);
    if (!found) return undefined;
    const same =
      previous?.version === schemaCacheVersion() &&
      previous.key === found.key &&
      JSON.stringify(previous.inputs) === JSON.stringify(found.inputs);
    if (!same) {
      const index: SourceIndex = { version: schemaCacheVersion(), inputs: found.inputs, key: found.key };
      if (writeAtomically(this.indexFile, JSON.stringify(index))) pruneFolder(this.dir, 'source-', KEEP_SOURCES);
    }
    return found.key;
  }

  private schemaFile(key: string): string {
    return path.join(this.dir, `schema-${key}.json`);
  }

  /** Whether a schema is stored under `key` (a file there; `read` still checks it is one of this version). */
  has(key: string): boolean {
    return existsSync(this.schemaFile(key));
  }

  /** The schema stored under `key`, or undefined (none, another version, or a file that does not read as one). */
  read(key: string): DatabaseSchema | undefined {
    const file = this.schemaFile(key);
    const cached = readJson(file);
    if (!isCachedSchema(cached, key)) return undefined;
    return new DatabaseSchema({ ...cached.origin, fromCache: file }, cached.relations);
  }

  /** Stores a schema under `key`; false when the folder cannot be written. */
  write(key: string, schema: DatabaseSchema): boolean {
    const cached: CachedSchema = {
      version: schemaCacheVersion(),
      key,
      // only a schema just parsed is written; `fromCache` would name the file it was read from
      origin: { ...schema.origin, fromCache: undefined },
      relations: [...schema.relations.values()],
    };
    const written = writeAtomically(this.schemaFile(key), JSON.stringify(cached));
    if (written) pruneFolder(this.dir, 'schema-', KEEP_SCHEMAS);
    return written;
  }
}
