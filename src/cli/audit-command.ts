/**
 * `supabase-scale audit [paths...]`: lints with the plugin's own rules and
 * parser setup (no user configuration) and prints what a person can act on.
 * A file that no rule can report on (it fails every rule's text gate,
 * `mayReportWithDefaults`) is not parsed at all.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import { parsing, withoutEnvComments } from '../analysis/run.js';
import plugin, { namespace } from '../index.js';
import { mayReportWithDefaults, type RuleName } from '../rules/index.js';
import { UsageError } from './errors.js';
import { FORMATS } from './formats.js';
import { displayPath, type Io, paint, type Paint, Progress, wantsColor } from './output.js';
import { walk } from './walk.js';

export interface AuditOptions {
  format?: string;
  strict?: boolean;
  maxFindings?: string;
  ignore?: string[];
  color?: boolean;
}

type Format = (typeof FORMATS)[number];

interface Finding {
  rule: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** What the delta-sync verdict counts, and which rules answer it (by rule name, so new rules join on their own). */
const VERDICT_TOPICS = [
  { key: 'fullSyncUsesLeft', label: 'fullSync uses left', rules: (name: string) => name === 'no-full-sync' },
  { key: 'unboundedSelects', label: 'unbounded selects', rules: (name: string) => name === 'require-pagination' },
  {
    key: 'unboundedSubscriptions',
    label: 'unbounded subscriptions',
    rules: (name: string) => /realtime|subscription|channel/.test(name),
  },
] as const;

function format(value: string | undefined): Format {
  const chosen = value ?? 'pretty';
  if (!(FORMATS as readonly string[]).includes(chosen))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got '${chosen}'`);
  return chosen as Format;
}

function maxFindings(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value.trim()))
    throw new UsageError(`--max-findings must be a whole number, 0 or more; got '${value}'`);
  return Number(value);
}

export function runAuditCommand(paths: string[], options: AuditOptions, io: Io): number {
  const chosenFormat = format(options.format);
  const limit = maxFindings(options.maxFindings);
  const configName = options.strict ? 'strict' : 'recommended';
  const ruleLevels = plugin.configs[configName].rules ?? {};
  const ruleNames = Object.keys(ruleLevels).map((id) => id.slice(namespace.length + 1));
  // the rules' own text gates: a file that fails every one cannot hold a finding and is not parsed
  const gates = ruleNames.map((name) => mayReportWithDefaults[name as RuleName]);
  const mayReport = (text: string) => gates.some((gate) => gate(text));
  const files = walk(paths.length > 0 ? paths : ['.'], { cwd: io.cwd, ignore: options.ignore ?? [] });
  const linter = new Linter({ configType: 'flat' });
  const config = (file: string): Linter.Config[] => [
    {
      ...parsing(file),
      // the project's own `eslint-disable` comments name rules the audit does not run: not unused, not a finding
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { [namespace]: plugin },
      rules: ruleLevels,
    },
  ];
  const findings: Finding[] = [];
  const failed: { file: string; error: string }[] = [];
  let parsed = 0;
  let replacementFiles = 0;
  const replacement = /\bdeltaSync\b/;
  const progress = new Progress(io, files.length, 'audit');
  files.forEach((file, index) => {
    progress.tick(index + 1);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      failed.push({ file: displayPath(io, file), error: 'cannot be read' });
      return;
    }
    if (replacement.test(text)) replacementFiles += 1;
    if (!mayReport(text)) return;
    parsed += 1;
    const name = `file${path.extname(file)}`;
    const messages = linter.verify(withoutEnvComments(text), config(file), name);
    for (const message of messages) {
      if (message.fatal) {
        failed.push({
          file: displayPath(io, file),
          error: `does not parse (line ${message.line}:${message.column}: ${message.message})`,
        });
        continue;
      }
      // ESLint's notes on inline comments (a rule of another plugin named in `eslint-disable`): not the audit's business
      if (!message.ruleId?.startsWith(`${namespace}/`)) continue;
      findings.push({
        rule: message.ruleId.slice(namespace.length + 1),
        file: displayPath(io, file),
        line: message.line,
        column: message.column,
        endLine: message.endLine ?? message.line,
        endColumn: message.endColumn ?? message.column,
        message: message.message,
      });
    }
  });
  progress.done();

  const perRule: Record<string, number> = Object.fromEntries(ruleNames.map((name) => [name, 0]));
  for (const finding of findings) perRule[finding.rule] = (perRule[finding.rule] ?? 0) + 1;
  const perFile = new Map<string, number>();
  for (const finding of findings) perFile.set(finding.file, (perFile.get(finding.file) ?? 0) + 1);
  const topFiles = [...perFile].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
  const verdict: Record<string, number | 'not checked'> = {};
  for (const topic of VERDICT_TOPICS) {
    const answering = ruleNames.filter(topic.rules);
    verdict[topic.key] =
      answering.length === 0 ? 'not checked' : answering.reduce((sum, name) => sum + (perRule[name] ?? 0), 0);
  }
  const result: AuditResult = {
    config: configName,
    files: { scanned: files.length, parsed, failed: failed.length },
    findings: findings.length,
    perRule,
    topFiles: topFiles.map(([file, count]) => ({ file, count })),
    verdict: { ...verdict, deltaSyncPresent: replacementFiles > 0, deltaSyncFiles: replacementFiles },
    failed,
    results: findings,
  };
  const colors = paint(wantsColor(io, options.color));
  switch (chosenFormat) {
    case 'json':
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      break;
    case 'markdown':
      io.stdout.write(markdown(result));
      break;
    case 'sarif':
      io.stdout.write(`${JSON.stringify(sarif(result, ruleNames, io), null, 2)}\n`);
      break;
    default:
      io.stdout.write(pretty(result, colors, limit));
  }
  return limit !== null && findings.length > limit ? 1 : 0;
}

interface AuditResult {
  config: string;
  files: { scanned: number; parsed: number; failed: number };
  findings: number;
  perRule: Record<string, number>;
  topFiles: { file: string; count: number }[];
  verdict: Record<string, number | boolean | 'not checked'>;
  failed: { file: string; error: string }[];
  results: Finding[];
}

function verdictLines(result: AuditResult): { label: string; value: string }[] {
  const v = result.verdict;
  const show = (value: unknown) => (value === 'not checked' ? 'not checked (no rule for it yet)' : String(value));
  return [
    { label: 'fullSync uses left', value: show(v.fullSyncUsesLeft) },
    {
      label: 'deltaSync present',
      value: v.deltaSyncPresent ? `yes (${v.deltaSyncFiles} file${v.deltaSyncFiles === 1 ? '' : 's'})` : 'no',
    },
    { label: 'unbounded selects', value: show(v.unboundedSelects) },
    { label: 'unbounded subscriptions', value: show(v.unboundedSubscriptions) },
  ];
}

function conclusion(result: AuditResult): string {
  const v = result.verdict;
  const clean = v.fullSyncUsesLeft === 0 && v.unboundedSelects === 0 && v.deltaSyncPresent === true;
  if (!clean) {
    const reasons: string[] = [];
    if (typeof v.fullSyncUsesLeft === 'number' && v.fullSyncUsesLeft > 0) reasons.push('full syncs remain');
    if (!v.deltaSyncPresent) reasons.push('no delta sync found');
    if (typeof v.unboundedSelects === 'number' && v.unboundedSelects > 0)
      reasons.push('selects without a page bound remain');
    return `delta sync NOT verified: ${reasons.join(', ')}`;
  }
  return v.unboundedSubscriptions === 'not checked' ||
    (typeof v.unboundedSubscriptions === 'number' && v.unboundedSubscriptions > 0)
    ? `delta sync verified for syncs and selects; subscriptions ${v.unboundedSubscriptions === 'not checked' ? 'not checked' : 'still unbounded'}`
    : 'delta sync verified';
}

function pretty(result: AuditResult, colors: Paint, limit: number | null): string {
  const lines: string[] = [];
  lines.push(colors.bold(`supabase-scale audit (${result.config} rules)`));
  lines.push(
    `  files: ${result.files.scanned} scanned, ${result.files.parsed} parsed (the rest cannot hold a finding), ${result.files.failed} failed`,
  );
  lines.push(
    `  findings: ${result.findings}${limit !== null ? ` (limit ${limit}${result.findings > limit ? ': ABOVE' : ''})` : ''}`,
  );
  lines.push('', colors.bold('Findings per rule'));
  for (const [rule, count] of Object.entries(result.perRule)) lines.push(`  ${rule.padEnd(28)} ${count}`);
  if (result.topFiles.length > 0) {
    lines.push('', colors.bold('Files with most findings'));
    for (const { file, count } of result.topFiles) lines.push(`  ${String(count).padStart(4)}  ${file}`);
  }
  if (result.results.length > 0) {
    lines.push('', colors.bold('Findings'));
    for (const finding of result.results)
      lines.push(
        `  ${finding.file}:${finding.line}:${finding.column}  ${colors.dim(finding.rule)}  ${finding.message}`,
      );
  }
  if (result.failed.length > 0) {
    lines.push('', colors.red('Files not audited'));
    for (const { file, error } of result.failed) lines.push(`  ${file}  ${error}`);
  }
  lines.push('', colors.bold('Delta-sync verdict'));
  for (const { label, value } of verdictLines(result)) lines.push(`  ${label.padEnd(26)} ${value}`);
  lines.push(`  => ${conclusion(result)}`);
  return `${lines.join('\n')}\n`;
}

function markdown(result: AuditResult): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `# supabase-scale audit (${result.config} rules)`,
    '',
    `${result.files.scanned} files scanned, ${result.files.parsed} parsed, ${result.files.failed} failed; ${result.findings} findings.`,
    '',
    '## Delta-sync verdict',
    '',
    '| check | result |',
    '| --- | --- |',
    ...verdictLines(result).map(({ label, value }) => `| ${label} | ${value} |`),
    '',
    `**${conclusion(result)}**`,
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
  if (result.results.length > 0) {
    lines.push('', '## Findings', '', '| location | rule | message |', '| --- | --- | --- |');
    for (const finding of result.results)
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

function sarif(result: AuditResult, ruleNames: string[], io: Io): object {
  const rules = ruleNames.map((name) => {
    const rule = plugin.rules[name as keyof typeof plugin.rules];
    const docs = rule.meta?.docs;
    return {
      id: `${namespace}/${name}`,
      name,
      shortDescription: { text: docs?.description ?? name },
      helpUri: docs?.url,
      defaultConfiguration: { level: 'error' },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'supabase-scale',
            semanticVersion: plugin.meta.version,
            version: plugin.meta.version,
            informationUri: 'https://github.com/supabase-scale/eslint-plugin-supabase-scale',
            rules,
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToUri(io.cwd)}/` } },
        results: result.results.map((finding) => ({
          ruleId: `${namespace}/${finding.rule}`,
          ruleIndex: ruleNames.indexOf(finding.rule),
          level: 'error',
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: path.isAbsolute(finding.file)
                  ? { uri: pathToUri(finding.file) }
                  : { uri: finding.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' },
                region: {
                  startLine: finding.line,
                  startColumn: finding.column,
                  endLine: finding.endLine,
                  endColumn: finding.endColumn,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}

function pathToUri(file: string): string {
  return `file://${file
    .split(path.sep)
    .map(encodeURIComponent)
    .join('/')
    .replace(/^(?!\/)/, '/')}`;
}
