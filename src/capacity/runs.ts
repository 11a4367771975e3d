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
  return {
    file: show(fn.module.file),
    line: request.line,
    method: request.method,
    table: request.table,
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
  return { method: start.method, table: start.root.name, read };
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
    if (!variable || variable.defs.length === 0) return null;
    if (/^set[A-Z]/.test(callee.name) || /^use[A-Z]/.test(callee.name)) return null;
    return `${text}()`;
  }
  if (callee.type !== 'MemberExpression') return null;
  const name = memberName(callee);
  if (name === null || CLIENT_METHODS.has(name)) return null;
  if (REFETCHERS.has(name)) return `${text}()`;
  return unwrap(callee.object).type === 'ThisExpression' ? `${text}()` : null;
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
  /** A call the caller resolves itself (a React Query `refetch()`), else null. */
  special?: (call: TSESTree.CallExpression) => Run | null;
}

/** What one run of an inline callback sends. */
export function runOfCallback(run: RunContext, fn: FunctionNode): Run {
  const requests: CountedRequest[] = [];
  const unresolved: string[] = [];
  for (const node of runNodes(fn)) {
    if (node.type !== 'CallExpression') continue;
    const request = requestAt(run.ctx, node);
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
    const method = asMethodCall(node);
    if (method && method.call === node && CLIENT_METHODS.has(method.name)) continue;
    const special = run.special?.(node);
    if (special) {
      requests.push(...special.requests);
      unresolved.push(...special.unresolved);
      continue;
    }
    const target = run.lookup?.resolve(node) ?? null;
    if (target) {
      const loop = perItemLoop(run.ctx, node);
      const inside = loop !== null && loop.node.range[0] >= fn.range[0];
      for (const request of requestsOfRun(target, run.show)) {
        requests.push({ ...request, perItem: request.perItem || inside });
      }
      continue;
    }
    const named = mayRequest(run.ctx, node);
    if (named !== null) unresolved.push(named);
  }
  return { requests, unresolved: [...new Set(unresolved)] };
}

/** What one run of a function reference (`setInterval(sync.pull, ms)`) sends. */
export function runOfReference(run: RunContext, reference: Node): Run {
  const inner = unwrap(reference);
  if (isFunction(inner)) return runOfCallback(run, inner);
  const callee = run.lookup ? calleeOfNode(run.ctx, inner) : null;
  const target = callee && run.lookup ? resolveCallee(run.lookup.own(), callee) : null;
  if (target) return { requests: requestsOfRun(target, run.show), unresolved: [] };
  const text = run.ctx.text.slice(inner.range[0], inner.range[1]).replace(/\s+/g, '');
  // a function held by a variable of this file: `const tick = () => ...; setInterval(tick, ms)`
  if (inner.type === 'Identifier') {
    const def = resolveIdentifier(run.ctx, inner)?.defs[0];
    const init = def?.type === 'Variable' ? def.node.init : null;
    if (init && isFunction(unwrap(init))) return runOfCallback(run, unwrap(init) as FunctionNode);
    if (def?.type === 'FunctionName' && isFunction(def.node)) return runOfCallback(run, def.node);
  }
  return { requests: [], unresolved: [text] };
}
