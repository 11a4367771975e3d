/**
 * One effect's plan: its subscriptions resolved, where its cleanup goes
 * chosen, and the edits emitted; the subscriptions that cannot be removed
 * there are left with the reason.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { type FunctionNode, type Node, outermost } from '../../analysis/ast.js';
import type { LeakingSubscription } from '../../analysis/realtime/leaking-subscriptions.js';
import type { Scope } from '../../analysis/scope.js';
import type { Edit } from '../codemod.js';
import { chooseTarget, effectProblem, exitProblem, expressionBodyProblem, returnsOf, sameWhere } from './choose.js';
import type { CleanupContext } from './context.js';
import { bindAndCall, cleanupEdits, expressionBodyEdit, freshNames, plannedCall } from './emit.js';
import type { Why } from './reasons.js';
import { resolveSite, type Site } from './resolve.js';

export interface EffectPlan {
  edits: Edit[];
  rewritten: number;
  left: { leak: LeakingSubscription; why: Why }[];
}

/** Keeps the sites `problem` finds nothing against; the others are left in `plan` with its reason. */
function keep(plan: EffectPlan, sites: readonly Site[], problem: (site: Site) => Why | null): Site[] {
  return sites.filter((site) => {
    const why = problem(site);
    if (why) plan.left.push({ leak: site.leak, why });
    return why === null;
  });
}

/** `() => void <subscription>`: a block body with the binding and the cleanup. */
function planExpressionBody(
  cx: CleanupContext,
  effect: TSESTree.ArrowFunctionExpression,
  scope: Scope,
  site: Site,
  plan: EffectPlan,
): EffectPlan {
  const chain = outermost(site.leak.subscribe);
  const why = expressionBodyProblem(cx, effect, site, scope, chain);
  if (why) {
    plan.left.push({ leak: site.leak, why });
    return plan;
  }
  const name = freshNames(scope)(site.freshBase);
  plan.edits.push(expressionBodyEdit(cx, effect, chain, site, name));
  plan.rewritten += 1;
  return plan;
}

/** A block body: the subscriptions must run on the way to its end, and the cleanup must see their client and channel. */
function planBlockBody(
  cx: CleanupContext,
  effect: FunctionNode,
  body: TSESTree.BlockStatement,
  scope: Scope,
  resolved: readonly Site[],
  plan: EffectPlan,
): EffectPlan {
  const returns = returnsOf(effect);
  let sites = keep(plan, resolved, (site) => exitProblem(cx, body, returns, site));
  if (sites.length === 0) return plan;
  const target = chooseTarget(cx, body);
  if (target.kind === 'unusable') {
    for (const site of sites) plan.left.push({ leak: site.leak, why: target.why(plannedCall(site)) });
    return plan;
  }
  const insideNode: Node =
    target.kind === 'extend'
      ? target.cleanup.body.type === 'BlockStatement'
        ? target.cleanup.body
        : target.cleanup
      : body;
  const insideScope = target.kind === 'extend' ? (cx.analysis.scopeManager!.acquire(target.cleanup) ?? scope) : scope;
  sites = keep(plan, sites, (site) => sameWhere(cx, site, insideScope, insideNode));
  if (sites.length === 0) return plan;
  const { calls, edits } = bindAndCall(sites, freshNames(scope));
  plan.edits.push(...edits, ...cleanupEdits(cx, effect, body, target, calls));
  plan.rewritten += sites.length;
  return plan;
}

/** The plan for the subscriptions of one effect that never removes them. */
export function planEffect(
  cx: CleanupContext,
  effect: FunctionNode,
  leaks: readonly LeakingSubscription[],
): EffectPlan {
  const plan: EffectPlan = { edits: [], rewritten: 0, left: [] };
  const ordered = [...leaks].sort((a, b) => a.subscribe.range[0] - b.subscribe.range[0]);
  const problem = effectProblem(effect);
  const scope = problem ? null : (cx.analysis.scopeManager?.acquire(effect) ?? null);
  if (!scope) {
    const why: Why = problem ?? { id: 'scopesUnread' };
    for (const leak of ordered) plan.left.push({ leak, why });
    return plan;
  }
  const sites: Site[] = [];
  for (const leak of ordered) {
    const site = resolveSite(cx, effect, leak, scope);
    if ('why' in site) plan.left.push({ leak, why: site.why });
    else sites.push(site);
  }
  if (sites.length === 0) return plan;
  return effect.body.type === 'BlockStatement'
    ? planBlockBody(cx, effect, effect.body, scope, sites, plan)
    : planExpressionBody(cx, effect as TSESTree.ArrowFunctionExpression, scope, sites[0]!, plan);
}
