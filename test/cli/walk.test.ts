import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
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
  it('takes every source extension and skips declarations, other files, node_modules and build output', () => {
    const root = project({
      'src/a.ts': '',
      'src/b.tsx': '',
      'src/c.js': '',
      'src/d.jsx': '',
      'src/e.mts': '',
      'src/f.cts': '',
      'src/types.d.ts': '',
      'src/readme.md': '',
      'src/style.css': '',
      'node_modules/pkg/index.js': '',
      'dist/index.js': '',
      'build/x.js': '',
      '.next/y.js': '',
      'coverage/z.js': '',
    });
    roots.push(root);
    expect(files(root)).toEqual(['src/a.ts', 'src/b.tsx', 'src/c.js', 'src/d.jsx', 'src/e.mts', 'src/f.cts']);
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
