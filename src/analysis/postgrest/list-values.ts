/**
 * The values a list expression can hold, when the code writes each of them
 * out: a constant's initialiser, a property of a constant object literal
 * (any of its properties when the key is computed, `FEES[grade]`), a
 * parameter of a function only its module calls (not exported, every
 * reference a direct call: one call level) with each call's argument, and the
 * item a `for...of` takes from a written-out collection
 * (`for (const [table, columns] of Object.entries(SPEC))`: each value of
 * `SPEC`). What per-item.ts asks to decide that a loop walks a written-out
 * list, however it reaches the loop. Null when one of them is not known.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall, enclosingMethodCall, keyName, memberName, type Node, outermost, unwrap } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { constantInit, resolveIdentifier, type Variable } from '../scope.js';
import { parameterArguments } from './capped-list.js';

const MAX_DEPTH = 8;

/** Methods that add to or change a list in place. */
const MUTATORS = new Set(['push', 'unshift', 'splice', 'fill', 'add', 'set']);

/** Whether the code changes the list a variable holds in place (`rows.push(...)`). */
export function isChangedInPlace(variable: Variable | null): boolean {
  return (variable?.references ?? []).some((reference) => {
    const call = enclosingMethodCall(reference.identifier);
    return call !== null && call.call !== null && call.name !== null && MUTATORS.has(call.name);
  });
}

/** The value of `name` in an object literal, when it is written out there. */
export function propertyValue(object: Node, name: string | null): Node | null {
  if (name === null || object.type !== 'ObjectExpression') return null;
  for (const property of object.properties) {
    if (property.type === 'Property' && keyName(property.key, property.computed) === name) return property.value;
  }
  return null;
}

/** Every value of a list of possible values, or null when one is unknown. */
function all(lists: (Node[] | null)[]): Node[] | null {
  const out: Node[] = [];
  for (const list of lists) {
    if (list === null) return null;
    out.push(...list);
  }
  return out;
}

/** The items of written-out collections: an array literal's elements, an object literal's values. */
function itemsOf(collections: Node[] | null, values: boolean): Node[] | null {
  if (collections === null) return null;
  const out: Node[] = [];
  for (const collection of collections) {
    const inner = unwrap(collection);
    if (values && inner.type === 'ObjectExpression') {
      for (const property of inner.properties) {
        if (property.type !== 'Property') return null;
        out.push(property.value);
      }
    } else if (!values && inner.type === 'ArrayExpression') {
      for (const element of inner.elements) {
        if (element === null || element.type === 'SpreadElement') return null;
        out.push(element);
      }
    } else {
      return null;
    }
  }
  return out;
}

/**
 * What a `const` bound by a `for...of` takes: `v` in `for (const [k, v] of
 * Object.entries(X))` or `for (const v of Object.values(X))` (X's values), `x`
 * in `for (const x of LIST)` (LIST's elements).
 */
function walkedValues(ctx: AnalysisContext, variable: Variable, calls: number, depth: number): Node[] | null {
  const def = variable.defs[0]!;
  if (def.type !== 'Variable' || def.parent.kind !== 'const') return null;
  const loop = def.parent.parent;
  if (loop.type !== 'ForOfStatement' || loop.left !== def.parent) return null;
  const id = def.node.id;
  const call = asMethodCall(loop.right);
  const object = call && unwrap(call.object);
  const first = call?.call.arguments[0];
  if (call && object?.type === 'Identifier' && object.name === 'Object' && first && first.type !== 'SpreadElement') {
    const objects = possibleValues(ctx, first, calls, depth + 1);
    if (call.name === 'values' && id === def.name) return resolveAll(ctx, itemsOf(objects, true), calls, depth);
    const entry = id.type === 'ArrayPattern' && id.elements[1] === def.name;
    return call.name === 'entries' && entry ? resolveAll(ctx, itemsOf(objects, true), calls, depth) : null;
  }
  if (id !== def.name) return null;
  return resolveAll(ctx, itemsOf(possibleValues(ctx, loop.right, calls, depth + 1), false), calls, depth);
}

function resolveAll(ctx: AnalysisContext, nodes: Node[] | null, calls: number, depth: number): Node[] | null {
  return nodes === null ? null : all(nodes.map((node) => possibleValues(ctx, node, calls, depth + 1)));
}

/**
 * Whether the code changes a property of the object a variable holds: assigns
 * it (`X[k] = v`, `X.a += 1`, `delete X.a`) or changes it in place
 * (`X[k].push(v)`, `X.a.add(v)`).
 */
function propertyChanged(variable: Variable): boolean {
  return variable.references.some((reference) => {
    const held = outermost(reference.identifier);
    const member = held.parent;
    // `Object.assign(X, more)`: properties added or replaced
    if (member?.type === 'CallExpression' && member.arguments[0] === held) {
      const callee = unwrap(member.callee);
      return callee.type === 'MemberExpression' && memberName(callee) === 'assign';
    }
    if (member?.type !== 'MemberExpression' || member.object !== held) return false;
    const used = outermost(member);
    const parent = used.parent;
    if (
      (parent?.type === 'AssignmentExpression' && parent.left === used) ||
      (parent?.type === 'UpdateExpression' && parent.argument === used) ||
      (parent?.type === 'UnaryExpression' && parent.operator === 'delete' && parent.argument === used)
    )
      return true;
    const call = enclosingMethodCall(member);
    return call !== null && call.call !== null && call.name !== null && MUTATORS.has(call.name);
  });
}

/**
 * `FEES[grade]`, `STEPS[i]`: a property picked by a key computed from a value,
 * of a constant object or array literal whose properties nothing changes:
 * each value of the literal, whichever the key picks (a key it does not hold
 * gives undefined, or a method of Object's prototype, neither a list of items).
 */
function anyPropertyValues(
  ctx: AnalysisContext,
  member: TSESTree.MemberExpression,
  calls: number,
  depth: number,
): Node[] | null {
  const object = unwrap(member.object);
  if (object.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, object);
  if (!variable || propertyChanged(variable)) return null;
  const literals = possibleValues(ctx, object, calls, depth + 1);
  if (literals === null) return null;
  const values: Node[] = [];
  for (const literal of literals.map(unwrap)) {
    if (literal.type === 'ObjectExpression') {
      for (const property of literal.properties) {
        if (property.type !== 'Property') return null;
        values.push(property.value);
      }
    } else if (literal.type === 'ArrayExpression') {
      for (const element of literal.elements) {
        if (element === null || element.type === 'SpreadElement') return null;
        values.push(element);
      }
    } else {
      return null;
    }
  }
  return resolveAll(ctx, values, calls, depth);
}

/**
 * The values `node` may hold, each as the code writes it (an array or object
 * literal, a call, a literal); null when one may be anything else. `calls`:
 * the levels of callers left to follow for a parameter.
 */
export function possibleValues(ctx: AnalysisContext, node: Node, calls = 1, depth = 0): Node[] | null {
  if (depth > MAX_DEPTH) return null;
  const inner = unwrap(node);
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    if (!variable || variable.defs.length !== 1 || isChangedInPlace(variable)) return null;
    const init = constantInit(variable);
    if (init) return possibleValues(ctx, init, calls, depth + 1);
    const def = variable.defs[0]!;
    if (def.type === 'Parameter') {
      if (calls === 0 || variable.references.some((reference) => reference.isWrite())) return null;
      const args = parameterArguments(ctx, variable);
      return all(args.map((arg) => (arg ? possibleValues(ctx, arg, calls - 1, depth + 1) : null)));
    }
    return walkedValues(ctx, variable, calls, depth);
  }
  if (inner.type === 'MemberExpression') {
    const name = memberName(inner);
    if (unwrap(inner.object).type === 'ThisExpression') return null;
    if (name === null) return inner.computed ? anyPropertyValues(ctx, inner, calls, depth) : null;
    const objects = possibleValues(ctx, inner.object, calls, depth + 1);
    if (objects === null) return null;
    const out: Node[] = [];
    for (const object of objects) {
      const literal = unwrap(object);
      if (literal.type !== 'ObjectExpression' || literal.properties.some((p) => p.type !== 'Property')) return null;
      // an object without the property gives undefined: a loop over it throws before any request
      const value = propertyValue(literal, name);
      if (!value) continue;
      const values = possibleValues(ctx, value, calls, depth + 1);
      if (values === null) return null;
      out.push(...values);
    }
    return out;
  }
  return [inner];
}
