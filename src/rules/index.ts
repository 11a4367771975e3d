import { noFullSync } from './no-full-sync.js';
import { noUnboundedRealtime } from './no-unbounded-realtime.js';
import { requireCursorOrder } from './require-cursor-order.js';
import { requireDeltaFilter } from './require-delta-filter.js';
import { requirePagination } from './require-pagination.js';
import { requireRealtimeCleanup } from './require-realtime-cleanup.js';

/** Every rule of the plugin, by name. Configs and docs are derived from this map. */
export const rules = {
  'no-full-sync': noFullSync,
  'no-unbounded-realtime': noUnboundedRealtime,
  'require-cursor-order': requireCursorOrder,
  'require-delta-filter': requireDeltaFilter,
  'require-pagination': requirePagination,
  'require-realtime-cleanup': requireRealtimeCleanup,
};

export type RuleName = keyof typeof rules;
