/**
 * The codemod settings of a CLI run: defaults, then the config file
 * (`supabase-scale.config.json` in the current folder, or `--config`), then
 * the flags. Every bad value is a UsageError naming it. A setting that is a
 * rule's option (RULE_OPTION_SETTINGS) is checked against that rule's option
 * schema, so it is valid exactly where the rule accepts it; the settings only
 * the codemods have are checked here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tsconfigAliases } from '../codemods/aliases.js';
import {
  CONFIG_FILE,
  DEFAULT_HELPER_PATH,
  DEFAULT_JS_HELPER_PATH,
  defaultSettings,
  RULE_OPTION_SETTINGS,
} from '../codemods/settings.js';
import { type CodemodSettings, STRATEGIES, type Strategy } from '../codemods/codemod.js';
import type { RuleName } from '../rules/index.js';
import type { PathAlias } from '../codemods/aliases.js';
import { hasSourceExtension, isJsxFile } from '../utils/source-files.js';
import { isSchemaSetting, SCHEMA_SETTING_EXPECTED, type SchemaSetting } from '../schema/discover.js';
import { UsageError } from './errors.js';
import { type OptionProblem, optionProblem } from './option-schema.js';

export interface CodemodFlags {
  strategy?: string;
  maxFileSize?: string;
  maxSites?: string;
  cursor?: string;
  pageSize?: string;
  helperPath?: string;
  project?: string;
  config?: string;
  /** `--schema` paths, false for `--no-schema`, undefined for neither. */
  schema?: string[] | false;
}

const COLUMN = /^[A-Za-z_][\w]*$/;

function column(value: unknown, where: string): string {
  if (typeof value !== 'string' || !COLUMN.test(value))
    throw new UsageError(`${where} must be a column name, got ${JSON.stringify(value)}`);
  return value;
}

function strategy(value: unknown, where: string): Strategy {
  if (!STRATEGIES.includes(value as Strategy)) {
    throw new UsageError(`${where} must be one of ${STRATEGIES.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value as Strategy;
}

type RuleOptionSetting = keyof typeof RULE_OPTION_SETTINGS;

/** What each setting that is a rule's option must be, for a person: the rule's schema decides what is valid. */
const EXPECTED: Record<RuleOptionSetting, string> = {
  pageSize: 'a whole number of rows, 1 or more',
  uniqueColumns: 'a list of column names, or a map from table names (or *) to lists of column names',
  names: 'a list of function names',
  replacement: 'a function name',
  allowIn: 'a list of function names',
  effectHooks: 'a list of function names',
};

/** What was wrong, after "must be ...": the item and where it is, or the value given (`shown`, as it was written). */
function detail(key: string, { path, error }: OptionProblem, shown: unknown): string {
  if (path !== '') return `; got ${JSON.stringify(error.data)} at ${key}${path}`;
  // not a list or a map at all: "must be a list of ..." says it
  if (error.keyword === 'type' && (error.schema === 'array' || error.schema === 'object')) return '';
  if (error.keyword === 'uniqueItems' && Array.isArray(shown)) {
    return `; ${JSON.stringify(shown[Number(error.params.i)])} is listed twice`;
  }
  return `; got ${JSON.stringify(shown)}`;
}

/**
 * `value` when the rule the setting belongs to accepts it as that option
 * (checked against the rule's own schema), else a one-line UsageError
 * naming `where` and what was wrong. `shown` is the value as written (a
 * flag's text).
 */
function ruleOption<K extends RuleOptionSetting>(
  key: K,
  value: unknown,
  where: string,
  shown: unknown = value,
): CodemodSettings[K] {
  const problem = optionProblem(RULE_OPTION_SETTINGS[key], key, value);
  if (problem) throw new UsageError(`${where} must be ${EXPECTED[key]}${detail(key, problem, shown)}`);
  return value as CodemodSettings[K];
}

/** A page size from a flag or the config file; a number's text (`"500"`) is read as the number. */
function pageSize(value: unknown, where: string): number {
  const number = typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  return ruleOption('pageSize', number, where, value);
}

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*(b|bytes?|k|kb|kib|m|mb|mib)?\s*$/i;

/** A size limit from a flag or the config file: bytes (`524288`), or with a unit (`512KB`, `2 MB`, `1.5mb`). */
function sizeLimit(value: unknown, where: string): number {
  const match = typeof value === 'number' ? [String(value), String(value), undefined] : SIZE.exec(String(value));
  const unit = (match?.[2] ?? 'b').toLowerCase();
  const bytes = match ? Number(match[1]) * (unit.startsWith('m') ? 2 ** 20 : unit.startsWith('k') ? 2 ** 10 : 1) : NaN;
  if ((typeof value !== 'number' && typeof value !== 'string') || !Number.isFinite(bytes) || bytes < 1)
    throw new UsageError(
      `${where} must be a size: bytes, or a number with KB or MB (such as 512KB); got ${JSON.stringify(value)}`,
    );
  return Math.floor(bytes);
}

/** A site limit from a flag or the config file: a whole number, 1 or more. */
function siteLimit(value: unknown, where: string): number {
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1)
    throw new UsageError(`${where} must be a whole number of sites, 1 or more; got ${JSON.stringify(value)}`);
  return number;
}

/** The path aliases (`compilerOptions.paths`) of a tsconfig the user named, targets absolute; a bad one is refused. */
export function pathAliases(tsconfig: string): PathAlias[] {
  const { aliases, problem } = tsconfigAliases(tsconfig);
  if (problem !== null) throw new UsageError(`malformed tsconfig ${tsconfig}: ${problem}`);
  return aliases;
}

function readConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read the config file ${file}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`malformed config file ${file}: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(`malformed config file ${file}: not a JSON object`);
  return value as Record<string, unknown>;
}

/** The settings only the codemods have; the others are options of a rule (RULE_OPTION_SETTINGS). */
const CODEMOD_KEYS = ['strategy', 'cursor', 'cursors', 'helperPath', 'schema', 'maxFileSize', 'maxSites'];
const CONFIG_KEYS: ReadonlySet<string> = new Set([...CODEMOD_KEYS, ...Object.keys(RULE_OPTION_SETTINGS)]);

/** The config file's `schema` (relative paths are relative to the working folder), checked as ESLint's settings are. */
function schemaConfig(value: unknown, where: string): SchemaSetting {
  if (isSchemaSetting(value)) return value;
  throw new UsageError(`${where} must be ${SCHEMA_SETTING_EXPECTED}; got ${JSON.stringify(value)}`);
}

/** The config file's values over `settings`; returns its helperPath as written, or null. */
function applyConfig(
  settings: CodemodSettings,
  config: Record<string, unknown>,
  file: string,
  cwd: string,
): string | null {
  const where = (key: string) => `${path.basename(file)}: ${key}`;
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.has(key))
      throw new UsageError(`${where(key)} is not a setting (known: ${[...CONFIG_KEYS].join(', ')})`);
  }
  if (config.strategy !== undefined) settings.strategy = strategy(config.strategy, where('strategy'));
  if (config.cursor !== undefined) {
    settings.cursor = column(config.cursor, where('cursor'));
    settings.cursorSet = true;
  }
  if (config.cursors !== undefined) {
    if (typeof config.cursors !== 'object' || config.cursors === null || Array.isArray(config.cursors)) {
      throw new UsageError(`${where('cursors')} must map table names to cursor columns`);
    }
    settings.cursors = Object.fromEntries(
      Object.entries(config.cursors).map(([table, value]) => [table, column(value, where(`cursors.${table}`))]),
    );
  }
  if (config.pageSize !== undefined) settings.pageSize = pageSize(config.pageSize, where('pageSize'));
  if (config.maxFileSize !== undefined) settings.maxFileSize = sizeLimit(config.maxFileSize, where('maxFileSize'));
  if (config.maxSites !== undefined) settings.maxSites = siteLimit(config.maxSites, where('maxSites'));
  if (config.helperPath !== undefined) {
    if (typeof config.helperPath !== 'string' || config.helperPath === '')
      throw new UsageError(`${where('helperPath')} must be a path`);
    settings.helperPath = path.resolve(cwd, config.helperPath);
  }
  if (config.uniqueColumns !== undefined)
    settings.uniqueColumns = ruleOption('uniqueColumns', config.uniqueColumns, where('uniqueColumns'));
  if (config.names !== undefined) settings.names = ruleOption('names', config.names, where('names'));
  if (config.replacement !== undefined)
    settings.replacement = ruleOption('replacement', config.replacement, where('replacement'));
  if (config.allowIn !== undefined) settings.allowIn = ruleOption('allowIn', config.allowIn, where('allowIn'));
  if (config.effectHooks !== undefined)
    settings.effectHooks = ruleOption('effectHooks', config.effectHooks, where('effectHooks'));
  return typeof config.helperPath === 'string' ? config.helperPath : null;
}

/** The flags' values over `settings`; returns --helper-path as written, or null. */
function applyFlags(settings: CodemodSettings, flags: CodemodFlags, cwd: string): string | null {
  if (flags.strategy !== undefined) settings.strategy = strategy(flags.strategy, '--strategy');
  if (flags.cursor !== undefined) {
    settings.cursor = column(flags.cursor, '--cursor');
    settings.cursorSet = true;
  }
  if (flags.pageSize !== undefined) settings.pageSize = pageSize(flags.pageSize, '--page-size');
  if (flags.maxFileSize !== undefined) settings.maxFileSize = sizeLimit(flags.maxFileSize, '--max-file-size');
  if (flags.maxSites !== undefined) settings.maxSites = siteLimit(flags.maxSites, '--max-sites');
  if (flags.helperPath !== undefined) {
    if (flags.helperPath === '') throw new UsageError('--helper-path must be a path');
    if (!hasSourceExtension(flags.helperPath) || isJsxFile(flags.helperPath)) {
      throw new UsageError(
        `--helper-path must name a .ts or .js file (such as ${DEFAULT_HELPER_PATH} or ${DEFAULT_JS_HELPER_PATH}); got ${flags.helperPath}`,
      );
    }
    settings.helperPath = path.resolve(cwd, flags.helperPath);
  }
  return flags.helperPath ?? null;
}

/**
 * The run's config file: `--config <file>`, else supabase-scale.config.json in
 * `cwd` when there is one; null when there is none. A file that cannot be
 * read, is not a JSON object or names a key that is no setting is a
 * UsageError, for the audit as for the codemods.
 */
function configFile(cwd: string, flag: string | undefined): { file: string; config: Record<string, unknown> } | null {
  const file = flag ? path.resolve(cwd, flag) : path.join(cwd, CONFIG_FILE);
  if (flag && !existsSync(file)) throw new UsageError(`no such config file: ${flag}`);
  return existsSync(file) ? { file, config: readConfig(file) } : null;
}

/** What the audit takes from the config file: the rules' options it sets, and the schema. */
export interface AuditSettings {
  /** Per rule, the options the config file sets (`uniqueColumns` for require-pagination, `names` for no-full-sync, ...). */
  ruleOptions: Partial<Record<RuleName, Record<string, unknown>>>;
  /** The config file's `schema`, or undefined when it sets none. */
  schema: SchemaSetting | undefined;
  /** The config file read, or null. */
  file: string | null;
}

/**
 * The audit's settings from the config file, validated exactly as for the
 * codemods (every key, the codemods' own included: one file, one meaning):
 * the settings that are a rule's options go to that rule, so the audit
 * reports what the codemods rewrite.
 */
export function auditSettings(cwd: string, flag: string | undefined): AuditSettings {
  const read = configFile(cwd, flag);
  if (read === null) return { ruleOptions: {}, schema: undefined, file: null };
  const settings = defaultSettings(cwd);
  applyConfig(settings, read.config, read.file, cwd);
  const ruleOptions: Partial<Record<RuleName, Record<string, unknown>>> = {};
  for (const [key, rule] of Object.entries(RULE_OPTION_SETTINGS) as [RuleOptionSetting, RuleName][]) {
    if (read.config[key] === undefined) continue;
    ruleOptions[rule] = { ...ruleOptions[rule], [key]: settings[key] };
  }
  const schema =
    read.config.schema === undefined
      ? undefined
      : schemaConfig(read.config.schema, `${path.basename(read.file)}: schema`);
  return { ruleOptions, schema, file: read.file };
}

/** The settings for a codemod run in `cwd` with these flags. */
export function codemodSettings(
  cwd: string,
  flags: CodemodFlags,
): {
  settings: CodemodSettings;
  tsconfig: string | null;
  helperPathSetting: string | null;
  warnings: string[];
  /** The database schema's paths (flag over config file), false for none, undefined to find it from each file. */
  schema: SchemaSetting | undefined;
} {
  const settings = defaultSettings(cwd);
  const read = configFile(cwd, flags.config);
  const config = read?.config ?? null;
  const fromConfig = read ? applyConfig(settings, read.config, read.file, cwd) : null;
  const schema =
    flags.schema ??
    (config?.schema === undefined || read === null
      ? undefined
      : schemaConfig(config.schema, `${path.basename(read.file)}: schema`));
  const helperPathSetting = applyFlags(settings, flags, cwd) ?? fromConfig;
  let tsconfig: string | null = null;
  const warnings: string[] = [];
  if (flags.project !== undefined) {
    tsconfig = path.resolve(cwd, flags.project);
    if (!existsSync(tsconfig)) throw new UsageError(`no such tsconfig: ${flags.project}`);
    settings.pathAliases = pathAliases(tsconfig);
  } else if (existsSync(path.join(cwd, 'tsconfig.json'))) {
    // a tsconfig the user did not name never stops a run (Expo's uninstalled `extends`): a warning
    const read = tsconfigAliases(path.join(cwd, 'tsconfig.json'));
    settings.pathAliases = read.aliases;
    if (read.warning) warnings.push(read.warning);
  }
  return { settings, tsconfig: flags.project !== undefined ? tsconfig : null, helperPathSetting, warnings, schema };
}
