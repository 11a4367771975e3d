/**
 * The scope questions the detectors ask, answered through an AnalysisContext
 * (detector.ts): ESLint's scope manager in a rule, the same from the Linter
 * that runs the detectors for the codemods and the audit.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from './detector.js';
import { type FunctionNode, isFunction, type Node, unwrap } from './ast.js';

export type Scope = TSESLint.Scope.Scope;
export type Variable = TSESLint.Scope.Variable;

/** The variable `name` resolves to from `scope`, or null for an undeclared global. */
export function findVariable(scope: Scope, name: string): Variable | null {
  for (let current: Scope | null = scope; current; current = current.upper) {
    const variable = current.set.get(name);
    if (variable) return variable;
  }
  return null;
}

/** The variable an identifier in an expression refers to. */
export function resolveIdentifier(ctx: AnalysisContext, id: TSESTree.Identifier): Variable | null {
  const scope = ctx.getScope(id);
  for (let current: Scope | null = scope; current; current = current.upper) {
    const reference = current.references.find((ref) => ref.identifier === id);
    if (reference) return reference.resolved;
  }
  return findVariable(scope, id.name);
}

/**
 * The single expression a variable is initialized with, when the variable is
 * never written again: `const t = expr` or `let t = expr` with no reassignment.
 */
export function constantInit(variable: Variable): TSESTree.Expression | null {
  if (variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type !== 'Variable' || def.node.id.type !== 'Identifier' || !def.node.init) return null;
  const writes = variable.references.filter((ref) => ref.isWrite());
  if (writes.length > 1 || (writes.length === 1 && writes[0]!.writeExpr !== def.node.init)) return null;
  return def.node.init;
}

/** The function a callee names in this file: a function declaration, or a constant holding a function. */
export function localFunction(ctx: AnalysisContext, callee: Node): FunctionNode | null {
  const inner = unwrap(callee);
  if (inner.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, inner);
  if (variable?.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type === 'FunctionName' && isFunction(def.node)) return def.node;
  if (def.type !== 'Variable' || def.parent.kind !== 'const' || !def.node.init) return null;
  const init = unwrap(def.node.init);
  return isFunction(init) ? init : null;
}
