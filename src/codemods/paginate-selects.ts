/**
 * paginate-selects: every read that require-pagination reports becomes a
 * cursor (keyset) read, where that is provably the same request.
 *
 * - `all-pages` (default): `await <chain>` becomes
 *   `await selectAllPages(() => <chain>, { cursor: 'id', pageSize: 1000 })`,
 *   which reads every page and returns `{ data, error }` like the chain.
 *   require-pagination knows `selectAllPages` as a paginator (its
 *   `paginators` option), so the rewritten read is no longer reported.
 * - `first-page`: `.order(cursor, { ascending: true }).limit(pageSize)` is
 *   appended to the chain, and nothing else.
 */
import { asMethodCall, keyName, type Node, staticString, unwrap } from '../analysis/ast.js';
import { createUnboundedReadDetector } from '../analysis/postgrest/unbounded-read.js';
import { appendPoint, type QueryUse } from '../analysis/postgrest/query-use.js';
import { mayHoldUnboundedRead } from '../analysis/text-gates.js';
import { type AnalysisContext, findVariable } from '../analysis/scope.js';
import { ensureNamedImport, isCommonJs, moduleSpecifier } from './imports.js';
import { HELPER_NAME, helperSource, providesHelper } from './pagination-helper.js';
import { detectStyle, lineIndent, quoted, type Style } from './text.js';
import type { Codemod, CodemodSettings, Edit, LeftSite, NewFile, Plan, PlanInput } from './types.js';

/** Transforms that change what the answer is (not rows), so pages cannot be concatenated. */
const NOT_ROWS = new Set(['csv', 'geojson', 'explain']);

/** Splits a select list at its top-level commas (embedded resources keep their inner lists). */
export function selectItems(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of list) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  items.push(current.trim());
  return items.filter((item) => item !== '');
}

function cursorFor(use: QueryUse, settings: CodemodSettings): string {
  const table = use.root.name;
  return table !== null && Object.hasOwn(settings.cursors, table) ? settings.cursors[table]! : settings.cursor;
}

/** Why the request's select list or options rule out paging on `cursor`; null when they do not. */
function selectProblem(use: QueryUse, cursor: string): string | null {
  const start = use.root.start;
  const columns = start.arguments[0];
  const options = start.arguments[1];
  if (options !== undefined && !(options.type === 'ObjectExpression' && options.properties.length === 0)) {
    return 'the select has options ({ count, head }): they would apply to each page, not to the whole read';
  }
  if (columns === undefined) return null; // select() is select('*')
  const list = staticString(columns);
  if (list === null) return 'the select list is not a string literal: cannot see that it includes the cursor column';
  const items = selectItems(list).map((item) => item.replace(/\s+/g, ''));
  if (items.includes('*') || items.includes(cursor)) return null;
  return `the select list does not include the cursor column '${cursor}' (set --cursor or a per-table cursor)`;
}

/** Why an `.order()` of the request rules out paging on `cursor`; null when there is none but the cursor ascending. */
function orderProblem(use: QueryUse, cursor: string): string | null {
  for (const link of use.links) {
    if (link.name !== 'order') continue;
    const column = staticString(link.call.arguments[0]);
    const options = link.call.arguments[1];
    if (options?.type === 'ObjectExpression') {
      const embedded = options.properties.some(
        (property) =>
          property.type === 'Property' &&
          ['referencedTable', 'foreignTable'].includes(keyName(property.key, property.computed) ?? ''),
      );
      if (embedded) continue; // orders an embedded resource only
    }
    if (column === cursor && isPlainAscending(options)) continue;
    if (column === cursor)
      return `ordered by the cursor '${cursor}' but not plainly ascending: keyset pagination reads it ascending`;
    return column === null
      ? `ordered by a column named at run time: keyset pagination orders by the cursor '${cursor}'`
      : `ordered by '${column}': keyset pagination orders by the cursor '${cursor}' (rewrite by hand, or make '${column}' the cursor if it is unique)`;
  }
  return null;
}

function isPlainAscending(options: Node | undefined): boolean {
  if (options === undefined) return true;
  if (options.type !== 'ObjectExpression') return false;
  return options.properties.every((property) => {
    if (property.type !== 'Property' || keyName(property.key, property.computed) !== 'ascending') return false;
    const value = unwrap(property.value);
    return value.type === 'Literal' && value.value === true;
  });
}

/**
 * An expression that reads the same value each time it is evaluated and has no
 * effect: literals, names, property reads, operators on those, function
 * literals. The chain of an all-pages read is evaluated once per page.
 */
function isStable(node: Node): boolean {
  switch (node.type) {
    case 'Literal':
    case 'Identifier':
    case 'ThisExpression':
    case 'Super':
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return true;
    case 'TemplateLiteral':
      return node.expressions.every(isStable);
    case 'MemberExpression':
      return isStable(node.object) && (!node.computed || isStable(node.property));
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'TSTypeAssertion':
    case 'ChainExpression':
      return isStable(node.expression);
    case 'UnaryExpression':
      return node.operator !== 'delete' && isStable(node.argument);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return node.left.type !== 'PrivateIdentifier' && isStable(node.left) && isStable(node.right);
    case 'ConditionalExpression':
      return isStable(node.test) && isStable(node.consequent) && isStable(node.alternate);
    case 'ArrayExpression':
      return node.elements.every(
        (element) => element === null || isStable(element.type === 'SpreadElement' ? element.argument : element),
      );
    case 'ObjectExpression':
      return node.properties.every((property) =>
        property.type === 'SpreadElement'
          ? isStable(property.argument)
          : (!property.computed || isStable(property.key)) && isStable(property.value),
      );
    default:
      return false;
  }
}

/** The first expression of the chain that would not read the same on every page, as text. */
function unstablePart(use: QueryUse, text: string): string | null {
  const parts: Node[] = [use.root.client];
  if (use.root.from) parts.push(...use.root.from.arguments);
  for (const link of use.ownChain) parts.push(...link.call.arguments);
  for (const part of parts) {
    const inner = part.type === 'SpreadElement' ? part.argument : part;
    if (!isStable(inner)) {
      const source = text.slice(inner.range[0], inner.range[1]).replace(/\s+/g, ' ');
      return source.length > 40 ? `${source.slice(0, 39)}…` : source;
    }
  }
  return null;
}

/** Whether `id` (a pattern or a name) reads only `data` and `error` of the response. */
function readsOnlyDataAndError(ctx: AnalysisContext, id: Node, declarator: Node | null): boolean {
  if (id.type === 'ObjectPattern') {
    return id.properties.every(
      (property) =>
        property.type === 'Property' && ['data', 'error'].includes(keyName(property.key, property.computed) ?? ''),
    );
  }
  if (id.type !== 'Identifier' || !declarator || !ctx.scopeManager) return false;
  const variables = ctx.scopeManager.getDeclaredVariables(declarator as never);
  const variable = variables.find((candidate) => candidate.name === id.name);
  if (!variable) return false;
  return variable.references.every((reference) => {
    if (reference.init) return true;
    if (!reference.isReadOnly()) return false;
    const parent = reference.identifier.parent;
    return (
      parent?.type === 'MemberExpression' &&
      parent.object === reference.identifier &&
      ['data', 'error'].includes(
        (parent.computed
          ? staticString(parent.property)
          : parent.property.type === 'Identifier'
            ? parent.property.name
            : null) ?? '',
      )
    );
  });
}

/** Why the response of an awaited or `.then()`-ed chain is used beyond `{ data, error }`; null when it is not. */
function consumptionProblem(ctx: AnalysisContext, use: QueryUse): string | null {
  if (use.links.length !== use.ownChain.length) {
    return 'the query is built up through a variable: rewrite it by hand';
  }
  if (use.executions.length !== 1) return 'the query is sent more than once';
  const execution = use.executions[0]!;
  if (execution.kind === 'promise-combinator')
    return 'the query is sent through Promise.all (or a sibling): rewrite it by hand';
  if (execution.kind === 'return-async' || execution.kind === 'return-callback') {
    return 'the response is returned to a caller, which may read more than data and error';
  }
  if (execution.node !== use.chainEnd)
    return 'the query is cast or optionally chained where it is sent: rewrite it by hand';
  const parent = execution.node.parent;
  if (execution.kind === 'then') {
    const thenCall = parent?.parent;
    const callback = thenCall?.type === 'CallExpression' ? thenCall.arguments[0] : undefined;
    if (!callback || (callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression')) {
      return 'the .then() callback is not a function written here: cannot see what it reads';
    }
    const param = callback.params[0];
    if (param === undefined) return null;
    return readsOnlyDataAndError(ctx, param, callback)
      ? null
      : 'the .then() callback reads more of the response than data and error';
  }
  // await
  const awaited = parent?.parent;
  if (awaited?.type === 'VariableDeclarator' && awaited.init === parent) {
    if (readsOnlyDataAndError(ctx, awaited.id, awaited)) return null;
  } else if (
    awaited?.type === 'AssignmentExpression' &&
    awaited.right === parent &&
    awaited.left.type === 'ObjectPattern'
  ) {
    if (readsOnlyDataAndError(ctx, awaited.left, null)) return null;
  } else if (awaited?.type === 'MemberExpression' && awaited.object === parent) {
    const name = awaited.computed
      ? staticString(awaited.property)
      : awaited.property.type === 'Identifier'
        ? awaited.property.name
        : null;
    if (name === 'data' || name === 'error') return null;
  }
  return 'the whole response is used (count, status, ...): selectAllPages returns only data and error';
}

/** A name for the page function that does not shadow a name used in the chain. */
function optionsText(cursor: string, settings: CodemodSettings, style: Style): string {
  return `{ cursor: ${quoted(cursor, style)}, pageSize: ${settings.pageSize} }`;
}

/** `.order(cursor, { ascending: true }).limit(n)` after the chain's append point, on new lines when the chain is split over lines. */
function firstPageEdit(
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

function hasCursorOrder(use: QueryUse, cursor: string): boolean {
  return use.links.some((link) => link.name === 'order' && staticString(link.call.arguments[0]) === cursor);
}

export const paginateSelects: Codemod<QueryUse> = {
  name: 'paginate-selects',
  description:
    'Unbounded selects (require-pagination) become cursor (keyset) reads: every page through selectAllPages, or the first page only.',
  rule: 'require-pagination',
  ruleOptions: (settings) => ({ uniqueColumns: settings.uniqueColumns, checkRpc: false }),
  mayHoldSite: (text) => mayHoldUnboundedRead(text, false),
  detect: (ctx, settings) =>
    createUnboundedReadDetector(ctx, { uniqueColumns: settings.uniqueColumns, checkRpc: false }),
  reportLoc: (use) => use.chainEnd.loc,

  plan(input: PlanInput<QueryUse>): Plan {
    const { text, ctx, env } = input;
    const { settings } = env;
    const style = detectStyle(text);
    const edits: Edit[] = [];
    const left: LeftSite[] = [];
    const newFiles: NewFile[] = [];
    let rewritten = 0;
    const leave = (use: QueryUse, reason: string) => left.push({ offset: use.chainEnd.range[0], reason });

    /** Sites that pass every per-site check and only wait for the helper import. */
    const helperSites: { use: QueryUse; edit: Edit }[] = [];

    for (const use of input.findings) {
      if (use.root.kind === 'rpc') {
        leave(use, 'an rpc() result has no known cursor column');
        continue;
      }
      if (use.root.name === null) {
        leave(use, 'the table is named at run time: cannot know its cursor column');
        continue;
      }
      const cursor = cursorFor(use, settings);
      const problem = selectProblem(use, cursor) ?? orderProblem(use, cursor);
      if (problem) {
        leave(use, problem);
        continue;
      }
      if (settings.strategy === 'first-page') {
        edits.push(firstPageEdit(use, cursor, settings, text, style, hasCursorOrder(use, cursor)));
        rewritten += 1;
        continue;
      }
      if (use.links.some((link) => NOT_ROWS.has(link.name))) {
        leave(use, 'the read returns csv(), geojson() or explain() output, not rows: pages cannot be joined');
        continue;
      }
      const consumption = consumptionProblem(ctx, use);
      if (consumption) {
        leave(use, consumption);
        continue;
      }
      const select = asMethodCall(use.root.start);
      if (!select || use.root.from === null || unwrap(select.object) !== use.root.from) {
        leave(use, 'the table builder comes from a variable: a shared builder cannot be read once per page');
        continue;
      }
      const unstable = unstablePart(use, text);
      if (unstable) {
        leave(use, `'${unstable}' would be evaluated once per page: rewrite by hand`);
        continue;
      }
      const existing = findVariable(ctx.getScope(use.chainEnd), HELPER_NAME);
      if (existing && !existing.defs.every((def) => def.type === 'ImportBinding')) {
        leave(use, `the name '${HELPER_NAME}' is already used here`);
        continue;
      }
      const chain = text.slice(use.chainEnd.range[0], use.chainEnd.range[1]);
      helperSites.push({
        use,
        edit: {
          start: use.chainEnd.range[0],
          end: use.chainEnd.range[1],
          text: `${HELPER_NAME}(() => ${chain}, ${optionsText(cursor, settings, style)})`,
        },
      });
    }

    if (helperSites.length > 0) {
      const sourceFile = input.sourceFile();
      const helperPath = settings.helperPath;
      let problem: string | null = null;
      if (isCommonJs(sourceFile, input.path)) problem = 'a CommonJS file: add the helper and its require() by hand';
      const existingHelper = env.readFile(helperPath);
      if (!problem && existingHelper !== null && !providesHelper(existingHelper)) {
        problem = `${helperPath} exists and does not export ${HELPER_NAME}`;
      }
      const specifier = moduleSpecifier(sourceFile, input.path, helperPath, settings.pathAliases);
      const importEdit = problem ? null : ensureNamedImport(sourceFile, HELPER_NAME, specifier, style);
      if (!problem) {
        // an existing import of the name must come from the helper
        for (const declaration of sourceFile.getImportDeclarations()) {
          const clashes =
            declaration
              .getNamedImports()
              .some((named) => (named.getAliasNode()?.getText() ?? named.getName()) === HELPER_NAME) ||
            declaration.getDefaultImport()?.getText() === HELPER_NAME;
          if (clashes && declaration.getModuleSpecifierValue() !== specifier) {
            problem = `'${HELPER_NAME}' is already imported from '${declaration.getModuleSpecifierValue()}'`;
          }
        }
      }
      if (problem) {
        for (const site of helperSites) leave(site.use, problem);
      } else {
        for (const site of helperSites) edits.push(site.edit);
        rewritten += helperSites.length;
        if (importEdit) edits.push(importEdit);
        if (existingHelper === null && helperPath !== input.path) {
          newFiles.push({ path: helperPath, text: helperSource(helperPath, style) });
        }
      }
    }
    return { edits, rewritten, left, newFiles };
  },
};
