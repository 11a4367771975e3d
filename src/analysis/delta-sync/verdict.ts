/**
 * The delta-sync verdict: named checks, each ok or not with the sites that
 * decide it, put together from every file's facts (facts.ts) and the audit's
 * full-sync findings. Pure: no file system, no output.
 */
import type { DeltaSyncFileFacts } from './facts.js';

export interface Site {
  file: string;
  line: number;
}

export type CheckId =
  'no-full-sync' | 'delta-sync-present' | 'delta-filter' | 'cursor-order' | 'cursor-tiebreak' | 'cursor-from-rows';

export interface Check {
  id: CheckId;
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
];

function bySite(a: Site, b: Site): number {
  return a.file.localeCompare(b.file) || a.line - b.line;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function check(
  id: CheckId,
  failing: Site[],
  ok: string,
  failed: (sites: Site[]) => string,
  passing: Site[] = [],
): Check {
  const sites = (failing.length > 0 ? failing : passing).sort(bySite);
  return failing.length > 0 ? { id, ok: false, message: failed(sites), sites } : { id, ok: true, message: ok, sites };
}

/**
 * The verdict over `files` (path and facts of every file that spells the
 * replacement) and `fullSyncSites` (no-full-sync's findings). `replacement`
 * names the delta sync in messages.
 */
export function deltaSyncVerdict(
  files: readonly { file: string; facts: DeltaSyncFileFacts }[],
  fullSyncSites: readonly Site[],
  replacement: string,
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
          ok: true,
          message: `'${replacement}' is declared and called (${plural(uses.length, 'call site')})`,
          sites: [...declarations].sort(bySite),
        }
      : {
          id: 'delta-sync-present',
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
      checks.push({ id, ok: false, message: `not checked: no delta sync to check`, sites: [] });
    }
    return { verified: false, deltaSyncPresent: false, checks };
  }
  const withoutFilter = reads.filter(({ read }) => !read.delta && !read.fallback);
  const unfiltered = withoutFilter.map(({ file, read }) => ({ file, line: read.line }));
  checks.push(
    deltaReads.length === 0 && unfiltered.length === 0
      ? {
          id: 'delta-filter',
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
  );
  return { verified: checks.every((c) => c.ok), deltaSyncPresent: present, checks };
}
