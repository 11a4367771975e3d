/** Git for the CLI: the dirty-tree check (the codemods refuse to write over uncommitted work) and `audit --since`. */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';

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

/**
 * `--since <ref>`: the files added, modified or renamed since the merge base
 * of `ref` and HEAD, as they are in the work tree (committed, staged or not),
 * plus the untracked files git would track (a new file not yet added is part
 * of the change). Absolute real paths of files that exist. A ref that is not
 * a commit, or has no common history with HEAD, is a usage error.
 */
export function changedSince(ref: string, cwd: string): { base: string; files: Set<string> } {
  if (ref === '' || ref.startsWith('-')) throw new UsageError(`--since needs a git revision; got '${ref}'`);
  const top = git(['rev-parse', '--show-toplevel'], cwd)?.trim();
  if (!top) throw new UsageError('--since needs a git work tree; this folder is not in one');
  if (git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top) === null)
    throw new UsageError(`--since: '${ref}' is not a commit in this repository`);
  const base = git(['merge-base', ref, 'HEAD'], top)?.trim();
  if (!base) throw new UsageError(`--since: '${ref}' and HEAD have no common history (no merge base)`);
  const changed = git(['diff', '--name-only', '--diff-filter=AMR', '-z', base], top);
  const untracked = git(['ls-files', '--others', '--exclude-standard', '--full-name', '-z'], top);
  if (changed === null || untracked === null)
    throw new UsageError(`--since: git could not list the changes since ${ref}`);
  const files = new Set<string>();
  for (const entry of [...changed.split('\0'), ...untracked.split('\0')]) {
    if (entry === '') continue;
    try {
      files.add(realpathSync(path.join(top, ...entry.split('/'))));
    } catch {
      // gone from the work tree
    }
  }
  return { base, files };
}
