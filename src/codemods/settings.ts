/** Default settings of a codemod run, and the ones a config file or the CLI may change. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_EFFECT_HOOKS } from '../analysis/realtime/cleanup.js';
import type { CodemodSettings } from './types.js';

/** The settings file the CLI reads from the folder it runs in. */
export const CONFIG_FILE = 'supabase-scale.config.json';

export const DEFAULT_HELPER_PATH = 'src/lib/supabase-pagination.ts';
export const DEFAULT_JS_HELPER_PATH = 'src/lib/supabase-pagination.js';

/**
 * The defaults for a project at `root`: cursor `id`, pages of 1,000 rows (the
 * default max-rows), the helper in TypeScript when the project has a
 * tsconfig.json and in JavaScript otherwise, no-full-sync's defaults and
 * require-realtime-cleanup's effect hooks.
 */
export function defaultSettings(root: string): CodemodSettings {
  const helper = existsSync(path.join(root, 'tsconfig.json')) ? DEFAULT_HELPER_PATH : DEFAULT_JS_HELPER_PATH;
  return {
    root,
    strategy: 'all-pages',
    cursor: 'id',
    cursors: {},
    pageSize: 1000,
    helperPath: path.join(root, helper),
    uniqueColumns: ['id'],
    names: ['fullSync'],
    replacement: 'deltaSync',
    allowIn: [],
    effectHooks: [...DEFAULT_EFFECT_HOOKS],
    pathAliases: [],
  };
}
