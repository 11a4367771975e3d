/**
 * The codemod settings of a CLI run: defaults, then the config file
 * (`supabase-scale.config.json` in the current folder, or `--config`), then
 * the flags. Every bad value is a UsageError naming it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { tsconfigAliases } from '../codemods/aliases.js';
import { CONFIG_FILE, DEFAULT_HELPER_PATH, DEFAULT_JS_HELPER_PATH, defaultSettings } from '../codemods/settings.js';
import { type CodemodSettings, type PathAlias, STRATEGIES, type Strategy } from '../codemods/types.js';
import { hasSourceExtension, isJsxFile } from '../utils/source-files.js';
import { UsageError } from './errors.js';

export interface CodemodFlags {
  strategy?: string;
  cursor?: string;
  pageSize?: string;
  helperPath?: string;
  project?: string;
  config?: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const COLUMN = /^[A-Za-z_][\w]*$/;

function column(value: unknown, where: string): string {
  if (typeof value !== 'string' || !COLUMN.test(value))
    throw new UsageError(`${where} must be a column name, got ${JSON.stringify(value)}`);
  return value;
}

function pageSize(value: unknown, where: string): number {
  const number = typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
    throw new UsageError(`${where} must be a whole number of rows, 1 or more; got ${JSON.stringify(value)}`);
  }
  return number;
}

function strategy(value: unknown, where: string): Strategy {
  if (!STRATEGIES.includes(value as Strategy)) {
    throw new UsageError(`${where} must be one of ${STRATEGIES.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value as Strategy;
}

function identifiers(value: unknown, where: string, allowEmpty: boolean): string[] {
  if (
    !Array.isArray(value) ||
    (!allowEmpty && value.length === 0) ||
    !value.every((item) => typeof item === 'string' && IDENTIFIER.test(item))
  ) {
    throw new UsageError(`${where} must be a list of function names`);
  }
  return value as string[];
}

/** The path aliases (`compilerOptions.paths`) of a tsconfig, targets absolute. */
export function pathAliases(tsconfig: string): PathAlias[] {
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error) {
    throw new UsageError(
      `malformed tsconfig ${tsconfig}: ${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')}`,
    );
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig), undefined, tsconfig);
  const fatal = parsed.errors.find((error) => error.code !== 18003); // 18003: no inputs found
  if (fatal)
    throw new UsageError(`malformed tsconfig ${tsconfig}: ${ts.flattenDiagnosticMessageText(fatal.messageText, ' ')}`);
  const paths = parsed.options.paths ?? {};
  const base =
    parsed.options.baseUrl ?? (parsed.options as { pathsBasePath?: string }).pathsBasePath ?? path.dirname(tsconfig);
  const aliases: PathAlias[] = [];
  for (const [pattern, targets] of Object.entries(paths)) {
    const target = targets[0];
    if (target && pattern.includes('*') && target.includes('*'))
      aliases.push({ pattern, target: path.resolve(base, target) });
  }
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

const CONFIG_KEYS = new Set([
  'strategy',
  'cursor',
  'cursors',
  'pageSize',
  'helperPath',
  'uniqueColumns',
  'names',
  'replacement',
  'allowIn',
  'effectHooks',
]);

/** The settings for a codemod run in `cwd` with these flags. */
export function codemodSettings(
  cwd: string,
  flags: CodemodFlags,
): { settings: CodemodSettings; tsconfig: string | null; helperPathSetting: string | null; warnings: string[] } {
  const settings = defaultSettings(cwd);
  let helperPathSetting: string | null = null;
  const configFile = flags.config ? path.resolve(cwd, flags.config) : path.join(cwd, CONFIG_FILE);
  if (flags.config && !existsSync(configFile)) throw new UsageError(`no such config file: ${flags.config}`);
  if (existsSync(configFile)) {
    const config = readConfig(configFile);
    const where = (key: string) => `${path.basename(configFile)}: ${key}`;
    for (const key of Object.keys(config)) {
      if (!CONFIG_KEYS.has(key))
        throw new UsageError(`${where(key)} is not a setting (known: ${[...CONFIG_KEYS].join(', ')})`);
    }
    if (config.strategy !== undefined) settings.strategy = strategy(config.strategy, where('strategy'));
    if (config.cursor !== undefined) settings.cursor = column(config.cursor, where('cursor'));
    if (config.cursors !== undefined) {
      if (typeof config.cursors !== 'object' || config.cursors === null || Array.isArray(config.cursors)) {
        throw new UsageError(`${where('cursors')} must map table names to cursor columns`);
      }
      settings.cursors = Object.fromEntries(
        Object.entries(config.cursors).map(([table, value]) => [table, column(value, where(`cursors.${table}`))]),
      );
    }
    if (config.pageSize !== undefined) settings.pageSize = pageSize(config.pageSize, where('pageSize'));
    if (config.helperPath !== undefined) {
      if (typeof config.helperPath !== 'string' || config.helperPath === '')
        throw new UsageError(`${where('helperPath')} must be a path`);
      settings.helperPath = path.resolve(cwd, config.helperPath);
      helperPathSetting = config.helperPath;
    }
    if (config.uniqueColumns !== undefined) {
      const value = config.uniqueColumns;
      const list = (items: unknown, key: string) => {
        if (!Array.isArray(items) || !items.every((item) => typeof item === 'string'))
          throw new UsageError(`${where(key)} must be a list of column names`);
        return items as string[];
      };
      settings.uniqueColumns = Array.isArray(value)
        ? list(value, 'uniqueColumns')
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.entries(value).map(([table, items]) => [table, list(items, `uniqueColumns.${table}`)]),
            )
          : list(value, 'uniqueColumns');
    }
    if (config.names !== undefined) settings.names = identifiers(config.names, where('names'), false);
    if (config.replacement !== undefined) {
      if (typeof config.replacement !== 'string' || !IDENTIFIER.test(config.replacement))
        throw new UsageError(`${where('replacement')} must be a function name`);
      settings.replacement = config.replacement;
    }
    if (config.allowIn !== undefined) settings.allowIn = identifiers(config.allowIn, where('allowIn'), true);
    if (config.effectHooks !== undefined)
      settings.effectHooks = identifiers(config.effectHooks, where('effectHooks'), false);
  }
  if (flags.strategy !== undefined) settings.strategy = strategy(flags.strategy, '--strategy');
  if (flags.cursor !== undefined) settings.cursor = column(flags.cursor, '--cursor');
  if (flags.pageSize !== undefined) settings.pageSize = pageSize(flags.pageSize, '--page-size');
  if (flags.helperPath !== undefined) {
    if (flags.helperPath === '') throw new UsageError('--helper-path must be a path');
    if (!hasSourceExtension(flags.helperPath) || isJsxFile(flags.helperPath)) {
      throw new UsageError(
        `--helper-path must name a .ts or .js file (such as ${DEFAULT_HELPER_PATH} or ${DEFAULT_JS_HELPER_PATH}); got ${flags.helperPath}`,
      );
    }
    settings.helperPath = path.resolve(cwd, flags.helperPath);
    helperPathSetting = flags.helperPath;
  }
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
  return { settings, tsconfig: flags.project !== undefined ? tsconfig : null, helperPathSetting, warnings };
}
