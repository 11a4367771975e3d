/**
 * `supabase-scale audit [paths...]`: lints with the plugin's own rules and
 * parser setup (no user configuration) and prints what a person can act on.
 * A file that no rule can report on (it fails every rule's text gate,
 * `mayReportWithDefaults`) is not parsed at all.
 *
 * Exit status: 2 bad usage (one line on stderr), 1 a file could not be
 * audited or the findings exceed `--max-findings` (the reason on stderr, in
 * every format), 0 otherwise.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Linter } from 'eslint';
import plugin, { namespace } from '../index.js';
import { mayReportWithDefaults, type RuleName } from '../rules/index.js';
import {
  type AuditResult,
  conclusion,
  buildReport,
  type Failure,
  type Finding,
  markdown,
  pretty,
  type Scope,
} from './audit-report.js';
import { UsageError } from './errors.js';
import { FORMATS } from './formats.js';
import { changedSince } from './git.js';
import { mergeReports } from './merge.js';
import { checkOutputFile, displayPath, type Io, paint, Progress, wantsColor, writeOutput } from './output.js';
import { type AuditSettings, auditSettings } from './settings.js';
import { lintWithOxlint, needsEslint } from './oxlint-engine.js';
import { fingerprintFindings, sarif } from './sarif.js';
import { inShard, parseShard } from './shard.js';
import { applySuppressions, readSuppressions } from './suppressions.js';
import { type DeltaSyncFacts, VerdictCollector } from './audit-verdict.js';
import { walk } from './walk.js';
import { RunSchemas } from './schemas.js';

export interface AuditOptions {
  format?: string;
  strict?: boolean;
  maxFindings?: string;
  requireVerified?: boolean;
  ignore?: string[];
  color?: boolean;
  since?: string;
  shard?: string;
  merge?: string[];
  suppressions?: string;
  engine?: string;
  /** `--schema <path>` (repeatable): the paths; `--no-schema`: false; neither: an empty list (found from each file). */
  schema?: string[] | false;
  /** `--config <file>`: the settings file (default: supabase-scale.config.json when present). */
  config?: string;
  /** `-o, --output-file <file>`: the report goes there instead of stdout. */
  outputFile?: string;
}

type Format = (typeof FORMATS)[number];

function format(value: string | undefined): Format {
  const chosen = value ?? 'pretty';
  if (!(FORMATS as readonly string[]).includes(chosen))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got '${chosen}'`);
  return chosen as Format;
}

function engine(value: string | undefined): Engine {
  const chosen = value ?? 'eslint';
  if (!(ENGINES as readonly string[]).includes(chosen))
    throw new UsageError(`--engine must be one of ${ENGINES.join(', ')}; got '${chosen}'`);
  return chosen as Engine;
}

function maxFindings(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value.trim()))
    throw new UsageError(`--max-findings must be a whole number, 0 or more; got '${value}'`);
  return Number(value);
}

/** `--schema` paths, `--no-schema`, or neither (undefined: each file's schema is found from the file). */
export function runSchemaSetting(value: string[] | false | undefined): string[] | false | undefined {
  if (value === false) return false;
  return value === undefined || value.length === 0 ? undefined : value;
}

/**
 * The rule names (without the namespace) and levels of the config the audit
 * runs, with the options the config file sets (`ruleOptions`, by rule).
 */
export function auditRules(
  strict: boolean | undefined,
  ruleOptions: AuditSettings['ruleOptions'] = {},
): {
  configName: 'recommended' | 'strict';
  ruleLevels: NonNullable<Linter.Config['rules']>;
  ruleNames: string[];
} {
  const configName = strict ? 'strict' : 'recommended';
  const ruleLevels: NonNullable<Linter.Config['rules']> = { ...plugin.configs[configName].rules };
  for (const [rule, options] of Object.entries(ruleOptions)) {
    const id = `${namespace}/${rule}`;
    const level = ruleLevels[id];
    if (level !== undefined) ruleLevels[id] = [Array.isArray(level) ? level[0] : level, options];
  }
  const ruleNames = Object.keys(ruleLevels).map((id) => id.slice(namespace.length + 1));
  return { configName, ruleLevels, ruleNames };
}

interface Outcome {
  findings: Finding[];
  failed: Failure[];
  parsed: number;
  deltaSync: DeltaSyncFacts[];
}

export const ENGINES = ['eslint', 'oxlint'] as const;
export type Engine = (typeof ENGINES)[number];

interface Gated {
  file: string;
  shown: string;
  text: string;
}

/** Reads each file: a failure when it cannot be read; the files whose text may hold a finding. */
function readAndGate(
  files: readonly string[],
  mayReport: (text: string) => boolean,
  io: Io,
  outcome: Outcome,
  schemas: RunSchemas,
): Gated[] {
  const gated: Gated[] = [];
  const verdicts = new VerdictCollector();
  const progress = new Progress(io, files.length, 'audit');
  files.forEach((file, index) => {
    progress.tick(index + 1);
    const shown = displayPath(io, file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      outcome.failed.push({ file: shown, error: 'cannot be read' });
      return;
    }
    verdicts.add(shown, file, text, () => schemas.forFile(file));
    if (!mayReport(text)) return;
    gated.push({ file, shown, text });
    // the schema the rules read for it (in either engine), for the report
    schemas.forFile(file);
  });
  progress.done();
  outcome.deltaSync = verdicts.facts();
  return gated;
}

/** ESLint's Linter with the audit's parser setup and rules, as a function of a file and its text. */
async function eslintVerifier(
  ruleLevels: NonNullable<Linter.Config['rules']>,
  schemas: RunSchemas,
): Promise<(file: string, text: string) => Linter.LintMessage[]> {
  const [{ Linter: LinterClass }, { parsing, withoutEnvComments }] = await Promise.all([
    import('eslint'),
    import('../analysis/run.js'),
  ]);
  const linter = new LinterClass({ configType: 'flat' });
  const config = (file: string): Linter.Config[] => [
    {
      ...parsing(file),
      // the project's own `eslint-disable` comments name rules the audit does not run: not unused, not a finding
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { [namespace]: plugin },
      rules: ruleLevels,
      // the linted name is not the file's (see below): the rules are told where its schema is
      settings: { [namespace]: { schema: schemas.settingFor(file) } },
    },
  ];
  return (file, text) => linter.verify(withoutEnvComments(text), config(file), `file${path.extname(file)}`);
}

/**
 * Lints each file with the audit's rules, through ESLint's Linter or oxlint's
 * JS plugin host (which hands back to ESLint what it cannot answer the same);
 * a file that cannot be read or parsed is a failure, never a throw.
 */
export async function auditFiles(
  files: readonly string[],
  strict: boolean | undefined,
  io: Io,
  engine: Engine = 'eslint',
  schemas: RunSchemas = new RunSchemas(undefined, io.cwd),
  ruleOptions: AuditSettings['ruleOptions'] = {},
): Promise<Outcome> {
  const { ruleLevels, ruleNames } = auditRules(strict, ruleOptions);
  // the rules' own text gates: a file that fails every one cannot hold a finding and is not parsed
  const gates = ruleNames.map((name) => mayReportWithDefaults[name as RuleName]);
  const mayReport = (text: string) => gates.some((gate) => gate(text));
  const outcome: Outcome = { findings: [], failed: [], parsed: 0, deltaSync: [] };
  await schemas.preload(files);
  const gated = readAndGate(files, mayReport, io, outcome, schemas);
  outcome.parsed = gated.length;
  let oxlint: ReturnType<typeof lintWithOxlint> | null = null;
  if (engine === 'oxlint') {
    const handed = gated.filter(({ text }) => !needsEslint(text, namespace)).map(({ file }) => file);
    oxlint = lintWithOxlint(handed, ruleLevels, io.cwd, schemas.oxlintSetting());
    for (const file of handed)
      if (!oxlint.unparsed.has(file) && !oxlint.messages.has(file)) oxlint.messages.set(file, []);
  }
  // ESLint and its parser are loaded only when a file needs them (the oxlint engine mostly does without)
  let verify: ((file: string, text: string) => Linter.LintMessage[]) | null = null;
  for (const { file, shown, text } of gated) {
    verify ??= oxlint?.messages.has(file) ? null : await eslintVerifier(ruleLevels, schemas);
    const messages = oxlint?.messages.get(file) ?? verify!(file, text);
    const found: Omit<Finding, 'fingerprint'>[] = [];
    for (const message of messages) {
      if ('fatal' in message && message.fatal) {
        outcome.failed.push({
          file: shown,
          error: `does not parse (line ${message.line}:${message.column}: ${message.message})`,
        });
        continue;
      }
      // ESLint's notes on inline comments (a rule of another plugin named in `eslint-disable`): not the audit's business
      if (!message.ruleId?.startsWith(`${namespace}/`)) continue;
      found.push({
        rule: message.ruleId.slice(namespace.length + 1),
        file: shown,
        line: message.line,
        column: message.column,
        endLine: message.endLine ?? message.line,
        endColumn: message.endColumn ?? message.column,
        message: message.message,
      });
    }
    outcome.findings.push(...fingerprintFindings(found, text));
  }
  return outcome;
}

/** The files this run audits: the walk, narrowed by `--since`; and what the verdict then speaks of. */
function selectFiles(paths: string[], options: AuditOptions, io: Io): { files: string[]; scope: Scope } {
  let files = walk(paths.length > 0 ? paths : ['.'], {
    cwd: io.cwd,
    ignore: options.ignore ?? [],
    requireSources: true,
  });
  const scope: Scope = {};
  if (options.since !== undefined) {
    const { base, files: changed } = changedSince(options.since, io.cwd);
    files = files.filter((file) => changed.has(file));
    scope.since = { ref: options.since, base, changed: files.length };
  }
  if (options.shard !== undefined) {
    const shard = parseShard(options.shard);
    files = files.filter((file) => inShard(displayPath(io, file), shard));
    scope.shard = shard;
  }
  return { files, scope };
}

export async function runAuditCommand(paths: string[], options: AuditOptions, io: Io): Promise<number> {
  const chosenFormat = format(options.format);
  const limit = maxFindings(options.maxFindings);
  checkOutputFile(io, options.outputFile);
  if (options.merge !== undefined) {
    const clash = [
      paths.length > 0 && 'paths',
      options.since !== undefined && '--since',
      options.shard !== undefined && '--shard',
      options.strict && '--strict',
      (options.ignore ?? []).length > 0 && '--ignore',
      options.suppressions !== undefined && '--suppressions',
    ].filter(Boolean);
    if (clash.length > 0)
      throw new UsageError(`--merge joins JSON reports: it takes no ${clash.join(', ')} (give them to the shard runs)`);
    return writeReport(mergeReports(options.merge, io), chosenFormat, limit, options, io);
  }
  // the config file the codemods read, validated as they validate it: its rule options and schema
  const configured = auditSettings(io.cwd, options.config);
  const { configName, ruleNames } = auditRules(options.strict);
  const { files, scope } = selectFiles(paths, options, io);
  // read before the run: a bad file is a usage error, not a wasted audit
  const suppressions = options.suppressions === undefined ? null : readSuppressions(options.suppressions, io.cwd);
  const schemas = new RunSchemas(runSchemaSetting(options.schema) ?? configured.schema, io.cwd);
  const outcome = await auditFiles(files, options.strict, io, engine(options.engine), schemas, configured.ruleOptions);
  if (suppressions) {
    const { kept, suppressed } = applySuppressions(outcome.findings, suppressions);
    outcome.findings = kept;
    scope.suppressions = { file: options.suppressions!, suppressed };
  }
  const result = buildReport({
    config: configName,
    ruleNames,
    scope,
    scanned: files.length,
    schemas: schemas.summary(),
    ...outcome,
  });
  return writeReport(result, chosenFormat, limit, options, io);
}

/** Prints the report in the format asked for; the reasons for a non-zero exit go to stderr. Returns the exit status. */
export function writeReport(
  result: AuditResult,
  chosenFormat: Format,
  limit: number | null,
  { color, requireVerified, outputFile }: Pick<AuditOptions, 'color' | 'requireVerified' | 'outputFile'>,
  io: Io,
): number {
  const text =
    chosenFormat === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : chosenFormat === 'markdown'
        ? markdown(result)
        : chosenFormat === 'sarif'
          ? `${JSON.stringify(sarif(result, io), null, 2)}\n`
          : pretty(result, paint(outputFile === undefined && wantsColor(io, color)), limit);
  const reportError = writeOutput(io, text, outputFile);
  let status = 0;
  if (reportError !== null) {
    io.stderr.write(`supabase-scale: ${reportError}\n`);
    status = 1;
  }
  if (result.failed.length > 0) {
    // the pretty report lists them on stdout; a machine format's reader may only see stderr and the status
    if (chosenFormat !== 'pretty')
      for (const { file, error } of result.failed) io.stderr.write(`supabase-scale: not audited: ${file}: ${error}\n`);
    const count = result.failed.length;
    io.stderr.write(`supabase-scale: ${count} file${count === 1 ? '' : 's'} could not be audited: exit 1\n`);
    status = 1;
  }
  if (limit !== null && result.findings > limit) {
    io.stderr.write(
      `supabase-scale: ${result.findings} finding${result.findings === 1 ? '' : 's'}, more than --max-findings ${limit}: exit 1\n`,
    );
    status = 1;
  }
  if (requireVerified && !result.verdict.verified) {
    io.stderr.write(`supabase-scale: ${conclusion(result)} (--require-verified): exit 1\n`);
    status = 1;
  }
  return status;
}
