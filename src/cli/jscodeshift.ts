/**
 * What the jscodeshift entry points (transforms/<codemod>.cjs) run: the same
 * engine as `supabase-scale codemod <name>` without `--project`, on one file.
 * Settings come from the folder jscodeshift runs in (supabase-scale.config.json)
 * and from its pass-through options (`--cursor=uuid --page-size=500
 * --strategy=first-page --helper-path=src/db/pages.ts --config=file
 * --schema=supabase/migrations`, `--no-schema`); the database schema is found
 * from each file unless `--schema` or the config's `schema` names it.
 * Sites left are reported through jscodeshift's `report`; a file that fails is
 * an error for jscodeshift to show; the helper file is created once, unless
 * jscodeshift runs with `--dry`.
 */
import { readFileSync } from 'node:fs';
import { CodemodEngine } from '../codemods/engine.js';
import { codemods } from '../codemods/index.js';
import { ProjectLayout } from '../codemods/layout.js';
import { createFileOnce } from './fs.js';
import { RunSchemas } from './schemas.js';
import { codemodSettings, type CodemodFlags } from './settings.js';

export interface JscodeshiftFile {
  path: string;
  source: string;
}

export interface JscodeshiftApi {
  report(message: string): void;
}

function option(options: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = options[name];
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- jscodeshift hands CLI flags over as strings, numbers or booleans
    if (value !== undefined && value !== null && value !== true) return String(value);
  }
  return undefined;
}

export function runTransform(
  name: string,
  file: JscodeshiftFile,
  api: JscodeshiftApi,
  options: Record<string, unknown>,
): string {
  const codemod = codemods[name];
  if (!codemod) throw new Error(`unknown codemod '${name}'`);
  const flags: CodemodFlags = {
    strategy: option(options, 'strategy'),
    cursor: option(options, 'cursor'),
    pageSize: option(options, 'page-size', 'pageSize'),
    helperPath: option(options, 'helper-path', 'helperPath'),
    config: option(options, 'config'),
    ...(options.schema === false ? { schema: false as const } : {}),
    ...(typeof options.schema === 'string' ? { schema: [options.schema] } : {}),
  };
  // the database schema as the CLI finds it: --schema=<path>, the config's schema, else found from the file
  const { settings, helperPathSetting, schema } = codemodSettings(process.cwd(), flags);
  const schemas = new RunSchemas(schema, process.cwd());
  const engine = new CodemodEngine([codemod], {
    settings,
    types: null,
    // the helper per package and runtime, as in `supabase-scale codemod`
    layout: new ProjectLayout(process.cwd(), helperPathSetting),
    schemaFor: (path) => schemas.forFile(path),
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
  });
  const result = engine.transform(file.path, file.source);
  if (result.status === 'failed') throw new Error(result.error ?? 'failed');
  for (const site of result.left) api.report(`${site.line}  ${site.reason}`);
  if (result.status === 'changed' && options.dry !== true) {
    for (const created of result.newFiles) createFileOnce(created.path, created.text);
  }
  return result.after;
}
