import type { TSESLint } from '@typescript-eslint/utils';
import type { NamedCreateRuleMeta } from '@typescript-eslint/utils/eslint-utils';
import type { RuleContext, RuleListener, RuleModule } from '@typescript-eslint/utils/ts-eslint';
import type { Detector } from '../analysis/detector.js';
import type { SchemaLookup } from '../analysis/schema-facts.js';
import {
  functionLookup,
  type FunctionLookupSource,
  type ImportsAny,
  importsOfText,
  lazyLookup,
} from '../analysis/project/lookup.js';
import { schemaForFile } from './database-schema.js';
import { followImportedValues } from '../analysis/scope.js';
import { followImportedDayText } from '../analysis/postgrest/date-window.js';

export const REPOSITORY_URL = 'https://github.com/supabase-scale/eslint-plugin-supabase-scale';

/** `recommended`: on in the recommended, strict and all configs; `strict`: strict and all; absent: all only. */
export type ConfigName = 'recommended' | 'strict';

/** What the audit report counts a rule's findings as, beside the verdict (a rule with none is counted per rule only). */
export type ScalingTopic = 'unboundedSelects' | 'unboundedSubscriptions';

export interface SupabaseScaleDocs {
  description: string;
  recommended?: ConfigName;
  /** The audit report's scaling count this rule's findings add to. */
  topic?: ScalingTopic;
  /** The rule uses type information when it is present, and never requires it. */
  requiresTypeChecking?: false;
}

export function ruleDocsUrl(name: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`;
}

/**
 * A rule's meta whose `defaultOptions` fills in every option: `Options` is what
 * a config may set, `Filled` what the rule reads once the defaults are merged.
 * `meta.defaultOptions` is the one copy of each default (the codemods' settings
 * and the audit's text gates read it too).
 */
export type RuleMeta<MessageIds extends string, Options extends readonly unknown[], Filled extends Options> = Omit<
  NamedCreateRuleMeta<MessageIds, SupabaseScaleDocs, Options>,
  'defaultOptions'
> & { defaultOptions: Filled };

export interface RuleSpec<MessageIds extends string, Options extends readonly unknown[], Filled extends Options> {
  name: string;
  meta: RuleMeta<MessageIds, Options, Filled>;
  create(context: Readonly<RuleContext<MessageIds, Options>>, options: Readonly<Filled>): RuleListener;
}

/** A rule of the plugin: a typescript-eslint RuleModule with its name, and its meta's defaults typed as filled in. */
export type SupabaseScaleRule<
  MessageIds extends string,
  Options extends readonly unknown[],
  Filled extends Options,
> = RuleModule<MessageIds, Options, SupabaseScaleDocs> & {
  name: string;
  meta: { defaultOptions: Filled };
};

/**
 * A detector rule: a rule of the plugin that also answers, from a file's text
 * alone, whether the file may hold a finding with these options (the defaults
 * when none are given). A tool that runs the rules (the audit, the codemods)
 * parses no file every rule's gate rules out.
 */
export type DetectorRule<MessageIds extends string, Options extends object> = SupabaseScaleRule<
  MessageIds,
  [Partial<Options>],
  [Options]
> & {
  /**
   * Whether the file `file` (on disk, for its imports) whose text is `text`
   * may hold a finding; `importsAny` answers for its imports (by default read
   * from its text; `NO_IMPORTS` asks about the file's own text alone).
   */
  mayReport(text: string, file: string, options?: Readonly<Partial<Options>>, importsAny?: ImportsAny): boolean;
};

/** Distinct option sets kept per rule: a config has a handful; a bound keeps a pathological caller from growing the cache. */
const MAX_CACHED_OPTIONS = 32;

const isObjectNotArray = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** typescript-eslint's deepMerge: every key of both; objects under the same key merged, else the second's value. */
function deepMerge(first: Record<string, unknown>, second: Record<string, unknown>): Record<string, unknown> {
  const keys = new Set([...Object.keys(first), ...Object.keys(second)]);
  return Object.fromEntries(
    [...keys].map((key) => {
      if (!(key in second)) return [key, first[key]];
      if (!(key in first)) return [key, second[key]];
      const [a, b] = [first[key], second[key]];
      return [key, isObjectNotArray(a) && isObjectNotArray(b) ? deepMerge(a, b) : b];
    }),
  );
}

/**
 * typescript-eslint's applyDefault, as its RuleCreator applies it: a copy of
 * the defaults, each option a config gives merged into its default (objects
 * deeply, anything else replacing it). Written here so that loading the plugin
 * does not load `@typescript-eslint/utils` (the first lint of an editor waits
 * for every module the plugin imports).
 */
function applyDefault<Filled extends readonly unknown[]>(defaults: Filled, user: readonly unknown[]): Filled {
  const options = structuredClone(defaults) as unknown as unknown[];
  options.forEach((option, i) => {
    const given = user[i];
    if (given === undefined) return;
    options[i] = isObjectNotArray(given) && isObjectNotArray(option) ? deepMerge(option, given) : given;
  });
  return options as unknown as Filled;
}

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
export function createRule<
  Options extends readonly unknown[],
  MessageIds extends string,
  Filled extends Options = Options,
>(spec: Readonly<RuleSpec<MessageIds, Options, Filled>>): SupabaseScaleRule<MessageIds, Options, Filled> {
  // the one copy of each default: the codemods' settings and the audit's gates read it as well
  const defaults = deepFreeze(spec.meta.defaultOptions);
  const merged = new Map<string, Readonly<Filled>>();
  return {
    name: spec.name,
    // the docs URL, as typescript-eslint's RuleCreator gives it
    meta: { ...spec.meta, docs: { ...spec.meta.docs, url: ruleDocsUrl(spec.name) }, defaultOptions: defaults },
    create(context) {
      const key = JSON.stringify(context.options);
      let options = merged.get(key);
      if (options === undefined) {
        options = deepFreeze(applyDefault(defaults, context.options));
        if (merged.size < MAX_CACHED_OPTIONS) merged.set(key, options);
      }
      return spec.create(context, options);
    },
  };
}

/** The context a detector rule reports through. */
export type DetectorRuleContext<MessageIds extends string, Options extends object> = Readonly<
  RuleContext<MessageIds, [Partial<Options>]>
>;

/**
 * What a detector rule may ask of the project beyond the file, each read on
 * first ask: its database schema (src/schema), and the functions its calls
 * run, in this file or the modules it imports (src/analysis/project).
 */
export interface RuleProject {
  schema: SchemaLookup;
  functions: FunctionLookupSource;
}

/**
 * A rule that reports what a detector of src/analysis finds. `Options` is the
 * rule's option object with every option filled in: a config may set any of
 * them (`Partial<Options>`), and `meta.defaultOptions` gives all of them.
 */
export interface DetectorRuleSpec<MessageIds extends string, Options extends object, Finding> {
  name: string;
  meta: RuleMeta<MessageIds, [Partial<Options>], [Options]>;
  /**
   * The text gate: false when the file's text shows it cannot hold a finding
   * with these (merged) options. Cheap (string tests; `importsAny` parses the
   * modules the file imports, once, only when asked); it must never be false
   * for a file the detector would report in.
   */
  gate(text: string, options: Readonly<Options>, importsAny: ImportsAny): boolean;
  /** The detector for one file, with the merged options; null when the file cannot hold a finding (its text gate). */
  detector(
    sourceCode: Readonly<TSESLint.SourceCode>,
    options: Readonly<Options>,
    project: RuleProject,
  ): Detector<Finding> | null;
  /** Reports one finding, once the detector has seen the whole file. */
  report(
    context: DetectorRuleContext<MessageIds, Options>,
    finding: Finding,
    options: Readonly<Options>,
    project: RuleProject,
  ): void;
}

/**
 * The one rule shell: the detector's listeners walk the file, and at
 * `Program:exit` each finding is reported, in the order the detector gives.
 * A file the detector rules out by its text gets no listeners at all.
 */
export function createDetectorRule<MessageIds extends string, Options extends object, Finding>(
  spec: Readonly<DetectorRuleSpec<MessageIds, Options, Finding>>,
): DetectorRule<MessageIds, Options> {
  const { detector, report, gate } = spec;
  const rule = createRule<[Partial<Options>], MessageIds, [Options]>({
    name: spec.name,
    meta: spec.meta,
    create(context, [options]) {
      let loaded: { schema: ReturnType<SchemaLookup> } | undefined;
      const project: RuleProject = {
        schema: () => (loaded ??= { schema: schemaForFile(context) }).schema,
        functions: lazyLookup(() => functionLookup(context.sourceCode, context.physicalFilename)),
      };
      const importsAny: ImportsAny = {
        mayCallInto: (kind) => project.functions()?.mayCallInto(kind) ?? false,
        importsAny: (kind, test) => project.functions()?.importsAny(kind, test) ?? false,
      };
      if (!gate(context.sourceCode.text, options, importsAny)) return {};
      // a table named by a constant another module exports (`from(TABLES.rooms)`) is read from that module's facts
      followImportedValues(
        context.sourceCode,
        (variable, key) => project.functions()?.importedValue(variable, key) ?? null,
      );
      // a date window's end written by a helper another module exports (`toDateString(d)`)
      followImportedDayText(
        context.sourceCode.ast,
        (source, name) => project.functions()?.importedDayText(source, name) ?? null,
      );
      const found = detector(context.sourceCode, options, project);
      if (!found) return {};
      return {
        ...(found.listeners as RuleListener),
        'Program:exit'() {
          for (const finding of found.finish()) report(context, finding, options, project);
        },
      };
    },
  });
  const [defaults] = rule.meta.defaultOptions;
  return {
    ...rule,
    mayReport: (text, file, options, importsAny) =>
      gate(
        text,
        options === undefined ? defaults : (applyDefault([defaults], [options])[0] as Options),
        importsAny ?? importsOfText(text, file),
      ),
  };
}
