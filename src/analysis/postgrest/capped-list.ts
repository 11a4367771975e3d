/**
 * Lists that hold at most a few items whatever the data: `items.slice(0, N)`,
 * the rows of a read with `.limit(N)`, where N is a number the code writes
 * out (here, or as a constant of a module it imports) and is at most
 * MAX_CAPPED_ITEMS, or the rows of a read keyed by at most
 * that many values written out (`.in('id', [a, b])`, or an equality and such a
 * list on the columns of a composite key: `.eq('instance_id', i).in('phone',
 * [raw, normalized])` on `UNIQUE (instance_id, phone)`), when the caller gives
 * the tables' keys (RowKeys). A loop over one runs at most N times:
 * a request in it is a handful of requests, not one per item of a growing
 * collection (per-item.ts). N is a literal, a constant initialised with one,
 * or a parameter of a function of this module that only this module calls
 * (not exported, every reference a direct call) and every call passes such a
 * number: one call level, no further.
 */
import {
  asMethodCall,
  type FunctionNode,
  isFunction,
  isLiteralOf,
  keyName,
  LOOPS,
  type Node,
  outermost,
  staticString,
  unwrap,
  within,
} from '../ast.js';
import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../detector.js';
import { constantInit, constantValue, resolveIdentifier, type Variable } from '../scope.js';
import type { UniqueColumns } from './row-bounds.js';

/** The keys of a table: its unique columns and composite keys (row-bounds.ts uniqueColumnsFor). */
export type RowKeys = (table: string) => UniqueColumns;

/** The largest cap that still makes a loop "a few requests": a worker draining one or two tasks a pass. */
export const MAX_CAPPED_ITEMS = 3;

/** Methods that give a list no longer than their receiver. */
const SHRINKING = new Set(['filter', 'map', 'slice', 'reverse', 'sort', 'toSorted', 'toReversed']);

/** A write of `variable` as written: its initialiser or the right side of a plain `=`. */
interface Write {
  node: Node;
  value: Node | null;
}

/** Whether `node` is a whole number from 0 to MAX_CAPPED_ITEMS, as the code writes it (calls: levels of callers left). */
export function isSmallCount(ctx: AnalysisContext, node: Node | undefined, calls = 1): boolean {
  if (!node) return false;
  const inner = unwrap(node);
  if (inner.type === 'Literal') {
    return (
      typeof inner.value === 'number' &&
      Number.isInteger(inner.value) &&
      inner.value >= 0 &&
      inner.value <= MAX_CAPPED_ITEMS
    );
  }
  // a constant written out here or in a module it imports (`PLANNER.MAX_NOW`, `import { MAX } from './limits'`)
  const value = constantValue(ctx, inner);
  if (value !== null)
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_CAPPED_ITEMS;
  if (inner.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, inner);
  if (!variable) return false;
  const init = constantInit(variable);
  if (init) return isSmallCount(ctx, init, calls);
  return calls > 0 && parameterArguments(ctx, variable).every((argument) => isSmallCount(ctx, argument, calls - 1));
}

/** The variable a function is bound to: `function f()`, `const f = () => ...`; null for anything else. */
function functionBinding(ctx: AnalysisContext, fn: FunctionNode): Variable | null {
  if (fn.type === 'FunctionDeclaration' && fn.id) {
    if (fn.parent.type === 'ExportNamedDeclaration' || fn.parent.type === 'ExportDefaultDeclaration') return null;
    const scope = ctx.getScope(fn).upper;
    return scope?.set.get(fn.id.name) ?? null;
  }
  const parent = outermost(fn).parent;
  if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return null;
  if (parent.parent.parent.type === 'ExportNamedDeclaration') return null;
  return resolveIdentifier(ctx, parent.id);
}

/**
 * What every call of the function whose parameter `variable` is passes for
 * it; [undefined] (no number) when a call is not known: the function is
 * exported, handed on as a value, or never called here.
 */
export function parameterArguments(ctx: AnalysisContext, variable: Variable): (Node | undefined)[] {
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || def?.type !== 'Parameter' || !isFunction(def.node)) return [undefined];
  const fn = def.node;
  const index = fn.params.findIndex((param) => param === def.name);
  const binding = index >= 0 ? functionBinding(ctx, fn) : null;
  if (!binding) return [undefined];
  const calls = binding.references.filter((reference) => !reference.init);
  if (calls.length === 0) return [undefined];
  return calls.map((reference) => {
    const callee = outermost(reference.identifier);
    const call = callee.parent;
    if (call?.type !== 'CallExpression' || call.callee !== callee) return undefined;
    if (call.arguments.slice(0, index + 1).some((arg) => arg.type === 'SpreadElement')) return undefined;
    return call.arguments[index];
  });
}

/**
 * The rows a chain's key filters allow at most: with `keys`, an equality on a
 * unique column (one row), or a composite key each of whose columns has an
 * equality or an `.in()` of a list written out (the product of the lists'
 * lengths), or an `.in()` of such a list on a unique column (its length).
 * Null when no key bounds the read.
 */
function keyedRows(
  calls: { name: string; call: TSESTree.CallExpression }[],
  table: string,
  keys: RowKeys,
): number | null {
  const unique = keys(table);
  const fixed = new Map<string, number>();
  const fix = (column: string | null, rows: number) => {
    if (column !== null) fixed.set(column, Math.min(fixed.get(column) ?? rows, rows));
  };
  for (const { name, call } of calls) {
    const [column, value] = call.arguments;
    if (name === 'eq' && call.arguments.length === 2) fix(staticString(column), 1);
    if (
      name === 'in' &&
      value?.type === 'ArrayExpression' &&
      value.elements.every((el) => el && el.type !== 'SpreadElement')
    )
      fix(staticString(column), value.elements.length);
    if (name === 'match' && call.arguments.length === 1 && column?.type === 'ObjectExpression')
      for (const property of column.properties)
        if (property.type === 'Property') fix(keyName(property.key, property.computed), 1);
  }
  let least: number | null = null;
  const take = (rows: number) => {
    least = least === null ? rows : Math.min(least, rows);
  };
  for (const [column, rows] of fixed) if (unique.has(column)) take(rows);
  for (const key of unique.composites ?? [])
    if (key.every((column) => fixed.has(column)))
      take(key.reduce((product, column) => product * fixed.get(column)!, 1));
  return least;
}

/**
 * A read that brings back at most MAX_CAPPED_ITEMS rows: `.limit(N)` on the
 * chain it is sent with, N a small count, not on an embedded resource, and no
 * range; or, with `keys`, key filters that allow no more rows (keyedRows).
 */
function isCappedRead(ctx: AnalysisContext, value: Node, keys?: RowKeys): boolean {
  let node = unwrap(value);
  if (node.type === 'AwaitExpression') node = unwrap(node.argument);
  let capped = false;
  let table: string | null = null;
  let from = false;
  const filters: { name: string; call: TSESTree.CallExpression }[] = [];
  for (let call = asMethodCall(node); call; call = asMethodCall(call.object)) {
    if (call.name === 'range') return false;
    if (call.name === 'limit') capped ||= call.call.arguments.length === 1 && isSmallCount(ctx, call.call.arguments[0]);
    if (call.name === 'eq' || call.name === 'in' || call.name === 'match') filters.push(call);
    if (call.name === 'from') {
      from = true;
      table = staticString(call.call.arguments[0]);
    }
  }
  if (!from) return false;
  if (capped) return true;
  if (!keys || table === null) return false;
  const rows = keyedRows(filters, table, keys);
  return rows !== null && rows <= MAX_CAPPED_ITEMS;
}

/** `const { data: rows } = await q.limit(N)`: the variable is the rows of a capped read. */
function isCappedRows(ctx: AnalysisContext, variable: Variable, keys?: RowKeys): boolean {
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || def?.type !== 'Variable' || def.node.id.type !== 'ObjectPattern') return false;
  if (!def.node.init || variable.references.some((reference) => reference.isWrite() && !reference.init)) return false;
  const taken = def.node.id.properties.some(
    (property) =>
      property.type === 'Property' &&
      !property.computed &&
      property.key.type === 'Identifier' &&
      property.key.name === 'data' &&
      property.value === def.name,
  );
  return taken && isCappedRead(ctx, def.node.init, keys);
}

/** Every write of a variable: its initialiser (when it has one) and each assignment; null for any other write. */
function writesOf(variable: Variable): Write[] | null {
  const writes: Write[] = [];
  for (const reference of variable.references) {
    if (!reference.isWrite()) continue;
    const parent = reference.identifier.parent;
    if (reference.init && parent.type === 'VariableDeclarator' && parent.id === reference.identifier) {
      writes.push({ node: parent, value: parent.init });
    } else if (
      parent.type === 'AssignmentExpression' &&
      parent.left === reference.identifier &&
      parent.operator === '='
    ) {
      writes.push({ node: parent, value: parent.right });
    } else {
      return null;
    }
  }
  return writes;
}

/**
 * The write whose value the list has at `at`: the last one before it that
 * every path to `at` runs (an initialiser or an `x = ...;` statement in a
 * block that holds `at`, outside any function `at` is not in), with no other
 * write of the variable in between (nor inside `at` itself, which is where a
 * loop reads its list).
 */
function reachingWrite(variable: Variable, at: Node): Write | null {
  const writes = writesOf(variable);
  if (!writes) return null;
  const before = writes.filter((write) => write.node.range[1] <= at.range[0]);
  const last = before.reduce<Write | null>((a, b) => (a && a.node.range[0] > b.node.range[0] ? a : b), null);
  if (
    !last ||
    writes.some(
      (write) => write !== last && write.node.range[0] > last.node.range[0] && write.node.range[0] < at.range[1],
    )
  )
    return null;
  const statement = last.node.type === 'VariableDeclarator' ? last.node.parent : outermost(last.node).parent;
  if (!statement || (statement.type !== 'VariableDeclaration' && statement.type !== 'ExpressionStatement')) return null;
  const block = statement.parent;
  if (block.type !== 'BlockStatement' && block.type !== 'Program') return null;
  if (!within(at, block)) return null;
  for (let node: Node | undefined = at.parent; node && node !== block; node = node.parent) {
    if (isFunction(node)) return null;
    // a loop around `at` that writes the list again brings that value round to `at` on its next pass
    if (LOOPS.has(node.type) && writes.some((write) => write !== last && within(write.node, node))) return null;
  }
  return last;
}

/**
 * Whether the list `node` holds at `at` (a loop, or a `.map`/`.forEach` call)
 * has at most MAX_CAPPED_ITEMS items: `x.slice(0, N)`, the rows of a read
 * capped with `.limit(N)`, a filter, map or slice of such a list (or of it
 * `?? []`), or a variable whose write reaching `at` is one of those.
 */
export function isCappedList(ctx: AnalysisContext, node: Node, at: Node, keys?: RowKeys, depth = 0): boolean {
  if (depth > 4) return false;
  const inner = unwrap(node);
  const call = asMethodCall(inner);
  if (call) {
    const args = call.call.arguments;
    if (
      call.name === 'slice' &&
      args.length === 2 &&
      args[0] !== undefined &&
      isLiteralOf(args[0], 0) &&
      isSmallCount(ctx, args[1])
    )
      return true;
    return SHRINKING.has(call.name) && isCappedList(ctx, call.object, at, keys, depth + 1);
  }
  // `rows ?? []`, `rows || []`: the capped list or none
  if (inner.type === 'LogicalExpression' && inner.operator !== '&&') {
    const right = unwrap(inner.right);
    const empty = right.type === 'ArrayExpression' && right.elements.length === 0;
    return (
      (empty || isCappedList(ctx, right, at, keys, depth + 1)) && isCappedList(ctx, inner.left, at, keys, depth + 1)
    );
  }
  if (inner.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, inner);
  if (!variable) return false;
  if (isCappedRows(ctx, variable, keys)) return true;
  const write = reachingWrite(variable, at);
  return write?.value ? isCappedList(ctx, write.value, write.node, keys, depth + 1) : false;
}
