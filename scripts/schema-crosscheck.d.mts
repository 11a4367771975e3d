import type { PGlite } from '@electric-sql/pglite';
import type { DatabaseSchema, ParsedFile } from '../src/schema/index.js';

export interface Rejected {
  file: string;
  line: number;
  message: string;
  sql: string;
  fullSql: string;
}
export interface CatalogRelation {
  schema: string;
  name: string;
  kind: string;
  columns: { name: string; type: string; notNull: boolean }[];
  keys: { name: string; primary: boolean; partial: boolean; columns: (string | null)[] }[];
}
export interface Comparison {
  rows: { relation: string; kind: string; columns: number | string; keys: number | string; agrees: boolean }[];
  disagreements: { relation: string; problem: string }[];
}
export declare const SUPABASE_BOOTSTRAP: string;
export declare function createSupabaseDatabase(): Promise<{
  db: PGlite;
  baseline: string[];
  reset(): Promise<void>;
  close(): Promise<void>;
}>;
export declare function applyStatements(db: PGlite, parsedFiles: readonly ParsedFile[]): Promise<Rejected[]>;
export declare function readCatalog(db: PGlite, baseline: readonly string[]): Promise<Map<string, CatalogRelation>>;
export declare function compareSchemas(schema: DatabaseSchema, catalog: Map<string, CatalogRelation>): Comparison;
