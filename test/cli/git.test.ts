/**
 * The CLI's one git wrapper fails closed: a git failure other than "not a
 * repository" stops the run with git's message, before anything is written;
 * without git, a folder under .git is refused. (A status of 6,000 untracked
 * files read whole: test/scale/cli-edges.test.ts.)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitError, runGit, uncommittedChanges } from '../../src/cli/git.js';
import { walk } from '../../src/cli/walk.js';
import { cli, git, ROOMS_SCHEMA, snapshot, tempProjects, UNBOUNDED } from './helpers.js';

const temp = tempProjects();

/** A committed git work tree with these files. */
function repository(files: Record<string, string>): string {
  const root = temp(files);
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'init');
  return root;
}

describe('runGit', () => {
  it('answers "not a repository" outside a work tree, and the output otherwise', () => {
    const outside = temp({ 'a.ts': '' });
    expect(runGit(['rev-parse', '--show-toplevel'], outside)).toEqual({ kind: 'not-a-repository' });
    const inside = repository({ 'a.ts': '' });
    expect(runGit(['rev-parse', '--is-inside-work-tree'], inside)).toEqual({ kind: 'ok', stdout: 'true\n' });
  });

  it('throws any other failure with the command, the folder and git’s own words', () => {
    const root = repository({ 'a.ts': '' });
    expect(() => runGit(['cat-file', '-p', 'no-such-object'], root)).toThrow(GitError);
    expect(() => runGit(['cat-file', '-p', 'no-such-object'], root)).toThrow(
      `git cat-file -p no-such-object failed in ${root}: Not a valid object name no-such-object`,
    );
  });
});

describe('the dirty-tree check', () => {
  it('stops the run with git’s message when git fails (a corrupt index), and writes nothing', async () => {
    const root = repository({ ...ROOMS_SCHEMA, 'src/a.ts': UNBOUNDED });
    writeFileSync(path.join(root, '.git', 'index'), 'not an index');
    const before = snapshot(root);
    const run = await cli(root, 'codemod', 'all');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^supabase-scale: git ls-files .* failed in .*: index file smaller than expected\n$/);
    expect(run.stdout).toBe('');
    expect(snapshot(root)).toEqual(before);
  });
});

describe('the walk', () => {
  it('stops on a git failure instead of reading folders as if there were no git', () => {
    const root = repository({ 'src/a.ts': '' });
    writeFileSync(path.join(root, '.git', 'index'), 'not an index');
    expect(() => walk(['.'], { cwd: root, ignore: [] })).toThrow(/index file smaller than expected/);
  });
});

describe('without git installed', () => {
  function withoutGit<T>(run: () => T): T {
    const saved = process.env.PATH;
    process.env.PATH = path.join(path.sep, 'no-such-folder');
    try {
      return run();
    } finally {
      process.env.PATH = saved;
    }
  }

  it('the walk reads folders, and the dirty check refuses a folder under .git it cannot ask git about', () => {
    const root = repository({ 'src/a.ts': '', '.gitignore': 'ignored.ts\n', 'ignored.ts': '' });
    expect(withoutGit(() => runGit(['status'], root))).toEqual({ kind: 'no-git' });
    expect(withoutGit(() => walk(['.'], { cwd: root, ignore: [] }).map((file) => path.relative(root, file)))).toEqual([
      path.join('src', 'a.ts'),
    ]);
    expect(() => withoutGit(() => uncommittedChanges([path.join(root, 'src')]))).toThrow(
      `${root} is a git repository but git is not installed: cannot check for uncommitted changes (install git, or pass --allow-dirty)`,
    );
    const outside = temp({ 'a.ts': '' });
    expect(withoutGit(() => uncommittedChanges([outside]))).toEqual([]);
  });
});
