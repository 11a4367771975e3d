/**
 * Where the pagination helper of a file goes, and how the file imports it:
 * per package (the nearest package.json) and per runtime.
 *
 * - Supabase Edge Functions (Deno): a file under `supabase/functions/`, or
 *   under a folder with deno.json / deno.jsonc, or importing `npm:`, `jsr:`
 *   or `https://` specifiers. The helper goes to `supabase/functions/_shared/`
 *   (the Supabase convention for shared function code; `_shared/` beside the
 *   deno.json, or beside the file, outside `supabase/functions/`) and is
 *   imported by a relative path with its `.ts` extension, never an alias.
 * - A package: `src/lib/` when the package has `src/`, else `lib/` (a
 *   Next.js or Expo app without `src/`). A TypeScript file whose tsconfig
 *   lies below the package root (a `shared/` project with a tsconfig.json
 *   and no package.json) has its helper in that project. A TypeScript file of a package
 *   with a tsconfig.json gets the `.ts` helper, through the package's own path alias (its tsconfig.json) or
 *   relatively; a JavaScript file (perhaps a Node script, which knows no
 *   alias and no `.ts`) the `.js` helper, relatively. An existing helper
 *   there is reused.
 * - A CommonJS file (`.cjs`, or a `.js` file that uses require() in a package
 *   whose package.json does not say `"type": "module"`): a `.cjs` helper and
 *   a require().
 *
 * `--helper-path` (or the config's helperPath) names the helper relative to
 * each package root; an absolute one is used as it is.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isCommonJsFile, isTypeScriptFile } from '../utils/source-files.js';
import { tsconfigAliases } from './aliases.js';
import type { PathAlias } from './aliases.js';
import { type ExtensionStyle, type ModuleSystem, moduleSystem } from './module-system.js';
import { packageHabit } from './package-habit.js';
import { Tsconfigs } from './tsconfigs.js';

/** What a Deno or CommonJS placement says of the module system: nothing (the runtime decides the specifier). */
const RUNTIME_DECIDES: ModuleSystem = { required: 'source', aliases: false, resolution: null };

export type Runtime = 'deno' | 'esm' | 'commonjs';

export const HELPER_BASENAME = 'supabase-pagination';

export interface HelperPlacement {
  /** The package root (for Deno: the `supabase/functions` folder, or the folder `_shared/` is in). */
  packageRoot: string;
  helperPath: string;
  runtime: Runtime;
  /** The package's path aliases (none for Deno). */
  aliases: readonly PathAlias[];
  /** How an import of the helper must be written, by the file's tsconfig and package (module-system.ts). */
  system: ModuleSystem;
}

/** What a run recorded about one package's helper, for the summary and --json. */
export interface HelperUse {
  packageRoot: string;
  helperPath: string;
  runtime: Runtime;
  /** `relative`, `relative .ts` (Deno), `alias @/...`, `require`. */
  importStyle: string;
  /** Whether the helper was there before the run. */
  existed: boolean;
  /** The files that import it. */
  files: string[];
}

const FUNCTIONS_SEGMENT = `${path.sep}supabase${path.sep}functions${path.sep}`;
const DENO_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](?:npm:|jsr:|https?:\/\/)/;

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export class ProjectLayout {
  private readonly packages = new Map<string, string>();
  private readonly moduleTypes = new Map<string, boolean>();
  /** How each package's files write their relative imports (package-habit.ts), once asked. */
  private readonly habits = new Map<string, ExtensionStyle | null>();
  private readonly aliasCache = new Map<string, PathAlias[]>();
  private readonly uses = new Map<string, HelperUse>();
  /** The tsconfig that governs each file, for its module system (a tsconfig that cannot be read governs nothing). */
  private readonly tsconfigs = new Tsconfigs();
  /** One line per tsconfig whose aliases could not be read. */
  readonly warnings: string[] = [];

  /**
   * @param runRoot the folder the CLI runs in: the package of a file with no package.json above it
   * @param helperPathSetting `--helper-path` or the config's helperPath as written, or null
   */
  constructor(
    private readonly runRoot: string,
    private readonly helperPathSetting: string | null,
    private readonly runFolders: readonly string[] | null = null,
  ) {}

  /** The folder of the nearest package.json above `file`, or the run root when there is none. */
  packageRootOf(file: string): string {
    const start = path.dirname(file);
    const known = this.packages.get(start);
    if (known) return known;
    let root = this.runRoot;
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'package.json'))) {
        root = dir;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    this.packages.set(start, root);
    return root;
  }

  /** The Deno folder a file belongs to (the one `_shared/` goes in), or null for a file that is not Deno code. */
  denoRootOf(file: string, text: string): string | null {
    const at = file.lastIndexOf(FUNCTIONS_SEGMENT);
    if (at >= 0) return file.slice(0, at + FUNCTIONS_SEGMENT.length - 1);
    const stop = this.packageRootOf(file);
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'deno.json')) || existsSync(path.join(dir, 'deno.jsonc'))) return dir;
      if (dir === stop || path.dirname(dir) === dir) break;
    }
    return DENO_SPECIFIER.test(text) ? path.dirname(file) : null;
  }

  private isModulePackage(root: string): boolean {
    if (!this.moduleTypes.has(root)) {
      let module = false;
      try {
        const json = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { type?: unknown };
        module = json.type === 'module';
      } catch {
        module = false;
      }
      this.moduleTypes.set(root, module);
    }
    return this.moduleTypes.get(root)!;
  }

  /** The path aliases of the package's tsconfig.json (none when it cannot be read: a warning). */
  aliasesOf(root: string): PathAlias[] {
    if (!this.aliasCache.has(root)) {
      const tsconfig = path.join(root, 'tsconfig.json');
      let aliases: PathAlias[] = [];
      if (existsSync(tsconfig)) {
        const read = tsconfigAliases(tsconfig);
        aliases = read.aliases;
        if (read.warning) this.warnings.push(read.warning);
      }
      this.aliasCache.set(root, aliases);
    }
    return this.aliasCache.get(root)!;
  }

  /** Where the helper of `file` is, and how the file's runtime imports it. */
  placementFor(file: string, text: string, usesRequire: boolean, exists: (file: string) => boolean): HelperPlacement {
    const deno = this.denoRootOf(file, text);
    if (deno !== null) {
      const helperPath = path.join(deno, '_shared', `${HELPER_BASENAME}.ts`);
      return { packageRoot: deno, helperPath, runtime: 'deno', aliases: [], system: RUNTIME_DECIDES };
    }
    const packageJsonRoot = this.packageRootOf(file);
    // a .cts file, or require() in a `"type": "module"` package's .js file, stays with no placement (left by hand)
    const commonJs =
      usesRequire &&
      !isTypeScriptFile(file) &&
      (isCommonJsFile(file) || (!file.endsWith('.mjs') && !this.isModulePackage(packageJsonRoot)));
    const runtime: Runtime = commonJs ? 'commonjs' : 'esm';
    // a TypeScript file of a project below its package root (`shared/` with its own tsconfig.json, no
    // package.json): the helper goes into that project, where its tsconfig includes it
    const governing = isTypeScriptFile(file) ? this.tsconfigs.owner(file) : null;
    const projectRoot = governing === null ? null : path.dirname(governing);
    const packageRoot =
      projectRoot !== null && projectRoot !== packageJsonRoot && projectRoot.startsWith(packageJsonRoot + path.sep)
        ? projectRoot
        : packageJsonRoot;
    // a JavaScript file may be a Node script: no alias, and a JavaScript helper it can import as it is
    const typescript =
      isTypeScriptFile(file) && (governing !== null || existsSync(path.join(packageRoot, 'tsconfig.json')));
    const aliases = typescript ? this.aliasesOf(packageRoot) : [];
    const system = commonJs ? RUNTIME_DECIDES : this.moduleSystemOf(file, packageRoot);
    const placed = (helperPath: string): HelperPlacement => ({ packageRoot, helperPath, runtime, aliases, system });
    if (this.helperPathSetting !== null) return placed(path.resolve(packageRoot, this.helperPathSetting));
    const folders = [path.join(packageRoot, 'src', 'lib'), path.join(packageRoot, 'lib')];
    const extension = commonJs ? '.cjs' : typescript ? '.ts' : '.js';
    for (const folder of folders) {
      const candidate = path.join(folder, HELPER_BASENAME + extension);
      if (exists(candidate)) return placed(candidate);
    }
    const folder = isDirectory(path.join(packageRoot, 'src')) ? folders[0]! : folders[1]!;
    return placed(path.join(folder, HELPER_BASENAME + extension));
  }

  /**
   * The module system of a TypeScript file: its tsconfig's resolution, whether
   * it is an ES module, and (asked for a file with no relative import) how the
   * package's other files write their relative imports.
   */
  moduleSystemOf(file: string, packageRoot = this.packageRootOf(file)): ModuleSystem {
    if (!isTypeScriptFile(file)) return moduleSystem(null, true);
    const esm = file.endsWith('.mts') || (!file.endsWith('.cts') && this.isModulePackage(packageRoot));
    const habit = () => {
      if (!this.habits.has(packageRoot)) this.habits.set(packageRoot, packageHabit(packageRoot));
      return this.habits.get(packageRoot)!;
    };
    return { ...moduleSystem(this.tsconfigs.governing(file)?.options ?? null, esm), packageHabit: habit };
  }

  /**
   * Whether the run may create the helper at `helperPath`: inside one of the
   * folders it runs on, or where `--helper-path` (the config's helperPath)
   * put it. A package root above those folders (a folder with no
   * package.json of its own, in a repository whose root has one) is not
   * the run's to write in.
   */
  mayCreate(helperPath: string): boolean {
    if (this.helperPathSetting !== null || this.runFolders === null) return true;
    return this.runFolders.some((folder) => {
      const relative = path.relative(folder, helperPath);
      return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    });
  }

  /** The folders the run writes in, as a reason names them. */
  runFoldersText(display: (file: string) => string): string {
    return (this.runFolders ?? [this.runRoot]).map((folder) => display(folder) || '.').join(', ');
  }

  /** Records that `file` imports the helper at `placement` with `specifier`. */
  record(placement: HelperPlacement, file: string, specifier: string, existed: boolean): void {
    const resolution = placement.system.resolution;
    const importStyle =
      placement.runtime === 'commonjs'
        ? 'require'
        : placement.runtime === 'deno'
          ? 'relative .ts'
          : `${specifier.startsWith('.') ? 'relative' : `alias ${specifier}`}${resolution?.startsWith('Node') ? ` (${resolution})` : ''}`;
    const key = placement.helperPath;
    const use = this.uses.get(key) ?? {
      packageRoot: placement.packageRoot,
      helperPath: placement.helperPath,
      runtime: placement.runtime,
      importStyle,
      existed,
      files: [],
    };
    if (use.importStyle !== importStyle && !use.importStyle.includes(importStyle)) {
      use.importStyle = `${use.importStyle}, ${importStyle}`;
    }
    if (!use.files.includes(file)) use.files.push(file);
    this.uses.set(key, use);
  }

  /** Every helper a file of the run imports, by helper path. */
  helperUses(): HelperUse[] {
    return [...this.uses.values()];
  }
}
