/**
 * An explicit path that resolves outside the folder the codemod runs in,
 * through a symlink or `..`, is refused with one line (exit 2), and nothing is
 * written; a path inside, or a link that stays inside, is taken.
 */
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, project, UNBOUNDED } from './helpers.js';

describe('codemod: explicit paths outside the folder', () => {
  it('refuses a symlink to a file outside, and .. out of the folder', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'supabase-scale-outside-'));
    writeFileSync(path.join(outside, 'a.ts'), UNBOUNDED);
    const root = project({ 'src/b.ts': UNBOUNDED });
    symlinkSync(path.join(outside, 'a.ts'), path.join(root, 'src/link.ts'));
    for (const given of ['src/link.ts', path.relative(root, path.join(outside, 'a.ts'))]) {
      const run = await cli(root, 'codemod', 'paginate-selects', given, '--allow-dirty');
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain('outside the folder the codemod runs in');
    }
    expect(readFileSync(path.join(outside, 'a.ts'), 'utf8')).toBe(UNBOUNDED);
  });

  it('takes a path inside, and a link that stays inside', async () => {
    const root = project({ 'src/b.ts': UNBOUNDED });
    symlinkSync(path.join(root, 'src/b.ts'), path.join(root, 'src/inside.ts'));
    const run = await cli(root, 'codemod', 'paginate-selects', 'src/inside.ts', '--dry-run');
    expect(run.status).toBe(0);
  });
});
