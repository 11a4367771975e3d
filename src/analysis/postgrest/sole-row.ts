/**
 * A first row read only when it is the only row the read gave: under a test
 * that there is at most one (`if (data?.length === 1) return data[0].id`,
 * `data.length !== 1 ? null : data[0]`), or after a statement that leaves
 * when there are more (`if (rows.length > 1) throw ambiguous; return rows[0]`).
 * With a page of n >= 2 rows and no offset (`.limit(2)`), such a row is the
 * one row the filter matches: how many rows come back, up to n, and that row
 * are the same in any order (row-use.ts, cursor-order.ts). With `.limit(1)` the
 * one row is any of them, and the test says nothing.
 *
 * Narrow: the test and the read name the same variable (`data`, or `res.data`
 * of the same `res`), which is never assigned after its declaration; a test
 * on anything else, or a read of the row anywhere the test does not guard,
 * is an ordinary read of the first row.
 */
import { memberName, type Node, unwrap } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { resolveIdentifier, type Variable } from '../scope.js';
import { alwaysLeaves } from './dead-branch.js';

/** `data`, or `data` of `res.data`: the variable and whether the rows are its `.data`. */
interface RowsName {
  variable: Variable;
  viaData: boolean;
}

/** A variable that holds one value all along: declared once, never assigned again. */
function steadyVariable(ctx: AnalysisContext, node: Node): Variable | null {
  if (node.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, node);
  if (!variable || variable.defs.length !== 1) return null;
  return variable.references.every((reference) => !reference.isWrite() || reference.init === true) ? variable : null;
}

/** `data ?? []`, `(data || []) as Row[]`: the same rows, or none. */
export function withoutEmptyDefault(node: Node): Node {
  let inner = unwrap(node);
  while (
    inner.type === 'LogicalExpression' &&
    (inner.operator === '??' || inner.operator === '||') &&
    inner.right.type === 'ArrayExpression' &&
    inner.right.elements.length === 0
  ) {
    inner = unwrap(inner.left);
  }
  return inner;
}

function rowsName(ctx: AnalysisContext, node: Node): RowsName | null {
  const inner = withoutEmptyDefault(node);
  if (inner.type === 'MemberExpression' && !inner.computed && memberName(inner) === 'data') {
    const variable = steadyVariable(ctx, unwrap(inner.object));
    return variable ? { variable, viaData: true } : null;
  }
  const variable = steadyVariable(ctx, inner);
  return variable ? { variable, viaData: false } : null;
}

const sameRows = (a: RowsName, b: RowsName): boolean => a.variable === b.variable && a.viaData === b.viaData;

/**
 * `rows.length`, `rows?.length`, `(rows ?? []).length`, `(rows?.length ?? 0)`:
 * the list whose count it is (`rows`, without its empty default), or null.
 */
export function lengthTarget(node: Node): Node | null {
  let inner = unwrap(node);
  while (
    inner.type === 'LogicalExpression' &&
    (inner.operator === '??' || inner.operator === '||') &&
    inner.right.type === 'Literal' &&
    inner.right.value === 0
  ) {
    inner = unwrap(inner.left);
  }
  if (inner.type !== 'MemberExpression' || inner.computed || memberName(inner) !== 'length') return null;
  return withoutEmptyDefault(inner.object);
}

/** The count of the same rows. */
function isLengthOf(ctx: AnalysisContext, node: Node, rows: RowsName): boolean {
  const target = lengthTarget(node);
  const name = target && rowsName(ctx, target);
  return !!name && sameRows(name, rows);
}

const NEGATED: Readonly<Record<string, string>> = {
  '===': '!==',
  '!==': '===',
  '==': '!=',
  '!=': '==',
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '<=': '>',
};
const FLIPPED: Readonly<Record<string, string>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

/** `n <op> k` holds only for a count of 0 or 1. */
function onlyZeroOrOne(op: string, k: number): boolean {
  if (op === '===' || op === '==') return k === 0 || k === 1;
  if (op === '<') return k <= 2;
  if (op === '<=') return k <= 1;
  return false;
}

/** Whether `test` coming out `when` means the rows are at most one. */
function atMostOne(ctx: AnalysisContext, test: Node, rows: RowsName, when: boolean): boolean {
  const inner = unwrap(test);
  if (inner.type === 'UnaryExpression' && inner.operator === '!') return atMostOne(ctx, inner.argument, rows, !when);
  if (inner.type === 'LogicalExpression' && inner.operator !== '??') {
    // `a && b` true, `a || b` false: both parts came out so; otherwise one of them did, which one unknown
    const both = (inner.operator === '&&') === when;
    const left = atMostOne(ctx, inner.left, rows, when);
    const right = atMostOne(ctx, inner.right, rows, when);
    return both ? left || right : left && right;
  }
  if (inner.type !== 'BinaryExpression' || inner.left.type === 'PrivateIdentifier') return false;
  const leftCount = isLengthOf(ctx, inner.left, rows);
  const other = unwrap(leftCount ? inner.right : inner.left);
  if (!leftCount && !isLengthOf(ctx, inner.right, rows)) return false;
  if (other.type !== 'Literal' || typeof other.value !== 'number') return false;
  const written = leftCount ? inner.operator : (FLIPPED[inner.operator] ?? inner.operator);
  const op = when ? written : NEGATED[written];
  return op !== undefined && onlyZeroOrOne(op, other.value);
}

/** An earlier statement of the list `if (rows.length !== 1) return null;`: past it, at most one row. */
function leftBefore(ctx: AnalysisContext, statements: readonly Node[], child: Node, rows: RowsName): boolean {
  for (const statement of statements) {
    if (statement === child) return false;
    if (statement.type === 'IfStatement' && alwaysLeaves(ctx, statement.consequent)) {
      if (atMostOne(ctx, statement.test, rows, false)) return true;
    }
  }
  return false;
}

/** Whether `child`, a part of `current`, runs only when the rows are at most one. */
function guardedAt(ctx: AnalysisContext, current: Node, child: Node, rows: RowsName): boolean {
  switch (current.type) {
    case 'IfStatement':
    case 'ConditionalExpression':
      if (child === current.consequent) return atMostOne(ctx, current.test, rows, true);
      return child === current.alternate && atMostOne(ctx, current.test, rows, false);
    case 'LogicalExpression':
      // `rows.length === 1 && rows[0].id`, `rows.length !== 1 || use(rows[0])`
      return (
        child === current.right &&
        current.operator !== '??' &&
        atMostOne(ctx, current.left, rows, current.operator === '&&')
      );
    case 'BlockStatement':
    case 'Program':
    case 'StaticBlock':
      return leftBefore(ctx, current.body, child, rows);
    case 'SwitchCase':
      return leftBefore(ctx, current.consequent, child, rows);
    default:
      return false;
  }
}

/**
 * Whether `read` (`rows[0]`, `rows.at(0)`) of the rows `rows` (the variable,
 * or `res.data`) runs only when there is at most one row (see above).
 */
export function readOnlyWhenSole(ctx: AnalysisContext, rows: Node, read: Node): boolean {
  const name = rowsName(ctx, rows);
  if (!name) return false;
  let child: Node = read;
  for (let current = read.parent; current; child = current, current = current.parent) {
    if (guardedAt(ctx, current, child, name)) return true;
    // past the scope that declares the rows, a test ran before they were there
    if (current === name.variable.scope.block) return false;
  }
  return false;
}
