/**
 * The before/after column: the numbers of the capacity report that the
 * codemods can change (the reads by kind, the unbounded share, full and delta
 * syncs on a schedule, channels left leaking), as the code is and as
 * `codemod all` would leave it. The after numbers come from the capacity
 * analysis run again on the rewritten files (src/cli/capacity-after.ts), never
 * from what a codemod is meant to do.
 */
import type { CapacityReport } from './arithmetic.js';
import type { AfterCodemods, CodemodOutcome, ComparisonRow } from './model.js';

const LEAKING = new Set(['leaks-on-rerun', 'leaks-on-render']);

/** The numbers compared, read off one report. */
function metrics(report: CapacityReport): Omit<ComparisonRow, 'after' | 'afterAtLeast'>[] {
  const { periodic, events, reads, realtime } = report;
  const row = (metric: string, before: number | null, beforeAtLeast = false) => ({ metric, before, beforeAtLeast });
  return [
    row('periodic requests/s', periodic.perSecond, periodic.atLeast),
    row('focus and reconnect requests/s', events.perSecond, events.atLeast),
    row('full reads per online user per minute', reads.perMinute.full),
    row('paged reads per online user per minute', reads.perMinute.page),
    row('delta reads per online user per minute', reads.perMinute.delta),
    row('unbounded share of requests (%)', reads.unboundedShare === null ? null : reads.unboundedShare * 100),
    row('full syncs on a schedule', reads.fullSyncSites.length),
    row('delta syncs on a schedule', reads.deltaSyncSites.length),
    row('channels left leaking', realtime.channels.filter((channel) => LEAKING.has(channel.fate)).length),
    row('channels opened per item', realtime.channels.filter((channel) => channel.fate === 'per-item').length),
    row('channels per client', realtime.peakChannels, realtime.peakAtLeast),
    row('tables fanned out to every subscriber', realtime.fanout.length),
  ];
}

/** The before/after rows of two reports of the same inputs. */
export function compareReports(
  before: CapacityReport,
  after: CapacityReport,
  codemods: CodemodOutcome,
  method: string,
): AfterCodemods {
  const afterRows = metrics(after);
  const rows = metrics(before).map((row, index) => ({
    ...row,
    after: afterRows[index]!.before,
    afterAtLeast: afterRows[index]!.beforeAtLeast,
  }));
  return { method, codemods, rows };
}
