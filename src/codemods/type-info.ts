/**
 * `--project tsconfig.json`: a ts-morph project with the type checker. The
 * full-sync codemod asks it whether the target of a use (a receiver's type,
 * a destructured value, an imported module through its re-exports) has the
 * replacement, and whether the replacement accepts what the use passes.
 */
import { type Node as MorphNode, Project, type SourceFile, ts } from 'ts-morph';
import type { Why } from './full-sync-to-delta-sync/reasons.js';
import { shareLibFiles } from './lib-files.js';

/** The checker's answer: the replacement fits, or why it does not (a reason of full-sync-to-delta-sync). */
export type Answer = { ok: true } | { ok: false; why: Why };

export class TypeInfo {
  readonly project: Project;
  private readonly checker: ts.TypeChecker;

  constructor(tsconfig: string) {
    // as `new Project({ tsConfigFilePath })` does, with the lib files shared before the program parses them
    this.project = new Project({ tsConfigFilePath: tsconfig, skipFileDependencyResolution: true });
    shareLibFiles(this.project);
    this.project.resolveSourceFileDependencies();
    this.checker = this.project.getTypeChecker().compilerObject;
  }

  /** The project's file at `file` when its text is `text` (so offsets agree); null when it is not in the project. */
  sourceFile(file: string, text: string): SourceFile | null {
    const sourceFile = this.project.getSourceFile(file);
    return sourceFile && sourceFile.getFullText() === text ? sourceFile : null;
  }

  /** The node that spans exactly [start, end). */
  nodeAt(sourceFile: SourceFile, start: number, end: number): MorphNode | null {
    for (let node: MorphNode | undefined = sourceFile.getDescendantAtPos(start); node; node = node.getParent()) {
      if (node.getStart() === start && node.getEnd() === end) return node;
      if (node.getStart() < start || node.getEnd() > end) return null;
    }
    return null;
  }

  private unknown(type: ts.Type): boolean {
    return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
  }

  private typeText(type: ts.Type, at: ts.Node): string {
    return this.checker.typeToString(type, at, ts.TypeFormatFlags.NoTruncation).slice(0, 80);
  }

  private propertyType(owner: ts.Type, name: string, at: ts.Node): ts.Type | null {
    const symbol = this.checker.getPropertyOfType(
      this.checker.getApparentType(this.checker.getNonNullableType(owner)),
      name,
    );
    return symbol ? this.checker.getTypeOfSymbolAtLocation(symbol, at) : null;
  }

  /** Whether `candidate` accepts the arguments of `call` (skipping `skip` leading ones, for `.call(thisArg, ...)`). */
  private acceptsCall(candidate: ts.Type, call: ts.CallExpression, skip: number): boolean {
    const args = call.arguments.slice(skip);
    if (args.some((argument) => ts.isSpreadElement(argument))) return false;
    return candidate.getCallSignatures().some((signature) => {
      const params = signature.getParameters();
      const declarations = params.map((param) => param.valueDeclaration as ts.ParameterDeclaration | undefined);
      const rest = declarations.some((declaration) => declaration?.dotDotDotToken);
      const required = declarations.filter(
        (declaration) =>
          declaration && !declaration.questionToken && !declaration.initializer && !declaration.dotDotDotToken,
      ).length;
      if (args.length < required || (!rest && args.length > params.length)) return false;
      return args.every((argument, index) => {
        const param = params[index];
        if (!param || declarations[index]?.dotDotDotToken) return true;
        const paramType = this.checker.getTypeOfSymbolAtLocation(param, call);
        return this.checker.isTypeAssignableTo(this.checker.getTypeAtLocation(argument), paramType);
      });
    });
  }

  private compatible(
    candidate: ts.Type,
    full: ts.Type | null,
    use: { call: ts.CallExpression | null; skip: number },
  ): boolean {
    if (use.call) return this.acceptsCall(candidate, use.call, use.skip);
    return full !== null && this.checker.isTypeAssignableTo(candidate, full);
  }

  /** `recv.fullSync` (call or reference): does the receiver's type have a compatible replacement? */
  member(
    sourceFile: SourceFile,
    receiver: [number, number],
    call: [number, number] | null,
    skip: number,
    name: string,
    replacement: string,
  ): Answer | null {
    const node = this.nodeAt(sourceFile, receiver[0], receiver[1])?.compilerNode;
    if (!node) return null;
    const owner = this.checker.getTypeAtLocation(node);
    if (this.unknown(owner)) return null; // an unresolved import: the checker knows no more than the file
    const candidate = this.propertyType(owner, replacement, node);
    if (!candidate) {
      return { ok: false, why: { id: 'noReplacementOn', data: { replacement, owner: this.typeText(owner, node) } } };
    }
    const callNode = call ? this.nodeAt(sourceFile, call[0], call[1])?.compilerNode : null;
    if (call && (!callNode || !ts.isCallExpression(callNode))) return null;
    const ok = this.compatible(candidate, this.propertyType(owner, name, node), {
      call: (callNode as ts.CallExpression | null) ?? null,
      skip,
    });
    return ok
      ? { ok: true }
      : {
          ok: false,
          why: { id: 'rejectsArgumentsOn', data: { replacement, owner: this.typeText(owner, node), name } },
        };
  }

  /** `const { fullSync } = init`: does the type of `init` have a compatible replacement? */
  destructured(sourceFile: SourceFile, init: [number, number], name: string, replacement: string): Answer | null {
    const node = this.nodeAt(sourceFile, init[0], init[1])?.compilerNode;
    if (!node) return null;
    const owner = this.checker.getTypeAtLocation(node);
    if (this.unknown(owner)) return null;
    const candidate = this.propertyType(owner, replacement, node);
    if (!candidate) {
      return { ok: false, why: { id: 'noReplacementOn', data: { replacement, owner: this.typeText(owner, node) } } };
    }
    const full = this.propertyType(owner, name, node);
    return full && this.checker.isTypeAssignableTo(candidate, full)
      ? { ok: true }
      : { ok: false, why: { id: 'incompatibleOn', data: { replacement, owner: this.typeText(owner, node), name } } };
  }

  /** `import { fullSync } from 'm'`: does module `m` (through its re-exports) export a compatible replacement? */
  imported(sourceFile: SourceFile, importStart: number, name: string, replacement: string): Answer | null {
    const declaration = sourceFile.getImportDeclarations().find((candidate) => candidate.getStart() === importStart);
    const module = declaration?.getModuleSpecifierSourceFile();
    const moduleSymbol = module?.getSymbol()?.compilerSymbol;
    if (!declaration || !moduleSymbol) return null;
    const exports = this.checker.getExportsOfModule(moduleSymbol);
    const find = (exported: string) => {
      const symbol = exports.find((candidate) => candidate.getName() === exported);
      if (!symbol) return null;
      const target = symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
      return this.checker.getTypeOfSymbolAtLocation(target, declaration.compilerNode);
    };
    const candidate = find(replacement);
    const specifier = declaration.getModuleSpecifierValue();
    if (!candidate) return { ok: false, why: { id: 'noExport', data: { specifier, replacement } } };
    const full = find(name);
    return full && this.checker.isTypeAssignableTo(candidate, full)
      ? { ok: true }
      : { ok: false, why: { id: 'importedIncompatible', data: { replacement, specifier, name } } };
  }

  /** For a call use: does the replacement exported by the module accept this call's arguments? */
  importedCall(
    sourceFile: SourceFile,
    importStart: number,
    call: [number, number],
    replacement: string,
  ): boolean | null {
    const declaration = sourceFile.getImportDeclarations().find((candidate) => candidate.getStart() === importStart);
    const module = declaration?.getModuleSpecifierSourceFile();
    const moduleSymbol = module?.getSymbol()?.compilerSymbol;
    const callNode = this.nodeAt(sourceFile, call[0], call[1])?.compilerNode;
    if (!declaration || !moduleSymbol || !callNode || !ts.isCallExpression(callNode)) return null;
    const symbol = this.checker
      .getExportsOfModule(moduleSymbol)
      .find((candidate) => candidate.getName() === replacement);
    if (!symbol) return false;
    const target = symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
    return this.acceptsCall(this.checker.getTypeOfSymbolAtLocation(target, callNode), callNode, 0);
  }
}

export function loadTypeInfo(tsconfig: string): TypeInfo {
  return new TypeInfo(tsconfig);
}
