/**
 * `audit --engine oxlint`: the plugin's rules run in oxlint's JS plugin host
 * (the same rule code, oxc's parser), the files given explicitly in batches.
 * It must never answer differently from the ESLint engine, so a file it
 * cannot speak for is handed back to ESLint: one with an inline config
 * comment for the plugin's rules (`/* eslint supabase-scale/...: off *\/`,
 * which oxlint does not read; `eslint-disable` comments it reads as ESLint
 * does), and one oxlint could not parse (ESLint then gives its own verdict
 * and message).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { namespace } from '../namespace.js';
import type { SchemaSetting } from '../schema/discover.js';
import { packageRoot } from '../utils/package-root.js';
import { UsageError } from './errors.js';

export interface EngineMessage {
  ruleId: string | null;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** The oxlint launcher script: from the audited project's node_modules, else beside this package. */
export function findOxlint(cwd: string): string | null {
  for (const from of [path.join(cwd, 'package.json'), fileURLToPath(import.meta.url)]) {
    try {
      const manifest = createRequire(from).resolve('oxlint/package.json');
      const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: Record<string, string> }).bin?.oxlint;
      if (bin && existsSync(path.join(path.dirname(manifest), bin))) return path.join(path.dirname(manifest), bin);
    } catch {
      // not there
    }
  }
  return null;
}

/** A file oxlint would answer differently for: an inline config comment naming the plugin's rules. */
export function needsEslint(text: string, namespace: string): boolean {
  return new RegExp(`/\\*\\s*eslint\\s[^*]*${namespace}/`).test(text);
}

/** 1-based line and UTF-16 column of a UTF-8 byte offset, as ESLint counts them. */
function position(text: Buffer, offset: number): { line: number; column: number } {
  const before = text.subarray(0, offset).toString('utf8');
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  let line = 1;
  line += [...before.matchAll(/\r\n|\r|\n/g)].length;
  return { line, column: before.length - lastBreak };
}

interface Diagnostic {
  message: string;
  code?: string;
  filename: string;
  labels?: { span: { offset: number; length: number } }[];
}

/**
 * Lints `files` (absolute paths, text gate passed) with oxlint: the messages
 * per file, and the files oxlint could not parse (to be handed to ESLint).
 */
export function lintWithOxlint(
  files: readonly string[],
  rules: Readonly<Record<string, unknown>>,
  cwd: string,
  schema?: SchemaSetting,
): { messages: Map<string, EngineMessage[]>; unparsed: Set<string> } {
  const oxlint = findOxlint(cwd);
  if (oxlint === null) throw new UsageError('--engine oxlint: oxlint is not installed (npm install --save-dev oxlint)');
  // the plugin's one-file bundle (scripts/bundle.mjs): oxlint's JS host imports it faster than dist/'s modules
  const plugin = path.join(packageRoot().root, 'dist', 'plugin.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'supabase-scale-oxlint-'));
  const config = path.join(dir, '.oxlintrc.json');
  writeFileSync(
    config,
    JSON.stringify({
      jsPlugins: [plugin],
      plugins: [],
      categories: { correctness: 'off' },
      rules,
      // without it each rule finds its file's schema from the file, as in ESLint
      ...(schema === undefined ? {} : { settings: { [namespace]: { schema } } }),
    }),
  );
  const messages = new Map<string, EngineMessage[]>();
  const unparsed = new Set<string>();
  try {
    for (let start = 0; start < files.length; start += 1000) {
      const batch = files.slice(start, start + 1000);
      const run = spawnSync(process.execPath, [oxlint, '-c', config, '-f', 'json', '--no-ignore', ...batch], {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 1024 * 2 ** 20,
      });
      let parsed: { diagnostics: Diagnostic[] };
      try {
        parsed = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
      } catch {
        throw new UsageError(
          `--engine oxlint: oxlint exited ${run.status} without a report: ${(run.stderr || run.stdout || String(run.error)).trim().split('\n')[0]}`,
        );
      }
      const texts = new Map<string, Buffer>();
      for (const diagnostic of parsed.diagnostics) {
        const file = path.resolve(dir, diagnostic.filename);
        const rule = /^(.+)\((.+)\)$/.exec(diagnostic.code ?? '');
        if (!rule) {
          unparsed.add(file);
          continue;
        }
        if (!texts.has(file)) texts.set(file, readFileSync(file));
        const text = texts.get(file)!;
        const span = diagnostic.labels?.[0]?.span ?? { offset: 0, length: 0 };
        const start = position(text, span.offset);
        const end = position(text, span.offset + span.length);
        const list = messages.get(file) ?? [];
        list.push({
          ruleId: `${rule[1]}/${rule[2]}`,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          message: diagnostic.message,
        });
        messages.set(file, list);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { messages, unparsed };
}
