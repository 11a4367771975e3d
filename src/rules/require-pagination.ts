import type { SuggestionReportDescriptor } from '@typescript-eslint/utils/ts-eslint';
import { describePath } from '../analysis/postgrest/branch-bounds.js';
import { staticString } from '../analysis/ast.js';
import { isWindowBound } from '../analysis/sync/clock.js';
import { topLevelOrders } from '../analysis/postgrest/orders.js';
import { appendPoint, DEFAULT_PAGINATORS, type QueryUse } from '../analysis/postgrest/query-use.js';
import {
  rowBound,
  type UniqueColumnsOption,
  uniqueColumnsFor,
  type WindowedKey,
  windowedKey,
} from '../analysis/postgrest/row-bounds.js';
import { createUnboundedReadDetector, mayReadUnbounded, readKeys } from '../analysis/postgrest/unbounded-read.js';
import { unboundedPath } from '../analysis/postgrest/branch-bounds.js';
import type { AnalysisContext } from '../analysis/detector.js';
import { maxRowsOf, provenCursor } from '../analysis/schema-facts.js';
import { pagesPastMaxRows, type PastMaxRows } from '../analysis/postgrest/page-rows.js';
import { rowUse } from '../analysis/postgrest/row-use.js';
import type { DatabaseSchema } from '../schema/model.js';
import { createDetectorRule, type DetectorRuleContext } from './create-rule.js';
import { DEFAULT_CURSOR_COLUMNS } from './require-cursor-order.js';
import { nameList, uniqueColumnsSchema } from './option-schemas.js';
import { formatCount } from '../utils/text.js';

/** The options as the rule reads them: each one filled in from meta.defaultOptions when a config leaves it out. */
export interface RequirePaginationFilledOptions {
  uniqueColumns: UniqueColumnsOption;
  pageSize: number;
  checkRpc: boolean;
  paginators: readonly string[];
}

/** What a config may set. */
export type RequirePaginationOptions = Partial<RequirePaginationFilledOptions>;
export type MessageIds =
  | 'unboundedSelect'
  | 'unboundedWindow'
  | 'unboundedRpc'
  | 'unboundedOnPath'
  | 'unboundedBuilt'
  | 'pastMaxRows'
  | 'rowsNeverRead'
  | 'onlyExistence'
  | 'onlyCount'
  | 'onlyFirstRow'
  | 'addLimit'
  | 'addRange'
  | 'addLimitOne'
  | 'askMaxRows';

const MAX_ROWS_TEXT = "the project's max-rows ({{maxRows}})";

export const requirePagination = createDetectorRule<MessageIds, RequirePaginationFilledOptions, QueryUse>({
  name: 'require-pagination',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a row bound (limit, range, single) on every PostgREST read that is executed',
      recommended: 'recommended',
      topic: 'unboundedSelects',
    },
    hasSuggestions: true,
    messages: {
      unboundedSelect: `This select from {{table}} has no row bound: rows past ${MAX_ROWS_TEXT} are silently dropped, with no error. Add .limit() or .range(), or paginate with a cursor.`,
      unboundedWindow: `This select from {{table}} reads at most one row a day of its window on '{{column}}' (({{key}}) is unique), but {{why}}: rows past ${MAX_ROWS_TEXT} are silently dropped, with no error. Add .limit() or .range() (as many rows as the window can have days), or paginate with a cursor.`,
      unboundedRpc: `This rpc({{fn}}) has no row bound: rows past ${MAX_ROWS_TEXT} are silently dropped, with no error. Add .limit() or .range(), or paginate with a cursor.`,
      unboundedOnPath: `This read of {{target}} is bounded only on some paths: its {{bound}} is applied inside a branch, and {{path}} nothing bounds it, so rows past ${MAX_ROWS_TEXT} are silently dropped. Bound it on that path too, or add .limit() or .range() to the chain.`,
      unboundedBuilt: `\`{{callee}}()\` returns a read of {{table}} {{how}} ({{place}}), and it is sent here with none: rows past ${MAX_ROWS_TEXT} are silently dropped, with no error. Bound it in \`{{name}}\` on every path, or add .limit() or .range() here.`,
      pastMaxRows:
        "This read of {{target}} asks for {{rows}} rows, past the project's max-rows ({{maxRows}}): Supabase sends the first {{maxRows}} with a normal 200 and no error, and the code never sees the rest. Page through the rows (a cursor, or pages of at most {{maxRows}}).",
      rowsNeverRead: `The rows of this read of {{target}} are never used, yet every matching row is sent (up to ${MAX_ROWS_TEXT}). Add .limit(1), or send no rows with .select(cols, { head: true }).`,
      onlyExistence: `This read of {{target}} only tests whether a row exists, yet every matching row is sent (up to ${MAX_ROWS_TEXT}). Add .limit(1), or ask for a count with .select(cols, { count: 'exact', head: true }).`,
      onlyCount: `This read of {{target}} only counts its rows, and the count stops at ${MAX_ROWS_TEXT} with no error. Ask the server for the count: .select(cols, { count: 'exact', head: true }), and read \`count\`.`,
      onlyFirstRow: `This read of {{target}} uses only its first row, yet every matching row is sent (up to ${MAX_ROWS_TEXT}). Add .limit(1), with an .order() that says which row comes first.`,
      addLimit: 'Add {{order}}.limit({{pageSize}}).',
      addRange: 'Add {{order}}.range(0, {{last}}).',
      addLimitOne: 'Add {{order}}.limit(1).',
      askMaxRows: 'Ask for {{maxRows}} rows, what the server sends anyway ({{bound}}), and page for the rest.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          uniqueColumns: uniqueColumnsSchema(
            'Columns whose `.eq(col, v)` matches at most one row: a list for every table, or a map from table name to a list, where `*` applies to every table.',
          ),
          pageSize: {
            type: 'integer',
            description: 'Page size used by the suggestions (`.limit(pageSize)`, `.range(0, pageSize - 1)`).',
            minimum: 1,
          },
          checkRpc: {
            type: 'boolean',
            description: 'Also require a row bound on `rpc()` calls that are executed.',
          },
          paginators: nameList(
            'Helpers that read every page of a query returned from their first (callback) argument, ordering and bounding each page themselves: `selectAllPages(() => query, ...)`.',
          ),
        },
      },
    ],
    defaultOptions: [{ uniqueColumns: ['id'], pageSize: 100, checkRpc: false, paginators: [...DEFAULT_PAGINATORS] }],
  },
  gate: (text, options, importsAny) => mayReadUnbounded(text, options, importsAny),
  detector: (sourceCode, options, project) =>
    createUnboundedReadDetector(sourceCode, { ...options, schema: project.schema, functions: project.functions }),
  report(context, use, options, project) {
    const { root } = use;
    const schema = project.schema();
    const limit = maxRowsOf(schema);
    const maxRows = formatCount(limit);
    const table = root.kind === 'select' ? root.name : null;
    // as the detector: with the keys the project's upserts prove, when no other key bounds the read
    const unique = readKeys(options.uniqueColumns, table, schema, use.links, project.functions());
    const quoted = root.name === null ? null : `'${root.name}'`;
    const target = root.kind === 'select' ? (quoted ?? 'a table named at run time') : `rpc(${quoted ?? ''})`;
    const built = use.builtBy;
    if (built) {
      const how = built.path === null ? 'with no row bound' : `with no row bound on one path (${built.path})`;
      context.report({
        node: use.chainEnd,
        messageId: 'unboundedBuilt',
        data: { callee: built.callee, name: built.name, place: built.place, table: target, how, maxRows },
        suggest: pageSuggestions(context, use, options, schema),
      });
      return;
    }
    if (rowBound(use.links, unique) !== null) {
      const path = unboundedPath(use, unique);
      if (path) {
        const data = { target, maxRows, ...describePath(path, context.sourceCode.text) };
        context.report({
          node: use.chainEnd,
          messageId: 'unboundedOnPath',
          data,
          suggest: pageSuggestions(context, use, options, schema),
        });
        return;
      }
      const past = pagesPastMaxRows(context.sourceCode, use.links, unique, limit);
      if (past) reportPastMaxRows(context, use, past, { target, maxRows: limit });
      return;
    }
    const used = rowUse(context.sourceCode, use).use;
    if (used === 'rows') {
      const windowed = root.kind === 'select' && quoted !== null ? windowedKey(use.links, unique) : null;
      context.report({
        node: use.chainEnd,
        ...(windowed
          ? { messageId: 'unboundedWindow', data: { table: quoted, maxRows, ...windowWords(windowed, maxRows) } }
          : root.kind === 'select'
            ? { messageId: 'unboundedSelect', data: { table: quoted ?? 'a table named at run time', maxRows } }
            : { messageId: 'unboundedRpc', data: { fn: quoted ?? '', maxRows } }),
        suggest: pageSuggestions(context, use, options, schema),
      });
      return;
    }
    const messageId = (
      { none: 'rowsNeverRead', existence: 'onlyExistence', count: 'onlyCount', 'first-row': 'onlyFirstRow' } as const
    )[used];
    const order = used === 'first-row' ? pageOrder(context.sourceCode, use, options.uniqueColumns, schema) : '';
    const at = appendPoint(use);
    context.report({
      node: use.chainEnd,
      messageId,
      data: { target, maxRows },
      // a count needs every row counted: a page bound would change the answer
      suggest:
        used === 'count'
          ? []
          : [
              {
                messageId: 'addLimitOne',
                data: { order },
                fix: (fixer) => fixer.insertTextAfter(at, `${order}.limit(1)`),
              },
            ],
    });
  },
});

type Context = DetectorRuleContext<MessageIds, RequirePaginationFilledOptions>;

/** What the window message says of a window that bounds nothing: its key, and why. */
function windowWords(windowed: WindowedKey, maxRows: string): { column: string; key: string; why: string } {
  const why =
    windowed.days !== null
      ? `the window spans up to ${formatCount(windowed.days)} days, more than ${maxRows}`
      : windowed.ends === 'lower'
        ? 'the window has no upper end: every later day is read, future-dated rows included'
        : windowed.ends === 'upper'
          ? 'the window has no lower end: every earlier day is read'
          : 'how many days it spans is not known here (its ends come from elsewhere, such as two parameters)';
  return { column: windowed.column, key: windowed.key.join(', '), why };
}

/** `.limit(pageSize)` and `.range(0, pageSize - 1)`, each with the order the read needs. */
function pageSuggestions(
  context: Context,
  use: QueryUse,
  { pageSize, uniqueColumns }: RequirePaginationFilledOptions,
  schema: DatabaseSchema | undefined,
): SuggestionReportDescriptor<MessageIds>[] {
  const at = appendPoint(use);
  const order = pageOrder(context.sourceCode, use, uniqueColumns, schema);
  return [
    {
      messageId: 'addLimit',
      data: { pageSize, order },
      fix: (fixer) => fixer.insertTextAfter(at, `${order}.limit(${pageSize})`),
    },
    {
      messageId: 'addRange',
      data: { last: pageSize - 1, order },
      fix: (fixer) => fixer.insertTextAfter(at, `${order}.range(0, ${pageSize - 1})`),
    },
  ];
}

/**
 * A page bound past max-rows, reported where the request is written (as
 * every finding of the rule), with a suggestion that asks for
 * what the server sends anyway (`.limit(1000)`, `.range(from, from + 999)`):
 * the same rows, said honestly, for a caller to page from.
 */
function reportPastMaxRows(
  context: Context,
  use: QueryUse,
  past: PastMaxRows,
  data: { target: string; maxRows: number },
): void {
  const { call, name, rows } = past;
  const text = context.sourceCode.text;
  const [first, second] = call.arguments;
  let fix: { range: [number, number]; text: string } | null = null;
  if (name === 'limit' && first) fix = { range: first.range, text: String(data.maxRows) };
  else if (name === 'range' && first && second && first.type !== 'SpreadElement') {
    const from = text.slice(first.range[0], first.range[1]);
    const literal = /^\d+$/.test(from) ? Number(from) : null;
    const to =
      literal !== null
        ? String(literal + data.maxRows - 1)
        : `${/^[\w$.]+$/.test(from) ? from : `(${from})`} + ${data.maxRows - 1}`;
    fix = { range: second.range, text: to };
  }
  const bound = `.${name}(${call.arguments.map((arg) => text.slice(arg.range[0], arg.range[1])).join(', ')})`;
  context.report({
    node: use.chainEnd,
    messageId: 'pastMaxRows',
    data: { ...data, rows: formatCount(rows), maxRows: formatCount(data.maxRows) },
    suggest: fix
      ? [
          {
            messageId: 'askMaxRows',
            data: { maxRows: formatCount(data.maxRows), bound: `not ${bound}` },
            fix: (fixer) => fixer.replaceTextRange(fix.range, fix.text),
          },
        ]
      : [],
  });
}

/**
 * The order a suggested page bound needs so that require-cursor-order has
 * nothing to say about it: none when the read is ordered (or is an rpc);
 * the cursor column of a keyset read (`.gt('updated_at', since)`); else the
 * column the schema proves unique and non-null, or the first unique column
 * of the option (`.order('id')`).
 */
function pageOrder(
  ctx: AnalysisContext,
  use: QueryUse,
  uniqueColumns: UniqueColumnsOption,
  schema: DatabaseSchema | undefined,
): string {
  if (use.root.kind !== 'select' || topLevelOrders(use.links).length > 0) return '';
  for (const { name, call } of use.links) {
    if (name !== 'gt' && name !== 'gte') continue;
    const column = staticString(call.arguments[0]);
    if (column !== null && DEFAULT_CURSOR_COLUMNS.includes(column) && !isWindowBound(ctx, use.links, call)) {
      return `.order('${column}')`;
    }
  }
  // the column the schema proves unique and non-null (the primary key) before the option's guess
  const [unique] = uniqueColumnsFor(uniqueColumns, use.root.name);
  const column = provenCursor(schema, use.root.name) ?? unique ?? 'id';
  return `.order('${column.replace(/['\\]/g, '\\$&')}')`;
}
