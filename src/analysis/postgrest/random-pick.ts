/**
 * Uses of a list of rows that take them at random: any rows serve, in any
 * order, so the order the server sent them in cannot change what the code
 * does (row-use.ts). A list shuffled (`rows.sort(() => Math.random() - 0.5)`,
 * `faker.helpers.shuffle(rows)`, lodash's `shuffle`), sampled by a library
 * (`faker.helpers.arrayElement(rows)`, `arrayElements`, lodash's `sample` and
 * `sampleSize`), or indexed at random (`rows[Math.floor(Math.random() *
 * rows.length)]`). A library function is known by the module it is imported
 * from, never by its name alone: a local `sample(rows)` may be anything.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, type Node, outermost, subtree, unwrap } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { importOf } from '../project/import-of.js';
import { constantInit, resolveIdentifier } from '../scope.js';

/** `Math.random()`. */
function isMathRandom(node: Node): boolean {
  const call = unwrap(node);
  if (call.type !== 'CallExpression' || call.arguments.length > 0) return false;
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || memberName(callee) !== 'random') return false;
  const object = unwrap(callee.object);
  return object.type === 'Identifier' && object.name === 'Math';
}

/** `() => Math.random() - 0.5`: a comparator that orders at random. */
function isRandomComparator(node: Node | undefined): boolean {
  const fn = node && unwrap(node);
  if (fn?.type !== 'ArrowFunctionExpression' && fn?.type !== 'FunctionExpression') return false;
  return [...subtree(fn.body)].some(isMathRandom);
}

/** `data.sort(() => Math.random() - 0.5)`, `[...data].sort(...)`, `data.toSorted(...)`: the rows shuffled. */
export function isShuffle(member: TSESTree.MemberExpression): boolean {
  const name = memberName(member);
  const call = outermost(member).parent;
  return (
    (name === 'sort' || name === 'toSorted') &&
    call?.type === 'CallExpression' &&
    call.callee === outermost(member) &&
    isRandomComparator(call.arguments[0])
  );
}

/** lodash's functions that take any elements of a list, at random. */
const LODASH_PICKS: ReadonlySet<string> = new Set(['sample', 'sampleSize', 'shuffle']);
/** `@faker-js/faker`'s (`faker.helpers.x`; `faker.random.x` before version 8). */
const FAKER_PICKS: ReadonlySet<string> = new Set(['arrayElement', 'arrayElements', 'shuffle']);

/** `lodash`, `lodash-es`: the whole library. */
function isLodash(source: string): boolean {
  return source === 'lodash' || source === 'lodash-es';
}

/** `lodash/sample`, `lodash-es/sampleSize.js`, `lodash.shuffle`: one function's module, and the function's name. */
function lodashFunctionModule(source: string): string | null {
  const match = /^(?:lodash(?:-es)?\/([A-Za-z]+)(?:\.js)?|lodash\.([a-z]+))$/.exec(source);
  const name = match?.[1] ?? match?.[2];
  if (!name) return null;
  // the per-method packages are lower case (`lodash.samplesize`)
  return [...LODASH_PICKS].find((pick) => pick.toLowerCase() === name.toLowerCase()) ?? null;
}

/** The import of the identifier `node`, when it names a module binding. */
function importedAs(ctx: AnalysisContext, node: Node): ReturnType<typeof importOf> {
  const id = unwrap(node);
  if (id.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, id);
  return variable ? importOf(variable) : null;
}

/**
 * `sample(rows)` (imported from lodash), `_.sample(rows)`, `shuffle(rows)`,
 * `faker.helpers.arrayElement(rows)`: a library call that takes any elements
 * of its first argument, at random.
 */
function isLibraryPick(ctx: AnalysisContext, call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') {
    const imported = importedAs(ctx, callee);
    if (!imported) return false;
    if (isLodash(imported.source)) return LODASH_PICKS.has(imported.name);
    return imported.name === 'default' && lodashFunctionModule(imported.source) !== null;
  }
  if (callee.type !== 'MemberExpression') return false;
  const method = memberName(callee) ?? '';
  const object = unwrap(callee.object);
  // `_.sample(rows)`: the library's default or namespace import
  if (object.type === 'Identifier') {
    const imported = importedAs(ctx, object);
    return (
      imported !== null &&
      isLodash(imported.source) &&
      (imported.name === 'default' || imported.name === '*') &&
      LODASH_PICKS.has(method)
    );
  }
  // `faker.helpers.arrayElement(rows)`, `fakerDE.helpers.shuffle(rows)`, `faker.random.arrayElement(rows)`
  if (object.type !== 'MemberExpression' || !FAKER_PICKS.has(method)) return false;
  const group = memberName(object);
  if (group !== 'helpers' && group !== 'random') return false;
  const imported = importedAs(ctx, object.object);
  return (
    imported !== null &&
    (imported.source === '@faker-js/faker' || imported.source.startsWith('@faker-js/faker/')) &&
    (imported.name === 'default' || imported.name.startsWith('faker'))
  );
}

/** `Math.random() * n`, `n * Math.random()`: the factor beside `Math.random()`. */
function randomFactor(node: Node): Node | null {
  const product = unwrap(node);
  if (product.type !== 'BinaryExpression' || product.operator !== '*') return null;
  if (isMathRandom(product.left)) return product.right;
  if (isMathRandom(product.right)) return product.left;
  return null;
}

/** `Math.floor(Math.random() * n)`, `Math.trunc(...)`, `(Math.random() * n) | 0`, `~~(Math.random() * n)`: n. */
function randomIndexBound(node: Node): Node | null {
  const index = unwrap(node);
  if (index.type === 'CallExpression' && index.arguments.length === 1) {
    const callee = unwrap(index.callee);
    const math = callee.type === 'MemberExpression' ? unwrap(callee.object) : null;
    const name = callee.type === 'MemberExpression' ? memberName(callee) : null;
    if (math?.type === 'Identifier' && math.name === 'Math' && (name === 'floor' || name === 'trunc'))
      return randomFactor(index.arguments[0]!);
  }
  if (index.type === 'BinaryExpression' && index.operator === '|') {
    const zero = unwrap(index.right);
    if (zero.type === 'Literal' && zero.value === 0) return randomFactor(index.left);
  }
  if (index.type === 'UnaryExpression' && index.operator === '~') {
    const inner = unwrap(index.argument);
    if (inner.type === 'UnaryExpression' && inner.operator === '~') return randomFactor(inner.argument);
  }
  return null;
}

/** `x`, when it is a local constant: the value it is initialized with (one step); else `x` itself. */
function throughConstant(ctx: AnalysisContext, node: Node): Node {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return inner;
  const variable = resolveIdentifier(ctx, inner);
  const init = variable ? constantInit(variable) : null;
  return init ? unwrap(init) : inner;
}

/** `rows` and `rows`, `res.data` and `res?.data!`: the same list (the same variables, the same properties). */
function sameList(ctx: AnalysisContext, a: Node, b: Node): boolean {
  const left = unwrap(a);
  const right = unwrap(b);
  if (left.type === 'Identifier' && right.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, left);
    return variable !== null && variable === resolveIdentifier(ctx, right);
  }
  if (left.type === 'MemberExpression' && right.type === 'MemberExpression') {
    const name = memberName(left);
    return name !== null && name === memberName(right) && sameList(ctx, left.object, right.object);
  }
  return false;
}

/**
 * `rows[Math.floor(Math.random() * rows.length)]`, also through local constants
 * (`const i = Math.floor(Math.random() * n)` with `const n = rows.length`): one
 * row, at a random place of the whole list (a bound other than the list's
 * length, `* 3`, picks among the first rows, which an order would decide).
 */
function isRandomIndex(ctx: AnalysisContext, member: TSESTree.MemberExpression): boolean {
  if (!member.computed) return false;
  const bound = randomIndexBound(throughConstant(ctx, member.property));
  const length = bound ? throughConstant(ctx, bound) : null;
  return (
    length?.type === 'MemberExpression' &&
    memberName(length) === 'length' &&
    sameList(ctx, length.object, member.object)
  );
}

/**
 * Whether the list at `node` (the rows, or the same rows or none: `data ?? []`)
 * is taken at random: shuffled, sampled by lodash or faker, or indexed at a
 * random place. Whatever is done with what comes out, any rows would have
 * served, in any order.
 */
export function isTakenAtRandom(ctx: AnalysisContext, node: Node): boolean {
  const outer = outermost(node);
  const parent = outer.parent;
  if (parent?.type === 'MemberExpression' && parent.object === outer)
    return isShuffle(parent) || isRandomIndex(ctx, parent);
  if (parent?.type === 'CallExpression' && parent.arguments[0] === outer) return isLibraryPick(ctx, parent);
  return false;
}
