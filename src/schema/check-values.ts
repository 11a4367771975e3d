/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any -- libpg-query's JSON AST is untyped: each node is read by its key and checked where it is used */
/**
 * How many values a column can hold, when its type or a CHECK constraint
 * allows only a few: a boolean (2), `CHECK (day BETWEEN 0 AND 6)`,
 * `CHECK (day >= 0 AND day <= 6)` on an integer column, `CHECK (kind IN
 * ('a', 'b'))`, `CHECK (kind = ANY (ARRAY['a', 'b']))` (with pg_dump's casts,
 * `ARRAY['a'::text, 'b'::text]`). A composite key with
 * such a column bounds a read that fixes the key's other columns:
 * `UNIQUE (user_id, day_of_week)` with days 0-6 gives a user at most seven
 * rows. Anything else (an OR, a function, a range over a non-integer type,
 * more than MAX_VALUES values) says nothing.
 */
import type { Node } from 'libpg-query';

/** More values than this are no small domain (a read over them may pass max-rows). */
export const MAX_VALUES = 1000;

// libpg-query's JSON: one key per node
type Any = Record<string, any>;

const INTEGER_TYPES = /^(smallint|integer|bigint|int2|int4|int8)$/;

function inner(node: unknown, type: string): Any | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value: unknown = (node as Record<string, unknown>)[type];
  return typeof value === 'object' && value !== null ? value : undefined;
}

/** Casts that keep each value of a text column apart: `(code)::text` of a `varchar` column, as pg_dump writes it. */
const TEXT_CASTS: ReadonlySet<string> = new Set(['text', 'varchar', 'bpchar']);

function isColumn(node: Node | undefined, column: string): boolean {
  const cast = inner(node, 'TypeCast');
  if (cast) {
    const names: Any[] = cast.typeName?.names ?? [];
    const name = names[names.length - 1]?.String?.sval as string | undefined;
    return name !== undefined && TEXT_CASTS.has(name) && isColumn(cast.arg, column);
  }
  const fields: Any[] = inner(node, 'ColumnRef')?.fields ?? [];
  const last: Any | undefined = fields[fields.length - 1];
  return last?.String?.sval === column;
}

/** An integer constant (`{ ival: {} }` is 0), else null. */
function integer(node: Node | undefined): number | null {
  const constant = inner(node, 'A_Const');
  if (!constant || !('ival' in constant)) return null;
  return (constant.ival?.ival as number | undefined) ?? 0;
}

/** `'a'`, and `'a'::text` as pg_dump writes each value of a list: the constant, else undefined. */
function constantOf(node: Node | undefined): Any | undefined {
  return inner(node, 'A_Const') ?? inner(inner(node, 'TypeCast')?.arg, 'A_Const');
}

function isConstant(node: Node | undefined): boolean {
  const constant = constantOf(node);
  return constant !== undefined && !constant.isnull;
}

/** `ARRAY[...]`, and `(ARRAY[...])::text[]` as pg_dump writes a list of a `varchar` column. */
function arrayOf(node: Node | undefined): Any | undefined {
  return inner(node, 'A_ArrayExpr') ?? inner(inner(node, 'TypeCast')?.arg, 'A_ArrayExpr');
}

interface Domain {
  low: number | null;
  high: number | null;
  /** How many values a list allows (`IN`, `= ANY`); null: no list. */
  listed: number | null;
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/** What one comparison of the column says, into `domain`; false when it is not one the domain reads. */
function narrow(expr: Any, column: string, domain: Domain): boolean {
  const a = inner(expr, 'A_Expr');
  if (!a) return false;
  const operator = (a.name as Any[] | undefined)?.[0]?.String?.sval as string | undefined;
  const items = (list: Any | undefined) => (list?.items ?? list?.elements ?? []) as Node[];
  const listed = (values: Node[]) => {
    if (!values.every(isConstant)) return false;
    // each value by what it holds, not where it is written
    const count = new Set(values.map((value) => JSON.stringify({ ...constantOf(value), location: undefined }))).size;
    domain.listed = Math.min(domain.listed ?? Infinity, count);
    return true;
  };
  if (a.kind === 'AEXPR_IN' && operator === '=' && isColumn(a.lexpr, column))
    return listed(items(inner(a.rexpr, 'List')));
  if (a.kind === 'AEXPR_OP_ANY' && operator === '=' && isColumn(a.lexpr, column))
    return listed(items(arrayOf(a.rexpr)));
  if (a.kind === 'AEXPR_BETWEEN' && isColumn(a.lexpr, column)) {
    const [low, high] = items(inner(a.rexpr, 'List')).map(integer);
    if (low === null || high === null || low === undefined || high === undefined) return false;
    domain.low = Math.max(domain.low ?? -Infinity, low);
    domain.high = Math.min(domain.high ?? Infinity, high);
    return true;
  }
  if (a.kind !== 'AEXPR_OP' || operator === undefined || !(operator in FLIP)) return false;
  const [op, value] = isColumn(a.lexpr, column)
    ? [operator, integer(a.rexpr)]
    : isColumn(a.rexpr, column)
      ? [FLIP[operator]!, integer(a.lexpr)]
      : [operator, null];
  if (value === null) return false;
  if (op === '=') domain.listed = 1;
  if (op === '>=' || op === '>') domain.low = Math.max(domain.low ?? -Infinity, op === '>' ? value + 1 : value);
  if (op === '<=' || op === '<') domain.high = Math.min(domain.high ?? Infinity, op === '<' ? value - 1 : value);
  return true;
}

/**
 * The number of values a CHECK expression allows `column` (of SQL type
 * `type`), or null when it does not bound the column to MAX_VALUES or fewer.
 * Only a comparison or an AND of comparisons is read: an expression joined by
 * OR, or that compares the column with anything but constants, says nothing
 * (its parts that name other columns are passed over).
 */
export function checkValues(expr: Node | undefined, column: string, type: string | null): number | null {
  const bool = inner(expr, 'BoolExpr');
  if (bool && bool.boolop !== 'AND_EXPR') return null;
  const parts = (bool ? bool.args : [expr]) as Any[];
  const domain: Domain = { low: null, high: null, listed: null };
  for (const part of parts) narrow(part, column, domain);
  const ranged =
    domain.low !== null && domain.high !== null && type !== null && INTEGER_TYPES.test(type)
      ? Math.max(0, domain.high - domain.low + 1)
      : null;
  const count = Math.min(ranged ?? Infinity, domain.listed ?? Infinity);
  return Number.isFinite(count) && count <= MAX_VALUES ? count : null;
}

/** The values a column's type alone allows: a boolean's two; null for any other type. */
export function typeValues(type: string | null): number | null {
  return type === 'boolean' ? 2 : null;
}
