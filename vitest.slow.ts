/**
 * Test files of test/ that take seconds each and run with the scale tests
 * (`npm run test:scale`, in .ci/run) rather than in `npm test`, which must
 * stay under 90 s on the 2-core machine. Each is covered nowhere else.
 */
export const SLOW = [
  // the schema reader's answers against PostgreSQL itself (PGlite): a database per fixture
  'test/schema/crosscheck.test.ts',
  // jscodeshift's own runner on every shipped entry point (test/scale/jscodeshift.test.ts: every case)
  'test/e2e/jscodeshift.test.ts',
];
