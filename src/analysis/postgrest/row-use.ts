/**
 * What the code does with the rows a read returns, followed from every place
 * the request is sent to every use of its `data`:
 *
 * - `none`: the rows are never looked at (only `error`, `count` or `status`
 *   is read, `data` is destructured and unused, or only tested for null,
 *   `expect(data).toBeDefined()`, `Array.isArray(data)`);
 * - `existence`: only whether there is a row (`data.length > 0`,
 *   `!!data?.length`, `(data || []).length === 0`, `if (data?.[0])`: the
 *   first row tested, not read; `Object.keys(data[0])`: its columns; a test's
 *   `expect(data).toEqual([])`, `expect(data.length).toBe(0)`: assertions.ts);
 * - `count`: only how many rows there are (`setTotal(data.length)`,
 *   `expect(data).toHaveLength(3)`);
 *   a copy mapped one for one by a callback that only builds a value
 *   (`const shown = data.map((r) => ({ ...r }))`) is used as the rows are;
 * - `first-row`: the first row's fields (`data[0].name`, `const [first] = data`);
 *   with the count as well (`data.length === 1 && data[0].id`), `rows`, in an
 *   order that decides nothing when every page holds two rows or more
 *   (`.limit(2)`, asked by the caller: `soleIsUnique`) and the first row is
 *   read only when it is the only one (sole-row.ts);
 * - `rows`: the rows themselves (iterated, handed on, returned, stored), or
 *   anything the analysis cannot follow.
 *
 * The order of the rows matters only for `first-row` and `rows`, unless every
 * use takes the rows at random (`data.sort(() => Math.random() - 0.5)`,
 * `faker.helpers.arrayElement(data)`, lodash's `sample`: random-pick.ts) or
 * prints them for a person (`console.log(data)`, `console.log('x', { data })`,
 * `data.forEach((r) => console.log(r.name))`, `console.log(JSON.stringify(data[0]))`:
 * printed.ts; every row is shown, in whatever order, and the code decides
 * nothing by it: a first row only printed stays `first-row` for a page bound,
 * with an order that decides nothing); a page bound changes the answer of
 * `count` but not of `existence` or `none`.
 *
 * A response is followed through `.then`, a conditional, local variables, a
 * `Promise.all` (also nested, and its answers held in one list), a
 * `Promise.allSettled` (each outcome's `value`) and a list of responses read
 * through array callbacks (`[a, b].find((r) => r.error)`); a list of answers
 * dropped or only counted reads no row.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  isLiteralOf,
  isPromiseCombinator,
  keyName,
  memberName,
  type Node,
  outermost,
  subtree,
  unwrap,
} from '../ast.js';
import { resolveIdentifier, type Variable } from '../scope.js';
import type { AnalysisContext } from '../detector.js';
import { directExecutions, type Execution, type QueryUse } from './query-use.js';
import { isNoRowsResponseAssertion, isPresenceMatcher, isZeroAssertion, rowsAssertion } from './assertions.js';
import { isTakenAtRandom } from './random-pick.js';
import { EFFECTS, isLogged } from './printed.js';
import { readOnlyWhenSole } from './sole-row.js';

export type RowUse = 'none' | 'existence' | 'count' | 'first-row' | 'rows';

const RANK: Readonly<Record<RowUse, number>> = { none: 0, existence: 1, count: 2, 'first-row': 3, rows: 4 };

export interface RowUseFacts {
  /** The most the code uses of the rows, over every place the request is sent. */
  use: RowUse;
  /**
   * Whether the code tests `data` itself (`if (!data)`, `data === null`): a
   * HEAD request answers `data: null`, so such code behaves differently with
   * `head: true` even when it never reads a row.
   */
  dataTested: boolean;
  /**
   * `first-row` or `rows`: whether some use may depend on the order the rows
   * came in; false when every use shuffles them (`data.sort(() => Math.random()
   * - 0.5)`: the code asks for any rows, in a random order) or only prints them
   * (`console.log(JSON.stringify(data[0]))`).
   */
  orderedRows: boolean;
}

/** Collects the uses found, keeping the most. */
class Uses {
  use: RowUse = 'none';
  dataTested = false;
  orderedRows = false;
  /** Some use reads the first row for more than printing it. */
  orderedFirst = false;

  /** Whether a first row read only when it is the only row (sole-row.ts) is the one row the filter matches. */
  constructor(readonly soleIsUnique: boolean) {}

  /**
   * A use; `orderFree`: the first row, only printed for a person
   * (`console.log(JSON.stringify(data[0]))`), or read only when it is the one
   * row the filter matches (`if (data.length === 1) return data[0].id` of a `.limit(2)`).
   */
  add(use: RowUse, orderFree = false): void {
    // how many rows and the first one's fields (`data.length === 1 && data[0].name`): a page bound changes the
    // count and an order the first row, so it is every row, in order, that the code reads
    const both = new Set([use, this.use]);
    const counted = both.has('count') && both.has('first-row');
    const next = counted ? 'rows' : use;
    if (use === 'first-row' && !orderFree) this.orderedFirst = true;
    // the first row's fields beside rows taken at random: which row is first is still the order's
    const firstBesideRows = counted || (use === 'first-row' && this.use === 'rows');
    if (use === 'rows' || (firstBesideRows && this.orderedFirst)) this.orderedRows = true;
    if (RANK[next] > RANK[this.use]) this.use = next;
  }

  /** Every row read, in an order that decides nothing: taken at random, or printed for a person. */
  anyOrder(): void {
    if (this.use === 'first-row' && this.orderedFirst) this.orderedRows = true;
    if (RANK.rows > RANK[this.use]) this.use = 'rows';
  }

  /** The first row's use (firstRowUse), only printed or not; `sole`: read only when it is the only row. */
  addFirst(use: RowUse | 'printed', sole: boolean): void {
    if (use === 'printed' || (use === 'first-row' && sole && this.soleIsUnique)) this.add('first-row', true);
    else this.add(use);
  }
}

/** `if (x)`, `x ? a : b`, `!x`, `Boolean(x)`, `x && y`: the value of `node` decides a test and goes nowhere else. */
function isTested(node: Node): boolean {
  const outer = outermost(node);
  const parent = outer.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'IfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ForStatement':
    case 'ConditionalExpression':
      return parent.test === outer;
    case 'UnaryExpression':
      return parent.operator === '!';
    case 'CallExpression': {
      const callee = unwrap(parent.callee);
      return callee.type === 'Identifier' && callee.name === 'Boolean' && parent.arguments[0] === outer;
    }
    case 'LogicalExpression':
      // `x && y` gives y whenever x is a value; `x || y` and `x ?? y` give x itself: tested only if the whole is
      if (parent.operator === '&&' && parent.left === outer) return true;
      return isTested(parent);
    default:
      return false;
  }
}

const EQUALITY = new Set(['===', '!==', '==', '!=']);

/** `x === null`, `x != undefined`: a test for a missing value. */
function isNullTest(node: Node): boolean {
  const outer = outermost(node);
  const parent = outer.parent;
  if (parent?.type !== 'BinaryExpression' || !EQUALITY.has(parent.operator)) return false;
  const other = parent.left === outer ? parent.right : parent.left;
  return isLiteralOf(other, null) || isLiteralOf(other, undefined);
}

/** `(n ?? 0)`, `(n || 0)`: the same number, with 0 for a missing one. */
function withZeroDefault(node: Node): Node {
  let outer = outermost(node);
  while (
    outer.parent?.type === 'LogicalExpression' &&
    (outer.parent.operator === '??' || outer.parent.operator === '||') &&
    outer.parent.left === outer &&
    isLiteralOf(outer.parent.right, 0)
  ) {
    outer = outermost(outer.parent);
  }
  return outer;
}

/** `n > 0`, `n === 0`, `0 < n`, `n >= 1`, `n < 1`, `(n ?? 0) > 0`: whether there is a row, not how many. */
function isZeroTest(node: Node): boolean {
  const outer = withZeroDefault(node);
  const parent = outer.parent;
  if (parent?.type !== 'BinaryExpression') return false;
  const left = parent.left === outer;
  const other = left ? parent.right : parent.left;
  // read the comparison as `n <op> k`
  const flipped: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
  const op = left ? parent.operator : (flipped[parent.operator] ?? parent.operator);
  if (isLiteralOf(other, 0)) return ['>', '<=', '===', '!==', '==', '!='].includes(op);
  if (isLiteralOf(other, 1)) return op === '>=' || op === '<';
  return false;
}

/** `data.length`: a test of whether there is a row (also asserted: `expect(data.length).toBe(0)`), or a count. */
function lengthUse(ctx: AnalysisContext, length: Node): RowUse {
  const outer = withZeroDefault(length);
  return isTested(outer) || isZeroTest(length) || isZeroAssertion(ctx, outer) ? 'existence' : 'count';
}

/** `Object.keys(node)`, `Array.isArray(node)`: `node` is the one argument of `object.method(...)`, a method of those named. */
function isArgumentOf(node: Node, object: string, methods: readonly string[]): boolean {
  const outer = outermost(node);
  const call = outer.parent;
  if (call?.type !== 'CallExpression' || call.arguments.length !== 1 || call.arguments[0] !== outer) return false;
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return false;
  const receiver = unwrap(callee.object);
  const name = memberName(callee);
  return receiver.type === 'Identifier' && receiver.name === object && name !== null && methods.includes(name);
}

/**
 * `Object.keys(row)`, `'col' in row`, `Object.hasOwn(row, 'col')`,
 * `Object.prototype.hasOwnProperty.call(row, 'col')`, `row.hasOwnProperty('col')`:
 * which columns the row has, which every row of the read shares.
 */
function isColumnProbe(node: Node): boolean {
  if (isArgumentOf(node, 'Object', ['keys'])) return true;
  const outer = outermost(node);
  const parent = outer.parent;
  if (parent?.type === 'BinaryExpression' && parent.operator === 'in' && parent.right === outer) return true;
  if (parent?.type === 'MemberExpression' && parent.object === outer && memberName(parent) === 'hasOwnProperty') {
    const call = outermost(parent).parent;
    return call?.type === 'CallExpression' && call.callee === outermost(parent) && call.arguments.length === 1;
  }
  if (parent?.type !== 'CallExpression' || parent.arguments[0] !== outer || parent.arguments.length !== 2) return false;
  const callee = unwrap(parent.callee);
  if (callee.type !== 'MemberExpression') return false;
  const receiver = unwrap(callee.object);
  // `Object.hasOwn(row, k)`
  if (memberName(callee) === 'hasOwn') return receiver.type === 'Identifier' && receiver.name === 'Object';
  // `Object.prototype.hasOwnProperty.call(row, k)`, `{}.hasOwnProperty.call(row, k)`
  return (
    memberName(callee) === 'call' && receiver.type === 'MemberExpression' && memberName(receiver) === 'hasOwnProperty'
  );
}

/**
 * `data[0]`, `data.at(0)`: the first row, tested or read; only its columns
 * probed (isColumnProbe), also through a conditional (`data.length ? data[0] :
 * null`) and a local variable that holds it, reads nothing any row would not
 * answer the same; only printed for a person (`console.log(JSON.stringify(data[0],
 * null, 2))`: printed.ts), it is read, in an order that decides nothing.
 */
function firstRowUse(ctx: AnalysisContext, first: Node): RowUse | 'printed' {
  if (isColumnProbe(first) || isTested(first) || isNullTest(first)) return 'existence';
  if (isLogged(ctx, first)) return 'printed';
  const outer = outermost(first);
  const parent = outer.parent;
  // `cond ? data[0] : null`, `data[0] ?? null`: the row, or a value that is no row
  if (parent?.type === 'ConditionalExpression' && parent.test !== outer) return firstRowUse(ctx, parent);
  if (parent?.type === 'LogicalExpression' && parent.left === outer && parent.operator !== '&&')
    return firstRowUse(ctx, parent);
  if (parent?.type !== 'VariableDeclarator' || parent.init !== outer || parent.id.type !== 'Identifier')
    return 'first-row';
  const variable = resolveIdentifier(ctx, parent.id);
  if (!variable || isExported(variable)) return 'first-row';
  const reads = variable.references.filter((reference) => reference.isRead());
  const writes = variable.references.filter((reference) => reference.isWrite() && reference.init !== true);
  if (writes.length > 0) return 'first-row';
  // `const sample = data[0]`, then `Object.keys(sample)` and `console.log(JSON.stringify(sample))`
  const uses = reads.map((reference) => firstRowUse(ctx, reference.identifier));
  if (!uses.every((use) => use === 'existence' || use === 'printed')) return 'first-row';
  return uses.includes('printed') ? 'printed' : 'existence';
}

/**
 * `expect(data).toBeDefined()`, `expect(data).not.toBeNull()`, `Array.isArray(data)`:
 * whether there is a value, and of which kind, not what the rows hold.
 */
function isPresenceTest(node: Node): boolean {
  return isArgumentOf(node, 'Array', ['isArray']) || isPresenceMatcher(node);
}

function isZeroIndex(member: TSESTree.MemberExpression): boolean {
  return member.computed && isLiteralOf(member.property, 0);
}

/** `const [first] = data`: only the first element. */
function arrayPatternUse(pattern: TSESTree.ArrayPattern): RowUse {
  const [first, ...others] = pattern.elements;
  if (others.some((element) => element !== null)) return 'rows';
  if (!first) return 'none';
  return first.type === 'RestElement' ? 'rows' : 'first-row';
}

/** `data || []`, `data ?? []`, `(data ?? []) as Row[]`: the same rows, or none. */
function withEmptyDefault(node: Node): Node {
  let outer = outermost(node);
  while (
    outer.parent?.type === 'LogicalExpression' &&
    (outer.parent.operator === '??' || outer.parent.operator === '||') &&
    outer.parent.left === outer &&
    unwrap(outer.parent.right).type === 'ArrayExpression' &&
    (unwrap(outer.parent.right) as TSESTree.ArrayExpression).elements.length === 0
  ) {
    outer = outermost(outer.parent);
  }
  return outer;
}

/**
 * `const shown = data.map((row) => ({ ...row }))`, `data?.map(fn) || []`: a
 * row for each row, by a callback written in place that only builds a value;
 * the variable it is stored in, when it is a local one.
 */
function mappedRows(parent: TSESTree.MemberExpression): TSESTree.Identifier | null {
  const call = outermost(parent).parent;
  if (memberName(parent) !== 'map' || call?.type !== 'CallExpression' || call.callee !== outermost(parent)) return null;
  const callback = call.arguments.length === 1 ? unwrap(call.arguments[0]!) : null;
  if (callback?.type !== 'ArrowFunctionExpression' && callback?.type !== 'FunctionExpression') return null;
  const acts = (node: Node) =>
    EFFECTS.has(node.type) || (node.type === 'UnaryExpression' && node.operator === 'delete');
  if ([...subtree(callback.body)].some(acts)) return null;
  const stored = withEmptyDefault(call).parent;
  return stored?.type === 'VariableDeclarator' &&
    stored.init === withEmptyDefault(call) &&
    stored.id.type === 'Identifier'
    ? stored.id
    : null;
}

/** One place `data` is used (the variable read, or `res.data`). */
function dataUse(ctx: AnalysisContext, node: Node, uses: Uses): void {
  const outer = withEmptyDefault(node);
  const parent = outer.parent;
  // shuffled, sampled or indexed at random: any rows serve, in any order
  if (isTakenAtRandom(ctx, outer)) {
    uses.anyOrder();
    return;
  }
  if (parent?.type === 'MemberExpression' && parent.object === outer) {
    if (memberName(parent) === 'length') {
      uses.add(lengthUse(ctx, parent));
      return;
    }
    if (isZeroIndex(parent)) {
      uses.addFirst(firstRowUse(ctx, parent), readOnlyWhenSole(ctx, node, parent));
      return;
    }
    // the rows mapped one for one: what is done with the copy is done with the rows
    const mapped = mappedRows(parent);
    if (mapped) {
      dataVariableUse(ctx, mapped, uses);
      return;
    }
    const call = outermost(parent).parent;
    if (
      memberName(parent) === 'at' &&
      call?.type === 'CallExpression' &&
      call.callee === outermost(parent) &&
      call.arguments.length === 1 &&
      isLiteralOf(call.arguments[0]!, 0)
    ) {
      uses.addFirst(firstRowUse(ctx, call), readOnlyWhenSole(ctx, node, call));
      return;
    }
    // `data.forEach((r) => console.log(`- ${r.name}`))`, `console.table(data.map(...))`: only printed
    if (isLogged(ctx, outer)) uses.anyOrder();
    else uses.add('rows');
    return;
  }
  if (isTested(outer) || isNullTest(outer) || isPresenceTest(outer)) {
    uses.dataTested = true;
    return;
  }
  // `expect(data).toEqual([])`, `expect(data).toHaveLength(2)`: no row, or how many
  const asserted = rowsAssertion(ctx, outer);
  if (asserted) {
    uses.dataTested = true;
    uses.add(asserted);
    return;
  }
  if (isLogged(ctx, outer)) {
    uses.anyOrder();
    return;
  }
  if (parent?.type === 'VariableDeclarator' && parent.init === outer && parent.id.type === 'ArrayPattern') {
    uses.add(arrayPatternUse(parent.id));
    return;
  }
  // `[...data].sort(() => Math.random() - 0.5)`, `shuffle([...data])`: a copy taken at random
  const copy = parent?.type === 'SpreadElement' ? outermost(parent.parent) : null;
  if (copy?.type === 'ArrayExpression' && copy.elements.length === 1 && isTakenAtRandom(ctx, copy)) {
    uses.anyOrder();
    return;
  }
  uses.add('rows');
}

/** `export const rows = ...`, `export const { data } = ...`: other modules may read it. */
function isExported(variable: Variable): boolean {
  return variable.defs.some((def) => def.type === 'Variable' && def.parent.parent.type === 'ExportNamedDeclaration');
}

/** Every read of a variable that holds `data`. */
function dataVariableUse(ctx: AnalysisContext, id: TSESTree.Identifier, uses: Uses): void {
  const variable = resolveIdentifier(ctx, id);
  if (!variable || isExported(variable)) {
    uses.add('rows');
    return;
  }
  for (const reference of variable.references) {
    if (reference.isRead()) dataUse(ctx, reference.identifier, uses);
  }
}

/** What the pattern that receives `data` (`{ data }`, `{ data: rows }`, `{ data: [first] }`, `{ data = [] }`) does with it. */
function dataPatternUse(ctx: AnalysisContext, target: Node, uses: Uses): void {
  if (target.type === 'Identifier') {
    dataVariableUse(ctx, target, uses);
    return;
  }
  if (target.type === 'AssignmentPattern') {
    dataPatternUse(ctx, target.left, uses);
    return;
  }
  if (target.type === 'ArrayPattern') {
    uses.add(arrayPatternUse(target));
    return;
  }
  uses.add('rows');
}

/** A pattern that receives the response: `{ data, error }`, `{ count }`. */
function responsePatternUse(ctx: AnalysisContext, pattern: TSESTree.ObjectPattern, uses: Uses): void {
  for (const property of pattern.properties) {
    if (property.type !== 'Property') {
      uses.add('rows');
      return;
    } // `...rest` keeps the data
    const key = keyName(property.key, property.computed);
    if (key === null) {
      uses.add('rows');
      return;
    }
    if (key === 'data') dataPatternUse(ctx, property.value, uses);
  }
}

/** One use of a value that holds the response: `res.data`, `res.error`, `const { data } = res`, or handed on. */
function responseUse(ctx: AnalysisContext, node: Node, uses: Uses): void {
  const outer = outermost(node);
  const parent = outer.parent;
  if (!parent || parent.type === 'ExpressionStatement') return;
  if (parent.type === 'MemberExpression' && parent.object === outer) {
    const name = memberName(parent);
    if (name === 'data') {
      dataUse(ctx, parent, uses);
      return;
    }
    // `res.error`, `res.count`: not the rows; a computed key may be `data`
    if (name === null) uses.add('rows');
    return;
  }
  // `const res = client ? await q : await other()`: the response goes on as the conditional's value
  if (parent.type === 'ConditionalExpression' && parent.test !== outer) {
    responseUse(ctx, parent, uses);
    return;
  }
  const pattern =
    parent.type === 'VariableDeclarator' && parent.init === outer
      ? parent.id
      : parent.type === 'AssignmentExpression' && parent.right === outer && parent.operator === '='
        ? parent.left
        : null;
  if (pattern?.type === 'ObjectPattern') {
    responsePatternUse(ctx, pattern, uses);
    return;
  }
  if (pattern?.type === 'Identifier') {
    responseVariableUse(ctx, pattern, uses);
    return;
  }
  // `[a, b].find((r) => r.error)`: one of a list of answers
  if (parent.type === 'ArrayExpression') {
    responseListUse(ctx, parent, false, uses);
    return;
  }
  if (isTested(outer) || isNullTest(outer)) return; // `if (await q)`: the response is always an object
  // `assert.deepEqual(res, { data: [], error: null })`: a test that there is no row
  if (isNoRowsResponseAssertion(ctx, outer)) {
    uses.dataTested = true;
    uses.add('existence');
    return;
  }
  uses.add('rows');
}

/** `.then(({ data }) => ...)`, `.then((res) => ...)`: the callback's first parameter holds the response. */
function thenUse(ctx: AnalysisContext, sent: Node, uses: Uses): void {
  const member = outermost(sent).parent;
  const call = member?.type === 'MemberExpression' ? outermost(member).parent : undefined;
  const callback = call?.type === 'CallExpression' ? call.arguments[0] : undefined;
  if (callback?.type !== 'ArrowFunctionExpression' && callback?.type !== 'FunctionExpression') {
    uses.add('rows');
    return;
  }
  const param = callback.params[0];
  if (!param) return;
  if (param.type === 'ObjectPattern') {
    responsePatternUse(ctx, param, uses);
    return;
  }
  if (param.type !== 'Identifier') {
    uses.add('rows');
    return;
  }
  const variable = resolveIdentifier(ctx, param);
  for (const reference of variable?.references ?? []) {
    if (reference.isRead()) responseUse(ctx, reference.identifier, uses);
  }
}

/** Every read of a local variable that holds one response. */
function responseVariableUse(ctx: AnalysisContext, id: TSESTree.Identifier, uses: Uses): void {
  const variable = resolveIdentifier(ctx, id);
  if (!variable || isExported(variable)) {
    uses.add('rows');
    return;
  }
  for (const reference of variable.references) {
    if (reference.isRead()) responseUse(ctx, reference.identifier, uses);
  }
}

/**
 * Where the answer of a request sent in a `Promise.all` lands: the awaited
 * combinator, and the answer's place in the lists it gives, outermost first
 * (`await Promise.all([Promise.all([q1, q2]), q3])`: `q2` at [0, 1]). A
 * `Promise.race` or `Promise.any` gives its winner as its own value; a
 * `Promise.allSettled` wraps each answer in `{ status, value, reason }`
 * (`settled`: followed when it is the list the request is written in, and
 * only lists of `Promise.all` hold it).
 */
function combinedPlace(sent: Node): { awaited: TSESTree.AwaitExpression; path: number[]; settled: boolean } | null {
  const path: number[] = [];
  let settled = false;
  let element = outermost(sent);
  for (;;) {
    const array = element.parent;
    if (array?.type !== 'ArrayExpression') return null;
    const combinator = outermost(array).parent;
    if (!isPromiseCombinator(combinator) || combinator.arguments[0] !== outermost(array)) return null;
    const name = memberName(unwrap(combinator.callee) as TSESTree.MemberExpression);
    const index = array.elements.indexOf(element as TSESTree.Expression);
    if (name === 'allSettled') {
      // a settled answer inside another list, or a list inside a settled one: not followed
      if (path.length > 0 || settled) return null;
      settled = true;
      path.unshift(index);
    } else if (name === 'all') path.unshift(index);
    else if (name !== 'race' && name !== 'any') return null;
    element = outermost(combinator);
    if (element.parent?.type === 'AwaitExpression') return { awaited: element.parent, path, settled };
  }
}

/**
 * One outcome of a `Promise.allSettled`: `{ status, value, reason }`, the
 * response in `value`; `status` and `reason` say nothing of the rows.
 */
function settlementUse(ctx: AnalysisContext, node: Node, uses: Uses): void {
  const outer = outermost(node);
  const parent = outer.parent;
  if (!parent || parent.type === 'ExpressionStatement') return;
  if (parent.type === 'MemberExpression' && parent.object === outer) {
    const name = memberName(parent);
    if (name === 'value') responseUse(ctx, parent, uses);
    else if (name !== 'status' && name !== 'reason') uses.add('rows');
    return;
  }
  if (parent.type === 'VariableDeclarator' && parent.init === outer) {
    settlementTargetUse(ctx, parent.id, uses);
    return;
  }
  // `r.status === 'rejected'` is read through the member above; the outcome itself tested is an object
  if (isTested(outer) || isNullTest(outer)) return;
  uses.add('rows');
}

/** What receives one outcome of a `Promise.allSettled`: a variable, or `{ status, value }`. */
function settlementTargetUse(ctx: AnalysisContext, target: Node, uses: Uses): void {
  if (target.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, target);
    if (!variable || isExported(variable)) {
      uses.add('rows');
      return;
    }
    for (const reference of variable.references) {
      if (reference.isRead()) settlementUse(ctx, reference.identifier, uses);
    }
    return;
  }
  if (target.type !== 'ObjectPattern') {
    uses.add('rows');
    return;
  }
  for (const property of target.properties) {
    const key = property.type === 'Property' ? keyName(property.key, property.computed) : null;
    if (property.type !== 'Property' || key === null) {
      uses.add('rows');
      return;
    }
    if (key !== 'value') continue;
    if (property.value.type === 'ObjectPattern') responsePatternUse(ctx, property.value, uses);
    else if (property.value.type === 'Identifier') responseVariableUse(ctx, property.value, uses);
    else uses.add('rows');
  }
}

/** One answer of a list: the response, or (`settled`) its outcome of a `Promise.allSettled`. */
function answerUse(ctx: AnalysisContext, node: Node, settled: boolean, uses: Uses): void {
  if (settled) settlementUse(ctx, node, uses);
  else responseUse(ctx, node, uses);
}

/**
 * `const [a, b] = await Promise.all([q1, q2])`, `const [[a, b], c] = ...` of a
 * nested `Promise.all`: the answer at `path` of the lists bound to the array
 * pattern.
 */
function placeInPatternUse(
  ctx: AnalysisContext,
  pattern: TSESTree.ArrayPattern,
  path: readonly number[],
  settled: boolean,
  uses: Uses,
): void {
  const [index, ...rest] = path;
  if (index === undefined || pattern.elements.some((item, at) => at <= index && item?.type === 'RestElement')) {
    uses.add('rows');
    return;
  }
  const target = pattern.elements[index];
  if (!target) return; // a hole, or past the pattern's end: the answer is dropped
  if (rest.length > 0) {
    if (target.type === 'ArrayPattern') placeInPatternUse(ctx, target, rest, settled, uses);
    // `const [pair] = await Promise.all([Promise.all([q1, q2])])`: a list of answers
    else if (target.type === 'Identifier' && rest.length === 1) answersUse(ctx, target, settled, uses);
    else uses.add('rows');
    return;
  }
  elementParamUse(ctx, target, settled, uses);
}

/** A request sent in a `Promise.all` (or a race): its answer followed to the place it is bound to. */
function combinedUse(ctx: AnalysisContext, sent: Node, uses: Uses): void {
  const place = combinedPlace(sent);
  if (!place) {
    uses.add('rows');
    return;
  }
  const { awaited, path, settled } = place;
  if (path.length === 0) {
    responseUse(ctx, awaited, uses);
    return;
  }
  const outer = outermost(awaited);
  const holder = outer.parent;
  if (holder?.type === 'VariableDeclarator' && holder.init === outer && holder.id.type === 'ArrayPattern') {
    placeInPatternUse(ctx, holder.id, path, settled, uses);
    return;
  }
  // `const probes = await Promise.all([...]); probes.some((p) => p.error)`: each answer through an array callback
  if (path.length === 1) responseListUse(ctx, awaited, settled, uses);
  else uses.add('rows');
}

/**
 * Array methods whose callback gets one element: `find` gives one of them,
 * `filter` a list of them, the others no element (`map` gives what its
 * callback returns, which is a use in the callback).
 */
const ELEMENT_CALLBACKS: ReadonlySet<string> = new Set([
  'some',
  'every',
  'find',
  'filter',
  'findIndex',
  'forEach',
  'map',
]);

/**
 * `list.some((r) => r.error)`, `const [a] = ...`: what receives one answer
 * (`settled`: its outcome of a `Promise.allSettled`).
 */
function elementParamUse(ctx: AnalysisContext, param: Node | null | undefined, settled: boolean, uses: Uses): void {
  if (!param) return;
  if (settled) settlementTargetUse(ctx, param, uses);
  else if (param.type === 'ObjectPattern') responsePatternUse(ctx, param, uses);
  else if (param.type === 'Identifier') responseVariableUse(ctx, param, uses);
  else uses.add('rows');
}

/** `for (const r of list)`, `for (const { data } of list)`: the loop's binding holds one answer. */
function forOfUse(ctx: AnalysisContext, loop: TSESTree.ForOfStatement, settled: boolean, uses: Uses): void {
  const declaration = loop.left.type === 'VariableDeclaration' ? loop.left.declarations : [];
  const id = declaration.length === 1 ? declaration[0]!.id : null;
  if (id) elementParamUse(ctx, id, settled, uses);
  else uses.add('rows');
}

/**
 * A list of answers (what a `Promise.all` or `Promise.allSettled` gives, or
 * `[a, b]` written of responses): each one read through an array callback's
 * parameter (`list.some((r) => r.error)`), `find`'s answer, `filter`'s list,
 * a `for...of` binding or a local variable that holds the list; dropped
 * (`await Promise.all([...]);`, a latency probe) or only counted
 * (`list.filter((r) => r.status === 'rejected').length`), no row is read;
 * any other use (indexing, spreading, handing the list on) may read the rows.
 */
function responseListUse(ctx: AnalysisContext, node: Node, settled: boolean, uses: Uses): void {
  const outer = outermost(node);
  const parent = outer.parent;
  if (!parent || parent.type === 'ExpressionStatement') return;
  if (parent.type === 'VariableDeclarator' && parent.init === outer && parent.id.type === 'Identifier') {
    answersUse(ctx, parent.id, settled, uses);
    return;
  }
  if (parent.type === 'ForOfStatement' && parent.right === outer) {
    forOfUse(ctx, parent, settled, uses);
    return;
  }
  const name = parent.type === 'MemberExpression' && parent.object === outer ? memberName(parent) : null;
  if (name === 'length') return;
  const call = name !== null ? outermost(parent).parent : undefined;
  const callback = call?.type === 'CallExpression' && call.callee === outermost(parent) ? call.arguments[0] : undefined;
  if (
    (callback?.type !== 'ArrowFunctionExpression' && callback?.type !== 'FunctionExpression') ||
    !ELEMENT_CALLBACKS.has(name!)
  ) {
    uses.add('rows');
    return;
  }
  elementParamUse(ctx, callback.params[0], settled, uses);
  // `[a, b].find((r) => r.error)?.error`: the answer found; `list.filter(...)`: the answers kept
  if (name === 'find') answerUse(ctx, call!, settled, uses);
  if (name === 'filter') responseListUse(ctx, call!, settled, uses);
}

/** Every read of a local variable that holds a list of answers. */
function answersUse(ctx: AnalysisContext, id: TSESTree.Identifier, settled: boolean, uses: Uses): void {
  const variable = resolveIdentifier(ctx, id);
  if (!variable || isExported(variable)) {
    uses.add('rows');
    return;
  }
  for (const reference of variable.references) {
    if (reference.isRead()) responseListUse(ctx, reference.identifier, settled, uses);
  }
}

function executionUse(ctx: AnalysisContext, execution: Execution, uses: Uses): void {
  switch (execution.kind) {
    case 'await': {
      const awaited = execution.node.parent;
      if (awaited?.type !== 'AwaitExpression') {
        uses.add('rows');
        return;
      }
      responseUse(ctx, awaited, uses);
      return;
    }
    case 'then': {
      thenUse(ctx, execution.node, uses);
      return;
    }
    case 'promise-combinator': {
      combinedUse(ctx, execution.node, uses);
      return;
    }
    default: {
      // returned to a caller, or handed to a helper: the rows may be read there
      uses.add('rows');
      return;
    }
  }
}

/**
 * What the code uses of the rows `use` returns, over every place it is sent.
 * A request that escapes, or that is not sent here, is `rows`: its rows may
 * be read where the analysis cannot see.
 */
export function rowUse(
  ctx: AnalysisContext,
  use: QueryUse,
  options: {
    /**
     * Every page holds at least two rows from the first (`.limit(2)`): a first
     * row read only when it is the only row (`data.length === 1 && data[0].id`)
     * is the one row the filter matches, in any order (sole-row.ts).
     */
    soleIsUnique?: boolean;
  } = {},
): RowUseFacts {
  const executions = directExecutions(use);
  if (use.escapes || executions.length === 0) return { use: 'rows', dataTested: false, orderedRows: true };
  const uses = new Uses(options.soleIsUnique ?? false);
  for (const execution of executions) {
    executionUse(ctx, execution, uses);
    if (uses.orderedRows) break;
  }
  const orderedRows = uses.use === 'first-row' ? uses.orderedFirst : uses.orderedRows;
  return { use: uses.use, dataTested: uses.dataTested, orderedRows };
}

/**
 * Whether the order of the rows can change what the code does: it reads the
 * first row, or every row in the order they came (not only shuffled).
 */
export function orderMatters(facts: RowUseFacts): boolean {
  return (facts.use === 'first-row' || facts.use === 'rows') && facts.orderedRows;
}
