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
import type { Linter, Rule } from 'eslint';
import { factsOfSource } from '../analysis/project/index.js';
import { mayHoldSyncFacts } from '../analysis/sync/find-syncs.js';
import plugin, { namespace } from '../index.js';
import { mayReportThroughImports, mayReportWithDefaults, type RuleName } from '../rules/index.js';
import { importLookup } from '../analysis/project/imports.js';
import {
  type AuditResult,
  conclusion,
  buildReport,
  countKinds,
  type Failure,
  type Finding,
  markdown,
  pretty,
  type Scope,
} from './audit-report.js';
import { UsageError } from './errors.js';
import { type FileKind, FileKinds } from './file-kinds.js';
import { FORMATS } from './formats.js';
import { changedSince } from './git.js';
import { mergeReports } from './merge.js';
import { checkOutputFile, displayPath, type Io, paint, Progress, wantsColor, writeOutput } from './output.js';
import { type AuditSettings, auditSettings } from './settings.js';
import { type EngineMessage, lintWithOxlint, needsEslint } from './oxlint-engine.js';
import { fingerprintFindings, sarif } from './sarif.js';
import { inShard, parseShard } from './shard.js';
import { applySuppressions, readSuppressions } from './suppressions.js';
import { projectSyncs, type SyncFact } from './audit-verdict.js';
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
  /** `--include scripts,tests`: count their findings too (repeatable, comma-separated). */
  include?: string[];
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

const KIND_NAMES: Record<FileKind, string> = { app: 'app code', script: 'scripts', test: 'tests' };

/** `--include scripts,tests`: the kinds of file besides app code whose findings count. */
function includedKinds(values: readonly string[] | undefined): FileKind[] {
  const kinds: FileKind[] = [];
  for (const value of (values ?? []).flatMap((item) => item.split(','))) {
    const name = value.trim();
    if (name === '') continue;
    const kind = ({ scripts: 'script', script: 'script', tests: 'test', test: 'test', app: 'app' } as const)[
      name as 'scripts'
    ] as FileKind | undefined;
    if (!kind) throw new UsageError(`--include takes scripts and tests (comma-separated); got '${name}'`);
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  return kinds;
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
  syncs: SyncFact[];
}

export const ENGINES = ['eslint', 'oxlint'] as const;
export type Engine = (typeof ENGINES)[number];

interface Gated {
  file: string;
  shown: string;
  text: string;
}

/** Reads each file: a failure when it cannot be read; the files whose text may hold a finding, and the others. */
function readAndGate(
  files: readonly string[],
  mayReport: (text: string) => boolean,
  io: Io,
  outcome: Outcome,
): { gated: Gated[]; rest: Gated[] } {
  const gated: Gated[] = [];
  const rest: Gated[] = [];
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
    (mayReport(text) ? gated : rest).push({ file, shown, text });
  });
  progress.done();
  return { gated, rest };
}

/** Whether a rule may report in the file through the functions it calls in other modules. */
function mayCallAny(
  text: string,
  file: string,
  through: readonly NonNullable<(typeof mayReportThroughImports)[RuleName]>[],
): boolean {
  const imports = importLookup(text, file);
  return through.some((gate) => gate(text, imports));
}

/** The audit's own plugin: a rule that reports nothing and leaves each linted file's function facts in the project index. */
const FACTS_NAMESPACE = 'supabase-scale-audit';

/**
 * The function facts of a file the audit lints, read from the parse the rules
 * already made: the sync search (and any rule that reaches the file through an
 * import) then finds them in the index instead of parsing the file again. Only
 * a file that may hold a sync's read or position pays the walk, unless
 * `indexAll` (the audit then asks, of the files no text gate let through,
 * what the functions they call do: mostly functions of the files linted).
 */
const factsPlugin = (indexAll: boolean) => ({
  rules: {
    facts: {
      meta: { type: 'problem' as const, schema: [], messages: {} },
      create(context: Rule.RuleContext) {
        if (!indexAll && !mayHoldSyncFacts(context.sourceCode.text)) return {};
        return {
          'Program:exit'() {
            factsOfSource(
              context.sourceCode as unknown as Parameters<typeof factsOfSource>[0],
              context.physicalFilename,
            );
          },
        };
      },
    },
  },
});

/** ESLint's Linter with the audit's parser setup and rules, as a function of a file and its text. */
async function eslintVerifier(
  ruleLevels: NonNullable<Linter.Config['rules']>,
  schemas: RunSchemas,
  cwd: string,
  indexAll: boolean,
): Promise<(file: string, text: string) => Linter.LintMessage[]> {
  const [{ Linter: LinterClass }, { parsing, withoutEnvComments }] = await Promise.all([
    import('eslint'),
    import('../analysis/run.js'),
  ]);
  const linter = new LinterClass({ configType: 'flat', cwd });
  const facts = factsPlugin(indexAll);
  const config = (file: string): Linter.Config[] => [
    {
      ...parsing(file),
      // the project's own `eslint-disable` comments name rules the audit does not run: not unused, not a finding
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { [namespace]: plugin, [FACTS_NAMESPACE]: facts },
      rules: { ...ruleLevels, [`${FACTS_NAMESPACE}/facts`]: 'error' },
      // the rules are told where its schema is (the linted name may be a stand-in, see below)
      settings: { [namespace]: { schema: schemas.settingFor(file) } },
    },
  ];
  // the file's own name, so that the rules find the modules it imports; one ESLint would not lint
  // (outside the working directory, or under node_modules, which ESLint ignores) goes under a stand-in
  const linted = (file: string) => {
    const relative = path.relative(cwd, file);
    const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    return inside && !relative.split(path.sep).includes('node_modules') ? file : `file${path.extname(file)}`;
  };
  return (file, text) => linter.verify(withoutEnvComments(text), config(file), linted(file));
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
  const through = ruleNames.flatMap((name) => mayReportThroughImports[name as RuleName] ?? []);
  const outcome: Outcome = { findings: [], failed: [], parsed: 0, syncs: [] };
  await schemas.preload(files);
  const { gated, rest } = readAndGate(files, (text) => gates.some((gate) => gate(text)), io, outcome);
  const lint = new AuditLint(engine, ruleLevels, schemas, io, through.length > 0);
  await lint.run(gated, outcome);
  // then a file that may hold a finding only through a function it calls in another module: asked once
  // the files the text gates let through are linted, whose facts (the modules it calls, mostly) are known
  if (through.length > 0) {
    const more = rest.filter(({ file, text }) => mayCallAny(text, path.resolve(io.cwd, file), through));
    await lint.run(more, outcome);
  }
  return outcome;
}

/** The audit's lint of a batch of files, in either engine, into the outcome. */
class AuditLint {
  private verify: ((file: string, text: string) => Linter.LintMessage[]) | null = null;
  private readonly kinds: FileKinds;

  constructor(
    private readonly engine: Engine,
    private readonly ruleLevels: NonNullable<Linter.Config['rules']>,
    private readonly schemas: RunSchemas,
    private readonly io: Io,
    /** Every linted file's function facts go to the project index (another file's rules may ask for them). */
    private readonly indexAll: boolean,
  ) {
    this.kinds = new FileKinds(io.cwd);
  }

  async run(batch: readonly Gated[], outcome: Outcome): Promise<void> {
    const { io, schemas } = this;
    outcome.parsed += batch.length;
    // the schema the rules read for each file (in either engine), for the report
    for (const { file } of batch) schemas.forFile(file);
    let oxlint: ReturnType<typeof lintWithOxlint> | null = null;
    if (this.engine === 'oxlint') {
      const handed = batch.filter(({ text }) => !needsEslint(text, namespace)).map(({ file }) => file);
      oxlint = lintWithOxlint(handed, this.ruleLevels, io.cwd, schemas.oxlintSetting());
      for (const file of handed)
        if (!oxlint.unparsed.has(file) && !oxlint.messages.has(file)) oxlint.messages.set(file, []);
    }
    for (const { file, shown, text } of batch) {
      const kind = this.kinds.kindOf(path.resolve(io.cwd, file), text);
      // ESLint and its parser are loaded only when a file needs them (the oxlint engine mostly does without)
      const messages =
        oxlint?.messages.get(file) ??
        (this.verify ??= await eslintVerifier(this.ruleLevels, schemas, io.cwd, this.indexAll))(file, text);
      outcome.findings.push(...fingerprintFindings(this.found(messages, shown, kind, outcome), text));
    }
  }

  private found(
    messages: readonly (Linter.LintMessage | EngineMessage)[],
    shown: string,
    kind: FileKind,
    outcome: Outcome,
  ): Omit<Finding, 'fingerprint'>[] {
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
        kind,
      });
    }
    return found;
  }
}

/**
 * The files this run audits: the walk, narrowed by `--since` and `--shard`;
 * what the verdict then speaks of; and the whole walk, where the syncs are found.
 */
function selectFiles(
  paths: string[],
  options: AuditOptions,
  io: Io,
): { files: string[]; scope: Scope; project: string[] } {
  let files = walk(paths.length > 0 ? paths : ['.'], {
    cwd: io.cwd,
    ignore: options.ignore ?? [],
    requireSources: true,
  });
  const project = files;
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
  return { files, scope, project };
}

export async function runAuditCommand(paths: string[], options: AuditOptions, io: Io): Promise<number> {
  const chosenFormat = format(options.format);
  const limit = maxFindings(options.maxFindings);
  const include = includedKinds(options.include);
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
    return writeReport(countKinds(mergeReports(options.merge, io), include), chosenFormat, limit, options, io);
  }
  // the config file the codemods read, validated as they validate it: its rule options and schema
  const configured = auditSettings(io.cwd, options.config);
  const { configName, ruleNames } = auditRules(options.strict);
  const { files, scope, project } = selectFiles(paths, options, io);
  // read before the run: a bad file is a usage error, not a wasted audit
  const suppressions = options.suppressions === undefined ? null : readSuppressions(options.suppressions, io.cwd);
  const schemas = new RunSchemas(runSchemaSetting(options.schema) ?? configured.schema, io.cwd);
  const outcome = await auditFiles(files, options.strict, io, engine(options.engine), schemas, configured.ruleOptions);
  // the syncs of the whole project, whatever part of it was linted (their reads, stores and callers span files)
  outcome.syncs = projectSyncs(
    project,
    (file) => displayPath(io, file),
    schemas,
    io.cwd,
    configured.ruleOptions['no-full-sync'],
  );
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
  return writeReport(countKinds(result, include), chosenFormat, limit, options, io);
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
  const counted = result.counted ?? result.findings;
  if (limit !== null && counted > limit) {
    const which = result.include ? ` in ${result.include.map((kind) => KIND_NAMES[kind]).join(' and ')}` : '';
    io.stderr.write(
      `supabase-scale: ${counted} finding${counted === 1 ? '' : 's'}${which}, more than --max-findings ${limit}: exit 1\n`,
    );
    status = 1;
  }
  if (requireVerified && !result.verdict.verified) {
    io.stderr.write(`supabase-scale: ${conclusion(result)} (--require-verified): exit 1\n`);
    status = 1;
  }
  return status;
}
