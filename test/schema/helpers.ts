import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DatabaseSchema, loadSchema } from '../../src/schema/index.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/schema');

export function migrationsOf(fixture: string): string {
  return path.join(FIXTURES, fixture, 'supabase', 'migrations');
}

/** A fresh project folder with `supabase/migrations/<name>` files; returns the project folder. */
export function writeProject(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'schema-test-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name.includes('/') ? name : path.join('supabase', 'migrations', name));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

/** The schema of one migration written into a fresh folder. */
export async function schemaOf(sql: string): Promise<DatabaseSchema> {
  const root = writeProject({ '20240101000000_test.sql': sql });
  const schema = await loadSchema({ schema: root, recheckMs: 0 });
  if (!schema) throw new Error('no schema');
  return schema;
}
