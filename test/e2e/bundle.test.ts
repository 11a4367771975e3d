/**
 * The plugin's entry is one file, dist/plugin.js (scripts/bundle.mjs, part of
 * the build): what package.json gives ESLint and the oxlint engine. It must
 * import no file of the package (or the point, one module to load, is lost and
 * state would be held twice) and be the same plugin as dist/index.js, whose
 * modules the CLI loads. `npm test` builds dist/ first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const bundle = path.join(root, 'dist', 'plugin.js');

interface PluginModule {
  default: {
    meta: Record<string, unknown>;
    rules: Record<string, { meta: unknown }>;
    configs: Record<string, unknown>;
  };
}

describe('dist/plugin.js, the plugin in one file', () => {
  it('is what package.json gives as main and as the "." export', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      main: string;
      exports: Record<string, { default: string }>;
    };
    expect(path.join(root, manifest.main)).toBe(bundle);
    expect(path.join(root, manifest.exports['.']!.default)).toBe(bundle);
  });

  it('imports packages only, never a file of its own', () => {
    const text = readFileSync(bundle, 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => s.startsWith('.') || s.startsWith('/'))).toEqual([]);
    expect(text).not.toMatch(/\bimport\(\s*['"]\.{1,2}\//);
  });

  it('is the same plugin as dist/index.js: the same meta, rules (with their meta) and configs', async () => {
    const one = (await import(pathToFileURL(bundle).href)) as PluginModule;
    const modules = (await import(pathToFileURL(path.join(root, 'dist', 'index.js')).href)) as PluginModule;
    expect(one.default.meta).toEqual(modules.default.meta);
    expect(Object.keys(one.default.rules).sort()).toEqual(Object.keys(modules.default.rules).sort());
    for (const [name, rule] of Object.entries(one.default.rules))
      expect(JSON.stringify(rule.meta), name).toBe(JSON.stringify(modules.default.rules[name]!.meta));
    expect(JSON.stringify(Object.keys(one.default.configs))).toBe(JSON.stringify(Object.keys(modules.default.configs)));
    for (const key of Object.keys(one.default.configs)) {
      const rules = (config: unknown): unknown => (config as { rules: unknown }).rules;
      expect(rules(one.default.configs[key]), key).toEqual(rules(modules.default.configs[key]));
    }
  });
});
