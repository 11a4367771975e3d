/**
 * How many rows a page bound asks for, when the code says: `.limit(5000)`,
 * `.limit(PAGE)` with `const PAGE = 5000`, `.range(0, 4999)`,
 * `.range(from, from + 4999)`, `.range(page * size, page * size + size - 1)`
 * with a constant `size`. PostgREST sends at most the project's max-rows
 * whatever a read asks for, with a normal 200 and no error: a bound past it is
 * no bound (the code gets the first max-rows rows and believes it has them all).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { argumentAt, type Node, unwrap } from '../ast.js';
import { MAX_ALIAS_HOPS } from '../limits.js';
import { constantInit, resolveIdentifier } from '../scope.js';
import type { AnalysisContext } from '../detector.js';
import type { QueryLink } from './query-use.js';
import { isListBound, isOneRowRead, rowBound, topLevelPages, type UniqueColumns } from './row-bounds.js';

/** `c + k1·x1 + k2·x2 ...`: a number the code computes from names it does not know, linearly. */
interface Linear {
  constant: number;
  terms: Map<string, number>;
}

const constant = (value: number): Linear => ({ constant: value, terms: new Map() });

function combine(a: Linear, b: Linear, sign: 1 | -1): Linear {
  const terms = new Map(a.terms);
  for (const [name, k] of b.terms) {
    const sum = (terms.get(name) ?? 0) + sign * k;
    if (sum === 0) terms.delete(name);
    else terms.set(name, sum);
  }
  return { constant: a.constant + sign * b.constant, terms };
}

function scale(a: Linear, by: number): Linear {
  const terms = new Map<string, number>();
  if (by !== 0) for (const [name, k] of a.terms) terms.set(name, k * by);
  return { constant: a.constant * by, terms };
}

/**
 * The value of an expression as a linear form over the names it reads: a
 * number literal, a constant (followed at most MAX_ALIAS_HOPS times), `+`,
 * `-`, and `*` by a number. A name the analysis cannot resolve to a number
 * is a term of its own; anything else (a call, a property, a product of two
 * names) is null.
 */
function linear(ctx: AnalysisContext, node: Node, hops = 0): Linear | null {
  const inner = unwrap(node);
  switch (inner.type) {
    case 'Literal':
      return typeof inner.value === 'number' && Number.isFinite(inner.value) ? constant(inner.value) : null;
    case 'UnaryExpression': {
      if (inner.operator !== '-' && inner.operator !== '+') return null;
      const value = linear(ctx, inner.argument, hops);
      return value && (inner.operator === '-' ? scale(value, -1) : value);
    }
    case 'BinaryExpression': {
      if (inner.left.type === 'PrivateIdentifier') return null;
      const left = linear(ctx, inner.left, hops);
      const right = left && linear(ctx, inner.right, hops);
      if (!left || !right) return null;
      if (inner.operator === '+') return combine(left, right, 1);
      if (inner.operator === '-') return combine(left, right, -1);
      if (inner.operator !== '*') return null;
      if (left.terms.size === 0) return scale(right, left.constant);
      return right.terms.size === 0 ? scale(left, right.constant) : null;
    }
    case 'Identifier': {
      const variable = resolveIdentifier(ctx, inner);
      const init = variable && hops < MAX_ALIAS_HOPS ? constantInit(variable) : null;
      const value = init ? linear(ctx, init, hops + 1) : null;
      if (value) return value;
      // a name read twice in one expression holds one value there: `x + 10 - x` is 10
      return {
        constant: 0,
        terms: new Map([[variable ? `${inner.name}@${variable.defs[0]?.name.range[0] ?? ''}` : inner.name, 1]]),
      };
    }
    default:
      return null;
  }
}

/** The number the code gives, when it is one whatever the names it reads hold. */
function numberOf(ctx: AnalysisContext, node: Node | undefined): number | null {
  const value = node ? linear(ctx, node) : null;
  return value && value.terms.size === 0 ? value.constant : null;
}

/** How many rows `.limit(n)` or `.range(from, to)` asks for; null when the code does not say. */
export function pageRows(ctx: AnalysisContext, link: QueryLink): number | null {
  if (link.name === 'limit') return numberOf(ctx, argumentAt(link.call, 0));
  if (link.name !== 'range') return null;
  const from = argumentAt(link.call, 0);
  const to = argumentAt(link.call, 1);
  const a = from && linear(ctx, from);
  const b = to && linear(ctx, to);
  if (!a || !b) return null;
  const span = combine(b, a, -1);
  return span.terms.size === 0 ? span.constant + 1 : null;
}

export interface PastMaxRows {
  /** The `.limit()` / `.range()` call. */
  call: TSESTree.CallExpression;
  name: 'limit' | 'range';
  /** How many rows it asks for. */
  rows: number;
}

/**
 * When the only row bounds of a read are page bounds on the top-level table
 * that all ask for more rows than `maxRows`: the last of them (the one
 * PostgREST applies). Null when something else bounds the read (one row, a
 * HEAD request, a list of ids, an option the analysis cannot read), when one page bound is
 * within max-rows, or when the code does not say how many rows one asks for.
 */
export function pagesPastMaxRows(
  ctx: AnalysisContext,
  links: readonly QueryLink[],
  unique: UniqueColumns,
  maxRows: number,
  /** How many rows a bound asks for when the code does not say it in place (param-default.ts). */
  fallback?: (link: QueryLink) => number | null,
): PastMaxRows | null {
  if (isOneRowRead(links, unique) || isListBound(links, unique)) return null;
  if (links.some((link) => rowBound([link], new Set()) === 'unknown-option')) return null;
  const pages = new Set(topLevelPages(links));
  let last: PastMaxRows | null = null;
  for (const link of links) {
    if (!pages.has(link.call)) continue;
    const rows = pageRows(ctx, link) ?? fallback?.(link) ?? null;
    if (rows === null || rows <= maxRows) return null;
    if (!last || link.call.range[1] > last.call.range[1]) {
      last = { call: link.call, name: link.name as 'limit' | 'range', rows };
    }
  }
  return last;
}
