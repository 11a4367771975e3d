/** Default settings of a codemod run, and the ones a config file or the CLI may change. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RuleName } from '../rules/index.js';
import { noFullSync } from '../rules/no-full-sync.js';
import { requirePagination } from '../rules/require-pagination.js';
import { requireRealtimeCleanup } from '../rules/require-realtime-cleanup.js';
import type { CodemodSettings } from './codemod.js';

/** The settings file the CLI reads from the folder it runs in. */
export const CONFIG_FILE = 'supabase-scale.config.json';

export const DEFAULT_HELPER_PATH = 'src/lib/supabase-pagination.ts';
export const DEFAULT_JS_HELPER_PATH = 'src/lib/supabase-pagination.js';

/**
 * paginate-selects pages on `id` when nothing says otherwise: no per-table or
 * explicit cursor, no schema that proves one (and then only where the select
 * list or the schema shows the table has `id`).
 */
export const DEFAULT_CURSOR = 'id';

/**
 * paginate-selects reads pages of the default max-rows: a page never asks for
 * more than the server sends. (require-pagination's `pageSize`, the same
 * option, defaults to 100: its suggestions bound a read that was unbounded.)
 */
export const DEFAULT_PAGE_SIZE = 1000;

/**
 * The largest file a codemod parses: 512 KB. Parsing takes about 500 bytes
 * of memory a byte of source (ESLint's parser, scopes and the ts-morph tree
 * for the edits), so a file under the limit stays well under 1 GB; a larger
 * one that may hold a site is skipped with a reason (--max-file-size).
 */
export const DEFAULT_MAX_FILE_SIZE = 512 * 2 ** 10;

/** `1.5 MB`, `512 KB`, `900 bytes`: a size as the limits speak of it. */
export function sizeText(bytes: number): string {
  if (bytes >= 2 ** 20) return `${Number((bytes / 2 ** 20).toFixed(1))} MB`;
  if (bytes >= 2 ** 10) return `${Number((bytes / 2 ** 10).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

/** The most sites a codemod plans in one file (a generated file of 35,000 selects is skipped, not a heap crash). */
export const DEFAULT_MAX_SITES = 1000;

/**
 * The settings that are an option of a rule, under the same name: that rule's
 * option schema says which values are valid, and (except `pageSize`) its
 * `meta.defaultOptions` gives the default, so a codemod rewrites exactly what
 * its rule reports with the same options.
 */
export const RULE_OPTION_SETTINGS = {
  pageSize: 'require-pagination',
  uniqueColumns: 'require-pagination',
  names: 'no-full-sync',
  replacement: 'no-full-sync',
  allowIn: 'no-full-sync',
  effectHooks: 'require-realtime-cleanup',
} as const satisfies Partial<Record<keyof CodemodSettings, RuleName>>;

/**
 * The defaults for a project at `root`: cursor `id`, pages of 1,000 rows (the
 * default max-rows), the helper in TypeScript when the project has a
 * tsconfig.json and in JavaScript otherwise, and for the settings that are a
 * rule's options, that rule's defaults.
 */
export function defaultSettings(root: string): CodemodSettings {
  const helper = existsSync(path.join(root, 'tsconfig.json')) ? DEFAULT_HELPER_PATH : DEFAULT_JS_HELPER_PATH;
  const [pagination] = requirePagination.meta.defaultOptions;
  const [fullSync] = noFullSync.meta.defaultOptions;
  const [cleanup] = requireRealtimeCleanup.meta.defaultOptions;
  return {
    root,
    strategy: 'all-pages',
    cursor: DEFAULT_CURSOR,
    cursorSet: false,
    cursors: {},
    pageSize: DEFAULT_PAGE_SIZE,
    helperPath: path.join(root, helper),
    uniqueColumns: pagination.uniqueColumns,
    names: fullSync.names,
    replacement: fullSync.replacement,
    allowIn: fullSync.allowIn,
    effectHooks: cleanup.effectHooks,
    pathAliases: [],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    maxSites: DEFAULT_MAX_SITES,
  };
}
