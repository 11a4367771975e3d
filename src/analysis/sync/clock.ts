/**
 * Where a value comes from, as far as a cursor cares: the clock (`new Date()`,
 * `Date.now()`, arithmetic on them, a part of them such as today's date
 * `new Date().toISOString().split('T')[0]`, an rpc that returns the server's `now()`),
 * a constant (`new Date(0)`, a literal), or anything else (persisted state, a
 * previous result, a parameter). A bound computed from the clock or a
 * constant is a window; a bound from anything else behaves as a stored cursor.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  asMethodCall,
  enclosingFunction,
  type FunctionNode,
  isFunction,
  LOOPS,
  memberName,
  type Node,
  parentOf,
  staticString,
  subtree,
  unwrap,
  within,
} from '../ast.js';
import { constantInit, localFunction, resolveIdentifier, type Variable } from '../scope.js';
import type { AnalysisContext } from '../detector.js';

export type Origin = 'clock' | 'constant' | 'other';

const MAX_DEPTH = 8;

/** An rpc whose name says it returns the database's clock: `rpc('now')`, `rpc('get_server_time')`. */
const CLOCK_RPC = /now|time|clock/i;

/** Date-library factories that read the clock when called with no argument. */
const CLOCK_FACTORIES: ReadonlySet<string> = new Set(['dayjs', 'moment', 'DateTime', 'Date']);

function combine(origins: Origin[]): Origin {
  if (origins.includes('other')) return 'other';
  return origins.includes('clock') ? 'clock' : 'constant';
}

function either(origins: Origin[]): Origin {
  if (origins.includes('clock')) return 'clock';
  return combine(origins);
}

/** `const { data: now } = await supabase.rpc('now')`: a variable bound to the `data` of a clock rpc. */
function clockRpcBinding(variable: Variable): boolean {
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || def?.type !== 'Variable' || !def.node.init) return false;
  const property = parentOf(def.name);
  if (property?.type !== 'Property' || parentOf(property)?.type !== 'ObjectPattern') return false;
  if (property.key.type !== 'Identifier' || property.key.name !== 'data') return false;
  let init: Node = unwrap(def.node.init);
  if (init.type === 'AwaitExpression') init = unwrap(init.argument);
  const call = asMethodCall(init);
  return call !== null && call.name === 'rpc' && CLOCK_RPC.test(staticString(call.call.arguments[0]) ?? '');
}

function identifierOrigin(ctx: AnalysisContext, id: TSESTree.Identifier, depth: number): Origin {
  if (id.name === 'undefined') return 'constant';
  const variable = resolveIdentifier(ctx, id);
  if (!variable) return 'other';
  if (clockRpcBinding(variable)) return 'clock';
  const init = constantInit(variable);
  return init ? valueOrigin(ctx, init, depth + 1) : writtenOrigin(ctx, variable, id, depth);
}

/**
 * A `let` given its value in branches: `let cutoff: Date; if (p === 'today') cutoff =
 * new Date(now.getFullYear(), now.getMonth(), now.getDate()); else cutoff = new Date(0);`
 * then read at `read`. Every value it may hold there (its initializer and each `=` to it)
 * comes from the clock or is a constant when each is written in the function `read` is
 * in, before `read`, and no loop around `read` leaves the declaration outside (a value
 * from an earlier turn, or one written later or in another function, is kept state: a
 * cursor, even from the clock).
 */
function writtenOrigin(ctx: AnalysisContext, variable: Variable, read: TSESTree.Identifier, depth: number): Origin {
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || def?.type !== 'Variable' || def.node.id.type !== 'Identifier') return 'other';
  const fn = enclosingFunction(read);
  if (enclosingFunction(def.node) !== fn) return 'other';
  for (let current = parentOf(read); current && current !== fn; current = parentOf(current)) {
    if (LOOPS.has(current.type) && !within(def.node, current)) return 'other';
  }
  const values: Node[] = def.node.init ? [def.node.init] : [];
  for (const reference of variable.references) {
    if (!reference.isWrite() || reference.init === true) continue;
    const assignment = parentOf(reference.identifier);
    if (assignment?.type !== 'AssignmentExpression' || assignment.operator !== '=') return 'other';
    if (assignment.left !== reference.identifier || enclosingFunction(assignment) !== fn) return 'other';
    if (assignment.range[1] > read.range[0]) return 'other';
    values.push(assignment.right);
  }
  if (values.length === 0) return 'other';
  return combine(values.map((value) => valueOrigin(ctx, value, depth + 1)));
}

/**
 * What a function of this file returns, from the clock or a constant on every
 * path: `function since(days) { const d = new Date(); d.setDate(d.getDate() - days);
 * return d.toISOString(); }`. Its parameters are 'other'; no return is 'other'.
 */
function returnOrigin(ctx: AnalysisContext, fn: FunctionNode, depth: number): Origin {
  if (fn.body.type !== 'BlockStatement') return valueOrigin(ctx, fn.body, depth + 1);
  const returned: Origin[] = [];
  for (const node of subtree(fn.body, (inner) => !isFunction(inner))) {
    if (node.type !== 'ReturnStatement') continue;
    returned.push(node.argument ? valueOrigin(ctx, node.argument, depth + 1) : 'other');
  }
  return returned.length === 0 ? 'other' : combine(returned);
}

/** Calls that hand back what the function they are given returns: React's useMemo, Vue's computed. */
const MEMOS: ReadonlySet<string> = new Set(['useMemo', 'computed']);

/** `Date.parse(s)`, `Date.UTC(y, m, d)`: a date made of the arguments, so from where they come. */
const DATE_OF_ARGUMENTS: ReadonlySet<string> = new Set(['parse', 'UTC']);

function callOrigin(ctx: AnalysisContext, node: TSESTree.CallExpression, depth: number): Origin {
  const callee = unwrap(node.callee);
  const args = node.arguments.filter((arg): arg is TSESTree.Expression => arg.type !== 'SpreadElement');
  if (callee.type === 'MemberExpression') {
    const name = memberName(callee);
    // Date.now(), performance.now(), DateTime.now(), Temporal.Now.instant()
    if (name === 'now') return 'clock';
    const object = unwrap(callee.object);
    if (object.type === 'MemberExpression' && memberName(object) === 'Now') return 'clock';
    if (object.type === 'Identifier' && object.name === 'Date' && name !== null && DATE_OF_ARGUMENTS.has(name)) {
      if (args.length === 0 || args.length < node.arguments.length) return 'other';
      return either(args.map((arg) => valueOrigin(ctx, arg, depth + 1)));
    }
    // x.toISOString(), dayjs().subtract(90, 'day'), x.getTime()
    return valueOrigin(ctx, callee.object, depth + 1);
  }
  if (callee.type === 'Identifier') {
    if (args.length === 0 && CLOCK_FACTORIES.has(callee.name)) return 'clock';
    // useMemo(() => { const d = new Date(); d.setHours(0, 0, 0, 0); return d.toISOString(); }, []): what the callback returns
    const computed = args[0] && unwrap(args[0]);
    if (MEMOS.has(callee.name) && computed && isFunction(computed)) return returnOrigin(ctx, computed, depth);
    // a function of this file whose every return comes from the clock: `periodStart(period)`
    const local = localFunction(ctx, callee);
    const returned = local ? returnOrigin(ctx, local, depth) : 'other';
    if (returned !== 'other' || args.length === 0) return returned;
    // subDays(new Date(), 90), startOfDay(now), String(x)
    return valueOrigin(ctx, args[0]!, depth + 1);
  }
  return 'other';
}

/** Where the value of `node` comes from. */
export function valueOrigin(ctx: AnalysisContext, node: Node, depth = 0): Origin {
  if (depth > MAX_DEPTH) return 'other';
  const inner = unwrap(node);
  switch (inner.type) {
    case 'Literal':
      return 'constant';
    case 'TemplateLiteral':
      return combine(inner.expressions.map((expression) => valueOrigin(ctx, expression, depth + 1)));
    case 'Identifier':
      return identifierOrigin(ctx, inner, depth);
    case 'AwaitExpression':
      return valueOrigin(ctx, inner.argument, depth + 1);
    case 'NewExpression': {
      const callee = unwrap(inner.callee);
      if (callee.type !== 'Identifier' || !CLOCK_FACTORIES.has(callee.name)) return 'other';
      const first = inner.arguments[0];
      if (!first) return 'clock';
      return first.type === 'SpreadElement' ? 'other' : valueOrigin(ctx, first, depth + 1);
    }
    case 'CallExpression':
      return callOrigin(ctx, inner, depth);
    case 'BinaryExpression':
      // now - 90 days: arithmetic on the clock is the clock, whatever the other side is
      return either([valueOrigin(ctx, inner.left, depth + 1), valueOrigin(ctx, inner.right, depth + 1)]);
    case 'UnaryExpression':
      return valueOrigin(ctx, inner.argument, depth + 1);
    case 'MemberExpression': {
      // a part of a value from the clock is the clock: `new Date().toISOString().split('T')[0]` (today's date)
      const object = valueOrigin(ctx, inner.object, depth + 1);
      return object === 'clock' ? 'clock' : 'other';
    }
    case 'ConditionalExpression':
      return combine([valueOrigin(ctx, inner.consequent, depth + 1), valueOrigin(ctx, inner.alternate, depth + 1)]);
    case 'LogicalExpression':
      return combine([valueOrigin(ctx, inner.left, depth + 1), valueOrigin(ctx, inner.right, depth + 1)]);
    default:
      return 'other';
  }
}

const UPPER_OPERATORS: ReadonlySet<string> = new Set(['lt', 'lte']);

function argument(call: TSESTree.CallExpression, index: number): TSESTree.Expression | undefined {
  const arg = call.arguments[index];
  return arg && arg.type !== 'SpreadElement' ? arg : undefined;
}

/**
 * Whether the lower bound `bound` (`.gt(col, x)` / `.gte(col, x)`) of a read
 * is a window rather than a stored cursor: its value comes from the clock or
 * is a constant, or the read also bounds `col` from above (a start/end pair).
 * Any other value (persisted state, a previous result, a parameter handed in
 * as the sync position) behaves as a cursor.
 */
export function isWindowBound(
  ctx: AnalysisContext,
  links: readonly { name: string; call: TSESTree.CallExpression }[],
  bound: TSESTree.CallExpression,
): boolean {
  const column = staticString(argument(bound, 0));
  const value = argument(bound, 1);
  if (!value) return false;
  if (valueOrigin(ctx, value) !== 'other') return true;
  return links.some(({ name, call }) => {
    if (UPPER_OPERATORS.has(name)) return staticString(argument(call, 0)) === column;
    if (name === 'filter') {
      return staticString(argument(call, 0)) === column && UPPER_OPERATORS.has(staticString(argument(call, 1)) ?? '');
    }
    return false;
  });
}
