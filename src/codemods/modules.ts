/**
 * What another module of the project visibly defines, read without a type
 * checker: the codemods without `--project` rename only where the file or
 * the module it imports from shows the replacement.
 */
import path from 'node:path';
import type { ParameterDeclaration, Project, SourceFile } from 'ts-morph';
import { SOURCE_EXTENSIONS, typeScriptSourcesOf } from '../utils/source-files.js';
import { morph } from './morph.js';

/** The file a relative specifier names (`./x`, `./x.js` for `./x.ts`, `./x/index.ts`), or null. */
export function resolveRelative(from: string, specifier: string, exists: (file: string) => boolean): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [
    base,
    ...typeScriptSourcesOf(base),
    ...SOURCE_EXTENSIONS.map((ext) => base + ext),
    ...SOURCE_EXTENSIONS.map((ext) => path.join(base, `index${ext}`)),
  ];
  return candidates.find(exists) ?? null;
}

/** The arity of a function: required parameters, all parameters, and whether it takes a rest. */
export interface Arity {
  required: number;
  total: number;
  rest: boolean;
}

export function arityOfParameters(parameters: readonly ParameterDeclaration[]): Arity {
  let required = 0;
  let total = 0;
  let rest = false;
  let optionalSeen = false;
  for (const parameter of parameters) {
    if (parameter.getName() === 'this') continue;
    if (parameter.isRestParameter()) {
      rest = true;
      continue;
    }
    total += 1;
    if (parameter.isOptional() || parameter.hasInitializer()) optionalSeen = true;
    else if (!optionalSeen) required += 1;
  }
  return { required, total, rest };
}

/** Whether a call with `count` arguments fits `arity`. */
export function acceptsCount(arity: Arity, count: number): boolean {
  return count >= arity.required && (arity.rest || count <= arity.total);
}

/** Whether every call that fits `full` also fits `replacement`. */
export function acceptsEveryCallOf(replacement: Arity, full: Arity): boolean {
  return replacement.required <= full.required && (replacement.rest || (!full.rest && replacement.total >= full.total));
}

/** The members of a class or an object literal as the codemod compares them. */
export interface Members {
  /** `class ConversationSyncService`, `object api`. */
  label: string;
  /** The arity of a function-valued member, null when it is not visibly a function; undefined when absent. */
  arity(name: string): Arity | null | undefined;
}

/** Parses other modules of the project once each (no type checking). */
export class ModuleReader {
  private readonly project: Project = new (morph().Project)({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true, jsx: morph().ts.JsxEmit.Preserve },
  });

  private readonly cache = new Map<string, SourceFile | null>();

  constructor(private readonly readFile: (file: string) => string | null) {}

  module(file: string): SourceFile | null {
    if (!this.cache.has(file)) {
      const text = this.readFile(file);
      this.cache.set(file, text === null ? null : this.project.createSourceFile(file, text, { overwrite: true }));
    }
    return this.cache.get(file)!;
  }

  resolve(from: string, specifier: string): SourceFile | null {
    const file = resolveRelative(from, specifier, (candidate) => this.module(candidate) !== null);
    return file === null ? null : this.module(file);
  }
}

function isExportedName(sourceFile: SourceFile, name: string): boolean {
  return sourceFile
    .getExportDeclarations()
    .some(
      (declaration) =>
        !declaration.getModuleSpecifier() &&
        declaration
          .getNamedExports()
          .some((named) => (named.getAliasNode()?.getText() ?? named.getName()) === name && named.getName() === name),
    );
}

/** The members of the class `name` that `sourceFile` exports (declared there), or null. */
export function exportedClassMembers(sourceFile: SourceFile, name: string): Members | null {
  const declaration = sourceFile.getClass(name);
  if (!declaration || !(declaration.isExported() || isExportedName(sourceFile, name))) return null;
  return {
    label: `class ${name}`,
    arity(member) {
      const method = declaration.getInstanceMethod(member);
      if (method) return arityOfParameters(method.getParameters());
      const property = declaration.getInstanceProperty(member);
      if (!property) return undefined;
      const initializer =
        property.getKind() === morph().SyntaxKind.PropertyDeclaration
          ? property.asKind(morph().SyntaxKind.PropertyDeclaration)?.getInitializer()
          : undefined;
      const fn =
        initializer?.asKind(morph().SyntaxKind.ArrowFunction) ??
        initializer?.asKind(morph().SyntaxKind.FunctionExpression);
      return fn ? arityOfParameters(fn.getParameters()) : null;
    },
  };
}

/** The arity of the function `name` that `sourceFile` exports; null when exported but not visibly a function; undefined when not exported. */
export function exportedFunctionArity(sourceFile: SourceFile, name: string): Arity | null | undefined {
  const fn = sourceFile.getFunction(name);
  if (fn && (fn.isExported() || isExportedName(sourceFile, name))) return arityOfParameters(fn.getParameters());
  const variable = sourceFile.getVariableDeclaration(name);
  if (variable && (variable.getVariableStatement()?.isExported() || isExportedName(sourceFile, name))) {
    const initializer = variable.getInitializer();
    const value =
      initializer?.asKind(morph().SyntaxKind.ArrowFunction) ??
      initializer?.asKind(morph().SyntaxKind.FunctionExpression);
    return value ? arityOfParameters(value.getParameters()) : null;
  }
  return undefined;
}
