/**
 * paginate-selects: every read that require-pagination reports becomes a
 * cursor (keyset) read, where that is provably the same request.
 *
 * - `all-pages` (default): `await <chain>` becomes
 *   `await selectAllPages(() => <chain>, { cursor: 'id', pageSize: 1000 })`,
 *   which reads every page and returns `{ data, error }` like the chain.
 *   require-pagination knows `selectAllPages` as a paginator (its
 *   `paginators` option), so the rewritten read is no longer reported.
 * - `first-page`: `.order(cursor, { ascending: true }).limit(pageSize)` is
 *   appended to the chain, and nothing else.
 *
 * The steps, a file each: checks.ts (what rules a read out, as a reason),
 * emit.ts (the edits, the helper's import and file), reasons.ts (the texts).
 */
import { mayHoldUnboundedRead } from '../../analysis/text-gates.js';
import { createUnboundedReadDetector } from '../../analysis/postgrest/unbounded-read.js';
import type { QueryUse } from '../../analysis/postgrest/query-use.js';
import { leftSite } from '../reasons.js';
import { detectStyle } from '../text.js';
import type { Codemod, Edit, Plan, PlanInput } from '../codemod.js';
import type { LeftSite } from '../reasons.js';
import { maxRowsOf } from '../../analysis/schema-facts.js';
import {
  allPagesProblem,
  cursorFor,
  type CursorChoice,
  hasCursorOrder,
  pastMaxRows,
  readProblem,
  selectListText,
  rowsProblem,
} from './checks.js';
import { allPagesEdit, firstPageEdit, helperImport, pageInPlaceEdits } from './emit.js';
import { REASONS, type Why } from './reasons.js';
import { CODEMOD_DESCRIPTIONS } from '../catalog.js';

export const paginateSelects: Codemod<QueryUse> = {
  name: 'paginate-selects',
  description: CODEMOD_DESCRIPTIONS['paginate-selects'],
  rule: 'require-pagination',
  mayHoldSite: (text) => mayHoldUnboundedRead(text, false),
  ruleOptions: (settings) => ({ uniqueColumns: settings.uniqueColumns, checkRpc: false }),
  detect: (ctx, settings, schema, functions) =>
    createUnboundedReadDetector(ctx, { uniqueColumns: settings.uniqueColumns, checkRpc: false, schema, functions }),
  reportLoc: (use) => use.chainEnd.loc,

  plan(input: PlanInput<QueryUse>): Plan {
    const { text, ctx, env } = input;
    const { settings } = env;
    const style = detectStyle(text);
    const edits: Edit[] = [];
    const left: LeftSite[] = [];
    let rewritten = 0;
    const leave = (use: QueryUse, why: Why) => left.push(leftSite(REASONS, use.chainEnd.range[0], why));

    /** Sites that pass every per-site check and only wait for the helper import. */
    const helperSites: { use: QueryUse; edit: Edit }[] = [];
    const schema = env.schemaFor?.(input.path);
    const maxRows = maxRowsOf(schema);
    for (const use of input.findings) {
      if (use.builtBy) {
        const { callee, place } = use.builtBy;
        leave(use, { id: 'builtElsewhere', data: { callee, place } });
        continue;
      }
      const rows = rowsProblem(ctx, use, settings, schema);
      if (rows) {
        leave(use, rows);
        continue;
      }
      const list = selectListText(ctx, use);
      const choice: CursorChoice =
        use.root.kind === 'rpc' ? { why: { id: 'rpc' } } : cursorFor(use, settings, schema, list);
      if ('why' in choice) {
        leave(use, choice.why);
        continue;
      }
      const { cursor } = choice;
      const why =
        readProblem(use, cursor, choice.unshown, list) ??
        (settings.strategy === 'first-page' ? null : allPagesProblem(ctx, use, text));
      if (why) leave(use, why);
      else if (settings.strategy === 'first-page') {
        const past = pastMaxRows(ctx, use, settings, schema);
        const ordered = hasCursorOrder(use, cursor);
        if (past)
          edits.push(...pageInPlaceEdits(past, cursor, Math.min(settings.pageSize, maxRows), text, style, ordered));
        else
          edits.push(
            firstPageEdit(
              use,
              cursor,
              { ...settings, pageSize: Math.min(settings.pageSize, maxRows) },
              text,
              style,
              ordered,
            ),
          );
        rewritten += 1;
      } else helperSites.push({ use, edit: allPagesEdit(use, cursor, settings, text, style) });
    }
    if (helperSites.length === 0) return { edits, rewritten, left, newFiles: [] };

    const helper = helperImport(input, style);
    if ('why' in helper) {
      for (const site of helperSites) leave(site.use, helper.why);
      return { edits, rewritten, left, newFiles: [] };
    }
    edits.push(...helperSites.map((site) => site.edit), ...helper.edits);
    return { edits, rewritten: rewritten + helperSites.length, left, newFiles: helper.newFiles };
  },
};
