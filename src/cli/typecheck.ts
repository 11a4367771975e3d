/**
 * The codemod run's type check, between the rewrites and the writes: per
 * TypeScript project (the tsconfig that includes each changed file) whose
 * dependencies are installed, the changed files are checked in memory with
 * the project's own config (type-gate.ts). When the rewrites add an error,
 * each site of the files involved is tried alone, and a site whose rewrite
 * adds an error is left with that error as its reason; the rest are
 * rewritten again without it, and checked once more (should the sites only
 * fail together, the file's sites are all left). Nothing is written before
 * this is done; `--no-typecheck` skips it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CodemodEngine, FileResult } from '../codemods/engine.js';
import type { NewFile } from '../codemods/codemod.js';
import { Tsconfigs } from '../codemods/tsconfigs.js';
import { type AddedError, errorText, TypeGate } from '../codemods/type-gate.js';
import type { Interruption } from './interrupt.js';
import { displayPath, type Io } from './output.js';

/** What the check said of one project. */
export interface TypecheckReport {
  tsconfig: string;
  /** Changed files of the project. */
  files: number;
  /** `passed`: no error added; `refused`: sites left for the errors they add; `skipped`: not checked (the reason). */
  status: 'passed' | 'refused' | 'skipped';
  reason?: string;
  /** Sites left because their rewrite adds a type error. */
  left: number;
}

/** A file with more sites than this is not tried site by site: all its sites are left when it adds an error. */
const MAX_TRIES = 30;

/** Whether a node_modules folder is at or above `dir`: the project's dependencies are installed. */
function installed(dir: string): boolean {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'node_modules'))) return true;
    if (path.dirname(at) === at) return false;
  }
}

/** The files the changed results would create that are not there yet, each once. */
function created(results: readonly FileResult[]): NewFile[] {
  const files = new Map<string, NewFile>();
  for (const result of results) {
    if (result.status !== 'changed') continue;
    for (const file of result.newFiles) if (!existsSync(file.path)) files.set(file.path, file);
  }
  return [...files.values()];
}

function changedTexts(results: readonly FileResult[]): { path: string; text: string }[] {
  return results
    .filter((result) => result.status === 'changed')
    .map((result) => ({ path: result.path, text: result.after }));
}

/** Lets a signal handler run between two tries. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface Group {
  tsconfig: string;
  indexes: number[];
}

/** The changed results per tsconfig that includes them (a tsconfig that cannot be read includes nothing). */
function groups(results: readonly FileResult[], tsconfigs: Tsconfigs): Group[] {
  const byTsconfig = new Map<string, number[]>();
  results.forEach((result, index) => {
    if (result.status !== 'changed') return;
    const tsconfig = tsconfigs.owner(result.path);
    if (tsconfig === null) return;
    byTsconfig.set(tsconfig, [...(byTsconfig.get(tsconfig) ?? []), index]);
  });
  return [...byTsconfig].map(([tsconfig, indexes]) => ({ tsconfig, indexes }));
}

/**
 * Checks the rewrites of every project, and rewrites again without the sites
 * whose rewrite adds a type error (`results` is updated in place).
 */
export async function typeCheckRewrites(
  engine: CodemodEngine,
  results: FileResult[],
  io: Io,
  interruption: Interruption,
): Promise<TypecheckReport[]> {
  const reports: TypecheckReport[] = [];
  // its own lookup, which warns of nothing: the settings and the codemods' types already warn of a bad tsconfig
  const tsconfigs = new Tsconfigs();
  for (const { tsconfig, indexes } of groups(results, tsconfigs)) {
    if (interruption.heard()) break;
    const report: TypecheckReport = {
      tsconfig: displayPath(io, tsconfig),
      files: indexes.length,
      status: 'passed',
      left: 0,
    };
    reports.push(report);
    if (!installed(path.dirname(tsconfig))) {
      Object.assign(report, { status: 'skipped', reason: 'its dependencies are not installed (no node_modules)' });
      continue;
    }
    const parsed = tsconfigs.parse(tsconfig);
    if (parsed === null) {
      Object.assign(report, { status: 'skipped', reason: 'the tsconfig cannot be read' });
      continue;
    }
    const gate = new TypeGate(parsed);
    const group = (): FileResult[] => indexes.map((index) => results[index]!);
    if (gate.addedErrors(changedTexts(group()), created(group())).length === 0) continue;
    // where the error is, unless it is in the rewritten file itself (whose lines the rewrite moved)
    const because = (error: AddedError, rewritten: string) =>
      `the rewrite would add a type error (${report.tsconfig}): ${error.file === rewritten ? '' : `in ${displayPath(io, error.file)}:${error.line}: `}${errorText(error)}`;
    for (const index of indexes) {
      if (interruption.heard()) return reports;
      const vetoes = await refusedSites(engine, results[index]!, gate, because, interruption);
      if (vetoes.size > 0) results[index] = engine.transform(results[index]!.path, results[index]!.before, { vetoes });
      report.left += vetoes.size;
    }
    // the sites that pass alone may still fail together: then none of the file's is rewritten (and, should the
    // files only fail together, none of the project's)
    for (const alone of [true, false]) {
      const together = gate.addedErrors(changedTexts(group()), created(group()));
      if (together.length === 0) break;
      for (const index of indexes) {
        const result = results[index]!;
        if (result.status !== 'changed') continue;
        const errors = alone
          ? gate.addedErrors([{ path: result.path, text: result.after }], created([result]))
          : together;
        if (errors.length === 0) continue;
        const reason = `the rewrites of this file together ${because(errors[0]!, result.path).replace(/^the rewrite /, '')}`;
        const vetoes = new Map(result.sites.map((key) => [key, reason]));
        results[index] = engine.transform(result.path, result.before, { vetoes });
        report.left += vetoes.size;
      }
    }
    report.status = 'refused';
  }
  return reports;
}

/** The sites of one changed file whose rewrite, tried alone, adds a type error: each with its reason. */
async function refusedSites(
  engine: CodemodEngine,
  result: FileResult,
  gate: TypeGate,
  because: (error: AddedError, rewritten: string) => string,
  interruption: Interruption,
): Promise<Map<string, string>> {
  const vetoes = new Map<string, string>();
  if (result.status !== 'changed' || result.sites.length === 0) return vetoes;
  const own = gate.addedErrors([{ path: result.path, text: result.after }], created([result]));
  if (own.length === 0) return vetoes;
  if (result.sites.length > MAX_TRIES) {
    for (const key of result.sites) vetoes.set(key, because(own[0]!, result.path));
    return vetoes;
  }
  for (const key of result.sites) {
    if (interruption.heard()) break;
    const alone = engine.transform(result.path, result.before, { only: new Set([key]) });
    if (alone.status !== 'changed') continue;
    const errors = gate.addedErrors([{ path: alone.path, text: alone.after }], created([alone]));
    if (errors.length > 0) vetoes.set(key, because(errors[0]!, result.path));
    await turn();
  }
  return vetoes;
}
