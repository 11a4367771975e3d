/**
 * `supabase-scale audit [paths...]`: lints with the plugin's own rules and
 * parser setup (no user configuration) and prints what a person can act on.
 * A file that no rule can report on (it fails every rule's text gate,
 * `rules[name].mayReport` with the options the config file sets) is not
 * parsed at all.
 *
 * Exit status: 2 bad usage (one line on stderr), 1 a file could not be
 * audited or the findings exceed `--max-findings` (the reason on stderr, in
 * every format), 0 otherwise.
 */
import path from 'node:path';
import type { Linter, Rule } from 'eslint';
import { factsOfSource } from '../analysis/project/index.js';
import { importLookup } from '../analysis/project/imports.js';
import { type ImportsAny, NO_IMPORTS } from '../analysis/project/lookup.js';
import plugin, { namespace } from '../index.js';
import { mayReport, type RuleName, rules } from '../rules/index.js';
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
import { RunTexts } from './fs.js';
import { changedSince } from './git.js';
import { mergeReports } from './merge.js';
import { checkOutputFile, displayPath, type Io, paint, Progress, wantsColor, writeOutput } from './output.js';
import { type AuditSettings, auditSettings } from './settings.js';
import { type EngineMessage, lintWithOxlint, needsEslint } from './oxlint-engine.js';
import { fingerprintFindings, sarif } from './sarif.js';
import { inShard, parseShard } from './shard.js';
import { applySuppressions, readSuppressions } from './suppressions.js';
import { projectSyncs, type SyncFact, type SyncProof } from './audit-verdict.js';
import { walk } from './walk.js';
import { RunSchemas, runSchemaSetting } from './schemas.js';
import { type AuditCapacityOptions, capacityRun, capacityScanRule, capacitySection } from './capacity-audit.js';
import type { FileCapacity } from '../capacity/sites.js';

export interface AuditOptions extends AuditCapacityOptions {
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
  /** `--prove`: replay each sync against PostgreSQL (PGlite). */
  prove?: boolean;
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
  proofs?: SyncProof[];
}

export const ENGINES = ['eslint', 'oxlint'] as const;
export type Engine = (typeof ENGINES)[number];

interface Gated {
  file: string;
  shown: string;
  text: string;
}

/**
 * Reads each file: a failure when it cannot be read; the files whose own text
 * may hold a finding (`gated`), and those whose text alone does not (`rest`:
 * their imports are asked once the first files are linted).
 */
function readAndGate(
  files: readonly string[],
  mayReport: (text: string, file: string) => boolean,
  io: Io,
  outcome: Outcome,
  schemas: RunSchemas,
  texts: RunTexts,
): { gated: Gated[]; rest: string[] } {
  const gated: Gated[] = [];
  const rest: string[] = [];
  const progress = new Progress(io, files.length, 'audit');
  files.forEach((file, index) => {
    progress.tick(index + 1);
    const shown = displayPath(io, file);
    const text = texts.read(file);
    if (text === null) {
      outcome.failed.push({ file: shown, error: 'cannot be read' });
      return;
    }
    if (!mayReport(text, file)) {
      rest.push(file);
      return;
    }
    gated.push({ file, shown, text });
    // the schema the rules read for it (in either engine), for the report
    schemas.forFile(file);
  });
  progress.done();
  return { gated, rest };
}

/**
 * The files of `rest` that may hold a finding through a function they import
 * (a loop calling another module's helper that sends a request): asked after
 * the files that spell a request themselves are linted, so the modules they
 * import are read from those lints' facts, not parsed again.
 */
function gateByImports(
  rest: readonly string[],
  mayReport: (text: string, file: string, importsAny?: ImportsAny) => boolean,
  io: Io,
  schemas: RunSchemas,
  texts: RunTexts,
): Gated[] {
  const gated: Gated[] = [];
  for (const file of rest) {
    const text = texts.read(file);
    if (text === null) continue;
    // a file the walk found and read is on disk: its imports are followed without asking again
    if (!mayReport(text, file, importLookup(text, file))) continue;
    gated.push({ file, shown: displayPath(io, file), text });
    schemas.forFile(file);
  }
  return gated;
}

/** The audit's own plugin: a rule that reports nothing and leaves each linted file's function facts in the project index. */
const FACTS_NAMESPACE = 'supabase-scale-audit';

/**
 * The function facts of each file the audit lints, read from the parse the
 * rules already made: the sync search, a rule that reaches the file through
 * an import, and the import gate of the files linted after (gateByImports)
 * then find them in the index instead of parsing the file again.
 */
const factsPlugin = {
  rules: {
    facts: {
      meta: { type: 'problem' as const, schema: [], messages: {} },
      create(context: Rule.RuleContext) {
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
};

/** audit --capacity: where the lint leaves each file's capacity facts (by absolute path), and how they name files. */
interface CapacityScan {
  scans: Map<string, FileCapacity | null>;
  show: (file: string) => string;
}

/** ESLint's Linter with the audit's parser setup and rules, as a function of a file and its text. */
async function eslintVerifier(
  ruleLevels: NonNullable<Linter.Config['rules']>,
  schemas: RunSchemas,
  cwd: string,
  capacity?: CapacityScan,
): Promise<(file: string, text: string) => readonly (Linter.LintMessage | EngineMessage)[]> {
  const [{ Linter: LinterClass }, { parsing, withoutEnvComments }] = await Promise.all([
    import('eslint'),
    import('../analysis/run.js'),
  ]);
  // a Linter per base folder: the working directory, and the file system's root for a file outside it
  const linters = new Map<string, InstanceType<typeof LinterClass>>();
  const linterAt = (base: string) => {
    let found = linters.get(base);
    if (!found) linters.set(base, (found = new LinterClass({ configType: 'flat', cwd: base })));
    return found;
  };
  // audit --capacity: the capacity facts of each file linted under its own name, from this parse
  let linting: string | null = null;
  const auditPlugin = capacity
    ? { rules: { ...factsPlugin.rules, capacity: capacityScanRule(capacity.scans, capacity.show, () => linting) } }
    : factsPlugin;
  const auditRules = {
    [`${FACTS_NAMESPACE}/facts`]: 'error' as const,
    ...(capacity ? { [`${FACTS_NAMESPACE}/capacity`]: 'error' as const } : {}),
  };
  const config = (file: string): Linter.Config[] => [
    {
      ...parsing(file),
      // the project's own `eslint-disable` comments name rules the audit does not run: not unused, not a finding
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { [namespace]: plugin, [FACTS_NAMESPACE]: auditPlugin },
      rules: { ...ruleLevels, ...auditRules },
      // the rules are told where its schema is (the linted name may be a stand-in, see below)
      settings: { [namespace]: { schema: schemas.settingFor(file) } },
    },
  ];
  // the file's own name, so that the rules find the modules it imports: a file outside the working
  // directory is linted by a Linter based at the file system's root (a config's patterns match only
  // below its base); one under node_modules, which ESLint ignores, goes under a stand-in
  const linted = (file: string): { name: string; base: string } => {
    const full = path.resolve(cwd, file);
    const relative = path.relative(cwd, full);
    const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    const base = inside ? cwd : path.parse(full).root;
    // under node_modules, seen from the Linter's base
    if (path.relative(base, full).split(path.sep).includes('node_modules'))
      return { name: `file${path.extname(file)}`, base: cwd };
    return inside ? { name: file, base } : { name: full, base };
  };
  return (file, text) => {
    const { name, base } = linted(file);
    linting = name === file || name === path.resolve(cwd, file) ? path.resolve(cwd, file) : null;
    return linterAt(base).verify(withoutEnvComments(text), config(file), name);
  };
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
  capacityScans?: Map<string, FileCapacity | null>,
  texts: RunTexts = new RunTexts(),
): Promise<Outcome> {
  const { ruleLevels, ruleNames } = auditRules(strict, ruleOptions);
  const capacity = capacityScans && { scans: capacityScans, show: (file: string) => displayPath(io, file) };
  // the rules' own text gates: a file that fails every one cannot hold a finding and is not parsed
  const gates = ruleNames.map((name) => {
    const options = ruleOptions[name as RuleName];
    return (text: string, file: string, importsAny: ImportsAny) =>
      mayReport(name as RuleName, text, file, options, importsAny);
  });
  const mayHoldFinding = (text: string, file: string, importsAny: ImportsAny = NO_IMPORTS) =>
    gates.some((gate) => gate(text, file, importsAny));
  const outcome: Outcome = { findings: [], failed: [], parsed: 0, syncs: [] };
  await schemas.preload(files);
  const { gated, rest } = readAndGate(files, mayHoldFinding, io, outcome, schemas, texts);
  const kinds = new FileKinds(io.cwd);
  const kindOf = { kindOf: (file: string, text: string) => kinds.kindOf(path.resolve(io.cwd, file), text) };
  const lint = await linting(gated, ruleLevels, engine, schemas, io, capacity);
  for (const one of gated) lintInto(outcome, one, lint, kindOf);
  // through either engine: oxlint lints in another process, which keeps the facts of what it reads on disk (the
  // function facts' disk cache), so the import gate here and a second oxlint run read them back, not parse them
  const through = gateByImports(rest, mayHoldFinding, io, schemas, texts);
  const lintThrough = await linting(through, ruleLevels, engine, schemas, io, capacity);
  for (const one of through) lintInto(outcome, one, lintThrough, kindOf);
  outcome.parsed = gated.length + through.length;
  return outcome;
}

/** How each gated file is linted: through oxlint (what it lints, in one run) or ESLint's Linter, loaded when first needed. */
async function linting(
  gated: readonly Gated[],
  ruleLevels: NonNullable<Linter.Config['rules']>,
  engine: Engine,
  schemas: RunSchemas,
  io: Io,
  capacity?: CapacityScan,
): Promise<(file: string, text: string) => readonly (Linter.LintMessage | EngineMessage)[]> {
  let oxlint: ReturnType<typeof lintWithOxlint> | null = null;
  if (engine === 'oxlint') {
    const handed = gated.filter(({ text }) => !needsEslint(text, namespace)).map(({ file }) => file);
    oxlint = lintWithOxlint(handed, ruleLevels, io.cwd, schemas.oxlintSetting());
    for (const file of handed)
      if (!oxlint.unparsed.has(file) && !oxlint.messages.has(file)) oxlint.messages.set(file, []);
  }
  // ESLint and its parser are loaded only when a file needs them (the oxlint engine mostly does without)
  const verify =
    !oxlint || gated.some(({ file }) => !oxlint.messages.has(file))
      ? await eslintVerifier(ruleLevels, schemas, io.cwd, capacity)
      : null;
  return (file, text) => oxlint?.messages.get(file) ?? verify!(file, text);
}

/** The findings (and a parse failure) of one gated file, into the outcome. */
function lintInto(
  outcome: Outcome,
  { file, shown, text }: Gated,
  lint: (file: string, text: string) => readonly (Linter.LintMessage | EngineMessage)[],
  kinds: Pick<FileKinds, 'kindOf'>,
): void {
  const kind = kinds.kindOf(file, text);
  {
    const messages = lint(file, text);
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
      const rule = message.ruleId.slice(namespace.length + 1);
      const messageId = ('messageId' in message && message.messageId) || messageIdOf(rule, message.message);
      found.push({
        rule,
        ...(messageId ? { messageId } : {}),
        file: shown,
        line: message.line,
        column: message.column,
        endLine: message.endLine ?? message.line,
        endColumn: message.endColumn ?? message.column,
        message: message.message,
        kind,
      });
    }
    outcome.findings.push(...fingerprintFindings(found, text));
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
  // --capacity and its flags, checked before a file is read
  const capacity = capacityRun(options, options.merge !== undefined, io);
  checkOutputFile(io, options.outputFile);
  if (options.merge !== undefined) {
    const clash = [
      paths.length > 0 && 'paths',
      options.since !== undefined && '--since',
      options.shard !== undefined && '--shard',
      options.strict && '--strict',
      (options.ignore ?? []).length > 0 && '--ignore',
      options.suppressions !== undefined && '--suppressions',
      options.prove && '--prove',
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
  // loaded only with --prove: PGlite (an optional dependency) and the replay are no part of a plain audit
  const prove = options.prove ? await import('./audit-prove.js') : null;
  await prove?.checkProve();
  // with --capacity, the lint reads each file's capacity facts too: the report parses only the files it did not
  const capacityScans = capacity ? new Map<string, FileCapacity | null>() : undefined;
  // each file is read once in the run: its gates, the import gate and the sync search share the text
  const texts = new RunTexts();
  const outcome = await auditFiles(
    files,
    options.strict,
    io,
    engine(options.engine),
    schemas,
    configured.ruleOptions,
    capacityScans,
    texts,
  );
  // the syncs of the whole project, whatever part of it was linted (their reads, stores and callers span files)
  outcome.syncs = projectSyncs(
    project,
    (file) => displayPath(io, file),
    schemas,
    io.cwd,
    configured.ruleOptions['no-full-sync'],
    (file) => texts.read(file),
  );
  if (prove) outcome.proofs = await prove.proveSyncs(outcome.syncs, schemas, io);
  const capacityReport = await capacity?.(project, paths, capacityScans);
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
    ...(capacityReport ? { capacity: capacityReport } : {}),
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
  const colors = paint(outputFile === undefined && wantsColor(io, color));
  const text =
    (chosenFormat === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : chosenFormat === 'markdown'
        ? markdown(result)
        : chosenFormat === 'sarif'
          ? `${JSON.stringify(sarif(result, io), null, 2)}\n`
          : pretty(result, colors, limit)) + capacitySection(result.capacity, chosenFormat, colors);
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

/** Per rule, each message id with its template as a pattern (messageIdOf). */
const MESSAGE_TEMPLATES = new Map<string, (readonly [string, RegExp, number])[]>();

/**
 * The message id of a rule's message, from its text (oxlint's report carries none): the one
 * template of the rule's `meta.messages` the text matches, its `{{data}}` standing for any text
 * (of several, the one with the most literal text; none on a tie).
 */
export function messageIdOf(rule: string, message: string): string | undefined {
  let templates = MESSAGE_TEMPLATES.get(rule);
  if (!templates) {
    const messages =
      (rules as Record<string, { meta: { messages: Record<string, string> } }>)[rule]?.meta.messages ?? {};
    templates = Object.entries(messages).map(([id, text]) => {
      const pattern = text
        .split(/\{\{\s*\w+\s*\}\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[\\s\\S]*?');
      return [id, new RegExp(`^${pattern}$`), text.replace(/\{\{\s*\w+\s*\}\}/g, '').length] as const;
    });
    MESSAGE_TEMPLATES.set(rule, templates);
  }
  // of the templates the text matches, the one that spells most of it (`Add {{order}}.limit(1).` over `Add {{fix}}.`)
  const matched = templates.filter(([, pattern]) => pattern.test(message)).sort((a, b) => b[2] - a[2]);
  const [best, next] = matched;
  return best && (!next || next[2] < best[2]) ? best[0] : undefined;
}
