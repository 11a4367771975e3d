/**
 * The module-system matrix (test/codemods/module-systems.ts says what each
 * case is): paginate-selects through the CLI gives exactly each case's
 * output tree, a second run changes nothing, the CommonJS scripts run under
 * Node and read every page, a Deno import names the helper's file. The
 * TypeScript cases' type checks (their own tsconfig, before and after, and
 * the codemods' own check) are in test/scale/module-systems.test.ts; here the
 * codemods' check is off (--no-typecheck), which the output does not depend on.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { install, rewrite, TYPESCRIPT_CASES } from './module-systems.js';

describe.each(TYPESCRIPT_CASES)('%s (TypeScript)', (name, rewritten) => {
  it('gives the output tree, and nothing more on a second run', async () => {
    await rewrite(name, install(name), rewritten, ['--no-typecheck']);
  });
});

/** Runs a script of the project under Node; its stdout. */
function node(root: string, script: string): string {
  return execFileSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
}
describe('CommonJS', () => {
  it('with semicolons: the require keeps its `;` before `(async () => ...)()`, and the script reads every page', async () => {
    const root = install('commonjs-semicolons');
    // the stand-in client caps a read at 1,000 rows, as max-rows does
    expect(node(root, 'src/report.js')).toBe('1000 jobs, 1000 done\n');
    await rewrite('commonjs-semicolons', root, 2);
    expect(node(root, 'src/report.js')).toBe('2500 jobs, 1250 done\n');
  });

  it('without semicolons: none added, but before a statement that starts with `(`', async () => {
    const root = install('commonjs-no-semicolons');
    await rewrite('commonjs-no-semicolons', root, 2);
    expect(node(root, 'src/worker.js')).toBe('1250 done\n');
    expect(node(root, 'src/once.js')).toBe('2500 jobs\n');
  });
});

describe('Deno (Supabase Edge Functions)', () => {
  it('imports the helper from _shared/ with its .ts extension', async () => {
    const root = install('deno');
    await rewrite('deno', root, 1);
    const text = readFileSync(path.join(root, 'supabase/functions/rooms/index.ts'), 'utf8');
    const specifier = /from '(\.[^']+)'/.exec(text)?.[1];
    expect(specifier).toBe('../_shared/supabase-pagination.ts');
    expect(existsSync(path.join(root, 'supabase/functions/rooms', specifier!))).toBe(true);
  });
});
