/**
 * What a DELETE payload holds, and the code that cannot see a delete through
 * it. realtime-js builds every Postgres Changes payload with `new: {}` and
 * `old: {}`, and fills `new` only for an INSERT or an UPDATE, `old` only for
 * an UPDATE or a DELETE (supabase/supabase-js,
 * packages/core/realtime-js/src/RealtimeChannel.ts, `_getPayloadRecords`;
 * its type `RealtimePostgresDeletePayload` has `new: {}`). So, for a delete:
 *
 * - every field of `payload.new` is `undefined` (`payload.new` itself is an
 *   empty object, truthy): a callback that returns, before any other work,
 *   when such a field is missing (`if (!payload.new?.layout_config) return;`)
 *   does nothing with a delete;
 * - `payload.new?.id || payload.old?.id` is the old record's `id`, and for an
 *   insert the new one's: the same field whatever the event. Only logged, or
 *   only deciding an early return (a debounce on `updated_at`), it does no
 *   work for a delete; used as the key of work (a refetch of that row), it does.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  isConsoleCall,
  isNoValue,
  keyName,
  memberName,
  type Node,
  outermost,
  parentOf,
  staticString,
  unwrap,
} from '../ast.js';
import { constantInit, resolveIdentifier, type Variable } from '../scope.js';
import type { AnalysisContext } from '../detector.js';

/** Variables followed to the `payload.new` or the field of it they hold. */
const MAX_HOPS = 3;

/** Functions of the language that compute a value and change nothing (`Date.now()`, `JSON.stringify(x)`). */
const PURE_FUNCTIONS: ReadonlyMap<string, ReadonlySet<string> | null> = new Map([
  ['Date', new Set(['now', 'parse'])],
  ['JSON', new Set(['stringify', 'parse'])],
  ['Math', null],
  ['Number', null],
  ['Object', new Set(['keys', 'values', 'entries'])],
  ['Array', new Set(['isArray'])],
  ['String', null],
  ['Boolean', null],
  ['parseInt', null],
  ['parseFloat', null],
]);

/** Methods of strings, dates and arrays that compute a value and change nothing. */
const PURE_METHODS: ReadonlySet<string> = new Set([
  'getTime',
  'toISOString',
  'toString',
  'valueOf',
  'toLowerCase',
  'toUpperCase',
  'trim',
  'includes',
  'startsWith',
  'endsWith',
]);

/** Whether a call computes a value of the language and changes nothing (`new Date(x).getTime()`, `Math.max(a, b)`). */
function isPureCall(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const callee = unwrap(call.callee);
  let pure = false;
  if (call.type === 'NewExpression') pure = callee.type === 'Identifier' && callee.name === 'Date';
  else if (callee.type === 'Identifier')
    pure = PURE_FUNCTIONS.has(callee.name) && PURE_FUNCTIONS.get(callee.name) === null;
  else if (callee.type === 'MemberExpression') {
    const name = memberName(callee);
    const receiver = unwrap(callee.object);
    const methods = receiver.type === 'Identifier' ? PURE_FUNCTIONS.get(receiver.name) : undefined;
    pure =
      name !== null &&
      (methods === null || (methods?.has(name) ?? false) || (PURE_METHODS.has(name) && effectFree(callee.object)));
  }
  return pure && call.arguments.every((argument) => argument.type !== 'SpreadElement' && effectFree(argument));
}

/**
 * Whether evaluating `node` changes nothing: literals, names, property reads,
 * operators, and the calls of isPureCall. Anything else (a call of the app's
 * code, an assignment, `await`) may do work.
 */
export function effectFree(node: Node): boolean {
  const inner = unwrap(node);
  switch (inner.type) {
    case 'Literal':
    case 'Identifier':
    case 'ThisExpression':
      return true;
    case 'TemplateLiteral':
      return inner.expressions.every(effectFree);
    case 'MemberExpression':
      return effectFree(inner.object) && (!inner.computed || effectFree(inner.property));
    case 'UnaryExpression':
      return inner.operator !== 'delete' && effectFree(inner.argument);
    case 'BinaryExpression':
      return inner.left.type !== 'PrivateIdentifier' && effectFree(inner.left) && effectFree(inner.right);
    case 'LogicalExpression':
      return effectFree(inner.left) && effectFree(inner.right);
    case 'ConditionalExpression':
      return effectFree(inner.test) && effectFree(inner.consequent) && effectFree(inner.alternate);
    case 'ArrayExpression':
      return inner.elements.every((element) => element === null || effectFree(element));
    case 'CallExpression':
    case 'NewExpression':
      return isPureCall(inner);
    default:
      return false;
  }
}

/**
 * The names a callback gives a payload and its new record: the payload's
 * parameter (`payload`), or the name its `new` record is taken as in a
 * pattern (`({ new: row, old }) => ...`).
 */
export interface PayloadNames {
  payload: Variable | null;
  newRecord: Variable | null;
}

/** Whether `node` is the payload's `new` record: `payload.new`, a name it is taken as, or a constant that holds it. */
function isNewRecord(ctx: AnalysisContext, node: Node, names: PayloadNames, hops = 0): boolean {
  const inner = unwrap(node);
  if (inner.type === 'MemberExpression') {
    const object = unwrap(inner.object);
    return (
      memberName(inner) === 'new' &&
      object.type === 'Identifier' &&
      names.payload !== null &&
      resolveIdentifier(ctx, object) === names.payload
    );
  }
  if (inner.type !== 'Identifier' || hops >= MAX_HOPS) return false;
  const variable = resolveIdentifier(ctx, inner);
  if (!variable) return false;
  if (variable === names.newRecord) return true;
  const init = constantInit(variable);
  if (init) return isNewRecord(ctx, init, names, hops + 1);
  // `const { new: row } = payload`
  const def = variable.defs.length === 1 ? variable.defs[0]! : null;
  const property = def?.name.parent;
  if (
    property?.type !== 'Property' ||
    property.value !== def!.name ||
    keyName(property.key, property.computed) !== 'new'
  )
    return false;
  const holder = parentOf(property.parent);
  if (holder?.type !== 'VariableDeclarator' || holder.id !== property.parent || !holder.init) return false;
  const source = unwrap(holder.init);
  return source.type === 'Identifier' && names.payload !== null && resolveIdentifier(ctx, source) === names.payload;
}

/** Whether `node` reads a field of the payload's `new` record (`payload.new?.x`, `row.x.y`, a constant holding one). */
function readsNewField(ctx: AnalysisContext, node: Node, names: PayloadNames, hops = 0): boolean {
  const inner = unwrap(node);
  if (inner.type === 'MemberExpression') {
    return isNewRecord(ctx, inner.object, names) || readsNewField(ctx, inner.object, names, hops);
  }
  if (inner.type !== 'Identifier' || hops >= MAX_HOPS) return false;
  const variable = resolveIdentifier(ctx, inner);
  const init = variable && constantInit(variable);
  return init !== null && readsNewField(ctx, init, names, hops + 1);
}

/** `typeof x`: its `x`, or null. */
function typeOfArgument(node: Node): Node | null {
  const inner = unwrap(node);
  return inner.type === 'UnaryExpression' && inner.operator === 'typeof' ? inner.argument : null;
}

/** Whether `test` is true whenever a field of `payload.new` it reads is missing (`!row.x`, `x == null`). */
function trueWhenNewMissing(ctx: AnalysisContext, test: Node, names: PayloadNames): boolean {
  const inner = unwrap(test);
  if (inner.type === 'UnaryExpression' && inner.operator === '!') return readsNewField(ctx, inner.argument, names);
  if (inner.type === 'LogicalExpression') {
    const left = trueWhenNewMissing(ctx, inner.left, names);
    const right = trueWhenNewMissing(ctx, inner.right, names);
    if (inner.operator === '||') return left || right;
    return inner.operator === '&&' && left && right;
  }
  if (inner.type !== 'BinaryExpression' || inner.left.type === 'PrivateIdentifier') return false;
  if (inner.operator !== '==' && inner.operator !== '===') return false;
  const { left, right } = inner;
  // `typeof row.x === 'undefined'`
  const typed = typeOfArgument(left) ?? typeOfArgument(right);
  if (typed)
    return staticString(typeOfArgument(left) ? right : left) === 'undefined' && readsNewField(ctx, typed, names);
  const [subject, other] = isNoValue(right) ? [left, right] : [right, left];
  if (!isNoValue(other) || !readsNewField(ctx, subject, names)) return false;
  // a missing field is `undefined`: `== null` holds, `=== null` does not
  return inner.operator === '==' || unwrap(other).type !== 'Literal';
}

/** `return;`, `return null`, `{ return; }`: a branch that only leaves the function. */
function onlyLeaves(statement: TSESTree.Statement): boolean {
  const only =
    statement.type === 'BlockStatement' ? (statement.body.length === 1 ? statement.body[0] : undefined) : statement;
  return only?.type === 'ReturnStatement' && (!only.argument || effectFree(only.argument));
}

/** A statement that does no work: a declaration computing values, a log line, `if (...) return;` on a value. */
function doesNoWork(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case 'EmptyStatement':
      return true;
    case 'VariableDeclaration':
      return statement.declarations.every((declaration) => !declaration.init || effectFree(declaration.init));
    case 'ExpressionStatement': {
      const expression = unwrap(statement.expression);
      return (
        expression.type === 'CallExpression' &&
        isConsoleCall(expression) &&
        expression.arguments.every((argument) => argument.type !== 'SpreadElement' && effectFree(argument))
      );
    }
    case 'IfStatement':
      return !statement.alternate && onlyLeaves(statement.consequent) && effectFree(statement.test);
    default:
      return false;
  }
}

/**
 * Whether `body`, a function handed a payload, returns before doing any work
 * when a field of `payload.new` is missing (`if (!payload.new?.layout_config)
 * return;`, after only declarations, log lines and other early returns): a
 * delete, whose `new` is `{}`, never gets further.
 */
export function leavesWithoutNewRow(ctx: AnalysisContext, body: Node, names: PayloadNames): boolean {
  if (body.type !== 'BlockStatement' || (names.payload === null && names.newRecord === null)) return false;
  for (const statement of body.body) {
    const guard =
      statement.type === 'IfStatement' &&
      !statement.alternate &&
      onlyLeaves(statement.consequent) &&
      trueWhenNewMissing(ctx, statement.test, names);
    if (guard) return true;
    if (!doesNoWork(statement)) return false;
  }
  return false;
}

/** How far a value is followed through the constants that hold it. */
const MAX_VALUE_HOPS = 3;

/** Whether a `const` variable's every read goes only to a log line or to the test of an early return. */
function variableOnlyLogsOrLeaves(ctx: AnalysisContext, id: TSESTree.Identifier, hops: number): boolean {
  const variable = resolveIdentifier(ctx, id);
  if (!variable || !constantInit(variable) || hops >= MAX_VALUE_HOPS) return false;
  return variable.references.every(
    (reference) => !reference.isRead() || onlyLogsOrLeaves(ctx, reference.identifier, hops + 1),
  );
}

/** The node that carries `child`'s value on when `parent` computes with it and changes nothing, or null. */
function carriedBy(parent: Node, child: Node): Node | null {
  switch (parent.type) {
    case 'LogicalExpression':
    case 'BinaryExpression':
    case 'UnaryExpression':
    case 'TemplateLiteral':
    case 'ArrayExpression':
      return parent.type === 'UnaryExpression' && parent.operator === 'delete' ? null : parent;
    case 'ConditionalExpression':
      return parent;
    case 'Property':
      return parent.value === child && parent.parent.type === 'ObjectExpression' ? parent.parent : null;
    case 'MemberExpression': {
      // `(a || b).length`, `new Date(a || b).getTime()`
      if (parent.object !== child) return null;
      const call = outermost(parent).parent;
      if (call?.type === 'CallExpression' && call.callee === outermost(parent)) return isPureCall(call) ? call : null;
      return parent;
    }
    case 'CallExpression':
    case 'NewExpression':
      return parent.callee !== child && isPureCall(parent) ? parent : null;
    default:
      return null;
  }
}

/**
 * Whether the value of `node` goes only to a log line (`console.log(...)`)
 * or to the test of an early return (`if (Date.now() - at < 2000) return;`),
 * through computations that change nothing and the constants that hold it:
 * no work is done with it.
 */
function onlyLogsOrLeaves(ctx: AnalysisContext, node: Node, hops = 0): boolean {
  let child: Node = outermost(node);
  for (let parent = child.parent; parent; parent = child.parent) {
    if (parent.type === 'CallExpression' && parent.callee !== child && isConsoleCall(parent)) return true;
    if (parent.type === 'IfStatement') {
      return parent.test === child && !parent.alternate && onlyLeaves(parent.consequent);
    }
    if (parent.type === 'VariableDeclarator') {
      const declaration = parentOf(parent);
      return (
        parent.init === child &&
        parent.id.type === 'Identifier' &&
        declaration?.type === 'VariableDeclaration' &&
        declaration.kind === 'const' &&
        variableOnlyLogsOrLeaves(ctx, parent.id, hops)
      );
    }
    const carrier = carriedBy(parent, child);
    if (!carrier) return false;
    child = outermost(carrier);
  }
  return false;
}

/**
 * Whether a read of the old record (`payload.old`, or `old` taken from the
 * payload) is a fallback after the same field of the new one, on the left of
 * the same `||` or `??` (`payload.new?.updated_at || payload.old?.updated_at`),
 * whose value is only logged or only decides an early return: the same key
 * for every event, no work done with it for a delete. A fallback whose value
 * keys work (`refetchReactions(payload.new?.message_id || payload.old?.message_id)`)
 * handles deletes: that work runs for one.
 */
export function fallbackOnlyLogsOrLeaves(ctx: AnalysisContext, old: Node, names: PayloadNames): boolean {
  const outer = outermost(old);
  const member = outer.parent;
  if (member?.type !== 'MemberExpression' || member.object !== outer) return false;
  const field = memberName(member);
  const read = outermost(member);
  const logical = read.parent;
  if (field === null || logical?.type !== 'LogicalExpression' || logical.right !== read) return false;
  if (logical.operator !== '||' && logical.operator !== '??') return false;
  const lefts: Node[] = [logical.left];
  let fallback = false;
  for (let index = 0; index < lefts.length && !fallback; index += 1) {
    const left = unwrap(lefts[index]!);
    if (left.type === 'LogicalExpression' && left.operator === logical.operator) lefts.push(left.left, left.right);
    else if (left.type === 'MemberExpression' && memberName(left) === field && isNewRecord(ctx, left.object, names))
      fallback = true;
  }
  return fallback && onlyLogsOrLeaves(ctx, logical);
}
