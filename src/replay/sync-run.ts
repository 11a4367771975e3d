/**
 * The sync, run as its plan says against the replayed table, keeping a local
 * copy: each run reads past the stored position (moved back by the margin
 * when it has one) with the plan's comparison, keyset, order and page (the
 * limit, cut at max-rows as PostgREST does), page after page when it loops,
 * then stores the next position: the last row read (the greatest cursor
 * value read, when the read is not ordered by the cursor ascending first) or
 * the clock. Rows come back as PostgREST sends them (to_jsonb); the copy
 * upserts them by key.
 */
import type { ProofPage, ProofRow } from '../analysis/sync/sync-proof.js';
import { quoteIdent, type Sql } from './database.js';
import type { ReplayPlan } from './plan.js';
import type { ReplayTable } from './table.js';

export interface Position {
  cursor: string;
  tie: string | null;
}

interface RowRead {
  id: string;
  cursor: string;
  ord: string;
  tie: string | null;
  row: string;
}

export interface Hooks {
  /** After page `page` of a run, before the next is read. */
  betweenPages?: (run: number, page: number, rows: readonly ProofRow[]) => Promise<void>;
  /** After the last read of a run, before its position is stored. */
  beforeStore?: (run: number) => Promise<void>;
}

/** One line of a counterexample's story: a page read, a write the workload made, a position stored. */
export interface TimelineEntry {
  kind: 'page' | 'event' | 'stored';
  text: string;
}

export interface RunOutcome {
  /** A row read was new to the copy or newer than its copy. */
  changed: boolean;
  /** The stored position moved. */
  moved: boolean;
  /** The last page came back full. */
  full: boolean;
  /** A loop read a full page and its position did not move: it would read it forever. */
  stuck: boolean;
}

const MARGIN = { time: "interval '60 seconds'", number: '1000' };
/** Pages one run reads at most before the replay calls it stuck. */
const MAX_PAGES = 200;

const q = quoteIdent;

export class SyncRun {
  readonly copy = new Map<string, { row: string; cursor: string }>();
  position: Position | null = null;
  readonly pages: ProofPage[] = [];
  readonly stored: string[] = [];
  /** What happened, in order: the pages read, the workload's writes, the positions stored. */
  readonly timeline: TimelineEntry[] = [];
  runs = 0;
  private readonly pageSize: number;
  /** The row as the copy keeps it: the columns the read selects (with the key and the cursor), as JSON. */
  readonly rowJsonExpr: string;
  private readonly tieType: string | null;

  constructor(
    private readonly db: Sql,
    private readonly table: ReplayTable,
    readonly plan: ReplayPlan,
    maxRows: number,
  ) {
    this.pageSize = Math.min(plan.page.size, maxRows);
    const known = new Set(table.shape.columns.map((c) => c.name));
    this.rowJsonExpr =
      plan.selected === '*'
        ? 'to_jsonb(t)'
        : `jsonb_build_object(${[...new Set([...table.shape.key, table.cursor, ...plan.selected])]
            .filter((c) => known.has(c))
            .map((c) => `'${c.replace(/'/g, "''")}', t.${q(c)}`)
            .join(', ')})`;
    this.tieType = plan.tiebreak ? (table.column(plan.tiebreak.column)?.type ?? 'text') : null;
  }

  /** A write of the workload, told in the counterexample where it happened. */
  event(text: string): void {
    this.timeline.push({ kind: 'event', text });
  }

  /**
   * ORDER BY for these orders. Rows the orders leave tied come back in an
   * order PostgreSQL does not promise (a top-N sort reorders them); when the
   * plan has a tiebreak it does not order by, the replay takes the order that
   * hurts it most, the highest tiebreak first. With no order at all the rows
   * come in the table's own order (the workloads arrange it).
   */
  private orderSql(orders: readonly { column: string; ascending: boolean }[]): string {
    if (orders.length === 0) return '';
    const tie = this.plan.tiebreak?.column;
    const tail = tie && !orders.some((o) => o.column === tie) ? [{ column: tie, ascending: false }] : [];
    return ` order by ${[...orders, ...tail].map((o) => `t.${q(o.column)} ${o.ascending ? 'asc' : 'desc'}`).join(', ')}`;
  }

  /** The rows past `from`, at `offset`, as the plan reads them. */
  private async read(from: Position | null, offset: number, margin: boolean): Promise<RowRead[]> {
    const { plan, table } = this;
    const c = `t.${q(plan.cursor)}`;
    const params: unknown[] = [this.pageSize, offset];
    const where: string[] = [];
    if (from) {
      params.push(from.cursor);
      const value = margin ? `($3::${table.cursorType} - ${MARGIN[table.cursorKind]})` : `$3::${table.cursorType}`;
      const op = plan.comparison === 'gt' ? '>' : '>=';
      if (plan.tiebreak && from.tie !== null && !margin) {
        params.push(from.tie);
        const tieOp = plan.tiebreak.comparison === 'gt' ? '>' : '>=';
        where.push(
          `(${c} ${op} ${value} or (${c} = ${value} and t.${q(plan.tiebreak.column)} ${tieOp} $4::${this.tieType}))`,
        );
      } else where.push(`${c} ${op} ${value}`);
    }
    for (const column of plan.liveOnly) {
      const info = table.column(column);
      if (info) where.push(info.category === 'B' ? `t.${q(column)} is not true` : `t.${q(column)} is null`);
    }
    const tie = plan.tiebreak ? `t.${q(plan.tiebreak.column)}::text` : 'null';
    const { rows } = await this.db.query<RowRead>(
      `select ${table.keyExpr('t')} as id, ${c}::text as cursor, ${table.ordExpr('t')} as ord, ${tie} as tie, ${this.rowJsonExpr}::text as row
       from ${table.sql} as t${where.length > 0 ? ` where ${where.join(' and ')}` : ''}${this.orderSql(plan.orders)}
       limit $1::int offset $2::int`,
      params,
    );
    return rows;
  }

  /** The order in which the plan's read returns these rows (its own order; the table's order when it has none). */
  async readOrder(
    ids: readonly string[],
    orders: readonly { column: string; ascending: boolean }[] = this.plan.orders,
  ): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `select ${this.table.keyExpr('t')} as id from ${this.table.sql} as t where ${this.table.keyExpr('t')} = any($1::text[])${this.orderSql(orders)}`,
      [ids],
    );
    return rows.map((row) => row.id);
  }

  /** The position the rows give: the last row read under an ascending cursor order, else the greatest cursor value read. */
  private fromRows(rows: readonly RowRead[]): Position | null {
    if (rows.length === 0) return null;
    const first = this.plan.orders[0];
    let chosen = rows[rows.length - 1]!;
    if (!(first && first.column === this.plan.cursor && first.ascending)) {
      for (const row of rows) if (Number(row.ord) >= Number(chosen.ord)) chosen = row;
    }
    return { cursor: chosen.cursor, tie: this.plan.tiebreak ? chosen.tie : null };
  }

  private upsert(rows: readonly RowRead[]): boolean {
    let changed = false;
    for (const row of rows) {
      const known = this.copy.get(row.id);
      if (known?.row === row.row) continue;
      this.copy.set(row.id, { row: row.row, cursor: row.cursor });
      changed = true;
    }
    return changed;
  }

  /** A Realtime DELETE listener removes the rows from the copy. */
  heard(ids: readonly string[]): void {
    for (const id of ids) this.copy.delete(id);
  }

  private async clockPosition(): Promise<Position> {
    return { cursor: await this.table.clock(), tie: null };
  }

  /** One run of the sync. */
  async run(hooks: Hooks = {}): Promise<RunOutcome> {
    this.runs++;
    const run = this.runs;
    const { plan } = this;
    const offsetPaging = plan.page.kind === 'range' && plan.page.offsetMoves;
    const loops = plan.loop || offsetPaging;
    const before = this.position;
    let from = before;
    let offset = 0;
    let lastRows: Position | null = null;
    let changed = false;
    let full = false;
    let stuck = false;
    for (let page = 1; ; page++) {
      const margin = plan.margin && page === 1 && from !== null;
      const rows = await this.read(from, offset, margin);
      const read = pageOf(run, page, from, offsetPaging ? offset : undefined, rows);
      this.pages.push(read);
      this.timeline.push({ kind: 'page', text: pageText(read, margin) });
      changed = this.upsert(rows) || changed;
      lastRows = this.fromRows(rows) ?? lastRows;
      full = rows.length >= this.pageSize;
      if (!loops || rows.length < plan.page.size || rows.length === 0) break;
      if (page >= MAX_PAGES) {
        stuck = true;
        break;
      }
      await hooks.betweenPages?.(run, page, rows.map(proofRow));
      if (offsetPaging) {
        offset += this.pageSize;
        continue;
      }
      const next = plan.store === 'clock' && plan.storeInLoop ? await this.clockPosition() : this.fromRows(rows)!;
      // a page read past the margin may end at the position itself: the next page reads on from there
      if (!plan.storeInLoop && !margin && samePosition(next, from)) {
        stuck = true;
        break;
      }
      from = next;
    }
    await hooks.beforeStore?.(run);
    this.position = plan.store === 'clock' ? await this.clockPosition() : (lastRows ?? before);
    this.stored.push(positionText(this.position));
    this.timeline.push({
      kind: 'stored',
      text: `run ${run} stored ${positionText(this.position)}${plan.store === 'clock' ? ' (the clock)' : ''}`,
    });
    return { changed, moved: !samePosition(this.position, before), full, stuck };
  }

  /**
   * Runs the sync until it is caught up as far as it goes: a run that
   * changes nothing in the copy and reads a short page. `stalled` when a run
   * changes nothing but reads a full page again from the same position (it
   * reads that page forever), when a loop got stuck, or when the runs never
   * settle (each reads a full page of rows it already has).
   */
  async settle(hooks: Hooks = {}, maxRuns = 12): Promise<{ stalled: boolean }> {
    for (let i = 0; i < maxRuns; i++) {
      const outcome = await this.run(hooks);
      if (outcome.stuck) return { stalled: true };
      if (outcome.changed) continue;
      // a clock moves on every run: such a sync has settled when its copy stays
      if (this.plan.store === 'clock' || !outcome.full) return { stalled: outcome.full };
      if (!outcome.moved) return { stalled: true };
      // a full page of rows it has, from a position that moved: it reads on
    }
    return { stalled: true };
  }
}

function samePosition(a: Position | null, b: Position | null): boolean {
  return a?.cursor === b?.cursor && a?.tie === b?.tie;
}

function proofRow(row: { id: string; cursor: string }): ProofRow {
  return { id: row.id, cursor: row.cursor };
}

export function positionText(position: Position | null): string {
  if (!position) return '(none: the first run reads from the start)';
  return position.tie !== null ? `${position.cursor}, ${position.tie}` : position.cursor;
}

function pageOf(
  run: number,
  page: number,
  from: Position | null,
  offset: number | undefined,
  rows: RowRead[],
): ProofPage {
  return {
    run,
    page,
    after: positionText(from),
    ...(offset !== undefined ? { offset } : {}),
    rows: rows.length,
    ...(rows.length > 0 ? { first: proofRow(rows[0]!), last: proofRow(rows[rows.length - 1]!) } : {}),
  };
}

/** A row as a counterexample line names it: its key (the first 8 characters of a long one) at its cursor value. */
export function rowText(row: ProofRow): string {
  return `${row.id.length > 12 ? row.id.slice(0, 8) : row.id} at ${row.cursor ?? 'null'}`;
}

function pageText(page: ProofPage, margin: boolean): string {
  const where = `past ${page.after}${margin ? ' less the margin' : ''}${page.offset !== undefined ? ` at offset ${page.offset}` : ''}`;
  const span =
    page.rows === 0
      ? ''
      : page.rows === 1
        ? `: ${rowText(page.first!)}`
        : `: ${rowText(page.first!)} … ${rowText(page.last!)}`;
  return `run ${page.run} page ${page.page} read ${page.rows} row${page.rows === 1 ? '' : 's'} ${where}${span}`;
}
