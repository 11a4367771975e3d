/**
 * full-sync-to-delta-sync with `--project`: the type checker follows a
 * re-export, a destructured hook result and typed parameters that the file
 * alone does not show; without it the same sites are left with a reason.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodemodEngine, type FileResult } from '../../src/codemods/engine.js';
import { codemods } from '../../src/codemods/index.js';
import { loadTypeInfo, type TypeInfo } from '../../src/codemods/type-info.js';
import { defaultSettings } from '../../src/codemods/settings.js';
import { FIXTURES } from './harness.js';

let root: string;
let types: TypeInfo;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-project-'));
  cpSync(path.join(FIXTURES, 'project'), root, { recursive: true });
  types = loadTypeInfo(path.join(root, 'tsconfig.json'));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function run(file: string, withTypes: boolean): FileResult {
  const engine = new CodemodEngine([codemods['full-sync-to-delta-sync']!], {
    settings: defaultSettings(root),
    types: withTypes ? types : null,
    readFile: (name) => {
      try {
        return readFileSync(name, 'utf8');
      } catch {
        return null;
      }
    },
  });
  const full = path.join(root, file);
  return engine.transform(full, readFileSync(full, 'utf8'));
}

describe('full-sync-to-delta-sync --project', () => {
  it('renames through a re-export, a destructured hook result and typed parameters', () => {
    const result = run('src/app.tsx', true);
    expect(result.error).toBeNull();
    expect(result.after).toContain("import { deltaSync as syncEverything } from './sync';");
    expect(result.after).toContain(
      '  const { deltaSync } = useSync();\n  return (\n    <button type="button" onClick={deltaSync}>',
    );
    expect(result.after).toContain('  await service.deltaSync();');
    expect(result.rewritten['full-sync-to-delta-sync']).toBe(3);
  });

  it('leaves what has no deltaSync, naming the type', () => {
    const result = run('src/app.tsx', true);
    expect(result.after).toContain(
      '  const { fullSync } = useArchive();\n  return <button onClick={fullSync}>Archive</button>;',
    );
    expect(result.after).toContain('  await archive.fullSync();');
    expect(result.left.map((site) => `${site.line}  ${site.reason}`)).toEqual([
      '16  no deltaSync on { fullSync: () => Promise<void>; }',
      '22  no deltaSync on Archive',
      // typed `any`: the answer falls back to the file, which does not show it
      "29  cannot see what 'client' is: the type checker knows it only as any",
    ]);
  });

  it('without the project, leaves the sites it cannot see into', () => {
    const result = run('src/app.tsx', false);
    expect(result.status).toBe('unchanged');
    expect(result.left.map((site) => site.reason)).toEqual([
      'destructured from useSync(): cannot see that it has deltaSync (no type information for this file: a tsconfig that includes it, or --project <tsconfig>)',
      'destructured from useArchive(): cannot see that it has deltaSync (no type information for this file: a tsconfig that includes it, or --project <tsconfig>)',
      "'./sync' does not visibly export deltaSync (re-exports are followed with type information: a tsconfig that includes this file, or --project <tsconfig>)",
      "cannot see what 'service' is (no type information for this file: a tsconfig that includes it, or --project <tsconfig>)",
      "cannot see what 'archive' is (no type information for this file: a tsconfig that includes it, or --project <tsconfig>)",
      "cannot see what 'client' is (no type information for this file: a tsconfig that includes it, or --project <tsconfig>)",
    ]);
  });

  it('marks the hook’s fullSync @deprecated, and the class method beside its deltaSync', () => {
    expect(run('src/hooks/use-sync.ts', true).after).toContain(
      '  return {\n    /** @deprecated Use deltaSync */\n    fullSync: () => service.fullSync(),',
    );
    const service = run('src/sync/service.ts', true).after;
    expect(service).toContain('export class SyncService {\n  /** @deprecated Use deltaSync */\n  async fullSync()');
    expect(service).toContain('export class Archive {\n  async fullSync()');
  });
});
