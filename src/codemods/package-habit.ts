/**
 * How a package's TypeScript files write the extension of their relative
 * imports, for an inserted import in a file that has no relative import of
 * its own to follow. Under `bundler` resolution every style type-checks, but
 * a package whose files all import `./x.js` is run where the extension is
 * needed (an ES-module package built by tsc and started with `node dist/...`):
 * an extensionless import there compiles and then fails at run time
 * (ERR_MODULE_NOT_FOUND). A package whose files agree is followed; one whose
 * files disagree, or that has no relative import, says nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hasSourceExtension, isTypeScriptFile, namesCompiledOutput } from '../utils/source-files.js';
import type { ExtensionStyle } from './module-system.js';

/** Folders that hold no source of the package (build output, dependencies). */
const NOT_SOURCE = new Set(['node_modules', 'dist', 'build', 'out', 'coverage']);

/** Files that make their folder another package's, or Deno's. */
const OTHER_ROOTS = new Set(['package.json', 'deno.json', 'deno.jsonc']);

/** Supabase Edge Functions: Deno code. */
const FUNCTIONS = `${path.sep}supabase${path.sep}functions`;

/** Enough files to see a package's habit; the walk stops there. */
const MAX_FILES = 300;

/**
 * The relative specifiers of the imports and re-exports that stay at run
 * time (`import type` and `export type` are erased, so they say nothing).
 */
const RUNTIME_SPECIFIER = /(?:^|[;\n])[ \t]*(?:import|export)(?![ \t]+type[ \t{])[^'";]*?['"](\.\.?\/[^'"\n]*)['"]/g;

/** The style of one relative specifier; null for a non-code file (`./styles.css`) or a name it cannot read. */
function styleOf(specifier: string): ExtensionStyle | null {
  if (namesCompiledOutput(specifier)) return 'js';
  if (isTypeScriptFile(specifier)) return 'source';
  if (hasSourceExtension(specifier)) return null;
  return path.extname(specifier) === '' ? 'none' : null;
}

/** The TypeScript source files of the package at `root`, not those of a package or Deno code inside it, up to MAX_FILES. */
function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string, top: boolean) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    // another package, or Deno code (Edge Functions import `./x.ts` whatever the package does)
    if (!top && entries.some((entry) => entry.isFile() && OTHER_ROOTS.has(entry.name))) return;
    if (dir.endsWith(FUNCTIONS)) return;
    for (const entry of entries) {
      if (found.length >= MAX_FILES) return;
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_SOURCE.has(entry.name)) visit(full, false);
      } else if (entry.isFile() && isTypeScriptFile(entry.name) && !entry.name.endsWith('.d.ts')) {
        found.push(full);
      }
    }
  };
  visit(root, true);
  return found;
}

/** The extension style every relative runtime import of the package's TypeScript files uses, or null. */
export function packageHabit(root: string): ExtensionStyle | null {
  const seen = new Set<ExtensionStyle>();
  for (const file of sourceFiles(root)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const match of text.matchAll(RUNTIME_SPECIFIER)) {
      const style = styleOf(match[1]!);
      if (style !== null) seen.add(style);
    }
    if (seen.size > 1) return null;
  }
  const [only] = seen;
  return only ?? null;
}
