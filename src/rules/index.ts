import { noFullSync } from './no-full-sync.js';
import { requirePagination } from './require-pagination.js';

/** Every rule of the plugin, by name. Configs and docs are derived from this map. */
export const rules = {
  'no-full-sync': noFullSync,
  'require-pagination': requirePagination,
};

export type RuleName = keyof typeof rules;
