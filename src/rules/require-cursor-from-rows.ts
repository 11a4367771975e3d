import { asMethodCall, methodLoc } from '../analysis/ast.js';
import { type ClockCursor, createClockCursorDetector, mayHoldClockCursor } from '../analysis/sync/cursor-from-rows.js';
import { DEFAULT_PAGINATORS } from '../analysis/postgrest/query-use.js';
import { createDetectorRule } from './create-rule.js';
import { nameList } from './option-schemas.js';
import { shortText } from '../utils/text.js';
import { DEFAULT_CHANGE_COLUMNS } from './require-delta-filter.js';

/** The options as the rule reads them: each one filled in from meta.defaultOptions when a config leaves it out. */
export interface RequireCursorFromRowsFilledOptions {
  cursorColumns: readonly string[];
  paginators: readonly string[];
}

/** What a config may set. */
export type RequireCursorFromRowsOptions = Partial<RequireCursorFromRowsFilledOptions>;
export type MessageIds = 'clockCursor';

export const requireCursorFromRows = createDetectorRule<MessageIds, RequireCursorFromRowsFilledOptions, ClockCursor>({
  name: 'require-cursor-from-rows',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the next cursor of a paged delta read to come from the rows read, not from the clock',
      recommended: 'recommended',
    },
    messages: {
      clockCursor:
        "The next cursor '{{name}}' is taken from the clock after a read past it on '{{column}}' bounded by {{page}} (line {{line}}): once more rows changed since the last sync than that page holds, the rows past the page are never read, because the next run starts after now. Store the last row's '{{column}}' instead (`rows[rows.length - 1].{{column}}`).",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          cursorColumns: nameList('Change-tracking columns a delta read pages by (`.gt(col, cursor)`).', 1),
          paginators: nameList(
            'Helpers that read every page of a query returned from their first (callback) argument: `selectAllPages(() => query, ...)`.',
          ),
        },
      },
    ],
    defaultOptions: [{ cursorColumns: [...DEFAULT_CHANGE_COLUMNS], paginators: [...DEFAULT_PAGINATORS] }],
  },
  gate: (text) => mayHoldClockCursor(text),
  detector: (sourceCode, options) => createClockCursorDetector(sourceCode, options),
  report(context, found) {
    const [read] = found.reads;
    if (!read) return;
    const pageArgs = read.page.arguments.map((arg) => context.sourceCode.getText(arg)).join(', ');
    context.report({
      node: found.store,
      messageId: 'clockCursor',
      data: {
        name: found.name,
        page: shortText(`.${asMethodCall(read.page)?.name ?? 'limit'}(${pageArgs})`, 30),
        column: read.column,
        line: methodLoc(read.bound).start.line,
      },
    });
  },
});
