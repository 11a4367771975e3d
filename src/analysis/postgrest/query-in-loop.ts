/**
 * Requests sent once per item of a collection (N+1): a PostgREST request
 * (a read, a write or an rpc) whose execution (await, `.then`, a promise
 * combinator, a return from a per-item callback) sits in the body of a loop
 * over a collection, in a `.forEach` callback, or in a `.map` callback whose
 * promises go to `Promise.all` (or a sibling). What a request is and where it
 * is sent comes from the chain recognizer (query-root.ts, query-use.ts); this file only
 * decides whether that place runs once per item.
 */
import { isGroupWrite, sendsNamedBatch } from './group-write.js';
import { leavesAfter, leavesOnSuccess, onlyOnFailure } from './failure-path.js';
import { isLoopInvariantRead, varies } from './loop-invariant.js';
import { isThrottled } from './throttled.js';
import { runsForKeyedItems } from './key-guard.js';
import { sentAsItem } from './auth-context.js';
import { chunkedWithin, inListLoopWithin, tableOrigin, walksDistinctKeys } from './table-loops.js';
import { isFallbackWrite } from './fallback-write.js';
import { isProducedBatch, type SendsRequests } from './produced-batch.js';
import type { TSESTree } from '@typescript-eslint/utils';
import { childNodes, enclosingFunction, LOOPS, type Node, outermost, unwrap } from '../ast.js';
import { type LoopKind, perItemLoop, type PerItemOptions } from '../per-item.js';
import { mayHoldSelectRead } from './select-gate.js';
import { mayHoldRpc, mayHoldWriteRequest } from '../text-gates.js';
import { isQueryStartCandidate, queryRoot, type QueryRoot, writeRoot } from './query-root.js';
import { analyzeQuery, type QueryUse } from './query-use.js';
import { resolveIdentifier } from '../scope.js';
import type { AnalysisContext, Detector } from '../detector.js';
import { typeOracle } from '../type-oracle.js';
import {
  type ComposedFirstUse,
  type ComposedRequest,
  dispatchesOn,
  requestsOf,
  returnedBuilder,
} from '../project/compose.js';
import { dispatchChains, sendsDifferentRequests } from './dispatch.js';
import {
  callersOfFunction,
  type FunctionLookup,
  type FunctionLookupSource,
  type ImportsAny,
} from '../project/lookup.js';
import { alwaysPresent, sameParameter } from './param-guard.js';
import { inDeadBranch } from './dead-branch.js';
import { sequentialSites } from './loop-carried.js';
import { uniqueColumnsFor } from './row-bounds.js';
import type { SchemaLookup } from '../schema-facts.js';

/** The key of a table without a schema: `id`, as require-pagination's default `uniqueColumns`. */
const DEFAULT_KEYS = ['id'];

export interface QueryInLoop {
  /** The request sent in the loop; null when it is sent by a function called there (`through`). */
  use: QueryUse | null;
  /** Where to report: the request's chain, or the call of the function that sends requests. */
  node: TSESTree.Node;
  /** A function called once per item that sends requests (in this module or another), and what it sends. */
  through?: { callee: string; requests: ComposedRequest[] };
  /** `select`, `rpc`, or the write method (`insert`, `upsert`, `update`, `delete`). */
  method: string;
  /** The table (or rpc function) when it is a static string. */
  name: string | null;
  loop: LoopKind;
  /** The loop statement, or the `.forEach` / `.map` call. */
  loopNode: Node;
  /**
   * The table is named by the item (`from(item.table)`; through a call, the
   * argument the callee names its table with): rows of different tables
   * cannot come back from one `.in()` request.
   */
  perTable?: true;
  /** A read that is the same request for every item (loop-invariant.ts): send it once, before the loop. */
  invariant?: true;
  /**
   * The table comes from a written-out list walked inside the per-item loop
   * (`for (const table of TABLES)` in `for (const company of companies)`): a
   * request per table per item, which one request per table for every item replaces.
   */
  tablesOfList?: true;
  /** Sent in a loop over a short or written-out list inside the per-item loop: once per entry of it, for every item. */
  perEntry?: true;
}

export interface QueryInLoopOptions {
  checkWrites: boolean;
  checkRpc: boolean;
  /** The project's functions: requests sent per item through a called function. */
  functions?: FunctionLookupSource;
  /** The project's schema: a loop over the rows of a read keyed by a few written-out values runs a few times. */
  schema?: SchemaLookup;
}

/**
 * Text gate: a finding needs something that repeats (mayRepeat) and a request: a `select` that may start a read (the gate require-pagination
 * asks), a write called on what may be `X.from(t)` (text-gates.ts
 * mayHoldWriteRequest), or an `rpc` (the word: `trpc` is not one).
 */
export function mayHoldQueryInLoop(text: string): boolean {
  if (!mayRepeat(text)) return false;
  return mayHoldRpc(text) || mayHoldSelectRead(text) || mayHoldWriteRequest(text);
}

/**
 * Something that may run a call once per item (per-item.ts perItemLoop): a
 * `for` or `while` loop (the keyword and its parenthesis), a `.forEach`
 * callback, a `.map` or `.flatMap` whose promises go to a `Promise`
 * combinator, a `useQueries` list. (`format`, `before`, a `.map` that renders
 * a list: none of them repeats a request.) Not modelled, as by every text
 * gate: a comment between `for` and its parenthesis.
 */
export function mayRepeat(text: string): boolean {
  return (
    ((text.includes('for') || text.includes('while')) && /\b(?:for\s*(?:await\s*)?|while\s*)\(/.test(text)) ||
    text.includes('forEach') ||
    (text.includes('map') && text.includes('Promise')) ||
    text.includes('Queries')
  );
}

/** A request the rule counts: a read, and an rpc or a write when it checks them. */
function countedRequest(request: ComposedRequest, options: Pick<QueryInLoopOptions, 'checkRpc' | 'checkWrites'>) {
  return request.method === 'select' || (request.method === 'rpc' ? options.checkRpc : options.checkWrites);
}

/**
 * Whether a file that sends nothing itself may hold a finding through a
 * function of another module it calls per item: something repeats, and it
 * calls a function that sends a request the rule counts, or one that returns
 * a read of a named table unsent, which the call sends (project/imports.ts:
 * only the modules that may reach one are read). The detector's own test is
 * the first two (mayRepeat, mayCallInto), which this one narrows.
 */
export function mayHoldQueryInLoopThrough(
  text: string,
  imports: ImportsAny,
  options: Pick<QueryInLoopOptions, 'checkRpc' | 'checkWrites'>,
): boolean {
  if (!mayRepeat(text)) return false;
  if (
    imports.mayCallInto('requests') &&
    imports.importsAny('requests', (fn) => requestsOf(fn).some((request) => countedRequest(request, options)))
  )
    return true;
  // a query factory of another module: its read is sent where it is called (builtRead)
  return (
    imports.mayCallInto('builders') &&
    imports.importsAny('builders', (fn) => (returnedBuilder(fn)?.builder.table ?? null) !== null)
  );
}

/**
 * The rule's whole text gate: a request written in the file, or something
 * that repeats and an imported function that sends a request the options
 * count (a loop calling a helper of another module).
 */
export function mayLoopRequests(
  text: string,
  options: Pick<QueryInLoopOptions, 'checkRpc' | 'checkWrites'>,
  imports: ImportsAny,
): boolean {
  return mayHoldQueryInLoop(text) || mayHoldQueryInLoopThrough(text, imports, options);
}

/** A page of a paginated read (`.range()`, or a keyset with `.limit()`): a loop over pages, not items. */
function isPageRead(use: QueryUse): boolean {
  const names = new Set(use.links.map((link) => link.name));
  return names.has('range') || (names.has('limit') && ['gt', 'gte', 'lt', 'lte'].some((name) => names.has(name)));
}

/**
 * `.in(col, ids)` where `ids` is bound inside the loop (the loop variable, a
 * callback parameter, a list built in the body): each request handles a
 * batch, one per group, not one per item.
 */
function isBatchPerIteration(ctx: AnalysisContext, use: QueryUse, loopNode: Node, sent: Node): boolean {
  return use.links.some(({ name, call }) => {
    if (name !== 'in' && name !== 'notIn') return false;
    return readsLoopBinding(ctx, call.arguments[1], loopNode) && appliedWhenSent(call, sent);
  });
}

/**
 * Whether a link of an incremental chain (`q = q.in(key, value)`) is applied
 * whenever the request is sent at `sent`: not under an `if`, a `?:`, the right
 * of `&&`/`||` or in a loop that does not also hold the send. `if
 * (Array.isArray(v)) q = q.in(k, v); else q = q.eq(k, v)` sends a lookup of one
 * value on the other branch.
 */
function appliedWhenSent(link: Node, sent: Node): boolean {
  const holdsSend = (node: Node) => node.range[0] <= sent.range[0] && node.range[1] >= sent.range[1];
  let child = link;
  for (let node = link.parent; node && !holdsSend(node); child = node, node = node.parent) {
    if (node.type === 'IfStatement' || node.type === 'ConditionalExpression' || node.type === 'SwitchCase')
      return false;
    if (node.type === 'LogicalExpression' && node.right === child) return false;
    if (LOOPS.has(node.type)) return false;
  }
  return true;
}

/** Whether `value` reads a binding declared in the loop (its variable, a callback's parameter, a local of the body). */
function readsLoopBinding(ctx: AnalysisContext, value: Node | undefined, loopNode: Node): boolean {
  if (!value || value.type === 'SpreadElement') return false;
  const [from, to] = loopNode.range;
  const stack: Node[] = [value];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'Identifier') {
      const def = resolveIdentifier(ctx, node)?.defs[0];
      if (def && def.name.range[0] >= from && def.name.range[1] <= to) return true;
    }
    stack.push(...childNodes(node));
  }
  return false;
}

/**
 * The loop a request (or a call that sends some) runs once per item of: the
 * innermost per-item loop around it (per-item.ts perItemLoop), unless the
 * request always leaves that loop once it has run (failure-path.ts
 * leavesAfter: `await update(doc); return;`), which then runs it at most once
 * a run. A `break` leaves only that loop: the loop around it, when it walks a
 * collection, runs the request once per item of its own (`for (const dep of
 * pending) for (const tx of txs) { await update(dep); break; }`); a `return`
 * or `throw` leaves that one too.
 */
function repeatingLoop(ctx: AnalysisContext, node: Node, lists: PerItemOptions): { kind: LoopKind; node: Node } | null {
  let loop = perItemLoop(ctx, node, lists);
  while (loop && leavesAfter(node, loop.node)) loop = perItemLoop(ctx, loop.node, lists);
  return loop;
}

function judge(
  ctx: AnalysisContext,
  use: QueryUse,
  method: string,
  lists: PerItemOptions,
  sends: SendsRequests,
): QueryInLoop | null {
  for (const execution of use.executions) {
    if (execution.kind === 'paginated') continue;
    const loop = repeatingLoop(ctx, execution.node, lists);
    if (!loop) continue;
    if ((loop.kind === 'for' || loop.kind === 'while') && isPageRead(use)) continue;
    if (isBatchPerIteration(ctx, use, loop.node, execution.node)) continue;
    // `insert(chunk.map(toRow))` per chunk: the loop cuts the rows into requests, each a batch
    if (isGroupWrite(ctx, use, method, loop.node)) continue;
    // `if (error) for (const row of rows) insert(row)` after `insert(rows)` failed: the batch is there, this is its fallback
    if (isFallbackWrite(ctx, method, use.root.name, loop.node)) continue;
    // `insert(rows)` of the rows this iteration generated (`await generate(task)`): a batch each, paced by that work
    if (isProducedBatch(ctx, use, method, loop.node, sends)) continue;
    // `for (const chunk of chunks) insert(chunk)`: the names say batches, and the request sends one whole
    if (
      sendsNamedBatch(
        ctx,
        use.links.flatMap(({ call }) => call.arguments),
        loop.node,
        method === 'rpc',
      )
    )
      continue;
    // `if (done % 10 === 0) report(done)`: every tenth item, a progress report, not a request per item
    if (isThrottled(execution.node, loop.node)) continue;
    // in a `catch`, or under `if (error)`: error telemetry or a fallback, per item only when every item fails
    if (onlyOnFailure(ctx, execution.node, loop.node)) continue;
    // `const { data } = await claim(c); if (data) break;`: tried item after item only until one succeeds
    if (leavesOnSuccess(ctx, execution.node, loop.node)) continue;
    // `if (u.email !== ADMIN) continue;`: only the item whose key is that value
    if (runsForKeyedItems(ctx, execution.node, loop.node)) continue;
    // a client with the item's token, or signed in as the item's user: each request runs as another user
    if (sentAsItem(ctx, use.root.client, execution.node, loop.node, (value) => readsLoopBinding(ctx, value, loop.node)))
      continue;
    const table = use.root.name === null && method !== 'rpc' ? use.root.from?.arguments[0] : undefined;
    const origin = tableOrigin(ctx, table, execution.node, loop.node);
    const perTable = origin === 'item';
    // `for (const [table, rows] of byTable)`: each iteration another table, one request a table (the advised form);
    // `for (const table of tables) for (...; i += 500) insert(rows.slice(i, i + 500))`: per table, in chunks
    if (perTable && walksDistinctKeys(ctx, table, loop.node)) continue;
    if (perTable && (method === 'insert' || method === 'upsert') && chunkedWithin(execution.node, loop.node)) continue;
    return {
      use,
      node: use.chainEnd,
      method,
      name: use.root.name,
      loop: loop.kind,
      loopNode: loop.node,
      ...(perTable ? { perTable } : {}),
      ...(origin === 'list' ? { tablesOfList: true as const } : {}),
      ...(inListLoopWithin(execution.node, loop.node) ? { perEntry: true as const } : {}),
      ...(origin === null && isLoopInvariantRead(ctx, use, loop.node) ? { invariant: true as const } : {}),
    };
  }
  return null;
}

/**
 * Finds every request of a file that is sent once per item of a collection.
 * Returns null for a file whose text cannot hold one.
 */
export function createQueryInLoopDetector(
  ctx: AnalysisContext,
  options: QueryInLoopOptions,
): Detector<QueryInLoop> | null {
  const lookup = options.functions?.() ?? null;
  const counted = (request: ComposedRequest) => countedRequest(request, options);
  // a file that sends no request itself may call, per item, a function that does: only one that calls into a
  // module that may reach a request (read from the texts; the functions called per item are resolved in the walk)
  if (
    !mayHoldQueryInLoop(ctx.text) &&
    !(mayRepeat(ctx.text) && (lookup?.mayCallInto('requests') || lookup?.mayCallInto('builders')))
  )
    return null;
  const types = typeOracle(ctx);
  const found: QueryInLoop[] = [];
  const sends: SendsRequests = (call) => {
    const target = lookup?.resolve(call, 'requests');
    return target ? requestsOf(target).length > 0 : false;
  };
  // every call of a function that sends requests in a loop, reported or not: what a branch of a dispatch picks
  const sent: Sent[] = [];
  // a list imported from a module that writes it out is walked as one written out here
  // a loop named for batches is judged by what each request sends (sendsNamedBatch), not left out by its names
  // the rows of a read keyed by a few values written out (`.in('id', [a, b])`, a composite key) are a capped list
  const rowKeys = (table: string) => uniqueColumnsFor(DEFAULT_KEYS, table, options.schema?.());
  const lists: PerItemOptions = lookup
    ? { importedList: (variable) => lookup.importedList(variable), trustBatchNames: false, rowKeys }
    : { trustBatchNames: false, rowKeys };
  /** A call, once per item, of a function that sends requests (in this module or another). */
  const throughCall = (node: TSESTree.CallExpression, loop: { kind: LoopKind; node: Node }) => {
    const target = lookup?.resolve(node, 'requests');
    // a request behind a cache the first call fills, under a key the same for every item: sent once, not per item
    const file = lookup?.own().file ?? '';
    const requests = target
      ? requestsOf(target).filter(
          (request) =>
            counted(request) &&
            !(request.firstUse ?? []).some((first) => firstUseHolds(ctx, first, node, loop, file)) &&
            !(request.unlessParam !== undefined && passesPresent(ctx, node, request.unlessParam, lookup)),
        )
      : [];
    if (!target || requests.length === 0) return;
    sent.push({ node, signatures: requests.map(signature) });
    if (
      isThrottled(node, loop.node) ||
      onlyOnFailure(ctx, node, loop.node) ||
      leavesOnSuccess(ctx, node, loop.node) ||
      runsForKeyedItems(ctx, node, loop.node)
    )
      return;
    // `executeAction(action)` that runs a different operation for each kind of action: no one request does them all
    // (unless the dispatch loop itself runs per item of another loop: then per item of that one)
    let at = loop;
    if (dispatchesOn(target).some((index) => readsLoopBinding(ctx, node.arguments[index], loop.node))) {
      const outer = perItemLoop(ctx, loop.node, lists);
      if (!outer) return;
      at = outer;
    }
    // `queryAsUser(jwt, id)` with the item's token: the callee's client runs as the item's user, request by request
    if (
      requests.every(
        (request) =>
          request.clientParameter !== undefined &&
          readsLoopBinding(ctx, node.arguments[request.clientParameter], loop.node),
      )
    )
      return;
    // `saveChunk(chunk)` per chunk: the callee gets a batch whole
    if (sendsNamedBatch(ctx, node.arguments, loop.node)) return;
    const callee = ctx.text.slice(node.callee.range[0], node.callee.range[1]).replace(/\s+/g, '');
    const first = requests[0]!;
    // each request the callee sends itself, on the table an argument the item gives names
    const tableArguments = requests.map((request) =>
      request.path.length === 1 && request.tableParameter !== undefined
        ? node.arguments[request.tableParameter]
        : undefined,
    );
    const perTable = tableArguments.every((argument) => tableOrigin(ctx, argument, node, loop.node) === 'item');
    // `for (const [table, group] of byTable) await runFor(table, group)`: one call a table, the advised form
    if (perTable && tableArguments.every((argument) => walksDistinctKeys(ctx, argument, loop.node))) return;
    found.push({
      use: null,
      node,
      through: { callee, requests },
      method: first.method,
      name: first.table,
      loop: at.kind,
      loopNode: at.node,
      ...(perTable ? { perTable } : {}),
      ...(at === loop && inListLoopWithin(node, loop.node) ? { perEntry: true as const } : {}),
    });
  };
  /**
   * `await readItem(item.id)` where `readItem` returns a read of a named table
   * unsent (a query factory, in this module or another): the read is sent here,
   * judged as one written here (its arguments are the read's own). True when
   * the call returns such a read.
   */
  const builtRead = (node: TSESTree.CallExpression) => {
    const target = lookup?.resolve(node, 'builders');
    const built = target ? returnedBuilder(target) : null;
    if (!built || built.builder.table === null) return false;
    const root: QueryRoot = { kind: 'select', start: node, from: node, name: built.builder.table, client: node };
    const finding = judge(ctx, analyzeQuery(ctx, root), 'select', lists, sends);
    if (finding) found.push(finding);
    return true;
  };
  return {
    listeners: {
      CallExpression(node: TSESTree.CallExpression) {
        let start: { root: QueryRoot; method: string } | null = null;
        if (isQueryStartCandidate(node)) {
          const root = queryRoot(ctx, node);
          if (root && (root.kind === 'select' || options.checkRpc)) start = { root, method: root.kind };
        } else if (options.checkWrites) {
          start = writeRoot(ctx, node);
        }
        if (!start) {
          // a call once per item (its loop found first: most calls are in none) that returns a read or sends some
          const loop = lookup && repeatingLoop(ctx, node, lists);
          if (loop && !builtRead(node)) throughCall(node, loop);
          return;
        }
        if (types?.isSupabase(start.root.start) === 'no') return;
        const finding = judge(ctx, analyzeQuery(ctx, start.root), start.method, lists, sends);
        if (finding) found.push(finding);
      },
    },
    // a request (or its loop) under `if (FLAG)` with `const FLAG = false`, or after an always-taken continue, is sent by no run
    finish: () =>
      withoutDispatched(ctx, withoutSequential(ctx, found), sent, (node) => perItemLoop(ctx, node, lists)).filter(
        (finding) => !inDeadBranch(ctx, finding.node) && !inDeadBranch(ctx, finding.loopNode),
      ),
  };
}

/**
 * Whether the call passes, at `index`, a value that cannot be missing
 * (param-guard.ts alwaysPresent: `cache` of `const cache = data || []`), or a
 * parameter of the function around it, unchanged, for which every call of
 * that function in the project (all of them known) passes such a value: a
 * request the callee sends only when that parameter is missing is never sent.
 */
function passesPresent(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  index: number,
  lookup: FunctionLookup | null,
): boolean {
  const argument = call.arguments[index];
  if (!argument || argument.type === 'SpreadElement') return false;
  if (alwaysPresent(ctx, argument)) return true;
  const fn = enclosingFunction(call);
  const parameter = fn && lookup ? sameParameter(ctx, unwrap(argument), fn) : -1;
  if (!fn || !lookup || parameter < 0) return false;
  const scan = callersOfFunction(lookup, fn);
  return (
    !!scan?.complete &&
    scan.triggers.length === 0 &&
    scan.calls.length > 0 &&
    scan.calls.every((caller) => caller.definedArgs?.includes(parameter) === true)
  );
}

/** Loops whose next pass starts when this one is over: a memo filled by an awaited call is full for the next item. */
const SEQUENTIAL: ReadonlySet<LoopKind> = new Set(['for-of', 'for-in', 'for', 'while']);

/**
 * Whether a cache keeps the requests behind it (compose.ts ComposedFirstUse)
 * to the first call of the loop: the key the call gives is the same at every
 * pass (varies, loop-invariant.ts), and, for a memo (a variable or a Map in
 * memory), the loop awaits each call before the next (calls made at once all
 * find it empty) and the memo is declared outside the loop (one declared in
 * it, or local to the function called, starts empty each pass). A device
 * store keeps its key across calls and runs.
 */
function firstUseHolds(
  ctx: AnalysisContext,
  first: ComposedFirstUse,
  call: TSESTree.CallExpression,
  loop: { kind: LoopKind; node: Node },
  file: string,
): boolean {
  const spread = call.arguments.findIndex((argument) => argument.type === 'SpreadElement');
  for (const index of first.params) {
    if (spread >= 0 && spread <= index) return false;
    const argument = call.arguments[index];
    if (argument && varies(ctx, argument, loop.node)) return false;
  }
  if (first.kind === 'store') return true;
  const awaited = outermost(call).parent;
  if (
    !SEQUENTIAL.has(loop.kind) ||
    awaited?.type !== 'AwaitExpression' ||
    enclosingFunction(awaited) !== enclosingFunction(loop.node)
  )
    return false;
  // declared in the loop: empty again at each pass
  if (first.at && first.file === file && placeWithin(first.at, loop.node)) return false;
  // a local of a function around the loop (the same module, declared outside it), or the module's
  return first.owner === undefined || first.file === file;
}

function placeWithin({ line, column }: { line: number; column: number }, node: Node): boolean {
  const { start, end } = node.loc;
  return (
    (line > start.line || (line === start.line && column >= start.column)) &&
    (line < end.line || (line === end.line && column <= end.column))
  );
}

/**
 * The findings less the requests their loop sends in sequence by design
 * (loop-carried.ts): iteration i+1's request depends on what iteration i's
 * returned, through state carried across iterations.
 */
function withoutSequential(ctx: AnalysisContext, found: QueryInLoop[]): QueryInLoop[] {
  const byLoop = new Map<Node, QueryInLoop[]>();
  for (const finding of found) {
    const group = byLoop.get(finding.loopNode);
    if (group) group.push(finding);
    else byLoop.set(finding.loopNode, [finding]);
  }
  const sequential = new Set<Node>();
  for (const [loop, findings] of byLoop) {
    const sites = findings.map((finding) => ({ node: finding.node, direct: finding.through === undefined }));
    for (const node of sequentialSites(ctx, loop, sites)) sequential.add(node);
  }
  return sequential.size === 0 ? found : found.filter((finding) => !sequential.has(finding.node));
}

/** A request, or a call of a function that sends some, and what it sends (`insert:orders`). */
interface Sent {
  node: Node;
  signatures: string[];
}

function signature(request: { method: string; table: string | null }): string {
  return `${request.method}:${request.table ?? '?'}`;
}

/**
 * The findings less the calls on the branches of a chain in the loop that
 * picks an operation by a field of the item (`if (call.name === 'a') runA(call)
 * else if (call.name === 'b') runB(call)`, dispatch.ts) when two branches call
 * functions that send different requests (every such call on a branch counts,
 * reported or not): each item runs its own operation, and no one request does
 * them all. A request written in a branch stays: a lookup or a write of the
 * item per kind, which one `.in()` request per kind replaces.
 */
function withoutDispatched(
  ctx: AnalysisContext,
  found: QueryInLoop[],
  sent: readonly Sent[],
  /** The per-item loop around a node (per-item.ts perItemLoop): a dispatch loop inside another one. */
  outerLoop: (node: Node) => { kind: LoopKind; node: Node } | null,
): QueryInLoop[] {
  const dropped = new Set<QueryInLoop>();
  /** Findings of a dispatch loop that is itself run per item of another loop: per item of that one. */
  const moved = new Map<QueryInLoop, QueryInLoop>();
  const loops = new Set(found.map((finding) => finding.loopNode));
  const inside = (node: Node, [from, to]: readonly [number, number]) => node.range[0] >= from && node.range[1] <= to;
  for (const loop of loops) {
    const chains = dispatchChains(
      loop,
      (subject) => readsLoopBinding(ctx, subject, loop),
      () => true,
    );
    for (const chain of chains) {
      const branches = chain.branches.map(({ range }) => range);
      const onBranch = branches.map(
        (range) => new Set(sent.filter((s) => inside(s.node, range)).flatMap((s) => s.signatures)),
      );
      if (!sendsDifferentRequests(onBranch)) continue;
      const outer = outerLoop(loop);
      for (const finding of found) {
        if (!finding.through || finding.loopNode !== loop || !branches.some((range) => inside(finding.node, range)))
          continue;
        // `for (const user of users) for (const pref of prefs) if (pref.kind === 'email') ...`: per user still
        if (outer) moved.set(finding, { ...finding, loop: outer.kind, loopNode: outer.node });
        else dropped.add(finding);
      }
    }
  }
  if (dropped.size === 0 && moved.size === 0) return found;
  return found.filter((finding) => !dropped.has(finding)).map((finding) => moved.get(finding) ?? finding);
}
