/**
 * TypeScript's lib files (lib.es2022.d.ts, lib.dom.d.ts, ...) parsed once a
 * process, not once a project: each `--project` type checker (type-info.ts)
 * and each type check of rewrites (type-gate.ts) would otherwise parse and
 * bind about 60 lib files again (over half a second each time).
 *
 * Sharing a source file between programs is what TypeScript's own document
 * registry does: a file's parse and binding depend only on the compiler
 * options TypeScript says affect a source file (its registry key), and each
 * program's checker keeps its own symbol links. So the key is the file name,
 * that registry key and how it was parsed, and a cached file is used only
 * when its text is the text asked for.
 */
import type { Project, ts } from 'ts-morph';
import { morph } from './morph.js';

/** For its key of the options (loaded on first use, as ts-morph: morph.ts). */
let registry: ts.DocumentRegistry | null = null;
const parsed = new Map<string, ts.SourceFile>();

/**
 * The lib file `fileName` with text `text` as `parse` makes it, made once for
 * every `options` with the same registry key and the same `form` (what else
 * `parse` reads).
 */
export function sharedLibFile(
  fileName: string,
  text: string,
  options: ts.CompilerOptions,
  form: string,
  parse: () => ts.SourceFile,
): ts.SourceFile {
  registry ??= morph().ts.createDocumentRegistry();
  const key = `${fileName}\0${registry.getKeyForCompilationSettings(options)}\0${form}`;
  const cached = parsed.get(key);
  if (cached?.text === text) return cached;
  const sourceFile = parse();
  parsed.set(key, sourceFile);
  return sourceFile;
}

/** Where ts-morph keeps TypeScript's lib files (in memory, not on disk). */
const MORPH_LIB_FOLDER = '/node_modules/typescript/lib/';

/** The part of ts-morph's project internals that parses a file's text. */
interface CompilerFactory {
  createCompilerSourceFileFromText(filePath: string, text: string, scriptKind?: ts.ScriptKind): ts.SourceFile;
}

/**
 * Lets `project` take the lib files other projects of this process have
 * parsed, and give them its own: call it before the project's program is
 * made. ts-morph parses each file through its compiler factory, which it does
 * not expose: when that changes, the project parses its own lib files, as
 * before (slower, the same answers; test/codemods/lib-files.test.ts notices).
 */
export function shareLibFiles(project: Project): Project {
  const factory = (project as unknown as { _context?: { compilerFactory?: Partial<CompilerFactory> } })._context
    ?.compilerFactory;
  const own = factory?.createCompilerSourceFileFromText;
  if (!factory || typeof own !== 'function') return project;
  factory.createCompilerSourceFileFromText = (filePath, text, scriptKind) => {
    const parse = () => own.call(factory, filePath, text, scriptKind);
    return filePath.startsWith(MORPH_LIB_FOLDER)
      ? sharedLibFile(filePath, text, project.getCompilerOptions(), `ts-morph ${scriptKind}`, parse)
      : parse();
  };
  return project;
}
