import { describe, expect, it } from 'vitest';
import { createUnboundedReadDetector } from '../../src/analysis/postgrest/unbounded-read.js';
import { runDetectors } from '../../src/analysis/run.js';
import { createFullSyncDetector } from '../../src/analysis/sync/full-sync.js';

/** The result of a file that parsed (the assertion shows the parse error otherwise). */
function parsed<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  expect(result).toMatchObject({ ok: true });
  return result as Extract<T, { ok: true }>;
}

const factories = {
  reads: (ctx: Parameters<typeof createUnboundedReadDetector>[0]) =>
    createUnboundedReadDetector(ctx, { uniqueColumns: ['id'], checkRpc: false }),
  syncs: (ctx: Parameters<typeof createFullSyncDetector>[0]) =>
    createFullSyncDetector(ctx, { names: ['fullSync'], replacement: 'deltaSync', allowIn: [] }),
};

describe('runDetectors (the codemods’ view of the rules’ detectors)', () => {
  it('finds the same sites as the rules in TS, TSX and JS', () => {
    const code = "const { data } = await supabase.from('messages').select('*');\nsetInterval(svc.fullSync, 1000);\n";
    for (const filename of ['a.ts', 'a.tsx', 'a.js', 'a.jsx', 'a.mts', 'a.cts']) {
      const result = parsed(runDetectors(code, filename, factories));
      expect(result.findings.reads.map((use) => use.chainEnd.range)).toEqual([[23, 60]]);
      expect(result.findings.syncs.map((use) => [use.kind, use.nameNode.range])).toEqual([['reference', [78, 86]]]);
    }
  });

  it('parses JSX in .js files', () => {
    const result = runDetectors('export const A = () => <button onClick={fullSync} />;', 'a.js', factories);
    expect(parsed(result).findings.syncs).toHaveLength(1);
  });

  it('returns the parse error of a file that does not parse', () => {
    const result = runDetectors('const x = ;\n', 'broken.ts', factories);
    // the position ESLint's own CLI prints for this file
    expect(result).toEqual({
      ok: false,
      error: { line: 1, column: 10, message: expect.stringContaining('Expression expected') as string },
    });
  });

  it('gives empty findings for a detector that skips the file', () => {
    const result = runDetectors('export const x = 1;', 'plain.ts', factories);
    expect(parsed(result).findings).toEqual({ reads: [], syncs: [] });
  });
});

describe('runDetectors and file names', () => {
  it('parses a file outside the working directory (only the extension matters)', () => {
    const code = "export const q = async () => supabase.from('messages').select('*');\n";
    for (const filename of ['/elsewhere/deep/app.ts', '../../outside/app.tsx', 'C:/win/app.js']) {
      const result = runDetectors(code, filename, factories);
      expect(parsed(result).findings.reads, filename).toHaveLength(1);
    }
  });

  it('hands back the context the detectors read', () => {
    const result = runDetectors('export const x = 1;\n', 'a.ts', {});
    const { context } = parsed(result);
    expect(context.text).toBe('export const x = 1;\n');
    // the module's scopes: the global scope and the module scope, holding `x`
    expect(context.scopeManager?.scopes.map((scope) => scope.type)).toEqual(['global', 'module']);
    expect(context.scopeManager?.scopes[1]?.variables.map((variable) => variable.name)).toEqual(['x']);
  });
});
