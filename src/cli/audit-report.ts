/**
 * The audit's report: what one run (or several shard runs merged) found, the
 * delta-sync verdict derived from it, and the human formats (pretty,
 * Markdown). The JSON format is this object as it is; it carries everything
 * `audit --merge` needs to rebuild the report in any format.
 */
import type { CapacityReport } from '../capacity/arithmetic.js';
import type { ScalingTopic } from '../rules/create-rule.js';
import { type RuleName, rules } from '../rules/index.js';
import { FILE_KINDS, type FileKind } from './file-kinds.js';
import type { Paint } from './output.js';
import type { SchemaUsed } from './schemas.js';
import {
  decideVerdict,
  type SyncFact,
  type SyncProof,
  type Verdict,
  verdictConclusion,
  verdictMarkdown,
  verdictPretty,
} from './audit-verdict.js';

/** Bumped when the JSON report changes in a way `--merge` must know about. */
export const REPORT_VERSION = 6;

export interface Finding {
  rule: string;
  /** The rule's message id (docs/rules/<rule>.md names each); absent when the message matches none of the rule's. */
  messageId?: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /** A hash of the rule, the file and the reported line(s)' text (and its rank among identical ones): SARIF's partialFingerprints. */
  fingerprint: string;
  /** What the file is (file-kinds.ts); absent in a report from before the audit told them apart: app code. */
  kind?: FileKind;
}

export interface Failure {
  file: string;
  error: string;
}

/** Which files the verdict speaks of: all those under the paths given, or a part of them. */
export interface Scope {
  /** `--since`: only the files added, modified or renamed since the merge base with `ref` (and untracked ones). */
  since?: { ref: string; base: string; changed: number };
  /** `--shard`: this run audited one of `count` disjoint parts. */
  shard?: { index: number; count: number };
  /** `--merge`: the shard reports joined. */
  merged?: { reports: number; shards?: number };
  /** `--suppressions`: findings left out because the file's count for the rule does not exceed the suppressed count. */
  suppressions?: { file: string; suppressed: number };
}

export interface AuditResult {
  reportVersion: number;
  config: string;
  scope: Scope;
  files: { scanned: number; parsed: number; failed: number };
  /** Every finding reported (`results.length`), of every kind: app code, scripts and tests; `counted` is those of the kinds counted. */
  findings: number;
  /** Each rule's findings, of every kind (they add up to `findings`, not to `counted`). */
  perRule: Record<string, number>;
  /** The ten files with the most findings, of every kind. */
  topFiles: { file: string; count: number }[];
  /** The sync verdict: the syncs found and each one's checks, and the app-wide checks. */
  verdict: Verdict;
  /** Scaling findings counted beside the verdict (they do not decide it), of every kind, as `perRule`. */
  scaling: Record<string, number | 'not checked'>;
  /** The syncs found over the whole project: `--merge` decides the verdict of several reports from them. */
  syncs: SyncFact[];
  /** `--prove`: each sync's replay against PostgreSQL (also attached to the verdict's checks). */
  proofs?: SyncProof[];
  /** The database schemas the rules read (empty: none was found or `--no-schema`). */
  schemas: SchemaUsed[];
  failed: Failure[];
  results: Finding[];
  /** `--capacity`: the capacity report over the whole project (src/capacity), as `supabase-scale capacity --format json` gives it. */
  capacity?: CapacityReport;
  /** The findings in app code, scripts and tests. */
  kinds?: Record<FileKind, number>;
  /** The kinds whose findings count for `--max-findings` and the SARIF levels: app code, and what `--include` adds. */
  include?: FileKind[];
  /** The findings of those kinds: what `--max-findings` compares (at most `findings`). */
  counted?: number;
}

const kindOf = (finding: Finding): FileKind => finding.kind ?? 'app';

/** Whether a finding counts for `--max-findings` and is an error in SARIF (else a note). */
export function isCounted(result: AuditResult, finding: Finding): boolean {
  return (result.include ?? ['app']).includes(kindOf(finding));
}

/**
 * The report with the findings of app code counted, and those of the kinds
 * `include` adds (`--include scripts,tests`): the counts `--max-findings`
 * and the SARIF levels read. A merged report is counted again.
 */
export function countKinds(result: AuditResult, include: readonly FileKind[]): AuditResult {
  const kinds: Record<FileKind, number> = { app: 0, script: 0, test: 0 };
  for (const finding of result.results) kinds[kindOf(finding)] += 1;
  const counting: FileKind[] = FILE_KINDS.filter((kind) => kind === 'app' || include.includes(kind));
  const counted = counting.reduce((sum, kind) => sum + kinds[kind], 0);
  return { ...result, kinds, include: counting, counted };
}

const KIND_TITLE: Record<FileKind, string> = { app: 'app code', script: 'scripts', test: 'tests' };

/** ` (app code 20, scripts 3, tests 2; counted: app code)`, or nothing for a report that does not tell them apart. */
function kindsText(result: AuditResult): string {
  if (!result.kinds) return '';
  const kinds = result.kinds;
  const each = FILE_KINDS.map((kind) => `${KIND_TITLE[kind]} ${kinds[kind]}`).join(', ');
  return ` (${each}; counted: ${(result.include ?? ['app']).map((kind) => KIND_TITLE[kind]).join(', ')})`;
}

/** `25 (app code 20, scripts 3, tests 2; counted: app code) (limit 10: ABOVE)`. */
function findingsLine(result: AuditResult, limit: number | null): string {
  const counted = result.counted ?? result.findings;
  const above = limit !== null ? ` (limit ${limit}${counted > limit ? ': ABOVE' : ''})` : '';
  return `${result.findings}${kindsText(result)}${above}`;
}

/** The findings of one kind, and the heading they go under (null for app code: the report's own `Findings`). */
function findingsOfKind(result: AuditResult, kind: FileKind): { title: string; findings: Finding[] } {
  const findings = result.results.filter((finding) => kindOf(finding) === kind);
  if (kind === 'app') return { title: 'Findings', findings };
  const flag = kind === 'script' ? 'scripts' : 'tests';
  const counted = (result.include ?? []).includes(kind);
  return {
    title: `Findings in ${KIND_TITLE[kind]} (${counted ? 'counted: --include' : 'not counted; --include'} ${flag})`,
    findings,
  };
}

/** The rule's scaling topic, as its meta declares it (`docs.topic`); undefined for a rule of none or not the plugin's. */
function topicOf(name: string): ScalingTopic | undefined {
  return name in rules ? rules[name as RuleName].meta.docs?.topic : undefined;
}

/** The scaling findings counted beside the verdict (they do not decide it); the rules that answer each declare it. */
const SCALING_TOPICS: readonly { key: ScalingTopic; label: string; rules: (name: string) => boolean }[] = [
  { key: 'unboundedSelects', label: 'unbounded selects', rules: (name) => topicOf(name) === 'unboundedSelects' },
  {
    key: 'unboundedSubscriptions',
    label: 'unbounded subscriptions',
    rules: (name) => topicOf(name) === 'unboundedSubscriptions',
  },
];

export interface ReportInput {
  config: string;
  ruleNames: readonly string[];
  scope: Scope;
  scanned: number;
  parsed: number;
  syncs: SyncFact[];
  proofs?: readonly SyncProof[];
  schemas?: readonly SchemaUsed[];
  failed: Failure[];
  findings: Finding[];
  /** `audit --capacity`: the capacity report, kept as it is. */
  capacity?: CapacityReport;
}

const byLocation = (a: Finding, b: Finding) =>
  a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);

/**
 * Why the full-sync uses the verdict sees are only part of the code, or
 * undefined: `--since` (the changed files are linted) or one shard of a split
 * (all the shards merged are the whole). The syncs themselves are always
 * found over the whole project.
 */
function partialScope(scope: Scope): string | undefined {
  if (scope.since) return '--since lints only the changed files';
  if (scope.shard) return 'one shard of the files; merge the shard reports (--merge)';
  return undefined;
}

/** The report of these findings and failures: counts per rule and file, and the verdict. */
export function buildReport(input: ReportInput): AuditResult {
  const findings = [...input.findings].sort(byLocation);
  const failed = [...input.failed].sort((a, b) => a.file.localeCompare(b.file));
  const perRule: Record<string, number> = Object.fromEntries(input.ruleNames.map((name) => [name, 0]));
  for (const finding of findings) perRule[finding.rule] = (perRule[finding.rule] ?? 0) + 1;
  const perFile = new Map<string, number>();
  for (const finding of findings) perFile.set(finding.file, (perFile.get(finding.file) ?? 0) + 1);
  const topFiles = [...perFile].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
  const scaling: Record<string, number | 'not checked'> = {};
  for (const topic of SCALING_TOPICS) {
    const answering = input.ruleNames.filter(topic.rules);
    scaling[topic.key] =
      answering.length === 0 ? 'not checked' : answering.reduce((sum, name) => sum + (perRule[name] ?? 0), 0);
  }
  const syncs = [...input.syncs].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const fullSyncSites = findings.filter((f) => f.rule === 'no-full-sync').map((f) => ({ file: f.file, line: f.line }));
  return {
    reportVersion: REPORT_VERSION,
    config: input.config,
    scope: input.scope,
    files: { scanned: input.scanned, parsed: input.parsed, failed: failed.length },
    findings: findings.length,
    perRule,
    topFiles: topFiles.map(([file, count]) => ({ file, count })),
    verdict: decideVerdict(syncs, fullSyncSites, partialScope(input.scope), input.proofs),
    scaling,
    syncs,
    ...(input.proofs ? { proofs: [...input.proofs] } : {}),
    schemas: mergeSchemas(input.schemas ?? []),
    failed,
    results: findings,
    ...(input.capacity ? { capacity: input.capacity } : {}),
  };
}

/** One entry a schema (the same root from several shards counts its files once each). */
function mergeSchemas(schemas: readonly SchemaUsed[]): SchemaUsed[] {
  const byRoot = new Map<string, SchemaUsed>();
  for (const schema of schemas) {
    const known = byRoot.get(schema.root);
    if (known) known.files += schema.files;
    else byRoot.set(schema.root, { ...schema });
  }
  return [...byRoot.values()].sort((a, b) => a.root.localeCompare(b.root));
}

/** The .sql files of a migrations folder the loader skipped, as the Supabase CLI does. */
function notRead(count: number): string {
  const them = count === 1 ? 'it' : 'them';
  return `${count} .sql file${count === 1 ? '' : 's'} not read (not named <version>_<name>.sql; name ${them} with --schema to read ${them})`;
}

/** What the rules knew of the database, one line a schema. */
export function schemaLines(result: AuditResult): string[] {
  if (result.schemas.length === 0)
    return ["schema: none found (unique columns are the rules' defaults: see docs/schema.md)"];
  return result.schemas.map((schema) => {
    const parts = [
      `${schema.migrations} migration${schema.migrations === 1 ? '' : 's'}`,
      ...(schema.typesFile ? [`types ${schema.typesFile}`] : []),
      `${schema.tables} table${schema.tables === 1 ? '' : 's'}, ${schema.views} view${schema.views === 1 ? '' : 's'}`,
      ...(schema.skipped > 0
        ? [`${schema.skipped} statement${schema.skipped === 1 ? '' : 's'} the parser rejected`]
        : []),
      ...(schema.notMigrations > 0 ? [notRead(schema.notMigrations)] : []),
    ];
    return `schema: ${schema.root} (${parts.join(', ')}), for ${schema.files} file${schema.files === 1 ? '' : 's'}`;
  });
}

/** One sentence on which files the verdict speaks of, or null when it is every file under the paths given. */
export function scopeLine(scope: Scope): string | null {
  const parts: string[] = [];
  if (scope.since)
    parts.push(
      `only the ${scope.since.changed} source file${scope.since.changed === 1 ? '' : 's'} changed since ${scope.since.ref} (merge base ${scope.since.base.slice(0, 12)}), untracked ones included`,
    );
  if (scope.shard) parts.push(`shard ${scope.shard.index}/${scope.shard.count} of the files`);
  if (scope.merged)
    parts.push(
      `${scope.merged.reports} reports merged${scope.merged.shards ? ` (all ${scope.merged.shards} shards)` : ''}`,
    );
  if (scope.suppressions)
    parts.push(`${scope.suppressions.suppressed} findings suppressed by ${scope.suppressions.file}`);
  return parts.length === 0 ? null : `this verdict covers ${parts.join('; ')}`;
}

function scalingLines(result: AuditResult): { label: string; value: string }[] {
  const show = (value: unknown) => (value === 'not checked' ? 'not checked (no rule for it yet)' : String(value));
  return SCALING_TOPICS.map((topic) => ({ label: topic.label, value: show(result.scaling[topic.key]) }));
}

/** The verdict's last line: verified or not, and which checks fail. */
export function conclusion(result: AuditResult): string {
  return verdictConclusion(result.verdict);
}

export function pretty(result: AuditResult, colors: Paint, limit: number | null): string {
  const lines: string[] = [];
  lines.push(colors.bold(`supabase-scale audit (${result.config} rules)`));
  const scope = scopeLine(result.scope);
  if (scope) lines.push(`  scope: ${scope}`);
  lines.push(
    `  files: ${result.files.scanned} scanned, ${result.files.parsed} parsed (the rest cannot hold a finding), ${result.files.failed} failed`,
  );
  for (const line of schemaLines(result)) lines.push(`  ${line}`);
  lines.push(`  findings: ${findingsLine(result, limit)}`);
  lines.push('', colors.bold('Findings per rule'));
  for (const [rule, count] of Object.entries(result.perRule)) lines.push(`  ${rule.padEnd(28)} ${count}`);
  if (result.topFiles.length > 0) {
    lines.push('', colors.bold('Files with most findings'));
    for (const { file, count } of result.topFiles) lines.push(`  ${String(count).padStart(4)}  ${file}`);
  }
  for (const kind of FILE_KINDS) {
    const { title, findings } = findingsOfKind(result, kind);
    if (findings.length === 0) continue;
    lines.push('', colors.bold(title));
    for (const finding of findings)
      lines.push(
        `  ${finding.file}:${finding.line}:${finding.column}  ${colors.dim(finding.rule)}  ${finding.message}`,
      );
  }
  if (result.failed.length > 0) {
    lines.push('', colors.red('Files not audited'));
    for (const { file, error } of result.failed) lines.push(`  ${file}  ${error}`);
  }
  lines.push('', colors.bold('Scaling findings (they do not decide the verdict)'));
  for (const { label, value } of scalingLines(result)) lines.push(`  ${label.padEnd(26)} ${value}`);
  const [heading, ...checks] = verdictPretty(result.verdict, colors);
  lines.push('', heading ?? '');
  if (scope) lines.push(`  (${scope})`);
  lines.push(...checks);
  return `${lines.join('\n')}\n`;
}

export function markdown(result: AuditResult): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const scope = scopeLine(result.scope);
  const lines = [
    `# supabase-scale audit (${result.config} rules)`,
    '',
    ...(scope ? [`Scope: ${scope}.`, ''] : []),
    `${result.files.scanned} files scanned, ${result.files.parsed} parsed (the rest cannot hold a finding), ${result.files.failed} failed; ${result.findings} findings${kindsText(result)}.`,
    '',
    ...schemaLines(result).map((line) => `${cell(line.replace(/^schema: /, 'Schema: '))}.`),
    '',
    ...verdictMarkdown(result.verdict),
    '',
    '## Scaling findings (they do not decide the verdict)',
    '',
    '| finding | count |',
    '| --- | --- |',
    ...scalingLines(result).map(({ label, value }) => `| ${label} | ${value} |`),
    '',
    '## Findings per rule',
    '',
    '| rule | findings |',
    '| --- | --- |',
    ...Object.entries(result.perRule).map(([rule, count]) => `| ${rule} | ${count} |`),
  ];
  if (result.topFiles.length > 0) {
    lines.push('', '## Files with most findings', '', '| file | findings |', '| --- | --- |');
    for (const { file, count } of result.topFiles) lines.push(`| ${cell(file)} | ${count} |`);
  }
  for (const kind of FILE_KINDS) {
    const { title, findings } = findingsOfKind(result, kind);
    if (findings.length === 0) continue;
    lines.push('', `## ${title}`, '', '| location | rule | message |', '| --- | --- | --- |');
    for (const finding of findings)
      lines.push(
        `| ${cell(`${finding.file}:${finding.line}:${finding.column}`)} | ${finding.rule} | ${cell(finding.message)} |`,
      );
  }
  if (result.failed.length > 0) {
    lines.push('', '## Files not audited', '');
    for (const { file, error } of result.failed) lines.push(`- ${cell(file)}: ${cell(error)}`);
  }
  return `${lines.join('\n')}\n`;
}
