import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/pack installs the packed package from the registry: `npm run test:pack`;
    // test/scale takes minutes: `npm run test:scale` (both in .ci/run)
    exclude: ['test/pack/**', 'test/scale/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
