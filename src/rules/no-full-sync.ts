import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { contextFromRule } from '../analysis/scope.js';
import {
  aliasNames,
  createDataEvidence,
  type FullSyncUse,
  fullSyncCall,
  fullSyncReference,
  type SyncNames,
} from '../analysis/sync-calls.js';
import { unwrap } from '../analysis/ast.js';
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
    const names = new Set(options.names);
    // A file that never spells a full-sync name cannot use one.
    if (![...names].some((name) => sourceCode.text.includes(name))) return {};
    const sync: SyncNames = {
      names,
      replacement: options.replacement!,
      allowIn: new Set(options.allowIn),
      aliases: aliasNames(sourceCode.scopeManager, names),
    };
    const ctx = contextFromRule(context);
    const evidence = createDataEvidence(sync.names);
    /** References that may turn out to be plain data once the whole file is seen. */
    const pending: FullSyncUse[] = [];

    function renameFix(use: FullSyncUse): TSESLint.ReportFixFunction {
      return (fixer) => {
        const node = use.nameNode;
        if (node.type === 'Literal' || node.type === 'TemplateLiteral') {
          const quote = sourceCode.getText(node)[0]!;
          return fixer.replaceText(node, `${quote}${sync.replacement}${quote}`);
        }
        return fixer.replaceText(node, sync.replacement);
      };
    }

    function suggestions(use: FullSyncUse): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      if (!use.renamable) return [];
      return [
        {
          messageId: 'useReplacement',
          data: { replacement: sync.replacement, name: use.name },
          fix: renameFix(use),
        },
      ];
    }

    function spelled(use: FullSyncUse): string {
      const local = use.alias ?? use.name;
      return use.receiver ? `${shortText(sourceCode.getText(use.receiver), 30)}.${local}` : local;
    }

    function report(use: FullSyncUse): void {
      if (use.kind === 'call') {
        const aliased = use.alias !== null;
        context.report({
          node: use.nameNode,
          messageId: aliased ? 'fullSyncAliasCall' : 'fullSyncCall',
          data: {
            call: `${spelled(use)}()`,
            name: use.name,
            alias: use.alias ?? '',
            replacement: sync.replacement,
          },
          suggest: suggestions(use),
        });
        return;
      }
      context.report({
        node: use.nameNode,
        messageId: 'fullSyncReference',
        data: { reference: spelled(use), replacement: sync.replacement },
        suggest: suggestions(use),
      });
    }

    function checkHandedOn(node: TSESTree.Node): void {
      let inner = unwrap(node);
      // svc.fullSync.bind(svc): look at what is bound
      if (inner.type === 'CallExpression') {
        const callee = unwrap(inner.callee);
        if (callee.type !== 'MemberExpression') return;
        inner = unwrap(callee.object);
      }
      if (inner.type !== 'Identifier' && inner.type !== 'MemberExpression') return;
      const use = fullSyncReference(ctx, inner, sync);
      if (!use) return;
      if (use.certain) report(use);
      else pending.push(use);
    }

    function checkArguments(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      for (const argument of node.arguments) {
        if (argument.type !== 'SpreadElement') checkHandedOn(argument);
      }
    }

    return {
      ...evidence.listeners,
      CallExpression(node) {
        const use = fullSyncCall(ctx, node, sync);
        if (use) report(use);
        checkArguments(node);
      },
      NewExpression: checkArguments,
      JSXExpressionContainer(node) {
        if (node.expression.type !== 'JSXEmptyExpression') checkHandedOn(node.expression);
      },
      'Program:exit'() {
        for (const use of pending) if (!evidence.isData(use.name)) report(use);
      },
    };
  },
});
