import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { walk } from '../../src/cli/walk.js';
import { project } from './helpers.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function files(root: string, paths: string[] = ['.'], ignore: string[] = []): string[] {
  return walk(paths, { cwd: root, ignore }).map((file) => path.relative(root, file).split(path.sep).join('/'));
}

describe('walk', () => {
  it('outside git: takes every source extension, skips declarations, other files, node_modules, .git and framework output, no other folder by its name alone', () => {
    const root = project({
      'src/a.ts': '',
      'src/b.tsx': '',
      'src/c.js': '',
      'src/d.jsx': '',
      'src/e.mts': '',
      'src/f.cts': '',
      'src/g.mjs': '',
      'src/h.cjs': '',
      'src/types.d.ts': '',
      'src/bundle.min.js': '',
      'src/readme.md': '',
      'src/style.css': '',
      'src/build/query.ts': '',
      'node_modules/pkg/index.js': '',
      'src/node_modules/pkg/index.js': '',
      '.git/hooks/x.js': '',
      // a framework's output folder, by its own name, even where no .gitignore names it
      '.next/server/chunks/page.js': '',
      'apps/web/.nuxt/dist/server.mjs': '',
      'src/.svelte-kit/output/client.js': '',
      // a name of one's own that starts with a dot is source
      '.storybook/main.ts': '',
      // build output is skipped because .gitignore says so, not by its name
      '.gitignore': 'dist/\n',
      'dist/index.js': '',
      'out/y.js': '',
    });
    roots.push(root);
    expect(files(root)).toEqual([
      '.storybook/main.ts',
      'out/y.js',
      'src/a.ts',
      'src/b.tsx',
      'src/build/query.ts',
      'src/c.js',
      'src/d.jsx',
      'src/e.mts',
      'src/f.cts',
      'src/g.mjs',
      'src/h.cjs',
    ]);
  });

  it('respects .gitignore files at the root and in sub-folders, and --ignore globs', () => {
    const root = project({
      '.gitignore': 'generated/\n*.gen.ts\n',
      'src/.gitignore': 'local.ts\n',
      'src/a.ts': '',
      'src/local.ts': '',
      'src/b.gen.ts': '',
      'generated/c.ts': '',
      'src/vendor/v.ts': '',
      'src/keep.ts': '',
    });
    roots.push(root);
    expect(files(root)).toEqual(['src/a.ts', 'src/keep.ts', 'src/vendor/v.ts']);
    expect(files(root, ['.'], ['src/vendor/', 'keep.ts'])).toEqual(['src/a.ts']);
  });

  it('does not follow a symlink out of the root, follows one inside it once, and survives a loop', () => {
    const outside = project({ 'secret.ts': '' });
    const root = project({ 'src/a.ts': '', 'shared/s.ts': '' });
    roots.push(outside, root);
    symlinkSync(outside, path.join(root, 'src', 'outside'), 'dir');
    symlinkSync(path.join(root, 'shared'), path.join(root, 'src', 'shared-link'), 'dir');
    mkdirSync(path.join(root, 'loop'));
    symlinkSync(path.join(root, 'loop'), path.join(root, 'loop', 'again'), 'dir');
    symlinkSync(path.join(root, 'missing'), path.join(root, 'src', 'dangling.ts'));
    expect(files(root)).toEqual(['shared/s.ts', 'src/a.ts']);
  });

  it('names a path that does not exist', () => {
    expect(() => walk(['nope'], { cwd: tmpdir(), ignore: [] })).toThrow('no such file or directory: nope');
  });
});

/** A git work tree with these files, the given ones committed (the rest untracked). */
function repo(files: Record<string, string>, commit: readonly string[]): string {
  const root = project(files);
  roots.push(root);
  const run = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
      cwd: root,
      stdio: 'ignore',
    });
  run('init', '-q');
  if (commit.length > 0) {
    run('add', '-f', ...commit);
    run('commit', '-q', '-m', 'init');
  }
  return root;
}

describe('walk in a git work tree', () => {
  it("takes git's list: nested .gitignore, .git/info/exclude, core.excludesFile, tracked files even when ignored, no deleted ones", () => {
    const root = repo(
      {
        '.gitignore': 'dist/\n*.gen.ts\n',
        'src/.gitignore': 'local.ts\n',
        'src/a.ts': '',
        'src/local.ts': '',
        'src/b.gen.ts': '',
        'src/build/query.ts': '',
        'src/out/q.ts': '',
        'src/excluded.ts': '',
        'src/global.ts': '',
        'src/deleted.ts': '',
        'src/untracked.ts': '',
        'dist/bundle.js': '',
        'vendor/forced.gen.ts': '',
        'node_modules/pkg/index.js': '',
        'excludes-file': 'global.ts\n',
        // a Next.js build committed by mistake: tracked, and still not the app's code
        'web/.next/dev/server/chunks/ssr/page.js': '',
      },
      ['.gitignore', 'src/a.ts', 'src/deleted.ts', 'vendor/forced.gen.ts', 'web/.next/dev/server/chunks/ssr/page.js'],
    );
    writeFileSync(path.join(root, '.git', 'info', 'exclude'), 'excluded.ts\n');
    execFileSync('git', ['config', 'core.excludesFile', path.join(root, 'excludes-file')], { cwd: root });
    unlinkSync(path.join(root, 'src', 'deleted.ts')); // deleted, still in the index
    expect(files(root)).toEqual([
      'src/a.ts',
      'src/build/query.ts',
      'src/out/q.ts',
      'src/untracked.ts',
      'vendor/forced.gen.ts',
    ]);
    // a sub-folder: git's list under it; --ignore globs still apply
    expect(files(root, ['src'])).toEqual(['src/a.ts', 'src/build/query.ts', 'src/out/q.ts', 'src/untracked.ts']);
    expect(files(root, ['.'], ['src/build/', 'vendor'])).toEqual(['src/a.ts', 'src/out/q.ts', 'src/untracked.ts']);
  });

  it('lists a nested repository by its own git, and a folder outside the work tree by its folders', () => {
    const root = repo(
      {
        'src/a.ts': '',
        'packages/inner/src/b.ts': '',
        'packages/inner/.gitignore': 'gen/\n',
        'packages/inner/gen/c.ts': '',
      },
      ['src/a.ts'],
    );
    execFileSync('git', ['init', '-q'], { cwd: path.join(root, 'packages', 'inner') });
    expect(files(root)).toEqual(['packages/inner/src/b.ts', 'src/a.ts']);
    const outside = project({ 'x.ts': '', '.gitignore': 'y.ts\n', 'y.ts': '' });
    roots.push(outside);
    expect(walk([outside], { cwd: root, ignore: [] })).toEqual([path.join(outside, 'x.ts')]);
  });
});
