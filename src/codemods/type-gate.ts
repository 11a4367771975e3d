/**
 * The type check after a rewrite, before anything is written: the changed
 * files of one TypeScript project, their new text given to TypeScript in
 * memory (with the helper the rewrite creates), checked with the project's
 * own tsconfig, and compared with the same files as they are on disk. Only
 * what the rewrite adds counts: an error the file already had is not its
 * doing. The files that import a changed file are checked too (a changed
 * return type shows there).
 *
 * It is TypeScript's own API (through ts-morph's `ts`): a program over the
 * tsconfig's files whose compiler host answers the new texts from memory;
 * each check builds the next program from the last (TypeScript reuses every
 * file that did not change), and the files as on disk are parsed once (the
 * lib files once a process: lib-files.ts).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ts as TypeScript } from 'ts-morph';
import { morph } from './morph.js';
import type { NewFile } from './codemod.js';
import type { ParsedTsconfig } from './tsconfigs.js';
import { sharedLibFile } from './lib-files.js';

/** A type error a rewrite adds: where (1-based line) and TypeScript's own words. */
export interface AddedError {
  file: string;
  line: number;
  code: number;
  message: string;
}

/** A changed file: its path and its text after the rewrite. */
export interface ChangedText {
  path: string;
  text: string;
}

/** `TS2339 Property 'message' does not exist on type 'never'.`, one line, at most about 200 characters. */
export function errorText(error: AddedError): string {
  const message = error.message.length > 200 ? `${error.message.slice(0, 197)}...` : error.message;
  return `TS${error.code} ${message}`;
}

/**
 * TypeScript's lib files (lib.es2022.d.ts, lib.dom.d.ts, ...), by name: the
 * TypeScript that ts-morph bundles has them in memory, not on disk, so the
 * compiler host serves them from a folder of its own.
 */
let libFiles: Map<string, string> | null = null;
function libs(): Map<string, string> {
  if (libFiles === null) {
    // ts-morph's own dependency, resolved from ts-morph (where npm put it)
    const common = createRequire(createRequire(import.meta.url).resolve('ts-morph'))('@ts-morph/common') as {
      getLibFiles(): { fileName: string; text: string }[];
    };
    libFiles = new Map(common.getLibFiles().map((file) => [file.fileName, file.text]));
  }
  return libFiles;
}

/** What `ts.createSourceFile` reads of how the program asks for a file, besides the registry key's options. */
function parseForm(
  languageVersion: TypeScript.ScriptTarget | TypeScript.CreateSourceFileOptions,
  options: TypeScript.CompilerOptions,
): string {
  if (typeof languageVersion !== 'object') return `gate ${languageVersion}`;
  const { languageVersion: target, impliedNodeFormat, jsDocParsingMode } = languageVersion;
  // setExternalModuleIndicator follows the options: the registry key's and `module`
  return `gate ${target} ${impliedNodeFormat} ${jsDocParsingMode} ${options.module}`;
}

/** Where the host says the lib files are (nothing is read there). */
const LIB_FOLDER = path.resolve(path.sep, 'supabase-scale-typescript-lib');

export class TypeGate {
  private readonly ts = morph().ts;
  private readonly host: TypeScript.CompilerHost;
  /** The texts the next program reads instead of the disk's. */
  private overrides = new Map<string, string>();
  /** Source files as on disk, parsed once. */
  private readonly onDisk = new Map<string, TypeScript.SourceFile | undefined>();
  private program: TypeScript.Program | undefined;
  /** Per file, its errors as on disk: `code message` with how many times each occurs. */
  private readonly baseline = new Map<string, Map<string, number>>();
  private importers: Map<string, string[]> | null = null;

  constructor(private readonly tsconfig: Pick<ParsedTsconfig, 'files' | 'options'>) {
    const { ts } = this;
    const base = ts.createCompilerHost(tsconfig.options, true);
    const key = (file: string) => path.resolve(file);
    const lib = (file: string) =>
      path.dirname(key(file)) === LIB_FOLDER ? libs().get(path.basename(file)) : undefined;
    this.host = {
      ...base,
      getDefaultLibLocation: () => LIB_FOLDER,
      getDefaultLibFileName: (options) => path.join(LIB_FOLDER, ts.getDefaultLibFileName(options)),
      fileExists: (file) => this.overrides.has(key(file)) || lib(file) !== undefined || base.fileExists(file),
      // the folder of a file the rewrite creates (a new src/lib/) exists for module resolution
      directoryExists: (dir) =>
        [...this.overrides.keys()].some((file) => file.startsWith(key(dir) + path.sep)) ||
        key(dir) === LIB_FOLDER ||
        (base.directoryExists?.(dir) ?? ts.sys.directoryExists(dir)),
      readFile: (file) => this.overrides.get(key(file)) ?? lib(file) ?? base.readFile(file),
      getSourceFile: (file, languageVersion, onError, shouldCreate) => {
        const changed = this.overrides.get(key(file));
        if (changed !== undefined) return ts.createSourceFile(file, changed, languageVersion, true);
        // a file as on disk (a lib file as ts-morph has it) is parsed once
        if (!this.onDisk.has(key(file))) {
          const text = lib(file);
          this.onDisk.set(
            key(file),
            text === undefined
              ? base.getSourceFile(file, languageVersion, onError, shouldCreate)
              : sharedLibFile(key(file), text, tsconfig.options, parseForm(languageVersion, tsconfig.options), () =>
                  ts.createSourceFile(file, text, languageVersion, true),
                ),
          );
        }
        return this.onDisk.get(key(file));
      },
    };
  }

  /** Whether the project holds `file` (the tsconfig includes it). */
  includes(file: string): boolean {
    return this.tsconfig.files.has(path.resolve(file));
  }

  /**
   * The type errors these texts add (in the changed files, the files that
   * import them, and the new files), against the files as they are on disk.
   */
  addedErrors(changed: readonly ChangedText[], created: readonly NewFile[]): AddedError[] {
    const present = changed.filter((file) => this.includes(file.path)).map((file) => path.resolve(file.path));
    const checked = [...new Set(present.flatMap((file) => [file, ...this.importersOf(file)]))];
    // the files as on disk first: what they had is not the rewrite's
    for (const file of checked) this.baselineOf(file);
    const fresh = created.map((file) => path.resolve(file.path)).filter((file) => !this.includes(file));
    const overrides = new Map<string, string>();
    for (const file of changed) if (this.includes(file.path)) overrides.set(path.resolve(file.path), file.text);
    for (const file of created)
      if (fresh.includes(path.resolve(file.path))) overrides.set(path.resolve(file.path), file.text);
    const program = this.build(overrides, fresh);
    const errors: AddedError[] = [];
    for (const file of checked) errors.push(...this.beyondBaseline(file, this.errorsOf(program, file)));
    for (const file of fresh) errors.push(...this.errorsOf(program, file));
    return errors;
  }

  /** The program with these texts in place of the disk's (and these new files among its roots). */
  private build(overrides: Map<string, string>, added: readonly string[] = []): TypeScript.Program {
    this.overrides = overrides;
    this.program = this.ts.createProgram({
      rootNames: [...this.tsconfig.files, ...added],
      options: this.tsconfig.options,
      host: this.host,
      oldProgram: this.program,
    });
    return this.program;
  }

  /** The project's files that import `file` (as on disk), found once for all of them. */
  private importersOf(file: string): string[] {
    if (this.importers === null) {
      const { ts } = this;
      const importers = new Map<string, string[]>();
      const cache = ts.createModuleResolutionCache(process.cwd(), (name) => name, this.tsconfig.options);
      for (const importer of this.tsconfig.files) {
        const text = this.host.readFile(importer);
        if (text === undefined) continue;
        for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
          const resolved = ts.resolveModuleName(
            fileName,
            importer,
            this.tsconfig.options,
            this.host,
            cache,
          ).resolvedModule;
          if (!resolved || resolved.isExternalLibraryImport) continue;
          const target = path.resolve(resolved.resolvedFileName);
          importers.set(target, [...(importers.get(target) ?? []), importer]);
        }
      }
      this.importers = importers;
    }
    return this.importers.get(file) ?? [];
  }

  private baselineOf(file: string): Map<string, number> {
    let counts = this.baseline.get(file);
    if (!counts) {
      counts = new Map();
      const program = this.program && this.overrides.size === 0 ? this.program : this.build(new Map());
      for (const error of this.errorsOf(program, file)) {
        const key = `${error.code} ${error.message}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      this.baseline.set(file, counts);
    }
    return counts;
  }

  /** The errors past what the file had on disk (the same error, counted: its position may have moved). */
  private beyondBaseline(file: string, errors: readonly AddedError[]): AddedError[] {
    const left = new Map(this.baselineOf(file));
    return errors.filter((error) => {
      const key = `${error.code} ${error.message}`;
      const count = left.get(key) ?? 0;
      if (count > 0) {
        left.set(key, count - 1);
        return false;
      }
      return true;
    });
  }

  /** The syntactic and semantic errors of one file of the program. */
  private errorsOf(program: TypeScript.Program, file: string): AddedError[] {
    const { ts } = this;
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) return [];
    return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]
      .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
      .map((diagnostic) => ({
        file,
        line: diagnostic.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line + 1,
        code: diagnostic.code,
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
      }));
  }
}
