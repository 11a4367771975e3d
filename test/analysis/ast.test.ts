/** The shared AST helpers of src/analysis/ast.ts that the detectors and the codemods walk with. */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { isFunction, namedCallTaking, type Node, subtree } from '../../src/analysis/ast.js';
import { runDetectors } from '../../src/analysis/run.js';

function parse(code: string): TSESTree.Program {
  const result = runDetectors(code, 'a.ts', {});
  if (!result.ok) throw new Error(`${code}: ${result.error.message}`);
  return result.ast;
}

/** A short label of a node: its name, value or type. */
function label(node: Node): string {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'Literal') return String(node.value);
  return node.type;
}

describe('subtree', () => {
  it('yields the node, then every node below it, each parent before its children; no tokens, no comments', () => {
    const program = parse('f(a, g(b)); // note');
    const nodes = [...subtree(program)];
    expect(nodes.map(label).sort()).toEqual(
      ['Program', 'ExpressionStatement', 'CallExpression', 'f', 'a', 'CallExpression', 'g', 'b'].sort(),
    );
    expect(nodes[0]).toBe(program);
    for (const [index, node] of nodes.entries()) {
      if (node.parent) expect(nodes.indexOf(node.parent)).toBeLessThan(index);
    }
  });

  it('yields but does not enter a node `descend` refuses', () => {
    const program = parse('a(); const f = () => { b(); }; c();');
    const names = [...subtree(program, (node) => !isFunction(node))]
      .filter((node) => node.type === 'Identifier')
      .map(label);
    expect(names).toEqual(['a', 'f', 'c']);
  });
});

describe('namedCallTaking', () => {
  /** For each function of `code`, the callee text of the named call it is the first argument of, or null. */
  function hosts(code: string, names: string[]): (string | null)[] {
    const found: (string | null)[] = [];
    for (const node of subtree(parse(code))) {
      if (!isFunction(node)) continue;
      const call = namedCallTaking(node, new Set(names));
      found.push(call ? call.callee.type : null);
    }
    return found;
  }

  it('finds a bare or member call to one of the names, with the function as its first argument', () => {
    expect(hosts('useEffect(() => {}, []);', ['useEffect'])).toEqual(['Identifier']);
    expect(hosts('React.useEffect(function () {});', ['useEffect'])).toEqual(['MemberExpression']);
    expect(hosts("pages['selectAllPages']((() => q) as F, opts);", ['selectAllPages'])).toEqual(['MemberExpression']);
  });

  it('ignores other names, other argument positions and callees', () => {
    expect(hosts('useMemo(() => {}, []);', ['useEffect'])).toEqual([null]);
    expect(hosts('useEffect(deps, () => {});', ['useEffect'])).toEqual([null]);
    expect(hosts('(() => {})();', ['useEffect'])).toEqual([null]);
    expect(hosts('const f = () => {};', ['useEffect'])).toEqual([null]);
  });
});
