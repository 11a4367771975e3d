/**
 * The path aliases (`compilerOptions.paths`) of a tsconfig, targets absolute,
 * read without ever failing: a tsconfig that cannot be read, or whose
 * `extends` cannot be resolved (Expo's `expo/tsconfig.base` before
 * `npm install`), gives what its own file says and a one-line warning.
 */
import path from 'node:path';
import { ts } from 'ts-morph';
import type { PathAlias } from './types.js';

/** 18003: no inputs found (a solution tsconfig with `"files": []`). */
const HARMLESS = new Set([18003]);

export function tsconfigAliases(tsconfig: string): { aliases: PathAlias[]; warning: string | null } {
  const read = ts.readConfigFile(tsconfig, (file) => ts.sys.readFile(file));
  if (read.error) {
    const message = ts.flattenDiagnosticMessageText(read.error.messageText, ' ');
    return { aliases: [], warning: `cannot read ${tsconfig}: ${message}` };
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig), undefined, tsconfig);
  const error = parsed.errors.find((candidate) => !HARMLESS.has(candidate.code));
  const warning = error
    ? `${tsconfig}: ${ts.flattenDiagnosticMessageText(error.messageText, ' ').replace(/\.$/, '')}; read without it`
    : null;
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
  return { aliases, warning };
}
