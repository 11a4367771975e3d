/**
 * The audit's delta-sync verdict: collects each file's delta-sync facts as
 * the audit reads it, decides the checks (src/analysis/sync/delta-sync-verdict.ts),
 * and renders them for the pretty, Markdown and SARIF reports.
 */
import {
  createDeltaSyncFactsDetector,
  type DeltaSyncFileFacts,
  type DeltaSyncOptions,
  mayHoldDeltaSyncFacts,
} from '../analysis/sync/delta-sync-facts.js';
import { deltaSyncVerdict, type Site, type Verdict } from '../analysis/sync/delta-sync-verdict.js';
import { runDetectors } from '../analysis/run.js';
import type { SchemaLookup } from '../analysis/schema-facts.js';
import { noFullSync } from '../rules/no-full-sync.js';
import { DEFAULT_CURSOR_COLUMNS } from '../rules/require-cursor-order.js';
import type { Paint } from './output.js';

export type { Check, Site, Verdict } from '../analysis/sync/delta-sync-verdict.js';

/** The options the audit runs with: the rules' defaults. */
function defaultOptions(): DeltaSyncOptions {
  const [fullSync] = noFullSync.meta.defaultOptions;
  return {
    replacement: fullSync.replacement,
    fullSyncNames: fullSync.names,
    cursorColumns: DEFAULT_CURSOR_COLUMNS,
    uniqueColumns: ['id'],
  };
}

/** Collects the facts file by file; `verdict()` decides once every file is seen. */
export class VerdictCollector {
  private readonly options = defaultOptions();
  private readonly files: DeltaSyncFacts[] = [];

  /** `file` as the report shows it, `filename` for the parser (its extension), `text` as read; the file's schema, if any. */
  add(file: string, filename: string, text: string, schema?: SchemaLookup): void {
    if (!mayHoldDeltaSyncFacts(text, this.options.replacement)) return;
    const options = schema ? { ...this.options, schema } : this.options;
    const run = runDetectors(text, filename, {
      facts: (ctx) => createDeltaSyncFactsDetector(ctx, options),
    });
    // a file that does not parse is reported by the audit as not audited
    if (!run.ok) return;
    const facts = run.findings.facts[0];
    if (facts) this.files.push({ file, facts });
  }

  /** Each file's facts, as the JSON report carries them (`audit --merge` decides the verdict from them again). */
  facts(): DeltaSyncFacts[] {
    return [...this.files];
  }
}

/** One file's delta-sync facts, by the path the report shows. */
export interface DeltaSyncFacts {
  file: string;
  facts: DeltaSyncFileFacts;
}

/**
 * The verdict over every file's facts, with the full syncs no-full-sync found.
 * `partial`: why the files are only part of the code (the warnings are then not checked).
 */
export function decideVerdict(
  files: readonly DeltaSyncFacts[],
  fullSyncSites: readonly Site[],
  partial?: string,
): Verdict {
  return deltaSyncVerdict(files, fullSyncSites, defaultOptions().replacement, partial);
}

const MAX_SITES = 8;

function sitesText(check: Verdict['checks'][number]): string {
  if (check.sites.length === 0) return '';
  const shown = check.sites.slice(0, MAX_SITES).map((site) => `${site.file}:${site.line}`);
  const more = check.sites.length > MAX_SITES ? ` and ${check.sites.length - MAX_SITES} more` : '';
  return ` (${shown.join(', ')}${more})`;
}

/** A check's result as the reports show it: `ok`, `FAIL` (an error-level check failing) or `WARN`. */
export function checkResult(check: Verdict['checks'][number]): 'ok' | 'FAIL' | 'WARN' {
  return check.ok ? 'ok' : check.level === 'warning' ? 'WARN' : 'FAIL';
}

export function verdictConclusion(verdict: Verdict): string {
  const warnings = verdict.checks.filter((check) => checkResult(check) === 'WARN').map((check) => check.id);
  const warned = warnings.length > 0 ? ` (warning: ${warnings.join(', ')})` : '';
  if (verdict.verified) return `delta sync verified${warned}`;
  const failing = verdict.checks.filter((check) => checkResult(check) === 'FAIL').map((check) => check.id);
  return `delta sync NOT verified: ${failing.join(', ')}${warned}`;
}

/** The pretty report's section: one line per check, then the conclusion. */
export function verdictPretty(verdict: Verdict, colors: Paint): string[] {
  const lines = [colors.bold('Delta-sync verdict')];
  for (const check of verdict.checks) {
    const result = checkResult(check);
    const mark =
      result === 'ok' ? colors.green('ok  ') : result === 'WARN' ? colors.yellow('WARN') : colors.red('FAIL');
    lines.push(`  ${mark} ${check.id.padEnd(20)} ${check.message}${sitesText(check)}`);
  }
  lines.push(`  => ${verdictConclusion(verdict)}`);
  return lines;
}

/** The Markdown report's section. */
export function verdictMarkdown(verdict: Verdict): string[] {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    '## Delta-sync verdict',
    '',
    '| check | result | message | sites |',
    '| --- | --- | --- | --- |',
    ...verdict.checks.map(
      (check) =>
        `| ${check.id} | ${checkResult(check)} | ${cell(check.message)} | ${cell(check.sites.map((site) => `${site.file}:${site.line}`).join(', '))} |`,
    ),
    '',
    `**${verdictConclusion(verdict)}**`,
  ];
}

/** SARIF: a rule per check (its level as the default), and a result per failing check at each of its sites (or without a location), at the check's level. */
export function verdictSarif(verdict: Verdict): {
  rules: {
    id: string;
    name: string;
    shortDescription: { text: string };
    defaultConfiguration: { level: 'error' | 'warning' };
  }[];
  results: { ruleId: string; level: 'error' | 'warning'; message: { text: string }; sites: Site[] }[];
} {
  return {
    rules: verdict.checks.map((check) => ({
      id: `delta-sync/${check.id}`,
      name: `delta-sync-${check.id}`,
      shortDescription: { text: `Delta-sync verdict: ${check.id}` },
      defaultConfiguration: { level: check.level },
    })),
    results: verdict.checks
      .filter((check) => !check.ok)
      .map((check) => ({
        ruleId: `delta-sync/${check.id}`,
        level: check.level,
        message: { text: check.message },
        sites: check.sites,
      })),
  };
}
