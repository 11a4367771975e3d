/**
 * `audit --since <ref>` in a real git repository: only the files added,
 * modified or renamed since the merge base (and untracked ones), a verdict
 * that says so in every format, and a bad ref as one line, exit 2.
 */
import { cpSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cli, FULL_SYNC, git, project, UNBOUNDED } from './helpers.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** main: a, b, d, f (all with a finding); feature (checked out): b modified, c added, d renamed to e, f deleted; g untracked; main then moves on with h. */
function makePullRequest(): string {
  const root = project({
    'src/a.ts': UNBOUNDED,
    'src/b.ts': UNBOUNDED,
    'src/d.ts': UNBOUNDED,
    'src/f.ts': UNBOUNDED,
    '.gitignore': 'ignored.ts\n',
  });
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'main');
  git(root, 'checkout', '-q', '-b', 'feature');
  writeFileSync(path.join(root, 'src/b.ts'), `${UNBOUNDED}\nexport const more = 1;\n`);
  writeFileSync(path.join(root, 'src/c.ts'), FULL_SYNC);
  renameSync(path.join(root, 'src/d.ts'), path.join(root, 'src/e.ts'));
  unlinkSync(path.join(root, 'src/f.ts'));
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'feature');
  writeFileSync(path.join(root, 'src/g.ts'), UNBOUNDED);
  writeFileSync(path.join(root, 'ignored.ts'), UNBOUNDED);
  git(root, 'checkout', '-q', 'main');
  writeFileSync(path.join(root, 'src/h.ts'), UNBOUNDED);
  git(root, 'add', 'src/h.ts');
  git(root, 'commit', '-q', '-m', 'main moves on');
  git(root, 'checkout', '-q', 'feature');
  return root;
}

let template: string | null = null;
afterAll(() => {
  if (template) rmSync(template, { recursive: true, force: true });
});

/** A copy of the pull request's repository: its 13 git commands run once a file, not once a test. */
function pullRequest(): string {
  template ??= makePullRequest();
  const root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-since-'));
  cpSync(template, root, { recursive: true });
  roots.push(root);
  return root;
}

interface Json {
  scope: { since?: { ref: string; base: string; changed: number } };
  files: { scanned: number };
  results: { file: string; rule: string }[];
}

describe('audit --since', () => {
  it('audits only the files added, modified or renamed since the merge base, and untracked ones', async () => {
    const root = pullRequest();
    const base = git(root, 'merge-base', 'main', 'HEAD').trim();
    const run = await cli(root, 'audit', '--since', 'main', '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Json;
    expect(report.scope.since).toEqual({ ref: 'main', base, changed: 4 });
    expect(report.files.scanned).toBe(4);
    expect(report.results.map((r) => `${r.file} ${r.rule}`)).toEqual([
      'src/b.ts require-pagination',
      'src/c.ts no-full-sync',
      'src/e.ts require-pagination',
      'src/g.ts require-pagination',
    ]);
    // without --since: every file
    const all = JSON.parse((await cli(root, 'audit', '--format', 'json')).stdout) as Json;
    expect(all.files.scanned).toBe(5);
    expect(all.scope).toEqual({});
  });

  it('says in every format that the verdict speaks of the changed files only', async () => {
    const root = pullRequest();
    const line = /only the 4 source files changed since main \(merge base [0-9a-f]{12}\), untracked ones included/;
    const pretty = (await cli(root, 'audit', '--since', 'main', '--no-color')).stdout;
    expect(pretty).toMatch(new RegExp(`scope: this verdict covers ${line.source}`));
    expect(pretty).toMatch(new RegExp(`Sync verdict\\n  \\(this verdict covers ${line.source}\\)`));
    expect((await cli(root, 'audit', '--since', 'main', '--format', 'markdown')).stdout).toMatch(
      new RegExp(`Scope: this verdict covers ${line.source}`),
    );
    const sarif = JSON.parse((await cli(root, 'audit', '--since', 'main', '--format', 'sarif')).stdout) as {
      runs: { invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[];
    };
    const [note] = sarif.runs[0]!.invocations[0]!.toolExecutionNotifications;
    expect(note!.level).toBe('note');
    expect(note!.message.text).toMatch(line);
  });

  it('with nothing changed: no file audited, exit 0, and it says so', async () => {
    const root = pullRequest();
    const run = await cli(root, 'audit', '--since', 'HEAD', 'src/a.ts', '--no-color');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('only the 0 source files changed since HEAD');
    expect(run.stdout).toContain('files: 0 scanned');
  });

  it.each([
    [['--since', 'no-such-branch'], "--since: 'no-such-branch' is not a commit in this repository"],
    [['--since', '--oops'], "--since needs a git revision; got '--oops'"],
  ])('a bad ref %j is one line, exit 2', async (args, message) => {
    const root = pullRequest();
    const run = await cli(root, 'audit', ...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`supabase-scale: ${message}\n`);
  });

  it('outside a git work tree is one line, exit 2', async () => {
    const root = project({ 'src/a.ts': UNBOUNDED });
    roots.push(root);
    const run = await cli(root, 'audit', '--since', 'main');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('supabase-scale: --since needs a git work tree; this folder is not in one\n');
  });
});
