import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';

/** A list of distinct, non-empty names (columns, tables, functions); `minItems` when an empty list means nothing. */
export function nameList(description: string, minItems?: number): JSONSchema4 {
  return {
    type: 'array',
    description,
    items: { type: 'string', minLength: 1 },
    uniqueItems: true,
    ...(minItems === undefined ? {} : { minItems }),
  };
}

/** `uniqueColumns`: a list for every table, or a map from table name (`*` for every table) to a list. */
export function uniqueColumnsSchema(description: string): JSONSchema4 {
  return {
    description,
    oneOf: [
      nameList('Column names, for every table.'),
      {
        type: 'object',
        description: 'Table name (or `*` for every table) to its unique columns.',
        additionalProperties: nameList('Column names.'),
      },
    ],
  };
}
