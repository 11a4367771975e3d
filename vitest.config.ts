import { defineConfig } from 'vitest/config';
import { SLOW } from './vitest.slow.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/pack installs the packed package from the registry: `npm run test:pack`;
    // test/scale takes minutes: `npm run test:scale` (both in .ci/run), and so
    // does what keeps `npm test` under 90 s on the 2-core machine: the schema
    // reader against PostgreSQL (PGlite, ~9 s) and jscodeshift's runner on the
    // shipped entry points (~8 s) run there (vitest.scale.config.ts)
    exclude: ['test/pack/**', 'test/scale/**', ...SLOW, 'node_modules/**'],
    // Measured on the 2-core machine: vitest's default is one worker there
    // (cores - 1), and every test file loads TypeScript, ts-morph and ESLint
    // afresh. One worker a core, threads, and modules loaded once a worker
    // (no rule or detector keeps state in module scope) take the suite from
    // ~112 to ~70 s of CPU and use both cores.
    pool: 'threads',
    isolate: false,
    maxWorkers: '100%',
    // the schema cache on disk (src/schema/disk-cache.ts) is off: every test
    // parses the migrations it names; test/schema/disk-cache.test.ts and
    // test/e2e/schema-cache.test.ts turn it on with folders of their own
    env: { SUPABASE_SCALE_SCHEMA_CACHE: 'off' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
