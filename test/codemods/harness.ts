/**
 * Runs a codemod on a fixture as if it were `src/<case>.<ext>` of a project
 * at /project, whose `src/lib/` holds the fixture folder's `lib/` modules and
 * whose database schema is the fixture folder's `supabase/migrations` (none
 * when the folder has none).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CodemodEngine, type FileResult } from '../../src/codemods/engine.js';
import { codemods } from '../../src/codemods/index.js';
import { defaultSettings } from '../../src/codemods/settings.js';
import type { CodemodSettings } from '../../src/codemods/codemod.js';
import { loadSchemaSync } from '../../src/schema/index.js';
import type { DatabaseSchema } from '../../src/schema/model.js';

export const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'codemods');
export const PROJECT = '/project';

export interface FixtureCase {
  codemod: string;
  name: string;
  ext: string;
  input: string;
  output: string;
  inputPath: string;
  outputPath: string;
  settings: CodemodSettings;
  /** `line:column  reason` of each site the codemod leaves, from `<case>.left.txt` (none when absent). */
  left: string[];
}

interface CaseOptions extends Partial<Omit<CodemodSettings, 'root' | 'helperPath' | 'pathAliases'>> {
  helperPath?: string;
  pathAliases?: { pattern: string; target: string }[];
}

export function settingsFor(options: CaseOptions): CodemodSettings {
  const base = { ...defaultSettings(PROJECT), helperPath: path.join(PROJECT, 'src/lib/supabase-pagination.ts') };
  const { helperPath, pathAliases, ...rest } = options;
  return {
    ...base,
    // a case's cursor is one the user set (as --cursor or the config's cursor would)
    cursorSet: rest.cursor !== undefined,
    ...rest,
    ...(helperPath ? { helperPath: path.join(PROJECT, helperPath) } : {}),
    pathAliases: (pathAliases ?? []).map((alias) => ({
      pattern: alias.pattern,
      target: path.join(PROJECT, alias.target),
    })),
  };
}

export function fixtureCases(codemod: string): FixtureCase[] {
  const dir = path.join(FIXTURES, codemod);
  const cases: FixtureCase[] = [];
  for (const file of readdirSync(dir).sort()) {
    const match = /^(.*)\.input\.(tsx?|jsx?)$/.exec(file);
    if (!match) continue;
    const [, name, ext] = match as unknown as [string, string, string];
    const read = (suffix: string) => readFileSync(path.join(dir, `${name}.${suffix}`), 'utf8');
    const has = (suffix: string) => existsSync(path.join(dir, `${name}.${suffix}`));
    const options = has('options.json') ? (JSON.parse(read('options.json')) as CaseOptions) : {};
    cases.push({
      codemod,
      name,
      ext,
      input: read(`input.${ext}`),
      output: has(`output.${ext}`) ? read(`output.${ext}`) : '',
      inputPath: path.join(dir, `${name}.input.${ext}`),
      outputPath: path.join(dir, `${name}.output.${ext}`),
      settings: settingsFor(options),
      left: has('left.txt')
        ? read('left.txt')
            .split('\n')
            .filter((line) => line !== '')
        : [],
    });
  }
  return cases;
}

/** Files of the virtual project: fixtures/codemods/<codemod>/lib/* appear as /project/src/lib/*. */
export function virtualReader(codemod: string): (file: string) => string | null {
  return (file) => {
    const prefix = path.join(PROJECT, 'src', 'lib') + path.sep;
    if (!file.startsWith(prefix)) return null;
    const real = path.join(FIXTURES, codemod, 'lib', file.slice(prefix.length));
    return existsSync(real) ? readFileSync(real, 'utf8') : null;
  };
}

/** The fixture folder's migrations folder (`supabase/migrations`), or null when it has none. */
export function fixtureMigrations(codemod: string): string | null {
  const dir = path.join(FIXTURES, codemod, 'supabase', 'migrations');
  return existsSync(dir) ? dir : null;
}

/** The database schema of a codemod's fixture folder, from its `supabase/migrations`; undefined when it has none. */
export function fixtureSchema(codemod: string): DatabaseSchema | undefined {
  const dir = fixtureMigrations(codemod);
  return dir === null ? undefined : loadSchemaSync({ schema: [dir], recheckMs: Number.POSITIVE_INFINITY });
}

export function runCase(
  codemod: string,
  name: string,
  ext: string,
  text: string,
  settings: CodemodSettings,
): FileResult {
  const schema = fixtureSchema(codemod);
  const engine = new CodemodEngine([codemods[codemod]!], {
    settings,
    types: null,
    readFile: virtualReader(codemod),
    schemaFor: () => schema,
  });
  return engine.transform(path.join(PROJECT, 'src', `${name}.${ext}`), text);
}
