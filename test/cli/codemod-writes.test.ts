/**
 * How `supabase-scale codemod` writes, and fails closed: a read-only file is
 * skipped with the reason (a write that fails, as another user, is in
 * test/scale/cli-edges.test.ts), SIGINT or SIGTERM between two files
 * stops the run with what was written said and no temporary file left,
 * `-o` puts the report in a file.
 */
import { EventEmitter } from 'node:events';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { cli, type CodemodJson, tablesKeyedById, tempProjects, UNBOUNDED } from './helpers.js';

const temp = tempProjects();

/** UNBOUNDED reading table `table` (each of these files is rewritten to selectAllPages). */
function reads(table: string): string {
  return UNBOUNDED.replaceAll('rooms', table);
}

/** Every file and folder under `root`, relative, sorted: a temporary file left behind would show. */
function tree(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((entry) => entry.split(path.sep).join('/'))
    .sort();
}

interface Skipped {
  skipped: { file: string; reason: string }[];
}

describe('a read-only file', () => {
  it('is skipped with the reason, not replaced (even as root); the others are written; exit 1', async () => {
    const root = temp({ ...tablesKeyedById('rooms', 'notes'), 'src/a.ts': reads('rooms'), 'src/b.ts': reads('notes') });
    chmodSync(path.join(root, 'src', 'b.ts'), 0o444);
    for (const dryRun of [true, false]) {
      const run = await cli(root, 'codemod', 'all', '--allow-dirty', '--json', ...(dryRun ? ['--dry-run'] : []));
      expect(run.stderr).toBe('');
      expect(run.status).toBe(1);
      const report = JSON.parse(run.stdout) as CodemodJson & Skipped;
      expect(report.skipped).toEqual([
        { file: 'src/b.ts', reason: 'read-only: not rewritten (make it writable, then run the codemod again)' },
      ]);
      expect(report.changed).toEqual(['src/a.ts']);
      expect(report.rewritten['paginate-selects']).toBe(1);
    }
    expect(readFileSync(path.join(root, 'src', 'b.ts'), 'utf8')).toBe(reads('notes'));
    expect(readFileSync(path.join(root, 'src', 'a.ts'), 'utf8')).toContain('selectAllPages');
  });
});

class Capture extends Writable {
  text = '';
  constructor(
    readonly isTTY: boolean,
    private readonly onText: (text: string) => void = () => undefined,
  ) {
    super();
  }
  columns = 80;
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    this.onText(chunk.toString());
    done();
  }
}

describe('SIGINT or SIGTERM', () => {
  it('while writing: the file in flight is finished, nothing more is written, what was is said; exit 130, no temporary file', async () => {
    const tables = ['t0', 't1', 't2', 't3', 't4'];
    const files = Object.fromEntries(tables.map((table) => [`src/${table}.ts`, reads(table)]));
    const root = temp({ ...tablesKeyedById(...tables), ...files });
    const signals = new EventEmitter();
    // the signal comes as the first rewritten file is written (the progress line on a terminal's stderr says so)
    const stderr = new Capture(true, (text) => {
      if (text.includes('writing [') && signals.listenerCount('SIGINT') > 0) signals.emit('SIGINT');
    });
    const stdout = new Capture(false);
    const status = await main(['codemod', 'all', '--allow-dirty', '--no-color'], {
      cwd: root,
      stdout,
      stderr,
      env: {},
      signals,
    });
    expect(status).toBe(130);
    const written = tables.filter((table) =>
      readFileSync(path.join(root, 'src', `${table}.ts`), 'utf8').includes('selectAllPages'),
    );
    expect(written).toEqual(['t0']);
    for (const table of tables.slice(1)) {
      expect(readFileSync(path.join(root, 'src', `${table}.ts`), 'utf8')).toBe(reads(table));
    }
    expect(tree(path.join(root, 'src')).filter((entry) => entry.endsWith('.tmp'))).toEqual([]);
    expect(stdout.text).toContain('  files: 5 scanned, 1 changed, 0 unchanged, 0 failed\n');
    expect(stdout.text).toContain('  paginate-selects: 1 site rewritten\n');
    expect(stdout.text).toContain(
      '  interrupted by SIGINT: 4 files not written (as they were):\n    src/t1.ts\n    src/t2.ts\n    src/t3.ts\n    src/t4.ts\n',
    );
    expect(stderr.text).toContain(
      'supabase-scale: interrupted by SIGINT: 1 file written, 4 not (run the codemod again to finish)\n',
    );
    expect(signals.listenerCount('SIGINT')).toBe(0);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('before anything is written: nothing is, exit 143 for SIGTERM', async () => {
    const root = temp({ ...tablesKeyedById('t0', 't1'), 'src/t0.ts': reads('t0'), 'src/t1.ts': reads('t1') });
    const signals = new EventEmitter();
    const stderr = new Capture(true, (text) => {
      if (text.includes('codemod all [') && signals.listenerCount('SIGTERM') > 0) signals.emit('SIGTERM');
    });
    const stdout = new Capture(false);
    const status = await main(['codemod', 'all', '--allow-dirty', '--json'], {
      cwd: root,
      stdout,
      stderr,
      env: {},
      signals,
    });
    expect(status).toBe(143);
    const report = JSON.parse(stdout.text) as CodemodJson & { interrupted: { signal: string; notWritten: string[] } };
    expect(report.interrupted).toEqual({ signal: 'SIGTERM', notWritten: ['src/t0.ts'] });
    expect(report.changed).toEqual([]);
    expect(report.files.scanned).toBe(1);
    expect(report.created).toEqual([]);
    expect(readFileSync(path.join(root, 'src', 't0.ts'), 'utf8')).toBe(reads('t0'));
    expect(tree(root)).toEqual([
      'src',
      'src/t0.ts',
      'src/t1.ts',
      'supabase',
      'supabase/migrations',
      'supabase/migrations/20240101000000_init.sql',
    ]);
  });
});

describe('-o, --output-file', () => {
  it('puts the report (summary or --json) in the file, and nothing on stdout', async () => {
    const root = temp({ ...tablesKeyedById('rooms'), 'src/a.ts': reads('rooms') });
    const pretty = await cli(root, 'codemod', 'all', '--dry-run', '--diff', '-o', 'report.txt');
    expect(pretty.status).toBe(0);
    expect(pretty.stdout).toBe('');
    const text = readFileSync(path.join(root, 'report.txt'), 'utf8');
    expect(text).toContain('+++ b/src/a.ts');
    expect(text).toContain('paginate-selects: 1 site rewritten');
    expect(text).not.toContain('\u001b[');
    const json = await cli(root, 'codemod', 'all', '--dry-run', '--json', '--output-file', 'out/report.json');
    expect(json.status).toBe(2);
    expect(json.stderr).toBe('supabase-scale: --output-file out/report.json: no such folder out\n');
    const again = await cli(root, 'codemod', 'all', '--dry-run', '--json', '--output-file', 'report.json');
    expect(again.stdout).toBe('');
    expect((JSON.parse(readFileSync(path.join(root, 'report.json'), 'utf8')) as CodemodJson).changed).toEqual([
      'src/a.ts',
    ]);
  });
});
