import { mayHoldCursorProblem } from '../analysis/text-gates.js';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { methodLoc } from '../analysis/ast.js';
import { createCursorOrderDetector, type CursorOrderProblem } from '../analysis/postgrest/cursor-order.js';
import { DEFAULT_PAGINATORS } from '../analysis/postgrest/query-use.js';
import type { UniqueColumnsOption } from '../analysis/postgrest/row-bounds.js';
import { createDetectorRule } from './create-rule.js';
import { nameList, uniqueColumnsSchema } from './option-schemas.js';

/** The options as the rule reads them: each one filled in from meta.defaultOptions when a config leaves it out. */
export interface RequireCursorOrderFilledOptions {
  uniqueColumns: UniqueColumnsOption;
  cursorColumns: readonly string[];
  paginators: readonly string[];
  singleRowPicks: boolean;
}

/** What a config may set. */
export type RequireCursorOrderOptions = Partial<RequireCursorOrderFilledOptions>;
export type MessageIds =
  'unorderedPage' | 'unorderedLimit' | 'keysetNotOrdered' | 'keysetDescending' | 'keysetOtherFirst' | 'orderAscending';

export const DEFAULT_CURSOR_COLUMNS = ['id', 'updated_at', 'created_at', 'modified_at', 'inserted_at', 'changed_at'];

export const requireCursorOrder = createDetectorRule<MessageIds, RequireCursorOrderFilledOptions, CursorOrderProblem>({
  name: 'require-cursor-order',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require a defined order on paged reads, and an ascending order on the cursor of keyset and delta queries',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      unorderedPage:
        "This page bound has no .order(): PostgREST returns rows in no defined order, so pages repeat some rows and skip others. Order by a unique column (for example `.order('id')`).",
      unorderedLimit:
        "This .limit() has no .order(): PostgREST returns rows in no defined order, so which rows come back is arbitrary and can change from one call to the next. Order by the column that decides which rows you mean, ending with a unique one (for example `.order('created_at', { ascending: false }).order('id')`).",
      keysetNotOrdered:
        "This keyset query reads rows after a cursor on '{{column}}' with a page bound but no order: it reads an arbitrary page of the rows past the cursor, and the rows it skips are never read. Order by '{{column}}' ascending.",
      keysetDescending:
        "This keyset query orders '{{column}}' descending: it reads the newest rows past the cursor, and once more than a page of rows changed, the older ones are skipped forever. Order by '{{column}}' ascending.",
      keysetOtherFirst:
        "This keyset query pages by '{{column}}' but orders by {{first}} first: rows past the cursor that sort later are skipped forever once more than a page changed. Order by '{{column}}' ascending first.",
      orderAscending: "Order by '{{column}}' ascending.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          uniqueColumns: uniqueColumnsSchema(
            'Columns whose `.eq(col, v)` matches at most one row (such a read needs no order): a list for every table, or a map from table name to a list, where `*` applies to every table.',
          ),
          cursorColumns: nameList(
            'Columns a keyset or delta query pages by; `.gt()`/`.gte()` on any other column is an ordinary filter.',
          ),
          paginators: nameList(
            'Helpers that read every page of a query returned from their first (callback) argument, ordering each page by the cursor themselves: `selectAllPages(() => query, ...)`.',
          ),
          singleRowPicks: {
            type: 'boolean',
            description:
              'Also report an unordered `.limit(1)` whose one row is read: whether the code wants any row or "the first" only its intent tells (default false).',
          },
        },
      },
    ],
    defaultOptions: [
      {
        uniqueColumns: ['id'],
        cursorColumns: DEFAULT_CURSOR_COLUMNS,
        paginators: [...DEFAULT_PAGINATORS],
        singleRowPicks: false,
      },
    ],
  },
  gate: (text) => mayHoldCursorProblem(text),
  detector: (sourceCode, options, project) =>
    createCursorOrderDetector(sourceCode, { ...options, schema: project.schema, functions: project.functions }),
  report(context, problem) {
    const loc = methodLoc(problem.at);
    if (problem.kind === 'unordered-page') {
      context.report({ loc, messageId: problem.bound === 'limit' ? 'unorderedLimit' : 'unorderedPage' });
      return;
    }
    const column = problem.column!;
    const fix = orderFix(context.sourceCode, problem);
    const suggest = [{ messageId: 'orderAscending' as const, data: { column }, fix }];
    if (problem.problem === 'no-order') {
      context.report({ loc, messageId: 'keysetNotOrdered', data: { column }, suggest });
    } else if (problem.problem === 'descending') {
      context.report({ loc, messageId: 'keysetDescending', data: { column }, suggest });
    } else {
      const first = problem.orders[0]?.column;
      context.report({
        loc,
        messageId: 'keysetOtherFirst',
        data: { column, first: first ? `'${first}'` : 'another column' },
        suggest,
      });
    }
  },
});

/** `.order(col, { ascending: true })`, spelled with the cursor column exactly as the `.gt()` spells it. */
function orderFix(sourceCode: Readonly<TSESLint.SourceCode>, problem: CursorOrderProblem): TSESLint.ReportFixFunction {
  const columnText = sourceCode.getText(problem.at.arguments[0]);
  const order = `.order(${columnText}, { ascending: true })`;
  const onColumn = problem.orders.find((order) => order.column === problem.column);
  const first = problem.orders[0];
  return (fixer) => {
    if (problem.problem === 'no-order') return fixer.insertTextAfter(problem.at, order);
    if (onColumn && onColumn === first) {
      const args = onColumn.call.arguments;
      return fixer.replaceTextRange(
        [args[0]!.range[0], args[args.length - 1]!.range[1]],
        `${columnText}, { ascending: true }`,
      );
    }
    const fixes = [
      fixer.insertTextBeforeRange([linkStart(sourceCode, first!.call), linkStart(sourceCode, first!.call)], order),
    ];
    if (onColumn) fixes.push(fixer.removeRange([linkStart(sourceCode, onColumn.call), onColumn.call.range[1]]));
    return fixes;
  };
}

/**
 * Where the link `.method(...)` of a call begins: right after what it is called
 * on, parentheses and all. `(q as Q).order('a')` takes a new link after the
 * `)`, never inside the parentheses, where it would bind to the type; and a
 * link removed from there takes its line break and indentation with it.
 */
function linkStart(sourceCode: Readonly<TSESLint.SourceCode>, call: TSESTree.CallExpression): number {
  let callee: TSESTree.Node = call.callee;
  while (callee.type === 'TSNonNullExpression' || callee.type === 'ChainExpression') callee = callee.expression;
  if (callee.type !== 'MemberExpression') return callee.range[1];
  const dot = sourceCode.getTokenBefore(callee.property, {
    filter: (token) => token.value === '.' || token.value === '?.' || token.value === '[',
  });
  const before = dot && sourceCode.getTokenBefore(dot);
  return before ? before.range[1] : callee.object.range[1];
}
