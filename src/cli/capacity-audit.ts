/**
 * `audit --capacity`: the capacity report (src/capacity) as a section of the
 * audit, over the whole project the audit walks (as the sync search is,
 * whatever `--since` or `--shard` narrow the lint to), with the capacity
 * command's own flags (`--users`, `--online`, `--plan`, `--limits`,
 * `--assume`), checked before any file is read. The JSON report carries it
 * under `capacity`; `--merge` keeps the one its shard reports computed.
 */
import type { CapacityReport } from '../capacity/arithmetic.js';
import { capacityMarkdown, capacityPretty } from '../capacity/render.js';
import { buildCapacityReport, type CapacityOptions, capacitySettings } from './capacity-command.js';
import { UsageError } from './errors.js';
import type { Io, Paint } from './output.js';

/** The audit's capacity flags: `--capacity` and the capacity command's own, which need it. */
export interface AuditCapacityOptions extends Pick<
  CapacityOptions,
  'users' | 'online' | 'plan' | 'limits' | 'assume' | 'afterCodemods'
> {
  capacity?: boolean;
}

const NEEDS_CAPACITY: readonly (keyof AuditCapacityOptions)[] = [
  'users',
  'online',
  'plan',
  'limits',
  'assume',
  'afterCodemods',
];

/**
 * Checks the capacity flags before the audit reads a file: a flag of the
 * report without `--capacity` (or with `--merge`, which keeps the reports'
 * own) is bad usage, as is a bad value. Returns the run that makes the
 * section, or null when none is asked for.
 */
export function capacityRun(
  options: AuditCapacityOptions,
  merging: boolean,
  io: Io,
): ((project: readonly string[], paths: readonly string[]) => Promise<CapacityReport>) | null {
  const given = NEEDS_CAPACITY.filter((key) => {
    const value = options[key];
    return Array.isArray(value) ? value.length > 0 : value !== undefined;
  }).map((key) => (key === 'afterCodemods' ? '--after-codemods' : `--${key}`));
  if (merging && options.capacity)
    throw new UsageError('--merge keeps the capacity report of its shard reports: it takes no --capacity');
  if (!options.capacity) {
    if (given.length > 0)
      throw new UsageError(`${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} for --capacity`);
    return null;
  }
  const settings = capacitySettings(options, io);
  return async (project, paths) =>
    (await buildCapacityReport(project, paths, settings, options.afterCodemods === true, io)).report;
}

/** The section after the audit's own report, in its format (SARIF holds findings only: none). */
export function capacitySection(
  report: CapacityReport | undefined,
  format: 'pretty' | 'json' | 'markdown' | 'sarif',
  colors: Paint,
): string {
  if (!report || format === 'json' || format === 'sarif') return '';
  if (format === 'markdown') return `\n${capacityMarkdown(report)}`;
  return `\n${capacityPretty(report, colors)}`;
}
