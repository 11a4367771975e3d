// `npm run smoke -- <dir> --typecheck`: the codemods' rewrites type-checked
// on a real app, independently of the codemods' own check. The app's sources
// are copied to a temporary folder (its node_modules linked, not copied),
// `supabase-scale codemod all` writes there, and every TypeScript project of
// the app (each tsconfig.json outside node_modules whose dependencies are
// installed) is type-checked with TypeScript's own API before (the app) and
// after (the copy): the errors the rewrites add are listed, and the run
// fails when there is one. Nothing is written under the app.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { parseJson } from './json.mjs';

/**
 * @typedef {{ tsconfig: string; before: number; after: number; added: string[] }} ProjectCheck
 * @typedef {{ rewritten: Record<string, number>; left: number; typecheckLeft: number; secondRunChanged: number; projects: ProjectCheck[]; skipped: string[]; failed: boolean }} TypecheckReport
 */

/**
 * The folders under `dir` (itself included) named `name`, not inside node_modules or .git.
 *
 * @param {string} dir
 * @param {(dir: string) => boolean} take
 * @returns {string[]}
 */
function folders(dir, take) {
  /** @type {string[]} */
  const found = [];
  const visit = (/** @type {string} */ at) => {
    if (take(at)) found.push(at);
    let entries;
    try {
      entries = readdirSync(at, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name === '.git') continue;
      visit(path.join(at, entry.name));
    }
  };
  visit(dir);
  return found;
}

/**
 * A copy of the app's sources with its node_modules folders linked.
 *
 * @param {string} app
 * @returns {string}
 */
function copyApp(app) {
  const copy = mkdtempSync(path.join(tmpdir(), 'supabase-scale-smoke-'));
  cpSync(app, copy, {
    recursive: true,
    filter: (source) => !['node_modules', '.git'].includes(path.basename(source)),
  });
  for (const dir of folders(app, (at) => existsSync(path.join(at, 'node_modules')))) {
    symlinkSync(path.join(dir, 'node_modules'), path.join(copy, path.relative(app, dir), 'node_modules'), 'dir');
  }
  return copy;
}

/**
 * The type errors of a tsconfig's project, as `file(line): TScode message`,
 * files relative to the first of `roots` that holds them (the copy's program
 * reaches the app's own files through its linked node_modules: a workspace
 * package is a link into the app).
 *
 * @param {string} tsconfig
 * @param {string[]} roots
 * @returns {string[] | null} null when the tsconfig cannot be read
 */
function typeErrors(tsconfig, roots) {
  const shown = (/** @type {string} */ file) => {
    const root =
      roots.find((candidate) => !path.relative(candidate, file).startsWith('..')) ?? /** @type {string} */ (roots[0]);
    return path.relative(root, file);
  };
  const read = ts.readConfigFile(tsconfig, (file) => ts.sys.readFile(file));
  if (read.error) return null;
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig), undefined, tsconfig);
  if (parsed.fileNames.length === 0) return [];
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .map((diagnostic) => {
      const file = diagnostic.file ? shown(diagnostic.file.fileName) : '';
      const line =
        diagnostic.file && diagnostic.start !== undefined
          ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
          : 0;
      return `${file}(${line}): TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
    });
}

/**
 * The errors of `after` that `before` does not have (counted: the same error may move).
 *
 * @param {string[]} before
 * @param {string[]} after
 * @returns {string[]}
 */
function added(before, after) {
  const strip = (/** @type {string} */ error) => error.replace(/\(\d+\): /, ': ');
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const error of before) counts.set(strip(error), (counts.get(strip(error)) ?? 0) + 1);
  return after.filter((error) => {
    const count = counts.get(strip(error)) ?? 0;
    if (count === 0) return true;
    counts.set(strip(error), count - 1);
    return false;
  });
}

/**
 * Rewrites a copy of `app` with the built CLI, and type-checks every project before and after.
 *
 * @param {string} app the app's folder
 * @param {string} bin dist/cli/bin.js
 * @returns {TypecheckReport}
 */
export function smokeTypecheck(app, bin) {
  const copy = copyApp(app);
  try {
    const codemodAll = () =>
      spawnSync(process.execPath, [bin, 'codemod', 'all', '--allow-dirty', '--json'], {
        cwd: copy,
        encoding: 'utf8',
        maxBuffer: 512 * 2 ** 20,
      });
    const run = codemodAll();
    /** @type {{ rewritten: Record<string, number>; left: { reason: string }[] }} */
    const codemod = parseJson(run.stdout || '{"rewritten":{},"left":[]}');
    // idempotent: a second run over the rewritten copy changes nothing
    /** @type {{ files?: { changed: number } }} */
    const again = parseJson(codemodAll().stdout || '{}');
    /** @type {TypecheckReport} */
    const report = {
      rewritten: codemod.rewritten,
      left: codemod.left.length,
      typecheckLeft: codemod.left.filter((site) => /would add a type error/.test(site.reason)).length,
      secondRunChanged: again.files?.changed ?? -1,
      projects: [],
      skipped: [],
      failed: false,
    };
    const installed = (/** @type {string} */ dir) => {
      for (let at = dir; at.startsWith(app); at = path.dirname(at)) {
        if (existsSync(path.join(at, 'node_modules'))) return true;
        if (path.dirname(at) === at) break;
      }
      return false;
    };
    for (const dir of folders(app, (at) => existsSync(path.join(at, 'tsconfig.json')))) {
      const relative = path.relative(app, path.join(dir, 'tsconfig.json'));
      if (!installed(dir)) {
        report.skipped.push(`${relative}: dependencies not installed`);
        continue;
      }
      const before = typeErrors(path.join(dir, 'tsconfig.json'), [app]);
      const after = typeErrors(path.join(copy, relative), [copy, app]);
      if (before === null || after === null) {
        report.skipped.push(`${relative}: cannot be read`);
        continue;
      }
      report.projects.push({
        tsconfig: relative,
        before: before.length,
        after: after.length,
        added: added(before, after),
      });
    }
    report.failed =
      run.status !== 0 && run.status !== 1 ? true : report.projects.some((project) => project.added.length > 0);
    console.log(`  type check of the rewritten app (codemod all, written to a copy; ${copy} removed after):`);
    console.log(
      `    rewritten: ${Object.entries(report.rewritten)
        .map(([name, count]) => `${name} ${count}`)
        .join(
          ', ',
        )}; ${report.left} sites left, ${report.typecheckLeft} of them for a type error the rewrite would add; a second run changes ${report.secondRunChanged} files`,
    );
    for (const project of report.projects) {
      console.log(
        `    ${project.tsconfig}: ${project.before} errors before, ${project.after} after, ${project.added.length} added`,
      );
      for (const error of project.added) console.log(`      added: ${error}`);
    }
    for (const line of report.skipped) console.log(`    not checked: ${line}`);
    return report;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
