/**
 * Dispatch chains: code that picks one of several operations by a field of a
 * value (`switch (action.type) { case 'notify': ...; case 'move': ... }`, an
 * `if (tool.name === 'a') ... else if (tool.name === 'b') ...` chain, or a
 * run of `if (tool.name === 'a') return runA(tool);` statements). Each branch
 * is the code one value of the field runs. Whether the branches send
 * different requests is decided by the caller (the function facts compose
 * what each branch sends; no-query-in-loop compares what its findings send):
 * this file only finds the chains and their branches, by shape.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, type Node, subtree, unwrap } from '../ast.js';

/** One chain: the field it tests (as written), and the source range of each branch. */
export interface DispatchChain {
  /** The tested expression (`action.type`, `name`), whose base identifier the caller judged. */
  subject: TSESTree.Identifier;
  branches: Branch[];
}

/** A branch's source range, and its first and last positions (1-based line, 0-based column). */
export interface Branch {
  range: [number, number];
  start: { line: number; column: number };
  end: { line: number; column: number };
}

/** `x.kind`, `x?.kind`, `x['kind']`, or `x` itself: the identifier whose field (or value) is tested. */
function subjectOf(node: Node): { base: TSESTree.Identifier; text: string } | null {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return { base: inner, text: inner.name };
  if (inner.type !== 'MemberExpression') return null;
  const object = unwrap(inner.object);
  if (object.type !== 'Identifier') return null;
  if (inner.computed && !(inner.property.type === 'Literal' && typeof inner.property.value === 'string')) return null;
  const field =
    inner.property.type === 'Identifier' && !inner.computed
      ? inner.property.name
      : String((inner.property as TSESTree.Literal).value);
  return { base: object, text: `${object.name}.${field}` };
}

function isCaseLiteral(node: Node | null | undefined): node is TSESTree.Literal {
  const inner = node && unwrap(node);
  return inner?.type === 'Literal' && (typeof inner.value === 'string' || typeof inner.value === 'number');
}

/**
 * `S === 'a'`, `'a' == S`, `S === 'a' || S === 'b'`: the subject tested and
 * the literals it is compared with; null for any other test.
 */
function literalTest(test: Node): { base: TSESTree.Identifier; text: string; values: unknown[] } | null {
  const inner = unwrap(test);
  if (inner.type === 'LogicalExpression' && inner.operator === '||') {
    const left = literalTest(inner.left);
    const right = literalTest(inner.right);
    if (!left || !right || left.text !== right.text) return null;
    return { ...left, values: [...left.values, ...right.values] };
  }
  if (inner.type !== 'BinaryExpression' || (inner.operator !== '===' && inner.operator !== '==')) return null;
  const [literal, other] = isCaseLiteral(inner.right) ? [inner.right, inner.left] : [inner.left, inner.right];
  if (!isCaseLiteral(literal)) return null;
  const subject = subjectOf(other);
  return subject && { ...subject, values: [literal.value] };
}

/** Whether a statement always leaves the code after it (its last statement returns or throws). */
function exits(statement: Node): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  if (statement.type === 'BlockStatement') {
    const last = statement.body[statement.body.length - 1];
    return last !== undefined && exits(last);
  }
  return false;
}

function span(first: Node, last: Node = first): Branch {
  return {
    range: [first.range[0], last.range[1]],
    start: { line: first.loc.start.line, column: first.loc.start.column },
    end: { line: last.loc.end.line, column: last.loc.end.column },
  };
}

/** A chain needs two values of the field at least, each with a branch of its own. */
function chain(subject: TSESTree.Identifier, values: unknown[], branches: Branch[]): DispatchChain | null {
  return new Set(values).size >= 2 && branches.length >= 2 ? { subject, branches } : null;
}

function switchChain(node: TSESTree.SwitchStatement): DispatchChain | null {
  const subject = subjectOf(node.discriminant);
  if (!subject || !node.cases.every((clause) => clause.test === null || isCaseLiteral(clause.test))) return null;
  const values = node.cases.flatMap((clause) => (clause.test ? [(clause.test as TSESTree.Literal).value] : []));
  const branches = node.cases.filter((clause) => clause.consequent.length > 0).map((clause) => span(clause));
  return chain(subject.base, values, branches);
}

/** `if (S === 'a') ... else if (S === 'b') ... else ...`, from its first `if`. */
function elseChain(node: TSESTree.IfStatement): DispatchChain | null {
  const first = literalTest(node.test);
  if (!first) return null;
  const values: unknown[] = [];
  const branches: Branch[] = [];
  let current: TSESTree.Statement | null = node;
  while (current?.type === 'IfStatement') {
    const test = literalTest(current.test);
    if (!test || test.text !== first.text) return null;
    values.push(...test.values);
    branches.push(span(current.consequent));
    current = current.alternate;
  }
  if (current) branches.push(span(current));
  return chain(first.base, values, branches);
}

/**
 * A run of `if (S === 'a') return ...;` statements in one block, each of
 * which leaves: its branches, and the statements after the run (what every
 * other value runs).
 */
function runChains(block: TSESTree.Statement[]): DispatchChain[] {
  const found: DispatchChain[] = [];
  let i = 0;
  while (i < block.length) {
    const start = block[i]!;
    const first =
      start.type === 'IfStatement' && !start.alternate && exits(start.consequent) && literalTest(start.test);
    if (!first) {
      i++;
      continue;
    }
    const values: unknown[] = [];
    const branches: Branch[] = [];
    let j = i;
    for (; j < block.length; j++) {
      const statement = block[j]!;
      const test = statement.type === 'IfStatement' && !statement.alternate && literalTest(statement.test);
      if (!test || test.text !== first.text || !exits(statement.consequent)) break;
      values.push(...test.values);
      branches.push(span(statement.consequent));
    }
    const rest = block.slice(j);
    if (rest.length > 0) branches.push(span(rest[0]!, rest[rest.length - 1]));
    const made = j - i >= 2 ? chain(first.base, values, branches) : null;
    if (made) found.push(made);
    i = j;
  }
  return found;
}

/**
 * The dispatch chains inside `root` (not inside the functions it holds,
 * other than callbacks run in it: `inner` decides which functions to enter),
 * whose subject `isSubject` accepts.
 */
export function dispatchChains(
  root: Node,
  isSubject: (subject: TSESTree.Identifier) => boolean,
  inner: (fn: Node) => boolean = () => false,
): DispatchChain[] {
  const found: DispatchChain[] = [];
  const descend = (node: Node) => node === root || !isFunction(node) || inner(node);
  for (const node of subtree(root, descend)) {
    let made: DispatchChain[] = [];
    if (node.type === 'SwitchStatement') made = [switchChain(node)].filter((c) => c !== null);
    else if (node.type === 'IfStatement' && node.parent.type !== 'IfStatement')
      made = [elseChain(node)].filter((c) => c !== null);
    else if (node.type === 'BlockStatement' || node.type === 'Program') made = runChains(node.body);
    else if (node.type === 'SwitchCase') made = runChains(node.consequent);
    found.push(...made.filter((c) => isSubject(c.subject)));
  }
  return found;
}

/**
 * Request signatures (`insert:orders`) per branch: the branches send different
 * requests when two non-empty sets differ and they reach two tables (or rpc
 * functions) at least. Branches that only change one table in different ways
 * (`insert` a new row, `update` a changed one, `delete` a removed one) are a
 * queue of changes to that table: one request per kind of change does them all.
 */
export function sendsDifferentRequests(branches: readonly ReadonlySet<string>[]): boolean {
  const sending = branches.filter((set) => set.size > 0);
  const sent = new Set(sending.map((set) => [...set].sort().join('|')));
  if (sent.size < 2) return false;
  // a table named at run time (`?`) counts as one more: `from(table)` beside `from('events')` may be another
  const tables = new Set(
    sending.flatMap((set) => [...set].map((signature) => signature.slice(signature.indexOf(':') + 1))),
  );
  return tables.size >= 2;
}
