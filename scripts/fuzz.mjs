#!/usr/bin/env node
// `npm run fuzz`: the fuzz properties of test/fuzz with a large budget.
// `npm test` runs the same properties with a fixed seed and a small budget.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HELP = `Usage: npm run fuzz -- [options]

Runs the fuzz properties of test/fuzz (fast-check) with a large budget.
A failing case is shrunk and printed with the seed that replays it.

Options:
  --runs N   runs per property (default 2000; npm test uses 30)
  --seed N   fast-check seed (default: a new one each time, printed)
  --help     this text`;

const args = process.argv.slice(2);
let runs = 2000;
let seed = Math.floor(Math.random() * 2 ** 31);
/** @type {(name: string, value: string | undefined) => number} */
const positive = (name, value) => {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1) {
    console.error(`fuzz: ${name} needs a positive integer, got ${value === undefined ? 'nothing' : `'${value}'`}`);
    process.exit(2);
  }
  return Number(value);
};
for (let i = 0; i < args.length; i += 1) {
  const arg = args[i];
  if (arg === '--help' || arg === '-h') {
    console.log(HELP);
    process.exit(0);
  } else if (arg === '--runs') runs = positive(arg, args[++i]);
  else if (arg === '--seed') seed = positive(arg, args[++i]);
  else {
    console.error(`fuzz: unknown option '${arg}' (see --help)`);
    process.exit(2);
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
console.log(`fuzz: seed ${seed}, ${runs} runs a property (replay with: npm run fuzz -- --seed ${seed} --runs ${runs})`);
const result = spawnSync(process.execPath, [vitest, 'run', 'test/fuzz'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed) },
});
process.exit(result.status ?? 1);
