/**
 * The plugin from dist/ through ESLint's own CLI on what `npm test` leaves out
 * for time (each run starts ESLint and the plugin afresh): ESLint 10 with
 * --concurrency (rules in worker threads) and ESLint 9. Same project, same
 * expected findings: test/e2e/eslint-cli-run.ts.
 */
import { describeRuns, ESLINT_10, ESLINT_9, useProject } from '../e2e/eslint-cli-run.js';

useProject();
describeRuns([
  ['ESLint 10 --concurrency 2', ESLINT_10, ['--concurrency', '2']],
  ['ESLint 9', ESLINT_9, []],
]);
