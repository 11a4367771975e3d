/**
 * The shape of src/: no import cycle (type-only imports included: a cycle of
 * types is still a knot a reader must untie), and nothing at the root of
 * src/analysis/ but the helpers every area shares.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The modules of src/ a file imports or re-exports (static and dynamic), resolved to files. */
function localImports(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
}

/** Strongly connected components of more than one file (Tarjan), and files importing themselves. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const dep of graph.get(file) ?? []) {
      if (!graph.has(dep)) continue;
      if (!index.has(dep)) {
        visit(dep);
        low.set(file, Math.min(low.get(file)!, low.get(dep)!));
      } else if (onStack.has(dep)) {
        low.set(file, Math.min(low.get(file)!, index.get(dep)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

describe('the layout of src/', () => {
  it('has no import cycle, type-only imports included', () => {
    const graph = new Map(sourceFiles(src).map((file) => [file, localImports(file)]));
    const cycles = importCycles(graph).map((cycle) => cycle.map((file) => path.relative(src, file)));
    expect(cycles).toEqual([]);
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
      ['e', ['e']],
    ]);
    expect(importCycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
  });

  it('keeps only shared helpers at the root of src/analysis/ (each area has its folder)', () => {
    const loose = readdirSync(path.join(src, 'analysis'), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
    expect(loose).toEqual([
      'ast.ts', // AST predicates
      'callback-slots.ts', // places that take a function to call later (timers, effects, events)
      'detector.ts', // AnalysisContext, Detector: the contract with whatever runs a detector
      'limits.ts', // how far any recognizer follows code
      'per-item.ts', // loops and callbacks that run once per item
      'run.ts', // runs detectors outside a lint (codemods, audit)
      'schema-facts.ts', // what the detectors ask of the database schema
      'scope.ts', // scope questions
      'text-gates.ts', // each detector's text gate, asked before parsing
      'type-oracle.ts', // optional type information
    ]);
  });
});
