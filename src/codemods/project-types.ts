/**
 * Type information without `--project`: per file, the TypeScript project
 * that includes it. From the file's folder up, the nearest tsconfig.json; when
 * it does not include the file itself, the projects it references (Vite's
 * solution tsconfig: `"files": []` plus `references` to tsconfig.app.json and
 * tsconfig.node.json), depth first. `extends` is followed by TypeScript. A
 * tsconfig that cannot be read or parsed, or whose `extends` cannot be
 * resolved (Expo's `expo/tsconfig.base` before `npm install`), is a one-line
 * warning and its files go without types.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { TypeInfo } from './type-info.js';

/** 18003: no inputs found (a solution tsconfig with `"files": []`). */
const NO_INPUTS = 18003;
const MAX_REFERENCE_DEPTH = 8;

interface Parsed {
  files: Set<string>;
  references: string[];
}

export class ProjectTypes {
  private readonly parsed = new Map<string, Parsed | null>();
  private readonly loaded = new Map<string, TypeInfo | null>();
  private readonly owners = new Map<string, string | null>();
  readonly warnings: string[] = [];

  /** @param display how a path is shown in a warning */
  constructor(private readonly display: (file: string) => string = (file) => file) {}

  /** The project that includes `file`, loaded once; null when none does or it cannot be loaded. */
  typeInfoFor(file: string): TypeInfo | null {
    const tsconfig = this.owner(path.resolve(file));
    if (tsconfig === null) return null;
    if (!this.loaded.has(tsconfig)) {
      let info: TypeInfo | null = null;
      try {
        info = new TypeInfo(tsconfig);
      } catch (error) {
        this.warn(tsconfig, (error as Error).message.split('\n')[0] ?? 'cannot be loaded');
      }
      this.loaded.set(tsconfig, info);
    }
    return this.loaded.get(tsconfig)!;
  }

  /** The tsconfig whose project includes `file`: the nearest tsconfig.json above it, or a project it references. */
  owner(file: string): string | null {
    const dir = path.dirname(file);
    if (!this.owners.has(file)) {
      let found: string | null = null;
      for (let at = dir; ; at = path.dirname(at)) {
        const tsconfig = path.join(at, 'tsconfig.json');
        if (existsSync(tsconfig)) {
          found = this.including(tsconfig, file, 0);
          break;
        }
        if (path.dirname(at) === at) break;
      }
      this.owners.set(file, found);
    }
    return this.owners.get(file)!;
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

  private parse(tsconfig: string): Parsed | null {
    if (!this.parsed.has(tsconfig)) this.parsed.set(tsconfig, this.read(tsconfig));
    return this.parsed.get(tsconfig)!;
  }

  private read(tsconfig: string): Parsed | null {
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
    return { files: new Set(parsed.fileNames.map((name) => path.resolve(name))), references };
  }

  private warn(tsconfig: string, message: string): void {
    this.warnings.push(`${this.display(tsconfig)}: ${message}; its files are rewritten without types`);
  }
}
