/**
 * One use at a time: whether it may be renamed at all (not inside the
 * replacement, no unreported twin), the arguments it passes, and the plan for
 * a member use (`recv.fullSync`), decided by the type checker or by what the
 * file shows of the receiver.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, nearestNamedFunction, unwrap } from '../../analysis/ast.js';
import { resolveIdentifier } from '../../analysis/scope.js';
import type { FullSyncUse } from '../../analysis/sync/full-sync-uses.js';
import { shortText } from '../../utils/text.js';
import { acceptsCount, acceptsEveryCallOf, type Arity } from '../modules.js';
import { position } from '../text.js';
import { leftAll, type Outcome, renamed, type SyncContext } from './context.js';
import { receiverMembers } from './members.js';
import type { Why } from './reasons.js';

/** The arity the use needs of the replacement: the call's argument count, or every call of the full sync. */
export function fits(use: FullSyncUse, candidate: Arity, full: Arity | null | undefined): boolean {
  if (use.kind === 'call') {
    const call = use.node as TSESTree.CallExpression;
    if (call.arguments.some((argument) => argument.type === 'SpreadElement')) return false;
    let count = call.arguments.length;
    // svc.fullSync.call(svc, a) passes one argument fewer
    const callee = unwrap(call.callee);
    if (
      callee.type === 'MemberExpression' &&
      callee.object !== use.nameNode.parent &&
      ['call', 'apply'].includes(memberName(callee) ?? '')
    ) {
      if (memberName(callee) === 'apply') return false;
      count -= 1;
    }
    return acceptsCount(candidate, count);
  }
  return full ? acceptsEveryCallOf(candidate, full) : candidate.required === 0 && candidate.rest;
}

/** The call of a call use, and how many leading arguments are not the full sync's (`.call(thisArg, ...)`). */
export function callOf(use: FullSyncUse): { range: [number, number]; skip: number } | null {
  if (use.kind !== 'call') return null;
  const call = use.node as TSESTree.CallExpression;
  const callee = unwrap(call.callee);
  const viaCall =
    callee.type === 'MemberExpression' && callee.object !== use.nameNode.parent && memberName(callee) === 'call';
  return { range: call.range, skip: viaCall ? 1 : 0 };
}

/** A use of the same member or name that the rule does not report (`removeEventListener('focus', svc.fullSync)`): its offset. */
function unreportedTwin(cx: SyncContext, use: FullSyncUse): number | null {
  if (use.kind !== 'reference') return null;
  const spelled = (node: TSESTree.Node) => cx.text.slice(unwrap(node).range[0], unwrap(node).range[1]);
  if (use.receiver) {
    const receiverText = spelled(use.receiver);
    for (const member of cx.memberUses) {
      if (cx.reported.has(member.property) || member.property === use.nameNode) continue;
      if (spelled(member.object) === receiverText) return member.range[0];
    }
    return null;
  }
  const variable = resolveIdentifier(cx.analysis, use.nameNode as TSESTree.Identifier);
  for (const reference of variable?.references ?? []) {
    if (reference.isRead() && !cx.reported.has(reference.identifier)) return reference.identifier.range[0];
  }
  return null;
}

/** Why the use is left whatever its target has: it is inside the replacement, or has a twin that is not rewritten. */
export function useProblem(cx: SyncContext, use: FullSyncUse): Why | null {
  const { replacement } = cx;
  if (nearestNamedFunction(use.node)?.name === replacement) return { id: 'insideReplacement', data: { replacement } };
  const twin = unreportedTwin(cx, use);
  if (twin !== null) return { id: 'alsoUsedNotRun', data: { line: position(cx.text, twin).line } };
  return null;
}

/** `recv.fullSync`: renamed when the receiver (by the type checker, or as the file shows it) has a fitting replacement. */
export function planMemberUse(cx: SyncContext, use: FullSyncUse, receiverNode: TSESTree.Expression): Outcome {
  const { replacement } = cx;
  const call = callOf(use);
  if (call && (use.node as TSESTree.CallExpression).arguments.some((argument) => argument.type === 'SpreadElement')) {
    return leftAll([use], { id: 'spreadArguments', data: { replacement } });
  }
  const receiver = unwrap(receiverNode);
  if (cx.typed) {
    const { types, file } = cx.typed;
    const answer = types.member(file, receiver.range, call?.range ?? null, call?.skip ?? 0, use.name, replacement);
    if (answer) return answer.ok ? renamed(cx, [use]) : leftAll([use], answer.why);
  }
  const seen = receiverMembers(cx, receiverNode);
  if ('why' in seen) {
    const spelled = shortText(cx.text.slice(receiver.range[0], receiver.range[1]));
    return leftAll([use], cx.typed ? { id: 'receiverAny', data: { receiver: spelled } } : seen.why);
  }
  const { members } = seen;
  const candidate = members.arity(replacement);
  if (candidate === undefined)
    return leftAll([use], { id: 'noReplacementOn', data: { replacement, owner: members.label } });
  if (candidate === null || !fits(use, candidate, members.arity(use.name))) {
    return leftAll([use], { id: 'otherArgumentsOn', data: { replacement, owner: members.label, name: use.name } });
  }
  return renamed(cx, [use]);
}
