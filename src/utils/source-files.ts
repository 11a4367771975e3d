/**
 * The source files this package reads and writes, by extension: which are
 * TypeScript and which JavaScript, which hold JSX, which are CommonJS, which
 * are declaration files, and how a TypeScript file and the JavaScript it
 * compiles to name each other in an import specifier.
 */

/** TypeScript sources, in the order a specifier without extension is resolved. */
export const TS_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts'];

export const JS_EXTENSIONS: readonly string[] = ['.js', '.jsx', '.mjs', '.cjs'];

/** Every source extension, TypeScript first: the order a specifier without extension is resolved in. */
export const SOURCE_EXTENSIONS: readonly string[] = [...TS_EXTENSIONS, ...JS_EXTENSIONS];

const TYPESCRIPT = /\.(?:ts|tsx|mts|cts)$/;
const SOURCE = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const JSX = /\.[jt]sx$/;
const COMMONJS = /\.c[jt]s$/;
const DECLARATION = /\.d\.[mc]?ts$/;
/** What a TypeScript module compiles to, as a specifier names it: `.js`, `.mjs`, `.cjs` (not `.jsx`). */
const COMPILED = /\.[mc]?js$/;
/** A JavaScript extension a specifier may write for a TypeScript source (`.jsx` and the module kinds too). */
const WRITTEN_AS_JS = /\.(m|c)?jsx?$/;

/** `.ts`, `.tsx`, `.mts`, `.cts` (a declaration file too). */
export function isTypeScriptFile(file: string): boolean {
  return TYPESCRIPT.test(file);
}

/** Ends with one of SOURCE_EXTENSIONS. */
export function hasSourceExtension(file: string): boolean {
  return SOURCE.test(file);
}

/** The name without its source extension (unchanged when it has none). */
export function withoutSourceExtension(file: string): string {
  return file.replace(SOURCE, '');
}

/** `.tsx` or `.jsx`: the file is parsed with JSX. */
export function isJsxFile(file: string): boolean {
  return JSX.test(file);
}

/** `.cjs` or `.cts`: a CommonJS module whatever it contains. */
export function isCommonJsFile(file: string): boolean {
  return COMMONJS.test(file);
}

/** `.d.ts`, `.d.mts`, `.d.cts`: types only, no code to check or rewrite. */
export function isDeclarationFile(file: string): boolean {
  return DECLARATION.test(file);
}

/** A specifier written with the extension of compiled output (`./x.js`, `./x.mjs`, `./x.cjs`). */
export function namesCompiledOutput(specifier: string): boolean {
  return COMPILED.test(specifier);
}

/** The JavaScript a TypeScript file compiles to: `.mts` -> `.mjs`, `.cts` -> `.cjs`, `.ts` / `.tsx` -> `.js`. */
export function compiledName(file: string): string {
  if (file.endsWith('.mts')) return file.replace(/\.mts$/, '.mjs');
  if (file.endsWith('.cts')) return file.replace(/\.cts$/, '.cjs');
  return file.replace(/\.tsx?$/, '.js');
}

/** The TypeScript sources a file written with a JavaScript extension may stand for (`x.js` -> `x.ts`, `x.tsx`); none for another name. */
export function typeScriptSourcesOf(file: string): string[] {
  const match = WRITTEN_AS_JS.exec(file);
  if (!match) return [];
  const stem = file.slice(0, -match[0].length);
  const extensions = match[1] === 'm' ? ['.mts'] : match[1] === 'c' ? ['.cts'] : ['.ts', '.tsx'];
  return extensions.map((extension) => stem + extension);
}
