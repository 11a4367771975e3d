/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any -- libpg-query's JSON AST is untyped: each node is read by its key and checked where it is used */
/**
 * Applies parsed migration statements to the model, in order, as PostgreSQL would:
 * CREATE TABLE (columns, column and table constraints, LIKE, INHERITS, PARTITION OF,
 * IF NOT EXISTS), ALTER TABLE [ONLY] [IF EXISTS] (ADD/DROP/RENAME COLUMN, ALTER COLUMN
 * TYPE, SET/DROP NOT NULL, SET/DROP DEFAULT, ADD/DROP IDENTITY, ADD/DROP/RENAME
 * CONSTRAINT with PRIMARY KEY and UNIQUE, `USING INDEX`, SET SCHEMA, RENAME TO), CREATE
 * [UNIQUE] INDEX, ALTER INDEX RENAME, DROP TABLE/VIEW/INDEX/SCHEMA, CREATE [OR
 * REPLACE] VIEW, CREATE MATERIALIZED VIEW, CREATE TABLE AS, CREATE SCHEMA, SET
 * search_path. Every other statement (functions, triggers, policies, grants,
 * comments, data) is ignored: it does not change a relation's columns or keys.
 */
import type { Node } from 'libpg-query';
import { Catalog, type NewKey } from './catalog.js';
import {
  type Column,
  type KeyCondition,
  type Relation,
  type RelationKind,
  relationKey,
  type UniqueKey,
} from './model.js';
import { formatType, nodeOf, serialType, stringOf, strings, unwrap } from './names.js';
import { checkValues, typeValues } from './check-values.js';
import type { SqlStatement } from './sql-files.js';
import { groupKey, queryColumns, readRelations } from './views.js';

// The AST's nodes as plain records: the statements below read a few fields each.
type Any = Record<string, any>;

export interface Unresolved {
  file: string;
  line: number;
  message: string;
}

const RELATION_TYPES = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);
const LIKE_INDEXES = 1 << 6;
const LIKE_DEFAULTS = 1 << 3;

/** Column names a node's expressions use (for an index's expressions and predicate). */
function columnRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) columnRefs(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'ColumnRef') {
        const fields = ((value as Any).fields ?? []) as Node[];
        const last = stringOf(fields[fields.length - 1]);
        if (last) found.push(last);
      } else columnRefs(value, found);
    }
  }
  return found;
}

/** A file of the Supabase CLI's migrations folder (`supabase/migrations/<version>_x.sql`). */
function isCliMigration(file: string): boolean {
  return /(^|[\\/])supabase[\\/]migrations[\\/][^\\/]+$/.test(file);
}

/** A plain column's name (`kind`, `t.kind`), or undefined. */
function plainColumn(node: Node | undefined): string | undefined {
  const fields = nodeOf<Any>(node, 'ColumnRef')?.fields as Node[] | undefined;
  return fields ? stringOf(fields[fields.length - 1]) : undefined;
}

/** A constant's value (`'personal'`, `3`, `true`, `'v'::text`), or undefined. */
function constantOf(node: Node | undefined): string | number | boolean | undefined {
  const cast = nodeOf<Any>(node, 'TypeCast');
  if (cast) return constantOf(cast.arg as Node);
  const value = nodeOf<Any>(node, 'A_Const');
  if (!value || value.isnull) return undefined;
  if (value.sval) return String((value.sval as Any).sval ?? '');
  if (value.ival) return Number((value.ival as Any).ival ?? 0);
  if (value.boolval) return Boolean((value.boolval as Any).boolval);
  return undefined;
}

/**
 * A partial index's predicate as equalities of columns to constants, when it
 * is a conjunction of them: `kind = 'personal'`, `deleted_at IS NULL`,
 * `active`, `NOT archived`, `flag IS TRUE`. Undefined for anything else (an
 * `OR`, a range, a function): the key then proves nothing.
 */
function keyConditions(node: Node | undefined): KeyCondition[] | undefined {
  const [type, value] = unwrap(node) ?? ['', {}];
  if (type === 'BoolExpr' && value.boolop === 'AND_EXPR') {
    const parts = ((value.args ?? []) as Node[]).map(keyConditions);
    return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
  }
  if (type === 'BoolExpr' && value.boolop === 'NOT_EXPR') {
    const column = plainColumn(((value.args ?? []) as Node[])[0]);
    return column === undefined ? undefined : [{ column, value: false }];
  }
  if (type === 'ColumnRef') {
    const column = plainColumn(node);
    return column === undefined ? undefined : [{ column, value: true }];
  }
  if (type === 'NullTest' && value.nulltesttype === 'IS_NULL') {
    const column = plainColumn(value.arg as Node);
    return column === undefined ? undefined : [{ column, value: null }];
  }
  if (type === 'BooleanTest' && (value.booltesttype === 'IS_TRUE' || value.booltesttype === 'IS_FALSE')) {
    const column = plainColumn(value.arg as Node);
    return column === undefined ? undefined : [{ column, value: value.booltesttype === 'IS_TRUE' }];
  }
  if (type === 'A_Expr' && value.kind === 'AEXPR_OP' && strings(value.name as Node[]).join() === '=') {
    const column = plainColumn(value.lexpr as Node);
    const constant = constantOf(value.rexpr as Node);
    return column === undefined || constant === undefined ? undefined : [{ column, value: constant }];
  }
  return undefined;
}

function isNextval(node: Node | undefined): boolean {
  const unwrapped = unwrap(node);
  if (!unwrapped) return false;
  if (unwrapped[0] === 'TypeCast') return isNextval(unwrapped[1].arg as Node);
  if (unwrapped[0] !== 'FuncCall') return false;
  const names = strings(unwrapped[1].funcname as Node[]);
  return names[names.length - 1] === 'nextval';
}

/** The columns a `CREATE TABLE` names that the relation it finds already made lacks. */
function newColumns(stmt: Any, existing: Relation): string[] {
  if (!existing.columns) return [];
  const known = new Set(existing.columns.map((column) => column.name));
  return ((stmt.tableElts ?? []) as Node[]).flatMap((element) => {
    const [type, value] = unwrap(element) ?? ['', {}];
    const name = type === 'ColumnDef' ? (value as Any).colname : undefined;
    return typeof name === 'string' && !known.has(name) ? [name] : [];
  });
}

/**
 * Return types of one plain value: a function returning one of them hands back
 * at most one value, never rows (`returns uuid`, `returns boolean`, `returns void`).
 */
const SCALAR_RETURNS: ReadonlySet<string> = new Set([
  'void',
  'uuid',
  'text',
  'varchar',
  'bpchar',
  'bool',
  'boolean',
  'int2',
  'int4',
  'int8',
  'integer',
  'bigint',
  'smallint',
  'numeric',
  'float4',
  'float8',
  'timestamptz',
  'timestamp',
  'date',
  'time',
  'interval',
  'trigger',
]);

export class MigrationApplier {
  readonly catalog = new Catalog();
  readonly unresolved: Unresolved[] = [];
  /**
   * Functions the SQL creates, by `schema.name`: whether each returns one
   * plain value (`returns uuid`, `returns void`), no set, no row type, no JSON
   * or array that may hold many rows (CREATE FUNCTION; a DROP removes it).
   */
  readonly functions = new Map<string, { scalar: boolean }>();
  private searchPath = ['public'];
  private where = { file: '', line: 0 };
  /** Inside a DO block: a statement that does not fit changes nothing, and is not reported. */
  private quiet = false;
  /** Enum types' label counts, by the type as a column names it (`app_role`, `public.app_role`). */
  private readonly enums = new Map<string, number>();
  /** The file each table was created in (by relationKey), to weigh a second `CREATE TABLE` of it. */
  private readonly createdIn = new Map<string, string>();

  /** Starts a file: PostgreSQL's default search_path again. */
  startFile(file: string): void {
    this.searchPath = ['public'];
    this.where = { file, line: 0 };
  }

  /** Applies one statement; true when it changed the model. */
  apply(statement: SqlStatement): boolean {
    this.where = { file: this.where.file, line: statement.line };
    if (!statement.inner) return this.dispatch(statement.stmt);
    this.quiet = true;
    try {
      return statement.inner.map((inner) => this.dispatch(inner.stmt)).some(Boolean);
    } finally {
      this.quiet = false;
    }
  }

  private note(message: string): false {
    if (!this.quiet) this.unresolved.push({ ...this.where, message });
    return false;
  }

  private dispatch(stmt: Node, schema?: string): boolean {
    const unwrapped = unwrap(stmt);
    if (!unwrapped) return false;
    const [type, value] = unwrapped as [string, Any];
    switch (type) {
      case 'CreateStmt':
        return this.createTable(value, schema);
      case 'AlterTableStmt':
        return this.alterTable(value);
      case 'IndexStmt':
        return this.createIndex(value);
      case 'RenameStmt':
        return this.rename(value);
      case 'AlterObjectSchemaStmt':
        return this.setSchema(value);
      case 'DropStmt':
        return this.drop(value);
      case 'ViewStmt':
        return this.createView(
          value.view,
          value.aliases,
          value.query,
          value.replace ? 'replace' : 'create',
          'view',
          schema,
        );
      case 'CreateTableAsStmt': {
        const kind: RelationKind = value.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
        const mode = value.if_not_exists ? 'if not exists' : 'create';
        return this.createView(value.into?.rel, value.into?.colNames, value.query, mode, kind, schema);
      }
      case 'CreateSchemaStmt':
        return (value.schemaElts ?? []).reduce(
          (changed: boolean, element: Node) => this.dispatch(element, value.schemaname) || changed,
          false,
        );
      case 'VariableSetStmt':
        return this.setSearchPath(value);
      case 'CreateFunctionStmt':
        return this.createFunction(value, schema);
      case 'CreateEnumStmt':
        return this.createEnum(value);
      case 'AlterEnumStmt':
        return this.addEnumValue(value);
      default:
        return false;
    }
  }

  /** CREATE [OR REPLACE] FUNCTION: what it returns (a procedure returns nothing). */
  private createFunction(value: Any, schema?: string): false {
    const names = strings((value.funcname ?? []) as Node[]);
    const name = names[names.length - 1];
    if (!name) return false;
    const target = names.length > 1 ? names[names.length - 2]! : (schema ?? this.searchPath[0] ?? 'public');
    // no return type: a procedure (or a function with OUT parameters only, which returns a row: not kept)
    const returns = value.returnType as { names?: Node[]; setof?: boolean; arrayBounds?: unknown[] } | undefined;
    const type = returns ? strings(returns.names ?? []).at(-1) : undefined;
    const scalar =
      returns !== undefined &&
      returns.setof !== true &&
      (returns.arrayBounds ?? []).length === 0 &&
      type !== undefined &&
      SCALAR_RETURNS.has(type.toLowerCase());
    this.functions.set(`${target}.${name}`, { scalar });
    return false;
  }

  private setSearchPath(value: Any): false {
    if (value.name !== 'search_path') return false;
    if (value.kind === 'VAR_RESET' || value.kind === 'VAR_SET_DEFAULT') this.searchPath = ['public'];
    if (value.kind !== 'VAR_SET_VALUE') return false;
    const names = ((value.args ?? []) as Node[])
      .map((arg) => nodeOf<{ sval?: { sval?: string } }>(arg, 'A_Const')?.sval?.sval ?? stringOf(arg) ?? '')
      .flatMap((list) => list.split(','))
      .map((n) => n.trim().replace(/^"(.*)"$/, '$1'))
      .filter((n) => n && n !== '$user' && n !== 'pg_catalog' && n !== 'pg_temp');
    this.searchPath = names.length > 0 ? names : ['public'];
    return false;
  }

  /** The schema a new relation goes to. */
  private creationSchema(range: Any | undefined, schema?: string): string {
    return range?.schemaname ?? schema ?? this.searchPath[0] ?? 'public';
  }

  /** An existing relation by [schema.]name, through the search path. */
  private find(schema: string | undefined, name: string): Relation | undefined {
    if (schema) return this.catalog.get(schema, name);
    for (const s of this.searchPath) {
      const found = this.catalog.get(s, name);
      if (found) return found;
    }
    return undefined;
  }

  private findRange(range: Any | undefined): Relation | undefined {
    return range?.relname ? this.find(range.schemaname, range.relname) : undefined;
  }

  private findIndex(schema: string | undefined, name: string) {
    for (const s of schema ? [schema] : this.searchPath) {
      if (this.catalog.index(s, name) || this.catalog.taken(s, name))
        return { schema: s, found: this.catalog.index(s, name) };
    }
    return undefined;
  }

  private createTable(stmt: Any, schema?: string): boolean {
    const range = stmt.relation as Any;
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an untyped AST node may lack `relation`
    if (!range?.relname || range.relpersistence === 't') return false;
    const target = this.creationSchema(range, schema);
    const existing = this.catalog.get(target, range.relname);
    // a table only earlier ALTERs and indexes named (uncreated) is created for real: its identity and keys stay
    const uncreated = existing?.sources.length === 0 ? existing : undefined;
    if (existing && !uncreated) {
      if (!stmt.if_not_exists) {
        // which of the two definitions the database holds is unknown: so is an identity set before this one
        existing.identityBeforeRedefinition = true;
        return this.note(`CREATE TABLE ${target}.${range.relname}: it already exists`);
      }
      // a no-op in PostgreSQL; with columns the first lacks, which of the two the database has is unknown,
      // unless the first is the Supabase CLI's (applied in order) and the second SQL kept by hand
      const others = newColumns(stmt, existing);
      const first = this.createdIn.get(relationKey(target, range.relname)) ?? '';
      if (others.length === 0 || (isCliMigration(first) && !isCliMigration(this.where.file))) return false;
      return this.note(`CREATE TABLE ${target}.${range.relname}: it already exists, without ${others.join(', ')}`);
    }
    // PostgreSQL refuses to copy from a relation that does not exist: so does the model.
    const copied = [
      ...((stmt.inhRelations ?? []) as Node[]).map((n) => nodeOf<Any>(n, 'RangeVar')),
      ...((stmt.tableElts ?? []) as Node[]).map((n) => nodeOf<Any>(n, 'TableLikeClause')?.relation),
    ];
    const missing = copied.find((r) => r && !this.findRange(r));
    if (missing) return this.note(`CREATE TABLE ${target}.${range.relname}: unknown table ${missing.relname}`);
    if (uncreated) this.catalog.drop(uncreated, false);
    const relation: Relation = {
      schema: target,
      name: range.relname,
      kind: 'table',
      columns: stmt.ofTypename ? null : [],
      keys: [],
      relationships: [],
      sources: ['migrations'],
      ...(uncreated?.replicaIdentity ? { replicaIdentity: uncreated.replicaIdentity } : {}),
    };
    const keys: NewKey[] = [];
    const parent = this.inherit(relation, (stmt.inhRelations ?? []) as Node[], Boolean(stmt.partbound));
    for (const element of (stmt.tableElts ?? []) as Node[]) {
      const [type, value] = unwrap(element) ?? ['', {}];
      if (type === 'ColumnDef') this.addColumn(relation, value, keys);
      else if (type === 'Constraint') {
        this.pushKey(keys, value);
        checkColumns(relation, value);
      } else if (type === 'TableLikeClause') this.like(relation, value, keys);
    }
    this.catalog.add(relation);
    this.createdIn.set(relationKey(target, range.relname), this.where.file);
    for (const key of parent ?? []) this.catalog.addKey(relation, { ...key, name: undefined });
    for (const key of keys) this.addKey(relation, key);
    for (const key of uncreated?.keys ?? []) this.keepKey(relation, key);
    return true;
  }

  /** A key declared before its table's `CREATE TABLE` (uncreated), unless the new table has one of its name or a primary key of its own. */
  private keepKey(relation: Relation, key: UniqueKey): void {
    if (this.catalog.taken(relation.schema, key.name)) return;
    if (key.kind === 'primary key' && relation.keys.some((k) => k.kind === 'primary key')) return;
    this.catalog.addKey(relation, { ...key, nameParts: key.columns, mentions: [] });
  }

  /** INHERITS / PARTITION OF: the parents' columns first; a partition also gets the parent's keys. */
  private inherit(relation: Relation, parents: Node[], partition: boolean): NewKey[] | undefined {
    let keys: NewKey[] | undefined;
    for (const node of parents) {
      const parent = this.findRange(nodeOf<Any>(node, 'RangeVar'));
      if (!parent?.columns || !relation.columns) {
        relation.columns = null;
        continue;
      }
      relation.columns.push(...this.catalog.copyColumns(parent.columns, true));
      if (partition) {
        keys = parent.keys
          .filter((k) => k.kind !== 'one-to-one relationship')
          .map((k) => ({ ...k, nameParts: k.columns, mentions: [] }));
      }
    }
    return keys;
  }

  private like(relation: Relation, clause: Any, keys: NewKey[]): void {
    const source = this.findRange(clause.relation);
    if (!source?.columns || !relation.columns) {
      relation.columns = null;
      return;
    }
    const options = Number(clause.options ?? 0);
    relation.columns.push(...this.catalog.copyColumns(source.columns, (options & LIKE_DEFAULTS) !== 0));
    if ((options & LIKE_INDEXES) === 0) return;
    for (const key of source.keys) keys.push({ ...key, name: undefined, nameParts: key.columns, mentions: [] });
  }

  /** The names a column may give the enum type `names` (`[schema, name]` or `[name]`). */
  private enumKeys(names: string[]): string[] {
    const name = names[names.length - 1];
    if (!name) return [];
    const schema = names.length > 1 ? names[names.length - 2]! : this.searchPath[0]!;
    return schema === this.searchPath[0] ? [name, `${schema}.${name}`] : [`${schema}.${name}`];
  }

  /** `CREATE TYPE t AS ENUM (...)`: a column of the type holds one of its labels. */
  private createEnum(value: Any): boolean {
    const labels = ((value.vals ?? []) as Node[]).length;
    for (const key of this.enumKeys(strings(value.typeName))) this.enums.set(key, labels);
    return false;
  }

  /**
   * `ALTER TYPE t ADD VALUE 'v'`: one label more (with `IF NOT EXISTS` it may be
   * one already there: the count may run one over, which bounds no read wrongly);
   * the columns of the type already made hold one value more. A renamed label
   * changes no count.
   */
  private addEnumValue(value: Any): boolean {
    if (value.oldVal !== undefined || value.newVal === undefined) return false;
    const keys = this.enumKeys(strings(value.typeName));
    let changed = false;
    for (const key of keys) {
      const labels = this.enums.get(key);
      if (labels !== undefined) this.enums.set(key, labels + 1);
    }
    for (const relation of this.catalog.relations.values())
      for (const column of relation.columns ?? [])
        if (column.type !== null && keys.includes(column.type) && column.values !== undefined) {
          column.values += 1;
          changed = true;
        }
    return changed;
  }

  /** How many values a column of `type` can hold, by its type alone: a boolean's two, an enum's labels; null: many. */
  private typeValues(type: string | null): number | null {
    return typeValues(type) ?? (type === null ? null : (this.enums.get(type) ?? null));
  }

  private columnOf(def: Any, keys: NewKey[]): Column {
    const serial = serialType(def.typeName);
    const column: Column = {
      name: def.colname,
      type: serial ?? formatType(def.typeName),
      notNull: Boolean(serial),
      hasDefault: Boolean(serial),
    };
    narrowValues(column, this.typeValues(column.type));
    if (serial) column.autoIncrement = 'serial';
    for (const node of (def.constraints ?? []) as Node[]) {
      const constraint = nodeOf<Any>(node, 'Constraint');
      switch (constraint?.contype) {
        case 'CONSTR_NOTNULL':
          column.notNull = true;
          break;
        case 'CONSTR_DEFAULT':
          column.hasDefault = true;
          if (isNextval(constraint.raw_expr)) column.autoIncrement = 'serial';
          break;
        case 'CONSTR_IDENTITY':
          column.autoIncrement = 'identity';
          column.notNull = true;
          column.hasDefault = true;
          break;
        case 'CONSTR_GENERATED':
          column.generated = true;
          break;
        case 'CONSTR_CHECK':
          narrowValues(column, checkValues(constraint.raw_expr, column.name, column.type));
          break;
        case 'CONSTR_PRIMARY':
        case 'CONSTR_UNIQUE':
          this.pushKey(keys, { ...constraint, keys: [{ String: { sval: def.colname } }] });
          break;
      }
    }
    return column;
  }

  private addColumn(relation: Relation, def: Any, keys: NewKey[]): void {
    if (!def.colname) return;
    const column = this.columnOf(def, keys);
    if (relation.columns) relation.columns.push(column);
  }

  /** A PRIMARY KEY or UNIQUE constraint as a key to add (`USING INDEX` is handled by ALTER TABLE). */
  private pushKey(keys: NewKey[], constraint: Any): void {
    if (constraint.contype !== 'CONSTR_PRIMARY' && constraint.contype !== 'CONSTR_UNIQUE') return;
    const columns = strings(constraint.keys);
    keys.push({
      kind: constraint.contype === 'CONSTR_PRIMARY' ? 'primary key' : 'unique constraint',
      columns,
      nameParts: columns,
      name: constraint.conname,
      partial: false,
      mentions: [],
    });
  }

  private addKey(relation: Relation, key: NewKey): boolean {
    if (key.kind === 'primary key' && relation.keys.some((k) => k.kind === 'primary key')) {
      return this.note(`${relation.name}: a second primary key`);
    }
    if (key.name && this.catalog.taken(relation.schema, key.name)) {
      return this.note(`${relation.name}: the name ${key.name} is taken`);
    }
    this.catalog.addKey(relation, key);
    return true;
  }

  private alterTable(stmt: Any): boolean {
    if (stmt.objtype !== 'OBJECT_TABLE' && stmt.objtype !== 'OBJECT_FOREIGN_TABLE') return false;
    const relation = this.findRange(stmt.relation) ?? this.uncreatedByAlter(stmt);
    if (!relation) return stmt.missing_ok ? false : this.note(`ALTER TABLE ${stmt.relation?.relname}: unknown table`);
    let changed = false;
    for (const node of (stmt.cmds ?? []) as Node[]) {
      const cmd = nodeOf<Any>(node, 'AlterTableCmd');
      if (cmd && this.alterCommand(relation, cmd)) changed = true;
    }
    return changed;
  }

  /**
   * `ALTER TABLE t REPLICA IDENTITY FULL`, `ALTER TABLE t ADD CONSTRAINT ...
   * UNIQUE (...)` / `PRIMARY KEY` on a table no migration creates (made in the
   * dashboard, described by the generated types, or by nothing): see uncreated.
   * Only an ALTER that declares a key, or only sets the identity, makes one;
   * any other change of an unknown table stays unresolved.
   */
  private uncreatedByAlter(stmt: Any): Relation | undefined {
    const cmds = ((stmt.cmds ?? []) as Node[]).map((node) => nodeOf<Any>(node, 'AlterTableCmd'));
    const identity = cmds.length > 0 && cmds.every((cmd) => cmd?.subtype === 'AT_ReplicaIdentity');
    return identity || cmds.some(declaresKey) ? this.uncreated(stmt.relation as Any | undefined) : undefined;
  }

  /**
   * A table the migrations alter or index but never create: a relation with
   * no source of its own and unknown columns (`columns: null`), holding only
   * what the migrations declare of it: its replica identity and its unique
   * keys. The generated types' relation merged into it keeps them; a later
   * `CREATE TABLE` of it keeps them too.
   */
  private uncreated(range: Any | undefined): Relation | undefined {
    if (!range?.relname) return undefined;
    const relation: Relation = {
      schema: this.creationSchema(range),
      name: range.relname as string,
      kind: 'table',
      columns: null,
      keys: [],
      relationships: [],
      sources: [],
    };
    this.catalog.add(relation);
    return relation;
  }

  private alterCommand(relation: Relation, cmd: Any): boolean {
    const column = cmd.name ? relation.columns?.find((c) => c.name === cmd.name) : undefined;
    const missing = () =>
      cmd.missing_ok || !relation.columns ? false : this.note(`${relation.name}: no column ${cmd.name}`);
    switch (cmd.subtype) {
      case 'AT_AddColumn': {
        const def = nodeOf<Any>(cmd.def, 'ColumnDef');
        if (!def?.colname) return false;
        if (relation.columns?.some((c) => c.name === def.colname)) {
          return cmd.missing_ok ? false : this.note(`${relation.name}: column ${def.colname} already exists`);
        }
        const keys: NewKey[] = [];
        relation.columns?.push(this.columnOf(def, keys));
        for (const key of keys) this.addKey(relation, key);
        return true;
      }
      case 'AT_DropColumn':
        if (!column) return missing();
        this.catalog.dropColumn(relation, column.name);
        return true;
      case 'AT_AlterColumnType':
        if (!column) return missing();
        column.type = formatType(nodeOf<Any>(cmd.def, 'ColumnDef')?.typeName);
        delete column.values;
        narrowValues(column, this.typeValues(column.type));
        return true;
      case 'AT_SetNotNull':
      case 'AT_DropNotNull':
        if (!column) return missing();
        column.notNull = cmd.subtype === 'AT_SetNotNull' || this.inPrimaryKey(relation, column.name);
        return true;
      case 'AT_ColumnDefault':
        if (!column) return missing();
        column.hasDefault = Boolean(cmd.def) || column.autoIncrement === 'identity';
        if (column.autoIncrement !== 'identity') column.autoIncrement = isNextval(cmd.def) ? 'serial' : undefined;
        return true;
      case 'AT_AddIdentity':
      case 'AT_DropIdentity':
        if (!column) return missing();
        column.autoIncrement = cmd.subtype === 'AT_AddIdentity' ? 'identity' : undefined;
        column.hasDefault = cmd.subtype === 'AT_AddIdentity';
        if (column.autoIncrement) column.notNull = true;
        return true;
      case 'AT_AddConstraint':
        return this.addConstraint(relation, nodeOf<Any>(cmd.def, 'Constraint'));
      case 'AT_ReplicaIdentity': {
        const identity = nodeOf<Any>(cmd.def, 'ReplicaIdentityStmt');
        const kind = identity?.identity_type;
        delete relation.identityBeforeRedefinition;
        if (kind === 'f') relation.replicaIdentity = 'full';
        else if (kind === 'n') relation.replicaIdentity = 'nothing';
        else if (kind === 'd') delete relation.replicaIdentity;
        else if (kind === 'i' && typeof identity?.name === 'string')
          relation.replicaIdentity = { index: identity.name };
        else return false;
        return true;
      }
      case 'AT_DropConstraint': {
        const key = relation.keys.find((k) => k.name === cmd.name);
        // a foreign key or a CHECK (not kept by name): what CHECKs bounded of the columns holds no more
        if (!key) return resetValues(relation, (type) => this.typeValues(type));
        this.catalog.dropKey(relation, key);
        return true;
      }
      default:
        return false;
    }
  }

  private inPrimaryKey(relation: Relation, column: string): boolean {
    return relation.keys.some((k) => k.kind === 'primary key' && k.columns.includes(column));
  }

  private addConstraint(relation: Relation, constraint: Any | undefined): boolean {
    if (!constraint) return false;
    if (constraint.contype === 'CONSTR_CHECK') return checkColumns(relation, constraint);
    if (constraint.contype !== 'CONSTR_PRIMARY' && constraint.contype !== 'CONSTR_UNIQUE') return false;
    if (!constraint.indexname) {
      const keys: NewKey[] = [];
      this.pushKey(keys, constraint);
      return keys.map((k) => this.addKey(relation, k)).some(Boolean);
    }
    // USING INDEX: the unique index becomes the constraint, renamed to the constraint's name.
    const found = this.catalog.index(relation.schema, constraint.indexname);
    if (!found?.key || found.relation !== relation) {
      return this.note(`${relation.name}: no unique index ${constraint.indexname} to use`);
    }
    const primary = constraint.contype === 'CONSTR_PRIMARY';
    if (primary && relation.keys.some((k) => k.kind === 'primary key')) {
      return this.note(`${relation.name}: a second primary key`);
    }
    found.key.kind = primary ? 'primary key' : 'unique constraint';
    if (constraint.conname) this.catalog.renameIndex(relation.schema, constraint.indexname, constraint.conname);
    if (primary) this.catalog.setNotNull(relation, found.key.columns);
    return true;
  }

  private createIndex(stmt: Any): boolean {
    // a unique index on a table no migration creates: kept, on a relation of unknown columns
    const relation = this.findRange(stmt.relation) ?? (stmt.unique ? this.uncreated(stmt.relation) : undefined);
    if (!relation)
      return stmt.unique ? this.note(`CREATE UNIQUE INDEX: unknown table ${stmt.relation?.relname}`) : false;
    const elements = ((stmt.indexParams ?? []) as Node[]).map((n) => nodeOf<Any>(n, 'IndexElem') ?? {});
    const columns = elements.map((e) => (e.name as string | undefined) ?? null);
    const nameParts = elements.map((e) => e.name ?? e.indexcolname ?? figureIndexName(e.expr));
    if (stmt.idxname && this.catalog.taken(relation.schema, stmt.idxname)) {
      return stmt.if_not_exists ? false : this.note(`CREATE INDEX ${stmt.idxname}: the name is taken`);
    }
    const name = stmt.idxname ?? this.catalog.defaultName(relation, nameParts, 'idx');
    const when = stmt.whereClause ? keyConditions(stmt.whereClause as Node) : undefined;
    if (!stmt.unique) {
      this.catalog.addPlainIndex(relation, name);
      return false;
    }
    return this.addKey(relation, {
      kind: 'unique index',
      columns,
      nameParts,
      name,
      partial: Boolean(stmt.whereClause),
      ...(when ? { when } : {}),
      mentions: columnRefs([elements.map((e) => e.expr), stmt.whereClause]),
    });
  }

  private rename(stmt: Any): boolean {
    const type = stmt.renameType as string;
    if (type === 'OBJECT_SCHEMA') return this.renameSchema(stmt.subname, stmt.newname);
    if (type === 'OBJECT_INDEX') {
      const index = this.findIndex(stmt.relation?.schemaname, stmt.relation?.relname ?? '');
      return index ? this.catalog.renameIndex(index.schema, stmt.relation.relname, stmt.newname) : false;
    }
    if (!RELATION_TYPES.has(type) && type !== 'OBJECT_COLUMN' && type !== 'OBJECT_TABCONSTRAINT') return false;
    const relation = this.findRange(stmt.relation);
    if (!relation) return stmt.missing_ok ? false : this.note(`RENAME: unknown relation ${stmt.relation?.relname}`);
    if (RELATION_TYPES.has(type)) {
      if (this.catalog.get(relation.schema, stmt.newname)) return this.note(`RENAME: ${stmt.newname} exists`);
      this.catalog.rename(relation, relation.schema, stmt.newname);
      return true;
    }
    if (type === 'OBJECT_COLUMN') {
      if (relation.columns && !relation.columns.some((c) => c.name === stmt.subname)) {
        return this.note(`${relation.name}: no column ${stmt.subname} to rename`);
      }
      this.catalog.renameColumn(relation, stmt.subname, stmt.newname);
      return true;
    }
    const key = relation.keys.find((k) => k.name === stmt.subname);
    return key ? this.catalog.renameIndex(relation.schema, key.name, stmt.newname) : false;
  }

  private renameSchema(from: string, to: string): boolean {
    const moved = [...this.catalog.relations.values()].filter((r) => r.schema === from);
    for (const relation of moved) this.catalog.move(relation, to);
    return moved.length > 0;
  }

  private setSchema(stmt: Any): boolean {
    if (!RELATION_TYPES.has(stmt.objectType)) return false;
    const relation = this.findRange(stmt.relation);
    if (!relation) return stmt.missing_ok ? false : this.note(`SET SCHEMA: unknown relation ${stmt.relation?.relname}`);
    this.catalog.move(relation, stmt.newschema);
    return true;
  }

  private drop(stmt: Any): boolean {
    const type = stmt.removeType as string;
    const cascade = stmt.behavior === 'DROP_CASCADE';
    let changed = false;
    for (const object of (stmt.objects ?? []) as Node[]) {
      const names = nodeOf<Any>(object, 'List')
        ? strings(nodeOf<Any>(object, 'List')!.items)
        : [stringOf(object) ?? ''];
      const name = names[names.length - 1] ?? '';
      const schema = names.length > 1 ? names[names.length - 2] : undefined;
      if (type === 'OBJECT_SCHEMA') {
        for (const relation of [...this.catalog.relations.values()]) {
          if (relation.schema === name) this.catalog.drop(relation, true);
          changed ||= relation.schema === name;
        }
      } else if (type === 'OBJECT_FUNCTION' || type === 'OBJECT_PROCEDURE') {
        const named = nodeOf<Any>(object, 'ObjectWithArgs');
        const parts = named ? strings((named.objname ?? []) as Node[]) : [];
        const fn = parts[parts.length - 1];
        if (fn) this.functions.delete(`${parts.length > 1 ? parts[parts.length - 2] : 'public'}.${fn}`);
      } else if (type === 'OBJECT_INDEX') {
        const index = this.findIndex(schema, name);
        if (index) changed = this.catalog.dropIndex(index.schema, name) || changed;
      } else if (RELATION_TYPES.has(type)) {
        const relation = this.find(schema, name);
        if (relation) {
          this.catalog.drop(relation, cascade);
          changed = true;
        } else if (!stmt.missing_ok) this.note(`DROP: unknown relation ${name}`);
      }
    }
    return changed;
  }

  /** CREATE VIEW, CREATE MATERIALIZED VIEW and CREATE TABLE AS: columns named by the query, the key its GROUP BY makes; a view's ORDER BY. */
  private createView(
    range: Any | undefined,
    aliases: Node[] | undefined,
    query: Node | undefined,
    mode: 'create' | 'replace' | 'if not exists',
    kind: RelationKind,
    schema?: string,
  ): boolean {
    if (!range?.relname || range.relpersistence === 't') return false;
    const target = this.creationSchema(range, schema);
    const existing = this.catalog.get(target, range.relname);
    if (existing && mode !== 'replace') {
      return mode === 'if not exists' ? false : this.note(`CREATE ${kind} ${range.relname}: it already exists`);
    }
    const columnsOf = (s: string | undefined, n: string) => this.find(s, n)?.columns?.map((c) => c.name);
    const names = queryColumns(query, columnsOf);
    const renamed = names && names.map((n, i) => strings(aliases)[i] ?? n);
    const columns: Column[] | null =
      renamed?.map((name) => ({ name, type: null, notNull: false, hasDefault: false })) ?? null;
    const reads = readRelations(query).flatMap(({ schema: s, name }) => {
      const found = this.find(s, name);
      return found ? [relationKey(found.schema, found.name)] : [];
    });
    if (existing) this.catalog.drop(existing, false);
    // `group by r.id` with `r.id as room_id` output: one row per room_id
    const grouped = renamed && kind !== 'table' ? groupKey(query, renamed) : undefined;
    // a view's ORDER BY orders a plain read of it; a table made AS a query keeps no order
    const sorted =
      kind !== 'table' && ((nodeOf<Any>(query, 'SelectStmt')?.sortClause as Node[] | undefined)?.length ?? 0) > 0;
    this.catalog.add(
      {
        schema: target,
        name: range.relname,
        kind,
        ...(sorted ? { ordered: true as const } : {}),
        columns,
        keys: grouped
          ? [{ name: `${range.relname}_group_by`, kind: 'group by', columns: grouped, partial: false }]
          : [],
        relationships: [],
        sources: ['migrations'],
      },
      reads,
    );
    return true;
  }
}

/** An `ALTER TABLE` command that declares a primary key or unique constraint (not `USING INDEX`: that needs the index). */
function declaresKey(cmd: Any | undefined): boolean {
  const constraint = cmd?.subtype === 'AT_AddConstraint' ? nodeOf<Any>(cmd.def, 'Constraint') : undefined;
  const contype = constraint?.contype;
  return (contype === 'CONSTR_PRIMARY' || contype === 'CONSTR_UNIQUE') && !constraint?.indexname;
}

/** An index expression's part of a default index name: a function's name, else `expr`. */
function figureIndexName(expr: Node | undefined): string {
  const call = nodeOf<Any>(expr, 'FuncCall');
  const names = strings(call?.funcname);
  return names[names.length - 1] ?? 'expr';
}

/** A column's value count narrowed by one more bound (the smaller wins). */
function narrowValues(column: Column, values: number | null): void {
  if (values !== null) column.values = Math.min(column.values ?? Infinity, values);
}

/** A table's CHECK constraint (in CREATE TABLE or added later): what it bounds of each column; true when it bounds one. */
function checkColumns(relation: Relation, constraint: Any): boolean {
  if (constraint.contype !== 'CONSTR_CHECK') return false;
  let changed = false;
  for (const column of relation.columns ?? []) {
    const values = checkValues(constraint.raw_expr, column.name, column.type);
    if (values === null) continue;
    narrowValues(column, values);
    changed = true;
  }
  return changed;
}

/** Forgets what CHECK constraints bounded of each column (one was dropped, and which is not known): only types bound them. */
function resetValues(relation: Relation, valuesOf: (type: string | null) => number | null): boolean {
  let changed = false;
  for (const column of relation.columns ?? []) {
    if (column.values === undefined) continue;
    delete column.values;
    narrowValues(column, valuesOf(column.type));
    changed = true;
  }
  return changed;
}
