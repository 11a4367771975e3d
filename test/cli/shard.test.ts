/**
 * `audit --shard i/n` and `audit --merge`: on a generated corpus (the bench's
 * generator) plus the demo app, with findings of every rule, the shards
 * split the files into disjoint parts whose union is the whole; their JSON
 * reports merged give the whole run's report, verdict and exit status, in
 * any format; a missing or doubled shard and bad input are one line, exit 2.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayPath } from '../../src/cli/output.js';
import { inShard, parseShard } from '../../src/cli/shard.js';
import { walk } from '../../src/cli/walk.js';
import { rules } from '../../src/index.js';
import { cli, UNCORPUSED_FINDINGS, UNCORPUSED_MIGRATION } from './helpers.js';

const repo = path.resolve(import.meta.dirname, '..', '..');
let root: string;

interface Json {
  scope: Record<string, unknown>;
  files: { scanned: number; parsed: number; failed: number };
  findings: number;
  perRule: Record<string, number>;
  verdict: Record<string, unknown>;
  failed: { file: string }[];
  results: { file: string; line: number; column: number; rule: string; fingerprint: string }[];
  kinds: Record<string, number>;
  counted: number;
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-shards-'));
  const corpus = (await import(pathToFileURL(path.join(repo, 'bench', 'corpus.mjs')).href)) as {
    generateCorpus(dir: string, options: { files: number; seed: number }): unknown;
  };
  corpus.generateCorpus(root, { files: 40, seed: 13 });
  cpSync(path.join(repo, 'fixtures', 'demo-app', 'src'), path.join(root, 'demo'), { recursive: true });
  writeFileSync(path.join(root, 'demo', 'broken.ts'), "const = supabase.from('t').select();\n");
  // the rules the bench corpus has no shape for: one finding each
  writeFileSync(path.join(root, 'demo', 'more.ts'), UNCORPUSED_FINDINGS);
  mkdirSync(path.join(root, path.dirname(UNCORPUSED_MIGRATION.path)), { recursive: true });
  writeFileSync(path.join(root, UNCORPUSED_MIGRATION.path), UNCORPUSED_MIGRATION.text);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const key = (r: Json['results'][number]) => `${r.file}:${r.line}:${r.column} ${r.rule} ${r.fingerprint}`;

describe('audit --shard and --merge', () => {
  it('each file falls in exactly one shard, for any n', () => {
    const io = { cwd: root } as Parameters<typeof displayPath>[0];
    const files = walk(['.'], { cwd: root, ignore: [] }).map((file) => displayPath(io, file));
    expect(files.length).toBeGreaterThan(40);
    for (const count of [1, 2, 3, 7]) {
      const owners = files.map(
        (file) =>
          Array.from({ length: count }, (_, at) => at + 1).filter((index) => inShard(file, { index, count })).length,
      );
      expect(owners.every((owned) => owned === 1)).toBe(true);
    }
  });

  it("the shards' union is the whole, and their merge is the whole run's report in every format", async () => {
    const whole = await cli(root, 'audit', '--strict', '--format', 'json');
    expect(whole.status).toBe(1); // demo/broken.ts
    const all = JSON.parse(whole.stdout) as Json;
    // the corpus has findings of every rule
    for (const rule of Object.keys(rules)) expect(all.perRule[rule], rule).toBeGreaterThan(0);
    const reports: Json[] = [];
    for (const index of [1, 2, 3]) {
      const run = await cli(root, 'audit', '--strict', '--format', 'json', '--shard', `${index}/3`);
      const report = JSON.parse(run.stdout) as Json;
      expect(report.scope.shard).toEqual({ index, count: 3 });
      expect(report.files.scanned).toBeGreaterThan(0);
      writeFileSync(path.join(root, `shard-${index}.json`), run.stdout);
      reports.push(report);
    }
    expect(reports.reduce((sum, report) => sum + report.files.scanned, 0)).toBe(all.files.scanned);
    const union = reports.flatMap((report) => report.results.map(key)).sort();
    expect(union).toEqual(all.results.map(key).sort());
    expect(new Set(union).size).toBe(union.length);
    expect(reports.flatMap((report) => report.failed)).toEqual(all.failed);

    const shards = ['shard-1.json', 'shard-2.json', 'shard-3.json'];
    const merged = await cli(root, 'audit', '--merge', ...shards, '--format', 'json');
    expect(merged.status).toBe(1);
    const report = JSON.parse(merged.stdout) as Json;
    expect(report.scope).toEqual({ merged: { reports: 3, shards: 3 } });
    for (const field of ['files', 'findings', 'perRule', 'verdict', 'failed', 'results', 'kinds', 'counted'] as const)
      expect(report[field], field).toEqual(all[field]);
    const pretty = await cli(root, 'audit', '--merge', ...shards, '--no-color', '--max-findings', '0');
    expect(pretty.stdout).toContain('scope: this verdict covers 3 reports merged (all 3 shards)');
    expect(pretty.stderr).toContain(`${all.counted} findings in app code, more than --max-findings 0: exit 1`);
    const sarif = JSON.parse((await cli(root, 'audit', '--merge', ...shards, '--format', 'sarif')).stdout) as {
      runs: { results: { ruleId: string }[]; invocations: { executionSuccessful: boolean }[] }[];
    };
    // the findings, then the verdict's failing checks (decided again from the shards' facts)
    expect(sarif.runs[0]!.results.filter((r) => r.ruleId.startsWith('supabase-scale/'))).toHaveLength(all.findings);
    expect(sarif.runs[0]!.results.some((r) => r.ruleId.startsWith('sync/'))).toBe(true);
    expect(sarif.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
  });

  it.each([
    [['--merge', 'shard-1.json', 'shard-3.json'], '--merge: shard 2/3 missing'],
    [
      ['--merge', 'shard-1.json', 'shard-1.json', 'shard-2.json'],
      '--merge: shard-1.json and shard-1.json are both shard 1/3',
    ],
    [['--merge', 'nope.json'], '--merge: nope.json: no such file'],
    [['--merge', 'demo/broken.ts'], '--merge: demo/broken.ts: not JSON'],
    [['src', '--merge', 'shard-1.json'], '--merge joins JSON reports: it takes no paths (give them to the shard runs)'],
    [['--shard', '0/3'], "--shard must be i/n with 1 <= i <= n (e.g. 2/4); got '0/3'"],
    [['--shard', '4/3'], "--shard must be i/n with 1 <= i <= n (e.g. 2/4); got '4/3'"],
    [['--shard', 'half'], "--shard must be i/n with 1 <= i <= n (e.g. 2/4); got 'half'"],
  ])('%j is one line, exit 2', async (args, message) => {
    const run = await cli(root, 'audit', ...args);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`supabase-scale: ${message}\n`);
    expect(run.status).toBe(2);
  });

  it('a JSON file that is not an audit report is refused', async () => {
    writeFileSync(path.join(root, 'other.json'), '{"results": []}');
    const run = await cli(root, 'audit', '--merge', 'other.json');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^supabase-scale: --merge: other\.json is not a JSON report of this version/);
    expect(parseShard(' 2/4 ')).toEqual({ index: 2, count: 4 });
  });
});
