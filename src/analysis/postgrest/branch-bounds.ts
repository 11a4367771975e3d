/**
 * Row bounds applied on one path only. A read whose bound is added through
 * its variable inside a branch (`if (!isAdmin) q = q.eq('id', userId)`) is
 * bounded on that path and unbounded on the other. This file decides, for a
 * read the chain recognizer (query-use.ts) followed, whether some path to a
 * place it is sent applies none of its bounds, and names that path.
 */
import { memberName, type Node, staticString, unwrap } from '../ast.js';
import { BUILDER_METHODS } from './methods.js';
import { directExecutions, type QueryLink, type QueryUse } from './query-use.js';
import { compositeKeyLinks, isOneRowRead, rowBound, type UniqueColumns } from './row-bounds.js';

export interface UnboundedPath {
  /** The bound that is applied on some paths only. */
  bound: QueryLink;
  /** The branch that holds it: an `if`, a `? :`, a `&&`/`||`/`??`, a `switch`, a loop, a `catch`. */
  branch: Node;
  /** How the path without the bound is told: `when \`cond\` is false`. */
  path: 'test-false' | 'test-true' | 'other-cases' | 'no-iteration' | 'no-error' | 'not-called';
  /** The condition to name (an `if` test, a `switch` discriminant); null when there is none. */
  test: Node | null;
  /**
   * When `bound` fixes one column of a composite key: the calls that fix the
   * others, without which it bounds nothing (`.eq('hunter_id')` beside
   * `.eq('bounty_id')` for `UNIQUE (bounty_id, hunter_id)`).
   */
  together?: QueryLink[];
}

function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** The variable a builder call is made on, through the chain (`q` of `q.order(...).range(a, b)`); null for anything else. */
function receiverName(call: Node): string | null {
  let current: Node = call;
  for (;;) {
    const inner = unwrap(current);
    if (inner.type === 'CallExpression') current = inner.callee;
    else if (inner.type === 'MemberExpression') current = inner.object;
    else return inner.type === 'Identifier' ? inner.name : null;
  }
}

/** `typeof q.range`: the builder method whose presence it tests, when `q` is the builder `name`. */
function typeofMethod(node: Node, name: string): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'UnaryExpression' || inner.operator !== 'typeof') return false;
  const member = unwrap(inner.argument);
  if (member.type !== 'MemberExpression' || unwrap(member.object).type !== 'Identifier') return false;
  const method = memberName(member);
  return (unwrap(member.object) as { name: string }).name === name && method !== null && BUILDER_METHODS.has(method);
}

/**
 * The value a test of whether the query builder `name` has one of its own
 * methods always has (a guard for test mocks, which a real supabase-js
 * builder always passes): `typeof q.range === 'function'` (true), `!==`
 * (false), `'range' in q` (true), `!` of one; null for any other test.
 */
function builderGuardTruth(test: Node, name: string): boolean | null {
  const inner = unwrap(test);
  if (inner.type === 'UnaryExpression' && inner.operator === '!') {
    const value = builderGuardTruth(inner.argument, name);
    return value === null ? null : !value;
  }
  if (inner.type !== 'BinaryExpression') return null;
  if (inner.operator === 'in') {
    const method = inner.left.type === 'PrivateIdentifier' ? null : staticString(inner.left);
    const right = unwrap(inner.right);
    return method !== null && BUILDER_METHODS.has(method) && right.type === 'Identifier' && right.name === name
      ? true
      : null;
  }
  const equal = inner.operator === '===' || inner.operator === '==';
  if (!equal && inner.operator !== '!==' && inner.operator !== '!=') return null;
  const sides = [inner.left, inner.right];
  const guard =
    sides.some((side) => typeofMethod(side, name)) && sides.some((side) => staticString(side) === 'function');
  return guard ? equal : null;
}

/**
 * Whether the branch `child` of a test always runs (or never does) because
 * the test only asks whether the builder has a method (builderGuardTruth):
 * then it is no branch.
 */
function guardDecides(test: Node, takenWhen: boolean, receiver: string | null): boolean {
  if (receiver === null) return false;
  return builderGuardTruth(test, receiver) === takenWhen;
}

/**
 * The innermost node between `from` (exclusive) and `node` that runs `node`
 * on some paths only, and which path skips it; null when `node` runs whenever
 * `from` does.
 */
function branchBetween(node: Node, from: Node, bounds: readonly QueryLink[] = []): Omit<UnboundedPath, 'bound'> | null {
  // a branch whose other side applies a bound too is no path without one (`if (a) q = q.eq(...) else q = q.eq(...)`):
  // the path, if any, is under that other side (`else if (b) ... else q = q.ilike(...)`), found from its own bound
  const boundsIn = (side: Node | null) => !!side && bounds.some(({ call }) => contains(side, call));
  // `if (typeof q.range === 'function') q = q.range(a, b)`: the guard a real builder always passes is no branch
  const receiver = receiverName(node);
  let child = node;
  for (let current = node.parent; current && current !== from; child = current, current = current.parent) {
    switch (current.type) {
      case 'IfStatement':
      case 'ConditionalExpression':
        if (child === current.consequent && !boundsIn(current.alternate)) {
          if (guardDecides(current.test, true, receiver)) break;
          return { branch: current, path: 'test-false', test: current.test };
        }
        if (child === current.alternate && !boundsIn(current.consequent)) {
          if (guardDecides(current.test, false, receiver)) break;
          return { branch: current, path: 'test-true', test: current.test };
        }
        break;
      case 'LogicalExpression':
        if (child === current.right) {
          const and = current.operator === '&&';
          if ((and || current.operator === '||') && guardDecides(current.left, and, receiver)) break;
          return { branch: current, path: and ? 'test-false' : 'test-true', test: current.left };
        }
        break;
      case 'SwitchCase':
        if (child !== current.test) {
          const discriminant = current.parent.discriminant;
          return { branch: current, path: 'other-cases', test: discriminant };
        }
        break;
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
        if (child === current.body) return { branch: current, path: 'no-iteration', test: null };
        break;
      case 'CatchClause':
        return { branch: current, path: 'no-error', test: null };
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
      case 'FunctionDeclaration':
        return { branch: current, path: 'not-called', test: null };
      default:
        break;
    }
  }
  return null;
}

/** Whether running `statement` always applies one of `bounds` (an `if` whose both branches do counts). */
function alwaysBounds(statement: Node, bounds: readonly QueryLink[]): boolean {
  if (statement.type === 'IfStatement') {
    return (
      statement.alternate !== null &&
      alwaysBounds(statement.consequent, bounds) &&
      alwaysBounds(statement.alternate, bounds)
    );
  }
  if (statement.type === 'BlockStatement') return statement.body.some((inner) => alwaysBounds(inner, bounds));
  if (statement.type === 'TryStatement') {
    return (
      alwaysBounds(statement.block, bounds) ||
      (statement.finalizer !== null && alwaysBounds(statement.finalizer, bounds))
    );
  }
  return bounds.some(({ call }) => contains(statement, call) && branchBetween(call, statement) === null);
}

/** Whether every path to `sent` applies a bound: one in the expression sent, or in a statement that runs before it. */
function boundedOnEveryPath(sent: Node, bounds: readonly QueryLink[]): boolean {
  if (bounds.some(({ call }) => contains(sent, call) || contains(call, sent))) return true;
  let child: Node = sent;
  for (let current = sent.parent; current; child = current, current = current.parent) {
    const list =
      current.type === 'BlockStatement' || current.type === 'Program' || current.type === 'StaticBlock'
        ? current.body
        : current.type === 'SwitchCase'
          ? current.consequent
          : null;
    if (!list) continue;
    for (const statement of list as Node[]) {
      if (statement === child) break;
      if (alwaysBounds(statement, bounds)) return true;
    }
  }
  return false;
}

/**
 * For a read with row bounds that are all applied through its variable (none in
 * its own chain), the first path to a place it is sent that applies none of
 * them; null when every path applies one, or when the reason is not a branch
 * (a bound written after the request is sent is left alone).
 */
export function pathWithoutBound(
  use: QueryUse,
  bounds: readonly QueryLink[],
  sent: readonly Node[],
): UnboundedPath | null {
  if (bounds.length === 0) return null;
  const own = new Set(use.ownChain.map((link) => link.call));
  if (bounds.some((link) => own.has(link.call))) return null;
  for (const node of sent) {
    if (boundedOnEveryPath(node, bounds)) continue;
    for (const bound of bounds) {
      let top: Node = bound.call;
      while (top.parent && !contains(top.parent, node)) top = top.parent;
      // `cond ? q.single() : q`: the bound and the place sent are the two branches of one expression
      const split = top.parent?.type === 'ConditionalExpression' || top.parent?.type === 'LogicalExpression';
      const branch = branchBetween(bound.call, (split ? top.parent?.parent : top.parent) ?? top, bounds);
      if (branch) return { bound, ...branch };
    }
  }
  return null;
}

const MAX_TEST_TEXT = 60;

/** A bound call in words: `.eq('id')`, `.limit()`. */
function linkText(link: QueryLink, text: string): string {
  const callee = link.call.callee;
  const start = callee.type === 'MemberExpression' ? callee.property.range[0] : callee.range[0];
  const firstArgument = link.call.arguments[0];
  const words =
    firstArgument && link.name !== 'limit' && link.name !== 'range'
      ? `.${link.name}(${text.slice(firstArgument.range[0], firstArgument.range[1])})`
      : `.${text.slice(start, link.call.range[1]).split('(')[0]}()`;
  return `\`${words}\``;
}

/**
 * The bound and the path without it, in words: `.eq('id')`, "when `!isAdmin`
 * is false,"; a column of a composite key names the calls that fix the
 * others: "`.eq('bounty_id')` (a bound only together with `.eq('hunter_id')`,
 * the rest of its unique key)".
 */
export function describePath(found: UnboundedPath, text: string): { bound: string; path: string } {
  const together = (found.together ?? []).map((link) => linkText(link, text));
  const bound =
    together.length === 0
      ? linkText(found.bound, text)
      : `${linkText(found.bound, text)} (a bound only together with ${together.join(' and ')}, the rest of its unique key)`;
  const raw = found.test ? text.slice(found.test.range[0], found.test.range[1]).replace(/\s+/g, ' ') : '';
  const test = raw.length > MAX_TEST_TEXT ? `${raw.slice(0, MAX_TEST_TEXT - 3)}...` : raw;
  const path = {
    'test-false': `when \`${test}\` is false`,
    'test-true': `when \`${test}\` is true`,
    'other-cases': `for the other cases of \`switch (${test})\``,
    'no-iteration': 'when the loop runs no iteration',
    'no-error': 'when nothing is thrown',
    'not-called': 'when the function that applies it is not called first',
  }[found.path];
  return { bound, path: `${path},` };
}

/**
 * The first path to a place the request is sent on which none of its row
 * bounds is applied. Equalities (or lists) on a composite key bound the read
 * only on the paths that apply every one of them.
 */
export function unboundedPath(use: QueryUse, unique: UniqueColumns): UnboundedPath | null {
  const sent = directExecutions(use).map((execution) => execution.node);
  const bounds = use.links.filter((link) => rowBound([link], unique) !== null);
  const single = pathWithoutBound(use, bounds, sent);
  const composite = compositeKeyLinks(use.links, unique, true);
  if (!composite) return single;
  let missing: UnboundedPath | null = null;
  for (const link of composite) {
    const found: UnboundedPath | null = missing ? null : pathWithoutBound(use, [link], sent);
    // the message names every call of the key: one column of it bounds nothing alone
    if (found) missing = { ...found, together: composite.filter((other) => other !== link) };
  }
  if (missing === null) return null; // the key is applied on every path
  return bounds.length === 0 ? missing : single;
}

/**
 * Whether the read is a one-row read (row-bounds.ts isOneRowRead) on every
 * path to a place it is sent: `.single()`, an `eq` on a unique column, or every
 * column of a composite key, applied whatever branches run. A key's equalities
 * applied under tests (`if (a) q = q.eq('a', a); if (b) q = q.eq('b', b)`) make
 * one row on one path only.
 */
export function oneRowOnEveryPath(use: QueryUse, unique: UniqueColumns): boolean {
  if (!isOneRowRead(use.links, unique)) return false;
  const sent = directExecutions(use).map((execution) => execution.node);
  const single = use.links.filter((link) => isOneRowRead([link], unique));
  if (single.some((link) => pathWithoutBound(use, [link], sent) === null)) return true;
  const composite = compositeKeyLinks(use.links, unique);
  return composite !== null && composite.every((link) => pathWithoutBound(use, [link], sent) === null);
}
