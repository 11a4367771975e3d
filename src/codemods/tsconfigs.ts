/**
 * The tsconfig that governs a file, read without a type checker: from the
 * file's folder up, the nearest tsconfig.json; when it does not include the
 * file itself, the projects it references (Vite's solution tsconfig:
 * `"files": []` plus `references` to tsconfig.app.json and
 * tsconfig.node.json), depth first. `extends` is followed by TypeScript. A
 * tsconfig that cannot be read or parsed, or whose `extends` cannot be
 * resolved (Expo's `expo/tsconfig.base` before `npm install`), is a one-line
 * warning and governs nothing.
 *
 * Both the type information of a run (project-types.ts) and the module
 * system an inserted import must follow (module-system.ts) ask it.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';

/** 18003: no inputs found (a solution tsconfig with `"files": []`). */
const NO_INPUTS = 18003;
const MAX_REFERENCE_DEPTH = 8;

export interface ParsedTsconfig {
  file: string;
  files: Set<string>;
  references: string[];
  options: ts.CompilerOptions;
}

export class Tsconfigs {
  private readonly parsed = new Map<string, ParsedTsconfig | null>();
  private readonly owners = new Map<string, string | null>();

  /** @param warn called once per tsconfig that cannot be read, with TypeScript's message */
  constructor(private readonly warn: (tsconfig: string, message: string) => void = () => undefined) {}

  /** The tsconfig whose project includes `file`: the nearest tsconfig.json above it, or a project it references. */
  owner(file: string): string | null {
    const absolute = path.resolve(file);
    if (!this.owners.has(absolute)) {
      let found: string | null = null;
      for (let at = path.dirname(absolute); ; at = path.dirname(at)) {
        const tsconfig = path.join(at, 'tsconfig.json');
        if (existsSync(tsconfig)) {
          found = this.including(tsconfig, absolute, 0);
          break;
        }
        if (path.dirname(at) === at) break;
      }
      this.owners.set(absolute, found);
    }
    return this.owners.get(absolute)!;
  }

  /** The parsed tsconfig that governs `file`, or null when none does. */
  governing(file: string): ParsedTsconfig | null {
    const tsconfig = this.owner(file);
    return tsconfig === null ? null : this.parse(tsconfig);
  }

  private including(tsconfig: string, file: string, depth: number): string | null {
    const parsed = this.parse(tsconfig);
    if (parsed === null || depth > MAX_REFERENCE_DEPTH) return null;
    if (parsed.files.has(file)) return tsconfig;
    for (const reference of parsed.references) {
      const found = this.including(reference, file, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }

  parse(tsconfig: string): ParsedTsconfig | null {
    if (!this.parsed.has(tsconfig)) this.parsed.set(tsconfig, this.read(tsconfig));
    return this.parsed.get(tsconfig)!;
  }

  private read(tsconfig: string): ParsedTsconfig | null {
    const read = ts.readConfigFile(tsconfig, (file) => ts.sys.readFile(file));
    if (read.error) {
      this.warn(tsconfig, ts.flattenDiagnosticMessageText(read.error.messageText, ' ').replace(/\.$/, ''));
      return null;
    }
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig), undefined, tsconfig);
    const fatal = parsed.errors.find((error) => error.code !== NO_INPUTS);
    if (fatal) {
      this.warn(tsconfig, ts.flattenDiagnosticMessageText(fatal.messageText, ' ').replace(/\.$/, ''));
      return null;
    }
    const references = (parsed.projectReferences ?? []).map((reference) => {
      const target = path.resolve(path.dirname(tsconfig), reference.path);
      return existsSync(target) && statSync(target).isDirectory() ? path.join(target, 'tsconfig.json') : target;
    });
    return {
      file: tsconfig,
      files: new Set(parsed.fileNames.map((name) => path.resolve(name))),
      references,
      options: parsed.options,
    };
  }
}
