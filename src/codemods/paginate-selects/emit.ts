/**
 * The edits of paginate-selects: a first page appended to the chain, or the
 * chain handed to the helper, with the helper's import and (once) its file.
 */
import path from 'node:path';
import type { SourceFile } from 'ts-morph';
import { unwrap } from '../../analysis/ast.js';
import { appendPoint, type QueryUse } from '../../analysis/postgrest/query-use.js';
import type { PastMaxRows } from '../../analysis/postgrest/page-rows.js';
import { ensureNamedImport, ensureRequire, isCommonJs, moduleSpecifier, relativeWithExtension } from '../imports.js';
import type { HelperPlacement } from '../layout.js';
import { isTypeScriptFile } from '../../utils/source-files.js';
import { HELPER_NAME, helperSource, providesHelper } from '../pagination-helper.js';
import { lineIndent, quoted, type Style } from '../text.js';
import type { CodemodSettings, Edit, NewFile, PlanInput } from '../codemod.js';
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

/**
 * `.limit(5000)` (past max-rows) becomes `.order(cursor, { ascending: true }).limit(pageSize)`,
 * and `.range(from, from + 4999)` becomes `.range(from, from + pageSize - 1)` (its offset
 * kept): the first page, which is what the server sent anyway. The call keeps its own
 * spelling (`['range']`, `?.limit`); only its arguments change, and the order goes
 * before it, on a line of its own in a chain split over lines.
 */
export function pageInPlaceEdits(
  past: PastMaxRows,
  cursor: string,
  pageSize: number,
  text: string,
  style: Style,
  ordered: boolean,
): Edit[] {
  const edits: Edit[] = [];
  const args = past.call.arguments;
  const first = args[0];
  const last = args[args.length - 1];
  if (!first || !last) return edits;
  let written = String(pageSize);
  if (past.name === 'range') {
    const from = text.slice(first.range[0], first.range[1]);
    const to = /^\d+$/.test(from)
      ? String(Number(from) + pageSize - 1)
      : `${/^[\w$.]+$/.test(from) ? from : `(${from})`} + ${pageSize - 1}`;
    written = `${from}, ${to}`;
  }
  // `.limit(5000, opts)` never reaches here: an option object makes the page bound unknown
  edits.push({ start: first.range[0], end: last.range[1], text: written });
  const member = unwrap(past.call.callee);
  if (ordered || member.type !== 'MemberExpression') return edits;
  const at = member.object.range[1];
  const between = text.slice(at, member.property.range[0]);
  const link = between.includes('?.') ? '?.' : '.';
  const separator = between.includes('\n') ? `${style.eol}${lineIndent(text, member.property.range[0])}` : '';
  edits.unshift({
    start: at,
    end: at,
    text: `${separator}${link}order(${quoted(cursor, style)}, { ascending: true })`,
  });
  return edits;
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

/** `target` as the reasons show it: relative to the run's root when it is under it, else absolute. */
function relativeTo(root: string, target: string): string {
  const relative = path.relative(root, target).split(path.sep).join('/');
  return relative.startsWith('..') || path.isAbsolute(relative) ? target : relative;
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

/** A placement that only says "CommonJS" (no layout: the settings' helper path, as `.cjs`). */
const COMMONJS_ONLY: HelperPlacement = {
  packageRoot: '',
  helperPath: '',
  runtime: 'commonjs',
  aliases: [],
  system: { required: 'source', aliases: false, resolution: null },
};

/** Where the helper is and the specifier that imports it: from the run's layout (per package and runtime), else from the settings. */
function placeHelper(
  input: PlanInput<QueryUse>,
  sourceFile: SourceFile,
): { why: Why } | { helperPath: string; specifier: string; placement: HelperPlacement | null } {
  const { env, path: file, text } = input;
  const commonJs = isCommonJs(sourceFile, file);
  if (!env.layout) {
    const { helperPath, pathAliases } = env.settings;
    if (commonJs) {
      // a .cjs helper beside the configured one, and a require()
      if (isTypeScriptFile(file)) return { why: { id: 'commonJs' } };
      const cjs = helperPath.replace(/\.[^./\\]+$/, '.cjs');
      return { helperPath: cjs, specifier: relativeWithExtension(file, cjs), placement: COMMONJS_ONLY };
    }
    return { helperPath, specifier: moduleSpecifier(sourceFile, file, helperPath, pathAliases), placement: null };
  }
  const placement = env.layout.placementFor(file, text, commonJs, (candidate) => env.readFile(candidate) !== null);
  if (commonJs !== (placement.runtime === 'commonjs') && placement.runtime !== 'deno')
    return { why: { id: 'commonJs' } };
  const { helperPath } = placement;
  const specifier =
    placement.runtime === 'esm'
      ? moduleSpecifier(sourceFile, file, helperPath, placement.aliases, placement.system)
      : relativeWithExtension(file, helperPath);
  return { helperPath, specifier, placement };
}

/** What the file needs for its all-pages reads: the helper's import and, when it does not exist yet, its file; or why it cannot have them. */
export function helperImport(
  input: PlanInput<QueryUse>,
  style: Style,
): { why: Why } | { edits: Edit[]; newFiles: NewFile[] } {
  const { env, path: file } = input;
  const sourceFile = input.sourceFile();
  const placed = placeHelper(input, sourceFile);
  if ('why' in placed) return placed;
  const { helperPath, specifier, placement } = placed;
  const existing = env.readFile(helperPath);
  if (existing !== null && !providesHelper(existing)) {
    return { why: { id: 'helperFileWithoutHelper', data: { path: helperPath, helper: HELPER_NAME } } };
  }
  if (existing === null && env.layout && !env.layout.mayCreate(helperPath)) {
    const display = (target: string) => relativeTo(env.settings.root, target);
    const root = placement && placement !== COMMONJS_ONLY ? placement.packageRoot : path.dirname(helperPath);
    return {
      why: {
        id: 'helperOutsideRun',
        data: { path: display(helperPath), root: display(root) || '.', folders: env.layout.runFoldersText(display) },
      },
    };
  }
  const clash = clashingImport(sourceFile, specifier);
  if (clash !== null)
    return { why: { id: 'helperImportedElsewhere', data: { helper: HELPER_NAME, specifier: clash } } };
  const importEdit =
    placement?.runtime === 'commonjs'
      ? ensureRequire(sourceFile, HELPER_NAME, specifier, style)
      : ensureNamedImport(sourceFile, HELPER_NAME, specifier, style);
  if (placement && placement !== COMMONJS_ONLY) env.layout?.record(placement, file, specifier, existing !== null);
  return {
    edits: importEdit ? [importEdit] : [],
    newFiles:
      existing === null && helperPath !== file ? [{ path: helperPath, text: helperSource(helperPath, style) }] : [],
  };
}
