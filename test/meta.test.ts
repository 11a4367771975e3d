import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { configsOf } from '../src/configs.js';
import plugin, { namespace, rules } from '../src/index.js';
import { REPOSITORY_URL } from '../src/rules/create-rule.js';
import { UNCORPUSED_FINDINGS, UNCORPUSED_MIGRATION } from './cli/helpers.js';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

/** Every option schema node that is not a plain `items`/`oneOf` wrapper must say what it is. */
function undocumented(schema: unknown, at: string): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const missing: string[] = [];
  const properties = (node.properties ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(properties)) {
    if (typeof (value as { description?: unknown }).description !== 'string') missing.push(`${at}.${key}`);
    missing.push(...undocumented(value, `${at}.${key}`));
  }
  for (const branch of (node.oneOf ?? node.anyOf ?? []) as unknown[]) {
    if (typeof (branch as { description?: unknown }).description !== 'string') missing.push(`${at} (branch)`);
  }
  return missing;
}

function lintWith(ruleName: string, options: unknown[]): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify('const x = 1;', [
    { plugins: { [namespace]: plugin }, rules: { [`${namespace}/${ruleName}`]: ['error', ...options] } },
  ] as Linter.Config[]);
}

describe('plugin object', () => {
  it('has meta from package.json and the namespace', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'supabase-scale' });
  });

  it('exposes recommended, strict and all as flat configs that carry the plugin', () => {
    expect(Object.keys(plugin.configs).sort()).toEqual(['all', 'recommended', 'strict']);
    for (const [key, config] of Object.entries(plugin.configs)) {
      expect(config.name).toBe(`supabase-scale/${key}`);
      expect(config.plugins?.['supabase-scale']).toBe(plugin);
    }
  });
});

describe.each(Object.entries(rules))('rule %s', (name, rule) => {
  it('has a docs page at its meta.docs.url', () => {
    expect(rule.meta.docs?.url).toBe(`${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`);
    expect(existsSync(path.join(root, 'docs', 'rules', `${name}.md`))).toBe(true);
  });

  it('has a schema whose every option has a description', () => {
    expect(Array.isArray(rule.meta.schema)).toBe(true);
    // one options object (the docs page and the codemods' settings read that one)
    expect(rule.meta.schema as unknown[]).toHaveLength(1);
    expect(undocumented((rule.meta.schema as unknown[])[0], name)).toEqual([]);
  });

  it('accepts its own default options and rejects unknown ones with ESLint’s message', () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks the built rules, whatever their type says
    expect(lintWith(name, (rule.meta.defaultOptions ?? []) as unknown[])).toEqual([]);
    expect(() => lintWith(name, [{ noSuchOption: true }])).toThrow(
      new RegExp(`Key "supabase-scale/${name}":\\s+Value .* should NOT have additional properties`),
    );
  });

  it('has every message named by its tests, and no schema defaults (meta.defaultOptions holds them)', () => {
    // a detector rule reports from its report function, where eslint-plugin-eslint-plugin does not look
    // the rule's test file and the files beside it that test one of its parts (`<rule>.filters.test.ts`, `<rule>-paths.test.ts`)
    const folder = path.join(root, 'test', 'rules');
    const files = readdirSync(folder).filter(
      (file) =>
        file === `${name}.test.ts` ||
        (/^[.-]/.test(file.slice(name.length)) && file.startsWith(name) && file.endsWith('.test.ts')),
    );
    expect(files).toContain(`${name}.test.ts`);
    const tests = files.map((file) => readFileSync(path.join(folder, file), 'utf8')).join('\n');
    expect(Object.keys(rule.meta.messages).filter((id) => !tests.includes(`'${id}'`))).toEqual([]);
    expect(JSON.stringify(rule.meta.schema)).not.toContain('"default":');
  });

  it('is on in exactly the configs its metadata names', () => {
    const expected = configsOf(rule).sort();
    const actual = (Object.keys(plugin.configs) as (keyof typeof plugin.configs)[])
      .filter((key) => plugin.configs[key].rules?.[`supabase-scale/${name}`] === 'error')
      .sort();
    expect(actual).toEqual(expected);
  });
});

describe('option schemas reject bad values', () => {
  it.each([
    ['require-pagination', { pageSize: -1 }],
    ['require-pagination', { pageSize: 2.5 }],
    ['require-pagination', { uniqueColumns: 'id' }],
    ['require-pagination', { uniqueColumns: { profiles: 'user_id' } }],
    ['require-pagination', { checkRpc: 'yes' }],
    ['require-pagination', { paginators: 'selectAllPages' }],
    ['no-full-sync', { names: [] }],
    ['no-full-sync', { names: ['full sync'] }],
    ['no-full-sync', { replacement: 'delta-sync' }],
    ['no-full-sync', { allowIn: 'deltaSync' }],
    ['no-unbounded-realtime', { allowTables: 'profiles' }],
    ['no-unbounded-realtime', { allowTables: [''] }],
    ['require-realtime-cleanup', { effectHooks: 'useEffect' }],
    ['require-cursor-order', { cursorColumns: 'id' }],
    ['require-cursor-order', { uniqueColumns: [1] }],
    ['require-delta-filter', { functionPattern: '' }],
    ['require-delta-filter', { cursorColumns: [] }],
  ])('%s rejects %j', (name, options) => {
    expect(() => lintWith(name, [options])).toThrow(new RegExp(`Key "supabase-scale/${name}":\\s+Value `));
  });
});

describe('option values the schema cannot check', () => {
  it('require-delta-filter rejects an invalid functionPattern with a one-line error naming it', () => {
    expect(() => lintWith('require-delta-filter', [{ functionPattern: '(' }])).toThrow(
      /^Error while loading rule 'supabase-scale\/require-delta-filter': functionPattern "\(" is not a valid regular expression/,
    );
  });
});

describe('text gates (mayReportWithDefaults)', () => {
  it('has one per rule, and every file a rule reports on passes that rule’s gate', async () => {
    const { mayReportWithDefaults } = await import('../src/rules/index.js');
    expect(Object.keys(mayReportWithDefaults).sort()).toEqual(Object.keys(rules).sort());
    const { default: tsParser } = await import('@typescript-eslint/parser');
    const demo = path.join(root, 'fixtures', 'demo-app', 'src');
    // the demo app's files, and a file with a finding of each rule the demo app has no mistake of
    const files: [string, string][] = [
      ...readdirSync(demo, { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.tsx?$/.test(file))
        .map((file): [string, string] => [file, readFileSync(path.join(demo, file), 'utf8')]),
      ['uncorpused.ts', UNCORPUSED_FINDINGS],
    ];
    // the schema UNCORPUSED_FINDINGS subscribes against (no-invalid-realtime-filter reports only with one)
    const schema = mkdtempSync(path.join(tmpdir(), 'supabase-scale-gates-'));
    mkdirSync(path.dirname(path.join(schema, UNCORPUSED_MIGRATION.path)), { recursive: true });
    writeFileSync(path.join(schema, UNCORPUSED_MIGRATION.path), UNCORPUSED_MIGRATION.text);
    const linter = new Linter({ configType: 'flat' });
    let reported = 0;
    const reportedRules = new Set<string>();
    for (const [file, text] of files) {
      const messages = linter.verify(
        text,
        [
          {
            files: ['**/*.ts', '**/*.tsx'],
            languageOptions: { parser: tsParser },
            ...plugin.configs.all,
            settings: { 'supabase-scale': { schema } },
          },
        ] as Linter.Config[],
        `file${path.extname(file)}`,
      );
      for (const message of messages) {
        const rule = message.ruleId!.slice('supabase-scale/'.length) as keyof typeof mayReportWithDefaults;
        expect(mayReportWithDefaults[rule](text, path.join(demo, file)), `${file}: ${rule}`).toBe(true);
        reported += 1;
        reportedRules.add(rule);
      }
    }
    expect(reported).toBeGreaterThan(10);
    // every gate is checked on a file its rule reports on
    expect([...reportedRules].sort()).toEqual(Object.keys(rules).sort());
    // and a file with none of the method names passes no gate
    for (const gate of Object.values(mayReportWithDefaults))
      expect(gate('export const answer = 42;\n', path.join(demo, 'answer.ts'))).toBe(false);
  });
});
