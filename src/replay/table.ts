/**
 * The replayed table as the workloads and the sync use it: its key, its
 * cursor column, the values a new row needs, and the writes the workloads
 * make (inserts, updates, deletes, cursor values set as concurrent writers
 * would have left them). Made by table-build.ts from the project's migrations
 * or from the columns the code uses.
 */
import { quoteIdent, type Sql } from './database.js';

export interface ColumnInfo {
  name: string;
  /** As format_type() prints it. */
  type: string;
  /** pg_type.typcategory (`D` date/time, `N` numeric, `S` string, `B` boolean, `U` user, `E` enum, `A` array, ...). */
  category: string;
  /** The type's own name (`uuid`, `jsonb`, `int8`), for the user-defined category. */
  typname: string;
  notNull: boolean;
  hasDefault: boolean;
  /** Identity or generated: never written. */
  generated: boolean;
}

export type CursorKind = 'time' | 'number';

export interface TableShape {
  schema: string;
  table: string;
  columns: ColumnInfo[];
  key: string[];
  /** Columns in some unique index. */
  unique: Set<string>;
  /** Columns unique alone (a unique index of that column only, not partial). */
  singleUnique: Set<string>;
}

const q = quoteIdent;

/** A value for a column that no default fills: unique per row where an index asks it, else one constant. */
function valueFor(column: ColumnInfo, unique: boolean): string {
  const cast = `::${column.type}`;
  const n = '($2::bigint + g.n)';
  if (unique) {
    if (column.typname === 'uuid') return 'gen_random_uuid()';
    if (column.category === 'N') return `${n}${cast}`;
    if (column.category === 'D') return `(now() + ${n} * interval '1 microsecond')${cast}`;
    if (column.typname === 'jsonb' || column.typname === 'json') return `jsonb_build_object('n', ${n})${cast}`;
    return `('r' || ${n})${cast}`;
  }
  switch (column.category) {
    case 'B':
      return `false${cast}`;
    case 'N':
      return `0${cast}`;
    case 'D':
      return `now()${cast}`;
    case 'A':
      return `'{}'${cast}`;
    case 'E':
      return `(enum_range(null${cast}))[1]`;
    case 'T':
      return `'0'${cast}`;
    case 'I':
      return `'127.0.0.1'${cast}`;
    default:
      if (column.typname === 'uuid') return `'00000000-0000-4000-8000-000000000000'::uuid`;
      if (column.typname === 'jsonb' || column.typname === 'json') return `'{}'${cast}`;
      return `'x'${cast}`;
  }
}

export class ReplayTable {
  readonly name: string;
  readonly sql: string;
  readonly cursorKind: CursorKind;
  readonly cursorType: string;
  /** Whether an UPDATE moves the cursor by itself (a trigger); when not, the workloads' updates set it, as the app must. */
  cursorMaintained = false;
  private serial = 1000;
  private readonly insertSql: string;
  private readonly writable: string[];

  constructor(
    private readonly db: Sql,
    readonly shape: TableShape,
    readonly cursor: string,
    readonly source: 'migrations' | 'code',
    readonly statements: number,
    readonly notes: string[],
  ) {
    this.name = shape.schema === 'public' ? shape.table : `${shape.schema}.${shape.table}`;
    this.sql = `${q(shape.schema)}.${q(shape.table)}`;
    const column = this.column(cursor)!;
    this.cursorKind = column.category === 'D' ? 'time' : 'number';
    this.cursorType = column.type;
    const filled = shape.columns.filter(
      (c) =>
        !c.generated &&
        !c.hasDefault &&
        (c.notNull || shape.key.includes(c.name) || shape.unique.has(c.name) || c.name === cursor),
    );
    // a cursor no default fills: the writer's clock (a time), or a number of its own per row
    const exprs = filled.map((c) =>
      c.name === cursor && !shape.unique.has(c.name) && this.cursorKind === 'time'
        ? `now()::${c.type}`
        : valueFor(c, shape.unique.has(c.name) || shape.key.includes(c.name) || c.name === cursor),
    );
    this.insertSql =
      filled.length > 0
        ? `insert into ${this.sql} as t (${filled.map((c) => q(c.name)).join(', ')}) select ${exprs.join(', ')} from generate_series(1, $1::int) as g(n) where $2::bigint is not null returning ${this.keyExpr('t')} as id`
        : `insert into ${this.sql} as t select from generate_series(1, $1::int) as g(n) where $2::bigint is not null returning ${this.keyExpr('t')} as id`;
    this.writable = shape.columns.filter((c) => !c.generated).map((c) => c.name);
  }

  /** The cursor column alone is unique (the key, or a unique index of its own): it cannot tie. */
  get uniqueCursor(): boolean {
    return this.shape.singleUnique.has(this.cursor);
  }

  column(name: string): ColumnInfo | undefined {
    return this.shape.columns.find((c) => c.name === name);
  }

  /** The row's key as text. */
  keyExpr(alias: string): string {
    const [only] = this.shape.key;
    return this.shape.key.length === 1
      ? `${alias}.${q(only!)}::text`
      : `jsonb_build_array(${this.shape.key.map((c) => `${alias}.${q(c)}`).join(', ')})::text`;
  }

  /** A column's value as a number that orders as the cursor does (microseconds for time). */
  ordExpr(alias: string, column = this.cursor): string {
    return this.cursorKind === 'time' && column === this.cursor
      ? `(extract(epoch from ${alias}.${q(column)}) * 1000000)::numeric::text`
      : `${alias}.${q(column)}::numeric::text`;
  }

  /** Inserts `count` rows in one statement (one transaction: one now()); returns their keys. */
  async insert(count: number): Promise<string[]> {
    const base = this.serial;
    this.serial += count + 1;
    const { rows } = await this.db.query<{ id: string }>(this.insertSql, [count, base]);
    return rows.map((row) => row.id);
  }

  /** Updates rows in one statement, as the app does: the cursor moves by the table's trigger, or by the update itself. */
  async update(ids: readonly string[], extra = ''): Promise<void> {
    const c = q(this.cursor);
    const set = this.cursorMaintained
      ? `${c} = t.${c}`
      : this.cursorKind === 'time'
        ? `${c} = now()`
        : `${c} = (select coalesce(max(${c}), 0) from ${this.sql}) + v.r`;
    await this.db.query(
      `update ${this.sql} as t set ${set}${extra} from (select k, row_number() over () as r from unnest($1::text[]) as k) as v where ${this.keyExpr('t')} = v.k`,
      [ids],
    );
  }

  async delete(ids: readonly string[]): Promise<void> {
    await this.db.query(`delete from ${this.sql} as t where ${this.keyExpr('t')} = any($1::text[])`, [ids]);
  }

  /** Marks rows deleted in a soft-delete column (a timestamp set, or a flag made true), moving the cursor as an update does. */
  async softDelete(ids: readonly string[], column: string): Promise<void> {
    const info = this.column(column);
    const value = info?.category === 'B' ? 'true' : `now()::${info?.type ?? 'timestamptz'}`;
    await this.update(ids, `, ${q(column)} = ${value}`);
  }

  /** Sets the cursor column of rows to given values with triggers off, as writers whose transactions began at other times left them. */
  async setCursors(ids: readonly string[], values: readonly string[]): Promise<void> {
    await this.withoutTriggers(() =>
      this.db.query(
        `update ${this.sql} as t set ${q(this.cursor)} = v.val::${this.cursorType} from unnest($1::text[], $2::text[]) as v(k, val) where ${this.keyExpr('t')} = v.k`,
        [ids, values],
      ),
    );
  }

  /**
   * Gives rows values of their own in a column (as real rows differ in the
   * columns a read orders by), with triggers off; false when its type has too
   * few values (a boolean, an enum) or it is the key.
   */
  async distinctValues(ids: readonly string[], column: string): Promise<boolean> {
    const info = this.column(column);
    if (!info || info.generated || this.shape.key.includes(column)) return false;
    const n = '(1000000 + v.r)';
    const value =
      info.typname === 'uuid'
        ? 'gen_random_uuid()'
        : info.category === 'N'
          ? `${n}::${info.type}`
          : info.category === 'D'
            ? `(now() + ${n} * interval '1 microsecond')::${info.type}`
            : info.category === 'S'
              ? `('r' || ${n})::${info.type}`
              : null;
    if (value === null) return false;
    await this.withoutTriggers(() =>
      this.db.query(
        `update ${this.sql} as t set ${q(column)} = ${value} from (select k, row_number() over () as r from unnest($1::text[]) as k) as v where ${this.keyExpr('t')} = v.k`,
        [ids],
      ),
    );
    return true;
  }

  /** The cursor values of rows, as text, in the order asked. */
  async cursors(ids: readonly string[]): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string; cursor: string }>(
      `select ${this.keyExpr('t')} as id, t.${q(this.cursor)}::text as cursor from ${this.sql} as t where ${this.keyExpr('t')} = any($1::text[])`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row.cursor]));
    return ids.map((id) => byId.get(id) ?? '');
  }

  /** Takes rows out as they are (a transaction not committed yet: nobody sees them); `restore` commits them. */
  async holdBack(ids: readonly string[]): Promise<string[]> {
    const { rows } = await this.db.query<{ row: string }>(
      `select to_jsonb(t)::text as row from ${this.sql} as t where ${this.keyExpr('t')} = any($1::text[])`,
      [ids],
    );
    await this.withoutTriggers(() => this.delete(ids));
    return rows.map((row) => row.row);
  }

  /** Puts rows back as they were, in this order (the order the table then holds them in). */
  async restore(rows: readonly string[]): Promise<void> {
    const columns = this.writable.map((c) => q(c)).join(', ');
    const values = this.writable.map((c) => `p.${q(c)}`).join(', ');
    await this.withoutTriggers(() =>
      this.db.query(
        `insert into ${this.sql} (${columns}) overriding system value select ${values} from unnest($1::text[]) with ordinality as r(j, n), jsonb_populate_record(null::${this.sql}, r.j::jsonb) as p order by r.n`,
        [rows],
      ),
    );
  }

  /**
   * Makes the table hold these rows in this order (rewritten as they are), as
   * writers that committed in that order leave them: what a read with no
   * order, or ties in its order, returns first.
   */
  async arrange(ids: readonly string[]): Promise<void> {
    const { rows } = await this.db.query<{ row: string }>(
      `select to_jsonb(t)::text as row from unnest($1::text[]) with ordinality as k(id, n) join ${this.sql} as t on ${this.keyExpr('t')} = k.id order by k.n`,
      [ids],
    );
    await this.withoutTriggers(() => this.delete(ids));
    await this.restore(rows.map((row) => row.row));
  }

  private async withoutTriggers<T>(run: () => Promise<T>): Promise<T> {
    await this.db.exec('set session_replication_role = replica');
    try {
      return await run();
    } finally {
      await this.db.exec('set session_replication_role = origin');
    }
  }

  /** Empties the table between workloads. */
  async truncate(): Promise<void> {
    await this.db.exec(`truncate ${this.sql} restart identity cascade`);
  }

  /** The greatest cursor value, as text (null on an empty table). */
  async maxCursor(): Promise<string | null> {
    const { rows } = await this.db.query<{ max: string | null }>(
      `select max(${q(this.cursor)})::text as max from ${this.sql}`,
    );
    return rows[0]?.max ?? null;
  }

  /** Waits until the database clock has passed every cursor value written, so that the next write stamps a later one. */
  async tick(): Promise<void> {
    await this.tickPast(`(select max(${q(this.cursor)}) from ${this.sql})::timestamptz`);
  }

  /**
   * Waits until the database clock has passed a time (an SQL expression, or
   * a position stored from the clock), so that the next write stamps a later
   * one: PGlite's clock may not move within a millisecond.
   */
  async tickPast(time: string, param?: string): Promise<void> {
    if (this.cursorKind !== 'time') return;
    for (let tries = 0; tries < 1000; tries++) {
      const { rows } = await this.db.query<{ ok: boolean }>(
        `select clock_timestamp() > coalesce(${time}, '-infinity') + interval '1 millisecond' as ok`,
        param === undefined ? [] : [param],
      );
      if (rows[0]?.ok) return;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /** The clock, as the sync's `new Date()` or `Date.now()` reads it, in the cursor's terms. */
  async clock(): Promise<string> {
    if (this.cursorKind === 'number') return String(Date.now());
    const { rows } = await this.db.query<{ now: string }>(`select clock_timestamp()::${this.cursorType}::text as now`);
    return rows[0]!.now;
  }
}
