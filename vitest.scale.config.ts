import { defineConfig } from 'vitest/config';

// `npm run test:scale` (.ci/run): what takes minutes, not seconds, on a
// 2-core machine: 5 MB files through the built CLI, the fuzz properties with a
// larger budget. `npm test` runs a small version of each.
export default defineConfig({
  test: {
    include: ['test/scale/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});
