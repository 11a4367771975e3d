/**
 * `npm run test:scale`: the facts of a module parsed alone are the facts read
 * through a lint of the same file, on every source file of the fixtures
 * (test/analysis/facts-parse.ts); `npm test` holds two fixture apps to it.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFactsAlikeParsedAlone, fixtureSources } from '../analysis/facts-parse.js';

describe('the facts of a module parsed alone', () => {
  it('are the facts read through a lint of the same file, on every source file of the fixtures', () => {
    const sources = fixtureSources(path.resolve(import.meta.dirname, '../../fixtures'));
    expect(sources.length).toBeGreaterThan(200);
    // a fixture of a parse error is not compared
    expect(expectFactsAlikeParsedAlone(sources)).toBeGreaterThan(200);
  });
});
