/**
 * What a detector is and what it reads: the contract between the analysis
 * (src/analysis) and whatever runs it. A rule passes ESLint's
 * `context.sourceCode` as the AnalysisContext and reports `finish()` at
 * `Program:exit`; the codemods and the audit run the same detectors through
 * ESLint's Linter (run.ts).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/**
 * What a detector reads of a file: its text and its scopes. ESLint's
 * `context.sourceCode` is one (rules pass it as is).
 */
export interface AnalysisContext {
  readonly text: string;
  readonly scopeManager: TSESLint.Scope.ScopeManager | null;
  /** The parser's services; with typed linting they hold the program (see type-oracle.ts). */
  readonly parserServices?: unknown;
  /** The innermost scope that contains `node`. */
  getScope(node: TSESTree.Node): TSESLint.Scope.Scope;
}

/**
 * A detector: AST listeners to walk a file with (ESLint selectors), and the
 * findings once the walk is over. Rules report `finish()` at `Program:exit`;
 * the codemods run the same detectors and rewrite what they find.
 */
export interface Detector<Finding> {
  readonly listeners: Readonly<Record<string, (node: never) => void>>;
  finish(): Finding[];
}

/** A detector for a file, or null when the file cannot hold its finding (its text gate said so). */
export type DetectorFactory<Finding> = (ctx: AnalysisContext) => Detector<Finding> | null;
