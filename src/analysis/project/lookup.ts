/**
 * What a detector asks of the project's functions while it walks one file:
 * which function a call of this file runs (in this file or another module),
 * with that function's facts. Built lazily: a detector that never asks never
 * reads a module, and the file's own facts are read once, from its own AST.
 */
import { statSync } from 'node:fs';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../detector.js';
import type { ModuleFacts } from './facts.js';
import { factsOfSource, placeOf, type ResolvedFunction, resolveCallee } from './index.js';
import { type CallerScan, callersOf, projectRoot } from './callers.js';
import { importedFunctions } from './imports.js';
import { calleeOf } from './module-facts.js';

export interface FunctionLookup {
  /** The function a call of this file runs, with its facts; null when it cannot be resolved (unknown). */
  resolve(call: TSESTree.CallExpression): ResolvedFunction | null;
  /** This file's own facts. */
  own(): ModuleFacts;
  /** Whether the file calls a function of another module for which `test` holds (read from its imports, before any walk). */
  importsAny(test: (fn: ResolvedFunction) => boolean): boolean;
  /** Every call in the project of this file's function `key` (named `name`); null when the file is not on disk. */
  callers(key: string, name: string): CallerScan | null;
  /** How a message names a place of the project: `src/lib/orders.ts:12`, relative to the project's root. */
  place(file: string, line: number): string;
}

/**
 * What a text gate may ask of a file's imports before the file is parsed:
 * whether it imports, and calls, a function for which `test` holds.
 */
export type ImportsAny = (test: (fn: ResolvedFunction) => boolean) => boolean;

/** The imports of the file `file` whose text is `text`, read on first ask; none when no such file is on disk. */
export function importsOfText(text: string, file: string): ImportsAny {
  if (!onDisk(file)) return () => false;
  let imported: ResolvedFunction[] | null = null;
  return (test) => (imported ??= importedFunctions(text, file)).some(test);
}

/** A detector's way to the lookup, built on first ask. */
export type FunctionLookupSource = () => FunctionLookup | null;

function onDisk(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The lookup for the file `sourceCode` holds, named `file`. When no such file
 * is on disk (a stand-in name, text from stdin, a test) its imports mean
 * nothing: only calls of its own functions are resolved.
 */
export function functionLookup(
  sourceCode: AnalysisContext & { ast: TSESLint.SourceCode['ast'] },
  file: string,
): FunctionLookup | null {
  const imports = onDisk(file);
  let facts: ModuleFacts | null = null;
  const own = () => (facts ??= factsOfSource(sourceCode, file));
  const importsAny = imports ? importsOfText(sourceCode.text, file) : () => false;
  let root: string | null = null;
  return {
    place: (at, line) => placeOf(at, line, (root ??= projectRoot(file))),
    own,
    callers: (key, name) => (imports ? callersOf(file, key, name) : null),
    importsAny,
    resolve(call) {
      const callee = calleeOf(sourceCode, call);
      if (!callee || (callee.kind === 'import' && !imports)) return null;
      return resolveCallee(own(), callee);
    },
  };
}

/** A lookup source that builds the lookup on first ask and keeps it for the file. */
export function lazyLookup(build: () => FunctionLookup | null): FunctionLookupSource {
  let built: { lookup: FunctionLookup | null } | undefined;
  return () => (built ??= { lookup: build() }).lookup;
}
