/** `supabase-scale codemod <name|all> [paths...]` */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CodemodEngine, type FileResult } from '../codemods/engine.js';
import { codemods } from '../codemods/index.js';
import { loadTypeInfo, type TypeInfo } from '../codemods/project.js';
import type { Codemod } from '../codemods/types.js';
import { UsageError } from './errors.js';
import { writeFileAtomic } from './fs.js';
import { uncommittedChanges } from './git.js';
import { displayPath, type Io, paint, Progress, unifiedDiff, wantsColor } from './output.js';
import { codemodSettings, type CodemodFlags } from './settings.js';
import { walk } from './walk.js';

export interface CodemodOptions extends CodemodFlags {
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
  changed: string[];
  failed: { file: string; error: string }[];
  left: { file: string; line: number; column: number; codemod: string; reason: string }[];
  diffs?: Record<string, string>;
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

export function runCodemodCommand(name: string, paths: string[], options: CodemodOptions, io: Io): number {
  const selected = selectCodemods(name);
  const { settings, tsconfig } = codemodSettings(io.cwd, options);
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
  const engine = new CodemodEngine(selected, { settings, types, readFile: readText });
  const colors = paint(wantsColor(io, options.color));
  const progress = new Progress(io, files.length, `codemod ${name}`);
  const results: FileResult[] = [];
  files.forEach((file, index) => {
    const text = readText(file);
    if (text === null) {
      results.push({
        path: file,
        status: 'failed',
        before: '',
        after: '',
        rewritten: {},
        declarations: {},
        left: [],
        newFiles: [],
        error: 'cannot be read',
      });
    } else {
      try {
        results.push(engine.transform(file, text));
      } catch (error) {
        results.push({
          path: file,
          status: 'failed',
          before: text,
          after: text,
          rewritten: {},
          declarations: {},
          left: [],
          newFiles: [],
          error: `internal error: ${(error as Error).message.split('\n')[0]}`,
        });
      }
    }
    progress.tick(index + 1);
  });
  progress.done();

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
