/**
 * `npm run test:scale`: 5 MB generated files, audited and rewritten by the
 * built CLI (dist/) in child processes, as a project would run it. The same
 * cases at 64 KB, in-process, are part of `npm test`
 * (test/cli/bad-input.test.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedTypes, seedData } from '../cli/generated.js';
import { type AuditJson, BIN, type CodemodJson, type Run, snapshot, spawnCli, tempProjects } from '../cli/helpers.js';

const temp = tempProjects();
const MB5 = 5 * 2 ** 20;
const GB1 = 2 ** 30;

type Skipping = CodemodJson & { files: { skipped: number }; skipped: { file: string; reason: string }[] };

/**
 * Preloaded into a measured child (`node --import`): at exit, writes the
 * process's peak resident memory (getrusage's maxRSS, in KB: every thread,
 * the heap and what lies outside it) to $SUPABASE_SCALE_PEAK_RSS_FILE.
 */
const PEAK_RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(process.env.SUPABASE_SCALE_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));",
)}`;

type Measured = Run & { peakRssBytes: number };

/**
 * The built CLI in a child process whose V8 heap may not grow past 1 GB (past
 * it, V8 aborts the process), with its peak resident memory.
 */
function spawnCliIn1Gb(cwd: string, args: string[]): Promise<Measured> {
  const peakFile = path.join(mkdtempSync(path.join(tmpdir(), 'supabase-scale-rss-')), 'peak');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=1024', '--import', PEAK_RSS_HOOK, BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', SUPABASE_SCALE_PEAK_RSS_FILE: peakFile },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (status) => {
      // no file: the process died before its exit handlers ran (a heap crash)
      const peakRssBytes = existsSync(peakFile) ? Number(readFileSync(peakFile, 'utf8')) * 1024 : Number.NaN;
      rmSync(path.dirname(peakFile), { recursive: true, force: true });
      resolve({ status: status ?? -1, stdout, stderr, peakRssBytes });
    });
  });
}

/** A generated module of `count` exported reads, each an unbounded select: 35,000 of them make about 5 MB. */
function manyReads(count: number): string {
  let text = "import { supabase } from './supabase';\n\n";
  for (let index = 0; index < count; index += 1) {
    text += `export async function read${index}() {\n  const { data, error } = await supabase.from('table_${index % 50}').select('id, name');\n  return { data, error };\n}\n`;
  }
  return text;
}

describe('5 MB generated files', () => {
  it(
    'are audited like any other file; the codemods skip the one that may hold a site with the reason (exit 1), write nothing, no trace',
    { timeout: 900_000 },
    async () => {
      // `supabase gen types` output: large, nothing to find (skipped by the text test);
      // seed data: large, and one read at the end, so the whole file is parsed
      const seed = seedData(MB5);
      const root = temp({ 'src/database.types.ts': generatedTypes(MB5), 'src/seed-data.ts': seed.text });
      const before = snapshot(root);
      expect(readFileSync(path.join(root, 'src/seed-data.ts')).length).toBeGreaterThanOrEqual(MB5);
      expect(readFileSync(path.join(root, 'src/database.types.ts')).length).toBeGreaterThanOrEqual(MB5);

      const [audit, codemod] = await Promise.all([
        spawnCli(root, ['audit', '--format', 'json']),
        spawnCliIn1Gb(root, ['codemod', 'all', '--dry-run', '--json']),
      ]);
      expect(audit.stderr).toBe('');
      expect(audit.status).toBe(0);
      const report = JSON.parse(audit.stdout) as AuditJson;
      expect(report.files).toEqual({ scanned: 2, parsed: 1, failed: 0 });
      expect(report.results.map((r) => `${r.file}:${r.line} ${r.rule}`)).toEqual([
        `src/seed-data.ts:${seed.readLine} require-pagination`,
      ]);
      expect(codemod.stderr).toBe('');
      expect(codemod.status).toBe(1);
      const rewrite = JSON.parse(codemod.stdout) as Skipping;
      expect(rewrite.failed).toEqual([]);
      expect(rewrite.skipped).toEqual([
        {
          file: 'src/seed-data.ts',
          reason: '5 MB, larger than the limit of 512 KB a file (--max-file-size, or maxFileSize in the config)',
        },
      ]);
      expect(rewrite.files).toEqual({ scanned: 2, changed: 0, unchanged: 1, failed: 0, skipped: 1 });
      expect(codemod.peakRssBytes).toBeLessThanOrEqual(GB1);
      expect(snapshot(root)).toEqual(before);
    },
  );

  it(
    'a file of 35,000 selects is skipped by the codemods with a one-line reason, in a heap of 1 GB and at most 1 GB resident (it crashed at 4.4 GB), even when it is written to',
    { timeout: 900_000 },
    async () => {
      const text = manyReads(35_000);
      expect(text.length).toBeGreaterThan(4.5 * 2 ** 20);
      const root = temp({ 'src/generated.ts': text, 'src/supabase.ts': 'export const supabase = {} as never;\n' });
      const before = snapshot(root);
      for (const args of [
        ['codemod', 'all', '--dry-run'],
        ['codemod', 'paginate-selects', '--allow-dirty'],
      ]) {
        const run = await spawnCliIn1Gb(root, args);
        expect(run.stderr).toBe('');
        expect(run.status).toBe(1);
        expect(run.stdout).toContain(
          '  skipped (1), left untouched:\n    src/generated.ts  4.7 MB, larger than the limit of 512 KB a file (--max-file-size, or maxFileSize in the config)\n',
        );
        // the peak resident memory of the whole process (the heap, the parser's buffers, every thread)
        expect(run.peakRssBytes).toBeLessThanOrEqual(GB1);
      }
      // under a higher size limit, the site limit holds it (after one parse)
      const sites = await spawnCli(root, ['codemod', 'all', '--dry-run', '--max-file-size', '8MB']);
      expect(sites.stderr).toBe('');
      expect(sites.status).toBe(1);
      expect(sites.stdout).toContain(
        '    src/generated.ts  35,000 sites, more than the limit of 1,000 a file (--max-sites, or maxSites in the config)\n',
      );
      // with both limits raised, a parse that would not fit in the heap left skips the file (it was V8's abort)
      const raised = await spawnCliIn1Gb(root, [
        'codemod',
        'all',
        '--dry-run',
        '--max-file-size',
        '8MB',
        '--max-sites',
        '100000',
      ]);
      expect(raised.stderr).toBe('');
      expect(raised.status).toBe(1);
      expect(raised.stdout).toMatch(
        /\n {4}src\/generated\.ts {2}the file \(4\.7 MB\) needs about \d+(\.\d)? MB of memory to parse, more than the \d+(\.\d)? MB this process has left \(raise it with NODE_OPTIONS=--max-old-space-size=<MB>\)\n/,
      );
      expect(raised.peakRssBytes).toBeLessThanOrEqual(GB1);
      expect(snapshot(root)).toEqual(before);
    },
  );
});
