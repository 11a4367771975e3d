/**
 * Where a file's delta sync is: the functions and methods declared under the
 * replacement's name (no-full-sync's `replacement`, `deltaSync` by default),
 * the places that call it or hand it on (a timer, an effect, an event), and
 * the functions of the same module it calls (`this.pullMessages()`,
 * `applyChanges(rows)`), whose reads are the delta sync's reads too.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { childNodes, type FunctionNode, functionName, isFunction, memberName, type Node, unwrap } from '../ast.js';
import { resolveIdentifier } from '../scope.js';
import type { AnalysisContext } from '../detector.js';

export interface DeltaSyncScope {
  /** Functions and methods named as the replacement. */
  declarations: FunctionNode[];
  /** Calls of the replacement, and references handed on to be called, except a declaration calling itself. */
  uses: TSESTree.Node[];
  /** The declarations and the functions of this module they call, transitively. */
  functions: FunctionNode[];
}

const MAX_FUNCTIONS = 64;

/** `name` in `name(...)`, `x.name(...)`, `x?.['name'](...)`. */
function calleeName(callee: Node): string | null {
  const inner = unwrap(callee);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'MemberExpression') return memberName(inner);
  return null;
}

/** Whether `node` (an Identifier or MemberExpression naming the replacement) is a call or is handed on. */
function isUse(node: Node): TSESTree.Node | null {
  let outer: Node = node;
  while (outer.parent && (outer.parent.type === 'ChainExpression' || outer.parent.type === 'TSNonNullExpression')) {
    outer = outer.parent;
  }
  const parent = outer.parent;
  if (!parent) return null;
  // svc.deltaSync.bind(svc): the bound function is handed on
  if (parent.type === 'MemberExpression' && parent.object === outer && memberName(parent) === 'bind') {
    return isUse(parent) ?? parent;
  }
  switch (parent.type) {
    case 'CallExpression':
    case 'NewExpression':
      return parent.callee === outer || parent.arguments.includes(outer as TSESTree.Expression) ? parent : null;
    case 'JSXExpressionContainer':
    case 'ArrayExpression':
    case 'AwaitExpression':
      return outer;
    case 'Property':
      return parent.value === outer && parent.parent.type === 'ObjectExpression' ? outer : null;
    case 'AssignmentExpression':
      return parent.right === outer ? outer : null;
    case 'VariableDeclarator':
      return parent.init === outer ? outer : null;
    default:
      return null;
  }
}

/** `deltaSync` or `this.deltaSync`: inside a declaration, the declaration calling itself (a retry), not a caller. */
function isSelfReference(node: Node): boolean {
  if (node.type === 'Identifier') return true;
  return node.type === 'MemberExpression' && unwrap(node.object).type === 'ThisExpression';
}

function inside(node: Node, fns: readonly FunctionNode[]): boolean {
  return fns.some((fn) => node.range[0] >= fn.range[0] && node.range[1] <= fn.range[1]);
}

/** The method named `name` of the class or object literal that holds `fn`. */
function siblingMethod(fn: FunctionNode, name: string): FunctionNode | null {
  for (let node: Node | undefined = fn.parent; node; node = node.parent) {
    if (node.type !== 'ClassBody' && node.type !== 'ObjectExpression') continue;
    const members = node.type === 'ClassBody' ? node.body : node.properties;
    for (const member of members) {
      if (member.type !== 'MethodDefinition' && member.type !== 'Property' && member.type !== 'PropertyDefinition') {
        continue;
      }
      const value = member.value;
      if (value && isFunction(value) && functionName(value) === name) return value;
    }
    return null;
  }
  return null;
}

/** The function a bare call `name(...)` runs, when the file declares it. */
function declaredFunction(ctx: AnalysisContext, id: TSESTree.Identifier): FunctionNode | null {
  const def = resolveIdentifier(ctx, id)?.defs[0];
  if (!def) return null;
  if (def.type === 'FunctionName' && isFunction(def.node)) return def.node;
  if (def.type === 'Variable' && def.node.init) {
    const init = unwrap(def.node.init);
    if (isFunction(init)) return init;
  }
  return null;
}

/**
 * The delta sync of a file. `skip` names functions whose reads are not the
 * delta sync's (the full syncs it falls back to on a first run).
 */
export function findDeltaSync(
  ctx: AnalysisContext,
  program: TSESTree.Program,
  replacement: string,
  skip: ReadonlySet<string>,
): DeltaSyncScope {
  const declarations: FunctionNode[] = [];
  const named: Node[] = [];
  const calls: TSESTree.CallExpression[] = [];
  const visit = (node: Node): void => {
    if (isFunction(node) && functionName(node) === replacement) declarations.push(node);
    if (node.type === 'CallExpression') calls.push(node);
    if (node.type === 'Identifier' && node.name === replacement) named.push(node);
    if (node.type === 'MemberExpression' && memberName(node) === replacement) named.push(node);
    for (const child of childNodes(node)) visit(child);
  };
  visit(program);

  const uses: TSESTree.Node[] = [];
  for (const node of named) {
    // the property of `x.deltaSync` is reported through the member
    if (node.parent?.type === 'MemberExpression' && node.parent.property === node && !node.parent.computed) continue;
    const use = isUse(node);
    if (use && !(isSelfReference(node) && inside(use, declarations)) && !uses.includes(use)) uses.push(use);
  }

  const functions = [...declarations];
  for (let index = 0; index < functions.length && functions.length < MAX_FUNCTIONS; index += 1) {
    const fn = functions[index]!;
    for (const call of calls) {
      if (call.range[0] < fn.range[0] || call.range[1] > fn.range[1]) continue;
      const name = calleeName(call.callee);
      if (name === null || skip.has(name) || name === replacement) continue;
      const callee = unwrap(call.callee);
      let target: FunctionNode | null = null;
      if (callee.type === 'MemberExpression' && unwrap(callee.object).type === 'ThisExpression') {
        target = siblingMethod(fn, name);
      } else if (callee.type === 'Identifier') {
        target = declaredFunction(ctx, callee);
      }
      if (target && !functions.includes(target)) functions.push(target);
    }
  }
  return { declarations, uses: uses.sort((a, b) => a.range[0] - b.range[0]), functions };
}
