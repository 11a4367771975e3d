/**
 * The project's database schema, from `supabase/migrations/*.sql` and generated
 * `Database` types: see docs/schema.md.
 */
export {
  clearDiscoveryCache,
  findSchemaSource,
  resolveSchemaSetting,
  TYPES_FILES,
  type SchemaSetting,
  type SchemaSource,
} from './discover.js';
export { clearSchemaCache, loadSchema, loadSchemaSync, schemaCacheKey, type LoadSchemaOptions } from './load.js';
export { SCHEMA_CACHE_ENV, type SchemaCacheSetting } from './disk-cache.js';
export {
  type Answer,
  type Column,
  DatabaseSchema,
  DEFAULT_SCHEMA,
  type KeyCondition,
  type KeyKind,
  type Relation,
  type RelationKind,
  type ReplicaIdentity,
  type Relationship,
  type SchemaOrigin,
  type SourceKind,
  type UniqueKey,
} from './model.js';
export type { ParsedFile, SkippedStatement, SqlFile, SqlStatement } from './sql-files.js';
export { parseSqlFiles } from './statements.js';
export { loadSqlParser, sqlParserSync, type SqlParser } from './sql-parser.js';
export { readTypesFile } from './types-file.js';
