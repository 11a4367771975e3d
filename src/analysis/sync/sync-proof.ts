/**
 * What replaying a sync against a real PostgreSQL showed (`audit --prove`,
 * src/replay/), as plain data: for each check the replay can prove, whether
 * the sync's plan lost rows or stalled under an adversarial workload, with the
 * counterexample (the pages it read, the positions it stored, the rows the
 * copy never got), or what was tried when nothing was lost. Carried in the
 * JSON report beside the sync map; the static verdict never depends on it.
 */
import type { SyncSite } from './sync-plan.js';

/**
 * `lost-rows`: after the workload the copy lacks rows the table has (or holds
 * an old version, or keeps a deleted row); `stalled`: the sync read the same
 * full page again without moving its position; `no-loss`: every workload
 * tried left the copy equal to the table; `not-replayed`: the plan cannot be
 * replayed (the reason says why).
 */
export type ProofStatus = 'lost-rows' | 'stalled' | 'no-loss' | 'not-replayed';

/** A row as a counterexample names it: its key and its cursor value, as text. */
export interface ProofRow {
  id: string;
  cursor: string | null;
}

/** One page the sync read: the position it read past, how many rows came back, the first and last of them. */
export interface ProofPage {
  /** The sync's run (1 = the first after the workload began) and the page within it. */
  run: number;
  page: number;
  /** The position compared (`2024-03-01T10:00:00.5+00:00`, with `, id 0f…` for a keyset); the offset for offset paging. */
  after: string;
  offset?: number;
  rows: number;
  first?: ProofRow;
  last?: ProofRow;
}

export interface ProofMissing extends ProofRow {
  /** `never read`: in the table, not in the copy; `stale`: the copy holds an older version; `deleted row kept`: gone from the table, live in the copy. */
  why: 'never read' | 'stale' | 'deleted row kept';
}

/** The outcome of replaying one check's part of a sync's plan. */
export interface CheckProof {
  status: ProofStatus;
  /** `not-replayed`: why. */
  reason?: string;
  /** The read replayed. */
  read?: SyncSite;
  /** The plan as replayed, in one line. */
  plan?: string;
  /** The other aspects of the plan, set as a correct sync has them so that a loss is this check's (`order updated_at asc`). */
  heldRight?: string[];
  /** The workload of the counterexample (a failing replay). */
  workload?: string;
  /** The pages read under that workload, run by run (the first and last pages of a long run). */
  pages?: ProofPage[];
  /** The position stored after each run. */
  stored?: string[];
  /** The counterexample as a story, line by line: the workload's writes, each page read, each position stored. */
  timeline?: string[];
  /** The rows the copy never got (the first ones), and how many in all. */
  missing?: ProofMissing[];
  missingCount?: number;
  /** Every workload tried, with its outcome. */
  tried: string[];
  /** Milliseconds this check's replay took. */
  ms: number;
}

/** How the replayed table was made. */
export interface ProofTable {
  table: string;
  /** `migrations`: from the project's own statements; `code`: from the columns the code uses. */
  source: 'migrations' | 'code';
  /** Statements run, and those skipped or changed with the reason (a foreign key dropped, an extension PGlite lacks). */
  statements: number;
  notes: string[];
}

/** The replay of one sync: per check, and the time it took. */
export interface SyncProof extends SyncSite {
  name: string;
  /** Milliseconds for the whole sync (all its reads and checks). */
  ms: number;
  tables: ProofTable[];
  /** Keyed by check id (`cursor-order`, `commit-order`, ...). */
  checks: Record<string, CheckProof>;
}
