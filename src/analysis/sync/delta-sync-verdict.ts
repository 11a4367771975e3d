/**
 * The delta-sync verdict: named checks, each ok or not with the sites that
 * decide it, put together from every file's facts (delta-sync-facts.ts) and the audit's
 * full-sync findings. Pure: no file system, no output.
 */
import type { DeltaSyncFileFacts } from './delta-sync-facts.js';

export interface Site {
  file: string;
  line: number;
}

export type CheckId =
  | 'no-full-sync'
  | 'delta-sync-present'
  | 'delta-filter'
  | 'cursor-order'
  | 'cursor-tiebreak'
  | 'cursor-from-rows'
  | 'hard-deletes';

/** `error`: a failing check makes the verdict not verified. `warning`: it is reported, and never decides the verdict. */
export type CheckLevel = 'error' | 'warning';

export interface Check {
  id: CheckId;
  level: CheckLevel;
  ok: boolean;
  message: string;
  sites: Site[];
}

export interface Verdict {
  verified: boolean;
  deltaSyncPresent: boolean;
  checks: Check[];
}

export const CHECK_IDS: readonly CheckId[] = [
  'no-full-sync',
  'delta-sync-present',
  'delta-filter',
  'cursor-order',
  'cursor-tiebreak',
  'cursor-from-rows',
  'hard-deletes',
];

/** The checks whose failure is a warning: reported, never deciding the verdict. */
export const WARNING_CHECKS: ReadonlySet<CheckId> = new Set(['hard-deletes']);

function bySite(a: Site, b: Site): number {
  return a.file.localeCompare(b.file) || a.line - b.line;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function levelOf(id: CheckId): CheckLevel {
  return WARNING_CHECKS.has(id) ? 'warning' : 'error';
}

function check(
  id: CheckId,
  failing: Site[],
  ok: string,
  failed: (sites: Site[]) => string,
  passing: Site[] = [],
): Check {
  const sites = (failing.length > 0 ? failing : passing).sort(bySite);
  const level = levelOf(id);
  return failing.length > 0
    ? { id, level, ok: false, message: failed(sites), sites }
    : { id, level, ok: true, message: ok, sites };
}

/** Verified when no error-level check fails; warnings never decide it. */
function isVerified(checks: readonly Check[]): boolean {
  return checks.every((c) => c.ok || c.level === 'warning');
}

/**
 * The verdict over `files` (path and facts of every file that spells the
 * replacement, or sends a delete or listens to Realtime) and `fullSyncSites`
 * (no-full-sync's findings). `replacement` names the delta sync in messages.
 * `partial`: why the facts cover only part of the code (`--since`, one
 * shard); the warnings, which a fact of another file can answer (a listener,
 * a delete), are then not checked.
 */
export function deltaSyncVerdict(
  files: readonly { file: string; facts: DeltaSyncFileFacts }[],
  fullSyncSites: readonly Site[],
  replacement: string,
  partial?: string,
): Verdict {
  const at = (file: string, lines: readonly number[]) => lines.map((line) => ({ file, line }));
  const declarations = files.flatMap(({ file, facts }) => at(file, facts.declarations));
  const uses = files.flatMap(({ file, facts }) => at(file, facts.uses));
  const reads = files.flatMap(({ file, facts }) => facts.reads.map((read) => ({ file, read })));
  const deltaReads = reads.filter(({ read }) => read.delta);
  const paged = deltaReads.filter(({ read }) => read.paged);
  const present = declarations.length > 0 && uses.length > 0;

  const checks: Check[] = [
    check(
      'no-full-sync',
      [...fullSyncSites],
      'no full sync is called or handed on',
      (sites) => `${plural(sites.length, 'full-sync use')} left (see no-full-sync)`,
    ),
    present
      ? {
          id: 'delta-sync-present',
          level: 'error',
          ok: true,
          message: `'${replacement}' is declared and called (${plural(uses.length, 'call site')})`,
          sites: [...declarations].sort(bySite),
        }
      : {
          id: 'delta-sync-present',
          level: 'error',
          ok: false,
          message:
            declarations.length === 0
              ? `no function or method named '${replacement}' is declared`
              : `'${replacement}' is declared but never called (no timer, effect, event or startup calls it)`,
          sites: [...declarations].sort(bySite),
        },
  ];
  // a delta sync declared but not called is still checked: the reasons it would fail once called
  if (declarations.length === 0) {
    for (const id of CHECK_IDS.slice(2)) {
      // a warning that cannot be checked says so, and stays quiet
      const ok = levelOf(id) === 'warning';
      checks.push({ id, level: levelOf(id), ok, message: `not checked: no delta sync to check`, sites: [] });
    }
    return { verified: false, deltaSyncPresent: false, checks };
  }
  const withoutFilter = reads.filter(({ read }) => !read.delta && !read.fallback);
  const unfiltered = withoutFilter.map(({ file, read }) => ({ file, line: read.line }));
  checks.push(
    deltaReads.length === 0 && unfiltered.length === 0
      ? {
          id: 'delta-filter',
          level: 'error',
          ok: false,
          message: `no read of '${replacement}' (or of the functions of its module it calls) was found: a read made elsewhere (another module, an rpc) cannot be verified`,
          sites: [...declarations].sort(bySite),
        }
      : check(
          'delta-filter',
          unfiltered,
          `${plural(deltaReads.length, 'delta read')} ${deltaReads.length === 1 ? 'filters' : 'filter'} a change-tracking column against the stored cursor`,
          (sites) =>
            `${plural(sites.length, 'read')} of the delta sync ${sites.length === 1 ? 'has' : 'have'} no filter on a change-tracking column against the stored cursor: each run downloads them again whatever changed`,
        ),
    check(
      'cursor-order',
      paged.filter(({ read }) => read.ascending === false).map(({ file, read }) => ({ file, line: read.orderLine })),
      paged.length === 0
        ? 'no paged delta read'
        : `${plural(paged.length, 'paged delta read')} ordered by the cursor ascending first`,
      (sites) =>
        `${plural(sites.length, 'paged delta read')} not ordered by the cursor ascending first: once more rows changed than a page holds, the rows past the page are skipped`,
    ),
    check(
      'cursor-tiebreak',
      paged.filter(({ read }) => read.tiebreak === false).map(({ file, read }) => ({ file, line: read.pageLine })),
      paged.length === 0
        ? 'no paged delta read'
        : `${plural(paged.length, 'paged delta read')} ${paged.length === 1 ? 'breaks' : 'break'} ties on a unique column`,
      (sites) =>
        `${plural(sites.length, 'paged delta read')} without a unique tiebreaker in the order and the filter: rows that share the boundary timestamp (one UPDATE of many rows) are skipped`,
    ),
    check(
      'cursor-from-rows',
      files.flatMap(({ file, facts }) => facts.clockCursors.map((found) => ({ file, line: found.line }))),
      paged.length === 0 ? 'no paged delta read' : 'the next cursor is not taken from the clock after a paged read',
      (sites) =>
        `the next cursor is taken from the clock after a paged delta read (${plural(sites.length, 'site')}): every change past the page is skipped`,
    ),
    partial === undefined
      ? hardDeletes(files, deltaReads)
      : { id: 'hard-deletes', level: 'warning', ok: true, message: `not checked: ${partial}`, sites: [] },
  );
  return { verified: isVerified(checks), deltaSyncPresent: present, checks };
}

/** `t`, or `s.t` outside `public`. */
function tableName(table: string, schema: string): string {
  return schema === 'public' ? table : `${schema}.${table}`;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/**
 * A test's own file (`*.test.ts`, `*.spec.js`, `__tests__/`, `test/`, `e2e/`,
 * `cypress/`, `playwright/`): its deletes clean up test data, not the app's.
 */
export function isTestFile(file: string): boolean {
  return (
    /(^|\/)(__tests__|__mocks__|tests?|e2e|cypress|playwright)\//.test(file) ||
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(file)
  );
}

/**
 * hard-deletes (a warning): a table a delta read reads is hard-deleted from
 * somewhere in the code (`.delete()` sent) while no delta read of it reads a
 * soft-delete column the schema shows, and no Realtime listener hears its
 * DELETE events. A delete in a test file does not count. Quiet where the facts cannot tell: a table no schema
 * describes, a select list built at run time, a listener whose table or
 * event is named at run time.
 */
function hardDeletes(
  files: readonly { file: string; facts: DeltaSyncFileFacts }[],
  deltaReads: readonly { file: string; read: DeltaSyncFileFacts['reads'][number] }[],
): Check {
  const deletes = files
    .filter(({ file }) => !isTestFile(file))
    .flatMap(({ file, facts }) => facts.deletes.map((fact) => ({ file, ...fact })));
  const listeners = files.flatMap(({ file, facts }) => facts.deleteListeners.map((fact) => ({ file, ...fact })));
  const byTable = new Map<string, { table: string; schema: string; reads: (typeof deltaReads)[number]['read'][] }>();
  for (const { read } of deltaReads) {
    if (read.table === null || read.schema === null) continue;
    const key = tableName(read.table, read.schema);
    const entry = byTable.get(key) ?? { table: read.table, schema: read.schema, reads: [] };
    entry.reads.push(read);
    byTable.set(key, entry);
  }
  const warned: { name: string; why: string; sites: Site[] }[] = [];
  const heard: string[] = [];
  const tombstoned: string[] = [];
  const unknown: string[] = [];
  for (const [name, { table, schema, reads }] of [...byTable].sort(([a], [b]) => a.localeCompare(b))) {
    const deleted = deletes.filter((fact) => fact.table === table && fact.schema === schema);
    if (deleted.length === 0) continue;
    const listener = listeners.find(
      (fact) => (fact.table === null || fact.table === table) && (fact.schema === null || fact.schema === schema),
    );
    if (listener) {
      heard.push(`${name} (${listener.file}:${listener.line})`);
      continue;
    }
    const described = reads.filter((read) => read.softDeleteColumns !== null);
    if (described.length === 0) {
      unknown.push(name);
      continue;
    }
    // a read sees a tombstone through a soft-delete column it selects and does not filter to the live rows
    const reading = described.find((read) => {
      if (read.selected === null) return true;
      const seen = read.softDeleteColumns!.filter((column) => !read.liveOnly.includes(column));
      return read.selected === '*' ? seen.length > 0 : read.selected.some((column) => seen.includes(column));
    });
    if (reading) {
      tombstoned.push(name);
      continue;
    }
    const columns = [...new Set(described.flatMap((read) => read.softDeleteColumns!))];
    const live = [...new Set(described.flatMap((read) => read.liveOnly))];
    warned.push({
      name,
      why:
        columns.length === 0
          ? 'the schema shows no soft-delete column'
          : live.length > 0
            ? `the sync filters out the rows marked deleted (${list(live)})`
            : `the sync does not select ${list(columns)}`,
      sites: deleted.map(({ file, line }) => ({ file, line })),
    });
  }
  const notes = [
    ...(heard.length > 0 ? [`deletes reach the clients through a Realtime DELETE listener: ${heard.join(', ')}`] : []),
    ...(tombstoned.length > 0 ? [`the sync reads a soft-delete column: ${tombstoned.join(', ')}`] : []),
    ...(unknown.length > 0
      ? [`cannot tell, no schema describes ${unknown.length === 1 ? 'it' : 'them'}: ${unknown.join(', ')}`]
      : []),
  ];
  const noted = notes.length > 0 ? `; ${notes.join('; ')}` : '';
  if (warned.length === 0) {
    return {
      id: 'hard-deletes',
      level: 'warning',
      ok: true,
      message:
        notes.length === 0
          ? 'no table the delta sync reads is hard-deleted from in the code'
          : `no warning for the hard-deleted tables the delta sync reads: ${notes.join('; ')}`,
      sites: [],
    };
  }
  return {
    id: 'hard-deletes',
    level: 'warning',
    ok: false,
    message: `${plural(warned.length, 'table')} the delta sync reads ${warned.length === 1 ? 'is' : 'are'} hard-deleted from (.delete()) while the sync reads no soft-delete column, and no Realtime listener hears the deletes: deleted rows stay in every local copy forever: ${warned.map((w) => `${w.name} (${w.why})`).join(', ')}${noted}`,
    sites: warned.flatMap((w) => w.sites).sort(bySite),
  };
}
