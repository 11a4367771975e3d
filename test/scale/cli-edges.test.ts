/**
 * `npm run test:scale`: the CLI's edges that take a process or thousands of
 * files, each the slow half of a test in test/cli: git's status read whole
 * with 6,000 untracked files (test/cli/git.test.ts), a write that fails as
 * another user (codemod-writes.test.ts), stdout closed early
 * (config-and-output.test.ts), and the config `init` writes loaded by ESLint
 * (init.test.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uncommittedChanges } from '../../src/cli/git.js';
import { linkedProject } from '../e2e/linked-project.js';
import {
  BIN,
  cli,
  type CodemodJson,
  git,
  nobody,
  type Run,
  ROOMS_SCHEMA,
  spawnCli,
  tablesKeyedById,
  tempProjects,
  UNBOUNDED,
} from '../cli/helpers.js';

const temp = tempProjects();
const REPO = path.resolve(import.meta.dirname, '..', '..');
const ESLINT = path.join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js');
const READ =
  "export async function rooms() {\n  const { data } = await supabase.from('rooms').select('*');\n  return data;\n}\n";

/** A committed git work tree with these files. */
function repository(files: Record<string, string>): string {
  const root = temp(files);
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'init');
  return root;
}

/** UNBOUNDED reading table `table`. */
function reads(table: string): string {
  return UNBOUNDED.replaceAll('rooms', table);
}

/** Every file and folder under `root`, relative, sorted. */
function tree(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((entry) => entry.split(path.sep).join('/'))
    .sort();
}

/** Runs the repository's ESLint in `root`; the rule ids it reports, one a line. */
function eslint(root: string): string {
  try {
    execFileSync(process.execPath, [ESLINT, 'src', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    return '';
  } catch (error) {
    const output = (error as { stdout: string }).stdout;
    const results = JSON.parse(output) as { messages: { ruleId: string | null; message: string }[] }[];
    return results
      .flatMap((result) => result.messages.map((message) => message.ruleId ?? `fatal: ${message.message}`))
      .join('\n');
  }
}

describe('the dirty-tree check', () => {
  it('reads a status longer than any default buffer whole, and refuses to write with 6,000 untracked files as with one', async () => {
    const root = repository({ ...ROOMS_SCHEMA, 'src/a.ts': UNBOUNDED });
    // about 1.2 MB of `git status -z` output: more than Node's default 1 MiB buffer
    const long = 'y'.repeat(200);
    for (let index = 0; index < 6000; index += 1) writeFileSync(path.join(root, `${long}-${index}.txt`), '');
    expect(uncommittedChanges([path.join(root, 'src')]).length).toBe(6000);
    const run = await cli(root, 'codemod', 'all');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^supabase-scale: the git work tree has uncommitted changes \(6000 files, such as y{200}-\d+\.txt\)/,
    );
    expect(readFileSync(path.join(root, 'src/a.ts'), 'utf8')).toBe(UNBOUNDED);
  });
});

describe('a write that fails', () => {
  const asRoot = process.getuid?.() === 0;

  it(`is a failed file, and the summary counts only what was written (${asRoot ? 'run as nobody' : 'run as this user'})`, async () => {
    const root = temp({
      ...tablesKeyedById('rooms', 'notes'),
      'src/lib/.keep': '',
      'src/a.ts': reads('rooms'),
      'src/locked/b.ts': reads('notes'),
    });
    // src/locked/b.ts is writable, its folder is not: the temporary file beside it cannot be made
    for (const dir of [root, path.join(root, 'src'), path.join(root, 'src', 'lib')]) chmodSync(dir, 0o777);
    chmodSync(path.join(root, 'src', 'locked'), 0o555);
    for (const file of ['src/a.ts', 'src/locked/b.ts']) chmodSync(path.join(root, file), 0o666);
    const args = ['codemod', 'all', '--allow-dirty', '--json'];
    const run: Run = asRoot ? await spawnCli(root, args, nobody()) : await cli(root, ...args);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as CodemodJson;
    expect(report.failed).toEqual([{ file: 'src/locked/b.ts', error: 'not written: permission denied (EACCES)' }]);
    expect(report.changed).toEqual(['src/a.ts']);
    expect(report.files).toEqual({ scanned: 2, changed: 1, unchanged: 0, failed: 1, skipped: 0 });
    expect(report.rewritten['paginate-selects']).toBe(1);
    expect(readFileSync(path.join(root, 'src', 'locked', 'b.ts'), 'utf8')).toBe(reads('notes'));
    expect(tree(path.join(root, 'src', 'locked'))).toEqual(['b.ts']);
  });
});

describe('output closed early (`supabase-scale audit | head`)', () => {
  it('ends quietly with exit 0, not a crash', async () => {
    // 200 findings: a report of about 86 KB, more than a pipe's buffer (64 KB)
    const reads = Array.from(
      { length: 200 },
      (_, index) => `export const read${index} = () => supabase.from('t${index}').select('*').then((r) => r.data);`,
    ).join('\n');
    const root = temp({ 'src/reads.ts': `import { supabase } from './supabase';\n${reads}\n` });
    const result = await new Promise<{ status: number | null; signal: string | null; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, [BIN, 'audit', '--format', 'json', '--no-schema'], { cwd: root });
        let stderr = '';
        child.stderr.on('data', (chunk) => (stderr += String(chunk)));
        // read the first chunk, then close the pipe, as `head` does
        child.stdout.once('data', () => {
          child.stdout.destroy();
        });
        child.on('error', reject);
        child.on('close', (status, signal) => {
          resolve({ status, signal, stderr });
        });
      },
    );
    expect(result).toEqual({ status: 0, signal: null, stderr: '' });
  });
});

describe('supabase-scale init', () => {
  it.each(['module', 'commonjs'] as const)(
    'writes a config ESLint loads in a "type": "%s" package, with the TypeScript parser',
    async (type) => {
      const root = linkedProject(`supabase-scale-init-${type}-`, type);
      symlinkSync(
        path.join(REPO, 'node_modules', 'typescript-eslint'),
        path.join(root, 'node_modules', 'typescript-eslint'),
        'dir',
      );
      writeFileSync(path.join(root, 'tsconfig.json'), '{}\n');
      mkdirSync(path.join(root, 'src'));
      writeFileSync(path.join(root, 'src', 'rooms.ts'), `declare const supabase: any;\n${READ}`);
      const run = await cli(root, 'init', '--no-ci');
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const config = readFileSync(path.join(root, 'eslint.config.js'), 'utf8');
      expect(config).toContain(
        type === 'module'
          ? "import tseslint from 'typescript-eslint';\nimport supabaseScale from 'eslint-plugin-supabase-scale';\n\nexport default ["
          : "const tseslint = require('typescript-eslint');\nconst supabaseScale = require('eslint-plugin-supabase-scale');\n\nmodule.exports = [",
      );
      expect(run.stdout).toContain(
        `  wrote eslint.config.js (${type === 'module' ? 'an ES module, as package.json says "type": "module"' : 'CommonJS, as the package is'})\n`,
      );
      expect(existsSync(path.join(root, '.github'))).toBe(false);
      expect(eslint(root)).toBe('supabase-scale/require-pagination');
    },
  );
});
