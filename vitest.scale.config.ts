import { defineConfig } from 'vitest/config';

// `npm run test:scale` (.ci/run): what takes minutes, not seconds, on a
// 2-core machine: 5 MB files through the built CLI (test/scale), and the fuzz
// properties of test/fuzz with five times the budget of `npm test` (same seed:
// the first 30 programs of each property are the ones `npm test` runs).
export default defineConfig({
  test: {
    include: ['test/scale/**/*.test.ts', 'test/fuzz/**/*.test.ts'],
    env: { FUZZ_RUNS: '150', SUPABASE_SCALE_SCHEMA_CACHE: 'off' },
    // as vitest.config.ts: one worker a core, modules loaded once a worker
    pool: 'threads',
    isolate: false,
    maxWorkers: '100%',
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});
