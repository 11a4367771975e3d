/**
 * The edits of paginate-selects: a first page appended to the chain, or the
 * chain handed to the helper, with the helper's import and (once) its file.
 */
import type { SourceFile } from 'ts-morph';
import { unwrap } from '../../analysis/ast.js';
import { appendPoint, type QueryUse } from '../../analysis/postgrest/query-use.js';
import { ensureNamedImport, isCommonJs, moduleSpecifier } from '../imports.js';
import { HELPER_NAME, helperSource, providesHelper } from '../pagination-helper.js';
import { lineIndent, quoted, type Style } from '../text.js';
import type { CodemodSettings, Edit, NewFile, PlanInput } from '../types.js';
import type { Why } from './reasons.js';

/** `.order(cursor, { ascending: true }).limit(n)` after the chain's append point, on new lines when the chain is split over lines. */
export function firstPageEdit(
  use: QueryUse,
  cursor: string,
  settings: CodemodSettings,
  text: string,
  style: Style,
  ordered: boolean,
): Edit {
  const at = appendPoint(use);
  const member = unwrap(at.callee);
  const calls = [
    ...(ordered ? [] : [`.order(${quoted(cursor, style)}, { ascending: true })`]),
    `.limit(${settings.pageSize})`,
  ];
  let separator = '';
  if (member.type === 'MemberExpression') {
    const between = text.slice(member.object.range[1], member.property.range[0]);
    if (between.includes('\n')) separator = style.eol + lineIndent(text, member.property.range[0]);
  }
  return { start: at.range[1], end: at.range[1], text: calls.map((call) => separator + call).join('') };
}

/** `<chain>` becomes `selectAllPages(() => <chain>, { cursor: 'id', pageSize: 1000 })`. */
export function allPagesEdit(
  use: QueryUse,
  cursor: string,
  settings: CodemodSettings,
  text: string,
  style: Style,
): Edit {
  const chain = text.slice(use.chainEnd.range[0], use.chainEnd.range[1]);
  const options = `{ cursor: ${quoted(cursor, style)}, pageSize: ${settings.pageSize} }`;
  return {
    start: use.chainEnd.range[0],
    end: use.chainEnd.range[1],
    text: `${HELPER_NAME}(() => ${chain}, ${options})`,
  };
}

/** The module an import of the helper's name comes from, when it is not `specifier`; the last such import. */
function clashingImport(sourceFile: SourceFile, specifier: string): string | null {
  let clash: string | null = null;
  for (const declaration of sourceFile.getImportDeclarations()) {
    const imports =
      declaration
        .getNamedImports()
        .some((named) => (named.getAliasNode()?.getText() ?? named.getName()) === HELPER_NAME) ||
      declaration.getDefaultImport()?.getText() === HELPER_NAME;
    if (imports && declaration.getModuleSpecifierValue() !== specifier) clash = declaration.getModuleSpecifierValue();
  }
  return clash;
}

/** What the file needs for its all-pages reads: the helper's import and, when it does not exist yet, its file; or why it cannot have them. */
export function helperImport(
  input: PlanInput<QueryUse>,
  style: Style,
): { why: Why } | { edits: Edit[]; newFiles: NewFile[] } {
  const { env, path: file } = input;
  const { helperPath, pathAliases } = env.settings;
  const sourceFile = input.sourceFile();
  if (isCommonJs(sourceFile, file)) return { why: { id: 'commonJs' } };
  const existing = env.readFile(helperPath);
  if (existing !== null && !providesHelper(existing)) {
    return { why: { id: 'helperFileWithoutHelper', data: { path: helperPath, helper: HELPER_NAME } } };
  }
  const specifier = moduleSpecifier(sourceFile, file, helperPath, pathAliases);
  const clash = clashingImport(sourceFile, specifier);
  if (clash !== null)
    return { why: { id: 'helperImportedElsewhere', data: { helper: HELPER_NAME, specifier: clash } } };
  const importEdit = ensureNamedImport(sourceFile, HELPER_NAME, specifier, style);
  return {
    edits: importEdit ? [importEdit] : [],
    newFiles:
      existing === null && helperPath !== file ? [{ path: helperPath, text: helperSource(helperPath, style) }] : [],
  };
}
