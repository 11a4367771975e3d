/** The disk caches' shared file operations (src/utils/cache-files.ts). */
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneFolder, readJson, writeAtomically } from '../../src/utils/cache-files.js';

describe('cache files', () => {
  it('writes whole through a rename, creating the folder, and reads back JSON or nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cache-files-'));
    const file = path.join(dir, 'a', 'b.json');
    expect(writeAtomically(file, '{"x":1}')).toBe(true);
    expect(readJson(file)).toEqual({ x: 1 });
    expect(readdirSync(path.dirname(file))).toEqual(['b.json']);
    writeFileSync(file, '{"x":');
    expect(readJson(file)).toBeUndefined();
    expect(readJson(path.join(dir, 'missing.json'))).toBeUndefined();
  });

  it("keeps the newest files of a kind, removes a dead writer's temporary file, and leaves other files alone", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cache-files-'));
    const at = (name: string, secondsAgo: number) => {
      writeFileSync(path.join(dir, name), '{}');
      const when = new Date(Date.now() - secondsAgo * 1000);
      utimesSync(path.join(dir, name), when, when);
    };
    at('schema-old.json', 300);
    at('schema-mid.json', 200);
    at('schema-new.json', 100);
    at('source-1.json', 400);
    at('schema-x.json.1.ab.tmp', 2 * 60 * 60);
    at('schema-y.json.2.cd.tmp', 10);
    pruneFolder(dir, 'schema-', 2);
    expect(readdirSync(dir).sort()).toEqual([
      'schema-mid.json',
      'schema-new.json',
      'schema-y.json.2.cd.tmp',
      'source-1.json',
    ]);
  });
});
