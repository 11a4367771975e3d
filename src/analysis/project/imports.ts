/**
 * A file's imports read from its text, before it is parsed: the text gates
 * ask whether a file calls a function of another module that does what a rule
 * reports (sends requests, subscribes a channel and drops its remover, takes
 * a Postgres Changes filter, returns an unbounded query builder). A file that
 * spells no such request itself may still hold a finding through one.
 */
import type { FunctionFacts } from './facts.js';
import { emptyModule, factsOfFile, findExport, type ResolvedFunction, resolveCallee } from './index.js';
import { resolveModule } from './resolve.js';

/** `import { a, b as c } from 'x'`, `import d from 'x'`, `import * as ns from 'x'`, `export ... from` is not a use. */
const IMPORT = /\bimport\s+(?:type\s+)?([^'";]*?)\s+from\s*['"]([^'"\n]+)['"]/g;
/** `const { a, b: c } = require('x')`, `const d = require('x')`. */
const REQUIRE = /\b(?:const|let|var)\s+([\w$]+|\{[^}]*\})\s*=\s*require\(\s*['"]([^'"\n]+)['"]\s*\)/g;

interface Binding {
  /** The name the file uses. */
  local: string;
  source: string;
  /** The exported name, `default`, or `*` for a namespace (its members are looked up when used). */
  imported: string;
}

function namedList(list: string, separator: RegExp): { imported: string; local: string }[] {
  return list
    .split(',')
    .map((item) => item.trim().replace(/^type\s+/, ''))
    .filter((item) => item !== '')
    .map((item) => {
      const [imported, local] = item.split(separator).map((part) => part.trim());
      return { imported: imported!, local: local ?? imported! };
    });
}

/** The bindings a file's text imports from other modules. */
export function importBindings(text: string): Binding[] {
  const bindings: Binding[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const clause = match[1]!;
    const source = match[2]!;
    if (clause.startsWith('{') || clause.includes(',') || clause.startsWith('*')) {
      const namespace = /\*\s+as\s+([\w$]+)/.exec(clause);
      if (namespace) bindings.push({ local: namespace[1]!, source, imported: '*' });
      const named = /\{([^}]*)\}/.exec(clause);
      if (named) for (const item of namedList(named[1]!, /\s+as\s+/)) bindings.push({ ...item, source });
      const first = /^([\w$]+)\s*,/.exec(clause);
      if (first) bindings.push({ local: first[1]!, source, imported: 'default' });
    } else if (/^[\w$]+$/.test(clause)) {
      bindings.push({ local: clause, source, imported: 'default' });
    }
  }
  for (const match of text.matchAll(REQUIRE)) {
    const target = match[1]!;
    const source = match[2]!;
    if (target.startsWith('{')) {
      for (const item of namedList(target.slice(1, -1), /\s*:\s*/)) bindings.push({ ...item, source });
    } else bindings.push({ local: target, source, imported: '*' });
  }
  return bindings;
}

/** Whether `name` is used in `text` beyond its import: called, or a member of it called. */
function usedAsCallee(text: string, name: string): boolean {
  const escaped = name.replace(/\$/g, '\\$');
  return new RegExp(`(?<![\\w$.])${escaped}\\s*(?:\\?\\.)?\\s*(?:\\(|\\.\\s*[\\w$]+\\s*(?:\\?\\.)?\\s*\\()`).test(text);
}

/**
 * The imported functions of another module that a file at `file` may call
 * (the binding is called, or a method of it): each exported function, and
 * each method of an exported object. Empty for a file not on disk.
 */
export function importedFunctions(text: string, file: string): ResolvedFunction[] {
  const found: ResolvedFunction[] = [];
  for (const binding of importBindings(text)) {
    if (!usedAsCallee(text, binding.local)) continue;
    const target = resolveModule(file, binding.source);
    const module = target && factsOfFile(target);
    if (!module) continue;
    const from = emptyModule(file);
    if (binding.imported === '*') {
      for (const name of Object.keys(module.exports)) {
        const resolved = resolveCallee(from, { kind: 'import', source: binding.source, name, member: null });
        if (resolved) found.push(resolved);
      }
      continue;
    }
    const direct = resolveCallee(from, {
      kind: 'import',
      source: binding.source,
      name: binding.imported,
      member: null,
    });
    if (direct) {
      found.push(direct);
      continue;
    }
    // an object or class instance: every method
    const exported = findExport(module, binding.imported);
    if (exported?.fact.kind === 'object') {
      for (const key of Object.values(exported.fact.methods)) {
        const facts: FunctionFacts | undefined = exported.module.functions[key];
        if (facts) found.push({ module: exported.module, facts });
      }
    }
  }
  return found;
}
