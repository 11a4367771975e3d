/**
 * Lints generated programs with every rule of the plugin and states the
 * fuzz properties as functions that throw a readable error (the program is
 * printed whole) when they do not hold.
 */
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import fc from 'fast-check';
import plugin from '../../src/index.js';
import { createUnboundedReadDetector } from '../../src/analysis/postgrest.js';
import { runDetectors } from '../../src/analysis/run.js';
import type { AnalysisContext } from '../../src/analysis/scope.js';
import { createFullSyncDetector } from '../../src/analysis/sync-calls.js';
import { type RuleName, rules } from '../../src/rules/index.js';
import {
  type ChainCase,
  chainCase,
  documentedUnbounded,
  unboundedReadCase,
  eslumpProgram,
  hasJsx,
  isTypeScript,
  type Lang,
  renderChainCase,
} from './generators.js';
import { neutralSnippets, ruleEntries } from './registry.js';

export const ruleNames = Object.keys(rules) as RuleName[];

export type ParserName = 'typescript' | 'espree';

export interface Program {
  filename: string;
  lang: Lang;
  parser: ParserName;
  code: string;
  options: Partial<Record<RuleName, Record<string, unknown>>>;
  /** True when a random eslump program is part of the code (it may not parse with this parser). */
  random: boolean;
}

const linter = new Linter({ configType: 'flat' });
const FILES = ['**/*.{js,jsx,ts,tsx}'];

function languageOptions(parser: ParserName, lang: Lang): Linter.LanguageOptions {
  return parser === 'typescript'
    ? { parser: tsParser as Linter.Parser, parserOptions: { ecmaFeatures: { jsx: hasJsx(lang) } } }
    : { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } };
}

function config(program: Pick<Program, 'parser' | 'lang' | 'options'>, withRules: boolean): Linter.Config[] {
  const base: Linter.Config = { files: FILES, languageOptions: languageOptions(program.parser, program.lang) };
  if (!withRules) return [base];
  return [
    base,
    {
      files: FILES,
      plugins: { 'supabase-scale': plugin },
      rules: Object.fromEntries(
        ruleNames.map((name) => [`supabase-scale/${name}`, ['error', program.options[name] ?? {}]]),
      ) as Linter.RulesRecord,
    },
  ];
}

export function describeProgram(program: Program, code = program.code): string {
  return `--- ${program.filename} (parser: ${program.parser}, options: ${JSON.stringify(program.options)}) ---\n${code}\n--- end ---`;
}

/** The parse error of `code`, or null when it parses. */
export function parseError(program: Program, code = program.code): string | null {
  const fatal = linter.verify(code, config(program, false), program.filename).find((m) => m.fatal);
  return fatal ? `${fatal.line}:${fatal.column} ${fatal.message}` : null;
}

/** Lints with every rule; a rule that throws fails with the program printed. */
export function lint(program: Program, code = program.code): Linter.LintMessage[] {
  try {
    return linter.verify(code, config(program, true), program.filename);
  } catch (error) {
    throw new Error(`a rule threw: ${(error as Error).message}\n${describeProgram(program, code)}`);
  }
}

function applyFix(code: string, fix: { range: [number, number]; text: string }): string {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

const ruleOf = (message: Linter.LintMessage): RuleName | null =>
  message.ruleId?.startsWith('supabase-scale/') ? (message.ruleId.slice('supabase-scale/'.length) as RuleName) : null;

// ---------------------------------------------------------------- properties

/** The generators write only valid code: a program without eslump parts must parse. */
export function propGeneratedCodeParses(program: Program): void {
  if (program.random) return;
  const error = parseError(program);
  if (error) throw new Error(`generated program does not parse (${error}): a generator bug\n${describeProgram(program)}`);
}

/** No rule throws on a program that parses. */
export function propNoRuleThrows(program: Program): void {
  lint(program);
}

/** Every suggestion's output parses with the parser the file was linted with. */
export function propSuggestionsParse(program: Program): void {
  for (const message of lint(program)) {
    for (const suggestion of message.suggestions ?? []) {
      const output = applyFix(program.code, suggestion.fix);
      const error = parseError(program, output);
      if (error) {
        throw new Error(
          `suggestion "${suggestion.desc}" of ${message.ruleId} at ${message.line}:${message.column} gives code that does not parse (${error})\ninput:\n${describeProgram(program)}\noutput:\n${output}`,
        );
      }
    }
  }
}

/** After a suggestion is applied, its rule no longer reports at that site. */
export function propSuggestionClearsSite(program: Program): void {
  for (const message of lint(program)) {
    const rule = ruleOf(message);
    if (!rule || !ruleEntries[rule].suggestionClearsSite) continue;
    for (const suggestion of message.suggestions ?? []) {
      const output = applyFix(program.code, suggestion.fix);
      const again = lint(program, output).find(
        (m) => m.ruleId === message.ruleId && m.line === message.line && m.column === message.column,
      );
      if (again) {
        throw new Error(
          `after suggestion "${suggestion.desc}", ${message.ruleId} still reports at ${message.line}:${message.column}: ${again.message}\noutput:\n${describeProgram(program, output)}`,
        );
      }
    }
  }
}

/**
 * The codemods' view (runDetectors, always @typescript-eslint/parser) finds
 * exactly the sites the rules report. Skipped for a program that does not
 * parse with its own parser or with @typescript-eslint/parser (the two
 * accept slightly different sets of programs).
 */
export function propDetectorsAgreeWithRules(program: Program): void {
  if (parseError(program) !== null) return;
  const pagination = { uniqueColumns: ['id'], checkRpc: false, ...program.options['require-pagination'] };
  const sync = { names: ['fullSync'], replacement: 'deltaSync', allowIn: [], ...program.options['no-full-sync'] };
  const result = runDetectors(program.code, program.filename, {
    reads: (ctx: AnalysisContext) => createUnboundedReadDetector(ctx, pagination as never),
    syncs: (ctx: AnalysisContext) => createFullSyncDetector(ctx, sync as never),
  });
  if (!result.ok) return;
  const where = (node: { loc: { start: { line: number; column: number } } }) =>
    `${node.loc.start.line}:${node.loc.start.column + 1}`;
  const expected = {
    'require-pagination': result.findings.reads.map((use) => where(use.chainEnd)).sort(),
    'no-full-sync': result.findings.syncs.map((use) => where(use.nameNode)).sort(),
  };
  const messages = lint(program);
  for (const rule of ['require-pagination', 'no-full-sync'] as const) {
    const reported = messages
      .filter((m) => m.ruleId === `supabase-scale/${rule}`)
      .map((m) => `${m.line}:${m.column}`)
      .sort();
    if (JSON.stringify(reported) !== JSON.stringify(expected[rule])) {
      throw new Error(
        `${rule} reports [${reported.join(', ')}] but runDetectors finds [${expected[rule].join(', ')}]\n${describeProgram(program)}`,
      );
    }
  }
}

/** A read that gains a top-level `.limit(n)` is never reported by require-pagination. */
export function propLimitedReadIsNotReported(program: Program): void {
  const reported = lint(program).filter((m) => m.ruleId === 'supabase-scale/require-pagination');
  if (reported.length > 0) {
    const first = reported[0]!;
    throw new Error(
      `require-pagination reports a read that has a top-level .limit() at ${first.line}:${first.column}: ${first.message}\n${describeProgram(program)}`,
    );
  }
}

// ---------------------------------------------------------------- programs

const langs: Lang[] = ['ts', 'tsx', 'js', 'jsx'];

function parserFor(lang: Lang): fc.Arbitrary<ParserName> {
  return isTypeScript(lang) ? fc.constant('typescript') : fc.constantFrom<ParserName>('espree', 'typescript');
}

const ruleOptions: fc.Arbitrary<Program['options']> = fc.record(
  Object.fromEntries(ruleNames.map((name) => [name, ruleEntries[name].options])) as {
    [K in RuleName]: fc.Arbitrary<Record<string, unknown>>;
  },
);

function part(lang: Lang, index: number): fc.Arbitrary<string> {
  return fc.oneof(...ruleNames.map((name) => ruleEntries[name].snippets(lang, index)), neutralSnippets(lang, index));
}

/** A file of one to four parts aimed at the rules (and at none), with or without a random eslump program before them. */
export function program(options: { eslump: 'never' | 'sometimes' | 'only' } = { eslump: 'sometimes' }): fc.Arbitrary<Program> {
  return fc.constantFrom(...langs).chain((lang) =>
    fc
      .record({
        parser: parserFor(lang),
        parts:
          options.eslump === 'only'
            ? fc.constant([] as string[])
            : fc.integer({ min: 1, max: 4 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => part(lang, i)))),
        random: options.eslump === 'never' ? fc.constant(null) : options.eslump === 'only' ? eslumpProgram : fc.option(eslumpProgram, { freq: 3 }),
        options: ruleOptions,
      })
      .map(({ parser, parts, random, options: ruleOpts }) => ({
        filename: `fuzz.${lang}`,
        lang,
        parser,
        code: [...(random === null ? [] : [random, ';']), ...parts].join('\n'),
        options: ruleOpts,
        random: random !== null,
      })),
  );
}

/** A file whose every read has a top-level `.limit(n)`, among parts no rule checks. */
export function limitedReadProgram(): fc.Arbitrary<Program & { chain: ChainCase }> {
  return fc.constantFrom(...langs).chain((lang) =>
    fc
      .record({
        parser: parserFor(lang),
        chain: chainCase(lang, true),
        neutral: fc.tuple(neutralSnippets(lang, 1), neutralSnippets(lang, 2)).chain((both) => fc.subarray(both)),
        options: ruleOptions,
      })
      .map(({ parser, chain, neutral, options: ruleOpts }) => ({
        filename: `fuzz.${lang}`,
        lang,
        parser,
        code: [renderChainCase(chain, lang, 0), ...neutral].join('\n'),
        options: ruleOpts,
        random: false,
        chain,
      })),
  );
}

/** A file with one `from()` read that is sent in one of the ways the rule claims to see, among parts no rule checks. */
export function sentReadProgram(): fc.Arbitrary<Program & { chain: ChainCase }> {
  return fc.constantFrom(...langs).chain((lang) =>
    fc
      .record({
        parser: parserFor(lang),
        chain: unboundedReadCase(lang),
        neutral: fc.tuple(neutralSnippets(lang, 1), neutralSnippets(lang, 2)).chain((both) => fc.subarray(both)),
        options: ruleOptions,
      })
      .map(({ parser, chain, neutral, options: ruleOpts }) => ({
        filename: `fuzz.${lang}`,
        lang,
        parser,
        code: [renderChainCase(chain, lang, 0), ...neutral].join('\n'),
        options: ruleOpts,
        random: false,
        chain,
      })),
  );
}

/**
 * A sent read is reported by require-pagination exactly when the documented
 * semantics say nothing bounds it (no false alarm, no miss).
 */
export function propSentReadReportedIffUnbounded(program: Program & { chain: ChainCase }): void {
  const expected = documentedUnbounded(program.chain.spec, program.options['require-pagination']?.uniqueColumns);
  if (expected === null) return;
  const reported = lint(program).filter((m) => m.ruleId === 'supabase-scale/require-pagination');
  if (reported.length !== (expected ? 1 : 0)) {
    throw new Error(
      `require-pagination reports ${reported.length} time(s) a read that is ${expected ? 'unbounded' : 'bounded'} (use: ${program.chain.use})\n${describeProgram(program)}`,
    );
  }
}
