/**
 * The table of a request written with a constant, not a string:
 * `.from(TABLE)` with `const TABLE = 'orders'` in the module, a member of a
 * constant object (`.from(TABLES.orders)`), or a constant another module
 * exports and this one imports. Anything else (a parameter, a value computed
 * at run time) stays unknown.
 */
import { readFileSync, statSync } from 'node:fs';
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, type Node, staticString, unwrap } from '../analysis/ast.js';
import type { AnalysisContext } from '../analysis/detector.js';
import { isQueryStartCandidate, queryRoot, writeRoot } from '../analysis/postgrest/query-root.js';
import { importedValueOf } from '../analysis/project/lookup.js';
import { runDetectors } from '../analysis/run.js';
import { constantString, resolveIdentifier } from '../analysis/scope.js';

interface Cached<T> {
  mtimeMs: number;
  size: number;
  value: T;
}

const tablesByModule = new Map<string, Cached<Map<string, string>>>();

/** A value computed once per version of a file (its mtime and size). */
function perVersion<T>(cache: Map<string, Cached<T>>, file: string, compute: (text: string) => T, empty: T): T {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return empty;
  }
  const known = cache.get(file);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.value;
  let value = empty;
  try {
    value = compute(readFileSync(file, 'utf8'));
  } catch {
    value = empty;
  }
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, value });
  return value;
}

/** The table a `.from()` argument names when it is a constant of this module or an imported one (null: unknown). */
export function constantTable(ctx: AnalysisContext, file: string, argument: Node | undefined): string | null {
  const inner = argument && unwrap(argument);
  if (!inner) return null;
  const local = constantString(ctx, inner);
  if (local !== null) return local;
  // imported: the exporting module's facts say what it writes out (project/lookup.ts importedValueOf)
  let id: Node = inner;
  let key: string | null = null;
  if (inner.type === 'MemberExpression') {
    id = unwrap(inner.object);
    key = memberName(inner) ?? (inner.computed ? staticString(inner.property) : null);
    if (key === null) return null;
  }
  const variable = id.type === 'Identifier' ? resolveIdentifier(ctx, id) : null;
  const value = variable ? importedValueOf(file, variable, key) : null;
  return typeof value === 'string' ? value : null;
}

/** The table of the request that starts at `call` when its `.from()` names a constant. */
export function requestTable(ctx: AnalysisContext, file: string, call: TSESTree.CallExpression): string | null {
  const root = (isQueryStartCandidate(call) ? queryRoot(ctx, call) : null) ?? writeRoot(ctx, call)?.root ?? null;
  if (!root?.from || root.name !== null) return root?.name ?? null;
  return constantTable(ctx, file, root.from.arguments[0]);
}

/**
 * The tables of a module's requests written with constants, by the request's
 * place (`line:column` of the call that starts it, as the function facts
 * place a request).
 */
export function constantTablesOf(file: string): Map<string, string> {
  return perVersion(
    tablesByModule,
    file,
    (text) => {
      const tables = new Map<string, string>();
      if (!/\.from\(\s*[A-Za-z_$]/.test(text)) return tables;
      runDetectors(text, file, {
        tables: (ctx: AnalysisContext) => ({
          listeners: {
            CallExpression(node: TSESTree.CallExpression) {
              const table = requestTable(ctx, file, node);
              if (table !== null) tables.set(`${node.loc.start.line}:${node.loc.start.column}`, table);
            },
          },
          finish: () => [],
        }),
      });
      return tables;
    },
    new Map<string, string>(),
  );
}
