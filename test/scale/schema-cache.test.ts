/**
 * `npm run test:scale`: one schema cache folder shared by processes started
 * together (ESLint's workers, CI shards, an editor beside a CLI run), through
 * the built package: each reads a whole schema, the same one; no temporary
 * file is left behind; the CLI then reads what they wrote. The processes run
 * with `--input-type=module`, which the SQL parser's worker thread (CommonJS
 * source) must not inherit.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { dedent } from '../dedent.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(root, 'dist', 'cli', 'bin.js');
const PROCESSES = 6;

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist', 'index.js')))
    throw new Error('dist/ is missing: run `npm run test:scale` (it builds first) or `npm run build`');
});

describe('one schema cache folder for every process', () => {
  it('is written and read by processes started together, then read by the CLI', async () => {
    const project = mkdtempSync(path.join(tmpdir(), 'supabase-scale-shared-cache-'));
    const migrations = path.join(project, 'supabase', 'migrations');
    mkdirSync(migrations, { recursive: true });
    for (let i = 0; i < 20; i += 1)
      writeFileSync(
        path.join(migrations, `2024010100${String(i).padStart(4, '0')}_t${i}.sql`),
        `create table public.t${i} (id uuid primary key, slug text not null unique, body text);\n`,
      );
    const cacheDir = path.join(project, 'cache');
    const env = { ...process.env, SUPABASE_SCALE_SCHEMA_CACHE: cacheDir };
    const script = dedent`
      const { loadSchemaSync } = await import(${JSON.stringify(path.join(root, 'dist', 'schema', 'index.js'))});
      const schema = loadSchemaSync({ from: process.argv[1] });
      console.log(JSON.stringify([...schema.relations.values()]));
    `;
    const run = promisify(execFile);
    const outputs = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        run(process.execPath, ['--input-type=module', '-e', script, project], { env }),
      ),
    );
    const relations = outputs.map((o) => o.stdout);
    expect(new Set(relations).size).toBe(1);
    expect((JSON.parse(relations[0]!) as { name: string }[]).map((r) => r.name)).toHaveLength(20);
    const files = readdirSync(cacheDir);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('schema-'))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('source-'))).toHaveLength(1);
    for (const file of files)
      expect(() => JSON.parse(readFileSync(path.join(cacheDir, file), 'utf8')) as unknown).not.toThrow();
    const shown = execFileSync(process.execPath, [CLI, 'schema'], { cwd: project, env, encoding: 'utf8' });
    expect(shown).toContain('read from the schema cache: cache/schema-');
    expect(shown).toContain('relations: 20');
  });
});
