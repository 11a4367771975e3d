/**
 * The audit tells app code from scripts and tests (src/cli/file-kinds.ts):
 * each kind in a section of its own, `--max-findings` and the SARIF levels
 * counting the app's findings unless `--include` adds the others.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileKinds } from '../../src/cli/file-kinds.js';
import { cli, project } from './helpers.js';

const READ =
  "import { supabase } from './supabase';\nexport async function all() {\n  const { data } = await supabase.from('rooms').select('*');\n  return data;\n}\n";
const RUN =
  "import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient(url, key);\nconst { data } = await supabase.from('rooms').select('*');\nconsole.log(data);\n";

function kinds(files: Record<string, string>): Record<string, string> {
  const root = project(files);
  const classify = new FileKinds(root);
  return Object.fromEntries(
    Object.entries(files)
      .filter(([file]) => /\.[cm]?[jt]sx?$/.test(file) && !/(^|\/)[\w.-]*config\.[cm]?[jt]s$/.test(file))
      .map(([file, text]) => [file, classify.kindOf(path.join(root, file), text)]),
  );
}

describe('FileKinds', () => {
  it('tells tests by name and folder', () => {
    expect(
      kinds({
        'src/rooms.test.ts': READ,
        'src/rooms.spec.tsx': READ,
        'src/__tests__/rooms.ts': READ,
        'tests/integration/rooms.ts': READ,
        'e2e/rooms.ts': READ,
        'cypress/e2e/rooms.cy.ts': READ,
        'test-supabase.mjs': RUN,
        'src/rooms.ts': READ,
      }),
    ).toEqual({
      'src/rooms.test.ts': 'test',
      'src/rooms.spec.tsx': 'test',
      'src/__tests__/rooms.ts': 'test',
      'tests/integration/rooms.ts': 'test',
      'e2e/rooms.ts': 'test',
      'cypress/e2e/rooms.cy.ts': 'test',
      'test-supabase.mjs': 'test',
      'src/rooms.ts': 'app',
    });
  });

  it("below a router's folder, a folder or file named like a test is a route of that name; a runner's names stay tests", () => {
    expect(
      kinds({
        'src/routes/api/admin/push-test.ts': READ,
        'app/items/specs/page.tsx': READ,
        'src/pages/api/test-email.ts': READ,
        'app/api/__tests__/rooms.ts': READ,
        'app/rooms/page.test.tsx': READ,
        'tests/app/rooms.ts': READ,
        'e2e/routes/rooms.ts': READ,
        'src/lib/db_test.ts': READ,
      }),
    ).toEqual({
      'src/routes/api/admin/push-test.ts': 'app',
      'app/items/specs/page.tsx': 'app',
      'src/pages/api/test-email.ts': 'app',
      'app/api/__tests__/rooms.ts': 'test',
      'app/rooms/page.test.tsx': 'test',
      'tests/app/rooms.ts': 'test',
      'e2e/routes/rooms.ts': 'test',
      'src/lib/db_test.ts': 'test',
    });
  });

  it('tells scripts by folder, name, package.json and by running at the root with nothing exported', () => {
    expect(
      kinds({
        'package.json': JSON.stringify({
          main: 'index.js',
          bin: { sync: 'cli/sync.js' },
          scripts: { start: 'node server.js', 'db:check': 'node tools/check.js', seed: 'tsx db/fill.ts' },
        }),
        'scripts/backfill.ts': READ,
        'bin/admin.js': READ,
        'supabase/seed/users.ts': READ,
        'db/seed.ts': READ,
        'db/fill.ts': READ,
        'tools/check.js': READ,
        'cli/sync.js': READ,
        'check-db.js': RUN,
        'server.js': RUN,
        'index.js': RUN,
        'supabase.js': READ,
        'eslint.config.js': 'export default [];\n',
        'src/lib/migrations.ts': READ,
        'supabase/functions/scripts/index.ts': READ,
        'archive/one-time-fixes/fix-gates.js': READ,
        'src/Backups/old-sync.ts': READ,
        'patches/api/route.ts': READ,
        'src/components/admin/migration/migration-history.tsx': READ,
        'src/lib/archive-rows.ts': READ,
      }),
    ).toEqual({
      'scripts/backfill.ts': 'script',
      'bin/admin.js': 'script',
      'supabase/seed/users.ts': 'script',
      'db/seed.ts': 'script',
      'db/fill.ts': 'script',
      'tools/check.js': 'script',
      'cli/sync.js': 'script',
      'check-db.js': 'script',
      // run by `npm start`, the package's main: the app
      'server.js': 'app',
      'index.js': 'app',
      // a root module other code imports
      'supabase.js': 'app',
      'src/lib/migrations.ts': 'script',
      // Edge Functions are the app's server side, whatever their folders are called
      'supabase/functions/scripts/index.ts': 'app',
      // code kept aside: archived, backed up, copied as a patch
      'archive/one-time-fixes/fix-gates.js': 'script',
      'src/Backups/old-sync.ts': 'script',
      'patches/api/route.ts': 'script',
      // a component named like a migration helper is a part of a page; a module named after archiving is app code
      'src/components/admin/migration/migration-history.tsx': 'app',
      'src/lib/archive-rows.ts': 'app',
    });
  });

  it('reads the folders of a file outside the run from its repository or package, not from the folders above them', () => {
    const root = project({
      'tmp/repo/.git/HEAD': 'ref: refs/heads/main\n',
      'tmp/repo/src/rooms.ts': READ,
      'tmp/repo/scripts/seed.ts': RUN,
      'archive/pkg/package.json': '{ "name": "pkg" }',
      'archive/pkg/src/rooms.ts': READ,
    });
    const elsewhere = project({});
    const from = (cwd: string) => {
      const classify = new FileKinds(cwd);
      return ['tmp/repo/src/rooms.ts', 'tmp/repo/scripts/seed.ts', 'archive/pkg/src/rooms.ts'].map((file) =>
        classify.kindOf(path.join(root, file), file.includes('seed') ? RUN : READ),
      );
    };
    // run from another folder: `tmp/` and `archive/` are above the repository and the package
    expect(from(elsewhere)).toEqual(['app', 'script', 'app']);
    // run from the folder above them: there they are folders of code kept aside
    expect(from(root)).toEqual(['script', 'script', 'script']);
  });

  it('a package kept in a scripts folder is a tool: its main and start are scripts', () => {
    expect(
      kinds({
        'package.json': JSON.stringify({ main: 'src/index.ts' }),
        'src/index.ts': READ,
        'scripts/migrate-images/package.json': JSON.stringify({
          main: 'migrate.js',
          scripts: { start: 'node run.js' },
        }),
        'scripts/migrate-images/migrate.js': RUN,
        'scripts/migrate-images/run.js': RUN,
        'packages/api/package.json': JSON.stringify({ main: 'server.js' }),
        'packages/api/server.js': RUN,
      }),
    ).toEqual({
      'src/index.ts': 'app',
      'scripts/migrate-images/migrate.js': 'script',
      'scripts/migrate-images/run.js': 'script',
      'packages/api/server.js': 'app',
    });
  });

  it("reads the folders and globs of a test runner's config, not its coverage", () => {
    expect(
      kinds({
        'package.json': '{}',
        'playwright.config.ts': "export default { testDir: './journeys' };\n",
        'vitest.config.ts':
          "export default { test: { include: ['src/**/*.check.{ts,tsx}'], coverage: { include: ['src/**'] } } };\n",
        'journeys/login.ts': READ,
        'src/rooms.check.ts': READ,
        'src/rooms.ts': READ,
      }),
    ).toEqual({ 'journeys/login.ts': 'test', 'src/rooms.check.ts': 'app', 'src/rooms.ts': 'app' });
    // a glob that names tests counts
    expect(
      kinds({
        'package.json': '{}',
        'vitest.config.ts': "export default { test: { include: ['src/**/*.unit-test.ts'] } };\n",
        'src/rooms.unit-test.ts': READ,
      }),
    ).toEqual({ 'src/rooms.unit-test.ts': 'test' });
  });

  it('takes the files a test script of package.json runs as tests', () => {
    expect(
      kinds({
        'package.json': JSON.stringify({ scripts: { 'test:db': 'tsx db/probe.ts' } }),
        'db/probe.ts': READ,
      }),
    ).toEqual({ 'db/probe.ts': 'test' });
  });
});

describe('audit: app code apart from scripts and tests', () => {
  const files = {
    'package.json': JSON.stringify({ name: 'app', type: 'module' }),
    'src/supabase.ts': 'export const supabase = {} as any;\n',
    'src/rooms.ts': READ,
    'scripts/seed.ts': READ,
    'src/rooms.test.ts': READ,
  };

  it('reports each kind in its own section and counts the app for --max-findings', async () => {
    const root = project(files);
    const run = await cli(root, 'audit', '--max-findings', '1');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('  findings: 3 (app code 1, scripts 1, tests 1; counted: app code) (limit 1)\n');
    expect(run.stdout).toContain('\nFindings\n  src/rooms.ts:3:');
    expect(run.stdout).toContain('\nFindings in scripts (not counted; --include scripts)\n  scripts/seed.ts:3:');
    expect(run.stdout).toContain('\nFindings in tests (not counted; --include tests)\n  src/rooms.test.ts:3:');
    const above = await cli(root, 'audit', '--max-findings', '1', '--include', 'scripts,tests');
    expect(above.status).toBe(1);
    expect(above.stderr).toBe(
      'supabase-scale: 3 findings in app code and scripts and tests, more than --max-findings 1: exit 1\n',
    );
    expect((await cli(root, 'audit', '--max-findings', '1', '--include', 'tests')).stderr).toBe(
      'supabase-scale: 2 findings in app code and tests, more than --max-findings 1: exit 1\n',
    );
  });

  it('gives each finding its kind in JSON, and scripts and tests the SARIF level note', async () => {
    const root = project(files);
    const json = JSON.parse((await cli(root, 'audit', '--format', 'json')).stdout) as {
      results: { file: string; kind: string }[];
      kinds: Record<string, number>;
      include: string[];
      counted: number;
    };
    expect(json.results.map((result) => [result.file, result.kind])).toEqual([
      ['scripts/seed.ts', 'script'],
      ['src/rooms.test.ts', 'test'],
      ['src/rooms.ts', 'app'],
    ]);
    expect([json.kinds, json.include, json.counted]).toEqual([{ app: 1, script: 1, test: 1 }, ['app'], 1]);
    interface Sarif {
      runs: {
        results: { level: string; locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    }
    const levels = async (args: string[]) => {
      const run = await cli(root, 'audit', '--format', 'sarif', ...args);
      const results = (JSON.parse(run.stdout) as Sarif).runs[0]!.results;
      return results
        .filter((result) => result.locations)
        .map((result) => [result.locations![0]!.physicalLocation.artifactLocation.uri, result.level]);
    };
    expect(await levels([])).toEqual([
      ['scripts/seed.ts', 'note'],
      ['src/rooms.test.ts', 'note'],
      ['src/rooms.ts', 'error'],
    ]);
    expect(await levels(['--include', 'scripts'])).toEqual([
      ['scripts/seed.ts', 'error'],
      ['src/rooms.test.ts', 'note'],
      ['src/rooms.ts', 'error'],
    ]);
  });

  it('refuses a kind it does not know, in one line', async () => {
    const run = await cli(project(files), 'audit', '--include', 'docs');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("supabase-scale: --include takes scripts and tests (comma-separated); got 'docs'\n");
  });
});
