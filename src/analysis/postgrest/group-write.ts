/**
 * A write per group, not per item: an `insert` or `upsert` of the rows the
 * loop's item holds (`for (const chunk of chunks) insert(chunk.map(toRow))`,
 * `batches.forEach((batch) => upsert(batch.filter(valid)))`, the item of an
 * indexed loop `const batch = batches[i]`). The item is itself a list (the
 * code calls `.map`, `.filter`, `.slice` or `.flatMap` on it), so each request
 * already sends many rows: the loop is how the rows are cut into requests,
 * the batched form the rule would advise.
 *
 * A group is also a list the body fills from the item: `const rows = []`
 * pushed to only in a for...of over the item, the item a group of a map
 * (`for (const [tenant, events] of byTenant) { for (const e of events)
 * rows.push(toRow(e)); insert(rows) }`).
 *
 * Not a group: a list taken from a field of the item (`item.children.map(...)`:
 * each parent's children, one insert per parent, which one insert of every
 * parent's children replaces), or the item itself (`insert(row)`: whether it
 * is a list is not known).
 */
import { isFunction, memberName, type Node, unwrap, within } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { indexedItem, slicedBatchBindings, walksNamedBatches } from '../per-item.js';
import { resolveIdentifier, type Variable } from '../scope.js';
import type { QueryUse } from './query-use.js';

/** Methods a list has that give a list of its elements. */
const LIST_METHODS: ReadonlySet<string> = new Set(['map', 'filter', 'slice', 'flatMap']);

/**
 * The variables of the loop's item: a for...of's (each element of a pair it
 * destructures, `for (const [tenant, events] of byTenant)`: a group and its
 * key), a per-item callback's first parameter.
 */
function itemVariables(ctx: AnalysisContext, loopNode: Node): Variable[] {
  if (loopNode.type === 'ForOfStatement') {
    const left = loopNode.left;
    const id = left.type === 'VariableDeclaration' ? left.declarations[0].id : left;
    const ids = id.type === 'ArrayPattern' ? id.elements : [id];
    return ids.flatMap((element) => {
      const variable = element?.type === 'Identifier' ? resolveIdentifier(ctx, element) : null;
      return variable ? [variable] : [];
    });
  }
  if (loopNode.type === 'CallExpression') {
    const callback = loopNode.arguments.map((argument) => unwrap(argument)).find(isFunction);
    const first = callback?.params[0];
    const variable = first?.type === 'Identifier' ? resolveIdentifier(ctx, first) : null;
    return variable ? [variable] : [];
  }
  return [];
}

/** `const batch = batches[i]` in an indexed loop's body, `i` its counter: the item, by another way in. */
function isIndexedItem(ctx: AnalysisContext, variable: Variable, loopNode: Node): boolean {
  if (loopNode.type !== 'ForStatement') return false;
  const item = indexedItem(ctx, loopNode);
  return item !== null && variable.defs.length === 1 && variable.defs[0]!.name === item.id;
}

/** Whether `node` runs inside a for...of over the loop's item (`for (const event of events)`), within `body`. */
function inLoopOverItem(ctx: AnalysisContext, node: Node, body: Node, items: Variable[]): boolean {
  for (let up = node.parent; up && up !== body; up = up.parent) {
    if (isFunction(up)) return false;
    if (up.type !== 'ForOfStatement' || !within(node, up.body)) continue;
    const right = unwrap(up.right);
    const variable = right.type === 'Identifier' ? resolveIdentifier(ctx, right) : null;
    if (variable && items.includes(variable)) return true;
  }
  return false;
}

/**
 * `const rows = []` declared in the loop's body and filled only by
 * `rows.push(...)` inside a for...of over the item: the rows of one group.
 */
function isFilledFromItem(ctx: AnalysisContext, variable: Variable, loopNode: Node, items: Variable[]): boolean {
  const def = variable.defs.length === 1 ? variable.defs[0]! : undefined;
  const body = 'body' in loopNode ? (loopNode.body as Node) : null;
  if (def?.type !== 'Variable' || !def.node.init || !body || !within(def.name, body)) return false;
  const init = unwrap(def.node.init);
  if (init.type !== 'ArrayExpression' || init.elements.length > 0) return false;
  let pushes = 0;
  for (const reference of variable.references) {
    if (reference.init) continue;
    if (reference.isWrite()) return false;
    const member = reference.identifier.parent;
    if (member.type !== 'MemberExpression' || member.object !== reference.identifier) continue;
    const call = member.parent;
    if (memberName(member) !== 'push' || call.type !== 'CallExpression' || call.callee !== member) continue;
    if (!inLoopOverItem(ctx, call, body, items)) return false;
    pushes += 1;
  }
  return pushes > 0;
}

/**
 * `item.map(...)` (also through a local constant that holds it) where `item`
 * is the loop's item, or a list the body fills from the item (isFilledFromItem).
 */
function isListOfItem(ctx: AnalysisContext, value: Node, loopNode: Node, items: Variable[], depth = 0): boolean {
  const inner = unwrap(value);
  if (inner.type === 'Identifier' && depth === 0) {
    const variable = resolveIdentifier(ctx, inner);
    if (variable && isFilledFromItem(ctx, variable, loopNode, items)) return true;
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || def.parent.kind !== 'const' || !def.node.init) return false;
    return isListOfItem(ctx, def.node.init, loopNode, items, depth + 1);
  }
  if (inner.type !== 'CallExpression') return false;
  const callee = unwrap(inner.callee);
  if (callee.type !== 'MemberExpression' || !LIST_METHODS.has(memberName(callee) ?? '')) return false;
  const receiver = unwrap(callee.object);
  if (receiver.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, receiver);
  return variable !== null && (items.includes(variable) || isIndexedItem(ctx, variable, loopNode));
}

/** Whether the request is an `insert`/`upsert` of a list made from the loop's item (see above). */
export function isGroupWrite(ctx: AnalysisContext, use: QueryUse, method: string, loopNode: Node): boolean {
  if (method !== 'insert' && method !== 'upsert') return false;
  const values = use.root.start.arguments[0];
  if (!values || values.type === 'SpreadElement') return false;
  return isListOfItem(ctx, values, loopNode, itemVariables(ctx, loopNode));
}

/**
 * `chunk`, `[...chunk]`, `chunk.map(...)`, a constant that holds one: the batch
 * itself, not one value of it. With `params`, also `{ rows: chunk }` (an rpc's
 * parameters); elsewhere an object that holds the item is one row made from it.
 */
function holdsWhole(ctx: AnalysisContext, value: Node, bindings: readonly Node[], params: boolean, depth = 0): boolean {
  const inner = unwrap(value);
  switch (inner.type) {
    case 'Identifier': {
      const variable = resolveIdentifier(ctx, inner);
      const def = variable?.defs.length === 1 ? variable.defs[0]! : undefined;
      if (!def) return false;
      if (bindings.includes(def.name)) return true;
      if (depth > 2 || def.type !== 'Variable' || def.parent.kind !== 'const' || !def.node.init) return false;
      return holdsWhole(ctx, def.node.init, bindings, params, depth + 1);
    }
    case 'CallExpression': {
      const callee = unwrap(inner.callee);
      return (
        callee.type === 'MemberExpression' &&
        LIST_METHODS.has(memberName(callee) ?? '') &&
        holdsWhole(ctx, callee.object, bindings, params, depth)
      );
    }
    case 'ArrayExpression':
      return inner.elements.some(
        (element) => element?.type === 'SpreadElement' && holdsWhole(ctx, element.argument, bindings, params, depth),
      );
    case 'ObjectExpression':
      return (
        params &&
        inner.properties.some(
          (property) => property.type === 'Property' && holdsWhole(ctx, property.value, bindings, false, depth),
        )
      );
    default:
      return false;
  }
}

/**
 * A loop whose names say it walks batches (per-item.ts walksNamedBatches), or
 * whose item holds slices of a list cut in a loop stepping by the slice's
 * length (per-item.ts slicedBatchBindings, whatever the names), and a request
 * or a call that sends one of those bindings whole (`insert(chunk)`,
 * `rpc('save', { rows: batch })` with `params`, `saveBatch(batch)`): one request per batch,
 * the batched form already. A request that sends one value made from it
 * (`insert({ text: chunk.text })`) is one per iteration still.
 */
export function sendsNamedBatch(ctx: AnalysisContext, args: readonly Node[], loopNode: Node, params = false): boolean {
  const bindings = [...(walksNamedBatches(ctx, loopNode) ?? []), ...slicedBatchBindings(ctx, loopNode)];
  if (bindings.length === 0) return false;
  return args.some((argument) => argument.type !== 'SpreadElement' && holdsWhole(ctx, argument, bindings, params));
}
