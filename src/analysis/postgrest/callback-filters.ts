/**
 * A builder handed to a callback the function takes as a parameter, which
 * each caller writes as a filter: `async function fetchAll(table, build) {
 * ... await build(supabase.from(table).select('*').range(from, from + 999))
 * ... }` called as `fetchAll('orders', (q) => q.gte('date', d).neq('status',
 * 'canceled'))` or `fetchAll('variants', (q) => q)`. When the function is
 * not exported, every use of its name in the file is a call, and the
 * argument each call gives for that parameter is an arrow that returns its
 * own parameter through filters that order nothing and fix no row (ranges,
 * `neq`, `like`, `ilike`, `not`, `or`), the callback gives the builder back
 * with no order and no bound of its own: the call is where the request is
 * sent. Anything else (a callback that orders, an `eq` that may fix a unique
 * column, a function passed by name, an exported helper, a block body) is
 * code the analysis cannot see.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberName, type Node, unwrap } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { resolveIdentifier } from '../scope.js';

/** Filters that keep the builder, order nothing, and never make a one-row read. */
const NEUTRAL_FILTERS: ReadonlySet<string> = new Set([
  'gt',
  'gte',
  'lt',
  'lte',
  'neq',
  'like',
  'ilike',
  'likeAllOf',
  'likeAnyOf',
  'ilikeAllOf',
  'ilikeAnyOf',
  'not',
  'or',
]);

/** `(q) => q.gte(...).neq(...)`, `(q) => q`: an arrow that returns its one parameter through neutral filters. */
function filtersOnly(argument: Node | undefined): boolean {
  if (argument?.type !== 'ArrowFunctionExpression' || argument.body.type === 'BlockStatement') return false;
  const [param] = argument.params;
  if (argument.params.length !== 1 || param?.type !== 'Identifier') return false;
  let current = unwrap(argument.body);
  for (;;) {
    if (current.type === 'Identifier') return current.name === param.name;
    if (current.type !== 'CallExpression') return false;
    const callee = unwrap(current.callee);
    if (callee.type !== 'MemberExpression') return false;
    const method = memberName(callee);
    if (method === null || !NEUTRAL_FILTERS.has(method)) return false;
    current = unwrap(callee.object);
  }
}

/** The name a function is declared with in this file, unless it is exported (its callers may be elsewhere). */
function localName(fn: Node): TSESTree.Identifier | null {
  if (fn.type === 'FunctionDeclaration')
    return fn.id && fn.parent.type !== 'ExportNamedDeclaration' && fn.parent.type !== 'ExportDefaultDeclaration'
      ? fn.id
      : null;
  const declarator = fn.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== fn || declarator.id.type !== 'Identifier')
    return null;
  const declaration = declarator.parent;
  if (declaration.kind !== 'const' || declaration.parent.type === 'ExportNamedDeclaration') return null;
  return declarator.id;
}

/**
 * Whether `call` (the builder is its one argument) calls a parameter of the
 * enclosing function that every call of that function in this file gives as
 * a filter-only arrow (see the file's comment).
 */
export function callsFilterCallback(ctx: AnalysisContext, call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  if (callee.type !== 'Identifier' || call.arguments.length !== 1) return false;
  const variable = resolveIdentifier(ctx, callee);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Parameter' || !isFunction(def.node)) return false;
  const fn = def.node;
  const index = fn.params.findIndex((param) => param === def.name);
  const name = index < 0 ? null : localName(fn);
  const helper = name && resolveIdentifier(ctx, name);
  if (!helper) return false;
  const uses = helper.references.filter((reference) => reference.identifier !== name);
  if (uses.length === 0) return false;
  return uses.every((reference) => {
    const parent = reference.identifier.parent;
    return (
      parent.type === 'CallExpression' && parent.callee === reference.identifier && filtersOnly(parent.arguments[index])
    );
  });
}
