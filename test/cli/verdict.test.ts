/**
 * The delta-sync verdict of `supabase-scale audit`: each check passes and
 * fails on a small project, with the sites (file:line) that decide it.
 */
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/cli/audit-verdict.js';
import { cli, project } from './helpers.js';

async function verdictOf(files: Record<string, string>): Promise<Verdict> {
  const run = await cli(project(files), 'audit', '--format', 'json');
  return (JSON.parse(run.stdout) as { verdict: Verdict }).verdict;
}

function check(verdict: Verdict, id: string): { ok: boolean; message: string; sites: string[] } {
  const found = verdict.checks.find((c) => c.id === id)!;
  return { ok: found.ok, message: found.message, sites: found.sites.map((s) => `${s.file}:${s.line}`) };
}

/** A delta sync whose read and next cursor are given; called from a timer in another file. */
function sync(read: string[], after: string[] = []): Record<string, string> {
  return {
    'src/sync.ts': [
      "import { supabase } from './supabase';", // 1
      'export class Sync {', // 2
      '  async deltaSync(userId: string) {', // 3
      "    const since = localStorage.getItem('lastSyncedAt') ?? new Date(0).toISOString();", // 4
      ...read.map((line) => `    ${line}`), // 5...
      '    await save(data);',
      ...after.map((line) => `    ${line}`),
      '  }',
      '}',
      '',
    ].join('\n'),
    'src/main.ts':
      "import { Sync } from './sync';\nconst sync = new Sync();\nsetInterval(() => sync.deltaSync('u'), 60_000);\n",
  };
}

const GOOD_READ = [
  'const { data } = await supabase',
  "  .from('notes')",
  "  .select('*')",
  '  .or(`updated_at.gt.${since},and(updated_at.eq.${since},id.gt.${lastId})`)',
  "  .order('updated_at', { ascending: true })",
  "  .order('id', { ascending: true })",
  '  .limit(100);',
];
const GOOD_AFTER = ["if (data?.length) localStorage.setItem('lastSyncedAt', data[data.length - 1].updated_at);"];

describe('delta-sync verdict', () => {
  it('verifies a correct keyset delta sync, called from a timer; an unbounded admin select does not decide it', async () => {
    const files = {
      ...sync(GOOD_READ, GOOD_AFTER),
      'scripts/admin.ts':
        "import { supabase } from './supabase';\nexport const all = async () => (await supabase.from('users').select('*')).data;\n",
    };
    const verdict = await verdictOf(files);
    expect(verdict.verified).toBe(true);
    expect(verdict.deltaSyncPresent).toBe(true);
    expect(verdict.checks.map((c) => [c.id, c.ok])).toEqual([
      ['no-full-sync', true],
      ['delta-sync-present', true],
      ['delta-filter', true],
      ['cursor-order', true],
      ['cursor-tiebreak', true],
      ['cursor-from-rows', true],
      ['hard-deletes', true],
    ]);
    expect(check(verdict, 'delta-sync-present').sites).toEqual(['src/sync.ts:3']);
    const run = await cli(project(files), 'audit', '--no-color', '--require-verified');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('  ok   cursor-from-rows');
    expect(run.stdout).toContain('=> delta sync verified');
    expect(run.stdout).toMatch(/Scaling findings \(they do not decide the verdict\)\n {2}unbounded selects +1\n/);
  });

  it('fails presence on a word in a comment or a string, and on a delta sync nobody calls', async () => {
    const comment = await verdictOf({
      'src/a.ts': '// TODO: write a deltaSync one day\nexport const mode = "deltaSync";\n',
    });
    expect(comment.verified).toBe(false);
    expect(comment.deltaSyncPresent).toBe(false);
    expect(check(comment, 'delta-sync-present')).toEqual({
      ok: false,
      message: "no function or method named 'deltaSync' is declared",
      sites: [],
    });
    expect(check(comment, 'delta-filter').ok).toBe(false);
    const uncalled = await verdictOf({ 'src/sync.ts': sync(GOOD_READ, GOOD_AFTER)['src/sync.ts']! });
    expect(check(uncalled, 'delta-sync-present')).toMatchObject({ ok: false, sites: ['src/sync.ts:3'] });
    expect(check(uncalled, 'delta-sync-present').message).toContain('never called');
    const run = await cli(project({ 'src/a.ts': '// deltaSync\n' }), 'audit', '--require-verified');
    expect(run.status).toBe(1);
  });

  it('fails no-full-sync at each full-sync use, and passes the first-run fallback inside the delta sync', async () => {
    const files = sync(GOOD_READ, GOOD_AFTER);
    files['src/refresh.ts'] = "import { sync } from './state';\nexport const refresh = () => sync.fullSync();\n";
    const verdict = await verdictOf(files);
    expect(check(verdict, 'no-full-sync')).toMatchObject({ ok: false, sites: ['src/refresh.ts:2'] });
    const fallback = sync(['if (!since) return this.fullSync();', ...GOOD_READ], GOOD_AFTER);
    expect(check(await verdictOf(fallback), 'no-full-sync').ok).toBe(true);
  });

  it('delta-filter: fails on a read without a cursor filter (also in a method it calls), passes a first-run branch', async () => {
    const files = sync(
      [
        'const { data } = await supabase',
        "  .from('notes')",
        "  .select('*')",
        "  .order('id')",
        '  .limit(100);',
        'await this.pullTags();',
      ],
      [],
    );
    files['src/sync.ts'] = files['src/sync.ts']!.replace(
      '  }\n}\n',
      "  }\n  async pullTags() {\n    const { data } = await supabase.from('tags').select('*').order('id').limit(50);\n    return data;\n  }\n}\n",
    );
    const verdict = await verdictOf(files);
    expect(check(verdict, 'delta-filter')).toMatchObject({ ok: false, sites: ['src/sync.ts:5', 'src/sync.ts:14'] });
    const branch = sync([
      'let data;',
      'if (!since) {',
      "  ({ data } = await supabase.from('notes').select('*').order('id').limit(1000));",
      '} else {',
      ...GOOD_READ.map((line) => `  ${line.replace('const { data } =', 'data = (')}`),
      '}',
    ]);
    branch['src/sync.ts'] = branch['src/sync.ts']!.replace('.limit(100);', '.limit(100)).data;');
    const passing = await verdictOf(branch);
    expect(check(passing, 'delta-filter').ok).toBe(true);
  });

  it('cursor-order: fails descending (the review app) at the order, passes ascending; a window is not a delta read', async () => {
    const read = (order: string) => [
      "const { data } = await supabase.from('notes').select('*').gt('id', since)",
      `  .order(${order})`,
      '  .limit(30);',
    ];
    const desc = await verdictOf(
      sync(
        read("'id', { ascending: false }"),
        GOOD_AFTER.map((l) => l.replace('updated_at', 'id')),
      ),
    );
    expect(check(desc, 'cursor-order')).toMatchObject({ ok: false, sites: ['src/sync.ts:6'] });
    const asc = await verdictOf(
      sync(
        read("'id'"),
        GOOD_AFTER.map((l) => l.replace('updated_at', 'id')),
      ),
    );
    expect(check(asc, 'cursor-order').ok).toBe(true);
    expect(check(asc, 'cursor-tiebreak').ok).toBe(true); // id is unique: its own tiebreaker
  });

  it('cursor-tiebreak: fails updated_at alone at the page bound, passes the compound keyset', async () => {
    const alone = await verdictOf(
      sync(
        [
          "const { data } = await supabase.from('notes').select('*').gt('updated_at', since).order('updated_at').limit(100);",
        ],
        GOOD_AFTER,
      ),
    );
    expect(check(alone, 'cursor-tiebreak')).toMatchObject({ ok: false, sites: ['src/sync.ts:5'] });
    expect(check(alone, 'cursor-order').ok).toBe(true);
    const compound = await verdictOf(sync(GOOD_READ, GOOD_AFTER));
    expect(check(compound, 'cursor-tiebreak')).toMatchObject({ ok: true });
  });

  it('cursor-from-rows: fails a clock cursor after a page (even ascending), at the store', async () => {
    const verdict = await verdictOf(
      sync(GOOD_READ, ["localStorage.setItem('lastSyncedAt', new Date().toISOString());"]),
    );
    expect(check(verdict, 'cursor-from-rows')).toMatchObject({ ok: false, sites: ['src/sync.ts:13'] });
    expect(verdict.verified).toBe(false);
    const run = await cli(
      project(sync(GOOD_READ, ["localStorage.setItem('lastSyncedAt', new Date().toISOString());"])),
      'audit',
      '--no-color',
      '--require-verified',
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('  FAIL cursor-from-rows');
    expect(run.stdout).toContain('(src/sync.ts:13)');
    expect(run.stdout).toContain('=> delta sync NOT verified: cursor-from-rows');
  });

  it('carries the checks in Markdown and SARIF', async () => {
    const root = project(sync(GOOD_READ, ["localStorage.setItem('lastSyncedAt', new Date().toISOString());"]));
    const markdown = (await cli(root, 'audit', '--format', 'markdown')).stdout;
    expect(markdown).toContain('| check | result | message | sites |');
    expect(markdown).toMatch(/\| cursor-from-rows \| FAIL \| .* \| src\/sync.ts:13 \|/);
    const sarif = JSON.parse((await cli(root, 'audit', '--format', 'sarif')).stdout) as {
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          locations?: { physicalLocation: { region: { startLine: number } } }[];
        }[];
      }[];
    };
    const [run] = sarif.runs;
    const ids = run!.tool.driver.rules.map((rule) => rule.id);
    const result = run!.results.find((r) => r.ruleId === 'delta-sync/cursor-from-rows')!;
    expect(ids[result.ruleIndex]).toBe('delta-sync/cursor-from-rows');
    expect(result.locations![0]!.physicalLocation.region.startLine).toBe(13);
  });
});
