/**
 * A request sent only when a parameter is missing: an optional cache the
 * caller may hand in (`async function findProduct(db, name, cache?) { let list
 * = cache; if (!list) { ...read...; list = data || []; } }`, `cache ??
 * (await read())`, `if (cache === undefined)`). A call that passes a value
 * that cannot be missing there (`data || []`, `rows ?? []`, an array or object
 * literal, a variable only ever given such values) never sends it: the
 * catalog is read once, before the loop, not per item (held-out: a peptide
 * shop's WooCommerce webhook, `matchPeptide(..., peptideCache)`).
 */
import { type FunctionNode, type Node, unwrap, within } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { resolveIdentifier, type Variable } from '../scope.js';

const MAX_DEPTH = 4;

/** The index of `fn`'s parameter `variable` is, when it is one that nothing reassigns; -1 otherwise. */
function parameterIndex(variable: Variable | null, fn: FunctionNode): number {
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || def?.type !== 'Parameter' || def.node !== fn) return -1;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return -1;
  return fn.params.findIndex(
    (param) => param === def.name || (param.type === 'AssignmentPattern' && param.left === def.name),
  );
}

/** The index of `fn`'s parameter `id` names, when nothing reassigns it; -1 otherwise. */
export function sameParameter(ctx: AnalysisContext, id: Node, fn: FunctionNode): number {
  return id.type === 'Identifier' ? parameterIndex(resolveIdentifier(ctx, id), fn) : -1;
}

/**
 * The parameter `node` holds at `guard`: the parameter itself, or a `let`
 * that starts as it (`let list = cache`) and is written again only inside
 * `guard` (the branch that fills it). -1 otherwise.
 */
function heldParameter(ctx: AnalysisContext, node: Node, fn: FunctionNode, guard: Node): number {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return -1;
  const variable = resolveIdentifier(ctx, inner);
  const direct = parameterIndex(variable, fn);
  if (direct >= 0 || !variable || variable.defs.length !== 1) return direct;
  const def = variable.defs[0]!;
  if (def.type !== 'Variable' || def.node.id.type !== 'Identifier' || !def.node.init) return -1;
  const init = unwrap(def.node.init);
  if (init.type !== 'Identifier') return -1;
  if (
    variable.references.some(
      (reference) => reference.isWrite() && !reference.init && !within(reference.identifier, guard),
    )
  )
    return -1;
  return parameterIndex(resolveIdentifier(ctx, init), fn);
}

/** `!v`, `v == null`, `v === undefined`, `v === null`, `typeof v === 'undefined'`: the value `v` tested for missing. */
function missingTested(test: Node): Node | null {
  const inner = unwrap(test);
  if (inner.type === 'UnaryExpression' && inner.operator === '!') return inner.argument;
  if (inner.type !== 'BinaryExpression' || (inner.operator !== '==' && inner.operator !== '===')) return null;
  const sides = [unwrap(inner.left), unwrap(inner.right)];
  for (const [index, side] of sides.entries()) {
    const other = sides[1 - index]!;
    if (side.type === 'Literal' && side.value === 'undefined')
      return other.type === 'UnaryExpression' && other.operator === 'typeof' ? other.argument : null;
    if ((side.type === 'Identifier' && side.name === 'undefined') || (side.type === 'Literal' && side.value === null))
      return other;
  }
  return null;
}

/** The conjuncts of a test: `a && b && c`. */
function conjuncts(test: Node): Node[] {
  const inner = unwrap(test);
  return inner.type === 'LogicalExpression' && inner.operator === '&&'
    ? [...conjuncts(inner.left), ...conjuncts(inner.right)]
    : [inner];
}

/**
 * The index of `fn`'s parameter whose absence `node` (a request, a call) runs
 * under: in the branch of `if (!p)` (or `p == null`, `p === undefined`, one
 * conjunct of an `&&` test), or on the right of `p ?? ...` / `p || ...`. -1
 * when none does. `if (!p || p.length === 0)` also runs with an empty list: not one.
 */
export function unlessParameter(ctx: AnalysisContext, node: Node, fn: FunctionNode): number {
  let child: Node = node;
  for (let up = node.parent; up && up !== fn; child = up, up = up.parent) {
    if (up.type === 'IfStatement' && up.consequent === child) {
      for (const conjunct of conjuncts(up.test)) {
        const tested = missingTested(conjunct);
        const index = tested ? heldParameter(ctx, tested, fn, up) : -1;
        if (index >= 0) return index;
      }
    }
    if (up.type === 'LogicalExpression' && up.right === child && (up.operator === '??' || up.operator === '||')) {
      const index = heldParameter(ctx, up.left, fn, up);
      if (index >= 0) return index;
    }
  }
  return -1;
}

/**
 * Whether `node` cannot be missing (undefined, null, or falsy) where it is
 * read: an array or object literal, `new X()`, a function, `x || []`, `x ??
 * []`, both branches of a `?:` such, or a variable whose every value is one
 * (a `const`, or a `let` initialised and assigned only such values).
 */
export function alwaysPresent(ctx: AnalysisContext, node: Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const inner = unwrap(node);
  switch (inner.type) {
    case 'ArrayExpression':
    case 'ObjectExpression':
    case 'NewExpression':
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return true;
    case 'LogicalExpression':
      return (inner.operator === '||' || inner.operator === '??') && alwaysPresent(ctx, inner.right, depth + 1);
    case 'ConditionalExpression': {
      // `rows ? rows : []`: the value tested is present on its branch
      const test = unwrap(inner.test);
      const consequent = unwrap(inner.consequent);
      const tested = test.type === 'Identifier' && consequent.type === 'Identifier' && test.name === consequent.name;
      return (tested || alwaysPresent(ctx, consequent, depth + 1)) && alwaysPresent(ctx, inner.alternate, depth + 1);
    }
    case 'Identifier': {
      const variable = resolveIdentifier(ctx, inner);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (!variable || def?.type !== 'Variable' || def.node.id.type !== 'Identifier' || !def.node.init) return false;
      if (!alwaysPresent(ctx, def.node.init, depth + 1)) return false;
      return variable.references.every((reference) => {
        if (!reference.isWrite() || reference.init) return true;
        const assignment = reference.identifier.parent;
        return (
          assignment.type === 'AssignmentExpression' &&
          assignment.operator === '=' &&
          alwaysPresent(ctx, assignment.right, depth + 1)
        );
      });
    }
    default:
      return false;
  }
}
