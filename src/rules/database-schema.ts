/**
 * The project schema a rule reads: `settings['supabase-scale'].schema` when a
 * config sets it (paths, or `false` for none), else the schema found from the
 * linted file (the nearest `supabase/migrations` and generated types above it;
 * see docs/schema.md). Loaded once per process and cached by the loader, and
 * on disk for the next process (`settings['supabase-scale'].schemaCache`:
 * `false` for none, or a folder). It also carries PostgREST's max-rows:
 * `settings['supabase-scale'].maxRows`, else the `[api] max_rows` of the
 * nearest `supabase/config.toml`, else 1,000.
 */
import type { SharedConfigurationSettings } from '@typescript-eslint/utils/ts-eslint';
import type { SchemaCacheSetting } from '../schema/disk-cache.js';
import { emptyOrigin, loadSchemaSync } from '../schema/load.js';
import path from 'node:path';
import {
  isSchemaSetting,
  resolveSchemaSetting,
  SCHEMA_SETTING_EXPECTED,
  type SchemaSetting,
} from '../schema/discover.js';
import { type ApiLimits, DatabaseSchema } from '../schema/model.js';
import { configMaxRows, DEFAULT_MAX_ROWS } from '../schema/project-config.js';
import { namespace } from '../namespace.js';

/** The plugin's own settings key, as ESLint configs write it. */
export const SETTINGS_KEY = namespace;

/** The plugin's own settings object, undefined when a config sets none; another value is a configuration error. */
function ownSettings(settings: SharedConfigurationSettings): Record<string, unknown> | undefined {
  const own = settings[SETTINGS_KEY];
  if (own === undefined) return undefined;
  if (typeof own !== 'object' || own === null || Array.isArray(own))
    throw new Error(`settings['${SETTINGS_KEY}'] must be an object, got ${JSON.stringify(own)}`);
  return own as Record<string, unknown>;
}

/**
 * The schema setting of a config: undefined when it sets none. A value of
 * another shape is a configuration error, thrown with one line that says what
 * is expected (ESLint prints it as the config problem it is).
 */
export function schemaSetting(settings: SharedConfigurationSettings): SchemaSetting | undefined {
  const value = ownSettings(settings)?.schema;
  if (value === undefined) return undefined;
  if (!isSchemaSetting(value))
    throw new Error(
      `settings['${SETTINGS_KEY}'].schema must be ${SCHEMA_SETTING_EXPECTED}, got ${JSON.stringify(value)}`,
    );
  return value;
}

/**
 * `settings['supabase-scale'].maxRows`: the project's PostgREST max-rows when
 * the config says it; undefined when it does not. Anything but a positive
 * integer is a configuration error, thrown in one line.
 */
export function maxRowsSetting(settings: SharedConfigurationSettings): number | undefined {
  const value = ownSettings(settings)?.maxRows;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    throw new Error(`settings['${SETTINGS_KEY}'].maxRows must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

/** A schema that describes no relation: the carrier of `apiLimits` for a project with no migrations or types. */
function emptySchema(root: string): DatabaseSchema {
  return new DatabaseSchema(emptyOrigin({ root }));
}

/** One view a schema and limits (a lint run asks once per file): views of a schema are dropped with it. */
const views = new WeakMap<DatabaseSchema, Map<string, DatabaseSchema>>();
const empties = new Map<string, DatabaseSchema>();

function withLimits(schema: DatabaseSchema | undefined, root: string, limits: ApiLimits): DatabaseSchema {
  const key = JSON.stringify([limits.maxRows, limits.source]);
  if (!schema) {
    const emptyKey = JSON.stringify([root, key]);
    let empty = empties.get(emptyKey);
    if (!empty) {
      if (empties.size > 256) empties.clear();
      empty = emptySchema(root).withApiLimits(limits);
      empties.set(emptyKey, empty);
    }
    return empty;
  }
  let byLimits = views.get(schema);
  if (!byLimits) views.set(schema, (byLimits = new Map<string, DatabaseSchema>()));
  let view = byLimits.get(key);
  if (!view) byLimits.set(key, (view = schema.withApiLimits(limits)));
  return view;
}

/**
 * The schema cache setting of a config: `false` turns the disk cache off, a
 * folder names it; undefined for the default (docs/schema.md). Another value is
 * a configuration error.
 */
export function schemaCacheSetting(settings: SharedConfigurationSettings): SchemaCacheSetting {
  const value = ownSettings(settings)?.schemaCache;
  if (value === undefined || value === false || (typeof value === 'string' && value !== '')) return value;
  throw new Error(`settings['${SETTINGS_KEY}'].schemaCache must be false or a folder, got ${JSON.stringify(value)}`);
}

interface LintedFile {
  readonly settings: SharedConfigurationSettings;
  readonly physicalFilename: string;
  readonly cwd: string;
}

/** The schema for a linted file, or undefined when there is none (then every rule behaves as it did without one). */
export function schemaForFile(context: LintedFile): DatabaseSchema | undefined {
  const setting = schemaSetting(context.settings);
  if (setting !== undefined && setting !== false) {
    // a path that names nothing is a configuration error, not a silent "no schema"
    const problem = resolveSchemaSetting(setting, context.cwd)?.problems?.[0];
    if (problem)
      throw new Error(
        `settings['${SETTINGS_KEY}'].schema: ${path.relative(context.cwd, problem.file) || '.'}: ${problem.message}`,
      );
  }
  const cache = schemaCacheSetting(context.settings);
  const schema = loadSchemaSync(
    setting === undefined
      ? { from: context.physicalFilename, cwd: context.cwd, cache }
      : { schema: setting, cwd: context.cwd, cache },
  );
  const maxRows = maxRowsSetting(context.settings);
  if (maxRows !== undefined) {
    return withLimits(schema, context.cwd, { maxRows, source: `settings['${SETTINGS_KEY}'].maxRows` });
  }
  return withConfigLimits(schema, context.physicalFilename);
}

/**
 * A file's schema with the max-rows of the supabase/config.toml nearest the
 * file, as the rules see it: a config.toml with no migrations beside it still
 * sets the max-rows (then the schema describes nothing and only carries it).
 * The CLI's codemods ask it too (cli/schemas.ts), so that they rewrite what
 * the rules report.
 */
export function withConfigLimits(schema: DatabaseSchema | undefined, file: string): DatabaseSchema | undefined {
  const config = configMaxRows(file);
  if (!config || (!schema && config.maxRows === DEFAULT_MAX_ROWS)) return schema;
  return withLimits(schema, path.dirname(config.file), { maxRows: config.maxRows, source: config.file });
}
