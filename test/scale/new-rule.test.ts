/**
 * `npm run new-rule` on a copy of the repository: the rule it scaffolds
 * type-checks, lints, is formatted, and passes its own test and the tests that
 * hold every rule to the repository's shape (docs page, README table, text
 * gates, fuzz entry, no import cycle).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repository = path.resolve(import.meta.dirname, '../..');
const copy = mkdtempSync(path.join(tmpdir(), 'supabase-scale-new-rule-'));
afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

/** The repository's tracked files (and the working tree's own versions of them), with its node_modules linked. */
function copyRepository(): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repository,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  })
    .split('\0')
    .filter((file) => file !== '' && existsSync(path.join(repository, file)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    copyFileSync(path.join(repository, file), path.join(copy, file));
  }
  symlinkSync(path.join(repository, 'node_modules'), path.join(copy, 'node_modules'));
}

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: copy, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('npm run new-rule', () => {
  it('scaffolds a rule that passes typecheck, lint, format and every test that holds the rules to one shape', () => {
    copyRepository();
    const scaffold = run('node', [
      'scripts/new-rule.mjs',
      'no-example-call',
      '--area',
      'realtime',
      '--method',
      'exampleCall',
    ]);
    expect(scaffold.output).toContain('wrote src/rules/no-example-call.ts');
    expect(scaffold.status, scaffold.output).toBe(0);
    expect(readFileSync(path.join(copy, 'README.md'), 'utf8')).toContain('no-example-call');
    const typecheck = run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
    expect(typecheck.status, typecheck.output).toBe(0);
    const written = [
      'src/analysis/realtime/no-example-call.ts',
      'src/rules/no-example-call.ts',
      'test/rules/no-example-call.test.ts',
      'test/fuzz/registry.ts',
      'test/cli/helpers.ts',
      'src/rules/index.ts',
    ];
    const lint = run('npx', ['eslint', ...written]);
    expect(lint.status, lint.output).toBe(0);
    const format = run('npx', ['prettier', '--check', ...written, 'docs/rules/no-example-call.md', 'README.md']);
    expect(format.status, format.output).toBe(0);
    const tests = run('npx', [
      'vitest',
      'run',
      'test/rules/no-example-call.test.ts',
      'test/docs.test.ts',
      'test/meta.test.ts',
      'test/fuzz/fuzz.test.ts',
      'test/layout.test.ts',
    ]);
    expect(tests.status, tests.output).toBe(0);
    // a second run refuses: nothing is overwritten
    const again = run('node', ['scripts/new-rule.mjs', 'no-example-call', '--no-docs']);
    expect(again.status).toBe(2);
    expect(again.output.trim()).toBe("new-rule: a rule named 'no-example-call' exists");
  });
});
