/**
 * realtime-cleanup: a channel that require-realtime-cleanup reports as
 * subscribed in an effect whose cleanup never removes it gets removed there.
 *
 * What is rewritten (the effect's own variable holds the channel, or the
 * subscription is a statement of its own at the effect's top level and is
 * bound to a fresh `const channel`):
 * - no cleanup: `return () => { <client>.removeChannel(channel); };` is added
 *   at the end of the effect body (a final `return;` becomes it);
 * - a cleanup written as a function there: the call is added as its last
 *   statement (an expression body becomes a block that keeps the expression);
 * - an effect whose body is the subscription itself
 *   (`useEffect(() => void supabase.channel(...).subscribe(), [])`) gets a block
 *   body with the binding and the cleanup;
 * - `let channel` assigned once, in the effect or in a setup callback that runs
 *   once (`void setup()`, an IIFE, `.then(cb)`): `if (channel) <client>.removeChannel(channel);`
 *   (the callback may not have run when the effect is torn down).
 * Legacy v1 subscriptions get `<client>.removeSubscription(subscription)`.
 *
 * Every other site (loops, render bodies, async effects, channels created
 * outside the effect or kept elsewhere, exits the cleanup would not cover,
 * cleanups defined elsewhere) is left and reported with what to do.
 *
 * The steps, a file each: context.ts (what every step reads), resolve.ts (a
 * subscription -> what its removal needs, or why it is left), choose.ts
 * (where the cleanup goes, and the checks that leave a site), emit.ts (the
 * edits), effect.ts (one effect's plan from those), reasons.ts (the texts).
 */
import { mayHoldLeakingSubscription } from '../../analysis/text-gates.js';
import { type FunctionNode, methodLoc } from '../../analysis/ast.js';
import {
  createRealtimeCleanupDetector,
  type LeakingSubscription,
  reportedAt,
} from '../../analysis/realtime/leaking-subscriptions.js';
import { leftSite } from '../reasons.js';
import type { Codemod, Edit, Plan, PlanInput } from '../codemod.js';
import type { LeftSite } from '../reasons.js';
import { misplacedReason } from './choose.js';
import { cleanupContext } from './context.js';
import { planEffect } from './effect.js';
import { REASONS, type Why } from './reasons.js';
import { reportOffset } from './resolve.js';
import { CODEMOD_DESCRIPTIONS } from '../catalog.js';

export const realtimeCleanup: Codemod<LeakingSubscription> = {
  name: 'realtime-cleanup',
  description: CODEMOD_DESCRIPTIONS['realtime-cleanup'],
  rule: 'require-realtime-cleanup',
  mayHoldSite: (text) => mayHoldLeakingSubscription(text),
  ruleOptions: (settings) => ({ effectHooks: [...settings.effectHooks] }),
  detect: (ctx, settings) => createRealtimeCleanupDetector(ctx, { effectHooks: settings.effectHooks }),
  reportLoc: (leak) => methodLoc(reportedAt(leak)),

  plan(input: PlanInput<LeakingSubscription>): Plan {
    const cx = cleanupContext(input);
    const edits: Edit[] = [];
    const left: LeftSite[] = [];
    let rewritten = 0;
    const leave = (leak: LeakingSubscription, why: Why) => left.push(leftSite(REASONS, reportOffset(leak), why));

    for (const leak of input.findings) {
      const why = misplacedReason(leak);
      if (why) leave(leak, why);
    }
    const byEffect = new Map<FunctionNode, LeakingSubscription[]>();
    for (const leak of input.findings) {
      if (leak.kind !== 'missing-cleanup') continue;
      if (!leak.effect) leave(leak, { id: 'effectNotFound' });
      else byEffect.set(leak.effect, [...(byEffect.get(leak.effect) ?? []), leak]);
    }
    for (const [effect, leaks] of byEffect) {
      const plan = planEffect(cx, effect, leaks);
      for (const site of plan.left) leave(site.leak, site.why);
      edits.push(...plan.edits);
      rewritten += plan.rewritten;
    }
    return { edits, rewritten, left, newFiles: [] };
  },
};
