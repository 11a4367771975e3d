/**
 * What the capacity report knows, as plain data (files and lines, no AST
 * nodes): the periodic sites of the code (timers, polling hooks, React Query
 * and SWR options, focus and reconnect listeners) with the requests each run
 * sends, and the Realtime channels each screen or hook opens with their
 * listeners. The arithmetic (arithmetic.ts) turns them into rates at N users.
 */

/** A place in the project, as reports name it (`src/App.tsx`, 1-based line). */
export interface Site {
  file: string;
  line: number;
}

/** How a read a run sends is bounded, and whether it is a delta read. */
export type ReadClass =
  /** A read past a stored change cursor: only what changed. */
  | 'delta'
  /** No cursor and no page bound: the whole table (or filter), cut at max-rows. */
  | 'full'
  /** No cursor, with a limit or range: one page. */
  | 'page'
  /** One row, a count, a read whose rows are not used, or an rpc: not a download of rows. */
  | 'other';

/** One request a run sends, where it is written, and the functions on the way to it. */
export interface CountedRequest extends Site {
  /** `select`, `rpc`, `insert`, `upsert`, `update`, `delete`. */
  method: string;
  table: string | null;
  /** The functions called on the way (`['refresh', 'loadOrders']`); empty when written in the callback itself. */
  path: string[];
  /** Sent once per item of a loop: the count per run depends on the data (unknown). */
  perItem: boolean;
  read: ReadClass;
  /** Sent page by page by a paginating helper (`selectAllPages`): once per page of this many rows (null: not written as a number), and once for the empty page that ends it. */
  perPage?: number | null;
}

/** What one run of a periodic site sends. */
export interface Run {
  requests: CountedRequest[];
  /** Calls in the run the analysis could not follow (a prop, a parameter, `queryClient.invalidateQueries`): they may send more. */
  unresolved: string[];
}

/** What makes a site run again and again. */
export type PeriodicKind =
  | 'interval'
  /** A `setTimeout` that schedules its own function again (a polling loop). */
  | 'timeout-loop'
  /** React Query's `refetchInterval`. */
  | 'refetch-interval'
  /** SWR's `refreshInterval`. */
  | 'refresh-interval';

/** What runs a site on an event whose rate the code does not give. */
export type EventKind = 'focus' | 'reconnect';

/** A period: known (written as a number or a constant), assumed (`--assume`), or unknown with the reason. */
export type Period = { ms: number; source: 'code' | 'assumed' } | { ms: null; why: string };

export interface PeriodicSite extends Site {
  kind: PeriodicKind;
  /** How the code writes it: `setInterval(() => sync.fullSync(), SYNC_INTERVAL_MS)`. */
  text: string;
  period: Period;
  run: Run;
  /** The component or hook it runs in, when it is one rendered once per item of a list (its row count is unknown unless assumed). */
  perRow?: RowMultiplier;
  /** What the report must say beside it (an option it could not read). */
  note?: string;
  /** It stops itself (clears its own interval, or reschedules only on a condition): a transient poll, not steady load. */
  transient?: string;
  /** Where `--assume <file>:<line>=30s` sets its period, when not at the site: the call that hands the period in. */
  assumeAt?: string;
}

/** A site run on each focus or reconnect of the page or app. */
export interface EventSite extends Site {
  kind: EventKind;
  text: string;
  /** React Query's `staleTime` / SWR's throttle: a run at most once per this many ms; 0 runs on every event. null: unknown. */
  throttleMs: number | null;
  run: Run;
  perRow?: RowMultiplier;
  note?: string;
}

/** A component rendered once per row of a list (`items.map((item) => <Row />)`): its sites run once per row. */
export interface RowMultiplier {
  /** Where the list renders it. */
  renderedAt: Site;
  component: string;
  /** Rows, when assumed (`--assume file:line=50`); null: unknown. */
  rows: number | null;
}

/** A Realtime listener of a channel. */
export interface ListenerFact extends Site {
  kind: 'postgres_changes' | 'broadcast' | 'presence' | 'legacy' | 'other';
  table: string | null;
  /** Postgres Changes: whether a filter narrows who receives a change (`unknown`: built at run time, or may be absent). */
  filtered: 'yes' | 'no' | 'unknown' | null;
}

/** What becomes of a channel: removed by a cleanup, leaked (never removed, or opened again and again), or not judged. */
export type ChannelFate =
  | 'removed'
  /** Opened once per loop item. */
  | 'per-item'
  /** Opened in an effect whose cleanup does not remove it: one more on every re-run. */
  | 'leaks-on-rerun'
  /** Opened in a component's render body: one more on every render. */
  | 'leaks-on-render'
  /** Outside an effect or component (a module, a service): kept until the code removes it. */
  | 'not-judged';

export interface ChannelSite extends Site {
  /** The function, component or hook that opens it. */
  owner: string | null;
  fate: ChannelFate;
  listeners: ListenerFact[];
  perRow?: RowMultiplier;
  /** Per-item channels (`fate: per-item`): the item count, when assumed; null: unknown. */
  items?: number | null;
  /** Opened below a call of the effect, in another function or module that drops it: the calls, and where it is dropped. */
  below?: string;
}

/** React Query / SWR options a hook leaves to the client's defaults. */
export interface QueryDefaults {
  refetchInterval: number | null;
  staleTime: number | null;
  refetchOnWindowFocus: boolean | null;
  refetchOnReconnect: boolean | null;
  /** Where they are set (`new QueryClient({ defaultOptions })`). */
  site: Site | null;
}

/** Everything the capacity analysis found in the project, before any arithmetic. */
export interface CapacityFacts {
  periodic: PeriodicSite[];
  events: EventSite[];
  channels: ChannelSite[];
  /** Files that could not be parsed: what they do is unknown. */
  unparsed: string[];
}

/** One number, before and after; null: unknown (nothing counted). */
export interface ComparisonRow {
  metric: string;
  before: number | null;
  after: number | null;
  /** A total with an unknown part left out: a floor. */
  beforeAtLeast: boolean;
  afterAtLeast: boolean;
}

/** What `codemod all` would do to the files the report reads, as its dry run says. */
export interface CodemodOutcome {
  /** Files it would rewrite. */
  changed: number;
  /** Sites rewritten, per codemod. */
  rewritten: Record<string, number>;
  /** Sites left for manual work (with the reason in `codemod all --dry-run`), per codemod. */
  left: Record<string, number>;
  /** Files it could not rewrite (do not parse, past a limit). */
  failed: number;
  /** Sites left because their rewrite adds a type error (counted in `left`). */
  refusedByTypecheck: number;
}

export interface AfterCodemods {
  /** How the after column was made, in words. */
  method: string;
  codemods: CodemodOutcome;
  rows: ComparisonRow[];
}
