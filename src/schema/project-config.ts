/**
 * What the Supabase CLI's project config says that the rules need:
 * PostgREST's `max_rows` (`supabase/config.toml`, table `[api]`), the most rows
 * one response carries. A read asking for more gets the first `max_rows` with a
 * normal 200 and no error. Hosted projects default to 1,000 (Settings > API),
 * as does `supabase init`'s config.toml.
 *
 * Only the `[api]` table's `max_rows` (or a top-level `api.max_rows`) is read,
 * with the few TOML forms an integer takes there (`1000`, `1_000`, `+1000`);
 * anything else in the file is ignored.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** PostgREST's max-rows on a hosted Supabase project unless changed, and in `supabase init`'s config.toml. */
export const DEFAULT_MAX_ROWS = 1000;

/** A TOML line without its comment (a `#` outside a string). */
function withoutComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (quote) {
      if (char === '\\' && quote === '"') i += 1;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#') {
      return line.slice(0, i);
    }
  }
  return line;
}

/** A TOML integer: `1000`, `1_000`, `+1000`; null for anything else (a float, a string, a hex number). */
function tomlInteger(text: string): number | null {
  const match = /^\+?(\d(?:_?\d)*)$/.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]!.replace(/_/g, ''));
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * The `max_rows` of the `[api]` table of a config.toml's text; null when the
 * file does not set it (or sets it to something that is not a positive integer).
 */
export function readMaxRows(text: string): number | null {
  let table = '';
  let found: number | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = withoutComment(raw).trim();
    if (line === '') continue;
    const header = /^\[\[?\s*([^\][]+?)\s*\]\]?$/.exec(line);
    if (header) {
      table = header[1]!.replace(/\s*\.\s*/g, '.').replace(/"/g, '');
      continue;
    }
    const pair = /^([\w."-]+?)\s*=\s*(.+)$/.exec(line);
    if (!pair) continue;
    const key = `${table === '' ? '' : `${table}.`}${pair[1]!.replace(/\s*\.\s*/g, '.').replace(/"/g, '')}`;
    if (key !== 'api.max_rows') continue;
    const value = tomlInteger(pair[2]!);
    found = value !== null && value > 0 ? value : null;
  }
  return found;
}

export interface ProjectMaxRows {
  maxRows: number;
  /** The config.toml that sets it. */
  file: string;
}

interface Cached {
  at: number;
  stamp: string;
  answer: ProjectMaxRows | null;
}

const byFolder = new Map<string, { at: number; file: string | null }>();
const byFile = new Map<string, Cached>();

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** The nearest `supabase/config.toml` walking up from a folder (a `supabase` folder's own config.toml included), stopping at a repository's root. */
function nearestConfig(start: string): string | null {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const inside = path.basename(dir) === 'supabase' ? path.join(dir, 'config.toml') : null;
    if (inside && isFile(inside)) return inside;
    const below = path.join(dir, 'supabase', 'config.toml');
    if (isFile(below)) return below;
    if (exists(path.join(dir, '.git')) || path.dirname(dir) === dir) return null;
  }
}

/**
 * The `[api] max_rows` of the Supabase project a file or folder belongs to:
 * the nearest `supabase/config.toml` above it (up to the repository's root).
 * Null when no config.toml is found or it does not set `max_rows` (then the
 * default, DEFAULT_MAX_ROWS, holds). Answers are kept `maxAgeMs` (a lint run
 * asks once per file); the file is read again when it changed.
 */
export function configMaxRows(near: string, maxAgeMs = 1000): ProjectMaxRows | null {
  const resolved = path.resolve(near);
  const start = isFile(resolved) || path.extname(resolved) !== '' ? path.dirname(resolved) : resolved;
  const now = Date.now();
  let folder = byFolder.get(start);
  if (!folder || now - folder.at >= maxAgeMs) {
    folder = { at: now, file: nearestConfig(start) };
    if (byFolder.size > 4096) byFolder.clear();
    byFolder.set(start, folder);
  }
  if (folder.file === null) return null;
  const file = folder.file;
  const cached = byFile.get(file);
  if (cached && now - cached.at < maxAgeMs) return cached.answer;
  let stamp: string;
  try {
    const stat = statSync(file);
    stamp = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
  if (cached?.stamp === stamp) {
    cached.at = now;
    return cached.answer;
  }
  let answer: ProjectMaxRows | null = null;
  try {
    const maxRows = readMaxRows(readFileSync(file, 'utf8'));
    answer = maxRows === null ? null : { maxRows, file };
  } catch {
    answer = null;
  }
  byFile.set(file, { at: now, stamp, answer });
  return answer;
}

/** Forgets every config.toml answer (tests). */
export function clearProjectConfigCache(): void {
  byFolder.clear();
  byFile.clear();
}
