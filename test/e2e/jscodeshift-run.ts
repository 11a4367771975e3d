/**
 * A codemod's fixture inputs run through jscodeshift's own runner, with the
 * transform taken from the package as a project installs it
 * (node_modules/eslint-plugin-supabase-scale/transforms/<codemod>.cjs), and
 * through `supabase-scale codemod <name>` (without --project): both must give
 * the same files, the fixture outputs, and jscodeshift's report must name
 * every site left. test/e2e/jscodeshift.test.ts runs it on a few cases of each
 * codemod (one of each file kind, and one with sites left);
 * test/scale/jscodeshift.test.ts on every case.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { type FixtureCase, fixtureCases, FIXTURES } from '../codemods/harness.js';

export const root = path.resolve(import.meta.dirname, '..', '..');

/** The cases of a codemod that use the default settings (the runner passes none). */
export function defaultCases(codemod: string): FixtureCase[] {
  return fixtureCases(codemod).filter((c) => !existsSync(path.join(FIXTURES, codemod, `${c.name}.options.json`)));
}

/** A few cases standing for all: the first of each file kind, and the first with a site left. */
export function representativeCases(codemod: string): FixtureCase[] {
  const cases = defaultCases(codemod);
  const picked = new Set<FixtureCase>();
  for (const ext of new Set(cases.map((c) => c.ext))) picked.add(cases.find((c) => c.ext === ext)!);
  const left = cases.find((c) => c.left.length > 0);
  if (left) picked.add(left);
  return cases.filter((c) => picked.has(c));
}

/** A project holding these inputs as src/<case>.<ext>, the codemod's lib/ and the folder's supabase/. */
function fixtureProject(codemod: string, cases: readonly FixtureCase[], temps: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), `supabase-scale-jscodeshift-${codemod}-`));
  temps.push(dir);
  mkdirSync(path.join(dir, 'src', 'lib'), { recursive: true });
  for (const c of cases) writeFileSync(path.join(dir, 'src', `${c.name}.${c.ext}`), c.input);
  const lib = path.join(FIXTURES, codemod, 'lib');
  if (existsSync(lib)) cpSync(lib, path.join(dir, 'src', 'lib'), { recursive: true });
  // the folder's database schema (supabase/migrations), found from each file as in a real project
  const supabase = path.join(FIXTURES, codemod, 'supabase');
  if (existsSync(supabase)) cpSync(supabase, path.join(dir, 'supabase'), { recursive: true });
  writeFileSync(path.join(dir, 'tsconfig.json'), '{}\n');
  return dir;
}

function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, name.name);
      if (name.name === 'node_modules') continue;
      if (name.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

/** Runs `cases` of `codemod` through jscodeshift's runner and through the CLI; asserts they agree with the fixtures. */
export function expectJscodeshiftAsCli(codemod: string, cases: readonly FixtureCase[], temps: string[]): void {
  const viaJscodeshift = fixtureProject(codemod, cases, temps);
  const viaCli = fixtureProject(codemod, cases, temps);
  // installed as a dependency of the project
  mkdirSync(path.join(viaJscodeshift, 'node_modules'));
  symlinkSync(root, path.join(viaJscodeshift, 'node_modules', 'eslint-plugin-supabase-scale'), 'dir');
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js'),
      '-t',
      path.join('node_modules', 'eslint-plugin-supabase-scale', 'transforms', `${codemod}.cjs`),
      '--parser=tsx',
      '--extensions=ts,tsx,js,jsx',
      '--run-in-band',
      'src',
    ],
    // jscodeshift colours its summary when the environment forces colour (FORCE_COLOR, some CI runners)
    { cwd: viaJscodeshift, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
  );
  const stdout = run.stdout.replace(/\u001b\[[0-9;]*m/g, '');
  expect(run.stderr).not.toMatch(/Error/);
  expect(stdout).toMatch(/\n0 errors\n/);
  execFileSync(
    process.execPath,
    [path.join(root, 'dist', 'cli', 'bin.js'), 'codemod', codemod, '--no-project', '--allow-dirty'],
    { cwd: viaCli, encoding: 'utf8' },
  );
  const fromJscodeshift = snapshot(viaJscodeshift);
  expect(fromJscodeshift).toEqual(snapshot(viaCli));
  for (const c of cases) expect(fromJscodeshift[path.join('src', `${c.name}.${c.ext}`)]).toBe(c.output);
  // every site left is reported through jscodeshift's report
  const reported = stdout.split('\n').filter((line) => line.includes(' REP ')).length;
  const left = cases.reduce((sum, c) => sum + c.left.length, 0);
  expect(reported).toBe(left);
}
