/**
 * A read in a loop that is the same request for every item: nothing in its
 * chain (the table, the select list, the filters) depends on the loop, and
 * the loop writes nothing a later read could see. Such a read sends the same
 * rows N times; the fix is to send it once before the loop, not `.in()`.
 *
 * Depends on the loop: a binding declared in the loop, a variable assigned in
 * it, `this`, any call or `await` in an argument (a call may give another
 * value each time: `new Date()`, `next()`), an unresolved name.
 */
import { childNodes, memberName, type Node, subtree } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { resolveIdentifier } from '../scope.js';
import type { QueryUse } from './query-use.js';

const WRITES: ReadonlySet<string> = new Set(['insert', 'upsert', 'update', 'delete', 'rpc']);

function inside(node: Node, loop: Node): boolean {
  return node.range[0] >= loop.range[0] && node.range[1] <= loop.range[1];
}

/** Whether `value` may be another value at each pass of `loop` (see above). */
export function varies(ctx: AnalysisContext, value: Node, loop: Node): boolean {
  const stack: Node[] = [value];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'CallExpression':
      case 'NewExpression':
      case 'AwaitExpression':
      case 'ThisExpression':
      case 'AssignmentExpression':
      case 'UpdateExpression':
      case 'TaggedTemplateExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return true;
      case 'Identifier': {
        const variable = resolveIdentifier(ctx, node);
        if (!variable) return true;
        if (variable.defs.some((def) => inside(def.name, loop))) return true;
        if (variable.references.some((ref) => ref.isWrite() && inside(ref.identifier, loop))) return true;
        continue;
      }
      case 'MemberExpression':
        stack.push(node.object);
        if (node.computed) stack.push(node.property);
        continue;
      case 'Property':
        if (node.computed) stack.push(node.key);
        stack.push(node.value);
        continue;
      default:
        stack.push(...childNodes(node));
    }
  }
  return false;
}

/** Whether the read `use`, sent in `loop`, is the same request for every item (see above). */
export function isLoopInvariantRead(ctx: AnalysisContext, use: QueryUse, loop: Node): boolean {
  if (use.root.kind !== 'select') return false;
  const args = [...(use.root.from?.arguments ?? []), ...use.links.flatMap(({ call }) => call.arguments)];
  if (args.some((argument) => varies(ctx, argument, loop))) return false;
  // a write in the loop may change what a later read sees (`insert(row); then count`)
  for (const node of subtree(loop)) {
    if (node.type !== 'MemberExpression') continue;
    if (WRITES.has(memberName(node) ?? '') && node.parent.type === 'CallExpression') return false;
  }
  return true;
}
