/**
 * The plugin as a user gets it, through ESLint 10's own CLI (the setup and the
 * expected findings: ./eslint-cli-run.ts; ESLint 9 and --concurrency run in
 * test/scale/eslint-versions.test.ts). `npm test` builds dist/ first.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLEAN, describeRuns, eslint, ESLINT_10, projectDir, useProject } from './eslint-cli-run.js';

useProject();
describeRuns([['ESLint 10', ESLINT_10, []]]);

describe('ESLint 10, plugin from dist/, on a clean file alone', () => {
  it('exits 0', () => {
    writeFileSync(path.join(projectDir(), 'clean.ts'), CLEAN);
    const { status, results } = eslint(ESLINT_10, ['clean.ts']);
    expect(status).toBe(0);
    expect(results[0]?.messages).toEqual([]);
  });
});
