/**
 * A window of days a read states on a `date` column: `.gte(c, a).lte(c, b)`
 * (or `.gt` / `.lt`) where the code says how far apart a and b are. On a key
 * `UNIQUE (user_id, log_date)`, `.eq('user_id', u)` with such a window reads at
 * most one row a day of the window (row-bounds.ts).
 *
 * The span is known only when both ends are written out (`'2024-01-01'`,
 * `'2024-01-31'`), or both are built from one date by offsets the code states:
 * `subDays(today, 30)` and `today` (date-fns `add`/`sub` of days, weeks,
 * months, years; dayjs or moment `.add(n, 'day')` / `.subtract(...)`), each
 * through the same formatting (date-fns `format(d, 'yyyy-MM-dd')`,
 * `toISOString().slice(0, 10)`, dayjs `.format(...)`) so that both ends are
 * days of the same calendar. A local helper that only writes its date as text
 * (`const ymd = (d) => d.toISOString().slice(0, 10)`, or one returning another
 * such helper's result) formats as its body does, and so does one another
 * module exports (its function facts' `dayText`, through the rule shell:
 * followImportedDayText); another function of a date (`startOfMonth(d)`) may
 * move it: no known end.
 * The one date is a `const` or a parameter, seen by the AST alone (the
 * innermost block or function that binds its name); a `Date` the code changes
 * in place (`d.setDate(...)`) is no known end, but for a clone moved right
 * after it is made (`const s = new Date(e); s.setUTCDate(s.getUTCDate() - 6)`,
 * then only read) from a date `e` never moved. The two ends of one calendar
 * month are known too: `` `${month}-01` `` and `new Date(Number(month.slice(0,
 * 4)), Number(month.slice(5, 7)), 0)` from the same `month`, or
 * `new Date(y, m - 1, 1)` and `new Date(y, m, 0)`. Two `new Date()` calls are
 * taken as one date a day apart at most (midnight may pass between them).
 * Anything else, two parameters passed in above all, is no known span.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  argumentAt,
  type FunctionNode,
  isFunction,
  memberName,
  type Node,
  parentOf,
  staticString,
  subtree,
  unwrap,
  within,
} from '../ast.js';
import type { QueryLink } from './query-use.js';

/** A day as the code computes it: an offset range from a base date, both ends in days. */
interface DayPoint {
  /**
   * What the offsets are from: `literal` (days since 1970), `now`, a binding's
   * node, or `month:<year>|<month>` (the first day of a month named by parts of
   * bindings); plus the formatting applied.
   */
  base: Node | string;
  format: string;
  low: number;
  high: number;
  /** Extra days either way the base may stand for (two `new Date()` calls). */
  slack: number;
}

const DAY_MS = 86_400_000;

/** date-fns shifts: days per unit, lowest and highest. */
const SHIFTS: Readonly<Record<string, readonly [number, number, 1 | -1]>> = {
  addDays: [1, 1, 1],
  subDays: [1, 1, -1],
  addWeeks: [7, 7, 1],
  subWeeks: [7, 7, -1],
  addMonths: [28, 31, 1],
  subMonths: [28, 31, -1],
  addYears: [365, 366, 1],
  subYears: [365, 366, -1],
};

/** dayjs / moment units: days per unit, lowest and highest. */
const UNITS: Readonly<Record<string, readonly [number, number]>> = {
  d: [1, 1],
  day: [1, 1],
  days: [1, 1],
  w: [7, 7],
  week: [7, 7],
  weeks: [7, 7],
  M: [28, 31],
  month: [28, 31],
  months: [28, 31],
  y: [365, 366],
  year: [365, 366],
  years: [365, 366],
};

/** date-fns functions that write a date as text without moving it. */
const FORMAT_FUNCTIONS = new Set(['format', 'formatISO', 'lightFormat']);

/** Methods that turn a date into the text of its day, or cut that text, without moving it. */
const FORMATTING = new Set(['toISOString', 'toJSON', 'slice', 'substring', 'substr', 'split', 'format', 'toDate']);

const MAX_DEPTH = 8;

function numberOf(node: Node | undefined, depth: number): number | null {
  if (!node) return null;
  const value = unwrap(node);
  if (value.type === 'Literal' && typeof value.value === 'number') return value.value;
  if (value.type === 'UnaryExpression' && value.operator === '-') {
    const inner = numberOf(value.argument, depth);
    return inner === null ? null : -inner;
  }
  if (value.type === 'Identifier' && depth < MAX_DEPTH) {
    const bound = binding(value);
    return bound?.init ? numberOf(bound.init, depth + 1) : null;
  }
  return null;
}

interface Binding {
  node: Node;
  /** A `const`'s initializer; null for a parameter (or a `const` with none). */
  init: TSESTree.Expression | null;
}

function declares(pattern: Node, name: string): boolean {
  return pattern.type === 'Identifier' && pattern.name === name;
}

/** The `const` or parameter that binds `id`, found by walking the enclosing blocks; null when another kind binds it, or nothing. */
function binding(id: TSESTree.Identifier): Binding | null {
  for (let node: Node | undefined = parentOf(id); node; node = parentOf(node)) {
    if (node.type === 'BlockStatement' || node.type === 'Program') {
      for (const statement of node.body) {
        const declaration =
          statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
        if (declaration.type !== 'VariableDeclaration') continue;
        for (const declarator of declaration.declarations) {
          if (!declares(declarator.id, id.name)) continue;
          if (declaration.kind !== 'const') return null;
          return { node: declarator, init: declarator.init };
        }
      }
    }
    if (
      node.type === 'FunctionDeclaration' ||
      node.type === 'FunctionExpression' ||
      node.type === 'ArrowFunctionExpression'
    ) {
      const param = node.params.find((p) => declares(p.type === 'AssignmentPattern' ? p.left : p, id.name));
      if (param) return { node: param, init: null };
    }
    if (node.type === 'CatchClause' || node.type === 'ForStatement' || node.type === 'ForOfStatement') return null;
  }
  return null;
}

/** Whether the code calls a setter on the date `name` holds (`d.setDate(d.getDate() - 30)`) anywhere in `scope`. */
function changedInPlace(name: string, scope: Node): boolean {
  for (const node of subtree(scope)) {
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') continue;
    const { object, property } = node.callee;
    if (object.type === 'Identifier' && object.name === name && property.type === 'Identifier') {
      if (/^set[A-Z]/.test(property.name)) return true;
    }
  }
  return false;
}

function literalDay(text: string | null): DayPoint | null {
  const match = text === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
  return Number.isFinite(day) ? { base: 'literal', format: '', low: day, high: day, slack: 0 } : null;
}

function shifted(point: DayPoint | null, count: number | null, perUnit: readonly [number, number], sign: number) {
  if (!point || count === null || !Number.isInteger(count)) return null;
  const [a, b] = [sign * count * perUnit[0], sign * count * perUnit[1]];
  return { ...point, low: point.low + Math.min(a, b), high: point.high + Math.max(a, b) };
}

function identifierDay(id: TSESTree.Identifier, depth: number): DayPoint | null {
  const bound = binding(id);
  if (!bound) return null;
  const scope = parentOf(bound.node.type === 'VariableDeclarator' ? parentOf(bound.node)! : bound.node);
  if (!scope) return null;
  if (changedInPlace(id.name, scope)) return movedClone(bound, id.name, scope, depth);
  const fromInit = bound.init ? dayOf(bound.init, depth + 1) : null;
  return fromInit ?? { base: bound.node, format: '', low: 0, high: 0, slack: 0 };
}

function callDay(call: TSESTree.CallExpression, depth: number): DayPoint | null {
  const { callee } = call;
  if (callee.type === 'Identifier') {
    const shift = SHIFTS[callee.name];
    if (shift) {
      const [least, most, sign] = shift;
      return shifted(dayOf(call.arguments[0], depth + 1), numberOf(call.arguments[1], depth), [least, most], sign);
    }
    // dayjs(), moment(): the clock; dayjs(d), moment(d): that date
    if (callee.name === 'dayjs' || callee.name === 'moment') {
      if (call.arguments.length === 0) return { base: 'now', format: '', low: 0, high: 0, slack: 1 };
      return call.arguments.length === 1 ? dayOf(call.arguments[0], depth + 1) : null;
    }
    // date-fns' formatting (`format(d, 'yyyy-MM-dd')`): the same day, written one way; another function may move it
    if (!FORMAT_FUNCTIONS.has(callee.name)) return helperDay(call, callee, depth);
    const inner = dayOf(call.arguments[0], depth + 1);
    if (!inner) return null;
    const pattern = call.arguments.slice(1).map((arg) => staticString(arg) ?? '?');
    return { ...inner, format: `${inner.format}|${callee.name}(${pattern.join(',')})` };
  }
  if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return null;
  const method = callee.property.name;
  const inner = dayOf(callee.object, depth + 1);
  if (!inner) return null;
  if (method === 'add' || method === 'subtract') {
    const unit = UNITS[staticString(argumentAt(call, 1)) ?? ''];
    return unit ? shifted(inner, numberOf(argumentAt(call, 0), depth), unit, method === 'add' ? 1 : -1) : null;
  }
  if (!FORMATTING.has(method)) return null;
  const args = call.arguments.map((arg) => staticString(arg) ?? String(numberOf(arg, depth)));
  return { ...inner, format: `${inner.format}.${method}(${args.join(',')})` };
}

/** The day a value of the code stands for, as offsets from a base; null when the code does not say. */
function dayOf(node: Node | undefined, depth = 0): DayPoint | null {
  if (!node || depth > MAX_DEPTH) return null;
  const value = unwrap(node);
  const text = staticString(value);
  if (text !== null) return literalDay(text);
  switch (value.type) {
    case 'Identifier':
      return identifierDay(value, depth);
    case 'NewExpression':
      if (value.callee.type !== 'Identifier' || value.callee.name !== 'Date') return null;
      if (value.arguments.length === 0) return { base: 'now', format: '', low: 0, high: 0, slack: 1 };
      if (value.arguments.length === 3) return monthDay(value, depth);
      return value.arguments.length === 1 ? dayOf(value.arguments[0], depth + 1) : null;
    case 'TemplateLiteral':
      return monthStartText(value, depth);
    case 'CallExpression':
      return callDay(value, depth);
    case 'MemberExpression': {
      // `d.toISOString().split('T')[0]`
      if (!value.computed || numberOf(value.property, depth) !== 0) return null;
      const inner = dayOf(value.object, depth + 1);
      return inner ? { ...inner, format: `${inner.format}[0]` } : null;
    }
    default:
      return null;
  }
}

/** Whether the code assigns `name` (`name = ...`, `name++`) anywhere in `scope`. */
function assignedIn(name: string, scope: Node): boolean {
  for (const node of subtree(scope)) {
    const target =
      node.type === 'AssignmentExpression' ? node.left : node.type === 'UpdateExpression' ? node.argument : null;
    if (target?.type === 'Identifier' && target.name === name) return true;
  }
  return false;
}

/** The block or function whose names hold the binding `bound`. */
function scopeOf(bound: Binding): Node | undefined {
  return parentOf(bound.node.type === 'VariableDeclarator' ? parentOf(bound.node)! : bound.node);
}

/** `d.setUTCDate(d.getUTCDate() - 6)` (or `setDate` / `getDate`, `+ n`): the days it moves `d` by; null for anything else. */
function dayMove(statement: Node | undefined, name: string, depth: number): number | null {
  if (statement?.type !== 'ExpressionStatement') return null;
  const call = statement.expression;
  if (call.type !== 'CallExpression' || call.arguments.length !== 1) return null;
  const setter = call.callee.type === 'MemberExpression' ? call.callee : null;
  if (setter?.object.type !== 'Identifier' || setter.object.name !== name) return null;
  const unit = { setDate: 'getDate', setUTCDate: 'getUTCDate' }[memberName(setter) ?? ''];
  const sum = unwrap(call.arguments[0]!);
  if (!unit || sum.type !== 'BinaryExpression' || (sum.operator !== '+' && sum.operator !== '-')) return null;
  const getter = unwrap(sum.left);
  if (getter.type !== 'CallExpression' || getter.arguments.length > 0) return null;
  const read = getter.callee.type === 'MemberExpression' ? getter.callee : null;
  if (read?.object.type !== 'Identifier' || read.object.name !== name || memberName(read) !== unit) return null;
  const count = numberOf(sum.right, depth);
  return count === null || !Number.isInteger(count) ? null : sum.operator === '-' ? -count : count;
}

/** Whether a use of the date `id` leaves it where it is: a getter or formatting call on it, or a copy of it. */
function readsOnly(id: TSESTree.Identifier): boolean {
  const parent = parentOf(id);
  if (parent?.type === 'MemberExpression' && parent.object === id) {
    const method = memberName(parent);
    return method !== null && !/^set[A-Z]/.test(method) && parentOf(parent)?.type === 'CallExpression';
  }
  if (parent?.type === 'NewExpression')
    return parent.callee.type === 'Identifier' && parent.callee.name === 'Date' && parent.arguments.length === 1;
  if (parent?.type !== 'CallExpression' || parent.callee === id || parent.callee.type !== 'Identifier') return false;
  const name = parent.callee.name;
  // date-fns' shifts and formatting return a new date or text; a local helper that only formats it
  return name in SHIFTS || FORMAT_FUNCTIONS.has(name) || helperFormat(parent.callee, 0) !== null;
}

/**
 * A clone moved in place right after it is made: `const start = new Date(end);
 * start.setUTCDate(start.getUTCDate() - 6);`, the day of `end` moved by the
 * days stated (a day's slack either way: local and UTC days may not line up
 * across a clock change). Null when anything else may move it: another setter,
 * a use that is not a read (passed to a function that is not a formatter), or
 * `end` itself moved in place.
 */
function movedClone(bound: Binding, name: string, scope: Node, depth: number): DayPoint | null {
  const declaration = parentOf(bound.node);
  const clone = bound.init ? unwrap(bound.init) : null;
  if (clone?.type !== 'NewExpression' || clone.callee.type !== 'Identifier' || clone.callee.name !== 'Date')
    return null;
  if (clone.arguments.length !== 1 || declaration?.type !== 'VariableDeclaration') return null;
  if (scope.type !== 'BlockStatement' && scope.type !== 'Program') return null;
  const body: readonly Node[] = scope.body;
  const move = body[body.indexOf(declaration) + 1];
  const days = dayMove(move, name, depth);
  if (days === null || !move) return null;
  for (const node of subtree(scope)) {
    if (node.type !== 'Identifier' || node.name !== name || node === (bound.node as TSESTree.VariableDeclarator).id)
      continue;
    const parent = parentOf(node);
    if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) continue;
    if (parent?.type === 'Property' && parent.key === node && !parent.shorthand) continue;
    if (!within(node, move) && !readsOnly(node)) return null;
  }
  const source = unwrap(clone.arguments[0]!);
  if (source.type === 'Identifier') {
    const from = binding(source);
    const fromScope = from ? scopeOf(from) : undefined;
    if (!fromScope || changedInPlace(source.name, fromScope)) return null;
  }
  const start = dayOf(source, depth + 1);
  return start ? { ...start, low: start.low + days, high: start.high + days, slack: start.slack + 1 } : null;
}

/** The function declaration, or `const` function, the name `id` calls; null when the file does not hold one. */
function localFunction(id: TSESTree.Identifier): FunctionNode | null {
  const bound = binding(id);
  if (bound?.init && isFunction(bound.init)) return bound.init;
  for (let node: Node | undefined = parentOf(id); node; node = parentOf(node)) {
    if (node.type !== 'BlockStatement' && node.type !== 'Program') continue;
    for (const statement of node.body) {
      const declaration =
        statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
      if (declaration.type === 'FunctionDeclaration' && declaration.id?.name === id.name) return declaration;
    }
  }
  return null;
}

/**
 * The formatting a function applies to its one parameter when all it does is
 * write that day as text (`(d: Date) => d.toISOString().slice(0, 10)`, or a
 * function that returns another such helper's result); null otherwise.
 */
export function dayTextFormat(fn: FunctionNode, depth = 0): string | null {
  if (fn.async || fn.generator || fn.params.length !== 1 || fn.params[0]!.type !== 'Identifier') return null;
  const [only] = fn.body.type === 'BlockStatement' ? fn.body.body : [];
  const returned =
    fn.body.type !== 'BlockStatement'
      ? fn.body
      : fn.body.body.length === 1 && only?.type === 'ReturnStatement'
        ? only.argument
        : null;
  const day = returned ? dayOf(returned, depth + 1) : null;
  if (!day || day.base !== fn.params[0] || day.low !== 0 || day.high !== 0 || day.slack !== 0) return null;
  return day.format;
}

/** Per file (its Program): how a function another module exports writes a date as text (dayTextFormat). */
const importedDayText = new WeakMap<Node, (source: string, name: string) => string | null>();

/**
 * Lets a window's end go through a formatter imported from another module of
 * the project (`import { toDateString } from '../utils/dates'`): the rule
 * shell gives each file the project's lookup (the first given is kept).
 */
export function followImportedDayText(program: Node, lookup: (source: string, name: string) => string | null): void {
  if (!importedDayText.has(program)) importedDayText.set(program, lookup);
}

/** The module and exported name a top-level `import { name }` of the file binds `id` to; null otherwise. */
function importedName(id: TSESTree.Identifier): { program: Node; source: string; name: string } | null {
  const program = rootOf(id);
  if (program.type !== 'Program') return null;
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type') continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type !== 'ImportSpecifier' || specifier.local.name !== id.name) continue;
      const name = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
      return { program, source: statement.source.value, name };
    }
  }
  return null;
}

/** The root of the tree `node` is in. */
function rootOf(node: Node): Node {
  let root = node;
  for (let up = parentOf(node); up; up = parentOf(up)) root = up;
  return root;
}

/** Whether the file declares `name` anywhere other than by an import (a variable, a parameter, a function). */
function declaredInFile(name: string, program: Node): boolean {
  for (const node of subtree(program)) {
    if (node.type !== 'Identifier' || node.name !== name) continue;
    const parent = parentOf(node);
    if (parent?.type === 'VariableDeclarator' && parent.id === node) return true;
    if (isFunction(parent) && (parent.id === node || parent.params.includes(node))) return true;
  }
  return false;
}

/** How the function `callee` names writes its date as text: a helper of the file, or one imported (followImportedDayText). */
function helperFormat(callee: TSESTree.Identifier, depth: number): string | null {
  if (depth > MAX_DEPTH) return null;
  const program = rootOf(callee);
  const fn = localFunction(callee);
  if (fn) return assignedIn(callee.name, program) ? null : dayTextFormat(fn, depth);
  const imported = importedName(callee);
  if (!imported || declaredInFile(callee.name, program) || assignedIn(callee.name, program)) return null;
  return importedDayText.get(imported.program)?.(imported.source, imported.name) ?? null;
}

/** A call of a local helper that only writes its date as text: that day, formatted as the helper does. */
function helperDay(call: TSESTree.CallExpression, callee: TSESTree.Identifier, depth: number): DayPoint | null {
  if (call.arguments.length !== 1) return null;
  const format = helperFormat(callee, depth + 1);
  if (format === null) return null;
  const inner = dayOf(call.arguments[0], depth + 1);
  return inner ? { ...inner, format: `${inner.format}${format}` } : null;
}

/** A `const` or parameter the code never assigns: its binding, as a key; null otherwise. */
function fixedKey(id: TSESTree.Identifier): string | null {
  const bound = binding(id);
  const scope = bound ? scopeOf(bound) : undefined;
  if (!bound || !scope || (bound.init === null && assignedIn(id.name, scope))) return null;
  return String(bound.node.range[0]);
}

/**
 * The part of a month's text a number is read from: `Number(m.slice(0, 4))`
 * (`parseInt`) is `m`'s year and `Number(m.slice(5, 7))` its month; a name
 * bound to one of them is that part; another fixed name is itself.
 */
function partKey(node: Node | undefined, depth: number): string | null {
  if (!node || depth > MAX_DEPTH) return null;
  const value = unwrap(node);
  if (value.type === 'Identifier') {
    const bound = binding(value);
    const part = bound?.init ? partKey(bound.init, depth + 1) : null;
    return part ?? fixedKey(value);
  }
  if (value.type !== 'CallExpression' || value.callee.type !== 'Identifier') return null;
  if (value.callee.name !== 'Number' && value.callee.name !== 'parseInt') return null;
  const cut = value.arguments[0] ? unwrap(value.arguments[0]) : null;
  if (cut?.type !== 'CallExpression' || cut.callee.type !== 'MemberExpression') return null;
  const { object } = cut.callee;
  const method = memberName(cut.callee);
  if (object.type !== 'Identifier' || (method !== 'slice' && method !== 'substring')) return null;
  const text = fixedKey(object);
  const [from, to] = [numberOf(cut.arguments[0], depth), numberOf(cut.arguments[1], depth)];
  if (text === null) return null;
  if (from === 0 && to === 4) return `${text}:year`;
  return from === 5 && to === 7 ? `${text}:month` : null;
}

/** The first day of a month written as text from a `YYYY-MM` value: `` `${month}-01` ``. */
function monthStartText(template: TSESTree.TemplateLiteral, depth: number): DayPoint | null {
  const [before, after] = template.quasis.map((quasi) => quasi.value.cooked);
  const [month] = template.expressions;
  if (template.expressions.length !== 1 || before !== '' || after !== '-01' || month?.type !== 'Identifier')
    return null;
  const text = depth > MAX_DEPTH ? null : fixedKey(month);
  return text === null
    ? null
    : { base: `month:${text}:year|${text}:month${signed(0)}`, format: 'text', low: 0, high: 0, slack: 0 };
}

/**
 * `new Date(y, m, 0)`: the last day of the month `m` counts from 1;
 * `new Date(y, m - 1, 1)`: its first day. A point from the first day of that
 * month, the year and month named by the same parts (partKey). Local days
 * written by `toISOString` may be the day before: a day lower.
 */
function monthDay(date: TSESTree.NewExpression, depth: number): DayPoint | null {
  const [yearArg, monthArg, dayArg] = date.arguments;
  const day = numberOf(dayArg, depth);
  const year = partKey(yearArg, depth + 1);
  let month = monthArg ? unwrap(monthArg) : null;
  let offset = 0;
  if (month?.type === 'BinaryExpression' && (month.operator === '+' || month.operator === '-')) {
    const count = numberOf(month.right, depth);
    if (count === null || !Number.isInteger(count)) return null;
    offset = month.operator === '+' ? count : -count;
    month = unwrap(month.left);
  }
  const part = month ? partKey(month, depth + 1) : null;
  if (year === null || part === null || (day !== 0 && day !== 1)) return null;
  // day 0 of month index m is the last day of month m counted from 1; day 1 is the first of month m + 1
  const base = `month:${year}|${part}${signed(day === 0 ? offset : offset + 1)}`;
  return day === 0
    ? { base, format: '', low: 26, high: 30, slack: 0 }
    : { base, format: '', low: -1, high: 0, slack: 0 };
}

function signed(count: number): string {
  return count >= 0 ? `+${count}` : String(count);
}

/** How a day is written as `YYYY-MM-DD` text: the ends of a month (monthDay) may be written any of these ways. */
const DAY_TEXT = new Set([
  'text',
  '.toISOString().slice(0,10)',
  '.toISOString().substring(0,10)',
  '.toISOString().split(T)[0]',
  '|format(yyyy-MM-dd)',
  '.format(YYYY-MM-DD)',
]);

/** Whether two ends are days of one calendar: written the same way, or both ends of one month written as day text. */
function sameDays(from: DayPoint, to: DayPoint): boolean {
  if (from.format === to.format) return true;
  return (
    typeof from.base === 'string' &&
    from.base.startsWith('month:') &&
    DAY_TEXT.has(from.format) &&
    DAY_TEXT.has(to.format)
  );
}

/**
 * How many days of a `date` column the read's window on `column` holds at
 * most, from its lower (`gte`/`gt`) and upper (`lte`/`lt`) bounds; null when
 * either is missing or the code does not say how far apart they are.
 */
export function windowDays(links: readonly QueryLink[], column: string): number | null {
  const ends = (names: readonly string[]) =>
    links.filter(({ name, call }) => names.includes(name) && staticString(argumentAt(call, 0)) === column);
  let best: number | null = null;
  for (const lower of ends(['gte', 'gt'])) {
    const from = dayOf(argumentAt(lower.call, 1));
    if (!from) continue;
    for (const upper of ends(['lte', 'lt'])) {
      const to = dayOf(argumentAt(upper.call, 1));
      if (!to || to.base !== from.base || !sameDays(from, to)) continue;
      const span = to.high - from.low + from.slack + to.slack;
      const days = span + 1 - (lower.name === 'gt' ? 1 : 0) - (upper.name === 'lt' ? 1 : 0);
      const count = Math.max(0, days);
      if (best === null || count < best) best = count;
    }
  }
  return best;
}
