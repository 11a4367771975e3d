/**
 * replaySync: each check of a sync that a replay can prove, replayed against
 * PGlite for each read past a cursor: the table made from the migrations (or
 * the code), the check's workloads run on the check's plan (plan.ts), and
 * the outcome with its counterexample (a failing workload: its pages, the
 * positions stored, the rows the copy lacks) or what was tried.
 */
import { performance } from 'node:perf_hooks';
import type { CheckProof, ProofStatus, ProofTable, SyncProof } from '../analysis/sync/sync-proof.js';
import { pastCursor, type SyncFact, type SyncRead } from '../analysis/sync/sync-plan.js';
import type { ParsedFile } from '../schema/sql-files.js';
import { errorLine, type ReplayDatabase } from './database.js';
import {
  planFor,
  planQuestion,
  planText,
  REPLAYED_CHECKS,
  RUN_TIME_TABLE,
  type ReplayedCheck,
  type ReplayPlan,
} from './plan.js';
import type { ReplayTable } from './table.js';
import { buildTable } from './table-build.js';
import type { TimelineEntry } from './sync-run.js';
import { runWorkload, workloadApplies, type WorkloadId, type WorkloadOutcome } from './workloads.js';

export interface ReplayOptions {
  db: ReplayDatabase;
  /** The project's parsed migrations for this sync's files; null when it has none. */
  migrations: readonly ParsedFile[] | null;
  /** The project's max-rows (supabase/config.toml `[api] max_rows`); 1,000 by default. */
  maxRows?: number;
  /** Only these checks (all that can be replayed by default). */
  checks?: readonly ReplayedCheck[];
}

/** The workloads that can show a check's kind of loss. */
export const CHECK_WORKLOADS: Record<ReplayedCheck, WorkloadId[]> = {
  'cursor-order': ['burst'],
  'cursor-tiebreak': ['tie'],
  'offset-paging': ['moving'],
  'cursor-from-rows': ['burst', 'during'],
  'hard-deletes': ['delete'],
  'commit-order': ['late', 'margin-page'],
};

const NOT_APPLICABLE: Partial<Record<WorkloadId, string>> = {
  moving: 'the read takes one page a run: no page follows another within a run for a row to move between',
  delete: 'the app deletes nothing from the table',
  'margin-page': 'the sync re-reads no margin',
};

const SHOWN_PAGES = 8;
/** Page lines of a timeline shown before and after the ones left out. */
const TIMELINE_HEAD = 6;
const TIMELINE_TAIL = 3;
const SHOWN_MISSING = 5;

function outcomeText(outcome: WorkloadOutcome): string {
  switch (outcome.status) {
    case 'no-loss':
      return 'no row lost';
    case 'stalled':
      return `stalled${outcome.missingCount > 0 ? ` with ${outcome.missingCount} row${outcome.missingCount === 1 ? '' : 's'} never read` : ''}`;
    default:
      return `${outcome.missingCount} row${outcome.missingCount === 1 ? '' : 's'} lost`;
  }
}

/** A check's proof from its workloads' outcomes: the first loss is the counterexample. */
function proofOf(
  read: SyncRead,
  plan: string,
  heldRight: string[],
  outcomes: WorkloadOutcome[],
  ms: number,
): CheckProof {
  const failing = outcomes.find((outcome) => outcome.status !== 'no-loss');
  const tried = outcomes.map((outcome) => `${outcome.text}: ${outcomeText(outcome)}`);
  const base = {
    read: { file: read.file, line: read.line },
    plan,
    ...(heldRight.length > 0 ? { heldRight } : {}),
    tried,
    ms,
  };
  if (!failing) return { status: 'no-loss', ...base };
  const pages =
    failing.pages.length > SHOWN_PAGES
      ? [...failing.pages.slice(0, SHOWN_PAGES - 2), ...failing.pages.slice(-2)]
      : failing.pages;
  return {
    status: failing.status,
    ...base,
    workload: failing.text,
    pages,
    stored: failing.stored,
    timeline: timelineText(failing.timeline),
    missing: failing.missing.slice(0, SHOWN_MISSING),
    missingCount: failing.missingCount,
  };
}

/**
 * The counterexample's story as lines: every write and position stored, and
 * the pages read (the first and the last few of a long story, the rest
 * counted).
 */
export function timelineText(timeline: readonly TimelineEntry[]): string[] {
  const pages = timeline.filter((entry) => entry.kind === 'page');
  if (pages.length <= TIMELINE_HEAD + TIMELINE_TAIL + 1) return timeline.map((entry) => entry.text);
  const hidden = new Set(pages.slice(TIMELINE_HEAD, pages.length - TIMELINE_TAIL));
  const lines: string[] = [];
  let skipped = 0;
  for (const entry of timeline) {
    if (hidden.has(entry)) {
      skipped++;
      continue;
    }
    if (skipped > 0) lines.push(`… ${skipped} more page${skipped === 1 ? '' : 's'} read`);
    skipped = 0;
    lines.push(entry.text);
  }
  if (skipped > 0) lines.push(`… ${skipped} more page${skipped === 1 ? '' : 's'} read`);
  return lines;
}

const RANK: Record<ProofStatus, number> = { 'lost-rows': 3, stalled: 3, 'no-loss': 1, 'not-replayed': 0 };

/** One proof a check over several reads: the worst outcome, with what was tried on each. */
function combine(proofs: CheckProof[]): CheckProof {
  const worst = proofs.reduce((a, b) => (RANK[b.status] > RANK[a.status] ? b : a));
  if (proofs.length === 1) return worst;
  const tried = proofs.flatMap((proof) =>
    proof.status === 'not-replayed'
      ? [`${proof.read ? `${proof.read.file}:${proof.read.line}: ` : ''}not replayed: ${proof.reason ?? ''}`]
      : proof.tried.map((line) => `${proof.read!.file}:${proof.read!.line}: ${line}`),
  );
  return { ...worst, tried, ms: proofs.reduce((sum, proof) => sum + proof.ms, 0) };
}

function notReplayed(reason: string, read?: SyncRead): CheckProof {
  return {
    status: 'not-replayed',
    reason,
    ...(read ? { read: { file: read.file, line: read.line } } : {}),
    tried: [],
    ms: 0,
  };
}

/** One check on one read, on its table. */
async function replayCheck(
  check: ReplayedCheck,
  read: SyncRead,
  built: { plan: ReplayPlan; heldRight: string[] },
  table: ReplayTable,
  options: ReplayOptions,
  maxRows: number,
): Promise<CheckProof> {
  const started = performance.now();
  const workloads = CHECK_WORKLOADS[check].filter((id) => workloadApplies(id, built.plan));
  if (workloads.length === 0) {
    const [id] = CHECK_WORKLOADS[check];
    return notReplayed(NOT_APPLICABLE[id!] ?? 'no workload applies', read);
  }
  const outcomes: WorkloadOutcome[] = [];
  try {
    for (const id of workloads) outcomes.push(await runWorkload(id, options.db, table, built.plan, maxRows));
  } catch (error) {
    // a column the code names that the table lacks, a type PostgreSQL will not compare: said, never thrown
    return notReplayed(`PostgreSQL refused the replay: ${errorLine(error)}`, read);
  }
  return proofOf(
    read,
    planText(built.plan, maxRows),
    built.heldRight,
    outcomes,
    Math.round(performance.now() - started),
  );
}

/** The table a read's replays run on, or why none could be made. */
async function tableFor(read: SyncRead, options: ReplayOptions): Promise<ReplayTable | { reason: string }> {
  const cursor = read.cursor!;
  return buildTable(options.db, {
    schema: read.schema ?? 'public',
    table: read.table ?? RUN_TIME_TABLE,
    cursor: cursor.column!,
    cursorType: read.cursorType,
    tiebreak: cursor.tiebreak?.column ?? null,
    unique: read.unique,
    softDelete: read.softDeleteColumns ?? [],
    selected: read.selected,
    named: [...read.orders.flatMap((order) => (order.column === null ? [] : [order.column])), ...read.liveOnly],
    // a table named at run time is made from the code's columns: no migration describes it alone
    migrations: read.table === null ? null : options.migrations,
    namedAtRunTime: read.table === null,
  });
}

/** Replays each check of `sync` that a replay can prove; never throws for a plan it cannot replay (the check says why). */
export async function replaySync(sync: SyncFact, options: ReplayOptions): Promise<SyncProof> {
  const started = performance.now();
  const maxRows = options.maxRows ?? 1000;
  const checks = options.checks ?? REPLAYED_CHECKS;
  const reads = sync.reads.filter((read) => pastCursor(read) && !read.fallback);
  const perCheck = new Map<ReplayedCheck, CheckProof[]>(checks.map((check) => [check, []]));
  const tables: ProofTable[] = [];
  for (const read of reads) {
    const questions = checks.map((check) => [check, planQuestion(check, read, sync)] as const);
    // the table is made only when some check has a plan to replay on it
    const table = questions.some(([, open]) => open === null) ? await tableFor(read, options) : null;
    if (table && !('reason' in table)) {
      tables.push({ table: table.name, source: table.source, statements: table.statements, notes: table.notes });
    }
    for (const [check, open] of questions) {
      let proof: CheckProof;
      if (open !== null) proof = notReplayed(open, read);
      else if (!table || 'reason' in table) proof = notReplayed(table?.reason ?? 'no table', read);
      else {
        const keyset = { key: table.shape.key, uniqueCursor: table.uniqueCursor };
        const built = planFor(check, read, sync, keyset);
        proof =
          'reason' in built
            ? notReplayed(built.reason, read)
            : await replayCheck(check, read, built, table, options, maxRows);
      }
      perCheck.get(check)!.push(proof);
    }
  }
  const result: Record<string, CheckProof> = {};
  for (const [check, proofs] of perCheck) {
    result[check] = proofs.length > 0 ? combine(proofs) : notReplayed('no read past a cursor to replay');
  }
  return {
    file: sync.file,
    line: sync.line,
    name: sync.name,
    ms: Math.round(performance.now() - started),
    tables,
    checks: result,
  };
}
