/**
 * A file's imports read from its text, before it is parsed: the text gates
 * ask whether a file calls a function of another module that does what a rule
 * reports (sends requests, subscribes a channel and drops its remover, takes
 * a Postgres Changes filter, returns an unbounded query builder). A file that
 * spells no such request itself may still hold a finding through one.
 */
import { readFileSync, statSync } from 'node:fs';
import type { FunctionFacts } from './facts.js';
import {
  emptyModule,
  factsOfFile,
  findExport,
  onClearProjectIndex,
  type ResolvedFunction,
  resolveCallee,
} from './index.js';
import { readCachedLinks, type TextLinks, writeCachedLinks } from './links-cache.js';
import { resolveModule } from './resolve.js';
import { mayHoldSelectRead } from '../postgrest/select-gate.js';
import { mayCallSubscribe, mayHoldRpc, mayHoldWriteRequest } from '../text-gates.js';

/** `import { a, b as c } from 'x'`, `import d from 'x'`, `import * as ns from 'x'`, `export ... from` is not a use. */
const IMPORT = /\bimport\s+(?:type\s+)?([^'";]*?)\s+from\s*['"]([^'"\n]+)['"]/g;
/** `const { a, b: c } = require('x')`, `const d = require('x')`. */
const REQUIRE = /\b(?:const|let|var)\s+([\w$]+|\{[^}]*\})\s*=\s*require\(\s*['"]([^'"\n]+)['"]\s*\)/g;

export interface Binding {
  /** The name the file uses. */
  local: string;
  source: string;
  /** The exported name, `default`, or `*` for a namespace (its members are looked up when used). */
  imported: string;
}

function namedList(list: string, separator: RegExp): { imported: string; local: string }[] {
  return list
    .split(',')
    .map((item) => item.trim().replace(/^type\s+/, ''))
    .filter((item) => item !== '')
    .map((item) => {
      const [imported, local] = item.split(separator).map((part) => part.trim());
      return { imported: imported!, local: local ?? imported! };
    });
}

/** The bindings a file's text imports from other modules. */
export function importBindings(text: string): Binding[] {
  const bindings: Binding[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const clause = match[1]!;
    const source = match[2]!;
    if (clause.startsWith('{') || clause.includes(',') || clause.startsWith('*')) {
      const namespace = /\*\s+as\s+([\w$]+)/.exec(clause);
      if (namespace) bindings.push({ local: namespace[1]!, source, imported: '*' });
      const named = /\{([^}]*)\}/.exec(clause);
      if (named) for (const item of namedList(named[1]!, /\s+as\s+/)) bindings.push({ ...item, source });
      const first = /^([\w$]+)\s*,/.exec(clause);
      if (first) bindings.push({ local: first[1]!, source, imported: 'default' });
    } else if (/^[\w$]+$/.test(clause)) {
      bindings.push({ local: clause, source, imported: 'default' });
    }
  }
  // a pass at every `const`/`let`/`var` of the file, only where there may be a require
  for (const match of text.includes('require(') ? text.matchAll(REQUIRE) : []) {
    const target = match[1]!;
    const source = match[2]!;
    if (target.startsWith('{')) {
      for (const item of namedList(target.slice(1, -1), /\s*:\s*/)) bindings.push({ ...item, source });
    } else bindings.push({ local: target, source, imported: '*' });
  }
  return bindings;
}

/** What follows a name that is called, or whose member is: `(`, `?.(`, `.member(`, `?.member(`, `?.member?.(`. */
const CALL_AFTER = /\s*(?:\(|\?\.\s*\(|(?:\.|\?\.)\s*[\w$]+\s*(?:\?\.)?\s*\()/y;
const NAME_PART = /[\w$]/;

/**
 * Whether `text` calls `name` (a whole identifier, not a member of something
 * else), or calls a member of it. Only the places that spell the name are
 * looked at: an import is used a few times, where a pass over every
 * identifier of the file cost more than the rest of the import gate.
 */
export function callsName(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    const before = at > 0 ? text[at - 1]! : '';
    if (before === '.' || NAME_PART.test(before)) continue;
    const end = at + name.length;
    if (end < text.length && NAME_PART.test(text[end]!)) continue;
    CALL_AFTER.lastIndex = end;
    if (CALL_AFTER.test(text)) return true;
  }
  return false;
}

/** `export * from 'x'`, `export * as ns from 'x'`, `export { a, b as c } from 'x'`: the sources. */
const REEXPORT = /\bexport\s+(?:type\s+)?(?:\*(?:\s*as\s+[\w$]+)?|\{[^}]*\})\s*from\s*['"]([^'"\n]+)['"]/g;

/**
 * The facts a rule asks of another module's functions, each with the text
 * gate of a module that may declare one, and the modules a fact may come from
 * besides the one a name is imported from:
 * - `requests`: a request sent (a select that may start a read, a write on
 *   what may be `X.from(t)`, an `rpc`: the text gates of query-root.ts's
 *   roots), composed through calls (compose.ts requestsOf): the modules it
 *   imports too;
 * - `builders`: a query builder returned unsent (a select that may start a
 *   read: select-gate.ts), composed through `return other()`: likewise;
 * - `filters`: a Postgres Changes filter taken from a parameter, a fact of
 *   the function itself: only the modules it re-exports from (`findExport`);
 * - `channels`: a channel subscribed, its remover returned or dropped,
 *   composed through calls (compose.ts leakedChannel, returnsRemover).
 * A comment or a word in a string lets a file through, which costs only its parse.
 */
export type ImportedFacts = 'requests' | 'builders' | 'filters' | 'channels' | 'paginators';

const KINDS: Readonly<Record<ImportedFacts, { gate: (text: string) => boolean; imports: boolean }>> = {
  requests: { gate: (text) => mayHoldRpc(text) || mayHoldSelectRead(text) || mayHoldWriteRequest(text), imports: true },
  builders: { gate: (text) => mayHoldSelectRead(text), imports: true },
  filters: { gate: (text) => text.includes('postgres_changes') && text.includes('filter'), imports: false },
  // `.subscribe` as a member: an auth listener's `subscription.unsubscribe()` subscribes no channel
  channels: { gate: (text) => mayCallSubscribe(text), imports: true },
  // a helper that pages its callback with `.range()`, or hands it on to one it imports
  paginators: { gate: (text) => text.includes('.range('), imports: true },
};

/** How long an answer of `mayReach` is kept: an editor's project changes, a lint run's does not. */
const REACH_TTL_MS = 2000;

/** Modules past this many are not searched: the answer is "may reach". */
const MAX_REACH_MODULES = 2000;

const reached: Record<ImportedFacts, Map<string, { at: number; value: boolean }>> = {
  requests: new Map(),
  builders: new Map(),
  filters: new Map(),
  channels: new Map(),
  paginators: new Map(),
};

interface Links {
  /** Whether the module's own text may hold a fact of each kind. */
  holds: Record<ImportedFacts, boolean>;
  /**
   * The modules it re-exports from, and imports from, resolved on first ask:
   * a search for facts that only re-exports carry (`filters`) never resolves
   * a module's imports, and a module that may hold the facts itself ends the
   * search before its links are followed.
   */
  reexported(): readonly string[];
  imported(): readonly string[];
}

/** `import type X from`, `import type { X } from`, `export type { X } from`: a type, which no call can run. */
const TYPE_ONLY = /^(?:import|export)\s+type\s/;

/**
 * The sources a module's text imports only as types (`import type`): none of
 * their functions can be called from it, so no fact of theirs reaches it.
 * (`import type from 'x'` imports a default named `type`: a value.)
 */
function typeOnlySources(text: string): Set<string> {
  const types = new Set<string>();
  const values = new Set<string>();
  if (!text.includes('type')) return types;
  for (const match of text.matchAll(IMPORT)) {
    const typeOnly = TYPE_ONLY.test(match[0]) && match[1] !== 'type';
    (typeOnly ? types : values).add(match[2]!);
  }
  for (const source of values) types.delete(source);
  return types;
}

/**
 * What a module's text says of its facts and its links, before its specifiers
 * are resolved. A source imported or re-exported only as types is no link:
 * the searches that follow links (mayReach) would resolve it for nothing.
 */
function textLinks(text: string): TextLinks {
  const types = typeOnlySources(text);
  return {
    holds: (Object.keys(KINDS) as ImportedFacts[]).filter((kind) => KINDS[kind].gate(text)),
    reexports: [
      ...new Set([...text.matchAll(REEXPORT)].filter((match) => !TYPE_ONLY.test(match[0])).map((match) => match[1]!)),
    ],
    imports: [...new Set(importBindings(text).map((binding) => binding.source))].filter((source) => !types.has(source)),
  };
}

/** A module's links, its specifiers resolved when first asked (the ones that name no file of the project dropped). */
function resolvedLinks(file: string, links: TextLinks): Links {
  const resolved = (sources: readonly string[]) => {
    const targets: string[] = [];
    for (const source of sources) {
      const target = resolveModule(file, source);
      if (target !== null) targets.push(target);
    }
    return targets;
  };
  const holds = {} as Record<ImportedFacts, boolean>;
  for (const kind of Object.keys(KINDS) as ImportedFacts[]) holds[kind] = links.holds.includes(kind);
  let reexported: readonly string[] | undefined;
  let imported: readonly string[] | undefined;
  return {
    holds,
    reexported: () => (reexported ??= resolved(links.reexports)),
    imported: () => (imported ??= resolved(links.imports)),
  };
}

/** Each module's links, kept while it is unchanged on disk (its size and mtime): a search past the TTL costs a stat a module. */
const links = new Map<string, { size: number; mtimeMs: number; value: Links | null }>();

let textsRead = 0;

/** How many modules' texts were read for their links since the last clearProjectIndex() (the links cache's tests read it). */
export function linkTextReads(): number {
  return textsRead;
}

/**
 * A module's links: this process's copy, else the disk's (links-cache.ts),
 * else read from its text (and kept on disk); null when it cannot be read.
 */
function linksCached(file: string): Links | null {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return null;
  }
  const hit = links.get(file);
  if (hit?.size === stat.size && hit.mtimeMs === stat.mtimeMs) return hit.value;
  let text = readCachedLinks(file, stat.size, stat.mtimeMs);
  if (!text) {
    textsRead += 1;
    try {
      text = textLinks(readFileSync(file, 'utf8'));
    } catch {
      text = undefined;
    }
    if (text) writeCachedLinks(file, stat.size, stat.mtimeMs, text);
  }
  const value = text ? resolvedLinks(file, text) : null;
  links.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, value });
  return value;
}

onClearProjectIndex(() => {
  textsRead = 0;
  links.clear();
  for (const memo of Object.values(reached)) memo.clear();
});

/**
 * Whether a module, or a module it re-exports from (and, for facts composed
 * through calls, imports from), at any depth, may declare a function with
 * facts of `kind`: what a call of its functions sends, returns or takes comes
 * only from those modules (compose.ts follows calls, a call of another module
 * needs an import, `findExport` follows re-exports), so a module that cannot
 * reach one has no such fact to give, and is not parsed for it. Read from the texts alone. A module that
 * cannot be read may reach (its parse answers). When a search finds nothing,
 * nothing a module it visited imports can reach either: each is answered.
 */
export function mayReach(file: string, kind: ImportedFacts): boolean {
  const now = Date.now();
  const memo = reached[kind];
  const known = (at: string) => {
    const hit = memo.get(at);
    return hit && now - hit.at < REACH_TTL_MS ? hit.value : undefined;
  };
  const first = known(file);
  if (first !== undefined) return first;
  const seen = new Set<string>([file]);
  const queue = [file];
  let value = false;
  for (let next = 0; next < queue.length && !value; next += 1) {
    const current = queue[next]!;
    const cached = current === file ? undefined : known(current);
    if (cached === false) continue;
    const read = cached === undefined ? linksCached(current) : null;
    value = cached === true || read === null || read.holds[kind] || seen.size > MAX_REACH_MODULES;
    if (value || !read) continue;
    const targets = KINDS[kind].imports ? [...read.reexported(), ...read.imported()] : read.reexported();
    for (const target of targets) {
      if (seen.has(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  if (value) memo.set(file, { at: now, value });
  else for (const visited of seen) memo.set(visited, { at: now, value });
  return value;
}

/** The bindings a file imports and calls (the binding, or a method of it), with the module each resolves to. */
export type CalledImports = readonly { binding: Binding; target: string }[];

/** The modules a file's text imports bindings from that it calls (the binding, or a method of it), resolved. */
export function calledImports(text: string, file: string): CalledImports {
  const called: { binding: Binding; target: string }[] = [];
  const answers = new Map<string, boolean>();
  for (const binding of importBindings(text)) {
    let isCalled = answers.get(binding.local);
    if (isCalled === undefined) answers.set(binding.local, (isCalled = callsName(text, binding.local)));
    if (!isCalled) continue;
    const target = resolveModule(file, binding.source);
    if (target !== null) called.push({ binding, target });
  }
  return called;
}

/**
 * What a file's imports give (its text, at `file` on disk), read on first
 * ask: whether it calls into a module that may reach facts of a kind (from
 * the texts alone), and whether a function it calls there has facts for which
 * a test holds (the modules that may reach them are read). A rule that
 * reports through other modules' functions asks it of a file that fails its
 * own text gate, and so does a tool (the audit) that parses only the files
 * some rule may report on.
 */
export interface ImportLookup {
  mayCallInto(kind: ImportedFacts): boolean;
  importsAny(kind: ImportedFacts, test: (fn: ResolvedFunction) => boolean): boolean;
}

export function importLookup(text: string, file: string): ImportLookup {
  let called: CalledImports | null = null;
  const functions: Partial<Record<ImportedFacts, ResolvedFunction[]>> = {};
  const calls = () => (called ??= calledImports(text, file));
  return {
    mayCallInto: (kind) => calls().some(({ target }) => mayReach(target, kind)),
    importsAny(kind, test) {
      functions[kind] ??= importedFunctions(calls(), file, kind);
      return functions[kind].some(test);
    },
  };
}

/**
 * The imported functions of another module that a file may call (`called`:
 * calledImports) and that may have facts of `kind` (a module that cannot
 * reach one, `mayReach`, is not read): each exported function, and each
 * method of an exported object.
 */
export function importedFunctions(called: CalledImports, file: string, kind: ImportedFacts): ResolvedFunction[] {
  const found: ResolvedFunction[] = [];
  for (const { binding, target } of called) {
    const module = mayReach(target, kind) && factsOfFile(target);
    if (!module) continue;
    const from = emptyModule(file);
    if (binding.imported === '*') {
      for (const name of Object.keys(module.exports)) {
        const resolved = resolveCallee(from, { kind: 'import', source: binding.source, name, member: null });
        if (resolved) found.push(resolved);
      }
      continue;
    }
    const direct = resolveCallee(from, {
      kind: 'import',
      source: binding.source,
      name: binding.imported,
      member: null,
    });
    if (direct) {
      found.push(direct);
      continue;
    }
    // an object or class instance: every method
    const exported = findExport(module, binding.imported);
    if (exported?.fact.kind === 'object') {
      for (const key of Object.values(exported.fact.methods)) {
        const facts: FunctionFacts | undefined = exported.module.functions[key];
        if (facts) found.push({ module: exported.module, facts });
      }
    }
  }
  return found;
}
