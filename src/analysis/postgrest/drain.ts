/**
 * A read that drains what it reads: in a loop, each pass reads a page of the
 * rows its filter selects and deletes those same rows by what it read
 * (`const ids = batch.map((r) => r.id); await db.from(t).delete().in('id', ids)`),
 * until none is left. Every row the filter selects is deleted in the end,
 * whatever order the pages come in: an order of the read changes nothing.
 *
 * Recognised in one shape, all of it in the loop's body: the read's `data`
 * destructured into a variable (`const { data: batch } = await ...`), and a
 * `.delete()` on the same table (named by the same string) filtered with
 * `.in()` or `.eq()` by a value made from that variable (directly, or through
 * a local constant whose initializer reads it). A delete on another table, by
 * values that do not come from the read, or outside the loop, is no drain.
 *
 * With no loop, one batch (expiresWhatItReads): a read of the rows older than
 * a cutoff taken from the clock (`.lt('created_at', cutoff)`, `cutoff` from
 * `new Date()`), a written-out `.limit(n)`, then a delete of those rows by what
 * it read. Every row it deletes is past the cutoff, and the rest of them go on
 * the next run: which ones first does not decide what is deleted. A batch
 * with no such cutoff (`select('id').limit(100)` then delete: "trim to the
 * newest") or a computed limit (`.limit(count - keep)`: "keep the newest
 * `keep`") decides by the order which rows survive, and stays reported.
 */
import {
  argumentAt,
  enclosingFunction,
  isFunction,
  keyName,
  loopInFunction,
  memberName,
  type Node,
  outermost,
  staticString,
  subtree,
  unwrap,
} from '../ast.js';
import { valueOrigin } from '../sync/clock.js';
import type { AnalysisContext } from '../detector.js';
import { resolveIdentifier, type Variable } from '../scope.js';
import { analyzeQuery, type QueryUse } from './query-use.js';
import { deleteRoot, writeRoot } from './query-root.js';
import { lengthTarget, withoutEmptyDefault } from './sole-row.js';

/** `const { data: rows } = await q`, `const { data } = await q`: the variable that holds the rows. */
function dataVariable(ctx: AnalysisContext, use: QueryUse): Variable | null {
  if (use.executions.length !== 1) return null;
  let holder: Node = outermost(use.executions[0]!.node);
  if (holder.parent?.type === 'AwaitExpression') holder = outermost(holder.parent);
  const declarator = holder.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== holder) return null;
  if (declarator.id.type !== 'ObjectPattern') return null;
  for (const property of declarator.id.properties) {
    if (property.type !== 'Property' || property.computed) continue;
    if (property.key.type !== 'Identifier' || property.key.name !== 'data') continue;
    return property.value.type === 'Identifier' ? resolveIdentifier(ctx, property.value) : null;
  }
  return null;
}

/**
 * Whether `node` reads `rows`, directly or through a local constant whose
 * initializer does (`const ids = rows.map(...)`), or through the item of a
 * loop over them (`for (const m of rows ?? [])`, `rows.forEach((m) => ...)`).
 */
function madeFrom(ctx: AnalysisContext, node: Node, rows: Variable, depth = 0): boolean {
  for (const inner of subtree(node)) {
    if (inner.type !== 'Identifier') continue;
    const variable = resolveIdentifier(ctx, inner);
    if (!variable) continue;
    if (variable === rows) return true;
    if (depth > 0) continue;
    const source = itemOf(variable);
    if (source && madeFrom(ctx, source, rows, depth + 1)) return true;
    const def = variable.defs[0];
    if (variable.defs.length !== 1 || def?.type !== 'Variable' || def.parent.kind !== 'const') continue;
    const init = def.node.init;
    if (init && madeFrom(ctx, init, rows, depth + 1)) return true;
  }
  return false;
}

/** What a variable is an item of: the right side of `for (const m of X)`, or `X` of `X.forEach((m) => ...)` / `X.map`. */
function itemOf(variable: Variable): Node | null {
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || !def) return null;
  if (def.type === 'Variable') {
    const statement = def.parent.parent;
    return statement.type === 'ForOfStatement' && statement.left === def.parent ? statement.right : null;
  }
  if (def.type !== 'Parameter' || !isFunction(def.node) || def.node.params[0] !== def.name) return null;
  const call = def.node.parent;
  if (call.type !== 'CallExpression' || call.arguments[0] !== def.node) return null;
  const callee = unwrap(call.callee);
  const name = callee.type === 'MemberExpression' ? memberName(callee) : null;
  return callee.type === 'MemberExpression' && name !== null && ITEM_CALLBACKS.has(name) ? callee.object : null;
}

const ITEM_CALLBACKS: ReadonlySet<string> = new Set(['forEach', 'map']);

/** A hard delete on `table` in `body` (query-root.ts deleteRoot), filtered by `.in()`/`.eq()` with a value made from `rows`. */
/** Whether a write's filters pick the rows read: `.in('id', rows.map(...))`, `.eq('id', row.id)`. */
function filtersByRowsRead(ctx: AnalysisContext, root: Parameters<typeof analyzeQuery>[1], rows: Variable): boolean {
  return analyzeQuery(ctx, root).links.some(
    ({ name, call }) =>
      (name === 'in' || name === 'eq') && call.arguments[1] !== undefined && madeFrom(ctx, call.arguments[1], rows),
  );
}

function deletesRowsRead(ctx: AnalysisContext, body: Node, table: string, rows: Variable): boolean {
  for (const node of subtree(body)) {
    if (node.type !== 'CallExpression') continue;
    const root = deleteRoot(ctx, node);
    if (root?.name !== table) continue;
    if (filtersByRowsRead(ctx, root, rows)) return true;
  }
  return false;
}

type Scalar = string | number | boolean | bigint | null;

/** A value written out: a string, number or boolean literal, null, or a negative number (`-1`). */
function literalValue(node: Node | undefined): { value: Scalar } | null {
  const inner = node && unwrap(node);
  if (inner?.type === 'UnaryExpression' && inner.operator === '-') {
    const argument = unwrap(inner.argument);
    return argument.type === 'Literal' && typeof argument.value === 'number' ? { value: -argument.value } : null;
  }
  return inner?.type === 'Literal' && !('regex' in inner) ? { value: inner.value } : null;
}

/**
 * What an update writes to a column, as far as the code says: a value written
 * out (`known`), or a value that is never null (`{ known: false }`).
 */
type Written = { known: true; value: Scalar } | { known: false };

/** `String`, `Date` not declared in the file: the global. */
function isGlobal(ctx: AnalysisContext, node: Node, name: string): boolean {
  if (node.type !== 'Identifier' || node.name !== name) return false;
  const variable = resolveIdentifier(ctx, node);
  return !variable || variable.defs.length === 0;
}

/**
 * A value that is never null, whatever the names in it hold: a template
 * literal, `String(x)`, `!x`, an object or array literal, `Date.now()`,
 * `new Date().toISOString()` (the clock: always a valid date). A number the
 * code computes is not one (`NaN` goes out as null), nor a call's result.
 */
function isNeverNull(ctx: AnalysisContext, node: Node): boolean {
  const inner = unwrap(node);
  switch (inner.type) {
    case 'TemplateLiteral':
    case 'ObjectExpression':
    case 'ArrayExpression':
      return true;
    case 'UnaryExpression':
      return inner.operator === '!';
    case 'CallExpression': {
      const callee = unwrap(inner.callee);
      if (isGlobal(ctx, callee, 'String')) return true;
      if (callee.type !== 'MemberExpression' || inner.arguments.length > 0) return false;
      const object = unwrap(callee.object);
      if (memberName(callee) === 'now') return isGlobal(ctx, object, 'Date');
      return (
        memberName(callee) === 'toISOString' &&
        object.type === 'NewExpression' &&
        object.arguments.length === 0 &&
        isGlobal(ctx, object.callee, 'Date')
      );
    }
    default:
      return false;
  }
}

function writtenValue(ctx: AnalysisContext, node: Node): Written | null {
  const literal = literalValue(node);
  if (literal) return { known: true, value: literal.value };
  return isNeverNull(ctx, node) ? { known: false } : null;
}

/** The same value to Postgres: `5` and `'5'`, `true` and `'true'` (a column's type casts the text). */
function sameValue(a: Scalar, b: Scalar): boolean {
  if (a === null || b === null) return a === b;
  return String(a) === String(b);
}

/** Whether a row whose column is set to `written` may still pass one filter of the read. */
type Admits = (written: Written) => boolean;

const COMPARE: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
};

/**
 * One filter of the read on a column, when its value is written out:
 * `.eq(col, v)`, `.in(col, [a, b])`, `.is(col, null)`, and `.lt/.lte/.gt/.gte(col, n)`
 * against a number (a null fails a comparison: `null < 0` is not true in SQL).
 */
function filterAdmits(name: string, value: Node): Admits | null {
  if (name === 'eq' || name === 'is') {
    const literal = literalValue(value);
    if (!literal) return null;
    // `is(col, null)`: a value never null leaves it
    return (written) => (written.known ? sameValue(written.value, literal.value) : literal.value !== null);
  }
  if (name === 'in' && value.type === 'ArrayExpression') {
    const literals = value.elements.map((element) =>
      element?.type === 'SpreadElement' ? null : literalValue(element ?? undefined),
    );
    const known = literals.flatMap((literal) => (literal ? [literal.value] : []));
    if (known.length !== literals.length) return null;
    return (written) => !written.known || known.some((item) => sameValue(item, written.value));
  }
  const compare = COMPARE[name];
  const bound = literalValue(value)?.value;
  if (!compare || typeof bound !== 'number') return null;
  return (written) => {
    if (!written.known || typeof written.value === 'string') return true;
    return typeof written.value === 'number' && compare(written.value, bound);
  };
}

/** The filters of the read on each column, when their values are written out (filterAdmits). */
function filteredValues(use: QueryUse): Map<string, Admits[]> {
  const values = new Map<string, Admits[]>();
  for (const { name, call } of use.links) {
    const column = staticString(argumentAt(call, 0));
    const value = argumentAt(call, 1);
    const admits = column !== null && value ? filterAdmits(name, value) : null;
    if (column === null || !admits) continue;
    values.set(column, [...(values.get(column) ?? []), admits]);
  }
  return values;
}

/**
 * An update of `table` in `body`, filtered with `.in()`/`.eq()` by a value made
 * from `rows`, that sets a column the read filters on to a value outside the
 * filter (`.eq('status', 'sent')` read, `.update({ status: 'delivered' })`;
 * `.lt('credit', 0)`, `.update({ credit: 0 })`; `.is('sent_at', null)`,
 * `.update({ sent_at: new Date().toISOString() })`): each row it updates
 * leaves the read's filter. Not under a test of its own inside `body`
 * (`if (...) update`; a test that holds whenever rows were read, `if (rows?.length)`,
 * is none): every row read is updated.
 */
function movesRowsRead(ctx: AnalysisContext, body: Node, table: string, rows: Variable, use: QueryUse): boolean {
  const filtered = filteredValues(use);
  if (filtered.size === 0) return false;
  const read = new Set(ancestors(use.chainEnd));
  for (const node of subtree(body)) {
    if (node.type !== 'CallExpression') continue;
    const write = writeRoot(ctx, node);
    if (write?.method !== 'update' || write.root.name !== table) continue;
    if (underTest(ctx, node, body, { rows, read })) continue;
    const set = unwrap(node.arguments[0] ?? node);
    if (set.type !== 'ObjectExpression') continue;
    const leaves = set.properties.some((property) => {
      if (property.type !== 'Property' || property.computed) return false;
      const column = keyName(property.key, false);
      const value = writtenValue(ctx, property.value);
      const filters = column === null ? undefined : filtered.get(column);
      return filters !== undefined && value !== null && filters.some((admits) => !admits(value));
    });
    if (!leaves) continue;
    if (filtersByRowsRead(ctx, write.root, rows)) return true;
  }
  return false;
}

/** Statements that leave the rest of a block: a row they leave by is not updated. */
const EXITS: ReadonlySet<string> = new Set([
  'ContinueStatement',
  'BreakStatement',
  'ReturnStatement',
  'ThrowStatement',
]);

/** `node` and the nodes around it, innermost first. */
function* ancestors(node: Node): Generator<Node> {
  for (let current: Node | undefined = node; current; current = current.parent) yield current;
}

const FLIPPED: Readonly<Record<string, string>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

/** `rows`, `rows!`, `rows ?? []`: the variable that holds the rows read. */
function isRows(ctx: AnalysisContext, node: Node, rows: Variable): boolean {
  const inner = withoutEmptyDefault(node);
  return inner.type === 'Identifier' && resolveIdentifier(ctx, inner) === rows;
}

/**
 * Whether `test` comes out `when` whenever the read gave rows: `rows`,
 * `rows?.length`, `rows.length > 0`, `!rows?.length` false, `rows && rows.length`.
 */
function decidedByRows(ctx: AnalysisContext, test: Node, rows: Variable, when: boolean): boolean {
  const inner = unwrap(test);
  if (inner.type === 'UnaryExpression' && inner.operator === '!')
    return decidedByRows(ctx, inner.argument, rows, !when);
  if (inner.type === 'LogicalExpression' && inner.operator !== '??') {
    const left = decidedByRows(ctx, inner.left, rows, when);
    const right = decidedByRows(ctx, inner.right, rows, when);
    // `a && b` true and `a || b` false need both; `a && b` false and `a || b` true, one
    return (inner.operator === '&&') === when ? left && right : left || right;
  }
  const counted = lengthTarget(inner);
  if (isRows(ctx, counted ?? inner, rows)) return when;
  if (inner.type !== 'BinaryExpression' || inner.left.type === 'PrivateIdentifier') return false;
  const leftCount = lengthTarget(inner.left);
  const count = leftCount ?? lengthTarget(inner.right);
  const other = unwrap(leftCount ? inner.right : inner.left);
  if (!count || !isRows(ctx, count, rows) || other.type !== 'Literal') return false;
  // with rows, the count is 1 or more: `n > 0`, `n >= 1`, `n !== 0` true; `n === 0`, `n < 1` false
  const op = leftCount ? inner.operator : (FLIPPED[inner.operator] ?? inner.operator);
  const trueWithRows = op === '>' || op === '!==' || op === '!=' ? other.value === 0 : op === '>=' && other.value === 1;
  const falseWithRows =
    op === '===' || op === '==' || op === '<=' ? other.value === 0 : op === '<' && other.value === 1;
  return when ? trueWithRows : falseWithRows;
}

/** `if (!rows?.length) continue;`: a statement that may leave only when no row was read. */
function leavesOnlyWithoutRows(ctx: AnalysisContext, statement: Node, rows: Variable): boolean {
  return (
    statement.type === 'IfStatement' && statement.alternate === null && decidedByRows(ctx, statement.test, rows, false)
  );
}

/** The test of `current` around `child`, which `child` runs under whenever the read gave rows. */
function heldByRows(ctx: AnalysisContext, current: Node, child: Node, rows: Variable): boolean {
  if (current.type === 'IfStatement' || current.type === 'ConditionalExpression') {
    if (child === current.consequent) return decidedByRows(ctx, current.test, rows, true);
    return child === current.alternate && decidedByRows(ctx, current.test, rows, false);
  }
  return (
    current.type === 'LogicalExpression' &&
    child === current.right &&
    current.operator !== '??' &&
    decidedByRows(ctx, current.left, rows, current.operator === '&&')
  );
}

/**
 * Whether `node` runs only when a test inside `body` holds: an `if`, `?:`,
 * `&&`, a `switch` case, a `catch`, a callback run later, or an earlier
 * statement of a block inside `body` that may leave it (`if (done) continue;`).
 * `body`'s own statements may leave (`if (!batch?.length) break;`): then no row is left.
 * Given the rows read and where the read is (`read`: its node and those around it),
 * only tests between the update and what encloses both count, and a test that
 * holds whenever rows were read (`if (rows?.length)`, `if (!rows.length) continue;`)
 * is none.
 */
function underTest(
  ctx: AnalysisContext,
  node: Node,
  body: Node,
  reading?: { rows: Variable; read: ReadonlySet<Node> },
): boolean {
  let child: Node = node;
  for (let current = node.parent; current && current !== body; child = current, current = current.parent) {
    if (reading?.read.has(current)) return false;
    const type = current.type;
    if (reading && heldByRows(ctx, current, child, reading.rows)) continue;
    if (
      type === 'IfStatement' ||
      type === 'ConditionalExpression' ||
      type === 'LogicalExpression' ||
      type === 'SwitchCase' ||
      type === 'CatchClause'
    )
      return true;
    if (isFunction(current) && !itemCallback(current)) return true;
    if (type !== 'BlockStatement' || current.parent === body) continue;
    for (const statement of current.body) {
      if (statement === child) break;
      if (reading && leavesOnlyWithoutRows(ctx, statement, reading.rows)) continue;
      if ([...subtree(statement, (inner) => !isFunction(inner))].some((inner) => EXITS.has(inner.type))) return true;
    }
  }
  return false;
}

/** A callback run for each item at once (`rows.forEach((m) => ...)`, `rows.map(...)`). */
function itemCallback(fn: Node): boolean {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== fn) return false;
  const callee = unwrap(call.callee);
  const name = callee.type === 'MemberExpression' ? memberName(callee) : null;
  return name !== null && ITEM_CALLBACKS.has(name);
}

/**
 * Whether each row the read takes leaves its filter by what the code does
 * with it: deleted, or updated to a value outside the filter, by what it read.
 */
function handlesRowsRead(ctx: AnalysisContext, body: Node, table: string, rows: Variable, use: QueryUse): boolean {
  return deletesRowsRead(ctx, body, table, rows) || movesRowsRead(ctx, body, table, rows, use);
}

/**
 * Whether the read is a batch of a queue: each run takes a page of the rows
 * its filter selects and updates each of them, by what it read, to a value
 * outside that filter (`.eq('status', 'sent').limit(50)`, then
 * `.update({ status: 'delivered' }).eq('id', m.id)` for each). Every row
 * leaves in the end, whatever order the pages come in.
 */
export function movesWhatItReads(ctx: AnalysisContext, use: QueryUse): boolean {
  const table = use.root.name;
  const fn = enclosingFunction(use.chainEnd);
  const rows = dataVariable(ctx, use);
  return table !== null && fn !== null && rows !== null && movesRowsRead(ctx, fn.body, table, rows, use);
}

/** Whether the read is a page of a loop that deletes, by what it read, the rows it read (see above). */
export function drainsWhatItReads(ctx: AnalysisContext, use: QueryUse): boolean {
  const table = use.root.name;
  if (table === null) return false;
  const loop = loopInFunction(use.chainEnd);
  if (!loop) return false;
  const rows = dataVariable(ctx, use);
  return rows !== null && handlesRowsRead(ctx, loop, table, rows, use);
}

/** `.lt(col, cutoff)` / `.lte(col, cutoff)` where `cutoff` comes from the clock: the rows older than a moment of this run. */
function hasClockCutoff(ctx: AnalysisContext, use: QueryUse): boolean {
  return use.links.some(({ name, call }) => {
    const value = argumentAt(call, 1);
    return (name === 'lt' || name === 'lte') && value !== undefined && valueOrigin(ctx, value) === 'clock';
  });
}

/** Whether the read is one batch of expired rows, deleted by what it read in the same function (see above). */
export function expiresWhatItReads(ctx: AnalysisContext, use: QueryUse): boolean {
  const table = use.root.name;
  if (table === null || loopInFunction(use.chainEnd)) return false;
  const limits = use.links.filter(({ name }) => name === 'limit');
  const literal = (node: Node | undefined) => node?.type === 'Literal' && typeof node.value === 'number';
  if (limits.length === 0 || !limits.every(({ call }) => literal(argumentAt(call, 0)))) return false;
  if (!hasClockCutoff(ctx, use)) return false;
  const fn = enclosingFunction(use.chainEnd);
  const rows = dataVariable(ctx, use);
  return fn !== null && rows !== null && deletesRowsRead(ctx, fn.body, table, rows);
}
