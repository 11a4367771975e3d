/**
 * Makes the replayed table in PGlite: from the project's own migrations when
 * they create it (its columns, types, defaults, indexes and triggers, and the
 * tables its foreign keys reference), running what PostgreSQL accepts and
 * noting what it skipped and why; else from the columns the code uses. The
 * table's foreign keys and CHECK constraints are dropped (the replay writes
 * this table alone, with the plainest values), and a trigger whose function
 * fails on a row (it writes a table that is not there) is dropped with the
 * reason; every other trigger runs on every write, as in production.
 */
import type { ParsedFile } from '../schema/sql-files.js';
import { errorLine, quoteIdent, type ReplayDatabase } from './database.js';
import { type ColumnInfo, ReplayTable, type TableShape } from './table.js';
import { tableStatements } from './table-statements.js';

export interface TableInput {
  schema: string;
  table: string;
  cursor: string;
  /** The cursor column's type when the schema gives it. */
  cursorType: string | null;
  tiebreak: string | null;
  /** Columns the code or the schema says are unique. */
  unique: readonly string[];
  softDelete: readonly string[];
  selected: '*' | readonly string[] | null;
  /** Other columns the read names (its orders, its live-row filters). */
  named: readonly string[];
  /** The project's parsed migrations (null: none). */
  migrations: readonly ParsedFile[] | null;
  /** The code names the table at run time: the table stands for each it names. */
  namedAtRunTime?: boolean;
}

const q = quoteIdent;

const firstLine = errorLine;

async function shapeOf(db: ReplayDatabase, schema: string, table: string): Promise<TableShape | null> {
  const regclass = `${q(schema)}.${q(table)}`;
  const exists = await db.query<{ oid: string | null }>('select to_regclass($1)::text as oid', [regclass]);
  if (!exists.rows[0]?.oid) return null;
  const { rows: columns } = await db.query<ColumnInfo>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
       coalesce(b.typcategory, t.typcategory) as category, coalesce(b.typname, t.typname) as typname,
       a.attnotnull as "notNull", a.atthasdef or a.attidentity <> '' as "hasDefault",
       a.attidentity = 'a' or a.attgenerated <> '' as generated
     from pg_attribute a join pg_type t on t.oid = a.atttypid left join pg_type b on b.oid = t.typbasetype and t.typtype = 'd'
     where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    [regclass],
  );
  const { rows: indexes } = await db.query<{ primary: boolean; partial: boolean; columns: string[] }>(
    `select i.indisprimary as primary, i.indpred is not null as partial,
       array(select a.attname from unnest(i.indkey::int2[]) as k join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k) as columns
     from pg_index i where i.indrelid = $1::regclass and i.indisunique`,
    [regclass],
  );
  const primary = indexes.find((index) => index.primary)?.columns;
  const notNull = (name: string) => columns.find((c) => c.name === name)?.notNull === true;
  const key =
    primary ??
    indexes.find((index) => !index.partial && index.columns.length > 0 && index.columns.every(notNull))?.columns;
  return {
    schema,
    table,
    columns,
    key: key ?? [],
    unique: new Set(indexes.flatMap((index) => index.columns)),
    singleUnique: new Set(indexes.filter((i) => !i.partial && i.columns.length === 1).map((i) => i.columns[0]!)),
  };
}

/** Runs the migrations' statements of the table; notes each one PostgreSQL rejected. */
async function fromMigrations(db: ReplayDatabase, input: TableInput, notes: string[]): Promise<number> {
  const statements = tableStatements(input.migrations ?? [], input.schema, input.table);
  if (statements.length === 0) return 0;
  await db.exec('set search_path to public, extensions; set check_function_bodies = off;');
  let run = 0;
  for (const statement of statements) {
    try {
      await db.exec(statement.sql);
      run++;
    } catch (error) {
      // PGlite has no moddatetime: the stand-in (database.ts) does what it does, in extensions like Supabase's
      if (statement.what === 'extension moddatetime') {
        notes.push('moddatetime: PGlite lacks the extension; a PL/pgSQL stand-in sets the column to now(), as it does');
      } else notes.push(`${statement.file}:${statement.line} (${statement.what}) skipped: ${firstLine(error)}`);
    }
  }
  await db.exec('reset search_path; reset check_function_bodies;');
  return run;
}

/** The table from the code's columns: a key, the cursor (`default now()`, moved on update by a trigger), the tiebreak, soft-delete and selected columns. */
async function fromCode(db: ReplayDatabase, input: TableInput): Promise<string[]> {
  const cursorType = input.cursorType ?? 'timestamp with time zone';
  const time = /time|date/.test(cursorType);
  const columns: string[] = [];
  const seen = new Set<string>();
  const add = (name: string, definition: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    columns.push(`${q(name)} ${definition}`);
  };
  if (input.cursor === 'id')
    add('id', `${time ? 'timestamptz' : 'bigint generated by default as identity'} primary key`);
  else add('id', 'uuid primary key default gen_random_uuid()');
  // a cursor the schema says is unique is unique here too (and then has no default: one statement's rows share now())
  const unique = input.unique.includes(input.cursor);
  add(input.cursor, `${cursorType} not null${unique ? ' unique' : time ? ' default now()' : ''}`);
  if (input.tiebreak)
    add(input.tiebreak, input.unique.includes(input.tiebreak) ? 'text unique' : `text not null default 'x'`);
  for (const column of input.softDelete)
    add(column, /_at$|_on$|At$/.test(column) ? 'timestamptz' : 'boolean not null default false');
  for (const column of [...(input.selected === null || input.selected === '*' ? [] : input.selected), ...input.named]) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(column)) add(column, 'text');
  }
  const table = `${q(input.schema)}.${q(input.table)}`;
  if (input.schema !== 'public') await db.exec(`create schema if not exists ${q(input.schema)}`);
  await db.exec(`create table ${table} (${columns.join(', ')})`);
  const notes = [
    input.namedAtRunTime
      ? `the code names the table at run time: made from the columns the code uses (${[...seen].join(', ')}), as each table it names is read`
      : `made from the columns the code uses: ${[...seen].join(', ')}`,
  ];
  if (time && input.cursor !== 'id') {
    await db.exec(
      `create trigger replay_moddatetime before update on ${table} for each row execute function extensions.moddatetime(${q(input.cursor)})`,
    );
    notes.push(`${input.cursor} is set to now() by a trigger on update (moddatetime), as a Supabase table usually is`);
  }
  return notes;
}

/** Drops the table's foreign keys and CHECK constraints: the replay writes it alone. */
async function loosen(db: ReplayDatabase, shape: TableShape, notes: string[]): Promise<void> {
  const regclass = `${q(shape.schema)}.${q(shape.table)}`;
  const { rows } = await db.query<{ name: string; type: string }>(
    `select conname as name, contype::text as type from pg_constraint where conrelid = $1::regclass and contype in ('f', 'c')`,
    [regclass],
  );
  for (const { name } of rows) await db.exec(`alter table ${regclass} drop constraint ${q(name)}`);
  const foreign = rows.filter((row) => row.type === 'f').length;
  const checks = rows.length - foreign;
  if (foreign > 0)
    notes.push(`${foreign} foreign key${foreign === 1 ? '' : 's'} dropped: the replay writes this table alone`);
  if (checks > 0)
    notes.push(`${checks} CHECK constraint${checks === 1 ? '' : 's'} dropped: the replay writes the plainest values`);
}

/**
 * Writes a row and updates it, to learn whether an update moves the cursor
 * by itself; a trigger whose function fails is dropped (and noted), up to a
 * few times. Returns the reason when no row can be written.
 */
async function probe(db: ReplayDatabase, table: ReplayTable, notes: string[]): Promise<string | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const [id] = await table.insert(1);
      await table.tick();
      const [before] = await table.cursors([id!]);
      // an update that sets no column itself: only a trigger can move the cursor
      table.cursorMaintained = true;
      await table.update([id!]);
      const [after] = await table.cursors([id!]);
      table.cursorMaintained = before !== after;
      await table.truncate();
      return null;
    } catch (error) {
      const where = (error as { where?: string }).where ?? '';
      const fn = /function ([\w.]+)\(/.exec(where)?.[1];
      if (!fn) return `a row cannot be written: ${firstLine(error)}`;
      const { rows } = await db.query<{ name: string }>(
        `select tgname as name from pg_trigger where tgrelid = $1::regclass and not tgisinternal and tgfoid::regproc::text in ($2, $3)`,
        [table.sql, fn, fn.split('.').pop()],
      );
      if (rows.length === 0) return `a row cannot be written: ${firstLine(error)}`;
      for (const { name } of rows) {
        await db.exec(`drop trigger ${q(name)} on ${table.sql}`);
        notes.push(`trigger ${name} dropped: its function ${fn}() fails here (${firstLine(error)})`);
      }
    }
  }
  return 'a row cannot be written: its triggers keep failing';
}

/** The replayed table, or why there is none. */
export async function buildTable(db: ReplayDatabase, input: TableInput): Promise<ReplayTable | { reason: string }> {
  await db.reset();
  const notes: string[] = [];
  let source: 'migrations' | 'code' = 'migrations';
  let statements = input.migrations ? await fromMigrations(db, input, notes) : 0;
  let shape = statements > 0 ? await shapeOf(db, input.schema, input.table) : null;
  if (!shape) {
    if (statements > 0)
      notes.push(`the migrations' CREATE TABLE ${input.table} did not run: made from the code instead`);
    await db.reset();
    source = 'code';
    statements = 0;
    notes.push(...(await fromCode(db, input)));
    shape = await shapeOf(db, input.schema, input.table);
    if (!shape) return { reason: `the table ${input.table} could not be made` };
  }
  if (!shape.columns.some((c) => c.name === input.cursor)) {
    return { reason: `${input.table} has no column ${input.cursor} in the migrations` };
  }
  const cursorColumn = shape.columns.find((c) => c.name === input.cursor)!;
  if (cursorColumn.category !== 'D' && cursorColumn.category !== 'N') {
    return {
      reason: `the cursor ${input.cursor} is of type ${cursorColumn.type}: only time and number cursors are replayed`,
    };
  }
  if (shape.key.length === 0)
    return { reason: `${input.table} has no primary key or unique NOT NULL columns to match rows by` };
  if (input.tiebreak && !shape.columns.some((c) => c.name === input.tiebreak)) {
    return { reason: `${input.table} has no column ${input.tiebreak} (the tiebreak)` };
  }
  await loosen(db, shape, notes);
  const table = new ReplayTable(db, shape, input.cursor, source, statements, notes);
  const failed = await probe(db, table, notes);
  if (failed) return { reason: failed };
  if (!table.cursorMaintained && source === 'migrations') {
    notes.push(
      `no trigger moves ${input.cursor} on update: the workloads' updates set it themselves, as the app's must`,
    );
  }
  return table;
}
