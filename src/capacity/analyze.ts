/**
 * The capacity facts of a project: each file's sites (sites.ts), with the
 * client's query defaults and the library defaults applied to every query
 * hook, and the per-row multiplier of each site whose component (or the
 * component that calls its hook) a list renders once per row. Assumptions
 * (`--assume`) fill in the periods and counts the code does not give.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import { callersOf } from '../analysis/project/callers.js';
import { functionLookup, lazyLookup } from '../analysis/project/lookup.js';
import { runDetectors } from '../analysis/run.js';
import { isTestFile } from '../analysis/sync/find-syncs.js';
import type { AnalysisContext } from '../analysis/detector.js';
import type { CapacityFacts, ChannelSite, EventSite, Period, PeriodicSite, RowMultiplier } from './model.js';
import type { ClientDefaults, QueryHookOptions } from './query-hooks.js';
import {
  createCapacityDetector,
  type FileCapacity,
  mayHoldCapacitySite,
  mayRenderRows,
  type Owner,
  type RawQuery,
} from './sites.js';
import type { Show } from './runs.js';
import { callerArguments, type HandedIn } from './handed-in.js';
import type { Option } from './values.js';

/** What the user sets where the code does not say (`--assume`). */
export interface Assumptions {
  /** `file:line` -> a period in ms. */
  periods: ReadonlyMap<string, number>;
  /** `file:line` -> a count (rows of a list, items of a loop). */
  counts: ReadonlyMap<string, number>;
  /** How often an online user focuses the page or app again, in ms; null: unknown. */
  focusMs: number | null;
  /** How often a client reconnects, in ms; null: unknown. */
  reconnectMs: number | null;
  /** Writes per second to a table, for the Postgres Changes fan-out. */
  writes: ReadonlyMap<string, number>;
}

export const NO_ASSUMPTIONS: Assumptions = {
  periods: new Map(),
  counts: new Map(),
  focusMs: null,
  reconnectMs: null,
  writes: new Map(),
};

interface Parsed {
  file: string;
  found: FileCapacity;
}

/**
 * The capacity facts of files already read from a parse made for something
 * else (the audit's lint, cli/capacity-audit.ts), by absolute path; null:
 * the file holds none. The scan takes them instead of parsing the file again.
 */
export type CapacityScans = ReadonlyMap<string, FileCapacity | null>;

/** A file's capacity facts: from `scans` when the file was read there, else from a parse of its own. */
function scanned(
  file: string,
  text: string,
  show: Show,
  scans: CapacityScans | undefined,
): FileCapacity | null | false {
  const known = scans?.get(path.resolve(file));
  return known !== undefined ? known : scanFile(file, text, show);
}

/** Files the capacity scan parsed itself, in order (append-only): the audit's one-parse test reads it. */
const parsedHere: string[] = [];

export function capacityParses(): readonly string[] {
  return parsedHere;
}

/** Runs the capacity detector over one file; false when it cannot be read or parsed. */
function scanFile(file: string, text: string, show: Show): FileCapacity | null | false {
  parsedHere.push(file);
  const result = runDetectors(text, file, {
    capacity: (ctx: AnalysisContext) =>
      createCapacityDetector(
        ctx,
        file,
        show,
        lazyLookup(() => functionLookup(ctx as AnalysisContext & { ast: TSESLint.SourceCode['ast'] }, file)),
      ),
  });
  if (!result.ok) return false;
  return result.findings.capacity[0] ?? null;
}

/**
 * Runs the capacity detector over each file that may hold a site (test files
 * apart); then over the files that may render one of the sites' components
 * (or a component calling the hook a site is in) once per row of a list:
 * a file of lists that names none of them cannot multiply a site, and is not
 * parsed.
 */
function scan(
  files: readonly string[],
  show: Show,
  unparsed: string[],
  root: string,
  scans: CapacityScans | undefined,
): Parsed[] {
  const parsed: Parsed[] = [];
  const lists: { file: string; text: string }[] = [];
  for (const file of files) {
    if (isTestFile(show(file))) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      unparsed.push(show(file));
      continue;
    }
    if (!mayHoldCapacitySite(text)) {
      if (mayRenderRows(text)) lists.push({ file, text });
      continue;
    }
    const found = scanned(file, text, show, scans);
    if (found === false) unparsed.push(show(file));
    else if (found) parsed.push({ file, found });
  }
  const { names, modules } = renderedNames(parsed, root);
  for (const { file, text } of lists) {
    // `from './RoomRow'`, `"@/components/RoomRow"`, `'./RoomRow.js'`
    const imports = (module: string) => [`/${module}'`, `/${module}"`, `/${module}.`].some((end) => text.includes(end));
    if (![...names].some((name) => text.includes(name)) && ![...modules].some(imports)) continue;
    const found = scanned(file, text, show, scans);
    if (found === false) unparsed.push(show(file));
    else if (found && found.rows.length > 0) parsed.push({ file, found });
  }
  return parsed;
}

/**
 * What a list that multiplies a site must spell: the name of each site's
 * component or hook, or of a component that calls a hook a site is in; or
 * an import of the module it is declared in (a default import may take any
 * name; its path ends in the file's name, a folder's for an index file).
 * Sites that send nothing (a clock, an animation) multiply nothing.
 */
function renderedNames(parsed: readonly Parsed[], root: string): { names: Set<string>; modules: Set<string> } {
  const names = new Set<string>();
  const modules = new Set<string>();
  const add = (name: string, file: string) => {
    names.add(name);
    const base = path.basename(file).replace(/\.[^.]+$/, '');
    modules.add(base === 'index' ? path.basename(path.dirname(file)) : base);
  };
  const sends = (run: { requests: unknown[]; unresolved: unknown[] }) =>
    run.requests.length > 0 || run.unresolved.length > 0;
  const owners = new Map<string, Owner>();
  for (const { found } of parsed) {
    const sites = [
      ...found.timers.filter((timer) => sends(timer.run) || timer.handed),
      ...found.events.filter((event) => sends(event.run)),
      ...found.queries,
      ...found.channels,
    ];
    for (const site of sites) if (site.owner) owners.set(`${site.owner.file}#${site.owner.key}`, site.owner);
  }
  for (const owner of owners.values()) {
    add(owner.name, owner.file);
    if (!/^use[A-Z0-9]/.test(owner.name)) continue;
    for (const call of callersOf(owner.file, owner.key, owner.name, root).calls) {
      if (call.within !== null) add(call.within.replace(/@.*$/, ''), call.file);
    }
  }
  return { names, modules };
}

/** The first client defaults found (a project has one QueryClient as a rule). */
function clientDefaults(parsed: readonly Parsed[], show: Show): (ClientDefaults & { site: string }) | null {
  for (const { file, found } of parsed) {
    const first = found.defaults[0];
    if (first) return { ...first, site: `${show(file)}:${first.line}` };
  }
  return null;
}

function rowMap(parsed: readonly Parsed[], show: Show): Map<string, Omit<RowMultiplier, 'rows'>> {
  const rows = new Map<string, Omit<RowMultiplier, 'rows'>>();
  for (const { file, found } of parsed) {
    for (const render of found.rows) {
      const id = `${render.target.file}#${render.target.key}`;
      if (!rows.has(id))
        rows.set(id, { renderedAt: { file: show(file), line: render.line }, component: render.component });
    }
  }
  return rows;
}

/** The per-row multiplier of a site's owner: the owner rendered per row, or (a hook) a component that calls it rendered per row. */
function multiplierOf(
  owner: Owner | null,
  rows: ReadonlyMap<string, Omit<RowMultiplier, 'rows'>>,
  assumptions: Assumptions,
  root: string,
): RowMultiplier | undefined {
  if (!owner || rows.size === 0) return undefined;
  let found = rows.get(`${owner.file}#${owner.key}`);
  if (!found && /^use[A-Z0-9]/.test(owner.name)) {
    const scan = callersOf(owner.file, owner.key, owner.name, root);
    for (const call of scan.calls) {
      found = call.within === null ? undefined : rows.get(`${call.file}#${call.within}`);
      if (found) break;
    }
  }
  if (!found) return undefined;
  const rowsAssumed = assumptions.counts.get(`${found.renderedAt.file}:${found.renderedAt.line}`) ?? null;
  return { ...found, rows: rowsAssumed };
}

function periodOf(option: Option<number>, at: string, assumptions: Assumptions, what: string): Period {
  const assumed = assumptions.periods.get(at);
  if (assumed !== undefined) return { ms: assumed, source: 'assumed' };
  if (option.kind === 'value') return { ms: option.value, source: 'code' };
  return { ms: null, why: option.kind === 'unknown' ? option.why : `${what} not set` };
}

/** An option the hook writes, else the client's default, else the library's. */
function pick<T>(own: Option<T>, client: Option<T> | undefined, library: T): Option<T> {
  if (own.kind !== 'unset') return own;
  if (client && client.kind !== 'unset') return client;
  return { kind: 'value', value: library };
}

interface QuerySites {
  periodic: PeriodicSite | null;
  events: EventSite[];
}

/** A query hook's sites: its polling, and its refetch on focus and on reconnect, with every default applied. */
function querySites(
  query: RawQuery,
  at: { file: string; line: number },
  defaults: ClientDefaults | null,
  assumptions: Assumptions,
): QuerySites {
  const options: QueryHookOptions = query.options;
  const client = options.library === 'react-query' ? defaults : null;
  const key = `${at.file}:${at.line}`;
  const interval = pick(options.interval, client?.interval, 0);
  // React Query: stale at once (staleTime 0); SWR: a focus revalidation at most every 5 s (focusThrottleInterval)
  const fresh = pick(options.fresh, client?.fresh, options.library === 'swr' ? 5000 : 0);
  const focus = pick(options.focus, client?.focus, true);
  const reconnect = pick(options.reconnect, client?.reconnect, true);
  const base = { ...at, text: query.text, run: query.run };
  let periodic: PeriodicSite | null = null;
  if (
    interval.kind === 'unknown' ||
    assumptions.periods.has(key) ||
    (interval.kind === 'value' && interval.value > 0 && Number.isFinite(interval.value))
  ) {
    periodic = {
      ...base,
      kind: options.library === 'swr' ? 'refresh-interval' : 'refetch-interval',
      period: periodOf(interval, key, assumptions, 'interval'),
    };
  }
  const events: EventSite[] = [];
  const throttle = (switched: Option<boolean | 'always'>): number | null =>
    switched.kind === 'value' && switched.value === 'always' ? 0 : fresh.kind === 'value' ? fresh.value : null;
  for (const [kind, switched] of [
    ['focus', focus],
    ['reconnect', reconnect],
  ] as const) {
    if (switched.kind === 'value' && switched.value === false) continue;
    const throttleMs = throttle(switched);
    // never stale (staleTime: Infinity): no refetch on focus or reconnect
    if (throttleMs === Infinity && !(switched.kind === 'value' && switched.value === 'always')) continue;
    events.push({
      ...base,
      kind,
      throttleMs,
      ...(switched.kind === 'unknown' ? { note: `refetch switch: ${switched.why}` } : {}),
      ...(fresh.kind === 'unknown' ? { note: `staleTime: ${fresh.why}` } : {}),
    });
  }
  return { periodic, events };
}

interface CallerContext {
  show: Show;
  root: string;
  assumptions: Assumptions;
  rows: ReadonlyMap<string, Omit<RowMultiplier, 'rows'>>;
}

/**
 * A timer whose period or callback its function's callers hand in, as one
 * site per call site of the function: the caller's period (an `--assume` of
 * the call's place sets it) and the caller's callback's run, multiplied by
 * the rows of a list that renders the caller. Null when no call is found (the
 * timer stays as it is, unknown); with a caller the project may not show (the
 * function handed on as a value), one more site says so, unknown.
 */
function callerSites(
  site: PeriodicSite,
  handed: HandedIn,
  owner: Owner,
  context: CallerContext,
): PeriodicSite[] | null {
  const scan = callersOf(owner.file, owner.key, owner.name, context.root);
  // a test's call runs in the test runner, not in a user's browser
  const calls = scan.calls.filter((call) => !isTestFile(context.show(call.file)));
  if (calls.length === 0) return null;
  const sites: PeriodicSite[] = [];
  for (const call of calls) {
    const at = `${context.show(call.file)}:${call.line}`;
    const args = callerArguments(call.file, call.line, call.column, handed, context.show);
    const period =
      handed.period === null
        ? site.period
        : periodOf(
            args?.period ?? { kind: 'unknown', why: `the call at ${at} could not be read` },
            at,
            context.assumptions,
            'period',
          );
    const row = call.within === null ? undefined : context.rows.get(`${call.file}#${call.within}`);
    const rows = row && context.assumptions.counts.get(`${row.renderedAt.file}:${row.renderedAt.line}`);
    const rest: PeriodicSite = { ...site };
    delete rest.perRow;
    sites.push({
      ...rest,
      text: `${site.text} via ${args?.text ?? `${owner.name}()`} at ${at}`,
      period,
      assumeAt: at,
      run:
        handed.callback === null
          ? site.run
          : (args?.run ?? { requests: [], unresolved: [`the callback handed in at ${at}`] }),
      ...(row ? { perRow: { ...row, rows: rows ?? null } } : {}),
    });
  }
  if (!scan.complete) {
    sites.push({
      ...site,
      text: `${site.text} via a call of ${owner.name} the project may not show`,
      period: { ms: null, why: `${owner.name} is handed on as a value, or called where the project cannot see` },
      run: handed.callback === null ? site.run : { requests: [], unresolved: [`the callback handed to ${owner.name}`] },
    });
  }
  return sites;
}

/** A channel counted where an effect's call opens it, and what that call runs down to. */
interface Below {
  path: string[];
  subscriber: string;
  place: string;
}

/**
 * A channel an effect opens through calls into a function that drops it is
 * counted at the effect (it leaks there, once per run), with the listeners
 * of the function that subscribes it. That function's own site (not judged:
 * outside an effect) is the same channel: it is not counted again when every
 * call of the function is on such a path; it stays (for its other callers)
 * when one is not, or when its callers cannot all be known.
 */
function channelsOnceBelow(
  channels: readonly ChannelSite[],
  below: ReadonlyMap<ChannelSite, Below>,
  owners: ReadonlyMap<ChannelSite, Owner>,
  context: CallerContext,
): ChannelSite[] {
  const leaked = new Map<ChannelSite, Set<string>>();
  for (const [site, { path: calls, subscriber, place }] of below) {
    const file = place.replace(/:\d+$/, '');
    const candidates = channels.filter((channel) => !below.has(channel) && channel.owner === subscriber);
    const subscribed =
      candidates.find((channel) => channel.file === file || file.endsWith(`/${channel.file}`)) ?? candidates[0];
    if (!subscribed) continue;
    site.listeners = subscribed.listeners;
    // the call of the subscriber on this path: in the function before it, else the effect's own call
    const names = leaked.get(subscribed) ?? new Set<string>();
    names.add(calls.length >= 2 ? calls[calls.length - 2]!.replace(/\(\)$/, '') : `${site.file}:${site.line}`);
    leaked.set(subscribed, names);
  }
  const counted = new Set<ChannelSite>();
  for (const [subscribed, names] of leaked) {
    const owner = owners.get(subscribed);
    if (!owner) continue;
    const scan = callersOf(owner.file, owner.key, owner.name, context.root);
    const calls = scan.calls.filter((call) => !isTestFile(context.show(call.file)));
    const onPath = (call: (typeof calls)[number]) =>
      names.has(`${context.show(call.file)}:${call.line}`) ||
      (call.within !== null && names.has(call.within.replace(/@.*$/, '')));
    if (scan.complete && calls.every(onPath)) counted.add(subscribed);
  }
  return channels.filter((channel) => !counted.has(channel));
}

/** The capacity facts of the project whose source files are `files`. */
export function capacityFacts(
  files: readonly string[],
  show: Show,
  root: string,
  assumptions: Assumptions = NO_ASSUMPTIONS,
  scans?: CapacityScans,
): CapacityFacts & { defaults: string | null; unreadQueries: string[] } {
  const unparsed: string[] = [];
  const parsed = scan(files, show, unparsed, root, scans);
  const defaults = clientDefaults(parsed, show);
  const rows = rowMap(parsed, show);
  const facts: CapacityFacts & { defaults: string | null; unreadQueries: string[] } = {
    periodic: [],
    events: [],
    channels: [],
    unparsed,
    defaults: defaults?.site ?? null,
    unreadQueries: [],
  };
  const context = { show, root, assumptions, rows };
  const below = new Map<ChannelSite, Below>();
  const owners = new Map<ChannelSite, Owner>();
  for (const { file, found } of parsed) {
    const shown = show(file);
    const perRow = (owner: Owner | null) => {
      const multiplier = multiplierOf(owner, rows, assumptions, root);
      return multiplier ? { perRow: multiplier } : {};
    };
    for (const timer of found.timers) {
      const key = `${shown}:${timer.line}`;
      const site: PeriodicSite = {
        file: shown,
        line: timer.line,
        kind: timer.kind,
        text: timer.text,
        period: periodOf(timer.period, key, assumptions, 'period'),
        run: timer.run,
        ...(timer.transient ? { transient: timer.transient } : {}),
        ...perRow(timer.owner),
      };
      const callers = timer.handed && timer.owner ? callerSites(site, timer.handed, timer.owner, context) : null;
      facts.periodic.push(...(callers ?? [site]));
    }
    for (const event of found.events) {
      facts.events.push({
        file: shown,
        line: event.line,
        kind: event.kind,
        text: event.text,
        throttleMs: 0,
        run: event.run,
        ...perRow(event.owner),
      });
    }
    for (const query of found.queries) {
      const sites = querySites(query, { file: shown, line: query.line }, defaults, assumptions);
      const multiplier = perRow(query.owner);
      if (sites.periodic) facts.periodic.push({ ...sites.periodic, ...multiplier });
      for (const event of sites.events) facts.events.push({ ...event, ...multiplier });
    }
    facts.unreadQueries.push(...found.unreadQueries.map((line) => `${shown}:${line}`));
    for (const channel of found.channels) {
      const site: ChannelSite = {
        file: shown,
        line: channel.line,
        owner: channel.owner?.name ?? null,
        fate: channel.fate,
        listeners: channel.listeners.map((listener) => ({ ...listener, file: shown })),
        ...perRow(channel.owner),
      };
      if (channel.fate === 'per-item') site.items = assumptions.counts.get(`${shown}:${channel.line}`) ?? null;
      if (channel.below) {
        site.below = `${channel.below.path.join(' → ')}${channel.below.place ? ` (${channel.below.place})` : ''}`;
        below.set(site, channel.below);
      } else if (channel.owner) owners.set(site, channel.owner);
      facts.channels.push(site);
    }
  }
  facts.channels = channelsOnceBelow(facts.channels, below, owners, context);
  return facts;
}
