#!/usr/bin/env node
// `npm run demo`: audits the embedded sample chat app (fixtures/demo-app) with
// the CLI built into dist/ (by the npm script), then shows what the codemods
// would change there, as a diff, writing nothing. Last, on a scratch copy, it
// runs the codemods for real, makes the fixes they leave to a person (the
// demo-fixes.mjs list) and audits again: the sync verdict goes from NOT
// verified, with its reasons, to verified.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_FIXES } from './demo-fixes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const app = path.join(root, 'fixtures', 'demo-app');
const bin = path.join(root, 'dist', 'cli', 'bin.js');

/**
 * @param {string} title
 * @param {string[]} args
 * @param {string} [cwd] where the CLI runs (the demo app by default)
 * @returns {number} the exit status
 */
function run(title, args, cwd = app) {
  console.log(`\n$ supabase-scale ${args.join(' ')}    # ${title}\n`);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, stdio: 'inherit' });
  return result.status ?? 1;
}

/** The scratch copy after `codemod all` and the manual fixes; returns the audit's exit status. */
function afterFixes() {
  const copy = mkdtempSync(path.join(tmpdir(), 'supabase-scale-demo-'));
  try {
    cpSync(app, copy, { recursive: true });
    const git = (/** @type {string[]} */ ...args) =>
      execFileSync('git', ['-c', 'user.name=demo', '-c', 'user.email=demo@example.com', ...args], { cwd: copy });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'demo app');
    spawnSync(process.execPath, [bin, 'codemod', 'all', '--no-color'], { cwd: copy, stdio: 'ignore' });
    console.log('\n# on a scratch copy: `supabase-scale codemod all`, then the fixes it leaves to a person:');
    for (const fix of DEMO_FIXES) {
      const file = path.join(copy, fix.file);
      const before = readFileSync(file, 'utf8');
      const after = fix.apply(before);
      if (after === before) throw new Error(`demo fix '${fix.why}' no longer applies to ${fix.file}`);
      writeFileSync(file, after);
      console.log(`#   ${fix.file}: ${fix.why}`);
    }
    console.log('\n$ supabase-scale audit --require-verified    # the same app, after the codemods and the fixes\n');
    const audit = spawnSync(process.execPath, [bin, 'audit', '--require-verified', '--no-color'], {
      cwd: copy,
      encoding: 'utf8',
    });
    process.stdout.write(audit.stdout.slice(audit.stdout.indexOf('Sync verdict')));
    return audit.status ?? 1;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const audit = run('in fixtures/demo-app', ['audit']);
const codemod = run('nothing is written', ['codemod', 'all', '--dry-run', '--diff']);
const fixed = afterFixes();
process.exitCode = audit !== 0 ? audit : codemod !== 0 ? codemod : fixed;
