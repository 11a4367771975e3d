/**
 * Small AST predicates shared by every detector. They bail out early on node
 * shape and never throw on valid code.
 */
import type { TSESTree } from '@typescript-eslint/utils';

export type Node = TSESTree.Node;

/**
 * A node's parent, typed honestly: `TSESTree` declares `parent` non-null on every
 * node but the Program, yet it is undefined at the Program and on a detached node.
 */
export function parentOf(node: Node): Node | undefined {
  return node.parent;
}

/** Nodes that only change the static type or the optional-chain grouping of an expression. */
const TRANSPARENT = new Set<string>([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'ChainExpression',
]);

type Transparent =
  | TSESTree.TSAsExpression
  | TSESTree.TSSatisfiesExpression
  | TSESTree.TSNonNullExpression
  | TSESTree.TSTypeAssertion
  | TSESTree.ChainExpression;

export function isTransparent(node: Node | null | undefined): node is Transparent {
  return node != null && TRANSPARENT.has(node.type);
}

/** `(x as T)!` -> `x`: strips type-only wrappers and optional-chain grouping. */
export function unwrap(node: Node): Node {
  let current = node;
  while (isTransparent(current)) current = current.expression;
  return current;
}

/** The outermost wrapper around `node` that only wraps it in type-only nodes. */
/**
 * The node whose parent receives what a call gives: the call's outermost
 * wrapper, through \`void\` and \`await\` (\`void setup()\`, \`await setup()\`).
 */
export function resultHolder(call: Node): Node {
  let node: Node = outermost(call);
  while (
    node.parent &&
    ((node.parent.type === 'UnaryExpression' && node.parent.operator === 'void') ||
      node.parent.type === 'AwaitExpression')
  ) {
    node = outermost(node.parent);
  }
  return node;
}

export function outermost(node: Node): Node {
  let current = node;
  while (isTransparent(current.parent) && current.parent.expression === current) {
    current = current.parent;
  }
  return current;
}

/**
 * The value of a string literal or of a template literal without expressions,
 * also under type-only wrappers and parentheses (`'tasks' as any`,
 * `'tasks' satisfies TableName`, `('tasks')`, `<any>'tasks'`): still a literal.
 */
export function staticString(wrapped: Node | null | undefined): string | null {
  if (!wrapped) return null;
  const node = unwrap(wrapped);
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
    return node.quasis[0]?.value.cooked ?? null;
  }
  return null;
}

/** `a.b`, `a?.b`, `a['b']`, ``a[`b`]`` -> `'b'`; anything computed from a value -> null. */
export function memberName(node: TSESTree.MemberExpression): string | null {
  if (!node.computed) {
    return node.property.type === 'Identifier' ? node.property.name : null;
  }
  return staticString(node.property);
}

/** The name of a non-computed or string-keyed property / method key. */
export function keyName(key: Node, computed: boolean): string | null {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return computed ? staticString(key) : null;
}

export interface MethodCall {
  /** The call expression itself. */
  call: TSESTree.CallExpression;
  /** The member expression that is its callee (type wrappers removed). */
  member: TSESTree.MemberExpression;
  /** The method name. */
  name: string;
  /** The receiver: `a` in `a.b()`, type wrappers kept. */
  object: TSESTree.Expression;
}

/** `recv.name(...)` seen through `?.`, `!`, `as` and computed string keys. */
export function asMethodCall(node: Node): MethodCall | null {
  const call = unwrap(node);
  if (call.type !== 'CallExpression') return null;
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return null;
  const name = memberName(callee);
  if (name === null) return null;
  return { call, member: callee, name, object: callee.object };
}

/** Whether `inner` lies within `outer` (by source range; `outer` itself included). */
export function within(inner: Node, outer: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/**
 * If `node` is the receiver of a method call (`node.name(...)`), that call.
 * Returns `{ call: null }` for a plain property read (`node.name`).
 */
export function enclosingMethodCall(
  node: Node,
): { name: string | null; member: TSESTree.MemberExpression; call: TSESTree.CallExpression | null } | null {
  const outer = outermost(node);
  const parent = outer.parent;
  if (parent?.type !== 'MemberExpression' || parent.object !== outer) return null;
  const name = memberName(parent);
  const calleeOuter = outermost(parent);
  const grand = calleeOuter.parent;
  const call = grand?.type === 'CallExpression' && grand.callee === calleeOuter ? grand : null;
  return { name, member: parent, call };
}

export type FunctionNode =
  TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

export function isFunction(node: Node | null | undefined): node is FunctionNode {
  return (
    node?.type === 'ArrowFunctionExpression' ||
    node?.type === 'FunctionDeclaration' ||
    node?.type === 'FunctionExpression'
  );
}

export function enclosingFunction(node: Node): FunctionNode | null {
  let current = node.parent;
  while (current) {
    if (isFunction(current)) return current;
    current = current.parent;
  }
  return null;
}

/**
 * The name a function is known by: its own id, the method or property key it
 * is the value of, or the variable it initializes.
 */
export function functionName(fn: FunctionNode): string | null {
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) return fn.id.name;
  const parent = outermost(fn).parent;
  if (!parent) return null;
  switch (parent.type) {
    case 'MethodDefinition':
    case 'Property':
    case 'PropertyDefinition':
    case 'TSAbstractMethodDefinition':
      return keyName(parent.key, parent.computed);
    case 'VariableDeclarator':
      return parent.id.type === 'Identifier' ? parent.id.name : null;
    case 'AssignmentExpression':
      if (parent.left.type === 'Identifier') return parent.left.name;
      if (parent.left.type === 'MemberExpression') return memberName(parent.left);
      return null;
    default:
      return null;
  }
}

/** The nearest enclosing function that has a name, and that name. */
export function nearestNamedFunction(node: Node): { fn: FunctionNode; name: string } | null {
  let fn = enclosingFunction(node);
  while (fn) {
    const name = functionName(fn);
    if (name !== null) return { fn, name };
    fn = enclosingFunction(fn);
  }
  return null;
}

/**
 * True when `fn` is handed to a call: `f(() => ...)`, or the value of a
 * property of an object literal handed to a call: `useQuery({ queryFn: () => ... })`.
 */
export function isCallbackFunction(fn: FunctionNode): boolean {
  const outer = outermost(fn);
  const parent = outer.parent;
  if (!parent) return false;
  if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee !== outer) {
    return true;
  }
  if (parent.type === 'Property' && parent.value === outer) {
    const object = outermost(parent.parent);
    const holder = object.parent;
    return (holder?.type === 'CallExpression' || holder?.type === 'NewExpression') && holder.callee !== object;
  }
  return false;
}

/** `Promise.all([...])` and its siblings. */
export function isPromiseCombinator(node: Node | undefined): node is TSESTree.CallExpression {
  if (node?.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression') return false;
  const object = unwrap(callee.object);
  if (object.type !== 'Identifier' || object.name !== 'Promise') return false;
  const name = memberName(callee);
  return name === 'all' || name === 'allSettled' || name === 'race' || name === 'any';
}

/** The property named `name` of an object literal, when it is written out. */
export function objectProperty(node: Node | undefined, name: string): TSESTree.Property | null {
  if (node?.type !== 'ObjectExpression') return null;
  for (const property of node.properties) {
    if (property.type === 'Property' && keyName(property.key, property.computed) === name) return property;
  }
  return null;
}

/** From the method name to the end of the call: `limit(10)` in `q.limit(10)`, a precise place to report. */
export function methodLoc(call: TSESTree.CallExpression): TSESTree.SourceLocation {
  const callee = unwrap(call.callee);
  const start = callee.type === 'MemberExpression' ? callee.property.loc.start : callee.loc.start;
  return { start, end: call.loc.end };
}

/** Keys of a node that hold no child node: its parent, position, and the Program's token and comment lists. */
const NOT_CHILDREN: ReadonlySet<string> = new Set(['parent', 'range', 'loc', 'tokens', 'comments']);

/**
 * The child nodes of an ESTree node, in the order of the node's own keys
 * (not always source order: the parser may put a call's arguments before its
 * callee). `parent` is not a child, nor are the Program's tokens and comments.
 */
export function childNodes(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of Object.keys(node)) {
    if (NOT_CHILDREN.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof (item as Node).type === 'string') out.push(item as Node);
    } else if (value && typeof (value as Node).type === 'string') {
      out.push(value as Node);
    }
  }
  return out;
}

/**
 * `node` and every node below it, each parent before its children, children
 * in the order `childNodes` gives them. `descend(n)` false: `n` is yielded but
 * not entered (`(n) => !isFunction(n)` stays in one function body). The one
 * tree walker of the analysis and the codemods; it keeps its own stack, so a
 * deeply nested file does not overflow the call stack.
 */
export function* subtree(node: Node, descend: (node: Node) => boolean = () => true): Generator<Node> {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    yield current;
    if (!descend(current)) continue;
    const children = childNodes(current);
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]!);
  }
}

/**
 * The call that `fn` is handed to as its first argument, when the callee is
 * one of `names`, bare or as a method: `useEffect(fn, deps)`,
 * `React.useLayoutEffect(fn)`, `selectAllPages(() => query, ...)`.
 */
export function namedCallTaking(fn: FunctionNode, names: ReadonlySet<string>): TSESTree.CallExpression | null {
  const outer = outermost(fn);
  const call = outer.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== outer) return null;
  const callee = unwrap(call.callee);
  const name =
    callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
  return name !== null && names.has(name) ? call : null;
}

/** The `index`-th argument of a call, unless it is absent or spread (`f(...args)`). */
export function argumentAt(call: TSESTree.CallExpression, index: number): TSESTree.Expression | undefined {
  const arg = call.arguments[index];
  return arg && arg.type !== 'SpreadElement' ? arg : undefined;
}

/** `undefined`, `null`, `void x`: an expression that gives no value. */
export function isNoValue(node: Node): boolean {
  const value = unwrap(node);
  return (
    (value.type === 'Identifier' && value.name === 'undefined') ||
    (value.type === 'Literal' && value.value === null) ||
    (value.type === 'UnaryExpression' && value.operator === 'void')
  );
}

/** The statement types of loops. */
export const LOOPS: ReadonlySet<string> = new Set([
  'ForStatement',
  'ForOfStatement',
  'ForInStatement',
  'WhileStatement',
  'DoWhileStatement',
]);

/** Whether `node` (through type wrappers) is the literal `value` (`undefined`: the name `undefined`). */
export function isLiteralOf(node: Node, value: unknown): boolean {
  const inner = unwrap(node);
  if (value === undefined) return inner.type === 'Identifier' && inner.name === 'undefined';
  return inner.type === 'Literal' && inner.value === value;
}

/** `console.log(...)`, `console.error(...)`: a call of a method of `console`. */
export function isConsoleCall(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return false;
  const receiver = unwrap(callee.object);
  return receiver.type === 'Identifier' && receiver.name === 'console';
}

/** The innermost loop statement around `node` in its own function (not one around a function it is in), or null. */
export function loopInFunction(node: Node): Node | null {
  for (let current = node.parent; current && !isFunction(current); current = current.parent) {
    if (LOOPS.has(current.type)) return current;
  }
  return null;
}
