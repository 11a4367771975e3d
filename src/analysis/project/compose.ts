/**
 * What a function does through the functions it calls: its facts (facts.ts)
 * composed along its calls, in this module and others (index.ts), at most
 * MAX_CALL_DEPTH calls deep and never twice through the same function (a
 * recursion or a cycle between modules ends that path with nothing). A
 * callee that cannot be resolved adds nothing: unknown never makes a finding.
 */
import type { SyncRead } from '../sync/sync-plan.js';
import type { CallFact, DispatchFact, FirstUse, PerItem, ReturnFact, StoreFact } from './facts.js';
import { sendsDifferentRequests } from '../postgrest/dispatch.js';
import { type ResolvedFunction, resolveCallee } from './index.js';

/** Calls followed below the function asked about. */
export const MAX_CALL_DEPTH = 5;

/** A request a function sends through its calls: the path of functions to it, and where it is. */
export interface ComposedRequest {
  /** The functions called on the way, the asked one first (`['prefetchPost', 'loadComments']`). */
  path: string[];
  method: string;
  table: string | null;
  file: string;
  line: number;
  /** Sent once per item somewhere on the way. */
  perItem: PerItem | null;
  /** A read as a sync makes it (its cursor, order, page), when the facts have it. */
  read?: SyncRead;
  /** A select of at most one row (RequestFact.oneRow). */
  oneRow?: true;
  /** The table is this parameter of the first function of `path` (facts.ts RequestFact): only when `path` has one function. */
  tableParameter?: number;
  /** The client is made from this parameter of the first function of `path` (facts.ts RequestFact), through every call on the way. */
  clientParameter?: number;
  /**
   * The caches the request is sent behind, on its way (facts.ts FirstUse):
   * any one of them keeps it to first use. Their key's parameters are the
   * first function of `path`'s; `file` is the module of the function that
   * tests the cache.
   */
  firstUse?: ComposedFirstUse[];
  /** Sent only when this parameter of the first function of `path` is missing (facts.ts RequestFact.unlessParam). */
  unlessParam?: number;
}

/** A cache on the way to a request, as the first function of its path sees it. */
export type ComposedFirstUse = FirstUse & { file: string };

/**
 * A cache of the function a call reaches, as the caller sees it: its key read
 * through the call's arguments (facts.ts argParams). Null when the caller
 * gives it a key that may change from call to call (a loop's item, a `let`),
 * or when it is a memo local to the caller (each call of the caller starts it
 * empty).
 */
function liftFirstUse(first: ComposedFirstUse, call: CallFact, caller: ResolvedFunction): ComposedFirstUse | null {
  if (first.owner !== undefined && first.owner === caller.facts.key && first.file === caller.module.file) return null;
  const spread = call.args.indexOf('spread');
  const params = new Set<number>();
  for (const index of first.params) {
    if (spread >= 0 && spread <= index) return null;
    if (index >= call.args.length) continue; // not given: the same default every call
    const read = call.argParams ? call.argParams[index] : [];
    if (read === null || read === undefined) return null;
    for (const param of read) params.add(param);
  }
  return { ...first, params: [...params].sort((a, b) => a - b) };
}

function key(fn: ResolvedFunction): string {
  return `${fn.module.file}#${fn.facts.key}`;
}

function callees(fn: ResolvedFunction): { call: CallFact; target: ResolvedFunction }[] {
  const out: { call: CallFact; target: ResolvedFunction }[] = [];
  for (const call of fn.facts.calls) {
    const target = resolveCallee(fn.module, call.callee);
    if (target) out.push({ call, target });
  }
  return out;
}

/** Every request a call of `fn` sends, directly or through the functions it calls. */
export function requestsOf(fn: ResolvedFunction, depth = 0, seen: Set<string> = new Set()): ComposedRequest[] {
  const id = key(fn);
  if (seen.has(id) || depth > MAX_CALL_DEPTH) return [];
  seen.add(id);
  const file = fn.module.file;
  const found: ComposedRequest[] = fn.facts.requests.map((request) => ({
    path: [fn.facts.name],
    method: request.method,
    table: request.table,
    file,
    line: request.line,
    perItem: request.perItem,
    ...(request.read ? { read: request.read } : {}),
    ...(request.oneRow ? { oneRow: true as const } : {}),
    ...(request.tableParameter !== undefined ? { tableParameter: request.tableParameter } : {}),
    ...(request.clientParameter !== undefined ? { clientParameter: request.clientParameter } : {}),
    ...(request.firstUse ? { firstUse: [{ ...request.firstUse, file }] } : {}),
    ...(request.unlessParam !== undefined ? { unlessParam: request.unlessParam } : {}),
  }));
  for (const { call, target } of callees(fn)) {
    for (const request of requestsOf(target, depth + 1, seen)) {
      // a parameter of the function below, not of this one
      const outer: ComposedRequest = { ...request, path: [fn.facts.name, ...request.path] };
      delete outer.tableParameter;
      // the client of the function below is its parameter: this function's when the call passes one of its own
      const client = request.clientParameter === undefined ? -1 : (call.params?.[request.clientParameter] ?? -1);
      if (client >= 0) outer.clientParameter = client;
      else delete outer.clientParameter;
      // the caches below, read through the call's arguments, and the one the call itself is made behind
      const firstUse = (request.firstUse ?? []).flatMap((first) => liftFirstUse(first, call, fn) ?? []);
      if (call.firstUse) firstUse.push({ ...call.firstUse, file });
      if (firstUse.length > 0) outer.firstUse = firstUse;
      else delete outer.firstUse;
      // sent only when a parameter below is missing: never through a call that passes a value that cannot be;
      // this function's parameter when the call hands its own on unchanged; else when this call is made so guarded
      const unless = request.unlessParam;
      if (unless !== undefined && call.definedArgs?.includes(unless)) continue;
      const forwarded = unless === undefined ? -1 : (call.sameParams?.[unless] ?? -1);
      if (forwarded >= 0) outer.unlessParam = forwarded;
      else if (call.unlessParam !== undefined) outer.unlessParam = call.unlessParam;
      else delete outer.unlessParam;
      found.push({ ...outer, perItem: request.perItem ?? call.perItem });
    }
  }
  seen.delete(id);
  return found;
}

/** Whether a call of `fn` hands back the remover of a channel it subscribed (through `return other()` too). */
export function returnsRemover(fn: ResolvedFunction, depth = 0, seen: Set<string> = new Set()): string[] | null {
  const id = key(fn);
  if (seen.has(id) || depth > MAX_CALL_DEPTH) return null;
  seen.add(id);
  try {
    if (fn.facts.channels.some((channel) => channel.fate === 'returned')) return [fn.facts.name];
    for (const returned of fn.facts.returns) {
      if (returned.kind !== 'call') continue;
      const call = fn.facts.calls[returned.call];
      const target = call && resolveCallee(fn.module, call.callee);
      const path = target && returnsRemover(target, depth + 1, seen);
      if (path) return [fn.facts.name, ...path];
    }
    return null;
  } finally {
    seen.delete(id);
  }
}

/** A channel subscribed below a function whose remover is dropped on the way up. */
export interface LeakedChannel {
  /** The functions from the asked one to the one that subscribes. */
  path: string[];
  /** The function that dropped the remover (or the channel), and where. */
  droppedIn: string;
  /** `channel`: the channel is dropped where it is made; `remover`: a function on the way drops the remover it is given. */
  dropped: 'channel' | 'remover';
  file: string;
  line: number;
}

/**
 * A channel that a call of `fn` subscribes, at any depth, and that nothing
 * can remove afterwards: the channel itself is dropped where it is made, or a
 * function on the way calls one that returns its remover and drops it.
 */
export function leakedChannel(fn: ResolvedFunction, depth = 0, seen: Set<string> = new Set()): LeakedChannel | null {
  const id = key(fn);
  if (seen.has(id) || depth > MAX_CALL_DEPTH) return null;
  seen.add(id);
  try {
    const dropped = fn.facts.channels.find((channel) => channel.fate === 'dropped');
    if (dropped) {
      return {
        path: [fn.facts.name],
        droppedIn: fn.facts.name,
        dropped: 'channel',
        file: fn.module.file,
        line: dropped.line,
      };
    }
    for (const { call, target } of callees(fn)) {
      if (call.result === 'dropped') {
        const remover = returnsRemover(target, depth + 1, seen);
        if (remover) {
          return {
            path: [fn.facts.name, ...remover],
            droppedIn: fn.facts.name,
            dropped: 'remover',
            file: fn.module.file,
            line: call.line,
          };
        }
      }
      if (call.result === 'returned') continue; // the caller gets what the callee gives: judged there
      const below = leakedChannel(target, depth + 1, seen);
      if (below) return { ...below, path: [fn.facts.name, ...below.path] };
    }
    return null;
  } finally {
    seen.delete(id);
  }
}

/** The unsent query builder a call of `fn` returns (through `return other()` too), with the function that builds it. */
export function returnedBuilder(
  fn: ResolvedFunction,
  depth = 0,
  seen: Set<string> = new Set(),
): { builder: Extract<ReturnFact, { kind: 'builder' }>; by: ResolvedFunction } | null {
  const id = key(fn);
  if (seen.has(id) || depth > MAX_CALL_DEPTH) return null;
  seen.add(id);
  try {
    const builders = fn.facts.returns.filter((returned) => returned.kind === 'builder');
    // the least bounded of the builders it may return
    const order = { none: 0, some: 1, all: 2 } as const;
    const worst = builders.sort((a, b) => order[a.bounded] - order[b.bounded])[0];
    if (worst) return { builder: worst, by: fn };
    for (const returned of fn.facts.returns) {
      if (returned.kind !== 'call') continue;
      const call = fn.facts.calls[returned.call];
      const target = call && resolveCallee(fn.module, call.callee);
      const found = target && returnedBuilder(target, depth + 1, seen);
      if (found) return found;
    }
    return null;
  } finally {
    seen.delete(id);
  }
}

/** The state a call of `fn` writes, directly or through the functions it calls, with the path to each write. */
export function storesOf(
  fn: ResolvedFunction,
  depth = 0,
  seen: Set<string> = new Set(),
): (StoreFact & { path: string[]; file: string })[] {
  const id = key(fn);
  if (seen.has(id) || depth > MAX_CALL_DEPTH) return [];
  seen.add(id);
  const found = fn.facts.stores.map((store) => ({ ...store, path: [fn.facts.name], file: fn.module.file }));
  for (const { target } of callees(fn)) {
    for (const store of storesOf(target, depth + 1, seen))
      found.push({ ...store, path: [fn.facts.name, ...store.path] });
  }
  seen.delete(id);
  return found;
}

function within(place: { line: number; column: number }, branch: DispatchFact['branches'][number]): boolean {
  const after =
    place.line > branch.start.line || (place.line === branch.start.line && place.column >= branch.start.column);
  const before = place.line < branch.end.line || (place.line === branch.end.line && place.column <= branch.end.column);
  return after && before;
}

/**
 * The parameters a call of `fn` dispatches on: a chain of its picks an
 * operation by a field of the parameter (facts.ts DispatchFact), and two of
 * its branches call functions (in this module or another) that send different
 * requests (postgrest/dispatch.ts sendsDifferentRequests). A chain whose
 * branches all send the same request, where one branch alone sends one, or
 * whose branches send requests written in them (a lookup per kind: one `.in()`
 * request per kind replaces them), dispatches nothing that matters here.
 */
export function dispatchesOn(fn: ResolvedFunction): number[] {
  const found = new Set<number>();
  const targets = callees(fn);
  for (const dispatch of fn.facts.dispatches ?? []) {
    if (found.has(dispatch.parameter)) continue;
    const sent = dispatch.branches.map((branch) => {
      // what the functions it picks send; a request written in a branch is a lookup or a write of the item that
      // one request per kind does for every item (`.in()`), not another operation
      const set = new Set<string>();
      for (const { call, target } of targets) {
        if (!within(call, branch)) continue;
        for (const request of requestsOf(target)) set.add(signature(request));
      }
      return set;
    });
    if (sendsDifferentRequests(sent)) found.add(dispatch.parameter);
  }
  return [...found];
}

function signature(request: { method: string; table: string | null }): string {
  return `${request.method}:${request.table ?? '?'}`;
}

/**
 * Whether a call of `fn` pages the callback handed to it as its first
 * argument: `fn` pages it itself (facts.ts pagesCallback), or hands it on,
 * unchanged, to a function that does (a wrapper over a paginator of another
 * module).
 */
export function pagesItsCallback(fn: ResolvedFunction, depth = 0, seen: Set<string> = new Set()): boolean {
  if (fn.facts.pagesCallback) return true;
  const id = key(fn);
  if (seen.has(id) || depth > MAX_CALL_DEPTH) return false;
  seen.add(id);
  try {
    return (fn.facts.forwardsCallback ?? []).some((index) => {
      const call = fn.facts.calls[index];
      const target = call && resolveCallee(fn.module, call.callee);
      return !!target && pagesItsCallback(target, depth + 1, seen);
    });
  } finally {
    seen.delete(id);
  }
}
