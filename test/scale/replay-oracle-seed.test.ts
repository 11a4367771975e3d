/**
 * The replay is the oracle of the static checks (issue 19 item 5): for sync
 * plans generated over comparison, order, tiebreak (and its order), page,
 * loop, the position's origin, margin, deletes and the table's schema, each
 * static check of judgeSync fails exactly when the replay of that check finds
 * a loss of its kind (oracle.ts). One PGlite for every case. Ten cases with
 * a fixed seed of their own (REPLAY_RUNS, REPLAY_SEED change them), and that
 * losses are found at all; test/scale/replay-oracle.test.ts runs many more.
 * In test/scale (`npm run test:scale`) since opening PGlite and ten replays
 * took 14 s of `npm test`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaySync } from '../../src/replay/replay.js';
import { type Oracle, openOracle } from '../replay/oracle.js';
import { type PlanChoice, planChoice, syncOf } from '../replay/plans.js';

const RUNS = Number(process.env.REPLAY_RUNS ?? 10);
const SEED = Number(process.env.REPLAY_SEED ?? 1919);

let oracle: Oracle;

beforeAll(async () => {
  oracle = await openOracle();
});

afterAll(async () => {
  await oracle.close();
});

describe(`the replay as the oracle of the static checks (seed ${SEED}, ${RUNS} runs)`, () => {
  it('each replayed check fails statically exactly when the replay loses rows of its kind', async () => {
    await fc.assert(
      fc.asyncProperty(planChoice, async (choice) => {
        const found = await oracle.disagreements(choice);
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
      sizeAtRunTime: false,
      loop: false,
      store: 'rows',
      storeInLoop: false,
      margin: false,
      deletes: 'none',
      softDelete: false,
      selectAll: true,
      liveOnly: false,
    };
    const proof = await replaySync(syncOf(choice), {
      db: oracle.db,
      migrations: oracle.migrations.get(choice.schema) ?? null,
    });
    expect(proof.checks['cursor-order']!.status).toBe('lost-rows');
    expect(proof.checks['cursor-order']!.missingCount).toBe(2);
    expect(proof.checks['cursor-tiebreak']!.status).toBe('lost-rows');
    expect(proof.checks['commit-order']!.status).toBe('lost-rows');
    expect(proof.checks['cursor-from-rows']!.status).toBe('no-loss');
  });
});
