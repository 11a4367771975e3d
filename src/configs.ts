import type { ConfigName } from './rules/create-rule.js';

export type ConfigKey = 'recommended' | 'strict' | 'all';

interface RuleWithDocs {
  meta: { docs?: { recommended?: ConfigName } };
}

/** Which configs turn a rule on, derived from its `meta.docs.recommended`. */
export function configsOf(rule: RuleWithDocs): ConfigKey[] {
  switch (rule.meta.docs?.recommended) {
    case 'recommended':
      return ['recommended', 'strict', 'all'];
    case 'strict':
      return ['strict', 'all'];
    default:
      return ['all'];
  }
}

/** The `rules` entry of each flat config: every rule on at `error` in the configs its metadata names. */
export function ruleLevels(
  namespace: string,
  rules: Readonly<Record<string, RuleWithDocs>>,
): Record<ConfigKey, Record<string, 'error'>> {
  const levels: Record<ConfigKey, Record<string, 'error'>> = { recommended: {}, strict: {}, all: {} };
  for (const [name, rule] of Object.entries(rules)) {
    for (const config of configsOf(rule)) levels[config][`${namespace}/${name}`] = 'error';
  }
  return levels;
}
