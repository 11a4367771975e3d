/**
 * The schema model: relations (tables, views, materialized views) by schema and
 * name, their columns and their unique keys, plus the queries the rules and the
 * codemods ask. Names are PostgreSQL's: an unquoted identifier was folded to lower
 * case by the parser, a quoted one kept as written; PostgREST's `.from('t')` names a
 * relation exactly, so lookups compare exactly.
 */
import { unreadSqlChanges } from './unread-sql.js';

export type RelationKind = 'table' | 'view' | 'materialized view';

export interface Column {
  name: string;
  /** The SQL type as PostgreSQL's format_type() prints it (`integer`, `text[]`, `character varying(20)`, a user type as written: `public.status`); null when unknown (a view's column, a column only the generated types describe). */
  type: string | null;
  /** The TypeScript type, for a column the generated types describe. */
  tsType?: string;
  notNull: boolean;
  /** An identity column, or a serial one (a default drawn from a sequence). */
  autoIncrement?: 'identity' | 'serial';
  hasDefault: boolean;
  /** `GENERATED ALWAYS AS (...) STORED`. */
  generated?: boolean;
  /**
   * How many values the column can hold, when its type or a CHECK constraint
   * allows only a few (schema/check-values.ts): a boolean's 2, `CHECK (day
   * BETWEEN 0 AND 6)`'s 7, an `IN` list's length.
   */
  values?: number;
}

/** `group by`: a view's grouping, one row per value of its grouped columns (views.ts groupKey). */
export type KeyKind = 'primary key' | 'unique constraint' | 'unique index' | 'one-to-one relationship' | 'group by';

/**
 * A set of columns no two rows share. A partial unique index (`WHERE ...`) holds only
 * for the rows its predicate selects, so it proves nothing for the others: it is kept
 * with `partial: true` and never makes a column unique. An index on an expression has
 * `null` for that position and never makes a column unique either.
 */
/** One equality of a partial index's predicate: `kind = 'personal'`, `deleted_at IS NULL` (null), `active` (true). */
export interface KeyCondition {
  column: string;
  value: string | number | boolean | null;
}

export interface UniqueKey {
  /** The constraint's or index's name (PostgreSQL's default name when none was given). */
  name: string;
  kind: KeyKind;
  columns: (string | null)[];
  partial: boolean;
  /**
   * A partial index's predicate, when it is a conjunction of equalities of
   * columns to constants (`WHERE kind = 'personal' AND deleted_at IS NULL`):
   * the key holds among the rows that satisfy every one.
   */
  when?: KeyCondition[];
}

export interface Relationship {
  foreignKeyName: string;
  columns: string[];
  referencedSchema?: string;
  referencedRelation: string;
  referencedColumns: string[];
  isOneToOne: boolean;
}

export type SourceKind = 'migrations' | 'types';

/**
 * What a table's logical replication logs of a deleted (or updated) row's old
 * version, `ALTER TABLE ... REPLICA IDENTITY`: the primary key (`default`),
 * every column (`full`), nothing, or the columns of a unique index.
 */
export type ReplicaIdentity = 'default' | 'full' | 'nothing' | { index: string };

export interface Relation {
  schema: string;
  name: string;
  kind: RelationKind;
  /** Set by `ALTER TABLE ... REPLICA IDENTITY`; absent: the default (the primary key). */
  replicaIdentity?: ReplicaIdentity;
  /**
   * Set when a second `CREATE TABLE` of the relation came after its replica
   * identity was last set (or with none set): which definition the database
   * holds is unknown, and so is the identity; a later `ALTER TABLE ... REPLICA
   * IDENTITY` clears it (it holds whichever definition won).
   */
  identityBeforeRedefinition?: true;
  /**
   * A view (or materialized view) whose query ends in `ORDER BY`: a read of it
   * that adds no order of its own gets its rows in that order.
   */
  ordered?: true;
  /** `null` when nothing says which columns it has (a view over `SELECT a.*, b.*`, `CREATE TABLE ... AS`). */
  columns: Column[] | null;
  keys: UniqueKey[];
  relationships: Relationship[];
  /** What described it. */
  sources: SourceKind[];
}

export type Answer = 'yes' | 'no' | 'unknown';

export const DEFAULT_SCHEMA = 'public';

export function relationKey(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

/** Where the schema came from, for the CLI to print. */
export interface SchemaOrigin {
  /** The folder searched from, or the explicit path. */
  root: string;
  migrationsDir?: string;
  /** Folders of SQL read before the migrations: a dump of the base tables they alter (schema/discover.ts). */
  baseDirs?: string[];
  /** Folders of SQL read after the migrations (`supabase/schemas`, `database/`, ...: schema/layouts.ts). */
  sqlDirs?: string[];
  typesFile?: string;
  /** Folders of schema SQL found and not read: the one read comes first (schema/discover.ts). */
  unread?: string[];
  /**
   * Functions the migrations create that return one plain value (`returns
   * uuid`, `returns void`: no set, row type, JSON or array), as `schema.name`:
   * an rpc of one of them reads no rows (a write such as `complete_sale`).
   */
  scalarFunctions?: string[];
  /** Migration files read, in the order applied. */
  files: string[];
  /** `.sql` files in the migrations folder not named `<version>_<name>.sql` (the Supabase CLI skips them, and so does the loader), and those of a SQL folder that are not read (layouts.ts). */
  notMigrations: string[];
  statements: number;
  /** Statements that changed the model. */
  applied: number;
  /** Statements the parser rejected: counted, listed, skipped. */
  skipped: { file: string; line: number; message: string; sql: string; wholeFile?: true }[];
  /** Statements the model does not need (functions, policies, grants, data). */
  ignored: number;
  /** Statements that name a relation, column or key the model does not have (applied as far as possible). */
  unresolved: { file: string; line: number; message: string }[];
  /** Files that could not be read. */
  unreadable: { file: string; message: string }[];
  /** Down sections of migration files (`-- +goose Down` and its like, from that line on): never applied. */
  downSections?: { file: string; line: number }[];
  psqlMetaCommands: number;
  /** Milliseconds spent loading (reading the disk cache, when the schema came from it). */
  loadMs: number;
  /** The disk cache file the schema was read from (see disk-cache.ts); absent when it was parsed. */
  fromCache?: string;
}

/** PostgREST's max-rows as something set it for the project: a config.toml, or an ESLint setting. */
export interface ApiLimits {
  maxRows: number;
  /** What set it: the config.toml's path, or the setting's name. */
  source: string;
}

export class DatabaseSchema {
  readonly relations = new Map<string, Relation>();
  /**
   * Set by the caller that knows more than the migrations (the rules'
   * `settings['supabase-scale'].maxRows`); undefined: the project's config.toml
   * decides (analysis/schema-facts.ts maxRowsOf).
   */
  apiLimits?: ApiLimits;

  constructor(
    readonly origin: SchemaOrigin,
    relations: Iterable<Relation> = [],
  ) {
    for (const relation of relations) this.relations.set(relationKey(relation.schema, relation.name), relation);
  }

  /**
   * Whether no migration or types file was read: the schema only carries the
   * project's limits (a supabase/config.toml with no migrations beside it).
   */
  describesNothing(): boolean {
    return this.relations.size === 0 && this.origin.files.length === 0 && this.origin.typesFile === undefined;
  }

  relation(table: string, schema = DEFAULT_SCHEMA): Relation | undefined {
    return this.relations.get(relationKey(schema, table));
  }

  hasTable(table: string, schema = DEFAULT_SCHEMA): boolean {
    return this.relations.has(relationKey(schema, table));
  }

  /** The columns, or undefined when the relation is unknown or its columns are. */
  columns(table: string, schema = DEFAULT_SCHEMA): Column[] | undefined {
    return this.relation(table, schema)?.columns ?? undefined;
  }

  /** `unknown` when nothing describes the relation's columns. */
  hasColumn(table: string, column: string, schema = DEFAULT_SCHEMA): Answer {
    const columns = this.columns(table, schema);
    if (!columns) return 'unknown';
    return columns.some((c) => c.name === column) ? 'yes' : 'no';
  }

  isNotNull(table: string, column: string, schema = DEFAULT_SCHEMA): Answer {
    const found = this.columns(table, schema)?.find((c) => c.name === column);
    if (!found) return 'unknown';
    return found.notNull ? 'yes' : 'no';
  }

  /**
   * Whether a statement the parser rejected may have changed the relation's
   * columns: one whose text names it, or a whole file that could not be read as
   * statements; or a second `CREATE TABLE` of it that was not applied (SQL
   * kept by hand often holds several versions of a table: the first one read
   * is the model's, and the columns only another has are unknown); or SQL the
   * loader found and did not read creates or alters it (unread-sql.ts). A rule
   * that reports a column as missing stays quiet then.
   */
  columnsMayBeIncomplete(table: string, redefinitions = true): boolean {
    return this.unreadChanges(table) || this.redefined(table, redefinitions);
  }

  /** A statement the parser rejected, a file it could not read, or SQL the loader did not read names the table. */
  private unreadChanges(table: string): boolean {
    const escaped = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const name = new RegExp(`(^|[^\\w$])"?${escaped}"?($|[^\\w$])`, 'i');
    return (
      this.origin.skipped.some((skipped) => skipped.wholeFile === true || name.test(skipped.sql)) ||
      unreadSqlChanges(this.origin, table)
    );
  }

  /**
   * A second `CREATE TABLE` of it was not applied; `redefinitions` false: a
   * second `CREATE TABLE IF NOT EXISTS` with other columns is left out.
   */
  private redefined(table: string, redefinitions: boolean): boolean {
    const escaped = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const created = new RegExp(
      `^CREATE TABLE [^ ]*\\.${escaped}: it already exists${redefinitions ? '(, without .*)?' : ''}$`,
    );
    return this.origin.unresolved.some((unresolved) => created.test(unresolved.message));
  }

  /**
   * Whether the SQL read creates the table twice with other columns (`CREATE
   * TABLE IF NOT EXISTS` again, as a history kept by hand often does): the
   * model keeps the first, as PostgreSQL would, but the code may have been
   * written for the second; while a column only the second has is still
   * missing, its keys prove nothing.
   */
  private definitionsDisagree(table: string, relation: Relation): boolean {
    const escaped = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const created = new RegExp(`^CREATE TABLE [^ ]*\\.${escaped}: it already exists, without (.*)$`);
    const has = new Set(relation.columns?.map((column) => column.name));
    // a later ALTER that adds what the second definition had reconciles the two
    return this.origin.unresolved.some((unresolved) =>
      (created.exec(unresolved.message)?.[1]?.split(', ') ?? []).some((column) => !has.has(column)),
    );
  }

  /** Whether the migrations create the function with one plain value as its return (SchemaOrigin.scalarFunctions). */
  returnsOneValue(fn: string, schema = DEFAULT_SCHEMA): boolean {
    return this.origin.scalarFunctions?.includes(`${schema}.${fn}`) ?? false;
  }

  /** The primary key's columns, or undefined when the relation is unknown or has none. */
  primaryKey(table: string, schema = DEFAULT_SCHEMA): string[] | undefined {
    const key = this.relation(table, schema)?.keys.find((k) => k.kind === 'primary key');
    return key && key.columns.every((c) => c !== null) ? key.columns : undefined;
  }

  /**
   * The columns an equality on which selects at most one row: a single-column primary
   * key, unique constraint, unique index without predicate or expression, or (from
   * generated types) a one-to-one relationship's single column. Empty for an unknown
   * relation.
   */
  uniqueColumns(table: string, schema = DEFAULT_SCHEMA): string[] {
    const relation = this.relation(table, schema);
    if (!relation || this.definitionsDisagree(table, relation)) return [];
    const found = new Set<string>();
    const primaryFirst = [...relation.keys].sort(
      (a, b) => Number(b.kind === 'primary key') - Number(a.kind === 'primary key'),
    );
    for (const key of primaryFirst) {
      const [only] = key.columns;
      if (key.columns.length === 1 && only && !key.partial) found.add(only);
    }
    for (const link of relation.relationships) {
      const [only] = link.columns;
      if (link.isOneToOne && link.columns.length === 1 && only) found.add(only);
    }
    return [...found];
  }

  /**
   * The sets of two or more columns an equality on each of which selects at most
   * one row: a multi-column primary key, unique constraint or unique index without
   * predicate or expression, or (from generated types) a one-to-one
   * relationship's columns. Empty for an unknown relation.
   */
  compositeKeys(table: string, schema = DEFAULT_SCHEMA): string[][] {
    const relation = this.relation(table, schema);
    if (!relation || this.definitionsDisagree(table, relation)) return [];
    const found = new Map<string, string[]>();
    const add = (columns: readonly (string | null)[]) => {
      if (columns.length < 2 || columns.some((column) => column === null)) return;
      const key = [...(columns as string[])];
      found.set(JSON.stringify([...key].sort()), key);
    };
    for (const key of relation.keys) if (!key.partial) add(key.columns);
    for (const link of relation.relationships) if (link.isOneToOne) add(link.columns);
    return [...found.values()];
  }

  /**
   * How many values each column of the relation that can hold only a few
   * holds (Column.values: a boolean, a CHECK that bounds it). Empty for an
   * unknown relation or one whose columns nothing describes.
   */
  columnValues(table: string, schema = DEFAULT_SCHEMA): Map<string, number> {
    const found = new Map<string, number>();
    for (const column of this.relation(table, schema)?.columns ?? [])
      if (column.values !== undefined) found.set(column.name, column.values);
    return found;
  }

  /**
   * The columns the old record of a DELETE holds (Realtime evaluates a DELETE
   * filter on it): every column (`all`) with `REPLICA IDENTITY FULL`, the
   * index's with `USING INDEX`, none with `NOTHING`, else the primary key's
   * (none without one). Undefined when the schema cannot say: the relation is
   * unknown, or only the generated types describe it and no migration sets its
   * replica identity (the types carry neither the primary key nor the replica
   * identity), or a statement the parser rejected names it.
   */
  replicaIdentityColumns(table: string, schema = DEFAULT_SCHEMA): string[] | 'all' | undefined {
    const relation = this.relation(table, schema);
    // a second `CREATE TABLE IF NOT EXISTS` with more columns leaves the key and the identity of the first
    if (!relation || this.unreadChanges(table)) return undefined;
    // a second plain `CREATE TABLE` of it: the identity is known only when a later ALTER set it
    if (
      this.redefined(table, false) &&
      (relation.identityBeforeRedefinition !== undefined || relation.replicaIdentity === undefined)
    )
      return undefined;
    const identity = relation.replicaIdentity ?? 'default';
    if (identity === 'full') return 'all';
    if (identity === 'nothing') return [];
    // the primary key: known only where the migrations create the table
    if (identity === 'default')
      return relation.sources.includes('migrations') ? (this.primaryKey(table, schema) ?? []) : undefined;
    const key = relation.keys.find((k) => k.name === identity.index);
    return key?.columns.every((c) => c !== null) ? key.columns : undefined;
  }

  /**
   * Whether the relation is a view or materialized view defined with an
   * `ORDER BY` (`create view leaderboard as select ... order by points desc`):
   * PostgreSQL keeps that order for a plain read of it, such as PostgREST's
   * `select ... limit n` with no `order`.
   */
  isOrderedView(table: string, schema = DEFAULT_SCHEMA): boolean {
    return this.relation(table, schema)?.ordered === true;
  }

  /**
   * The partial unique keys whose predicate is a conjunction of equalities
   * (UniqueKey.when), on plain columns: a read that fixes every column of the
   * key and every equality of the predicate reads one row. Empty for an
   * unknown relation.
   */
  partialKeys(table: string, schema = DEFAULT_SCHEMA): { columns: string[]; when: KeyCondition[] }[] {
    const relation = this.relation(table, schema);
    if (!relation || this.definitionsDisagree(table, relation)) return [];
    return relation.keys.flatMap((key) =>
      key.partial && key.when && key.columns.every((column) => column !== null)
        ? [{ columns: key.columns, when: key.when }]
        : [],
    );
  }

  /** Every unique key, multi-column and partial ones included. */
  uniqueKeys(table: string, schema = DEFAULT_SCHEMA): UniqueKey[] {
    return this.relation(table, schema)?.keys ?? [];
  }

  /** The same relations with `apiLimits` set (the relations are shared, not copied). */
  withApiLimits(limits: ApiLimits): DatabaseSchema {
    const view = new DatabaseSchema(this.origin);
    for (const [key, relation] of this.relations) view.relations.set(key, relation);
    view.apiLimits = limits;
    return view;
  }

  /** A plain-data copy (for JSON reports). */
  toJSON(): { origin: SchemaOrigin; relations: Relation[] } {
    return { origin: this.origin, relations: [...this.relations.values()] };
  }
}
