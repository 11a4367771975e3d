/**
 * The adversarial workloads: each starts from a few rows the sync already
 * copied, writes as the app and its concurrent users would, runs the sync
 * until it settles, and compares the copy with the table. PGlite is one
 * connection, so what concurrency does is simulated with what it leaves
 * behind:
 *
 * - writers whose transactions began in another order than they reached the
 *   table: the rows' cursor values are set (with triggers off) so that the
 *   table holds them in another order than their values;
 * - a transaction that began before the sync's read and commits after it:
 *   its row is written (its defaults and triggers stamp it then), taken out
 *   before the read (as its snapshot would not show it) and put back as it
 *   was after the sync stored its position;
 * - rows that tie in the read's order come back in the order that hurts the
 *   sync most (sync-run.ts): PostgreSQL promises none.
 *
 * Each write is told in the counterexample's timeline where it happened,
 * between the pages read and the positions stored.
 */
import type { ProofMissing, ProofPage } from '../analysis/sync/sync-proof.js';
import { quoteIdent, type Sql } from './database.js';
import type { ReplayPlan } from './plan.js';
import { positionText, SyncRun, type TimelineEntry } from './sync-run.js';
import type { ReplayTable } from './table.js';

export type WorkloadId = 'burst' | 'tie' | 'moving' | 'during' | 'late' | 'margin-page' | 'delete';

export interface WorkloadOutcome {
  id: WorkloadId;
  /** What the workload did, in one sentence with its numbers. */
  text: string;
  status: 'lost-rows' | 'stalled' | 'no-loss';
  pages: ProofPage[];
  stored: string[];
  timeline: TimelineEntry[];
  missing: ProofMissing[];
  missingCount: number;
}

interface Context {
  db: Sql;
  table: ReplayTable;
  plan: ReplayPlan;
  maxRows: number;
  sync: SyncRun;
  /** The rows of the workload's start, copied by the sync. */
  seed: string[];
}

/** Rows copied before the workload begins (at most a page: the first run reads them all). */
const SEED_ROWS = 3;

function pageRows(ctx: Pick<Context, 'plan' | 'maxRows'>): number {
  return Math.min(ctx.plan.page.size, ctx.maxRows);
}

/** More rows than a page: a page and a half. */
function overPage(ctx: Pick<Context, 'plan' | 'maxRows'>): number {
  const page = pageRows(ctx);
  return page + Math.ceil(page / 2);
}

/** Distinct cursor values, one a row, greater than every value before, given to `ids` in the order of `order`. */
async function distinctCursors(ctx: Context, ids: readonly string[], order: readonly string[]): Promise<void> {
  const { table } = ctx;
  const max = await table.maxCursor();
  const { rows } = await ctx.db.query<{ value: string }>(
    table.cursorKind === 'time'
      ? `select ($1::timestamptz + g.n * interval '1 microsecond')::${table.cursorType}::text as value from generate_series(1, $2::int) as g(n)`
      : `select (coalesce($1::numeric, 0) + g.n)::text as value from generate_series(1, $2::int) as g(n)`,
    [max, ids.length],
  );
  await table.setCursors(
    order,
    rows.map((row) => row.value),
  );
  await table.tick();
}

/** The copied rows the burst updates. */
function updatedSeed(ctx: Context): string[] {
  return ctx.seed.slice(0, 2);
}

const short = (id: string) => (id.length > 12 ? id.slice(0, 8) : id);

/** `a1b2c3d4 (cursor V)`: a row and its cursor value now. */
async function rowNow(ctx: Context, id: string): Promise<string> {
  const [cursor] = await ctx.table.cursors([id]);
  return `${short(id)} (${ctx.table.cursor} ${cursor})`;
}

/** `from V to W`: the cursor values of rows, lowest and highest. */
async function spanOf(ctx: Context, ids: readonly string[]): Promise<string> {
  const values = (await ctx.table.cursors(ids)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const [low, high] = [values[0], values.at(-1)];
  return low === high ? `all at ${low}` : `${ctx.table.cursor} from ${low} to ${high}`;
}

/** How the table's cursor gets its value on a write, for the commit-order story. */
function stampText(ctx: Context): string {
  return ctx.table.cursorKind === 'time' ? "stamped with its transaction's start" : 'given its value when written';
}

interface Workload {
  applies?: (plan: ReplayPlan) => boolean;
  text: (ctx: Context) => string;
  /** Writes and runs the sync until it settles; true when it stalled. */
  run: (ctx: Context) => Promise<boolean>;
}

const burst: Workload = {
  text: (ctx) =>
    `${overPage(ctx)} rows changed between two syncs (${overPage(ctx) - updatedSeed(ctx).length} inserted, ${updatedSeed(ctx).length} updated; a page holds ${pageRows(ctx)}), committed in the opposite order of their cursor values (concurrent writers), so that the read, in its own order, meets the newest first`,
  async run(ctx) {
    const updated = updatedSeed(ctx);
    const inserted = await ctx.table.insert(overPage(ctx) - updated.length);
    await ctx.table.update(updated);
    const ids = [...inserted, ...updated];
    // the rows differ in the other columns the read orders by, as real rows do
    for (const order of ctx.plan.orders) {
      if (order.column !== ctx.table.cursor) await ctx.table.distinctValues(ids, order.column);
    }
    await distinctCursors(ctx, ids, ids);
    // the greatest value to the row the read returns first, and the table holds them newest first
    const order = await ctx.sync.readOrder(ids);
    await distinctCursors(ctx, ids, [...order].reverse());
    await ctx.table.arrange(order);
    ctx.sync.event(
      `${ids.length} rows changed (${inserted.length} inserted, ${updated.map(short).join(' and ')} updated), ${await spanOf(ctx, ids)}`,
    );
    return (await ctx.sync.settle()).stalled;
  },
};

const tie: Workload = {
  text: (ctx) =>
    ctx.table.uniqueCursor
      ? `one statement wrote ${overPage(ctx)} rows, more than a page of ${pageRows(ctx)} (the cursor is unique: they cannot share a value)`
      : `one statement wrote ${overPage(ctx)} rows (one UPDATE of many rows: they share one cursor value), more than a page of ${pageRows(ctx)}`,
  async run(ctx) {
    const ids = await ctx.table.insert(overPage(ctx));
    // one statement's rows share its now(); a cursor no default stamps (a version number the app sets) is given one value
    if (!ctx.table.uniqueCursor) {
      const value = await ctx.table.maxCursor();
      await ctx.table.setCursors(
        ids,
        ids.map(() => value!),
      );
    }
    // the rows differ in the columns ordered between the cursor and the tiebreak, in the opposite order of the tiebreak
    const tiebreak = ctx.plan.tiebreak?.column;
    const between = ctx.plan.orders.slice(1).findIndex((order) => order.column === tiebreak);
    const others = ctx.plan.orders.slice(1, between < 0 ? undefined : between + 1).filter((o) => o.column !== tiebreak);
    if (tiebreak) {
      // and the table holds them in that order too (what a read that does not order by the tiebreak meets first)
      const byTie = await ctx.sync.readOrder(ids, [{ column: tiebreak, ascending: false }]);
      for (const order of others) {
        await ctx.table.distinctValues(order.ascending ? byTie : [...byTie].reverse(), order.column);
      }
      await ctx.table.arrange(byTie);
    }
    await ctx.table.tick();
    ctx.sync.event(`one statement wrote ${ids.length} rows, ${await spanOf(ctx, ids)}`);
    return (await ctx.sync.settle()).stalled;
  },
};

const moving: Workload = {
  applies: (plan) => plan.loop || (plan.page.kind === 'range' && plan.page.offsetMoves),
  text: (ctx) =>
    `${2 * pageRows(ctx) + 1} rows to read in pages of ${pageRows(ctx)}; between the first and the second page a row of the first page is updated (it moves to the end)`,
  async run(ctx) {
    const ids = await ctx.table.insert(2 * pageRows(ctx) + 1);
    await distinctCursors(ctx, ids, ids);
    ctx.sync.event(`${ids.length} rows written, ${await spanOf(ctx, ids)}`);
    let moved = false;
    return (
      await ctx.sync.settle({
        betweenPages: async (_run, page, rows) => {
          if (moved || page !== 1 || rows.length === 0) return;
          moved = true;
          const id = rows[0]!.id;
          await ctx.table.update([id]);
          await ctx.table.tick();
          ctx.sync.event(`row ${short(id)}, read on page 1, is updated: now ${await rowNow(ctx, id)}`);
        },
      })
    ).stalled;
  },
};

const during: Workload = {
  text: (ctx) =>
    `rows written while the sync runs: ${ctx.plan.loop ? 'one between its first and second page, and ' : ''}one after its last read and before it stores its position`,
  async run(ctx) {
    // a loop reads a second page: more rows than a page
    const ids = await ctx.table.insert(ctx.plan.loop ? pageRows(ctx) + 1 : 2);
    await ctx.table.tick();
    ctx.sync.event(`${ids.length} rows written, ${await spanOf(ctx, ids)}`);
    let between = false;
    let before = false;
    const write = async (when: string) => {
      const [id] = await ctx.table.insert(1);
      await ctx.table.tick();
      ctx.sync.event(`row ${await rowNow(ctx, id!)} written ${when}`);
    };
    return (
      await ctx.sync.settle({
        betweenPages: async (_run, page) => {
          if (between || page !== 1) return;
          between = true;
          await write('between page 1 and page 2');
        },
        beforeStore: async () => {
          if (before) return;
          before = true;
          await write('after the last read, before the position is stored');
        },
      })
    ).stalled;
  },
};

const late: Workload = {
  text: (ctx) =>
    `a transaction began before the sync read (its row ${stampText(ctx)}) and committed after the sync stored its position; another row committed in between. PGlite is one connection: the row is written with its value, held out of the table while the sync reads (no snapshot would show it), and put back as written`,
  async run(ctx) {
    const [held] = await ctx.table.insert(1);
    const heldText = await rowNow(ctx, held!);
    const rows = await ctx.table.holdBack([held!]);
    ctx.sync.event(`transaction A begins: its row ${heldText} is not committed, so no read sees it`);
    await ctx.table.tick();
    const [other] = await ctx.table.insert(1);
    await ctx.table.tick();
    ctx.sync.event(`row ${await rowNow(ctx, other!)} is written and committed`);
    await ctx.sync.run();
    await ctx.table.restore(rows);
    await ctx.table.tick();
    ctx.sync.event(`transaction A commits: row ${heldText} appears, behind the position stored`);
    return (await ctx.sync.settle()).stalled;
  },
};

const marginPage: Workload = {
  applies: (plan) => plan.margin,
  text: (ctx) =>
    `${overPage(ctx)} rows changed within the margin, more than a page of ${pageRows(ctx)}, and copied; then the sync runs again`,
  async run(ctx) {
    const ids = await ctx.table.insert(overPage(ctx));
    await distinctCursors(ctx, ids, ids);
    ctx.sync.event(`${ids.length} rows changed, ${await spanOf(ctx, ids)}`);
    return (await ctx.sync.settle()).stalled;
  },
};

const remove: Workload = {
  applies: (plan) => plan.deletes !== 'none',
  text: (ctx) =>
    ctx.plan.softDelete.length > 0
      ? `the app marks a copied row deleted (${ctx.plan.softDelete[0]}), the sync runs, then the row is deleted for good (.delete())`
      : 'the app deletes a copied row (.delete())',
  async run(ctx) {
    const [gone] = ctx.seed;
    const soft = ctx.plan.softDelete.find((column) => ctx.table.column(column));
    if (soft) {
      await ctx.table.softDelete([gone!], soft);
      await ctx.table.tick();
      ctx.sync.event(`row ${await rowNow(ctx, gone!)} is marked deleted (${soft} set)`);
      if ((await ctx.sync.settle()).stalled) return true;
    }
    await ctx.table.delete([gone!]);
    ctx.sync.event(`row ${short(gone!)} is deleted (.delete())`);
    if (ctx.plan.deletes === 'heard') {
      ctx.sync.heard([gone!]);
      ctx.sync.event(`a Realtime DELETE listener removes ${short(gone!)} from the copy`);
    }
    await ctx.table.tick();
    return (await ctx.sync.settle()).stalled;
  },
};

const WORKLOADS: Record<WorkloadId, Workload> = {
  burst,
  tie,
  moving,
  during,
  late,
  'margin-page': marginPage,
  delete: remove,
};

/** Whether a copy's row is marked deleted (a soft-delete column set). */
function markedDeleted(row: string, columns: readonly string[]): boolean {
  const parsed = JSON.parse(row) as Record<string, unknown>;
  return columns.some((column) => parsed[column] !== undefined && parsed[column] !== null && parsed[column] !== false);
}

/** The rows where the copy and the table differ. */
async function compare(ctx: Context, rowJson: string): Promise<ProofMissing[]> {
  const { rows } = await ctx.db.query<{ id: string; cursor: string; row: string }>(
    `select ${ctx.table.keyExpr('t')} as id, t.${quoteIdent(ctx.table.cursor)}::text as cursor, ${rowJson}::text as row
     from ${ctx.table.sql} as t order by t.${quoteIdent(ctx.table.cursor)}, 1`,
  );
  const missing: ProofMissing[] = [];
  const live = new Set<string>();
  for (const row of rows) {
    live.add(row.id);
    const copied = ctx.sync.copy.get(row.id);
    if (!copied) missing.push({ id: row.id, cursor: row.cursor, why: 'never read' });
    else if (copied.row !== row.row) missing.push({ id: row.id, cursor: row.cursor, why: 'stale' });
  }
  for (const [id, copied] of ctx.sync.copy) {
    if (live.has(id) || markedDeleted(copied.row, ctx.plan.softDelete)) continue;
    missing.push({ id, cursor: copied.cursor, why: 'deleted row kept' });
  }
  return missing;
}

export function workloadApplies(id: WorkloadId, plan: ReplayPlan): boolean {
  return WORKLOADS[id].applies?.(plan) ?? true;
}

/** Runs one workload from an empty table: seed rows copied, the workload, the sync until it settles, the comparison. */
export async function runWorkload(
  id: WorkloadId,
  db: Sql,
  table: ReplayTable,
  plan: ReplayPlan,
  maxRows: number,
): Promise<WorkloadOutcome> {
  await table.truncate();
  const sync = new SyncRun(db, table, plan, maxRows);
  // written one by one (earlier syncs copied rows written at different times)
  const seed: string[] = [];
  for (let i = 0; i < Math.min(SEED_ROWS, pageRows({ plan, maxRows })); i++) {
    seed.push(...(await table.insert(1)));
    await table.tick();
  }
  await sync.settle();
  // a position stored from the clock is later than every row: the workload's writes come later still
  if (sync.position) await table.tickPast('$1::timestamptz', sync.position.cursor);
  // the counterexample starts after the seed rows were copied
  sync.pages.length = 0;
  sync.stored.length = 0;
  sync.timeline.length = 0;
  sync.runs = 0;
  sync.event(`${seed.length} rows copied by earlier runs; the position stored is ${positionText(sync.position)}`);
  const ctx: Context = { db, table, plan, maxRows, sync, seed };
  const workload = WORKLOADS[id];
  const stalled = await workload.run(ctx);
  const missing = await compare(ctx, sync.rowJsonExpr);
  return {
    id,
    text: workload.text(ctx),
    status: stalled ? 'stalled' : missing.length > 0 ? 'lost-rows' : 'no-loss',
    pages: sync.pages,
    stored: sync.stored,
    timeline: sync.timeline,
    missing,
    missingCount: missing.length,
  };
}
