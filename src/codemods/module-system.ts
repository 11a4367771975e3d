/**
 * How an inserted import must name a TypeScript module, by the module
 * system of the file's package: its tsconfig's `module` and
 * `moduleResolution` (TypeScript's defaults when absent),
 * `allowImportingTsExtensions` / `rewriteRelativeImportExtensions`, and
 * whether the file is an ES module (`.mts`, or `"type": "module"` in its
 * package.json).
 *
 * - `node16` / `nodenext` resolution, ES module file: Node resolves the
 *   specifier at run time, so it needs the extension: `.js` (what the
 *   TypeScript module compiles to; TS2835 without it), or `.ts` where the
 *   project imports TypeScript extensions (it runs its sources directly:
 *   Node's type stripping, tsx, Bun). Path aliases are not used (Node does
 *   not know them).
 * - `node16` / `nodenext`, CommonJS file; `bundler`, `node10`, `classic`:
 *   no extension is needed (a bundler, or CommonJS resolution, finds `./x`).
 * - Deno (Supabase Edge Functions) is decided by the layout: relative, with
 *   the `.ts` extension.
 *
 * The file's own relative imports, when it has some, are followed where the
 * module system allows their habit; a file with none follows its package's
 * other files where they all agree (package-habit.ts): under `bundler`, a
 * package whose files all import `./x.js` runs where the extension is needed.
 */
import { ts } from 'ts-morph';

/** How a relative specifier names a TypeScript module: without extension, with `.js`, or with the source's own. */
export type ExtensionStyle = 'none' | 'js' | 'source';

export interface ModuleSystem {
  /** The extension the module system insists on, or null when a specifier without one resolves. */
  required: Exclude<ExtensionStyle, 'none'> | null;
  /** Whether tsconfig `paths` aliases may be used (not where Node resolves at run time). */
  aliases: boolean;
  /** How the report names it: `NodeNext`, `bundler`, ... (null without a tsconfig). */
  resolution: string | null;
  /**
   * How the package's other files write their relative imports, asked only for
   * a file with none of its own (package-habit.ts); absent: nothing to ask.
   */
  packageHabit?: () => ExtensionStyle | null;
}

const NODE_RESOLUTION = new Set([ts.ModuleResolutionKind.Node16, ts.ModuleResolutionKind.NodeNext]);

/** `module` values that imply node16/nodenext resolution when `moduleResolution` is not set. */
function impliedByModule(module: ts.ModuleKind | undefined): ts.ModuleResolutionKind | null {
  if (module === undefined) return null;
  if (module === ts.ModuleKind.NodeNext) return ts.ModuleResolutionKind.NodeNext;
  const name = ts.ModuleKind[module];
  return name.startsWith('Node') ? ts.ModuleResolutionKind.Node16 : null;
}

/** The name a tsconfig writes for a resolution kind. */
function resolutionName(kind: ts.ModuleResolutionKind | null, module: ts.ModuleKind | undefined): string | null {
  if (kind === ts.ModuleResolutionKind.NodeNext) return 'NodeNext';
  if (kind === ts.ModuleResolutionKind.Node16) return 'Node16';
  if (kind === ts.ModuleResolutionKind.Bundler) return 'bundler';
  // node10 and classic are deprecated in TypeScript 6, and still read in users' tsconfigs: named by their number
  if (kind !== null) return ts.ModuleResolutionKind[kind].toLowerCase();
  return module === undefined ? null : `module ${ts.ModuleKind[module]}`;
}

/**
 * The module system of a TypeScript file governed by `options` (null: no
 * tsconfig governs it); `esm` says whether the file is an ES module.
 */
export function moduleSystem(options: ts.CompilerOptions | null, esm: boolean): ModuleSystem {
  if (options === null) return { required: null, aliases: true, resolution: null };
  const kind = options.moduleResolution ?? impliedByModule(options.module);
  const resolution = resolutionName(kind, options.module);
  if (kind === null || !NODE_RESOLUTION.has(kind)) return { required: null, aliases: true, resolution };
  if (!esm) return { required: null, aliases: false, resolution };
  const sourceExtensions =
    options.allowImportingTsExtensions === true || options.rewriteRelativeImportExtensions === true;
  return { required: sourceExtensions ? 'source' : 'js', aliases: false, resolution };
}

/**
 * The extension style of an inserted relative import: the file's own habit
 * (else its package's, for a file with no relative import) where the module
 * system allows it, else what the system requires, else none for TypeScript
 * and the real extension for JavaScript (which Node's ES modules need, and
 * bundlers accept).
 */
export function extensionStyle(
  habit: ExtensionStyle | null,
  system: ModuleSystem,
  typescript: boolean,
): ExtensionStyle {
  if (system.required !== null) return habit === 'js' || habit === 'source' ? habit : system.required;
  return habit ?? (typescript ? 'none' : 'js');
}
