import { mayHoldMissingDeltaFilter } from '../analysis/text-gates.js';
import { createDeltaFilterDetector, type MissingDeltaFilter } from '../analysis/postgrest/delta-filter.js';
import type { UniqueColumnsOption } from '../analysis/postgrest/row-bounds.js';
import { createDetectorRule } from './create-rule.js';
import { nameList, uniqueColumnsSchema } from './option-schemas.js';

/** The options as the rule reads them: each one filled in from meta.defaultOptions when a config leaves it out. */
export interface RequireDeltaFilterFilledOptions {
  functionPattern: string;
  fullSyncNames: readonly string[];
  cursorColumns: readonly string[];
  uniqueColumns: UniqueColumnsOption;
}

/** What a config may set. */
export type RequireDeltaFilterOptions = Partial<RequireDeltaFilterFilledOptions>;
export type MessageIds = 'missingDeltaFilter';

export const DEFAULT_CHANGE_COLUMNS = ['updated_at', 'created_at', 'modified_at', 'inserted_at', 'changed_at'];

/** The pattern as a RegExp, or a one-line error naming the option. */
/** Patterns compiled so far: a config has one or two; the gate compiles on every file. */
const compiled = new Map<string, RegExp>();

function compilePattern(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (regex) return regex;
  try {
    regex = new RegExp(pattern);
  } catch {
    throw new Error(`functionPattern ${JSON.stringify(pattern)} is not a valid regular expression`);
  }
  if (compiled.size < 64) compiled.set(pattern, regex);
  return regex;
}

export const requireDeltaFilter = createDetectorRule<MessageIds, RequireDeltaFilterFilledOptions, MissingDeltaFilter>({
  name: 'require-delta-filter',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require selects inside sync functions to filter by a change-tracking column',
      recommended: 'strict',
    },
    messages: {
      missingDeltaFilter:
        "'{{fn}}' is a sync, but this select from {{table}} has no .gt()/.gte() on a change-tracking column ({{columns}}): it downloads every row on every run instead of the rows changed since the last one. Filter by the last cursor, for example `.gt('updated_at', lastSyncedAt)`.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          functionPattern: {
            type: 'string',
            description: 'Regular expression a function name must match to be a sync function.',
            minLength: 1,
          },
          fullSyncNames: nameList(
            "Names of full-sync functions (no-full-sync's `names`): their selects are full by design.",
          ),
          cursorColumns: nameList('Change-tracking columns a delta filter uses.', 1),
          uniqueColumns: uniqueColumnsSchema(
            'Columns whose `.eq(col, v)` matches at most one row (such a lookup is not a download): a list, or a map per table with `*` for every table.',
          ),
        },
      },
    ],
    defaultOptions: [
      {
        functionPattern: '[sS]ync',
        fullSyncNames: ['fullSync'],
        cursorColumns: DEFAULT_CHANGE_COLUMNS,
        uniqueColumns: ['id'],
      },
    ],
  },
  // a bad pattern is a configuration error in every file, not only in those with a read
  gate: (text, { functionPattern }) => {
    compilePattern(functionPattern);
    return mayHoldMissingDeltaFilter(text);
  },
  detector: (sourceCode, options, project) =>
    createDeltaFilterDetector(sourceCode, {
      ...options,
      functionPattern: compilePattern(options.functionPattern),
      schema: project.schema,
      functions: project.functions,
    }),
  report(context, { use, functionName }, { cursorColumns }) {
    const table = use.root.name === null ? 'a table named at run time' : `'${use.root.name}'`;
    context.report({
      node: use.chainEnd,
      messageId: 'missingDeltaFilter',
      data: { fn: functionName, table, columns: cursorColumns.join(', ') },
    });
  },
});
