/**
 * A page bound that is a parameter's default: `function audit(limit = 50000) {
 * ... .limit(limit) }` where no call in the project passes that parameter.
 * Every call then runs with the default: the bound asks for that many rows.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { argumentAt, isFunction, type Node, unwrap } from '../ast.js';
import { resolveIdentifier } from '../scope.js';
import type { AnalysisContext } from '../detector.js';
import { callersOfFunction, type FunctionLookupSource } from '../project/lookup.js';
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
  if (pattern.type !== 'AssignmentPattern' || pattern.left !== def.name) return null;
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
  if (!isFunction(parameter.fn)) return null;
  const lookup = functions();
  const scan = lookup ? callersOfFunction(lookup, parameter.fn) : null;
  if (!scan?.complete || scan.triggers.length > 0) return null;
  // a spread may fill it; `null` or `undefined` written out (one fact for both) is taken as passed
  const passes = (args: readonly string[]) =>
    args.length > parameter.index || args.slice(0, parameter.index).includes('spread');
  return scan.calls.some((call) => passes(call.args)) ? null : parameter.value;
}

/**
 * The function and index of the plain parameter (never reassigned) that `node`
 * reads, directly or through one `const` alias; with `property` when `node`
 * reads a property of it (`options.sinceIso`).
 */
function parameterOf(
  ctx: AnalysisContext,
  node: Node,
  hops = 0,
): { fn: Node; index: number; property?: string } | null {
  const id = unwrap(node);
  if (id.type === 'MemberExpression' && !id.computed && id.property.type === 'Identifier') {
    const object = parameterOf(ctx, id.object, hops);
    return object && object.property === undefined ? { ...object, property: id.property.name } : null;
  }
  if (id.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, id);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || !def) return null;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return null;
  if (def.type === 'Variable') {
    const init = def.parent.kind === 'const' && def.node.id === def.name ? def.node.init : null;
    return init && hops === 0 ? parameterOf(ctx, init, hops + 1) : null;
  }
  if (def.type !== 'Parameter') return null;
  const param = def.name.parent.type === 'AssignmentPattern' ? def.name.parent : def.name;
  const fn = param.parent;
  if (!isFunction(fn)) return null;
  const index = fn.params.indexOf(param);
  return index < 0 ? null : { fn, index };
}

/**
 * Whether `node` is a parameter that every call of its function in the project
 * (all of them known) fills with a value from the clock or a constant
 * (`errorsSince(new Date(Date.now() - 7 * 864e5).toISOString())`), or a
 * property of a parameter every call fills so (`errors(client, { sinceIso })`
 * read as `options.sinceIso`): a window the caller decides in the run, not a
 * position it stored.
 */
export function windowFromCallers(
  ctx: AnalysisContext,
  functions: FunctionLookupSource | undefined,
  node: Node,
): boolean {
  const parameter = functions ? parameterOf(ctx, node) : null;
  if (!parameter || !isFunction(parameter.fn)) return false;
  const lookup = functions!();
  const scan = lookup ? callersOfFunction(lookup, parameter.fn) : null;
  if (!scan?.complete || scan.triggers.length > 0 || scan.calls.length === 0) return false;
  const argument = parameter.property === undefined ? parameter.index : `${parameter.index}.${parameter.property}`;
  return scan.calls.every((call) => call.windowArgs?.includes(argument));
}
