import type { TSESLint } from '@typescript-eslint/utils';
import { createFullSyncDetector } from '../analysis/full-sync/detector.js';
import type { FullSyncUse } from '../analysis/full-sync/uses.js';
import { createRule } from '../utils/create-rule.js';
import { shortText } from '../utils/text.js';

export interface NoFullSyncOptions {
  names?: string[];
  replacement?: string;
  allowIn?: string[];
}

type Options = [NoFullSyncOptions];
export type MessageIds = 'fullSyncCall' | 'fullSyncAliasCall' | 'fullSyncReference' | 'useReplacement';

const IDENTIFIER = '^[A-Za-z_$][\\w$]*$';

export const noFullSync = createRule<Options, MessageIds>({
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
  create(context, [options]) {
    const { sourceCode } = context;
    const replacement = options.replacement!;
    const detector = createFullSyncDetector(sourceCode, {
      names: options.names!,
      replacement,
      allowIn: options.allowIn!,
    });
    if (!detector) return {};

    function renameFix(use: FullSyncUse): TSESLint.ReportFixFunction {
      return (fixer) => {
        const node = use.nameNode;
        if (node.type === 'Literal' || node.type === 'TemplateLiteral') {
          const quote = sourceCode.getText(node)[0]!;
          return fixer.replaceText(node, `${quote}${replacement}${quote}`);
        }
        return fixer.replaceText(node, replacement);
      };
    }

    function suggestions(use: FullSyncUse): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      if (!use.renamable) return [];
      return [{ messageId: 'useReplacement', data: { replacement, name: use.name }, fix: renameFix(use) }];
    }

    function spelled(use: FullSyncUse): string {
      const local = use.alias ?? use.name;
      return use.receiver ? `${shortText(sourceCode.getText(use.receiver), 30)}.${local}` : local;
    }

    function report(use: FullSyncUse): void {
      if (use.kind === 'reference') {
        context.report({
          node: use.nameNode,
          messageId: 'fullSyncReference',
          data: { reference: spelled(use), replacement },
          suggest: suggestions(use),
        });
        return;
      }
      context.report({
        node: use.nameNode,
        messageId: use.alias === null ? 'fullSyncCall' : 'fullSyncAliasCall',
        data: { call: `${spelled(use)}()`, name: use.name, alias: use.alias ?? '', replacement },
        suggest: suggestions(use),
      });
    }

    return {
      ...(detector.listeners as TSESLint.RuleListener),
      'Program:exit'() {
        for (const use of detector.finish()) report(use);
      },
    };
  },
});
