/**
 * Module specifiers and named imports for inserted code: the helper import of
 * paginate-selects and the `deltaSync` import of full-sync-to-delta-sync.
 */
import path from 'node:path';
import type { Node, SourceFile, Statement, SyntaxKind } from 'ts-morph';
import {
  compiledName,
  isCommonJsFile,
  isTypeScriptFile,
  namesCompiledOutput,
  withoutSourceExtension,
} from '../utils/source-files.js';
import { morph } from './morph.js';
import { quoted, type Style } from './text.js';
import type { Edit } from './codemod.js';
import type { PathAlias } from './aliases.js';
import { type ExtensionStyle, extensionStyle, type ModuleSystem } from './module-system.js';

/** How the file writes the extension of its relative imports: `.js`, the source extension, or none. */
export function extensionHabit(sourceFile: SourceFile): ExtensionStyle | null {
  for (const declaration of sourceFile.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue();
    if (!specifier.startsWith('.')) continue;
    if (namesCompiledOutput(specifier)) return 'js';
    if (isTypeScriptFile(specifier)) return 'source';
    return 'none';
  }
  return null;
}

/** No tsconfig governs the file: nothing but its own habit says how to name a module. */
const NO_TSCONFIG: ModuleSystem = { required: null, aliases: true, resolution: null };

/**
 * The specifier that imports `target` (an absolute module path) from `from`:
 * through a path alias of the project when one maps to it, the module system
 * resolves aliases, and the file already imports through that alias (a
 * tsconfig `paths` entry is no proof that the bundler resolves it: a Vite app
 * without the alias in its own config compiles and then fails to build), else
 * relative; with the extension the module
 * system and the file's own imports (else its package's) call for
 * (module-system.ts: `.js` under NodeNext, none under a bundler; a JavaScript
 * file with no relative import gets the real extension, which works everywhere).
 */
export function moduleSpecifier(
  sourceFile: SourceFile,
  from: string,
  target: string,
  aliases: readonly PathAlias[],
  system: ModuleSystem = NO_TSCONFIG,
): string {
  const habit = extensionHabit(sourceFile) ?? system.packageHabit?.() ?? null;
  const style = extensionStyle(habit, system, isTypeScriptFile(from));
  const withExtension = (file: string) =>
    style === 'none' ? withoutSourceExtension(file) : style === 'js' ? compiledName(file) : file;
  const used = importedSpecifiers(sourceFile);
  for (const alias of system.aliases ? aliases : []) {
    const star = alias.target.indexOf('*');
    if (star < 0) continue;
    const head = alias.pattern.slice(0, alias.pattern.indexOf('*'));
    if (head === '' || !used.some((specifier) => specifier.startsWith(head))) continue;
    const prefix = alias.target.slice(0, star);
    const suffix = alias.target.slice(star + 1);
    if (target.startsWith(prefix) && target.endsWith(suffix)) {
      const middle = target.slice(prefix.length, target.length - suffix.length);
      return alias.pattern.replace('*', withExtension(middle).split(path.sep).join('/'));
    }
  }
  let relative = path.relative(path.dirname(from), target).split(path.sep).join('/');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  return withExtension(relative);
}

/** The module specifiers the file imports (`import ... from`, `export ... from`, `require()`, `import()`). */
function importedSpecifiers(sourceFile: SourceFile): string[] {
  const specifiers = sourceFile.getImportDeclarations().map((declaration) => declaration.getModuleSpecifierValue());
  for (const declaration of sourceFile.getExportDeclarations()) {
    const value = declaration.getModuleSpecifierValue();
    if (value !== undefined) specifiers.push(value);
  }
  for (const match of sourceFile.getFullText().matchAll(/\b(?:require|import)\s*\(\s*['"]([^'"\n]+)['"]/g))
    specifiers.push(match[1]!);
  return specifiers;
}

/** Where an import goes in a file without imports: after a shebang, directives and a detached header comment. */
function topInsertionPoint(sourceFile: SourceFile): { at: number; before: string; after: string } {
  const text = sourceFile.getFullText();
  const statements = sourceFile.getStatements();
  let index = 0;
  // 'use client' / 'use strict' directives stay first
  while (
    index < statements.length &&
    statements[index]!.getKind() === morph().SyntaxKind.ExpressionStatement &&
    statements[index]!.getFirstChild()?.getKind() === morph().SyntaxKind.StringLiteral
  ) {
    index += 1;
  }
  if (index > 0) return { at: statements[index - 1]!.getEnd(), before: '\n\n', after: '' };
  let at = text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
  const first = statements[0];
  if (first) {
    // a header comment separated from the first statement by a blank line stays on top
    const trivia = text.slice(first.getPos(), first.getStart());
    const blank = /\r?\n[ \t]*\r?\n/g;
    let last = -1;
    for (let match = blank.exec(trivia); match; match = blank.exec(trivia)) last = match.index + match[0].length;
    if (last > 0 && /\/[*/]/.test(trivia.slice(0, last))) at = first.getPos() + last;
  }
  return { at, before: '', after: '\n\n' };
}

/** The statement kinds that end with `;` in a file written with semicolons. */
function semicolonKinds(): ReadonlySet<SyntaxKind> {
  const kind = morph().SyntaxKind;
  return new Set([
    kind.VariableStatement,
    kind.ExpressionStatement,
    kind.ReturnStatement,
    kind.ThrowStatement,
    kind.ImportDeclaration,
    kind.ExportDeclaration,
    kind.ExportAssignment,
    kind.BreakStatement,
    kind.ContinueStatement,
  ]);
}

/**
 * Whether an inserted statement ends with `;`: as the statement it is
 * inserted after does, or (on top of a file) as most of the file's
 * statements do, by the syntax tree (a chain continued on the next line
 * is one statement, which a look at line ends would miscount).
 */
export function usesSemicolons(sourceFile: SourceFile, anchor: Node | undefined): boolean {
  if (anchor) return anchor.getText().trimEnd().endsWith(';');
  const kinds = semicolonKinds();
  let withSemicolon = 0;
  let without = 0;
  sourceFile.forEachDescendant((node, traversal) => {
    if (withSemicolon + without >= 200) traversal.stop();
    else if (kinds.has(node.getKind())) {
      if (node.getText().endsWith(';')) withSemicolon += 1;
      else without += 1;
    }
  });
  return withSemicolon >= without;
}

/**
 * Whether the code after `offset` (past blanks and comments) starts with a
 * token that would continue a statement left without `;`: `(`, `[`, a
 * template, an operator. Then an inserted statement needs its `;` whatever
 * the file's style (ASI would not end it: `require('x')\n(async () => ...)()`
 * is a call of require's result).
 */
function continuesStatement(text: string, offset: number): boolean {
  let at = offset;
  for (;;) {
    while (at < text.length && /\s/.test(text[at]!)) at += 1;
    if (text.startsWith('//', at)) {
      const end = text.indexOf('\n', at);
      at = end < 0 ? text.length : end;
    } else if (text.startsWith('/*', at)) {
      const end = text.indexOf('*/', at + 2);
      at = end < 0 ? text.length : end + 2;
    } else break;
  }
  return at < text.length && /[([`+\-/*.,?:=<>&|%^]/.test(text[at]!);
}

/** `statement` with its `;` when the file's style or what follows it calls for one. */
function terminated(statement: string, semicolon: boolean, text: string, followsAt: number): string {
  return semicolon || continuesStatement(text, followsAt) ? `${statement};` : statement;
}

/**
 * The edit that makes `name` importable from `specifier` in the file, or
 * none when it is already imported. Extends an existing value import of the
 * same module rather than adding a second one.
 */
export function ensureNamedImport(
  sourceFile: SourceFile,
  name: string,
  specifier: string,
  style: Style,
  sameModule: (specifier: string) => boolean = (value) => value === specifier,
): Edit | null {
  const declarations = sourceFile.getImportDeclarations();
  for (const declaration of declarations) {
    if (!sameModule(declaration.getModuleSpecifierValue()) || declaration.isTypeOnly()) continue;
    const named = declaration.getNamedImports();
    if (named.some((element) => !element.isTypeOnly() && element.getName() === name && !element.getAliasNode())) {
      return null;
    }
  }
  for (const declaration of declarations) {
    if (!sameModule(declaration.getModuleSpecifierValue()) || declaration.isTypeOnly()) continue;
    if (declaration.getNamespaceImport()) continue;
    const bindings = declaration.getImportClause()?.getNamedBindings();
    if (bindings && bindings.getKind() === morph().SyntaxKind.NamedImports) {
      const elements = declaration.getNamedImports();
      const lastElement = elements[elements.length - 1];
      if (!lastElement) {
        // import {} from '...'
        const open = bindings.getStart() + 1;
        return { start: open, end: bindings.getEnd() - 1, text: ` ${name} ` };
      }
      return { start: lastElement.getEnd(), end: lastElement.getEnd(), text: `, ${name}` };
    }
    const defaultImport = declaration.getDefaultImport();
    if (defaultImport) return { start: defaultImport.getEnd(), end: defaultImport.getEnd(), text: `, { ${name} }` };
  }
  const anchor = declarations[declarations.length - 1];
  const statement = `import { ${name} } from ${quoted(specifier, style)}`;
  return insertStatement(sourceFile, anchor, statement, usesSemicolons(sourceFile, anchor));
}

/**
 * The edit that adds `statement` after `last` (the file's last import or
 * require() statement), or on top (topInsertionPoint) when there is none; in
 * the file's own line endings, with a `;` when `semicolon` says so or the
 * code after it would otherwise continue it.
 */
function insertStatement(
  sourceFile: SourceFile,
  last: { getEnd(): number } | undefined,
  statement: string,
  semicolon: boolean,
): Edit {
  const text = sourceFile.getFullText();
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (last) {
    let at = last.getEnd();
    let ends = semicolon;
    // `import x from 'y'\n;(async () => ...)()`: the statement's `;` is the next line's guard; insert before it,
    // in the file's style without semicolons
    if (text[at - 1] === ';') {
      const before = text.slice(0, at - 1).trimEnd().length;
      if (/[\n\r]/.test(text.slice(before, at - 1))) {
        at = before;
        ends = false;
      }
    }
    return { start: at, end: at, text: `${eol}${terminated(statement, ends, text, at)}` };
  }
  const top = topInsertionPoint(sourceFile);
  return {
    start: top.at,
    end: top.at,
    text: `${top.before.replaceAll('\n', eol)}${terminated(statement, semicolon, text, top.at)}${top.after.replaceAll('\n', eol)}`,
  };
}

/** A file that uses CommonJS (`require` / `module.exports`) and no import or export statement. */
export function isCommonJs(sourceFile: SourceFile, filePath: string): boolean {
  if (isCommonJsFile(filePath)) return true;
  if (sourceFile.getImportDeclarations().length > 0 || sourceFile.getExportDeclarations().length > 0) return false;
  if (sourceFile.getStatements().some((statement) => statement.getText().startsWith('export '))) return false;
  return /\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w+\s*=/.test(sourceFile.getFullText());
}

/** `require('x')`, or a call or property read on it (`require('x').default`, `require('dotenv').config()`). */
function isRequireChain(node: Node | undefined): boolean {
  const kind = morph().SyntaxKind;
  for (let current = node; current;) {
    if (current.getKind() === kind.CallExpression) {
      const call = current.asKindOrThrow(kind.CallExpression);
      const callee = call.getExpression();
      if (callee.getKind() === kind.Identifier && callee.getText() === 'require') {
        const [argument] = call.getArguments();
        return argument?.getKind() === kind.StringLiteral || argument?.getKind() === kind.NoSubstitutionTemplateLiteral;
      }
      current = callee;
    } else if (current.getKind() === kind.PropertyAccessExpression) {
      current = current.asKindOrThrow(kind.PropertyAccessExpression).getExpression();
    } else return false;
  }
  return false;
}

/** A top-level statement that only loads a module: `const x = require('x')`, `require('dotenv').config()`. */
function isRequireStatement(statement: Statement): boolean {
  const kind = morph().SyntaxKind;
  const variables = statement.asKind(kind.VariableStatement);
  if (variables) {
    const declarations = variables.getDeclarations();
    return declarations.length > 0 && declarations.every((declaration) => isRequireChain(declaration.getInitializer()));
  }
  return isRequireChain(statement.asKind(kind.ExpressionStatement)?.getExpression());
}

/** Whether a statement is a directive (`'use strict'`). */
function isDirective(statement: Statement): boolean {
  return (
    statement.getKind() === morph().SyntaxKind.ExpressionStatement &&
    statement.getFirstChild()?.getKind() === morph().SyntaxKind.StringLiteral
  );
}

/**
 * The edit that makes `name` available in a CommonJS file from `specifier`:
 * `const { name } = require('specifier');` with the file's top-level
 * requires: after the last of the requires the file starts with (after its
 * directives), so that it is declared before any of the file's code runs
 * (a `const` used before its line throws); on top when the file does not
 * start with requires. None when that statement is already there.
 */
export function ensureRequire(sourceFile: SourceFile, name: string, specifier: string, style: Style): Edit | null {
  const statements = sourceFile.getStatements();
  const wanted = new RegExp(
    `\\{[^}]*\\b${name}\\b[^}]*\\}\\s*=\\s*require\\s*\\(\\s*['"]${escapeRegExp(specifier)}['"]`,
  );
  if (statements.some((statement) => isRequireStatement(statement) && wanted.test(statement.getText()))) return null;
  let anchor: Statement | undefined;
  for (const statement of statements) {
    if (isRequireStatement(statement)) anchor = statement;
    else if (!(anchor === undefined && isDirective(statement))) break;
  }
  const statement = `const { ${name} } = require(${quoted(specifier, style)})`;
  return insertStatement(sourceFile, anchor, statement, usesSemicolons(sourceFile, anchor));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A relative specifier from `from` to `target` with the target's own extension (Deno, CommonJS). */
export function relativeWithExtension(from: string, target: string): string {
  const relative = path.relative(path.dirname(from), target).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
