/**
 * The module-system matrix (fixtures/codemods/module-systems/<case>/input,
 * copied to a temporary folder with the real @supabase packages of this
 * repository as its node_modules): paginate-selects through the CLI gives
 * exactly <case>/output (the files it changes and the helper it creates),
 * the project type-checks with its own tsconfig before and after (the real
 * supabase-js types: an `any` client stays `any`), the CommonJS scripts run
 * under Node and read every page, a Deno import names the helper's file, and
 * a second run changes nothing.
 *
 * - esm-bundler: a Vite-style app (bundler resolution): no extension; `(supabase as any)` stays `any`;
 * - nodenext: an ES-module package built by tsc, the file with no relative import: `.js`;
 * - nodenext-ts-extensions: sources run as they are (allowImportingTsExtensions): `.ts`;
 * - commonjs-semicolons: the require goes after the file's requires, with its `;`, before `(async () => ...)()`;
 * - commonjs-no-semicolons: no `;`, except before a statement that starts with `(`;
 * - deno: Supabase Edge Functions: `../_shared/supabase-pagination.ts`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/helpers.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const MATRIX = path.join(REPO, 'fixtures', 'codemods', 'module-systems');

/** Every file under `dir`, relative, sorted (node_modules left out). */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.startsWith('node_modules/'))
    .sort();
}

/** The case's input in a temporary folder, with this repository's @supabase packages installed. */
function install(name: string): string {
  const root = mkdtempSync(path.join(tmpdir(), `supabase-scale-${name}-`));
  cpSync(path.join(MATRIX, name, 'input'), root, { recursive: true });
  mkdirSync(path.join(root, 'node_modules'));
  symlinkSync(path.join(REPO, 'node_modules', '@supabase'), path.join(root, 'node_modules', '@supabase'), 'dir');
  return root;
}

/** The type errors of the project, as `file(line): message`. */
function typeErrors(root: string): string[] {
  const project = new Project({ tsConfigFilePath: path.join(root, 'tsconfig.json') });
  return project.getPreEmitDiagnostics().map((diagnostic) => {
    const file = diagnostic.getSourceFile()?.getFilePath() ?? '';
    const message = ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, ' ');
    return `${path.relative(root, file)}(${diagnostic.getLineNumber() ?? 0}): ${message}`;
  });
}

interface JsonReport {
  files: { changed: number; failed: number; skipped: number };
  rewritten: Record<string, number>;
  left: { file: string; line: number; reason: string }[];
}

async function codemod(root: string): Promise<JsonReport> {
  const run = await cli(root, 'codemod', 'paginate-selects', '--allow-dirty', '--json');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as JsonReport;
}

/** Runs the case: the output tree exactly, then a second run that changes nothing. */
async function rewrite(name: string, root: string, rewritten: number): Promise<void> {
  const report = await codemod(root);
  expect(report.rewritten['paginate-selects']).toBe(rewritten);
  expect(report.left).toEqual([]);
  const output = path.join(MATRIX, name, 'output');
  const input = path.join(MATRIX, name, 'input');
  expect(files(root)).toEqual([...new Set([...files(input), ...files(output)])].sort());
  for (const file of files(root)) {
    const expected = existsSync(path.join(output, file)) ? path.join(output, file) : path.join(input, file);
    expect(`${file}:\n${readFileSync(path.join(root, file), 'utf8')}`).toBe(
      `${file}:\n${readFileSync(expected, 'utf8')}`,
    );
  }
  const again = await codemod(root);
  expect(again.files.changed).toBe(0);
}

describe.each([
  ['esm-bundler', 2],
  ['nodenext', 1],
  ['nodenext-ts-extensions', 1],
])('%s (TypeScript)', (name, rewritten) => {
  it('gives the output tree, and type-checks with its own tsconfig before and after', async () => {
    const root = install(name);
    expect(typeErrors(root)).toEqual([]);
    await rewrite(name, root, rewritten);
    expect(typeErrors(root)).toEqual([]);
  });
});

/** Runs a script of the project under Node; its stdout. */
function node(root: string, script: string): string {
  return execFileSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
}

describe('CommonJS', () => {
  it('with semicolons: the require keeps its `;` before `(async () => ...)()`, and the script reads every page', async () => {
    const root = install('commonjs-semicolons');
    // the stand-in client caps a read at 1,000 rows, as max-rows does
    expect(node(root, 'src/report.js')).toBe('1000 jobs, 1000 done\n');
    await rewrite('commonjs-semicolons', root, 2);
    expect(node(root, 'src/report.js')).toBe('2500 jobs, 1250 done\n');
  });

  it('without semicolons: none added, but before a statement that starts with `(`', async () => {
    const root = install('commonjs-no-semicolons');
    await rewrite('commonjs-no-semicolons', root, 2);
    expect(node(root, 'src/worker.js')).toBe('1250 done\n');
    expect(node(root, 'src/once.js')).toBe('2500 jobs\n');
  });
});

describe('Deno (Supabase Edge Functions)', () => {
  it('imports the helper from _shared/ with its .ts extension', async () => {
    const root = install('deno');
    await rewrite('deno', root, 1);
    const text = readFileSync(path.join(root, 'supabase/functions/rooms/index.ts'), 'utf8');
    const specifier = /from '(\.[^']+)'/.exec(text)?.[1];
    expect(specifier).toBe('../_shared/supabase-pagination.ts');
    expect(existsSync(path.join(root, 'supabase/functions/rooms', specifier!))).toBe(true);
  });
});
