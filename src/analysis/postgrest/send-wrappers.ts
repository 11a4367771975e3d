/**
 * Wrappers that send the query builder a caller hands them: `withTimeout(q,
 * ms)` where `withTimeout(p, ms)` returns `Promise.race([p, timeout])`, an
 * async helper that awaits its parameter, one that returns it from a callback
 * (`runAction(() => p)`), or hands it back as it is. A read handed to one is
 * sent as it was written: the wrapper adds no row bound. The function facts
 * say which parameters of a function are such (facts.ts sendsParams), so a
 * wrapper of the same module or of another one is followed alike.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode, Node } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { localFunction, resolveIdentifier } from '../scope.js';
import { analyzeQuery, parameterUse, type QueryUse } from './query-use.js';

/**
 * What the detectors ask of the project's functions here (project/lookup.ts
 * FunctionLookup, which this module does not import: the function facts
 * import it): the facts of the function a call runs.
 */
export interface SendingLookup {
  resolve(call: TSESTree.CallExpression): { facts: { sendsParams?: number[] } } | null;
}

/**
 * Builder calls a wrapper may make on what it is handed and still send the
 * read as written: none of them bounds its rows or filters them.
 */
const NEUTRAL_CALLS: ReadonlySet<string> = new Set([
  'abortSignal',
  'throwOnError',
  'returns',
  'overrideTypes',
  'order',
]);

/**
 * The indexes of `fn`'s parameters that a query builder handed there is sent
 * through unbounded: the function awaits it, races or combines it
 * (`Promise.race([p, timeout])`), `.then`s it, returns it (from itself or
 * from a callback it hands on), and does nothing else with it (no filter, no
 * `.limit()` or `.range()`, no other call it is handed to, not stored).
 */
export function sentParameters(ctx: AnalysisContext, fn: FunctionNode): number[] {
  const sent: number[] = [];
  fn.params.forEach((param, index) => {
    const name = param.type === 'AssignmentPattern' ? param.left : param;
    if (name.type !== 'Identifier') return;
    const variable = resolveIdentifier(ctx, name);
    if (!variable) return;
    const use = parameterUse(ctx, variable);
    if (use.escapes || (use.executions.length === 0 && use.returned.length === 0)) return;
    if (use.links.every((link) => NEUTRAL_CALLS.has(link.name))) sent.push(index);
  });
  return sent;
}

/**
 * Whether `call` hands `argument` to a parameter its function sends unbounded
 * (sentParameters): read from the function facts, of this module or another;
 * without them (no lookup: a tool that does not follow modules), from a
 * function of this module the callee names.
 */
function sendsArgument(
  ctx: AnalysisContext,
  lookup: SendingLookup | null,
  call: TSESTree.CallExpression,
  argument: Node,
): boolean {
  const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
  if (index < 0 || call.arguments.slice(0, index).some((other) => other.type === 'SpreadElement')) return false;
  if (lookup) return lookup.resolve(call)?.facts.sendsParams?.includes(index) ?? false;
  const local = localFunction(ctx, call.callee);
  return local !== null && sentParameters(ctx, local).includes(index);
}

/**
 * A read that escapes into a call (`await withTimeout(q, 30000)`) followed
 * through the calls that send it unbounded, as if it were sent where they
 * are: the read again when every call it is handed to is such a wrapper and
 * it is sent after; else the read as it was.
 */
export function throughSendingWrappers(
  ctx: AnalysisContext,
  use: QueryUse,
  lookup: SendingLookup | null,
  paginators: ReadonlySet<string>,
): QueryUse {
  if (!use.escapes) return use;
  const followed = analyzeQuery(ctx, use.root, paginators, (call, argument) =>
    sendsArgument(ctx, lookup, call, argument),
  );
  return followed.escapes || followed.through.length === 0 ? use : followed;
}
