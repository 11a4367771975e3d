/**
 * Function facts on disk, shared by every process that reads the same
 * modules: an editor after a restart, each ESLint worker of `--concurrency`,
 * CI shards, the audit and the codemods read another module's facts back
 * (a JSON file) instead of parsing the module, which costs 10-100 ms of CPU a
 * module and used to land on whichever lint first imported it.
 *
 * A module's entry is keyed by a hash of the cache version, its absolute path
 * and its content: an edited file has another key (its old entry is never
 * read again), so there is nothing to invalidate. The version is the
 * package's version, FACTS_VERSION, and the names, sizes and times of the
 * analysis modules that compute the facts (a rebuilt analysis never reads
 * what an older one wrote). An entry that does not read as facts (truncated,
 * another shape) is ignored and written again; a folder that cannot be
 * written is not an error: the facts are then simply not kept. Entries are
 * written to a temporary name and renamed, so a reader never sees half a
 * file.
 *
 * Where: `facts/` in the schema cache's folder (SUPABASE_SCALE_SCHEMA_CACHE, a
 * folder or `off`; else `node_modules/.cache/supabase-scale` in the nearest
 * `node_modules` above the module, else the OS cache folder), in 256 shards
 * of at most KEEP_PER_SHARD entries each (the oldest written go first).
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { schemaCacheDir } from '../../schema/disk-cache.js';
import { pruneFolder, readJson, writeAtomically } from '../../utils/cache-files.js';
import { packageRoot } from '../../utils/package-root.js';
import { FACTS_VERSION, type ModuleFacts } from './facts.js';

/** Entries kept in one shard folder: 256 shards make about 16,000 modules. */
const KEEP_PER_SHARD = 64;

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

let version: string | undefined;

/** Names in code-unit order: stable, and without the collator localeCompare loads (about 9 ms, once a process). */
const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** A module of the analysis: code that runs (`.js`, or `.ts` under src/), not its declarations or maps. */
const MODULE = /\.[cm]?[jt]s$/;

/**
 * The stamps (name, size, time) of the modules under `dir`, recursively, in a
 * stable order. Computed once a process, in the first lint that reads a
 * module's facts or links: each file is a stat (a declaration file, which
 * runs nothing, is not one).
 */
function stamps(dir: string): string {
  let out = '';
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort(byName)) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out += `${entry.name}/{${stamps(full)}}`;
    else if (MODULE.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) {
      const stat = statSync(full);
      out += `${entry.name}:${stat.size}:${stat.mtimeMs};`;
    }
  }
  return out;
}

/** The cache version: the package's version, the facts' shape, and the analysis modules that compute them. */
export function factsCacheVersion(): string {
  if (version !== undefined) return version;
  const { code, version: packageVersion } = packageRoot();
  const analysis = path.join(code, 'analysis');
  let modules: string;
  try {
    modules = stamps(analysis);
  } catch {
    modules = 'unknown';
  }
  version = `${packageVersion}+${FACTS_VERSION}+${sha1(modules).slice(0, 12)}`;
  return version;
}

interface CachedFacts {
  version: string;
  file: string;
  facts: ModuleFacts;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Facts as the lookups read them: what they index and iterate is there. */
function isCachedFacts(value: unknown, file: string): value is CachedFacts {
  if (!isRecord(value) || value.version !== factsCacheVersion() || value.file !== file) return false;
  const facts = value.facts;
  return (
    isRecord(facts) &&
    facts.file === file &&
    isRecord(facts.functions) &&
    isRecord(facts.exports) &&
    ['calls', 'exportAll', 'triggers', 'deletes', 'deleteListeners'].every((list) => Array.isArray(facts[list]))
  );
}

/** The file an entry of `file` with this content is kept in, or undefined when the cache is off. */
function entryFile(file: string, text: string): string | undefined {
  const dir = schemaCacheDir(path.dirname(file), undefined, process.cwd());
  if (dir === undefined) return undefined;
  const key = sha1(`${factsCacheVersion()}\0${file}\0${text}`);
  return path.join(dir, 'facts', key.slice(0, 2), `${key}.json`);
}

/** The facts stored for `file` with this content, or undefined (none, another version, or not facts). */
export function readCachedFacts(file: string, text: string): ModuleFacts | undefined {
  const entry = entryFile(file, text);
  if (entry === undefined) return undefined;
  const value = readJson(entry);
  return isCachedFacts(value, file) ? value.facts : undefined;
}

/** Keeps the facts of `file` with this content; false when the cache is off or its folder cannot be written. */
export function writeCachedFacts(file: string, text: string, facts: ModuleFacts): boolean {
  const entry = entryFile(file, text);
  if (entry === undefined) return false;
  const cached: CachedFacts = { version: factsCacheVersion(), file, facts };
  if (!writeAtomically(entry, JSON.stringify(cached))) return false;
  // the entries of one shard (no other file is kept there)
  pruneFolder(path.dirname(entry), '', KEEP_PER_SHARD);
  return true;
}
