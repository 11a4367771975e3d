/**
 * `supabase-scale codemod <name|all> [paths...]`
 *
 * The run in steps: settings, the walk, the dirty-tree check (refused before
 * anything is read), each file through the engine, the files that cannot be
 * written (read-only), then the writes: the helpers first, then each file,
 * atomically. SIGINT and SIGTERM are heard between two files: the file in
 * flight is finished (an atomic write is never half done), nothing more is
 * written, and the summary says what was written and what was not (exit
 * 130 or 143). The summary counts only what was written.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { CodemodEngine, type FileResult } from '../codemods/engine.js';
import { codemods } from '../codemods/index.js';
import { ProjectLayout } from '../codemods/layout.js';
import { RunSchemas, runSchemaSetting } from './schemas.js';
import { loadTypeInfo, type TypeInfo } from '../codemods/type-info.js';
import { ProjectTypes } from '../codemods/project-types.js';
import type { Codemod, NewFile } from '../codemods/codemod.js';
import { UsageError } from './errors.js';
import { isReadOnly, writeFileAtomic } from './fs.js';
import { uncommittedChanges } from './git.js';
import { Interruption, type Signal } from './interrupt.js';
import { type TypecheckReport, typeCheckRewrites } from './typecheck.js';
import {
  checkOutputFile,
  displayPath,
  type Io,
  paint,
  Progress,
  unifiedDiff,
  wantsColor,
  writeOutput,
} from './output.js';
import { codemodSettings, type CodemodFlags } from './settings.js';
import { walk } from './walk.js';

export interface CodemodOptions extends Omit<CodemodFlags, 'project' | 'schema'> {
  /** `--schema <path>` (repeatable): the paths; `--no-schema`: false; neither: an empty list. */
  schema?: string[] | false;
  /** A tsconfig; false for `--no-project`; absent: each file's own project. */
  project?: string | boolean;
  dryRun?: boolean;
  diff?: boolean;
  json?: boolean;
  ignore?: string[];
  allowDirty?: boolean;
  color?: boolean;
  /** `-o, --output-file`: the report goes there instead of stdout. */
  outputFile?: string;
  /** `--no-typecheck`: false. */
  typecheck?: boolean;
}

interface Report {
  codemods: string[];
  dryRun: boolean;
  files: { scanned: number; changed: number; unchanged: number; failed: number; skipped: number };
  rewritten: Record<string, number>;
  declarations: Record<string, number>;
  created: string[];
  /** Per package (or Edge Functions folder): the helper its rewritten files import, and how. */
  helpers: HelperReport[];
  warnings: string[];
  changed: string[];
  failed: { file: string; error: string }[];
  /** Files left as they were on purpose: past a size or site limit, or read-only. */
  skipped: { file: string; reason: string }[];
  left: { file: string; line: number; column: number; codemod: string; reason: string }[];
  /** The type check of each TypeScript project with a changed file. */
  typecheck: TypecheckReport[];
  /** The signal that stopped the run, and the files it kept from being written (they are as they were). */
  interrupted?: { signal: Signal; notWritten: string[] };
  diffs?: Record<string, string>;
}

interface HelperReport {
  package: string;
  helper: string;
  status: 'written' | 'reused';
  runtime: string;
  import: string;
}

/** The helpers that the changed files import, per package. */
function helperReports(layout: ProjectLayout, results: readonly FileResult[], io: Io): HelperReport[] {
  const changed = new Set(results.filter((result) => result.status === 'changed').map((result) => result.path));
  return layout
    .helperUses()
    .filter((use) => use.files.some((file) => changed.has(file)))
    .map((use) => ({
      package: displayPath(io, use.packageRoot),
      helper: displayPath(io, use.helperPath),
      status: use.existed ? 'reused' : 'written',
      runtime: use.runtime,
      import: use.importStyle,
    }));
}

/** Refuses an explicit path that resolves (through a symlink or `..`) outside the folder the CLI runs in: a codemod writes. */
function refuseOutside(paths: readonly string[], cwd: string): void {
  let root: string;
  try {
    root = realpathSync(cwd);
  } catch {
    return;
  }
  for (const given of paths) {
    let real: string;
    try {
      real = realpathSync(path.resolve(cwd, given));
    } catch {
      continue; // the walk reports a missing path
    }
    const relative = path.relative(root, real);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new UsageError(`${given} resolves to ${real}, outside the folder the codemod runs in: run it from there`);
    }
  }
}

/** The folders the run writes in: each path given (a file: its folder), real; the current folder when none is given. */
function runFolders(paths: readonly string[], cwd: string): string[] {
  return (paths.length > 0 ? paths : ['.']).map((given) => {
    const absolute = path.resolve(cwd, given);
    let real = absolute;
    try {
      real = realpathSync(absolute);
    } catch {
      // the walk reports a missing path
    }
    return existsSync(real) && !statSync(real).isDirectory() ? path.dirname(real) : real;
  });
}

export function selectCodemods(name: string): Codemod<never>[] {
  if (name === 'all') return Object.values(codemods);
  const codemod = codemods[name];
  if (!codemod)
    throw new UsageError(`unknown codemod '${name}' (known: ${[...Object.keys(codemods), 'all'].join(', ')})`);
  return [codemod];
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Lets the event loop run (a signal handler, say) between two files. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A result for a file the engine did not get to change: failed (`error`) or skipped (`reason`). */
function leftAsItWas(file: string, text: string, status: 'failed' | 'skipped', error: string): FileResult {
  return {
    path: file,
    status,
    before: text,
    after: text,
    rewritten: {},
    declarations: {},
    left: [],
    newFiles: [],
    error,
    sites: [],
  };
}

/**
 * Each file through the engine; a file that cannot be read, or an internal
 * error, is a failed result. Stops between two files once `interruption`
 * has heard a signal.
 */
async function transformFiles(
  engine: CodemodEngine,
  files: readonly string[],
  progress: Progress,
  interruption: Interruption,
): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const [index, file] of files.entries()) {
    if (interruption.heard()) break;
    const text = readText(file);
    if (text === null) results.push(leftAsItWas(file, '', 'failed', 'cannot be read'));
    else {
      try {
        results.push(engine.transform(file, text));
      } catch (error) {
        results.push(leftAsItWas(file, text, 'failed', `internal error: ${(error as Error).message.split('\n')[0]}`));
      }
    }
    progress.tick(index + 1);
    await turn();
  }
  progress.done();
  return results;
}

/** A changed file that cannot be written (read-only, to everyone or to this user) is skipped with the reason. */
function skipReadOnly(results: FileResult[]): void {
  for (const [index, result] of results.entries()) {
    if (result.status !== 'changed' || !isReadOnly(result.path)) continue;
    results[index] = leftAsItWas(
      result.path,
      result.before,
      'skipped',
      'read-only: not rewritten (make it writable, then run the codemod again)',
    );
  }
}

/** The files the changed results need that do not exist yet (the helper), each once. */
function filesToCreate(results: readonly FileResult[]): NewFile[] {
  const created: NewFile[] = [];
  for (const result of results) {
    if (result.status !== 'changed') continue;
    for (const file of result.newFiles) {
      if (!created.some((known) => known.path === file.path) && !existsSync(file.path)) created.push(file);
    }
  }
  return created;
}

/** What a write phase did: the files created, and the results it did not get to. */
interface Written {
  created: NewFile[];
  notWritten: FileResult[];
}

/** What the system's error codes mean for a write, for a person. */
const WRITE_ERRORS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EEXIST: 'a file stands where its folder would be',
  ENOTDIR: 'a file stands where its folder would be',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EISDIR: 'a folder of that name exists',
};

/** Why a write failed, in one line: what it means, and the system's code. */
function writeError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === undefined) return message.split('\n')[0] ?? 'failed';
  return WRITE_ERRORS[code] ? `${WRITE_ERRORS[code]} (${code})` : code;
}

/**
 * Creates the files the rewrites need (the helper, before the files that
 * import it), then writes each changed file, atomically. A file whose helper
 * could not be created is not written (it fails with the reason). Stops
 * between two writes once `interruption` has heard a signal.
 */
async function writeOutputs(results: FileResult[], interruption: Interruption, io: Io): Promise<Written> {
  const created: NewFile[] = [];
  const helperErrors = new Map<string, string>();
  const pending = filesToCreate(results);
  const notWritten = (): FileResult[] => results.filter((result) => result.status === 'changed' && !result.written);
  for (const file of pending) {
    if (interruption.heard()) return { created, notWritten: notWritten() };
    try {
      writeFileAtomic(file.path, file.text);
      created.push(file);
    } catch (error) {
      helperErrors.set(file.path, `cannot write ${displayPath(io, file.path)}: ${writeError(error)}`);
    }
    await turn();
  }
  let done = 0;
  const progress = new Progress(io, results.filter((result) => result.status === 'changed').length, 'writing');
  for (const result of results) {
    if (result.status !== 'changed') continue;
    if (interruption.heard()) break;
    const helperError = result.newFiles.map((file) => helperErrors.get(file.path)).find(Boolean);
    try {
      if (helperError) throw new Error(helperError);
      writeFileAtomic(result.path, result.after);
      result.written = true;
    } catch (error) {
      Object.assign(result, leftAsItWas(result.path, result.before, 'failed', `not written: ${writeError(error)}`));
    }
    done += 1;
    progress.tick(done);
    await turn();
  }
  progress.done();
  return { created, notWritten: notWritten() };
}

/** What a run needs besides its files: the engine, its layout and the per-file projects. */
function prepare(
  selected: Codemod<never>[],
  paths: string[],
  options: CodemodOptions,
  io: Io,
): { engine: CodemodEngine; layout: ProjectLayout; files: string[]; warnings: string[]; projects: ProjectTypes } {
  const project = typeof options.project === 'string' ? options.project : undefined;
  const { settings, tsconfig, helperPathSetting, warnings, schema } = codemodSettings(io.cwd, {
    ...options,
    project,
    schema: runSchemaSetting(options.schema),
  });
  const schemas = new RunSchemas(schema, io.cwd);
  refuseOutside(paths, io.cwd);
  const files = walk(paths.length > 0 ? paths : ['.'], { cwd: io.cwd, ignore: options.ignore ?? [] });
  if (options.dryRun !== true && !options.allowDirty) {
    const dirs = [...new Set(files.map((file) => path.dirname(file)))];
    const changes = uncommittedChanges(dirs.length > 0 ? dirs : [io.cwd]);
    if (changes.length > 0) {
      throw new UsageError(
        `the git work tree has uncommitted changes (${changes.length} file${changes.length === 1 ? '' : 's'}, such as ${displayPath(io, changes[0]!)}): commit or stash them, or pass --allow-dirty (--dry-run writes nothing)`,
      );
    }
  }
  let types: TypeInfo | null = null;
  if (tsconfig) {
    try {
      types = loadTypeInfo(tsconfig);
    } catch (error) {
      throw new UsageError(
        `cannot load the project ${displayPath(io, tsconfig)}: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  }
  const layout = new ProjectLayout(io.cwd, helperPathSetting, runFolders(paths, io.cwd));
  // the project that includes each file: the type check's, and (without --project or --no-project) the codemods' types
  const projects = new ProjectTypes((file) => displayPath(io, file));
  const engine = new CodemodEngine(selected, {
    settings,
    types,
    readFile: readText,
    layout,
    projects: types === null && options.project !== false ? projects : undefined,
    schemaFor: (file) => schemas.forFile(file),
  });
  return { engine, layout, files, warnings, projects };
}

export async function runCodemodCommand(
  name: string,
  paths: string[],
  options: CodemodOptions,
  io: Io,
): Promise<number> {
  const selected = selectCodemods(name);
  checkOutputFile(io, options.outputFile);
  const interruption = new Interruption(io.signals ?? process);
  try {
    const { engine, layout, files, warnings, projects } = prepare(selected, paths, options, io);
    const dryRun = options.dryRun === true;
    const results = await transformFiles(
      engine,
      files,
      new Progress(io, files.length, `codemod ${name}`),
      interruption,
    );
    const typecheck =
      options.typecheck === false || interruption.heard()
        ? []
        : await typeCheckRewrites(engine, results, io, interruption);
    skipReadOnly(results);
    let written: Written;
    if (dryRun) written = { created: filesToCreate(results), notWritten: [] };
    else if (interruption.heard())
      written = { created: [], notWritten: results.filter((result) => result.status === 'changed') };
    else written = await writeOutputs(results, interruption, io);
    const report = buildReport(
      selected,
      results,
      written,
      { dryRun, layout, warnings: [...warnings, ...layout.warnings, ...projects.warnings], typecheck },
      io,
    );
    const { signal } = interruption;
    if (signal !== null) {
      const notWritten = written.notWritten.map((result) => displayPath(io, result.path));
      report.interrupted = { signal, notWritten };
    }
    const reportError = printReport(report, results, written.created, options, io);
    if (interruption.heard()) return interruption.exitStatus();
    return report.files.failed > 0 || report.files.skipped > 0 || reportError ? 1 : 0;
  } finally {
    interruption.remove();
  }
}

/**
 * `codemod <name> --dry-run` in memory, as the command runs it (settings,
 * the engine, the type check that leaves a site whose rewrite adds a type
 * error): each file's result with its rewritten text, and the files the
 * rewrites would create. Nothing is written. The capacity report's
 * before/after column reads it.
 */
export async function dryRunCodemods(
  name: string,
  paths: string[],
  options: CodemodOptions,
  io: Io,
): Promise<{ results: FileResult[]; created: NewFile[]; typecheck: TypecheckReport[] }> {
  const interruption = new Interruption(io.signals ?? process);
  try {
    const { engine, files } = prepare(selectCodemods(name), paths, { ...options, dryRun: true }, io);
    const results = await transformFiles(
      engine,
      files,
      new Progress(io, files.length, `codemod ${name}`),
      interruption,
    );
    const typecheck = options.typecheck === false ? [] : await typeCheckRewrites(engine, results, io, interruption);
    return { results, created: filesToCreate(results), typecheck };
  } finally {
    interruption.remove();
  }
}

/** The run's report: what was written (or would be, on a dry run), failed, skipped and left. */
function buildReport(
  selected: Codemod<never>[],
  results: FileResult[],
  written: Written,
  run: { dryRun: boolean; layout: ProjectLayout; warnings: string[]; typecheck: TypecheckReport[] },
  io: Io,
): Report {
  // on a dry run, what would be written; else only what was
  const done = results.filter((result) => result.status === 'changed' && (run.dryRun || result.written === true));
  const sum = (key: 'rewritten' | 'declarations') =>
    Object.fromEntries(
      selected.map((codemod) => [
        codemod.name,
        done.reduce((total, result) => total + (result[key][codemod.name] ?? 0), 0),
      ]),
    );
  const count = (status: FileResult['status']) => results.filter((result) => result.status === status).length;
  return {
    codemods: selected.map((codemod) => codemod.name),
    dryRun: run.dryRun,
    files: {
      scanned: results.length,
      changed: done.length,
      unchanged: count('unchanged'),
      failed: count('failed'),
      skipped: count('skipped'),
    },
    rewritten: sum('rewritten'),
    declarations: sum('declarations'),
    created: written.created.map((file) => displayPath(io, file.path)),
    helpers: helperReports(run.layout, done, io),
    warnings: [...new Set(run.warnings)],
    typecheck: run.typecheck,
    changed: done.map((result) => displayPath(io, result.path)),
    failed: results
      .filter((result) => result.status === 'failed')
      .map((result) => ({ file: displayPath(io, result.path), error: result.error ?? 'failed' })),
    skipped: results
      .filter((result) => result.status === 'skipped')
      .map((result) => ({ file: displayPath(io, result.path), reason: result.error ?? 'skipped' })),
    left: results.flatMap((result) =>
      result.status === 'failed' || result.status === 'skipped'
        ? []
        : result.left.map((site) => ({
            file: displayPath(io, result.path),
            line: site.line,
            column: site.column,
            codemod: site.codemod,
            reason: site.reason,
          })),
    ),
  };
}

/**
 * The report on stdout (or in `--output-file`): the diffs and the summary,
 * or JSON; warnings on stderr. Returns whether the report file could not be
 * written (it then went to stdout).
 */
function printReport(
  report: Report,
  results: readonly FileResult[],
  created: readonly NewFile[],
  options: CodemodOptions,
  io: Io,
): boolean {
  const colors = paint(options.outputFile === undefined && !options.json && wantsColor(io, options.color));
  const diffs: Record<string, string> = {};
  if (options.diff) {
    for (const file of created) {
      const shown = displayPath(io, file.path);
      diffs[shown] = unifiedDiff(shown, null, file.text, colors);
    }
    for (const result of results) {
      if (result.status !== 'changed' || !(report.dryRun || result.written === true)) continue;
      const shown = displayPath(io, result.path);
      diffs[shown] = unifiedDiff(shown, result.before, result.after, colors);
    }
  }
  for (const warning of report.warnings) io.stderr.write(`supabase-scale: warning: ${warning}\n`);
  let text: string;
  if (options.json) {
    if (options.diff) report.diffs = diffs;
    text = `${JSON.stringify(report, null, 2)}\n`;
  } else {
    text =
      Object.values(diffs)
        .map((diff) => (diff.endsWith('\n') ? diff : `${diff}\n`))
        .join('') + summary(report, colors);
  }
  const reportError = writeOutput(io, text, options.outputFile);
  if (reportError !== null) io.stderr.write(`supabase-scale: ${reportError}\n`);
  if (report.interrupted) {
    const { signal, notWritten } = report.interrupted;
    io.stderr.write(
      `supabase-scale: interrupted by ${signal}: ${report.changed.length} file${report.changed.length === 1 ? '' : 's'} written, ${notWritten.length} not (run the codemod again to finish)\n`,
    );
  }
  return reportError !== null;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function summary(report: Report, colors: Paint): string {
  const lines: string[] = [];
  lines.push(
    colors.bold(
      `supabase-scale codemod ${report.codemods.join(', ')}${report.dryRun ? ' (dry run: nothing written)' : ''}`,
    ),
  );
  const { scanned, changed, unchanged, failed, skipped } = report.files;
  lines.push(
    `  files: ${scanned} scanned, ${changed} ${report.dryRun ? 'would change' : 'changed'}, ${unchanged} unchanged, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`,
  );
  for (const name of report.codemods) {
    const declarations = report.declarations[name] ?? 0;
    lines.push(
      `  ${name}: ${plural(report.rewritten[name] ?? 0, 'site')} rewritten${declarations > 0 ? `, ${plural(declarations, 'declaration')} marked @deprecated` : ''}`,
    );
  }
  for (const file of report.created) lines.push(`  ${report.dryRun ? 'would create' : 'created'}: ${file}`);
  for (const check of report.typecheck) {
    const files = plural(check.files, 'changed file');
    const said =
      check.status === 'passed'
        ? 'no type error added'
        : check.status === 'skipped'
          ? `not checked: ${check.reason ?? ''}`
          : `${plural(check.left, 'site')} left: ${check.left === 1 ? 'its rewrite adds' : 'their rewrites add'} a type error`;
    lines.push(`  type check of ${check.tsconfig} (${files}): ${said}`);
  }
  for (const helper of report.helpers) {
    const status = helper.status === 'reused' ? 'reuses' : report.dryRun ? 'would write' : 'wrote';
    lines.push(
      `  helper of ${helper.package === '' ? '.' : helper.package} (${helper.runtime}): ${status} ${helper.helper}, imported ${helper.import}`,
    );
  }
  if (report.interrupted) {
    const { signal, notWritten } = report.interrupted;
    lines.push(
      colors.red(`  interrupted by ${signal}: ${plural(notWritten.length, 'file')} not written (as they were):`),
    );
    for (const file of notWritten) lines.push(`    ${file}`);
  }
  if (report.failed.length > 0) {
    lines.push(colors.red(`  failed (${report.failed.length}), left untouched:`));
    for (const { file, error } of report.failed) lines.push(`    ${file}  ${error}`);
  }
  if (report.skipped.length > 0) {
    lines.push(colors.yellow(`  skipped (${report.skipped.length}), left untouched:`));
    for (const { file, reason } of report.skipped) lines.push(`    ${file}  ${reason}`);
  }
  for (const name of report.codemods) {
    const left = report.left.filter((site) => site.codemod === name);
    if (left.length === 0) continue;
    lines.push(`  ${name}: ${plural(left.length, 'site')} left for manual work:`);
    for (const site of left) lines.push(`    ${site.file}:${site.line}  ${site.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

type Paint = ReturnType<typeof paint>;
