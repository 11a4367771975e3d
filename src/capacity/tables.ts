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
import { resolveModule } from '../analysis/project/resolve.js';
import { runDetectors } from '../analysis/run.js';
import { constantString, resolveIdentifier } from '../analysis/scope.js';

/** How deep a constant is followed through imports. */
const MAX_HOPS = 4;

/** A module's exported constants: strings, and objects of strings (`export const TABLES = { orders: 'orders' }`). */
type Constants = Map<string, string | Map<string, string>>;

interface Cached<T> {
  mtimeMs: number;
  size: number;
  value: T;
}

const exported = new Map<string, Cached<Constants>>();
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

/** A string, or an object literal of strings. */
function constantValue(node: Node | null | undefined): string | Map<string, string> | null {
  const inner = node && unwrap(node);
  if (!inner) return null;
  const text = staticString(inner);
  if (text !== null) return text;
  if (inner.type !== 'ObjectExpression') return null;
  const members = new Map<string, string>();
  for (const property of inner.properties) {
    if (property.type !== 'Property' || property.computed) continue;
    const key = property.key.type === 'Identifier' ? property.key.name : staticString(property.key);
    const value = staticString(property.value);
    if (key !== null && value !== null) members.set(key, value);
  }
  return members;
}

/** A TypeScript enum's string members (`enum Tables { Orders = 'orders' }`). */
function enumValue(node: TSESTree.TSEnumDeclaration): Map<string, string> {
  const members = new Map<string, string>();
  // typescript-estree 8 has them under `body.members` (and `members`, deprecated)
  for (const member of node.body.members) {
    const key = member.id.type === 'Identifier' ? member.id.name : staticString(member.id);
    const value = member.initializer ? staticString(member.initializer) : null;
    if (key !== null && value !== null) members.set(key, value);
  }
  return members;
}

/** The constants a module exports (`export const X = ...`, `export enum E { ... }`). */
function exportedConstants(file: string): Constants {
  return perVersion(
    exported,
    file,
    (text) => {
      const constants: Constants = new Map();
      if (!text.includes('export')) return constants;
      runDetectors(text, file, {
        constants: () => ({
          listeners: {
            'Program > ExportNamedDeclaration > VariableDeclaration[kind="const"] > VariableDeclarator'(
              node: TSESTree.VariableDeclarator,
            ) {
              const value = constantValue(node.init);
              if (node.id.type === 'Identifier' && value !== null) constants.set(node.id.name, value);
            },
            'Program > ExportNamedDeclaration > TSEnumDeclaration'(node: TSESTree.TSEnumDeclaration) {
              constants.set(node.id.name, enumValue(node));
            },
          },
          finish: () => [],
        }),
      });
      return constants;
    },
    new Map() as Constants,
  );
}

/** The value an identifier holds when it is a constant of this module or an imported one. */
function identifierValue(
  ctx: AnalysisContext,
  file: string,
  id: TSESTree.Identifier,
  hops: number,
): string | Map<string, string> | null {
  // a constant of this module is constantString's (it names the table already)
  const variable = resolveIdentifier(ctx, id);
  if (!variable) return null;
  const def = variable.defs[0];
  if (def?.type !== 'ImportBinding' || def.node.type !== 'ImportSpecifier' || hops >= MAX_HOPS) return null;
  const source = (def.parent as TSESTree.ImportDeclaration).source.value;
  const target = resolveModule(file, source);
  if (target === null) return null;
  const imported = def.node.imported;
  return exportedConstants(target).get(imported.type === 'Identifier' ? imported.name : imported.value) ?? null;
}

/** The table a `.from()` argument names when it is a constant of this module or an imported one (null: unknown). */
export function constantTable(ctx: AnalysisContext, file: string, argument: Node | undefined): string | null {
  const inner = argument && unwrap(argument);
  if (!inner) return null;
  const local = constantString(ctx, inner);
  if (local !== null) return local;
  if (inner.type === 'Identifier') {
    const value = identifierValue(ctx, file, inner, 0);
    return typeof value === 'string' ? value : null;
  }
  if (inner.type === 'MemberExpression') {
    const object = unwrap(inner.object);
    const key = memberName(inner) ?? (inner.computed ? staticString(inner.property) : null);
    if (object.type !== 'Identifier' || key === null) return null;
    const value = identifierValue(ctx, file, object, 0);
    return value instanceof Map ? (value.get(key) ?? null) : null;
  }
  return null;
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
