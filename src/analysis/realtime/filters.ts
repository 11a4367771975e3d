/**
 * Postgres Changes filters that are missing or do nothing: a filter that may
 * be absent (an optional parameter or property, `...(filter && { filter })`),
 * and the text of a filter (`column=op.value`, the operator, how many values
 * an `in` list holds).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  enclosingFunction,
  type FunctionNode,
  isFunction,
  isNoValue,
  isTransparent,
  keyName,
  memberName,
  type Node,
  outermost,
  subtree,
  unwrap,
  parentOf,
} from '../ast.js';
import { constantInit, resolveIdentifier, type Variable } from '../scope.js';
import type { AnalysisContext } from '../detector.js';
import { filterPresence } from './values.js';

/** Where an optional filter comes from: parameter `index` of `fn`, or property `key` of that parameter. */
export interface OptionalFilter {
  /** The expression that may be absent, as written (`filter`, `options.filter`). */
  source: string;
  /** The parameter it comes from, when it comes from one. */
  param: { fn: FunctionNode; index: number; key: string | null } | null;
}

/** A property signature named `key` of a type written in this file, and whether it is optional. */
function optionalMember(type: TSESTree.TypeNode | undefined, key: string, depth = 0): boolean | null {
  if (!type || depth > 4) return null;
  if (type.type === 'TSTypeLiteral') return optionalIn(type.members, key);
  if (type.type === 'TSIntersectionType') {
    for (const part of type.types) {
      const found = optionalMember(part, key, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  if (type.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier') return null;
  const name = type.typeName.name;
  let program: Node = type;
  while (program.parent) program = program.parent;
  for (const node of subtree(program, (current) => !isFunction(current))) {
    if (node.type === 'TSInterfaceDeclaration' && node.id.name === name) return optionalIn(node.body.body, key);
    if (node.type === 'TSTypeAliasDeclaration' && node.id.name === name) {
      return optionalMember(node.typeAnnotation, key, depth + 1);
    }
  }
  return null;
}

function optionalIn(members: readonly TSESTree.TypeElement[], key: string): boolean | null {
  for (const member of members) {
    if (member.type === 'TSPropertySignature' && keyName(member.key, member.computed) === key) {
      return member.optional;
    }
  }
  return null;
}

/** The parameter position of a pattern (`(a, { filter }) => ...` -> 1) and its function. */
export function paramOf(pattern: Node): { fn: FunctionNode; index: number } | null {
  const outer = pattern.parent?.type === 'AssignmentPattern' ? pattern.parent : pattern;
  const fn = outer.parent;
  if (!isFunction(fn)) return null;
  const index = fn.params.indexOf(outer as TSESTree.Parameter);
  return index < 0 ? null : { fn, index };
}

/** Whether a parameter identifier may be absent: `filter?: string`, `filter = undefined`, `{ filter }: { filter?: string }`. */
function optionalParameter(id: TSESTree.Identifier): OptionalFilter['param'] {
  const parent = parentOf(id);
  if (parent?.type === 'AssignmentPattern' && parent.left === id) {
    if (!isNoValue(parent.right)) return null;
    const at = paramOf(parent);
    return at && { ...at, key: null };
  }
  if (parent?.type === 'Property' && parent.value === id && parent.parent.type === 'ObjectPattern') {
    const key = keyName(parent.key, parent.computed);
    const pattern = parent.parent;
    const at = paramOf(pattern);
    if (key === null || !at) return null;
    return optionalMember(pattern.typeAnnotation?.typeAnnotation, key) ? { ...at, key } : null;
  }
  if (parent?.type === 'Property' && parent.value.type === 'AssignmentPattern' && parent.value.left === id) {
    return isNoValue(parent.value.right) ? optionalParameter(parent.value.left) : null;
  }
  if (id.optional) {
    const at = paramOf(id);
    return at && { ...at, key: null };
  }
  return null;
}

/**
 * Whether a filter expression may be absent: a parameter or a property of a
 * parameter that is optional, or a constant that may hold no filter
 * (`const filter = id ? ... : undefined`).
 */
export function optionalFilter(ctx: AnalysisContext, node: Node): OptionalFilter | null {
  const inner = unwrap(node);
  const source = ctx.text.slice(inner.range[0], inner.range[1]);
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    const def = variable?.defs.length === 1 ? variable.defs[0]! : null;
    if (def?.type === 'Parameter' && def.name.type === 'Identifier') {
      const param = optionalParameter(def.name);
      return param ? { source, param } : null;
    }
    const destructured = def?.type === 'Variable' ? destructuredOption(ctx, inner, def.node) : null;
    if (destructured) return { source, param: destructured };
    const init = variable && constantInit(variable);
    return init && filterPresence(init) === 'no' ? { source, param: null } : null;
  }
  if (inner.type !== 'MemberExpression') return null;
  const key = memberName(inner);
  const object = unwrap(inner.object);
  if (key === null || object.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, object);
  const def = variable?.defs.length === 1 ? variable.defs[0]! : null;
  if (def?.type !== 'Parameter' || def.name.type !== 'Identifier') return null;
  const optional = optionalMember(def.name.typeAnnotation?.typeAnnotation, key);
  const at = paramOf(def.name);
  return optional && at ? { source, param: { ...at, key } } : null;
}

/**
 * `const { jobId } = options` where `options` is a parameter whose type makes
 * `jobId` optional (`options: { jobId?: string } = {}`): that parameter's property.
 */
function destructuredOption(ctx: AnalysisContext, id: TSESTree.Identifier, declarator: Node): OptionalFilter['param'] {
  if (declarator.type !== 'VariableDeclarator' || declarator.id.type !== 'ObjectPattern' || !declarator.init)
    return null;
  const init = unwrap(declarator.init);
  if (init.type !== 'Identifier') return null;
  const property = declarator.id.properties.find(
    (p) =>
      p.type === 'Property' &&
      (p.value.type === 'Identifier'
        ? p.value.name === id.name
        : p.value.type === 'AssignmentPattern' &&
          p.value.left.type === 'Identifier' &&
          p.value.left.name === id.name &&
          isNoValue(p.value.right)),
  );
  const key = property?.type === 'Property' ? keyName(property.key, property.computed) : null;
  if (key === null) return null;
  const variable = resolveIdentifier(ctx, init);
  const def = variable?.defs.length === 1 ? variable.defs[0]! : null;
  if (def?.type !== 'Parameter' || def.name.type !== 'Identifier') return null;
  if (!optionalMember(def.name.typeAnnotation?.typeAnnotation, key)) return null;
  const at = paramOf(def.name);
  return at && { ...at, key };
}

const within = (inner: Node, outer: Node | null | undefined) =>
  !!outer && outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];

/** A statement that leaves the function or the loop: `return`, `throw`, or a block that ends with one. */
function exits(statement: TSESTree.Statement): boolean {
  if (statement.type === 'BlockStatement') {
    const last = statement.body[statement.body.length - 1];
    return !!last && exits(last);
  }
  return statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement';
}

/**
 * Whether the test `node` sits in decides that `config` is used only when the
 * filter is there: `if (filter) { ...config... }`, `filter ? ...config... : x`,
 * `filter && ...config...`, or `if (!filter) return;` before it.
 */
function guardsConfig(node: Node, config: Node): boolean {
  let current: Node = outermost(node);
  for (let depth = 0; depth < 8 && current.parent; depth += 1) {
    const parent: Node = current.parent;
    if (parent.type === 'LogicalExpression') {
      if (parent.left === current && within(config, parent.right)) return true;
    } else if (parent.type === 'IfStatement' && parent.test === current) {
      if (within(config, parent.consequent) || within(config, parent.alternate)) return true;
      return exits(parent.consequent) && parent.range[1] <= config.range[0] && within(config, parent.parent);
    } else if (parent.type === 'ConditionalExpression' && parent.test === current) {
      return within(config, parent.consequent) || within(config, parent.alternate);
    } else if (
      !(parent.type === 'UnaryExpression' && parent.operator === '!') &&
      !(parent.type === 'BinaryExpression' && ['===', '!==', '==', '!='].includes(parent.operator)) &&
      !(parent.type === 'CallExpression' && unwrap(parent.callee).type === 'Identifier') &&
      !(parent.type === 'MemberExpression' && parent.object === current) &&
      !isTransparent(parent)
    ) {
      return false;
    }
    current = parent;
  }
  return false;
}

/**
 * Whether the code tests the filter for being present before it subscribes
 * (`if (!filter) return;`, `if (filter) { channel.on(...) }`, `filter && ...`):
 * the author handles its absence. A test that only shapes something else
 * (`const name = filter ? ... : ''`) is no guard.
 */
export function isGuarded(ctx: AnalysisContext, node: Node, config: Node): boolean {
  const inner = unwrap(node);
  const outside = (at: Node) => !within(at, config);
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    if (!variable) return true;
    return variable.references.some((ref) => outside(ref.identifier) && guardsConfig(ref.identifier, config));
  }
  if (inner.type === 'MemberExpression') {
    const text = ctx.text.slice(inner.range[0], inner.range[1]).replace(/\?\./g, '.');
    const scope = enclosingFunction(inner);
    if (!scope) return true;
    for (const current of subtree(scope.body)) {
      if (current.type !== 'MemberExpression' || !outside(current)) continue;
      if (ctx.text.slice(current.range[0], current.range[1]).replace(/\?\./g, '.') !== text) continue;
      if (guardsConfig(current, config)) return true;
    }
    return false;
  }
  return true;
}

/** The variable a function is called by in this file: `function useRealtime()`, `const useRealtime = () => ...`. */
export function functionVariable(ctx: AnalysisContext, fn: FunctionNode): Variable | null {
  if (fn.type === 'FunctionDeclaration' && fn.id) return resolveIdentifier(ctx, fn.id);
  const parent = outermost(fn).parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, parent.id);
    return variable && constantInit(variable) ? variable : null;
  }
  return null;
}

/** Whether an argument leaves the optional filter out: absent, `undefined`, or an object without the key. */
export function passesNone(call: TSESTree.CallExpression, index: number, key: string | null): boolean {
  for (let i = 0; i <= index && i < call.arguments.length; i += 1) {
    if (call.arguments[i]!.type === 'SpreadElement') return false;
  }
  const argument = call.arguments[index];
  if (!argument) return key === null;
  if (isNoValue(argument)) return key === null;
  if (key === null) return false;
  const object = unwrap(argument);
  if (object.type !== 'ObjectExpression') return false;
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') return false;
    const name = keyName(property.key, property.computed);
    if (name === null) return false;
    if (name === key) return isNoValue(property.value);
  }
  return true;
}

/** The argument a call passes for parameter `index` (its property `key`), when written: null when it cannot tell. */
export function passedValue(call: TSESTree.CallExpression, index: number, key: string | null): Node | null {
  const argument = call.arguments[index];
  if (!argument || argument.type === 'SpreadElement') return null;
  if (key === null) return argument;
  const object = unwrap(argument);
  if (object.type !== 'ObjectExpression') return null;
  for (const property of object.properties) {
    if (property.type === 'Property' && keyName(property.key, property.computed) === key) return property.value;
  }
  return null;
}

/**
 * The optional parameters that hand their value on to `param`, in this file:
 * `ensureChannel(name, jobId)` inside `useLogs({ jobId }: { jobId?: string })`
 * makes `useLogs`'s `jobId` an optional filter too, whose callers that pass
 * none listen to every row. Followed up to three calls out.
 */
export function forwardedParams(
  ctx: AnalysisContext,
  param: NonNullable<OptionalFilter['param']>,
  depth = 3,
): NonNullable<OptionalFilter['param']>[] {
  const variable = functionVariable(ctx, param.fn);
  if (!variable || depth === 0) return [];
  const found: NonNullable<OptionalFilter['param']>[] = [];
  for (const ref of variable.references) {
    const outer = outermost(ref.identifier);
    const call = outer.parent;
    if (call?.type !== 'CallExpression' || call.callee !== outer) continue;
    const value = passedValue(call, param.index, param.key);
    const forwarded = value ? optionalFilter(ctx, value)?.param : null;
    if (!forwarded || forwarded.fn === param.fn || found.some((f) => f.fn === forwarded.fn)) continue;
    found.push(forwarded, ...forwardedParams(ctx, forwarded, depth - 1).filter((f) => f.fn !== param.fn));
  }
  return found;
}

/** The calls in this file of the function that takes the optional filter, that pass none. */
export function callsWithoutFilter(
  ctx: AnalysisContext,
  param: NonNullable<OptionalFilter['param']>,
): { call: TSESTree.CallExpression; callee: string }[] {
  const variable = functionVariable(ctx, param.fn);
  if (!variable) return [];
  const found: { call: TSESTree.CallExpression; callee: string }[] = [];
  for (const ref of variable.references) {
    const outer = outermost(ref.identifier);
    const call = outer.parent;
    if (call?.type !== 'CallExpression' || call.callee !== outer) continue;
    if (passesNone(call, param.index, param.key)) found.push({ call, callee: ref.identifier.name });
  }
  return found;
}

/**
 * `...(filter && { filter })`, `...(id ? { filter: ... } : {})`: a spread
 * that gives the filter on one branch only. The condition, or null.
 */
export function conditionalFilterSpread(spread: TSESTree.SpreadElement): Node | null {
  const argument = unwrap(spread.argument);
  const hasFilter = (node: Node) => {
    const object = unwrap(node);
    return (
      object.type === 'ObjectExpression' &&
      object.properties.some(
        (property) => property.type === 'Property' && keyName(property.key, property.computed) === 'filter',
      )
    );
  };
  if (argument.type === 'LogicalExpression' && argument.operator === '&&' && hasFilter(argument.right)) {
    return argument.left;
  }
  if (argument.type === 'ConditionalExpression' && hasFilter(argument.consequent) !== hasFilter(argument.alternate)) {
    return argument.test;
  }
  return null;
}

/** One `column=op.value` condition of a filter string. */
export interface FilterCondition {
  column: string;
  /** `eq`, `in`, `not.eq`...; null when computed. */
  operator: string | null;
  /** For `in`: how many values the list holds, when the analysis can count them. */
  values: number | null;
  /** The value as written, each computed part as `${source}` (`${userId}`); null when the operator is. */
  value: string | null;
}

/** `[a, b, c].join(',')` or `ids.join(',')` with `const ids = [a, b, c]`: how many values. */
function joinedCount(ctx: AnalysisContext, node: Node): number | null {
  const inner = unwrap(node);
  if (inner.type !== 'CallExpression') return null;
  const callee = unwrap(inner.callee);
  if (callee.type !== 'MemberExpression' || memberName(callee) !== 'join') return null;
  let list = unwrap(callee.object);
  if (list.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, list);
    const init = variable && constantInit(variable);
    if (!init) return null;
    list = unwrap(init);
  }
  if (list.type !== 'ArrayExpression') return null;
  if (list.elements.some((element) => !element || element.type === 'SpreadElement')) return null;
  return list.elements.length;
}

const HOLE = '\u0000';

/** The text of a string, template or `+` concatenation, with HOLE where a value is computed (kept in `holes`). */
function filterText(node: Node, holes: Node[], depth = 0): string | null {
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  if (inner.type === 'TemplateLiteral') {
    holes.push(...inner.expressions);
    return inner.quasis.map((quasi) => quasi.value.cooked ?? '').join(HOLE);
  }
  if (inner.type === 'BinaryExpression' && inner.operator === '+' && depth < 16) {
    const left = filterText(inner.left, holes, depth + 1);
    if (left === null) return null;
    const right = filterText(inner.right, holes, depth + 1);
    if (right !== null) return left + right;
    holes.push(inner.right);
    return left + HOLE;
  }
  return null;
}

/**
 * The conditions of a filter written as a string or a template literal
 * (`'status=in.(open,new)'`, `` `room_id=eq.${id}` ``), split on the commas
 * that are not inside a list. Null for a filter computed otherwise.
 */
export function filterConditions(ctx: AnalysisContext, node: Node): FilterCondition[] | null {
  const holes: Node[] = [];
  const text = filterText(node, holes);
  if (text === null) return null;
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '(') depth += 1;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  let holeIndex = 0;
  const conditions: FilterCondition[] = [];
  for (const part of parts) {
    const holesBefore = holeIndex;
    holeIndex += part.split(HOLE).length - 1;
    const match = /^\s*([^=]*)=((?:not\.)?[a-z]+)\.([\s\S]*)$/.exec(part);
    if (!match) {
      conditions.push({ column: part, operator: null, values: null, value: null });
      continue;
    }
    const [, column, operator, value] = match as unknown as [string, string, string, string];
    let valueHole = holesBefore + column.split(HOLE).length - 1 + operator.split(HOLE).length - 1;
    const written = value.replace(/\u0000/g, () => {
      const hole = holes[valueHole++];
      return hole ? `\${${ctx.text.slice(hole.range[0], hole.range[1])}}` : '${}';
    });
    let values: number | null = null;
    if (/(^|\.)in$/.test(operator)) {
      const list = /^\(([\s\S]*)\)\s*$/.exec(value)?.[1];
      if (list !== undefined && !list.includes(HOLE)) values = list.trim() === '' ? 0 : list.split(',').length;
      else if (list === HOLE && holes[holesBefore + (column.split(HOLE).length - 1)]) {
        values = joinedCount(ctx, holes[holesBefore + (column.split(HOLE).length - 1)]!);
      }
    }
    const computedOperator = operator.includes(HOLE);
    conditions.push({
      column,
      operator: computedOperator ? null : operator,
      values,
      value: computedOperator ? null : written,
    });
  }
  return conditions;
}
