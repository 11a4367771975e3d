/**
 * `npm run test:scale`: 5 MB generated files, audited and rewritten by the
 * built CLI (dist/) in child processes, as a project would run it. The same
 * case at 64 KB, in-process, is part of `npm test`
 * (test/cli/bad-input.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedTypes, seedData } from '../cli/generated.js';
import { type AuditJson, type CodemodJson, snapshot, spawnCli, tempProjects } from '../cli/helpers.js';

const temp = tempProjects();

describe('5 MB generated files', () => {
  it(
    'are audited and rewritten like any other file: per-file results, no trace, nothing written on a dry run',
    { timeout: 900_000 },
    async () => {
      const MB5 = 5 * 2 ** 20;
      // `supabase gen types` output: large, nothing to find (skipped by the text test);
      // seed data: large, and one read at the end, so the whole file is parsed
      const seed = seedData(MB5);
      const root = temp({ 'src/database.types.ts': generatedTypes(MB5), 'src/seed-data.ts': seed.text });
      const before = snapshot(root);
      expect(readFileSync(path.join(root, 'src/seed-data.ts')).length).toBeGreaterThanOrEqual(MB5);
      expect(readFileSync(path.join(root, 'src/database.types.ts')).length).toBeGreaterThanOrEqual(MB5);

      const [audit, codemod] = await Promise.all([
        spawnCli(root, ['audit', '--format', 'json']),
        spawnCli(root, ['codemod', 'all', '--dry-run', '--json']),
      ]);
      expect(audit.stderr).toBe('');
      expect(audit.status).toBe(0);
      const report = JSON.parse(audit.stdout) as AuditJson;
      expect(report.files).toEqual({ scanned: 2, parsed: 1, failed: 0 });
      expect(report.results.map((r) => `${r.file}:${r.line} ${r.rule}`)).toEqual([
        `src/seed-data.ts:${seed.readLine} require-pagination`,
      ]);
      expect(codemod.stderr).toBe('');
      expect(codemod.status).toBe(0);
      const rewrite = JSON.parse(codemod.stdout) as CodemodJson;
      expect(rewrite.failed).toEqual([]);
      expect(rewrite.files).toEqual({ scanned: 2, changed: 1, unchanged: 1, failed: 0 });
      expect(rewrite.rewritten['paginate-selects']).toBe(1);
      expect(snapshot(root)).toEqual(before);
    },
  );
});
