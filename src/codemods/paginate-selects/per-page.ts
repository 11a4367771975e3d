/**
 * What an all-pages read evaluates once per page: its whole chain, the
 * client, the table and every argument, since the callback builds a fresh
 * query for each page. A part that may read differently from one page to the
 * next (a clock, a counter, a call we cannot see into) rules the rewrite out.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Node } from '../../analysis/ast.js';
import type { AnalysisContext } from '../../analysis/detector.js';
import type { QueryUse } from '../../analysis/postgrest/query-use.js';
import { findVariable } from '../../analysis/scope.js';
import { shortText } from '../../utils/text.js';

/**
 * Built-in functions that read their arguments and make a new value, with no
 * effect and nothing else read: called again on the same arguments, they give
 * the same value. `Array.from` with one argument only (a second is a callback
 * we would have to trust), as `[...x]` (which the chain may already hold)
 * reads `x` the same way.
 */
const PURE_CALLS: Readonly<Record<string, { members: ReadonlySet<string> | null; maxArguments: number }>> = {
  Array: { members: new Set(['from']), maxArguments: 1 },
  Object: { members: new Set(['keys', 'values', 'entries']), maxArguments: 1 },
  String: { members: null, maxArguments: 1 },
  Number: { members: null, maxArguments: 1 },
  Boolean: { members: null, maxArguments: 1 },
};

/** Built-in constructors of that kind: `new Set(ids)` (as in `[...new Set(ids)]`). */
const PURE_CONSTRUCTORS: Readonly<Record<string, number>> = { Set: 1 };

/** Whether a name, where the read is written, is the built-in (no declaration of the file shadows it). */
type IsBuiltIn = (name: string) => boolean;

/** The built-in a callee names (`Array.from`, `String`), when it is one of `PURE_CALLS`. */
function pureCallee(callee: Node, isBuiltIn: IsBuiltIn): { maxArguments: number } | null {
  if (callee.type === 'Identifier') {
    const entry = PURE_CALLS[callee.name];
    return entry?.members === null && isBuiltIn(callee.name) ? entry : null;
  }
  if (callee.type !== 'MemberExpression' || callee.computed || callee.object.type !== 'Identifier') return null;
  if (callee.property.type !== 'Identifier') return null;
  const entry = PURE_CALLS[callee.object.name];
  if (!entry?.members?.has(callee.property.name) || !isBuiltIn(callee.object.name)) return null;
  return entry;
}

/** A call of a pure built-in on arguments that read the same each time (no spread). */
function isPureCall(
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  isBuiltIn: IsBuiltIn,
  stable: (node: Node) => boolean,
): boolean {
  if (node.type === 'CallExpression' && node.optional) return false;
  const maxArguments =
    node.type === 'NewExpression'
      ? node.callee.type === 'Identifier' && isBuiltIn(node.callee.name)
        ? PURE_CONSTRUCTORS[node.callee.name]
        : undefined
      : pureCallee(node.callee, isBuiltIn)?.maxArguments;
  if (maxArguments === undefined || node.arguments.length > maxArguments) return false;
  return node.arguments.every((argument) => argument.type !== 'SpreadElement' && stable(argument));
}

/**
 * Whether an expression reads the same value each time it is evaluated and
 * has no effect: literals, names, property reads, operators on those,
 * function literals, and the pure built-ins above on such values.
 */
function isStable(node: Node, isBuiltIn: IsBuiltIn): boolean {
  const stable = (inner: Node) => isStable(inner, isBuiltIn);
  switch (node.type) {
    case 'Literal':
    case 'Identifier':
    case 'ThisExpression':
    case 'Super':
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return true;
    case 'TemplateLiteral':
      return node.expressions.every(stable);
    case 'MemberExpression':
      return stable(node.object) && (!node.computed || stable(node.property));
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'TSTypeAssertion':
    case 'ChainExpression':
      return stable(node.expression);
    case 'UnaryExpression':
      return node.operator !== 'delete' && stable(node.argument);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return node.left.type !== 'PrivateIdentifier' && stable(node.left) && stable(node.right);
    case 'ConditionalExpression':
      return stable(node.test) && stable(node.consequent) && stable(node.alternate);
    case 'ArrayExpression':
      return node.elements.every(
        (element) => element === null || stable(element.type === 'SpreadElement' ? element.argument : element),
      );
    case 'ObjectExpression':
      return node.properties.every((property) =>
        property.type === 'SpreadElement'
          ? stable(property.argument)
          : (!property.computed || stable(property.key)) && stable(property.value),
      );
    case 'CallExpression':
    case 'NewExpression':
      return isPureCall(node, isBuiltIn, stable);
    default:
      return false;
  }
}

/** The first expression of the read's chain that would not read the same on every page, as short text; null when none. */
export function unstablePart(ctx: AnalysisContext, use: QueryUse, text: string): string | null {
  const scope = ctx.getScope(use.chainEnd);
  const isBuiltIn: IsBuiltIn = (name) => {
    const variable = findVariable(scope, name);
    return variable === null || variable.defs.length === 0;
  };
  const parts: Node[] = [use.root.client];
  if (use.root.from) parts.push(...use.root.from.arguments);
  for (const link of use.ownChain) parts.push(...link.call.arguments);
  for (const part of parts) {
    const inner = part.type === 'SpreadElement' ? part.argument : part;
    if (!isStable(inner, isBuiltIn)) return shortText(text.slice(inner.range[0], inner.range[1]));
  }
  return null;
}
