import { createRequire } from 'node:module';
import type { ESLint, Linter, Rule } from 'eslint';
import { type ConfigKey, ruleLevels } from './configs.js';
import { namespace } from './namespace.js';
import { rules } from './rules/index.js';

const { name, version } = createRequire(import.meta.url)('../package.json') as {
  name: string;
  version: string;
};

export { namespace };

export interface SupabaseScalePlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<keyof typeof rules, Rule.RuleModule>;
  configs: Record<ConfigKey, Linter.Config>;
}

const plugin = {
  meta: { name, version, namespace },
  rules: rules as unknown as SupabaseScalePlugin['rules'],
  configs: {} as SupabaseScalePlugin['configs'],
} satisfies SupabaseScalePlugin;

const levels = ruleLevels(namespace, rules);
for (const key of ['recommended', 'strict', 'all'] as const) {
  plugin.configs[key] = {
    name: `${namespace}/${key}`,
    plugins: { [namespace]: plugin },
    rules: levels[key],
  };
}

/**
 * The plugin's parts as named exports beside the default, so that
 * `require('eslint-plugin-supabase-scale')` (Node 20.19+ loads this ES module
 * through require and returns its namespace) has `configs`, `rules` and
 * `meta` as the plugin does: `eslint.config.cjs` works as `eslint.config.js`.
 */
export const { configs, meta } = plugin;
export { rules };
/**
 * A key that changes whenever the project's schema (migrations, generated
 * types, `supabase/config.toml`) changes: put it in `settings` so that
 * `eslint --cache` drops results linted against an older schema (docs/schema.md).
 */
export { schemaCacheKey } from './schema/load.js';
export default plugin;
