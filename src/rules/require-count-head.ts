import { methodLoc } from '../analysis/ast.js';
import { type CountWithRows, createCountHeadDetector, mayHoldCountWithRows } from '../analysis/postgrest/count-head.js';
import { createDetectorRule } from './create-rule.js';

/** The rule has no options. */
export type RequireCountHeadFilledOptions = Record<string, never>;
export type MessageIds = 'countDownloadsRows' | 'addHead';

export const requireCountHead = createDetectorRule<MessageIds, RequireCountHeadFilledOptions, CountWithRows>({
  name: 'require-count-head',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require `head: true` on count reads whose rows are never used',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      countDownloadsRows:
        "This select from {{table}} asks for a count and never reads its rows, yet without `head: true` every matching row is downloaded (up to the project's max-rows, 1,000 by default) only to be counted. Add `head: true`: a HEAD request returns the count and no rows.",
      addHead: 'Add `head: true` (no rows are sent; `data` is null).',
    },
    schema: [{ type: 'object', additionalProperties: false, properties: {} }],
    defaultOptions: [{}],
  },
  gate: (text) => mayHoldCountWithRows(text),
  detector: (sourceCode) => createCountHeadDetector(sourceCode),
  report(context, { use, options, head }) {
    const last = options.properties[options.properties.length - 1];
    context.report({
      loc: methodLoc(use.root.start),
      messageId: 'countDownloadsRows',
      data: { table: use.root.name === null ? 'a table named at run time' : `'${use.root.name}'` },
      suggest: [
        {
          messageId: 'addHead',
          fix: (fixer) =>
            head ? fixer.replaceText(head.value, 'true') : last ? fixer.insertTextAfter(last, ', head: true') : null,
        },
      ],
    });
  },
});
