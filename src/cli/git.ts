/**
 * Git for the CLI, through one wrapper: the file walk (`git ls-files`), the
 * codemods' dirty-tree check (they refuse to write over uncommitted work)
 * and `audit --since`.
 *
 * It fails closed. git's output is read whole, however long (no buffer that
 * overflows into a wrong answer: 30,000 untracked files are 30,000 lines).
 * "Not a git repository" is an answer (the caller then reads folders); git
 * not installed is one too, except where a folder above holds `.git` and
 * the caller needs git's word (the dirty-tree check). Any other failure
 * (dubious ownership, a corrupt index, a signal) stops the run with git's
 * own message.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';

/** git failed for a reason other than "not a repository": the run stops with this one line. */
export class GitError extends UsageError {}

export type GitAnswer = { kind: 'ok'; stdout: string } | { kind: 'not-a-repository' } | { kind: 'no-git' };

/** The first line of git's complaint, without its `fatal: ` prefix. */
function complaint(stderr: string): string {
  const line =
    stderr
      .split('\n')
      .map((text) => text.trim())
      .find((text) => text !== '') ?? '';
  return line.replace(/^(fatal|error): /, '');
}

/**
 * Runs git in `cwd`. Its output is read whole (no buffer limit). Throws a
 * GitError for every failure but "not a repository" and git not installed.
 */
export function runGit(args: readonly string[], cwd: string): GitAnswer {
  const result = spawnSync('git', [...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: Number.POSITIVE_INFINITY,
  });
  if (result.error) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'no-git' };
    throw new GitError(`git ${args[0]} failed in ${cwd}: ${result.error.message}`);
  }
  if (result.status === 0) return { kind: 'ok', stdout: result.stdout };
  if (/not a git repository/i.test(result.stderr)) return { kind: 'not-a-repository' };
  const why =
    result.signal !== null ? `killed by ${result.signal}` : complaint(result.stderr) || `exit ${result.status}`;
  throw new GitError(`git ${args.join(' ')} failed in ${cwd}: ${why}`);
}

/** The folder above `dir` (itself included) that holds `.git`, or null. */
function dotGitAbove(dir: string): string | null {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return null;
  }
}

/** The top of the work tree that holds `dir`, or null when none does (or git is not installed and no `.git` is above). */
function topLevel(dir: string, needGit: boolean): string | null {
  const answer = runGit(['rev-parse', '--show-toplevel'], dir);
  if (answer.kind === 'ok') return answer.stdout.trim();
  if (answer.kind === 'no-git' && needGit) {
    const repository = dotGitAbove(dir);
    if (repository !== null)
      throw new GitError(
        `${repository} is a git repository but git is not installed: cannot check for uncommitted changes (install git, or pass --allow-dirty)`,
      );
  }
  return null;
}

/**
 * The uncommitted changes (modified, staged or untracked, not ignored) of the
 * git work trees that hold `dirs`; empty when none is in a work tree (or git
 * is not installed and no `.git` is above them). A git failure throws.
 */
export function uncommittedChanges(dirs: readonly string[]): string[] {
  const tops = new Set<string>();
  for (const dir of dirs) {
    const top = topLevel(dir, true);
    if (top !== null) tops.add(top);
  }
  const changes: string[] = [];
  for (const top of tops) {
    const status = runGit(['status', '--porcelain', '-z', '--untracked-files=all'], top);
    if (status.kind !== 'ok') throw new GitError(`git status failed in ${top}: the work tree disappeared`);
    for (const entry of status.stdout.split('\0')) {
      if (entry.length > 3) changes.push(path.join(top, entry.slice(3)));
    }
  }
  return changes;
}

/**
 * The entries git would track under `dir` (tracked, and untracked files no
 * ignore rule skips), relative to it; null when `dir` is not in a git work
 * tree or git is not installed. A git failure throws.
 */
export function gitListed(dir: string): string[] | null {
  const inside = runGit(['rev-parse', '--is-inside-work-tree'], dir);
  if (inside.kind !== 'ok' || inside.stdout.trim() !== 'true') return null;
  const listed = runGit(['ls-files', '--cached', '--others', '--exclude-standard', '-z'], dir);
  if (listed.kind !== 'ok') return null;
  return [...new Set(listed.stdout.split('\0').filter((entry) => entry !== ''))];
}

/** git's output for `args` in the work tree `top`, or a UsageError with `what` went wrong. */
function gitOutput(args: readonly string[], top: string, what: string): string {
  const answer = runGit(args, top);
  if (answer.kind !== 'ok') throw new UsageError(what);
  return answer.stdout;
}

/** Whether `ref` names a commit (`rev-parse --verify --quiet` exits 1 without a word when it does not). */
function isCommit(ref: string, top: string): boolean {
  const result = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
    cwd: top,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status === 0) return true;
  if (result.status === 1 && result.stderr.trim() === '') return false;
  throw new GitError(`git rev-parse ${ref} failed in ${top}: ${complaint(result.stderr) || `exit ${result.status}`}`);
}

/** The merge base of `ref` and HEAD, or null when they have none (`git merge-base` exits 1 without a word). */
function mergeBase(ref: string, top: string): string | null {
  const result = spawnSync('git', ['merge-base', ref, 'HEAD'], {
    cwd: top,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status === 0) return result.stdout.trim();
  if (result.status === 1 && result.stderr.trim() === '') return null;
  throw new GitError(`git merge-base failed in ${top}: ${complaint(result.stderr) || `exit ${result.status}`}`);
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
  const top = topLevel(cwd, false);
  if (top === null) throw new UsageError('--since needs a git work tree; this folder is not in one');
  if (!isCommit(ref, top)) throw new UsageError(`--since: '${ref}' is not a commit in this repository`);
  const base = mergeBase(ref, top);
  if (base === null) throw new UsageError(`--since: '${ref}' and HEAD have no common history (no merge base)`);
  const what = `--since: git could not list the changes since ${ref}`;
  const changed = gitOutput(['diff', '--name-only', '--diff-filter=AMR', '-z', base], top, what);
  const untracked = gitOutput(['ls-files', '--others', '--exclude-standard', '--full-name', '-z'], top, what);
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
