/**
 * A throwaway project folder whose node_modules links this checkout as
 * eslint-plugin-supabase-scale and its @typescript-eslint/parser: what the
 * end-to-end tests run ESLint in, as a user's project would.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

export function linkedProject(prefix: string, type: 'module' | 'commonjs'): string {
  const project = mkdtempSync(path.join(tmpdir(), prefix));
  const modules = path.join(project, 'node_modules');
  mkdirSync(path.join(modules, '@typescript-eslint'), { recursive: true });
  symlinkSync(root, path.join(modules, 'eslint-plugin-supabase-scale'), 'dir');
  symlinkSync(
    path.join(root, 'node_modules', '@typescript-eslint', 'parser'),
    path.join(modules, '@typescript-eslint', 'parser'),
    'dir',
  );
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'throwaway', type }));
  return project;
}
