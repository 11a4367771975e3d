import { RuleCreator } from '@typescript-eslint/utils/eslint-utils';

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

export const createRule = RuleCreator<SupabaseScaleDocs>(ruleDocsUrl);
