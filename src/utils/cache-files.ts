// The file operations both disk caches (the schema's, schema/disk-cache.ts,
// and the function facts', analysis/project/disk-cache.ts) are built on:
// processes share the folders (ESLint workers, CI shards, the editor, the
// CLI), so a file is written whole or not at all, a reader that finds
// anything else reads nothing, and a folder is kept to a size.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A temporary file older than this was left by a process that died mid-write. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** The JSON value of a file; undefined when it is missing or not JSON. */
export function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Writes `text` to `file` through a temporary file and a rename; false when it could not. */
export function writeAtomically(file: string, text: string): boolean {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, file);
    return true;
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // never written
    }
    return false;
  }
}

/**
 * Removes the oldest `.json` files of `dir` whose name starts with `prefix`
 * beyond the newest `keep`, and temporary files left by dead writers.
 */
export function pruneFolder(dir: string, prefix: string, keep: number): void {
  try {
    const now = Date.now();
    const files = readdirSync(dir).flatMap((name) => {
      try {
        return [{ name, mtime: statSync(path.join(dir, name)).mtimeMs }];
      } catch {
        return [];
      }
    });
    const stale = files.filter((f) => f.name.endsWith('.tmp') && now - f.mtime > STALE_TEMP_MS);
    const ofKind = files.filter((f) => f.name.startsWith(prefix) && f.name.endsWith('.json'));
    ofKind.sort((a, b) => b.mtime - a.mtime);
    for (const { name } of [...stale, ...ofKind.slice(keep)]) unlinkSync(path.join(dir, name));
  } catch {
    // another process pruned first, or the folder is read-only: nothing to do
  }
}
