/**
 * A paginating helper written in the same file, recognised by what it does
 * rather than by its name (the `paginators` option names the others): a
 * function whose first parameter is a function that gives a request, which it
 * calls in a loop and pages with `.range()` (`for (;;) { const { data } =
 * await build().range(from, from + 999); ...; if (data.length < 1000) break }`).
 * A read returned from the callback handed to it (`fetchAll(() =>
 * supabase.from('t').select('*'))`) is sent page by page, as through a
 * configured paginator.
 *
 * The `.range()` must be applied to what the parameter's call gives: directly
 * (`build().range(a, b)`), or through a variable that holds it (`let q =
 * build(); q = q.range(a, b)`). A helper that calls it once, or pages with
 * `.limit()` alone, is not one.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { type FunctionNode, loopInFunction, memberName, type Node, outermost } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { localFunction, resolveIdentifier, type Variable } from '../scope.js';

/** `.range(...)` called on `node`'s value: `node.range(a, b)`. */
function rangedDirectly(node: Node): boolean {
  const outer = outermost(node);
  const member = outer.parent;
  if (member?.type !== 'MemberExpression' || member.object !== outer || memberName(member) !== 'range') return false;
  const call = outermost(member).parent;
  return call?.type === 'CallExpression' && call.callee === outermost(member);
}

/** `let q = build(); ... q.range(a, b)`: the variable that holds the call's value is paged. */
function rangedThroughVariable(ctx: AnalysisContext, call: Node): boolean {
  const declarator = outermost(call).parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, declarator.id);
  return variable?.references.some((reference) => rangedDirectly(reference.identifier)) ?? false;
}

/** Whether `fn` calls its first parameter in a loop and pages what that gives with `.range()`. */
export function pagesItsFirstParameter(ctx: AnalysisContext, fn: FunctionNode): boolean {
  const first = fn.params[0];
  if (first?.type !== 'Identifier') return false;
  const parameter: Variable | null = resolveIdentifier(ctx, first);
  if (!parameter) return false;
  const [start, end] = fn.body.range;
  // each call of the parameter in the body has one of its references as its callee (through type-only wrappers):
  // its references are read, not every node of the body (a module's facts ask this of each of its functions)
  return parameter.references.some(({ identifier }) => {
    const callee = outermost(identifier);
    const node = callee.parent;
    if (node?.type !== 'CallExpression' || node.callee !== callee) return false;
    if (node.range[0] < start || node.range[1] > end) return false;
    return loopInFunction(node) && (rangedDirectly(node) || rangedThroughVariable(ctx, node));
  });
}

/** The call of a local paginating helper that `fn` is the first argument of (see above); null when none. */
export function localPaginatorTaking(ctx: AnalysisContext, fn: FunctionNode): TSESTree.CallExpression | null {
  const outer = outermost(fn);
  const call = outer.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== outer) return null;
  const helper = localFunction(ctx, call.callee);
  return helper && helper !== fn && pagesItsFirstParameter(ctx, helper) ? call : null;
}
