/**
 * Module specifiers and named imports for inserted code: the helper import of
 * paginate-selects and the `deltaSync` import of full-sync-to-delta-sync.
 */
import path from 'node:path';
import type { SourceFile } from 'ts-morph';
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

/** How the file writes the extension of its relative imports: `.js`, the source extension, or none. */
function extensionHabit(sourceFile: SourceFile): 'js' | 'source' | 'none' | null {
  for (const declaration of sourceFile.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue();
    if (!specifier.startsWith('.')) continue;
    if (namesCompiledOutput(specifier)) return 'js';
    if (isTypeScriptFile(specifier)) return 'source';
    return 'none';
  }
  return null;
}

/**
 * The specifier that imports `target` (an absolute module path) from `from`:
 * through a path alias of the project when one maps to it, else relative;
 * with the extension habit of the importing file (`.js` under NodeNext,
 * none under a bundler; a JavaScript file with no relative import gets the
 * real extension, which works everywhere).
 */
export function moduleSpecifier(
  sourceFile: SourceFile,
  from: string,
  target: string,
  aliases: readonly PathAlias[],
): string {
  const habit = extensionHabit(sourceFile) ?? (isTypeScriptFile(from) ? 'none' : 'js');
  const withExtension = (file: string) =>
    habit === 'none' ? withoutSourceExtension(file) : habit === 'js' ? compiledName(file) : file;
  for (const alias of aliases) {
    const star = alias.target.indexOf('*');
    if (star < 0) continue;
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

/** The statement `import { name } from 'specifier';` in the file's style. */
function importStatement(names: readonly string[], specifier: string, style: Style): string {
  return `import { ${names.join(', ')} } from ${quoted(specifier, style)}${style.semicolons ? ';' : ''}`;
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
  const statement = importStatement([name], specifier, style);
  return insertStatement(sourceFile, declarations[declarations.length - 1], statement);
}

/**
 * The edit that adds `statement` after `last` (the file's last import or
 * require() statement), or on top (topInsertionPoint) when there is none; in
 * the file's own line endings.
 */
function insertStatement(sourceFile: SourceFile, last: { getEnd(): number } | undefined, written: string): Edit {
  const text = sourceFile.getFullText();
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let end = last?.getEnd();
  // `import x from 'y'\n;(async () => ...)()`: the statement's `;` is the next line's guard; insert before it
  if (end !== undefined && text[end - 1] === ';') {
    const before = text.slice(0, end - 1).trimEnd().length;
    if (/[\n\r]/.test(text.slice(before, end - 1))) end = before;
  }
  // a statement without a semicolon right before `(`, `[` or a template would be continued by it
  const next = /^\s*(\S)/.exec(text.slice(end ?? topInsertionPoint(sourceFile).at))?.[1];
  const statement = !written.endsWith(';') && next !== undefined && '([`+-/'.includes(next) ? `${written};` : written;
  if (end !== undefined) return { start: end, end, text: `${eol}${statement}` };
  const top = topInsertionPoint(sourceFile);
  return {
    start: top.at,
    end: top.at,
    text: `${top.before.replaceAll('\n', eol)}${statement}${top.after.replaceAll('\n', eol)}`,
  };
}

/** A file that uses CommonJS (`require` / `module.exports`) and no import or export statement. */
export function isCommonJs(sourceFile: SourceFile, filePath: string): boolean {
  if (isCommonJsFile(filePath)) return true;
  if (sourceFile.getImportDeclarations().length > 0 || sourceFile.getExportDeclarations().length > 0) return false;
  if (sourceFile.getStatements().some((statement) => statement.getText().startsWith('export '))) return false;
  return /\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w+\s*=/.test(sourceFile.getFullText());
}

/**
 * The edit that makes `name` available in a CommonJS file from `specifier`:
 * `const { name } = require('specifier');` after the file's last top-level
 * require() statement (else on top, after directives), or none when that
 * statement is already there.
 */
export function ensureRequire(sourceFile: SourceFile, name: string, specifier: string, style: Style): Edit | null {
  const requires = sourceFile
    .getStatements()
    .filter(
      (statement) =>
        statement.getKind() === morph().SyntaxKind.VariableStatement && /\brequire\s*\(/.test(statement.getText()),
    );
  const wanted = new RegExp(
    `\\{[^}]*\\b${name}\\b[^}]*\\}\\s*=\\s*require\\s*\\(\\s*['"]${escapeRegExp(specifier)}['"]`,
  );
  if (requires.some((statement) => wanted.test(statement.getText()))) return null;
  const statement = `const { ${name} } = require(${quoted(specifier, style)})${style.semicolons ? ';' : ''}`;
  return insertStatement(sourceFile, requires[requires.length - 1], statement);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A relative specifier from `from` to `target` with the target's own extension (Deno, CommonJS). */
export function relativeWithExtension(from: string, target: string): string {
  const relative = path.relative(path.dirname(from), target).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
