/**
 * Runs detectors over a file outside a lint run (the codemods): ESLint's
 * Linter parses the file with @typescript-eslint/parser (TS, TSX, JS, JSX)
 * and builds its scopes, exactly as in a lint run, so a codemod sees the
 * same findings as the rule.
 */
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import type TsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Linter } from 'eslint';
import type { AnalysisContext, Detector, DetectorFactory } from './detector.js';

/**
 * The parser and ESLint's Linter, loaded on first use: TypeScript comes with
 * the parser (a second of CPU to load), and a process whose files' facts are
 * all read back from the disk cache (the audit with the oxlint engine, the
 * capacity report) parses nothing. In an ESLint process both are loaded already.
 */
let tools: { parser: typeof TsParser; Linter: typeof Linter } | undefined;
function parsingTools(): { parser: typeof TsParser; Linter: typeof Linter } {
  if (tools) return tools;
  const load = createRequire(import.meta.url);
  tools = {
    parser: load('@typescript-eslint/parser') as typeof TsParser,
    Linter: (load('eslint') as typeof import('eslint')).Linter,
  };
  return tools;
}

type Findings<Factories> = {
  [K in keyof Factories]: Factories[K] extends DetectorFactory<infer F> ? F[] : never;
};

export type RunResult<Factories> =
  | { ok: true; findings: Findings<Factories>; ast: TSESLint.SourceCode['ast']; context: AnalysisContext }
  | { ok: false; error: { line: number; column: number; message: string } };

/** Listeners of several detectors merged: each selector calls every handler that listens to it. */
export function mergeListeners(
  detectors: readonly (Detector<unknown> | null)[],
): Record<string, (node: never) => void> {
  const handlers = new Map<string, ((node: never) => void)[]>();
  for (const detector of detectors) {
    if (!detector) continue;
    for (const [selector, handler] of Object.entries(detector.listeners)) {
      const list = handlers.get(selector) ?? [];
      list.push(handler);
      handlers.set(selector, list);
    }
  }
  const merged: Record<string, (node: never) => void> = {};
  for (const [selector, list] of handlers) {
    merged[selector] =
      list.length === 1
        ? list[0]!
        : (node) => {
            for (const handler of list) handler(node);
          };
  }
  return merged;
}

/**
 * The part of a flat config that parses a file as the plugin's tools do:
 * @typescript-eslint/parser for every JS and TS extension, JSX for .jsx/.tsx.
 */
export function parsing(filename: string): Pick<Linter.Config, 'files' | 'languageOptions'> {
  return {
    files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
    languageOptions: {
      parser: parsingTools().parser,
      parserOptions: { ecmaFeatures: { jsx: /\.[jt]sx$/.test(filename) } },
    },
  };
}

/**
 * Parses `text` as `filename` and runs each factory's detector over it.
 * Returns the findings by factory name with the parsed file (its AST and the
 * context the detectors read), or the parse error. Only the extension of
 * `filename` matters (TS or JS, JSX or not): any path works, inside the
 * working directory or not.
 */
export function runDetectors<Factories extends Record<string, DetectorFactory<unknown>>>(
  text: string,
  filename: string,
  factories: Factories,
): RunResult<Factories> {
  const findings = {} as Record<string, unknown[]>;
  // set inside `create`, which TypeScript's flow analysis does not see run: widen, or it keeps them null
  let ast = null as TSESLint.SourceCode['ast'] | null;
  let analysisContext = null as AnalysisContext | null;
  const collect: TSESLint.RuleModule<never> = {
    meta: { type: 'problem', messages: {}, schema: [] },
    create(context) {
      const names = Object.keys(factories);
      analysisContext = context.sourceCode;
      const detectors = names.map((name) => factories[name]!(analysisContext!));
      for (const name of names) findings[name] = [];
      ast = context.sourceCode.ast;
      const listeners = mergeListeners(detectors);
      const exit = listeners['Program:exit'];
      return {
        ...(listeners as TSESLint.RuleListener),
        'Program:exit'(node) {
          exit?.(node as never);
          names.forEach((name, index) => {
            findings[name] = detectors[index]?.finish() ?? [];
          });
        },
      };
    },
  };
  const linter = new (parsingTools().Linter)({ configType: 'flat' });
  const messages = linter.verify(
    text,
    [
      {
        ...parsing(filename),
        plugins: { 'supabase-scale-detect': { rules: { collect: collect as never } } },
        rules: { 'supabase-scale-detect/collect': 'error' },
      },
    ],
    {
      // ESLint matches `files` against the name relative to its cwd: a neutral name keeps any path in
      filename: `file${extname(filename)}`,
      // the file's own directives are not the detectors' business; ESLint 10 even fails a file on `/* eslint-env */`
      allowInlineConfig: false,
    },
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal || ast === null || analysisContext === null) {
    return {
      ok: false,
      error: { line: fatal?.line ?? 0, column: fatal?.column ?? 0, message: fatal?.message ?? 'could not parse' },
    };
  }
  return { ok: true, findings: findings as Findings<Factories>, ast, context: analysisContext };
}

/** A shebang line, which ESLint turns into a comment before it parses. */
const SHEBANG = /^#!([^\r\n\u2028\u2029]*)/u;

/** Each node's `parent`, as ESLint's traversal sets it before any rule runs. */
function linkParents(root: TSESTree.Node, keys: Readonly<Record<string, readonly string[] | undefined>>): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of keys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (!child || typeof (child as TSESTree.Node).type !== 'string') continue;
        (child as { parent: TSESTree.Node }).parent = node;
        stack.push(child as TSESTree.Node);
      }
    }
  }
}

/**
 * Parses `text` as ESLint's Linter parses it for the detectors (runDetectors:
 * @typescript-eslint/parser, the same options, the BOM and a shebang as
 * ESLint treats them) and gives the AST with its parent links and the
 * context the analysis reads (the text, the scopes, `getScope` as ESLint's
 * SourceCode answers it), without running a lint: no rule machinery, no code
 * paths, no token store. For a walk of the whole AST of a file no lint
 * parses (the function facts of an imported module). Null when it does not
 * parse. Only ESLint's own globals are missing from the global scope, which
 * the analysis reads as undeclared either way (no declaration).
 */
export function parseForAnalysis(
  text: string,
  filename: string,
): { ast: TSESLint.SourceCode['ast']; context: AnalysisContext } | null {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const ext = extname(filename);
  let parsed: ReturnType<typeof TsParser.parseForESLint>;
  try {
    parsed = parsingTools().parser.parseForESLint(
      body.replace(SHEBANG, (_, captured: string) => `//${captured}`),
      {
        // ESLint's flat config: commonjs for .cjs (the parser reads it as a script), else module
        sourceType: ext === '.cjs' ? 'script' : 'module',
        ecmaFeatures: { jsx: /\.[jt]sx$/.test(filename) },
        filePath: `file${ext}`,
      },
    );
  } catch {
    return null;
  }
  const { ast, scopeManager, visitorKeys } = parsed;
  linkParents(ast, visitorKeys);
  const scopes = new WeakMap<TSESTree.Node, TSESLint.Scope.Scope>();
  const getScope = (current: TSESTree.Node): TSESLint.Scope.Scope => {
    const cached = scopes.get(current);
    if (cached) return cached;
    // as ESLint's SourceCode: on Program the outermost scope, else the innermost that holds the node
    const inner = current.type !== 'Program';
    let found: TSESLint.Scope.Scope = scopeManager.scopes[0] as TSESLint.Scope.Scope;
    for (let node: TSESTree.Node | undefined = current; node; node = node.parent) {
      const scope = scopeManager.acquire(node, inner);
      if (scope) {
        found = scope.type === 'function-expression-name' ? scope.childScopes[0]! : scope;
        break;
      }
    }
    scopes.set(current, found);
    return found;
  };
  return {
    ast: ast,
    context: {
      text: body,
      scopeManager: scopeManager,
      parserServices: parsed.services,
      getScope,
    },
  };
}

/**
 * The text with each `/* eslint-env ... *\/` comment's keyword blanked (same
 * length, so positions hold): ESLint 10 fails a whole file on such a comment,
 * which older projects still carry, while the file's other directives
 * (`eslint-disable`) should still be read.
 */
export function withoutEnvComments(text: string): string {
  return text.includes('eslint-env')
    ? text.replace(/\/\*(\s*)eslint-env\b/g, (_, space: string) => `/*${space}${' '.repeat(10)}`)
    : text;
}

/**
 * Which of `locs` (where the rule reports the sites a codemod found) the
 * file's own inline configuration keeps the rule from reporting: its
 * `eslint-disable` blocks, `-line` and `-next-line` comments (with or without
 * a rule list), and `/* eslint supabase-scale/<rule>: ... *\/` (off, or other
 * options). The real rule is run with `options` under ESLint, which reads the
 * comments as in a lint run; a site it does not report at its place is
 * disabled. Returns their indexes. A file with no `eslint` in its text has no
 * such comment, and is not parsed again.
 */
export function disabledByDirectives(
  text: string,
  filename: string,
  rule: { id: string; module: unknown; options: Record<string, unknown> },
  locs: readonly TSESLint.AST.SourceLocation[],
): Set<number> {
  const disabled = new Set<number>();
  if (locs.length === 0 || !text.includes('eslint')) return disabled;
  const [namespace, name] = rule.id.split('/') as [string, string];
  const linter = new (parsingTools().Linter)({ configType: 'flat' });
  const messages = linter.verify(
    withoutEnvComments(text),
    [
      {
        ...parsing(filename),
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        plugins: { [namespace]: { rules: { [name]: rule.module as never } } },
        rules: { [rule.id]: ['error', rule.options] },
      },
    ],
    { filename: `file${extname(filename)}` },
  );
  // ESLint still runs the rules after a fatal note on a malformed config comment; after a
  // parse error (the detectors parsed this text, so none is expected) nothing is reported,
  // and no site is taken as on
  const reported = new Set(
    messages.filter((message) => message.ruleId === rule.id).map((message) => `${message.line}:${message.column}`),
  );
  locs.forEach((loc, index) => {
    if (!reported.has(`${loc.start.line}:${loc.start.column + 1}`)) disabled.add(index);
  });
  return disabled;
}
