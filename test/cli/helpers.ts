/**
 * Runs the CLI in-process with captured output, in a folder of files it makes;
 * or the built CLI (dist/) in a child process; and what the tests compare.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach } from 'vitest';
import { main } from '../../src/cli/index.js';

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export async function cli(cwd: string, ...argv: string[]): Promise<Run> {
  const stdout = new Capture();
  const stderr = new Capture();
  const status = await main(argv, { cwd, stdout, stderr, env: {} });
  return { status, stdout: stdout.text, stderr: stderr.text };
}

/** A temporary folder with these files (path -> text). */
export function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-cli-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

export const UNBOUNDED =
  "import { supabase } from './supabase';\n\nexport async function rooms() {\n  const { data } = await supabase.from('rooms').select('*');\n  return data;\n}\n";
/**
 * A project's `supabase/migrations` declaring these tables, each keyed by id:
 * a project whose `select('*')` paginate-selects is to rewrite has one
 * (without a schema, nothing shows that the table has an id column, and the
 * read is left).
 */
export function tablesKeyedById(...tables: string[]): Record<string, string> {
  const sql = tables.map((table) => `create table ${table} (id uuid primary key, name text not null);\n`).join('');
  return { 'supabase/migrations/20240101000000_init.sql': sql };
}

/** The migration that declares UNBOUNDED's table, rooms. */
export const ROOMS_SCHEMA = tablesKeyedById('rooms');
export const LEAKING_EFFECT = [
  "import { useEffect } from 'react';",
  "import { supabase } from './supabase';",
  '',
  'export function Room({ id }: { id: string }) {',
  '  useEffect(() => {',
  '    supabase.channel(`room:${id}`).subscribe();',
  '  }, [id]);',
  '  return <p>{id}</p>;',
  '}',
  '',
  "export function Lobby() { supabase.channel('lobby').subscribe(); return <p />; }",
  '',
].join('\n');
export const FULL_SYNC =
  'class Sync {\n  async fullSync() {}\n  async deltaSync() {}\n}\n\nconst sync = new Sync();\nexport const refresh = () => sync.fullSync();\n';

/** Runs git in `root` with a fixed identity (no global config needed); returns its output. */
export function git(root: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/**
 * One finding of each rule the bench corpus (bench/corpus.mjs) has no shape for:
 * no-query-in-loop, require-count-head, require-cursor-from-rows and (with
 * UNCORPUSED_MIGRATION as the project's schema) no-invalid-realtime-filter.
 * Tests that want a finding of every rule write both beside the corpus.
 */
export const UNCORPUSED_FINDINGS = [
  "import { supabase } from './lib/supabase';",
  'export async function names(ids: string[]) {',
  '  for (const id of ids) {',
  "    await supabase.from('profiles').update({ seen: true }).eq('id', id);",
  '  }',
  '}',
  'export async function total() {',
  "  const { count } = await supabase.from('messages').select('id', { count: 'exact' });",
  '  return count;',
  '}',
  'let lastSyncedAt = localStorage.getItem("cursor") ?? "1970-01-01";',
  'export async function deltaSync() {',
  "  const { data } = await supabase.from('messages').select('*').gt('updated_at', lastSyncedAt).order('updated_at').order('id').limit(30);",
  '  lastSyncedAt = new Date().toISOString();',
  '  return data;',
  '}',
  'export const watchRoom = (id: string) =>',
  "  supabase.channel('room').on('postgres_changes', { event: '*', schema: 'public', table: 'rt_rooms', filter: `roomId=eq.${id}` }, () => {}).subscribe();",
  '',
].join('\n');

/** The schema UNCORPUSED_FINDINGS subscribes against: a migration, at this path under the corpus's root. */
export const UNCORPUSED_MIGRATION = {
  path: 'supabase/migrations/20240101000000_rt_rooms.sql',
  text: 'create table rt_rooms (id uuid primary key, name text not null);\n',
};
export const BIN = path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli', 'bin.js');

/**
 * `temp(files)` makes a temporary folder with these files (path -> text or
 * bytes); every folder it made is removed after each test, whatever modes
 * the test left on it.
 */
export function tempProjects(): (files: Record<string, string | Buffer>) => string {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) {
      chmodTree(root);
      rmSync(root, { recursive: true, force: true });
    }
  });
  return (files) => {
    const root = project({});
    roots.push(root);
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), content);
    }
    return root;
  };
}

/** Makes everything under `root` readable again, so that it can be removed. */
export function chmodTree(root: string): void {
  try {
    const stats = lstatSync(root);
    if (stats.isSymbolicLink()) return;
    chmodSync(root, stats.isDirectory() ? 0o755 : 0o644);
    if (stats.isDirectory()) for (const name of readdirSync(root)) chmodTree(path.join(root, name));
  } catch {
    // gone
  }
}

/** Every entry under `root`: type, mode, and the bytes of a file or the target of a link. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const relative = path.relative(root, full);
      const stats = lstatSync(full);
      const mode = (stats.mode & 0o7777).toString(8);
      if (stats.isSymbolicLink()) out[relative] = `link ${readlinkSync(full)}`;
      else if (stats.isDirectory()) {
        out[relative] = `dir ${mode}`;
        if (stats.mode & 0o400) visit(full);
      } else {
        let bytes = '(unreadable here)';
        try {
          bytes = readFileSync(full).toString('base64');
        } catch {
          // only when the test itself cannot read it
        }
        out[relative] = `file ${mode} ${bytes}`;
      }
    }
  };
  visit(root);
  return out;
}

/**
 * The unprivileged user `nobody`: chmod does not stop root, and the tests may
 * run as root; a child process with these ids meets the file modes.
 */
export function nobody(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('nobody:'));
  const [, , uid, gid] = (line ?? 'nobody:x:65534:65534').split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Runs the CLI of dist/ in a child process (for what an in-process run cannot show: memory, another user). */
export function spawnCli(cwd: string, args: string[], options: { uid?: number; gid?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (status) => {
      resolve({ status: status ?? -1, stdout, stderr });
    });
  });
}

export interface AuditJson {
  files: { scanned: number; parsed: number; failed: number };
  findings: number;
  failed: { file: string; error: string }[];
  results: { file: string; line: number; rule: string }[];
}
export interface CodemodJson {
  files: { scanned: number; changed: number; unchanged: number; failed: number; skipped: number };
  rewritten: Record<string, number>;
  failed: { file: string; error: string }[];
  changed: string[];
  created: string[];
}
