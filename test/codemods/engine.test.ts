import { getHeapStatistics } from 'node:v8';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import type { QueryUse } from '../../src/analysis/postgrest/query-use.js';
import { createUnboundedReadDetector } from '../../src/analysis/postgrest/unbounded-read.js';
import { mayHoldUnboundedRead } from '../../src/analysis/text-gates.js';
import { CodemodEngine, parseRoom } from '../../src/codemods/engine.js';
import { codemods } from '../../src/codemods/index.js';
import { CODEMOD_DESCRIPTIONS } from '../../src/codemods/catalog.js';
import type { Codemod } from '../../src/codemods/codemod.js';
import { fixtureCases, PROJECT, settingsFor } from './harness.js';
import { dedent } from '../dedent.js';

// the engine's tests name the cursor (as --cursor id): with no schema, nothing else shows select('*') has an id
const env = { settings: settingsFor({ cursor: 'id' }), types: null, readFile: () => null };
const file = `${PROJECT}/src/file.ts`;

/** A codemod that breaks what it touches: the engine must refuse its rewrite. */
const breaking: Codemod<QueryUse> = {
  name: 'breaking',
  description: 'test',
  rule: 'require-pagination',
  ruleOptions: () => ({}),
  mayHoldSite: (text) => mayHoldUnboundedRead(text, false),
  detect: (ctx) => createUnboundedReadDetector(ctx, { uniqueColumns: ['id'], checkRpc: false }),
  reportLoc: (use) => use.chainEnd.loc,
  plan: ({ findings }) => ({
    edits: findings.map((use) => ({ start: use.chainEnd.range[0], end: use.chainEnd.range[0], text: '(((' })),
    rewritten: findings.length,
    left: [],
    newFiles: [],
  }),
};

const UNBOUNDED =
  "import { supabase } from './lib/supabase';\n\nexport async function rooms() {\n  const { data } = await supabase.from('rooms').select('*');\n  return data;\n}\n";

describe('CodemodEngine', () => {
  it('leaves a file untouched and reports it when a rewrite would not parse', () => {
    const result = new CodemodEngine([breaking], env).transform(file, UNBOUNDED);
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
    expect(result.after).toMatch(/^\uFEFFimport { supabase }/);
    expect(result.after).toContain(
      "from './lib/supabase';\r\nimport { selectAllPages } from './lib/supabase-pagination';\r\n",
    );
    expect(result.after.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('gives the lines of sites left by a later codemod in the file as it was read', () => {
    const text = dedent`
      class Sync {
        async fullSync() {}
        async deltaSync() {}
      }
      export async function run(sync: Sync) {
        return supabase.from('t').select('*');
      }
    `;
    // full-sync-to-delta-sync adds a JSDoc line above line 6 first
    const result = new CodemodEngine(Object.values(codemods), env).transform(file, text);
    expect(result.after.split('\n')).toHaveLength(9);
    expect(result.after.split('\n')[6]).toBe("  return supabase.from('t').select('*');");
    expect(result.left.map((site) => [site.codemod, site.line, site.column])).toEqual([['paginate-selects', 6, 10]]);
  });

  it('does not parse a file the detectors rule out by its text', () => {
    const gate = (name: string, text: string) => codemods[name]!.mayHoldSite(text, env.settings);
    expect(gate('paginate-selects', 'export const x = 1;')).toBe(false);
    expect(gate('full-sync-to-delta-sync', 'export const x = 1;')).toBe(false);
    expect(gate('paginate-selects', "const q = supabase.from('t');\nq.select()")).toBe(true);
    // drizzle's select on an import or a parameter cannot start a PostgREST read
    expect(gate('paginate-selects', "import { db } from './db';\ndb.select().from(users)")).toBe(false);
  });

  it('says when a parse would not fit in the heap left (the 5 MB case is in test/scale/large-files.test.ts)', () => {
    expect(parseRoom(512 * 1024, 'the file')).toBeNull();
    const limit = getHeapStatistics().heap_size_limit;
    expect(parseRoom(limit, 'the paginate-selects rewrite')).toMatch(
      /^the paginate-selects rewrite \(\d+(\.\d)? MB\) needs about \d+(\.\d)? MB of memory to parse, more than the \d+(\.\d)? MB this process has left \(raise it with NODE_OPTIONS=--max-old-space-size=<MB>\)$/,
    );
  });
});

describe('the catalog the CLI reads without loading the codemods', () => {
  it('names every codemod, in the order codemod all runs them, with its description', () => {
    expect(Object.entries(CODEMOD_DESCRIPTIONS)).toEqual(
      Object.entries(codemods).map(([name, codemod]) => [name, codemod.description]),
    );
  });
});

describe("each codemod's text gate", () => {
  /** A file for each codemod that holds the other codemods' words and none of its own. */
  const without: Record<string, string> = {
    'full-sync-to-delta-sync': dedent`
      const { data } = await supabase.from('rooms').select('*');
      supabase.channel('room').on('postgres_changes', { event: '*', schema: 'public' }, onChange).subscribe();`,
    'paginate-selects': dedent`
      await sync.fullSync();
      supabase.channel('room').on('postgres_changes', { event: '*', schema: 'public' }, onChange).subscribe();`,
    'realtime-cleanup': dedent`
      const { data } = await supabase.from('rooms').select('*');
      await sync.fullSync();`,
  };

  it.each(Object.keys(codemods))('%s: false for a file with none of its words, true for each fixture input', (name) => {
    const codemod = codemods[name]!;
    expect(codemod.mayHoldSite('export const answer = 42;\n', env.settings)).toBe(false);
    expect(codemod.mayHoldSite(without[name]!, env.settings)).toBe(false);
    const cases = fixtureCases(name);
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.filter((c) => !codemod.mayHoldSite(c.input, c.settings)).map((c) => `${c.name}.${c.ext}`)).toEqual([]);
  });

  it("reads the codemod's settings: full-sync-to-delta-sync looks for the configured names", () => {
    const codemod = codemods['full-sync-to-delta-sync']!;
    expect(codemod.mayHoldSite('await sync.resyncAll();', env.settings)).toBe(false);
    expect(codemod.mayHoldSite('await sync.resyncAll();', settingsFor({ names: ['resyncAll'] }))).toBe(true);
  });
});

describe("the file's eslint-disable comments for the codemod's rule", () => {
  const lintRule = (codemod: Codemod<never>, code: string) => {
    const linter = new Linter({ configType: 'flat' });
    return linter
      .verify(
        code,
        [
          {
            files: ['**/*.ts'],
            languageOptions: { parser: tsParser },
            plugins: { 'supabase-scale': plugin },
            rules: { [`supabase-scale/${codemod.rule}`]: 'error' },
          },
        ],
        'file.ts',
      )
      .filter((message) => message.ruleId?.startsWith('supabase-scale/'))
      .map((message) => `${message.ruleId} ${message.line}`);
  };

  it('keep a site from paginate-selects as they keep it from require-pagination; other directives do not', () => {
    const read = (table: string) => `  const { data } = await supabase.from('${table}').select('*');\n  return data;`;
    const text = dedent`
      import { supabase } from './lib/supabase';
      export async function a() {
        // eslint-disable-next-line supabase-scale/require-pagination -- twelve currencies
      ${read('currencies')}
      }
      /* eslint-disable supabase-scale/require-pagination */
      export async function b() {
      ${read('countries')}
      }
      /* eslint-enable supabase-scale/require-pagination */
      export async function c() {
        // eslint-disable-next-line no-console
      ${read('rooms')}
      }
      export async function d() {
      ${read('messages').replace(".select('*');", ".select('*'); // eslint-disable-line")}
      }
      export async function e() {
      ${read('profiles')}
      }
    `;
    const codemod = codemods['paginate-selects']!;
    const result = new CodemodEngine([codemod], env).transform(file, text);
    expect(result.error).toBeNull();
    expect(result.rewritten['paginate-selects']).toBe(2);
    expect(result.left).toEqual([]);
    for (const table of ['currencies', 'countries', 'messages'])
      expect(result.after).toContain(`await supabase.from('${table}').select('*');`);
    for (const table of ['rooms', 'profiles'])
      expect(result.after).toContain(`selectAllPages(() => supabase.from('${table}').select('*')`);
    // the rule agrees: before, it reports exactly the two reads rewritten; after, nothing
    expect(lintRule(codemod, text)).toEqual([
      'supabase-scale/require-pagination 15',
      'supabase-scale/require-pagination 23',
    ]);
    expect(lintRule(codemod, result.after)).toEqual([]);
  });

  it('keep a deliberate full sync from full-sync-to-delta-sync; the declaration still gets @deprecated', () => {
    const text = dedent`
      class Sync {
        async fullSync() {}
        async deltaSync() {}
      }
      const sync = new Sync();
      export const refresh = () => sync.fullSync();
      // eslint-disable-next-line supabase-scale/no-full-sync -- the admin reset is a full sync on purpose
      export const reset = () => sync.fullSync();
    `;
    const result = new CodemodEngine([codemods['full-sync-to-delta-sync']!], env).transform(file, text);
    expect(result.rewritten['full-sync-to-delta-sync']).toBe(1);
    expect(result.after).toContain('export const refresh = () => sync.deltaSync();');
    expect(result.after).toContain('export const reset = () => sync.fullSync();');
    expect(result.after).toContain('@deprecated');
  });

  it('follow the options a config comment gives the rule: a read it then calls bounded is left', () => {
    const text = dedent`
      /* eslint supabase-scale/require-pagination: ["error", { "uniqueColumns": ["id", "slug"] }] */
      import { supabase } from './lib/supabase';
      export async function bySlug(slug: string) {
        const { data } = await supabase.from('posts').select('*').eq('slug', slug);
        return data;
      }
    `;
    const result = new CodemodEngine([codemods['paginate-selects']!], env).transform(file, text);
    expect(result.status).toBe('unchanged');
    expect(result.rewritten['paginate-selects']).toBe(0);
  });

  it('still see the sites of a file whose config comment for another rule is malformed (ESLint runs the rules anyway)', () => {
    const text = `/* eslint no-console: [error */\n${UNBOUNDED}`;
    const result = new CodemodEngine([codemods['paginate-selects']!], env).transform(file, text);
    expect(result.rewritten['paginate-selects']).toBe(1);
  });

  it('keep every site of a file that turns the rule off in a config comment', () => {
    const text = `/* eslint supabase-scale/require-pagination: "off" */\n${UNBOUNDED}`;
    const result = new CodemodEngine([codemods['paginate-selects']!], env).transform(file, text);
    expect(result.status).toBe('unchanged');
    expect(result.rewritten['paginate-selects']).toBe(0);
  });
});
