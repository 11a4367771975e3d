import { mayHoldFullSync } from '../analysis/text-gates.js';
import type { TSESLint } from '@typescript-eslint/utils';
import { createFullSyncDetector } from '../analysis/sync/full-sync.js';
import type { FullSyncUse } from '../analysis/sync/full-sync-uses.js';
import { createDetectorRule } from './create-rule.js';
import { shortText } from '../utils/text.js';

/** The options as the rule reads them: each one filled in from meta.defaultOptions when a config leaves it out. */
export interface NoFullSyncFilledOptions {
  names: readonly string[];
  replacement: string;
  allowIn: readonly string[];
}

/** What a config may set. */
export type NoFullSyncOptions = Partial<NoFullSyncFilledOptions>;
export type MessageIds = 'fullSyncCall' | 'fullSyncAliasCall' | 'fullSyncReference' | 'useReplacement';

const IDENTIFIER = '^[A-Za-z_$][\\w$]*$';

export const noFullSync = createDetectorRule<MessageIds, NoFullSyncFilledOptions, FullSyncUse>({
  name: 'no-full-sync',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow full syncs where a delta sync belongs',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      fullSyncCall:
        "'{{call}}' runs a full sync: every row is downloaded again on each run, so the cost grows with the table, not with what changed. Call '{{replacement}}' to fetch only the rows changed since the last sync.",
      fullSyncAliasCall:
        "'{{call}}' runs a full sync ('{{name}}' under the name '{{alias}}'): every row is downloaded again on each run. Call '{{replacement}}' to fetch only the rows changed since the last sync.",
      fullSyncReference:
        "'{{reference}}' is handed on to run a full sync later: every row is downloaded again each time it runs. Hand on '{{replacement}}' to fetch only the rows changed since the last sync.",
      useReplacement: "Use '{{replacement}}' instead of '{{name}}'.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          names: {
            type: 'array',
            description: 'Names of the full-sync functions to flag.',
            items: { type: 'string', pattern: IDENTIFIER },
            minItems: 1,
            uniqueItems: true,
          },
          replacement: {
            type: 'string',
            description: 'Name of the delta-sync function that replaces them; used in messages and suggestions.',
            pattern: IDENTIFIER,
          },
          allowIn: {
            type: 'array',
            description:
              'Names of functions inside which a full sync is intended (a delta sync that falls back to a full sync on its first run).',
            items: { type: 'string' },
            uniqueItems: true,
          },
        },
      },
    ],
    defaultOptions: [{ names: ['fullSync'], replacement: 'deltaSync', allowIn: [] }],
  },
  gate: (text, { names }) => mayHoldFullSync(text, names),
  detector: (sourceCode, options, project) =>
    createFullSyncDetector(sourceCode, { ...options, functions: project.functions, schema: project.schema }),
  report(context, use, { replacement }) {
    const { sourceCode } = context;
    const suggest = use.renamable
      ? [
          {
            messageId: 'useReplacement' as const,
            data: { replacement, name: use.name },
            fix: renameFix(sourceCode, use, replacement),
          },
        ]
      : [];
    if (use.kind === 'reference') {
      context.report({
        node: use.nameNode,
        messageId: 'fullSyncReference',
        data: { reference: spelled(sourceCode, use), replacement },
        suggest,
      });
      return;
    }
    context.report({
      node: use.nameNode,
      messageId: use.alias === null ? 'fullSyncCall' : 'fullSyncAliasCall',
      data: { call: `${spelled(sourceCode, use)}()`, name: use.name, alias: use.alias ?? '', replacement },
      suggest,
    });
  },
});

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The use renamed to the replacement, in the same quotes when the name is a string. */
function renameFix(sourceCode: SourceCode, use: FullSyncUse, replacement: string): TSESLint.ReportFixFunction {
  return (fixer) => {
    const node = use.nameNode;
    if (node.type === 'Literal' || node.type === 'TemplateLiteral') {
      const quote = sourceCode.getText(node)[0]!;
      return fixer.replaceText(node, `${quote}${replacement}${quote}`);
    }
    return fixer.replaceText(node, replacement);
  };
}

/** The use as the message spells it: `sync.fullSync`, or the local name alone. */
function spelled(sourceCode: SourceCode, use: FullSyncUse): string {
  const local = use.alias ?? use.name;
  return use.receiver ? `${shortText(sourceCode.getText(use.receiver), 30)}.${local}` : local;
}
