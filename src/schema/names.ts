/**
 * Small readers over libpg_query's JSON AST, type names as PostgreSQL's format_type()
 * prints them, and PostgreSQL's default names for keys and indexes.
 */
import type { Node, TypeName } from 'libpg-query';

/** A node's type name and value: `{ CreateStmt: {...} }` -> ['CreateStmt', {...}]. */
export function unwrap(node: Node | undefined): [string, Record<string, unknown>] | undefined {
  if (!node) return undefined;
  const [entry] = Object.entries(node);
  return entry ? [entry[0], entry[1] as Record<string, unknown>] : undefined;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the node type it expects under `type`
export function nodeOf<T>(node: Node | undefined, type: string): T | undefined {
  const unwrapped = unwrap(node);
  return unwrapped && unwrapped[0] === type ? (unwrapped[1] as T) : undefined;
}

/** The value of a String node (`{ String: { sval } }`). */
export function stringOf(node: Node | undefined): string | undefined {
  return nodeOf<{ sval?: string }>(node, 'String')?.sval;
}

export function strings(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).map((n) => stringOf(n) ?? '');
}

function integerOf(node: Node | undefined): number | undefined {
  const constant = nodeOf<{ ival?: { ival?: number } }>(node, 'A_Const');
  if (constant?.ival) return constant.ival.ival ?? 0;
  return undefined;
}

/** pg_catalog's internal names to the names format_type() prints. */
const CATALOG_TYPES: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  varbit: 'bit varying',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  timetz: 'time with time zone',
  time: 'time without time zone',
  decimal: 'numeric',
};

const SERIALS: Record<string, string> = {
  smallserial: 'smallint',
  serial2: 'smallint',
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
};

/** The integer type behind `serial`, `bigserial`, ...; undefined for any other type. */
export function serialType(type: TypeName | undefined): string | undefined {
  const names = strings(type?.names);
  if (names.length !== 1 || (type?.arrayBounds?.length ?? 0) > 0) return undefined;
  return SERIALS[names[0]!];
}

function withModifiers(name: string, mods: number[]): string {
  if (mods.length === 0) return name;
  const list = `(${mods.join(',')})`;
  const zone = / with(out)? time zone$/.exec(name);
  if (zone) return `${name.slice(0, zone.index)}${list}${zone[0]}`;
  return `${name}${list}`;
}

/**
 * A column's type: pg_catalog types by their SQL names with modifiers
 * (`character varying(255)`, `timestamp(3) with time zone`), any other type by its
 * name as written (`public.status`, `vector(1536)`), `[]` for an array.
 */
export function formatType(type: TypeName | undefined): string | null {
  if (!type) return null;
  const names = strings(type.names);
  const catalog = names.length === 2 && names[0] === 'pg_catalog';
  const last = names[names.length - 1] ?? '';
  const plain = catalog || names.length === 1;
  const base = plain ? (CATALOG_TYPES[last] ?? last) : names.join('.');
  const mods = (type.typmods ?? []).map(integerOf);
  // `interval day to second` keeps its fields in a modifier format_type() prints in words: keep the name.
  const modifiers = base === 'interval' || mods.some((m) => m === undefined) ? [] : (mods as number[]);
  const array = (type.arrayBounds?.length ?? 0) > 0 ? '[]' : '';
  return `${withModifiers(base, modifiers)}${array}`;
}

const NAME_BYTES = 63;

function clip(name: string, bytes: number): string {
  let out = name;
  while (Buffer.byteLength(out) > bytes) out = out.slice(0, -1);
  return out;
}

/** PostgreSQL's makeObjectName: `name1_name2_label`, each part shortened to fit 63 bytes. */
function makeObjectName(name1: string, name2: string, label: string): string {
  let length1 = Buffer.byteLength(name1);
  let length2 = Buffer.byteLength(name2);
  const available = NAME_BYTES - (label.length + 1) - (name2 ? 1 : 0);
  while (length1 + length2 > available) {
    if (length1 > length2) length1--;
    else length2--;
  }
  const parts = [clip(name1, length1), ...(name2 ? [clip(name2, length2)] : []), label];
  return parts.join('_');
}

/**
 * PostgreSQL's ChooseRelationName: the default name of a primary key (`pkey`), a
 * unique constraint (`key`) or an index (`idx`), with a number added to the label
 * while the name is taken in the schema.
 */
export function defaultName(table: string, columns: (string | null)[], label: string, taken: (n: string) => boolean) {
  const name2 = label === 'pkey' ? '' : columns.map((c) => c ?? 'expr').join('_');
  let name = makeObjectName(table, name2, label);
  for (let pass = 1; taken(name); pass++) name = makeObjectName(table, name2, `${label}${pass}`);
  return name;
}
