/**
 * The codemods' type check before writing (src/codemods/type-gate.ts,
 * src/cli/typecheck.ts): a site whose rewrite adds a type error under the
 * project's own tsconfig is left with TypeScript's message; an error the
 * file had before is not the rewrite's; a file that imports a changed one is
 * checked too; a project whose dependencies are not installed is not checked
 * (and the summary says so); `--no-typecheck` turns it off.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { TypeGate } from '../../src/codemods/type-gate.js';
import { dedent } from '../dedent.js';
import { cli, tempProjects } from './helpers.js';

const temp = tempProjects();

/** A stand-in for a supabase-js client: enough for the type check. */
const CLIENT = dedent`
  type Row = { id: string; title: string };
  export type Result = { data: Row[] | null; error: { message: string } | null };
  interface Builder extends PromiseLike<Result> {
    select(columns: string): Builder;
    order(column: string, options: { ascending: boolean }): Builder;
    gt(column: string, value: unknown): Builder;
    limit(count: number): Builder;
  }
  export declare const supabase: { from(table: string): Builder };
`;

const TASKS = dedent`
  import { supabase } from './lib/supabase';

  export async function titles() {
    const { data, error } = await supabase.from('tasks').select('id, title');
    if (error) throw new Error(error.message);
    return data;
  }
`;

/** An app whose own helper at the default path takes a page size, not the options paginate-selects passes. */
const OWN_HELPER = dedent`
  export async function selectAllPages<T>(query: () => PromiseLike<T>, pageSize: number): Promise<T> {
    void pageSize;
    return query();
  }
`;

function app(files: Record<string, string>, installed = true): string {
  const root = temp({
    'package.json': '{ "name": "app", "private": true, "type": "module" }\n',
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'ESNext',
        moduleResolution: 'Bundler',
        noEmit: true,
        types: [],
        lib: ['ES2022'],
        skipLibCheck: true,
      },
      include: ['src'],
    }),
    'supabase/migrations/20240101000000_init.sql': 'create table tasks (id uuid primary key, title text not null);\n',
    'src/lib/supabase.ts': CLIENT,
    ...files,
  });
  if (installed) mkdirSync(path.join(root, 'node_modules'));
  return root;
}

interface Report {
  rewritten: Record<string, number>;
  changed: string[];
  left: { file: string; line: number; reason: string }[];
  typecheck: { tsconfig: string; files: number; status: string; reason?: string; left: number }[];
}

async function run(root: string, ...flags: string[]): Promise<Report> {
  const result = await cli(root, 'codemod', 'paginate-selects', '--allow-dirty', '--json', ...flags);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe('the type check before writing', () => {
  it('leaves a site whose rewrite adds a type error, with TypeScript’s message, and writes nothing of it', async () => {
    const root = app({ 'src/tasks.ts': TASKS, 'src/lib/supabase-pagination.ts': OWN_HELPER });
    const report = await run(root);
    expect(report.rewritten['paginate-selects']).toBe(0);
    expect(report.changed).toEqual([]);
    expect(report.left).toEqual([
      {
        file: 'src/tasks.ts',
        line: 4,
        column: 33,
        codemod: 'paginate-selects',
        reason:
          "the rewrite would add a type error (tsconfig.json): TS2345 Argument of type '{ cursor: string; pageSize: number; }' is not assignable to parameter of type 'number'.",
      },
    ]);
    expect(report.typecheck).toEqual([{ tsconfig: 'tsconfig.json', files: 1, status: 'refused', left: 1 }]);
    expect(readFileSync(path.join(root, 'src/tasks.ts'), 'utf8')).toBe(TASKS);
    const summary = await cli(root, 'codemod', 'paginate-selects', '--dry-run', '--no-color');
    expect(summary.stdout).toContain(
      '  type check of tsconfig.json (1 changed file): 1 site left: its rewrite adds a type error\n',
    );
  });

  it('passes a rewrite that adds no error, and says so', async () => {
    const root = app({ 'src/tasks.ts': TASKS });
    const report = await run(root);
    expect(report.rewritten['paginate-selects']).toBe(1);
    expect(report.typecheck).toEqual([{ tsconfig: 'tsconfig.json', files: 1, status: 'passed', left: 0 }]);
    expect(readFileSync(path.join(root, 'src/tasks.ts'), 'utf8')).toContain('await selectAllPages(() =>');
  });

  it('does not check a project whose dependencies are not installed, and says so', async () => {
    const root = app({ 'src/tasks.ts': TASKS, 'src/lib/supabase-pagination.ts': OWN_HELPER }, false);
    const report = await run(root, '--dry-run');
    expect(report.rewritten['paginate-selects']).toBe(1);
    expect(report.typecheck).toEqual([
      {
        tsconfig: 'tsconfig.json',
        files: 1,
        status: 'skipped',
        reason: 'its dependencies are not installed (no node_modules)',
        left: 0,
      },
    ]);
  });

  it('--no-typecheck: not checked at all', async () => {
    const root = app({ 'src/tasks.ts': TASKS, 'src/lib/supabase-pagination.ts': OWN_HELPER });
    const report = await run(root, '--dry-run', '--no-typecheck');
    expect(report.rewritten['paginate-selects']).toBe(1);
    expect(report.typecheck).toEqual([]);
  });
});

describe('TypeGate', () => {
  /** A project of these files in a temporary folder, as a tsconfig would give it. */
  function project(files: Record<string, string>): { files: Set<string>; options: ts.CompilerOptions; root: string } {
    const root = temp(files);
    return {
      root,
      files: new Set(Object.keys(files).map((file) => path.join(root, file))),
      options: { strict: true, noEmit: true, types: [], lib: ['lib.es2022.d.ts'], skipLibCheck: true },
    };
  }

  it('counts only the errors a text adds (a file’s own error is not), in the file and in the files that import it', () => {
    const before = dedent`
      export const broken: number = 'already wrong';
      export function total(): number {
        return 1;
      }
    `;
    const { root, ...tsconfig } = project({
      'a.ts': before,
      'b.ts': "import { total } from './a';\nexport const doubled: number = total() * 2;\n",
      'c.ts': 'export const unrelated = 1;\n',
    });
    const gate = new TypeGate(tsconfig);
    const a = path.join(root, 'a.ts');
    // the same error moved down a line is no new error
    expect(gate.addedErrors([{ path: a, text: `\n${before}` }], [])).toEqual([]);
    const changed = before.replace('(): number {\n  return 1;', '(): string {\n  return "1";');
    expect(gate.addedErrors([{ path: a, text: changed }], [])).toEqual([
      {
        file: path.join(root, 'b.ts'),
        line: 2,
        code: 2362,
        message:
          "The left-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.",
      },
    ]);
    // the next check reads the file as on disk again
    expect(gate.addedErrors([{ path: a, text: before }], [])).toEqual([]);
  });

  it('resolves an import of a file the rewrite creates in a folder that does not exist yet', () => {
    const { root, ...tsconfig } = project({ 'src/a.ts': 'export const a = 1;\n' });
    const gate = new TypeGate(tsconfig);
    const changed = "import { helper } from './lib/helper';\nexport const a: number = helper();\n";
    expect(
      gate.addedErrors(
        [{ path: path.join(root, 'src', 'a.ts'), text: changed }],
        [
          {
            path: path.join(root, 'src', 'lib', 'helper.ts'),
            text: 'export function helper(): number {\n  return 1;\n}\n',
          },
        ],
      ),
    ).toEqual([]);
  });

  it('checks the files a rewrite creates', () => {
    const { root, ...tsconfig } = project({ 'a.ts': 'export const a = 1;\n' });
    const gate = new TypeGate(tsconfig);
    const helper = path.join(root, 'lib', 'helper.ts');
    expect(
      gate
        .addedErrors([], [{ path: helper, text: 'export const x: number = "x";\n' }])
        .map((error) => `${path.relative(root, error.file)}:${error.line} TS${error.code}`),
    ).toEqual([`${path.join('lib', 'helper.ts')}:1 TS2322`]);
  });
});
