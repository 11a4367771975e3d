/** Runs the CLI in-process with captured output, in a folder of files it makes. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
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
 * no-query-in-loop, require-count-head and require-cursor-from-rows. Tests that
 * want a finding of every rule write it beside the corpus.
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
  '',
].join('\n');
