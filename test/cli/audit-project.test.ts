/**
 * The audit's text gates let through every file a rule reports in, findings
 * that come through another module's function included: on an app spread over
 * modules (fixtures/project-facts) the audit reports exactly what ESLint does
 * with the same rules over the same files (through oxlint too: test/scale/engines.test.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { rules } from '../../src/rules/index.js';
import { cli } from './helpers.js';

const app = path.resolve(import.meta.dirname, '../../fixtures/project-facts');

interface Finding {
  messageId?: string;
  rule: string;
  file: string;
  line: number;
}

function eslintFindings(): string[] {
  const linter = new Linter({ configType: 'flat', cwd: app });
  const found: string[] = [];
  const files = readdirSync(path.join(app, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) =>
    /\.tsx?$/.test(file),
  );
  for (const file of files) {
    const full = path.join(app, 'src', file);
    const messages = linter.verify(
      readFileSync(full, 'utf8'),
      [
        {
          files: ['**/*.ts', '**/*.tsx'],
          languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
          plugins: { 'supabase-scale': plugin },
          rules: plugin.configs.recommended.rules,
        },
      ] as Linter.Config[],
      full,
    );
    for (const message of messages) {
      found.push(
        `${message.ruleId!.slice('supabase-scale/'.length)} src/${file.split(path.sep).join('/')}:${message.line}`,
      );
    }
  }
  return found.sort();
}

describe('audit over an app spread over modules', () => {
  it('reports what ESLint reports, findings through imported functions included (no file gated out)', async () => {
    const run = await cli(app, 'audit', '--format', 'json', '--include', 'scripts,tests');
    const report = JSON.parse(run.stdout) as { results: Finding[] };
    const audited = report.results.map((finding) => `${finding.rule} ${finding.file}:${finding.line}`).sort();
    const expected = eslintFindings();
    // each names its message id, one of its rule's (docs/rules/<rule>.md)
    for (const finding of report.results) {
      expect(Object.keys(rules[finding.rule as keyof typeof rules].meta.messages)).toContain(finding.messageId);
    }
    // a loop calling a helper of another module, a builder returned unbounded by one: files with no request of their own
    expect(expected.filter((line) => line.startsWith('no-query-in-loop')).length).toBeGreaterThan(0);
    expect(audited).toEqual(expected);
  });

  it('reports the same from a working directory outside the app: the files keep their names, so their imports resolve', async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'supabase-scale-elsewhere-'));
    try {
      const run = await cli(elsewhere, 'audit', app, '--format', 'json', '--include', 'scripts,tests');
      const report = JSON.parse(run.stdout) as { results: Finding[] };
      // a file outside the working directory is shown by its absolute path
      const inApp = (file: string) => path.relative(app, path.resolve(elsewhere, file)).split(path.sep).join('/');
      const audited = report.results.map((finding) => `${finding.rule} ${inApp(finding.file)}:${finding.line}`).sort();
      expect(audited).toEqual(eslintFindings());
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
