/**
 * The sync verdict's hard-deletes warning through `supabase-scale audit`, on
 * fixtures/soft-delete (a project with supabase/migrations, whose sync is
 * correct but for the deletes): the warning in every format, at the deletes,
 * never failing `--require-verified`; without a schema, a warning only where
 * the select list names no soft-delete column (unknown for `select('*')`); decided on the
 * whole project with --since and on each shard (the syncs are found over every
 * file), and the same once the shards are merged.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Check, Verdict } from '../../src/cli/audit-verdict.js';
import { cli, git } from './helpers.js';

const FIXTURE = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'soft-delete');
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-soft-delete-'));
  cpSync(FIXTURE, root, { recursive: true });
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const WARNING =
  'notes (the schema shows no soft-delete column), tags (the sync does not select deleted_at) are hard-deleted from (.delete()) while the sync reads no soft-delete column and no Realtime listener hears the deletes: deleted rows stay in every local copy; a Realtime DELETE listener hears rooms; the sync reads a soft-delete column of files';

async function verdictOf(...args: string[]): Promise<Verdict> {
  const run = await cli(root, 'audit', '--format', 'json', ...args);
  return (JSON.parse(run.stdout) as { verdict: Verdict }).verdict;
}

function hardDeletes(verdict: Verdict): Check {
  return verdict.syncs[0]!.checks.find((check) => check.id === 'hard-deletes')!;
}

/** The error-level checks that do not pass (warnings apart). */
function failing(verdict: Verdict): string[] {
  return verdict.syncs[0]!.checks.filter((check) => check.level === 'error' && check.status !== 'pass').map(
    (c) => c.id,
  );
}

describe('audit: the hard-deletes warning', () => {
  it('warns at the deletes of the tables the sync reads with no tombstone; the verdict stays verified (JSON)', async () => {
    const verdict = await verdictOf();
    expect(verdict.verified).toBe(true);
    expect(failing(verdict)).toEqual([]);
    expect(hardDeletes(verdict)).toEqual({
      id: 'hard-deletes',
      level: 'warning',
      status: 'fail',
      ok: false,
      message: WARNING,
      sites: [
        { file: 'src/actions.ts', line: 5 },
        { file: 'src/actions.ts', line: 10 },
      ],
    });
  });

  it('shows WARN in the pretty report, and --require-verified still exits 0', async () => {
    const run = await cli(root, 'audit', '--no-color', '--require-verified');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`    WARN hard-deletes       ${WARNING} (src/actions.ts:5, src/actions.ts:10)\n`);
    expect(run.stdout).toContain(
      '  => delta sync verified (warning: Sync.deltaSync: hard-deletes, Sync.deltaSync: commit-order)\n',
    );
    expect(run.stderr).toBe('');
  });

  it('shows WARN in Markdown', async () => {
    const run = await cli(root, 'audit', '--format', 'markdown');
    expect(run.stdout).toContain(
      `| Sync.deltaSync | hard-deletes | WARN | ${WARNING} | src/actions.ts:5, src/actions.ts:10 |\n`,
    );
    expect(run.stdout).toContain(
      '**delta sync verified (warning: Sync.deltaSync: hard-deletes, Sync.deltaSync: commit-order)**',
    );
  });

  it('gives SARIF results of level warning at each delete, under a rule whose default level is warning', async () => {
    const run = await cli(root, 'audit', '--format', 'sarif');
    const sarif = JSON.parse(run.stdout) as {
      runs: {
        tool: { driver: { rules: { id: string; defaultConfiguration?: { level: string } }[] } };
        results: {
          ruleId: string;
          level: string;
          locations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const [entry] = sarif.runs;
    const rule = entry!.tool.driver.rules.find((r) => r.id === 'sync/hard-deletes')!;
    expect(rule.defaultConfiguration).toEqual({ level: 'warning' });
    expect(entry!.tool.driver.rules.find((r) => r.id === 'sync/cursor-order')!.defaultConfiguration).toEqual({
      level: 'error',
    });
    const results = entry!.results.filter((result) => result.ruleId === 'sync/hard-deletes');
    expect(
      results.map((result) => [
        result.ruleId,
        result.level,
        result.locations![0]!.physicalLocation.artifactLocation.uri,
        result.locations![0]!.physicalLocation.region.startLine,
      ]),
    ).toEqual([
      ['sync/hard-deletes', 'warning', 'src/actions.ts', 5],
      ['sync/hard-deletes', 'warning', 'src/actions.ts', 10],
    ]);
  });

  it('without a schema: warns for the tables read by a select list naming no soft-delete column, cannot tell for select(*)', async () => {
    const verdict = await verdictOf('--no-schema');
    expect(verdict.verified).toBe(true);
    expect(hardDeletes(verdict)).toMatchObject({
      level: 'warning',
      status: 'fail',
      message:
        'notes (the columns the sync selects hold no soft-delete column), tags (the columns the sync selects hold no soft-delete column) are hard-deleted from (.delete()) while the sync reads no soft-delete column and no Realtime listener hears the deletes: deleted rows stay in every local copy; a Realtime DELETE listener hears rooms',
    });
    // files is read with select('*'): whether it has a soft-delete column needs the schema
    const only = mkdtempSync(path.join(tmpdir(), 'supabase-scale-soft-delete-star-'));
    try {
      cpSync(FIXTURE, only, { recursive: true });
      const actions = path.join(only, 'src/actions.ts');
      writeFileSync(
        actions,
        readFileSync(actions, 'utf8').replace(
          /from\('(notes|tags)'\)\s*\.delete\(\)/g,
          "from('$1').update({ title: null })",
        ),
      );
      const run = await cli(only, 'audit', '--format', 'json', '--no-schema');
      const alone = hardDeletes((JSON.parse(run.stdout) as { verdict: Verdict }).verdict);
      expect(alone).toMatchObject({
        status: 'unknown',
        message:
          'no schema describes the columns of files, hard-deleted from: whether the sync reads a tombstone is unknown; a Realtime DELETE listener hears rooms',
      });
    } finally {
      rmSync(only, { recursive: true, force: true });
    }
  });

  it('is decided with --since on the whole project: the Realtime listener of an unchanged file answers it', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'supabase-scale-soft-delete-since-'));
    try {
      cpSync(FIXTURE, repo, { recursive: true });
      git(repo, 'init', '-q', '-b', 'main');
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'main');
      git(repo, 'checkout', '-q', '-b', 'feature');
      // the delta sync and the deletes change; src/realtime.ts (the rooms listener) does not
      appendFileSync(path.join(repo, 'src/sync.ts'), '// changed\n');
      appendFileSync(path.join(repo, 'src/actions.ts'), '// changed\n');
      git(repo, 'commit', '-q', '-am', 'feature');
      const run = await cli(repo, 'audit', '--since', 'main', '--format', 'json');
      const verdict = (JSON.parse(run.stdout) as { verdict: Verdict }).verdict;
      expect(hardDeletes(verdict)).toMatchObject({ status: 'fail', message: WARNING });
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('is decided on each shard (the syncs are found over every file), and the merged reports agree', async () => {
    const reports: string[] = [];
    for (const index of [1, 2]) {
      const shard = `${index}/2`;
      const run = await cli(root, 'audit', '--format', 'json', '--shard', shard);
      const verdict = (JSON.parse(run.stdout) as { verdict: Verdict }).verdict;
      expect(hardDeletes(verdict)).toMatchObject({ status: 'fail', message: WARNING });
      const file = path.join(root, `shard-${shard.replace('/', '-')}.json`);
      writeFileSync(file, run.stdout);
      reports.push(file);
    }
    const merged = await cli(root, 'audit', '--merge', ...reports, '--format', 'json');
    const verdict = (JSON.parse(merged.stdout) as { verdict: Verdict }).verdict;
    expect(hardDeletes(verdict)).toMatchObject({ status: 'fail', message: WARNING });
    expect(verdict.verified).toBe(true);
    expect(verdict.syncs).toHaveLength(1);
  });
});
