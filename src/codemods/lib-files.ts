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
import { ts } from 'ts-morph';

const registry = ts.createDocumentRegistry();
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
  const key = `${fileName}\0${registry.getKeyForCompilationSettings(options)}\0${form}`;
  const cached = parsed.get(key);
  if (cached?.text === text) return cached;
  const sourceFile = parse();
  parsed.set(key, sourceFile);
  return sourceFile;
}
