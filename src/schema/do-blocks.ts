/**
 * DDL inside `DO` blocks. Migrations often guard a change to make it re-runnable:
 * `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 't_pkey')
 * THEN ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id); END IF; END $$`. The
 * block's PL/pgSQL is parsed (libpg_query's PL/pgSQL parser), and its static SQL
 * statements, plus `EXECUTE` of a constant string, become the block's inner
 * statements, in order, whatever branch they sit in. The model applies them only
 * where they fit (a guard's purpose): an inner statement that names what does not
 * exist, or adds what exists, changes nothing and is not reported. Conditions are not
 * evaluated; an `EXECUTE` of a computed string is not seen.
 */
import type { Node } from 'libpg-query';
import { nodeOf, stringOf, unwrap } from './names.js';
import type { SqlParser } from './sql-parser.js';
import type { ParsedFile, SqlStatement } from './sql-files.js';

interface Found {
  sql: string;
  /** 1-based line within the block's body. */
  line: number;
  /** A constant string to EXECUTE: its SQL is the string's value. */
  dynamic: boolean;
}

/** The body and language of a DO statement. */
function doBody(stmt: Node): string | undefined {
  const args = nodeOf<{ args?: Node[] }>(stmt, 'DoStmt')?.args ?? [];
  let body: string | undefined;
  let language = 'plpgsql';
  for (const arg of args) {
    const def = nodeOf<{ defname?: string; arg?: Node }>(arg, 'DefElem');
    if (def?.defname === 'as') body = stringOf(def.arg);
    if (def?.defname === 'language') language = stringOf(def.arg) ?? language;
  }
  return language === 'plpgsql' ? body : undefined;
}

function asFunction(body: string): string {
  let tag = '$do$';
  for (let n = 0; body.includes(tag); n++) tag = `$do${n}$`;
  return `CREATE FUNCTION pg_temp.do_block() RETURNS void LANGUAGE plpgsql AS ${tag}${body}${tag}`;
}

function exprQuery(node: unknown): string | undefined {
  return (node as { PLpgSQL_expr?: { query?: string } } | undefined)?.PLpgSQL_expr?.query;
}

/** The statements of a PL/pgSQL tree, in order. */
function collect(node: unknown, found: Found[] = []): Found[] {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, found);
    return found;
  }
  if (!node || typeof node !== 'object') return found;
  for (const [key, value] of Object.entries(node)) {
    const statement = value as { lineno?: number; sqlstmt?: unknown; query?: unknown };
    if (key === 'PLpgSQL_stmt_execsql') {
      const sql = exprQuery(statement.sqlstmt);
      if (sql) found.push({ sql, line: statement.lineno ?? 1, dynamic: false });
    } else if (key === 'PLpgSQL_stmt_dynexecute') {
      const sql = exprQuery(statement.query);
      if (sql) found.push({ sql: `SELECT ${sql}`, line: statement.lineno ?? 1, dynamic: true });
    } else if (key !== 'cond' && key !== 'datums') {
      collect(value, found);
    }
  }
  return found;
}

/** The string an `EXECUTE 'constant'` runs, from the parse of `SELECT 'constant'`. */
function constantString(stmts: { stmt: Node }[]): string | undefined {
  const select = nodeOf<{ targetList?: Node[] }>(stmts[0]?.stmt, 'SelectStmt');
  if (stmts.length !== 1 || select?.targetList?.length !== 1) return undefined;
  const value = nodeOf<{ val?: Node }>(select.targetList[0], 'ResTarget')?.val;
  return nodeOf<{ sval?: { sval?: string } }>(value, 'A_Const')?.sval?.sval;
}

function parseInner(parser: SqlParser, found: Found[], doLine: number): SqlStatement[] {
  const dynamic = found.flatMap((f, i) => (f.dynamic ? [i] : []));
  const constants = parser.parse(dynamic.map((i) => found[i]!.sql));
  const texts = found.map((f) => f.sql);
  dynamic.forEach((i, k) => {
    const outcome = constants[k]!;
    texts[i] = 'stmts' in outcome ? (constantString(outcome.stmts) ?? '') : '';
  });
  return parser
    .parse(texts)
    .flatMap((outcome, i) =>
      'stmts' in outcome
        ? outcome.stmts.map(({ stmt }) => ({ stmt, line: doLine + found[i]!.line - 1, sql: texts[i]! }))
        : [],
    );
}

/** Gives each DO statement of the files its inner statements (`statement.inner`). */
export function expandDoBlocks(parser: SqlParser, files: readonly ParsedFile[]): void {
  const blocks = files.flatMap((f) => f.statements).filter((s) => unwrap(s.stmt)?.[0] === 'DoStmt');
  const bodies = blocks.map((b) => doBody(b.stmt));
  const withBody = blocks.filter((_, i) => bodies[i] !== undefined);
  const trees = parser.plpgsql(bodies.filter((b): b is string => b !== undefined).map(asFunction));
  withBody.forEach((block, i) => {
    const tree = trees[i];
    if (!tree || 'error' in tree) return;
    const found = collect(tree.functions);
    if (found.length > 0) block.inner = parseInner(parser, found, block.line);
  });
}
