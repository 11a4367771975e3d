/**
 * What the audit knows of each sync it finds, as plain data (files and lines,
 * no nodes): the function that runs it, who calls it and when, each read it
 * makes (table, cursor, comparison, order, page), and where the next cursor is
 * stored and where its value comes from. The verdict (sync-verdict.ts) judges
 * each sync from it; the replay (replay/) runs the same plan against a real
 * PostgreSQL to show the rows a failing sync loses. Carried in the JSON report,
 * so `audit --merge` decides again from it.
 */

export interface SyncSite {
  file: string;
  line: number;
}

/** How a sync was recognized. */
export type SyncFound =
  /** Reads rows past a stored change cursor (the structure), whatever its name. */
  | 'structure'
  /** A known pull shape: RxDB's `pullHandler`, WatermelonDB's `pullChanges`, a configured name. */
  | 'shape'
  /** Named as no-full-sync's `replacement` (`deltaSync`) or a name in settings, with no read seen. */
  | 'name';

/** Where a value comes from, for a cursor. */
export type CursorOrigin =
  /** The rows read (`rows.at(-1).updated_at`, `data[data.length - 1]`). */
  | 'rows'
  /** The clock (`new Date()`, `Date.now()`, the server's `now()`). */
  | 'clock'
  | 'constant'
  /** A parameter: the caller decides (judged at the caller when it can be resolved). */
  | 'parameter'
  /** Persisted state read back (`localStorage.getItem`, a module variable, a store). */
  | 'stored'
  | 'unknown';

/** The change cursor a read filters by. */
export interface CursorFilter {
  /** The column compared (`updated_at`, `_modified`, `version`); null when built at run time. */
  column: string | null;
  /** `gt` skips the boundary row; `gte` reads it again on the next run. */
  comparison: 'gt' | 'gte';
  /**
   * A compound keyset (`.or('col.gt.T,and(col.eq.T,id.gt.I)')`): the unique
   * column that breaks ties past the cursor value, and its comparison.
   */
  tiebreak: { column: string; comparison: 'gt' | 'gte' } | null;
  /** Where the compared value comes from. */
  value: CursorOrigin;
  /** The value is moved back before it is compared (`since - 60_000`): a margin re-read on every run. */
  margin: boolean;
  /**
   * `value: 'parameter'`: the index of the parameter the compared value is, when it is one written
   * plainly, or `'<index>.<key>'` for a property of an object parameter (`options.since`).
   */
  parameter?: number | string;
  /** The names the compared value is read from (`since`, `lastSyncTime`, `cursor`): a store to one of them is the next position. */
  names?: string[];
  /**
   * An `.or()` filter whose text is not seen (an imported constant, what a
   * call returns, a parameter): it may hold a cursor, or not. Never a cursor
   * by itself: it makes no read a sync's, and the checks call it unknown.
   */
  unread?: true;
}

export interface SyncOrder {
  /** The column ordered by; null when named at run time. */
  column: string | null;
  /** null: the direction is decided at run time. */
  ascending: boolean | null;
}

export interface SyncPage {
  /** `limit`, `range` (offset paging), or `none`: the project's max-rows cuts the read. */
  kind: 'limit' | 'range' | 'none';
  /** Rows per page: the limit, the range's width, or max-rows for `none`; null when computed at run time. */
  size: number | null;
  /** `range`: whether the offset moves page by page over the same filter (offset paging over a changing set). */
  offsetMoves: boolean;
}

export interface SyncRead extends SyncSite {
  table: string | null;
  /** The schema it names (`X.schema('s').from(t)`), `public` by default; null when named at run time. */
  schema: string | null;
  /** The change cursor it filters by; null: none (a full read, unless it is a fallback). */
  cursor: CursorFilter | null;
  /** Its top-level orders, in order. */
  orders: SyncOrder[];
  page: SyncPage;
  /** Read again and again in a loop until a page comes back short or empty (the sync reads every page each run). */
  loop: boolean;
  /** Taken only on a first run or a forced full reload (`if (!since) return full()`), beside a delta read. */
  fallback: boolean;
  /** What the select reads: `*`, its columns, or null when built at run time. */
  selected: '*' | string[] | null;
  /** The table's soft-delete columns as the schema shows them; null when no schema describes its columns. */
  softDeleteColumns: string[] | null;
  /** Soft-delete columns the read filters to the live rows (`.is('deleted_at', null)`). */
  liveOnly: string[];
  /** An rpc pull (`supabase.rpc('pull_changes', { since })`): its function's name, when it is one. */
  rpc: string | null;
  /** Calls the builder passes through before it is sent (`withTimeout()`, `applyFilters()`): they may add to it. */
  through: string[];
  /** Columns of the table known unique (the schema's keys, else `id`): a cursor or tiebreak on one cannot skip ties. */
  unique: string[];
  /** The cursor column's type when the schema gives it (`timestamptz`, `bigint`); null when unknown. */
  cursorType: string | null;
}

/** Where the next cursor is written, and what it is. */
export interface CursorStore extends SyncSite {
  /** `localStorage:key`, `module:lastSyncedAt`, `this.cursor`, `setter:setLastSync`, a returned checkpoint (`return`). */
  target: string;
  origin: CursorOrigin;
  /** The functions on the way when it is written by a called function (`['pull', 'cache.markSynced']`). */
  via: string[];
  /** Written inside the paging loop, after each page. */
  inLoop: boolean;
}

/** When the sync runs. */
export interface SyncTrigger extends SyncSite {
  kind: 'interval' | 'timeout' | 'effect' | 'focus' | 'online' | 'app-state' | 'startup' | 'event' | 'call';
  /** The period in milliseconds, when a timer's is written as a number. */
  periodMs: number | null;
}

export interface SyncFact extends SyncSite {
  /** The entry function's name as the code names it (`pullChanges`, `SyncService.pull`). */
  name: string;
  found: SyncFound;
  reads: SyncRead[];
  stores: CursorStore[];
  /** Calls and hand-offs of the entry outside test files; `testCallers` those in test files. */
  callers: SyncSite[];
  testCallers: SyncSite[];
  triggers: SyncTrigger[];
  /** For each table it reads that is hard-deleted from (outside test files): the deletes, and the Realtime listeners that may hear them. */
  deletes: TableDeletes[];
}

export interface TableDeletes {
  table: string;
  schema: string;
  deletes: SyncSite[];
  listeners: SyncSite[];
}

/** A read past a change cursor: one whose cursor is read (an `.or()` built elsewhere is no cursor by itself). */
export function pastCursor(read: SyncRead): boolean {
  return read.cursor !== null && read.cursor.unread !== true;
}

/** The outcome of one check of one sync. */
export type CheckStatus = 'pass' | 'fail' | 'unknown';
