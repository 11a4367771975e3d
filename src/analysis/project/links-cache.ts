/**
 * What each module's text says of its links (imports.ts: the kinds of facts
 * its own text may hold, the specifiers it imports and re-exports from, before
 * they are resolved), kept on disk for the next process: a text gate that asks
 * whether a file calls into a module that may reach a request follows the
 * project's imports, and the first process to follow them read every module on
 * the way (its text, six scans of it); the next reads one index instead.
 *
 * One index a project and cache folder (`links/<hash>.json` in the schema
 * cache's folder, a hash of the project's root and the facts' version: a
 * rebuilt analysis never reads what an older one wrote), an entry per module keyed by its path, size and modification time,
 * as the process's own copy is (imports.ts linksCached): a module whose size or
 * time changed is read again. Specifiers are kept unresolved: which file one
 * names is asked of the file system each time (resolve.ts). New entries are
 * written back a second after they are made, and when the process exits,
 * merged with what other processes wrote meanwhile, through a temporary file
 * and a rename; an index that does not read as one is ignored and written
 * again; a folder that cannot be written is not an error.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { schemaCacheDir } from '../../schema/disk-cache.js';
import { readJson, writeAtomically } from '../../utils/cache-files.js';
import { factsCacheVersion } from './disk-cache.js';
import { onClearProjectIndex, projectRoot } from './index.js';

/** A module's links as its text gives them. */
export interface TextLinks {
  /** The kinds of facts (imports.ts ImportedFacts) the module's own text may hold. */
  holds: readonly string[];
  /** The specifiers it re-exports from, then those it imports from, unresolved. */
  reexports: readonly string[];
  imports: readonly string[];
}

/** An entry on disk: size, modification time, then the links. */
type Stored = [size: number, mtimeMs: number, holds: string[], reexports: string[], imports: string[]];

/** Entries kept in one index: past it the oldest go (each costs about 200 bytes). */
const MAX_ENTRIES = 20_000;

/** How long new entries wait before they are written (a burst of lints writes once). */
const FLUSH_MS = 1000;

interface Index {
  file: string;
  entries: Map<string, Stored>;
  added: Map<string, Stored>;
}

const indexes = new Map<string, Index>();

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

function isStored(value: unknown): value is Stored {
  return (
    Array.isArray(value) &&
    value.length === 5 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    isStrings(value[2]) &&
    isStrings(value[3]) &&
    isStrings(value[4])
  );
}

/** The entries of an index file of this version; none when it is missing, of another version or not an index. */
function readIndex(file: string): Map<string, Stored> {
  const value = readJson(file);
  const entries = new Map<string, Stored>();
  if (typeof value !== 'object' || value === null) return entries;
  const { version, modules } = value as { version?: unknown; modules?: unknown };
  if (version !== factsCacheVersion() || typeof modules !== 'object' || modules === null) return entries;
  for (const [module, stored] of Object.entries(modules as Record<string, unknown>))
    if (isStored(stored)) entries.set(module, stored);
  return entries;
}

/** Each folder's project root (index.ts projectRoot), asked once a folder. */
const roots = new Map<string, string>();

/** Folders whose root is kept: past it the map starts again. */
const MAX_ROOTS = 10_000;

function rootOf(dir: string): string {
  let root = roots.get(dir);
  if (root === undefined) {
    if (roots.size >= MAX_ROOTS) roots.clear();
    root = projectRoot(path.join(dir, 'x'));
    roots.set(dir, root);
  }
  return root;
}

/** Each folder's index file, by the cache folder and the folder (its root and the version name the file). */
const indexFiles = new Map<string, string>();

/**
 * The index that keeps `module`'s links, read on first ask; null when the
 * cache is off. One a project (its root) and version, so that a cache folder
 * shared by many projects never makes a process read the others' modules.
 */
function indexOf(module: string): Index | null {
  const dir = path.dirname(module);
  const cacheDir = schemaCacheDir(dir, undefined, process.cwd());
  if (cacheDir === undefined) return null;
  // the index file of a folder's modules, named once a folder and cache folder: each module's lookup hashed its name
  const named = `${cacheDir}\0${dir}`;
  let file = indexFiles.get(named);
  if (file === undefined) {
    if (indexFiles.size >= MAX_ROOTS) indexFiles.clear();
    file = path.join(cacheDir, 'links', `${sha1(`${factsCacheVersion()}\0${rootOf(dir)}`).slice(0, 16)}.json`);
    indexFiles.set(named, file);
  }
  let index = indexes.get(file);
  if (!index) {
    index = { file, entries: readIndex(file), added: new Map() };
    indexes.set(file, index);
  }
  return index;
}

/** The links kept for `module` at this size and time; undefined when none are. */
export function readCachedLinks(module: string, size: number, mtimeMs: number): TextLinks | undefined {
  const stored = indexOf(module)?.entries.get(module);
  if (stored?.[0] !== size || stored[1] !== mtimeMs) return undefined;
  return { holds: stored[2], reexports: stored[3], imports: stored[4] };
}

/** Writes every index with new entries, merged with what is on disk now (another process's entries kept). */
export function flushCachedLinks(): void {
  for (const index of indexes.values()) {
    if (index.added.size === 0) continue;
    const merged = readIndex(index.file);
    for (const [module, stored] of index.added) {
      merged.delete(module);
      merged.set(module, stored);
    }
    index.added.clear();
    // the oldest written go first
    const over = merged.size - MAX_ENTRIES;
    if (over > 0) for (const module of [...merged.keys()].slice(0, over)) merged.delete(module);
    writeAtomically(index.file, JSON.stringify({ version: factsCacheVersion(), modules: Object.fromEntries(merged) }));
  }
}

let flushing: ReturnType<typeof setTimeout> | undefined;
let exitHooked = false;

function scheduleFlush(): void {
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', flushCachedLinks);
  }
  if (flushing) return;
  flushing = setTimeout(() => {
    flushing = undefined;
    flushCachedLinks();
  }, FLUSH_MS);
  flushing.unref();
}

/** Keeps `module`'s links at this size and time, for this process and the next. */
export function writeCachedLinks(module: string, size: number, mtimeMs: number, links: TextLinks): void {
  const index = indexOf(module);
  if (!index) return;
  const stored: Stored = [size, mtimeMs, [...links.holds], [...links.reexports], [...links.imports]];
  if (index.entries.size >= MAX_ENTRIES && !index.entries.has(module)) {
    const oldest = index.entries.keys().next().value;
    if (oldest !== undefined) index.entries.delete(oldest);
  }
  index.entries.set(module, stored);
  index.added.set(module, stored);
  scheduleFlush();
}

// the next process, as the tests see it: what is on disk is read again
onClearProjectIndex(() => {
  flushCachedLinks();
  indexes.clear();
  indexFiles.clear();
  roots.clear();
});
