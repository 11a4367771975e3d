/**
 * The replay as the oracle of the static checks (issue 19 item 5): for one
 * generated sync plan, where judgeSync's checks and the replay of the same
 * plan disagree. A check fails statically exactly when the replay finds a
 * loss of its kind; for cursor-tiebreak the kind too (a skip loses rows and
 * moves on, a stall reads the same page forever; `skip or stall` is either).
 * Used by test/scale/replay-oracle-seed.test.ts (ten plans and a loss found
 * at all) and test/scale/replay-oracle.test.ts (many), both `npm run test:scale`.
 */
import { judgeSync } from '../../src/analysis/sync/sync-verdict.js';
import { openDatabase, type ReplayDatabase } from '../../src/replay/database.js';
import { REPLAYED_CHECKS } from '../../src/replay/plan.js';
import { replaySync } from '../../src/replay/replay.js';
import type { ParsedFile } from '../../src/schema/sql-files.js';
import { migrationsOf, type PlanChoice, type SchemaChoice, syncOf } from './plans.js';

export interface Oracle {
  db: ReplayDatabase;
  migrations: Map<SchemaChoice, ParsedFile[] | null>;
  /** Where the static checks and the replay disagree on one plan: one line each (none: they agree). */
  disagreements(choice: PlanChoice): Promise<string[]>;
  close(): Promise<void>;
}

/** One PGlite for every plan, and the migrations of each schema choice parsed once. */
export async function openOracle(): Promise<Oracle> {
  const db = await openDatabase();
  const migrations = new Map<SchemaChoice, ParsedFile[] | null>();
  for (const schema of ['code', 'migrations-trigger', 'migrations-plain', 'run-time'] as const) {
    migrations.set(schema, await migrationsOf(schema));
  }
  return {
    db,
    migrations,
    async disagreements(choice) {
      const sync = syncOf(choice);
      const checks = judgeSync(sync);
      const proof = await replaySync(sync, {
        db,
        migrations: migrations.get(choice.schema) ?? null,
        maxRows: choice.page === 'none' ? choice.size : 1000,
      });
      const found: string[] = [];
      for (const id of REPLAYED_CHECKS) {
        const check = checks.find((c) => c.id === id)!;
        const replayed = proof.checks[id]!;
        const lost = replayed.status === 'lost-rows' || replayed.status === 'stalled';
        const fails = check.status === 'fail';
        if (fails !== lost) {
          found.push(
            `${id}: static ${check.status} (${check.message.slice(0, 90)}), replay ${replayed.status}${replayed.reason ? ` (${replayed.reason})` : ''}: ${replayed.workload ?? replayed.tried.join(' | ')}`,
          );
        } else if (id === 'cursor-tiebreak' && fails && check.loss !== 'skip or stall') {
          if ((check.loss === 'stall') !== (replayed.status === 'stalled')) {
            found.push(`${id}: static says ${check.loss ?? '?'}, replay ${replayed.status}`);
          }
        }
      }
      return found;
    },
    close: () => db.close(),
  };
}
