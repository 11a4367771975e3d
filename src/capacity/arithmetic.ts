/**
 * The capacity arithmetic, every line with its inputs and its result written
 * out (`every 30 s × 2 requests = 4 req/min per online user`), so that a
 * reader can check it: periodic requests per online user and per second at N
 * users, Realtime channels per client against the per-connection cap,
 * connections at N users against the plan, the Postgres Changes fan-out
 * against messages per second, and the reads by kind. What the code does not
 * give is unknown, shown with its site, and left out of every total (a total
 * with a part left out says "at least").
 */
import type { Assumptions } from './analyze.js';
import type { Limits } from './limits.js';
import type {
  AfterCodemods,
  CapacityFacts,
  ChannelSite,
  CountedRequest,
  EventSite,
  PeriodicSite,
  ReadClass,
  Site,
} from './model.js';

export interface CapacityInputs {
  users: number;
  /** The share of users online at once, 0 to 1. */
  onlineShare: number;
  plan: string;
  limits: Limits;
}

/** One site's rate: its arithmetic in words, and the result (null: unknown, with why). */
export interface RateLine extends Site {
  kind: string;
  text: string;
  requests: CountedRequest[];
  unresolved: string[];
  /** The arithmetic: `every 30 s × 2 requests = 4 req/min`. */
  formula: string;
  /** Requests per minute per online user; null when the period is unknown. */
  perMinute: number | null;
  /** A part of the count is unknown (per-item requests, rows of a list): the rate is a floor. */
  atLeast: boolean;
  unknown: string | null;
  /** Why the site is left out of the steady total (it stops itself). */
  transient?: string;
}

export interface ChannelLine extends ChannelSite {
  /** Channels this site holds open in one client; null: unknown (items of a loop). */
  channels: number | null;
  grows: boolean;
  formula: string;
}

export interface FanoutLine {
  table: string;
  /** Unfiltered Postgres Changes listeners on the table, summed over the sites (per row: × rows). */
  listeners: number;
  sites: Site[];
  /** Messages each write to the table makes at N users. */
  perWrite: number;
  /** Writes per second to the table at which the plan's messages per second are used up. */
  breakEven: number;
  formula: string;
  /** With `--assume writes:<table>=`: the messages per second. */
  messagesPerSecond: number | null;
}

export interface LimitBar {
  name: string;
  used: number | null;
  limit: number | null;
  /** used / limit; null when either is unknown. */
  share: number | null;
  formula: string;
}

export interface ReadsSummary {
  /** Requests per minute per online user, by kind (writes apart). */
  perMinute: Record<ReadClass | 'write', number>;
  /** The share of the periodic requests that are full reads (no cursor, no page bound: cut at max-rows). */
  unboundedShare: number | null;
  /** Periodic sites that read whole tables (a full sync), and those that read past a cursor (a delta sync). */
  fullSyncSites: Site[];
  deltaSyncSites: Site[];
}

export interface Section {
  /** The sites that send a request, or call what the analysis cannot follow. */
  lines: RateLine[];
  /** Sites found that send no Supabase request at all (a clock, an animation, a UI timer). */
  quiet: Site[];
  perMinute: number;
  perSecond: number;
  atLeast: boolean;
  formula: string;
}

export interface CapacityReport {
  inputs: CapacityInputs & { online: number };
  periodic: Section;
  events: Section;
  realtime: {
    channels: ChannelLine[];
    peakChannels: number;
    peakAtLeast: boolean;
    peakFormula: string;
    connections: number;
    connectionsFormula: string;
    fanout: FanoutLine[];
    filteredListeners: Site[];
  };
  reads: ReadsSummary;
  bars: LimitBar[];
  assumptions: string[];
  unknowns: string[];
  /** `--after-codemods`: the numbers `codemod all` would change, before and after, from the analysis run again on its rewrites. */
  after?: AfterCodemods;
}

/** `1,234`, `66.7`, `0.25`: a number as the report prints it. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '∞';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const rounded = Number(value.toFixed(digits));
  return rounded.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** `30 s`, `5 min`, `1.5 s`, `2 h`. */
export function duration(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${num(ms / 1000)} s`;
  return `${num(ms)} ms`;
}

function plural(count: number, word: string): string {
  return `${num(count)} ${word}${count === 1 ? '' : 's'}`;
}

/** Requests one run sends, with the per-item ones multiplied by an assumed count (unknown: counted once, a floor). */
function perRun(
  requests: readonly CountedRequest[],
  assumptions: Assumptions,
): { count: number; text: string; atLeast: boolean } {
  let count = 0;
  let atLeast = false;
  const parts: string[] = [];
  for (const request of requests) {
    if (!request.perItem && request.perPage === undefined) {
      count += 1;
      continue;
    }
    const at = `${request.file}:${request.line}`;
    const items = assumptions.counts.get(at);
    // a paged read: once per page (and once for the empty page that ends it); the pages are the table's rows ÷ pageSize
    const unit =
      request.perPage === undefined
        ? { one: 'item', many: 'items' }
        : {
            one: `page${request.perPage === null ? '' : ` of ${num(request.perPage)} rows`}`,
            many: 'pages',
          };
    if (items === undefined) {
      count += 1;
      atLeast = true;
      parts.push(`1 per ${unit.one} at ${at} (${unit.many} unknown: --assume ${at}=N)`);
    } else {
      count += items;
      parts.push(`${items} ${unit.many} at ${at}`);
    }
  }
  const text = `${plural(count, 'request')}${parts.length > 0 ? ` (${parts.join('; ')})` : ''}`;
  return { count, text, atLeast };
}

function rowsOf(site: { perRow?: { rows: number | null; component: string; renderedAt: Site } }): {
  rows: number;
  text: string;
  atLeast: boolean;
} {
  if (!site.perRow) return { rows: 1, text: '', atLeast: false };
  const { rows, component, renderedAt } = site.perRow;
  const at = `${renderedAt.file}:${renderedAt.line}`;
  if (rows === null)
    return { rows: 1, text: ` × rows of <${component}> (unknown, counted as 1: --assume ${at}=N)`, atLeast: true };
  return { rows, text: ` × ${plural(rows, 'row')} of <${component}> (${at})`, atLeast: false };
}

/** What every rate line says of its site: where, what, the requests a run sends, and whether its count is a floor. */
function lineBase(site: PeriodicSite | EventSite, atLeast: boolean) {
  return {
    file: site.file,
    line: site.line,
    kind: site.kind,
    text: site.text,
    requests: site.run.requests,
    unresolved: site.run.unresolved,
    atLeast: atLeast || site.run.unresolved.length > 0,
  };
}

function periodicLine(site: PeriodicSite, assumptions: Assumptions): RateLine {
  const run = perRun(site.run.requests, assumptions);
  const rows = rowsOf(site);
  const base = lineBase(site, run.atLeast || rows.atLeast);
  if (site.period.ms === null) {
    return {
      ...base,
      formula: `every ? × ${run.text}${rows.text}`,
      perMinute: null,
      unknown: `period unknown: ${site.period.why} (--assume ${site.assumeAt ?? `${site.file}:${site.line}`}=30s)`,
    };
  }
  const perMinute = (60_000 / site.period.ms) * run.count * rows.rows;
  const assumed = site.period.source === 'assumed' ? ' (assumed)' : '';
  const formula = `every ${duration(site.period.ms)}${assumed} × ${run.text}${rows.text} = ${num(perMinute)} req/min`;
  if (site.transient) {
    // while it runs; it stops itself, so it is no steady load: out of the total
    return {
      ...base,
      formula: `${formula} while it runs; left out of the total: ${site.transient}`,
      perMinute: null,
      unknown: null,
      transient: site.transient,
    };
  }
  return { ...base, formula, perMinute, unknown: null };
}

function eventLine(site: EventSite, assumptions: Assumptions): RateLine {
  const run = perRun(site.run.requests, assumptions);
  const rows = rowsOf(site);
  const every = site.kind === 'focus' ? assumptions.focusMs : assumptions.reconnectMs;
  const throttle = site.throttleMs ?? 0;
  const base = lineBase(site, run.atLeast || rows.atLeast);
  const stale =
    site.throttleMs === null ? ', staleTime unknown' : throttle > 0 ? `, at most once per ${duration(throttle)}` : '';
  if (every === null) {
    return {
      ...base,
      formula: `per ${site.kind}: ${run.text}${rows.text}${stale}`,
      perMinute: null,
      unknown: `how often a user ${site.kind === 'focus' ? 'comes back to the page' : 'reconnects'} is not in the code (--assume ${site.kind}=5m)`,
    };
  }
  const effective = Math.max(every, throttle);
  const perMinute = (60_000 / effective) * run.count * rows.rows;
  const why =
    effective > every
      ? `staleTime ${duration(throttle)} > ${site.kind} every ${duration(every)}`
      : `${site.kind} every ${duration(every)} (assumed)`;
  return {
    ...base,
    formula: `every ${duration(effective)} (${why}) × ${run.text}${rows.text} = ${num(perMinute)} req/min`,
    perMinute,
    unknown: null,
  };
}

function total(
  lines: readonly RateLine[],
  online: number,
  what: string,
): {
  perMinute: number;
  perSecond: number;
  atLeast: boolean;
  formula: string;
} {
  const known = lines.filter((line) => line.perMinute !== null);
  const counted = lines.filter((line) => !line.transient);
  const perMinute = known.reduce((sum, line) => sum + line.perMinute!, 0);
  const perSecond = (perMinute * online) / 60;
  const atLeast = known.length < counted.length || known.some((line) => line.atLeast);
  const floor = atLeast ? 'at least ' : '';
  const sum = known.length > 1 ? `${known.map((line) => num(line.perMinute!)).join(' + ')} = ` : '';
  return {
    perMinute,
    perSecond,
    atLeast,
    formula: `${what}: ${sum}${floor}${num(perMinute)} req/min per online user × ${num(online)} online ÷ 60 = ${floor}${num(perSecond)} req/s`,
  };
}

function channelLine(site: ChannelSite): ChannelLine {
  const rows = rowsOf(site);
  const grows = site.fate === 'leaks-on-rerun' || site.fate === 'leaks-on-render';
  let channels: number | null = rows.rows;
  let formula = `1 channel${rows.text}`;
  if (site.fate === 'per-item') {
    channels = site.items === null || site.items === undefined ? null : site.items * rows.rows;
    formula =
      channels === null
        ? `1 channel per item (items unknown: --assume ${site.file}:${site.line}=N)${rows.text}`
        : `${plural(site.items!, 'item')} × 1 channel${rows.text} = ${plural(channels, 'channel')}`;
  } else if (grows) {
    formula +=
      site.fate === 'leaks-on-render'
        ? ', +1 on every render (never removed)'
        : ', +1 each time its effect runs again (never removed)';
  }
  if (site.below) formula += `; opened through ${site.below}`;
  return { ...site, channels, grows, formula };
}

function fanout(
  channels: readonly ChannelLine[],
  online: number,
  limits: Limits,
  assumptions: Assumptions,
): FanoutLine[] {
  const tables = new Map<string, { listeners: number; sites: Site[] }>();
  for (const channel of channels) {
    const multiplier = channel.channels ?? 1;
    for (const listener of channel.listeners) {
      if ((listener.kind !== 'postgres_changes' && listener.kind !== 'legacy') || listener.filtered !== 'no') continue;
      const table = listener.table ?? '(every table of the schema)';
      const entry = tables.get(table) ?? { listeners: 0, sites: [] };
      entry.listeners += multiplier;
      entry.sites.push({ file: listener.file, line: listener.line });
      tables.set(table, entry);
    }
  }
  return [...tables.entries()].map(([table, { listeners, sites }]) => {
    const perWrite = online * listeners;
    const breakEven = limits.messagesPerSecond / perWrite;
    const writes = assumptions.writes.get(table);
    const messagesPerSecond = writes === undefined ? null : writes * perWrite;
    const assumed =
      messagesPerSecond === null
        ? ''
        : `; at ${num(writes!)} writes/s (assumed): ${num(writes!)} × ${num(perWrite)} = ${num(messagesPerSecond)} messages/s`;
    return {
      table,
      listeners,
      sites,
      perWrite,
      breakEven,
      messagesPerSecond,
      formula: `each write to ${table} → ${plural(listeners, 'unfiltered listener')} × ${num(online)} online = ${num(perWrite)} messages; ${num(limits.messagesPerSecond)} messages/s ÷ ${num(perWrite)} = ${num(breakEven)} writes/s to ${table} use up the plan${assumed}`,
    };
  });
}

function readsSummary(lines: readonly RateLine[], assumptions: Assumptions): ReadsSummary {
  const perMinute: Record<ReadClass | 'write', number> = { delta: 0, full: 0, page: 0, other: 0, write: 0 };
  const fullSyncSites: Site[] = [];
  const deltaSyncSites: Site[] = [];
  for (const line of lines) {
    const kinds = new Set(line.requests.map((request) => request.read));
    const site = { file: line.file, line: line.line };
    const listed = (sites: Site[]) => sites.some((known) => known.file === site.file && known.line === site.line);
    if (kinds.has('full') && !listed(fullSyncSites)) fullSyncSites.push(site);
    else if (!kinds.has('full') && kinds.has('delta') && !listed(deltaSyncSites)) deltaSyncSites.push(site);
    if (line.perMinute === null) continue;
    const runCount = perRun(line.requests, assumptions).count;
    if (runCount === 0) continue;
    const perRequest = line.perMinute / runCount;
    for (const request of line.requests) {
      const weight =
        request.perItem || request.perPage !== undefined
          ? (assumptions.counts.get(`${request.file}:${request.line}`) ?? 1)
          : 1;
      const kind = request.method === 'select' || request.method === 'rpc' ? request.read : 'write';
      perMinute[kind] += perRequest * weight;
    }
  }
  const all = Object.values(perMinute).reduce((sum, value) => sum + value, 0);
  return { perMinute, unboundedShare: all > 0 ? perMinute.full / all : null, fullSyncSites, deltaSyncSites };
}

function realtimeOf(
  facts: CapacityFacts,
  online: number,
  limits: Limits,
  assumptions: Assumptions,
): CapacityReport['realtime'] {
  const channels = facts.channels.map(channelLine);
  const known = channels.filter((channel) => channel.channels !== null);
  const peakChannels = known.reduce((sum, channel) => sum + channel.channels!, 0);
  const peakAtLeast =
    known.length < channels.length || channels.some((channel) => channel.grows || channel.perRow?.rows === null);
  const floor = peakAtLeast ? 'at least ' : '';
  const connections = channels.length > 0 ? online : 0;
  return {
    channels,
    peakChannels,
    peakAtLeast,
    peakFormula:
      channels.length === 0
        ? 'no channel found'
        : `every screen open at once: ${known.map((channel) => num(channel.channels!)).join(' + ')} = ${floor}${plural(peakChannels, 'channel')} per client, against ${num(limits.channelsPerConnection)} per connection`,
    connections,
    connectionsFormula:
      channels.length === 0
        ? 'no channel found: no Realtime connection'
        : `1 connection per online client (supabase-js multiplexes its channels) × ${num(online)} online = ${num(connections)} concurrent connections, against ${num(limits.concurrentConnections)} on ${limits.label}`,
    fanout: fanout(channels, online, limits, assumptions),
    filteredListeners: channels.flatMap((channel) =>
      channel.listeners
        .filter((listener) => listener.filtered === 'yes' || listener.filtered === 'unknown')
        .map((listener) => ({ file: listener.file, line: listener.line })),
    ),
  };
}

function bars(report: Omit<CapacityReport, 'bars' | 'assumptions' | 'unknowns'>, limits: Limits): LimitBar[] {
  const share = (used: number | null, limit: number) => (used === null ? null : used / limit);
  const realtime = report.realtime;
  const result: LimitBar[] = [];
  if (realtime.channels.length > 0) {
    result.push({
      name: 'concurrent connections',
      used: realtime.connections,
      limit: limits.concurrentConnections,
      share: share(realtime.connections, limits.concurrentConnections),
      formula: realtime.connectionsFormula,
    });
    result.push({
      name: 'channels per client',
      used: realtime.peakChannels,
      limit: limits.channelsPerConnection,
      share: share(realtime.peakChannels, limits.channelsPerConnection),
      formula: realtime.peakFormula,
    });
  }
  const assumed = realtime.fanout.filter((line) => line.messagesPerSecond !== null);
  if (realtime.fanout.length > 0) {
    const used = assumed.length > 0 ? assumed.reduce((sum, line) => sum + line.messagesPerSecond!, 0) : null;
    result.push({
      name: 'Realtime messages/s',
      used,
      limit: limits.messagesPerSecond,
      share: share(used, limits.messagesPerSecond),
      formula:
        used === null
          ? `unknown: writes per second are not in the code (--assume writes:<table>=2/s); ${realtime.fanout.map((line) => `${num(line.breakEven)} writes/s to ${line.table}`).join(', ')} use it up`
          : assumed
              .map((line) => `${num(line.messagesPerSecond!)} messages/s from writes to ${line.table}`)
              .join(' + '),
    });
  }
  return result;
}

function assumptionsText(inputs: CapacityReport['inputs'], assumptions: Assumptions): string[] {
  const lines = [
    `${num(inputs.users)} users, ${num(inputs.onlineShare * 100)}% online at once = ${num(inputs.online)} online`,
    `plan ${inputs.limits.label}; limits from ${inputs.limits.sources.join('; ')}`,
    'each online user has every screen and hook the code opens mounted at once (an upper bound for channels and polling)',
    'each run sends every request its code path can send (both branches of a condition count)',
  ];
  for (const [at, ms] of assumptions.periods) lines.push(`${at}: every ${duration(ms)} (--assume)`);
  for (const [at, count] of assumptions.counts) lines.push(`${at}: ${num(count)} (--assume)`);
  if (assumptions.focusMs !== null)
    lines.push(`a user comes back to the page every ${duration(assumptions.focusMs)} (--assume)`);
  if (assumptions.reconnectMs !== null)
    lines.push(`a client reconnects every ${duration(assumptions.reconnectMs)} (--assume)`);
  for (const [table, rate] of assumptions.writes) lines.push(`${num(rate)} writes/s to ${table} (--assume)`);
  return lines;
}

/** The report: every rate with its arithmetic, the limits used, the assumptions and what is unknown. */
export function capacityReport(facts: CapacityFacts, inputs: CapacityInputs, assumptions: Assumptions): CapacityReport {
  const online = inputs.users * inputs.onlineShare;
  const sends = (line: RateLine) => line.requests.length > 0 || line.unresolved.length > 0;
  const quiet = (lines: RateLine[]) => lines.filter((line) => !sends(line)).map(({ file, line }) => ({ file, line }));
  const periodicAll = facts.periodic.map((site) => periodicLine(site, assumptions)).sort(byPlace);
  const eventAll = facts.events.map((site) => eventLine(site, assumptions)).sort(byPlace);
  const periodicLines = periodicAll.filter(sends);
  const eventLines = eventAll.filter(sends);
  const partial = {
    inputs: { ...inputs, online },
    periodic: { lines: periodicLines, quiet: quiet(periodicAll), ...total(periodicLines, online, 'periodic') },
    events: { lines: eventLines, quiet: quiet(eventAll), ...total(eventLines, online, 'focus and reconnect') },
    realtime: realtimeOf(facts, online, inputs.limits, assumptions),
    reads: readsSummary([...periodicLines, ...eventLines], assumptions),
  };
  const unknowns = [...periodicLines, ...eventLines].flatMap((line) => [
    ...(line.unknown ? [`${line.file}:${line.line}: ${line.unknown}`] : []),
    ...line.unresolved.map((call) => `${line.file}:${line.line}: ${call} is not followed: what it sends is unknown`),
  ]);
  for (const file of facts.unparsed) unknowns.push(`${file}: could not be parsed`);
  return {
    ...partial,
    bars: bars(partial, inputs.limits),
    assumptions: assumptionsText(partial.inputs, assumptions),
    unknowns,
  };
}

function byPlace(a: Site, b: Site): number {
  return a.file.localeCompare(b.file) || a.line - b.line;
}
