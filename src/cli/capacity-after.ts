/**
 * The capacity report's after column (`--after-codemods`): `codemod all` run
 * in memory as `codemod all --dry-run` runs it (its settings and config file,
 * its type check leaving the sites whose rewrite adds a type error), its
 * rewritten texts and the files it would create laid into a copy of the
 * project in a temporary folder (source and JSON files; node_modules linked),
 * and the capacity analysis run again there with the same inputs. Sites are
 * named as in the project; an `--assume` on a line the rewrite moved follows
 * the line. Nothing in the project is written. The copy is removed afterwards.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diffLines } from 'diff';
import { type Assumptions, capacityFacts } from '../capacity/analyze.js';
import { type CapacityInputs, type CapacityReport, capacityReport } from '../capacity/arithmetic.js';
import { compareReports } from '../capacity/compare.js';
import type { AfterCodemods, CodemodOutcome } from '../capacity/model.js';
import type { FileResult } from '../codemods/engine.js';
import { dryRunCodemods } from './codemod-command.js';
import type { Io } from './output.js';

export const AFTER_METHOD =
  'codemod all run in memory as --dry-run runs it (type check included), and the capacity analysis run again on the rewritten files';

/** Folders never copied: dependencies (linked instead), builds, caches. */
const SKIPPED = new Set(['dist', 'build', 'out', 'coverage', '.next', '.expo', '.turbo', '.git', '.svelte-kit']);

/** What the analysis reads: sources and declarations (an import may resolve to one), tsconfig and package.json files. */
const COPIED = /\.(?:[cm]?[jt]sx?|json)$/;

/** The deepest folder holding every path. */
function commonFolder(paths: readonly string[]): string {
  let common = path.resolve(paths[0]!);
  for (const file of paths.slice(1)) {
    while (path.relative(common, path.resolve(file)).startsWith('..')) common = path.dirname(common);
  }
  return common;
}

/** Copies the source and JSON files under `from` into `to` (node_modules linked), as the analysis reads them. */
function copyTree(from: string, to: string): void {
  let entries;
  try {
    entries = readdirSync(from, { withFileTypes: true });
  } catch {
    return;
  }
  mkdirSync(to, { recursive: true });
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.name === 'node_modules') symlinkSync(source, target, 'dir');
    else if (entry.isDirectory() && !SKIPPED.has(entry.name)) copyTree(source, target);
    else if (entry.isFile() && COPIED.test(entry.name)) copyFileSync(source, target);
  }
  // the project's root (callers are looked for under the git work tree's top) stays the root in the copy
  if (existsSync(path.join(from, '.git'))) mkdirSync(path.join(to, '.git'), { recursive: true });
}

/** Line `n` of `before` (1-based) -> its line in `after`; a line the rewrite replaced maps to where its replacement starts. */
function lineMap(before: string, after: string): (line: number) => number {
  const pairs: [number, number][] = [];
  let old = 1;
  let now = 1;
  for (const part of diffLines(before, after)) {
    const count = part.count;
    if (part.added) now += count;
    else if (part.removed) {
      for (let index = 0; index < count; index += 1) pairs.push([old + index, now]);
      old += count;
    } else {
      for (let index = 0; index < count; index += 1) pairs.push([old + index, now + index]);
      old += count;
      now += count;
    }
  }
  const map = new Map(pairs);
  return (line) => map.get(line) ?? line;
}

/** The assumptions with each `file:line` key moved to the line the rewrite put it on. */
function movedAssumptions(assumptions: Assumptions, moved: ReadonlyMap<string, (line: number) => number>): Assumptions {
  const move = (keys: ReadonlyMap<string, number>) =>
    new Map(
      [...keys].map(([key, value]) => {
        const at = /^(.*):(\d+)$/.exec(key);
        const map = at && moved.get(at[1]!);
        return [map ? `${at[1]}:${map(Number(at[2]))}` : key, value] as [string, number];
      }),
    );
  return { ...assumptions, periods: move(assumptions.periods), counts: move(assumptions.counts) };
}

/** What the dry run did, counted. */
function outcome(results: readonly FileResult[], refused: number): CodemodOutcome {
  const rewritten: Record<string, number> = {};
  const left: Record<string, number> = {};
  for (const result of results) {
    for (const [codemod, count] of Object.entries(result.rewritten))
      rewritten[codemod] = (rewritten[codemod] ?? 0) + count;
    for (const site of result.left) left[site.codemod] = (left[site.codemod] ?? 0) + 1;
  }
  return {
    changed: results.filter((result) => result.status === 'changed').length,
    rewritten,
    left,
    failed: results.filter((result) => result.status === 'failed' || result.status === 'skipped').length,
    refusedByTypecheck: refused,
  };
}

export interface AfterInput {
  /** The files the report reads (absolute). */
  files: readonly string[];
  paths: readonly string[];
  /** The folder callers are looked for in. */
  root: string;
  show: (file: string) => string;
  inputs: CapacityInputs;
  assumptions: Assumptions;
  before: CapacityReport;
}

/** The after column: the capacity report of the code as `codemod all` would leave it, against `before`. */
export async function afterCodemods(input: AfterInput, io: Io): Promise<AfterCodemods> {
  const { results, created, typecheck } = await dryRunCodemods('all', [...input.paths], {}, io);
  const changed = results.filter((result) => result.status === 'changed');
  const refused = typecheck.reduce((sum, check) => sum + check.left, 0);
  const copyRoot = commonFolder([
    input.root,
    ...input.files,
    ...changed.map((r) => r.path),
    ...created.map((f) => f.path),
  ]);
  const temp = mkdtempSync(path.join(tmpdir(), 'supabase-scale-after-'));
  const copy = path.join(temp, path.basename(copyRoot));
  const toCopy = (file: string) => path.join(copy, path.relative(copyRoot, file));
  const fromCopy = (file: string) => path.join(copyRoot, path.relative(copy, file));
  try {
    copyTree(copyRoot, copy);
    const moved = new Map<string, (line: number) => number>();
    for (const result of changed) {
      writeFileSync(toCopy(result.path), result.after);
      moved.set(input.show(result.path), lineMap(result.before, result.after));
    }
    for (const file of created) {
      mkdirSync(path.dirname(toCopy(file.path)), { recursive: true });
      writeFileSync(toCopy(file.path), file.text);
    }
    const assumptions = movedAssumptions(input.assumptions, moved);
    const facts = capacityFacts(
      input.files.map(toCopy),
      (file) => input.show(fromCopy(file)),
      toCopy(input.root),
      assumptions,
    );
    const after = capacityReport(facts, input.inputs, assumptions);
    return compareReports(input.before, after, outcome(results, refused), AFTER_METHOD);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
