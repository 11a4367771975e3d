import { appendPoint, DEFAULT_PAGINATORS, type QueryUse } from '../analysis/postgrest/query-use.js';
import type { UniqueColumnsOption } from '../analysis/postgrest/row-bounds.js';
import { createUnboundedReadDetector } from '../analysis/postgrest/unbounded-read.js';
import { createDetectorRule } from '../utils/create-rule.js';
import { nameList, uniqueColumnsSchema } from '../utils/schema.js';

/** The options as the rule reads them: each one filled in from meta.defaultOptions when a config leaves it out. */
export interface RequirePaginationFilledOptions {
  uniqueColumns: UniqueColumnsOption;
  pageSize: number;
  checkRpc: boolean;
  paginators: readonly string[];
}

/** What a config may set. */
export type RequirePaginationOptions = Partial<RequirePaginationFilledOptions>;
export type MessageIds = 'unboundedSelect' | 'unboundedRpc' | 'addLimit' | 'addRange';

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
      addLimit: 'Add .limit({{pageSize}}).',
      addRange: 'Add .range(0, {{last}}).',
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
  detector: (sourceCode, options) => createUnboundedReadDetector(sourceCode, options),
  report(context, use, { pageSize }) {
    const { root } = use;
    const at = appendPoint(use);
    const quoted = root.name === null ? null : `'${root.name}'`;
    context.report({
      node: use.chainEnd,
      ...(root.kind === 'select'
        ? { messageId: 'unboundedSelect', data: { table: quoted ?? 'a table named at run time' } }
        : { messageId: 'unboundedRpc', data: { fn: quoted ?? '' } }),
      suggest: [
        {
          messageId: 'addLimit',
          data: { pageSize },
          fix: (fixer) => fixer.insertTextAfter(at, `.limit(${pageSize})`),
        },
        {
          messageId: 'addRange',
          data: { last: pageSize - 1 },
          fix: (fixer) => fixer.insertTextAfter(at, `.range(0, ${pageSize - 1})`),
        },
      ],
    });
  },
});
