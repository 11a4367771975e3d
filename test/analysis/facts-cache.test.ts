/**
 * Function facts kept on disk (src/analysis/project/disk-cache.ts): a module
 * is parsed for its facts once per content, and the next process (here: the
 * index cleared) reads them back; an edited module, an entry that does not
 * read as facts, a cache turned off or a folder that cannot be written.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, Linter } from 'eslint';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearProjectIndex, factParses, factsOfFile, ownFactWalks } from '../../src/analysis/project/index.js';
import { SCHEMA_CACHE_ENV } from '../../src/schema/disk-cache.js';
import { noQueryInLoop } from '../../src/rules/no-query-in-loop.js';
import { dedent } from '../dedent.js';

const API = dedent`
  import { supabase } from './client';

  export async function loadTotals(id: string) {
    const { data } = await supabase.from('totals').select('sum').eq('client_id', id).single();
    return data;
  }
`;
const PAGE = dedent`
  import { loadTotals } from './api';

  export async function totalsOf(ids: string[]) {
    for (const id of ids) await loadTotals(id);
  }
`;

let root: string;
let app: string;
let cache: string;
const before = process.env.SUPABASE_SCALE_SCHEMA_CACHE;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-facts-cache-'));
  app = path.join(root, 'app');
  cache = path.join(root, 'cache');
  mkdirSync(path.join(app, 'src'), { recursive: true });
  writeFileSync(path.join(app, 'src', 'api.ts'), API);
  writeFileSync(path.join(app, 'src', 'page.ts'), PAGE);
  expect(SCHEMA_CACHE_ENV).toBe('SUPABASE_SCALE_SCHEMA_CACHE');
  process.env.SUPABASE_SCALE_SCHEMA_CACHE = cache;
  clearProjectIndex();
});

afterEach(() => {
  if (before === undefined) delete process.env.SUPABASE_SCALE_SCHEMA_CACHE;
  else process.env.SUPABASE_SCALE_SCHEMA_CACHE = before;
  clearProjectIndex();
  rmSync(root, { recursive: true, force: true });
});

const api = () => path.join(app, 'src', 'api.ts');
const page = () => path.join(app, 'src', 'page.ts');
/** The entries in the cache folder, relative to it. */
const entries = (): string[] => {
  const dir = path.join(cache, 'facts');
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
};
const functionsOf = (file: string) => Object.keys(factsOfFile(file)?.functions ?? {}).sort();

describe('function facts on disk', () => {
  it('are parsed once per content: the next process reads them back, the same facts', () => {
    const first = factsOfFile(api());
    expect(factParses()).toEqual([api()]);
    expect(entries()).toHaveLength(1);
    clearProjectIndex();
    expect(factsOfFile(api())).toEqual(first);
    expect(factParses()).toEqual([]);
    expect(first?.functions.loadTotals?.requests.map((r) => `${r.method} ${r.table}`)).toEqual(['select totals']);
  });

  it('an edited module is parsed again (its content is its key)', () => {
    expect(functionsOf(api())).toEqual(['loadTotals']);
    writeFileSync(api(), `${API}\nexport async function other() {\n  return 1;\n}\n`);
    clearProjectIndex();
    expect(functionsOf(api())).toEqual(['loadTotals', 'other']);
    expect(factParses()).toEqual([api()]);
    expect(entries()).toHaveLength(2);
  });

  it('an entry that does not read as facts is ignored, and written again', () => {
    const first = factsOfFile(api());
    const [entry] = entries();
    const file = path.join(cache, 'facts', entry!);
    for (const broken of ['{"version":', '{"version":"0","file":"x","facts":{}}', 'null']) {
      writeFileSync(file, broken);
      clearProjectIndex();
      expect(factsOfFile(api())).toEqual(first);
      expect(factParses()).toEqual([api()]);
      expect((JSON.parse(readFileSync(file, 'utf8')) as { facts: unknown }).facts).toEqual(first);
    }
  });

  it('are not kept with the cache off, nor where the folder cannot be written; the facts are the same', () => {
    process.env.SUPABASE_SCALE_SCHEMA_CACHE = 'off';
    const first = factsOfFile(api());
    expect(entries()).toEqual([]);
    // a file where the folder would be
    writeFileSync(cache, 'not a folder');
    process.env.SUPABASE_SCALE_SCHEMA_CACHE = cache;
    clearProjectIndex();
    expect(factsOfFile(api())).toEqual(first);
    expect(factParses()).toEqual([api()]);
  });

  it('a lint keeps the facts of the file it lints and of the modules it reads: the next process parses neither', () => {
    const linter = new Linter({ configType: 'flat', cwd: app });
    const messages = linter.verify(
      PAGE,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser },
          plugins: { s: { rules: { loop: noQueryInLoop } as never } },
          rules: { 's/loop': 'error' },
        },
      ],
      page(),
    );
    expect(messages.map((m) => `${m.ruleId} ${m.line}`)).toEqual(['s/loop 4']);
    expect(factParses()).toEqual([api()]);
    expect(entries()).toHaveLength(2);
    clearProjectIndex();
    expect(functionsOf(page())).toEqual(['totalsOf']);
    expect(functionsOf(api())).toEqual(['loadTotals']);
    expect(factParses()).toEqual([]);
  });

  describe('in an editor session (lintText in one process)', () => {
    const LOCAL = dedent`
      import { supabase } from './client';

      async function loadTotal(id: string) {
        return supabase.from('totals').select('sum').eq('client_id', id).single();
      }

      export async function totalsOf(ids: string[]) {
        for (const id of ids) await loadTotal(id);
      }
    `;
    const editor = () =>
      new ESLint({
        cwd: app,
        overrideConfigFile: true,
        overrideConfig: [
          {
            files: ['**/*.ts'],
            languageOptions: { parser: tsParser },
            plugins: { s: { rules: { loop: noQueryInLoop } as never } },
            rules: { 's/loop': 'error' },
          },
        ],
      });
    const found = async (eslint: ESLint, text: string, file = page()) =>
      (await eslint.lintText(text, { filePath: file })).flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.line}`));

    it("reads the linted file's own facts back for a text already kept, walks an edited one: the finding follows the text", async () => {
      writeFileSync(page(), LOCAL);
      const eslint = editor();
      expect(await found(eslint, LOCAL)).toEqual(['s/loop 8']);
      expect(ownFactWalks()).toBe(1);
      // the next process: the same text is read back, not walked
      clearProjectIndex();
      const next = editor();
      expect(await found(next, LOCAL)).toEqual(['s/loop 8']);
      expect(ownFactWalks()).toBe(0);
      // unsaved edits: the helper no longer sends the request (its caller does, once), then does again
      const edited = LOCAL.replace(
        "return supabase.from('totals').select('sum').eq('client_id', id).single();",
        'return id;',
      ).replace('for (const id', "await supabase.from('totals').select('sum').limit(1);\n  for (const id");
      expect(edited).not.toBe(LOCAL);
      expect(await found(next, edited)).toEqual([]);
      expect(ownFactWalks()).toBe(1);
      expect(await found(next, LOCAL)).toEqual(['s/loop 8']);
      expect(ownFactWalks()).toBe(1);
    });

    it('sees an imported module edited on disk between two lints', async () => {
      const eslint = editor();
      expect(await found(eslint, PAGE)).toEqual(['s/loop 4']);
      writeFileSync(
        api(),
        API.replace(
          "const { data } = await supabase.from('totals').select('sum').eq('client_id', id).single();",
          'const data = id;',
        ),
      );
      expect(await found(eslint, PAGE)).toEqual([]);
      writeFileSync(api(), API);
      expect(await found(eslint, PAGE)).toEqual(['s/loop 4']);
    });
  });
});
