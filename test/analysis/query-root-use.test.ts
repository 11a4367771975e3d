/**
 * The two recognizers every PostgREST detector stands on, tested directly:
 * queryRoot (what starts a request: a read `X.from(t).select()`, an rpc, never
 * a write, an Array.from or a reversed SQL builder) and analyzeQuery (the
 * request followed through its chain, variables and the places it is sent).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import type { AnalysisContext } from '../../src/analysis/detector.js';
import { queryRoot, type QueryRoot } from '../../src/analysis/postgrest/query-root.js';
import {
  analyzeQuery,
  directExecutions,
  type QueryUse,
  rowsNeverRead,
} from '../../src/analysis/postgrest/query-use.js';
import { runDetectors } from '../../src/analysis/run.js';

/** Every request root of `code`, with what analyzeQuery says of it. */
function requests(code: string): { root: QueryRoot; use: QueryUse }[] {
  const result = runDetectors(code, 'a.ts', {
    roots: (ctx: AnalysisContext) => {
      const found: { root: QueryRoot; use: QueryUse }[] = [];
      return {
        listeners: {
          CallExpression(node: TSESTree.CallExpression) {
            const root = queryRoot(ctx, node);
            if (root) found.push({ root, use: analyzeQuery(ctx, root) });
          },
        },
        finish: () => found,
      };
    },
  });
  if (!result.ok) throw new Error(`${code}: ${result.error.message}`);
  return result.findings.roots;
}

const roots = (code: string) => requests(code).map(({ root }) => `${root.kind} ${root.name ?? '?'}`);

describe('queryRoot', () => {
  it('starts a request at a select on from() and at an rpc, with the static name or null', () => {
    expect(roots("await supabase.from('rooms').select('*');")).toEqual(['select rooms']);
    expect(roots("await db.schema('app').from(table).select('id');")).toEqual(['select ?']);
    expect(roots("await supabase.rpc('room_stats', { id });")).toEqual(['rpc room_stats']);
    // through a constant that holds the from()
    expect(roots("const rooms = supabase.from('rooms');\nawait rooms.select('id');")).toEqual(['select rooms']);
  });

  it('is no request: writes (even with a select after them), Array.from, reversed SQL builders, literals', () => {
    expect(roots("await supabase.from('rooms').insert({ a: 1 }).select();")).toEqual([]);
    expect(roots("await supabase.from('rooms').update({ a: 1 }).eq('id', 1).select('id');")).toEqual([]);
    expect(roots('Array.from(items).select((x) => x);')).toEqual([]);
    expect(roots("globalThis.Array.from(items).select('x');")).toEqual([]);
    expect(roots("knex.select('*').from('rooms').select('id');")).toEqual([]);
    expect(roots("[1, 2].from('x').select('y');")).toEqual([]);
    expect(roots('await supabase.rpc(...args);')).toEqual([]);
  });
});

describe('analyzeQuery', () => {
  const only = (code: string): QueryUse => {
    const found = requests(code);
    expect(found).toHaveLength(1);
    return found[0]!.use;
  };

  it('follows the chain and a variable that holds the builder, and knows how it is sent', () => {
    const use = only(
      "let q = supabase.from('rooms').select('*').eq('open', true);\nif (mine) q = q.eq('owner', me);\nconst { data } = await q.order('id').limit(20);\nuse(data);",
    );
    expect(use.links.map((link) => link.name)).toEqual(['select', 'eq', 'eq', 'order', 'limit']);
    expect(use.ownChain.map((link) => link.name)).toEqual(['select', 'eq']);
    expect(directExecutions(use).map((execution) => execution.kind)).toEqual(['await']);
    expect(use.escapes).toBe(false);
    expect(rowsNeverRead(use)).toBe(false);
  });

  it('tells then(), Promise.all, an async return and a plain function return (a factory) apart', () => {
    expect(only("supabase.from('a').select('*').then(show);").executions.map((e) => e.kind)).toEqual(['then']);
    expect(
      only("const [a] = await Promise.all([supabase.from('a').select('*')]);\nuse(a);").executions.map((e) => e.kind),
    ).toEqual(['promise-combinator']);
    expect(only("async function f() { return supabase.from('a').select('*'); }").executions.map((e) => e.kind)).toEqual(
      ['return-async'],
    );
    const factory = only("function f() { return supabase.from('a').select('*'); }");
    expect(factory.factory).toBe(true);
    expect(factory.executions).toEqual([]);
  });

  it('marks a builder handed to code it cannot see as escaping, and a paginator callback as paginated', () => {
    expect(only("const q = supabase.from('a').select('*');\nrun(q);").escapes).toBe(true);
    expect(only("await supabase.from('a').select('*').abortSignal(s).custom();").escapes).toBe(true);
    const paged = only("await selectAllPages(() => supabase.from('a').select('*'), { cursor: 'id', pageSize: 100 });");
    expect(paged.executions.map((e) => e.kind)).toEqual(['paginated']);
  });

  it('says when the rows are never read: only error taken', () => {
    expect(
      rowsNeverRead(only("const { error } = await supabase.from('a').select('*');\nif (error) throw error;")),
    ).toBe(true);
  });
});
