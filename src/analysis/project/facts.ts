/**
 * Function facts: what each function of a module does in Supabase terms, as
 * plain data (lines and names, no AST nodes), so that the rules, the
 * codemods, the audit, `--merge` and a cache can all carry them. A module's
 * facts are its own (module-facts.ts collects them from one file); what a
 * function does through the functions it calls, in this module or another,
 * is composed on demand (compose.ts) through the project index (index.ts).
 */

import type { DeleteFact, DeleteListenerFact } from '../sync/deletes.js';
import type { SyncRead } from '../sync/sync-plan.js';
import type { ExportedText } from '../scope.js';

/** A place in a module: 1-based line, 0-based column (ESTree's). */
export interface Place {
  line: number;
  column: number;
}

/** How a loop around a place runs it once per item (the loop kinds of no-query-in-loop). */
export type PerItem = 'for-of' | 'for-in' | 'for' | 'while' | 'forEach' | 'map' | 'queries';

/**
 * A request (or a call) the function sends only on first use: behind a cache
 * that, once filled, skips it (project/first-use.ts).
 * - `store`: a get-or-create through a device store (`SecureStore`,
 *   `AsyncStorage`, `localStorage`, `sessionStorage`) read for a key, left
 *   early when found, written under the same key on this path: once per key
 *   ever, concurrent calls or not.
 * - `memo`: a variable kept outside the function (`let keys = null` in the
 *   module or in a function around it, or a `new Map()` there), tested for empty
 *   and filled on this path: once per key while it lives, but only for calls
 *   made one after another (concurrent calls all find it empty).
 */
export interface FirstUse {
  kind: 'store' | 'memo';
  /** The function's parameters the key is made from (by index); none when it is a constant (a memo's variable). */
  params: number[];
  /** memo: where the variable (or the Map) is declared. */
  at?: Place;
  /** memo: the key of the function whose local it is (each call of it starts empty); absent for a module's variable. */
  owner?: string;
}

/** A PostgREST request a function sends each time it runs. */
export interface RequestFact extends Place {
  /** A read (or an rpc) whose rows are used, as a sync would make it: its cursor, orders and page (sync-plan.ts). */
  read?: SyncRead;
  /** `select`, `rpc`, or the write method (`insert`, `upsert`, `update`, `delete`). */
  method: string;
  /** The table (or rpc function), when written as a string. */
  table: string | null;
  /** Sent once per item of a loop inside the function. */
  perItem: PerItem | null;
  /** The table is the function's parameter at this index (`from(table)`), never reassigned: each caller names it. */
  tableParameter?: number;
  /**
   * The client the request is sent on is made in the function by a call that reads its parameter at this
   * index (`const client = createClient(url, key, { global: { headers: { Authorization: `Bearer ${jwt}` } } })`):
   * each caller decides whose session sends it. Not a client handed in as it is.
   */
  clientParameter?: number;
  /** Calls the builder is handed to before it is sent (`withTimeout(q, ms)`), and at which argument. */
  through?: { callee: Callee | null; argument: number }[];
  /** Sent only on first use, behind a cache (FirstUse). */
  firstUse?: FirstUse;
  /** A select of at most one row (`.single()`, `.maybeSingle()`, `.limit(1)`, `.eq('id', v)`): no `read` then. */
  oneRow?: true;
  /**
   * Sent only when the function's parameter at this index is missing (`if
   * (!cache)`, `cache ?? await read()`; postgrest/param-guard.ts): a call
   * that passes a value that cannot be missing never sends it.
   */
  unlessParam?: number;
}

/**
 * Who a call calls, as written: a function of this module (by its key in
 * `functions`), a binding imported from another module (`import { x } from`,
 * `import x from`, `import * as ns from`, `require`), or a method of such a
 * binding (`cache.markSynced()`, `api.posts.list()` is not followed).
 */
export type Callee = (
  { kind: 'local'; key: string } | { kind: 'import'; source: string; name: string; member: string | null }
) & {
  /**
   * The method is called on what the class's static `factory` returns
   * (`SyncService.getInstance().pull()`): it resolves only when that is one
   * of the class's factories (factories.ts).
   */
  factory?: string;
};

/** What the caller does with what a call returns. */
export type ResultUse =
  /** `f();`, `await f();`, `void f()`, or a variable never read. */
  | 'dropped'
  /** `return f()`, `return await f()`, an arrow's body. */
  | 'returned'
  /** Anything else: stored, passed on, read. */
  | 'used';

/** One argument as the callee's parameter sees it. */
export type ArgumentFact = 'absent' | 'nullish' | 'present' | 'spread';

export interface CallFact extends Place {
  callee: Callee;
  /** How the callee is written, for messages (`checkAuth`, `cache.markSynced`). */
  text: string;
  /** Made once per item of a loop inside the calling function. */
  perItem: PerItem | null;
  result: ResultUse;
  args: ArgumentFact[];
  /**
   * The indexes of the arguments computed from the clock or written as
   * constants (`startOfMonth(new Date())`, today's date, `'2024-01-01'`): a
   * period the caller decides in the run, never a position it stored. A
   * property of an object argument so made is `'<index>.<key>'`
   * (`fetch(client, { sinceIso })`: `'1.sinceIso'`).
   */
  windowArgs?: (number | string)[];
  /**
   * The indexes of the arguments that are a local starting each run at a
   * constant and advanced only in a loop around the call (`let cursor = 0`,
   * `cursor = row.id`): a walk from the first row every run, no kept position.
   */
  runStartArgs?: number[];
  /** For each argument, the index of the calling function's parameter it is or is made from (-1 for none); only when one is. */
  params?: number[];
  /** Made only on a sync's first run or forced full reload (the branch of a test on its cursor): its reads are a fallback. */
  fallback?: true;
  /** Made only on first use, behind a cache (FirstUse): so is every request it sends. */
  firstUse?: FirstUse;
  /**
   * For each argument, the calling function's parameters it is made from (by
   * index; none for a constant), or null when it reads what may change from
   * call to call (a `let`, a loop's variable, a callback's parameter, `this`):
   * how the key of a callee's FirstUse reads the caller's. Only when some
   * argument is not a constant.
   */
  argParams?: (number[] | null)[];
  /** Made only when the calling function's parameter at this index is missing (RequestFact.unlessParam). */
  unlessParam?: number;
  /** The indexes of the arguments that cannot be missing (`data || []`, an array literal; param-guard.ts alwaysPresent). */
  definedArgs?: number[];
  /** For each argument, the index of the calling function's parameter it is, unchanged (-1 for none); only when one is. */
  sameParams?: number[];
  /**
   * The arguments that are a function of the file whose first parameter, a Realtime
   * payload, handles a delete (callback-events.ts argumentHandlesDelete): the code that
   * does (`payload.eventType === 'DELETE'`) and its line. The helper they are handed
   * to may make them a listener's callback (no-unbounded-realtime's DELETE filters).
   */
  deleteCallbacks?: DeleteCallbackFact[];
}

export interface DeleteCallbackFact {
  index: number;
  text: string;
  line: number;
}

/** What a function returns, when that is something the rules follow. */
export type ReturnFact =
  /** A query builder not yet sent (a query factory): the caller sends it. */
  | {
      kind: 'builder';
      table: string | null;
      /** `all`: every returned builder carries a row bound; `none`: none does; `some`: some paths return it unbounded. */
      bounded: 'all' | 'some' | 'none';
      /** The bound and the path without it, in words, when `some`: "`.single()` is applied only when `single` is true". */
      path: string | null;
      /** Where the unbounded builder is returned. */
      at: Place;
      /** When the path without a bound is taken on a boolean parameter: its index, and the value that takes it. */
      when?: { index: number; unboundedIf: boolean };
    }
  /** What a call of another function returns (`return subscribeOrders()`), composed later. */
  | { kind: 'call'; call: number };

/** A Realtime channel the function subscribes each time it runs, and what becomes of the way to remove it. */
export interface ChannelFact extends Place {
  /**
   * `returned`: the function returns its remover; `removed`: the function
   * removes it itself (a cleanup it returns to an effect, or a remove call in
   * its body); `kept`: stored where the analysis cannot follow (a ref, a
   * field, a store); `dropped`: nothing keeps a handle on it.
   */
  fate: 'returned' | 'removed' | 'kept' | 'dropped';
}

/** Where a value written to state comes from (the cursor question). */
export type ValueOrigin = 'clock' | 'constant' | 'rows' | 'parameter' | 'other';

/** A function run by a timer, an effect, a focus / online / app-state listener: handed to it, or called in its callback. */
export interface TriggerFact extends Place {
  callee: Callee;
  /** How the callee is written (`sync`, `syncService.pull`). */
  text: string;
  kind: 'interval' | 'timeout' | 'effect' | 'focus' | 'online' | 'app-state';
  /** A timer's period in milliseconds, when it is written as a number. */
  periodMs: number | null;
}

/** State a function writes: a stored sync cursor, a module variable, a storage key. */
export interface StoreFact extends Place {
  /** `localStorage`/`AsyncStorage`/`kv` key, `module:<name>`, `this.<field>`, `setter:<name>`. */
  target: string;
  origin: ValueOrigin;
}

/** A Postgres Changes listener whose filter is one of the function's parameters, absent when the caller passes none. */
export interface FilterParameterFact extends Place {
  /** The parameter's index; with `key`, the property of an options parameter (`{ filter }`). */
  index: number;
  key: string | null;
  /** The table listened to, when written as a string. */
  table: string | null;
}

/**
 * A chain that picks an operation by a field of a parameter (`switch
 * (action.type)`, `if (tool.name === 'a') return a(tool)`; postgrest/dispatch.ts):
 * the parameter, and where each branch starts and ends. Whether the branches
 * send different requests is composed (compose.ts dispatchesOn).
 */
export interface DispatchFact {
  parameter: number;
  branches: { start: Place; end: Place }[];
}

export interface FunctionFacts extends Place {
  /** The module-wide key: `name` for a top-level function, `Class.method`, `object.method`, or `@line:column`. */
  key: string;
  /** How a message names it. */
  name: string;
  async: boolean;
  /** A React component or hook (its body runs on every render). */
  component: boolean;
  /** Parameters on which the function calls query-builder methods (`q.eq(...)`): a wrapper that adds to a read. */
  builderParams?: number[];
  /**
   * The function calls its first parameter in a loop and pages what it gives
   * with `.range()` (postgrest/local-paginator.ts): a read returned from the
   * callback handed to it is sent page by page.
   */
  pagesCallback?: true;
  /**
   * Parameters a query builder handed there is sent through with no row bound
   * added (postgrest/send-wrappers.ts): awaited, raced, returned, from a callback
   * too (`withTimeout(p, ms)` returning `Promise.race([p, timeout])`).
   */
  sendsParams?: number[];
  /** Calls (indexes into `calls`) that hand the function's first parameter on, unchanged, as their first argument. */
  forwardsCallback?: number[];
  /** A handler written in the options of a call (`synchronize({ pullChanges })`): the library runs it from that call. */
  handedTo?: Place & { call: string };
  requests: RequestFact[];
  calls: CallFact[];
  /**
   * The function makes a call the facts do not follow and that may send a
   * request (a method of a value not seen, a callback run later): what it
   * sends is not all seen. Calls that cannot send one (plain-calls.ts) and
   * calls in `calls` do not count.
   */
  opaque?: true;
  returns: ReturnFact[];
  channels: ChannelFact[];
  stores: StoreFact[];
  filterParameters: FilterParameterFact[];
  /** Chains that pick an operation by a field of a parameter. */
  dispatches?: DispatchFact[];
}

/** What a module exports, by exported name: a function's key, an object's methods, or a re-export. */
export type ExportFact =
  | {
      kind: 'function';
      key: string;
      /** The function only writes its one parameter, a date, as text: how (date-window.ts dayTextFormat). */
      dayText?: string;
    }
  /** An object literal or a class instance whose methods are functions of this module (`export const cache = { ... }`). */
  | {
      kind: 'object';
      methods: Record<string, string>;
      /** A class's static methods that hand back its shared instance (factories.ts). */
      factories?: string[];
    }
  | { kind: 'reexport'; source: string; name: string }
  /** A constant list written out in the module and never changed there in place (`export const SEED = [...]`). */
  | { kind: 'list' }
  /** A value written out: a string or number constant, or an object or enum of them (scope.ts exportedText): a table's name, a cap. */
  | ExportedText
  | { kind: 'unknown' };

export interface ModuleFacts {
  /** Absolute path. */
  file: string;
  functions: Record<string, FunctionFacts>;
  /** Calls made outside every keyed function (module level, effects, handlers, JSX), for the callers of a function. */
  calls: CallFact[];
  exports: Record<string, ExportFact>;
  /** `export * from './x'`: the sources, in order. */
  exportAll: string[];
  /** Functions run by timers, effects and focus / online / app-state listeners. */
  triggers: TriggerFact[];
  /** Hard deletes sent anywhere in the module, and the Realtime listeners that may hear deletes (the hard-deletes check). */
  deletes: DeleteFact[];
  deleteListeners: DeleteListenerFact[];
  /** The file could not be parsed: nothing is known of it. */
  unparsed?: true;
  /** Each top-level class's factories (static methods that hand back its shared instance), by class name. */
  factories?: Record<string, string[]>;
}

/** The version of this shape: a cache of facts keys on it. */
export const FACTS_VERSION = 22;
