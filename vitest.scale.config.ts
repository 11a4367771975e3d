import { defineConfig } from 'vitest/config';
import { SLOW } from './vitest.slow.js';

// `npm run test:scale` (.ci/run): what takes minutes, not seconds, on a
// 2-core machine: 5 MB files through the built CLI (test/scale), and the fuzz
// properties of test/fuzz with fifteen times the budget of `npm test` (same
// seed: the first 10 programs of each property are the ones `npm test` runs),
// and the few files of test/ that `npm test` leaves out for time (SLOW).
export default defineConfig({
  test: {
    include: ['test/scale/**/*.test.ts', 'test/fuzz/**/*.test.ts', ...SLOW],
    env: { FUZZ_RUNS: '150', SUPABASE_SCALE_SCHEMA_CACHE: 'off' },
    // as vitest.config.ts: one worker a core, modules loaded once a worker
    pool: 'threads',
    isolate: false,
    maxWorkers: '100%',
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});
