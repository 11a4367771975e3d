/**
 * The source files under the paths given: .ts .tsx .js .jsx .mts .cts (and
 * .mjs .cjs), respecting .gitignore files and `--ignore` globs, always
 * skipping node_modules and build output, never following a symlink out of
 * the root it was found under, and visiting each real directory once (so a
 * symlink loop ends).
 */
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from './errors.js';

export const SOURCE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.ts',
  '.tsx',
  '.js',
  '.jsx',
  '.mts',
  '.cts',
  '.mjs',
  '.cjs',
]);

/** Directories that never hold the project's own sources. */
export const ALWAYS_SKIPPED: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.turbo',
  '.vercel',
  '.netlify',
  '.cache',
  '.parcel-cache',
  '.expo',
  'storybook-static',
]);

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

function isSourceFile(name: string): boolean {
  if (name.endsWith('.d.ts') || name.endsWith('.d.mts') || name.endsWith('.d.cts') || name.endsWith('.min.js'))
    return false;
  return SOURCE_EXTENSIONS.has(path.extname(name));
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

/**
 * The source files under `paths` (absolute, sorted, each once). A path that
 * does not exist is a usage error; a file named explicitly is taken even when
 * a .gitignore would skip it.
 */
export function walk(paths: readonly string[], options: WalkOptions): string[] {
  const userIgnore = ignore().add([...options.ignore]);
  const userIgnored = (file: string, isDir: boolean) => {
    const relative = path.relative(options.cwd, file).split(path.sep).join('/');
    if (relative === '' || relative.startsWith('..')) return false;
    return userIgnore.ignores(isDir ? `${relative}/` : relative);
  };
  const files = new Set<string>();
  const seenDirs = new Set<string>();

  function visit(dir: string, root: string, stack: Rules[]): void {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
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
      let stats;
      try {
        stats = lstatSync(full);
      } catch {
        continue;
      }
      if (stats.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
          stats = statSync(full);
        } catch {
          continue; // a dangling link or a loop the system refuses to resolve
        }
        if (!isInside(target, root)) continue; // never out of the root
      }
      if (stats.isDirectory()) {
        if (ALWAYS_SKIPPED.has(name) || ignoredBy(rules, full, true) || userIgnored(full, true)) continue;
        visit(full, root, rules);
      } else if (stats.isFile() && isSourceFile(name)) {
        if (ignoredBy(rules, full, false) || userIgnored(full, false)) continue;
        files.add(realpathSync(full) === full ? full : path.join(realpathSync(path.dirname(full)), name));
      }
    }
  }

  for (const given of paths) {
    const absolute = path.resolve(options.cwd, given);
    if (!existsSync(absolute)) throw new UsageError(`no such file or directory: ${given}`);
    const stats = statSync(absolute);
    if (stats.isFile()) {
      if (!isSourceFile(absolute)) throw new UsageError(`not a .ts, .tsx, .js, .jsx, .mts or .cts file: ${given}`);
      files.add(realpathSync(absolute));
    } else if (stats.isDirectory()) {
      const root = realpathSync(absolute);
      const before = files.size;
      visit(absolute, root, ancestorRules(absolute));
      if (options.requireSources && files.size === before && ![...files].some((file) => isInside(file, root)))
        throw new UsageError(`no source files to audit in ${given} (after .gitignore and --ignore)`);
    }
  }
  return [...files].sort();
}
