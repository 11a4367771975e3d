/**
 * The scope questions the detectors ask, answered through an AnalysisContext
 * (detector.ts): ESLint's scope manager in a rule, the same from the Linter
 * that runs the detectors for the codemods and the audit.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from './detector.js';
import { type FunctionNode, isFunction, keyName, memberName, type Node, staticString, unwrap } from './ast.js';

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

/** Whether a property of the variable's value is ever assigned (`T.x = v`, `T['x'] = v`, `delete T.x`). */
function propertyWritten(variable: Variable): boolean {
  return variable.references.some((reference) => {
    const member = reference.identifier.parent;
    if (member.type !== 'MemberExpression' || member.object !== reference.identifier) return false;
    const parent = member.parent;
    return (
      (parent.type === 'AssignmentExpression' && parent.left === member) ||
      (parent.type === 'UpdateExpression' && parent.argument === member) ||
      (parent.type === 'UnaryExpression' && parent.operator === 'delete')
    );
  });
}

/**
 * What a module exports as a value written out: `export const ROOMS = 'rooms'`
 * or `export const MAX = 3` (one), or `export const TABLES = { rooms: 'rooms' }
 * as const` whose properties no code of the module changes, or an enum of
 * string or number members (values by key). The module's facts carry it
 * (project/facts.ts ExportFact): a table's name, a cap.
 */
export type ExportedText =
  { kind: 'string'; value: string | number } | { kind: 'strings'; values: Record<string, string | number> };

/** A string or a number as the code writes it: `'rooms'`, `` `rooms` ``, `3`. */
function writtenValue(node: Node | null | undefined): string | number | null {
  const text = staticString(node);
  if (text !== null || !node) return text;
  const inner = unwrap(node);
  if (inner.type === 'UnaryExpression' && (inner.operator === '-' || inner.operator === '+')) {
    const value = writtenValue(inner.argument);
    return typeof value === 'number' ? (inner.operator === '-' ? -value : value) : null;
  }
  return inner.type === 'Literal' && typeof inner.value === 'number' ? inner.value : null;
}

/** What a module-level variable holds as text written out, for its module's export facts; null for anything else. */
export function exportedText(variable: Variable): ExportedText | null {
  const def = variable.defs.length === 1 ? variable.defs[0]! : null;
  if (def?.type === 'TSEnumName') {
    const values: Record<string, string | number> = {};
    for (const member of def.node.body.members) {
      const name = member.id.type === 'Identifier' ? member.id.name : staticString(member.id);
      const value = member.initializer ? writtenValue(member.initializer) : null;
      if (name === null || value === null) return null;
      values[name] = value;
    }
    return { kind: 'strings', values };
  }
  const init = constantInit(variable);
  if (!init) return null;
  const value = writtenValue(init);
  if (value !== null) return { kind: 'string', value };
  const object = unwrap(init);
  if (object.type !== 'ObjectExpression' || propertyWritten(variable)) return null;
  // the properties written out as values (a key of another kind is not known: not among them; the last wins)
  const written = new Map<string, string | number | null>();
  for (const property of object.properties) {
    if (property.type !== 'Property') return null;
    const key = keyName(property.key, property.computed);
    if (key === null) return null;
    written.set(key, writtenValue(property.value));
  }
  const values: Record<string, string | number> = {};
  for (const [key, value] of written) if (value !== null) values[key] = value;
  return Object.keys(values).length > 0 ? { kind: 'strings', values } : null;
}

/** A binding of an import (`import { T } from './tables'`, `import * as C`, `require`): its value is another module's. */
function isImported(variable: Variable): boolean {
  const def = variable.defs.length === 1 ? variable.defs[0]! : null;
  if (def?.type === 'ImportBinding') return true;
  const init = def?.type === 'Variable' ? def.node.init : null;
  return init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require';
}

/** Per file (its AnalysisContext): the value an imported binding (or its property `key`) stands for in its module. */
const importedValue = new WeakMap<
  AnalysisContext,
  (variable: Variable, key: string | null) => string | number | null
>();

/**
 * Lets constantString and constantValue follow a binding imported from another module of the
 * project: the rule shell gives each file the project's lookup (one way per
 * file: the first given is kept).
 */
export function followImportedValues(
  ctx: AnalysisContext,
  lookup: (variable: Variable, key: string | null) => string | number | null,
): void {
  if (!importedValue.has(ctx)) importedValue.set(ctx, lookup);
}

/**
 * The string or number a name written in the code stands for: a literal, a constant of
 * this file initialized with one (`const ROOMS_TABLE = 'rooms'`), a string
 * property of a constant object literal no code changes (`TABLES.rooms` of
 * `const TABLES = { rooms: 'rooms' } as const`), or a member of an enum of
 * the file, or the same imported from another module when the rule shell
 * gives the file a way to read its imports (followImportedValues); null for
 * anything else (a value computed at run time).
 */
export function constantValue(ctx: AnalysisContext, node: Node | null | undefined, depth = 0): string | number | null {
  if (!node) return null;
  const literal = writtenValue(node);
  if (literal !== null || depth >= 4) return literal;
  const inner = unwrap(node);
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    const init = variable && constantInit(variable);
    if (init) return constantValue(ctx, init, depth + 1);
    return variable && isImported(variable) ? (importedValue.get(ctx)?.(variable, null) ?? null) : null;
  }
  if (inner.type !== 'MemberExpression' || inner.object.type !== 'Identifier') return null;
  const key = memberName(inner);
  const variable = key === null ? null : resolveIdentifier(ctx, inner.object);
  if (variable && isImported(variable)) return importedValue.get(ctx)?.(variable, key) ?? null;
  // a member of a TypeScript enum of the file (`enum Tables { Rooms = 'rooms' }`, `Tables.Rooms`)
  const enumDef = variable?.defs.length === 1 && variable.defs[0]!.type === 'TSEnumName' ? variable.defs[0]! : null;
  if (enumDef?.node.type === 'TSEnumDeclaration') {
    const member = enumDef.node.body.members.find(
      (m) => (m.id.type === 'Identifier' ? m.id.name : staticString(m.id)) === key,
    );
    return member?.initializer ? writtenValue(member.initializer) : null;
  }
  const init = variable && constantInit(variable);
  const object = init && unwrap(init);
  if (object?.type !== 'ObjectExpression' || propertyWritten(variable!)) return null;
  // the last property of that key wins; a spread before it may hold the key too
  let value: Node | null = null;
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') value = null;
    else if (keyName(property.key, property.computed) === key) value = property.value;
  }
  return value ? constantValue(ctx, value, depth + 1) : null;
}

/** constantValue when it is a string. */
export function constantString(ctx: AnalysisContext, node: Node | null | undefined): string | null {
  const value = constantValue(ctx, node);
  return typeof value === 'string' ? value : null;
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
