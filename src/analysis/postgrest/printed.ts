/**
 * Rows printed for a person: whether a value read from the rows (the list,
 * one row, a field of one) goes nowhere but into what a `console` method
 * prints. What is printed decides nothing the code does: a probe, a debug
 * line, the sample a check script shows.
 *
 * The value is followed up through what only builds text or a value from it
 * (a field, a template or `+`, `||`/`??`/`? :`, `JSON.stringify`, `String`,
 * `Object.keys/values/entries`, `Array.isArray`, a string or array method such
 * as `slice` or `join`, an object or array literal), through each element of a
 * `forEach`/`map`/`filter` callback written in place and what it returns, a
 * local variable every read of which is so followed, a `for...of` binding, and
 * an `if` whose branches only print; each path must end as an argument of a
 * `console` method. Anything else (a field returned, stored, compared for a
 * decision, written or sent, a callback passed by name) reads the value.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  enclosingFunction,
  isConsoleCall,
  isFunction,
  memberName,
  type Node,
  outermost,
  subtree,
  unwrap,
} from '../ast.js';
import { resolveIdentifier } from '../scope.js';
import type { AnalysisContext } from '../detector.js';

/** Nodes that act beyond the value an expression gives: a call, a write, a wait. */
export const EFFECTS: ReadonlySet<string> = new Set([
  'CallExpression',
  'NewExpression',
  'AssignmentExpression',
  'UpdateExpression',
  'AwaitExpression',
  'YieldExpression',
  'TaggedTemplateExpression',
]);

/** Methods of a string, number, date or array that compute a value from it and change nothing. */
const VALUE_METHODS: ReadonlySet<string> = new Set([
  'slice',
  'substring',
  'substr',
  'toFixed',
  'toString',
  'toUpperCase',
  'toLowerCase',
  'trim',
  'padStart',
  'padEnd',
  'join',
  'split',
  'includes',
  'startsWith',
  'endsWith',
  'toISOString',
  'toLocaleString',
  'toLocaleDateString',
  'toLocaleTimeString',
]);

/** Global functions whose value is made of their arguments alone: `JSON.stringify(row)`, `Object.keys(row)`. */
const VALUE_FUNCTIONS: Readonly<Record<string, readonly string[]>> = {
  JSON: ['stringify'],
  Object: ['keys', 'values', 'entries'],
  Array: ['isArray'],
};

/** Array methods whose callback gets each element: forEach drops what it returns, map and filter build a list of it. */
const ELEMENT_WALKS: ReadonlySet<string> = new Set(['forEach', 'map', 'filter']);

const MAX_DEPTH = 16;

/**
 * `JSON.stringify(x, null, 2)`, `String(x)`, `Object.keys(x)`, `id.slice(0, 8)`, `keys.join(', ')`: a call
 * that builds a value from what it is given and changes nothing (no function among its arguments).
 */
function isValueCall(call: TSESTree.CallExpression): boolean {
  if (call.arguments.some((arg) => isFunction(unwrap(arg)))) return false;
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') return callee.name === 'String';
  if (callee.type !== 'MemberExpression') return false;
  const name = memberName(callee);
  if (name === null) return false;
  const receiver = unwrap(callee.object);
  const global = receiver.type === 'Identifier' ? VALUE_FUNCTIONS[receiver.name] : undefined;
  return global ? global.includes(name) : VALUE_METHODS.has(name);
}

/** Whether evaluating `node` may act beyond the value it gives (a call other than a value call, a write, a wait). */
function hasEffects(node: Node): boolean {
  return [...subtree(node)].some(
    (inner) =>
      (EFFECTS.has(inner.type) && !(inner.type === 'CallExpression' && isValueCall(inner))) ||
      (inner.type === 'UnaryExpression' && inner.operator === 'delete'),
  );
}

/** `if (value !== null) console.log(...)`: a statement that does nothing but print (arguments with no effects). */
function printsOnly(statement: TSESTree.Statement | null): boolean {
  if (!statement) return true;
  switch (statement.type) {
    case 'BlockStatement':
      return statement.body.every(printsOnly);
    case 'EmptyStatement':
      return true;
    case 'ExpressionStatement': {
      const call = unwrap(statement.expression);
      return call.type === 'CallExpression' && isConsoleCall(call) && !call.arguments.some(hasEffects);
    }
    case 'IfStatement':
      return !hasEffects(statement.test) && printsOnly(statement.consequent) && printsOnly(statement.alternate);
    default:
      return false;
  }
}

/** The identifiers a parameter or a binding pattern declares (`r`, `{ name, id }`, `[key, value]`), or null for one it cannot read. */
function boundNames(pattern: Node): TSESTree.Identifier[] | null {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern];
    case 'AssignmentPattern':
      return boundNames(pattern.left);
    case 'RestElement':
      return boundNames(pattern.argument);
    case 'ArrayPattern': {
      const names: TSESTree.Identifier[] = [];
      for (const element of pattern.elements) {
        const inner = element ? boundNames(element) : [];
        if (!inner) return null;
        names.push(...inner);
      }
      return names;
    }
    case 'ObjectPattern': {
      const names: TSESTree.Identifier[] = [];
      for (const property of pattern.properties) {
        const inner = boundNames(property.type === 'Property' ? property.value : property);
        if (!inner) return null;
        names.push(...inner);
      }
      return names;
    }
    default:
      return null;
  }
}

/**
 * Every read of what `pattern` binds is only printed, and something is (a binding never read, as in
 * `for (const m of rows) await notify()`, prints nothing: the rows drive what the loop does); it is
 * written nowhere but where it is declared.
 */
function bindingsPrinted(ctx: AnalysisContext, pattern: Node, depth: number): boolean {
  const names = boundNames(pattern);
  if (!names) return false;
  let printed = false;
  const each = names.every((name) => {
    const variable = resolveIdentifier(ctx, name);
    if (!variable) return false;
    // `export const shown = ...`: other modules may read it
    if (variable.defs.some((def) => def.type === 'Variable' && def.parent.parent.type === 'ExportNamedDeclaration'))
      return false;
    return variable.references.every((reference) => {
      const declared = names.some((id) => id === reference.identifier);
      if (reference.isWrite() && reference.init !== true && !declared) return false;
      if (!reference.isRead()) return true;
      printed = true;
      return isLogged(ctx, reference.identifier, depth + 1);
    });
  });
  return each && printed;
}

/** `rows.forEach((r) => ...)`, `rows.map(fn)`: the call that walks a list with `fn`, a function written in place. */
function walkOf(fn: Node): { call: TSESTree.CallExpression; name: string } | null {
  const call = outermost(fn).parent;
  if (call?.type !== 'CallExpression' || call.arguments.length !== 1 || call.arguments[0] !== outermost(fn))
    return null;
  const callee = unwrap(call.callee);
  const name = callee.type === 'MemberExpression' ? memberName(callee) : null;
  return name !== null && ELEMENT_WALKS.has(name) ? { call, name } : null;
}

/**
 * What a callback walking a list returns: dropped by `forEach`; the elements of `map`'s list, or the
 * test of which elements `filter` keeps, so followed as that list is.
 */
function returnedPrinted(ctx: AnalysisContext, fn: Node | null, depth: number): boolean {
  const walk = fn && isFunction(fn) ? walkOf(fn) : null;
  if (!walk) return false;
  return walk.name === 'forEach' || isLogged(ctx, walk.call, depth + 1);
}

/**
 * `value.name`, `value.id.slice(0, 8)`, `value.forEach((r) => ...)`, `value.map((r) => ...)`: a field of the
 * value, a value method's result, or each element walked by a callback written in place (its first
 * parameter, the element; the second, the index, is no row) and the list it builds.
 */
function memberPrinted(ctx: AnalysisContext, member: TSESTree.MemberExpression, depth: number): boolean {
  const outer = outermost(member);
  const call = outer.parent;
  if (call?.type !== 'CallExpression' || call.callee !== outer) return isLogged(ctx, member, depth + 1);
  const name = memberName(member);
  if (name !== null && VALUE_METHODS.has(name) && isValueCall(call)) return isLogged(ctx, call, depth + 1);
  const callback = call.arguments[0] ? unwrap(call.arguments[0]) : null;
  if (!callback || !isFunction(callback) || walkOf(callback)?.call !== call || callback.params.length > 2) return false;
  const element = callback.params[0];
  if (element && !bindingsPrinted(ctx, element, depth)) return false;
  return name === 'forEach' || isLogged(ctx, call, depth + 1);
}

/**
 * Whether the value at `node` is only printed for a person: `console.log(data)`,
 * `console.log('probe', { data, error })`, `` console.log(`got ${JSON.stringify(data)}`) ``,
 * `console.log(Object.keys(data[0]).join(', '))`, `` data.forEach((r) => console.log(`- ${r.name}`)) ``,
 * `console.table(data.map((r) => ({ id: r.id.slice(0, 8) })))`.
 */
export function isLogged(ctx: AnalysisContext, node: Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const outer = outermost(node);
  const parent = outer.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'CallExpression':
      if (parent.callee === outer) return false;
      if (isConsoleCall(parent)) return true;
      return parent.arguments[0] === outer && isValueCall(parent) && isLogged(ctx, parent, depth + 1);
    case 'TemplateLiteral':
    case 'BinaryExpression':
    case 'ArrayExpression':
      return isLogged(ctx, parent, depth + 1);
    case 'UnaryExpression':
      return parent.operator !== 'delete' && isLogged(ctx, parent, depth + 1);
    // `a || b`, `t ? a : b`: the value decides only which of the others is printed, when they do nothing else
    case 'LogicalExpression':
      return (parent.left !== outer || !hasEffects(parent.right)) && isLogged(ctx, parent, depth + 1);
    case 'ConditionalExpression':
      return (
        (parent.test !== outer || (!hasEffects(parent.consequent) && !hasEffects(parent.alternate))) &&
        isLogged(ctx, parent, depth + 1)
      );
    case 'Property':
      return (
        parent.value === outer && parent.parent.type === 'ObjectExpression' && isLogged(ctx, parent.parent, depth + 1)
      );
    case 'SpreadElement': {
      const holder = parent.parent;
      if (holder.type === 'CallExpression') return isConsoleCall(holder);
      return (
        (holder.type === 'ArrayExpression' || holder.type === 'ObjectExpression') && isLogged(ctx, holder, depth + 1)
      );
    }
    case 'MemberExpression':
      return parent.object === outer && memberPrinted(ctx, parent, depth);
    case 'ArrowFunctionExpression':
      return parent.body === outer && returnedPrinted(ctx, parent, depth);
    case 'ReturnStatement':
      return returnedPrinted(ctx, enclosingFunction(parent), depth);
    case 'VariableDeclarator':
      return parent.init === outer && bindingsPrinted(ctx, parent.id, depth);
    case 'ForOfStatement':
      return (
        parent.right === outer &&
        parent.left.type === 'VariableDeclaration' &&
        parent.left.declarations.length === 1 &&
        bindingsPrinted(ctx, parent.left.declarations[0].id, depth)
      );
    case 'IfStatement':
      return parent.test === outer && printsOnly(parent.consequent) && printsOnly(parent.alternate);
    default:
      return false;
  }
}
