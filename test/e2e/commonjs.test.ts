/**
 * CommonJS users: `require('eslint-plugin-supabase-scale')` (Node 20.19+
 * require(esm)) gives the plugin's configs, rules and meta, and an
 * eslint.config.cjs that uses it works on ESLint 10 and ESLint 9. The plugin
 * is loaded from dist/ through its package name (`npm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkedProject } from './linked-project.js';
import { dedent } from '../dedent.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let project: string;

beforeAll(() => {
  project = linkedProject('supabase-scale-cjs-', 'commonjs');
  writeFileSync(
    path.join(project, 'eslint.config.cjs'),
    dedent`
      const tsParser = require('@typescript-eslint/parser');
      const supabaseScale = require('eslint-plugin-supabase-scale');

      module.exports = [
        { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
        supabaseScale.configs.recommended,
      ];
    `,
  );
  writeFileSync(
    path.join(project, 'rooms.ts'),
    "export async function rooms() {\n  const { data } = await supabase.from('rooms').select('*');\n  return data;\n}\n",
  );
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('require() of the package', () => {
  it('gives configs, rules and meta, the same objects as the default export', () => {
    const script = dedent`
      const p = require('eslint-plugin-supabase-scale');
      console.log(JSON.stringify({
        configs: Object.keys(p.configs),
        recommended: Object.keys(p.configs.recommended.rules).includes('supabase-scale/require-pagination'),
        rules: Object.keys(p.rules).length === Object.keys(p.default.rules).length,
        sameConfigs: p.configs === p.default.configs,
        meta: p.meta.namespace,
      }));`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({
      configs: ['recommended', 'strict', 'all'],
      recommended: true,
      rules: true,
      sameConfigs: true,
      meta: 'supabase-scale',
    });
  });
});

describe.each([
  ['ESLint 10', path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js')],
  ['ESLint 9', path.join(root, 'node_modules', 'eslint9', 'bin', 'eslint.js')],
])('%s with eslint.config.cjs', (_label, bin) => {
  it("finds the plugin's findings", () => {
    let output = '';
    let status = 0;
    try {
      output = execFileSync(process.execPath, [bin, '--format', 'json', 'rooms.ts'], {
        cwd: project,
        encoding: 'utf8',
      });
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      status = failed.status;
      output = failed.stdout;
      if (status !== 1) throw new Error(`eslint exited ${status}: ${failed.stderr}`);
    }
    expect(status).toBe(1);
    const [result] = JSON.parse(output) as { messages: { ruleId: string; line: number }[] }[];
    expect(result!.messages.map((m) => `${m.ruleId}@${m.line}`)).toEqual(['supabase-scale/require-pagination@2']);
  });
});
