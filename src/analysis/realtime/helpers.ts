/**
 * Subscriptions made through a helper: a function of the same component or
 * module that opens and subscribes a channel and returns the function that
 * removes it (`const setup = () => { ...subscribe(); return () => removeChannel(ch) }`).
 * An effect that calls it and drops what it returns (`useEffect(() => { setup(); })`)
 * leaks the channel on every re-run.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { type FunctionNode, isFunction, type Node, resultHolder, unwrap } from '../ast.js';
import { constantInit, resolveIdentifier, type Variable } from '../scope.js';
import type { AnalysisContext } from '../detector.js';
import type { ChannelOrigin } from './channels.js';
import { cleanupsOf, removesChannel } from './cleanup.js';

/** Hooks that hand back the function they are given (`useCallback(fn, deps)`). */
const MEMO_HOOKS: ReadonlySet<string> = new Set(['useCallback', 'useEvent', 'useEffectEvent']);

/**
 * The function a callee names, when it is declared in this file and never
 * reassigned: `function setup() {}`, `const setup = () => {}`,
 * `const setup = useCallback(() => {}, [])`.
 */
export function calledFunction(ctx: AnalysisContext, callee: Node): FunctionNode | null {
  const inner = unwrap(callee);
  if (inner.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, inner);
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type === 'FunctionName' && def.node.type === 'FunctionDeclaration') {
    return variable.references.some((ref) => ref.isWrite()) ? null : def.node;
  }
  const init = constantInit(variable);
  if (!init) return null;
  const value = unwrap(init);
  if (isFunction(value)) return value;
  if (value.type === 'CallExpression') {
    const hook = unwrap(value.callee);
    const name =
      hook.type === 'Identifier'
        ? hook.name
        : hook.type === 'MemberExpression' && hook.property.type === 'Identifier'
          ? hook.property.name
          : null;
    const first = value.arguments[0] && unwrap(value.arguments[0]);
    if (name !== null && MEMO_HOOKS.has(name) && isFunction(first)) return first;
  }
  return null;
}

/**
 * Whether `helper` returns a cleanup that removes `channel` (and nothing the
 * analysis cannot see into): the helper hands its caller the only handle on
 * the channel.
 */
export function returnsChannelCleanup(ctx: AnalysisContext, helper: FunctionNode, channel: ChannelOrigin): boolean {
  // an async helper resolves to it: the caller that drops the promise drops the cleanup all the same
  const { functions, opaque } = cleanupsOf(ctx, helper, true);
  if (opaque || functions.length === 0) return false;
  return functions.some((cleanup) => removesChannel(ctx, cleanup, channel));
}

/** Whether a variable is read anywhere (`const off = setup()` followed by `return off`, `off()`...). */
function isRead(variable: Variable): boolean {
  return variable.references.some((ref) => ref.isRead());
}

/**
 * Whether what a call returns is dropped: the call is a statement of its own
 * (`setup();`, `void setup();`, `await setup();`), or its value goes to a
 * variable that is never read.
 */
export function dropsResult(ctx: AnalysisContext, call: TSESTree.CallExpression): boolean {
  const node = resultHolder(call);
  const parent = node.parent;
  if (parent?.type === 'ExpressionStatement') return true;
  if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, parent.id);
    return variable !== null && !isRead(variable);
  }
  return false;
}
