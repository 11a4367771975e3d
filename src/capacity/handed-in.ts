/**
 * A timer whose period or callback its function's callers hand in:
 * `function usePolling(load, ms) { setInterval(load, ms) }`, called as
 * `usePolling(loadOrders, 30_000)` in another file. The period and the
 * callback are parameters, unknown where the timer is written; each call site
 * of the function (the project's callers, through imports and aliases) says
 * what they are. Each call site whose arguments can be read is a site of its
 * own (the timer's line, the caller's period and run); a call whose argument
 * is itself computed stays unknown, with its place.
 */
import { readFileSync } from 'node:fs';
import type { TSESTree } from '@typescript-eslint/utils';
import { argumentAt, type FunctionNode, isFunction, memberName, type Node, unwrap } from '../analysis/ast.js';
import type { AnalysisContext } from '../analysis/detector.js';
import { functionLookup, lazyLookup } from '../analysis/project/lookup.js';
import { functionKey } from '../analysis/project/module-facts.js';
import { runDetectors } from '../analysis/run.js';
import { resolveIdentifier } from '../analysis/scope.js';
import type { TSESLint } from '@typescript-eslint/utils';
import type { Run } from './model.js';
import { runOfReference, type RunContext, type Show } from './runs.js';
import { type Option, periodOption, shortText } from './values.js';

/** Which parameters of the timer's function hold its period and its callback. */
export interface HandedIn {
  /** The function's key (as the function facts key it) and name. */
  key: string;
  name: string;
  period: number | null;
  callback: number | null;
}

/** The index of the parameter of `fn` that `node` names, or null. */
function parameterIndex(ctx: AnalysisContext, node: Node | undefined, fn: FunctionNode): number | null {
  const inner = node && unwrap(node);
  if (inner?.type !== 'Identifier') return null;
  const def = resolveIdentifier(ctx, inner)?.defs[0];
  if (def?.type !== 'Parameter' || def.node !== fn) return null;
  const index = fn.params.findIndex((param) => {
    const name = param.type === 'AssignmentPattern' ? param.left : param;
    return name.type === 'Identifier' && name.name === inner.name;
  });
  return index < 0 ? null : index;
}

/** The parameter a callback runs: itself (`setInterval(load, ms)`), or the one call its body makes (`() => load()`). */
function callbackParameter(ctx: AnalysisContext, callback: Node, fn: FunctionNode): number | null {
  const direct = parameterIndex(ctx, callback, fn);
  if (direct !== null) return direct;
  const inner = unwrap(callback);
  if (!isFunction(inner)) return null;
  let body: Node = inner.body;
  if (body.type === 'BlockStatement') {
    if (body.body.length !== 1 || body.body[0]!.type !== 'ExpressionStatement') return null;
    body = body.body[0]!.expression;
  }
  // `await load()`, `void load()`
  const call = unwrap(
    body.type === 'AwaitExpression' || (body.type === 'UnaryExpression' && body.operator === 'void')
      ? body.argument
      : body,
  );
  if (call.type !== 'CallExpression') return null;
  const callee = unwrap(call.callee);
  // `savedCallback.current()` of a ref the function sets to a parameter (`savedCallback.current = callback`)
  if (callee.type === 'MemberExpression' && memberName(callee) === 'current') return refParameter(ctx, callee, fn);
  return parameterIndex(ctx, callee, fn);
}

/** The parameter a ref's `.current` is set to in `fn` (`ref.current = callback`), or null. */
function refParameter(ctx: AnalysisContext, member: TSESTree.MemberExpression, fn: FunctionNode): number | null {
  const object = unwrap(member.object);
  if (object.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, object);
  const found = new Set<number | null>();
  for (const reference of variable?.references ?? []) {
    const use = reference.identifier.parent;
    const assignment = use.parent;
    if (
      use.type === 'MemberExpression' &&
      memberName(use) === 'current' &&
      assignment?.type === 'AssignmentExpression' &&
      assignment.left === use
    )
      found.add(parameterIndex(ctx, assignment.right, fn));
  }
  return found.size === 1 ? [...found][0]! : null;
}

/** What a timer's function leaves to its callers: the parameters of its period and callback, when either is one. */
export function handedIn(
  ctx: AnalysisContext,
  owner: FunctionNode | null,
  callback: Node,
  period: Node | undefined,
): HandedIn | null {
  if (!owner) return null;
  const key = functionKey(owner);
  if (key === null) return null;
  const periodIndex = parameterIndex(ctx, period, owner);
  const callbackIndex = callbackParameter(ctx, callback, owner);
  if (periodIndex === null && callbackIndex === null) return null;
  return { key, name: key.replace(/@.*$/, ''), period: periodIndex, callback: callbackIndex };
}

/** What one call site hands in. */
export interface CallerArguments {
  /** How the call is written (`usePolling(loadOrders, 30_000)`). */
  text: string;
  period: Option<number> | null;
  run: Run | null;
}

/** The arguments of the call at `line`:`column` (0-based) of `file`, read as the timer's period and run; null when it cannot be read. */
export function callerArguments(
  file: string,
  line: number,
  column: number,
  handed: HandedIn,
  show: Show,
): CallerArguments | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const result = runDetectors(text, file, {
    call: (ctx: AnalysisContext) => {
      const found: CallerArguments[] = [];
      const lookup = lazyLookup(() =>
        functionLookup(ctx as AnalysisContext & { ast: TSESLint.SourceCode['ast'] }, file),
      );
      return {
        listeners: {
          CallExpression(node: TSESTree.CallExpression) {
            if (node.loc.start.line !== line || node.loc.start.column !== column) return;
            const run: RunContext = { ctx, lookup: lookup(), show, file };
            const callback = handed.callback === null ? undefined : argumentAt(node, handed.callback);
            found.push({
              text: shortText(ctx, node),
              period: handed.period === null ? null : periodOption(ctx, argumentAt(node, handed.period)),
              run: callback
                ? runOfReference(run, callback)
                : handed.callback === null
                  ? null
                  : { requests: [], unresolved: [] },
            });
          },
        },
        finish: () => found,
      };
    },
  });
  return result.ok ? (result.findings.call[0] ?? null) : null;
}
