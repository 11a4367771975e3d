/**
 * A request a loop sends every K-th item, not every item: under
 * `if (count % 10 === 0)` (also `0 === n % 10`, `!(n % 10)`, joined by `&&`
 * to other tests) in the loop's body, K a number of at least
 * THROTTLE_MIN written out. A progress report every ten rows sends a tenth as
 * many requests as rows, and none of them for an item: no `.in()` replaces it.
 */
import { isLiteralOf, type Node, unwrap } from '../ast.js';

/** The least K of `n % K` that makes a request every K-th item a throttle (every other item is still per item). */
export const THROTTLE_MIN = 10;

/** `n % K` with K a written-out number of at least THROTTLE_MIN. */
function isEveryKth(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'BinaryExpression' || inner.operator !== '%') return false;
  const k = unwrap(inner.right);
  return k.type === 'Literal' && typeof k.value === 'number' && k.value >= THROTTLE_MIN;
}

/** A test that holds only on every K-th value: `n % K === 0`, `!(n % K)`, or one side of an `&&`. */
function holdsEveryKth(test: Node): boolean {
  const inner = unwrap(test);
  if (inner.type === 'LogicalExpression' && inner.operator === '&&')
    return holdsEveryKth(inner.left) || holdsEveryKth(inner.right);
  if (inner.type === 'UnaryExpression' && inner.operator === '!') return isEveryKth(inner.argument);
  if (inner.type !== 'BinaryExpression' || (inner.operator !== '===' && inner.operator !== '==')) return false;
  return (
    (isEveryKth(inner.left) && isLiteralOf(inner.right, 0)) || (isLiteralOf(inner.left, 0) && isEveryKth(inner.right))
  );
}

/** Whether `node` runs only in the consequent of such an `if` between it and `loopNode`. */
export function isThrottled(node: Node, loopNode: Node): boolean {
  let child: Node = node;
  for (let current = node.parent; current && current !== loopNode; child = current, current = current.parent) {
    if (current.type !== 'IfStatement') continue;
    if (current.consequent === child && holdsEveryKth(current.test)) return true;
  }
  return false;
}
