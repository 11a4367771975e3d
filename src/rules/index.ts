import type { ImportsAny } from '../analysis/project/lookup.js';
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
 * Whether a file may hold a finding of the rule with its default options:
 * the rule's own text gate (src/rules/create-rule.ts `gate`), which also asks
 * the modules the file imports when a finding may come through them. A tool
 * that runs the rules with their defaults parses no file that fails every
 * gate; one that sets options asks `rules[name].mayReport(text, file, options)`.
 */
export const mayReportWithDefaults = Object.fromEntries(
  Object.entries(rules).map(([name, rule]) => [name, (text: string, file: string) => rule.mayReport(text, file)]),
) as Record<RuleName, (text: string, file: string) => boolean>;

/** Whether a file may hold a finding of the rule `name` with `options` (a config's, already validated) merged into its defaults. */
export function mayReport(
  name: RuleName,
  text: string,
  file: string,
  options?: Readonly<Record<string, unknown>>,
  importsAny?: ImportsAny,
): boolean {
  const rule: {
    mayReport(
      text: string,
      file: string,
      options?: Readonly<Record<string, unknown>>,
      importsAny?: ImportsAny,
    ): boolean;
  } = rules[name];
  return rule.mayReport(text, file, options, importsAny);
}
