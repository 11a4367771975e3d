/**
 * Whether the callback of a Postgres Changes listener handles DELETE events:
 * what a listener for every event (`event: '*'`) loses when its filter never
 * matches a delete (unbounded-listeners.ts, deleteFilter) matters only when
 * the callback does something with a delete.
 *
 * Evidence that it does, followed from the callback's first parameter (the
 * payload), through `const { eventType, old } = payload` and into functions of
 * the file it is handed to:
 *
 * - `payload.eventType` compared with `'DELETE'` (`===`, a `switch` case, or
 *   `!==` with an `else`), except `if (eventType === 'DELETE') return;`;
 * - `payload.old` read (the old record, which only an UPDATE or a DELETE
 *   carries), unless only inside a branch for INSERT or UPDATE events, or as
 *   a fallback after the same field of the new record whose value is only
 *   logged or only decides an early return
 *   (`payload.new?.updated_at || payload.old?.updated_at`: delete-payload.ts).
 *
 * A callback that reads no payload, or only `payload.new`, loses nothing it
 * uses, and neither does one that returns, before any work, when a field of
 * `payload.new` is missing (`if (!payload.new?.id) return;`): a delete's
 * `new` is `{}` (delete-payload.ts). A callback the analysis cannot read (a method, an import), or a
 * payload handed where it cannot follow, is unknown: never a finding.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  type FunctionNode,
  isConsoleCall,
  isFunction,
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
import { fallbackOnlyLogsOrLeaves, leavesWithoutNewRow, type PayloadNames } from './delete-payload.js';

export interface DeleteHandling {
  handles: 'yes' | 'no' | 'unknown';
  /** `yes`: the code that handles a delete (`payload.eventType === 'DELETE'`, `payload.old`). */
  evidence?: Node;
  /**
   * `yes` from a callback handed in by a caller (`subscribe(id, (p) => ...)` to a helper whose
   * parameter is the listener's callback): the code, and where the caller is.
   */
  handedIn?: { text: string; file: string; line: number };
}

/** How much of the code that handles a delete a message quotes. */
const MAX_EVIDENCE_TEXT = 60;

/** The code that handles a delete, as a message quotes it: `case 'DELETE':` for a switch case, at most 60 characters. */
export function evidenceText(ctx: AnalysisContext, evidence: Node): string {
  const quoted = evidence.type === 'SwitchCase' && evidence.test ? evidence.test : evidence;
  const code = ctx.text.slice(quoted.range[0], quoted.range[1]).replace(/\s+/g, ' ');
  const text = quoted === evidence ? code : `case ${code}:`;
  return text.length > MAX_EVIDENCE_TEXT ? `${text.slice(0, MAX_EVIDENCE_TEXT - 3)}...` : text;
}

/**
 * Whether `value`, an argument of a call (`subscribe(id, (payload) => ...)`), is a function
 * of the file whose first parameter handles a delete: the function facts record it
 * (CallFact `deleteCallbacks`) for the helper whose listener it becomes. A function
 * whose text names no `DELETE` and no `old` is not read.
 */
export function argumentHandlesDelete(ctx: AnalysisContext, value: Node): Node | null {
  const fn = callbackFunction(ctx, value, 0);
  if (!fn || !/DELETE|\bold\b/.test(ctx.text.slice(fn.range[0], fn.range[1]))) return null;
  const found = new Findings();
  parameterUse(ctx, fn, 0, found, 0);
  return found.evidence ?? null;
}

/**
 * The calls of a function of the file across the project (lookup.ts callersOfFunction), handed in
 * by the caller: this module is part of the facts that the project's lookup reads.
 */
export type CallersOf = (fn: FunctionNode) => {
  calls: readonly { file: string; deleteCallbacks?: readonly { index: number; text: string; line: number }[] }[];
} | null;

/** A callback that is a parameter of the function it is used in: judged at that function's callers. */
function handedIn(ctx: AnalysisContext, callback: Node, callersOf: CallersOf): DeleteHandling {
  const inner = unwrap(callback);
  if (inner.type !== 'Identifier') return { handles: 'unknown' };
  const def = resolveIdentifier(ctx, inner)?.defs;
  const param = def?.length === 1 && def[0]!.type === 'Parameter' ? def[0]! : undefined;
  if (!param || !isFunction(param.node)) return { handles: 'unknown' };
  const helper = param.node;
  const index = helper.params.findIndex((p) => (p.type === 'AssignmentPattern' ? p.left : p) === param.name);
  const scan = index >= 0 ? callersOf(helper) : null;
  for (const call of scan?.calls ?? []) {
    const hit = call.deleteCallbacks?.find((handled) => handled.index === index);
    if (hit) return { handles: 'yes', handedIn: { text: hit.text, file: call.file, line: hit.line } };
  }
  return { handles: 'unknown' };
}

/** How far a payload handed to another function of the file is followed. */
const MAX_DEPTH = 3;

/** Hooks that hand back the function they are given. */
const IDENTITY_HOOKS: ReadonlySet<string> = new Set(['useCallback', 'useEvent', 'useEffectEvent']);

/** The events a branch test selects (`payload.eventType === 'INSERT' || ... === 'UPDATE'`), or null. */
function eventsTested(test: Node): Set<string> | null {
  const inner = unwrap(test);
  if (inner.type === 'LogicalExpression' && inner.operator === '||') {
    const left = eventsTested(inner.left);
    const right = eventsTested(inner.right);
    return left && right ? new Set([...left, ...right]) : null;
  }
  if (inner.type === 'LogicalExpression' && inner.operator === '&&') {
    return eventsTested(inner.left) ?? eventsTested(inner.right);
  }
  if (inner.type !== 'BinaryExpression' || (inner.operator !== '===' && inner.operator !== '==')) return null;
  const [subject, other] = isEventType(inner.left) ? [inner.left, inner.right] : [inner.right, inner.left];
  const value = staticString(other);
  return isEventType(subject) && value !== null ? new Set([value]) : null;
}

/** `payload.eventType`, `eventType`: the event a payload is for. */
function isEventType(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return inner.name === 'eventType';
  return inner.type === 'MemberExpression' && memberName(inner) === 'eventType';
}

/** The events `current` lets through to its child `child`: the branch of a test of the event type, a switch case. */
function branchEvents(current: Node, child: Node): Set<string> | null {
  switch (current.type) {
    case 'IfStatement':
    case 'ConditionalExpression':
      return current.consequent === child ? eventsTested(current.test) : null;
    case 'LogicalExpression':
      return current.operator === '&&' && current.right === child ? eventsTested(current.left) : null;
    case 'SwitchCase':
      return eventsTestedByCase(current);
    default:
      return null;
  }
}

/** Whether `node` sits only where the events tested exclude DELETE (a branch for INSERT or UPDATE). */
function onlyForOtherEvents(node: Node, fn: FunctionNode): boolean {
  let child: Node = node;
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    const tested = branchEvents(current, child);
    if (tested && !tested.has('DELETE')) return true;
    child = current;
  }
  return false;
}

/** `case 'UPDATE':` in a `switch (payload.eventType)`. */
function eventsTestedByCase(node: TSESTree.SwitchCase): Set<string> | null {
  const value = node.test ? staticString(node.test) : null;
  const statement = node.parent;
  return value !== null && isEventType(statement.discriminant) ? new Set([value]) : null;
}

/** `if (eventType === 'DELETE') return;`: the deletes are dropped, not handled. */
function dropsDeletes(comparison: TSESTree.BinaryExpression): boolean {
  const statement = outermost(comparison).parent;
  if (statement?.type !== 'IfStatement' || statement.alternate) return false;
  const body = statement.consequent;
  const only = body.type === 'BlockStatement' ? (body.body.length === 1 ? body.body[0] : undefined) : body;
  return only?.type === 'ReturnStatement' && !only.argument;
}

class Findings {
  /** A test of the event type that picks deletes: the clearest evidence, quoted first. */
  deleteTest: Node | undefined;
  /** A read of the old record. */
  oldRead: Node | undefined;
  unknown = false;

  get evidence(): Node | undefined {
    return this.deleteTest ?? this.oldRead;
  }
}

/** One use of the event type (`payload.eventType`, or the variable that holds it). */
function eventTypeUse(node: Node, found: Findings): void {
  const outer = outermost(node);
  const parent = outer.parent;
  if (parent?.type === 'SwitchStatement' && parent.discriminant === outer) {
    const deletes = parent.cases.find((c) => c.test && staticString(c.test) === 'DELETE' && c.consequent.length > 0);
    if (deletes) found.deleteTest ??= deletes;
    return;
  }
  if (parent?.type !== 'BinaryExpression') return;
  const other = parent.left === outer ? parent.right : parent.left;
  if (staticString(other) !== 'DELETE') return;
  if (parent.operator === '===' || parent.operator === '==') {
    if (!dropsDeletes(parent)) found.deleteTest ??= parent;
    return;
  }
  // `eventType !== 'DELETE' ? upsert : remove`, `if (eventType !== 'DELETE') ... else remove`
  const holder = outermost(parent).parent;
  if ((holder?.type === 'IfStatement' && holder.alternate) || holder?.type === 'ConditionalExpression') {
    found.deleteTest ??= parent;
  }
}

/** Every read of a variable that holds a part of the payload. */
function variableReads(ctx: AnalysisContext, id: TSESTree.Identifier): Node[] {
  const variable = resolveIdentifier(ctx, id);
  return (variable?.references ?? []).filter((ref) => ref.isRead()).map((ref) => ref.identifier);
}

/** The variable a pattern binds a key to (`row` of `{ new: row }`), or null. */
function boundVariable(ctx: AnalysisContext, pattern: TSESTree.ObjectPattern, name: string): Variable | null {
  for (const property of pattern.properties) {
    if (property.type === 'RestElement' || keyName(property.key, property.computed) !== name) continue;
    const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
    return value.type === 'Identifier' ? resolveIdentifier(ctx, value) : null;
  }
  return null;
}

/** The payload and its new record as a pattern takes them: `{ new: row }`, of `payload` in `const { ... } = payload`. */
function patternNames(ctx: AnalysisContext, pattern: TSESTree.ObjectPattern): PayloadNames {
  const holder = parentOf(pattern);
  const source = holder?.type === 'VariableDeclarator' && holder.init ? unwrap(holder.init) : null;
  return {
    payload: source?.type === 'Identifier' ? resolveIdentifier(ctx, source) : null,
    newRecord: boundVariable(ctx, pattern, 'new'),
  };
}

/** `{ eventType, old, new: row }` taken from a payload: what its `eventType` and `old` do. */
function patternUse(ctx: AnalysisContext, fn: FunctionNode, pattern: TSESTree.ObjectPattern, found: Findings): void {
  const names = patternNames(ctx, pattern);
  for (const property of pattern.properties) {
    if (property.type === 'RestElement') {
      found.unknown = true;
      continue;
    }
    const key = keyName(property.key, property.computed);
    const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
    if (key === null) {
      found.unknown = true;
    } else if (key === 'eventType' && value.type === 'Identifier') {
      for (const read of variableReads(ctx, value)) eventTypeUse(read, found);
    } else if (key === 'old') {
      const reads = value.type === 'Identifier' ? variableReads(ctx, value) : [property];
      for (const read of reads) {
        if (!onlyForOtherEvents(read, fn) && !fallbackOnlyLogsOrLeaves(ctx, read, names)) found.oldRead ??= read;
      }
    }
  }
}

/** One read of the payload itself. */
function payloadUse(ctx: AnalysisContext, fn: FunctionNode, node: Node, found: Findings, depth: number): void {
  const outer = outermost(node);
  const parent = outer.parent;
  if (parent?.type === 'MemberExpression' && parent.object === outer) {
    const name = memberName(parent);
    if (name === 'eventType') eventTypeUse(parent, found);
    else if (name === 'old') {
      const read = unwrap(outer);
      const payload = read.type === 'Identifier' ? resolveIdentifier(ctx, read) : null;
      const fallback = fallbackOnlyLogsOrLeaves(ctx, parent, { payload, newRecord: null });
      if (!onlyForOtherEvents(parent, fn) && !fallback) found.oldRead ??= parent;
    } else if (name === null) found.unknown = true;
    return;
  }
  if (parent?.type === 'VariableDeclarator' && parent.init === outer) {
    if (parent.id.type === 'ObjectPattern') patternUse(ctx, fn, parent.id, found);
    else if (parent.id.type === 'Identifier') {
      for (const read of variableReads(ctx, parent.id)) payloadUse(ctx, fn, read, found, depth);
    } else found.unknown = true;
    return;
  }
  if (parent?.type === 'CallExpression' && parent.callee !== outer) {
    handedOn(ctx, parent, parent.arguments.indexOf(outer as TSESTree.Expression), found, depth);
    return;
  }
  found.unknown = true;
}

/** The payload handed to a call: `console.log(payload)` uses nothing; a function of the file is followed. */
function handedOn(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  index: number,
  found: Findings,
  depth: number,
): void {
  if (isConsoleCall(call)) return;
  const callee = unwrap(call.callee);
  const target = depth < MAX_DEPTH ? callbackFunction(ctx, callee, 0) : null;
  if (!target || index < 0) {
    found.unknown = true;
    return;
  }
  parameterUse(ctx, target, index, found, depth + 1);
}

/** What a function does with its `index`-th parameter, taken as a payload. */
function parameterUse(ctx: AnalysisContext, fn: FunctionNode, index: number, found: Findings, depth: number): void {
  const param = fn.params[index];
  if (!param) return; // no parameter: the payload is not read
  const target = param.type === 'AssignmentPattern' ? param.left : param;
  // `if (!payload.new?.id) return;` before any work: a delete (its `new` is `{}`) goes no further
  const names: PayloadNames =
    target.type === 'ObjectPattern'
      ? { payload: null, newRecord: boundVariable(ctx, target, 'new') }
      : { payload: target.type === 'Identifier' ? resolveIdentifier(ctx, target) : null, newRecord: null };
  if (leavesWithoutNewRow(ctx, fn.body, names)) return;
  if (target.type === 'ObjectPattern') patternUse(ctx, fn, target, found);
  else if (target.type === 'Identifier') {
    for (const read of variableReads(ctx, target)) payloadUse(ctx, fn, read, found, depth);
  } else found.unknown = true;
}

/**
 * The function a callback expression stands for: written in place, a function
 * declared in the file, a constant that holds one, or one handed to
 * `useCallback`. Null when the analysis cannot say (a method, an import, a
 * parameter).
 */
function callbackFunction(ctx: AnalysisContext, node: Node, hops: number): FunctionNode | null {
  const inner = unwrap(node);
  if (isFunction(inner)) return inner;
  if (hops > MAX_DEPTH) return null;
  if (inner.type === 'CallExpression') {
    const callee = unwrap(inner.callee);
    const name =
      callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
    const first = inner.arguments[0];
    return name !== null && IDENTITY_HOOKS.has(name) && first ? callbackFunction(ctx, first, hops + 1) : null;
  }
  if (inner.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, inner);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'FunctionName' && isFunction(def.node)) return def.node;
  const init = variable && constantInit(variable);
  return init ? callbackFunction(ctx, init, hops + 1) : null;
}

/**
 * Whether the callback of `.on('postgres_changes', config, callback)` handles DELETE events.
 * A callback that is a parameter of the helper the listener is in
 * (`function watch(id, onChange) { ... .on('postgres_changes', {...}, onChange) }`) is
 * judged at the helper's callers, in any module (the function facts' `deleteCallbacks`):
 * `yes` when one of them hands in a callback that handles a delete, else unknown.
 */
export function callbackHandlesDelete(
  ctx: AnalysisContext,
  on: TSESTree.CallExpression,
  callersOf?: CallersOf,
): DeleteHandling {
  const callback = on.arguments[2];
  const fn = callback && callback.type !== 'SpreadElement' ? callbackFunction(ctx, callback, 0) : null;
  if (!fn) return callback && callersOf ? handedIn(ctx, callback, callersOf) : { handles: 'unknown' };
  const found = new Findings();
  parameterUse(ctx, fn, 0, found, 0);
  if (found.evidence) return { handles: 'yes', evidence: found.evidence };
  return { handles: found.unknown ? 'unknown' : 'no' };
}
