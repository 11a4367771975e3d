/**
 * `npm run test:scale`: the replay as the oracle of the static checks
 * (test/replay/oracle.ts) on many generated sync plans, with seeds of their
 * own (ten more with another seed: test/scale/replay-oracle-seed.test.ts). About a third
 * of a second a plan on the 2-core machine.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Oracle, openOracle } from '../replay/oracle.js';
import { planChoice } from '../replay/plans.js';

const RUNS = Number(process.env.REPLAY_SCALE_RUNS ?? 300);
const SEEDS = [7, 11, 2024];

let oracle: Oracle;

beforeAll(async () => {
  oracle = await openOracle();
});

afterAll(async () => {
  await oracle.close();
});

describe(`the replay as the oracle of the static checks, at scale (${RUNS} plans a seed)`, () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: each replayed check fails statically exactly when the replay loses rows of its kind`, async () => {
      await fc.assert(
        fc.asyncProperty(planChoice, async (choice) => {
          const found = await oracle.disagreements(choice);
          if (found.length > 0) throw new Error(`${JSON.stringify(choice)}\n${found.join('\n')}`);
        }),
        { seed, numRuns: RUNS, endOnFailure: true },
      );
    });
  }
});
