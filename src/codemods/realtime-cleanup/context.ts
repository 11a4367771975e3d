/**
 * What every step of realtime-cleanup reads: the file's text, tokens and
 * comments, its style, whether it is TypeScript, and its scopes; with the
 * small text questions the steps ask of it.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Node } from '../../analysis/ast.js';
import type { LeakingSubscription } from '../../analysis/realtime/leaking-subscriptions.js';
import type { AnalysisContext } from '../../analysis/detector.js';
import { isTypeScriptFile } from '../../utils/source-files.js';
import { detectStyle, position, type Style } from '../text.js';
import type { PlanInput } from '../codemod.js';

export interface CleanupContext {
  text: string;
  tokens: readonly TSESTree.Token[];
  comments: readonly TSESTree.Comment[];
  style: Style;
  /** `;` when the file ends its statements with one, else nothing. */
  semi: string;
  /** A TypeScript file: a variable the cleanup reads must have a type there. */
  typescript: boolean;
  analysis: AnalysisContext;
}

export function cleanupContext(input: PlanInput<LeakingSubscription>): CleanupContext {
  const style = detectStyle(input.text);
  return {
    text: input.text,
    tokens: input.ast.tokens,
    comments: input.ast.comments,
    style,
    semi: style.semicolons ? ';' : '',
    typescript: isTypeScriptFile(input.path),
    analysis: input.ctx,
  };
}

export function sourceOf(cx: CleanupContext, node: Node): string {
  return cx.text.slice(node.range[0], node.range[1]);
}

export function lineOf(cx: CleanupContext, node: Node): number {
  return position(cx.text, node.range[0]).line;
}

/** Only spaces and tabs before `offset` on its line. */
export function startsLine(cx: CleanupContext, offset: number): boolean {
  return /^[ \t]*$/.test(cx.text.slice(cx.text.lastIndexOf('\n', offset - 1) + 1, offset));
}

/** The end of the last token or comment in [from, to); `from` when there is none. */
export function lastContentEnd(cx: CleanupContext, from: number, to: number): number {
  let end = from;
  for (const item of [...cx.tokens, ...cx.comments])
    if (item.range[0] >= from && item.range[1] <= to && item.range[1] > end) end = item.range[1];
  return end;
}

/** The start of the first token or comment in [from, to); `to` when there is none. */
export function firstContentStart(cx: CleanupContext, from: number, to: number): number {
  let start = to;
  for (const item of [...cx.tokens, ...cx.comments])
    if (item.range[0] >= from && item.range[0] < start) start = item.range[0];
  return start;
}

/** The `=>` of an arrow function. */
export function arrowToken(cx: CleanupContext, fn: TSESTree.ArrowFunctionExpression): TSESTree.Token | null {
  let found: TSESTree.Token | null = null;
  for (const token of cx.tokens) {
    if (token.value === '=>' && token.range[0] >= fn.range[0] && token.range[1] <= fn.body.range[0]) found = token;
  }
  return found;
}
