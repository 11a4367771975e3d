/**
 * SQL a project keeps and the loader does not read: the loose files beside
 * the migrations (`supabase/fix-columns.sql`), a migrations folder's
 * unversioned files, other schema folders found (SchemaOrigin `unread` and
 * `notMigrations`). A table one of them creates or alters may have columns the
 * model does not: a rule that would call a column missing stays quiet then.
 * The files are read only when a rule asks, once per schema.
 */
import { readFileSync, statSync } from 'node:fs';
import { sqlFolderFiles } from './layouts.js';

/** What the loader found and did not read (model.ts SchemaOrigin's two lists). */
export interface UnreadSql {
  notMigrations: readonly string[];
  unread?: readonly string[];
}

const texts = new WeakMap<UnreadSql, string[]>();

function unreadTexts(origin: UnreadSql): string[] {
  const known = texts.get(origin);
  if (known) return known;
  const files: string[] = [...origin.notMigrations];
  for (const found of origin.unread ?? []) {
    let isDir = false;
    try {
      isDir = statSync(found).isDirectory();
    } catch {
      continue;
    }
    if (isDir) {
      const listed = sqlFolderFiles(found);
      files.push(...listed.files, ...listed.notRead);
    } else files.push(found);
  }
  const read: string[] = [];
  for (const file of new Set(files)) {
    try {
      read.push(readFileSync(file, 'utf8'));
    } catch {
      // a file gone since discovery says nothing about the table
    }
  }
  texts.set(origin, read);
  return read;
}

/**
 * Whether SQL the loader did not read creates or alters `table`
 * (`ALTER TABLE [IF EXISTS] [ONLY] [schema.]table`, `CREATE TABLE [IF NOT
 * EXISTS] [schema.]table`), quoted or not, in any case.
 */
export function unreadSqlChanges(origin: UnreadSql, table: string): boolean {
  if (origin.notMigrations.length === 0 && !origin.unread?.length) return false;
  const escaped = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const statement = new RegExp(
    `\\b(?:alter|create)\\s+table\\s+(?:if\\s+(?:not\\s+)?exists\\s+)?(?:only\\s+)?(?:"?[\\w$]+"?\\s*\\.\\s*)?"?${escaped}"?(?![\\w$])`,
    'i',
  );
  return unreadTexts(origin).some((text) => statement.test(text));
}
