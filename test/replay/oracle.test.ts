/**
 * The replay is the oracle of the static checks (issue 19 item 5): for sync
 * plans generated over comparison, order, tiebreak (and its order), page,
 * loop, the position's origin, margin, deletes and the table's schema, each
 * static check of judgeSync fails exactly when the replay of that check finds
 * a loss of its kind (cursor-tiebreak: a skip with gt, a stall with gte).
 * One PGlite for every case. `npm test` runs a few cases with a fixed seed;
 * `npm run test:scale` many more (REPLAY_RUNS).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeSync } from '../../src/analysis/sync/sync-verdict.js';
import { openDatabase, type ReplayDatabase } from '../../src/replay/database.js';
import { REPLAYED_CHECKS } from '../../src/replay/plan.js';
import { replaySync } from '../../src/replay/replay.js';
import type { ParsedFile } from '../../src/schema/sql-files.js';
import { migrationsOf, type PlanChoice, planChoice, type SchemaChoice, syncOf } from './plans.js';

const RUNS = Number(process.env.REPLAY_RUNS ?? 12);
const SEED = Number(process.env.REPLAY_SEED ?? 1919);

let db: ReplayDatabase;
const migrations = new Map<SchemaChoice, ParsedFile[] | null>();

beforeAll(async () => {
  db = await openDatabase();
  for (const schema of ['code', 'migrations-trigger', 'migrations-plain'] as const) {
    migrations.set(schema, await migrationsOf(schema));
  }
});

afterAll(async () => {
  await db.close();
});

/** Where the static checks and the replay disagree on one plan: one line each. */
async function disagreements(choice: PlanChoice): Promise<string[]> {
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
      // the kind of loss too: a skip loses rows and moves on, a stall reads the same page forever
      if ((check.loss === 'stall') !== (replayed.status === 'stalled')) {
        found.push(`${id}: static says ${check.loss ?? '?'}, replay ${replayed.status}`);
      }
    }
  }
  return found;
}

describe(`the replay as the oracle of the static checks (seed ${SEED}, ${RUNS} runs)`, () => {
  it('each replayed check fails statically exactly when the replay loses rows of its kind', async () => {
    await fc.assert(
      fc.asyncProperty(planChoice, async (choice) => {
        const found = await disagreements(choice);
        if (found.length > 0) throw new Error(`${JSON.stringify(choice)}\n${found.join('\n')}`);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it('finds losses at all (not vacuous): the demo room sync, newest first, loses the older changes', async () => {
    const choice: PlanChoice = {
      schema: 'migrations-trigger',
      uniqueCursor: false,
      comparison: 'gt',
      order: 'desc',
      tiebreak: null,
      page: 'limit',
      offsetMoves: false,
      size: 4,
      loop: false,
      store: 'rows',
      storeInLoop: false,
      margin: false,
      deletes: 'none',
      softDelete: false,
      selectAll: true,
      liveOnly: false,
    };
    const proof = await replaySync(syncOf(choice), { db, migrations: migrations.get(choice.schema) ?? null });
    expect(proof.checks['cursor-order']!.status).toBe('lost-rows');
    expect(proof.checks['cursor-order']!.missingCount).toBe(2);
    expect(proof.checks['cursor-tiebreak']!.status).toBe('lost-rows');
    expect(proof.checks['commit-order']!.status).toBe('lost-rows');
    expect(proof.checks['cursor-from-rows']!.status).toBe('no-loss');
  });
});
