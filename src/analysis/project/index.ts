/**
 * The project index: each module's function facts, read once per process and
 * kept while the file is unchanged (keyed by path, size and mtime: the same
 * whichever file asked first), and the way from a call to the function it
 * runs, in this module or through imports and re-exports. The file being
 * linted gives its facts from its own AST (one walk per lint, shared by every
 * rule through the SourceCode object), so unsaved editor text is what counts.
 * A module on disk is parsed for its facts once per content on this machine:
 * the facts are kept on disk (disk-cache.ts), and the next process reads them.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../detector.js';
import { parseForAnalysis } from '../run.js';
import type { Callee, ExportFact, FunctionFacts, ModuleFacts } from './facts.js';
import { readCachedFacts, writeCachedFacts } from './disk-cache.js';
import { moduleFacts } from './module-facts.js';
import { resolveModule } from './resolve.js';

/** A module larger than this (generated code, a bundle) is not read: what it does is unknown. */
const MAX_MODULE_BYTES = 512 * 1024;

/** Re-exports followed from one name to the module that declares it. */
const MAX_REEXPORT_HOPS = 8;

/** The modules kept in memory; past it the oldest are dropped (an editor session over a huge monorepo). */
const MAX_CACHED_MODULES = 4000;

interface Entry {
  size: number;
  mtimeMs: number;
  facts: ModuleFacts | null;
}

const modules = new Map<string, Entry>();

/** Facts of the linted file, by its SourceCode's AST: every rule of one lint shares them. */
const ownFacts = new WeakMap<object, ModuleFacts>();

/** Files parsed for their facts alone (not from a lint's own AST) since the last clearProjectIndex(). */
const parsedAlone: string[] = [];

/** The files parsed for their facts alone, in order: the audit's one-parse test reads it. */
export function factParses(): readonly string[] {
  return parsedAlone;
}

/** How many lints walked their own AST for the file's facts (not read back from the disk cache) since the last clear. */
let walkedOwn = 0;

/** How many lints walked their file for its facts since the last clearProjectIndex() (the disk cache's tests read it). */
export function ownFactWalks(): number {
  return walkedOwn;
}

function parseModule(file: string, text: string): ModuleFacts | null {
  const cached = readCachedFacts(file, text);
  if (cached) return cached;
  parsedAlone.push(file);
  // parsed as a lint parses it, without running one: only the facts' own walk
  const parsed = parseForAnalysis(text, file);
  const facts = parsed ? moduleFacts(parsed.context, parsed.ast, file) : null;
  if (facts) writeCachedFacts(file, text, facts);
  return facts;
}

/** The facts of a module on disk; null when it cannot be read or parsed, or is too large to be code by hand. */
export function factsOfFile(file: string): ModuleFacts | null {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return null;
  }
  const hit = modules.get(file);
  if (hit?.size === stat.size && hit.mtimeMs === stat.mtimeMs) return hit.facts;
  let facts: ModuleFacts | null = null;
  if (stat.size <= MAX_MODULE_BYTES) {
    try {
      facts = parseModule(file, readFileSync(file, 'utf8'));
    } catch {
      facts = null;
    }
  }
  if (modules.size >= MAX_CACHED_MODULES) {
    const oldest = modules.keys().next().value;
    if (oldest !== undefined) modules.delete(oldest);
  }
  modules.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, facts });
  return facts;
}

/** The facts of the file being analysed, from its own AST. */
export function factsOfSource(
  sourceCode: AnalysisContext & { ast: TSESLint.SourceCode['ast'] },
  file: string,
): ModuleFacts {
  const cached = ownFacts.get(sourceCode.ast);
  if (cached) return cached;
  // facts already kept for this path with this very text (keyed by its content: an edited text misses) are the
  // facts of this walk (test/analysis/facts-parse.ts holds a parse alone to a lint's): read, not walked again
  const stored = readCachedFacts(file, sourceCode.text);
  if (!stored) walkedOwn += 1;
  const facts = stored ?? moduleFacts(sourceCode, sourceCode.ast, file);
  ownFacts.set(sourceCode.ast, facts);
  // the file as it is on disk: another file that imports it reads these facts instead of parsing it again
  try {
    const stat = statSync(file);
    if (stat.size === Buffer.byteLength(sourceCode.text) && readFileSync(file, 'utf8') === sourceCode.text) {
      modules.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, facts });
      // and so does the next process, unless it is there already
      if (!stored) writeCachedFacts(file, sourceCode.text, facts);
    }
  } catch {
    // not on disk (a stand-in name, stdin): nothing to share
  }
  return facts;
}

/** A module that declares and exports nothing: the starting point of a lookup from a file's imports alone. */
export function emptyModule(file: string): ModuleFacts {
  return { file, functions: {}, calls: [], exports: {}, exportAll: [], triggers: [], deletes: [], deleteListeners: [] };
}

/** A function of the project, with the module that declares it. */
export interface ResolvedFunction {
  module: ModuleFacts;
  facts: FunctionFacts;
}

/** What `module` exports as `name`, followed through re-exports to the module that declares it. */
export function findExport(
  module: ModuleFacts,
  name: string,
  hops = 0,
): { module: ModuleFacts; fact: ExportFact } | null {
  const fact = module.exports[name];
  if (fact?.kind === 'reexport') {
    if (hops >= MAX_REEXPORT_HOPS) return null;
    const file = resolveModule(module.file, fact.source);
    const target = file && factsOfFile(file);
    return target ? findExport(target, fact.name, hops + 1) : null;
  }
  if (fact) return { module, fact };
  if (name === 'default' || hops >= MAX_REEXPORT_HOPS) return null;
  for (const source of module.exportAll) {
    const file = resolveModule(module.file, source);
    const target = file && factsOfFile(file);
    const found = target && findExport(target, name, hops + 1);
    if (found) return found;
  }
  return null;
}

/**
 * The function a call runs: a function of `from`, or an exported function or
 * method of the module an import names (through re-exports). Null when it
 * cannot be resolved: unknown.
 */
export function resolveCallee(from: ModuleFacts, callee: Callee): ResolvedFunction | null {
  if (callee.kind === 'local') {
    if (callee.factory !== undefined && !from.factories?.[callee.key.split('.')[0]!]?.includes(callee.factory))
      return null;
    const facts = from.functions[callee.key];
    return facts ? { module: from, facts } : null;
  }
  const file = resolveModule(from.file, callee.source);
  const target = file && factsOfFile(file);
  if (!target) return null;
  const found = findExport(target, callee.name);
  if (!found) return null;
  const { module, fact } = found;
  let key: string | undefined;
  if (callee.member === null && fact.kind === 'function') key = fact.key;
  else if (callee.member !== null && fact.kind === 'object') {
    // a method called on what a static method returns: only one of the class's factories hands back its instance
    if (callee.factory === undefined || fact.factories?.includes(callee.factory)) key = fact.methods[callee.member];
  }
  const facts = key === undefined ? undefined : module.functions[key];
  return facts ? { module, facts } : null;
}

/** How long a folder's markers are kept: an editor's project changes, a lint run's does not. */
const MARKERS_TTL_MS = 2000;

/** Each folder's nearest `.git` and `package.json` at or above it; a folder past the TTL is asked again. */
const markers = new Map<string, { at: number; git: string | null; pkg: string | null }>();

/** The folders kept; past it the memory starts again. */
const MAX_MARKED = 10_000;

function markersOf(dir: string, now: number): { git: string | null; pkg: string | null } {
  const hit = markers.get(dir);
  if (hit && now - hit.at < MARKERS_TTL_MS) return hit;
  const has = (name: string) => {
    try {
      return statSync(path.join(dir, name), { throwIfNoEntry: false }) !== undefined;
    } catch {
      return false;
    }
  };
  const git = has('.git') ? dir : null;
  // a folder's answer is its own markers, else its parent's: the folders of one tree share the walk up
  const parent = path.dirname(dir) === dir || git !== null ? null : markersOf(path.dirname(dir), now);
  const pkg = git === null && has('package.json') ? dir : (parent?.pkg ?? null);
  const found = { at: now, git: git ?? parent?.git ?? null, pkg };
  if (markers.size >= MAX_MARKED) markers.clear();
  markers.set(dir, found);
  return found;
}

/** The folder the project's code lives under: the git work tree's top, else the nearest package.json's folder. */
export function projectRoot(file: string): string {
  const { git, pkg } = markersOf(path.dirname(file), Date.now());
  return git ?? pkg ?? path.dirname(file);
}

/** How a message names a place: `src/lib/orders.ts:12`, relative to `cwd`. */
export function placeOf(file: string, line: number, cwd: string): string {
  const relative = path.relative(cwd, file);
  const shown = relative === '' || relative.startsWith('..') ? file : relative;
  return `${shown.split(path.sep).join('/')}:${line}`;
}

const clearHooks: (() => void)[] = [];

/** What else to forget with the index: another module's copies of the project's files (callers.ts). */
export function onClearProjectIndex(clear: () => void): void {
  clearHooks.push(clear);
}

/** Forgets every module read (tests that rewrite files in place faster than the mtime moves). */
export function clearProjectIndex(): void {
  modules.clear();
  markers.clear();
  parsedAlone.length = 0;
  walkedOwn = 0;
  for (const clear of clearHooks) clear();
}
