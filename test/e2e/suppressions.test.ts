/**
 * Adopting the gate on a big codebase: ESLint's bulk suppressions
 * (`eslint --suppress-all` writes eslint-suppressions.json) work with the
 * plugin's rules on ESLint 10 and 9, and `supabase-scale audit
 * --suppressions` honours the same file as ESLint does: a file with no more
 * findings of a rule than suppressed reports none, one with more reports all.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, FULL_SYNC, UNBOUNDED } from '../cli/helpers.js';
import { linkedProject } from './linked-project.js';
import { dedent } from '../dedent.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const projects: string[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) rmSync(project, { recursive: true, force: true });
});

function setUp(): string {
  const project = linkedProject('supabase-scale-suppress-', 'module');
  writeFileSync(
    path.join(project, 'eslint.config.js'),
    dedent`
      import tsParser from '@typescript-eslint/parser';
      import supabaseScale from 'eslint-plugin-supabase-scale';
      export default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, supabaseScale.configs.recommended];
    `,
  );
  mkdirSync(path.join(project, 'src'));
  writeFileSync(path.join(project, 'src', 'a.ts'), `${UNBOUNDED}${UNBOUNDED.replace('rooms()', 'rooms2()')}`);
  writeFileSync(path.join(project, 'src', 'b.ts'), FULL_SYNC);
  return project;
}

function eslint(bin: string, project: string, args: string[]): { status: number; rules: string[] } {
  let out: string;
  let status = 0;
  try {
    out = execFileSync(process.execPath, [bin, '--format', 'json', ...args], { cwd: project, encoding: 'utf8' });
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    if (failed.status !== 1) throw new Error(`eslint exited ${failed.status}: ${failed.stderr}`);
    out = failed.stdout;
    status = 1;
  }
  const results = JSON.parse(out) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
  const rules = results.flatMap((result) =>
    result.messages.map((m) => `${path.relative(project, result.filePath)}:${m.line} ${m.ruleId}`),
  );
  return { status, rules };
}

describe.each([
  ['ESLint 10', path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js')],
  ['ESLint 9', path.join(root, 'node_modules', 'eslint9', 'bin', 'eslint.js')],
])('%s --suppress-all and audit --suppressions', (_label, bin) => {
  it('suppress the findings there are, and both report only what is new', async () => {
    const project = setUp();
    // everything there is gets suppressed: nothing left to report
    expect(eslint(bin, project, ['--suppress-all', 'src'])).toEqual({ status: 0, rules: [] });
    expect(JSON.parse(readFileSync(path.join(project, 'eslint-suppressions.json'), 'utf8'))).toEqual({
      'src/a.ts': { 'supabase-scale/require-pagination': { count: 2 } },
      'src/b.ts': { 'supabase-scale/no-full-sync': { count: 1 } },
    });
    const audit = async () => {
      const run = await cli(project, 'audit', 'src', '--suppressions', 'eslint-suppressions.json', '--format', 'json');
      const report = JSON.parse(run.stdout) as {
        scope: { suppressions: { suppressed: number } };
        results: { file: string; line: number; rule: string }[];
      };
      return {
        suppressed: report.scope.suppressions.suppressed,
        rules: report.results.map((r) => `${r.file}:${r.line} supabase-scale/${r.rule}`),
      };
    };
    expect(await audit()).toEqual({ suppressed: 3, rules: [] });

    // one more unbounded read in a.ts: more than suppressed, so all three are reported, by both
    writeFileSync(
      path.join(project, 'src', 'a.ts'),
      `${readFileSync(path.join(project, 'src', 'a.ts'), 'utf8')}${UNBOUNDED.replace(/^import.*\n/, '').replace('rooms()', 'rooms3()')}`,
    );
    const lint = eslint(bin, project, ['src']);
    expect(lint.status).toBe(1);
    expect(lint.rules).toEqual([
      'src/a.ts:4 supabase-scale/require-pagination',
      'src/a.ts:10 supabase-scale/require-pagination',
      'src/a.ts:15 supabase-scale/require-pagination',
    ]);
    expect(await audit()).toEqual({ suppressed: 1, rules: lint.rules });
  });
});

describe('audit --suppressions with a bad file', () => {
  it.each([
    ['missing.json', null, '--suppressions: missing.json: no such file'],
    ['bad.json', '{', '--suppressions: bad.json: not JSON'],
    ['shape.json', '{"src/a.ts": {"r": 2}}', '--suppressions: shape.json is not an ESLint suppressions file'],
  ])('%s: one line, exit 2', async (name, text, message) => {
    const project = setUp();
    if (text !== null) writeFileSync(path.join(project, name), text);
    const run = await cli(project, 'audit', 'src', '--suppressions', name);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`supabase-scale: ${message}`)).toBe(true);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });
});
