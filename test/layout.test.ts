/**
 * The shape of src/: no import cycle (type-only imports included: a cycle of
 * types is still a knot a reader must untie), and nothing at the root of
 * src/analysis/ but the helpers every area shares.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

  it("matches CONTRIBUTING.md's map: every folder it names exists, and every folder of src/ is named", () => {
    const contributing = readFileSync(path.join(root, 'CONTRIBUTING.md'), 'utf8');
    const map = contributing.slice(
      contributing.indexOf('## Where things live'),
      contributing.indexOf('## Adding a rule'),
    );
    expect(map.length).toBeGreaterThan(0);
    // every `folder/` in backticks, relative to the repository, or to the folder of the row (`rules/` under `test/`)
    const named = [...map.matchAll(/`([\w./-]+\/)`/g)].map((match) => match[1]!);
    const rows = map.split('\n').filter((line) => line.startsWith('|'));
    const missing: string[] = [];
    for (const row of rows) {
      const cells = row.split('|').map((cell) => cell.trim());
      const bases = [...(cells[2] ?? '').matchAll(/`([\w./-]+\/)`/g)].map((match) => match[1]!);
      for (const folder of [
        ...(cells[2] ?? '').matchAll(/`([\w./-]+\/)`/g),
        ...(cells[3] ?? '').matchAll(/`([\w.-]+\/)`/g),
      ].map((m) => m[1]!)) {
        const found = [folder, ...bases.map((base) => path.join(base, folder))].some(
          (candidate) => existsSync(path.join(root, candidate)) && statSync(path.join(root, candidate)).isDirectory(),
        );
        if (!found && !folder.includes('<')) missing.push(folder);
      }
    }
    expect(missing).toEqual([]);
    const folders = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .flatMap((entry) => [path.join(dir, entry.name), ...folders(path.join(dir, entry.name))]);
    const unnamed = folders(src)
      .map((folder) => `${path.relative(root, folder).split(path.sep).join('/')}/`)
      .filter((folder) => !named.some((name) => name === folder || folder.endsWith(`/${name}`)));
    expect(unnamed).toEqual([]);
  });
});
