/**
 * Resolve, without a type checker: what the receiver of `recv.fullSync` is
 * (a class or object literal of the file, a class a relative module exports)
 * and the parameter lists (arities) of its members and of local functions.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { keyName, type Node, unwrap, parentOf } from '../../analysis/ast.js';
import { constantInit, resolveIdentifier, type Variable } from '../../analysis/scope.js';
import { type Arity, exportedClassMembers, type Members } from '../modules.js';
import type { SyncContext } from './context.js';
import type { Why } from './reasons.js';

type FunctionLike =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.TSEmptyBodyFunctionExpression
  | TSESTree.TSDeclareFunction;

export function arityOf(fn: { params: TSESTree.Parameter[] }): Arity {
  let required = 0;
  let total = 0;
  let rest = false;
  let optionalSeen = false;
  for (const param of fn.params) {
    const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
    if (inner.type === 'Identifier' && inner.name === 'this') continue;
    if (inner.type === 'RestElement') {
      rest = true;
      continue;
    }
    total += 1;
    const optional = inner.type === 'AssignmentPattern' || ('optional' in inner && inner.optional);
    if (optional) optionalSeen = true;
    else if (!optionalSeen) required += 1;
  }
  return { required, total, rest };
}

export function functionValue(node: Node | null | undefined): FunctionLike | null {
  if (!node) return null;
  const inner = unwrap(node);
  return inner.type === 'ArrowFunctionExpression' || inner.type === 'FunctionExpression' ? inner : null;
}

/** Members of a class body declared in the file. */
function classMembers(body: TSESTree.ClassBody, label: string): Members {
  return {
    label,
    arity(name) {
      let found: Arity | null | undefined;
      for (const member of body.body) {
        if (member.type === 'MethodDefinition' || member.type === 'TSAbstractMethodDefinition') {
          if (member.static || member.kind !== 'method' || keyName(member.key, member.computed) !== name) continue;
          found = arityOf(member.value);
        } else if (member.type === 'PropertyDefinition') {
          if (member.static || keyName(member.key, member.computed) !== name) continue;
          const fn = functionValue(member.value);
          found = fn ? arityOf(fn) : null;
        }
      }
      return found;
    },
  };
}

/** Members of an object literal. */
function objectMembers(object: TSESTree.ObjectExpression, label: string): Members | null {
  if (object.properties.some((property) => property.type === 'SpreadElement')) return null;
  return {
    label,
    arity(name) {
      let found: Arity | null | undefined;
      for (const property of object.properties) {
        if (property.type !== 'Property' || keyName(property.key, property.computed) !== name) continue;
        const fn = functionValue(property.value);
        found = fn ? arityOf(fn) : null;
      }
      return found;
    },
  };
}

function enclosingClassBody(node: Node): TSESTree.ClassBody | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'ClassBody') return current;
    // `this` inside a plain function is not the class instance
    if (current.type === 'FunctionExpression' && parentOf(current)?.type !== 'MethodDefinition') return null;
    if (current.type === 'FunctionDeclaration') return null;
  }
  return null;
}

function classLabel(body: TSESTree.ClassBody): string {
  const owner = body.parent;
  return 'id' in owner && owner.id ? `class ${owner.id.name}` : 'this class';
}

/** The members of a class that `new X()` creates: X declared here, or exported by a relative module. */
function constructedMembers(cx: SyncContext, callee: TSESTree.Identifier): { members: Members } | { why: Why } | null {
  const className = callee.name;
  const classVariable = resolveIdentifier(cx.analysis, callee);
  const def = classVariable?.defs[0];
  if (!def || classVariable.defs.length !== 1) return null;
  if (def.type === 'ClassName') {
    const body = (def.node as TSESTree.ClassDeclaration).body;
    return { members: classMembers(body, `class ${className}`) };
  }
  if (def.type !== 'ImportBinding' || def.node.type !== 'ImportSpecifier' || def.parent.type !== 'ImportDeclaration') {
    return null;
  }
  const imported = def.node.imported.type === 'Identifier' ? def.node.imported.name : def.node.imported.value;
  const specifier = def.parent.source.value;
  const module = cx.modules.resolve(cx.file, specifier);
  if (!module) return { why: { id: 'classModuleUnread', data: { className, specifier } } };
  const members = exportedClassMembers(module, imported);
  return members ? { members } : { why: { id: 'noExportedClass', data: { specifier, className: imported } } };
}

/** What the receiver of `recv.fullSync` is, when the file or an imported module shows it; else why it cannot be seen. */
export function receiverMembers(cx: SyncContext, receiver: TSESTree.Expression): { members: Members } | { why: Why } {
  const inner = unwrap(receiver);
  const unseen = {
    why: { id: 'receiverUnseen', data: { receiver: cx.text.slice(inner.range[0], inner.range[1]) } },
  } as const;
  if (inner.type === 'ThisExpression') {
    const body = enclosingClassBody(inner);
    return body ? { members: classMembers(body, classLabel(body)) } : unseen;
  }
  if (inner.type !== 'Identifier') return unseen;
  const variable = resolveIdentifier(cx.analysis, inner);
  const init = variable && constantInit(variable);
  if (!init) return unseen;
  const value = unwrap(init);
  if (value.type === 'ObjectExpression') {
    const members = objectMembers(value, `object ${inner.name}`);
    return members ? { members } : unseen;
  }
  if (value.type !== 'NewExpression' || value.callee.type !== 'Identifier') return unseen;
  return constructedMembers(cx, value.callee) ?? unseen;
}

/** The arity of a binding's function value; null when it is visibly something that may be a function (an import); undefined when it is not visibly a function. */
export function bindingArity(variable: Variable): Arity | null | undefined {
  const def = variable.defs[0];
  if (!def || variable.defs.length !== 1) return undefined;
  if (def.type === 'FunctionName') return arityOf(def.node);
  if (def.type === 'ImportBinding') return null;
  if (def.type === 'Variable' && def.node.id === def.name) {
    const fn = functionValue(def.node.init);
    return fn ? arityOf(fn) : undefined;
  }
  return undefined;
}
