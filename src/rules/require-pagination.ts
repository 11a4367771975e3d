import { describePath } from '../analysis/postgrest/branch-bounds.js';
import { staticString } from '../analysis/ast.js';
import { isWindowBound } from '../analysis/sync/clock.js';
import { topLevelOrders } from '../analysis/postgrest/orders.js';
import { appendPoint, DEFAULT_PAGINATORS, type QueryUse } from '../analysis/postgrest/query-use.js';
import { rowBound, type UniqueColumnsOption, uniqueColumnsFor } from '../analysis/postgrest/row-bounds.js';
import { createUnboundedReadDetector } from '../analysis/postgrest/unbounded-read.js';
import { unboundedPath } from '../analysis/postgrest/branch-bounds.js';
import type { AnalysisContext } from '../analysis/detector.js';
import { provenCursor } from '../analysis/schema-facts.js';
import type { DatabaseSchema } from '../schema/model.js';
import { createDetectorRule } from './create-rule.js';
import { DEFAULT_CURSOR_COLUMNS } from './require-cursor-order.js';
import { nameList, uniqueColumnsSchema } from './option-schemas.js';

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
  'unboundedSelect' | 'unboundedRpc' | 'unboundedOnPath' | 'unboundedBuilt' | 'addLimit' | 'addRange';

export const requirePagination = createDetectorRule<MessageIds, RequirePaginationFilledOptions, QueryUse>({
  name: 'require-pagination',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a row bound (limit, range, single) on every PostgREST read that is executed',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      unboundedSelect:
        "This select from {{table}} has no row bound: rows past the project's max-rows (1,000 by default) are silently dropped, with no error. Add .limit() or .range(), or paginate with a cursor.",
      unboundedRpc:
        "This rpc({{fn}}) has no row bound: rows past the project's max-rows (1,000 by default) are silently dropped, with no error. Add .limit() or .range(), or paginate with a cursor.",
      unboundedOnPath:
        "This read of {{target}} is bounded only on some paths: its {{bound}} is applied inside a branch, and {{path}} nothing bounds it, so rows past the project's max-rows (1,000 by default) are silently dropped. Bound it on that path too, or add .limit() or .range() to the chain.",
      unboundedBuilt:
        "`{{callee}}()` returns a read of {{table}} {{how}} ({{place}}), and it is sent here with none: rows past the project's max-rows (1,000 by default) are silently dropped, with no error. Bound it in `{{name}}` on every path, or add .limit() or .range() here.",
      addLimit: 'Add {{order}}.limit({{pageSize}}).',
      addRange: 'Add {{order}}.range(0, {{last}}).',
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
  detector: (sourceCode, options, project) =>
    createUnboundedReadDetector(sourceCode, { ...options, schema: project.schema, functions: project.functions }),
  report(context, use, { pageSize, uniqueColumns }, project) {
    const { root } = use;
    const at = appendPoint(use);
    const quoted = root.name === null ? null : `'${root.name}'`;
    const schema = project.schema();
    const order = pageOrder(context.sourceCode, use, uniqueColumns, schema);
    const unique = uniqueColumnsFor(uniqueColumns, root.kind === 'select' ? root.name : null, schema);
    const path = rowBound(use.links, unique) === null ? null : unboundedPath(use, unique);
    const target = root.kind === 'select' ? (quoted ?? 'a table named at run time') : `rpc(${quoted ?? ''})`;
    const built = use.builtBy;
    context.report({
      node: use.chainEnd,
      ...(built
        ? {
            messageId: 'unboundedBuilt',
            data: {
              callee: built.callee,
              name: built.name,
              place: built.place,
              table: quoted ?? 'a table named at run time',
              how: built.path === null ? 'with no row bound' : `with no row bound on one path (${built.path})`,
            },
          }
        : path
          ? { messageId: 'unboundedOnPath', data: { target, ...describePath(path, context.sourceCode.text) } }
          : root.kind === 'select'
            ? { messageId: 'unboundedSelect', data: { table: quoted ?? 'a table named at run time' } }
            : { messageId: 'unboundedRpc', data: { fn: quoted ?? '' } }),
      suggest: [
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
      ],
    });
  },
});

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
