/**
 * The sync verdict of `supabase-scale audit`: syncs found by what they do,
 * whatever their name, each check passing, failing or unknown on a small
 * project, with the sites (file:line) that decide it; and the neutral "no
 * sync found" of an app that keeps no copy.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearProjectIndex, factParses } from '../../src/analysis/project/index.js';
import type { Check, SyncFact, Verdict } from '../../src/cli/audit-verdict.js';
import { cli, project } from './helpers.js';

interface Report {
  verdict: Verdict;
  syncs: SyncFact[];
}

async function reportOf(files: Record<string, string>): Promise<Report> {
  const run = await cli(project(files), 'audit', '--format', 'json');
  return JSON.parse(run.stdout) as Report;
}

/** Each check of the only sync: its status. */
function statuses(verdict: Verdict): Record<string, string> {
  expect(verdict.syncs).toHaveLength(1);
  return Object.fromEntries(verdict.syncs[0]!.checks.map((check) => [check.id, check.status]));
}

function checkOf(verdict: Verdict, id: string): Check & { at: string[] } {
  const check = verdict.syncs[0]!.checks.find((c) => c.id === id)!;
  return { ...check, at: check.sites.map((site) => `${site.file}:${site.line}`) };
}

/** A sync named `pullNotes`, whose read and next position are given, run by a timer in another file. */
function pull(read: string[], after: string[] = [], name = 'pullNotes'): Record<string, string> {
  return {
    'src/pull.ts': [
      "import { supabase } from './supabase';", // 1
      `export async function ${name}() {`, // 2
      "  const since = localStorage.getItem('notes.cursor') ?? '1970-01-01';", // 3
      "  const lastId = localStorage.getItem('notes.cursorId') ?? '';", // 4
      ...read.map((line) => `  ${line}`), // 5...
      '  await save(data ?? []);',
      ...after.map((line) => `  ${line}`),
      '}',
      '',
    ].join('\n'),
    'src/main.ts': `import { ${name} } from './pull';\nsetInterval(() => ${name}(), 60_000);\n`,
  };
}

const GOOD_READ = [
  'const { data } = await supabase', // 5
  "  .from('notes')",
  "  .select('*')",
  '  .or(`updated_at.gt.${since},and(updated_at.eq.${since},id.gt.${lastId})`)',
  "  .order('updated_at', { ascending: true })",
  "  .order('id', { ascending: true })",
  '  .limit(100);',
];
const GOOD_AFTER = [
  'const last = data?.[data.length - 1];',
  "if (last) localStorage.setItem('notes.cursor', last.updated_at);",
  "if (last) localStorage.setItem('notes.cursorId', last.id);",
];

describe('sync verdict', () => {
  it('parses each file once: the sync search finds the facts of every linted file in the parse the rules made', async () => {
    const files: Record<string, string> = {
      ...pull(GOOD_READ, GOOD_AFTER),
      'src/remove.ts':
        "import { supabase } from './supabase';\nexport async function remove(id: string) {\n  await supabase.from('notes').delete().eq('id', id);\n}\n",
    };
    clearProjectIndex();
    const root = project(files);
    const run = await cli(root, 'audit', '--format', 'json');
    const report = JSON.parse(run.stdout) as Report;
    expect(report.syncs.map((sync) => sync.name)).toEqual(['pullNotes']);
    expect(report.syncs[0]!.deletes.map((table) => table.table)).toEqual(['notes']);
    // the files no rule's text gate lets ESLint parse (the caller, the delete) are parsed for their facts alone,
    // once; the sync's own file, linted, is not parsed again (with the oxlint engine, linting in another process, it is)
    expect(
      factParses()
        .map((file) => path.relative(root, file))
        .sort(),
    ).toEqual(['src/main.ts', 'src/remove.ts']);
  });

  it('finds a sync by what it does, whatever its name, and verifies a correct keyset pull run by a timer', async () => {
    const files: Record<string, string> = {
      ...pull(GOOD_READ, GOOD_AFTER),
      'scripts/admin.ts':
        "import { supabase } from './supabase';\nexport const all = async () => (await supabase.from('users').select('*')).data;\n",
    };
    const { verdict, syncs } = await reportOf(files);
    expect(verdict.status).toBe('verified');
    expect(syncs).toHaveLength(1);
    expect(syncs[0]).toMatchObject({
      name: 'pullNotes',
      file: 'src/pull.ts',
      found: 'structure',
      triggers: [{ file: 'src/main.ts', line: 2, kind: 'interval', periodMs: 60_000 }],
    });
    expect(syncs[0]!.reads[0]).toMatchObject({
      table: 'notes',
      cursor: { column: 'updated_at', comparison: 'gt', tiebreak: { column: 'id', comparison: 'gt' }, value: 'stored' },
      page: { kind: 'limit', size: 100 },
    });
    expect(syncs[0]!.stores.map((store) => [store.target, store.origin])).toEqual([
      ['localStorage:notes.cursor', 'rows'],
      ['localStorage:notes.cursorId', 'rows'],
    ]);
    expect(statuses(verdict)).toEqual({
      called: 'pass',
      'delta-filter': 'pass',
      'cursor-order': 'pass',
      'cursor-tiebreak': 'pass',
      'offset-paging': 'pass',
      'cursor-from-rows': 'pass',
      'hard-deletes': 'pass',
      'commit-order': 'fail',
    });
    const run = await cli(project(files), 'audit', '--no-color', '--require-verified');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      '  pullNotes  src/pull.ts:2  (found by structure; run by: interval 1 min (src/main.ts:2))',
    );
    expect(run.stdout).toContain('    WARN commit-order');
    expect(run.stdout).toContain('=> delta sync verified (warning: pullNotes: commit-order)');
  });

  it('reads a compound keyset on any column (RxDB _modified); a margin before the cursor on one page a run stalls (commit-order fails at error level)', async () => {
    const read = [
      'const margin = new Date(new Date(since).getTime() - 60_000).toISOString();',
      'const { data } = await supabase',
      "  .from('notes')",
      "  .select('*')",
      '  .or(`_modified.gt.${margin},and(_modified.eq.${margin},id.gt.${lastId})`)',
      "  .order('_modified', { ascending: true })",
      "  .order('id', { ascending: true })",
      '  .limit(100);',
    ];
    const after = GOOD_AFTER.map((line) => line.replace('last.updated_at', 'last._modified'));
    const { verdict, syncs } = await reportOf(pull(read, after));
    expect(syncs[0]!.reads[0]!.cursor).toMatchObject({ column: '_modified', tiebreak: { column: 'id' }, margin: true });
    expect(checkOf(verdict, 'cursor-tiebreak').status).toBe('pass');
    // each run starts a minute back and reads 100 rows: past 100 changes a minute it reads the same page forever
    const commitOrder = checkOf(verdict, 'commit-order');
    expect(commitOrder).toMatchObject({ status: 'fail', level: 'error', at: ['src/pull.ts:6'] });
    expect(commitOrder.message).toContain('the sync stalls');
    expect(verdict.status).toBe('not-verified');
  });

  it('takes a for...of over tables for one read a table, and a for (;;) for a paging loop', async () => {
    const overTables = [
      'let data: { updated_at: string }[] = [];',
      "for (const table of ['notes', 'tags']) {",
      "  const page = await supabase.from(table).select('*').gt('updated_at', since).order('updated_at').limit(100);",
      '  data = page.data ?? [];',
      '}',
    ];
    const paging = [
      'let data: { updated_at: string }[] = [];',
      'let after = since;',
      'for (;;) {',
      "  const page = await supabase.from('notes').select('*').gt('updated_at', after).order('updated_at').limit(100);",
      '  data = page.data ?? [];',
      '  if (data.length < 100) break;',
      '  after = data[data.length - 1]!.updated_at;',
      '}',
    ];
    expect((await reportOf(pull(overTables))).syncs[0]!.reads[0]!.loop).toBe(false);
    expect((await reportOf(pull(paging))).syncs[0]!.reads[0]!.loop).toBe(true);
  });

  it('gives an app that keeps no copy a neutral "no sync found": exit 0, no SARIF result; --require-verified fails with that reason', async () => {
    const files = {
      'src/a.ts':
        "// TODO: write a deltaSync one day\nimport { supabase } from './supabase';\nexport const rooms = async () => (await supabase.from('rooms').select('id').limit(20)).data;\n",
    };
    const { verdict } = await reportOf(files);
    expect(verdict.status).toBe('no-sync');
    expect(verdict.syncs).toEqual([]);
    const pretty = await cli(project(files), 'audit', '--no-color');
    expect(pretty.status).toBe(0);
    expect(pretty.stdout).toContain('=> no sync found: the app keeps no copy of its data to verify');
    const sarif = await cli(project(files), 'audit', '--format', 'sarif');
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] }).runs[0]!.results;
    expect(results.filter((r) => r.ruleId.startsWith('sync/'))).toEqual([]);
    const gate = await cli(project(files), 'audit', '--require-verified');
    expect(gate.status).toBe(1);
    expect(gate.stderr).toContain('no sync found');
  });

  it('says what it cannot see as unknown, never as FAIL: a deltaSync with no read seen, nothing that runs it', async () => {
    const { verdict } = await reportOf({
      'src/sync.ts': 'export async function deltaSync(api: { pull(): Promise<void> }) {\n  await api.pull();\n}\n',
    });
    expect(verdict.syncs[0]!.sync).toMatchObject({ name: 'deltaSync', found: 'name' });
    // no check passes on a read it does not see
    expect(statuses(verdict)).toEqual({
      called: 'unknown',
      'delta-filter': 'unknown',
      'cursor-order': 'unknown',
      'cursor-tiebreak': 'unknown',
      'offset-paging': 'unknown',
      'cursor-from-rows': 'unknown',
      'hard-deletes': 'unknown',
      'commit-order': 'unknown',
    });
    expect(verdict.status).toBe('not-verified');
    const run = await cli(
      project({
        'src/sync.ts': 'export async function deltaSync(api: { pull(): Promise<void> }) {\n  await api.pull();\n}\n',
      }),
      'audit',
      '--no-color',
    );
    expect(run.stdout).toContain('    ?    delta-filter');
    expect(run.stdout).toContain('deltaSync: delta-filter (unknown)');
  });

  it('called: a sync only tests run fails; one nothing runs is unknown', async () => {
    const files = pull(GOOD_READ, GOOD_AFTER);
    delete files['src/main.ts'];
    expect(checkOf((await reportOf(files)).verdict, 'called').status).toBe('unknown');
    files['src/pull.test.ts'] =
      "import { pullNotes } from './pull';\ntest('pulls', async () => { await pullNotes(); });\n";
    const check = checkOf((await reportOf(files)).verdict, 'called');
    expect(check).toMatchObject({ status: 'fail', message: 'called only from test files: the app never runs it' });
    expect(check.at).toEqual(['src/pull.test.ts:2']);
  });

  it('delta-filter: fails a read without a cursor in a function it calls; passes an early-return first-run fallback', async () => {
    const files = pull(GOOD_READ, [...GOOD_AFTER, 'await pullTags();']);
    files['src/pull.ts'] =
      files['src/pull.ts']! +
      "async function pullTags() {\n  const { data } = await supabase.from('tags').select('*').order('id').limit(50);\n  return data;\n}\n";
    const failing = checkOf((await reportOf(files)).verdict, 'delta-filter');
    expect(failing.status).toBe('fail');
    expect(failing.at).toEqual(['src/pull.ts:19']);
    const fallback = pull(
      [
        "if (since === '1970-01-01') {",
        "  const { data } = await supabase.from('notes').select('*').order('id').limit(1000);",
        '  return save(data ?? []);',
        '}',
        ...GOOD_READ,
      ],
      GOOD_AFTER,
    );
    expect(checkOf((await reportOf(fallback)).verdict, 'delta-filter').status).toBe('pass');
  });

  it('cursor-order: fails descending and no order at all, even unpaged (max-rows cuts it); passes ascending', async () => {
    const desc = GOOD_READ.map((line) =>
      line.replace("'updated_at', { ascending: true }", "'updated_at', { ascending: false }"),
    );
    expect(checkOf((await reportOf(pull(desc, GOOD_AFTER))).verdict, 'cursor-order')).toMatchObject({
      status: 'fail',
      at: ['src/pull.ts:5'],
    });
    const unordered = ["const { data } = await supabase.from('notes').select('*').gt('updated_at', since);"];
    const { syncs, verdict } = await reportOf(pull(unordered, GOOD_AFTER));
    expect(syncs[0]!.reads[0]!.page).toEqual({ kind: 'none', size: 1000, offsetMoves: false });
    expect(checkOf(verdict, 'cursor-order').status).toBe('fail');
  });

  it('cursor-tiebreak: gt alone skips the boundary rows, gte alone stalls on them: each says which', async () => {
    const gt = [
      "const { data } = await supabase.from('notes').select('*').gt('updated_at', since).order('updated_at').limit(100);",
    ];
    expect(checkOf((await reportOf(pull(gt, GOOD_AFTER))).verdict, 'cursor-tiebreak').message).toContain('are skipped');
    const gte = [gt[0]!.replace(".gt('updated_at'", ".gte('updated_at'")];
    const stalls = checkOf((await reportOf(pull(gte, GOOD_AFTER))).verdict, 'cursor-tiebreak');
    expect(stalls.status).toBe('fail');
    expect(stalls.message).toContain('the sync stalls');
  });

  it('cursor-tiebreak: not applicable to a WatermelonDB pull that hands back the clock, unknown for a pull whose position is stored elsewhere', async () => {
    const files = {
      'src/sync.ts': [
        "import { synchronize } from '@nozbe/watermelondb/sync';",
        "import { supabase } from './supabase';",
        'export async function sync(database: unknown) {',
        '  await synchronize({',
        '    database,',
        '    pullChanges: async ({ lastPulledAt }) => {',
        '      const since = new Date(lastPulledAt ?? 0).toISOString();',
        "      const { data: jobs } = await supabase.from('jobs').select('*').gt('updated_at', since);",
        '      return { changes: { jobs: { created: [], updated: jobs ?? [], deleted: [] } }, timestamp: Date.now() };',
        '    },',
        '  });',
        '}',
        '',
      ].join('\n'),
    };
    const { verdict } = await reportOf(files);
    expect(statuses(verdict)).toMatchObject({ 'cursor-from-rows': 'fail', 'cursor-tiebreak': 'pass' });
    expect(checkOf(verdict, 'cursor-tiebreak')).toMatchObject({ at: ['src/sync.ts:8'] });
    expect(checkOf(verdict, 'cursor-tiebreak').message).toContain('the next position is the clock');
    // a pull over a list of tables whose caller (another process) stores the position: the boundary is not judged
    const handler = {
      'src/pull.ts': [
        "import { supabase } from './supabase';",
        'export async function handlePull(tables: string[], since: string | null) {',
        '  const out = [];',
        '  for (const table of tables) {',
        "    let query = supabase.from(table).select('*');",
        "    if (since) query = query.gte('updated_at', since);",
        '    const { data } = await query.limit(1000);',
        '    out.push({ table, rows: data ?? [] });',
        '  }',
        '  return out;',
        '}',
        '',
      ].join('\n'),
    };
    const unseen = checkOf((await reportOf(handler)).verdict, 'cursor-tiebreak');
    expect(unseen).toMatchObject({ status: 'unknown', at: ['src/pull.ts:5'] });
    expect(unseen.message).toContain('where the position comes from is not seen');
  });

  it('cursor-from-rows: a clock position fails after an unpaged read and inside a paging loop, and through another module', async () => {
    const unpaged = [
      "const { data } = await supabase.from('notes').select('*').gt('updated_at', since).order('updated_at');",
    ];
    const clock = ["localStorage.setItem('notes.cursor', new Date().toISOString());"];
    const check = checkOf((await reportOf(pull(unpaged, clock))).verdict, 'cursor-from-rows');
    expect(check).toMatchObject({ status: 'fail', at: ['src/pull.ts:7'] });
    expect(check.message).toContain("every change past the project's max-rows read is skipped");
    // a pull through a database function (a pull shape's name): whether max-rows cuts its result depends on what it returns
    const rpc = ["const { data } = await supabase.rpc('pull_notes', { since });"];
    const byRpc = checkOf((await reportOf(pull(rpc, clock, 'pullChanges'))).verdict, 'cursor-from-rows');
    expect(byRpc.status).toBe('fail');
    expect(byRpc.message).toContain(
      "every change rpc('pull_notes') leaves out is skipped (past the project's max-rows, if it returns a set of rows)",
    );
    const loop = [
      'for (;;) {',
      "  const { data } = await supabase.from('notes').select('*').gt('updated_at', since).order('updated_at').limit(100);",
      '  if (!data?.length) break;',
      "  localStorage.setItem('notes.cursor', new Date().toISOString());",
      '}',
      'const data = null;',
    ];
    expect(checkOf((await reportOf(pull(loop))).verdict, 'cursor-from-rows').status).toBe('fail');
    const files = pull(
      [
        "const { data } = await supabase.from('notes').select('*').gt('updated_at', since).order('updated_at').limit(80);",
      ],
      ['cache.markSynced();'],
    );
    files['src/pull.ts'] = `import { cache } from './cache';\n${files['src/pull.ts']!}`;
    files['src/cache.ts'] =
      'let lastSyncedAt: string | null = null;\nexport const cache = {\n  markSynced() {\n    lastSyncedAt = new Date().toISOString();\n  },\n};\n';
    const through = checkOf((await reportOf(files)).verdict, 'cursor-from-rows');
    expect(through.status).toBe('fail');
    expect(through.message).toContain('through cache.markSynced()');
    expect(through.at).toEqual(['src/cache.ts:4']);
  });

  it('offset-paging: a moving .range() offset over the changing rows fails', async () => {
    const read = [
      'for (let offset = 0; ; offset += 100) {',
      "  const { data } = await supabase.from('notes').select('*').gt('updated_at', since).order('updated_at').order('id').range(offset, offset + 99);",
      '  if (!data?.length) break;',
      '}',
      'const data = null;',
    ];
    expect(checkOf((await reportOf(pull(read))).verdict, 'offset-paging')).toMatchObject({
      status: 'fail',
      at: ['src/pull.ts:6'],
    });
  });

  it('hard-deletes: unknown when a table the sync reads is named at run time', async () => {
    const read = [
      "const { data } = await supabase.from(table).select('*').gt('updated_at', since).order('updated_at').limit(100);",
    ];
    const files = pull(read, GOOD_AFTER);
    files['src/pull.ts'] = files['src/pull.ts']!.replace(
      'export async function pullNotes() {',
      'export async function pullNotes(table: string) {',
    );
    files['src/main.ts'] = "import { pullNotes } from './pull';\nsetInterval(() => pullNotes('notes'), 60_000);\n";
    files['src/remove.ts'] =
      "import { supabase } from './supabase';\nexport const remove = (id: string) => supabase.from('notes').delete().eq('id', id);\n";
    expect(checkOf((await reportOf(files)).verdict, 'hard-deletes').status).toBe('unknown');
  });

  it('finds a WatermelonDB pullChanges and an RxDB pull handler written in the options of the library call', async () => {
    const watermelon = {
      'src/sync.ts': [
        "import { synchronize } from '@nozbe/watermelondb/sync';",
        "import { supabase } from './supabase';",
        'export async function syncTasks(database: unknown) {',
        '  await synchronize({',
        '    database,',
        '    pullChanges: async ({ lastPulledAt }: { lastPulledAt?: number }) => {',
        '      const since = new Date(lastPulledAt ?? 0).toISOString();',
        "      const { data } = await supabase.from('tasks').select('*').gt('updated_at', since).order('updated_at').limit(500);",
        '      return { changes: { tasks: { updated: data ?? [] } }, timestamp: Date.now() };',
        '    },',
        '  });',
        '}',
        '',
      ].join('\n'),
    };
    const { verdict, syncs } = await reportOf(watermelon);
    expect(syncs.map((sync) => [sync.name, sync.found, sync.callers])).toEqual([
      ['synchronize.pullChanges', 'structure', [{ file: 'src/sync.ts', line: 4 }]],
    ]);
    // the timestamp it hands back is the device's clock: every change past the page is skipped
    expect(checkOf(verdict, 'cursor-from-rows')).toMatchObject({ status: 'fail', at: ['src/sync.ts:9'] });
    const rxdb = {
      'src/replication.ts': [
        "import { replicateRxCollection } from 'rxdb/plugins/replication';",
        "import { supabase } from './supabase';",
        'export function replicate(collection: unknown) {',
        '  return replicateRxCollection({',
        '    collection,',
        "    replicationIdentifier: 'notes',",
        '    pull: {',
        '      async handler(checkpoint: { updated_at: string; id: string } | undefined, batchSize: number) {',
        "        const at = checkpoint?.updated_at ?? '1970-01-01';",
        "        const id = checkpoint?.id ?? '';",
        '        const { data } = await supabase',
        "          .from('notes')",
        "          .select('*')",
        '          .or(`updated_at.gt.${at},and(updated_at.eq.${at},id.gt.${id})`)',
        "          .order('updated_at', { ascending: true })",
        "          .order('id', { ascending: true })",
        '          .limit(batchSize);',
        '        const last = data?.[data.length - 1];',
        '        return { documents: data ?? [], checkpoint: last ? { updated_at: last.updated_at, id: last.id } : checkpoint };',
        '      },',
        '    },',
        '  });',
        '}',
        '',
      ].join('\n'),
    };
    const rx = await reportOf(rxdb);
    expect(rx.syncs.map((sync) => [sync.name, sync.found])).toEqual([['replicateRxCollection.handler', 'structure']]);
    expect(statuses(rx.verdict)).toMatchObject({
      called: 'pass',
      'delta-filter': 'pass',
      'cursor-order': 'pass',
      'cursor-tiebreak': 'pass',
      'cursor-from-rows': 'pass',
    });
  });

  it('follows a read through a wrapper: a plain one (a timeout) keeps the read as written, one that adds to it makes its order unknown', async () => {
    const read = [
      "const { data } = await withTimeout(supabase.from('notes').select('*').gt('updated_at', since).limit(100), 30_000);",
    ];
    const files = pull(read, GOOD_AFTER);
    files['src/pull.ts'] =
      files['src/pull.ts']! +
      'function withTimeout<T>(promise: PromiseLike<T>, ms: number) {\n  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(reject, ms))]);\n}\n';
    expect(checkOf((await reportOf(files)).verdict, 'cursor-order').status).toBe('fail');
    const adding = pull(
      [
        "let q = supabase.from('notes').select('*').gt('updated_at', since).limit(100);",
        'q = applyOrder(q);',
        'const { data } = await q;',
      ],
      GOOD_AFTER,
    );
    adding['src/pull.ts'] =
      adding['src/pull.ts']! + "function applyOrder(q: any) {\n  return q.order('updated_at').order('id');\n}\n";
    const { verdict, syncs } = await reportOf(adding);
    expect(syncs[0]!.reads[0]!.through).toEqual(['applyOrder']);
    expect(checkOf(verdict, 'cursor-order').status).toBe('unknown');
  });

  it('takes a first-run default for what it is (not a window), a position kept in a module object, and leaves a row stamped with the sync time alone', async () => {
    const files = {
      'src/sync.ts': [
        "import { supabase } from './supabase';",
        'const last: Record<string, string> = {};',
        'export async function syncTags(initial = false) {',
        "  const since = initial ? new Date(0).toISOString() : (last['tags'] || new Date(0).toISOString());",
        "  const { data } = await supabase.from('tags').select('*').gt('updated_at', since).order('updated_at').order('id').limit(100);",
        '  for (const row of data ?? []) await db.tags.put({ ...row, lastSyncedAt: new Date().toISOString() });',
        "  last['tags'] = new Date().toISOString();",
        '}',
        'setInterval(() => syncTags(), 60_000);',
        '',
      ].join('\n'),
    };
    const { syncs, verdict } = await reportOf(files);
    expect(syncs[0]!.reads[0]!.cursor).toMatchObject({ column: 'updated_at', value: 'stored' });
    expect(syncs[0]!.stores.map((store) => [store.target, store.origin])).toEqual([['module:last.tags', 'clock']]);
    expect(checkOf(verdict, 'cursor-from-rows')).toMatchObject({ status: 'fail', at: ['src/sync.ts:7'] });
  });

  it('takes a lower bound computed from the clock in the run (today, the start of the month) for a window, not a sync', async () => {
    const files = {
      'src/report.ts': [
        "import { supabase } from './supabase';",
        "import { startOfMonth } from 'date-fns';",
        'export async function dailyTotal() {',
        "  const today = new Date().toISOString().split('T')[0];",
        "  const { data } = await supabase.from('payments').select('amount').gte('created_at', today);",
        '  return (data ?? []).reduce((sum, row) => sum + row.amount, 0);',
        '}',
        'export async function monthTotal() {',
        "  const { data } = await supabase.from('payments').select('amount').gte('created_at', startOfMonth(new Date()).toISOString());",
        '  return (data ?? []).reduce((sum, row) => sum + row.amount, 0);',
        '}',
        'setInterval(() => dailyTotal(), 86_400_000);',
        '',
      ].join('\n'),
    };
    expect((await reportOf(files)).verdict.status).toBe('no-sync');
    // the same read past a position stored between runs is a sync
    files['src/report.ts'] = files['src/report.ts'].replace(
      "const today = new Date().toISOString().split('T')[0];",
      "const today = localStorage.getItem('payments.cursor') ?? '1970-01-01';",
    );
    const { syncs } = await reportOf(files);
    expect(syncs.map((sync) => [sync.name, sync.reads[0]!.cursor?.value])).toEqual([['dailyTotal', 'stored']]);
  });

  it('takes a lower bound from a function of the file that computes it from the clock for a window; one that returns stored state is a cursor', async () => {
    const files = {
      'src/report.ts': [
        "import { supabase } from './supabase';",
        'function periodStart(period: string): Date {',
        '  const now = new Date();',
        "  if (period === 'ytd') return new Date(now.getFullYear(), 0, 1);",
        '  return new Date(now.getFullYear(), now.getMonth() - 3, 1);',
        '}',
        'export async function ordersSince(period: string) {',
        "  const { data } = await supabase.from('orders').select('amount').gte('created_at', periodStart(period).toISOString());",
        '  return (data ?? []).reduce((sum, row) => sum + row.amount, 0);',
        '}',
        "setInterval(() => ordersSince('3m'), 60_000);",
        '',
      ].join('\n'),
    };
    expect((await reportOf(files)).verdict.status).toBe('no-sync');
    files['src/report.ts'] = files['src/report.ts']
      .replace(
        "  if (period === 'ytd') return new Date(now.getFullYear(), 0, 1);",
        "  if (period === 'last') return new Date(localStorage.getItem('orders.cursor') ?? 0);",
      )
      .replace(
        "setInterval(() => ordersSince('3m'), 60_000);",
        "setInterval(() => ordersSince('last'), 60_000);\nlocalStorage.setItem('orders.cursor', new Date().toISOString());",
      );
    const { syncs } = await reportOf(files);
    expect(syncs.map((sync) => sync.name)).toEqual(['ordersSince']);
  });

  it('follows a period start passed in an options object: every caller fills it from the clock, a window; one from a stored position, a cursor', async () => {
    const files: Record<string, string> = {
      'src/errors.ts': [
        "import { supabase } from './supabase';",
        'export async function fetchErrors(options: { sinceIso: string }) {',
        '  const sinceIso = options.sinceIso;',
        "  const { data } = await supabase.from('app_errors').select('*').gte('created_at', sinceIso).order('created_at').limit(500);",
        '  return data ?? [];',
        '}',
        '',
      ].join('\n'),
      'src/report.ts': [
        "import { fetchErrors } from './errors';",
        'export async function weekly() {',
        '  const sinceIso = new Date(Date.now() - 7 * 864e5).toISOString();',
        '  return fetchErrors({ sinceIso });',
        '}',
        'setInterval(() => weekly(), 60_000);',
        '',
      ].join('\n'),
    };
    expect((await reportOf(files)).verdict.status).toBe('no-sync');
    files['src/pull.ts'] = [
      "import { fetchErrors } from './errors';",
      'export async function pull() {',
      "  await fetchErrors({ sinceIso: localStorage.getItem('errors.cursor') ?? '1970-01-01' });",
      "  localStorage.setItem('errors.cursor', new Date().toISOString());",
      '}',
      '',
    ].join('\n');
    expect((await reportOf(files)).syncs.map((sync) => sync.name)).toEqual(['pull']);
  });

  it('follows a period start passed in by every caller: from the clock it is a window; from stored state, or a caller not seen, a cursor', async () => {
    const files: Record<string, string> = {
      'src/totals.ts': [
        "import { supabase } from './supabase';",
        'export async function totalSince(start: string) {',
        "  const { data } = await supabase.from('payments').select('amount').gte('created_at', start);",
        '  return (data ?? []).reduce((sum, row) => sum + row.amount, 0);',
        '}',
        '',
      ].join('\n'),
      'src/limits.ts': [
        "import { startOfMonth } from 'date-fns';",
        "import { totalSince } from './totals';",
        'export async function checkLimits(amount: number) {',
        "  const today = await totalSince(new Date().toISOString().split('T')[0]);",
        '  const month = await totalSince(startOfMonth(new Date()).toISOString());',
        '  return today + amount < 100 && month + amount < 1000;',
        '}',
        '',
      ].join('\n'),
    };
    expect((await reportOf(files)).verdict.status).toBe('no-sync');
    // one caller passes a position it stored: a cursor
    files['src/pull.ts'] = [
      "import { totalSince } from './totals';",
      'export async function pull() {',
      "  await totalSince(localStorage.getItem('payments.cursor') ?? '1970-01-01');",
      "  localStorage.setItem('payments.cursor', new Date().toISOString());",
      '}',
      '',
    ].join('\n');
    expect((await reportOf(files)).syncs.map((sync) => sync.name)).toEqual(['pull']);
    // no caller seen (an API others call): a cursor, as before
    delete files['src/pull.ts'];
    delete files['src/limits.ts'];
    expect((await reportOf(files)).syncs.map((sync) => sync.name)).toEqual(['totalSince']);
  });

  it('does not take a walk from the first row every run (a local cursor starting at a constant, advanced in the loop) for a sync', async () => {
    const files = {
      'scripts/backfill.ts': [
        "import { supabase } from './supabase';",
        'async function nextPage(cursor: number) {',
        "  const { data } = await supabase.from('files').select('id, key').gt('id', cursor).order('id').limit(50);",
        '  return data ?? [];',
        '}',
        'async function main() {',
        '  let cursor = 0;',
        '  for (;;) {',
        '    const page = await nextPage(cursor);',
        '    if (page.length === 0) break;',
        '    for (const row of page) {',
        '      cursor = row.id;',
        '      await copy(row.key);',
        '    }',
        '  }',
        '}',
        'main();',
        '',
      ].join('\n'),
    };
    expect((await reportOf(files)).syncs).toEqual([]);
    // the walk starts where the last run stopped: a position kept between runs, a sync
    files['scripts/backfill.ts'] = files['scripts/backfill.ts']
      .replace('let cursor = 0;', "let cursor = Number(localStorage.getItem('files.cursor') ?? 0);")
      .replace(
        '      cursor = row.id;',
        "      cursor = row.id;\n      localStorage.setItem('files.cursor', String(cursor));",
      );
    expect((await reportOf(files)).syncs.map((sync) => sync.name)).toEqual(['main']);
  });

  it('does not take paging backward through history (a floor and a descending keyset) for a sync', async () => {
    const files = {
      'src/history.ts': [
        "import { supabase } from './supabase';",
        'export async function olderMessages(floor: string, before: string, id: string) {',
        "  const { data } = await supabase.from('messages').select('*')",
        '    .or(`created_at.lt.${before},and(created_at.eq.${before},id.lt.${id})`)',
        "    .gte('created_at', floor)",
        "    .order('created_at', { ascending: false }).order('id', { ascending: false }).limit(50);",
        '  return data;',
        '}',
        '',
      ].join('\n'),
    };
    expect((await reportOf(files)).verdict.status).toBe('no-sync');
  });

  it('takes no .or() built elsewhere for a cursor by itself: an imported filter string, what a call returns, a constant of the file', async () => {
    const products = (or: string) =>
      [
        "import { supabase } from './supabase';",
        "import { ACTIVE } from './filters';",
        "import { salesFilter } from './sales-filter';",
        "const LOCAL_ACTIVE = 'is_active.eq.true,is_active.is.null';",
        'let products: unknown[] = [];',
        'export async function loadProducts(companyId: string) {',
        `  const { data } = await supabase.from('products').select('*').eq('company_id', companyId).or(${or}).order('name');`,
        '  products = data ?? [];',
        '}',
        "setInterval(() => loadProducts('c'), 120_000);",
        '',
      ].join('\n');
    const files: Record<string, string> = {
      'src/filters.ts': "export const ACTIVE = 'is_active.eq.true,is_active.is.null';\n",
      'src/sales-filter.ts': "export function salesFilter() {\n  return 'status.eq.paid,status.is.null';\n}\n",
    };
    for (const or of ['ACTIVE', 'salesFilter()', 'LOCAL_ACTIVE']) {
      const { verdict, syncs } = await reportOf({ ...files, 'src/products.ts': products(or) });
      expect({ or, status: verdict.status, syncs: syncs.length }).toEqual({ or, status: 'no-sync', syncs: 0 });
    }
    // beside a cursor the .or() takes nothing away: the read is past updated_at
    const delta = products('ACTIVE')
      .replace(".or(ACTIVE).order('name')", ".or(ACTIVE).gt('updated_at', since).order('updated_at')")
      .replace(
        'export async function loadProducts(companyId: string) {',
        "export async function loadProducts(companyId: string, since = localStorage.getItem('p.cursor')) {",
      )
      .replace('  products = data ?? [];', "  localStorage.setItem('p.cursor', data?.at(-1)?.updated_at ?? '');");
    const { syncs } = await reportOf({ ...files, 'src/products.ts': delta });
    expect(syncs.map((sync) => [sync.name, sync.reads[0]!.cursor?.column])).toEqual([['loadProducts', 'updated_at']]);
  });

  it('calls delta-filter unknown, not pass, for a sync whose only read filters with an .or() built elsewhere', async () => {
    const files: Record<string, string> = {
      ...pull(["const { data } = await supabase.from('notes').select('*').or(notesFilter()).limit(100);"]),
      'src/notes-filter.ts': "export function notesFilter(): string {\n  return process.env.NOTES_FILTER ?? '';\n}\n",
    };
    files['src/pull.ts'] = files['src/pull.ts']!.replace(
      "import { supabase } from './supabase';",
      "import { supabase } from './supabase';\nimport { notesFilter } from './notes-filter';",
    ).replace('export async function pullNotes() {', 'export async function deltaSync() {');
    files['src/main.ts'] = "import { deltaSync } from './pull';\nsetInterval(() => deltaSync(), 60_000);\n";
    const { verdict } = await reportOf(files);
    const check = checkOf(verdict, 'delta-filter');
    expect([check.status, check.at]).toEqual(['unknown', ['src/pull.ts:6']]);
    expect(check.message).toMatch(/\.or\(\) built elsewhere/);
    expect(statuses(verdict)['cursor-order']).toBe('unknown');
  });

  it('takes a bound from a useMemo that computes it from the clock for a window (today at midnight)', async () => {
    const files = {
      'src/useFiscal.ts': [
        "import { useMemo } from 'react';",
        "import { useQuery } from '@tanstack/react-query';",
        "import { supabase } from './supabase';",
        'export function useFiscal(companyId: string) {',
        '  const todayISO = useMemo(() => {',
        '    const d = new Date();',
        '    d.setHours(0, 0, 0, 0);',
        '    return d.toISOString();',
        '  }, []);',
        '  return useQuery({',
        "    queryKey: ['fiscal', companyId],",
        '    queryFn: async () => {',
        "      const { data } = await supabase.from('fiscal_documents').select('id').eq('company_id', companyId).gte('created_at', todayISO);",
        '      return data ?? [];',
        '    },',
        '    refetchInterval: 30_000,',
        '  });',
        '}',
        '',
      ].join('\n'),
    };
    expect((await reportOf(files)).verdict.status).toBe('no-sync');
    files['src/useFiscal.ts'] = files['src/useFiscal.ts'].replace(
      '    return d.toISOString();',
      "    return localStorage.getItem('fiscal.cursor') ?? d.toISOString();",
    );
    expect((await reportOf(files)).syncs.map((sync) => sync.name)).toEqual(['useQuery.queryFn']);
  });

  it('takes a bound made in the run from the rows of another read, with no position stored, for no cursor (a room reload)', async () => {
    const files = {
      'src/room.ts': [
        "import { supabase } from './supabase';",
        'let giftPoints: Record<string, number> = {};',
        'export async function loadRoomState(roomId: string) {',
        "  const { data: members } = await supabase.from('room_members').select('user_id, seated_at').eq('room_id', roomId).limit(12);",
        '  const seated = (members ?? []).filter((m) => m.seated_at);',
        '  const earliest = new Date(Math.min(...seated.map((m) => new Date(m.seated_at).getTime()))).toISOString();',
        "  const { data: gifts } = await supabase.from('gift_sends').select('receiver_id, coins').eq('room_id', roomId).gte('created_at', earliest);",
        '  giftPoints = Object.fromEntries((gifts ?? []).map((g) => [g.receiver_id, g.coins]));',
        '}',
        "setInterval(() => loadRoomState('r'), 30_000);",
        '',
      ].join('\n'),
    };
    expect((await reportOf(files)).verdict.status).toBe('no-sync');
    // the same bound kept as the next position between runs: a sync
    files['src/room.ts'] = files['src/room.ts'].replace(
      '  giftPoints = Object.fromEntries',
      "  localStorage.setItem('gifts.lastSyncedAt', gifts?.at(-1)?.created_at ?? '');\n  giftPoints = Object.fromEntries",
    );
    expect((await reportOf(files)).syncs.map((sync) => sync.name)).toEqual(['loadRoomState']);
  });
});
