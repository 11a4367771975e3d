/**
 * The model under construction: relations, the unique keys, and every index name
 * by schema (PostgreSQL's names share one namespace per schema with the relations,
 * so a default name takes a number when the plain one is taken), the columns an
 * index's expressions and predicate use (dropping one drops the index), the
 * relations each view reads (DROP ... CASCADE drops the view).
 */
import { type Column, type KeyCondition, type KeyKind, type Relation, relationKey, type UniqueKey } from './model.js';
import { defaultName } from './names.js';

interface IndexEntry {
  /** The relation's key. */
  relation: string;
  /** The unique key it backs, if any. */
  key?: UniqueKey;
}

export interface NewKey {
  kind: KeyKind;
  columns: (string | null)[];
  /** Names for a default name (an expression's figured name where a column is null). */
  nameParts: (string | null)[];
  name?: string;
  partial: boolean;
  /** The predicate as equalities, when it is a conjunction of them (UniqueKey.when). */
  when?: KeyCondition[];
  /** Columns used by the index's expressions and predicate. */
  mentions: string[];
}

export class Catalog {
  readonly relations = new Map<string, Relation>();
  private readonly indexes = new Map<string, IndexEntry>();
  private readonly mentions = new WeakMap<UniqueKey, Set<string>>();
  private readonly readers = new Map<string, Set<string>>();

  get(schema: string, name: string): Relation | undefined {
    return this.relations.get(relationKey(schema, name));
  }

  taken(schema: string, name: string): boolean {
    return this.relations.has(relationKey(schema, name)) || this.indexes.has(relationKey(schema, name));
  }

  add(relation: Relation, reads: string[] = []): void {
    const key = relationKey(relation.schema, relation.name);
    this.relations.set(key, relation);
    for (const read of reads) {
      const set = this.readers.get(read) ?? new Set();
      set.add(key);
      this.readers.set(read, set);
    }
  }

  /** Drops a relation, its indexes, and with `cascade` the views that read it. */
  drop(relation: Relation, cascade: boolean): void {
    const key = relationKey(relation.schema, relation.name);
    this.relations.delete(key);
    for (const [name, entry] of this.indexes) if (entry.relation === key) this.indexes.delete(name);
    const readers = this.readers.get(key);
    this.readers.delete(key);
    if (!cascade || !readers) return;
    for (const reader of readers) {
      const view = this.relations.get(reader);
      if (view) this.drop(view, true);
    }
  }

  rename(relation: Relation, schema: string, name: string): void {
    const from = relationKey(relation.schema, relation.name);
    const to = relationKey(schema, name);
    this.relations.delete(from);
    relation.schema = schema;
    relation.name = name;
    this.relations.set(to, relation);
    for (const entry of this.indexes.values()) if (entry.relation === from) entry.relation = to;
    for (const set of this.readers.values()) if (set.delete(from)) set.add(to);
    const readers = this.readers.get(from);
    if (readers) {
      this.readers.delete(from);
      this.readers.set(to, readers);
    }
  }

  /** Moves a relation and its indexes to another schema (ALTER TABLE ... SET SCHEMA). */
  move(relation: Relation, schema: string): void {
    const from = relationKey(relation.schema, relation.name);
    const moved = [...this.indexes].filter(([, entry]) => entry.relation === from);
    for (const [indexKey] of moved) this.indexes.delete(indexKey);
    this.rename(relation, schema, relation.name);
    for (const [indexKey, entry] of moved) {
      entry.relation = relationKey(schema, relation.name);
      this.indexes.set(relationKey(schema, indexKey.split('\u0000')[1]!), entry);
    }
  }

  index(schema: string, name: string): { relation: Relation; key?: UniqueKey } | undefined {
    const entry = this.indexes.get(relationKey(schema, name));
    const relation = entry && this.relations.get(entry.relation);
    return relation && entry ? { relation, key: entry.key } : undefined; // eslint-disable-line @typescript-eslint/no-unnecessary-condition -- `relation` implies `entry`, which TypeScript does not follow
  }

  /** Records an index that backs no unique key (for default names and DROP INDEX). */
  addPlainIndex(relation: Relation, name: string): void {
    this.indexes.set(relationKey(relation.schema, name), { relation: relationKey(relation.schema, relation.name) });
  }

  dropIndex(schema: string, name: string): boolean {
    const entry = this.indexes.get(relationKey(schema, name));
    if (!entry) return false;
    this.indexes.delete(relationKey(schema, name));
    const relation = this.relations.get(entry.relation);
    if (relation && entry.key) relation.keys = relation.keys.filter((k) => k !== entry.key);
    return Boolean(entry.key);
  }

  renameIndex(schema: string, from: string, to: string): boolean {
    const entry = this.indexes.get(relationKey(schema, from));
    if (!entry) return false;
    this.indexes.delete(relationKey(schema, from));
    this.indexes.set(relationKey(schema, to), entry);
    if (entry.key) entry.key.name = to;
    return Boolean(entry.key);
  }

  defaultName(relation: Relation, parts: (string | null)[], label: string): string {
    return defaultName(relation.name, parts, label, (n) => this.taken(relation.schema, n));
  }

  /** Adds a unique key and its index; a primary key makes its columns NOT NULL. */
  addKey(relation: Relation, key: NewKey): UniqueKey {
    const label = key.kind === 'primary key' ? 'pkey' : key.kind === 'unique constraint' ? 'key' : 'idx';
    const name = key.name ?? this.defaultName(relation, key.nameParts, label);
    const added: UniqueKey = {
      name,
      kind: key.kind,
      columns: key.columns,
      partial: key.partial,
      ...(key.when ? { when: key.when } : {}),
    };
    relation.keys.push(added);
    this.mentions.set(added, new Set(key.mentions));
    this.indexes.set(relationKey(relation.schema, name), {
      relation: relationKey(relation.schema, relation.name),
      key: added,
    });
    if (key.kind === 'primary key') this.setNotNull(relation, key.columns);
    return added;
  }

  setNotNull(relation: Relation, columns: (string | null)[]): void {
    for (const column of relation.columns ?? []) if (columns.includes(column.name)) column.notNull = true;
  }

  dropKey(relation: Relation, key: UniqueKey): void {
    relation.keys = relation.keys.filter((k) => k !== key);
    this.indexes.delete(relationKey(relation.schema, key.name));
  }

  /** Drops a column and every key that uses it (PostgreSQL drops those indexes). */
  dropColumn(relation: Relation, column: string): void {
    if (relation.columns) relation.columns = relation.columns.filter((c) => c.name !== column);
    for (const key of [...relation.keys]) {
      if (key.columns.includes(column) || this.mentions.get(key)?.has(column)) this.dropKey(relation, key);
    }
  }

  renameColumn(relation: Relation, from: string, to: string): void {
    const column = relation.columns?.find((c) => c.name === from);
    if (column) column.name = to;
    for (const key of relation.keys) {
      key.columns = key.columns.map((c) => (c === from ? to : c));
      const mentions = this.mentions.get(key);
      if (mentions?.delete(from)) mentions.add(to);
    }
  }

  copyColumns(columns: readonly Column[], defaults: boolean): Column[] {
    return columns.map((c) => ({
      ...c,
      hasDefault: defaults && c.hasDefault,
      autoIncrement: defaults ? c.autoIncrement : undefined,
    }));
  }
}
