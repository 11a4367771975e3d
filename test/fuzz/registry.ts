/**
 * What the fuzzer knows about each rule and codemod. A new rule plugs in by
 * adding an entry to `ruleEntries` (fuzz.test.ts fails while a rule of the
 * plugin has none); a codemod plugs in by adding an entry to
 * `codemodEntries`, and the codemod properties (output parses, idempotent,
 * no longer reported) then run on it.
 */
import fc from 'fast-check';
import type { RuleName } from '../../src/rules/index.js';
import {
  chainCase,
  decoySnippet,
  type Lang,
  realtimeCase,
  realtimeSnippet,
  renderChainCase,
  syncModule,
} from './generators.js';

export interface RuleEntry {
  /** Options for the rule: one element of ESLint's options array. */
  options: fc.Arbitrary<Record<string, unknown>>;
  /** Top-level program parts aimed at this rule, for a file in `lang`. */
  snippets(lang: Lang, index: number): fc.Arbitrary<string>;
  /**
   * Whether applying one of the rule's suggestions makes the rule stop
   * reporting at that site (same line and column). True for a suggestion that
   * fixes the problem it is attached to.
   */
  suggestionClearsSite: boolean;
}

export const ruleEntries: Record<RuleName, RuleEntry> = {
  'require-pagination': {
    options: fc.record(
      {
        pageSize: fc.integer({ min: 1, max: 1000 }),
        checkRpc: fc.boolean(),
        uniqueColumns: fc.oneof(
          fc.constant(['id']),
          fc.constant({ '*': ['id'], profiles: ['user_id', 'email'] }),
          fc.constant([] as string[]),
        ),
      },
      { requiredKeys: [] },
    ),
    snippets: (lang, index) => chainCase(lang, false).map((c) => renderChainCase(c, lang, index)),
    suggestionClearsSite: true,
  },
  'no-full-sync': {
    options: fc.record(
      {
        names: fc.constantFrom(['fullSync'], ['fullSync', 'resyncAll']),
        replacement: fc.constantFrom('deltaSync', 'incrementalSync'),
        allowIn: fc.constantFrom([] as string[], ['deltaSync'], ['run']),
      },
      { requiredKeys: [] },
    ),
    snippets: (lang, index) => syncModule(lang, index),
    suggestionClearsSite: true,
  },
  'no-unbounded-realtime': {
    options: fc.record({ allowTables: fc.constantFrom([] as string[], ['profiles']) }, { requiredKeys: [] }),
    snippets: (lang, index) => realtimeCase(lang, index),
    suggestionClearsSite: true,
  },
  'require-realtime-cleanup': {
    options: fc.record(
      { effectHooks: fc.constantFrom(['useEffect', 'useLayoutEffect'], ['useEffect', 'useIsomorphicLayoutEffect']) },
      { requiredKeys: [] },
    ),
    snippets: (lang, index) => realtimeCase(lang, index),
    suggestionClearsSite: true,
  },
  'require-cursor-order': {
    options: fc.record(
      {
        uniqueColumns: fc.constantFrom(['id'], { '*': ['id'], profiles: ['user_id'] }),
        cursorColumns: fc.constantFrom(['id', 'updated_at', 'created_at'], ['updated_at']),
      },
      { requiredKeys: [] },
    ),
    snippets: (lang, index) => chainCase(lang, false).map((c) => renderChainCase(c, lang, index)),
    // ordering the cursor column ascending resolves the keyset report at that `.gt()`
    suggestionClearsSite: true,
  },
  'require-delta-filter': {
    options: fc.record(
      {
        functionPattern: fc.constantFrom('[sS]ync', '^sync'),
        cursorColumns: fc.constantFrom(['updated_at', 'created_at'], ['updated_at']),
      },
      { requiredKeys: [] },
    ),
    // the same chains, inside a function whose name makes it a sync
    snippets: (lang, index) =>
      chainCase(lang, false).map((c) => renderChainCase(c, lang, index).replace('function read', 'function syncRead')),
    suggestionClearsSite: true,
  },
};

/** Program parts no rule checks yet, mixed in so that every rule walks them. */
export function neutralSnippets(lang: Lang, index: number): fc.Arbitrary<string> {
  return fc.oneof(realtimeSnippet(lang, index), decoySnippet(index));
}

/**
 * A codemod as the fuzzer drives it. `transform` returns the new text, or
 * null when it leaves the file alone. `rule` is the rule whose reports the
 * codemod rewrites: after a rewrite, that rule must not report the rewritten
 * sites any more.
 */
export interface CodemodEntry {
  name: string;
  rule: RuleName;
  /**
   * The rewritten text and the sites it rewrote (1-based line and column in
   * the output, where `rule` reported them), or null when the file is left alone.
   */
  transform(text: string, filename: string): { output: string; rewrittenSites: { line: number; column: number }[] } | null;
}

/**
 * No codemod exists in this build (src/codemods is built on another branch).
 * When one lands, add it here; test/fuzz/fuzz.test.ts then checks for each
 * entry that its output parses, that a second run changes nothing, and that
 * `rule` no longer reports at the rewritten sites.
 */
export const codemodEntries: CodemodEntry[] = [];
