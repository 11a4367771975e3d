/**
 * What the detectors ask of the project's database schema (src/schema), when
 * one was found: which columns of a table are unique, which column a cursor
 * can page by, whether a column exists, how many rows PostgREST sends at most.
 * With no schema every answer is the one the rules gave before the schema was
 * read.
 */
import { DEFAULT_SCHEMA, type DatabaseSchema } from '../schema/model.js';
import { configMaxRows, DEFAULT_MAX_ROWS } from '../schema/project-config.js';

/**
 * The schema for the file being analysed, loaded on first call (a rule whose
 * text gate rules the file out never loads it); undefined when none is found.
 */
export type SchemaLookup = () => DatabaseSchema | undefined;

/**
 * The column a keyset cursor can page `table` by, as the schema proves it:
 * its single-column primary key, else the first single-column unique key
 * whose column is NOT NULL (a unique column may hold many NULLs, which a
 * cursor cannot step past). Null when the schema does not describe the table
 * or proves no such column.
 */
export function provenCursor(
  schema: DatabaseSchema | undefined,
  table: string | null,
  schemaName = DEFAULT_SCHEMA,
): string | null {
  if (!schema || table === null) return null;
  const primary = schema.primaryKey(table, schemaName);
  if (primary?.length === 1) return primary[0]!;
  for (const column of schema.uniqueColumns(table, schemaName)) {
    if (schema.isNotNull(table, column, schemaName) === 'yes') return column;
  }
  return null;
}

/**
 * The most rows PostgREST sends in one response for the project (its
 * max-rows): what a caller set (`apiLimits`: the rules' `maxRows` setting),
 * else the `[api] max_rows` of the config.toml beside the schema's migrations
 * (src/schema/project-config.ts), else 1,000.
 */
export function maxRowsOf(schema: DatabaseSchema | undefined): number {
  if (!schema) return DEFAULT_MAX_ROWS;
  if (schema.apiLimits) return schema.apiLimits.maxRows;
  const { migrationsDir, typesFile, root } = schema.origin;
  return configMaxRows(migrationsDir ?? typesFile ?? root)?.maxRows ?? DEFAULT_MAX_ROWS;
}
