import { defineConfig } from 'vitest/config';

// `npm run test:pack`: the packed package installed into a throwaway project
// (test/pack). Kept out of `npm test` because it installs from the registry.
export default defineConfig({
  test: {
    include: ['test/pack/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
