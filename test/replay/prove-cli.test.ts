/**
 * `supabase-scale audit --prove`: each sync found replayed against PGlite,
 * its checks' proofs in the JSON report (counterexample or what was tried,
 * time per sync, the table made from the migrations), and the same proofs
 * in the pretty, Markdown and SARIF reports (rebuilt from the JSON by
 * --merge, as CI joins shards). Without PGlite installed, one line and
 * exit 2 (the built CLI, copied beside a node_modules that lacks it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/cli/audit-report.js';
import { BIN, cli, project } from '../cli/helpers.js';

const MIGRATION = [
  'create table public.messages (',
  '  id uuid primary key default gen_random_uuid(),',
  '  body text not null,',
  '  updated_at timestamptz not null default now()',
  ');',
  'create extension if not exists moddatetime schema extensions;',
  'create trigger messages_updated before update on public.messages',
  '  for each row execute procedure extensions.moddatetime (updated_at);',
  '',
].join('\n');

/** A pull that reads the newest changes first, 40 a run, and keeps the greatest value read. */
const SYNC = [
  "import { supabase } from './supabase';", // 1
  'export async function pullMessages() {', // 2
  "  const since = localStorage.getItem('messages.cursor') ?? '1970-01-01';", // 3
  '  const { data } = await supabase', // 4
  "    .from('messages')",
  "    .select('*')",
  "    .gt('updated_at', since)",
  "    .order('updated_at', { ascending: false })",
  '    .limit(40);',
  '  await save(data ?? []);',
  "  if (data && data.length > 0) localStorage.setItem('messages.cursor', data[0].updated_at);", // 11
  '}',
  '',
].join('\n');

const FILES = {
  'supabase/migrations/20240101000000_messages.sql': MIGRATION,
  'src/supabase.ts':
    "import { createClient } from '@supabase/supabase-js';\nexport const supabase = createClient('u', 'k');\n",
  'src/pull.ts': SYNC,
  'src/main.ts': "import { pullMessages } from './pull';\nsetInterval(() => pullMessages(), 60_000);\n",
};

let root: string;
let report: AuditResult;

beforeAll(async () => {
  root = project(FILES);
  const run = await cli(root, 'audit', '--prove', '--format', 'json', '-o', 'report.json');
  expect(run.stderr).toBe('');
  report = JSON.parse(readFileSync(path.join(root, 'report.json'), 'utf8')) as AuditResult;
});

describe('audit --prove', () => {
  it('replays the sync on the table its migrations make, and times it', () => {
    expect(report.proofs).toHaveLength(1);
    const proof = report.proofs![0]!;
    expect(proof).toMatchObject({ name: 'pullMessages', file: 'src/pull.ts', line: 2 });
    expect(proof.ms).toBeGreaterThan(0);
    // the table and its trigger; moddatetime, which PGlite lacks, by its stand-in
    expect(proof.tables).toEqual([
      {
        table: 'messages',
        source: 'migrations',
        statements: 2,
        notes: ['moddatetime: PGlite lacks the extension; a PL/pgSQL stand-in sets the column to now(), as it does'],
      },
    ]);
  });

  it('gives each failing check its counterexample: the workload, the pages read, the positions stored, the rows never read', () => {
    const checks = report.verdict.syncs[0]!.checks;
    const order = checks.find((check) => check.id === 'cursor-order')!;
    expect(order.status).toBe('fail');
    // 60 rows changed, a page holds 40, newest first: the 20 oldest are never read
    expect(order.proof).toMatchObject({ status: 'lost-rows', missingCount: 20 });
    expect(order.proof!.workload).toContain('60 rows changed between two syncs');
    expect(order.proof!.missing!.every((row) => row.why === 'never read')).toBe(true);
    expect(order.proof!.timeline).toEqual([
      expect.stringMatching(/^3 rows copied by earlier runs; the position stored is /),
      expect.stringMatching(/^60 rows changed \(58 inserted, \w+ and \w+ updated\), updated_at from /),
      expect.stringMatching(/^run 1 page 1 read 40 rows past /),
      expect.stringMatching(/^run 1 stored /),
      expect.stringMatching(/^run 2 page 1 read 0 rows past /),
      expect.stringMatching(/^run 2 stored /),
    ]);
    // the position stored is the newest row's: the older rows are behind it
    const stored = order.proof!.stored![0]!;
    for (const row of order.proof!.missing!) expect(row.cursor! < stored).toBe(true);

    const tie = checks.find((check) => check.id === 'cursor-tiebreak')!;
    expect(tie).toMatchObject({ status: 'fail', loss: 'skip', proof: { status: 'lost-rows', missingCount: 20 } });
    expect(tie.proof!.heldRight).toEqual(['order updated_at asc (the sync: order updated_at desc)']);

    const commit = checks.find((check) => check.id === 'commit-order')!;
    expect(commit).toMatchObject({ status: 'fail', level: 'warning', proof: { status: 'lost-rows', missingCount: 1 } });
    expect(commit.proof!.timeline!.join('\n')).toContain('transaction A commits');
  });

  it('says what a passing replay tried, and why a check was not replayed', () => {
    const checks = report.verdict.syncs[0]!.checks;
    const fromRows = checks.find((check) => check.id === 'cursor-from-rows')!;
    expect(fromRows).toMatchObject({ status: 'pass', proof: { status: 'no-loss' } });
    expect(fromRows.proof!.tried).toEqual([
      expect.stringMatching(/^60 rows changed between two syncs .*: no row lost$/),
      expect.stringMatching(/^rows written while the sync runs: .*: no row lost$/),
    ]);
    const deletes = checks.find((check) => check.id === 'hard-deletes')!;
    expect(deletes.proof).toMatchObject({ status: 'not-replayed' });
    expect(checks.find((check) => check.id === 'called')!.proof).toBeUndefined();
  });

  it('shows the proofs in the pretty, Markdown and SARIF reports', async () => {
    const pretty = await cli(root, 'audit', '--merge', 'report.json', '--no-color');
    expect(pretty.stdout).toMatch(/ {4}replay {2}replayed in \d+\.\d s; messages from 2 migration statements/);
    expect(pretty.stdout).toContain('proof: lost 20 rows replaying messages: updated_at gt');
    expect(pretty.stdout).toMatch(/ {13}run 1 page 1 read 40 rows past /);
    expect(pretty.stdout).toMatch(/the copy lacks 20: \w{8} \(.*, never read\)/);

    const markdown = await cli(root, 'audit', '--merge', 'report.json', '--format', 'markdown');
    expect(markdown.stdout).toContain('| scope | check | result | message | sites | replay proof |');
    expect(markdown.stdout).toContain('### Replay of pullMessages');
    expect(markdown.stdout).toMatch(/cursor-order:\n\n```text\nproof: lost 20 rows/);

    const sarif = await cli(root, 'audit', '--merge', 'report.json', '--format', 'sarif');
    const results = (
      JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] }
    ).runs[0]!.results;
    const order = results.find((result) => result.ruleId === 'sync/cursor-order')!;
    expect(order.message.text).toMatch(
      /Replayed against PostgreSQL: lost 20 rows when 60 rows changed .*; the copy lacks \w{8} \(.*, never read\) and 19 more\.$/,
    );
  });
});

describe('audit --prove without PGlite', () => {
  it('stops with one line naming the optional dependency, exit 2', () => {
    // the built CLI beside a node_modules of every package this one has, but PGlite
    const repo = path.resolve(BIN, '..', '..', '..');
    const copy = project({ 'package.json': readFileSync(path.join(repo, 'package.json'), 'utf8') });
    // a copy: Node resolves a symlinked module's imports from where it really is
    cpSync(path.join(repo, 'dist'), path.join(copy, 'dist'), { recursive: true });
    mkdirSync(path.join(copy, 'node_modules'));
    for (const entry of readdirSync(path.join(repo, 'node_modules'))) {
      if (entry !== '@electric-sql')
        symlinkSync(path.join(repo, 'node_modules', entry), path.join(copy, 'node_modules', entry));
    }
    const app = project(FILES);
    writeFileSync(path.join(app, 'package.json'), '{}');
    const run = spawnSync(process.execPath, [path.join(copy, 'dist', 'cli', 'bin.js'), 'audit', '--prove'], {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.stderr.trim().split('\n')).toEqual([
      'supabase-scale: --prove replays each sync in PostgreSQL (@electric-sql/pglite, an optional dependency), and it is not installed: npm install @electric-sql/pglite',
    ]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
  });
});
