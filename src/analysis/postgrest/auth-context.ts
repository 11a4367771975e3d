/**
 * Requests sent as the loop's item: each iteration signs in as the item's
 * user, or makes a client with the item's token (`createClient(url, key, {
 * global: { headers: { Authorization: `Bearer ${session.access_token}` } } })`),
 * and sends its requests with that session. Row-level security answers each
 * as that user: the requests of two items cannot be one request (an RLS
 * audit, a per-tenant client), so they are not N+1.
 */
import { asMethodCall, isFunction, type Node, subtree, unwrap, within } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { resolveIdentifier } from '../scope.js';

/** supabase-js auth calls that put a session on the client they are called on. */
const SIGN_INS: ReadonlySet<string> = new Set([
  'signInWithPassword',
  'signInWithOtp',
  'signInWithIdToken',
  'signInAnonymously',
  'signInWithSSO',
  'verifyOtp',
  'setSession',
  'signUp',
]);

/** The text of a client expression, for matching `client.auth.signIn...()` to `client.from(...)`. */
function clientText(ctx: AnalysisContext, client: Node): string {
  const inner = unwrap(client);
  return ctx.text.slice(inner.range[0], inner.range[1]).replace(/\s+/g, '');
}

/**
 * `client.auth.signInWithPassword(...)` (or another SIGN_INS call) in the
 * loop before `sent`, on the same client, with arguments that read the item
 * (`reads`): the request after it runs as the item's user.
 */
function signedInAsItem(
  ctx: AnalysisContext,
  client: Node,
  sent: Node,
  loop: Node,
  reads: (value: Node) => boolean,
): boolean {
  const name = clientText(ctx, client);
  // nodes before the request, not inside a function that does not hold it
  const enter = (node: Node) =>
    node.range[0] < sent.range[0] && (node === loop || !isFunction(node) || within(sent, node));
  for (const node of subtree(loop, enter)) {
    if (!enter(node)) continue;
    const call = node.type === 'CallExpression' ? asMethodCall(node) : null;
    if (call && SIGN_INS.has(call.name)) {
      const auth = asMemberOf(call.object, 'auth');
      if (auth && clientText(ctx, auth) === name && call.call.arguments.some((argument) => reads(argument)))
        return true;
    }
  }
  return false;
}

/** `X` of `X.auth`. */
function asMemberOf(node: Node, property: string): Node | null {
  const inner = unwrap(node);
  if (inner.type !== 'MemberExpression' || inner.computed) return null;
  return inner.property.type === 'Identifier' && inner.property.name === property ? inner.object : null;
}

/**
 * Whether the request on `client`, sent at `sent` once per item of `loop`,
 * runs as the item: the client is a binding made in the loop from something
 * of the item (a `createClient` with the item's token, `clientFor(user)`), or
 * the loop signs the client in with the item's credentials before sending it.
 * `reads` says whether a value reads a binding of the loop.
 */
export function sentAsItem(
  ctx: AnalysisContext,
  client: Node,
  sent: Node,
  loop: Node,
  reads: (value: Node) => boolean,
): boolean {
  const inner = unwrap(client);
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type === 'Variable' && def.node.init && within(def.name, loop) && reads(def.node.init)) return true;
  }
  return signedInAsItem(ctx, client, sent, loop, reads);
}
