/**
 * Real project layouts through the CLI (fixtures/layouts/<layout>, copied to
 * a temporary folder): where paginate-selects writes its helper and how each
 * file imports it, that the rewritten project type-checks with its own
 * tsconfig (Edge Functions: every relative import names an existing file
 * with its extension), that a second run changes nothing, and that the rule
 * reports exactly the sites left.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { codemods } from '../../src/codemods/index.js';
import { defaultSettings } from '../../src/codemods/settings.js';
import { TypeInfo } from '../../src/codemods/type-info.js';
import plugin, { namespace } from '../../src/index.js';
import { cli } from '../cli/helpers.js';

const LAYOUTS = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'layouts');

interface JsonReport {
  files: { changed: number; failed: number };
  rewritten: Record<string, number>;
  helpers: { package: string; helper: string; status: string; runtime: string; import: string }[];
  left: { file: string; line: number; reason: string }[];
  warnings: string[];
}

function copy(layout: string): string {
  const root = mkdtempSync(path.join(tmpdir(), `supabase-scale-${layout}-`));
  cpSync(path.join(LAYOUTS, layout), root, { recursive: true });
  return root;
}

async function run(root: string, ...flags: string[]): Promise<JsonReport> {
  const result = await cli(root, 'codemod', 'paginate-selects', '--allow-dirty', '--json', ...flags);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as JsonReport;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(file);
    return /\.[cm]?[jt]s$/.test(name) ? [file] : [];
  });
}

function read(root: string, file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}

/** The type errors of the project of `tsconfig`, as `file: message` (its ts-morph project, lib files shared). */
function typeErrors(tsconfig: string): string[] {
  return new TypeInfo(tsconfig).project
    .getPreEmitDiagnostics()
    .map(
      (diagnostic) =>
        `${diagnostic.getSourceFile()?.getFilePath() ?? ''}: ${ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, ' ')}`,
    );
}

/** How many sites require-pagination reports in the project's files (with the codemod's options). */
function reported(root: string): number {
  const codemod = codemods['paginate-selects']!;
  const linter = new Linter({ configType: 'flat' });
  const config = [
    {
      files: ['**/*.{js,cjs,mjs,ts}'],
      languageOptions: { parser: tsParser },
      plugins: { [namespace]: plugin },
      rules: { [`${namespace}/${codemod.rule}`]: ['error', codemod.ruleOptions(defaultSettings(root))] },
    },
  ] as Linter.Config[];
  return sourceFiles(root).reduce((sum, file) => {
    const messages = linter.verify(readFileSync(file, 'utf8'), config, path.relative(root, file));
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    return sum + messages.length;
  }, 0);
}

/** The relative specifiers of a Deno file that do not name an existing file (with its extension). */
function unresolvedDenoImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from\s+'(\.[^']*)'/g)]
    .map((match) => match[1]!)
    .filter((specifier) => !existsSync(path.resolve(path.dirname(file), specifier)));
}

async function secondRunChangesNothing(root: string, first: JsonReport): Promise<void> {
  const second = await run(root);
  expect(second.files.changed).toBe(0);
  expect(second.left.length).toBe(first.left.length);
  expect(reported(root)).toBe(first.left.length);
}

describe('layout: Edge Functions beside a web app', () => {
  it('gives the functions their own helper in _shared/, imported with .ts, and the app its alias', async () => {
    const root = copy('edge-web');
    const report = await run(root);
    expect(report.rewritten['paginate-selects']).toBe(3);
    expect(report.helpers).toEqual([
      {
        package: '',
        helper: 'src/lib/supabase-pagination.ts',
        status: 'written',
        runtime: 'esm',
        import: 'alias @/lib/supabase-pagination',
      },
      {
        package: 'supabase/functions',
        helper: 'supabase/functions/_shared/supabase-pagination.ts',
        status: 'written',
        runtime: 'deno',
        import: 'relative .ts',
      },
    ]);
    expect(read(root, 'src/tasks.ts')).toContain("import { selectAllPages } from '@/lib/supabase-pagination';");
    for (const fn of ['digest', 'cleanup']) {
      const text = read(root, `supabase/functions/${fn}/index.ts`);
      expect(text).toContain("import { selectAllPages } from '../_shared/supabase-pagination.ts';");
      expect(text).not.toContain('@/');
    }
    for (const file of sourceFiles(path.join(root, 'supabase', 'functions'))) {
      expect(unresolvedDenoImports(file)).toEqual([]);
    }
    expect(typeErrors(path.join(root, 'tsconfig.json'))).toEqual([]);
    expect(report.left.map((site) => site.file)).toEqual(['src/tasks.ts']);
    await secondRunChangesNothing(root, report);
  });

  it('run on one function, creates no helper in _shared/ (outside the folder it runs on), and reuses one that is there', async () => {
    const root = copy('edge-web');
    const cleanup = read(root, 'supabase/functions/cleanup/index.ts');
    const alone = await run(root, 'supabase/functions/digest');
    expect(alone.rewritten['paginate-selects']).toBe(0);
    expect(alone.left.map((site) => site.file)).toEqual(['supabase/functions/digest/index.ts']);
    expect(existsSync(path.join(root, 'supabase/functions/_shared/supabase-pagination.ts'))).toBe(false);
    // the helper written by a run on every function; cleanup/ as it was before
    await run(root, 'supabase/functions');
    writeFileSync(path.join(root, 'supabase/functions/cleanup/index.ts'), cleanup);
    const report = await run(root, 'supabase/functions/cleanup');
    expect(report.rewritten['paginate-selects']).toBe(1);
    expect(report.helpers.map((helper) => [helper.helper, helper.status])).toEqual([
      ['supabase/functions/_shared/supabase-pagination.ts', 'reused'],
    ]);
    expect(existsSync(path.join(root, 'src/lib/supabase-pagination.ts'))).toBe(false);
  });

  it('names the helper of each package in the summary', async () => {
    const root = copy('edge-web');
    const result = await cli(root, 'codemod', 'paginate-selects', '--dry-run');
    expect(result.stdout).toContain(
      'helper of supabase/functions (deno): would write supabase/functions/_shared/supabase-pagination.ts, imported relative .ts',
    );
    expect(result.stdout).toContain('helper of . (esm): would write src/lib/supabase-pagination.ts');
  });
});

describe('layout: Next.js app without src/', () => {
  it('writes the helper into lib/, never a new src/, imported through @/', async () => {
    const root = copy('next-no-src');
    const report = await run(root);
    expect(report.rewritten['paginate-selects']).toBe(2);
    expect(existsSync(path.join(root, 'src'))).toBe(false);
    expect(existsSync(path.join(root, 'lib/supabase-pagination.ts'))).toBe(true);
    expect(read(root, 'app/tasks/page.ts')).toContain("import { selectAllPages } from '@/lib/supabase-pagination';");
    expect(typeErrors(path.join(root, 'tsconfig.json'))).toEqual([]);
    await secondRunChangesNothing(root, report);
  });

  it('resolves --helper-path against the package root, whatever folder the CLI runs in', async () => {
    const root = copy('next-no-src');
    const report = await run(path.join(root, 'app'), '--helper-path', 'lib/db/pages.ts');
    expect(report.helpers.map((helper) => helper.helper)).toEqual([path.join(root, 'lib/db/pages.ts')]);
    expect(existsSync(path.join(root, 'app/lib'))).toBe(false);
    expect(typeErrors(path.join(root, 'tsconfig.json'))).toEqual([]);
  });
});

describe('layout: npm workspaces with an ESM package and a CommonJS one', () => {
  it('writes one helper per package, ESM with import, CommonJS with require()', async () => {
    const root = copy('workspaces');
    const report = await run(root);
    expect(report.rewritten['paginate-selects']).toBe(2);
    expect(report.helpers.map(({ helper, runtime, import: style }) => [helper, runtime, style])).toEqual([
      ['packages/web/src/lib/supabase-pagination.js', 'esm', 'relative'],
      ['packages/worker/lib/supabase-pagination.cjs', 'commonjs', 'require'],
    ]);
    expect(read(root, 'packages/web/src/rooms.js')).toContain(
      "import { selectAllPages } from './lib/supabase-pagination.js';",
    );
    expect(read(root, 'packages/worker/index.js')).toContain(
      "const { selectAllPages } = require('./lib/supabase-pagination.cjs');",
    );
    expect(read(root, 'packages/worker/lib/supabase-pagination.cjs')).toContain('module.exports = { selectAllPages };');
    expect(existsSync(path.join(root, 'src'))).toBe(false);
    await secondRunChangesNothing(root, report);
  });
});

describe('layout: Vite solution tsconfig ("files": [] and references)', () => {
  it('finds tsconfig.app.json for src/ and renames the singleton from another module with no flag', async () => {
    const root = copy('vite-solution');
    const report = await cli(root, 'codemod', 'full-sync-to-delta-sync', '--allow-dirty', '--json');
    expect(report.stderr).toBe('');
    const json = JSON.parse(report.stdout) as JsonReport;
    expect(json.rewritten['full-sync-to-delta-sync']).toBe(1);
    expect(read(root, 'src/App.ts')).toContain('await conversationSyncService.deltaSync(userId);');
    expect(typeErrors(path.join(root, 'tsconfig.app.json'))).toEqual([]);
    expect(typeErrors(path.join(root, 'tsconfig.node.json'))).toEqual([]);
    const second = await cli(root, 'codemod', 'full-sync-to-delta-sync', '--allow-dirty', '--json');
    expect((JSON.parse(second.stdout) as JsonReport).files.changed).toBe(0);
  });

  it('--no-project turns the types off', async () => {
    const root = copy('vite-solution');
    const report = await cli(root, 'codemod', 'full-sync-to-delta-sync', '--no-project', '--dry-run', '--json');
    const json = JSON.parse(report.stdout) as JsonReport;
    expect(json.rewritten['full-sync-to-delta-sync']).toBe(0);
    expect(json.left.length).toBe(1);
  });
});

describe('layout: Expo app whose base tsconfig is not installed', () => {
  it('warns in one line and rewrites without types, never exit 2', async () => {
    const root = copy('expo-base');
    const result = await cli(root, 'codemod', 'all', '--allow-dirty', '--json');
    expect(result.status).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^supabase-scale: warning: .*tsconfig\.json: File 'expo\/tsconfig\.base' not found; read without it$/,
      ),
    ]);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.rewritten['paginate-selects']).toBe(1);
    expect(read(root, 'app/feed.ts')).toContain("import { selectAllPages } from '@/lib/supabase-pagination';");
    expect(existsSync(path.join(root, 'lib/supabase-pagination.ts'))).toBe(true);
    expect(reported(root)).toBe(0);
  });
});

describe('a folder without a package.json of its own, in a repository whose root has one', () => {
  function demo(): string {
    const root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-nested-'));
    const files: Record<string, string> = {
      'package.json': '{ "name": "tooling", "private": true }\n',
      'examples/chat/supabase/migrations/20240101000000_init.sql': 'create table rooms (id uuid primary key);\n',
      'examples/chat/src/rooms.js':
        "import { supabase } from './supabase.js';\n\nexport async function rooms() {\n  const { data, error } = await supabase.from('rooms').select('id');\n  return { data, error };\n}\n",
      'examples/chat/src/supabase.js': 'export const supabase = null;\n',
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    return root;
  }

  it('gets no helper in the root package: the site is left with the reason, nothing is written', async () => {
    const root = demo();
    for (const [cwd, paths] of [
      [path.join(root, 'examples', 'chat'), []],
      [root, ['examples/chat']],
    ] as const) {
      const report = await run(cwd, ...paths);
      expect(report.rewritten['paginate-selects']).toBe(0);
      expect(report.left).toHaveLength(1);
      expect(report.left[0]!.reason).toMatch(
        /^the helper would be created at (\/.*\/)?lib\/supabase-pagination\.js, in the package root .*, outside the folders the codemod runs on \((\.|examples\/chat)\): pass --helper-path \(relative to that package root\), or run the codemod on the package root$/,
      );
      expect(existsSync(path.join(root, 'lib'))).toBe(false);
    }
    expect(read(root, 'examples/chat/src/rooms.js')).not.toContain('selectAllPages');
  });

  it('takes --helper-path: the helper goes where it says', async () => {
    const root = demo();
    const report = await run(path.join(root, 'examples', 'chat'), '--helper-path', 'examples/chat/src/lib/pages.js');
    expect(report.rewritten['paginate-selects']).toBe(1);
    expect(read(root, 'examples/chat/src/rooms.js')).toContain("import { selectAllPages } from './lib/pages.js';");
    expect(existsSync(path.join(root, 'examples/chat/src/lib/pages.js'))).toBe(true);
    expect(existsSync(path.join(root, 'lib'))).toBe(false);
  });
});

describe('a malformed tsconfig.json the user did not name', () => {
  it('is a one-line warning; the run goes on without it', async () => {
    const root = copy('next-no-src');
    writeFileSync(path.join(root, 'tsconfig.json'), '{ "compilerOptions": { "paths": ');
    const result = await cli(root, 'codemod', 'all', '--dry-run', '--json');
    expect(result.status).toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^supabase-scale: warning: .*tsconfig\.json: /);
    expect((JSON.parse(result.stdout) as JsonReport).rewritten['paginate-selects']).toBe(2);
  });
});
