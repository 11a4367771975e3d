/**
 * Where a PostgREST request starts: `X.from(t).select(...)` (a read, also
 * through a constant that holds `X.from(t)`) or `X.rpc(fn, ...)`, and which
 * receivers cannot be a Supabase client. Writes are never roots of a read;
 * `X.from(t).delete()` is the root of a hard delete (`deleteRoot`), which the
 * delta-sync verdict asks about.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall, memberName, staticString, unwrap } from '../ast.js';
import { MAX_ALIAS_HOPS } from '../limits.js';
import { WRITE_METHODS } from './methods.js';
import { constantInit, constantString, resolveIdentifier } from '../scope.js';
import type { AnalysisContext } from '../detector.js';

/**
 * Well-known globals with a static `from` that are not Supabase clients.
 * (Reversed chains such as drizzle's `db.select().from(t)` are excluded by
 * shape: no `.select()` follows their `.from()`.)
 */
const NOT_A_CLIENT: ReadonlySet<string> = new Set([
  'Array',
  'Buffer',
  'Object',
  'Iterator',
  'ReadableStream',
  'Readable',
  'Observable',
  'Promise',
  'Set',
  'Map',
  'String',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'Temporal',
  'Immutable',
  'Rx',
]);

export interface QueryRoot {
  /** `delete`: only from `deleteRoot`; `queryRoot` gives reads and rpcs. */
  kind: 'select' | 'rpc' | 'delete';
  /** The `.select(...)` (or `.rpc(...)`, `.delete(...)`) call that starts the request. */
  start: TSESTree.CallExpression;
  /** The `X.from(t)` call that the select is made on; null for rpc. */
  from: TSESTree.CallExpression | null;
  /** The table (or rpc function) name when it is a static string. */
  name: string | null;
  /** `X` in `X.from(t)` / `X.rpc(fn)`. */
  client: TSESTree.Expression;
}

function isClientExpression(node: TSESTree.Expression): boolean {
  const inner = unwrap(node);
  if (inner.type === 'Identifier' && NOT_A_CLIENT.has(inner.name)) return false;
  if (inner.type === 'MemberExpression') {
    const object = unwrap(inner.object);
    // globalThis.Array.from(...)
    if (object.type === 'Identifier' && object.name === 'globalThis') {
      const property = inner.property;
      if (property.type === 'Identifier' && NOT_A_CLIENT.has(property.name)) return false;
    }
  }
  const call = asMethodCall(inner);
  // reversed chains: db.select().from(t), knex.select('*').from('t')
  if (call && (call.name === 'select' || call.name === 'from')) return false;
  return inner.type !== 'Literal' && inner.type !== 'ArrayExpression' && inner.type !== 'ObjectExpression';
}

function isSingleArgument(call: TSESTree.CallExpression): boolean {
  return call.arguments.length === 1 && call.arguments[0]!.type !== 'SpreadElement';
}

/** `X.from(t)`, directly or through a constant that holds it (`const t = supabase.from('t')`). */
export function resolveFromCall(
  ctx: AnalysisContext,
  node: TSESTree.Expression,
  depth = 0,
): TSESTree.CallExpression | null {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') {
    if (depth >= MAX_ALIAS_HOPS) return null;
    const variable = resolveIdentifier(ctx, inner);
    const init = variable && constantInit(variable);
    return init ? resolveFromCall(ctx, init, depth + 1) : null;
  }
  const call = asMethodCall(inner);
  if (!call || call.name !== 'from' || !isSingleArgument(call.call)) return null;
  return isClientExpression(call.object) ? call.call : null;
}

/**
 * When `node` starts a PostgREST request, what it is: `X.from(t).select(...)`
 * (a read) or `X.rpc(fn, ...)`. Writes (`insert/upsert/update/delete`) are
 * never roots, with or without a `.select()` after them.
 */
export function queryRoot(ctx: AnalysisContext, node: TSESTree.CallExpression): QueryRoot | null {
  const call = asMethodCall(node);
  if (!call || call.call !== node) return null;
  if (call.name === 'select') {
    const from = resolveFromCall(ctx, call.object);
    if (!from) return null;
    const fromCall = asMethodCall(from)!;
    return {
      kind: 'select',
      start: node,
      from,
      name: constantString(ctx, from.arguments[0]),
      client: fromCall.object,
    };
  }
  if (call.name === 'rpc') {
    const first = node.arguments[0];
    if (!first || first.type === 'SpreadElement' || node.arguments.length > 3) return null;
    if (!isClientExpression(call.object)) return null;
    return { kind: 'rpc', start: node, from: null, name: constantString(ctx, first), client: call.object };
  }
  return null;
}

/** `X.from(t).insert(...)` and the other writes, as a root the chain recognizer can follow. */
export function writeRoot(
  ctx: AnalysisContext,
  node: TSESTree.CallExpression,
): { root: QueryRoot; method: string } | null {
  const call = asMethodCall(node);
  if (!call || call.call !== node || !WRITE_METHODS.has(call.name)) return null;
  const from = resolveFromCall(ctx, call.object);
  if (!from) return null;
  const client = asMethodCall(from)!.object;
  // `supabase.storage.from(bucket).update(path, file)` is a Storage upload, not a PostgREST write
  const inner = unwrap(client);
  if (inner.type === 'MemberExpression' && memberName(inner) === 'storage') return null;
  // analyzeQuery follows the chain from `start` whatever starts it; `kind` only names the first link
  return {
    root: { kind: 'select', start: node, from, name: constantString(ctx, from.arguments[0]), client },
    method: call.name,
  };
}

/**
 * When `node` is `X.from(t).delete(...)` (also through a constant that holds
 * `X.from(t)`), the root of that hard delete; `analyzeQuery` follows it like a
 * read (its filters, where it is sent).
 */
export function deleteRoot(ctx: AnalysisContext, node: TSESTree.CallExpression): QueryRoot | null {
  const write = writeRoot(ctx, node);
  return write?.method === 'delete' ? { ...write.root, kind: 'delete' } : null;
}

/**
 * The schema a request names: `s` in `X.schema('s').from(t)`, `public` when
 * the client names none (a client created with another `db.schema` is not
 * seen), null when it is named at run time.
 */
export function rootSchema(root: QueryRoot): string | null {
  const call = asMethodCall(unwrap(root.client));
  if (!call || call.name !== 'schema') return 'public';
  return staticString(call.call.arguments[0]);
}

/** A cheap test on the callee name before `queryRoot` looks further. */
export function isQueryStartCandidate(node: TSESTree.CallExpression): boolean {
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression') return false;
  const property = callee.property;
  if (!callee.computed) {
    return property.type === 'Identifier' && (property.name === 'select' || property.name === 'rpc');
  }
  const name = staticString(property);
  return name === 'select' || name === 'rpc';
}
