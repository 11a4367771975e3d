/**
 * The path aliases (`compilerOptions.paths`) of a tsconfig, targets absolute,
 * read without ever failing: a tsconfig that cannot be read, or whose
 * `extends` cannot be resolved (Expo's `expo/tsconfig.base` before
 * `npm install`), gives what its own file says and a one-line warning.
 */
import path from 'node:path';
import { morph } from './morph.js';

/** A path alias of a tsconfig's `compilerOptions.paths`. */
export interface PathAlias {
  /** `@/*` */
  pattern: string;
  /** absolute `.../src/*` */
  target: string;
}

/** 18003: no inputs found (a solution tsconfig with `"files": []`). */
const HARMLESS = new Set([18003]);

export interface TsconfigAliases {
  aliases: PathAlias[];
  /** One line for the user, or null when the tsconfig read cleanly. */
  warning: string | null;
  /** TypeScript's own message for what went wrong (what a tsconfig the user named is refused with), or null. */
  problem: string | null;
}

export function tsconfigAliases(tsconfig: string): TsconfigAliases {
  // loaded here: the audit reads the settings module, and never pays for TypeScript through it
  const { ts } = morph();
  const read = ts.readConfigFile(tsconfig, (file) => ts.sys.readFile(file));
  if (read.error) {
    const message = ts.flattenDiagnosticMessageText(read.error.messageText, ' ');
    return { aliases: [], warning: `cannot read ${tsconfig}: ${message}`, problem: message };
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig), undefined, tsconfig);
  const error = parsed.errors.find((candidate) => !HARMLESS.has(candidate.code));
  const problem = error ? ts.flattenDiagnosticMessageText(error.messageText, ' ') : null;
  const warning = problem === null ? null : `${tsconfig}: ${problem.replace(/\.$/, '')}; read without it`;
  const paths = parsed.options.paths ?? {};
  const base =
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- users' tsconfigs still set baseUrl, and paths resolve against it
    parsed.options.baseUrl ?? (parsed.options as { pathsBasePath?: string }).pathsBasePath ?? path.dirname(tsconfig);
  const aliases: PathAlias[] = [];
  for (const [pattern, targets] of Object.entries(paths)) {
    const target = targets[0];
    if (target && pattern.includes('*') && target.includes('*'))
      aliases.push({ pattern, target: path.resolve(base, target) });
  }
  return { aliases, warning, problem };
}
