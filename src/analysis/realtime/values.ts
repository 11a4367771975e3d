/**
 * The values a Realtime recognizer reads through variables: what a variable
 * is assigned once, an object literal held by a constant, and whether a
 * `filter` expression gives a filter.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { type Node, unwrap, parentOf } from '../ast.js';
import { constantInit, resolveIdentifier, type Variable } from '../scope.js';
import type { AnalysisContext } from '../detector.js';

/** The value a variable holds when it is assigned exactly once (`const x = v`, or `let x; ... x = v`). */
export function assignedValue(variable: Variable): TSESTree.Expression | null {
  const init = constantInit(variable);
  if (init) return init;
  if (variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type !== 'Variable' || def.node.init || def.node.id.type !== 'Identifier') return null;
  const writes = variable.references.filter((ref) => ref.isWrite() && ref.writeExpr);
  if (writes.length !== 1) return null;
  const parent = parentOf(writes[0]!.identifier);
  if (parent?.type !== 'AssignmentExpression' || parent.operator !== '=') return null;
  return writes[0]!.writeExpr as TSESTree.Expression;
}

/** An object literal, written inline or held by a constant. */
export function objectLiteral(ctx: AnalysisContext, node: Node | undefined): TSESTree.ObjectExpression | null {
  if (!node || node.type === 'SpreadElement') return null;
  const inner = unwrap(node);
  if (inner.type === 'ObjectExpression') return inner;
  if (inner.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, inner);
  const init = variable && constantInit(variable);
  return init ? objectLiteral(ctx, init) : null;
}

/**
 * Whether an expression gives a filter: a non-empty string, or any value the
 * code computes (a template, a variable, a `postgresChangesFilter()` call).
 * `undefined`, `null`, `''` and a conditional or `&&` that can yield them do not.
 */
export function filterPresence(node: Node): 'yes' | 'no' {
  const inner = unwrap(node);
  switch (inner.type) {
    case 'Literal':
      return typeof inner.value === 'string' && inner.value.trim() !== '' ? 'yes' : 'no';
    case 'Identifier':
      return inner.name === 'undefined' ? 'no' : 'yes';
    case 'TemplateLiteral':
      return inner.expressions.length === 0 && (inner.quasis[0]?.value.cooked ?? '').trim() === '' ? 'no' : 'yes';
    case 'ConditionalExpression':
      return filterPresence(inner.consequent) === 'yes' && filterPresence(inner.alternate) === 'yes' ? 'yes' : 'no';
    case 'LogicalExpression':
      if (inner.operator === '&&') return 'no';
      return filterPresence(inner.right);
    case 'UnaryExpression':
      return inner.operator === 'void' ? 'no' : 'yes';
    default:
      return 'yes';
  }
}
