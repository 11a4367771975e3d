#!/usr/bin/env node
// `npm run demo`: audits the embedded sample chat app (fixtures/demo-app) with
// the CLI built into dist/ (by the npm script), then shows what the codemods
// would change there, as a diff, writing nothing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const app = path.join(root, 'fixtures', 'demo-app');
const bin = path.join(root, 'dist', 'cli', 'bin.js');

function run(title, args) {
  console.log(`\n$ supabase-scale ${args.join(' ')}    # ${title}\n`);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: app, stdio: 'inherit' });
  return result.status ?? 1;
}

const audit = run('in fixtures/demo-app', ['audit']);
const codemod = run('nothing is written', ['codemod', 'all', '--dry-run', '--diff']);
process.exitCode = audit !== 0 ? audit : codemod;
