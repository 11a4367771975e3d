/**
 * The CLI in-process: usage errors (exit 2, one line, no stack), help and
 * version, the codemod report and its exit status, writes, and the audit's
 * formats and verdict.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/cli/fs.js';
import { CHECK_IDS } from '../../src/analysis/sync/sync-verdict.js';
import { codemods } from '../../src/codemods/index.js';
import plugin, { rules } from '../../src/index.js';
import { cli, FULL_SYNC, LEAKING_EFFECT, project, ROOMS_SCHEMA, tablesKeyedById, UNBOUNDED } from './helpers.js';
import { dedent } from '../dedent.js';

const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
  version: string;
};
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});
function temp(files: Record<string, string>): string {
  const root = project(files);
  roots.push(root);
  return root;
}

describe('usage errors exit 2 with one line naming the problem', () => {
  it.each([
    [
      ['codemod', 'no-such-codemod'],
      "unknown codemod 'no-such-codemod' (known: full-sync-to-delta-sync, paginate-selects, realtime-cleanup, all)",
    ],
    [
      ['codemod', 'all', '--page-size', '-5', '--dry-run'],
      '--page-size must be a whole number of rows, 1 or more; got "-5"',
    ],
    [['codemod', 'all', '--page-size', '2.5', '--dry-run'], '--page-size must be a whole number of rows'],
    [['codemod', 'all', '--strategy', 'every-page'], "argument 'every-page' is invalid"],
    [['codemod', 'all', '--cursor', 'id; drop table', '--dry-run'], '--cursor must be a column name'],
    [
      ['codemod', 'all', '--helper-path', 'src/lib/helper.py', '--dry-run'],
      '--helper-path must name a .ts or .js file',
    ],
    [['codemod', 'all', 'missing/dir', '--dry-run'], 'no such file or directory: missing/dir'],
    [['codemod', 'all', '--project', 'nope.json', '--dry-run'], 'no such tsconfig: nope.json'],
    [['codemod', 'all', '--project', 'broken.json', '--dry-run'], 'malformed tsconfig'],
    [['codemod', 'all', '--config', 'bad-config.json', '--dry-run'], 'malformed config file'],
    [['codemod', 'all', '--config', 'unknown-key.json', '--dry-run'], 'unknown-key.json: colour is not a setting'],
    [['codemod'], "missing required argument 'name'"],
    [['codemod', 'all', '--no-such-flag'], "unknown option '--no-such-flag'"],
    [['audit', '--format', 'xml'], "argument 'xml' is invalid"],
    [['audit', '--max-findings', 'many'], "--max-findings must be a whole number, 0 or more; got 'many'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('%j', async (argv, message) => {
    const root = temp({
      'src/a.ts': UNBOUNDED,
      'broken.json': '{ "compilerOptions": { "strict": true, } ',
      'bad-config.json': '{ cursor: id }',
      'unknown-key.json': '{ "colour": "blue" }',
    });
    const run = await cli(root, ...argv);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('prints the help on stderr and exits 2 when no command is given', async () => {
    const run = await cli(temp({}));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: supabase-scale');
  });
});

describe('help and version', () => {
  it('--version prints the package version', async () => {
    expect(await cli(temp({}), '--version')).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('lists every command and every flag', async () => {
    const root = temp({});
    const top = await cli(root, '--help');
    expect(top.status).toBe(0);
    for (const command of ['codemod', 'audit', 'schema']) expect(top.stdout).toContain(command);
    const codemod = (await cli(root, 'codemod', '--help')).stdout;
    for (const flag of [
      '--dry-run',
      '--diff',
      '--json',
      '--project',
      '--strategy',
      '--cursor',
      '--page-size',
      '--helper-path',
      '--ignore',
      '--allow-dirty',
      '--config',
      '--schema',
      '--no-schema',
      '--no-color',
    ]) {
      expect(codemod).toContain(flag);
    }
    for (const name of Object.keys(codemods)) expect(codemod).toContain(name);
    const audit = (await cli(root, 'audit', '--help')).stdout;
    for (const flag of [
      '--format',
      '--strict',
      '--max-findings',
      '--include',
      '--ignore',
      '--schema',
      '--no-schema',
      '--no-color',
    ])
      expect(audit).toContain(flag);
  });
});

describe('codemod', () => {
  it('--dry-run --json reports per file and per site, and writes nothing', async () => {
    const root = temp({
      ...tablesKeyedById('rooms', 't'),
      'src/a.ts': UNBOUNDED,
      'src/b.ts': FULL_SYNC,
      'src/c.ts': "export async function x() {\n  return supabase.from('t').select('*');\n}\n",
      'src/d.tsx': LEAKING_EFFECT,
      'src/plain.ts': 'export const one = 1;\n',
    });
    const run = await cli(root, 'codemod', 'all', '--dry-run', '--json', '--diff');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      codemods: ['full-sync-to-delta-sync', 'paginate-selects', 'realtime-cleanup'],
      dryRun: true,
      files: { scanned: 5, changed: 3, unchanged: 2, failed: 0 },
      rewritten: { 'full-sync-to-delta-sync': 1, 'paginate-selects': 1, 'realtime-cleanup': 1 },
      declarations: { 'full-sync-to-delta-sync': 1, 'paginate-selects': 0, 'realtime-cleanup': 0 },
      created: ['src/lib/supabase-pagination.js'],
      changed: ['src/a.ts', 'src/b.ts', 'src/d.tsx'],
      left: [
        {
          file: 'src/c.ts',
          line: 2,
          column: 10,
          codemod: 'paginate-selects',
          reason: 'the response is returned to a caller, which may read more than data and error',
        },
        {
          file: 'src/d.tsx',
          line: 11,
          column: 53,
          codemod: 'realtime-cleanup',
          reason:
            'subscribed in the render body of Lobby: every render opens another channel; move it into a useEffect, then run this codemod again to add the cleanup',
        },
      ],
    });
    expect(Object.keys(report.diffs as object).sort()).toEqual([
      'src/a.ts',
      'src/b.ts',
      'src/d.tsx',
      'src/lib/supabase-pagination.js',
    ]);
    expect((report.diffs as Record<string, string>)['src/d.tsx']).toContain(
      '+    const channel = supabase.channel(`room:${id}`).subscribe();\n+    return () => {\n+      supabase.removeChannel(channel);\n+    };\n',
    );
    expect(readFileSync(path.join(root, 'src/a.ts'), 'utf8')).toBe(UNBOUNDED);
    expect(existsSync(path.join(root, 'src/lib'))).toBe(false);
  });

  it('writes the rewrite and the helper once, honours the flags, and a second run changes nothing', async () => {
    const root = temp({
      'src/a.ts': UNBOUNDED,
      'src/b.ts': UNBOUNDED.replace('rooms', 'halls'),
      'tsconfig.json': '{}',
    });
    const run = await cli(
      root,
      'codemod',
      'paginate-selects',
      '--cursor',
      'uuid',
      '--page-size',
      '250',
      '--helper-path',
      'src/db/pages.ts',
      '--allow-dirty',
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('files: 2 scanned, 2 changed, 0 unchanged, 0 failed');
    expect(run.stdout).toContain('paginate-selects: 2 sites rewritten');
    expect(run.stdout).toContain('created: src/db/pages.ts');
    const a = readFileSync(path.join(root, 'src/a.ts'), 'utf8');
    expect(a).toContain("import { selectAllPages } from './db/pages';");
    expect(a).toContain(
      "await selectAllPages(() => supabase.from('rooms').select('*'), { cursor: 'uuid', pageSize: 250 });",
    );
    expect(readFileSync(path.join(root, 'src/db/pages.ts'), 'utf8')).toContain('export async function selectAllPages');
    expect(readdirSync(path.join(root, 'src')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const again = await cli(root, 'codemod', 'all', '--allow-dirty', '--cursor', 'uuid');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('files: 3 scanned, 0 changed, 3 unchanged, 0 failed');
  });

  it('takes settings from supabase-scale.config.json, and flags over them', async () => {
    const root = temp({
      'src/a.ts': UNBOUNDED.replace("'*'", "'slug, title'"),
      'supabase-scale.config.json': JSON.stringify({
        cursors: { rooms: 'slug' },
        pageSize: 50,
        strategy: 'first-page',
      }),
    });
    const run = await cli(
      root,
      'codemod',
      'paginate-selects',
      '--dry-run',
      '--diff',
      '--no-color',
      '--page-size',
      '60',
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      "+  const { data } = await supabase.from('rooms').select('slug, title').order('slug', { ascending: true }).limit(60);",
    );
  });

  it('takes the effect hooks of realtime-cleanup from the config file, as require-realtime-cleanup takes them', async () => {
    const hook =
      'export function useRoom(id) {\n  useMountEffect(() => {\n    supabase.channel(id).subscribe();\n  });\n}\n';
    const plain = temp({ 'src/room.js': hook });
    const untold = JSON.parse((await cli(plain, 'codemod', 'realtime-cleanup', '--dry-run', '--json')).stdout) as {
      rewritten: Record<string, number>;
    };
    expect(untold.rewritten['realtime-cleanup']).toBe(0);
    const root = temp({
      'src/room.js': hook,
      'supabase-scale.config.json': JSON.stringify({ effectHooks: ['useEffect', 'useMountEffect'] }),
    });
    const run = await cli(root, 'codemod', 'realtime-cleanup', '--dry-run', '--diff', '--no-color');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('realtime-cleanup: 1 site rewritten');
    expect(run.stdout).toContain(
      '+    const channel = supabase.channel(id).subscribe();\n+    return () => {\n+      supabase.removeChannel(channel);\n+    };\n',
    );
    const bad = temp({
      'src/room.js': hook,
      'supabase-scale.config.json': JSON.stringify({ effectHooks: 'useMountEffect' }),
    });
    const refused = await cli(bad, 'codemod', 'realtime-cleanup', '--dry-run');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      'supabase-scale: supabase-scale.config.json: effectHooks must be a list of function names\n',
    );
  });

  it("accepts docs/cli.md's config example, which names every codemod setting", async () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'docs', 'cli.md'), 'utf8');
    const example = /## The config file[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(Object.keys(JSON.parse(example) as object)).toEqual(
      expect.arrayContaining(['cursor', 'names', 'allowIn', 'effectHooks', 'schema', 'maxFileSize', 'maxSites']),
    );
    const run = await cli(
      temp({
        'src/a.ts': UNBOUNDED,
        'supabase-scale.config.json': example,
        'supabase/migrations/20240101000000_init.sql': 'create table rooms (id bigint primary key);\n',
      }),
      'codemod',
      'all',
      '--dry-run',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('reports a file that does not parse, leaves it untouched, goes on, and exits 1', async () => {
    const broken = 'export const = ;\n';
    const root = temp({
      ...ROOMS_SCHEMA,
      'src/a.ts': UNBOUNDED,
      'src/broken.ts': `${broken}supabase.from('t').select('*');\n`,
    });
    const run = await cli(root, 'codemod', 'all', '--allow-dirty');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /failed \(1\), left untouched:\n {4}src\/broken\.ts {2}does not parse \(line 1:13: Parsing error: Variable declaration expected\.\)\n/,
    );
    expect(readFileSync(path.join(root, 'src/broken.ts'), 'utf8')).toBe(`${broken}supabase.from('t').select('*');\n`);
    expect(readFileSync(path.join(root, 'src/a.ts'), 'utf8')).toContain('selectAllPages');
  });

  it('refuses to write in a git work tree with uncommitted changes, unless --allow-dirty; a dry run is always allowed', async () => {
    const root = temp({ ...ROOMS_SCHEMA, 'src/a.ts': UNBOUNDED });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
    git('init', '-q');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'init');
    writeFileSync(path.join(root, 'src/new.ts'), 'export {};\n');
    const refused = await cli(root, 'codemod', 'all');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      'supabase-scale: the git work tree has uncommitted changes (1 file, such as src/new.ts): commit or stash them, or pass --allow-dirty (--dry-run writes nothing)\n',
    );
    expect(readFileSync(path.join(root, 'src/a.ts'), 'utf8')).toBe(UNBOUNDED);
    expect((await cli(root, 'codemod', 'all', '--dry-run')).status).toBe(0);
    expect((await cli(root, 'codemod', 'all', '--allow-dirty')).status).toBe(0);
    expect(readFileSync(path.join(root, 'src/a.ts'), 'utf8')).toContain('selectAllPages');
  });
});

describe('codemod --project and --ignore', () => {
  it('follows types across files with --project, and skips --ignore globs', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-cli-project-'));
    roots.push(root);
    cpSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'codemods', 'project'), root, { recursive: true });
    const typed = JSON.parse(
      (await cli(root, 'codemod', 'full-sync-to-delta-sync', '--project', 'tsconfig.json', '--dry-run', '--json'))
        .stdout,
    ) as { rewritten: Record<string, number>; changed: string[] };
    expect(typed.rewritten['full-sync-to-delta-sync']).toBe(3);
    expect(typed.changed).toContain('src/app.tsx');
    const untyped = JSON.parse(
      (await cli(root, 'codemod', 'full-sync-to-delta-sync', '--no-project', '--dry-run', '--json')).stdout,
    ) as { rewritten: Record<string, number> };
    expect(untyped.rewritten['full-sync-to-delta-sync']).toBe(0);
    const ignored = JSON.parse(
      (
        await cli(
          root,
          'codemod',
          'full-sync-to-delta-sync',
          '--project',
          'tsconfig.json',
          '--dry-run',
          '--json',
          '--ignore',
          'src/app.tsx',
          '--ignore',
          'src/hooks/',
        )
      ).stdout,
    ) as { files: { scanned: number }; changed: string[] };
    expect(ignored.files.scanned).toBe(3);
    expect(ignored.changed).toEqual(['src/sync/functions.ts', 'src/sync/service.ts']);
  });
});

describe('writeFileAtomic', () => {
  it('replaces a file through a renamed temporary file, keeping its mode', () => {
    const root = temp({ 'run.sh': 'old' });
    const file = path.join(root, 'run.sh');
    chmodSync(file, 0o755);
    writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o755);
    expect(readdirSync(root)).toEqual(['run.sh']);
  });
});

describe('audit', () => {
  const files = {
    'src/a.ts': UNBOUNDED,
    'src/b.ts': FULL_SYNC,
    'src/delta.ts': 'export const mode = "deltaSync";\n',
    'src/plain.ts': 'export const one = 1;\n',
    'src/broken.ts': "const = supabase.from('t').select();\n",
  };

  it('prints findings per rule, the files with most findings and the verdict; skips what cannot hold a finding', async () => {
    const run = await cli(temp(files), 'audit', '--no-color');
    // src/broken.ts was not audited: the gate fails whatever the findings
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('supabase-scale: 1 file could not be audited: exit 1\n');
    expect(run.stdout).toContain('files: 5 scanned, 3 parsed (the rest cannot hold a finding), 1 failed');
    expect(run.stdout).toMatch(/no-full-sync +1\n/);
    expect(run.stdout).toMatch(/require-pagination +1\n/);
    expect(run.stdout).toContain(
      'src/broken.ts  does not parse (line 1:6: Parsing error: Variable declaration expected.)',
    );
    expect(run.stdout).toMatch(
      /Scaling findings \(they do not decide the verdict\)\n +unbounded selects +1\n +unbounded subscriptions +0\n/,
    );
    // a word in a string is no sync; a deltaSync that reads nothing the audit sees is one by name, its checks unknown
    expect(run.stdout).toContain('  FAIL no-full-sync       1 full-sync use left (see no-full-sync) (src/b.ts:7)');
    expect(run.stdout).toContain('  Sync.deltaSync  src/b.ts:3  (found by name; run by: nothing found that runs it)');
    expect(run.stdout).toContain(
      '    ?    delta-filter       no read is seen in it or in the functions it calls (an rpc whose SQL is not read, a module that cannot be resolved) (src/b.ts:3)',
    );
    expect(run.stdout).toContain(
      '=> delta sync NOT verified: no-full-sync, Sync.deltaSync: called (unknown), Sync.deltaSync: delta-filter (unknown)',
    );
  });

  it('parses a file that sends nothing itself but calls, per item, a function of another module that does; not one that calls only helpers', async () => {
    const root = temp({
      'src/supabase.ts': 'export const supabase = {} as any;\n',
      'src/api/orders.ts': [
        "import { supabase } from '../supabase';",
        'export async function loadOrder(id: string) {',
        "  const { data } = await supabase.from('orders').select('id').eq('id', id).single();",
        '  return data;',
        '}',
        '',
      ].join('\n'),
      'src/api/index.ts': "export * from './orders';\n",
      'src/jobs/refresh.ts': [
        "import { loadOrder } from '../api';",
        'export async function refresh(ids: string[]) {',
        '  for (const id of ids) await loadOrder(id);',
        '}',
        '',
      ].join('\n'),
      'src/util/format.ts': 'export const label = (x: string) => x.trim();\n',
      'src/jobs/labels.ts':
        "import { label } from '../util/format';\nexport const labels = (xs: string[]) => xs.map((x) => label(x));\n",
    });
    const run = await cli(root, 'audit', '--format', 'json');
    const report = JSON.parse(run.stdout) as {
      files: { scanned: number; parsed: number };
      results: { file: string; line: number; rule: string }[];
    };
    expect(report.results.map((r) => `${r.file}:${r.line} ${r.rule}`)).toEqual([
      'src/jobs/refresh.ts:3 no-query-in-loop',
    ]);
    // refresh.ts (through the import) and orders.ts (its own read); not labels.ts, whose helper sends nothing
    expect(report.files).toMatchObject({ scanned: 6, parsed: 2 });
  });

  it('does not count a Realtime filter on a column the table lacks as an unbounded subscription', async () => {
    const root = temp({
      'supabase/migrations/20240101000000_init.sql': 'create table rooms (id uuid primary key, name text);\n',
      'src/rooms.ts': [
        "import { supabase } from './supabase';",
        'export const watch = (id: string) =>',
        "  supabase.channel('r').on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: `roomId=eq.${id}` }, () => {}).subscribe();",
        '',
      ].join('\n'),
    });
    const run = await cli(root, 'audit', '--format', 'json');
    const report = JSON.parse(run.stdout) as { perRule: Record<string, number>; scaling: Record<string, number> };
    expect(report.perRule['no-invalid-realtime-filter']).toBe(1);
    expect(report.scaling.unboundedSubscriptions).toBe(0);
  });

  it("leaves the project's directives for other rules (and ESLint 10's fatal eslint-env) alone, and honours those for its own", async () => {
    const code = dedent`
      /* eslint-env browser, node */
      import { supabase } from './supabase';
      // eslint-disable-next-line no-console
      console.log(1);
      /* eslint-disable @typescript-eslint/no-explicit-any */
      export async function a() {
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        const { data } = await supabase.from('a').select('*');
        return data;
      }
      export async function b() {
        // eslint-disable-next-line supabase-scale/require-pagination
        const { data } = await supabase.from('b').select('*');
        return data;
      }
    `;
    const run = await cli(temp({ 'src/disabled.ts': code }), 'audit', '--format', 'json');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as {
      files: unknown;
      failed: unknown[];
      results: { rule: string; line: number }[];
    };
    expect(report.files).toEqual({ scanned: 1, parsed: 1, failed: 0 });
    expect(report.failed).toEqual([]);
    expect(report.results.map((r) => `${r.rule}:${r.line}`)).toEqual(['require-pagination:8']);
    // the codemod reads the directives as the rule does: only the read the rule reports is rewritten; eslint-env fails nothing
    const rewrite = await cli(
      temp({ ...tablesKeyedById('a', 'b'), 'src/disabled.ts': code }),
      'codemod',
      'paginate-selects',
      '--dry-run',
      '--json',
    );
    expect(rewrite.status).toBe(0);
    const codemodReport = JSON.parse(rewrite.stdout) as { files: unknown; rewritten: Record<string, number> };
    expect(codemodReport.files).toEqual({ scanned: 1, changed: 1, unchanged: 0, failed: 0, skipped: 0 });
    expect(codemodReport.rewritten['paginate-selects']).toBe(1);
  });

  it('derives the rules from the plugin: every rule of the config is counted', async () => {
    const report = JSON.parse((await cli(temp(files), 'audit', '--format', 'json', '--strict')).stdout) as {
      perRule: Record<string, number>;
      config: string;
    };
    expect(report.config).toBe('strict');
    expect(Object.keys(report.perRule).sort()).toEqual(Object.keys(rules).sort());
  });

  it('--max-findings fails above the limit only, and says why on stderr in every format', async () => {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the broken file is left out on purpose
    const { 'src/broken.ts': _broken, ...parsing } = files;
    const root = temp(parsing);
    const within = await cli(root, 'audit', '--max-findings', '2');
    expect(within.status).toBe(0);
    expect(within.stderr).toBe('');
    for (const chosen of ['pretty', 'json', 'markdown', 'sarif']) {
      const above = await cli(root, 'audit', '--max-findings', '1', '--format', chosen);
      expect(above.status, chosen).toBe(1);
      expect(above.stderr, chosen).toBe('supabase-scale: 2 findings in app code, more than --max-findings 1: exit 1\n');
    }
  });

  it('a folder with no source file to audit, empty or all ignored, is bad usage: one line, exit 2', async () => {
    const root = temp({ 'empty/.keep': '', 'docs/readme.md': '# hi\n', 'src/a.ts': UNBOUNDED });
    for (const folder of ['empty', 'docs']) {
      const run = await cli(root, 'audit', folder);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `supabase-scale: no source files to audit in ${folder} (after .gitignore and --ignore)\n`,
      );
    }
    const ignored = await cli(root, 'audit', 'src', '--ignore', '*.ts');
    expect(ignored.status).toBe(2);
    expect(ignored.stderr).toBe('supabase-scale: no source files to audit in src (after .gitignore and --ignore)\n');
  });

  it('writes SARIF 2.1.0 with a rule per plugin rule and a located result per finding', async () => {
    const sarif = JSON.parse((await cli(temp(files), 'audit', '--format', 'sarif')).stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          locations: {
            physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const [runEntry] = sarif.runs;
    expect(runEntry!.tool.driver.name).toBe('supabase-scale');
    const ids = runEntry!.tool.driver.rules.map((rule) => rule.id);
    // every rule of the recommended config, as the plugin declares it, then the verdict's checks
    expect(ids.slice(0, -CHECK_IDS.length)).toEqual(Object.keys(plugin.configs.recommended.rules ?? {}));
    // the verdict's failing checks follow the findings, each under its own rule
    expect(ids.slice(-CHECK_IDS.length)).toEqual(CHECK_IDS.map((id) => `sync/${id}`));
    // failing checks only (an unknown one is no result), each at its sites
    expect(
      runEntry!.results.filter((result) => result.ruleId.startsWith('sync/')).map((result) => result.ruleId),
    ).toEqual(['sync/no-full-sync']);
    expect(
      runEntry!.results
        .filter((result) => !result.ruleId.startsWith('sync/'))
        .map((result) => [
          result.ruleId,
          ids[result.ruleIndex],
          result.locations[0]!.physicalLocation.artifactLocation.uri,
          result.locations[0]!.physicalLocation.region.startLine,
        ]),
    ).toEqual([
      ['supabase-scale/require-pagination', 'supabase-scale/require-pagination', 'src/a.ts', 4],
      ['supabase-scale/no-full-sync', 'supabase-scale/no-full-sync', 'src/b.ts', 7],
    ]);
  });

  it('writes Markdown with the verdict table', async () => {
    const markdown = (await cli(temp(files), 'audit', '--format', 'markdown')).stdout;
    expect(markdown).toContain('## Sync verdict');
    expect(markdown).toContain('| unbounded subscriptions | 0 |');
    expect(markdown).toContain('| Sync.deltaSync | src/b.ts:3 | name | nothing found that runs it |  |');
    expect(markdown).toContain('| app | no-full-sync | FAIL |');
    expect(markdown).toContain('| Sync.deltaSync | delta-filter | ? |');
    expect(markdown).toContain('| src/a.ts:4:26 | require-pagination |');
  });
});
