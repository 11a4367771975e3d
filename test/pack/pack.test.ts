/**
 * The package as npm ships it: `npm pack`, installed from the tarball into a
 * throwaway project together with eslint, typescript-eslint and oxlint at the
 * pinned versions (from the npm registry, or npm's cache), then used the way
 * the README says. Also publint and @arethetypeswrong/cli on the package.
 *
 * Not in `npm test` (it installs packages): `npm run test:pack`, which
 * .ci/run runs on a fresh clone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dedent } from '../dedent.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  files: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

let work: string;
let project: string;
let tarball: string;
let packedFiles: string[];

const SAMPLE = dedent`
  import { createClient } from '@supabase/supabase-js';

  const supabase = createClient('https://example.supabase.co', 'anon');

  export async function listMessages(room: string) {
    const { data } = await supabase.from('messages').select('*').eq('room_id', room);
    return data;
  }

  export async function page(after: string) {
    return supabase.from('messages').select('*').gt('id', after).order('id').limit(100);
  }

  export function start(sync: { fullSync(): Promise<void> }) {
    setInterval(() => sync.fullSync(), 60_000);
  }
`;

/** `rule@line:column` (1-based) of the first `needle` in SAMPLE. */
function site(rule: string, needle: string): string {
  const index = SAMPLE.indexOf(needle);
  if (index < 0) throw new Error(`'${needle}' is not in the sample`);
  const before = SAMPLE.slice(0, index);
  return `${rule}@${before.split('\n').length}:${index - before.lastIndexOf('\n')}`;
}

/** Where each rule must report in SAMPLE (sorted like the results). */
const EXPECTED = [
  site('supabase-scale/no-full-sync', 'fullSync(), 60_000'),
  site('supabase-scale/require-pagination', "supabase.from('messages').select('*').eq"),
].sort();

function run(command: string, args: string[], cwd: string): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'supabase-scale-pack-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((file) => file.path);

  project = path.join(work, 'project');
  mkdirSync(path.join(project, 'src'), { recursive: true });
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'throwaway', private: true, type: 'module' }),
  );
  const pins = [
    `eslint@${pkg.devDependencies.eslint}`,
    `typescript@${pkg.devDependencies.typescript}`,
    `@typescript-eslint/parser@${pkg.dependencies['@typescript-eslint/parser']}`,
    `typescript-eslint@${pkg.dependencies['@typescript-eslint/parser']}`,
    `oxlint@${pkg.devDependencies.oxlint}`,
  ];
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, ...pins], project);
  if (install.status !== 0) throw new Error(`npm install into the throwaway project failed:\n${install.stderr}`);
  writeFileSync(
    path.join(project, 'eslint.config.js'),
    dedent`
      import tseslint from 'typescript-eslint';
      import supabaseScale from 'eslint-plugin-supabase-scale';

      export default [
        { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } },
        supabaseScale.configs.recommended,
      ];
    `,
  );
  writeFileSync(path.join(project, 'src', 'sample.ts'), SAMPLE);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships dist (code and types), docs and README, and none of the sources or harnesses', () => {
    expect(packedFiles).toContain('package.json');
    expect(packedFiles).toContain('README.md');
    expect(packedFiles).toContain('dist/index.js');
    expect(packedFiles).toContain('dist/plugin.js');
    expect(packedFiles).toContain('dist/index.d.ts');
    expect(packedFiles).toContain('docs/rules/require-pagination.md');
    const stray = packedFiles.filter((file) => /^(src|test|bench|scripts|fixtures|\.ci)\//.test(file));
    expect(stray).toEqual([]);
  });

  it('ships the plan limits file the capacity report reads, and supabase-scale capacity runs from the installed package', () => {
    expect(packedFiles).toContain('dist/capacity/plan-limits.json');
    const folder = path.join(project, 'capacity');
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      path.join(folder, 'poll.ts'),
      dedent`
        import { createClient } from '@supabase/supabase-js';
        const supabase = createClient('https://example.supabase.co', 'anon');
        export function start() {
          const id = setInterval(async () => {
            await supabase.from('orders').select('*');
          }, 30_000);
          supabase.channel('orders').on('postgres_changes', { event: '*', schema: 'public', table: 'orders' }, () => {}).subscribe();
          return () => clearInterval(id);
        }
      `,
    );
    const result = run(
      path.join(project, 'node_modules', '.bin', 'supabase-scale'),
      ['capacity', 'capacity', '--plan', 'free', '--format', 'json'],
      project,
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as {
      periodic: { formula: string };
      bars: { name: string; used: number; limit: number }[];
      assumptions: string[];
    };
    expect(report.periodic.formula).toBe('periodic: 2 req/min per online user × 100 online ÷ 60 = 3.33 req/s');
    expect(report.bars.map((bar) => [bar.name, bar.used, bar.limit])).toEqual([
      ['concurrent connections', 100, 200],
      ['channels per client', 1, 100],
      ['Realtime messages/s', null, 100],
    ]);
    expect(report.assumptions.find((line) => line.startsWith('plan Free; limits from '))).toContain(
      'https://supabase.com/docs/guides/realtime/limits',
    );
  });
});

describe('installed from the tarball', () => {
  interface LintResult {
    filePath: string;
    messages: { ruleId: string | null; line: number; column: number; fatal?: boolean }[];
  }

  function eslint(extra: string[]): string[] {
    const result = run(
      process.execPath,
      [path.join(project, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', ...extra, 'src'],
      project,
    );
    if (result.status !== 1)
      throw new Error(`eslint exited ${result.status} (expected 1: findings):\n${result.stderr}${result.stdout}`);
    const results = JSON.parse(result.stdout) as LintResult[];
    return results.flatMap((r) => r.messages.map((m) => `${m.ruleId ?? 'fatal'}@${m.line}:${m.column}`)).sort();
  }

  it('ESLint CLI with the README config flags the sample', () => {
    expect(eslint([])).toEqual(EXPECTED);
  });

  it('ESLint CLI with --concurrency 2 flags the sample the same way', () => {
    expect(eslint(['--concurrency', '2'])).toEqual(EXPECTED);
  });

  it('oxlint loads the plugin through jsPlugins and flags the sample at the same places', () => {
    writeFileSync(
      path.join(project, '.oxlintrc.json'),
      JSON.stringify({
        jsPlugins: ['eslint-plugin-supabase-scale'],
        plugins: [],
        categories: { correctness: 'off' },
        rules: { 'supabase-scale/no-full-sync': 'error', 'supabase-scale/require-pagination': 'error' },
      }),
    );
    const result = run(path.join(project, 'node_modules', '.bin', 'oxlint'), ['-f', 'json', 'src'], project);
    expect(result.stderr).toBe('');
    const diagnostics = (
      JSON.parse(result.stdout) as {
        diagnostics: { code: string; labels: { span: { line: number; column: number } }[] }[];
      }
    ).diagnostics;
    const found = diagnostics
      .map((d) => `${d.code.replace(/^(.+)\((.+)\)$/, '$1/$2')}@${d.labels[0]!.span.line}:${d.labels[0]!.span.column}`)
      .sort();
    expect(found).toEqual(EXPECTED);
    expect(result.status).toBe(1);
  });

  it('the types resolve for a TypeScript consumer (tsc, NodeNext)', () => {
    writeFileSync(
      path.join(project, 'consumer.ts'),
      "import plugin from 'eslint-plugin-supabase-scale';\nconst name: string = plugin.meta.name;\nconst rules: string[] = Object.keys(plugin.configs.recommended.rules ?? {});\nexport { name, rules };\n",
    );
    const result = run(
      process.execPath,
      [
        path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--skipLibCheck',
        'consumer.ts',
      ],
      project,
    );
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('audit --prove replays a sync with the PGlite the install brought (an optional dependency)', () => {
    mkdirSync(path.join(project, 'prove'));
    writeFileSync(
      path.join(project, 'prove', 'pull.ts'),
      dedent`
        import { supabase } from './supabase';
        export async function pull() {
          const since = localStorage.getItem('cursor') ?? '1970-01-01';
          const { data } = await supabase.from('notes').select('*').gt('updated_at', since).order('updated_at', { ascending: false }).limit(20);
          if (data?.[0]) localStorage.setItem('cursor', data[0].updated_at);
        }
      `,
    );
    expect(
      readFileSync(path.join(project, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
    ).toContain('"version"');
    const result = run(
      path.join(project, 'node_modules', '.bin', 'supabase-scale'),
      ['audit', '--prove', '--format', 'json', 'prove'],
      project,
    );
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { proofs: { checks: Record<string, { status: string }> }[] };
    expect(report.proofs).toHaveLength(1);
    expect(report.proofs[0]!.checks['cursor-order']!.status).toBe('lost-rows');
  });
});

describe('package checks', () => {
  it('publint finds no problem', () => {
    const result = run(bin('publint'), ['--strict'], root);
    expect(result.stdout).toContain('All good!');
    expect(result.status).toBe(0);
  });

  it('@arethetypeswrong/cli finds no problem (profile esm-only: the package is ESM-only and needs Node >= 20.19, where require(esm) works)', () => {
    const result = run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'json'], root);
    const report = JSON.parse(result.stdout) as { analysis: { problems: { kind: string; resolutionKind?: string }[] } };
    // the JSON lists every problem; the esm-only profile ignores the node10 and
    // node16-cjs resolutions (a CommonJS `require` of an ESM-only package)
    const counted = report.analysis.problems.filter(
      (problem) => problem.resolutionKind !== 'node10' && problem.resolutionKind !== 'node16-cjs',
    );
    expect(counted).toEqual([]);
    expect(result.status).toBe(0);
  });
});
