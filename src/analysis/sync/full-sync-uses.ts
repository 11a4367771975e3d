/**
 * Full-sync uses: calls of a full-sync function (directly, as a method,
 * through an alias) and references handed on to be called later (call
 * arguments, JSX handlers), with whether each can be renamed to the
 * replacement.
 */
import { isCallbackSlot } from '../callback-slots.js';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  enclosingFunction,
  functionName,
  isConsoleCall,
  keyName,
  memberName,
  nearestNamedFunction,
  type Node,
  outermost,
  parentOf,
  unwrap,
} from '../ast.js';
import { constantInit, findVariable, resolveIdentifier, type Variable } from '../scope.js';
import type { AnalysisContext } from '../detector.js';
import { aliasedName, isFunctionBinding, isFunctionValue, isValueBinding, type SyncNames } from './full-sync-names.js';

export interface FullSyncUse {
  kind: 'call' | 'reference';
  /** The call, or the expression handed on. */
  node: TSESTree.Node;
  /** The node to report and, when renaming is possible, to rename. */
  nameNode: TSESTree.Node;
  /** The full-sync name that is used (`fullSync`). */
  name: string;
  /** The local name when it is used through an alias (`sync` for `import { fullSync as sync }`). */
  alias: string | null;
  /** `svc` in `svc.fullSync()`; null for a bare name. */
  receiver: TSESTree.Expression | null;
  /**
   * True when renaming `nameNode` to the replacement gives a working program
   * as far as syntax can tell: a member (`svc.fullSync` -> `svc.deltaSync`),
   * or a bare name when the replacement is declared in scope.
   */
  renamable: boolean;
  /**
   * False for a member or parameter handed on (`track(options.fullSync)`):
   * it may be plain data; the caller drops it when the file shows the name
   * holds data (see `createDataEvidence`). Calls are always certain.
   */
  certain: boolean;
}

interface Reference {
  name: string;
  alias: string | null;
  nameNode: TSESTree.Node;
  receiver: TSESTree.Expression | null;
  variable: Variable | null;
}

/** `svc.fullSync`, `fullSync`, or an alias of it; null for anything else. */
function asFullSyncReference(ctx: AnalysisContext, node: TSESTree.Node, options: SyncNames): Reference | null {
  const { names } = options;
  const inner = unwrap(node);
  if (inner.type === 'MemberExpression') {
    const name = memberName(inner);
    if (name === null || !names.has(name)) return null;
    return { name, alias: null, nameNode: inner.property, receiver: inner.object, variable: null };
  }
  if (inner.type !== 'Identifier') return null;
  if (!names.has(inner.name) && !options.aliases.has(inner.name)) return null;
  const variable = resolveIdentifier(ctx, inner);
  if (names.has(inner.name)) {
    return { name: inner.name, alias: null, nameNode: inner, receiver: null, variable };
  }
  const original = variable && aliasedName(variable, names);
  if (!original) return null;
  return { name: original, alias: inner.name, nameNode: inner, receiver: null, variable };
}

function isAllowedPlace(node: Node, options: SyncNames): boolean {
  const named = nearestNamedFunction(node);
  if (named !== null && (options.allowIn.has(named.name) || options.names.has(named.name))) return true;
  // inside the replacement itself (at any depth): its first-run fallback; renaming would make it call itself
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (functionName(fn) === options.replacement) return true;
  }
  return false;
}

function isRenamable(ctx: AnalysisContext, reference: Reference, replacement: string): boolean {
  if (reference.alias !== null) return false;
  if (reference.receiver !== null) return true;
  return findVariable(ctx.getScope(reference.nameNode), replacement) !== null;
}

/**
 * A call of a full-sync function: `fullSync()`, `svc.fullSync(u)`,
 * `svc?.['fullSync']()`, `(svc as Api).fullSync()`, `svc.fullSync.call(svc)`,
 * `sync()` where `sync` is an alias.
 */
export function fullSyncCall(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  options: SyncNames,
): FullSyncUse | null {
  let callee: Node = unwrap(call.callee);
  if (callee.type === 'MemberExpression') {
    const method = memberName(callee);
    if ((method === 'call' || method === 'apply') && !options.names.has(method)) {
      const target = unwrap(callee.object);
      if (target.type === 'MemberExpression' || target.type === 'Identifier') callee = target;
    }
  }
  const reference = asFullSyncReference(ctx, callee, options);
  if (!reference || isAllowedPlace(call, options)) return null;
  return {
    kind: 'call',
    node: call,
    nameNode: reference.nameNode,
    name: reference.name,
    alias: reference.alias,
    receiver: reference.receiver,
    renamable: isRenamable(ctx, reference, options.replacement),
    certain: true,
  };
}

const HANDLER_ATTRIBUTE = /^on[A-Z]/;
const FORM_ACTIONS = new Set(['action', 'formAction']);

/** Methods that take a function to unregister it, never to call it. */
const UNREGISTER_METHODS = new Set(['removeEventListener', 'removeListener', 'off', 'unsubscribe', 'unregister']);

/**
 * Callees that do not keep their argument to call it later: logging
 * (`console.log(svc.fullSync)`) and unregistering
 * (`removeEventListener('focus', svc.fullSync)`).
 */
function isNonCallbackSink(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  if (isConsoleCall(call)) return true;
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return false;
  const method = memberName(callee);
  return method !== null && UNREGISTER_METHODS.has(method);
}

/**
 * A full-sync function handed on to be called later: a call argument
 * (`setInterval(svc.fullSync, 30000)`, `.then(svc.fullSync)`), a bound copy
 * (`svc.fullSync.bind(svc)`) in that position, or a JSX handler
 * (`onClick={fullSync}`). Returns null for anything else, including a name
 * that only holds a value (`const { fullSync = false } = options`).
 */
export function fullSyncReference(
  ctx: AnalysisContext,
  node: TSESTree.Identifier | TSESTree.MemberExpression,
  options: SyncNames,
): FullSyncUse | null {
  const reference = asFullSyncReference(ctx, node, options);
  if (!reference) return null;
  if (reference.variable && isValueBinding(reference.variable)) return null;
  let handed: Node = outermost(node);
  // svc.fullSync.bind(svc)
  const parent = handed.parent;
  if (parent?.type === 'MemberExpression' && parent.object === handed && memberName(parent) === 'bind') {
    const bindCall = outermost(parent).parent;
    if (bindCall?.type !== 'CallExpression' || bindCall.callee !== outermost(parent)) return null;
    handed = outermost(bindCall);
  }
  const holder = handed.parent;
  if (!holder || !isHandedOn(handed, holder)) return null;
  if (isAllowedPlace(node, options)) return null;
  return {
    kind: 'reference',
    node: handed,
    nameNode: reference.nameNode,
    name: reference.name,
    alias: reference.alias,
    receiver: reference.receiver,
    renamable: isRenamable(ctx, reference, options.replacement),
    certain:
      reference.alias !== null ||
      isFunctionBinding(reference.variable) ||
      hasMethodReceiver(ctx, reference) ||
      isCallbackSlot(handed),
  };
}

/**
 * `svc.fullSync` where `svc` holds a class instance (`const svc = new Sync()`),
 * or `this.fullSync` inside a class that declares `fullSync` as a method:
 * the member is a function, not data.
 */
function hasMethodReceiver(ctx: AnalysisContext, reference: Reference): boolean {
  const receiver = reference.receiver && unwrap(reference.receiver);
  if (!receiver) return false;
  if (receiver.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, receiver);
    const init = variable && constantInit(variable);
    return !!init && unwrap(init).type === 'NewExpression';
  }
  if (receiver.type !== 'ThisExpression') return false;
  for (let node: Node | undefined = receiver.parent; node; node = node.parent) {
    if (node.type === 'ClassBody') {
      return node.body.some(
        (member) =>
          (member.type === 'MethodDefinition' ||
            (member.type === 'PropertyDefinition' && member.value !== null && isFunctionValue(member.value))) &&
          keyName(member.key, member.computed) === reference.name,
      );
    }
  }
  return false;
}

function isHandedOn(handed: Node, holder: Node): boolean {
  if (holder.type === 'CallExpression' || holder.type === 'NewExpression') {
    return holder.callee !== handed && !isNonCallbackSink(holder);
  }
  if (holder.type === 'JSXExpressionContainer') {
    const attribute = parentOf(holder);
    if (attribute?.type !== 'JSXAttribute' || attribute.name.type !== 'JSXIdentifier') return false;
    const name = attribute.name.name;
    return HANDLER_ATTRIBUTE.test(name) || FORM_ACTIONS.has(name);
  }
  return false;
}
