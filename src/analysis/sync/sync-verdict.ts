/**
 * The sync verdict: each sync found (find-syncs.ts) judged by named checks,
 * each `pass`, `fail` or `unknown` (with the reason: what could not be seen),
 * with the sites that decide it; and the app's full syncs. Verified only when
 * every error-level check of every sync passes and no full sync is left; an
 * app that keeps no copy at all (no sync, no full sync) gets a neutral "no
 * sync found". Warnings (hard-deletes, commit-order) never decide it. Pure:
 * no file system, no output.
 */
import {
  type CheckStatus,
  pastCursor,
  type SyncFact,
  type SyncRead,
  type SyncSite,
  type TableDeletes,
} from './sync-plan.js';
import type { CheckProof, ProofTable } from './sync-proof.js';
import { SOFT_DELETE_COLUMNS } from './deletes.js';

export type Site = SyncSite;

export type CheckId =
  | 'no-full-sync'
  | 'called'
  | 'delta-filter'
  | 'cursor-order'
  | 'cursor-tiebreak'
  | 'offset-paging'
  | 'cursor-from-rows'
  | 'hard-deletes'
  | 'commit-order';

/** `error`: a failing check makes the verdict not verified. `warning`: reported, never deciding it. */
export type CheckLevel = 'error' | 'warning';

export interface Check {
  id: CheckId;
  level: CheckLevel;
  status: CheckStatus;
  /** `status === 'pass'` (kept for readers of earlier reports). */
  ok: boolean;
  message: string;
  sites: Site[];
  /** cursor-tiebreak failing: how the rows at the boundary are lost. */
  loss?: BoundaryLoss;
  /** `audit --prove`: what replaying the sync against PostgreSQL showed for this check. */
  proof?: CheckProof;
}

export interface SyncVerdict {
  sync: SyncFact;
  checks: Check[];
  /** `audit --prove`: how long the replay took and the tables it made. */
  replay?: { ms: number; tables: ProofTable[] };
}

export interface Verdict {
  /** `no-sync`: nothing keeps a copy (no sync, no full sync): neutral. */
  status: 'verified' | 'not-verified' | 'no-sync';
  verified: boolean;
  /** The app-wide checks (no-full-sync). */
  checks: Check[];
  syncs: SyncVerdict[];
}

/** Every check, in the order reports show them. */
export const CHECK_IDS: readonly CheckId[] = [
  'no-full-sync',
  'called',
  'delta-filter',
  'cursor-order',
  'cursor-tiebreak',
  'offset-paging',
  'cursor-from-rows',
  'hard-deletes',
  'commit-order',
];

export const WARNING_CHECKS: ReadonlySet<CheckId> = new Set(['hard-deletes', 'commit-order']);

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function bySite(a: Site, b: Site): number {
  return a.file.localeCompare(b.file) || a.line - b.line;
}

function result(id: CheckId, status: CheckStatus, message: string, sites: Site[] = []): Check {
  const level: CheckLevel = WARNING_CHECKS.has(id) ? 'warning' : 'error';
  return { id, level, status, ok: status === 'pass', message, sites: [...sites].sort(bySite) };
}

const at = (read: SyncRead): Site => ({ file: read.file, line: read.line });

/**
 * What a check says when its subject is not seen: never a pass (a sync whose
 * read is across a process boundary, in an rpc's SQL, or behind a module that
 * does not resolve has nothing to pass on).
 */
const NO_READ = 'no read of the sync is seen';
const NO_CURSOR_READ = 'no read past a cursor to check';

/** The reads the checks of the cursor judge: those past a cursor. */
function deltaReads(sync: SyncFact): SyncRead[] {
  return sync.reads.filter(pastCursor);
}

function called(sync: SyncFact): Check {
  const runs = [...sync.callers, ...sync.triggers];
  if (runs.length > 0) return result('called', 'pass', `run by ${plural(runs.length, 'call site')} or trigger`, runs);
  if (sync.testCallers.length > 0) {
    return result('called', 'fail', 'called only from test files: the app never runs it', sync.testCallers);
  }
  return result('called', 'unknown', 'no call or trigger found in the audited code (an API others call?)');
}

function deltaFilter(sync: SyncFact): Check {
  if (sync.reads.length === 0) {
    const why =
      sync.found === 'name'
        ? 'no read is seen in it or in the functions it calls (an rpc whose SQL is not read, a module that cannot be resolved)'
        : 'no read is seen';
    return result('delta-filter', 'unknown', why, [{ file: sync.file, line: sync.line }]);
  }
  const rpcs = sync.reads.filter((read) => read.rpc !== null && read.cursor === null);
  const full = sync.reads.filter((read) => read.cursor === null && !read.fallback && read.rpc === null);
  if (full.length > 0) {
    return result(
      'delta-filter',
      'fail',
      `${plural(full.length, 'read')} of the sync ${full.length === 1 ? 'has' : 'have'} no filter past a change cursor: each run downloads ${full.length === 1 ? 'it' : 'them'} again whatever changed`,
      full.map(at),
    );
  }
  if (deltaReads(sync).length === 0 && rpcs.length > 0) {
    return result(
      'delta-filter',
      'unknown',
      `the sync reads through rpc(${rpcs.map((r) => `'${r.rpc}'`).join(', ')}): its SQL is not checked here`,
      rpcs.map(at),
    );
  }
  const deltas = deltaReads(sync);
  const unread = sync.reads.filter((read) => read.cursor?.unread === true && !read.fallback);
  if (deltas.length === 0 && unread.length > 0) {
    return result(
      'delta-filter',
      'unknown',
      `${plural(unread.length, 'read')} of the sync filter${unread.length === 1 ? 's' : ''} with an .or() built elsewhere (an imported value, what a call returns): whether it holds a change cursor is not seen`,
      unread.map(at),
    );
  }
  if (deltas.length === 0) {
    // only a first-run fallback is seen: the read of every other run is not
    return result(
      'delta-filter',
      'unknown',
      'only a first-run or full-reload read is seen: the read of the other runs is not',
      sync.reads.map(at),
    );
  }
  return result('delta-filter', 'pass', `${plural(deltas.length, 'read')} past a change cursor`, deltas.map(at));
}

function cursorOrder(sync: SyncFact): Check {
  const reads = deltaReads(sync);
  if (reads.length === 0) return result('cursor-order', 'unknown', NO_CURSOR_READ);
  const wrong: SyncRead[] = [];
  const unknown: SyncRead[] = [];
  for (const read of reads) {
    const first = read.orders[0];
    if (!first) wrong.push(read);
    else if (first.column === null || first.ascending === null || read.cursor!.column === null) unknown.push(read);
    else if (first.column !== read.cursor!.column || !first.ascending) wrong.push(read);
  }
  // a read handed to a wrapper that may add to it before it is sent: the wrapper may order it
  const wrapped = wrong.filter((read) => read.through.length > 0);
  const unwrapped = wrong.filter((read) => read.through.length === 0);
  if (unwrapped.length === 0 && wrapped.length > 0) {
    return result(
      'cursor-order',
      'unknown',
      `not ordered by the cursor ascending first as written, but handed to ${wrapped[0]!.through.join(', ')}() before it is sent, which may order it`,
      wrapped.map(at),
    );
  }
  wrong.splice(0, wrong.length, ...unwrapped);
  if (wrong.length > 0) {
    return result(
      'cursor-order',
      'fail',
      `${plural(wrong.length, 'read')} past the cursor not ordered by it ascending first: a page (the limit, or the project's max-rows when there is none) then holds any rows past the cursor, and the ones it leaves behind are skipped`,
      wrong.map(at),
    );
  }
  if (unknown.length > 0) {
    return result('cursor-order', 'unknown', 'the order or the cursor column is decided at run time', unknown.map(at));
  }
  return result(
    'cursor-order',
    'pass',
    `${plural(reads.length, 'read')} ordered by the cursor ascending first`,
    reads.map(at),
  );
}

/** How a read past a cursor loses the rows at its boundary (`skip or stall`: which depends on the rows). */
export type BoundaryLoss = 'skip' | 'stall' | 'skip or stall';

/**
 * How one read loses the rows at its boundary, `ok`, `unknown` (its order
 * after the cursor is decided at run time) or `wrapped` (handed to a wrapper
 * that may add the tiebreak). The keyset that loses nothing: the cursor
 * compared with gt, then a unique column compared past the last row's, and
 * the order by that column ascending right after the cursor's. Else gt skips
 * the rows that share the boundary value, and gte re-reads them and stalls
 * once more of them than a page holds share one value. A page of one row
 * stalls with gte even on a unique cursor or tiebreak (the boundary row alone
 * fills it). A unique tiebreak the order does not put right after the
 * cursor, ascending, skips: a page of the rows that share one value ends at
 * a row whose tiebreak is not their greatest; compared with gte it also
 * re-reads the rows at or above it, and stalls when they fill a page. The
 * replay (src/replay/) found the last three.
 */
function boundaryLoss(read: SyncRead): BoundaryLoss | 'ok' | 'unknown' | 'wrapped' {
  const cursor = read.cursor!;
  if (cursor.column === null) return 'ok';
  const onePage = read.page.size === 1;
  const tie = cursor.tiebreak;
  if (read.unique.includes(cursor.column)) {
    // gte, or a tiebreak compared with gte (`c.eq.T,id.gte.I`), reads the boundary row again: alone, it fills a page of one
    return (cursor.comparison === 'gte' || tie?.comparison === 'gte') && onePage ? 'stall' : 'ok';
  }
  if (tie !== null && read.unique.includes(tie.column) && cursor.comparison === 'gt') {
    const next = read.orders.find((order) => order.column !== cursor.column);
    if (next && (next.column === null || next.ascending === null)) return 'unknown';
    if (next?.column === tie.column && next.ascending === true) {
      return tie.comparison === 'gte' && onePage ? 'stall' : 'ok';
    }
    if (read.through.length > 0) return 'wrapped';
    return tie.comparison === 'gte' ? 'skip or stall' : 'skip';
  }
  // the wrapper may add the tiebreak
  if (read.through.length > 0) return 'wrapped';
  // the comparison that decides at the boundary: the tiebreak's behind a gt cursor, else the cursor's
  const last = cursor.comparison === 'gt' && tie !== null ? tie.comparison : cursor.comparison;
  return last === 'gt' ? 'skip' : 'stall';
}

const BOUNDARY_MESSAGES: Record<BoundaryLoss, (reads: number) => string> = {
  skip: (reads) =>
    `${plural(reads, 'read')} past a non-unique cursor with gt and no unique tiebreaker both in the filter and in the order right after the cursor (ascending): the rows that share the boundary value with the last row read (one UPDATE of many rows) are skipped`,
  'skip or stall': (reads) =>
    `${plural(reads, 'read')} past a non-unique cursor with gt, then a unique tiebreaker compared with gte that the order does not put right after the cursor (ascending): of the rows that share the boundary value, those that sort below the last row read are skipped, and those at or above it are read again, so the sync stalls once they fill a page`,
  stall: (reads) =>
    `${plural(reads, 'read')} past a cursor with gte and no unique tiebreaker compared with gt (or with a page of one row): the boundary rows are read again each run (no skip), but once more rows share one value than a page holds the cursor never moves past them and the sync stalls`,
};

/**
 * Where the value a read's next cursor starts from comes from, as far as the
 * boundary is concerned: `rows` (a position stored from the rows, or a paging
 * loop that moves the cursor page by page), `clock` (every position stored is
 * the clock, and no paging loop moves it by the rows), or `unseen`.
 */
export function boundaryPosition(sync: SyncFact, read: SyncRead): 'rows' | 'clock' | 'unseen' {
  const clock = sync.stores.filter((store) => store.origin === 'clock');
  if (read.loop && !read.page.offsetMoves && !clock.some((store) => store.inLoop)) return 'rows';
  if (sync.stores.some((store) => store.origin === 'rows')) return 'rows';
  return clock.length > 0 && clock.length === sync.stores.length ? 'clock' : 'unseen';
}

/**
 * cursor-tiebreak: the rows at the boundary are lost only when the next
 * cursor is the last row's value. A read whose next position is the clock
 * loses rows another way (cursor-from-rows fails it): not applicable, a pass
 * that says so. One whose position is not seen is unknown.
 */
function cursorTiebreak(sync: SyncFact): Check {
  const reads = deltaReads(sync);
  if (reads.length === 0) return result('cursor-tiebreak', 'unknown', NO_CURSOR_READ);
  const by = new Map<ReturnType<typeof boundaryLoss>, SyncRead[]>();
  const premise = new Map<'clock' | 'unseen', SyncRead[]>();
  for (const read of reads) {
    const loss = boundaryLoss(read);
    const position =
      loss === 'skip' || loss === 'stall' || loss === 'skip or stall' ? boundaryPosition(sync, read) : 'rows';
    if (position !== 'rows') premise.set(position, [...(premise.get(position) ?? []), read]);
    else by.set(loss, [...(by.get(loss) ?? []), read]);
  }
  for (const loss of ['skip', 'skip or stall', 'stall'] as const) {
    const losing = by.get(loss);
    if (losing) {
      return { ...result('cursor-tiebreak', 'fail', BOUNDARY_MESSAGES[loss](losing.length), losing.map(at)), loss };
    }
  }
  const unseen = premise.get('unseen');
  if (unseen) {
    return result(
      'cursor-tiebreak',
      'unknown',
      `${plural(unseen.length, 'read')} past a cursor with no unique tiebreaker would skip or re-read the rows that share the boundary value if the next position is the last row's value, but where the position comes from is not seen (cursor-from-rows)`,
      unseen.map(at),
    );
  }
  const unknown = by.get('unknown');
  if (unknown) {
    return result('cursor-tiebreak', 'unknown', 'the order after the cursor is decided at run time', unknown.map(at));
  }
  const wrapped = by.get('wrapped');
  if (wrapped) {
    return result(
      'cursor-tiebreak',
      'unknown',
      `no unique tiebreaker as written, but handed to ${wrapped[0]!.through.join(', ')}() before it is sent, which may add one`,
      wrapped.map(at),
    );
  }
  const clock = premise.get('clock');
  if (clock) {
    return result(
      'cursor-tiebreak',
      'pass',
      `not applicable to ${plural(clock.length, 'read')} with no unique tiebreaker: the next position is the clock, not the last row's value, so no boundary row is skipped or read again for it (the clock loses rows another way: cursor-from-rows)`,
      clock.map(at),
    );
  }
  return result(
    'cursor-tiebreak',
    'pass',
    'every cursor is unique or has a unique tiebreaker in the filter and the order',
  );
}

function offsetPaging(sync: SyncFact): Check {
  if (sync.reads.length === 0) return result('offset-paging', 'unknown', NO_READ);
  const moving = sync.reads.filter((read) => read.page.kind === 'range' && read.page.offsetMoves);
  if (moving.length > 0) {
    return result(
      'offset-paging',
      'fail',
      `${plural(moving.length, 'read')} paged by a moving offset (.range()) over rows that change while it pages: a row that moves ahead of the offset between two pages is skipped`,
      moving.map(at),
    );
  }
  return result('offset-paging', 'pass', 'no read pages by a moving offset');
}

function cursorFromRows(sync: SyncFact): Check {
  const clock = sync.stores.filter((store) => store.origin === 'clock');
  if (clock.length > 0) {
    const reads = deltaReads(sync);
    const paged = reads.some((read) => read.page.kind !== 'none');
    // the reads past a cursor, else every read of the sync (an rpc's cursor is its argument, not seen as one)
    const pulls = reads.length > 0 ? reads : sync.reads;
    const rpcs = pulls.every((read) => read.rpc !== null) ? [...new Set(pulls.map((read) => read.rpc))] : [];
    // a function's result is cut at max-rows only when it returns a set, which the code does not show
    const lost = paged
      ? 'every change past the page read is skipped'
      : rpcs.length > 0
        ? `every change ${rpcs.map((name) => `rpc('${name}')`).join(', ')} leaves out is skipped (past the project's max-rows, if it returns a set of rows)`
        : "every change past the project's max-rows read is skipped";
    return result(
      'cursor-from-rows',
      'fail',
      `the next position is taken from the clock (${clock.map((s) => s.target).join(', ')})${clock.some((s) => s.via.length > 0) ? ` through ${clock.find((s) => s.via.length > 0)!.via.join(' → ')}()` : ''}: ${lost}, and so is every row committed during the sync`,
      clock,
    );
  }
  const rows = sync.stores.filter((store) => store.origin === 'rows');
  if (rows.length > 0) return result('cursor-from-rows', 'pass', 'the next position is taken from the rows read', rows);
  if (sync.stores.length === 0) {
    return result('cursor-from-rows', 'unknown', 'no stored position found (the caller may store it)');
  }
  return result(
    'cursor-from-rows',
    'unknown',
    `where the stored position comes from is not seen (${sync.stores.map((s) => s.target).join(', ')})`,
    sync.stores,
  );
}

/** `t`, or `s.t` outside `public`. */
function tableName(table: { table: string; schema: string }): string {
  return table.schema === 'public' ? table.table : `${table.schema}.${table.table}`;
}

/** What the sync makes of a table's deletes: heard, a tombstone read, missed (and why), or unknown (no schema). */
function deleteOutcome(
  sync: SyncFact,
  table: TableDeletes,
): { outcome: 'heard' | 'tombstone' | 'missed' | 'unknown' | 'full'; why?: string } {
  if (table.listeners.length > 0) return { outcome: 'heard' };
  const reads = sync.reads.filter(
    (read) => pastCursor(read) && read.table === table.table && read.schema === table.schema,
  );
  // read whole each time (a first-run fallback): a deleted row is gone from it anyway
  if (reads.length === 0) return { outcome: 'full' };
  // a select list that names no soft-delete column reads none, whatever the table has: no schema needed
  const listsNone = (read: SyncRead) =>
    Array.isArray(read.selected) && !read.selected.some((column) => SOFT_DELETE_COLUMNS.includes(column));
  if (reads.some((read) => read.selected === null || (read.softDeleteColumns === null && !listsNone(read)))) {
    return { outcome: 'unknown' };
  }
  const tombstone = reads.some((read) => {
    if (read.softDeleteColumns === null) return false;
    const seen = read.softDeleteColumns.filter((column) => !read.liveOnly.includes(column));
    const selected = read.selected!;
    return selected === '*' ? seen.length > 0 : selected.some((column) => seen.includes(column));
  });
  if (tombstone) return { outcome: 'tombstone' };
  const columns = [...new Set(reads.flatMap((read) => read.softDeleteColumns ?? []))];
  const live = [...new Set(reads.flatMap((read) => read.liveOnly))];
  const described = reads.some((read) => read.softDeleteColumns !== null);
  const why =
    columns.length === 0 && !described
      ? 'the columns the sync selects hold no soft-delete column'
      : columns.length === 0
        ? 'the schema shows no soft-delete column'
        : live.length > 0
          ? `the sync filters out the rows marked deleted (${live.join(', ')})`
          : `the sync does not select ${columns.join(', ')}`;
  return { outcome: 'missed', why };
}

/**
 * hard-deletes (a warning): a table the sync reads past its cursor is
 * hard-deleted from (outside test files) while no read of it sees a
 * soft-delete column the schema shows and no Realtime listener hears its
 * DELETE events. Unknown where the facts cannot tell: a table named at run
 * time, one no schema describes.
 */
function hardDeletes(sync: SyncFact): Check {
  if (deltaReads(sync).length === 0) return result('hard-deletes', 'unknown', NO_CURSOR_READ);
  const outcomes = sync.deletes.map((table) => ({ table, ...deleteOutcome(sync, table) }));
  const named = (outcome: string) =>
    outcomes.filter((entry) => entry.outcome === outcome).map((entry) => tableName(entry.table));
  const notes = [
    ...(named('heard').length > 0 ? [`a Realtime DELETE listener hears ${named('heard').join(', ')}`] : []),
    ...(named('tombstone').length > 0
      ? [`the sync reads a soft-delete column of ${named('tombstone').join(', ')}`]
      : []),
  ];
  const noted = notes.length > 0 ? `; ${notes.join('; ')}` : '';
  const missed = outcomes.filter((entry) => entry.outcome === 'missed');
  if (missed.length > 0) {
    return result(
      'hard-deletes',
      'fail',
      `${missed.map((entry) => `${tableName(entry.table)} (${entry.why})`).join(', ')} ${missed.length === 1 ? 'is' : 'are'} hard-deleted from (.delete()) while the sync reads no soft-delete column and no Realtime listener hears the deletes: deleted rows stay in every local copy${noted}`,
      missed.flatMap((entry) => entry.table.deletes),
    );
  }
  const runTime = deltaReads(sync).filter((read) => read.table === null);
  if (runTime.length > 0) {
    return result(
      'hard-deletes',
      'unknown',
      `a table the sync reads is named at run time: whether it is hard-deleted from is unknown${noted}`,
      runTime.map(at),
    );
  }
  const unknown = outcomes.filter((entry) => entry.outcome === 'unknown');
  if (unknown.length > 0) {
    return result(
      'hard-deletes',
      'unknown',
      `no schema describes the columns of ${named('unknown').join(', ')}, hard-deleted from: whether the sync reads a tombstone is unknown${noted}`,
      unknown.flatMap((entry) => entry.table.deletes),
    );
  }
  const judged = outcomes.filter((entry) => entry.outcome !== 'full');
  return result(
    'hard-deletes',
    'pass',
    judged.length === 0 ? 'no table the sync reads is hard-deleted from' : `the deletes reach the copy${noted}`,
  );
}

/**
 * Whether a cursor column follows commit order (a commit LSN, a transaction
 * id the server assigns at commit). A timestamp set by `default now()` is the
 * transaction's start, and a sequence value is taken at insert: a transaction
 * that commits late leaves rows behind either cursor.
 */
function commitOrdered(read: SyncRead): boolean {
  return /lsn|xmin|txid|commit/i.test(read.cursor?.column ?? '');
}

function commitOrder(sync: SyncFact): Check {
  if (deltaReads(sync).length === 0) return result('commit-order', 'unknown', NO_CURSOR_READ);
  const exposed = deltaReads(sync).filter((read) => !commitOrdered(read) && !read.cursor!.margin);
  // a margin read one page a run: past a page of rows within the margin, every run reads the same page (the replay's
  // finding). A stall loses every later change, not a rare race: error level, though the check's own level is warning
  const onePage = deltaReads(sync).filter(
    (read) => !commitOrdered(read) && read.cursor!.margin && !read.loop && !read.page.offsetMoves,
  );
  if (onePage.length > 0) {
    return {
      ...result(
        'commit-order',
        'fail',
        `${plural(onePage.length, 'read')} re-reading a margin before the cursor but taking one page a run: once more rows than a page changed within the margin, each run reads the same page of rows it already has and stores a position behind the one it started from, and the sync stalls (an error, not a warning: every later change is lost). Read every page of the run in a loop, the margin only for the first${exposed.length > 0 ? `; ${plural(exposed.length, 'other read')} re-read${exposed.length === 1 ? 's' : ''} no margin` : ''}`,
        [...onePage, ...exposed].map(at),
      ),
      level: 'error',
    };
  }
  if (exposed.length > 0) {
    return result(
      'commit-order',
      'fail',
      `${plural(exposed.length, 'read')} past a cursor with no margin: a transaction that began before the read and commits after it leaves rows behind the stored cursor (updated_at default now() is the transaction's start; a sequence value is taken at insert), so they are never read. Re-read a margin before the cursor (and upsert what is seen twice), or page by a column set in commit order`,
      exposed.map(at),
    );
  }
  return result('commit-order', 'pass', 'every cursor is commit-ordered or re-read with a margin');
}

/** Each check of one sync. */
export function judgeSync(sync: SyncFact): Check[] {
  return [
    called(sync),
    deltaFilter(sync),
    cursorOrder(sync),
    cursorTiebreak(sync),
    offsetPaging(sync),
    cursorFromRows(sync),
    hardDeletes(sync),
    commitOrder(sync),
  ];
}

/**
 * The verdict over the project's syncs and full-sync uses. `partial`: why the
 * full-sync uses cover only part of the code (`--since`, one shard): the
 * no-full-sync check then says so.
 */
export function syncVerdict(syncs: readonly SyncFact[], fullSyncSites: readonly Site[], partial?: string): Verdict {
  const fullSync =
    fullSyncSites.length > 0
      ? result('no-full-sync', 'fail', `${plural(fullSyncSites.length, 'full-sync use')} left (see no-full-sync)`, [
          ...fullSyncSites,
        ])
      : result(
          'no-full-sync',
          'pass',
          partial ? `no full sync in the files audited (${partial})` : 'no full sync is called or handed on',
        );
  const judged = syncs.map((sync) => ({ sync, checks: judgeSync(sync) }));
  if (judged.length === 0 && fullSync.ok) {
    return { status: 'no-sync', verified: false, checks: [fullSync], syncs: [] };
  }
  const errorsPass = judged.every(({ checks }) =>
    checks.every((check) => check.level === 'warning' || check.status === 'pass'),
  );
  const verified = fullSync.ok && judged.length > 0 && errorsPass;
  return { status: verified ? 'verified' : 'not-verified', verified, checks: [fullSync], syncs: judged };
}

/** The conclusion line: verified, not verified (and why), or no sync found. */
export function verdictConclusion(verdict: Verdict): string {
  if (verdict.status === 'no-sync') return 'no sync found: the app keeps no copy of its data to verify';
  const warnings = verdict.syncs.flatMap(({ sync, checks }) =>
    checks
      .filter((check) => check.level === 'warning' && check.status === 'fail')
      .map((check) => `${sync.name}: ${check.id}`),
  );
  const warned = warnings.length > 0 ? ` (warning: ${warnings.join(', ')})` : '';
  if (verdict.verified) return `delta sync verified${warned}`;
  const reasons = [
    ...verdict.checks.filter((check) => check.status !== 'pass').map((check) => check.id),
    ...(verdict.syncs.length === 0 ? ['no delta sync found'] : []),
    ...verdict.syncs.flatMap(({ sync, checks }) =>
      checks
        .filter((check) => check.level === 'error' && check.status !== 'pass')
        .map((check) => `${sync.name}: ${check.id}${check.status === 'unknown' ? ' (unknown)' : ''}`),
    ),
  ];
  return `delta sync NOT verified: ${reasons.join(', ')}${warned}`;
}
