/**
 * The built CLI (dist/cli/bin.js) end to end on a git-initialized copy of the
 * demo app: audit, a dry run, the dirty-tree refusal, a real write that the
 * plugin then finds clean at the rewritten sites, a file with a syntax error,
 * and a second run that changes nothing. `npm test` builds dist/ first.
 *
 * The README's verdict (exit 0), the dirty-tree refusal (exit 2, one line on
 * stderr), the write (exit 1, JSON on stdout) and --require-verified passing
 * (exit 0) are child processes of the built CLI: each exit code is read from
 * a real process. The other runs (the dry run's diff, the audits before and
 * after the write, the second run, the verdict before the hand fixes) call
 * the CLI's main() in this process, which saves a Node start and a module
 * load each; their status is main()'s return value.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/cli/audit-verdict.js';
import { cli as inProcess } from '../cli/helpers.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'dist', 'cli', 'bin.js');
let app: string;

function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: app,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], {
    cwd: app,
    encoding: 'utf8',
  });
}

const read = (file: string) => readFileSync(path.join(app, file), 'utf8');

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`');
  app = mkdtempSync(path.join(tmpdir(), 'supabase-scale-cli-e2e-'));
  cpSync(path.join(root, 'fixtures', 'demo-app'), app, { recursive: true });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'demo app');
});

afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('supabase-scale on the demo app', () => {
  it('audits it with the verdict the README shows', () => {
    const run = cli('audit');
    expect(run.status).toBe(0);
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const verdict = /```text\n(Sync verdict\n[\s\S]*?)```/.exec(readme)![1]!;
    expect(run.stdout).toContain(verdict);
  });

  it('dry run: prints the diff and every site left that docs/cli.md quotes, and writes nothing', async () => {
    const run = await inProcess(app, 'codemod', 'all', '--dry-run', '--diff');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('(dry run: nothing written)');
    const readme = readFileSync(path.join(root, 'docs', 'cli.md'), 'utf8');
    const excerpt = /```diff\n([\s\S]*?)```/.exec(readme)![1]!;
    for (const line of excerpt.split('\n').filter((text) => /^[-+ ]/.test(text))) expect(run.stdout).toContain(line);
    const left = /```text\n( {2}full-sync-to-delta-sync: \d+ sites? left[\s\S]*?)```/.exec(readme)![1]!;
    for (const line of left.split('\n').filter(Boolean)) expect(run.stdout).toContain(line);
    // the excerpt lists as many sites as each heading says
    const headings = [...left.matchAll(/(\d+) sites? left for manual work:\n((?: {4}.*\n?)*)/g)];
    expect(headings).toHaveLength(3);
    for (const [, count, sites] of headings) expect(sites!.split('\n').filter(Boolean)).toHaveLength(Number(count));
    expect(git('status', '--porcelain')).toBe('');
  });

  it('refuses to write over uncommitted changes', () => {
    writeFileSync(path.join(app, 'notes.md'), 'work in progress\n');
    const run = cli('codemod', 'all');
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('uncommitted changes');
    expect(git('status', '--porcelain')).toBe('?? notes.md\n');
    rmSync(path.join(app, 'notes.md'));
  });

  it('writes the rewrite; a broken file is reported and left; the rules no longer report the rewritten sites', async () => {
    const broken = "import { supabase } from '../lib/supabase';\nexport const broken = supabase.from('t').select(;\n";
    writeFileSync(path.join(app, 'src', 'data', 'broken.ts'), broken);
    git('add', '.');
    git('commit', '-qm', 'a broken file');
    const before = JSON.parse((await inProcess(app, 'audit', '--format', 'json')).stdout) as {
      perRule: Record<string, number>;
    };
    const run = cli('codemod', 'all', '--json');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as {
      files: Record<string, number>;
      rewritten: Record<string, number>;
      failed: { file: string; error: string }[];
      created: string[];
      left: { file: string; line: number; column: number; codemod: string; reason: string }[];
    };
    expect(report.files).toEqual({ scanned: 13, changed: 6, unchanged: 6, failed: 1, skipped: 0 });
    expect(report.failed).toEqual([
      { file: 'src/data/broken.ts', error: expect.stringMatching(/^does not parse \(line 2:/) as string },
    ]);
    expect(report.created).toEqual(['src/lib/supabase-pagination.ts']);
    expect(read('src/data/broken.ts')).toBe(broken);
    expect(read('src/sync/scheduler.ts')).toContain(
      'const timer = setInterval(() => sync.deltaSync(), SYNC_INTERVAL_MS);',
    );
    expect(read('src/lib/supabase-pagination.ts')).toContain('export async function selectAllPages');
    // the hook with the commented-out cleanup gets a real one, after the comment
    expect(report.rewritten['realtime-cleanup']).toBe(1);
    expect(read('src/components/useRoomMessages.ts')).toContain(
      '      .subscribe();\n    // return () => { supabase.removeChannel(channel); };\n    return () => {\n      supabase.removeChannel(channel);\n    };\n  }, [roomId]);\n',
    );
    // the per-item subscription is left, with what to do instead
    expect(read('src/components/UnreadBadges.tsx')).toBe(
      readFileSync(path.join(root, 'fixtures', 'demo-app', 'src', 'components', 'UnreadBadges.tsx'), 'utf8'),
    );
    expect(report.left.filter((site) => site.codemod === 'realtime-cleanup')).toEqual([
      {
        file: 'src/components/UnreadBadges.tsx',
        line: 13,
        column: 8,
        codemod: 'realtime-cleanup',
        reason:
          "subscribed once per item (in forEach): channels per connection are capped at 100; open one channel with filter 'conversation_id=in.(…)' instead of one with 'conversation_id=eq.…' per item, and remove it in an effect cleanup",
      },
    ]);
    const after = JSON.parse((await inProcess(app, 'audit', '--format', 'json')).stdout) as {
      perRule: Record<string, number>;
    };
    expect(after.perRule['no-full-sync']).toBe(
      before.perRule['no-full-sync']! - report.rewritten['full-sync-to-delta-sync']!,
    );
    expect(after.perRule['require-pagination']).toBe(
      before.perRule['require-pagination']! - report.rewritten['paginate-selects']!,
    );
    expect(after.perRule['require-realtime-cleanup']).toBe(
      before.perRule['require-realtime-cleanup']! - report.rewritten['realtime-cleanup']!,
    );
    expect(
      after.perRule['no-full-sync']! +
        after.perRule['require-pagination']! +
        after.perRule['require-realtime-cleanup']!,
    ).toBe(report.left.length);
  });

  it('a second run changes nothing', async () => {
    rmSync(path.join(app, 'src', 'data', 'broken.ts'));
    git('add', '.');
    git('commit', '-qm', 'codemods');
    const run = await inProcess(app, 'codemod', 'all');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('files: 13 scanned, 0 changed, 13 unchanged, 0 failed');
    expect(git('status', '--porcelain')).toBe('');
  });

  it('after the codemods and the fixes the demo makes by hand, the verdict is verified (--require-verified exits 0)', async () => {
    const failing = await inProcess(app, 'audit', '--require-verified');
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain(
      '=> delta sync NOT verified: no-full-sync, ConversationSyncService.deltaSync: cursor-tiebreak, RoomSyncService.syncRoom: called (unknown), RoomSyncService.syncRoom: cursor-order, RoomSyncService.syncRoom: cursor-tiebreak',
    );
    const { DEMO_FIXES } = (await import(path.join(root, 'scripts', 'demo-fixes.mjs'))) as {
      DEMO_FIXES: { file: string; apply(text: string): string }[];
    };
    for (const fix of DEMO_FIXES) {
      const before = read(fix.file);
      const after = fix.apply(before);
      // each fix is still needed after the codemods (npm run demo refuses one that no longer applies)
      expect(after, fix.file).not.toBe(before);
      writeFileSync(path.join(app, fix.file), after);
    }
    const run = cli('audit', '--require-verified', '--format', 'json');
    const report = JSON.parse(run.stdout) as { verdict: Verdict };
    const checks = [...report.verdict.checks, ...report.verdict.syncs.flatMap((sync) => sync.checks)];
    expect(checks.filter((check) => check.level === 'error' && check.status !== 'pass')).toEqual([]);
    expect(report.verdict.syncs.map((sync) => sync.sync.name)).toEqual([
      'ConversationSyncService.deltaSync',
      'RoomSyncService.syncRoom',
    ]);
    expect(report.verdict.verified).toBe(true);
    expect(run.status).toBe(0);
  });
});
