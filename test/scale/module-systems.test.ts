/**
 * `npm run test:scale`: the TypeScript cases of the module-system matrix
 * (test/codemods/module-systems.ts) against the real supabase-js types: each
 * project type-checks with its own tsconfig before paginate-selects and
 * after it, the codemods' own type check on, and the output is the case's
 * output tree.
 */
import { describe, expect, it } from 'vitest';
import { install, rewrite, typeErrors, TYPESCRIPT_CASES } from '../codemods/module-systems.js';

describe.each(TYPESCRIPT_CASES)('%s', (name, rewritten) => {
  it('type-checks with its own tsconfig before and after the rewrite', { timeout: 120_000 }, async () => {
    const root = install(name);
    expect(typeErrors(root)).toEqual([]);
    await rewrite(name, root, rewritten);
    expect(typeErrors(root)).toEqual([]);
  });
});
