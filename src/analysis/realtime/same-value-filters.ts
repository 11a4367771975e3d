/**
 * Postgres Changes filters that require one value of several columns
 * (`participant1_id=eq.${me},participant2_id=eq.${me}`): the conversations
 * where I am either participant, as written. Realtime has no OR: it splits a
 * filter on its top-level commas and ANDs the conditions (supabase/realtime
 * `lib/extensions/postgres_cdc_rls/subscriptions.ex`, `parse_filters`, since
 * v2.100.0, supabase/realtime#1912); a server before that read one condition
 * and took the rest of the text as its value. Either way the listener never
 * hears the rows where only one of the columns holds the value.
 *
 * The filter is read where it is written: in the listener's config, or, when
 * the config takes it from a parameter of a function of the same file (a
 * hook's `filter` option, also through a constant or a ref that mirrors the
 * parameter: `const filterRef = useRef(filter)`), at each call of that
 * function in the file, on each branch of a conditional
 * (`filter: userId ? `...` : undefined`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { keyName, memberName, type Node, outermost, parentOf, unwrap } from '../ast.js';
import { constantInit, resolveIdentifier, type Variable } from '../scope.js';
import type { AnalysisContext } from '../detector.js';
import { filterConditions, type FilterCondition, functionVariable, paramOf, passedValue } from './filters.js';

/** A filter string written in the code, and the call it is handed to the listener through, if any. */
export interface WrittenFilter {
  /** The string, template or concatenation. */
  node: Node;
  /** `useRealtime()`'s `filter`: the call of a function of the file the filter is passed to, and its parameter. */
  through: { callee: string; parameter: string } | null;
}

/** Steps followed from a listener's `filter` back to where it is written (variables, parameters, calls). */
const MAX_STEPS = 8;

/** Calls of one function followed for the value they pass. */
const MAX_CALLS = 20;

/** The parameter a variable is, or is taken from: `filter`, `{ filter }`, `const { filter } = options`. */
function parameterOf(
  ctx: AnalysisContext,
  variable: Variable,
): { fn: NonNullable<ReturnType<typeof paramOf>>['fn']; index: number; key: string | null; name: string } | null {
  const def = variable.defs.length === 1 ? variable.defs[0]! : null;
  if (!def || def.name.type !== 'Identifier') return null;
  const id = def.name;
  const parent = parentOf(id);
  const property =
    parent?.type === 'Property'
      ? parent
      : parent?.type === 'AssignmentPattern' && parentOf(parent)?.type === 'Property'
        ? (parentOf(parent) as TSESTree.Property)
        : null;
  if (def.type === 'Parameter') {
    if (!property) {
      const at = paramOf(id);
      return at && { ...at, key: null, name: id.name };
    }
    const key = keyName(property.key, property.computed);
    const at = property.parent.type === 'ObjectPattern' ? paramOf(property.parent) : null;
    return key !== null && at ? { ...at, key, name: key } : null;
  }
  // `const { filter } = options`, `options` a parameter
  const declarator = def.type === 'Variable' ? def.node : null;
  if (!property || !declarator || declarator.id !== property.parent || !declarator.init) return null;
  const key = keyName(property.key, property.computed);
  const source = unwrap(declarator.init);
  const options = source.type === 'Identifier' ? resolveIdentifier(ctx, source) : null;
  const optionsDef = options?.defs.length === 1 ? options.defs[0]! : null;
  if (key === null || optionsDef?.type !== 'Parameter' || optionsDef.name.type !== 'Identifier') return null;
  const at = paramOf(optionsDef.name);
  return at && { ...at, key, name: key };
}

/**
 * `ref.current` of `const ref = useRef(value)` whose `current` the code only
 * ever sets to that same variable (`ref.current = value`): the value.
 */
function mirroredValue(ctx: AnalysisContext, member: TSESTree.MemberExpression): Node | null {
  const object = unwrap(member.object);
  if (memberName(member) !== 'current' || object.type !== 'Identifier') return null;
  const ref = resolveIdentifier(ctx, object);
  const init = ref && constantInit(ref);
  const call = init && unwrap(init);
  if (call?.type !== 'CallExpression') return null;
  const callee = unwrap(call.callee);
  const hook =
    callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
  const initial = call.arguments[0] && unwrap(call.arguments[0]);
  if (hook !== 'useRef' || initial?.type !== 'Identifier') return null;
  const value = resolveIdentifier(ctx, initial);
  if (!value) return null;
  for (const reference of ref!.references) {
    const read = outermost(reference.identifier).parent;
    if (read?.type !== 'MemberExpression' || unwrap(read.object) !== reference.identifier) continue;
    const assignment = outermost(read).parent;
    if (assignment?.type !== 'AssignmentExpression' || assignment.left !== outermost(read)) continue;
    const written = unwrap(assignment.right);
    if (assignment.operator !== '=' || written.type !== 'Identifier' || resolveIdentifier(ctx, written) !== value)
      return null;
  }
  return initial;
}

/** A parameter's values as the calls of its function in this file pass them. */
function passedValues(
  ctx: AnalysisContext,
  parameter: NonNullable<ReturnType<typeof parameterOf>>,
): { value: Node; through: NonNullable<WrittenFilter['through']> }[] {
  const variable = functionVariable(ctx, parameter.fn);
  const found: { value: Node; through: NonNullable<WrittenFilter['through']> }[] = [];
  for (const reference of variable?.references.slice(0, MAX_CALLS) ?? []) {
    const outer = outermost(reference.identifier);
    const call = outer.parent;
    if (call?.type !== 'CallExpression' || call.callee !== outer) continue;
    const value = passedValue(call, parameter.index, parameter.key);
    if (value) found.push({ value, through: { callee: reference.identifier.name, parameter: parameter.name } });
  }
  return found;
}

/**
 * The filter strings a `filter` value may be, where they are written: the
 * value itself, the branches of a conditional, what a constant holds, and
 * what the calls of this file pass for a parameter it comes from.
 */
export function writtenFilters(
  ctx: AnalysisContext,
  node: Node,
  through: WrittenFilter['through'] = null,
  steps = 0,
): WrittenFilter[] {
  const inner = unwrap(node);
  if (steps >= MAX_STEPS) return [];
  switch (inner.type) {
    case 'Literal':
    case 'TemplateLiteral':
    case 'BinaryExpression':
      return [{ node: inner, through }];
    case 'ConditionalExpression':
      return [
        ...writtenFilters(ctx, inner.consequent, through, steps + 1),
        ...writtenFilters(ctx, inner.alternate, through, steps + 1),
      ];
    case 'LogicalExpression':
      return [
        ...(inner.operator === '&&' ? [] : writtenFilters(ctx, inner.left, through, steps + 1)),
        ...writtenFilters(ctx, inner.right, through, steps + 1),
      ];
    case 'MemberExpression': {
      const mirrored = mirroredValue(ctx, inner);
      return mirrored ? writtenFilters(ctx, mirrored, through, steps + 1) : [];
    }
    case 'Identifier': {
      const variable = resolveIdentifier(ctx, inner);
      if (!variable) return [];
      const init = constantInit(variable);
      if (init) return writtenFilters(ctx, init, through, steps + 1);
      const parameter = parameterOf(ctx, variable);
      if (!parameter) return [];
      return passedValues(ctx, parameter).flatMap((passed) =>
        writtenFilters(ctx, passed.value, passed.through, steps + 1),
      );
    }
    default:
      return [];
  }
}

/** `${userId}`: a condition's value that is one computed value and nothing else. */
function oneComputedValue(condition: FilterCondition): boolean {
  const { value } = condition;
  return value !== null && value.startsWith('${') && value.endsWith('}') && !value.includes('${', 2);
}

/**
 * The columns a filter requires to equal one computed value
 * (`participant1_id=eq.${me},participant2_id=eq.${me}`: both columns, `${me}`),
 * when there are two or more; null otherwise. Only `eq` on a value computed
 * as a whole counts: `is_public=eq.true,is_active=eq.true` asks for both, as written.
 */
export function sameValueColumns(ctx: AnalysisContext, filter: Node): { columns: string[]; value: string } | null {
  const conditions = filterConditions(ctx, filter);
  if (!conditions || conditions.length < 2) return null;
  const byValue = new Map<string, string[]>();
  for (const condition of conditions) {
    const column = condition.column.trim();
    if (condition.operator !== 'eq' || !oneComputedValue(condition) || column === '' || column.includes('\u0000'))
      continue;
    const columns = byValue.get(condition.value!) ?? [];
    if (!columns.includes(column)) columns.push(column);
    byValue.set(condition.value!, columns);
  }
  for (const [value, columns] of byValue) if (columns.length >= 2) return { columns, value };
  return null;
}
