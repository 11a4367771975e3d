/** The dirty-tree check: the codemods refuse to write over uncommitted work. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/**
 * The uncommitted changes (modified, staged or untracked, not ignored) of the
 * git work trees that hold `dirs`; empty when none is in a work tree or git
 * is not installed.
 */
export function uncommittedChanges(dirs: readonly string[]): string[] {
  const tops = new Set<string>();
  for (const dir of dirs) {
    const top = git(['rev-parse', '--show-toplevel'], dir);
    if (top) tops.add(top.trim());
  }
  const changes: string[] = [];
  for (const top of tops) {
    const status = git(['status', '--porcelain', '-z', '--untracked-files=all'], top);
    if (status === null) continue;
    for (const entry of status.split('\0')) {
      if (entry.length > 3) changes.push(path.join(top, entry.slice(3)));
    }
  }
  return changes;
}
