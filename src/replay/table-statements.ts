/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- libpg-query's JSON AST is untyped: each node is read by its key and checked where it is used */
/**
 * The statements of the project's migrations that make one table as the
 * database has it: its CREATE TABLE, ALTER TABLEs, indexes, renames and
 * triggers, and what they need (the types its columns use, the sequences and
 * functions its defaults and triggers call, the tables its foreign keys
 * reference, with their own statements), in the order the migrations apply
 * them. A DO block is taken whole when a statement inside it is one of these.
 */
import type { Node } from 'libpg-query';
import type { ParsedFile, SqlStatement } from '../schema/sql-files.js';

export interface TableStatement {
  file: string;
  line: number;
  sql: string;
  /** The table whose statement this is, or the kind of dependency (`type status`, `function set_updated_at`). */
  what: string;
}

type Any = Record<string, any>;

interface Facts {
  /** Tables the statement makes or changes (`schema.name`). */
  tables: string[];
  /** Triggers it makes or drops, by the table they are on. */
  triggersOn: string[];
  types: string[];
  functions: string[];
  sequences: string[];
  /** The extension it creates (`moddatetime`), or null. */
  extension: string | null;
  /** What it needs. */
  needsTables: string[];
  needsTypes: string[];
  needsFunctions: string[];
  needsSequences: string[];
}

const key = (schema: string | undefined, name: string) => `${schema ?? 'public'}.${name}`;

function rangeVar(node: Any | undefined): string | null {
  return node?.relname ? key(node.schemaname, node.relname) : null;
}

function names(list: Node[] | undefined): string[] {
  return (list ?? []).map((item: Any) => item.String?.sval ?? '');
}

/** A qualified name list's last part (functions and types are matched by name). */
function lastName(list: Node[] | undefined): string | null {
  const all = names(list);
  return all.length > 0 ? all[all.length - 1]! : null;
}

/** Walks a node, calling `visit` on each object with its key. */
function walk(node: unknown, visit: (type: string, value: Any) => void): void {
  if (Array.isArray(node)) for (const item of node) walk(item, visit);
  else if (node && typeof node === 'object') {
    for (const [type, value] of Object.entries(node)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) visit(type, value as Any);
      walk(value, visit);
    }
  }
}

/** The dependencies inside a statement: referenced tables, type names, called functions, nextval('seq'). */
function dependencies(stmt: Node, facts: Facts): void {
  walk(stmt, (type, value) => {
    if (type === 'Constraint' && value.contype === 'CONSTR_FOREIGN') {
      const table = rangeVar(value.pktable);
      if (table) facts.needsTables.push(table);
    } else if (type === 'ColumnDef' || type === 'AlterTableCmd') {
      const typeName = (value.typeName ?? value.def?.ColumnDef?.typeName) as Any | undefined;
      const name = lastName(typeName?.names);
      if (name) facts.needsTypes.push(name);
    } else if (type === 'FuncCall') {
      const name = lastName(value.funcname);
      if (name) facts.needsFunctions.push(name);
      if (name === 'nextval') {
        walk(value.args, (inner, constant) => {
          if (inner === 'A_Const' && constant.sval?.sval) {
            facts.needsSequences.push(String(constant.sval.sval).split('.').pop()!.replace(/"/g, ''));
          }
        });
      }
    }
  });
}

function factsOf(stmt: Node): Facts {
  const facts: Facts = {
    tables: [],
    triggersOn: [],
    types: [],
    functions: [],
    sequences: [],
    extension: null,
    needsTables: [],
    needsTypes: [],
    needsFunctions: [],
    needsSequences: [],
  };
  const [[type, value] = ['', {}]] = Object.entries(stmt as Any) as [string, Any][];
  switch (type) {
    case 'CreateStmt':
    case 'IndexStmt':
      pushTable(facts.tables, rangeVar(value.relation));
      break;
    case 'AlterTableStmt':
      if (value.objtype === 'OBJECT_TABLE') pushTable(facts.tables, rangeVar(value.relation));
      break;
    case 'RenameStmt':
      if (value.relationType === 'OBJECT_TABLE' || value.renameType === 'OBJECT_TABLE') {
        pushTable(facts.tables, rangeVar(value.relation));
      }
      break;
    case 'CreateTrigStmt':
      pushTable(facts.triggersOn, rangeVar(value.relation));
      facts.needsFunctions.push(lastName(value.funcname) ?? '');
      break;
    case 'DropStmt':
      if (value.removeType === 'OBJECT_TRIGGER') {
        for (const object of value.objects ?? []) {
          const parts = names(object.List?.items);
          if (parts.length >= 2) facts.triggersOn.push(key(parts.length > 2 ? parts[0] : undefined, parts.at(-2)!));
        }
      } else if (value.removeType === 'OBJECT_TABLE') {
        // a migration that drops a table and makes it again: both, in order
        for (const object of value.objects ?? []) {
          const parts = names(object.List?.items);
          if (parts.length >= 1) facts.tables.push(key(parts.length > 1 ? parts.at(-2) : undefined, parts.at(-1)!));
        }
      }
      break;
    case 'CreateEnumStmt':
    case 'AlterEnumStmt':
      facts.types.push(lastName(value.typeName) ?? '');
      break;
    case 'CreateDomainStmt':
      facts.types.push(lastName(value.domainname) ?? '');
      break;
    case 'CompositeTypeStmt':
      facts.types.push(value.typevar?.relname ?? '');
      break;
    case 'CreateFunctionStmt':
      facts.functions.push(lastName(value.funcname) ?? '');
      break;
    case 'CreateSeqStmt':
    case 'AlterSeqStmt':
      facts.sequences.push(value.sequence?.relname ?? '');
      break;
    case 'CreateExtensionStmt':
      facts.extension = String(value.extname ?? '');
      break;
    default:
      break;
  }
  dependencies(stmt, facts);
  return facts;
}

function pushTable(list: string[], table: string | null): void {
  if (table) list.push(table);
}

interface Entry {
  file: string;
  statement: SqlStatement;
  facts: Facts;
}

function merged(statement: SqlStatement): Facts {
  const parts = (statement.inner ?? [statement]).map((inner) => factsOf(inner.stmt));
  const all = factsOf(statement.stmt);
  for (const part of parts) {
    for (const field of Object.keys(all) as (keyof Facts)[]) {
      if (field === 'extension') all.extension ??= part.extension;
      else all[field].push(...part[field]);
    }
  }
  return all;
}

/** Whether an entry is wanted for the target, and why (its `what`), given what is wanted so far. */
function wanted(
  entry: Entry,
  target: string,
  sets: { tables: Set<string>; types: Set<string>; functions: Set<string>; sequences: Set<string> },
): string | null {
  const { facts } = entry;
  const table = facts.tables.find((t) => sets.tables.has(t));
  if (table) return table === target ? `table ${table}` : `table ${table} (referenced)`;
  if (facts.triggersOn.includes(target)) return `trigger on ${target}`;
  const type = facts.types.find((t) => sets.types.has(t));
  if (type) return `type ${type}`;
  const fn = facts.functions.find((f) => sets.functions.has(f));
  if (fn) return `function ${fn}`;
  const sequence = facts.sequences.find((s) => sets.sequences.has(s));
  if (sequence) return `sequence ${sequence}`;
  if (facts.extension !== null) return `extension ${facts.extension}`;
  return null;
}

/**
 * The statements that make `schema.table`, in migration order, or an empty
 * list when no CREATE TABLE of it is found.
 */
export function tableStatements(files: readonly ParsedFile[], schema: string, table: string): TableStatement[] {
  const target = key(schema, table);
  const entries: Entry[] = files.flatMap((file) =>
    file.statements.map((statement) => ({ file: file.file, statement, facts: merged(statement) })),
  );
  if (!entries.some((entry) => 'CreateStmt' in entry.statement.stmt && entry.facts.tables.includes(target))) return [];
  const sets = {
    tables: new Set([target]),
    types: new Set<string>(),
    functions: new Set<string>(),
    sequences: new Set<string>(),
  };
  const chosen = new Map<Entry, string>();
  // to a fixed point: each statement chosen may need more (a parent table, its types, a trigger's function)
  for (let changed = true; changed;) {
    changed = false;
    for (const entry of entries) {
      if (chosen.has(entry)) continue;
      const what = wanted(entry, target, sets);
      if (what === null) continue;
      chosen.set(entry, what);
      changed = true;
      const { facts } = entry;
      // a parent's triggers are not needed: the replay writes only the target
      for (const parent of facts.needsTables) sets.tables.add(parent);
      for (const type of facts.needsTypes) sets.types.add(type);
      for (const fn of facts.needsFunctions) sets.functions.add(fn);
      for (const sequence of facts.needsSequences) sets.sequences.add(sequence);
    }
  }
  return entries
    .filter((entry) => chosen.has(entry) && !('TransactionStmt' in entry.statement.stmt))
    .map((entry) => ({
      file: entry.file,
      line: entry.statement.line,
      sql: entry.statement.sql,
      what: chosen.get(entry)!,
    }));
}
