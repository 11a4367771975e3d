/**
 * Resolve: what the cleanup of one subscription needs (the client to repeat,
 * the variable that holds the channel or where to bind one, where the
 * subscription starts), or why the subscription is left.
 */
import { MAX_CHAIN_LINKS } from '../../analysis/limits.js';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  asMethodCall,
  enclosingFunction,
  type FunctionNode,
  isNoValue,
  LOOPS,
  type Node,
  outermost,
  unwrap,
  parentOf,
} from '../../analysis/ast.js';
import { type LeakingSubscription, reportedAt } from '../../analysis/realtime/leaking-subscriptions.js';
import type { Scope, Variable } from '../../analysis/scope.js';
import { shortText } from '../../utils/text.js';
import { type CleanupContext, lineOf, sourceOf } from './context.js';
import type { Left, Why } from './reasons.js';

/** The client as the cleanup writes it, and the name (or `this`) it starts from. */
export interface Client {
  text: string;
  root: TSESTree.Identifier | TSESTree.ThisExpression;
}

/** A subscription the cleanup can remove. */
export interface Site {
  leak: LeakingSubscription;
  client: Client;
  method: 'removeChannel' | 'removeSubscription';
  /** The variable that holds the channel; null when the codemod binds a fresh `const`. */
  variable: Variable | null;
  /** The base of the fresh name (`channel`, `subscription`) when `variable` is null. */
  freshBase: string;
  /** `if (channel)` first: the variable may still be unassigned when the cleanup runs. */
  guard: boolean;
  /** Where the subscription starts, for the exits after it. */
  start: number;
  /** The span before the subscription chain that the binding replaces (`void `, or nothing). */
  bindAt: { start: number; end: number } | null;
}

/** The variable of the effect that holds the channel. */
export interface Handle {
  variable: Variable;
  guard: boolean;
  /** TypeScript knows the variable's type inside the cleanup (annotated, or assigned at the effect's top level). */
  typed: boolean;
}

const left = (why: Why): Left => ({ why });

export function within(node: Node, container: Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}

/** Where require-realtime-cleanup reports the subscription: the `subscribe` name (the helper's name for a dropped cleanup). */
export function reportOffset(leak: LeakingSubscription): number {
  const callee = unwrap(reportedAt(leak).callee);
  return callee.type === 'MemberExpression' ? callee.property.range[0] : callee.range[0];
}

/** The name or `this` a plain property path (`a.b['c']`) starts from; null when the path calls, computes or chains with `?.`. */
function pathRoot(node: Node): Client['root'] | null {
  const inner = unwrap(node);
  if (inner !== node && node.type === 'ChainExpression') return null;
  if (inner.type === 'Identifier' || inner.type === 'ThisExpression') return inner;
  if (inner.type !== 'MemberExpression' || inner.optional) return null;
  if (inner.computed && inner.property.type !== 'Literal') return null;
  return pathRoot(inner.object);
}

/** The client expression the cleanup repeats, or why it cannot. */
export function clientOf(cx: CleanupContext, expression: TSESTree.Expression): Client | Left {
  const written = sourceOf(cx, expression);
  const root = pathRoot(expression);
  if (root === null) return left({ id: 'clientNotPath', data: { client: shortText(written) } });
  if (/[\n/]/.test(written)) return left({ id: 'clientSpansLines' });
  const wrapped = ['TSAsExpression', 'TSSatisfiesExpression', 'TSTypeAssertion'].includes(expression.type);
  return { text: wrapped ? `(${written})` : written, root };
}

/** `?.` on the way from the client to `.subscribe()`: the channel may not exist. */
export function hasOptionalLink(leak: LeakingSubscription): boolean {
  let node: Node = leak.subscribe;
  for (let depth = 0; depth < MAX_CHAIN_LINKS; depth += 1) {
    const inner = unwrap(node);
    if (inner.type !== 'CallExpression') return false;
    const callee = unwrap(inner.callee);
    if (inner.optional || (callee.type === 'MemberExpression' && callee.optional)) return true;
    if (inner === leak.channel?.create || callee.type !== 'MemberExpression') return false;
    node = callee.object;
  }
  return false;
}

type Reference = Variable['references'][number];

/** Whether a variable with initializer `init` and later `writes` is given its channel once: by `init`, or by one plain `=`. */
function assignedOnce(writes: readonly Reference[], init: TSESTree.Expression | null): boolean {
  if (init && !isNoValue(init)) return writes.length === 0;
  const parent = writes[0]?.identifier.parent;
  return writes.length === 1 && parent?.type === 'AssignmentExpression' && parent.operator === '=';
}

/**
 * The variable of the effect that holds the channel: declared at the
 * effect's top level and assigned the channel once (`const channel = ...`,
 * or `let channel` / `let channel = null` and one `channel = ...`); else why
 * the nearest candidate is not it, or null when there is none.
 */
export function handleOf(effect: FunctionNode, leak: LeakingSubscription, scope: Scope): Handle | Left | null {
  let rejection: Why | null = null;
  for (const variable of [...(leak.channel?.variables ?? [])].reverse()) {
    const def = variable.defs[0];
    if (!def || !within(def.name, effect)) continue;
    const name = variable.name;
    if (enclosingFunction(def.name) !== effect) {
      rejection ??= { id: 'declaredInCallback', data: { name } };
      continue;
    }
    if (variable.defs.length !== 1) {
      rejection ??= { id: 'declaredTwice', data: { name } };
      continue;
    }
    if (variable.scope !== scope || def.type !== 'Variable' || def.parent.parent !== effect.body) {
      rejection ??= { id: 'declaredInBlock', data: { name } };
      continue;
    }
    if (def.node.id.type !== 'Identifier') continue;
    const init = def.node.init;
    const writes = variable.references.filter((reference) => reference.isWrite() && !reference.init);
    if (!assignedOnce(writes, init)) {
      rejection ??= { id: 'assignedTwice', data: { name } };
      continue;
    }
    const guard = !init || isNoValue(init);
    // `let channel; channel = ...;` at the effect's top level: TypeScript knows its type in the cleanup
    const assignment = guard ? writes[0]!.identifier.parent.parent : null;
    const typed =
      !guard ||
      def.node.id.typeAnnotation !== undefined ||
      (assignment?.type === 'ExpressionStatement' && assignment.parent === effect.body);
    return { variable, guard, typed };
  }
  return rejection && left(rejection);
}

/** The call of `fn` when `fn` is a callback passed to it (an IIFE, `.then(fn)`), or a const or function called once. */
function callOfCallback(cx: CleanupContext, fn: FunctionNode): TSESTree.CallExpression | null {
  const outer = outermost(fn);
  const parent = outer.parent;
  if (parent?.type === 'CallExpression' && parent.callee === outer) return parent;
  if (parent?.type === 'CallExpression' && parent.arguments[0] === outer && asMethodCall(parent)?.name === 'then') {
    return parent;
  }
  let declared: Node | null = null;
  if (fn.type === 'FunctionDeclaration') declared = fn;
  else if (parent?.type === 'VariableDeclarator' && parent.init === outer && parent.parent.kind === 'const')
    declared = parent;
  const variable = declared && cx.analysis.scopeManager?.getDeclaredVariables(declared)[0];
  if (!variable) return null;
  const uses = variable.references.filter((reference) => !reference.init);
  const use = uses[0]?.identifier;
  const call = use && parentOf(use);
  if (uses.length !== 1 || call?.type !== 'CallExpression' || call.callee !== use) return null;
  return call;
}

/**
 * The call that runs the callback `fn` (directly inside the effect) once
 * per run of the effect: `setup()` of a `const setup = ...` / `function
 * setup` called once, an IIFE, or `.then(fn)`; else why it may run more.
 */
export function onceTrigger(
  cx: CleanupContext,
  effect: FunctionNode,
  fn: FunctionNode,
): TSESTree.CallExpression | Left {
  const mayRunMore = left({ id: 'mayRunMore' });
  const call = callOfCallback(cx, fn);
  if (!call || enclosingFunction(call) !== effect) return mayRunMore;
  for (let node: Node | undefined = call; node && node !== effect; node = parentOf(node))
    if (LOOPS.has(node.type)) return mayRunMore;
  return call;
}

/**
 * Where a subscription made in a callback of the effect starts, for the
 * exits after it: the call that runs a setup callback once (the variable may
 * still be unassigned), or the effect's statement that holds the callback (a
 * constant channel subscribed later).
 */
function callbackStart(
  cx: CleanupContext,
  effect: FunctionNode,
  holder: FunctionNode,
  handle: Handle | null,
  freshBase: string,
): number | Left {
  let callback: FunctionNode = holder;
  while (enclosingFunction(callback) !== effect) callback = enclosingFunction(callback)!;
  if (!handle) return left({ id: 'subscribedInCallback', data: { name: freshBase } });
  if (handle.guard) {
    if (callback !== holder) return left({ id: 'nestedCallback' });
    const trigger = onceTrigger(cx, effect, callback);
    return 'why' in trigger ? trigger : trigger.range[0];
  }
  let statement: Node = callback;
  while (statement.parent && statement.parent !== effect.body) statement = statement.parent;
  return statement.range[0];
}

/** Why the result of `subscribe()` (`outer`), not kept in a statement of its own, cannot be bound. */
function unboundUse(cx: CleanupContext, outer: Node): Why {
  const parent = outer.parent;
  if (parent?.type === 'AssignmentExpression' && parent.right === outer) {
    return { id: 'storedElsewhere', data: { target: shortText(sourceOf(cx, parent.left)) } };
  }
  if (parent?.type === 'CallExpression' && parent.arguments.includes(outer as TSESTree.CallExpressionArgument)) {
    return { id: 'handedToCall', data: { callee: shortText(sourceOf(cx, parent.callee)) } };
  }
  if (parent?.type === 'VariableDeclarator' && parent.init === outer) return { id: 'destructured' };
  return { id: 'usedInExpression' };
}

/** Where `const <name> = ` goes for a subscription that is a statement of its own at the effect's top level (replacing a `void `). */
function bindingPoint(
  cx: CleanupContext,
  body: TSESTree.BlockStatement,
  outer: Node,
): { start: number; end: number } | Left {
  const parent = outer.parent;
  const voided = parent?.type === 'UnaryExpression' && parent.operator === 'void' ? parent : null;
  const statement = voided ? voided.parent : parent;
  if (statement?.type !== 'ExpressionStatement') return left(unboundUse(cx, outer));
  if (statement.parent !== body) return left({ id: 'subscribedInBlock' });
  if (!voided) return { start: statement.range[0], end: statement.range[0] };
  const space = /\s/.test(cx.text[voided.range[0] + 4] ?? '') ? 1 : 0;
  return { start: voided.range[0], end: voided.range[0] + 'void'.length + space };
}

/** What the effect's cleanup needs for this subscription, or why it is left. */
export function resolveSite(
  cx: CleanupContext,
  effect: FunctionNode,
  leak: LeakingSubscription,
  scope: Scope,
): Site | Left {
  const { subscribe, channel } = leak;
  // a subscription made below a call (in another function or module) has no channel here to remove
  if (!channel) return left({ id: 'effectNotFound' });
  if (!within(channel.create, effect))
    return left({ id: 'createdOutside', data: { line: lineOf(cx, channel.create) } });
  if (hasOptionalLink(leak)) return left({ id: 'optionalChaining' });
  const client = clientOf(cx, channel.client);
  if ('why' in client) return client;
  const legacy = channel.kind === 'legacy';
  const base = {
    leak,
    client,
    method: legacy ? 'removeSubscription' : 'removeChannel',
    freshBase: legacy ? 'subscription' : 'channel',
  } as const;
  const outer = outermost(subscribe);
  const body = effect.body;
  if (body.type !== 'BlockStatement') {
    const value = body.type === 'UnaryExpression' && body.operator === 'void' ? body.argument : body;
    if (value !== outer) return left({ id: 'expressionBodyNotSubscription' });
    return { ...base, variable: null, guard: false, start: subscribe.range[0], bindAt: null };
  }
  const handle = handleOf(effect, leak, scope);
  if (handle && 'why' in handle) return handle;
  const holder = enclosingFunction(subscribe)!;
  const start = holder === effect ? subscribe.range[0] : callbackStart(cx, effect, holder, handle, base.freshBase);
  if (typeof start !== 'number') return start;
  if (handle) {
    if (cx.typescript && !handle.typed) {
      const type = legacy ? 'RealtimeSubscription' : 'RealtimeChannel';
      return left({ id: 'untypedLet', data: { name: handle.variable.name, type } });
    }
    return { ...base, variable: handle.variable, guard: handle.guard, start, bindAt: null };
  }
  const bindAt = bindingPoint(cx, body, outer);
  if ('why' in bindAt) return bindAt;
  return { ...base, variable: null, guard: false, start, bindAt };
}
