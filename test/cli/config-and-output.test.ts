/**
 * One configuration for the audit and the codemods: supabase-scale.config.json
 * (or --config) gives the audit's rules the options it gives the codemods,
 * and its schema; a malformed file is the same one-line error (exit 2) for
 * both. `-o` writes the audit's report, in every format, to a file. (Output
 * closed early, `audit | head`: test/scale/cli-edges.test.ts.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dedent } from '../dedent.js';
import { type AuditJson, cli, tempProjects } from './helpers.js';

const temp = tempProjects();

const PAGE = dedent`
  import { supabase } from './supabase';

  export async function page(slug: string) {
    const { data } = await supabase.from('pages').select('*').eq('slug', slug);
    return data;
  }
`;

async function audit(root: string, ...flags: string[]): Promise<{ status: number; report: AuditJson; stderr: string }> {
  const run = await cli(root, 'audit', '--format', 'json', '--no-schema', ...flags);
  return { status: run.status, report: JSON.parse(run.stdout || '{}') as AuditJson, stderr: run.stderr };
}

describe('the config file, for the audit as for the codemods', () => {
  it('gives the audit’s rules the options it sets (uniqueColumns: a read bounded by .eq on one is no finding)', async () => {
    const root = temp({ 'src/page.ts': PAGE });
    expect((await audit(root)).report.results.map((result) => result.rule)).toEqual(['require-pagination']);
    const configured = temp({
      'src/page.ts': PAGE,
      'supabase-scale.config.json': JSON.stringify({ uniqueColumns: ['id', 'slug'] }),
    });
    const run = await audit(configured);
    expect(run.stderr).toBe('');
    expect(run.report.results).toEqual([]);
    // the same file through --config
    const named = temp({ 'src/page.ts': PAGE, 'settings/scale.json': JSON.stringify({ uniqueColumns: ['slug'] }) });
    expect((await audit(named, '--config', 'settings/scale.json')).report.results).toEqual([]);
  });

  it('gives the audit its schema (a flag wins over it)', async () => {
    const root = temp({
      'src/page.ts': PAGE,
      'db/20240101000000_pages.sql': 'create table pages (id uuid primary key, slug text not null unique);\n',
      'supabase-scale.config.json': JSON.stringify({ schema: 'db' }),
    });
    const run = await cli(root, 'audit', '--format', 'json');
    const report = JSON.parse(run.stdout) as AuditJson & { schemas: { root: string }[] };
    expect(report.schemas.map((schema) => schema.root)).toEqual(['db']);
    // slug is unique in that schema: the read is bounded
    expect(report.results).toEqual([]);
    const none = JSON.parse((await cli(root, 'audit', '--format', 'json', '--no-schema')).stdout) as AuditJson;
    expect(none.results.map((result) => result.rule)).toEqual(['require-pagination']);
  });

  it.each([
    ['{ "uniqueColumns": "slug" }', 'supabase-scale.config.json: uniqueColumns must be a list of column names'],
    ['{ "schema": [] }', 'supabase-scale.config.json: schema must be a path, a list of paths or false; got []'],
    ['{ "cursorz": "id" }', 'supabase-scale.config.json: cursorz is not a setting'],
    ['{ "pageSize": ', 'malformed config file'],
  ])('%s is the same one-line error for the audit and the codemods (exit 2)', async (text, message) => {
    const root = temp({ 'src/page.ts': PAGE, 'supabase-scale.config.json': text });
    for (const argv of [['audit'], ['codemod', 'all', '--dry-run']]) {
      const run = await cli(root, ...argv);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(message);
    }
  });
});

describe('audit -o, --output-file', () => {
  it.each(['pretty', 'json', 'markdown', 'sarif'])(
    '%s: the report in the file, as stdout would have it',
    async (format) => {
      const root = temp({ 'src/page.ts': PAGE });
      const shown = await cli(root, 'audit', '--format', format, '--no-schema', '--no-color');
      const written = await cli(root, 'audit', '--format', format, '--no-schema', '-o', `report.${format}`);
      expect(written.status).toBe(shown.status);
      expect(written.stdout).toBe('');
      expect(readFileSync(path.join(root, `report.${format}`), 'utf8')).toBe(shown.stdout);
    },
  );

  it('a folder, or a file in a folder that does not exist, is bad usage before the audit', async () => {
    const root = temp({ 'src/page.ts': PAGE });
    const folder = await cli(root, 'audit', '-o', 'src');
    expect(folder.status).toBe(2);
    expect(folder.stderr).toBe('supabase-scale: --output-file src is a folder: name a file\n');
    const missing = await cli(root, 'audit', '--output-file', 'out/report.json');
    expect(missing.stderr).toBe('supabase-scale: --output-file out/report.json: no such folder out\n');
  });
});
