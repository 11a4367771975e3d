/**
 * `audit --capacity`: the capacity report (src/capacity) as a section of the
 * audit, over the whole project the audit walks (as the sync search is,
 * whatever `--since` or `--shard` narrow the lint to), with the capacity
 * command's own flags (`--users`, `--online`, `--plan`, `--limits`,
 * `--assume`), checked before any file is read. The JSON report carries it
 * under `capacity`; `--merge` keeps the one its shard reports computed.
 */
import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import type { Rule } from 'eslint';
import type { AnalysisContext } from '../analysis/detector.js';
import { functionLookup, lazyLookup } from '../analysis/project/lookup.js';
import type { CapacityScans } from '../capacity/analyze.js';
import type { CapacityReport } from '../capacity/arithmetic.js';
import { createCapacityDetector, type FileCapacity, mayHoldCapacitySite } from '../capacity/sites.js';
import { isTestFile } from '../analysis/sync/find-syncs.js';
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
): ((project: readonly string[], paths: readonly string[], scans?: CapacityScans) => Promise<CapacityReport>) | null {
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
  return async (project, paths, scans) =>
    (await buildCapacityReport(project, paths, settings, options.afterCodemods === true, io, scans)).report;
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

/**
 * An audit-only rule that reads each linted file's capacity facts from the
 * lint's own parse into `scans` (by absolute path), so that the capacity
 * report parses only the files the lint did not. `file()` names the file
 * being linted, or null when it is linted under a stand-in name (its imports
 * would not resolve as the capacity scan resolves them: it is scanned again).
 */
export function capacityScanRule(
  scans: Map<string, FileCapacity | null>,
  show: (file: string) => string,
  file: () => string | null,
): Rule.RuleModule {
  return {
    meta: { type: 'problem', schema: [], messages: {} },
    create(context) {
      const real = file();
      // what the scan parses first (a file that may hold a site, not a test's); a list that may render a
      // site's component is parsed by the scan only when it names one, which this file cannot know yet
      if (real === null || isTestFile(show(real)) || !mayHoldCapacitySite(context.sourceCode.text)) return {};
      const sourceCode = context.sourceCode as unknown as AnalysisContext & { ast: TSESLint.SourceCode['ast'] };
      const detector = createCapacityDetector(
        sourceCode,
        real,
        show,
        lazyLookup(() => functionLookup(sourceCode, real)),
      );
      if (!detector) {
        scans.set(path.resolve(real), null);
        return {};
      }
      return {
        ...(detector.listeners as Rule.RuleListener),
        'Program:exit'() {
          scans.set(path.resolve(real), detector.finish()[0] ?? null);
        },
      };
    },
  };
}
