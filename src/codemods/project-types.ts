/**
 * Type information without `--project`: per file, the TypeScript project
 * that includes it (tsconfigs.ts finds it: the nearest tsconfig.json, or a
 * project it references), loaded once. A tsconfig that cannot be read,
 * parsed or loaded is a one-line warning and its files go without types.
 */
import { Tsconfigs } from './tsconfigs.js';
import { TypeInfo } from './type-info.js';

export class ProjectTypes {
  private readonly loaded = new Map<string, TypeInfo | null>();
  readonly warnings: string[] = [];
  private readonly tsconfigs: Tsconfigs;

  /** @param display how a path is shown in a warning */
  constructor(private readonly display: (file: string) => string = (file) => file) {
    this.tsconfigs = new Tsconfigs((tsconfig, message) => {
      this.warn(tsconfig, message);
    });
  }

  /** The project that includes `file`, loaded once; null when none does or it cannot be loaded. */
  typeInfoFor(file: string): TypeInfo | null {
    const tsconfig = this.owner(file);
    return tsconfig === null ? null : this.load(tsconfig);
  }

  /** The project of `tsconfig`, loaded once (the type check after a rewrite uses the same); null when it cannot be loaded. */
  load(tsconfig: string): TypeInfo | null {
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
    return this.tsconfigs.owner(file);
  }

  private warn(tsconfig: string, message: string): void {
    this.warnings.push(`${this.display(tsconfig)}: ${message}; its files are rewritten without types`);
  }
}
