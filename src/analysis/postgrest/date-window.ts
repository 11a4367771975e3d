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
 * days of the same calendar. Another function of a date (a local
 * `toDateKey(d)`, `startOfMonth(d)`) may move it: no known end. The one date is a `const` or a parameter, seen by the AST alone
 * (the innermost block or function that binds its name); a `Date` the code
 * changes in place (`d.setDate(...)`) is no known end. Two `new Date()` calls
 * are taken as one date a day apart at most (midnight may pass between them).
 * Anything else, two parameters passed in above all, is no known span.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { argumentAt, type Node, parentOf, staticString, subtree, unwrap } from '../ast.js';
import type { QueryLink } from './query-use.js';

/** A day as the code computes it: an offset range from a base date, both ends in days. */
interface DayPoint {
  /** What the offsets are from: `literal` (days since 1970), `now`, or a binding's node; plus the formatting applied. */
  base: Node | 'literal' | 'now';
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
  if (!scope || changedInPlace(id.name, scope)) return null;
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
    if (!FORMAT_FUNCTIONS.has(callee.name)) return null;
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
      return value.arguments.length === 1 ? dayOf(value.arguments[0], depth + 1) : null;
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
      if (!to || to.base !== from.base || to.format !== from.format) continue;
      const span = to.high - from.low + from.slack + to.slack;
      const days = span + 1 - (lower.name === 'gt' ? 1 : 0) - (upper.name === 'lt' ? 1 : 0);
      const count = Math.max(0, days);
      if (best === null || count < best) best = count;
    }
  }
  return best;
}
