/**
 * A view's column names from its query, where that is cheap to know: explicit
 * targets named as PostgreSQL names them (FigureColname: a column reference by its
 * last field, a function call by its name, a cast of a constant by its type,
 * `?column?` otherwise), `*` and `t.*` over relations whose columns are known.
 * Anything else (a `*` over a join with USING, over a function) leaves the view's
 * columns unknown. Also the relations a query reads, for DROP ... CASCADE.
 */
import type { Node } from 'libpg-query';
import { nodeOf, stringOf, strings, unwrap } from './names.js';

/** The column names of a relation by (schema, name) as written in the query, or undefined when unknown. */
export type ColumnsOf = (schema: string | undefined, name: string) => string[] | undefined;

interface Source {
  alias: string;
  columns: string[] | undefined;
}

const SVF_NAMES: Record<string, string> = { SVFOP_USER: 'user' };

function svfName(op: string): string {
  return (
    SVF_NAMES[op] ??
    op
      .replace(/^SVFOP_/, '')
      .replace(/_N$/, '')
      .toLowerCase()
  );
}

/** FigureColnameInternal: [name, strength]; strength 2 is a real name, 1 a fallback. */
function figure(node: Node | undefined): [string, number] {
  const unwrapped = unwrap(node);
  if (!unwrapped) return ['?column?', 0];
  const [type, value] = unwrapped;
  switch (type) {
    case 'ColumnRef': {
      const fields = (value.fields as Node[] | undefined) ?? [];
      const name = stringOf(fields[fields.length - 1]);
      return name ? [name, 2] : ['?column?', 0];
    }
    case 'A_Indirection': {
      const indirection = (value.indirection as Node[] | undefined) ?? [];
      const name = stringOf(indirection[indirection.length - 1]);
      return name ? [name, 2] : figure(value.arg as Node);
    }
    case 'FuncCall': {
      const names = strings(value.funcname as Node[]);
      return [names[names.length - 1] ?? '?column?', 2];
    }
    case 'TypeCast': {
      const inner = figure(value.arg as Node);
      if (inner[1] > 1) return inner;
      const names = strings((value.typeName as { names?: Node[] } | undefined)?.names);
      return [names[names.length - 1] ?? '?column?', 1];
    }
    case 'CaseExpr': {
      const inner = figure(value.defresult as Node);
      return inner[1] > 1 ? inner : ['case', 1];
    }
    case 'A_Expr':
      return value.kind === 'AEXPR_NULLIF' ? ['nullif', 2] : ['?column?', 0];
    case 'A_ArrayExpr':
      return ['array', 2];
    case 'RowExpr':
      return ['row', 2];
    case 'CoalesceExpr':
      return ['coalesce', 2];
    case 'MinMaxExpr':
      return [value.op === 'IS_GREATEST' ? 'greatest' : 'least', 2];
    case 'SQLValueFunction':
      return [svfName(String(value.op)), 2];
    case 'GroupingFunc':
      return ['grouping', 2];
    case 'SubLink':
      if (value.subLinkType === 'EXISTS_SUBLINK') return ['exists', 2];
      if (value.subLinkType === 'ARRAY_SUBLINK') return ['array', 2];
      if (value.subLinkType === 'EXPR_SUBLINK') {
        const select = nodeOf<{ targetList?: Node[] }>(value.subselect as Node, 'SelectStmt');
        const first = nodeOf<{ name?: string; val?: Node }>(select?.targetList?.[0], 'ResTarget');
        if (first?.name) return [first.name, 2];
        return figure(first?.val);
      }
      return ['?column?', 0];
    default:
      return ['?column?', 0];
  }
}

type Ctes = Map<string, string[] | undefined>;

function fromItem(node: Node, columnsOf: ColumnsOf, ctes: Ctes): Source[] | undefined {
  const unwrapped = unwrap(node);
  if (!unwrapped) return undefined;
  const [type, value] = unwrapped;
  const alias = value.alias as { aliasname?: string; colnames?: Node[] } | undefined;
  const rename = (columns: string[] | undefined) => {
    if (!columns) return undefined;
    const names = strings(alias?.colnames);
    return columns.map((c, i) => names[i] ?? c);
  };
  if (type === 'RangeVar') {
    const name = String(value.relname);
    const schema = value.schemaname as string | undefined;
    const columns = !schema && ctes.has(name) ? ctes.get(name) : columnsOf(schema, name);
    return [{ alias: alias?.aliasname ?? name, columns: rename(columns) }];
  }
  if (type === 'RangeSubselect') {
    return [{ alias: alias?.aliasname ?? '', columns: rename(queryColumns(value.subquery as Node, columnsOf, ctes)) }];
  }
  if (type === 'JoinExpr') {
    if (value.usingClause || value.isNatural || alias) return undefined;
    const left = fromItem(value.larg as Node, columnsOf, ctes);
    const right = fromItem(value.rarg as Node, columnsOf, ctes);
    return left && right ? [...left, ...right] : undefined;
  }
  return undefined;
}

function star(fields: Node[], sources: Source[] | undefined): string[] | undefined {
  if (!sources) return undefined;
  if (fields.length === 1) {
    const all = sources.map((s) => s.columns);
    return all.every((c) => c) ? (all as string[][]).flat() : undefined;
  }
  const qualifier = stringOf(fields[fields.length - 2]);
  return sources.find((s) => s.alias === qualifier)?.columns;
}

function withCtes(select: Record<string, unknown>, columnsOf: ColumnsOf, outer: Ctes): Ctes {
  const ctes = new Map(outer);
  const list = (select.withClause as { ctes?: Node[] } | undefined)?.ctes ?? [];
  for (const node of list) {
    const cte = nodeOf<{ ctename?: string; aliascolnames?: Node[]; ctequery?: Node }>(node, 'CommonTableExpr');
    if (!cte?.ctename) continue;
    const columns = queryColumns(cte.ctequery, columnsOf, ctes);
    const names = strings(cte.aliascolnames);
    ctes.set(
      cte.ctename,
      columns?.map((c, i) => names[i] ?? c),
    );
  }
  return ctes;
}

/** The output column names of a query, or undefined when they cannot be known cheaply. */
export function queryColumns(
  query: Node | undefined,
  columnsOf: ColumnsOf,
  outer: Ctes = new Map(),
): string[] | undefined {
  const select = nodeOf<Record<string, unknown>>(query, 'SelectStmt');
  if (!select) return undefined;
  const ctes = withCtes(select, columnsOf, outer);
  if (select.op && select.op !== 'SETOP_NONE')
    return queryColumns({ SelectStmt: select.larg } as Node, columnsOf, ctes);
  const values = select.valuesLists as Node[] | undefined;
  if (values?.length) {
    const first = nodeOf<{ items?: Node[] }>(values[0], 'List')?.items ?? [];
    return first.map((_, i) => `column${i + 1}`);
  }
  const from = (select.fromClause as Node[] | undefined) ?? [];
  let sources: Source[] | undefined = [];
  for (const item of from) {
    const found = fromItem(item, columnsOf, ctes);
    sources = found && sources ? [...sources, ...found] : undefined;
  }
  const names: string[] = [];
  for (const node of (select.targetList as Node[] | undefined) ?? []) {
    const target = nodeOf<{ name?: string; val?: Node }>(node, 'ResTarget');
    const fields = nodeOf<{ fields?: Node[] }>(target?.val, 'ColumnRef')?.fields ?? [];
    if (!target?.name && fields.length > 0 && unwrap(fields[fields.length - 1])?.[0] === 'A_Star') {
      const expanded = star(fields, sources);
      if (!expanded) return undefined;
      names.push(...expanded);
    } else {
      names.push(target?.name ?? figure(target?.val)[0]);
    }
  }
  return names;
}

/** The fields of a plain column reference (`r.id` is ['r', 'id']), or undefined. */
function columnRef(node: Node | undefined): string[] | undefined {
  const fields = nodeOf<{ fields?: Node[] }>(node, 'ColumnRef')?.fields;
  const names = fields?.map(stringOf);
  return names && names.length > 0 && names.every((name) => name !== undefined) ? names : undefined;
}

/**
 * The output columns that a query's `GROUP BY` makes unique together: each
 * grouped expression a plain column (or a position, `GROUP BY 1`) that the
 * select list outputs as itself, under `names` (the output names, in order).
 * Undefined for a set operation, grouping sets, a grouped expression the
 * output does not show, or no grouping: one row per group is then not a key
 * the output names.
 */
export function groupKey(query: Node | undefined, names: readonly string[]): string[] | undefined {
  const select = nodeOf<Record<string, unknown>>(query, 'SelectStmt');
  if (!select || (select.op && select.op !== 'SETOP_NONE')) return undefined;
  const groups = (select.groupClause as Node[] | undefined) ?? [];
  const targets = ((select.targetList as Node[] | undefined) ?? []).map(
    (node) => nodeOf<{ val?: Node }>(node, 'ResTarget')?.val,
  );
  if (groups.length === 0 || targets.length !== names.length) return undefined;
  const key: string[] = [];
  for (const group of groups) {
    const position = nodeOf<{ ival?: { ival?: number } }>(group, 'A_Const')?.ival?.ival;
    let index = -1;
    if (position !== undefined) index = position - 1;
    else {
      const fields = columnRef(group);
      if (!fields) return undefined;
      index = targets.findIndex((target) => {
        const output = columnRef(target);
        // `r.id` grouped, `r.id` or `id` output (one field matches the last of the other)
        return output !== undefined && output.join('.') === fields.join('.');
      });
    }
    const name = names[index];
    if (name === undefined) return undefined;
    key.push(name);
  }
  return key;
}

/** Every relation a query names (RangeVar nodes anywhere in it). */
export function readRelations(node: unknown, found: { schema?: string; name: string }[] = []) {
  if (Array.isArray(node)) {
    for (const item of node) readRelations(item, found);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'RangeVar') {
        const range = value as { schemaname?: string; relname?: string };
        if (range.relname) found.push({ schema: range.schemaname, name: range.relname });
      } else {
        readRelations(value, found);
      }
    }
  }
  return found;
}
