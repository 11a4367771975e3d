/**
 * The schema model: relations (tables, views, materialized views) by schema and
 * name, their columns and their unique keys, plus the queries the rules and the
 * codemods ask. Names are PostgreSQL's: an unquoted identifier was folded to lower
 * case by the parser, a quoted one kept as written; PostgREST's `.from('t')` names a
 * relation exactly, so lookups compare exactly.
 */

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
}

export type KeyKind = 'primary key' | 'unique constraint' | 'unique index' | 'one-to-one relationship';

/**
 * A set of columns no two rows share. A partial unique index (`WHERE ...`) holds only
 * for the rows its predicate selects, so it proves nothing for the others: it is kept
 * with `partial: true` and never makes a column unique. An index on an expression has
 * `null` for that position and never makes a column unique either.
 */
export interface UniqueKey {
  /** The constraint's or index's name (PostgreSQL's default name when none was given). */
  name: string;
  kind: KeyKind;
  columns: (string | null)[];
  partial: boolean;
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

export interface Relation {
  schema: string;
  name: string;
  kind: RelationKind;
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
  typesFile?: string;
  /** Migration files read, in the order applied. */
  files: string[];
  /** `.sql` files in the migrations folder not named `<version>_<name>.sql`: the Supabase CLI skips them, and so does the loader. */
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
  psqlMetaCommands: number;
  /** Milliseconds spent loading (reading the disk cache, when the schema came from it). */
  loadMs: number;
  /** The disk cache file the schema was read from (see disk-cache.ts); absent when it was parsed. */
  fromCache?: string;
}

export class DatabaseSchema {
  readonly relations = new Map<string, Relation>();

  constructor(
    readonly origin: SchemaOrigin,
    relations: Iterable<Relation> = [],
  ) {
    for (const relation of relations) this.relations.set(relationKey(relation.schema, relation.name), relation);
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
   * statements. A rule that reports a column as missing stays quiet then.
   */
  columnsMayBeIncomplete(table: string): boolean {
    const name = new RegExp(`(^|[^\\w$])"?${table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?($|[^\\w$])`, 'i');
    return this.origin.skipped.some((skipped) => skipped.wholeFile === true || name.test(skipped.sql));
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
    if (!relation) return [];
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

  /** Every unique key, multi-column and partial ones included. */
  uniqueKeys(table: string, schema = DEFAULT_SCHEMA): UniqueKey[] {
    return this.relation(table, schema)?.keys ?? [];
  }

  /** A plain-data copy (for JSON reports). */
  toJSON(): { origin: SchemaOrigin; relations: Relation[] } {
    return { origin: this.origin, relations: [...this.relations.values()] };
  }
}
