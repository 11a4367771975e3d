/**
 * `audit --engine oxlint` answers as the default ESLint engine: on a
 * generated corpus (the bench's generator) plus the demo app, with findings
 * of every rule, and on directives (`eslint-disable` lines and blocks, an
 * inline `/* eslint rule: off *\/` config comment, `eslint-env`) and a file
 * that does not parse: the same findings (file, rule, start, end, message),
 * the same failures, the same counts. Runs the plugin from dist/ (`npm test`
 * builds first).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../src/index.js';
import { cli } from '../cli/helpers.js';
import { UNCORPUSED_FINDINGS } from '../cli/helpers.js';
import { dedent } from '../dedent.js';

const repo = path.resolve(import.meta.dirname, '..', '..');
let root: string;

const DIRECTIVES = dedent`
  /* eslint-env browser */
  import { supabase } from './supabase';
  export async function a() {
    // eslint-disable-next-line supabase-scale/require-pagination
    const { data } = await supabase.from('a').select('*');
    const { data: b } = await supabase.from('b').select('*'); // eslint-disable-line supabase-scale/require-pagination
    /* eslint-disable supabase-scale/require-pagination */
    const { data: c } = await supabase.from('c').select('*');
    /* eslint-enable supabase-scale/require-pagination */
    const { data: d } = await supabase.from('d').select('*');
    return [data, b, c, d];
  }
`;

const INLINE_CONFIG = dedent`
  /* eslint supabase-scale/require-pagination: off */
  import { supabase } from './supabase';
  export const rows = async () => (await supabase.from('e').select('*')).data;
  export const sync = (s: { fullSync(): void }) => s.fullSync();
`;

interface Json {
  files: unknown;
  perRule: Record<string, number>;
  failed: { file: string; error: string }[];
  results: unknown[];
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-engines-'));
  const corpus = (await import(pathToFileURL(path.join(repo, 'bench', 'corpus.mjs')).href)) as {
    generateCorpus(dir: string, options: { files: number; seed: number }): unknown;
  };
  corpus.generateCorpus(root, { files: 60, seed: 29 });
  cpSync(path.join(repo, 'fixtures', 'demo-app', 'src'), path.join(root, 'demo'), { recursive: true });
  writeFileSync(path.join(root, 'directives.ts'), DIRECTIVES);
  writeFileSync(path.join(root, 'inline-config.ts'), INLINE_CONFIG);
  writeFileSync(path.join(root, 'broken.ts'), "const = supabase.from('t').select();\n");
  writeFileSync(path.join(root, 'uncorpused.ts'), UNCORPUSED_FINDINGS);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('audit --engine oxlint', () => {
  it('gives the same report as the ESLint engine', async () => {
    const [eslint, oxlint] = await Promise.all(
      ['eslint', 'oxlint'].map((engine) => cli(root, 'audit', '--strict', '--format', 'json', '--engine', engine)),
    );
    expect(oxlint!.stderr).toBe(eslint!.stderr);
    expect(oxlint!.status).toBe(1); // broken.ts
    const [a, b] = [JSON.parse(eslint!.stdout) as Json, JSON.parse(oxlint!.stdout) as Json];
    for (const rule of Object.keys(rules)) expect(a.perRule[rule], rule).toBeGreaterThan(0);
    expect(b.results).toEqual(a.results);
    expect(b.failed).toEqual(a.failed);
    expect(b.failed.map((f) => f.file)).toEqual(['broken.ts']);
    expect(b.files).toEqual(a.files);
    const lines = (report: Json, file: string) =>
      (report.results as { file: string; line: number; rule: string }[])
        .filter((r) => r.file === file)
        .map((r) => `${r.line} ${r.rule}`);
    // the directives mean the same: only the read after eslint-enable; the inline config turns off one rule only
    expect(lines(b, 'directives.ts')).toEqual(['10 require-pagination']);
    expect(lines(b, 'inline-config.ts')).toEqual(['4 no-full-sync']);
  });

  it('an unknown engine is one line, exit 2', async () => {
    const run = await cli(root, 'audit', 'directives.ts', '--engine', 'biome');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "supabase-scale: option '--engine <engine>' argument 'biome' is invalid. Allowed choices are eslint, oxlint.\n",
    );
  });
});
