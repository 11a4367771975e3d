/**
 * The PostgREST builder methods by what they do (postgrest-js 2.x): filters,
 * transforms, the calls that keep the builder, the writes, and the transforms
 * a new `.limit()` goes before.
 */

export const FILTER_METHODS: ReadonlySet<string> = new Set([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'likeAllOf',
  'likeAnyOf',
  'ilike',
  'ilikeAllOf',
  'ilikeAnyOf',
  'is',
  'isDistinct',
  'in',
  'notIn',
  'contains',
  'containedBy',
  'rangeGt',
  'rangeGte',
  'rangeLt',
  'rangeLte',
  'rangeAdjacent',
  'overlaps',
  'textSearch',
  'match',
  'not',
  'or',
  'filter',
  'regexMatch',
  'regexIMatch',
]);

export const TRANSFORM_METHODS: ReadonlySet<string> = new Set([
  'select',
  'order',
  'limit',
  'range',
  'abortSignal',
  'single',
  'maybeSingle',
  'csv',
  'geojson',
  'explain',
  'rollback',
  'returns',
  'overrideTypes',
  'maxAffected',
  'throwOnError',
  'setHeader',
  'retry',
  'stripNulls',
]);

/** Calls that keep the builder (a filter or a transform). */
export const BUILDER_METHODS: ReadonlySet<string> = new Set([...FILTER_METHODS, ...TRANSFORM_METHODS]);

/** Query-builder methods that write; with or without `.select()` they are not reads. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['insert', 'upsert', 'update', 'delete']);

/**
 * Transforms that end a chain or only change how the answer is typed or sent.
 * A suggested `.limit()` goes before them (`.csv()` returns a builder without
 * `.limit`).
 */
export const TRAILING_TRANSFORMS: ReadonlySet<string> = new Set([
  'csv',
  'geojson',
  'explain',
  'returns',
  'overrideTypes',
  'throwOnError',
  'abortSignal',
  'rollback',
  'setHeader',
  'retry',
  'stripNulls',
]);

/**
 * The operators a filter is written with in PostgREST's own syntax
 * (`.or('status.eq.done,priority.gt.2')`, `.filter(col, 'ilike', v)`): the
 * operators of https://docs.postgrest.org/en/stable/references/api/tables_views.html#operators.
 */
export const POSTGREST_OPERATORS: ReadonlySet<string> = new Set(
  'eq neq gt gte lt lte like ilike match imatch in is isdistinct fts plfts phfts wfts cs cd ov sl sr nxr nxl adj not'.split(
    ' ',
  ),
);
