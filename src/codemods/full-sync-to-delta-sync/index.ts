/**
 * full-sync-to-delta-sync: the uses of a full sync that no-full-sync reports
 * become uses of the delta sync, where the target visibly has one with a
 * compatible parameter list; the full-sync declarations that have a delta
 * sync beside them get `@deprecated`.
 *
 * Without `--project`, a use is renamed when the file or the module it
 * imports from shows the replacement: `this.fullSync()` in a class that
 * declares `deltaSync`, `svc.fullSync()` where `svc` is `new X()` of a class
 * declared here or exported by a relative import, an object literal held in a
 * constant, a bare `fullSync` with `deltaSync` in scope or exported by the
 * module `fullSync` is imported from. With `--project`, the type checker
 * answers the same question for any receiver.
 *
 * The steps, a file each: context.ts (what every step reads, and a step's
 * Outcome), uses.ts (one use; a member use `recv.fullSync`), members.ts
 * (what a receiver visibly has), bindings.ts (the uses of one bare name, by
 * the first of three strategies that applies: declared here, imported,
 * destructured), deprecate.ts (the `@deprecated` tags), reasons.ts (the texts).
 */
import { mayHoldFullSync } from '../../analysis/text-gates.js';
import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type Variable } from '../../analysis/scope.js';
import { createFullSyncDetector } from '../../analysis/sync/full-sync.js';
import type { FullSyncUse } from '../../analysis/sync/full-sync-uses.js';
import { leftSite } from '../reasons.js';
import type { Codemod, Edit, Plan, PlanInput } from '../codemod.js';
import type { LeftSite } from '../reasons.js';
import { planBinding } from './bindings.js';
import { leftAll, type Outcome, syncContext } from './context.js';
import { deprecationEdits } from './deprecate.js';
import { REASONS } from './reasons.js';
import { planMemberUse, useProblem } from './uses.js';
import { CODEMOD_DESCRIPTIONS } from '../catalog.js';

export const fullSyncToDeltaSync: Codemod<FullSyncUse> = {
  name: 'full-sync-to-delta-sync',
  description: CODEMOD_DESCRIPTIONS['full-sync-to-delta-sync'],
  rule: 'no-full-sync',
  mayHoldSite: (text, settings) => mayHoldFullSync(text, settings.names),
  ruleOptions: (settings) => ({
    names: [...settings.names],
    replacement: settings.replacement,
    allowIn: [...settings.allowIn],
  }),
  detect: (ctx, settings, schema, functions) =>
    createFullSyncDetector(ctx, {
      names: settings.names,
      replacement: settings.replacement,
      allowIn: settings.allowIn,
      functions,
      schema,
    }),
  reportLoc: (use) => use.nameNode.loc,
  planWithoutFindings: true,

  plan(input: PlanInput<FullSyncUse>): Plan {
    const cx = syncContext(input);
    const edits: Edit[] = [];
    const left: LeftSite[] = [];
    let rewritten = 0;
    const apply = (outcome: Outcome) => {
      edits.push(...outcome.edits);
      rewritten += outcome.rewritten;
      for (const site of outcome.left) left.push(leftSite(REASONS, site.use.nameNode.range[0], site.why));
    };

    /** Uses of bare names, by the variable they resolve to: decided together (an import or a binding changes once). */
    const byVariable = new Map<Variable, FullSyncUse[]>();
    for (const use of input.findings) {
      const problem = useProblem(cx, use);
      if (problem) apply(leftAll([use], problem));
      else if (use.receiver) apply(planMemberUse(cx, use, use.receiver));
      else {
        const variable = resolveIdentifier(cx.analysis, use.nameNode as TSESTree.Identifier);
        if (variable) byVariable.set(variable, [...(byVariable.get(variable) ?? []), use]);
        else {
          const data = { name: use.alias ?? use.name, replacement: cx.replacement };
          apply(leftAll([use], { id: 'notDeclared', data }));
        }
      }
    }
    for (const [variable, uses] of byVariable) apply(planBinding(cx, variable, uses));

    const deprecations = deprecationEdits(input.ast, input.text, input.env.settings, cx.style, input.ctx);
    edits.push(...deprecations);
    return { edits, rewritten, declarations: deprecations.length, left, newFiles: [] };
  },
};
