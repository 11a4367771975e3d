/**
 * The source files under the paths given: .ts .tsx .js .jsx .mts .cts .mjs
 * .cjs (not declarations or .min.js). One walk serves the audit, the
 * codemods and scripts/smoke.mjs.
 *
 * Inside a git work tree the list is git's own: `git ls-files --cached
 * --others --exclude-standard` (tracked files, and untracked ones that no
 * .gitignore at any level, `.git/info/exclude` or the global excludes file
 * ignores), less files deleted from the work tree; a submodule or nested
 * repository is listed by its own git (through the CLI's one git wrapper,
 * src/cli/git.ts: a git failure other than "not a repository" stops the
 * run). Outside git (or without git) the
 * folders are read, honouring the .gitignore file of every level. Either
 * way `--ignore` globs apply, and no folder is skipped by its name alone
 * apart from node_modules, .git and the output folders of frameworks, whose
 * names no source folder takes (`.next`, `.nuxt`, ...: FRAMEWORK_OUTPUT; a
 * committed `.next/` build is not the app's code). `src/build/` and `dist/`
 * are names a source folder may take: build output there is skipped because
 * .gitignore says so. A symlink is never followed out of
 * the root it was found under, and each real directory is visited once (so
 * a symlink loop ends).
 */
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isDeclarationFile, SOURCE_EXTENSIONS } from '../utils/source-files.js';
import { UsageError } from './errors.js';
import { gitListed } from './git.js';

/** Every source extension the walk takes (re-exported for scripts/smoke.mjs). */
export { SOURCE_EXTENSIONS };

/**
 * What frameworks and hosts write, by a folder name of their own that no
 * source folder takes: a Next.js build committed by mistake (holdout16's
 * implant-inventory tracked `.next/dev/server/chunks/*.js`) holds the app's
 * queries compiled, reported at lines nobody edits.
 */
export const FRAMEWORK_OUTPUT: readonly string[] = [
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.output',
  '.vercel',
  '.netlify',
  '.turbo',
  '.expo',
  '.astro',
  '.docusaurus',
];

/** The only folder names skipped wherever they are (scripts/smoke.mjs imports this list too). */
export const ALWAYS_SKIPPED: ReadonlySet<string> = new Set(['node_modules', '.git', ...FRAMEWORK_OUTPUT]);

export interface WalkOptions {
  /** gitignore-style globs, relative to `cwd`. */
  ignore: readonly string[];
  cwd: string;
  /** A path given that holds no source file to take is a usage error (the audit: an empty or mistyped folder). */
  requireSources?: boolean;
}

interface Rules {
  dir: string;
  rules: Ignore;
}

/** A file the walk takes, by its name: a source extension, not a declaration file or minified bundle. */
export function isSourceFile(name: string): boolean {
  if (isDeclarationFile(name) || name.endsWith('.min.js')) return false;
  return SOURCE_EXTENSIONS.includes(path.extname(name));
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function loadGitignore(dir: string): Rules | null {
  const file = path.join(dir, '.gitignore');
  if (!existsSync(file)) return null;
  try {
    return { dir, rules: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return null;
  }
}

function ignoredBy(stack: readonly Rules[], file: string, isDir: boolean): boolean {
  for (const { dir, rules } of stack) {
    const relative = path.relative(dir, file).split(path.sep).join('/');
    if (relative === '' || relative.startsWith('..')) continue;
    if (rules.ignores(isDir ? `${relative}/` : relative)) return true;
  }
  return false;
}

/** The .gitignore files that apply to `dir` from above it, up to the work tree's top (the folder with .git). */
function ancestorRules(dir: string): Rules[] {
  const found: Rules[] = [];
  let current = path.dirname(dir);
  for (;;) {
    const rules = loadGitignore(current);
    if (rules) found.unshift(rules);
    if (existsSync(path.join(current, '.git'))) break;
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return found;
}

interface Collect {
  files: Set<string>;
  seenDirs: Set<string>;
  userIgnored(file: string, isDir: boolean): boolean;
}

/**
 * The stats of `full`, following a symlink only when its target is inside
 * `root` (never out of the root); null for a link out of the root, and for a
 * path that cannot be read (deleted from the work tree but still in git's
 * index, a dangling link, a loop the system refuses to resolve).
 */
function statInside(full: string, root: string): Stats | null {
  try {
    const stats = lstatSync(full);
    if (!stats.isSymbolicLink()) return stats;
    return isInside(realpathSync(full), root) ? statSync(full) : null;
  } catch {
    return null;
  }
}

/**
 * Takes a file found under `root` (following a symlink only when its target is
 * inside `root`). `real` is its path through its folder's real path: the
 * file's own real path unless the file is a link (a path git lists, or a
 * folder's entry, crosses no other link), so only a link is resolved.
 */
function take(full: string, real: string, root: string, collect: Collect, own?: Stats): void {
  const stats = own && !own.isSymbolicLink() ? own : statInside(full, root);
  if (!stats) return;
  if (!stats.isFile() || !isSourceFile(full) || collect.userIgnored(full, false)) return;
  collect.files.add(stats === own ? real : realpathSync(full));
}

/** The git way: the files git lists under `dir` (false when `dir` is not in a work tree). */
function visitGit(dir: string, root: string, collect: Collect): boolean {
  const real = realpathSync(dir);
  if (collect.seenDirs.has(real)) return true;
  const entries = gitListed(dir);
  if (entries === null) return false;
  collect.seenDirs.add(real);
  for (const entry of entries) {
    const relative = entry.replace(/\/$/, '');
    if (relative.split('/').some((part) => ALWAYS_SKIPPED.has(part))) continue;
    const parts = relative.split('/');
    const full = path.join(dir, ...parts);
    let stats: Stats;
    try {
      stats = lstatSync(full);
    } catch {
      continue; // deleted but cached
    }
    // a submodule (or an untracked nested repository): its own git lists its files
    if (stats.isDirectory()) {
      if (!collect.userIgnored(full, true)) visitGit(full, root, collect);
    } else take(full, path.join(real, ...parts), root, collect, stats);
  }
  return true;
}

/** The folder way, outside git: every .gitignore level, the folders of ALWAYS_SKIPPED skipped. */
function visitFolders(dir: string, root: string, stack: Rules[], collect: Collect): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return;
  }
  if (collect.seenDirs.has(real)) return;
  collect.seenDirs.add(real);
  const own = loadGitignore(dir);
  const rules = own ? [...stack, own] : stack;
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    let own: Stats;
    try {
      own = lstatSync(full);
    } catch {
      continue;
    }
    const stats = own.isSymbolicLink() ? statInside(full, root) : own;
    if (!stats) continue;
    if (stats.isDirectory()) {
      if (ALWAYS_SKIPPED.has(name) || ignoredBy(rules, full, true) || collect.userIgnored(full, true)) continue;
      visitFolders(full, root, rules, collect);
    } else if (stats.isFile() && isSourceFile(name) && !ignoredBy(rules, full, false)) {
      take(full, path.join(real, name), root, collect, own);
    }
  }
}

/**
 * The source files under `paths` (absolute, sorted, each once). A path that
 * does not exist is a usage error; a file named explicitly is taken even when
 * a .gitignore would skip it.
 */
export function walk(paths: readonly string[], options: WalkOptions): string[] {
  const userIgnore = ignore().add([...options.ignore]);
  const collect: Collect = {
    files: new Set<string>(),
    seenDirs: new Set<string>(),
    userIgnored: (file, isDir) => {
      const relative = path.relative(options.cwd, file).split(path.sep).join('/');
      if (relative === '' || relative.startsWith('..')) return false;
      return userIgnore.ignores(isDir ? `${relative}/` : relative);
    },
  };
  for (const given of paths) {
    const absolute = path.resolve(options.cwd, given);
    if (!existsSync(absolute)) throw new UsageError(`no such file or directory: ${given}`);
    const stats = statSync(absolute);
    if (stats.isFile()) {
      if (!isSourceFile(absolute))
        throw new UsageError(`not a .ts, .tsx, .js, .jsx, .mts, .cts, .mjs or .cjs file: ${given}`);
      collect.files.add(realpathSync(absolute));
    } else if (stats.isDirectory()) {
      const root = realpathSync(absolute);
      const before = collect.files.size;
      if (!visitGit(absolute, root, collect)) visitFolders(absolute, root, ancestorRules(absolute), collect);
      if (
        options.requireSources &&
        collect.files.size === before &&
        ![...collect.files].some((file) => isInside(file, root))
      )
        throw new UsageError(`no source files to audit in ${given} (after .gitignore and --ignore)`);
    }
  }
  return [...collect.files].sort();
}
