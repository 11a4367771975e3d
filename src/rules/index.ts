import { mayHoldClockCursor } from '../analysis/sync/cursor-from-rows.js';
import { mayHoldCountWithRows } from '../analysis/postgrest/count-head.js';
import { mayHoldQueryInLoop, mayHoldQueryInLoopThrough } from '../analysis/postgrest/query-in-loop.js';
import { mayHoldBuiltRead } from '../analysis/postgrest/unbounded-read.js';
import { mayHoldFilterCall } from '../analysis/realtime/unbounded-listeners.js';
import type { ImportLookup } from '../analysis/project/imports.js';
import {
  mayHoldCursorProblem,
  mayHoldFullSync,
  mayHoldLeakingSubscription,
  mayHoldMissingDeltaFilter,
  mayHoldRealtimeFilter,
  mayHoldUnboundedListener,
  mayHoldUnboundedRead,
} from '../analysis/text-gates.js';
import { noFullSync } from './no-full-sync.js';
import { noInvalidRealtimeFilter } from './no-invalid-realtime-filter.js';
import { noQueryInLoop } from './no-query-in-loop.js';
import { noUnboundedRealtime } from './no-unbounded-realtime.js';
import { requireCountHead } from './require-count-head.js';
import { requireCursorFromRows } from './require-cursor-from-rows.js';
import { requireCursorOrder } from './require-cursor-order.js';
import { requireDeltaFilter } from './require-delta-filter.js';
import { requirePagination } from './require-pagination.js';
import { requireRealtimeCleanup } from './require-realtime-cleanup.js';

/** Every rule of the plugin, by name. Configs and docs are derived from this map. */
export const rules = {
  'no-full-sync': noFullSync,
  'no-invalid-realtime-filter': noInvalidRealtimeFilter,
  'no-query-in-loop': noQueryInLoop,
  'no-unbounded-realtime': noUnboundedRealtime,
  'require-count-head': requireCountHead,
  'require-cursor-from-rows': requireCursorFromRows,
  'require-cursor-order': requireCursorOrder,
  'require-delta-filter': requireDeltaFilter,
  'require-pagination': requirePagination,
  'require-realtime-cleanup': requireRealtimeCleanup,
};

export type RuleName = keyof typeof rules;

/**
 * Whether a file's text may hold a finding of the rule with its default
 * options: the detector's own text gate. A tool that runs the rules with
 * their defaults (the audit) parses no file that fails every gate.
 */
export const mayReportWithDefaults: Record<RuleName, (text: string) => boolean> = {
  'no-full-sync': (text) => mayHoldFullSync(text, noFullSync.meta.defaultOptions[0].names),
  'no-invalid-realtime-filter': mayHoldRealtimeFilter,
  'no-query-in-loop': mayHoldQueryInLoop,
  'no-unbounded-realtime': mayHoldUnboundedListener,
  'require-count-head': mayHoldCountWithRows,
  'require-cursor-from-rows': mayHoldClockCursor,
  'require-cursor-order': mayHoldCursorProblem,
  'require-delta-filter': mayHoldMissingDeltaFilter,
  'require-pagination': (text) => mayHoldUnboundedRead(text, requirePagination.meta.defaultOptions[0].checkRpc),
  'require-realtime-cleanup': mayHoldLeakingSubscription,
};

/**
 * Whether a file that fails a rule's text gate may still hold a finding of it
 * through the functions it calls in other modules (`imports`: what its
 * imports give, project/imports.ts importLookup; only the modules that may
 * reach such a fact are read), with the rule's default options: a request
 * sent per item through a called function (no-query-in-loop), a read a called
 * function builds and returns unbounded (require-pagination), a Postgres
 * Changes filter a called function takes (no-unbounded-realtime). A tool that
 * runs the rules with their defaults (the audit) asks it of a file no text
 * gate lets through; each detector's own test before its walk is wider.
 */
export const mayReportThroughImports: Partial<Record<RuleName, (text: string, imports: ImportLookup) => boolean>> = {
  'no-query-in-loop': (text, imports) => mayHoldQueryInLoopThrough(text, imports, noQueryInLoop.meta.defaultOptions[0]),
  'no-unbounded-realtime': (_, imports) => mayHoldFilterCall(imports),
  'require-pagination': (_, imports) => mayHoldBuiltRead(imports),
};
