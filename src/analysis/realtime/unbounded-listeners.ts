/**
 * The unbounded-listener detector (what no-unbounded-realtime reports):
 * Postgres Changes listeners without a filter, or on a whole schema, and
 * legacy v1 table listeners without a `'t:col=op.value'` filter.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall, keyName, type Node, staticString, unwrap } from '../ast.js';
import { MAX_CHAIN_LINKS } from '../limits.js';
import { type AnalysisContext, constantInit, type Detector, resolveIdentifier } from '../scope.js';
import { mayHoldUnboundedListener } from '../text-gates.js';
import { typeOracle } from '../types.js';
import { LEGACY_EVENTS } from './channels.js';
import { filterPresence, objectLiteral } from './values.js';

export interface UnboundedListener {
  kind: 'unfiltered-table' | 'whole-schema';
  /** The node to report: the config object (or its variable), or the legacy table string. */
  node: TSESTree.Node;
  /** The `.on(...)` call. */
  on: TSESTree.CallExpression;
  table: string | null;
  schema: string | null;
  legacy: boolean;
}

/** `.on('postgres_changes', config, cb)`: what the config leaves out. */
function postgresChangesListener(
  ctx: AnalysisContext,
  on: TSESTree.CallExpression,
  allowTables: ReadonlySet<string>,
): UnboundedListener | null {
  const configArgument = on.arguments[1];
  const config = objectLiteral(ctx, configArgument);
  if (!config || !configArgument) return null;
  let table: string | null | undefined;
  let schema: string | null = null;
  let filter: 'yes' | 'no' = 'no';
  let spread = false;
  let hasFilter = false;
  for (const property of config.properties) {
    if (property.type === 'SpreadElement') {
      spread = true;
      continue;
    }
    const key = keyName(property.key, property.computed);
    if (key === 'table') table = staticString(property.value);
    else if (key === 'schema') schema = staticString(property.value);
    else if (key === 'filter') {
      hasFilter = true;
      filter = filterPresence(property.value);
    } else if (key === null) spread = true;
  }
  // a spread may carry the table or the filter: do not guess
  if (spread && (!hasFilter || table === undefined)) return null;
  if (filter === 'yes') return null;
  const base = { node: configArgument, on, schema, legacy: false };
  if (table === undefined || schema === '*') return { ...base, kind: 'whole-schema', table: null };
  if (table !== null && allowTables.has(table)) return null;
  return { ...base, kind: 'unfiltered-table', table };
}

/** `client.from('t').on('INSERT', cb)`: the legacy v1 listener, filtered only through `'t:col=op.value'`. */
function legacyListener(
  ctx: AnalysisContext,
  on: TSESTree.CallExpression,
  allowTables: ReadonlySet<string>,
): { from: TSESTree.CallExpression; listener: UnboundedListener } | null {
  let receiver: Node = on;
  let from: TSESTree.CallExpression | null = null;
  for (let depth = 0; depth < MAX_CHAIN_LINKS; depth += 1) {
    const call = asMethodCall(receiver);
    if (!call) break;
    if (call.name === 'on') {
      receiver = call.object;
      continue;
    }
    if (call.name === 'from' && call.call.arguments.length === 1) from = call.call;
    break;
  }
  if (!from) {
    const inner = unwrap(receiver);
    if (inner.type !== 'Identifier') return null;
    const variable = resolveIdentifier(ctx, inner);
    const init = variable && constantInit(variable);
    const call = init && asMethodCall(init);
    if (!call || call.name !== 'from' || call.call.arguments.length !== 1) return null;
    from = call.call;
  }
  const argument = from.arguments[0]!;
  const inner = unwrap(argument);
  let text: string | null = staticString(inner);
  if (text === null && inner.type === 'TemplateLiteral') text = inner.quasis[0]?.value.cooked ?? null;
  if (text === null) return null;
  const colon = text.indexOf(':');
  const table = colon < 0 ? text : text.slice(0, colon);
  if (table === '') return null;
  if (colon >= 0 && (colon < text.length - 1 || inner.type === 'TemplateLiteral')) return null;
  const base = { node: argument, on, schema: null, legacy: true };
  if (table === '*') return { from, listener: { ...base, kind: 'whole-schema', table: null } };
  if (allowTables.has(table)) return null;
  return { from, listener: { ...base, kind: 'unfiltered-table', table } };
}

export interface UnboundedRealtimeOptions {
  allowTables: readonly string[];
}

/**
 * Finds Postgres Changes listeners that receive rows the client does not
 * need (what no-unbounded-realtime reports). Broadcast and presence listeners
 * are not looked at. Null for a file that fails its text gate (no
 * `postgres_changes`, no legacy `.on('INSERT')`-like call).
 */
export function createUnboundedRealtimeDetector(
  ctx: AnalysisContext,
  options: UnboundedRealtimeOptions,
): Detector<UnboundedListener> | null {
  if (!mayHoldUnboundedListener(ctx.text)) return null;
  const types = typeOracle(ctx);
  const allowTables = new Set(options.allowTables);
  const found: UnboundedListener[] = [];
  const legacyFroms = new Set<TSESTree.CallExpression>();
  return {
    listeners: {
      CallExpression(node: TSESTree.CallExpression) {
        const call = asMethodCall(node);
        if (!call || call.call !== node || call.name !== 'on') return;
        const event = staticString(node.arguments[0]);
        if (event === null) return;
        // with types, an emitter that is not a supabase-js channel is not a subscription
        if (types?.isSupabase(call.object) === 'no') return;
        if (event === 'postgres_changes') {
          const listener = postgresChangesListener(ctx, node, allowTables);
          if (listener) found.push(listener);
        } else if (LEGACY_EVENTS.has(event)) {
          const legacy = legacyListener(ctx, node, allowTables);
          if (legacy && !legacyFroms.has(legacy.from)) {
            legacyFroms.add(legacy.from);
            found.push(legacy.listener);
          }
        }
      },
    },
    finish: () => found.sort((a, b) => a.node.range[0] - b.node.range[0]),
  };
}
