/**
 * What every codemod is: it finds its sites with a detector from src/analysis
 * (the same one its rule uses), then plans text edits for the sites it can
 * prove safe and reports every other site with the reason.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { SourceFile } from 'ts-morph';
import type { AnalysisContext, Detector } from '../analysis/detector.js';
import type { SchemaLookup } from '../analysis/schema-facts.js';
import type { FunctionLookupSource } from '../analysis/project/lookup.js';
import type { DatabaseSchema } from '../schema/model.js';
import type { RuleName } from '../rules/index.js';
import type { NoFullSyncFilledOptions } from '../rules/no-full-sync.js';
import type { RequirePaginationFilledOptions } from '../rules/require-pagination.js';
import type { RequireRealtimeCleanupFilledOptions } from '../rules/require-realtime-cleanup.js';
import type { ProjectLayout } from './layout.js';
import type { TypeInfo } from './type-info.js';
import type { ProjectTypes } from './project-types.js';
import type { PathAlias } from './aliases.js';
import type { LeftSite } from './reasons.js';

/** Replace `text.slice(start, end)` with `text`. Offsets are UTF-16 offsets into the file's text. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A file the codemod creates (the pagination helper). */
export interface NewFile {
  path: string;
  text: string;
}

export type Strategy = 'all-pages' | 'first-page';

export const STRATEGIES: readonly Strategy[] = ['all-pages', 'first-page'];

/** Settings of a run, shared by every codemod (each reads what it needs). */
export interface CodemodSettings {
  /** Absolute project root: where the helper path and path aliases are resolved. */
  root: string;
  /** paginate-selects */
  strategy: Strategy;
  /** The cursor column for every table without an entry in `cursors` (the default, `id`, unless `cursorSet`). */
  cursor: string;
  /**
   * Whether the user set `cursor` (`--cursor`, the config file's `cursor`): then it
   * pages every table without an entry in `cursors`. The default `id` does so only
   * where nothing better is known: after the schema's proven cursor, and only when
   * the select list or the schema shows the table has it.
   */
  cursorSet: boolean;
  /** Cursor column per table. */
  cursors: Readonly<Record<string, string>>;
  pageSize: number;
  /** Absolute path of the pagination helper module. */
  helperPath: string;
  /** paginate-selects (as in require-pagination) */
  uniqueColumns: RequirePaginationFilledOptions['uniqueColumns'];
  /** full-sync-to-delta-sync (as in no-full-sync) */
  names: NoFullSyncFilledOptions['names'];
  replacement: NoFullSyncFilledOptions['replacement'];
  allowIn: NoFullSyncFilledOptions['allowIn'];
  /** realtime-cleanup (as in require-realtime-cleanup): the effect hooks whose callback may return a cleanup. */
  effectHooks: RequireRealtimeCleanupFilledOptions['effectHooks'];
  /** The project's path aliases (tsconfig `paths`), targets absolute, for imports of the helper. */
  pathAliases: readonly PathAlias[];
  /** A file that may hold a site and is larger than this (bytes of UTF-8) is skipped with a reason. */
  maxFileSize: number;
  /** A file where the detectors find more sites than this is skipped with a reason. */
  maxSites: number;
}

/** What a codemod may ask of the world outside the file. */
export interface CodemodEnv {
  settings: CodemodSettings;
  /** Type information from `--project`, or null. */
  types: TypeInfo | null;
  /** Without `--project`: the project that includes each file (per-file discovery), unless `--no-project`. */
  projects?: ProjectTypes;
  /** Reads another file of the project (an imported module); null when it cannot. */
  readFile: (path: string) => string | null;
  /** Where each file's pagination helper goes (per package and runtime); without it, `settings.helperPath` for every file. */
  layout?: ProjectLayout;
  /** The database schema of a file (src/schema), or undefined when there is none; without it, no file has one. */
  schemaFor?: (path: string) => DatabaseSchema | undefined;
}

export interface PlanInput<Finding> {
  path: string;
  text: string;
  findings: Finding[];
  ctx: AnalysisContext;
  ast: TSESLint.SourceCode['ast'];
  /** The file parsed by ts-morph (created on first use). */
  sourceFile(): SourceFile;
  env: CodemodEnv;
}

export interface Plan {
  edits: Edit[];
  /** Sites the rule reports that were rewritten. */
  rewritten: number;
  /** Declarations edited besides the sites (a `@deprecated` tag). */
  declarations?: number;
  left: LeftSite[];
  newFiles: NewFile[];
}

export interface Codemod<Finding = unknown> {
  name: string;
  /** One line for `--help` and the README. */
  description: string;
  /** The rule that reports what this codemod rewrites. */
  rule: RuleName;
  /** The rule's options that match these settings (the codemod rewrites what the rule reports with them). */
  ruleOptions: (settings: CodemodSettings) => Record<string, unknown>;
  /**
   * The text gate of the detector: false when the file's text cannot hold a
   * site, and the engine does not parse it for this codemod. The detector's
   * own named gate (a `mayHold*` function of src/analysis), with the options
   * `detect` gives it.
   */
  mayHoldSite(text: string, settings: CodemodSettings): boolean;
  /** The detector that finds the sites, with the file's database schema; null when the file cannot hold one (the same text gate). */
  detect(
    ctx: AnalysisContext,
    settings: CodemodSettings,
    schema: SchemaLookup,
    functions?: FunctionLookupSource,
  ): Detector<Finding> | null;
  /** Where the rule reports the finding: the file's `eslint-disable` comments for the rule are read there. */
  reportLoc(finding: Finding): TSESTree.SourceLocation;
  plan(input: PlanInput<Finding>): Plan;
  /** Plan even when the detector found no site (to edit declarations, not uses). */
  planWithoutFindings?: boolean;
}
