import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ruleTable, TABLE_END, TABLE_START } from '../scripts/rule-table.mjs';
import { configsOf } from '../src/configs.js';
import plugin, { namespace, rules } from '../src/index.js';
import { codemods } from '../src/codemods/index.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/**
 * A code example of a rule's page (CONTRIBUTING.md, "Docs examples"): a fenced
 * block whose info string is the language, then `wrong` or `right`, then
 * optionally the rule's options as JSON: ```ts wrong, ```tsx right,
 * ```ts right {"allowIn": ["deltaSync"]}. A page with a ```sql block is
 * linted with that schema (as the project's one migration); the others with none.
 */
interface Example {
  kind: 'wrong' | 'right';
  lang: string;
  options: Record<string, unknown> | undefined;
  code: string;
  /** Line of the page where the code starts (1-based). */
  line: number;
}

const CODE_LANGS = new Set(['ts', 'tsx', 'js', 'jsx']);

/** The marked examples of a page, and the lines of the code blocks under ## Wrong / ## Right that are not marked. */
function examplesOf(page: string): { examples: Example[]; unmarked: number[] } {
  const lines = page.split('\n');
  const examples: Example[] = [];
  const unmarked: number[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.startsWith('## ')) section = line;
    const fence = /^```(\S*)\s*(.*)$/.exec(line);
    if (!fence) continue;
    const [, lang = '', info = ''] = fence;
    let end = i + 1;
    while (end < lines.length && lines[end] !== '```') end += 1;
    const marker = /^(wrong|right)\b\s*(.*)$/.exec(info);
    if (marker) {
      examples.push({
        kind: marker[1] as Example['kind'],
        lang,
        options: marker[2] ? (JSON.parse(marker[2]) as Record<string, unknown>) : undefined,
        code: `${lines.slice(i + 1, end).join('\n')}\n`,
        line: i + 2,
      });
    } else if (CODE_LANGS.has(lang) && (section === '## Wrong' || section === '## Right')) {
      unmarked.push(i + 1);
    }
    i = end;
  }
  return { examples, unmarked };
}

/**
 * The examples of a block: its paragraphs, split at a blank line followed by a
 * line that starts at the left margin (and does not close a bracket); as
 * [first, last] lines of the block, 1-based.
 */
function paragraphs(code: string): [number, number][] {
  const lines = code.replace(/\n$/, '').split('\n');
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 1; i < lines.length; i += 1) {
    if (lines[i - 1] === '' && /^[^\s)\]}]/.test(lines[i]!)) {
      out.push([start + 1, i - 1]);
      start = i;
    }
  }
  out.push([start + 1, lines.length]);
  return out;
}

/**
 * The schema a page's examples assume: its ```sql block, written as the one
 * migration of a throwaway project; undefined when the page has none.
 */
function pageSchema(page: string): string | undefined {
  const sql = /^```sql\n([\s\S]*?)^```$/m.exec(page)?.[1];
  if (sql === undefined) return undefined;
  const root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-docs-schema-'));
  mkdirSync(path.join(root, 'supabase', 'migrations'), { recursive: true });
  writeFileSync(path.join(root, 'supabase', 'migrations', '20240101000000_init.sql'), sql);
  return root;
}

function lintExample(name: string, example: Example, schema: string | undefined): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    example.code,
    [
      {
        files: ['**/*.{js,jsx,ts,tsx}'],
        languageOptions: {
          parser: tsParser,
          parserOptions: { ecmaFeatures: { jsx: example.lang.endsWith('x') } },
        },
        plugins: { [namespace]: plugin },
        rules: { [`${namespace}/${name}`]: ['error', ...(example.options ? [example.options] : [])] },
        // the page's own schema, or none (the repository's root is no Supabase project of the examples)
        settings: { [namespace]: { schema: schema ?? false } },
      },
    ] as Linter.Config[],
    `example.${example.lang}`,
  );
}

describe('README', () => {
  it('has the rule table the rules’ metadata gives (run `npm run docs` to update it)', () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf(TABLE_START) + TABLE_START.length, readme.indexOf(TABLE_END)).trim();
    expect(table).toBe(ruleTable(rules, configsOf));
  });

  it('links a docs page for every codemod, and the page exists and names it', () => {
    const readme = read('README.md');
    for (const name of Object.keys(codemods)) {
      expect(readme, name).toContain(`(docs/codemods/${name}.md)`);
      expect(read(`docs/codemods/${name}.md`), name).toContain(name);
    }
  });

  it('states the two commands that work on a fresh clone', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
  });
});

describe.each(Object.entries(rules))('docs/rules/%s.md', (name, rule) => {
  const page = read(`docs/rules/${name}.md`);
  const lines = page.split('\n');

  it('starts with the rule name and its description', () => {
    expect(lines[0]).toBe(`# supabase-scale/${name}`);
    expect(lines[2]).toBe(`> ${rule.meta.docs?.description}`);
  });

  it('names the configs and says whether it suggests', () => {
    const configs = configsOf(rule).join(', ');
    expect(lines[4]).toMatch(
      new RegExp(`^Configs: ${configs} · Suggestions: ${rule.meta.hasSuggestions ? 'yes' : 'no'}`),
    );
  });

  it('has the why, wrong and right examples, a section per option, and when not to use it', () => {
    for (const heading of ['## Why', '## Wrong', '## Right', '## Options', '## When not to use it'])
      expect(lines).toContain(heading);
    const schema = (rule.meta.schema as readonly { properties?: Record<string, unknown> }[])[0];
    const documented = lines.filter((line) => line.startsWith('### ')).map((line) => line.slice(4));
    expect(documented.sort()).toEqual(Object.keys(schema?.properties ?? {}).sort());
  });

  it("shows the rule's defaults as its Options block: the same JSON as meta.defaultOptions", () => {
    const options = page.slice(page.indexOf('## Options'));
    const properties = (rule.meta.schema as readonly { properties?: Record<string, unknown> }[])[0]?.properties ?? {};
    if (Object.keys(properties).length === 0) {
      expect(options).toContain('This rule has no options.');
      return;
    }
    const block = /```json\n([\s\S]*?)```/.exec(options);
    expect(block, 'an Options block (```json) with the defaults').not.toBeNull();
    const config = JSON.parse(block![1]!) as Record<string, unknown[]>;
    expect(config[`${namespace}/${name}`]).toEqual(['error', ...(rule.meta.defaultOptions as unknown[])]);
  });

  it('mentions the max-rows fact where pagination is concerned', () => {
    if (name === 'require-pagination') expect(page).toContain('max-rows (1,000');
  });

  const { examples, unmarked } = examplesOf(page);
  const schema = pageSchema(page);

  it('marks every code block of its Wrong and Right sections (```ts wrong, ```ts right), and has both', () => {
    expect(unmarked.map((line) => `line ${line}`)).toEqual([]);
    expect(examples.filter((example) => example.kind === 'wrong')).not.toEqual([]);
    expect(examples.filter((example) => example.kind === 'right')).not.toEqual([]);
  });

  it.each(examples.map((example) => [`${example.kind} example at line ${example.line}`, example] as const))(
    '%s: parses; wrong is reported by the rule in each of its paragraphs, right is not reported',
    (_label, example) => {
      const messages = lintExample(name, example, schema);
      expect(messages.filter((message) => message.fatal).map((message) => message.message)).toEqual([]);
      if (example.kind === 'right') {
        expect(messages.map((message) => `${message.line}:${message.column} ${message.message}`)).toEqual([]);
      } else {
        expect(messages.filter((message) => message.ruleId !== `${namespace}/${name}`)).toEqual([]);
        const silent = paragraphs(example.code).filter(
          ([first, last]) => !messages.some((message) => message.line >= first && message.line <= last),
        );
        // page lines of the paragraphs that are not reported
        expect(silent.map(([first, last]) => `lines ${first + example.line - 1}-${last + example.line - 1}`)).toEqual(
          [],
        );
      }
    },
  );
});
