/**
 * The project schema a rule reads: `settings['supabase-scale'].schema` when a
 * config sets it (paths, or `false` for none), else the schema found from the
 * linted file (the nearest `supabase/migrations` and generated types above it;
 * see docs/schema.md). Loaded once per run and cached by the loader.
 */
import type { SharedConfigurationSettings } from '@typescript-eslint/utils/ts-eslint';
import { loadSchemaSync } from '../schema/load.js';
import path from 'node:path';
import {
  isSchemaSetting,
  resolveSchemaSetting,
  SCHEMA_SETTING_EXPECTED,
  type SchemaSetting,
} from '../schema/discover.js';
import type { DatabaseSchema } from '../schema/model.js';
import { namespace } from '../namespace.js';

/** The plugin's own settings key, as ESLint configs write it. */
export const SETTINGS_KEY = namespace;

/**
 * The schema setting of a config: undefined when it sets none. A value of
 * another shape is a configuration error, thrown with one line that says what
 * is expected (ESLint prints it as the config problem it is).
 */
export function schemaSetting(settings: SharedConfigurationSettings): SchemaSetting | undefined {
  const own = settings[SETTINGS_KEY];
  if (own === undefined) return undefined;
  if (typeof own !== 'object' || own === null || Array.isArray(own))
    throw new Error(`settings['${SETTINGS_KEY}'] must be an object, got ${JSON.stringify(own)}`);
  const value = (own as Record<string, unknown>).schema;
  if (value === undefined) return undefined;
  if (!isSchemaSetting(value))
    throw new Error(
      `settings['${SETTINGS_KEY}'].schema must be ${SCHEMA_SETTING_EXPECTED}, got ${JSON.stringify(value)}`,
    );
  return value;
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
  return loadSchemaSync(
    setting === undefined ? { from: context.physicalFilename } : { schema: setting, cwd: context.cwd },
  );
}
