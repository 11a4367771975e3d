/**
 * Places that only ever take a function to call later: a value handed there
 * is a callback, never plain data. `setInterval(svc.fullSync, 30000)` calls
 * `svc.fullSync` whatever else the file says the name holds.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, type Node, outermost, unwrap, parentOf } from './ast.js';

/** Timer and scheduling globals: their first argument is called. */
const SCHEDULERS: ReadonlySet<string> = new Set([
  'setInterval',
  'setTimeout',
  'setImmediate',
  'requestAnimationFrame',
  'requestIdleCallback',
  'queueMicrotask',
]);

/** Methods whose argument at the given index is a callback. */
const CALLBACK_METHODS: ReadonlyMap<string, readonly number[]> = new Map([
  ['then', [0, 1]],
  ['catch', [0]],
  ['finally', [0]],
  ['addEventListener', [1]],
  ['addListener', [1]],
  ['on', [1]],
  ['once', [1]],
]);

const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['window', 'globalThis', 'self']);

const HANDLER_ATTRIBUTE = /^on[A-Z]/;

/** Whether `node`, handed to a call or a JSX attribute, sits where only a callback goes. */
export function isCallbackSlot(node: Node): boolean {
  const handed = outermost(node);
  const holder = handed.parent;
  if (holder?.type === 'JSXExpressionContainer') {
    const attribute = parentOf(holder);
    return (
      attribute?.type === 'JSXAttribute' &&
      attribute.name.type === 'JSXIdentifier' &&
      HANDLER_ATTRIBUTE.test(attribute.name.name)
    );
  }
  if (holder?.type !== 'CallExpression' && holder?.type !== 'NewExpression') return false;
  const index = holder.arguments.indexOf(handed as TSESTree.CallExpressionArgument);
  if (index < 0) return false;
  const callee = unwrap(holder.callee);
  if (callee.type === 'Identifier') return index === 0 && SCHEDULERS.has(callee.name);
  if (callee.type !== 'MemberExpression') return false;
  const name = memberName(callee);
  if (name === null) return false;
  const object = unwrap(callee.object);
  if (object.type === 'Identifier' && GLOBAL_OBJECTS.has(object.name) && SCHEDULERS.has(name)) return index === 0;
  return CALLBACK_METHODS.get(name)?.includes(index) ?? false;
}
