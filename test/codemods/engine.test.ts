import { describe, expect, it } from 'vitest';
import { createUnboundedReadDetector, type QueryUse } from '../../src/analysis/postgrest.js';
import { CodemodEngine, mayHoldSite } from '../../src/codemods/engine.js';
import { codemods } from '../../src/codemods/index.js';
import type { Codemod } from '../../src/codemods/types.js';
import { PROJECT, settingsFor } from './harness.js';

const env = { settings: settingsFor({}), types: null, readFile: () => null };
const file = `${PROJECT}/src/file.ts`;

/** A codemod that breaks what it touches: the engine must refuse its rewrite. */
const breaking: Codemod<QueryUse> = {
  name: 'breaking',
  description: 'test',
  rule: 'require-pagination',
  ruleOptions: () => ({}),
  detect: (ctx) => createUnboundedReadDetector(ctx, { uniqueColumns: ['id'], checkRpc: false }),
  plan: ({ findings }) => ({
    edits: findings.map((use) => ({ start: use.chainEnd.range[0], end: use.chainEnd.range[0], text: '(((' })),
    rewritten: findings.length,
    left: [],
    newFiles: [],
  }),
};

const UNBOUNDED = "import { supabase } from './lib/supabase';\n\nexport async function rooms() {\n  const { data } = await supabase.from('rooms').select('*');\n  return data;\n}\n";

describe('CodemodEngine', () => {
  it('leaves a file untouched and reports it when a rewrite would not parse', () => {
    const result = new CodemodEngine([breaking as Codemod<never>], env).transform(file, UNBOUNDED);
    expect(result.status).toBe('failed');
    expect(result.after).toBe(UNBOUNDED);
    expect(result.error).toMatch(/^the breaking rewrite would not parse \(line 4:/);
  });

  it('reports a file that does not parse', () => {
    const broken = "const = supabase.from('t').select();";
    const result = new CodemodEngine(Object.values(codemods), env).transform(file, broken);
    expect(result).toMatchObject({ status: 'failed', after: broken });
    expect(result.error).toMatch(/^does not parse \(line 1:/);
  });

  it('keeps a byte-order mark and CRLF line ends', () => {
    const crlf = `\uFEFF${UNBOUNDED.replace(/\n/g, '\r\n')}`;
    const result = new CodemodEngine([codemods['paginate-selects']!], env).transform(file, crlf);
    expect(result.status).toBe('changed');
    expect(result.after.startsWith('\uFEFFimport { supabase }')).toBe(true);
    expect(result.after).toContain("from './lib/supabase';\r\nimport { selectAllPages } from './lib/supabase-pagination';\r\n");
    expect(result.after.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('gives the lines of sites left by a later codemod in the file as it was read', () => {
    const text = [
      'class Sync {',
      '  async fullSync() {}',
      '  async deltaSync() {}',
      '}',
      'export async function run(sync: Sync) {',
      "  return supabase.from('t').select('*');",
      '}',
      '',
    ].join('\n');
    // full-sync-to-delta-sync adds a JSDoc line above line 6 first
    const result = new CodemodEngine(Object.values(codemods), env).transform(file, text);
    expect(result.after.split('\n')).toHaveLength(9);
    expect(result.after.split('\n')[6]).toBe("  return supabase.from('t').select('*');");
    expect(result.left.map((site) => [site.codemod, site.line, site.column])).toEqual([['paginate-selects', 6, 10]]);
  });

  it('does not parse a file the detectors rule out by its text', () => {
    expect(mayHoldSite(codemods['paginate-selects']!, 'export const x = 1;', env)).toBe(false);
    expect(mayHoldSite(codemods['full-sync-to-delta-sync']!, 'export const x = 1;', env)).toBe(false);
    expect(mayHoldSite(codemods['paginate-selects']!, "const q = supabase.from('t');\nq.select()", env)).toBe(true);
    // drizzle's select on an import or a parameter cannot start a PostgREST read
    expect(mayHoldSite(codemods['paginate-selects']!, "import { db } from './db';\ndb.select().from(users)", env)).toBe(false);
  });
});
