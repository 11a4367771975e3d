/**
 * `supabase-scale init`: the eslint.config.js it writes is in the project's
 * module system and loads in ESLint (run on a project whose node_modules
 * link this checkout, in an ES-module package and in a `"type": "commonjs"`
 * one, where an ES-module config does not load); the workflow is the one
 * docs/ci.md shows; a file that exists is not overwritten; a dry run writes
 * nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkedProject } from '../e2e/linked-project.js';
import { cli, snapshot, tempProjects } from './helpers.js';

const temp = tempProjects();
const REPO = path.resolve(import.meta.dirname, '..', '..');
const ESLINT = path.join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js');
const READ =
  "export async function rooms() {\n  const { data } = await supabase.from('rooms').select('*');\n  return data;\n}\n";

/** Runs the repository's ESLint in `root`; the rule ids it reports, one a line. */
function eslint(root: string): string {
  try {
    execFileSync(process.execPath, [ESLINT, 'src', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    return '';
  } catch (error) {
    const output = (error as { stdout: string }).stdout;
    const results = JSON.parse(output) as { messages: { ruleId: string | null; fatal?: boolean; message: string }[] }[];
    return results
      .flatMap((result) => result.messages.map((message) => message.ruleId ?? `fatal: ${message.message}`))
      .join('\n');
  }
}

describe('supabase-scale init', () => {
  it.each(['module', 'commonjs'] as const)(
    'writes a config ESLint loads in a "type": "%s" package, with the TypeScript parser',
    async (type) => {
      const root = linkedProject(`supabase-scale-init-${type}-`, type);
      symlinkSync(
        path.join(REPO, 'node_modules', 'typescript-eslint'),
        path.join(root, 'node_modules', 'typescript-eslint'),
        'dir',
      );
      writeFileSync(path.join(root, 'tsconfig.json'), '{}\n');
      mkdirSync(path.join(root, 'src'));
      writeFileSync(path.join(root, 'src', 'rooms.ts'), `declare const supabase: any;\n${READ}`);
      const run = await cli(root, 'init', '--no-ci');
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const config = readFileSync(path.join(root, 'eslint.config.js'), 'utf8');
      expect(config).toContain(
        type === 'module'
          ? "import tseslint from 'typescript-eslint';\nimport supabaseScale from 'eslint-plugin-supabase-scale';\n\nexport default ["
          : "const tseslint = require('typescript-eslint');\nconst supabaseScale = require('eslint-plugin-supabase-scale');\n\nmodule.exports = [",
      );
      expect(run.stdout).toContain(
        `  wrote eslint.config.js (${type === 'module' ? 'an ES module, as package.json says "type": "module"' : 'CommonJS, as the package is'})\n`,
      );
      expect(existsSync(path.join(root, '.github'))).toBe(false);
      expect(eslint(root)).toBe('supabase-scale/require-pagination');
    },
  );

  it('writes the workflow docs/ci.md shows (npm), in pnpm or yarn where the lockfile says so', async () => {
    const docs = readFileSync(path.join(REPO, 'docs', 'ci.md'), 'utf8');
    const shown =
      /```yaml\n(# \.github\/workflows\/supabase-scale\.yml \(written by `supabase-scale init`\)\n[\s\S]*?)```/.exec(
        docs,
      )![1]!;
    const npm = temp({ 'package.json': '{ "name": "app" }\n', 'package-lock.json': '{}\n' });
    await cli(npm, 'init');
    expect(readFileSync(path.join(npm, '.github/workflows/supabase-scale.yml'), 'utf8')).toBe(shown);
    const pnpm = temp({ 'package.json': '{ "name": "app" }\n', 'pnpm-lock.yaml': '' });
    await cli(pnpm, 'init');
    const written = readFileSync(path.join(pnpm, '.github/workflows/supabase-scale.yml'), 'utf8');
    expect(written).toContain('      - uses: pnpm/action-setup@v4\n');
    expect(written).toContain('      - run: pnpm install --frozen-lockfile\n');
    expect(written).toContain('      - run: pnpm exec supabase-scale audit --format sarif -o supabase-scale.sarif\n');
  });

  it('never overwrites a file: an existing config is left and the summary shows what to add; a dry run writes nothing', async () => {
    const root = temp({
      'package.json': '{ "name": "app", "type": "module" }\n',
      'eslint.config.mjs': 'export default [];\n',
      '.github/workflows/supabase-scale.yml': 'name: mine\n',
    });
    const before = snapshot(root);
    const run = await cli(root, 'init');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("  eslint.config.mjs exists: not changed. Add the plugin's config to it:\n");
    expect(run.stdout).toContain("import supabaseScale from 'eslint-plugin-supabase-scale';\n");
    expect(run.stdout).toContain('  .github/workflows/supabase-scale.yml exists: not changed\n');
    expect(run.stdout).toContain(
      '  then install what it uses: npm install --save-dev eslint <the plugin: a packed .tgz or a git URL, see the README>\n',
    );
    expect(snapshot(root)).toEqual(before);
    const fresh = temp({ 'package.json': '{ "name": "app" }\n' });
    const freshBefore = snapshot(fresh);
    const dry = await cli(fresh, 'init', '--dry-run');
    expect(dry.stdout).toContain('  would write eslint.config.js (CommonJS, as the package is):\n');
    expect(dry.stdout).toContain('  would write .github/workflows/supabase-scale.yml (npm, GitHub Actions):\n');
    expect(snapshot(fresh)).toEqual(freshBefore);
  });

  it('a malformed package.json is one line and exit 2', async () => {
    const root = temp({ 'package.json': '{ "name": ' });
    const run = await cli(root, 'init');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^supabase-scale: malformed package\.json: .*\n$/);
  });
});
