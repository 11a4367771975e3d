/**
 * Which file an import specifier names, as TypeScript and the bundlers
 * resolve it, without TypeScript: a relative path (with or without its
 * extension, `.js` written for a `.ts` file, a folder's `index`), a path alias
 * of the nearest tsconfig.json or jsconfig.json (`compilerOptions.paths`,
 * `baseUrl`, through `extends`), and a package of the same repository linked
 * into node_modules (a workspace). A package installed from a registry, a URL
 * or anything not found is null: unknown, never guessed.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** Extensions tried, in TypeScript's order, for a specifier written without one. */
const EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.jsx', '.mjs', '.cjs'];

/** What a JavaScript extension written in a TypeScript import may stand for (`./x.js` for `./x.ts`). */
const WRITTEN_AS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

/** How long a file system answer is kept: an editor's project changes, a lint run's does not. */
const TTL_MS = 2000;

interface Cached<T> {
  at: number;
  value: T;
}

const isFileCache = new Map<string, Cached<boolean>>();
const isDirectoryCache = new Map<string, Cached<boolean>>();

/** Whether `path` is a folder (through links); kept TTL_MS. */
function isDirectory(dir: string): boolean {
  const now = Date.now();
  const hit = isDirectoryCache.get(dir);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  let value = false;
  try {
    value = statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    value = false;
  }
  isDirectoryCache.set(dir, { at: now, value });
  return value;
}

function isFile(file: string): boolean {
  const now = Date.now();
  const hit = isFileCache.get(file);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  let value = false;
  // no file is in a folder that is not there: one stat of the folder answers every candidate in it (a
  // package name tried under baseUrl, the indexes of a path that is a file), each a stat before
  if (isDirectory(path.dirname(file))) {
    try {
      // most candidates do not exist: no exception made for each (an extension tried, an index)
      value = statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
    } catch {
      value = false;
    }
  }
  isFileCache.set(file, { at: now, value });
  return value;
}

/** A path as a source file: itself, with an extension added, the TS file a `.js` names, or a folder's index. */
function asSourceFile(base: string): string | null {
  const ext = path.extname(base);
  const written = WRITTEN_AS[ext];
  if (written) {
    const stem = base.slice(0, -ext.length);
    for (const candidate of written) if (isFile(stem + candidate)) return stem + candidate;
  }
  if (ext !== '' && EXTENSIONS.includes(ext) && isFile(base)) return base;
  for (const candidate of EXTENSIONS) if (isFile(base + candidate)) return base + candidate;
  for (const candidate of EXTENSIONS) {
    const index = path.join(base, `index${candidate}`);
    if (isFile(index)) return index;
  }
  return null;
}

/** JSON with comments and trailing commas (tsconfig.json), or null. */
export function readJsonc(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (inString) {
      out += char;
      if (char === '\\') {
        out += text[i + 1] ?? '';
        i += 1;
      } else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
      out += '\n';
    } else if (char === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) i += 1;
      i += 1;
    } else out += char;
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1')) as unknown;
  } catch {
    return null;
  }
}

interface Aliases {
  /** `@/*` → [`/abs/src/*`]. */
  paths: [pattern: string, targets: string[]][];
  /** Non-relative specifiers are also looked up here (`baseUrl`). */
  baseUrl: string | null;
}

const MAX_EXTENDS = 8;

/** The `paths` and `baseUrl` a tsconfig gives, through relative `extends` (a package's base config is not read). */
function readAliases(tsconfig: string, depth = 0): Aliases {
  const config = readJsonc(tsconfig) as {
    extends?: string | string[];
    compilerOptions?: { paths?: Record<string, string[]>; baseUrl?: string };
  } | null;
  const dir = path.dirname(tsconfig);
  let inherited: Aliases = { paths: [], baseUrl: null };
  const parents = config?.extends === undefined ? [] : [config.extends].flat();
  for (const parent of parents) {
    if (depth >= MAX_EXTENDS || typeof parent !== 'string' || !parent.startsWith('.')) continue;
    const file = parent.endsWith('.json') ? path.resolve(dir, parent) : `${path.resolve(dir, parent)}.json`;
    const read = readAliases(file, depth + 1);
    inherited = {
      paths: read.paths.length > 0 ? read.paths : inherited.paths,
      baseUrl: read.baseUrl ?? inherited.baseUrl,
    };
  }
  const options = config?.compilerOptions ?? {};
  const baseUrl = typeof options.baseUrl === 'string' ? path.resolve(dir, options.baseUrl) : inherited.baseUrl;
  if (!options.paths || typeof options.paths !== 'object') return { paths: inherited.paths, baseUrl };
  // paths resolve against baseUrl when it is set, else against the tsconfig that declares them
  const root = baseUrl ?? dir;
  const paths: Aliases['paths'] = [];
  for (const [pattern, targets] of Object.entries(options.paths)) {
    if (!Array.isArray(targets)) continue;
    paths.push([pattern, targets.filter((t) => typeof t === 'string').map((t) => path.resolve(root, t))]);
  }
  return { paths, baseUrl };
}

const aliasCache = new Map<string, Cached<Aliases | null>>();

/** The aliases of the nearest tsconfig.json / jsconfig.json above `dir`. */
function aliasesFor(dir: string): Aliases | null {
  const now = Date.now();
  const hit = aliasCache.get(dir);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  let value: Aliases | null = null;
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const file = path.join(dir, name);
    if (isFile(file)) {
      value = readAliases(file);
      break;
    }
  }
  const parent = path.dirname(dir);
  if (value === null && parent !== dir && !isFile(path.join(dir, 'package.json'))) value = aliasesFor(parent);
  // a package.json without a tsconfig ends the search: its files take no alias
  aliasCache.set(dir, { at: now, value });
  return value;
}

function matchAlias(specifier: string, aliases: Aliases): string | null {
  for (const [pattern, targets] of aliases.paths) {
    const star = pattern.indexOf('*');
    let rest: string | null = null;
    if (star < 0) rest = specifier === pattern ? '' : null;
    else {
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (
        specifier.startsWith(prefix) &&
        specifier.endsWith(suffix) &&
        specifier.length >= prefix.length + suffix.length
      )
        rest = specifier.slice(prefix.length, specifier.length - suffix.length);
    }
    if (rest === null) continue;
    for (const target of targets) {
      const found = asSourceFile(target.replace('*', rest));
      if (found) return found;
    }
  }
  if (aliases.baseUrl) return asSourceFile(path.join(aliases.baseUrl, specifier));
  return null;
}

/** `@acme/db/x` → ['@acme/db', 'x']. */
function packageName(specifier: string): [string, string] | null {
  const parts = specifier.split('/');
  const count = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < count || parts.slice(0, count).some((part) => part === '')) return null;
  return [parts.slice(0, count).join('/'), parts.slice(count).join('/')];
}

const realPaths = new Map<string, Cached<string | null>>();

/** Where a path leads through its links; null when nothing is there. Every folder below asks the same. */
function realPath(link: string): string | null {
  const now = Date.now();
  const hit = realPaths.get(link);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  let value: string | null = null;
  try {
    // most folders on the way up have no such package: no exception made for each
    value = existsSync(link) ? realpathSync(link) : null;
  } catch {
    value = null;
  }
  realPaths.set(link, { at: now, value });
  return value;
}

/** A package of this repository linked into node_modules (a workspace): its source entry. */
function workspacePackage(fromDir: string, specifier: string): string | null {
  const split = packageName(specifier);
  if (!split) return null;
  const [name, subpath] = split;
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    // a folder with no node_modules has no package in it: one stat a folder, not one a package name
    const real = isDirectory(path.join(dir, 'node_modules')) ? realPath(path.join(dir, 'node_modules', name)) : null;
    if (real !== null) {
      // installed from a registry: not this project's code
      if (real.split(path.sep).includes('node_modules')) return null;
      if (subpath !== '')
        return asSourceFile(path.join(real, subpath)) ?? asSourceFile(path.join(real, 'src', subpath));
      const manifest = readJsonc(path.join(real, 'package.json')) as Record<string, unknown> | null;
      for (const field of ['source', 'types', 'main', 'module']) {
        const entry = manifest?.[field];
        if (typeof entry !== 'string') continue;
        const found = asSourceFile(
          path.resolve(real, entry.replace(/^\.\/dist\//, './src/').replace(/\.d\.ts$/, '.ts')),
        );
        if (found) return found;
      }
      return asSourceFile(path.join(real, 'src', 'index')) ?? asSourceFile(path.join(real, 'index'));
    }
    if (path.dirname(dir) === dir) return null;
  }
}

const resolved = new Map<string, Cached<string | null>>();

/**
 * The source file `specifier`, imported from `fromFile`, names; null when it
 * is not this project's code. Kept as long as the file system answers it is
 * made of (every module of a folder imports the same few specifiers; a
 * package from a registry costs a path lookup in each folder up to the root).
 */
export function resolveModule(fromFile: string, specifier: string): string | null {
  const dir = path.dirname(fromFile);
  const key = `${dir}\0${specifier}`;
  const now = Date.now();
  const hit = resolved.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = resolveFrom(dir, specifier);
  resolved.set(key, { at: now, value });
  return value;
}

function resolveFrom(dir: string, specifier: string): string | null {
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
    return asSourceFile(path.resolve(dir, specifier));
  }
  if (/^[a-z]+:/i.test(specifier) || specifier.startsWith('/')) return null; // node:, npm:, https:, absolute
  const aliases = aliasesFor(dir);
  const aliased = aliases && matchAlias(specifier, aliases);
  return aliased ?? workspacePackage(dir, specifier);
}
