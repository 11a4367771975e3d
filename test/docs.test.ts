import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleTable, TABLE_END, TABLE_START } from '../scripts/rule-table.mjs';
import { configsOf } from '../src/configs.js';
import { rules } from '../src/index.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

describe('README', () => {
  it('has the rule table the rules’ metadata gives (run `npm run docs` to update it)', () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf(TABLE_START) + TABLE_START.length, readme.indexOf(TABLE_END)).trim();
    expect(table).toBe(ruleTable(rules, configsOf));
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

  it('has the why, wrong and right examples, and a section per option', () => {
    for (const heading of ['## Why', '## Wrong', '## Right', '## Options']) expect(lines).toContain(heading);
    const schema = (rule.meta.schema as readonly { properties?: Record<string, unknown> }[])[0];
    const documented = lines.filter((line) => line.startsWith('### ')).map((line) => line.slice(4));
    expect(documented.sort()).toEqual(Object.keys(schema?.properties ?? {}).sort());
  });

  it('mentions the max-rows fact where pagination is concerned', () => {
    if (name === 'require-pagination') expect(page).toContain('max-rows (1,000');
  });
});
