/**
 * The codemods' names and descriptions, in the order `codemod all` runs them
 * (index.ts holds the codemods themselves, keyed by these names). Apart so
 * that the CLI's help and `audit` do not load the codemods and their
 * compiler (ts-morph, TypeScript's language service) to print a name.
 */
export const CODEMOD_DESCRIPTIONS = {
  'full-sync-to-delta-sync':
    'Full-sync uses (no-full-sync) become delta-sync uses where the target visibly has the replacement; full-sync declarations get @deprecated.',
  'paginate-selects':
    'Unbounded selects (require-pagination) become cursor (keyset) reads: every page through selectAllPages, or the first page only.',
  'realtime-cleanup':
    'Channels an effect subscribes and never removes (require-realtime-cleanup) are removed in its cleanup, bound to a const first where they are not.',
} as const;

export type CodemodName = keyof typeof CODEMOD_DESCRIPTIONS;
