/**
 * `npm run new-rule`'s answers to bad input (one line, exit 2, nothing
 * written) and its dry run. The scaffold itself, on a copy of the repository
 * checked end to end, is test/scale/new-rule.test.ts.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repository = path.resolve(import.meta.dirname, '..');

function newRule(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('node', ['scripts/new-rule.mjs', ...args], { cwd: repository, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run new-rule', () => {
  it.each([
    [[], 'new-rule: give one rule name: npm run new-rule -- <name> [--area postgrest|realtime|sync]'],
    [['NoThing'], "new-rule: 'NoThing' is not a kebab-case rule name (e.g. require-something)"],
    [['no-thing', '--area', 'storage'], "new-rule: --area must be one of postgrest, realtime, sync; got 'storage'"],
    [['no-thing', '--method', 'a-b'], "new-rule: --method must be an identifier; got 'a-b'"],
    [['require-pagination'], "new-rule: a rule named 'require-pagination' exists"],
  ])('refuses %j with one line and exit 2', (args, message) => {
    const run = newRule(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`${message}\n`);
    expect(run.stdout).toBe('');
  });

  it('lists what it would write on a dry run, and writes nothing', () => {
    const run = newRule('no-thing-here', '--dry-run');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').slice(0, 7)).toEqual([
      'would write src/analysis/postgrest/no-thing-here.ts',
      'would write src/rules/no-thing-here.ts',
      'would write docs/rules/no-thing-here.md',
      'would write test/rules/no-thing-here.test.ts',
      'would edit src/rules/index.ts',
      'would edit test/fuzz/registry.ts',
      'would edit test/cli/helpers.ts',
    ]);
    const status = spawnSync('git', ['status', '--porcelain', '--', 'src', 'test', 'docs', 'README.md'], {
      cwd: repository,
      encoding: 'utf8',
    });
    expect(status.stdout).not.toContain('no-thing-here');
  });
});
