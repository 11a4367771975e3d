/**
 * Bad input, everywhere (issue 5): each case gives a clear one-line error
 * (exit 2) or a per-file report, never a stack trace, and writes nothing that
 * was not asked for (the whole folder is compared byte for byte, with modes
 * and links, before and after).
 *
 * Cases tested elsewhere, not repeated here (test/cli/cli.test.ts): a path
 * that does not exist for `codemod`, a file with a syntax error (codemod and
 * audit), an unknown codemod name, --page-size -5 and 2.5, --strategy,
 * --cursor, --helper-path with another extension, a missing or malformed
 * --project tsconfig, a malformed or unknown-key config file; the walk's
 * symlink handling at unit level (test/cli/walk.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedTypes, seedData } from './generated.js';
import {
  type AuditJson,
  cli,
  type CodemodJson,
  type Run,
  snapshot,
  nobody,
  spawnCli,
  ROOMS_SCHEMA,
  tempProjects,
  UNBOUNDED,
} from './helpers.js';

const temp = tempProjects();

function expectUsageError(run: Run, message: string): void {
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(message);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
  expect(run.stdout).toBe('');
}

function expectNoTrace(run: Run): void {
  expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+|FATAL|Error:/);
}

describe('a path that does not exist', () => {
  it('audit: one line, exit 2, nothing written', async () => {
    const root = temp({ 'src/a.ts': UNBOUNDED });
    const before = snapshot(root);
    expectUsageError(await cli(root, 'audit', 'missing/dir'), 'no such file or directory: missing/dir');
    expect(snapshot(root)).toEqual(before);
  });
});

describe('a file where a folder is expected, and a folder where a file is', () => {
  it('audit and codemod take a single source file named on the command line, and only it', async () => {
    const root = temp({ ...ROOMS_SCHEMA, 'src/a.ts': UNBOUNDED, 'src/b.ts': UNBOUNDED });
    const before = snapshot(root);
    const audit = JSON.parse((await cli(root, 'audit', 'src/a.ts', '--format', 'json')).stdout) as AuditJson;
    expect(audit.files.scanned).toBe(1);
    expect(audit.results.map((r) => r.file)).toEqual(['src/a.ts']);
    const codemod = JSON.parse(
      (await cli(root, 'codemod', 'all', 'src/a.ts', '--dry-run', '--json')).stdout,
    ) as CodemodJson;
    expect(codemod.files.scanned).toBe(1);
    expect(codemod.changed).toEqual(['src/a.ts']);
    expect(snapshot(root)).toEqual(before);
  });

  it.each([
    [['audit', 'notes.md'], 'not a .ts, .tsx, .js, .jsx, .mts, .cts, .mjs or .cjs file: notes.md'],
    [
      ['codemod', 'all', 'notes.md', '--allow-dirty'],
      'not a .ts, .tsx, .js, .jsx, .mts, .cts, .mjs or .cjs file: notes.md',
    ],
    [['codemod', 'all', '--project', 'src', '--allow-dirty'], 'src: Cannot read file'],
    [['codemod', 'all', '--config', 'settings', '--allow-dirty'], 'cannot read the config file'],
  ])('%j: one line, exit 2, nothing written', async (argv, message) => {
    const root = temp({ ...ROOMS_SCHEMA, 'src/a.ts': UNBOUNDED, 'notes.md': '# notes\n', 'settings/.keep': '' });
    const before = snapshot(root);
    expectUsageError(await cli(root, ...argv), message);
    expect(snapshot(root)).toEqual(before);
  });

  it('a helper whose folder would be a file: the files that import it fail with the reason and are not written (exit 1)', async () => {
    const root = temp({ ...ROOMS_SCHEMA, 'src/a.ts': UNBOUNDED });
    const before = snapshot(root);
    const run = await cli(root, 'codemod', 'all', '--helper-path', 'src/a.ts/pages.ts', '--allow-dirty', '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as CodemodJson;
    expect(report.failed).toEqual([
      {
        file: 'src/a.ts',
        error: 'not written: cannot write src/a.ts/pages.ts: a file stands where its folder would be (EEXIST)',
      },
    ]);
    expect(report.changed).toEqual([]);
    expect(report.rewritten['paginate-selects']).toBe(0);
    expect(snapshot(root)).toEqual(before);
  });
});

describe('a binary file with a .ts name', () => {
  // a PNG header, NUL bytes, invalid UTF-8
  const png = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe, 0x00, 0x80, 0xc3,
    0x28,
  ]);
  // binary bytes around text that looks like a read: it must be parsed, and it does not parse
  const blob = Buffer.concat([png, Buffer.from("\nsupabase.from('rooms').select('*');\n"), png]);

  it('that cannot hold a finding is scanned and skipped, and left as it was', async () => {
    const root = temp({ ...ROOMS_SCHEMA, 'src/a.ts': UNBOUNDED, 'src/logo.ts': png });
    const before = snapshot(root);
    const audit = await cli(root, 'audit', '--format', 'json');
    expect(audit.status).toBe(0);
    const report = JSON.parse(audit.stdout) as AuditJson;
    expect(report.files).toEqual({ scanned: 2, parsed: 1, failed: 0 });
    expect(report.results.map((r) => r.file)).toEqual(['src/a.ts']);
    const codemod = await cli(root, 'codemod', 'all', '--dry-run', '--json');
    expect(codemod.status).toBe(0);
    expect((JSON.parse(codemod.stdout) as CodemodJson).files).toEqual({
      scanned: 2,
      changed: 1,
      unchanged: 1,
      failed: 0,
      skipped: 0,
    });
    expectNoTrace(audit);
    expectNoTrace(codemod);
    expect(snapshot(root)).toEqual(before);
  });

  it('that must be parsed is reported as not parsing, per file, and never written, even when writing is asked for', async () => {
    const root = temp({ ...ROOMS_SCHEMA, 'src/a.ts': UNBOUNDED, 'src/blob.ts': blob });
    const audit = await cli(root, 'audit', '--format', 'json');
    // a file not audited fails the gate, whatever the findings, and says which on stderr
    expect(audit.status).toBe(1);
    expect(audit.stderr).toMatch(
      /^supabase-scale: not audited: src\/blob\.ts: does not parse \(line \d+:\d+: [^\n]+\)\n/,
    );
    expect(audit.stderr).toContain('supabase-scale: 1 file could not be audited: exit 1\n');
    const report = JSON.parse(audit.stdout) as AuditJson;
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.file).toBe('src/blob.ts');
    expect(report.failed[0]!.error).toMatch(/^does not parse \(line \d+:\d+: /);
    expect(report.results.map((r) => r.file)).toEqual(['src/a.ts']);

    const codemod = await cli(root, 'codemod', 'all', '--allow-dirty', '--no-color');
    expect(codemod.status).toBe(1);
    expect(codemod.stdout).toMatch(
      /failed \(1\), left untouched:\n {4}src\/blob\.ts {2}does not parse \(line \d+:\d+: [^\n]+\)\n/,
    );
    expect(readFileSync(path.join(root, 'src/blob.ts'))).toEqual(blob);
    // what was asked for still happens to the other file
    expect(readFileSync(path.join(root, 'src/a.ts'), 'utf8')).toContain('selectAllPages');
    expectNoTrace(audit);
    expectNoTrace(codemod);
  });
});

describe('generated files (5 MB ones in `npm run test:scale`)', () => {
  it('are audited and rewritten like any other file: per-file results, no trace, nothing written on a dry run', async () => {
    const KB64 = 2 ** 16;
    const seed = seedData(KB64);
    const root = temp({ 'src/database.types.ts': generatedTypes(KB64), 'src/seed-data.ts': seed.text });
    const before = snapshot(root);
    expect(readFileSync(path.join(root, 'src/seed-data.ts')).length).toBeGreaterThanOrEqual(KB64);
    expect(readFileSync(path.join(root, 'src/database.types.ts')).length).toBeGreaterThanOrEqual(KB64);

    const audit = await cli(root, 'audit', '--format', 'json');
    expect(audit.stderr).toBe('');
    expect(audit.status).toBe(0);
    const report = JSON.parse(audit.stdout) as AuditJson;
    expect(report.files).toEqual({ scanned: 2, parsed: 1, failed: 0 });
    expect(report.results.map((r) => `${r.file}:${r.line} ${r.rule}`)).toEqual([
      `src/seed-data.ts:${seed.readLine} require-pagination`,
    ]);
    const codemod = await cli(root, 'codemod', 'all', '--dry-run', '--json');
    expect(codemod.stderr).toBe('');
    expect(codemod.status).toBe(0);
    const rewrite = JSON.parse(codemod.stdout) as CodemodJson;
    expect(rewrite.failed).toEqual([]);
    expect(rewrite.files).toEqual({ scanned: 2, changed: 1, unchanged: 1, failed: 0, skipped: 0 });
    expect(rewrite.rewritten['paginate-selects']).toBe(1);
    expect(snapshot(root)).toEqual(before);
  });

  it('past the size or the site limit, are skipped by the codemods with the reason (exit 1); a file that cannot hold a site is not', async () => {
    const KB64 = 2 ** 16;
    const reads = Array.from(
      { length: 5 },
      (_, index) =>
        `export const read${index} = () => supabase.from('t${index}').select('id').then(({ data }) => data);\n`,
    ).join('');
    const root = temp({
      'src/database.types.ts': generatedTypes(KB64),
      'src/seed-data.ts': seedData(KB64).text,
      'src/many.ts': `import { supabase } from './supabase';\n${reads}`,
    });
    const before = snapshot(root);
    const codemod = await cli(
      root,
      'codemod',
      'all',
      '--json',
      '--allow-dirty',
      '--max-file-size',
      '32KB',
      '--max-sites',
      '3',
    );
    expect(codemod.stderr).toBe('');
    expect(codemod.status).toBe(1);
    const rewrite = JSON.parse(codemod.stdout) as CodemodJson & { skipped: { file: string; reason: string }[] };
    expect(rewrite.skipped).toEqual([
      {
        file: 'src/many.ts',
        reason: '5 sites, more than the limit of 3 a file (--max-sites, or maxSites in the config)',
      },
      {
        file: 'src/seed-data.ts',
        reason: `${Number((Buffer.byteLength(seedData(KB64).text) / 1024).toFixed(1))} KB, larger than the limit of 32 KB a file (--max-file-size, or maxFileSize in the config)`,
      },
    ]);
    expect(rewrite.files).toEqual({ scanned: 3, changed: 0, unchanged: 1, failed: 0, skipped: 2 });
    expect(snapshot(root)).toEqual(before);
    const pretty = await cli(root, 'codemod', 'all', '--dry-run', '--no-color', '--max-sites', '3');
    expect(pretty.stdout).toContain(
      '  skipped (1), left untouched:\n    src/many.ts  5 sites, more than the limit of 3 a file (--max-sites, or maxSites in the config)\n',
    );
  });
});

describe('a symlink loop', () => {
  it('ends: every real file is audited and rewritten once, no trace, nothing written on a dry run', async () => {
    const root = temp({ ...ROOMS_SCHEMA, 'src/a.ts': UNBOUNDED, 'src/deep/b.ts': UNBOUNDED });
    symlinkSync(path.join(root, 'src'), path.join(root, 'src', 'deep', 'up'), 'dir');
    symlinkSync('.', path.join(root, 'src', 'self'), 'dir');
    mkdirSync(path.join(root, 'loop'));
    symlinkSync(path.join(root, 'loop'), path.join(root, 'loop', 'again'), 'dir');
    const before = snapshot(root);
    const audit = await cli(root, 'audit', '--format', 'json');
    expect(audit.status).toBe(0);
    const report = JSON.parse(audit.stdout) as AuditJson;
    expect(report.files.scanned).toBe(2);
    expect(report.results.map((r) => r.file).sort()).toEqual(['src/a.ts', 'src/deep/b.ts']);
    const codemod = await cli(root, 'codemod', 'all', '--dry-run', '--json');
    expect(codemod.status).toBe(0);
    expect((JSON.parse(codemod.stdout) as CodemodJson).changed.sort()).toEqual(['src/a.ts', 'src/deep/b.ts']);
    expectNoTrace(audit);
    expectNoTrace(codemod);
    expect(snapshot(root)).toEqual(before);
  });
});

describe('an unreadable file', () => {
  /**
   * chmod 000 does not stop root, and these tests may run as root: then the
   * CLI runs as the unprivileged user `nobody` (a child process with its uid
   * and gid), for whom the file really is unreadable. As any other user, the
   * file is unreadable to the CLI in this process.
   */
  const asRoot = process.getuid?.() === 0;

  it(`is reported per file (${asRoot ? 'run as nobody: this process is root' : 'run as this user'}), the others are processed, nothing is written`, async () => {
    const root = temp({ ...ROOMS_SCHEMA, 'src/a.ts': UNBOUNDED, 'src/secret.ts': UNBOUNDED });
    chmodSync(root, 0o755);
    chmodSync(path.join(root, 'src'), 0o755);
    // writable by anyone: the run as nobody would change it (a file it cannot write is skipped as read-only)
    chmodSync(path.join(root, 'src', 'a.ts'), 0o666);
    chmodSync(path.join(root, 'src', 'secret.ts'), 0o000);
    const run = (args: string[]) => (asRoot ? spawnCli(root, args, nobody()) : cli(root, ...args));
    if (asRoot) {
      // the premise: as nobody, the file cannot be read (and the other one can)
      const probe = spawnSync('cat', ['src/secret.ts', 'src/a.ts'], { cwd: root, ...nobody(), encoding: 'utf8' });
      expect(probe.stderr).toContain('Permission denied');
      expect(probe.stdout).toBe(UNBOUNDED);
    }
    const before = snapshot(root);

    const audit = await run(['audit', '--format', 'json']);
    expect(audit.status).toBe(1);
    const report = JSON.parse(audit.stdout) as AuditJson;
    expect(report.failed).toEqual([{ file: 'src/secret.ts', error: 'cannot be read' }]);
    expect(report.results.map((r) => r.file)).toEqual(['src/a.ts']);

    const codemod = await run(['codemod', 'all', '--dry-run', '--json']);
    expect(codemod.status).toBe(1);
    const rewrite = JSON.parse(codemod.stdout) as CodemodJson;
    expect(rewrite.failed).toEqual([{ file: 'src/secret.ts', error: 'cannot be read' }]);
    expect(rewrite.changed).toEqual(['src/a.ts']);
    expect(audit.stderr).toBe(
      'supabase-scale: not audited: src/secret.ts: cannot be read\nsupabase-scale: 1 file could not be audited: exit 1\n',
    );
    expect(codemod.stderr).toBe('');
    expect(snapshot(root)).toEqual(before);
  });
});

describe('invalid option values', () => {
  it.each([
    [
      ['codemod', 'all', '--page-size', '0', '--allow-dirty'],
      {},
      '--page-size must be a whole number of rows, 1 or more; got "0"',
    ],
    [
      ['codemod', 'all', '--page-size', 'many', '--allow-dirty'],
      {},
      '--page-size must be a whole number of rows, 1 or more; got "many"',
    ],
    [
      ['codemod', 'all', '--allow-dirty'],
      { 'supabase-scale.config.json': '{ "pageSize": -1 }' },
      'supabase-scale.config.json: pageSize must be a whole number of rows, 1 or more; got -1',
    ],
    [
      ['codemod', 'all', '--allow-dirty'],
      { 'supabase-scale.config.json': '{ "cursor": "id; drop table rooms" }' },
      'supabase-scale.config.json: cursor must be a column name',
    ],
    [
      ['codemod', 'all', '--allow-dirty'],
      { 'supabase-scale.config.json': '{ "strategy": "some-pages" }' },
      'supabase-scale.config.json: strategy must be one of all-pages, first-page',
    ],
    [
      ['codemod', 'all', '--max-file-size', 'huge', '--allow-dirty'],
      {},
      '--max-file-size must be a size: bytes, or a number with KB or MB (such as 512KB); got "huge"',
    ],
    [
      ['codemod', 'all', '--max-sites', '0', '--allow-dirty'],
      {},
      '--max-sites must be a whole number of sites, 1 or more; got "0"',
    ],
    [
      ['codemod', 'all', '--allow-dirty'],
      { 'supabase-scale.config.json': '{ "maxFileSize": -5 }' },
      'supabase-scale.config.json: maxFileSize must be a size: bytes, or a number with KB or MB (such as 512KB); got -5',
    ],
    // settings that are a rule's options: checked against the rule's schema, the item that fails named
    [
      ['codemod', 'all', '--allow-dirty'],
      { 'supabase-scale.config.json': '{ "names": ["fullSync", "full-sync"] }' },
      'supabase-scale.config.json: names must be a list of function names; got "full-sync" at names[1]',
    ],
    [
      ['codemod', 'all', '--allow-dirty'],
      { 'supabase-scale.config.json': '{ "replacement": "delta sync" }' },
      'supabase-scale.config.json: replacement must be a function name; got "delta sync"',
    ],
    [
      ['codemod', 'all', '--allow-dirty'],
      { 'supabase-scale.config.json': '{ "uniqueColumns": { "profiles": "user_id" } }' },
      'supabase-scale.config.json: uniqueColumns must be a list of column names, or a map from table names (or *) to lists of column names; got "user_id" at uniqueColumns.profiles',
    ],
    [
      ['codemod', 'all', '--allow-dirty'],
      { 'supabase-scale.config.json': '{ "allowIn": ["deltaSync", "deltaSync"] }' },
      'supabase-scale.config.json: allowIn must be a list of function names; "deltaSync" is listed twice',
    ],
    [['codemod', 'all', '--allow-dirty'], { 'supabase-scale.config.json': '[1, 2]' }, 'not a JSON object'],
    // a malformed tsconfig.json the user did not name is a warning (test/codemods/layouts.test.ts)
    [
      ['codemod', 'all', '--project', 'tsconfig.app.json', '--allow-dirty'],
      { 'tsconfig.app.json': '{ "extends": "./missing-base.json" }' },
      'malformed tsconfig',
    ],
    [['audit', '--max-findings', '-1'], {}, "--max-findings must be a whole number, 0 or more; got '-1'"],
  ])('%j with %j: one line, exit 2, nothing written', async (argv, files, message) => {
    const root = temp({ ...ROOMS_SCHEMA, 'src/a.ts': UNBOUNDED, ...files });
    const before = snapshot(root);
    expectUsageError(await cli(root, ...argv), message);
    expect(snapshot(root)).toEqual(before);
  });
});
