/**
 * What one run of a callback sends: the requests written in it (a read, an
 * rpc or a write that is sent there) and those of the functions it calls, in
 * this module or others, composed through the function facts
 * (src/analysis/project). A sync's first-run fallback (`if (!since) return
 * full()`) is not part of a run: it runs once. A call the analysis cannot
 * follow (a prop, a parameter, a method of something it cannot see) is named
 * as unresolved: what it sends is unknown, never guessed.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  asMethodCall,
  type FunctionNode,
  isFunction,
  memberName,
  type Node,
  subtree,
  unwrap,
} from '../analysis/ast.js';
import type { AnalysisContext } from '../analysis/detector.js';
import { perItemLoop } from '../analysis/per-item.js';
import { countOnlyRead } from '../analysis/postgrest/count-only.js';
import { isQueryStartCandidate, queryRoot, type QueryRoot, writeRoot } from '../analysis/postgrest/query-root.js';
import { analyzeQuery, directExecutions, rowsNeverRead } from '../analysis/postgrest/query-use.js';
import { isOneRowRead } from '../analysis/postgrest/row-bounds.js';
import { MAX_CALL_DEPTH } from '../analysis/project/compose.js';
import type { RequestFact } from '../analysis/project/facts.js';
import { type ResolvedFunction, resolveCallee } from '../analysis/project/index.js';
import type { FunctionLookup } from '../analysis/project/lookup.js';
import { calleeOfNode, runsAtOnce } from '../analysis/project/module-facts.js';
import { resolveIdentifier } from '../analysis/scope.js';
import type { SyncRead } from '../analysis/sync/sync-plan.js';
import { syncRead } from '../analysis/sync/sync-reads.js';
import type { CountedRequest, ReadClass, Run } from './model.js';
import { pagedReadsOf, pagedRequests, paginatorCall } from './paged.js';
import { constantTable, constantTablesOf } from './tables.js';

/** How a read is classed from what the facts say of it. */
export function readClass(method: string, read: SyncRead | undefined): ReadClass {
  if (method !== 'select' || !read) return 'other';
  if (read.cursor !== null) return 'delta';
  return read.page.kind === 'none' ? 'full' : 'page';
}

/** Names a report shows a file by. */
export type Show = (file: string) => string;

function key(fn: ResolvedFunction): string {
  return `${fn.module.file}#${fn.facts.key}`;
}

/** The requests one run of `fn` sends, through the functions it calls (first-run fallbacks apart). */
export function requestsOfRun(
  fn: ResolvedFunction,
  show: Show,
  depth = 0,
  seen: Set<string> = new Set(),
): CountedRequest[] {
  const id = key(fn);
  if (seen.has(id) || depth > MAX_CALL_DEPTH) return [];
  seen.add(id);
  const found = fn.facts.requests
    .filter((request) => !request.read?.fallback)
    .map((request) => counted(request, fn, show));
  // reads handed to a paginating helper are no request of the facts: the helper sends them page by page
  for (const request of pagedReadsOf(fn.module.file, fn.facts.key, show))
    found.push({ ...request, path: [fn.facts.name] });
  for (const call of fn.facts.calls) {
    if (call.fallback) continue;
    const target = resolveCallee(fn.module, call.callee);
    if (!target) continue;
    for (const request of requestsOfRun(target, show, depth + 1, seen)) {
      found.push({
        ...request,
        path: [fn.facts.name, ...request.path],
        perItem: request.perItem || call.perItem !== null,
      });
    }
  }
  seen.delete(id);
  return found;
}

function counted(request: RequestFact, fn: ResolvedFunction, show: Show): CountedRequest {
  const table = request.table ?? constantTablesOf(fn.module.file).get(`${request.line}:${request.column}`) ?? null;
  return {
    file: show(fn.module.file),
    line: request.line,
    method: request.method,
    table,
    path: [fn.facts.name],
    perItem: request.perItem !== null,
    read: readClass(request.method, request.read),
  };
}

/** A read sent where it is written, classed as the facts would class it. */
function inlineRead(ctx: AnalysisContext, root: QueryRoot): SyncRead | undefined {
  const use = analyzeQuery(ctx, root);
  if (use.escapes || rowsNeverRead(use) || isOneRowRead(use.links, new Set(['id']))) return undefined;
  if (countOnlyRead(ctx, use)) return undefined;
  return syncRead(ctx, use);
}

/** A request that starts at `call` and is sent: its method, table and read. */
function requestAt(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  file: string,
): { method: string; table: string | null; read: SyncRead | undefined } | null {
  let start: { root: QueryRoot; method: string } | null = null;
  if (isQueryStartCandidate(call)) {
    const root = queryRoot(ctx, call);
    if (root) start = { root, method: root.kind };
  }
  start ??= writeRoot(ctx, call);
  if (!start) return null;
  if (directExecutions(analyzeQuery(ctx, start.root)).length === 0) return null;
  const read = start.method === 'select' ? inlineRead(ctx, start.root) : undefined;
  const table = start.root.name ?? (start.root.from ? constantTable(ctx, file, start.root.from.arguments[0]) : null);
  return { method: start.method, table, read };
}

/** Methods of a client or builder, read by the request recognizer, never calls to follow. */
const CLIENT_METHODS: ReadonlySet<string> = new Set([
  'from',
  'rpc',
  'schema',
  'select',
  'channel',
  'on',
  'subscribe',
  'removeChannel',
  'unsubscribe',
]);

/** React Query and SWR calls that refetch queries the analysis cannot see by key: what they send is unknown. */
const REFETCHERS: ReadonlySet<string> = new Set([
  'invalidateQueries',
  'refetchQueries',
  'resetQueries',
  'refetch',
  'mutate',
  'revalidate',
]);

/** Whether an unresolved call may send requests: a function the code holds (a prop, a parameter, a hook's result), a refetch. */
function mayRequest(ctx: AnalysisContext, call: TSESTree.CallExpression): string | null {
  const callee = unwrap(call.callee);
  const text = ctx.text.slice(callee.range[0], callee.range[1]).replace(/\s+/g, '');
  if (callee.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, callee);
    // a global (console, clearInterval, fetch of the browser is not Supabase's), a React state setter
    // the browser's fetch to the app's own API (`fetch('/api/sync')`): the route may send requests of its own
    if (callee.name === 'fetch' && (!variable || variable.defs.length === 0)) {
      const first = call.arguments[0];
      return `fetch(${first ? shortArgument(ctx, first) : ''})`;
    }
    if (!variable || variable.defs.length === 0) return null;
    if (/^set[A-Z]/.test(callee.name) || /^use[A-Z]/.test(callee.name)) return null;
    if (isPromiseSettler(variable.defs[0]!)) return null;
    // a function of a package (`toast()` from 'sonner'), not of the project
    const def = variable.defs[0]!;
    if (def.type === 'ImportBinding') {
      const source = (def.parent as TSESTree.ImportDeclaration).source.value;
      if (!/^(\.|@\/|~\/|#)/.test(source)) return null;
    }
    return `${text}()`;
  }
  if (callee.type !== 'MemberExpression') return null;
  const name = memberName(callee);
  if (name === null || CLIENT_METHODS.has(name)) return null;
  if (REFETCHERS.has(name)) return `${text}()`;
  return unwrap(callee.object).type === 'ThisExpression' ? `${text}()` : null;
}

/** `resolve` / `reject` of a `new Promise((resolve, reject) => ...)`: settling a promise sends nothing. */
function isPromiseSettler(def: { type: string; node: unknown }): boolean {
  if (def.type !== 'Parameter') return false;
  const fn = def.node as Node;
  const parent = fn.parent;
  return (
    parent?.type === 'NewExpression' &&
    parent.arguments[0] === fn &&
    unwrap(parent.callee).type === 'Identifier' &&
    (unwrap(parent.callee) as TSESTree.Identifier).name === 'Promise'
  );
}

function shortArgument(ctx: AnalysisContext, node: Node): string {
  const text = ctx.text.slice(node.range[0], node.range[1]).replace(/\s+/g, ' ');
  return text.length > 50 ? `${text.slice(0, 49)}…` : text;
}

/** The nodes of a callback that run when it runs: its body, and the callbacks it runs at once (`.map`, `.then`). */
function runNodes(fn: FunctionNode): Node[] {
  return [...subtree(fn.body, (node) => node === fn.body || !isFunction(node) || runsAtOnce(node))];
}

export interface RunContext {
  ctx: AnalysisContext;
  lookup: FunctionLookup | null;
  show: Show;
  file: string;
  /** The functions of this file walked on the way (a recursion ends there). */
  seen?: FunctionNode[];
  /** A call the caller resolves itself (a React Query `refetch()`), else null. */
  special?: (call: TSESTree.CallExpression) => Run | null;
}

/** Hooks that hand back the function they are given. */
const MEMO_HOOKS: ReadonlySet<string> = new Set(['useCallback', 'useEvent', 'useEffectEvent', 'useMemoizedFn']);

/**
 * The function of this file a name holds, never reassigned: `function load()`,
 * `const load = async () => ...`, `const load = useCallback(async () => ..., [])`.
 * Walked as written (the browser's fetch and the calls it cannot follow are seen).
 */
export function localFunction(ctx: AnalysisContext, node: Node): FunctionNode | null {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return null;
  const variable = resolveIdentifier(ctx, inner);
  if (!variable || variable.defs.length !== 1) return null;
  if (
    variable.references.some(
      (ref) => ref.isWrite() && ref.writeExpr !== (variable.defs[0]!.node as { init?: unknown }).init,
    )
  )
    return null;
  const def = variable.defs[0]!;
  if (def.type === 'FunctionName' && isFunction(def.node)) return def.node;
  if (def.type !== 'Variable' || !def.node.init) return null;
  const init = unwrap(def.node.init);
  if (isFunction(init)) return init;
  if (init.type === 'CallExpression') {
    const callee = unwrap(init.callee);
    const name =
      callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
    const first = init.arguments[0] && unwrap(init.arguments[0]);
    if (name !== null && MEMO_HOOKS.has(name) && isFunction(first)) return first;
  }
  return null;
}

/** What one run of an inline callback sends. */
export function runOfCallback(run: RunContext, fn: FunctionNode): Run {
  const requests: CountedRequest[] = [];
  const unresolved: string[] = [];
  for (const node of runNodes(fn)) {
    if (node.type !== 'CallExpression') continue;
    const request = requestAt(run.ctx, node, run.file);
    if (request) {
      const loop = perItemLoop(run.ctx, node);
      const inside = loop !== null && loop.node.range[0] >= fn.range[0] && loop.node.range[1] <= fn.range[1];
      requests.push({
        file: run.show(run.file),
        line: node.loc.start.line,
        method: request.method,
        table: request.table,
        path: [],
        perItem: inside,
        read: readClass(request.method, request.read),
      });
      continue;
    }
    if (paginatorCall(node)) {
      const loop = perItemLoop(run.ctx, node);
      const inside = loop !== null && loop.node.range[0] >= fn.range[0] && loop.node.range[1] <= fn.range[1];
      for (const request of pagedRequests(run.ctx, node, run.show(run.file)))
        requests.push({ ...request, perItem: inside });
      continue;
    }
    const method = asMethodCall(node);
    if (method && method.call === node && CLIENT_METHODS.has(method.name)) continue;
    const special = run.special?.(node);
    if (special) {
      requests.push(...special.requests);
      unresolved.push(...special.unresolved);
      continue;
    }
    const local = localFunction(run.ctx, node.callee);
    if (local && !(run.seen ?? []).includes(local) && (run.seen ?? []).length < MAX_CALL_DEPTH) {
      const below = runOfCallback({ ...run, seen: [...(run.seen ?? []), fn] }, local);
      const loop = perItemLoop(run.ctx, node);
      const inside = loop !== null && loop.node.range[0] >= fn.range[0];
      const name = run.ctx.text.slice(node.callee.range[0], node.callee.range[1]);
      for (const request of below.requests) {
        requests.push({ ...request, path: [name, ...request.path], perItem: request.perItem || inside });
      }
      unresolved.push(...below.unresolved);
      continue;
    }
    const target = run.lookup?.resolve(node) ?? null;
    if (target) {
      const loop = perItemLoop(run.ctx, node);
      const inside = loop !== null && loop.node.range[0] >= fn.range[0];
      const below = requestsOfRun(target, run.show);
      for (const request of below) requests.push({ ...request, perItem: request.perItem || inside });
      // an async function of the project whose result the run waits for, with no request the facts can see: it may send
      // one through a call they cannot follow (a method of an instance a factory returns), so it is unknown, not none
      if (below.length === 0 && target.facts.async && awaited(node)) unresolved.push(`${calleeText(run.ctx, node)}()`);
      continue;
    }
    const named = mayRequest(run.ctx, node);
    if (named !== null) unresolved.push(named);
  }
  return { requests, unresolved: [...new Set(unresolved)] };
}

/** Whether the run waits for what a call gives: awaited, returned (a queryFn's promise), or chained with `.then`. */
function awaited(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  return (
    parent.type === 'AwaitExpression' ||
    parent.type === 'ReturnStatement' ||
    (parent.type === 'ArrowFunctionExpression' && parent.body === call) ||
    (parent.type === 'MemberExpression' && parent.object === call && memberName(parent) === 'then')
  );
}

function calleeText(ctx: AnalysisContext, call: TSESTree.CallExpression): string {
  return ctx.text.slice(call.callee.range[0], call.callee.range[1]).replace(/\s+/g, '');
}

/** What one run of a function reference (`setInterval(sync.pull, ms)`) sends. */
export function runOfReference(run: RunContext, reference: Node): Run {
  const inner = unwrap(reference);
  if (isFunction(inner)) return runOfCallback(run, inner);
  const local = localFunction(run.ctx, inner);
  if (local) return runOfCallback(run, local);
  const callee = run.lookup ? calleeOfNode(run.ctx, inner) : null;
  const target = callee && run.lookup ? resolveCallee(run.lookup.own(), callee) : null;
  if (target) {
    const requests = requestsOfRun(target, run.show);
    // an async function with no request the facts can see may send one through a call they cannot follow
    const unseen = requests.length === 0 && target.facts.async;
    return {
      requests,
      unresolved: unseen ? [run.ctx.text.slice(inner.range[0], inner.range[1]).replace(/\s+/g, '')] : [],
    };
  }
  const text = run.ctx.text.slice(inner.range[0], inner.range[1]).replace(/\s+/g, '');
  return { requests: [], unresolved: [text] };
}
