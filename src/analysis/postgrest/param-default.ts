/**
 * A page bound that is a parameter's default: `function audit(limit = 50000) {
 * ... .limit(limit) }` where no call in the project passes that parameter.
 * Every call then runs with the default: the bound asks for that many rows.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { argumentAt, isFunction, type Node, unwrap } from '../ast.js';
import { resolveIdentifier } from '../scope.js';
import type { AnalysisContext } from '../detector.js';
import type { FunctionLookupSource } from '../project/lookup.js';
import { functionKey } from '../project/module-facts.js';
import type { QueryLink } from './query-use.js';

/** The parameter `id` names, with its default and its place, when it is a plain parameter with a number default never reassigned. */
function defaultedParameter(
  ctx: AnalysisContext,
  id: TSESTree.Identifier,
): { fn: Node; index: number; value: number } | null {
  const variable = resolveIdentifier(ctx, id);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || def?.type !== 'Parameter') return null;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return null;
  const pattern = def.name.parent;
  if (pattern?.type !== 'AssignmentPattern' || pattern.left !== def.name) return null;
  const fn = pattern.parent;
  if (!isFunction(fn)) return null;
  const index = fn.params.indexOf(pattern);
  const value = unwrap(pattern.right);
  if (index < 0 || value.type !== 'Literal' || typeof value.value !== 'number') return null;
  return { fn, index, value: value.value };
}

/**
 * How many rows `.limit(p)` asks for when `p` is a parameter's number default
 * and every call of the function in the project (all of them known) leaves it
 * out; null otherwise.
 */
export function defaultPageRows(
  ctx: AnalysisContext,
  functions: FunctionLookupSource | undefined,
  link: QueryLink,
): number | null {
  const argument = link.name === 'limit' ? argumentAt(link.call, 0) : undefined;
  const id = argument && unwrap(argument);
  if (id?.type !== 'Identifier' || !functions) return null;
  const parameter = defaultedParameter(ctx, id);
  if (!parameter) return null;
  const key = isFunction(parameter.fn) ? functionKey(parameter.fn) : null;
  if (key === null) return null;
  const lookup = functions();
  const facts = lookup?.own().functions[key];
  const scan = facts ? lookup!.callers(key, facts.name.split('.').pop()!) : null;
  if (!scan?.complete || scan.triggers.length > 0) return null;
  // a spread may fill it; `null` or `undefined` written out (one fact for both) is taken as passed
  const passes = (args: readonly string[]) =>
    args.length > parameter.index || args.slice(0, parameter.index).includes('spread');
  return scan.calls.some((call) => passes(call.args)) ? null : parameter.value;
}
