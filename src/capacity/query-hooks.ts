/**
 * React Query and SWR hooks as the capacity report reads them: the function
 * each query runs (`queryFn`, SWR's fetcher), its polling period
 * (`refetchInterval`, `refreshInterval`) and its focus and reconnect refetch
 * (`refetchOnWindowFocus` with `staleTime`, `revalidateOnFocus` with the
 * focus throttle), with what the hook leaves to the client's defaults
 * (`new QueryClient({ defaultOptions: { queries } })`) and to the library's.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, type Node, objectProperty, unwrap } from '../analysis/ast.js';
import type { AnalysisContext } from '../analysis/detector.js';
import { objectLiteral } from '../analysis/realtime/values.js';
import { type Option, periodOption, propertyValue, switchOption, UNSET } from './values.js';

const QUERY_HOOKS: ReadonlySet<string> = new Set([
  'useQuery',
  'useSuspenseQuery',
  'useInfiniteQuery',
  'useSuspenseInfiniteQuery',
]);

const SWR_HOOKS: ReadonlySet<string> = new Set(['useSWR', 'useSWRInfinite', 'useSWRImmutable']);

/** The options of one query hook, as written (unset: the defaults decide). */
export interface QueryHookOptions {
  library: 'react-query' | 'swr';
  /** The function each fetch runs; null when the hook names none (a default queryFn or fetcher). */
  fetch: Node | null;
  interval: Option<number>;
  /** React Query's staleTime; SWR's focus throttle (`focusThrottleInterval`). */
  fresh: Option<number>;
  focus: Option<boolean | 'always'>;
  reconnect: Option<boolean | 'always'>;
  /** `enabled: false` written out: the query never runs by itself. */
  disabled: boolean;
}

function calleeName(call: TSESTree.CallExpression): string | null {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return memberName(callee);
  return null;
}

/** `queryOptions({...})`, `infiniteQueryOptions({...})`, or an object literal (inline or a constant). */
function optionsObject(ctx: AnalysisContext, node: Node | undefined): TSESTree.ObjectExpression | null {
  if (!node || node.type === 'SpreadElement') return null;
  const inner = unwrap(node);
  if (inner.type === 'CallExpression') {
    const name = calleeName(inner);
    if (name === 'queryOptions' || name === 'infiniteQueryOptions') return optionsObject(ctx, inner.arguments[0]);
    return null;
  }
  return objectLiteral(ctx, inner);
}

function isDisabled(options: TSESTree.ObjectExpression | null): boolean {
  const enabled = propertyValue(options, 'enabled');
  const inner = enabled && unwrap(enabled);
  return inner?.type === 'Literal' && inner.value === false;
}

function reactQuery(ctx: AnalysisContext, call: TSESTree.CallExpression): QueryHookOptions | 'unread' {
  const first = call.arguments[0];
  let options = optionsObject(ctx, first);
  let fetch: Node | null = null;
  if (options) fetch = propertyValue(options, 'queryFn') ?? null;
  else {
    // v3: useQuery(key, fn, options)
    const second = call.arguments[1];
    if (!first || !second || second.type === 'SpreadElement') return 'unread';
    fetch = second;
    options = call.arguments[2] ? optionsObject(ctx, call.arguments[2]) : null;
    if (call.arguments[2] && !options) return 'unread';
  }
  return {
    library: 'react-query',
    fetch,
    interval: periodOption(ctx, propertyValue(options, 'refetchInterval')),
    fresh: periodOption(ctx, propertyValue(options, 'staleTime')),
    focus: switchOption(ctx, propertyValue(options, 'refetchOnWindowFocus')),
    reconnect: switchOption(ctx, propertyValue(options, 'refetchOnReconnect')),
    disabled: isDisabled(options),
  };
}

function swr(ctx: AnalysisContext, call: TSESTree.CallExpression): QueryHookOptions | 'unread' {
  const second = call.arguments[1];
  const secondObject = second && second.type !== 'SpreadElement' ? objectLiteral(ctx, second) : null;
  // useSWR(key, fetcher, options), useSWR(key, options) with a fetcher from SWRConfig
  const fetch = secondObject ? (propertyValue(secondObject, 'fetcher') ?? null) : (second ?? null);
  const written = secondObject ? second : call.arguments[2];
  const options = written ? objectLiteral(ctx, written) : null;
  if (written && !options) return 'unread';
  const key = call.arguments[0] && unwrap(call.arguments[0]);
  // a null key never fetches
  if (key?.type === 'Literal' && key.value === null) {
    return { library: 'swr', fetch, interval: UNSET, fresh: UNSET, focus: UNSET, reconnect: UNSET, disabled: true };
  }
  return {
    library: 'swr',
    fetch: fetch?.type === 'SpreadElement' ? null : fetch,
    interval: periodOption(ctx, propertyValue(options, 'refreshInterval')),
    fresh: periodOption(ctx, propertyValue(options, 'focusThrottleInterval')),
    focus: switchOption(ctx, propertyValue(options, 'revalidateOnFocus')),
    reconnect: switchOption(ctx, propertyValue(options, 'revalidateOnReconnect')),
    disabled: false,
  };
}

/** The query hook a call is, with its options; `unread` when its options are built where the analysis cannot read them. */
export function queryHook(ctx: AnalysisContext, call: TSESTree.CallExpression): QueryHookOptions | 'unread' | null {
  const name = calleeName(call);
  if (name === null) return null;
  if (QUERY_HOOKS.has(name)) return reactQuery(ctx, call);
  if (SWR_HOOKS.has(name)) return swr(ctx, call);
  return null;
}

/** The client-wide query options a `new QueryClient({ defaultOptions: { queries } })` sets. */
export interface ClientDefaults {
  interval: Option<number>;
  fresh: Option<number>;
  focus: Option<boolean | 'always'>;
  reconnect: Option<boolean | 'always'>;
}

/** `new QueryClient({ defaultOptions: { queries: {...} } })`: the defaults it sets; null for any other `new`. */
export function queryClientDefaults(ctx: AnalysisContext, node: TSESTree.NewExpression): ClientDefaults | null {
  const callee = unwrap(node.callee);
  if (callee.type !== 'Identifier' || callee.name !== 'QueryClient') return null;
  const config = objectLiteral(ctx, node.arguments[0]);
  const defaults = objectLiteral(ctx, objectProperty(config ?? undefined, 'defaultOptions')?.value);
  const queries = objectLiteral(ctx, objectProperty(defaults ?? undefined, 'queries')?.value);
  return {
    interval: periodOption(ctx, propertyValue(queries, 'refetchInterval')),
    fresh: periodOption(ctx, propertyValue(queries, 'staleTime')),
    focus: switchOption(ctx, propertyValue(queries, 'refetchOnWindowFocus')),
    reconnect: switchOption(ctx, propertyValue(queries, 'refetchOnReconnect')),
  };
}

/** `const { refetch } = useQuery(...)` / `const query = useQuery(...); query.refetch()`: the hook call a `refetch()` refetches. */
export function refetchedHook(ctx: AnalysisContext, call: TSESTree.CallExpression): TSESTree.CallExpression | null {
  const callee = unwrap(call.callee);
  let holder: Node | null = null;
  if (callee.type === 'MemberExpression' && memberName(callee) === 'refetch') holder = unwrap(callee.object);
  else if (callee.type === 'Identifier') holder = callee;
  if (holder?.type !== 'Identifier') return null;
  const scope = ctx.getScope(call);
  let variable = null;
  for (let current: typeof scope | null = scope; current && !variable; current = current.upper) {
    variable = current.set.get(holder.name) ?? null;
  }
  const def = variable?.defs[0];
  if (def?.type !== 'Variable' || !def.node.init) return null;
  const init = unwrap(def.node.init);
  const hook = init.type === 'CallExpression' ? init : null;
  if (!hook) return null;
  const name = calleeName(hook);
  if (name === null || !QUERY_HOOKS.has(name)) return null;
  // `const { refetch } = useQuery()` (the identifier is the refetch) or `query.refetch()` (the object is the result)
  if (callee.type === 'Identifier') {
    if (def.node.id.type !== 'ObjectPattern') return null;
    const property = def.node.id.properties.find(
      (p) => p.type === 'Property' && p.value.type === 'Identifier' && p.value.name === holder.name,
    );
    const key = property?.type === 'Property' && property.key.type === 'Identifier' ? property.key.name : null;
    return key === 'refetch' ? hook : null;
  }
  return def.node.id.type === 'Identifier' ? hook : null;
}
