/**
 * The facts of a module parsed alone (run.ts parseForAnalysis, as the index
 * parses an imported module) against the facts read through a lint of the
 * same file (runDetectors, ESLint's parse): they must be equal.
 * test/analysis/project.test.ts holds two fixture apps to it,
 * test/scale/facts-parse.test.ts every source file of the fixtures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { expect } from 'vitest';
import type { AnalysisContext } from '../../src/analysis/detector.js';
import { moduleFacts } from '../../src/analysis/project/module-facts.js';
import { parseForAnalysis, runDetectors } from '../../src/analysis/run.js';

/** The source files under `root` (not declaration files), sorted. */
export function fixtureSources(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((relative) => /\.(?:[cm]?[jt]sx?)$/.test(relative) && !relative.endsWith('.d.ts'))
    .sort()
    .map((relative) => path.join(root, relative));
}

/** Asserts each file's facts parsed alone equal its facts through a lint; returns how many were compared. */
export function expectFactsAlikeParsedAlone(sources: readonly string[]): number {
  let compared = 0;
  for (const source of sources) {
    const text = readFileSync(source, 'utf8');
    const light = parseForAnalysis(text, source);
    let program: TSESTree.Program | null = null;
    const linted = runDetectors(text, source, {
      facts: (ctx: AnalysisContext) => ({
        listeners: {
          Program(node: TSESTree.Program) {
            program = node;
          },
        },
        finish: () => (program ? [moduleFacts(ctx, program, source)] : []),
      }),
    });
    // a file ESLint cannot parse (a fixture of a parse error) cannot be parsed alone either
    expect(light === null, source).toBe(!linted.ok);
    if (!light || !linted.ok) continue;
    expect(moduleFacts(light.context, light.ast, source), source).toEqual(linted.findings.facts[0]);
    compared += 1;
  }
  return compared;
}
