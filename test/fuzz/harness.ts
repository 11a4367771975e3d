/**
 * Lints generated programs with every rule of the plugin and states the
 * fuzz properties as functions that throw a readable error (the program is
 * printed whole) when they do not hold.
 */
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import fc from 'fast-check';
import plugin from '../../src/index.js';
import { deleteRoot, queryRoot, writeRoot } from '../../src/analysis/postgrest/query-root.js';
import { mayCallFrom, mayHoldRpc, mayHoldWriteRequest } from '../../src/analysis/text-gates.js';
import { mayHoldDeleteFacts } from '../../src/analysis/sync/deletes.js';
import { mayRepeat } from '../../src/analysis/postgrest/query-in-loop.js';
import { perItemLoop } from '../../src/analysis/per-item.js';
import { createUnboundedReadDetector } from '../../src/analysis/postgrest/unbounded-read.js';
import { CodemodEngine, type FileResult } from '../../src/codemods/engine.js';
import { codemods } from '../../src/codemods/index.js';
import { defaultSettings } from '../../src/codemods/settings.js';
import type { Codemod, CodemodSettings } from '../../src/codemods/codemod.js';
import { runDetectors } from '../../src/analysis/run.js';
import type { AnalysisContext } from '../../src/analysis/detector.js';
import { mayHoldSelectRead } from '../../src/analysis/postgrest/select-gate.js';
import { createFullSyncDetector } from '../../src/analysis/sync/full-sync.js';
import type { TSESTree } from '@typescript-eslint/utils';
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
  SYNC_API_MODULE,
} from './generators.js';
import { codemodEntries, neutralSnippets, ruleEntries } from './registry.js';

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
  /** ESLint settings the rules see (a database schema: `{ 'supabase-scale': { schema: [...] } }`); none by default. */
  settings?: Record<string, unknown>;
}

const linter = new Linter({ configType: 'flat' });
const FILES = ['**/*.{js,jsx,ts,tsx}'];

function languageOptions(parser: ParserName, lang: Lang): Linter.LanguageOptions {
  return parser === 'typescript'
    ? { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: hasJsx(lang) } } }
    : { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } };
}

function config(
  program: Pick<Program, 'parser' | 'lang' | 'options' | 'settings'>,
  withRules: boolean,
): Linter.Config[] {
  const base: Linter.Config = { files: FILES, languageOptions: languageOptions(program.parser, program.lang) };
  if (!withRules) return [base];
  return [
    base,
    {
      files: FILES,
      plugins: { 'supabase-scale': plugin },
      rules: Object.fromEntries(
        ruleNames.map((name) => [`supabase-scale/${name}`, ['error', program.options[name] ?? {}]]),
      ),
      ...(program.settings ? { settings: program.settings } : {}),
    },
  ];
}

export function describeProgram(program: Program, code = program.code): string {
  const settings = program.settings ? `, settings: ${JSON.stringify(program.settings)}` : '';
  return `--- ${program.filename} (parser: ${program.parser}, options: ${JSON.stringify(program.options)}${settings}) ---\n${code}\n--- end ---`;
}

/**
 * Parse errors already found, by parser, language, file name and code: the
 * properties draw the same programs from the same seed (six of them filter
 * `parsing(program())`), and a codemod's output is parsed again by the rule
 * checks; a parse depends on nothing else. Measured: a fifth of the CPU of
 * fuzz.test.ts was parsing the same text again.
 */
const parsed = new Map<string, string | null>();

/** The parse error of `code`, or null when it parses. */
export function parseError(program: Program, code = program.code): string | null {
  const key = `${program.parser}\0${program.lang}\0${program.filename}\0${code}`;
  const known = parsed.get(key);
  if (known !== undefined) return known;
  const fatal = linter.verify(code, config(program, false), program.filename).find((m) => m.fatal);
  const error = fatal ? `${fatal.line}:${fatal.column} ${fatal.message}` : null;
  if (parsed.size >= 20_000) parsed.clear();
  parsed.set(key, error);
  return error;
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
  if (error)
    throw new Error(`generated program does not parse (${error}): a generator bug\n${describeProgram(program)}`);
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

/** What starts the requests of `code`, ungated: selects that start a read, from-calls (reads and writes), rpcs, hard deletes. */
export interface RequestRoots {
  select: number;
  from: number;
  write: number;
  rpc: number;
  delete: number;
  /** Calls made once per item of a collection (per-item.ts perItemLoop). */
  perItem: number;
}

/** The requests of `code` by what starts them (queryRoot, writeRoot, deleteRoot), ungated; null when it does not parse. */
export function requestRoots(code: string, filename: string): RequestRoots | null {
  const result = runDetectors(code, filename, {
    roots: (ctx: AnalysisContext) => {
      const count: RequestRoots = { select: 0, from: 0, write: 0, rpc: 0, delete: 0, perItem: 0 };
      return {
        listeners: {
          CallExpression(node: TSESTree.CallExpression) {
            const root = queryRoot(ctx, node);
            if (root?.kind === 'select') count.select += 1;
            if (root?.kind === 'rpc') count.rpc += 1;
            const write = writeRoot(ctx, node);
            if (write) count.write += 1;
            if (root?.from || write) count.from += 1;
            if (deleteRoot(ctx, node)) count.delete += 1;
            if (perItemLoop(ctx, node)) count.perItem += 1;
          },
        },
        finish: () => [count],
      };
    },
  });
  return result.ok ? (result.findings.roots[0] ?? null) : null;
}

/** How many selects of `code` start a read (queryRoot), ungated; null when it does not parse. */
export function selectRoots(code: string, filename: string): number | null {
  return requestRoots(code, filename)?.select ?? null;
}

/**
 * The text gates never skip a file that holds a request: where queryRoot
 * finds a select that starts a read, mayHoldSelectRead says "may hold" (the
 * read detectors' gate); where a read or a write starts from `X.from(t)`,
 * mayCallFrom; where a write is, mayHoldWriteRequest; where an rpc is sent,
 * mayHoldRpc; where a hard delete is, mayHoldDeleteFacts; where a call is
 * made once per item, mayRepeat (no-query-in-loop's).
 */
export function propSelectGateSound(program: Program): void {
  const roots = requestRoots(program.code, program.filename);
  if (roots === null) return;
  const skipped = [
    roots.select > 0 && !mayHoldSelectRead(program.code) && `${roots.select} select read(s) (mayHoldSelectRead)`,
    roots.from > 0 && !mayCallFrom(program.code) && `${roots.from} request(s) from X.from(t) (mayCallFrom)`,
    roots.write > 0 && !mayHoldWriteRequest(program.code) && `${roots.write} write(s) (mayHoldWriteRequest)`,
    roots.rpc > 0 && !mayHoldRpc(program.code) && `${roots.rpc} rpc(s) (mayHoldRpc)`,
    roots.perItem > 0 && !mayRepeat(program.code) && `${roots.perItem} call(s) made per item (mayRepeat)`,
    roots.delete > 0 && !mayHoldDeleteFacts(program.code) && `${roots.delete} hard delete(s) (mayHoldDeleteFacts)`,
  ].filter(Boolean);
  if (skipped.length > 0)
    throw new Error(`a text gate skips a file with ${skipped.join(', ')}\n${describeProgram(program)}`);
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

/** A program from what was drawn: the random eslump program (if any) first, then the parts. */
function assembled(
  lang: Lang,
  drawn: { parser: Program['parser']; parts: readonly string[]; random: string | null; options: Program['options'] },
): Program {
  const { parser, parts, random, options } = drawn;
  return {
    filename: `fuzz.${lang}`,
    lang,
    parser,
    code: [...(random === null ? [] : [random, ';']), ...parts].join('\n'),
    options,
    random: random !== null,
  };
}

/** A file of one to four parts aimed at the rules (and at none), with or without a random eslump program before them. */
export function program(
  options: { eslump: 'never' | 'sometimes' | 'only' } = { eslump: 'sometimes' },
): fc.Arbitrary<Program> {
  return fc.constantFrom(...langs).chain((lang) =>
    fc
      .record({
        parser: parserFor(lang),
        parts:
          options.eslump === 'only'
            ? fc.constant([] as string[])
            : fc
                .integer({ min: 1, max: 4 })
                .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => part(lang, i)))),
        random:
          options.eslump === 'never'
            ? fc.constant(null)
            : options.eslump === 'only'
              ? eslumpProgram
              : fc.option(eslumpProgram, { freq: 3 }),
        options: ruleOptions,
      })
      .map((drawn) => assembled(lang, drawn)),
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

// ---------------------------------------------------------------- codemods

/** The project the codemods see: the file is /project/src/fuzz.<ext>, beside a module ./sync-api it may import. */
const PROJECT = '/project';

export interface CodemodProgram extends Program {
  /** The codemods to run, in order (one, or every registered one as `codemod all` runs them). */
  codemods: string[];
  settings: Partial<CodemodSettings>;
}

export function codemodSettingsFor(program: CodemodProgram): CodemodSettings {
  const helper = isTypeScript(program.lang) ? 'src/lib/supabase-pagination.ts' : 'src/lib/supabase-pagination.js';
  // a program's cursor is one the user set (as --cursor would)
  const cursorSet = program.settings.cursor !== undefined;
  return { ...defaultSettings(PROJECT), helperPath: `${PROJECT}/${helper}`, cursorSet, ...program.settings };
}

const readVirtual = (file: string): string | null => (file === `${PROJECT}/src/sync-api.ts` ? SYNC_API_MODULE : null);

/** Runs the program's codemods over `code` as the CLI would (no --project); a throw fails with the program printed. */
export function runCodemods(program: CodemodProgram, code = program.code): FileResult {
  const engine = new CodemodEngine(
    program.codemods.map((name) => codemods[name]!),
    { settings: codemodSettingsFor(program), types: null, readFile: readVirtual },
  );
  try {
    return engine.transform(`${PROJECT}/src/${program.filename}`, code);
  } catch (error) {
    throw new Error(
      `codemod ${program.codemods.join(', ')} threw: ${(error as Error).message}\n${describeCodemodProgram(program, code)}`,
    );
  }
}

export function describeCodemodProgram(program: CodemodProgram, code = program.code): string {
  return `${describeProgram(program, code)}\n(codemods: ${program.codemods.join(', ')}; settings: ${JSON.stringify(program.settings)})`;
}

/** Offset of a 1-based line and column, lines split at `breaks`. Null when out of range. */
function offsetAt(text: string, line: number, column: number, breaks: RegExp): number | null {
  let start = 0;
  for (let current = 1; current < line; current += 1) {
    breaks.lastIndex = start;
    const found = breaks.exec(text);
    if (!found) return null;
    start = found.index + found[0].length;
  }
  return start + column - 1;
}

const ESLINT_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;
const NEWLINE_ONLY = /\n/g;

/**
 * Whether the rule's sites (`line:column` as ESLint counts lines) are the
 * engine's left sites, compared as offsets into `text`. The engine counts
 * lines at \n only, ESLint also at \r, U+2028 and U+2029 (reported as a bug:
 * in such a file the CLI names the wrong line); the sites must be the same
 * under one of the two countings.
 */
export function sameSites(text: string, ruleSites: string[], engineSites: string[]): boolean {
  const offsets = (sites: string[], breaks: RegExp) =>
    sites
      .map((site) => {
        const [line, column] = site.split(':').map(Number) as [number, number];
        return offsetAt(text, line, column, breaks);
      })
      .sort((a, b) => (a ?? -1) - (b ?? -1));
  const rule = JSON.stringify(offsets(ruleSites, ESLINT_BREAKS));
  return (
    rule === JSON.stringify(offsets(engineSites, ESLINT_BREAKS)) ||
    rule === JSON.stringify(offsets(engineSites, NEWLINE_ONLY))
  );
}

/** Where `codemod`'s rule reports on `code` (with the rule options matching the settings), parsed as the codemods parse. */
export function codemodRuleSites(
  codemod: Codemod,
  settings: CodemodSettings,
  program: Program,
  code: string,
): string[] {
  const messages = linter.verify(
    code,
    [
      { files: FILES, languageOptions: languageOptions('typescript', program.lang) },
      {
        files: FILES,
        plugins: { 'supabase-scale': plugin },
        rules: { [`supabase-scale/${codemod.rule}`]: ['error', codemod.ruleOptions(settings)] },
      },
    ],
    program.filename,
  );
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`cannot lint for ${codemod.rule}: ${fatal.message}\n${describeProgram(program, code)}`);
  return messages
    .filter((m) => m.ruleId === `supabase-scale/${codemod.rule}`)
    .map((m) => `${m.line}:${m.column}`)
    .sort();
}

/**
 * The codemod properties, on one program:
 *  - the engine does not throw, and fails a file only when it does not parse
 *    (never because a rewrite would not parse);
 *  - the output parses, with the program's parser and with the codemods' own;
 *    so does every file the rewrite creates (the helper);
 *  - a second run on the output changes nothing;
 *  - for a single codemod: every site its rule reports on the input is
 *    rewritten or left with a reason, and on the output the rule reports
 *    exactly the sites a second run leaves, as many as the first run left:
 *    no rewritten site is reported again.
 * Returns what the run did, for the non-vacuity counts.
 */
export function propCodemod(program: CodemodProgram): { rewritten: number; left: number; changed: boolean } {
  const asTs: Program = { ...program, parser: 'typescript' };
  const inputError = parseError(asTs);
  const result = runCodemods(program);
  if (result.status === 'failed') {
    if (inputError === null) {
      throw new Error(
        `codemod ${program.codemods.join(', ')} failed on a file that parses: ${result.error}\n${describeCodemodProgram(program)}`,
      );
    }
    return { rewritten: 0, left: 0, changed: false };
  }
  if (inputError !== null) {
    // a file whose text rules out every site is never parsed (the cheap text test): fine, as long as it is left alone
    if (result.status === 'changed' || result.left.length > 0) {
      throw new Error(
        `codemod ${program.codemods.join(', ')} rewrote or reported sites in a file that does not parse (${inputError})\n${describeCodemodProgram(program)}`,
      );
    }
    return { rewritten: 0, left: 0, changed: false };
  }
  const rewritten = Object.values(result.rewritten).reduce((a, b) => a + b, 0);
  if (result.status === 'changed') {
    // the program's own parser too (espree for some JS), when it takes the input: eslump writes code only one accepts
    for (const check of parseError(program) === null ? [program, asTs] : [asTs]) {
      const error = parseError(check, result.after);
      if (error)
        throw new Error(
          `codemod output does not parse with ${check.parser} (${error})\ninput:\n${describeCodemodProgram(program)}\noutput:\n${result.after}`,
        );
    }
    for (const created of result.newFiles) {
      const lang: Lang = /\.tsx?$/.test(created.path) ? 'ts' : 'js';
      const error = parseError({ ...asTs, filename: `helper.${lang}`, lang }, created.text);
      if (error)
        throw new Error(`the file the codemod creates (${created.path}) does not parse (${error})\n${created.text}`);
    }
  } else if (rewritten > 0) {
    throw new Error(
      `codemod counts ${rewritten} rewritten sites but changed nothing\n${describeCodemodProgram(program)}`,
    );
  }
  const again = runCodemods(program, result.after);
  if (again.status !== 'unchanged' || again.after !== result.after) {
    throw new Error(
      `a second run changes the output (${again.status}: ${again.error ?? ''})\nfirst output:\n${describeCodemodProgram(program, result.after)}\nsecond output:\n${again.after}`,
    );
  }
  if (program.codemods.length === 1) {
    const codemod = codemods[program.codemods[0]!]!;
    const settings = codemodSettingsFor(program);
    const before = codemodRuleSites(codemod, settings, program, program.code);
    if (before.length !== rewritten + result.left.length) {
      throw new Error(
        `${codemod.rule} reports ${before.length} sites [${before.join(', ')}], but the codemod rewrote ${rewritten} and left ${result.left.length} [${result.left.map((s) => `${s.line}:${s.column}`).join(', ')}]\n${describeCodemodProgram(program)}`,
      );
    }
    const after = codemodRuleSites(codemod, settings, program, result.after);
    const leftAgain = again.left.map((site) => `${site.line}:${site.column}`).sort();
    if (!sameSites(result.after, after, leftAgain) || after.length !== result.left.length) {
      throw new Error(
        `on the output, ${codemod.rule} reports [${after.join(', ')}] but a second run leaves [${leftAgain.join(', ')}] (the first run left ${result.left.length}): a rewritten site is still reported, or a left one is lost\ninput:\n${describeCodemodProgram(program)}\noutput:\n${result.after}`,
      );
    }
  }
  return { rewritten, left: result.left.length, changed: result.status === 'changed' };
}

/**
 * A file for `codemod` (a registered name, or 'all'): one to four parts,
 * mostly aimed at the codemod (at every codemod for 'all'), the rest from
 * every rule's generators, sometimes after a random eslump program; the
 * codemod's settings drawn from its entry.
 */
export function codemodProgram(codemod: string): fc.Arbitrary<CodemodProgram> {
  const names = codemod === 'all' ? Object.keys(codemods) : [codemod];
  const aimed = (lang: Lang, index: number) =>
    fc.oneof(...names.map((name) => codemodEntries[name]!.snippets(lang, index)));
  const settings = fc
    .tuple(...names.map((name) => codemodEntries[name]!.settings))
    .map((parts) => Object.assign({}, ...parts) as Partial<CodemodSettings>);
  return fc.constantFrom(...langs).chain((lang) =>
    fc
      .record({
        parser: parserFor(lang),
        parts: fc
          .integer({ min: 1, max: 4 })
          .chain((count) =>
            fc.tuple(
              ...Array.from({ length: count }, (_, i) =>
                fc.oneof({ weight: 3, arbitrary: aimed(lang, i) }, { weight: 1, arbitrary: part(lang, i + 10) }),
              ),
            ),
          ),
        random: fc.option(eslumpProgram, { freq: 6 }),
        options: ruleOptions,
        settings,
      })
      .map(({ settings: chosen, ...drawn }) => ({ ...assembled(lang, drawn), codemods: names, settings: chosen })),
  );
}
