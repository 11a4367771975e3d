/**
 * Option values as the code writes them: a period in milliseconds (a number,
 * a product of numbers, a constant holding one), a boolean, or unknown with
 * the reason a reader can check (`interval` is a parameter of usePolling).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { functionName, type Node, objectProperty, unwrap } from '../analysis/ast.js';
import type { AnalysisContext } from '../analysis/detector.js';
import { milliseconds } from '../analysis/project/state-facts.js';
import { resolveIdentifier } from '../analysis/scope.js';

/** An option as written: not set, a value, or set to something the analysis cannot read. */
export type Option<T> = { kind: 'unset' } | { kind: 'value'; value: T } | { kind: 'unknown'; why: string };

export const UNSET: Option<never> = { kind: 'unset' };

/** How a report shows an expression: its text on one line, cut short. */
export function shortText(ctx: AnalysisContext, node: Node, max = 60): string {
  const text = ctx.text.slice(node.range[0], node.range[1]).replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Why a value cannot be read: where it comes from, in words. */
export function unknownWhy(ctx: AnalysisContext, node: Node): string {
  const inner = unwrap(node);
  const text = `\`${shortText(ctx, inner, 40)}\``;
  if (inner.type === 'Identifier') {
    const def = resolveIdentifier(ctx, inner)?.defs[0];
    if (def?.type === 'Parameter') {
      const fn = def.node as Parameters<typeof functionName>[0];
      const name = functionName(fn);
      return `${text} is a parameter${name === null ? '' : ` of ${name}`}`;
    }
    if (def?.type === 'Variable') return `${text} is a variable set at run time`;
    return `${text} is not defined in the file`;
  }
  if (inner.type === 'MemberExpression') return `${text} is read at run time (a prop or a field)`;
  if (inner.type === 'ArrowFunctionExpression' || inner.type === 'FunctionExpression')
    return `${text} is a function: the period is decided at run time`;
  return `${text} is computed at run time`;
}

/** A period in milliseconds: a number, `Infinity`, or a constant expression; `false` and 0 mean none. */
export function periodOption(ctx: AnalysisContext, node: Node | undefined): Option<number> {
  if (!node) return UNSET;
  const inner = unwrap(node);
  if (inner.type === 'Literal' && inner.value === false) return { kind: 'value', value: 0 };
  if (inner.type === 'Identifier' && inner.name === 'Infinity') return { kind: 'value', value: Infinity };
  if (inner.type === 'Identifier' && inner.name === 'undefined') return UNSET;
  const ms = milliseconds(ctx, inner);
  return ms === null ? { kind: 'unknown', why: unknownWhy(ctx, inner) } : { kind: 'value', value: ms };
}

/** A refetch switch: `true`, `false`, `'always'` (refetch even when fresh). */
export function switchOption(ctx: AnalysisContext, node: Node | undefined): Option<boolean | 'always'> {
  if (!node) return UNSET;
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'boolean') return { kind: 'value', value: inner.value };
  if (inner.type === 'Literal' && inner.value === 'always') return { kind: 'value', value: 'always' };
  return { kind: 'unknown', why: unknownWhy(ctx, inner) };
}

/** The value of property `name` of an options object, when written there. */
export function propertyValue(object: TSESTree.ObjectExpression | null, name: string): Node | undefined {
  return objectProperty(object ?? undefined, name)?.value;
}
