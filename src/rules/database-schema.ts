/**
 * The project schema a rule reads: `settings['supabase-scale'].schema` when a
 * config sets it (paths, or `false` for none), else the schema found from the
 * linted file (the nearest `supabase/migrations` and generated types above it;
 * see docs/schema.md). Loaded once per process and cached by the loader, and
 * on disk for the next process (`settings['supabase-scale'].schemaCache`:
 * `false` for none, or a folder).
 */
import type { SharedConfigurationSettings } from '@typescript-eslint/utils/ts-eslint';
import type { SchemaCacheSetting } from '../schema/disk-cache.js';
import { loadSchemaSync } from '../schema/load.js';
import path from 'node:path';
import { resolveSchemaSetting, type SchemaSetting } from '../schema/discover.js';
import type { DatabaseSchema } from '../schema/model.js';
import { namespace } from '../namespace.js';

/** The plugin's own settings key, as ESLint configs write it. */
export const SETTINGS_KEY = namespace;

function isSchemaSetting(value: unknown): value is SchemaSetting {
  if (value === false || (typeof value === 'string' && value !== '')) return true;
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');
}

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
      `settings['${SETTINGS_KEY}'].schema must be a path, a list of paths or false, got ${JSON.stringify(value)}`,
    );
  return value;
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
  return loadSchemaSync(
    setting === undefined
      ? { from: context.physicalFilename, cwd: context.cwd, cache }
      : { schema: setting, cwd: context.cwd, cache },
  );
}
