/**
 * Code that can never run because a condition on its way is a constant the
 * file writes out: `const MANUALLY_DISTRIBUTE = false; ... if (MANUALLY_DISTRIBUTE) { ... }`,
 * `if (!BLOCKED && x)` with `const BLOCKED = true`. A request there is sent
 * by no run of the program, so it is no finding.
 *
 * Only `const` bindings initialised with `true` or `false` and never
 * written again count (scope.ts constantInit); a `let`, a parameter, an
 * import, an environment read or anything computed is unknown, and unknown
 * code is live.
 */
import { type Node, unwrap } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { constantInit, resolveIdentifier } from '../scope.js';

const MAX_DEPTH = 4;

/** The value a condition always has, when the file says so; null when it is not known. */
function constantTruth(ctx: AnalysisContext, node: Node, depth = 0): boolean | null {
  if (depth > MAX_DEPTH) return null;
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'boolean') return inner.value;
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    const init = variable && constantInit(variable);
    const declaration = variable?.defs[0]?.parent;
    if (!init || declaration?.type !== 'VariableDeclaration' || declaration.kind !== 'const') return null;
    const value = unwrap(init);
    return value.type === 'Literal' && typeof value.value === 'boolean' ? value.value : null;
  }
  if (inner.type === 'UnaryExpression' && inner.operator === '!') {
    const value = constantTruth(ctx, inner.argument, depth + 1);
    return value === null ? null : !value;
  }
  if (inner.type === 'LogicalExpression' && (inner.operator === '&&' || inner.operator === '||')) {
    const left = constantTruth(ctx, inner.left, depth + 1);
    const right = constantTruth(ctx, inner.right, depth + 1);
    if (inner.operator === '&&') return left === false || right === false ? false : left && right ? true : null;
    return left === true || right === true ? true : left === false && right === false ? false : null;
  }
  return null;
}

/**
 * Whether a statement always leaves the statements after it: `return`,
 * `throw`, `break`, `continue`, a block holding one, an `if` whose branch the
 * file's constant takes always leaves (or both branches do). A loop, a
 * `switch`, a `try` or a labelled statement is not looked into.
 */
export function alwaysLeaves(ctx: AnalysisContext, statement: Node, depth = 0): boolean {
  if (depth > MAX_DEPTH * 4) return false;
  switch (statement.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return true;
    case 'BlockStatement':
      return statement.body.some((inner) => alwaysLeaves(ctx, inner, depth + 1));
    case 'IfStatement': {
      const truth = constantTruth(ctx, statement.test);
      const consequent = alwaysLeaves(ctx, statement.consequent, depth + 1);
      const alternate = statement.alternate !== null && alwaysLeaves(ctx, statement.alternate, depth + 1);
      return truth === true ? consequent : truth === false ? alternate : consequent && alternate;
    }
    default:
      return false;
  }
}

/** Statements that run one after another: a block's, a program's, a `case`'s. */
function siblingsOf(parent: Node): readonly Node[] | null {
  if (parent.type === 'BlockStatement' || parent.type === 'Program') return parent.body;
  if (parent.type === 'SwitchCase') return parent.consequent;
  return null;
}

/**
 * Whether `node` sits in code that never runs: the consequent of an `if`
 * (or `?:`) whose test is always false, or its alternate when the test is
 * always true, or after a statement that always leaves (a `continue` under
 * `if (MANUALLY)` with `const MANUALLY = true`), up to the enclosing function.
 */
export function inDeadBranch(ctx: AnalysisContext, node: Node): boolean {
  let child: Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (
      parent.type === 'FunctionDeclaration' ||
      parent.type === 'FunctionExpression' ||
      parent.type === 'ArrowFunctionExpression'
    )
      return false;
    const siblings = siblingsOf(parent);
    if (siblings) {
      const index = siblings.indexOf(child);
      if (siblings.slice(0, Math.max(index, 0)).some((statement) => alwaysLeaves(ctx, statement))) return true;
    }
    if (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') {
      const branch = parent;
      if (child === branch.test) continue;
      const truth = constantTruth(ctx, branch.test);
      if (truth === false && child === branch.consequent) return true;
      if (truth === true && child === branch.alternate) return true;
    }
  }
  return false;
}
