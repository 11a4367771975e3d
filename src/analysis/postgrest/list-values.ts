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
import {
  asMethodCall,
  enclosingMethodCall,
  keyName,
  memberName,
  type Node,
  isFunction,
  outermost,
  unwrap,
  within,
} from '../ast.js';
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

/** Whether `call` calls the function `setter` holds: `setForm(next)`. */
function isSetterCall(call: TSESTree.CallExpression, setter: Variable): boolean {
  const callee = unwrap(call.callee);
  return callee.type === 'Identifier' && setter.references.some((reference) => reference.identifier === callee);
}

/** `useState(x)`, `React.useState(x)`. */
function isUseState(node: Node | null): node is TSESTree.CallExpression {
  if (node?.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee);
  const name =
    callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
  return name === 'useState';
}

/** The object literal a function returns: `(f) => ({ ...f, a: v })`, `function (f) { return { ... }; }`. */
function returnedObject(fn: Node): TSESTree.ObjectExpression | null {
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return null;
  if (fn.body.type !== 'BlockStatement') {
    const body = unwrap(fn.body);
    return body.type === 'ObjectExpression' ? body : null;
  }
  const [only] = fn.body.body;
  const value = fn.body.body.length === 1 && only?.type === 'ReturnStatement' && only.argument && unwrap(only.argument);
  return value && value.type === 'ObjectExpression' ? value : null;
}

/**
 * Whether an object literal has only keys written out, beside spreads of an
 * object of the same keys (`spreads`: the state, an updater's parameter):
 * `{ ...form, fee: v }`. A computed key (`[k]: v`) may be any key.
 */
function keepsKeys(ctx: AnalysisContext, object: TSESTree.ObjectExpression, spreads: readonly Variable[]): boolean {
  return object.properties.every((property) => {
    if (property.type === 'Property') return keyName(property.key, property.computed) !== null || !property.computed;
    const spread = unwrap(property.argument);
    const variable = spread.type === 'Identifier' ? resolveIdentifier(ctx, spread) : null;
    return variable !== null && spreads.includes(variable);
  });
}

/** `if (k in copy) copy[k] = v`: a computed key `member` writes under a test that `copy` already holds it. */
function writesHeldKey(ctx: AnalysisContext, member: TSESTree.MemberExpression, copy: Variable): boolean {
  const key = ctx.text.slice(...unwrap(member.property).range);
  for (let node: Node | undefined = member.parent; node && !isBoundary(node); node = node.parent) {
    if (node.type !== 'IfStatement' || !within(member, node.consequent)) continue;
    const test = unwrap(node.test);
    if (test.type !== 'BinaryExpression' || test.operator !== 'in') continue;
    const holder = unwrap(test.right);
    if (
      holder.type === 'Identifier' &&
      resolveIdentifier(ctx, holder) === copy &&
      ctx.text.slice(...unwrap(test.left).range) === key
    )
      return true;
  }
  return false;
}

/** Where a key's text stops naming the same binding: a function (its parameters may shadow), the program. */
function isBoundary(node: Node): boolean {
  return isFunction(node) || node.type === 'Program';
}

/**
 * `const next = { ...form }` then `next.fee = v` or `if (k in next) next[k] =
 * v`, handed to the setter: a copy of the state whose every write is to a key
 * it holds or one written out, and that nothing else changes.
 */
function isKeyKeepingCopy(ctx: AnalysisContext, id: TSESTree.Identifier, state: Variable, setter: Variable): boolean {
  const copy = resolveIdentifier(ctx, id);
  const init = copy && constantInit(copy);
  if (!copy || init?.type !== 'ObjectExpression' || !keepsKeys(ctx, init, [state])) return false;
  return copy.references.every((reference) => {
    if (reference.init) return true;
    const held = outermost(reference.identifier);
    const member = held.parent;
    // handed to the setter, spread, or tested for a key; anything else (`Object.assign(next, row)`) may add keys
    if (member?.type === 'CallExpression') return member.arguments.length === 1 && isSetterCall(member, setter);
    if (member?.type === 'SpreadElement' || member?.type === 'TSTypeQuery') return true;
    if (member?.type === 'BinaryExpression') return member.operator === 'in' && member.right === held;
    if (member?.type !== 'MemberExpression' || member.object !== held) return false;
    const used = outermost(member);
    const parent = used.parent;
    if (parent?.type === 'AssignmentExpression' && parent.left === used)
      return memberName(member) !== null || writesHeldKey(ctx, member, copy);
    if (
      (parent?.type === 'UpdateExpression' && parent.argument === used) ||
      (parent?.type === 'UnaryExpression' && parent.operator === 'delete')
    )
      return false;
    const call = enclosingMethodCall(member);
    return !(call?.call && call.name !== null && MUTATORS.has(call.name));
  });
}

/**
 * React state of fixed keys: `const [form, setForm] = useState({ fee: '1',
 * days: '7' })` (or `useState(() => ({ ... }))`), nothing changes a property
 * of it in place, and every use of the setter is a call that gives an object
 * of keys written out beside spreads of the state: `setForm({ ...form, fee: v
 * })`, `setForm((f) => ({ ...f, days: v }))`, or a copy of the state written
 * only under keys it holds (isKeyKeepingCopy). Its keys (`Object.entries(form)`)
 * are a written-out list. A computed key (`setForm({ ...form, [k]: v })`), a
 * setter handed on as a value, or a value from elsewhere (`setForm(row)`) may
 * add any key.
 */
export function isFixedKeyState(ctx: AnalysisContext, variable: Variable): boolean {
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || def?.type !== 'Variable') return false;
  const pattern = def.node.id;
  if (pattern.type !== 'ArrayPattern' || pattern.elements[0] !== def.name) return false;
  const setterId = pattern.elements[1];
  const init = def.node.init;
  if (setterId?.type !== 'Identifier' || pattern.elements.length !== 2 || !isUseState(init)) return false;
  const first = init.arguments[0] && unwrap(init.arguments[0]);
  const initial = first?.type === 'ObjectExpression' ? first : first ? returnedObject(first) : null;
  if (!initial || !keepsKeys(ctx, initial, []) || propertyChanged(variable)) return false;
  const setter = resolveIdentifier(ctx, setterId);
  if (!setter || setter.defs.length !== 1) return false;
  return setter.references.every((reference) => {
    if (reference.init) return true;
    const callee = outermost(reference.identifier);
    const call = callee.parent;
    if (call?.type !== 'CallExpression' || call.callee !== callee || call.arguments.length !== 1) return false;
    const value = unwrap(call.arguments[0]!);
    if (value.type === 'ObjectExpression') return keepsKeys(ctx, value, [variable]);
    if (value.type === 'Identifier') return isKeyKeepingCopy(ctx, value, variable, setter);
    const returned = returnedObject(value);
    if (!returned || (value.type !== 'ArrowFunctionExpression' && value.type !== 'FunctionExpression')) return false;
    const param = value.params[0];
    const previous = param?.type === 'Identifier' ? resolveIdentifier(ctx, param) : null;
    return keepsKeys(ctx, returned, previous ? [variable, previous] : [variable]);
  });
}
