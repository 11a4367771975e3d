/**
 * The callers of a function across the project: every call, in any module of
 * the repository, that resolves to it (through imports, aliases and
 * re-exports). A generic helper's optional argument is judged at its callers
 * when they are all known; when one may not be (the function is handed on as
 * a value somewhere, or it is not found called at all: a library's exported
 * API), the scan says so and the helper keeps its own report.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ArgumentFact, CallFact, Callee, DeleteCallbackFact, ModuleFacts, TriggerFact } from './facts.js';
import { importBindings } from './imports.js';
import { factsOfFile, onClearProjectIndex, projectRoot, resolveCallee } from './index.js';

/** Folders that hold no code the app runs as its own. */
const SKIPPED = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.next', '.expo', '.turbo', 'vendor']);

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

/** Files listed at most in one project: past it the scan is incomplete. */
const MAX_FILES = 20_000;

/** How long a listing of the project's files is kept (an editor's project changes; a lint run's does not). */
const TTL_MS = 5000;

/** The texts a listing keeps in memory, in all: past it a file is read again at each scan. */
const MAX_TEXT_BYTES = 64 * 2 ** 20;

interface Listing {
  at: number;
  files: string[] | null;
  /** The texts of the listed files read so far, dropped with the listing: a scan per function read them all. */
  texts: Map<string, string | null>;
  bytes: number;
}

const listings = new Map<string, Listing>();
// a test that rewrites files in place asks for them to be read again
onClearProjectIndex(() => {
  listings.clear();
});

/** The source files under `root` (null past MAX_FILES), with the texts read so far. */
function sourceFiles(root: string): Listing {
  const now = Date.now();
  const hit = listings.get(root);
  if (hit && now - hit.at < TTL_MS) return hit;
  const files: string[] = [];
  const stack = [root];
  let complete = true;
  while (stack.length > 0 && complete) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
      if (files.length > MAX_FILES) complete = false;
    }
  }
  const listing: Listing = { at: now, files: complete ? files : null, texts: new Map(), bytes: 0 };
  listings.set(root, listing);
  return listing;
}

/** A listed file's text, kept with the listing while they fit; null when it cannot be read. */
function textOf(listing: Listing, file: string): string | null {
  const kept = listing.texts.get(file);
  if (kept !== undefined) return kept;
  let text: string | null;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = null;
  }
  if (listing.bytes + (text?.length ?? 0) <= MAX_TEXT_BYTES) {
    listing.texts.set(file, text);
    listing.bytes += text?.length ?? 0;
  }
  return text;
}

export interface Caller {
  file: string;
  line: number;
  column: number;
  args: ArgumentFact[];
  /** The arguments computed from the clock or written as constants (CallFact's). */
  windowArgs?: (number | string)[];
  /** The arguments that start each run at a constant and advance in a loop around the call (CallFact's). */
  runStartArgs?: number[];
  /** The arguments that cannot be missing (CallFact's). */
  definedArgs?: number[];
  /** The arguments that are a callback handling a Realtime delete (CallFact's). */
  deleteCallbacks?: DeleteCallbackFact[];
  /** The key of the function of `file` the call is made in; null at module level or in an effect, handler or callback. */
  within: string | null;
}

export interface CallerScan {
  calls: Caller[];
  /** Timers, effects and focus / online / app-state listeners that run the function. */
  triggers: (TriggerFact & { file: string })[];
  /** Every use of the function is one of `calls`: none is handed on as a value, and the project could be listed. */
  complete: boolean;
}

/** `import ... from '...';` and `require('...')` statements, whose mentions of a name are not uses. */
const IMPORTS =
  /\bimport\s+[^'";]*?\s+from\s*['"][^'"\n]+['"]|\bimport\s*\(\s*['"][^'"\n]+['"]\s*\)|\brequire\(\s*['"][^'"\n]+['"]\s*\)/g;

/**
 * Export lists of the declaring module (`export { f, g as h };`, `module.exports = { f }`,
 * `exports.f = f`): they make the function importable, and hand it to no one.
 */
const EXPORT_LISTS =
  /\bexport\s*\{[^}]*\}\s*;?(?!\s*from)|\bmodule\.exports\s*=\s*\{[^}]*\}|\b(?:module\.)?exports\.[\w$]+\s*=\s*[\w$]+\s*;?/g;

/**
 * The text with what cannot name a binding blanked: comments, and the text of
 * string and template literals (a template's `${...}` expressions are kept:
 * code). A function's name in a log message (`console.log('useLive: ...')`) is
 * no use of it. Regular expression literals are left as they are.
 */
export function codeOnly(text: string): string {
  let out = '';
  let i = 0;
  const depth: number[] = []; // brace depth of each template expression open
  const blank = (from: number, to: number) => text.slice(from, to).replace(/[^\n]/g, ' ');
  let braces = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += c + blank(i + 1, j) + (text[j] === c ? c : '');
      i = text[j] === c ? j + 1 : j;
    } else if (c === '`' || (c === '}' && depth.length > 0 && braces === depth[depth.length - 1])) {
      // a template's text, up to its end or its next `${`
      if (c === '}') depth.pop();
      let j = i + 1;
      while (j < text.length && text[j] !== '`' && !(text[j] === '$' && text[j + 1] === '{'))
        j += text[j] === '\\' ? 2 : 1;
      out += c + blank(i + 1, j);
      if (text[j] === '$') {
        out += '${';
        depth.push(braces);
        i = j + 2;
      } else {
        out += text[j] === '`' ? '`' : '';
        i = j + 1;
      }
    } else {
      if (c === '{') braces += 1;
      else if (c === '}') braces -= 1;
      out += c;
      i += 1;
    }
  }
  return out;
}

function occurrences(text: string, name: string): number {
  const escaped = name.replace(/\$/g, '\\$');
  return text.match(new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`, 'g'))?.length ?? 0;
}

/**
 * Every call in the project of the function `key` of `file` (named `name`
 * where it is declared, a method's own name). The project is `root` when given
 * (the folder the audit runs on), else the git work tree or package around the file.
 */
export function callersOf(file: string, key: string, name: string, root?: string): CallerScan {
  const listing = sourceFiles(root ?? projectRoot(file));
  const files = listing.files;
  if (!files) return { calls: [], triggers: [], complete: false };
  const calls: Caller[] = [];
  const triggers: CallerScan['triggers'] = [];
  let complete = true;
  const isTarget = (module: ModuleFacts, callee: Callee) => {
    const resolved = resolveCallee(module, callee);
    return resolved !== null && resolved.module.file === file && resolved.facts.key === key;
  };
  for (const candidate of files) {
    const text = textOf(listing, candidate);
    if (text === null || !text.includes(name)) continue;
    const module = factsOfFile(candidate);
    if (!module) {
      complete = false;
      continue;
    }
    let found = 0;
    const take = (call: CallFact, within: string | null) => {
      if (!isTarget(module, call.callee)) return;
      found += 1;
      calls.push({
        file: candidate,
        line: call.line,
        column: call.column,
        args: call.args,
        ...(call.windowArgs ? { windowArgs: call.windowArgs } : {}),
        ...(call.runStartArgs ? { runStartArgs: call.runStartArgs } : {}),
        ...(call.definedArgs ? { definedArgs: call.definedArgs } : {}),
        ...(call.deleteCallbacks ? { deleteCallbacks: call.deleteCallbacks } : {}),
        within,
      });
    };
    for (const call of module.calls) take(call, null);
    for (const fn of Object.values(module.functions)) for (const call of fn.calls) take(call, fn.key);
    for (const trigger of module.triggers) {
      if (isTarget(module, trigger.callee)) triggers.push({ ...trigger, file: candidate });
    }
    // every other mention (past the imports, or the declaration in its own file) hands it on as a value
    if (key.includes('.')) continue; // a method is named by its object: uses are not counted
    // only a file that has the function in scope (its own, or one importing it) can hand it on
    const inScope =
      candidate === file ||
      importBindings(text).some(
        (binding) =>
          binding.imported !== '*' &&
          isTarget(module, { kind: 'import', source: binding.source, name: binding.imported, member: null }),
      );
    if (!inScope) continue;
    const declared = candidate === file ? 1 : 0;
    const locals = new Set([
      name,
      ...importBindings(text)
        .filter((b) => b.imported === name)
        .map((b) => b.local),
    ]);
    const plain = codeOnly(text.replace(IMPORTS, '').replace(candidate === file ? EXPORT_LISTS : /(?!)/g, ''));
    const mentions = [...locals].reduce((sum, local) => sum + occurrences(plain, local), 0);
    const handedToTriggers = module.triggers.filter((t) => t.text === name).length;
    if (mentions > found + declared + handedToTriggers) complete = false;
  }
  return { calls, triggers, complete: complete && calls.length > 0 };
}

/** Each file's upsert keys, kept while its size and time are the same (conflictKeysOf). */
const upsertKeysOfFile = new Map<string, { mtimeMs: number; size: number; keys: UpsertKey[] }>();
onClearProjectIndex(() => {
  upsertKeysOfFile.clear();
});

interface UpsertKey {
  table: string;
  columns: string[];
}

/** `.from('t')` chained at once to `.upsert(`. */
const FROM_UPSERT = /\.from\(\s*(['"`])([A-Za-z_][\w$]*)\1\s*\)\s*\.upsert\(/g;

/**
 * The keys a file's upserts name, from its text: `X.from('t').upsert(rows, {
 * onConflict: 'month,year' })`, the table and the option written out, the
 * option inside that upsert call's own parentheses. No parse: the project's
 * files that spell `onConflict` are read, not parsed.
 */
export function upsertKeysInText(text: string): UpsertKey[] {
  const keys: UpsertKey[] = [];
  const code = codeOnlyKeepingStrings(text);
  for (const match of code.matchAll(FROM_UPSERT)) {
    const open = match.index + match[0].length;
    let depth = 1;
    let end = open;
    for (; end < code.length && depth > 0; end += 1) {
      if (code[end] === '(') depth += 1;
      else if (code[end] === ')') depth -= 1;
    }
    const call = text.slice(open, end);
    const option = /(?:^|[{,\s])onConflict\s*:\s*(['"`])([^'"`$]*)\1/.exec(call);
    if (!option) continue;
    const columns = option[2]!.split(',').map((column) => column.trim().replace(/^"(.*)"$/, '$1'));
    if (columns.length === 0 || columns.some((column) => !/^[A-Za-z_][\w$]*$/.test(column))) continue;
    keys.push({ table: match[2]!, columns });
  }
  return keys;
}

/**
 * The text as codeOnly blanks it (comments, the text of strings), with the
 * word characters put back: a table's name in `.from('t')` reads again, while
 * the punctuation of comments and strings (`.`, `(`, `)`) stays blank.
 */
function codeOnlyKeepingStrings(text: string): string {
  const code = codeOnly(text);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const original = text.charAt(i);
    out.push(code.charAt(i) === ' ' && /[\w$]/.test(original) ? original : code.charAt(i));
  }
  return out.join('');
}

/**
 * The unique keys the project's upserts name for `table` (`upsert(rows, {
 * onConflict: 'month,year' })` in any module: upsertKeysInText), as
 * PostgreSQL proves them: an upsert whose `ON CONFLICT` columns no unique
 * index covers fails. Empty when none does or the project cannot be listed.
 * The project is `root` when given, else the git work tree or package around
 * `file`; each file is read again only when its size or time changes.
 */
export function conflictKeysOf(file: string, table: string, root?: string): string[][] {
  const listing = sourceFiles(root ?? projectRoot(file));
  let byTable = conflictKeysByListing.get(listing);
  if (!byTable) {
    byTable = new Map();
    for (const candidate of listing.files ?? []) {
      for (const key of upsertKeysOf(candidate)) {
        const known = byTable.get(key.table) ?? [];
        const id = [...key.columns].sort().join(',');
        if (!known.some((columns) => [...columns].sort().join(',') === id)) known.push(key.columns);
        byTable.set(key.table, known);
      }
    }
    conflictKeysByListing.set(listing, byTable);
  }
  return byTable.get(table) ?? [];
}

/** The project's upsert keys by table, once a listing (the listing is made again after a few seconds). */
const conflictKeysByListing = new WeakMap<Listing, Map<string, string[][]>>();

const ON_CONFLICT = Buffer.from('onConflict');

/** A file's upsert keys: read again only when its size or time changed; decoded only when it spells `onConflict`. */
function upsertKeysOf(file: string): UpsertKey[] {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return [];
  }
  const kept = upsertKeysOfFile.get(file);
  if (kept && kept.mtimeMs === stat.mtimeMs && kept.size === stat.size) return kept.keys;
  let keys: UpsertKey[] = [];
  try {
    const bytes = readFileSync(file);
    if (bytes.includes(ON_CONFLICT)) keys = upsertKeysInText(bytes.toString('utf8'));
  } catch {
    // unreadable: no keys
  }
  upsertKeysOfFile.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, keys });
  return keys;
}
