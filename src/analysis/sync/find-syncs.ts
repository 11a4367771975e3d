/**
 * The syncs of a project, found by what they do, whatever they are named: a
 * function that reads rows past a change cursor whose value is not a window
 * (it comes from stored state, a parameter, or the rows of a previous page),
 * taken up through its callers to the function that also stores the next
 * position; plus the known pull shapes (RxDB's `pullHandler`, WatermelonDB's
 * `pullChanges`) and the names a configuration gives. Each sync is composed
 * across functions and modules through the function facts (src/analysis/
 * project): its reads, the positions it stores and where their values come
 * from, who calls it (test files apart) and what runs it (timers, effects,
 * focus and online listeners), and the hard deletes and DELETE listeners of
 * the tables it reads.
 */
import { readFileSync } from 'node:fs';
import { mayHoldRpc } from '../text-gates.js';
import { mayHoldSelectRead } from '../postgrest/select-gate.js';
import { callersOf } from '../project/callers.js';
import { POSITION_WORDS } from '../project/state-facts.js';
import { MAX_CALL_DEPTH } from '../project/compose.js';
import { type DeleteFact, type DeleteListenerFact, mayHoldDeleteFacts } from './deletes.js';
import type { ModuleFacts, RequestFact } from '../project/facts.js';
import { factsOfFile, type ResolvedFunction, resolveCallee } from '../project/index.js';
import {
  type CursorStore,
  pastCursor,
  type SyncFact,
  type SyncRead,
  type SyncSite,
  type SyncTrigger,
  type TableDeletes,
} from './sync-plan.js';

/** Names of known pull functions: the entry of a sync whatever it reads (an rpc, a read through a helper). */
export const PULL_SHAPES: readonly string[] = [
  // a function of its own, named as the library calls it
  'pullHandler',
  'pullChanges',
  'pullRemoteChanges',
  // written in the options of the library's call: RxDB's replicateRxCollection({ pull: { handler } }),
  // WatermelonDB's synchronize({ pullChanges })
  'replicateRxCollection.handler',
  'synchronize.pullChanges',
];

/** How far up the callers the entry is looked for, from the function that reads. */
const MAX_ENTRY_HOPS = 3;

/** What the project's schema says of a table a sync reads (from the file's schema). */
export interface TableDescription {
  /** Its unique columns (keys and unique constraints; `id` when nothing describes it). */
  unique: string[];
  /** Its soft-delete columns; null when no schema describes its columns. */
  softDelete: string[] | null;
  /** A column's type, when described. */
  typeOf(column: string): string | null;
}

export interface FindSyncsOptions {
  /** How a file's text is read (a run that read it already hands its copy); default: from disk, null when it cannot be. */
  read?: (file: string) => string | null;
  /** Names that make a function a sync entry (no-full-sync's `replacement`, settings). */
  names: readonly string[];
  /** no-full-sync's `names`: a full sync a sync falls back to is not one of its reads. */
  fullSyncNames?: readonly string[];
  /** The schema's word on a table read in `file`; absent: nothing is known beyond `id`. */
  describe?: (file: string, table: string, schema: string) => TableDescription | null;
  /** The project's max-rows for `file` (supabase/config.toml); 1,000 when absent. */
  maxRows?: (file: string) => number;
  /** The project's hard deletes and DELETE listeners (deleteFacts). */
  deletes?: DeleteFacts;
  /** The folder whose files may call a sync (the audit's): else the git work tree or package around each file. */
  root?: string;
  /** How reports name a file. */
  show: (file: string) => string;
  /** A test's own file: its calls do not make a sync called. */
  isTest: (file: string) => boolean;
}

/** The hard deletes and DELETE listeners of the project, for the hard-deletes check. */
export interface DeleteFacts {
  deletes: (DeleteFact & { file: string })[];
  listeners: (DeleteListenerFact & { file: string })[];
}

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * A read past a change cursor whose value is not a window. A cursor that is
 * a parameter of `fn` is a window when every caller outside test files is
 * known (`complete`) and passes there a value computed from the clock or a
 * constant (`totalSince(startOfMonth(new Date()))`): a period decided in the
 * run, not a position stored; or a local that starts every run at a constant
 * and advances in a loop around the call (`let cursor = 0; for (;;) { const
 * page = await next(cursor); … cursor = row.id }`): a walk of every row from
 * the first, each run. Callers not all known: a cursor, as before.
 */
function isDeltaRead(fn: ResolvedFunction, read: SyncRead | undefined, options: FindSyncsOptions): boolean {
  if (!read || !pastCursor(read) || read.cursor!.value === 'clock' || read.cursor!.value === 'constant') return false;
  const index = read.cursor!.value === 'parameter' ? read.cursor!.parameter : undefined;
  if (index === undefined) return true;
  const scan = callersOf(fn.module.file, fn.facts.key, fn.facts.name.split('.').pop()!, options.root);
  const calls = scan.calls.filter((call) => !options.isTest(call.file));
  if (!scan.complete || scan.triggers.length > 0 || calls.length === 0) return true;
  // every caller hands a window, or a walk that starts from the first row each run (`let cursor = 0`)
  return !calls.every(
    (call) => call.windowArgs?.includes(index) || (typeof index === 'number' && call.runStartArgs?.includes(index)),
  );
}

/**
 * A store of the sync's next position: under a name that says so, from the
 * rows read, a checkpoint handed back, or into the very state the cursor's
 * value is read from (`last['tags'] = ...` after reading `last['tags']`).
 */
function isPosition(store: { target: string; origin: string }, cursorNames: ReadonlySet<string>): boolean {
  if (POSITION_WORDS.test(store.target) || store.origin === 'rows' || store.target.startsWith('return:')) return true;
  return store.target.split(/[:.[\]]/).some((part) => part !== '' && cursorNames.has(part));
}

function key(fn: ResolvedFunction): string {
  return `${fn.module.file}#${fn.facts.key}`;
}

/**
 * A read whose builder passes through wrappers before it is sent keeps, in
 * `through`, only those that may add to it: one the analysis cannot resolve,
 * or one that calls builder methods on the parameter it is handed. A plain
 * wrapper (a timeout, a retry) adds nothing: the read is judged as written.
 */
function wrappersKept(fn: ResolvedFunction, request: RequestFact): SyncRead {
  const read = request.read!;
  if (!request.through) return read;
  const kept = request.through.filter(({ callee, argument }, index) => {
    const target = callee && resolveCallee(fn.module, callee);
    const adds = !target || (target.facts.builderParams ?? []).includes(argument);
    return adds && read.through[index] !== undefined;
  });
  const names = request.through.flatMap((entry, index) => (kept.includes(entry) ? [read.through[index]!] : []));
  return { ...read, through: names };
}

/**
 * The reads a call of `fn` makes, through the functions it calls. The reads of
 * a call on the first-run branch are the fallback; a full sync it calls is
 * no-full-sync's business (`fullSyncNames`), not one of its reads.
 */
function composedReads(
  fn: ResolvedFunction,
  fullSyncNames: ReadonlySet<string>,
  depth = 0,
  seen = new Set<string>(),
): SyncRead[] {
  const id = key(fn);
  if (seen.has(id) || depth > MAX_CALL_DEPTH) return [];
  seen.add(id);
  const reads = fn.facts.requests.flatMap((request) => (request.read ? [wrappersKept(fn, request)] : []));
  for (const call of fn.facts.calls) {
    const target = resolveCallee(fn.module, call.callee);
    if (!target) continue;
    const below = composedReads(target, fullSyncNames, depth + 1, seen);
    // a full sync it calls is no-full-sync's business, unless it reads past a cursor (a delta sync by another name)
    if (fullSyncNames.has(target.facts.name.split('.').pop()!) && !below.some(pastCursor)) continue;
    reads.push(...(call.fallback ? below.map((read) => ({ ...read, fallback: true })) : below));
  }
  return reads;
}

/** The positions a call of `fn` stores, through the functions it calls (a full sync it calls apart). */
function positions(
  fn: ResolvedFunction,
  show: (file: string) => string,
  fullSyncNames: ReadonlySet<string> = new Set(),
  depth = 0,
  seen = new Set<string>(),
  via: string[] = [],
): CursorStore[] {
  const id = key(fn);
  if (seen.has(id) || depth > MAX_CALL_DEPTH) return [];
  seen.add(id);
  const names = new Set(
    composedReads(fn, fullSyncNames).flatMap((read) => (read.cursor?.names ?? []).filter((name) => name.length > 2)),
  );
  const found: CursorStore[] = fn.facts.stores
    .filter((store) => isPosition(store, names))
    .map((store) => ({
      file: show(fn.module.file),
      line: store.line,
      target: store.target,
      origin: store.origin === 'other' ? 'unknown' : store.origin,
      via,
      inLoop: false,
    }));
  for (const call of fn.facts.calls) {
    const target = resolveCallee(fn.module, call.callee);
    if (!target || fullSyncNames.has(target.facts.name.split('.').pop()!)) continue;
    found.push(...positions(target, show, fullSyncNames, depth + 1, seen, [...via, target.facts.name]));
  }
  return found;
}

/**
 * Whether a call of `entry` stores a position a cursor of unknown origin may be
 * read back from: under a name that says so (`lastSyncedAt`), a checkpoint
 * handed back, or into a name the cursor's value is read from. A copy of the
 * rows (`products = data`) is not one.
 */
function keepsPosition(
  entry: ResolvedFunction,
  deltas: readonly RequestFact[],
  show: (file: string) => string,
): boolean {
  const names = new Set(deltas.flatMap((request) => request.read?.cursor?.names ?? []));
  return positions(entry, show).some(
    (store) =>
      POSITION_WORDS.test(store.target) ||
      store.target.startsWith('return:') ||
      store.target.split(/[:.[\]]/).some((part) => part.length > 2 && names.has(part)),
  );
}

function functionAt(module: ModuleFacts, key: string | null): ResolvedFunction | null {
  const facts = key === null ? undefined : module.functions[key];
  return facts ? { module, facts } : null;
}

/**
 * The entry of the sync `reader` reads for: itself when it stores a position
 * (or is named as a sync), else the nearest caller up the chain that does.
 */
function entryOf(
  reader: ResolvedFunction,
  names: ReadonlySet<string>,
  show: (file: string) => string,
  root: string | undefined,
): ResolvedFunction {
  let current = reader;
  for (let hop = 0; hop < MAX_ENTRY_HOPS; hop += 1) {
    if (names.has(current.facts.name) || positions(current, show).length > 0) return current;
    const scan = callersOf(current.module.file, current.facts.key, current.facts.name.split('.').pop()!, root);
    const callers = scan.calls.flatMap((call) => {
      const module = factsOfFile(call.file);
      const caller = module && functionAt(module, call.within);
      return caller ? [caller] : [];
    });
    const storing = callers.find((caller) => positions(caller, show).length > 0 || names.has(caller.facts.name));
    if (!storing) {
      if (callers.length !== 1) return reader;
      current = callers[0]!;
      continue;
    }
    return storing;
  }
  return reader;
}

/** A timer period, a listener, an effect: what runs the entry, from the callers scan. */
function triggersOf(scan: ReturnType<typeof callersOf>, show: (file: string) => string): SyncTrigger[] {
  return scan.triggers.map((trigger) => ({
    file: show(trigger.file),
    line: trigger.line,
    kind: trigger.kind,
    periodMs: trigger.periodMs,
  }));
}

function byPlace(a: SyncSite, b: SyncSite): number {
  return a.file.localeCompare(b.file) || a.line - b.line;
}

function syncOf(entry: ResolvedFunction, found: SyncFact['found'], options: FindSyncsOptions): SyncFact {
  const reads = new Map<string, SyncRead>();
  for (const one of composedReads(entry, new Set(options.fullSyncNames ?? []))) {
    const shown = { ...described(one, options), file: options.show(one.file) };
    reads.set(`${shown.file}:${shown.line}`, shown);
  }
  const scan = callersOf(entry.module.file, entry.facts.key, entry.facts.name.split('.').pop()!, options.root);
  const callers: SyncSite[] = [];
  const testCallers: SyncSite[] = [];
  for (const call of scan.calls) {
    // the entry calling itself (a retry, the next page) is not a caller
    if (call.file === entry.module.file && call.within === entry.facts.key) continue;
    (options.isTest(call.file) ? testCallers : callers).push({ file: options.show(call.file), line: call.line });
  }
  // a handler the library runs from the call it is handed to (synchronize({ pullChanges }))
  if (entry.facts.handedTo) callers.push({ file: options.show(entry.module.file), line: entry.facts.handedTo.line });
  const triggers = triggersOf(scan, options.show).filter((t) => !options.isTest(t.file));
  // a call inside a trigger's callback (`setInterval(() => sync.pull(), ms)`) is that trigger
  const triggered = new Set(triggers.map((t) => `${t.file}:${t.line}`));
  for (let index = callers.length - 1; index >= 0; index -= 1) {
    const caller = callers[index]!;
    if (triggered.has(`${caller.file}:${caller.line}`)) callers.splice(index, 1);
  }
  return {
    file: options.show(entry.module.file),
    line: entry.facts.line,
    name: entry.facts.name,
    found,
    reads: [...reads.values()].sort(byPlace),
    stores: positions(entry, options.show, new Set(options.fullSyncNames ?? [])),
    callers: callers.sort(byPlace),
    testCallers: testCallers.sort(byPlace),
    triggers: triggers.sort(byPlace),
    deletes: tableDeletes([...reads.values()], options.deletes),
  };
}

/** A read with what the schema says of its table: unique columns, soft-delete columns, the cursor's type, the page at max-rows. */
function described(one: SyncRead, options: FindSyncsOptions): SyncRead {
  const description =
    one.table !== null && one.schema !== null ? (options.describe?.(one.file, one.table, one.schema) ?? null) : null;
  const maxRows = options.maxRows?.(one.file);
  return {
    ...one,
    unique: description?.unique ?? one.unique,
    softDeleteColumns: description?.softDelete ?? one.softDeleteColumns,
    cursorType: one.cursor?.column ? (description?.typeOf(one.cursor.column) ?? null) : null,
    page: one.page.kind === 'none' && maxRows !== undefined ? { ...one.page, size: maxRows } : one.page,
  };
}

/** The deletes of each table the reads read, and the listeners that may hear them. */
function tableDeletes(reads: readonly SyncRead[], facts: DeleteFacts | undefined): TableDeletes[] {
  if (!facts) return [];
  const tables = new Map<string, TableDeletes>();
  for (const one of reads) {
    if (one.table === null || one.schema === null || !pastCursor(one)) continue;
    const id = `${one.schema}.${one.table}`;
    if (tables.has(id)) continue;
    const deletes = facts.deletes.filter((fact) => fact.table === one.table && fact.schema === one.schema);
    if (deletes.length === 0) continue;
    const listeners = facts.listeners.filter(
      (fact) =>
        (fact.table === null || fact.table === one.table) && (fact.schema === null || fact.schema === one.schema),
    );
    tables.set(id, {
      table: one.table,
      schema: one.schema,
      deletes: deletes.map(({ file, line }) => ({ file, line })),
      listeners: listeners.map(({ file, line }) => ({ file, line })),
    });
  }
  return [...tables.values()];
}

/**
 * Text gate: a file that may hold a read past a cursor (a `gt`, `gte` or `or`
 * filter on a select that may start a read), an rpc, a sync's name, or a
 * pull shape (each part of it: a handler written in the options of
 * `replicateRxCollection` needs that name, not only the word `handler`).
 */
function mayHoldSyncRead(text: string, names: readonly string[]): boolean {
  return (
    // no `select`, no read (mayHoldSelectRead): the word's plain search before the regular expression
    (text.includes('select') && /\.\s*(?:gte?|or)\b|['"`]gt/.test(text) && mayHoldSelectRead(text)) ||
    mayHoldRpc(text) ||
    names.some((name) => text.includes(name)) ||
    PULL_SHAPES.some((name) => name.split('.').every((part) => text.includes(part)))
  );
}

/**
 * A test's own file (`*.test.ts`, `*.spec.js`, `__tests__/`, `test/`, `e2e/`,
 * `cypress/`, `playwright/`): its deletes clean up test data, not the app's.
 */
export function isTestFile(file: string): boolean {
  return (
    /(^|\/)(__tests__|__mocks__|tests?|e2e|cypress|playwright)\//.test(file) ||
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(file)
  );
}

/** Every sync of the project whose files are `files` (absolute paths). */
export function findSyncs(files: readonly string[], options: FindSyncsOptions): SyncFact[] {
  const names = new Set(options.names);
  const shapes = new Set(PULL_SHAPES);
  const entries = new Map<string, { entry: ResolvedFunction; found: SyncFact['found'] }>();
  for (const file of files) {
    if (options.isTest(file)) continue;
    const text = (options.read ?? read)(file);
    if (text === null || !mayHoldSyncRead(text, options.names)) continue;
    const module = factsOfFile(file);
    if (!module) continue;
    for (const facts of Object.values(module.functions)) {
      const fn = { module, facts };
      const last = facts.name.split('.').pop()!;
      const named = names.has(facts.name) || names.has(last);
      const shaped = shapes.has(facts.name) || (shapes.has(last) && !facts.name.includes('.'));
      const deltas = facts.requests.filter((request) => isDeltaRead(fn, request.read, options));
      let reader = deltas.length > 0;
      if (!reader && !named && !shaped) continue;
      const entry = reader ? entryOf(fn, names, options.show, options.root) : fn;
      // a bound of unknown origin that no function on the way stores a position for: a value made in
      // the run (from rows of another read, a helper's result), not a cursor kept between runs
      if (reader && deltas.every((request) => request.read!.cursor!.value === 'unknown')) {
        reader = keepsPosition(entry, deltas, options.show);
        if (!reader && !named && !shaped) continue;
      }
      const found: SyncFact['found'] = reader ? 'structure' : shaped ? 'shape' : 'name';
      const id = key(reader ? entry : fn);
      const known = entries.get(id);
      if (!known || (known.found !== 'structure' && found === 'structure')) {
        entries.set(id, { entry: reader ? entry : fn, found });
      }
    }
  }
  // a sync whose entry is called by another sync's entry is part of it
  const all = [...entries.values()];
  const inner = new Set<string>();
  for (const { entry } of all) {
    for (const call of entry.facts.calls) {
      const target = resolveCallee(entry.module, call.callee);
      if (target && entries.has(key(target)) && key(target) !== key(entry)) inner.add(key(target));
    }
  }
  return all
    .filter(({ entry }) => !inner.has(key(entry)))
    .map(({ entry, found }) => syncOf(entry, found, options))
    .sort(byPlace);
}

/** The hard deletes and DELETE listeners of `files` (test files' deletes apart: they clean up test data). */
export function deleteFacts(
  files: readonly string[],
  options: Pick<FindSyncsOptions, 'show' | 'isTest' | 'read'>,
): DeleteFacts {
  const facts: DeleteFacts = { deletes: [], listeners: [] };
  for (const file of files) {
    const text = (options.read ?? read)(file);
    if (text === null || !mayHoldDeleteFacts(text)) continue;
    const module = factsOfFile(file);
    if (!module) continue;
    const shown = options.show(file);
    if (!options.isTest(file)) facts.deletes.push(...module.deletes.map((fact) => ({ ...fact, file: shown })));
    facts.listeners.push(...module.deleteListeners.map((fact) => ({ ...fact, file: shown })));
  }
  return facts;
}
