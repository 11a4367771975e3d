/**
 * `audit --engine oxlint` answers as the default ESLint engine, the small
 * version `npm test` runs: three files with directives, an inline config
 * comment and a parse error. The corpus, the demo app, an app spread over
 * modules and the schema lookups: test/scale/engines.test.ts. Runs the plugin
 * from dist/ (`npm test` builds first).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/helpers.js';
import { DIRECTIVES, INLINE_CONFIG } from './engine-inputs.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-engines-small-'));
  writeFileSync(path.join(root, 'directives.ts'), DIRECTIVES);
  writeFileSync(path.join(root, 'inline-config.ts'), INLINE_CONFIG);
  writeFileSync(path.join(root, 'broken.ts'), "const = supabase.from('t').select();\n");
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('audit --engine oxlint, three files', () => {
  it('gives the same findings, failures and counts as the ESLint engine', async () => {
    const [eslint, oxlint] = await Promise.all(
      ['eslint', 'oxlint'].map((engine) => cli(root, 'audit', '--format', 'json', '--engine', engine)),
    );
    expect(oxlint!.status).toBe(1);
    expect(eslint!.status).toBe(1);
    const [a, b] = [JSON.parse(eslint!.stdout), JSON.parse(oxlint!.stdout)] as {
      results: { file: string; line: number; rule: string }[];
      failed: unknown[];
      files: unknown;
    }[];
    expect(b!.results).toEqual(a!.results);
    expect(b!.failed).toEqual(a!.failed);
    expect(b!.files).toEqual(a!.files);
    expect(b!.results.map((r) => `${r.file}:${r.line} ${r.rule}`)).toEqual([
      'directives.ts:10 require-pagination',
      'inline-config.ts:4 no-full-sync',
    ]);
  });
});
