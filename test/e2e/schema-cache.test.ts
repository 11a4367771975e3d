/**
 * ESLint's `--cache` and the schema, through the built package (`npm test`
 * builds dist/ first): with the plugin's `schemaCacheKey()` in settings, an
 * edited migration drops the results linted against the older schema.
 * Processes sharing one cache folder: test/scale/schema-cache.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dedent } from '../dedent.js';
import { linkedProject } from './linked-project.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const ESLINT = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
/** The default places, as a user has them (vitest.config.ts turns the cache off for the other tests). */
const env = { ...process.env, SUPABASE_SCALE_SCHEMA_CACHE: '' };

const UNIQUE = 'create table public.profiles (id uuid primary key, user_id uuid not null unique, name text);\n';
const NOT_UNIQUE = UNIQUE.replace(' unique', '');
const READ = dedent`
  import { supabase } from './client';

  export async function profileOf(userId: string) {
    const { data } = await supabase.from('profiles').select('name').eq('user_id', userId);
    return data;
  }
`;

function project(settings: string): string {
  const dir = linkedProject('supabase-scale-schema-cache-', 'module');
  mkdirSync(path.join(dir, 'supabase', 'migrations'), { recursive: true });
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'supabase', 'migrations', '20240101000000_init.sql'), UNIQUE);
  writeFileSync(path.join(dir, 'src', 'read.ts'), READ);
  writeFileSync(
    path.join(dir, 'eslint.config.js'),
    dedent`
      import tsParser from '@typescript-eslint/parser';
      import supabaseScale, { schemaCacheKey } from 'eslint-plugin-supabase-scale';

      export default [
        { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
        supabaseScale.configs.recommended,
        ${settings}
      ];
    `,
  );
  return dir;
}

/** The rules ESLint reported, linting src with --cache. */
function lintWithCache(dir: string): string[] {
  const run = (): string => {
    try {
      return execFileSync(process.execPath, [ESLINT, '--cache', '--format', 'json', 'src'], {
        cwd: dir,
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      if (failed.status !== 1) throw new Error(`eslint exited ${failed.status}: ${failed.stderr}`);
      return failed.stdout;
    }
  };
  const results = JSON.parse(run()) as { messages: { ruleId: string | null }[] }[];
  return results.flatMap((r) => r.messages.map((m) => m.ruleId ?? 'fatal'));
}

function setMigration(dir: string, sql: string): void {
  writeFileSync(path.join(dir, 'supabase', 'migrations', '20240101000000_init.sql'), sql);
}

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist', 'index.js')))
    throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`');
});

describe('eslint --cache and the schema', () => {
  it('lints again when a migration changes, with schemaCacheKey() in settings', () => {
    const dir = project(`{ settings: { 'supabase-scale': { schemaKey: schemaCacheKey() } } },`);
    expect(lintWithCache(dir)).toEqual([]);
    // without the key ESLint would answer [] from its cache: it sees the linted file and the config, never the migrations
    setMigration(dir, NOT_UNIQUE);
    expect(lintWithCache(dir)).toEqual(['supabase-scale/require-pagination']);
  });
});
