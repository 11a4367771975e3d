/**
 * `npm run test:scale`: the TypeScript cases of the module-system matrix
 * (test/codemods/module-systems.ts) against the real supabase-js types: each
 * project type-checks with its own tsconfig before paginate-selects and
 * after it, the codemods' own type check on, and the output is the case's
 * output tree; the ES-module package built by tsc loads under Node.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Project } from 'ts-morph';
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

describe('esm-bundler-node', () => {
  it('builds with tsc, and Node loads every module it built (an import without `.js` does not resolve there)', async () => {
    const root = install('esm-bundler-node');
    await rewrite('esm-bundler-node', root, 2, ['--no-typecheck']);
    const project = new Project({ tsConfigFilePath: path.join(root, 'tsconfig.json') });
    expect(
      project
        .emitSync()
        .getDiagnostics()
        .map((diagnostic) => diagnostic.getMessageText()),
    ).toEqual([]);
    for (const file of ['dist/routes/jobs.js', 'dist/scripts/count-jobs.js', 'dist/lib/supabase-pagination.js']) {
      const url = pathToFileURL(path.join(root, file)).href;
      const loaded = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(url)}); console.log(Object.keys(m).join(','))`,
        ],
        { cwd: root, encoding: 'utf8' },
      );
      expect(`${file}: ${loaded.trim()}`).toBe(
        `${file}: ${{ 'dist/routes/jobs.js': 'listJobs', 'dist/scripts/count-jobs.js': 'countJobs' }[file] ?? 'selectAllPages'}`,
      );
    }
  });
});
