/**
 * The scope questions the detectors ask. Rules answer them with ESLint's scope
 * manager (`context.sourceCode.getScope`); anything else that runs the
 * detectors (the codemods) provides the same interface.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

export type Scope = TSESLint.Scope.Scope;
export type Variable = TSESLint.Scope.Variable;

/**
 * What a detector reads of a file: its text and its scopes. ESLint's
 * `context.sourceCode` is one (rules pass it as is).
 */
export interface AnalysisContext {
  readonly text: string;
  readonly scopeManager: TSESLint.Scope.ScopeManager | null;
  /** The parser's services; with typed linting they hold the program (see types.ts). */
  readonly parserServices?: unknown;
  /** The innermost scope that contains `node`. */
  getScope(node: TSESTree.Node): Scope;
}

/**
 * A detector: AST listeners to walk a file with (ESLint selectors), and the
 * findings once the walk is over. Rules report `finish()` at `Program:exit`;
 * the codemods run the same detectors and rewrite what they find.
 */
export interface Detector<Finding> {
  readonly listeners: Readonly<Record<string, (node: never) => void>>;
  finish(): Finding[];
}

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
