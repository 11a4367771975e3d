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
import {
  factsOfFile,
  factsOfSource,
  findExport,
  placeOf,
  projectRoot,
  type ResolvedFunction,
  resolveCallee,
} from './index.js';
import { type CallerScan, callersOf, conflictKeysOf } from './callers.js';
import { type ImportedFacts, type ImportLookup, importLookup, mayReach } from './imports.js';
import { calleeOf, functionKey } from './module-facts.js';
import { importOf } from './import-of.js';
import type { FunctionNode } from '../ast.js';
import type { Variable } from '../scope.js';
import { resolveModule } from './resolve.js';

export interface FunctionLookup {
  /**
   * The function a call of this file runs, with its facts; null when it
   * cannot be resolved (unknown). With `kind`, the caller asks only about
   * facts of that kind: a function of a module that cannot reach one
   * (imports.ts mayReach) is not read, and gives null.
   */
  resolve(call: TSESTree.CallExpression, kind?: ImportedFacts): ResolvedFunction | null;
  /** This file's own facts. */
  own(): ModuleFacts;
  /**
   * A text gate's question of a file that is parsed: whether the file may
   * call a function of another module that has facts of `kind` for which
   * `test` holds. With the file parsed, the detector resolves each call it
   * meets (`resolve`, the answer a report rests on): this answers as
   * `mayCallInto` does, from the texts alone, and reads no module's facts.
   * (The audit's gate asks each imported function before it parses a file:
   * importsOfText.) Reading every imported function's facts here cost the
   * lint that first reached them 5-15 ms in real apps.
   */
  importsAny(kind: ImportedFacts, test: (fn: ResolvedFunction) => boolean): boolean;
  /** Whether the file calls a function of a module that may reach facts of `kind`: from the texts alone, nothing parsed. */
  mayCallInto(kind: ImportedFacts): boolean;
  /** Every call in the project of this file's function `key` (named `name`); null when the file is not on disk. */
  callers(key: string, name: string): CallerScan | null;
  /** The unique keys the project's upserts prove for `table` (callers.ts conflictKeysOf); empty off disk. */
  conflictKeys(table: string): string[][];
  /** How a message names a place of the project: `src/lib/orders.ts:12`, relative to the project's root. */
  place(file: string, line: number): string;
  /**
   * Whether a binding of this file is imported from a module that exports it
   * as a constant written-out list (facts.ts ExportFact `list`, through
   * re-exports); false when that cannot be resolved.
   */
  importedList(variable: Variable): boolean;
  /**
   * The value an imported binding stands for in the module that exports it
   * (through re-exports): a string or number constant (`key` null), or the property
   * `key` of an object or enum of them, or the export `key` of a namespace
   * import (`import * as T`); null when it is not text written out there.
   */
  importedValue(variable: Variable, key: string | null): string | number | null;
  /**
   * How the function `name` that the module `source` exports (through
   * re-exports) writes its one parameter, a date, as text, when that is all
   * it does (date-window.ts dayTextFormat); null otherwise.
   */
  importedDayText(source: string, name: string): string | null;
}

/**
 * What a text gate may ask of a file's imports before the file is parsed
 * (imports.ts ImportLookup): whether it calls into a module that may reach
 * facts of a kind, and whether such an imported function passes a test.
 */
export type ImportsAny = Pick<ImportLookup, 'mayCallInto' | 'importsAny'>;

/** Imports that give nothing: a file not on disk, a tool that does not follow them. */
export const NO_IMPORTS: ImportsAny = { mayCallInto: () => false, importsAny: () => false };

/** The imports of the file `file` whose text is `text`, read on first ask; none when no such file is on disk. */
export function importsOfText(text: string, file: string): ImportsAny {
  return onDisk(file) ? importLookup(text, file) : NO_IMPORTS;
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

/** What the linted file's imports give, by its AST: every rule of one lint shares them. */
const importsOf = new WeakMap<object, ImportLookup>();

/**
 * The lookup for the file `sourceCode` holds, named `file`. When no such file
 * is on disk (a stand-in name, text from stdin, a test) its imports mean
 * nothing: only calls of its own functions are resolved.
 */
export function functionLookup(
  sourceCode: AnalysisContext & { ast: TSESLint.SourceCode['ast'] },
  file: string,
): FunctionLookup | null {
  // every rule of one lint asks for the same file's lookup: one is built (a stat of the file), and shared
  let byFile = lookups.get(sourceCode.ast);
  if (!byFile) lookups.set(sourceCode.ast, (byFile = new Map<string, FunctionLookup>()));
  let lookup = byFile.get(file);
  if (!lookup) byFile.set(file, (lookup = buildLookup(sourceCode, file)));
  return lookup;
}

/** The lookups built for a lint's AST, by file name. */
const lookups = new WeakMap<object, Map<string, FunctionLookup>>();

function buildLookup(sourceCode: AnalysisContext & { ast: TSESLint.SourceCode['ast'] }, file: string): FunctionLookup {
  const imports = onDisk(file);
  let facts: ModuleFacts | null = null;
  const own = () => (facts ??= factsOfSource(sourceCode, file));
  let root: string | null = null;
  const importsOfFile = () => {
    let of = importsOf.get(sourceCode.ast);
    if (!of) {
      of = importLookup(sourceCode.text, file);
      importsOf.set(sourceCode.ast, of);
    }
    return of;
  };
  return {
    place: (at, line) => placeOf(at, line, (root ??= projectRoot(file))),
    own,
    callers: (key, name) => (imports ? callersOf(file, key, name) : null),
    conflictKeys: (table) => (imports ? conflictKeysOf(file, table) : []),
    importedList(variable) {
      const imported = imports ? importOf(variable) : null;
      if (!imported || imported.name === '*') return false;
      const target = resolveModule(file, imported.source);
      const module = target === null ? null : factsOfFile(target);
      const kind = module === null ? null : findExport(module, imported.name)?.fact.kind;
      return kind === 'list' || kind === 'string' || kind === 'strings';
    },
    importedValue: (variable, key) => (imports ? importedValueOf(file, variable, key) : null),
    importedDayText(source, name) {
      const target = imports ? resolveModule(file, source) : null;
      const module = target === null ? null : factsOfFile(target);
      const fact = module === null ? undefined : findExport(module, name)?.fact;
      return fact?.kind === 'function' ? (fact.dayText ?? null) : null;
    },
    importsAny: (kind) => imports && importsOfFile().mayCallInto(kind),
    mayCallInto: (kind) => imports && importsOfFile().mayCallInto(kind),
    resolve(call, kind) {
      const callee = calleeOf(sourceCode, call);
      if (!callee || (callee.kind === 'import' && !imports)) return null;
      if (kind && callee.kind === 'import') {
        const target = resolveModule(file, callee.source);
        if (target === null || !mayReach(target, kind)) return null;
      }
      return resolveCallee(own(), callee);
    },
  };
}

/**
 * The value a binding that `file` imports (or its property `key`) stands for
 * in the module that exports it, read from that module's facts (through
 * re-exports; see FunctionLookup.importedValue). The rules ask it through
 * their lookup, the capacity report directly.
 */
export function importedValueOf(file: string, variable: Variable, key: string | null): string | number | null {
  const imported = importOf(variable);
  if (!imported) return null;
  const target = resolveModule(file, imported.source);
  const module = target === null ? null : factsOfFile(target);
  const name = imported.name === '*' ? key : imported.name;
  const fact = module !== null && name !== null ? findExport(module, name)?.fact : undefined;
  if (fact?.kind === 'string') return imported.name === '*' || key === null ? fact.value : null;
  if (fact?.kind === 'strings' && imported.name !== '*' && key !== null)
    return Object.hasOwn(fact.values, key) ? fact.values[key]! : null;
  return null;
}

/** A lookup source that builds the lookup on first ask and keeps it for the file. */
export function lazyLookup(build: () => FunctionLookup | null): FunctionLookupSource {
  let built: { lookup: FunctionLookup | null } | undefined;
  return () => (built ??= { lookup: build() }).lookup;
}

/**
 * Every call in the project of `fn`, a function of the file `lookup` is for
 * (FunctionLookup `callers`, by the function's key and its own name); null
 * when the function has no facts or the file is not on disk.
 */
export function callersOfFunction(lookup: FunctionLookup, fn: FunctionNode): CallerScan | null {
  const key = functionKey(fn);
  const facts = key === null ? undefined : lookup.own().functions[key];
  return facts ? lookup.callers(facts.key, facts.name.split('.').pop()!) : null;
}
