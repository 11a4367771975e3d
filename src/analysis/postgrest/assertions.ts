/**
 * What a test asserts of a read's rows (row-use.ts): that there is a value
 * (`expect(data).toBeDefined()`), that there is no row or how many there are
 * (`expect(data).toEqual([])`, `expect(data).toHaveLength(2)`,
 * `expect(data?.length).toBe(0)`, `assert.deepEqual(data, [])`). None of
 * these reads what a row holds, so the order of the rows cannot change the
 * outcome. `expect` is the test runner's global (Vitest, Jest) or import; a
 * module's `assert` is known by its import (`node:assert`, `assert/strict`,
 * chai's or Vitest's `assert`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isLiteralOf, memberName, type Node, outermost, unwrap } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { importOf } from '../project/import-of.js';
import { resolveIdentifier } from '../scope.js';

/** What an assertion tells of the rows: only whether there is one, or how many. */
export type AssertedUse = 'existence' | 'count';

/** `node` as the one argument of `expect(...)`: the matcher called on it (through `.not`), and its arguments. */
function expectMatcher(node: Node): { name: string; args: TSESTree.CallExpressionArgument[] } | null {
  const outer = outermost(node);
  const call = outer.parent;
  if (call?.type !== 'CallExpression' || call.arguments.length !== 1 || call.arguments[0] !== outer) return null;
  const callee = unwrap(call.callee);
  if (callee.type !== 'Identifier' || callee.name !== 'expect') return null;
  let receiver: Node = outermost(call);
  let member = receiver.parent;
  if (member?.type === 'MemberExpression' && member.object === receiver && memberName(member) === 'not') {
    receiver = outermost(member);
    member = receiver.parent;
  }
  if (member?.type !== 'MemberExpression' || member.object !== receiver) return null;
  const name = memberName(member);
  const matcher = outermost(member).parent;
  if (name === null || matcher?.type !== 'CallExpression' || matcher.callee !== outermost(member)) return null;
  return { name, args: matcher.arguments };
}

/** Test-runner matchers that only say whether a value is there. */
const PRESENCE_MATCHERS = new Set(['toBeDefined', 'toBeUndefined', 'toBeNull', 'toBeTruthy', 'toBeFalsy']);

/**
 * `expect(data).toBeDefined()`, `expect(data).not.toBeNull()`: whether there
 * is a value, not what the rows hold.
 */
export function isPresenceMatcher(node: Node): boolean {
  const matcher = expectMatcher(node);
  return matcher !== null && PRESENCE_MATCHERS.has(matcher.name) && matcher.args.length === 0;
}

/** `[]`. */
function isEmptyList(node: Node | undefined): boolean {
  const list = node && unwrap(node);
  return list?.type === 'ArrayExpression' && list.elements.length === 0;
}

/** A count asserted: `0` says whether there is a row, another number how many. */
function countUse(node: Node | undefined): AssertedUse {
  return node && isLiteralOf(node, 0) ? 'existence' : 'count';
}

/** The modules whose default, namespace or `strict` export is Node's assert. */
const NODE_ASSERT = new Set(['assert', 'node:assert', 'assert/strict', 'node:assert/strict']);

/** `assert.deepEqual`, or `deepEqual` imported from an assert module: the method's name. */
function assertMethod(ctx: AnalysisContext, callee: Node): string | null {
  const fn = unwrap(callee);
  const id = fn.type === 'MemberExpression' ? unwrap(fn.object) : fn;
  if (id.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, id);
  const imported = variable ? importOf(variable) : null;
  if (!imported) return null;
  const whole =
    (NODE_ASSERT.has(imported.source) && ['default', '*', 'strict'].includes(imported.name)) ||
    ((imported.source === 'chai' || imported.source === 'vitest') && imported.name === 'assert');
  if (fn.type === 'MemberExpression') return whole ? memberName(fn) : null;
  return NODE_ASSERT.has(imported.source) && !whole ? imported.name : null;
}

const DEEP_EQUALS = new Set(['deepEqual', 'deepStrictEqual', 'notDeepEqual', 'notDeepStrictEqual', 'sameMembers']);

/** `assert.deepEqual(data, [])`, `assert.lengthOf(data, 2)`, `assert.isEmpty(data)`: `node` is the first argument. */
function assertUse(ctx: AnalysisContext, node: Node): AssertedUse | null {
  const outer = outermost(node);
  const call = outer.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== outer) return null;
  const method = assertMethod(ctx, call.callee);
  if (method === null) return null;
  if (DEEP_EQUALS.has(method)) return isEmptyList(call.arguments[1]) ? 'existence' : null;
  if (method === 'isEmpty' || method === 'isNotEmpty') return 'existence';
  if (method === 'lengthOf') return countUse(call.arguments[1]);
  return null;
}

/**
 * What a test asserts of the rows at `node` when it only asserts there are
 * none or how many: `expect(data).toEqual([])` (also `toStrictEqual`,
 * `.not.`), `expect(data).toHaveLength(n)`, `assert.deepEqual(data, [])`,
 * chai's `assert.isEmpty(data)` and `assert.lengthOf(data, n)`.
 */
export function rowsAssertion(ctx: AnalysisContext, node: Node): AssertedUse | null {
  const matcher = expectMatcher(node);
  if (matcher) {
    if ((matcher.name === 'toEqual' || matcher.name === 'toStrictEqual') && matcher.args.length === 1)
      return isEmptyList(matcher.args[0]) ? 'existence' : null;
    if (matcher.name === 'toHaveLength' && matcher.args.length === 1) return countUse(matcher.args[0]);
    return null;
  }
  return assertUse(ctx, node);
}

/** `{ data: [], error: null }`: an expected response whose `data` is written out as no row. */
function expectsNoRows(node: Node | undefined): boolean {
  const expected = node && unwrap(node);
  if (expected?.type !== 'ObjectExpression') return false;
  return expected.properties.some(
    (property) =>
      property.type === 'Property' &&
      !property.computed &&
      ((property.key.type === 'Identifier' && property.key.name === 'data') ||
        (property.key.type === 'Literal' && property.key.value === 'data')) &&
      isEmptyList(property.value),
  );
}

/**
 * `expect(res).toEqual({ data: [], error: null })`, `assert.deepEqual(res, { data: [], error: null })`:
 * a whole response (`node`) asserted to hold no row. Another `data` written out, or none, reads the rows.
 */
export function isNoRowsResponseAssertion(ctx: AnalysisContext, node: Node): boolean {
  const matcher = expectMatcher(node);
  if (matcher) {
    return (
      (matcher.name === 'toEqual' || matcher.name === 'toStrictEqual' || matcher.name === 'toMatchObject') &&
      matcher.args.length === 1 &&
      expectsNoRows(matcher.args[0])
    );
  }
  const outer = outermost(node);
  const call = outer.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== outer) return false;
  const method = assertMethod(ctx, call.callee);
  return method !== null && DEEP_EQUALS.has(method) && method !== 'sameMembers' && expectsNoRows(call.arguments[1]);
}

const ZERO_MATCHERS = new Set(['toBe', 'toEqual', 'toStrictEqual', 'toBeGreaterThan', 'toBeLessThanOrEqual']);
const ONE_MATCHERS = new Set(['toBeGreaterThanOrEqual', 'toBeLessThan']);
const ZERO_ASSERTS = new Set(['equal', 'strictEqual', 'notEqual', 'notStrictEqual', 'isAbove', 'isAtMost']);
const ONE_ASSERTS = new Set(['isAtLeast', 'isBelow']);

/**
 * `expect(data.length).toBe(0)`, `.toBeGreaterThan(0)`, `.toBeGreaterThanOrEqual(1)`,
 * `assert.equal(data.length, 0)`: a count asserted against no row, which
 * tells only whether there is one (`node` is the count).
 */
export function isZeroAssertion(ctx: AnalysisContext, node: Node): boolean {
  const matcher = expectMatcher(node);
  if (matcher) {
    const [expected] = matcher.args;
    if (matcher.args.length !== 1 || !expected) return false;
    return (
      (ZERO_MATCHERS.has(matcher.name) && isLiteralOf(expected, 0)) ||
      (ONE_MATCHERS.has(matcher.name) && isLiteralOf(expected, 1))
    );
  }
  const outer = outermost(node);
  const call = outer.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== outer) return false;
  const method = assertMethod(ctx, call.callee);
  const expected = call.arguments[1];
  if (method === null || !expected) return false;
  return (
    (ZERO_ASSERTS.has(method) && isLiteralOf(expected, 0)) || (ONE_ASSERTS.has(method) && isLiteralOf(expected, 1))
  );
}
