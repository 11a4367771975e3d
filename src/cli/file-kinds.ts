/**
 * What each audited file is, so that the audit can report the app apart from
 * the rest: app code (what users run), a script (a one-off `scripts/` file, a
 * seed, a migration helper, a `bin`, a root-level file run by `node`), or a
 * test (a test file, a test folder, or what a test runner's config or a test
 * script of `package.json` names). Findings in scripts and tests are true,
 * but they are not where the app stops scaling: `--max-findings` and the
 * SARIF levels count the app's by default (`--include scripts,tests`).
 *
 * Code kept aside (`archive/`, `backups/`, `tmp/`, `patches/`) counts with the
 * scripts: no user runs it.
 *
 * Decided from the path, the nearest `package.json` (its `scripts`, `bin` and
 * `main`) and the test-runner configs beside it; for a file at a package's
 * root, from whether it exports anything (a module is imported, a file with
 * no export is run).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type FileKind = 'app' | 'script' | 'test';

export const FILE_KINDS: readonly FileKind[] = ['app', 'script', 'test'];

/** Folders whose files are tests, whatever their names. */
const TEST_DIRS = new Set(['__tests__', '__mocks__', 'test', 'tests', 'spec', 'specs', 'e2e', 'cypress', 'playwright']);

/** Folders whose files are scripts: one-off `scripts/`, `bin/`, seeds, migration helpers (not `supabase/migrations` SQL: never linted). */
const SCRIPT_DIRS = new Set(['scripts', 'script', 'bin', 'seed', 'seeds', 'seeders', 'migrate', 'migrations']);

/** `x.test.ts`, `x.spec.tsx`, `x.e2e.ts`, `x.cy.js`: a test runner's names, tests wherever they are. */
const TEST_NAME = /\.(test|spec|e2e|cy|bench)\.[cm]?[jt]sx?$/i;

/** `test-db.mjs`, `db_test.js`: a test by its name, unless a router serves it (`routes/api/push-test.ts`). */
const TEST_WORD_NAME = /^tests?[-_]|[-_]tests?\.[cm]?[jt]sx?$/i;

/** Folders of tests by a runner's convention, wherever they are. */
const RUNNER_TEST_DIRS = new Set(['__tests__', '__mocks__']);

/**
 * Folders whose files a framework's router serves, each file a page or an
 * endpoint (Next.js `app/` and `pages/`, TanStack and Remix `routes/`, `api/`):
 * below one, a folder or file named like a test (`app/items/specs/page.tsx`,
 * `routes/api/admin/push-test.ts`) is a route of that name.
 */
const ROUTER_DIRS = new Set(['app', 'pages', 'routes', 'api']);

/**
 * Folders of code kept aside, which no user runs: archived copies, backups,
 * scratch folders, patch copies (`archive/one-time-fixes/`, `backups/`,
 * `tmp/`, `patches/`): not the app, counted with the scripts.
 */
const ASIDE_DIRS = new Set([
  'archive',
  'archives',
  'archived',
  'backup',
  'backups',
  'tmp',
  'temp',
  'scratch',
  'patches',
]);

/** A React component's file: a page or a part of one, whatever its name says (`migration-history.tsx`). */
const COMPONENT_FILE = /\.[jt]sx$/i;

/** `seed.ts`, `seed-users.mjs`, `users.seed.ts`, `migrate.js`, `migration-runner.ts`. */
const SCRIPT_NAME = /^(seed|migrate|migration)s?([-_.]|$)|\.seed\.[cm]?[jt]sx?$/i;

/** Config files at a package's root, which a tool loads: not run by node, not app code either way. */
const CONFIG_NAME = /(^|\.)config\.[cm]?[jt]s$|^\..*rc\.[cm]?js$|^(gulpfile|gruntfile|jakefile)\.[cm]?[jt]s$/i;

/** Scripts of `package.json` that run the app (what users run): the files they name are app code. */
const APP_SCRIPT = /^(start|dev|serve|preview|build|prod|production)(:|$)/;
const TEST_SCRIPT = /(^|:)(test|tests|spec|e2e|cypress|playwright|vitest|jest)(:|$)/;

/** A source file a command names (`node scripts/seed.js`, `tsx ./check-db.ts`). */
const NAMED_FILE = /(?:^|[\s'"=])((?:\.{0,2}\/)?[\w@./-]+\.[cm]?[jt]sx?)(?=$|[\s'"])/g;

/** Entry points an app keeps at its root (`index.js` that registers the app, `server.js`): app code without exports. */
const ENTRY_NAME = /^(index|main|app|server|worker|sw|service-worker|middleware|instrumentation)\.[cm]?[jt]sx?$/i;

/** `export ...`, `module.exports`, `exports.x =`: a module other code imports. */
const EXPORTS = /^\s*export\s|\bmodule\.exports\b|\bexports\.[\w$]+\s*=/m;

interface TestPatterns {
  /** Folders (absolute) whose every file is a test (Playwright's `testDir`). */
  dirs: string[];
  /** Globs over a path relative to the package (`include`, `testMatch`, `specPattern`). */
  globs: RegExp[];
}

interface PackageFacts {
  /** Files (absolute) named by each kind of script, by `bin` and by `main`. */
  named: Map<string, FileKind>;
  tests: TestPatterns;
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function namedFiles(command: string, dir: string): string[] {
  return [...command.matchAll(NAMED_FILE)].map((match) => path.resolve(dir, match[1]!));
}

/** The files `package.json` names, and of what kind. */
function packageNames(json: Record<string, unknown>, dir: string): Map<string, FileKind> {
  const named = new Map<string, FileKind>();
  const set = (file: string, kind: FileKind) => {
    // a file both a test script and the app name is app code
    if (named.get(file) !== 'app') named.set(file, kind);
  };
  const scripts = json.scripts;
  if (typeof scripts === 'object' && scripts !== null) {
    for (const [name, command] of Object.entries(scripts as Record<string, unknown>)) {
      if (typeof command !== 'string') continue;
      const kind: FileKind = APP_SCRIPT.test(name) ? 'app' : TEST_SCRIPT.test(name) ? 'test' : 'script';
      for (const file of namedFiles(command, dir)) set(file, kind);
    }
  }
  const bin = json.bin;
  const bins = typeof bin === 'string' ? [bin] : typeof bin === 'object' && bin !== null ? Object.values(bin) : [];
  for (const file of bins) if (typeof file === 'string') set(path.resolve(dir, file), 'script');
  if (typeof json.main === 'string') named.set(path.resolve(dir, json.main), 'app');
  return named;
}

/** A glob of a test runner's config (`src/**` then `*.{test,spec}.ts`) as a regular expression over a path relative to its folder. */
function globPattern(glob: string): RegExp {
  let pattern = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      pattern += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (char === '*') pattern += '[^/]*';
    else if (char === '?') pattern += '[^/]';
    else if (char === '{') {
      braces += 1;
      pattern += '(?:';
    } else if (char === '}' && braces > 0) {
      braces -= 1;
      pattern += ')';
    } else if (char === ',' && braces > 0) pattern += '|';
    else pattern += char.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

/**
 * What a test runner's config beside `package.json` says is a test: the
 * folder of Playwright's `testDir` (every file in it), and the globs of
 * `include` (Vitest), `testMatch` (Jest, Playwright) and `specPattern`
 * (Cypress) that name tests (`test`, `spec`, `e2e`, `.cy.`), matched
 * against a file's path from that folder.
 */
function testRunnerPatterns(dir: string): TestPatterns {
  const found: TestPatterns = { dirs: [], globs: [] };
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /^(playwright|cypress|vitest|jest)\.config\.[cm]?[jt]s$/.test(name));
  } catch {
    return found;
  }
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(path.join(dir, name), 'utf8');
    } catch {
      continue;
    }
    const keys = /\b(testDir|include|testMatch|specPattern)\s*:\s*(\[[^\]]*\]|'[^']*'|"[^"]*"|`[^`]*`)/g;
    for (const [, key, value] of text.matchAll(keys)) {
      for (const [, literal] of value!.matchAll(/['"`]([^'"`]+)['"`]/g)) {
        const written = literal!.replace(/^<rootDir>\/?/, '').replace(/^\.\//, '');
        if (key === 'testDir') found.dirs.push(path.resolve(dir, written));
        // a glob that names no test (`coverage: { include: ['src/**'] }`) says what is measured, not what is a test
        else if (/test|spec|e2e|\.cy\./i.test(written)) found.globs.push(globPattern(written));
      }
    }
  }
  return found;
}

const inside = (file: string, dir: string) => file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/** Folders no project's root is above: a stray `package.json` in the home or temp folder is not the project's. */
const STOPS = new Set([os.homedir(), os.tmpdir()]);

/** The kind of each file of one audit run, with each package's facts read once. */
export class FileKinds {
  private readonly packages = new Map<string, { dir: string; facts: PackageFacts } | null>();
  private readonly roots = new Map<string, string>();

  /** `cwd`: the folder the run starts in, the root of every file under it. */
  constructor(private readonly cwd: string) {}

  /**
   * The folder a file's path is read from: the run's folder for a file under
   * it; for a file elsewhere (`audit /srv/app` run from another folder), its
   * repository (the nearest folder above it with `.git`), else the highest
   * folder above it with a `package.json` (below the home and temp folders),
   * else its own folder. Never the folders above that: `/tmp/app/src/x.ts` is
   * not code kept aside in `tmp/`.
   */
  private rootOf(file: string): string {
    if (inside(file, this.cwd)) return this.cwd;
    const start = path.dirname(file);
    const known = this.roots.get(start);
    if (known !== undefined) return known;
    let root: string | null = null;
    let highestPackage: string | null = null;
    for (let dir = start; !STOPS.has(dir); dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, '.git'))) {
        root = dir;
        break;
      }
      if (existsSync(path.join(dir, 'package.json'))) highestPackage = dir;
      if (path.dirname(dir) === dir) break;
    }
    const found = root ?? highestPackage ?? start;
    this.roots.set(start, found);
    return found;
  }

  /** The nearest folder with a `package.json` at or above `dir`, up to `root`; null when none. */
  private packageOf(dir: string, root: string): { dir: string; facts: PackageFacts } | null {
    if (this.packages.has(dir)) return this.packages.get(dir)!;
    const json = readJson(path.join(dir, 'package.json'));
    const parent = path.dirname(dir);
    const found = json
      ? { dir, facts: { named: packageNames(json, dir), tests: testRunnerPatterns(dir) } }
      : dir === root || parent === dir || !inside(dir, root)
        ? null
        : this.packageOf(parent, root);
    this.packages.set(dir, found);
    return found;
  }

  private isTestByRunner(file: string, pkg: { dir: string; facts: PackageFacts }): boolean {
    const { dirs, globs } = pkg.facts.tests;
    if (dirs.some((dir) => inside(file, dir))) return true;
    const relative = path.relative(pkg.dir, file).split(path.sep).join('/');
    return globs.some((glob) => glob.test(relative));
  }

  /** Whether `dir` is below a scripts or aside folder under `root` (`scripts/`, `archive/`). */
  private inScriptFolder(dir: string, root: string): boolean {
    if (!inside(dir, root)) return false;
    const segments = path.relative(root, dir).split(path.sep);
    return segments.some((segment) => SCRIPT_DIRS.has(segment) || ASIDE_DIRS.has(segment.toLowerCase()));
  }

  /** What `file` (absolute) is; `text` is its source, read for a file at a package's root. */
  kindOf(file: string, text: string): FileKind {
    const root = this.rootOf(file);
    const relative = path.relative(root, file);
    const segments = relative.split(path.sep);
    const base = segments.pop() ?? '';
    const pkg = this.packageOf(path.dirname(file), root);
    const named = pkg?.facts.named.get(file);
    // a package kept in a scripts or aside folder (`scripts/migrate-images/package.json`) is a tool: what it runs is a script
    if (named === 'app' && pkg && this.inScriptFolder(pkg.dir, root)) return 'script';
    if (named) return named;
    if (TEST_NAME.test(base) || segments.some((segment) => RUNNER_TEST_DIRS.has(segment))) return 'test';
    // a folder or name that says test, above any router folder (below one it names a route)
    const router = segments.findIndex((segment) => ROUTER_DIRS.has(segment));
    const above = router < 0 ? segments : segments.slice(0, router);
    if ((router < 0 && TEST_WORD_NAME.test(base)) || above.some((segment) => TEST_DIRS.has(segment))) return 'test';
    if (pkg && this.isTestByRunner(file, pkg)) return 'test';
    // supabase/functions is the app's server side, whatever its folders are called
    const functions = segments.includes('functions') && segments.includes('supabase');
    const scriptName = SCRIPT_NAME.test(base) && !COMPONENT_FILE.test(base);
    const scriptDir = segments.some((segment) => SCRIPT_DIRS.has(segment) || ASIDE_DIRS.has(segment.toLowerCase()));
    if (!functions && (scriptName || scriptDir)) return 'script';
    // a file at a package's root (or the run's) that nothing imports is run with node
    const atRoot = path.dirname(file) === (pkg?.dir ?? root) || path.dirname(file) === root;
    if (atRoot && !CONFIG_NAME.test(base) && !ENTRY_NAME.test(base) && !EXPORTS.test(text)) return 'script';
    return 'app';
  }
}
