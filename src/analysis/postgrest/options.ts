/**
 * Reading the options object of a builder call: which rows a `limit`,
 * `range` or `order` acts on (`{ referencedTable }`, or the older
 * `{ foreignTable }`), as postgrest-js reads it.
 */
import { keyName, type Node, unwrap } from '../ast.js';

/** Which rows a call acts on: the top-level table, an embedded resource, or no telling. */
export type OptionTarget = 'top' | 'embedded' | 'unknown';

/** `undefined` or `void x`: the value a destructuring default replaces. */
export function isUndefined(value: Node): boolean {
  return (
    (value.type === 'Identifier' && value.name === 'undefined') ||
    (value.type === 'UnaryExpression' && value.operator === 'void')
  );
}

/** Whether JavaScript reads a literal as true (`'x'`, `1`, `true`) or false (`null`, `0`, `''`); null for any other expression. */
export function literalTruth(value: Node): boolean | null {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a parser may set `regex: undefined` on a non-regex literal
  if (value.type === 'Literal') return ('regex' in value && value.regex !== undefined) || Boolean(value.value);
  if (value.type === 'TemplateLiteral' && value.expressions.length === 0) return value.quasis[0]?.value.cooked !== '';
  return null;
}

/**
 * Which rows a call acts on, from its options object. postgrest-js reads
 * `referencedTable`, or `foreignTable` when referencedTable is undefined, and
 * tests the name two ways (PostgrestTransformBuilder):
 * - `truthy`, as `order` does (`referencedTable ? ... : 'order'`): only a
 *   name that is not empty moves the order to the embedded resource, so
 *   `{ referencedTable: undefined }` and `{ referencedTable: null }` order the
 *   top-level table;
 * - `defined`, as `limit` and `range` do (`typeof referencedTable ===
 *   'undefined'`): anything but undefined moves the bound off the top-level
 *   table (`{ referencedTable: null }` bounds a resource named `null`).
 * A value the analysis cannot see (`{ referencedTable: table }`) counts as a
 * name; options it cannot read (a variable, a spread or a computed key before
 * the name) give `unknown`.
 */
export function optionTarget(options: Node | undefined, test: 'truthy' | 'defined'): OptionTarget {
  if (!options) return 'top';
  if (options.type !== 'ObjectExpression') return 'unknown';
  // what `foreignTable` says, until a `referencedTable` that is not undefined overrides it
  let fallback: OptionTarget | null = null;
  for (const property of options.properties) {
    const key = property.type === 'Property' ? keyName(property.key, property.computed) : null;
    // a spread or a key that cannot be read may set the name
    if (property.type !== 'Property' || key === null) return fallback === 'embedded' ? fallback : 'unknown';
    if (key !== 'referencedTable' && key !== 'foreignTable') continue;
    const value = unwrap(property.value);
    if (isUndefined(value)) continue;
    const target = test === 'truthy' && literalTruth(value) === false ? 'top' : 'embedded';
    if (key === 'referencedTable') return target;
    fallback = target;
  }
  return fallback ?? 'top';
}
