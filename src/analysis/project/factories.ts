/**
 * A class's own factories: the static methods (and static getters) that hand
 * back the class's one shared instance (`SyncService.getInstance()`,
 * `Store.shared`), whatever they are named. A method called on what such a
 * factory returns is the class's own method: `SyncService.getInstance().pull()`
 * runs `SyncService.pull`. Recognised by what the method returns, never by its
 * name: every `return` of it (nested functions apart) gives `new C()`,
 * `new this()`, or a static field of the class (`C.instance`, `this.instance`)
 * that the class only ever fills with `new C()` / `new this()`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberName, type Node, subtree, unwrap } from '../ast.js';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** The factories of each named class declared at the top of a module (exported or not), by class name. */
export function classFactories(program: TSESTree.Program): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const statement of program.body) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
        ? statement.declaration
        : statement;
    if (declaration?.type !== 'ClassDeclaration' || !declaration.id) continue;
    const names = factoriesOf(declaration, declaration.id.name);
    if (names.length > 0) found[declaration.id.name] = names;
  }
  return found;
}

/** `X.f(...)` or `X.f` (a static getter): the class binding named and the member read on it; null for anything else. */
export function factoryAccess(node: Node): { classId: TSESTree.Identifier; factory: string } | null {
  let inner = unwrap(node);
  if (inner.type === 'AwaitExpression') return null;
  if (inner.type === 'CallExpression') {
    if (inner.arguments.length > 0) return null;
    inner = unwrap(inner.callee);
  }
  if (inner.type !== 'MemberExpression') return null;
  const object = unwrap(inner.object);
  const factory = memberName(inner);
  return object.type === 'Identifier' && factory !== null ? { classId: object, factory } : null;
}

function factoriesOf(cls: ClassNode, name: string): string[] {
  const shared = sharedFields(cls, name);
  const names: string[] = [];
  for (const member of cls.body.body) {
    if (member.type !== 'MethodDefinition' || !member.static || member.kind === 'set' || member.kind === 'constructor')
      continue;
    const key = member.computed ? null : member.key.type === 'Identifier' ? member.key.name : null;
    if (key === null) continue;
    const returns = ownReturns(member.value);
    if (returns.length > 0 && returns.every((value) => value !== null && handsInstance(value, name, shared)))
      names.push(key);
  }
  return names;
}

/** The values a function's own `return` statements give (nested functions apart); null for a bare `return`. */
function ownReturns(fn: TSESTree.FunctionExpression | TSESTree.TSEmptyBodyFunctionExpression): (Node | null)[] {
  if (!fn.body) return [];
  const values: (Node | null)[] = [];
  for (const node of subtree(fn.body, (child) => !isFunction(child))) {
    if (node.type === 'ReturnStatement') values.push(node.argument);
  }
  return values;
}

/** `new C()` / `new this()`. */
function makesInstance(node: Node, name: string): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'NewExpression') return false;
  const callee = unwrap(inner.callee);
  return (callee.type === 'Identifier' && callee.name === name) || callee.type === 'ThisExpression';
}

/** A static field read on the class (`C.x`, `this.x` in a static method): its name. */
function staticField(node: Node, name: string): string | null {
  const inner = unwrap(node);
  if (inner.type !== 'MemberExpression') return null;
  const object = unwrap(inner.object);
  const own = (object.type === 'Identifier' && object.name === name) || object.type === 'ThisExpression';
  return own ? memberName(inner) : null;
}

function handsInstance(value: Node, name: string, shared: ReadonlySet<string>): boolean {
  const inner = unwrap(value);
  if (makesInstance(inner, name)) return true;
  // return (C.instance ??= new C())
  if (inner.type === 'AssignmentExpression') {
    const field = staticField(inner.left, name);
    return field !== null && shared.has(field) && makesInstance(inner.right, name);
  }
  // return C.instance || (C.instance = new C())
  if (inner.type === 'LogicalExpression') {
    return handsInstance(inner.left, name, shared) && handsInstance(inner.right, name, shared);
  }
  const field = staticField(inner, name);
  return field !== null && shared.has(field);
}

/**
 * The static fields the class only ever fills with an instance of itself, at
 * least once: `static instance = new C()`, or `static instance: C` (or
 * `= null`, or no value) with every assignment to it in the class
 * `new C()` / `new this()` (or `null` / `undefined` again) and one at least.
 */
function sharedFields(cls: ClassNode, name: string): Set<string> {
  /** `empty`: declared with no value yet; `filled`: given an instance; `other`: given anything else. */
  const fields = new Map<string, 'empty' | 'filled' | 'other'>();
  const give = (field: string, value: Node) => {
    // emptied again (a reset for tests): it still holds nothing but the instance
    if (fields.get(field) === 'other' || isEmpty(value)) return;
    fields.set(field, makesInstance(value, name) ? 'filled' : 'other');
  };
  for (const member of cls.body.body) {
    if (member.type !== 'PropertyDefinition' || !member.static || member.computed) continue;
    if (member.key.type !== 'Identifier') continue;
    const value = member.value;
    fields.set(member.key.name, 'empty');
    if (value !== null) give(member.key.name, value);
  }
  for (const node of subtree(cls.body)) {
    if (node.type !== 'AssignmentExpression') continue;
    const field = staticField(node.left, name);
    if (field !== null && fields.has(field)) give(field, node.right);
  }
  return new Set([...fields].filter(([, state]) => state === 'filled').map(([field]) => field));
}

function isEmpty(value: Node): boolean {
  const inner = unwrap(value);
  return (
    (inner.type === 'Literal' && inner.value === null) || (inner.type === 'Identifier' && inner.name === 'undefined')
  );
}
