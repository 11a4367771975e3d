/**
 * The module-system matrix (fixtures/codemods/module-systems/<case>/input,
 * copied to a temporary folder with the real @supabase packages of this
 * repository as its node_modules), run by test/codemods/module-systems.test.ts
 * (the output trees, the CommonJS scripts under Node) and
 * test/scale/module-systems.test.ts (the TypeScript cases type-checked with
 * their own tsconfig before and after, the codemods' own type check on):
 *
 * - esm-bundler: a Vite-style app (bundler resolution): no extension; `(supabase as any)` stays `any`;
 * - esm-bundler-node: an ES-module package type-checked under bundler resolution and started with
 *   `node dist/...`, whose files import `./x.js`: `.js`, also in a file with no relative import of its own;
 * - nodenext: an ES-module package built by tsc, the file with no relative import: `.js`;
 * - nodenext-ts-extensions: sources run as they are (allowImportingTsExtensions): `.ts`;
 * - commonjs-semicolons: the require goes after the file's requires, with its `;`, before `(async () => ...)()`;
 * - commonjs-no-semicolons: no `;`, except before a statement that starts with `(`;
 * - deno: Supabase Edge Functions: `../_shared/supabase-pagination.ts`.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ts } from 'ts-morph';
import { expect } from 'vitest';
import { TypeInfo } from '../../src/codemods/type-info.js';
import { cli } from '../cli/helpers.js';

export const TYPESCRIPT_CASES = [
  ['esm-bundler', 2],
  ['esm-bundler-node', 2],
  ['nodenext', 1],
  ['nodenext-ts-extensions', 1],
] as const;

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
export function install(name: string): string {
  const root = mkdtempSync(path.join(tmpdir(), `supabase-scale-${name}-`));
  cpSync(path.join(MATRIX, name, 'input'), root, { recursive: true });
  mkdirSync(path.join(root, 'node_modules'));
  symlinkSync(path.join(REPO, 'node_modules', '@supabase'), path.join(root, 'node_modules', '@supabase'), 'dir');
  return root;
}

/** The type errors of the project, as `file(line): message`. */
export function typeErrors(root: string): string[] {
  // the codemods' ts-morph project of the tsconfig (lib files shared)
  const { project } = new TypeInfo(path.join(root, 'tsconfig.json'));
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

async function codemod(root: string, flags: readonly string[]): Promise<JsonReport> {
  const run = await cli(root, 'codemod', 'paginate-selects', '--allow-dirty', '--json', ...flags);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as JsonReport;
}

/** Runs the case: the output tree exactly, then a second run that changes nothing. */
export async function rewrite(
  name: string,
  root: string,
  rewritten: number,
  flags: readonly string[] = [],
): Promise<void> {
  const report = await codemod(root, flags);
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
  const again = await codemod(root, flags);
  expect(again.files.changed).toBe(0);
}
