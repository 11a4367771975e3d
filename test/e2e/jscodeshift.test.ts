/**
 * The jscodeshift entry points (transforms/<codemod>.cjs), run by
 * jscodeshift's own runner from the package as a project installs it, give
 * the same files as `supabase-scale codemod <name>` (without --project) and as
 * the fixture outputs. `npm test` builds dist/ first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codemods } from '../../src/codemods/index.js';
import { fixtureCases, FIXTURES } from '../codemods/harness.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A project holding the codemod's fixture inputs that use the default settings, as src/<case>.<ext>. */
function fixtureProject(codemod: string): { dir: string; cases: ReturnType<typeof fixtureCases> } {
  const dir = mkdtempSync(path.join(tmpdir(), `supabase-scale-jscodeshift-${codemod}-`));
  temps.push(dir);
  const cases = fixtureCases(codemod).filter((c) => !existsSync(path.join(FIXTURES, codemod, `${c.name}.options.json`)));
  mkdirSync(path.join(dir, 'src', 'lib'), { recursive: true });
  for (const c of cases) writeFileSync(path.join(dir, 'src', `${c.name}.${c.ext}`), c.input);
  const lib = path.join(FIXTURES, codemod, 'lib');
  if (existsSync(lib)) cpSync(lib, path.join(dir, 'src', 'lib'), { recursive: true });
  writeFileSync(path.join(dir, 'tsconfig.json'), '{}\n');
  return { dir, cases };
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

describe.each(Object.keys(codemods))('transforms/%s.cjs', (name) => {
  it('is shipped: listed in package.json files, and its runtime is in dist/', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'transforms']));
    expect(existsSync(path.join(root, 'transforms', `${name}.cjs`))).toBe(true);
    expect(existsSync(path.join(root, 'dist', 'cli', 'jscodeshift.js'))).toBe(true);
  });

  it("gives, through jscodeshift's runner, the CLI's output and the fixture outputs", () => {
    const viaJscodeshift = fixtureProject(name);
    const viaCli = fixtureProject(name);
    // installed as a dependency of the project
    mkdirSync(path.join(viaJscodeshift.dir, 'node_modules'));
    symlinkSync(root, path.join(viaJscodeshift.dir, 'node_modules', 'eslint-plugin-supabase-scale'), 'dir');
    const run = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js'),
        '-t', path.join('node_modules', 'eslint-plugin-supabase-scale', 'transforms', `${name}.cjs`),
        '--parser=tsx', '--extensions=ts,tsx,js,jsx', '--run-in-band', 'src',
      ],
      { cwd: viaJscodeshift.dir, encoding: 'utf8' },
    );
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.stdout).toMatch(/\n0 errors\n/);
    execFileSync(process.execPath, [path.join(root, 'dist', 'cli', 'bin.js'), 'codemod', name, '--allow-dirty'], { cwd: viaCli.dir, encoding: 'utf8' });
    const fromJscodeshift = snapshot(viaJscodeshift.dir);
    expect(fromJscodeshift).toEqual(snapshot(viaCli.dir));
    for (const c of viaJscodeshift.cases) expect(fromJscodeshift[path.join('src', `${c.name}.${c.ext}`)]).toBe(c.output);
    // every site left is reported through jscodeshift's report
    const reported = run.stdout.split('\n').filter((line) => line.includes(' REP ')).length;
    const left = viaJscodeshift.cases.reduce((sum, c) => sum + c.left.length, 0);
    expect(reported).toBe(left);
  });
});
