/**
 * `audit --engine oxlint` answers as the default ESLint engine: on a
 * generated corpus (the bench's generator) plus the demo app and an app
 * spread over modules (fixtures/project-facts), with findings of every rule, and on directives (`eslint-disable` lines and blocks, an
 * inline `/* eslint rule: off *\/` config comment, `eslint-env`) and a file
 * that does not parse: the same findings (file, rule, start, end, message),
 * the same failures, the same counts. Runs the plugin from dist/ (`npm run
 * test:scale` builds first). In test/scale for time: two audits of about 70
 * files and eight of a one-file app, 20 s on the 2-core machine.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../src/index.js';
import { cli } from '../cli/helpers.js';
import { UNCORPUSED_FINDINGS, UNCORPUSED_MIGRATION } from '../cli/helpers.js';
import { DIRECTIVES, INLINE_CONFIG } from '../e2e/engine-inputs.js';

const repo = path.resolve(import.meta.dirname, '..', '..');
let root: string;

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
  // an app spread over modules: findings in files that send no request themselves (gated through their imports)
  cpSync(path.join(repo, 'fixtures', 'project-facts'), path.join(root, 'project-facts'), { recursive: true });
  writeFileSync(path.join(root, 'directives.ts'), DIRECTIVES);
  writeFileSync(path.join(root, 'inline-config.ts'), INLINE_CONFIG);
  writeFileSync(path.join(root, 'broken.ts'), "const = supabase.from('t').select();\n");
  writeFileSync(path.join(root, 'uncorpused.ts'), UNCORPUSED_FINDINGS);
  mkdirSync(path.join(root, path.dirname(UNCORPUSED_MIGRATION.path)), { recursive: true });
  writeFileSync(path.join(root, UNCORPUSED_MIGRATION.path), UNCORPUSED_MIGRATION.text);
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
    // a loop calling another module's helper: oxlint lints the files gated through their imports too
    expect(
      lines(b, 'project-facts/src/pages/Posts.tsx').filter((line) => line.endsWith('no-query-in-loop')),
    ).not.toEqual([]);
  });

  it('reads the same database schema: found from each file, named with --schema, or none', async () => {
    const app = mkdtempSync(path.join(tmpdir(), 'supabase-scale-engines-schema-'));
    try {
      mkdirSync(path.join(app, 'db', 'supabase', 'migrations'), { recursive: true });
      mkdirSync(path.join(app, 'src'));
      writeFileSync(
        path.join(app, 'db', 'supabase', 'migrations', '20240101000000_init.sql'),
        'create table public.profiles (id uuid primary key, user_id uuid not null unique);\n',
      );
      writeFileSync(
        path.join(app, 'src', 'reads.ts'),
        "import { supabase } from './supabase';\nexport const mine = (uid: string) => supabase.from('profiles').select('*').eq('user_id', uid).then((r) => r.data);\n",
      );
      const findings = async (...args: string[]) => {
        const runs = await Promise.all(
          ['eslint', 'oxlint'].map((engine) => cli(app, 'audit', '--format', 'json', '--engine', engine, ...args)),
        );
        return runs.map((run) => {
          const report = JSON.parse(run.stdout) as Json & { schemas: { root: string }[] };
          return [report.results.length, report.schemas.map((schema) => schema.root)];
        });
      };
      // not above the file, and no git root to search from: none found
      expect(await findings()).toEqual([
        [1, []],
        [1, []],
      ]);
      expect(await findings('--schema', 'db')).toEqual([
        [0, ['db/supabase/migrations']],
        [0, ['db/supabase/migrations']],
      ]);
      mkdirSync(path.join(app, '.git'));
      // a repository whose one Supabase project is a folder of its own: found from each file, by both engines
      expect(await findings()).toEqual([
        [0, ['db/supabase/migrations']],
        [0, ['db/supabase/migrations']],
      ]);
      expect(await findings('--no-schema')).toEqual([
        [1, []],
        [1, []],
      ]);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });

  it('an unknown engine is one line, exit 2', async () => {
    const run = await cli(root, 'audit', 'directives.ts', '--engine', 'biome');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "supabase-scale: option '--engine <engine>' argument 'biome' is invalid. Allowed choices are eslint, oxlint.\n",
    );
  });
});
