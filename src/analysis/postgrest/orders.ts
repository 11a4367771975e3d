/**
 * `.order()` calls: what each one orders (column, direction, where nulls go,
 * the top-level table or an embedded resource), read as postgrest-js reads
 * its options, and the orders that apply to the top-level table.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { argumentAt, keyName, type Node, staticString, unwrap } from '../ast.js';
import { isUndefined, literalTruth, type OptionTarget, optionTarget } from './options.js';
import type { QueryLink } from './query-use.js';

export interface OrderCall {
  call: TSESTree.CallExpression;
  /** The ordered column when it is a static string. */
  column: string | null;
  /**
   * `ascending` unless `ascending` is written with a value JavaScript reads as
   * false (`{ ascending: false }`); `unknown` for a value or options the
   * analysis cannot read.
   */
  direction: 'ascending' | 'descending' | 'unknown';
  /** `nullsFirst` written true (`first`) or false (`last`), not written (`default`: Postgres's own), or `unknown`. */
  nulls: 'first' | 'last' | 'default' | 'unknown';
  /** The top-level table, or an embedded resource (a `referencedTable` that is not empty); see `optionTarget`. */
  target: OptionTarget;
}

/** A boolean option as postgrest-js reads it: `undefined` leaves the default, a literal by its truth. */
function booleanOption(node: Node): boolean | 'default' | 'unknown' {
  const value = unwrap(node);
  if (isUndefined(value)) return 'default';
  return literalTruth(value) ?? 'unknown';
}

/**
 * What one `.order(column, options)` call orders. postgrest-js: `order(column,
 * { ascending = true, nullsFirst, referencedTable = foreignTable } = {})`.
 * Later properties of the options override earlier ones; a spread or a
 * computed key makes what it may set unknown.
 */
export function readOrder(call: TSESTree.CallExpression): OrderCall {
  const options = argumentAt(call, 1);
  const order: OrderCall = {
    call,
    column: staticString(argumentAt(call, 0)),
    direction: 'ascending',
    nulls: 'default',
    target: optionTarget(options, 'truthy'),
  };
  if (!options) return order;
  if (options.type !== 'ObjectExpression') return { ...order, direction: 'unknown', nulls: 'unknown' };
  for (const property of options.properties) {
    const key = property.type === 'Property' ? keyName(property.key, property.computed) : null;
    if (property.type !== 'Property' || key === null) {
      order.direction = 'unknown';
      order.nulls = 'unknown';
    } else if (key === 'ascending') {
      const ascending = booleanOption(property.value);
      order.direction = ascending === 'unknown' ? 'unknown' : ascending === false ? 'descending' : 'ascending';
    } else if (key === 'nullsFirst') {
      const first = booleanOption(property.value);
      order.nulls = first === 'unknown' || first === 'default' ? first : first ? 'first' : 'last';
    }
  }
  return order;
}

/** The `.order()` calls on the top-level table, in the order they apply. */
export function topLevelOrders(links: readonly QueryLink[]): OrderCall[] {
  return links
    .filter((link) => link.name === 'order')
    .map((link) => readOrder(link.call))
    .filter((order) => order.target !== 'embedded')
    .sort((a, b) => a.call.range[0] - b.call.range[0]);
}
