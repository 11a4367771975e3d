/**
 * `supabase-scale init`: the eslint.config.js it writes is in the project's
 * module system (ESLint loads it: test/scale/cli-edges.test.ts); the workflow
 * is the one docs/ci.md shows; a file that exists is not overwritten; a dry
 * run writes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, snapshot, tempProjects } from './helpers.js';

const temp = tempProjects();
const REPO = path.resolve(import.meta.dirname, '..', '..');
describe('supabase-scale init', () => {
  it.each([
    [
      'module',
      { type: 'module' },
      "import tseslint from 'typescript-eslint';\nimport supabaseScale from 'eslint-plugin-supabase-scale';\n\nexport default [",
    ],
    [
      'commonjs',
      { type: 'commonjs' },
      "const tseslint = require('typescript-eslint');\nconst supabaseScale = require('eslint-plugin-supabase-scale');\n\nmodule.exports = [",
    ],
    ['no type', {}, "const tseslint = require('typescript-eslint');"],
  ])('a "%s" package gets a config in its module system, with the TypeScript parser', async (_type, json, expected) => {
    const root = temp({ 'package.json': JSON.stringify({ name: 'app', ...json }), 'tsconfig.json': '{}\n' });
    const run = await cli(root, 'init', '--no-ci');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const config = readFileSync(path.join(root, 'eslint.config.js'), 'utf8');
    expect(config).toContain(expected);
    expect(config).toContain(
      "  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },\n  supabaseScale.configs.recommended,\n];\n",
    );
    expect(existsSync(path.join(root, '.github'))).toBe(false);
  });

  it('no TypeScript, no parser; @typescript-eslint/parser when that is what the project has', async () => {
    const plain = temp({ 'package.json': '{ "name": "app", "type": "module" }\n' });
    await cli(plain, 'init', '--no-ci');
    expect(readFileSync(path.join(plain, 'eslint.config.js'), 'utf8')).not.toContain('parser');
    const parser = temp({
      'package.json': JSON.stringify({
        type: 'module',
        devDependencies: { typescript: '5', '@typescript-eslint/parser': '8' },
      }),
    });
    await cli(parser, 'init', '--no-ci');
    expect(readFileSync(path.join(parser, 'eslint.config.js'), 'utf8')).toContain(
      "import tsParser from '@typescript-eslint/parser';",
    );
  });

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
