/**
 * The plugin as a user gets it: loaded from dist/ through its package name by
 * ESLint's own CLI, in a throwaway project whose eslint.config.js is the one
 * the README shows. test/e2e/eslint-cli.test.ts runs it on ESLint 10 (`npm
 * test`); test/scale/eslint-versions.test.ts on ESLint 10 with --concurrency
 * and on ESLint 9 (`npm run test:scale`: each run starts ESLint and the plugin
 * afresh, 5-10 s on the 2-core machine). Both build dist/ first.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkedProject } from './linked-project.js';
import { dedent } from '../dedent.js';

export const root = path.resolve(import.meta.dirname, '..', '..');
let project = '';

/** The throwaway project of the running test file (set up by useProject). */
export const projectDir = (): string => project;

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; fatal?: boolean }[];
}

export function eslint(bin: string, args: string[]): { status: number; results: LintResult[] } {
  try {
    const out = execFileSync(process.execPath, [bin, '--format', 'json', ...args], {
      cwd: project,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: 0, results: JSON.parse(out) as LintResult[] };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    if (failed.status !== 1) throw new Error(`eslint exited ${failed.status}: ${failed.stderr}`);
    return { status: 1, results: JSON.parse(failed.stdout) as LintResult[] };
  }
}

function countByRule(results: LintResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) {
    for (const message of result.messages) {
      const key = message.ruleId ?? 'fatal';
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return counts;
}

/** Sets up the throwaway project for the test file that calls it (before and after all its tests). */
export function useProject(): void {
  beforeAll(() => {
    if (!existsSync(path.join(root, 'dist', 'index.js'))) {
      throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`');
    }
    project = linkedProject('supabase-scale-e2e-', 'module');
    writeFileSync(
      path.join(project, 'eslint.config.js'),
      dedent`
      import tsParser from '@typescript-eslint/parser';
      import supabaseScale from 'eslint-plugin-supabase-scale';

      export default [
        { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tsParser } },
        supabaseScale.configs.recommended,
      ];
    `,
    );
    cpSync(path.join(root, 'fixtures', 'demo-app', 'src'), path.join(project, 'src'), { recursive: true });
  });

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });
}

export const CLEAN =
  "export async function page(after: string) {\n  await sync.deltaSync();\n  return supabase.from('messages').select('*').gt('id', after).order('id').limit(100);\n}\n";

export const ESLINT_10 = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
export const ESLINT_9 = path.join(root, 'node_modules', 'eslint9', 'bin', 'eslint.js');

/** The demo app through ESLint's CLI, once per [label, bin, extra args]. */
export function describeRuns(variants: [string, string, string[]][]): void {
  describe.each(variants)('%s, plugin from dist/', (_label, bin, extra) => {
    it('flags the demo app with both rules and no parse errors, and nothing in a file with bounded reads and delta syncs', () => {
      writeFileSync(path.join(project, 'clean.ts'), CLEAN);
      // one run over both: a process start of ESLint and the plugin is most of what each run costs
      const { status, results } = eslint(bin, [...extra, 'src', 'clean.ts']);
      expect(status).toBe(1);
      const clean = results.find((result) => result.filePath === path.join(project, 'clean.ts'));
      expect(clean?.messages).toEqual([]);
      // the demo app's mistakes, rule by rule, and nothing else: no parse error ('fatal'), no
      // require-delta-filter (strict-only); the demo app has no mistake of the kinds no-query-in-loop,
      // require-count-head and require-cursor-from-rows look for
      expect(countByRule(results)).toEqual({
        'supabase-scale/no-full-sync': 5,
        'supabase-scale/require-pagination': 6,
        'supabase-scale/require-realtime-cleanup': 2,
        'supabase-scale/no-unbounded-realtime': 1,
        'supabase-scale/require-cursor-order': 1,
      });
      const sync = results.find((result) => result.filePath.endsWith(path.join('sync', 'scheduler.ts')));
      expect(sync?.messages.map((m) => `${m.ruleId}@${m.line}:${m.column}`)).toContain(
        'supabase-scale/no-full-sync@21:40',
      );
    });
  });
}
