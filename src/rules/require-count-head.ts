import type { TSESLint } from '@typescript-eslint/utils';
import { methodLoc } from '../analysis/ast.js';
import { createCountHeadDetector } from '../analysis/count-head.js';
import { createRule } from '../utils/create-rule.js';

type Options = [Record<string, never>];
export type MessageIds = 'countDownloadsRows' | 'addHead';

export const requireCountHead = createRule<Options, MessageIds>({
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
  create(context) {
    const detector = createCountHeadDetector(context.sourceCode);
    if (!detector) return {};
    return {
      ...(detector.listeners as TSESLint.RuleListener),
      'Program:exit'() {
        for (const finding of detector.finish()) {
          const { use, options, head } = finding;
          const last = options.properties[options.properties.length - 1]!;
          context.report({
            loc: methodLoc(use.root.start),
            messageId: 'countDownloadsRows',
            data: { table: use.root.name === null ? 'a table named at run time' : `'${use.root.name}'` },
            suggest: [
              {
                messageId: 'addHead',
                fix: (fixer) =>
                  head ? fixer.replaceText(head.value, 'true') : fixer.insertTextAfter(last, ', head: true'),
              },
            ],
          });
        }
      },
    };
  },
});
