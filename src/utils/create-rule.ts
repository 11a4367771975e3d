import {
  applyDefault,
  RuleCreator,
  type RuleModule,
  type RuleWithMetaAndName,
} from '@typescript-eslint/utils/eslint-utils';

export const REPOSITORY_URL = 'https://github.com/supabase-scale/eslint-plugin-supabase-scale';

/** `recommended`: on in the recommended, strict and all configs; `strict`: strict and all; absent: all only. */
export type ConfigName = 'recommended' | 'strict';

export interface SupabaseScaleDocs {
  description: string;
  recommended?: ConfigName;
  /** The rule uses type information when it is present, and never requires it. */
  requiresTypeChecking?: false;
}

export function ruleDocsUrl(name: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`;
}

const createNamedRule = RuleCreator<SupabaseScaleDocs>(ruleDocsUrl);

/** Distinct option sets kept per rule: a config has a handful; a bound keeps a pathological caller from growing the cache. */
const MAX_CACHED_OPTIONS = 32;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * A rule with a docs URL whose options are merged with its defaults once per
 * distinct option set rather than once per file: RuleCreator's own wrapper
 * deep-clones the defaults on every file, about a quarter of what the
 * plugin's rules cost on a large codebase (see the bench). The merged
 * options are frozen, so a rule cannot change what the next file sees.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  spec: Readonly<RuleWithMetaAndName<Options, MessageIds, SupabaseScaleDocs>>,
): RuleModule<MessageIds, Options, SupabaseScaleDocs> & { name: string } {
  const rule = createNamedRule(spec);
  const defaults = (spec.meta.defaultOptions ?? spec.defaultOptions ?? []) as Options;
  const merged = new Map<string, Readonly<Options>>();
  return {
    ...rule,
    create(context) {
      const key = JSON.stringify(context.options);
      let options = merged.get(key);
      if (options === undefined) {
        options = deepFreeze(applyDefault(defaults, context.options as Options | null)) as Readonly<Options>;
        if (merged.size < MAX_CACHED_OPTIONS) merged.set(key, options);
      }
      return spec.create(context, options);
    },
  };
}
