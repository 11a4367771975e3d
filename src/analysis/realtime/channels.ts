/**
 * Channels and subscriptions: where the receiver of a `.subscribe()` comes
 * from (`client.channel(name)` or a legacy `client.from(t).on(event, cb)`),
 * through `.on()` chains and the variables it passes through.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall, type Node, staticString, unwrap } from '../ast.js';
import { MAX_ALIAS_HOPS, MAX_CHAIN_LINKS } from '../limits.js';
import { resolveIdentifier, type Variable } from '../scope.js';
import type { AnalysisContext } from '../detector.js';
import { assignedValue } from './values.js';

/** The events of a legacy v1 table listener (`client.from(t).on('INSERT', cb)`). */
export const LEGACY_EVENTS: ReadonlySet<string> = new Set(['INSERT', 'UPDATE', 'DELETE', '*']);

export interface ChannelOrigin {
  /** `channel`: `client.channel(name)`; `legacy`: `client.from(t).on(event, cb)`. */
  kind: 'channel' | 'legacy';
  /** The `client.channel(...)` / `client.from(...)` call. */
  create: TSESTree.CallExpression;
  /** `client` in `client.channel(...)`. */
  client: TSESTree.Expression;
  /** The variables the channel passes through before it is subscribed. */
  variables: Variable[];
}

/**
 * Where a `.subscribe()` receiver comes from, through `.on()` chains (at most
 * MAX_CHAIN_LINKS calls) and variables (at most MAX_ALIAS_HOPS).
 */
export function channelOrigin(
  ctx: AnalysisContext,
  node: Node,
  seen: Set<Variable> = new Set(),
  legacyOn = false,
  /** The calls walked so far. */
  depth = 0,
): ChannelOrigin | null {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    if (!variable || seen.has(variable) || seen.size >= MAX_ALIAS_HOPS) return null;
    seen.add(variable);
    const value = assignedValue(variable);
    const origin = value && channelOrigin(ctx, value, seen, legacyOn, depth);
    if (origin) origin.variables.push(variable);
    return origin ?? null;
  }
  const call = asMethodCall(inner);
  if (!call || depth >= MAX_CHAIN_LINKS) return null;
  switch (call.name) {
    case 'on': {
      const event = staticString(call.call.arguments[0]);
      const legacy = event !== null && LEGACY_EVENTS.has(event);
      return channelOrigin(ctx, call.object, seen, legacyOn || legacy, depth + 1);
    }
    case 'subscribe':
      return channelOrigin(ctx, call.object, seen, legacyOn, depth + 1);
    case 'channel':
      if (call.call.arguments.length === 0 || legacyOn) return null;
      return { kind: 'channel', create: call.call, client: call.object, variables: [] };
    case 'from':
      if (!legacyOn || call.call.arguments.length !== 1) return null;
      return { kind: 'legacy', create: call.call, client: call.object, variables: [] };
    default:
      return null;
  }
}
