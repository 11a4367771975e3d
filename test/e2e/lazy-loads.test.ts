/**
 * What the built CLI loads: `audit --engine oxlint` leaves the parsing to
 * oxlint, and once the schema and the imported modules' facts are on disk
 * its own process parses nothing, so it must not load TypeScript (a second
 * of CPU, with @typescript-eslint/parser) nor the SQL parser's WebAssembly.
 * A first run, with nothing on disk yet, loads the SQL parser and parses. `npm
 * test` builds dist/ first.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(repo, 'dist', 'cli', 'bin.js');
let root: string;
let hook: string;

/**
 * Prints each package the process (or a worker thread of it) loads through
 * require, synchronously (an ESM loader hook runs on its own thread, and what
 * it writes can be lost at exit). libpg-query is imported, not required: its
 * CommonJS entry's own require of @pgsql/types marks it.
 */
const HOOK = `
const Module = require('node:module');
const load = Module._load;
const seen = new Set();
Module._load = function (request) {
  const name = request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : request.split('/')[0];
  if (!request.startsWith('.') && !request.startsWith('/') && !Module.isBuiltin(request) && !seen.has(name)) {
    seen.add(name);
    process.stderr.write('loaded ' + name + '\\n');
  }
  return load.apply(this, arguments);
};
`;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-lazy-'));
  cpSync(path.join(repo, 'fixtures', 'demo-app'), path.join(root, 'app'), { recursive: true });
  hook = path.join(root, 'hook.cjs');
  writeFileSync(hook, HOOK);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function audit(): { loaded: string[]; findings: number } {
  const run = spawnSync(
    process.execPath,
    ['--require', hook, BIN, 'audit', path.join(root, 'app'), '--engine', 'oxlint', '--format', 'json'],
    {
      encoding: 'utf8',
      cwd: root,
      env: { ...process.env, SUPABASE_SCALE_SCHEMA_CACHE: path.join(root, 'cache') },
    },
  );
  // exit 0: the audit reports findings without failing unless asked to (--max-findings)
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout, run.stderr).not.toBe('');
  const loaded = [...run.stderr.matchAll(/^loaded (\S+)$/gm)].map((m) => m[1]!);
  const report = JSON.parse(run.stdout) as { results: unknown[] };
  return { loaded, findings: report.results.length };
}

describe('audit --engine oxlint, the CLI process', () => {
  it('loads the SQL parser on a first run, and on the next neither it nor TypeScript, with the same findings', () => {
    const first = audit();
    expect(first.findings).toBeGreaterThan(0);
    expect(first.loaded, first.loaded.join(' ')).toContain('@pgsql/types');
    const next = audit();
    expect(next.findings).toBe(first.findings);
    expect(next.loaded).not.toContain('@pgsql/types');
    expect(next.loaded).not.toContain('ts-morph');
    expect(next.loaded).not.toContain('typescript');
    expect(next.loaded).not.toContain('@typescript-eslint/parser');
  }, 120_000);
});
