/**
 * What the fuzzer knows about each rule and codemod. A new rule plugs in by
 * adding an entry to `ruleEntries` (fuzz.test.ts fails while a rule of the
 * plugin has none); a codemod of src/codemods/index.ts plugs in by adding an
 * entry to `codemodEntries` (likewise required), and the codemod properties
 * (no crash, output parses, idempotent, no longer reported) then run on it.
 */
import fc from 'fast-check';
import type { CodemodSettings, Strategy } from '../../src/codemods/codemod.js';
import type { RuleName } from '../../src/rules/index.js';
import {
  chainCase,
  clockCursorCase,
  decoySnippet,
  type Lang,
  pageableRead,
  realtimeCase,
  realtimeSnippet,
  renameableSync,
  renderChainCase,
  syncModule,
} from './generators.js';
import { countReadSnippet, queryInLoopSnippet } from './loop-snippets.js';
import { componentBodyCase, realtimeFilterCase } from './realtime-generators.js';

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
  'no-query-in-loop': {
    options: fc.record({ checkWrites: fc.boolean(), checkRpc: fc.boolean() }, { requiredKeys: [] }),
    snippets: (lang, index) => queryInLoopSnippet(lang, index),
    // no suggestions
    suggestionClearsSite: true,
  },
  'no-unbounded-realtime': {
    options: fc.record(
      {
        allowTables: fc.constantFrom([] as string[], ['profiles']),
        operators: fc.constantFrom(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in'], ['eq', 'in', 'like']),
        maxInValues: fc.constantFrom(1, 100, 120),
      },
      { requiredKeys: [] },
    ),
    // filters that may be absent, on DELETE, long in lists, operators (test/fuzz/realtime-generators.ts)
    snippets: (lang, index) =>
      fc.oneof(
        realtimeCase(lang, index),
        realtimeFilterCase(lang, index).map((c) => c.code),
      ),
    suggestionClearsSite: true,
  },
  'no-invalid-realtime-filter': {
    // the rule has no options; without a schema (the fuzzer's files have none) it checks only a value required of
    // several columns, and must never crash
    options: fc.constant({}),
    snippets: (lang, index) =>
      fc.oneof(
        realtimeCase(lang, index),
        realtimeFilterCase(lang, index).map((c) => c.code),
      ),
    suggestionClearsSite: true,
  },
  'require-realtime-cleanup': {
    options: fc.record(
      { effectHooks: fc.constantFrom(['useEffect', 'useLayoutEffect'], ['useEffect', 'useIsomorphicLayoutEffect']) },
      { requiredKeys: [] },
    ),
    // component bodies whatever they return; dropped helper cleanups are checked by realtime.fuzz.test.ts
    // alone, since the realtime-cleanup codemod does not list them yet
    snippets: (lang, index) =>
      fc.oneof(
        { weight: 3, arbitrary: realtimeCase(lang, index) },
        { weight: 1, arbitrary: componentBodyCase(lang, index).map((c) => c.code) },
      ),
    suggestionClearsSite: true,
  },
  'require-count-head': {
    options: fc.constant({}),
    snippets: (lang, index) => countReadSnippet(lang, index),
    // `head: true` makes it a HEAD request: nothing left to report
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
  'require-cursor-from-rows': {
    options: fc.record(
      { cursorColumns: fc.constantFrom(['updated_at', 'created_at'], ['updated_at'], ['created_at']) },
      { requiredKeys: [] },
    ),
    snippets: (lang, index) =>
      fc.oneof(
        { weight: 3, arbitrary: clockCursorCase(lang, index) },
        { weight: 1, arbitrary: chainCase(lang, false).map((c) => renderChainCase(c, lang, index)) },
      ),
    // no suggestion: where the next cursor comes from is the author's to write
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
 * A codemod as the fuzzer drives it: the settings to vary (what the CLI's
 * flags and config file may set) and the program parts aimed at it. The
 * codemod itself comes from the registry (src/codemods/index.ts); the
 * properties (test/fuzz/harness.ts, propCodemod) hold it to: it does not
 * throw; its output parses; a second run changes nothing; every site its
 * rule reports is rewritten or left with a reason; and on the output the rule
 * reports exactly the sites a second run leaves, never a rewritten one.
 * Programs mix these parts with every rule's parts and eslump programs.
 */
export interface CodemodEntry {
  settings: fc.Arbitrary<Partial<CodemodSettings>>;
  /** Top-level program parts aimed at this codemod (sites it rewrites and sites it must leave), for a file in `lang`. */
  snippets(lang: Lang, index: number): fc.Arbitrary<string>;
}

/** Settings the full-sync rename reads; every codemod gets some, so that one reading the wrong key shows. */
const syncSettings = fc.record(
  {
    names: fc.constantFrom(['fullSync'], ['fullSync', 'resyncAll']),
    allowIn: fc.constantFrom([] as string[], ['run0', 'refresh']),
  },
  { requiredKeys: [] },
);

/**
 * One entry per codemod of src/codemods/index.ts (fuzz.test.ts fails while a
 * registered codemod has none).
 */
export const codemodEntries: Record<string, CodemodEntry> = {
  'full-sync-to-delta-sync': { settings: syncSettings, snippets: renameableSync },
  'paginate-selects': {
    settings: fc.record(
      {
        strategy: fc.constantFrom<Strategy>('all-pages', 'first-page'),
        cursor: fc.constantFrom('id', 'id', 'uuid'),
        cursors: fc.constantFrom<Record<string, string>>({}, { profiles: 'user_id' }),
        pageSize: fc.integer({ min: 1, max: 5000 }),
        uniqueColumns: fc.constantFrom<CodemodSettings['uniqueColumns']>(
          ['id'],
          { '*': ['id'], profiles: ['user_id'] },
          [],
        ),
      },
      { requiredKeys: [] },
    ),
    snippets: pageableRead,
  },
  'realtime-cleanup': {
    settings: fc.record(
      { effectHooks: fc.constantFrom(['useEffect', 'useLayoutEffect'], ['useEffect', 'useIsomorphicLayoutEffect']) },
      { requiredKeys: [] },
    ),
    // effects (what it rewrites) three times in four, every other place the rest
    snippets: (lang, index) =>
      fc.oneof(
        { weight: 3, arbitrary: realtimeCase(lang, index, ['effect']) },
        { weight: 1, arbitrary: realtimeCase(lang, index) },
      ),
  },
};
