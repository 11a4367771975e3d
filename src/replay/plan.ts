/**
 * The plan the replay runs for one read of a sync, and which part of it each
 * check is about. A check's replay keeps the sync's own plan for what the
 * check judges and sets every other aspect as a correct sync has it
 * (`heldRight`, said in the proof), so that a row lost is a loss of that
 * check's kind and of no other.
 */
import type { SyncFact, SyncRead } from '../analysis/sync/sync-plan.js';
import { SOFT_DELETE_COLUMNS } from '../analysis/sync/deletes.js';
import { boundaryPosition } from '../analysis/sync/sync-verdict.js';

export interface ReplayOrder {
  column: string;
  ascending: boolean;
}

export interface ReplayPlan {
  table: string;
  schema: string;
  cursor: string;
  comparison: 'gt' | 'gte';
  tiebreak: { column: string; comparison: 'gt' | 'gte' } | null;
  orders: ReplayOrder[];
  page: { kind: 'limit' | 'range' | 'none'; size: number; offsetMoves: boolean };
  /** Reads page after page in one run until a page comes back short. */
  loop: boolean;
  /** Where the stored position comes from. */
  store: 'rows' | 'clock';
  /** The clock is stored after each page, and the next page reads past it. */
  storeInLoop: boolean;
  /** The first read of a run moves the position back (60 s, or 1,000 for a number) and reads again what it already has. */
  margin: boolean;
  selected: '*' | string[];
  /** Soft-delete columns the read filters to live rows (`.is('deleted_at', null)`). */
  liveOnly: string[];
  /** The table's soft-delete columns, as the schema shows them. */
  softDelete: string[];
  /** How the app deletes from the table: not at all, hard deletes, or hard deletes a Realtime listener hears. */
  deletes: 'none' | 'hard' | 'heard';
}

/** The checks a replay can prove: each a kind of row loss. */
export const REPLAYED_CHECKS = [
  'cursor-order',
  'cursor-tiebreak',
  'offset-paging',
  'cursor-from-rows',
  'hard-deletes',
  'commit-order',
] as const;
export type ReplayedCheck = (typeof REPLAYED_CHECKS)[number];

/** Why a check cannot be replayed (not a loss of rows, or the plan leaves it open). */
export const NOT_REPLAYED: Record<string, string> = {
  called: 'whether something runs the sync is not a loss of rows a replay can show',
  'delta-filter': 'a read with no cursor downloads everything again: a cost, not a loss of rows',
  'no-full-sync': 'a full sync downloads everything: a cost, not a loss of rows',
};

function orderText(orders: readonly { column: string | null; ascending: boolean | null }[]): string {
  if (orders.length === 0) return 'no order';
  return `order ${orders.map((o) => `${o.column ?? '?'} ${o.ascending === null ? '?' : o.ascending ? 'asc' : 'desc'}`).join(', ')}`;
}

/** The plan in one line, as the proof shows it. */
export function planText(plan: ReplayPlan, maxRows: number): string {
  const tie = plan.tiebreak ? ` (tiebreak ${plan.tiebreak.column} ${plan.tiebreak.comparison})` : '';
  const size = Math.min(plan.page.size, maxRows);
  const page =
    plan.page.kind === 'none'
      ? `no limit: max-rows ${maxRows}`
      : `${plan.page.kind} ${plan.page.size}${size < plan.page.size ? ` (max-rows ${maxRows})` : ''}${plan.page.offsetMoves ? ', moving offset' : ''}`;
  const store =
    plan.store === 'clock'
      ? `position from the clock${plan.storeInLoop ? ' after each page' : ''}`
      : 'position from the rows';
  return `${plan.table}: ${plan.cursor} ${plan.comparison}${tie}${plan.margin ? ' (margin)' : ''} · ${orderText(plan.orders)} · ${page} · ${plan.loop || plan.page.offsetMoves ? 'every page a run' : 'one page a run'} · ${store}`;
}

type Built = { plan: ReplayPlan; heldRight: string[] } | { reason: string };

/** The cursor column first and ascending, the sync's other orders after it (its tiebreak's order as it is). */
function cursorFirst(read: SyncRead, cursor: string): ReplayOrder[] {
  const rest = read.orders
    .filter((o): o is ReplayOrder => o.column !== null && o.ascending !== null && o.column !== cursor)
    .map((o) => ({ ...o }));
  return [{ column: cursor, ascending: true }, ...rest];
}

function storeOf(sync: SyncFact): { store: 'rows' | 'clock'; inLoop: boolean } | null {
  const clock = sync.stores.find((s) => s.origin === 'clock');
  if (clock) return { store: 'clock', inLoop: clock.inLoop };
  return sync.stores.some((s) => s.origin === 'rows') ? { store: 'rows', inLoop: false } : null;
}

function deletesOf(sync: SyncFact, read: SyncRead): ReplayPlan['deletes'] {
  const entry = sync.deletes.find((d) => d.table === read.table && d.schema === read.schema);
  if (!entry) return 'none';
  return entry.listeners.length > 0 ? 'heard' : 'hard';
}

/** What the sync's own plan leaves open for every check (no table, no cursor column...), or null. */
function openQuestion(read: SyncRead): string | null {
  if (read.rpc !== null) return `the read is an rpc (${read.rpc}): its SQL is not replayed`;
  if (!read.cursor) return 'the read has no cursor';
  if (read.cursor.column === null) return 'the cursor column is named at run time';
  return null;
}

/** What a check needs of the sync's own plan that it leaves open, or null. */
function checkQuestion(check: ReplayedCheck, read: SyncRead, sync: SyncFact): string | null {
  if (check === 'cursor-order' && read.orders.some((o) => o.column === null || o.ascending === null)) {
    return 'the order is decided at run time';
  }
  // the boundary of a cursor taken from the clock is no row's value: cursor-from-rows judges that position
  if (check === 'cursor-tiebreak' && boundaryPosition(sync, read) === 'clock') {
    return "not applicable: the next position is the clock, not the last row's value";
  }
  if (check === 'cursor-from-rows' && !storeOf(sync)) {
    return sync.stores.length === 0
      ? 'no stored position is found'
      : `where the stored position comes from is not seen (${sync.stores.map((s) => s.origin).join(', ')})`;
  }
  if (check === 'hard-deletes') {
    if (read.table === null || read.schema === null)
      return 'the table is named at run time: whether it is deleted from is unknown';
    if (deletesOf(sync, read) === 'none') return `the app deletes nothing from ${read.table} (no delete is seen)`;
    // a select list naming no soft-delete column reads none whatever the table has (the static check says so too)
    const listsNone =
      Array.isArray(read.selected) && !read.selected.some((column) => SOFT_DELETE_COLUMNS.includes(column));
    if (read.selected === null || (read.softDeleteColumns === null && !listsNone)) {
      return 'no schema describes the columns of the table (whether it has a soft-delete column is unknown)';
    }
  }
  return null;
}

/**
 * The table a read is replayed on: its own, or, when the code names it at
 * run time (`supabase.from(table)` over a list of tables), one made from the
 * columns the code uses, which every table it names is read like.
 */
export const RUN_TIME_TABLE = 'table_named_at_run_time';

/** The page a read whose size is computed at run time (`.limit(batchSize)`) is replayed with: a loss shows at any size but one. */
export const ASSUMED_PAGE_SIZE = 100;

/** What a check's replay of a read cannot do without (a table, a cursor column, a page size, a stored position...), or null. */
export function planQuestion(check: ReplayedCheck, read: SyncRead, sync: SyncFact): string | null {
  return openQuestion(read) ?? checkQuestion(check, read, sync);
}

/** What the replayed table says of the keyset: its key, and whether the cursor column alone is unique. */
export interface KeysetFacts {
  key: readonly string[];
  uniqueCursor: boolean;
}

function keysetText(plan: Pick<ReplayPlan, 'cursor' | 'comparison' | 'tiebreak'>): string {
  return `${plan.cursor} ${plan.comparison}${plan.tiebreak ? `, ${plan.tiebreak.column} ${plan.tiebreak.comparison}` : ''}`;
}

/**
 * The plan a check's replay runs for one read: the sync's own plan for what
 * the check judges, the rest set right (and said so): a keyset on the cursor
 * and the table's key (gt, ordered ascending) unless the check is
 * cursor-tiebreak, the cursor first and ascending in the order unless it is
 * cursor-order, the position from the rows, keyset pages, no margin.
 */
export function planFor(check: ReplayedCheck, read: SyncRead, sync: SyncFact, keyset: KeysetFacts): Built {
  const open = planQuestion(check, read, sync);
  if (open) return { reason: open };
  const cursor = read.cursor!;
  const column = cursor.column!;
  const own = storeOf(sync);
  const keepKeyset = check === 'cursor-tiebreak';
  const keepOrders = check === 'cursor-order';
  const keepStore = check === 'cursor-from-rows';
  const keepOffset = check === 'offset-paging';
  const keepMargin = check === 'commit-order';
  const tiebreak = keepKeyset
    ? cursor.tiebreak
      ? { ...cursor.tiebreak }
      : null
    : keyset.uniqueCursor || keyset.key.length === 0
      ? null
      : { column: keyset.key[0]!, comparison: 'gt' as const };
  const ownOrders = read.orders.filter((o): o is ReplayOrder => o.column !== null && o.ascending !== null);
  const plan: ReplayPlan = {
    table: read.table ?? RUN_TIME_TABLE,
    schema: read.schema ?? 'public',
    cursor: column,
    comparison: keepKeyset ? cursor.comparison : 'gt',
    tiebreak,
    orders: keepOrders
      ? ownOrders
      : keepKeyset
        ? cursorFirst(read, column)
        : [{ column, ascending: true }, ...(tiebreak ? [{ column: tiebreak.column, ascending: true }] : [])],
    page: {
      kind: read.page.kind,
      size: read.page.size ?? ASSUMED_PAGE_SIZE,
      offsetMoves: keepOffset ? read.page.offsetMoves : false,
    },
    // offset paging reads every page of a run: held right, it is keyset paging in the same loop
    loop: read.loop || read.page.offsetMoves,
    store: keepStore ? own!.store : 'rows',
    storeInLoop: keepStore ? own!.inLoop : false,
    margin: keepMargin ? cursor.margin : false,
    selected: read.selected === null ? '*' : read.selected === '*' ? '*' : [...read.selected],
    liveOnly: [...read.liveOnly],
    softDelete: [...(read.softDeleteColumns ?? [])],
    deletes: deletesOf(sync, read),
  };
  const heldRight: string[] = [];
  if (read.page.size === null)
    heldRight.push(`${ASSUMED_PAGE_SIZE} rows a page (the sync's page size is computed at run time)`);
  const ownKeyset = { cursor: column, comparison: cursor.comparison, tiebreak: cursor.tiebreak };
  if (keysetText(plan) !== keysetText(ownKeyset)) {
    heldRight.push(`keyset ${keysetText(plan)} (the sync: ${keysetText(ownKeyset)})`);
  }
  if (orderText(plan.orders) !== orderText(read.orders)) {
    heldRight.push(`${orderText(plan.orders)} (the sync: ${orderText(read.orders)})`);
  }
  if (!keepStore && own?.store !== 'rows') {
    heldRight.push(`position from the rows (the sync: ${own ? 'from the clock' : 'not seen'})`);
  }
  if (!keepOffset && read.page.offsetMoves) heldRight.push('keyset pages (the sync: a moving offset)');
  if (!keepMargin && cursor.margin) heldRight.push('no margin (the sync re-reads one)');
  return { plan, heldRight };
}
