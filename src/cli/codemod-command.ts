/** `supabase-scale codemod <name|all> [paths...]` */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { CodemodEngine, type FileResult } from '../codemods/engine.js';
import { codemods } from '../codemods/index.js';
import { ProjectLayout } from '../codemods/layout.js';
import { runSchemaSetting } from './audit-command.js';
import { RunSchemas } from './schemas.js';
import { loadTypeInfo, type TypeInfo } from '../codemods/type-info.js';
import { ProjectTypes } from '../codemods/project-types.js';
import type { Codemod } from '../codemods/codemod.js';
import { UsageError } from './errors.js';
import { writeFileAtomic } from './fs.js';
import { uncommittedChanges } from './git.js';
import { displayPath, type Io, paint, Progress, unifiedDiff, wantsColor } from './output.js';
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
}

interface Report {
  codemods: string[];
  dryRun: boolean;
  files: { scanned: number; changed: number; unchanged: number; failed: number };
  rewritten: Record<string, number>;
  declarations: Record<string, number>;
  created: string[];
  /** Per package (or Edge Functions folder): the helper its rewritten files import, and how. */
  helpers: HelperReport[];
  warnings: string[];
  changed: string[];
  failed: { file: string; error: string }[];
  left: { file: string; line: number; column: number; codemod: string; reason: string }[];
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

/** Each file through the engine; a file that cannot be read, or an internal error, is a failed result. */
function transformFiles(engine: CodemodEngine, files: readonly string[], progress: Progress): FileResult[] {
  const failed = (file: string, text: string, error: string): FileResult => ({
    path: file,
    status: 'failed',
    before: text,
    after: text,
    rewritten: {},
    declarations: {},
    left: [],
    newFiles: [],
    error,
  });
  const results: FileResult[] = [];
  files.forEach((file, index) => {
    const text = readText(file);
    if (text === null) results.push(failed(file, '', 'cannot be read'));
    else {
      try {
        results.push(engine.transform(file, text));
      } catch (error) {
        results.push(failed(file, text, `internal error: ${(error as Error).message.split('\n')[0]}`));
      }
    }
    progress.tick(index + 1);
  });
  progress.done();
  return results;
}

/** Creates the files the rewrites need (the helper, once, before the files that import it), then writes the rewrites; nothing on a dry run. */
function writeOutputs(results: FileResult[], dryRun: boolean, io: Io): { path: string; text: string }[] {
  // the helper (or any file a rewrite needs) is created once, before the files that import it
  const created: { path: string; text: string }[] = [];
  for (const result of results) {
    if (result.status !== 'changed') continue;
    for (const file of result.newFiles) {
      if (!created.some((known) => known.path === file.path) && !existsSync(file.path)) created.push(file);
    }
  }
  if (!dryRun) {
    for (const file of created) {
      try {
        writeFileAtomic(file.path, file.text);
      } catch (error) {
        throw new UsageError(
          `cannot write ${displayPath(io, file.path)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
    }
    for (const result of results) {
      if (result.status !== 'changed') continue;
      try {
        writeFileAtomic(result.path, result.after);
      } catch (error) {
        result.status = 'failed';
        result.error = `cannot be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
      }
    }
  }
  return created;
}

export function runCodemodCommand(name: string, paths: string[], options: CodemodOptions, io: Io): number {
  const selected = selectCodemods(name);
  const project = typeof options.project === 'string' ? options.project : undefined;
  const { settings, tsconfig, helperPathSetting, warnings, schema } = codemodSettings(io.cwd, {
    ...options,
    project,
    schema: runSchemaSetting(options.schema),
  });
  const schemas = new RunSchemas(schema, io.cwd);
  refuseOutside(paths, io.cwd);
  const files = walk(paths.length > 0 ? paths : ['.'], { cwd: io.cwd, ignore: options.ignore ?? [] });
  const dryRun = options.dryRun === true;
  if (!dryRun && !options.allowDirty) {
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
  const layout = new ProjectLayout(io.cwd, helperPathSetting);
  // without --project (and without --no-project): the project that includes each file, when one does
  const projects =
    types === null && options.project !== false ? new ProjectTypes((file) => displayPath(io, file)) : undefined;
  const engine = new CodemodEngine(selected, {
    settings,
    types,
    readFile: readText,
    layout,
    projects,
    schemaFor: (file) => schemas.forFile(file),
  });
  const colors = paint(wantsColor(io, options.color));
  const results = transformFiles(engine, files, new Progress(io, files.length, `codemod ${name}`));

  const created = writeOutputs(results, dryRun, io);

  const report: Report = {
    codemods: selected.map((codemod) => codemod.name),
    dryRun,
    files: {
      scanned: results.length,
      changed: results.filter((result) => result.status === 'changed').length,
      unchanged: results.filter((result) => result.status === 'unchanged').length,
      failed: results.filter((result) => result.status === 'failed').length,
    },
    rewritten: Object.fromEntries(
      selected.map((codemod) => [
        codemod.name,
        results.reduce((sum, result) => sum + (result.rewritten[codemod.name] ?? 0), 0),
      ]),
    ),
    declarations: Object.fromEntries(
      selected.map((codemod) => [
        codemod.name,
        results.reduce((sum, result) => sum + (result.declarations[codemod.name] ?? 0), 0),
      ]),
    ),
    created: created.map((file) => displayPath(io, file.path)),
    helpers: helperReports(layout, results, io),
    warnings: [...new Set([...warnings, ...layout.warnings, ...(projects?.warnings ?? [])])],
    changed: results.filter((result) => result.status === 'changed').map((result) => displayPath(io, result.path)),
    failed: results
      .filter((result) => result.status === 'failed')
      .map((result) => ({ file: displayPath(io, result.path), error: result.error ?? 'failed' })),
    left: results.flatMap((result) =>
      result.status === 'failed'
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

  const diffs: Record<string, string> = {};
  if (options.diff) {
    for (const file of created)
      diffs[displayPath(io, file.path)] = unifiedDiff(
        displayPath(io, file.path),
        null,
        file.text,
        options.json ? paint(false) : colors,
      );
    for (const result of results) {
      if (result.status !== 'changed') continue;
      const shown = displayPath(io, result.path);
      diffs[shown] = unifiedDiff(shown, result.before, result.after, options.json ? paint(false) : colors);
    }
  }

  for (const warning of report.warnings) io.stderr.write(`supabase-scale: warning: ${warning}\n`);
  if (options.json) {
    if (options.diff) report.diffs = diffs;
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const text of Object.values(diffs)) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    io.stdout.write(summary(report, colors));
  }
  return report.files.failed > 0 ? 1 : 0;
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
  const { scanned, changed, unchanged, failed } = report.files;
  lines.push(
    `  files: ${scanned} scanned, ${changed} ${report.dryRun ? 'would change' : 'changed'}, ${unchanged} unchanged, ${failed} failed`,
  );
  for (const name of report.codemods) {
    const declarations = report.declarations[name] ?? 0;
    lines.push(
      `  ${name}: ${plural(report.rewritten[name] ?? 0, 'site')} rewritten${declarations > 0 ? `, ${plural(declarations, 'declaration')} marked @deprecated` : ''}`,
    );
  }
  for (const file of report.created) lines.push(`  ${report.dryRun ? 'would create' : 'created'}: ${file}`);
  for (const helper of report.helpers) {
    const status = helper.status === 'reused' ? 'reuses' : report.dryRun ? 'would write' : 'wrote';
    lines.push(
      `  helper of ${helper.package === '' ? '.' : helper.package} (${helper.runtime}): ${status} ${helper.helper}, imported ${helper.import}`,
    );
  }
  if (report.failed.length > 0) {
    lines.push(colors.red(`  failed (${report.failed.length}), left untouched:`));
    for (const { file, error } of report.failed) lines.push(`    ${file}  ${error}`);
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
