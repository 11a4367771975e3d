/**
 * Where a project's schema is: found from a file by walking up its folders, or given
 * as paths (`settings['supabase-scale'].schema` in ESLint, a CLI flag).
 *
 * Walking up from a file's folder, the nearest folder with `supabase/migrations` (or,
 * with none, the CLI's declarative `supabase/schemas`) is the project; the nearest
 * conventional generated-types file on the way up (up to and including that folder)
 * goes with it. The walk stops at the project, at a folder with `.git`, or at the
 * file system's root. A types file alone is a schema too.
 *
 * SQL kept by hand (`database/`, `db/`, `schema/`, `sql/`, `migrations/`, a loose
 * `supabase/schema.sql`; layouts.ts) is read only when the walk finds no Supabase
 * project: then the nearest such folder on the way up, else the repository's one
 * folder of it. The others found are listed as not read (`unread`).
 *
 * A monorepo often keeps its Supabase project in a package of its own
 * (`packages/database/supabase/migrations`) that no app sits under: when the walk
 * reaches the repository's root (the folder with `.git`) without a project, the
 * root's folders are searched (three levels down, not `node_modules`, hidden
 * folders, or examples, templates, fixtures, tests and docs) and the one
 * Supabase project found there is the schema. Two or more
 * are ambiguous: then none is taken (name one with the setting or `--schema`).
 * With no Supabase project there, one folder of hand-kept SQL is taken the same
 * way (`apps/backend/database` for the other apps of the repository).
 *
 * A monorepo may keep only the generated types, in a workspace package of
 * their own (`packages/supabase/src/types.ts`, exported to the apps): when
 * the walk reaches the repository's root without a types file, the
 * workspace packages (package.json `workspaces`, pnpm-workspace.yaml
 * `packages`) are searched for one, at the conventional paths and at a few
 * plain names (`src/types.ts`, `types.ts`, ...), each taken only when its
 * text declares `Database` with `Tables` (a package's hand-written
 * `src/types/database.ts` is not generated types); the one found is taken,
 * two or more are ambiguous.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { holdsSql, ownSqlFiles, SQL_LAYOUTS, sqlFolderFiles, sqlLayoutsIn, versionedMigrationsOf } from './layouts.js';

export interface SchemaSource {
  /** The project folder, or the first explicit path. */
  root: string;
  migrationsDir?: string;
  /**
   * Folders of SQL read before the migrations: a dump of the base tables
   * beside migrations that only alter them (`supabase/schema/public/*.sql`),
   * see baseDumpOf.
   */
  baseDirs?: string[];
  /**
   * Folders of SQL read after the migrations folder, each as layouts.ts lists
   * it (`supabase/schemas`, `database/`, `schema/`, ...; see there).
   */
  sqlDirs?: string[];
  /** Explicit .sql files, applied after the folders', in the order given. */
  sqlFiles?: string[];
  typesFile?: string;
  /** Other folders of schema SQL found on the way and not read: the one read comes first (findSchemaSource). */
  unread?: string[];
  /** Explicit paths that do not exist or are of no known kind. */
  problems?: { file: string; message: string }[];
}

/** A schema setting: one path or several (a folder, a migrations folder, .sql files, a types file), or false for none. */
export type SchemaSetting = string | readonly string[] | false;

/** What a schema setting must be, as every reader of one says it (ESLint settings, the config file). */
export const SCHEMA_SETTING_EXPECTED = 'a path, a list of paths or false';

/** Whether `value` is a schema setting: a path, a non-empty list of paths, or false (never an empty one). */
export function isSchemaSetting(value: unknown): value is SchemaSetting {
  if (value === false || (typeof value === 'string' && value !== '')) return true;
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item !== '');
}

/** Where `supabase gen types typescript` output usually lives, relative to a project or package folder. */
export const TYPES_FILES = [
  'database.types.ts',
  'supabase.types.ts',
  'types/supabase.ts',
  'types/database.types.ts',
  'types/database.ts',
  'src/database.types.ts',
  'src/types/supabase.ts',
  'src/types/database.types.ts',
  'src/types/database.ts',
  'src/lib/database.types.ts',
  'src/lib/supabase/database.types.ts',
  'src/integrations/supabase/types.ts',
  'src/utils/supabase/database.types.ts',
  'lib/database.types.ts',
  'lib/supabase/database.types.ts',
  'utils/supabase/database.types.ts',
  'supabase/types.ts',
  'supabase/database.types.ts',
  'supabase/functions/_shared/database.types.ts',
];

function kind(file: string): 'dir' | 'file' | undefined {
  try {
    // most paths asked about do not exist: no exception built for them (a lint asks for every folder it walks up)
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat?.isDirectory() ? 'dir' : stat?.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** The first path segment of each conventional types file (`src`, `lib`, `database.types.ts`, ...). */
const TYPES_FILE_HEADS = new Set(TYPES_FILES.map((candidate) => candidate.split('/')[0]!));

function listing(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function typesFileIn(dir: string, listed: readonly string[] = listing(dir)): string | undefined {
  // one listing of the folder instead of a stat per candidate: most folders hold none of them
  const names = listed.filter((name) => TYPES_FILE_HEADS.has(name));
  if (names.length === 0) return undefined;
  const present = new Set(names);
  let first: string | undefined;
  for (const candidate of TYPES_FILES) {
    if (!present.has(candidate.split('/')[0]!)) continue;
    const file = path.join(dir, candidate);
    if (kind(file) !== 'file') continue;
    // an app's own `interface Database` in `src/types/database.ts` is passed over for the generated types
    if (looksGenerated(file)) return file;
    first ??= file;
  }
  return first;
}

const generated = new Map<string, { stamp: string; value: boolean }>();

/** Whether a types file has the shape `supabase gen types` writes: tables, each with its `Row` (kept while unchanged). */
function looksGenerated(file: string): boolean {
  try {
    const stat = statSync(file);
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const hit = generated.get(file);
    if (hit?.stamp === stamp) return hit.value;
    const text = readFileSync(file, 'utf8');
    const value = /\bTables\s*:/.test(text) && /\bRow\s*:/.test(text);
    if (generated.size >= MAX_FOLDERS) generated.clear();
    generated.set(file, { stamp, value });
    return value;
  } catch {
    return false;
  }
}

/** The types file to keep on the way up: the nearest generated one, else the nearest conventional one. */
function nearerTypes(kept: string | undefined, here: string | undefined): string | undefined {
  if (!here || (kept && looksGenerated(kept))) return kept;
  return !kept || looksGenerated(here) ? here : kept;
}

const found = new Map<string, { at: number; source: SchemaSource | undefined }>();

/** How deep under a repository's root a lone Supabase project is looked for (`packages/database/supabase`: 2). */
const MONOREPO_DEPTH = 3;

/**
 * Folders whose Supabase projects are not the repository's database: examples,
 * templates, test fixtures and docs. A schema found there would speak for
 * tables it does not describe.
 */
const NOT_THE_APP = /^(examples?|samples?|templates?|starters?|fixtures?|tests?|__tests__|e2e|docs?|demos?)$/i;

/**
 * The Supabase CLI's project in `dir`: its `supabase/migrations`, else its
 * declarative `supabase/schemas` (the migrations come first: the schemas are
 * what the next `supabase db diff` will make of them). Undefined when neither.
 */
function supabaseProjectIn(
  dir: string,
): Pick<SchemaSource, 'migrationsDir' | 'baseDirs' | 'sqlDirs' | 'unread'> | undefined {
  const migrationsDir = path.join(dir, 'supabase', 'migrations');
  const schemasDir = path.join(dir, 'supabase', 'schemas');
  const schemas = kind(schemasDir) === 'dir' && holdsSql(schemasDir);
  if (kind(migrationsDir) === 'dir') {
    const dumps = [schemasDir, path.join(dir, 'supabase', 'schema')].filter(
      (folder) => kind(folder) === 'dir' && holdsSql(folder),
    );
    const base = dumps.find((folder) => isBaseDump(folder, migrationsDir));
    // what else the project keeps (`supabase/schema.sql` beside migrations the CLI does not apply) is said, not read
    const loose = ownSqlFiles(path.join(dir, 'supabase'));
    const unread = [...dumps.filter((folder) => folder !== base), ...loose];
    return { migrationsDir, ...(base ? { baseDirs: [base] } : {}), ...(unread.length > 0 ? { unread } : {}) };
  }
  return schemas ? { sqlDirs: [schemasDir] } : undefined;
}

/** `create table [if not exists] [schema.]name`, as written in SQL text (quotes and case dropped). */
const CREATE_TABLE =
  /\bcreate\s+(?:(?:global\s+|local\s+)?(?:temp|temporary|unlogged)\s+)?table\s+(if\s+not\s+exists\s+)?((?:"[^"]+"|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|[\w$]+))?)/gi;

/** The tables SQL files create, as `schema.name` (`public` when none is written), and whether always `IF NOT EXISTS`. */
function tablesCreatedIn(files: readonly string[]): Map<string, 'plain' | 'if not exists'> {
  const tables = new Map<string, 'plain' | 'if not exists'>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // an unreadable file is reported by the loader
    }
    for (const match of text.replace(/--[^\n]*/g, '').matchAll(CREATE_TABLE)) {
      const parts = match[2]!.split(/\s*\.\s*/).map((part) => part.replace(/"/g, '').toLowerCase());
      const table = parts.length === 2 ? parts.join('.') : `public.${parts[0]}`;
      if (tables.get(table) !== 'plain') tables.set(table, match[1] ? 'if not exists' : 'plain');
    }
  }
  return tables;
}

/**
 * Whether a schema folder beside `supabase/migrations` is the base the
 * migrations build on: a dump of tables (`supabase/schema/public/*.sql`) that
 * no migration creates but with `CREATE TABLE IF NOT EXISTS` (a no-op over
 * the dump). Then it is read first, as the database the migrations were
 * written against. A folder a migration creates a table of with a plain
 * `CREATE TABLE` (the CLI's declarative `supabase/schemas`, which the
 * migrations are made from) is listed, not read: read both, that table would
 * be made twice.
 */
function isBaseDump(folder: string, migrationsDir: string): boolean {
  const dumped = tablesCreatedIn(sqlFolderFiles(folder).files);
  if (dumped.size === 0) return false;
  let names: string[];
  try {
    names = readdirSync(migrationsDir).filter((name) => name.endsWith('.sql'));
  } catch {
    return false;
  }
  const migrated = tablesCreatedIn(names.map((name) => path.join(migrationsDir, name)));
  return [...dumped.keys()].every((table) => migrated.get(table) !== 'plain');
}

/** The hand-kept SQL folders of `dir` (layouts.ts), less the `supabase` folder of a Supabase project. */
function sqlLayoutsOf(dir: string, names: ReadonlySet<string>, supabaseProject: boolean): string[] {
  const layouts = sqlLayoutsIn(dir, names);
  return supabaseProject ? layouts.filter((layout) => path.basename(layout) !== 'supabase') : layouts;
}

interface ProjectsFound {
  /** Folders with a Supabase project (`supabase/migrations` or `supabase/schemas`). */
  supabase: string[];
  /** Folders with a hand-kept SQL layout and no Supabase project. */
  other: string[];
}

/** The folders under `root` (to `depth` levels, itself included) that hold a Supabase project, or else SQL of a known layout. */
function projectsUnder(root: string, depth: number, found: ProjectsFound = { supabase: [], other: [] }): ProjectsFound {
  let names: string[];
  try {
    names = readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return found;
  }
  const present = new Set(names);
  if (present.has('supabase') && supabaseProjectIn(root)) {
    found.supabase.push(root);
    return found;
  }
  if (SQL_LAYOUTS.some((layout) => present.has(layout)) && sqlLayoutsIn(root, present).length > 0) {
    found.other.push(root);
    return found;
  }
  if (depth === 0) return found;
  const below = names
    .filter((name) => !name.startsWith('.') && name !== 'node_modules' && !NOT_THE_APP.test(name))
    .sort();
  for (const name of below) projectsUnder(path.join(root, name), depth - 1, found);
  return found;
}

/** Plain names a workspace package of generated types uses, besides TYPES_FILES: taken only when the text is `Database` types. */
const WORKSPACE_TYPES_FILES = [
  'src/types.ts',
  'types.ts',
  'src/database.ts',
  'src/supabase.ts',
  'src/index.ts',
  'index.ts',
  'src/types/index.ts',
];

/** Whether a file's text is `supabase gen types` output: a `Database` type with `Tables`. */
function isGeneratedTypes(file: string): boolean {
  try {
    const text = readFileSync(file, 'utf8');
    return /\bexport\s+(type|interface)\s+Database\b/.test(text) && /\bTables\s*:/.test(text);
  } catch {
    return false;
  }
}

/** The package folders a workspace root declares (package.json `workspaces`, pnpm-workspace.yaml `packages`). */
export function workspacePackages(root: string): string[] {
  const patterns: string[] = [];
  try {
    const json = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces?: unknown };
    const workspaces = Array.isArray(json.workspaces)
      ? json.workspaces
      : (json.workspaces as { packages?: unknown } | undefined)?.packages;
    if (Array.isArray(workspaces))
      patterns.push(...workspaces.filter((item): item is string => typeof item === 'string'));
  } catch {
    // no package.json, or not JSON
  }
  try {
    const yaml = readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8');
    const block = /^packages:\s*\n((?:[ \t]+-.*\n?|[ \t]*#.*\n?|[ \t]*\n)*)/m.exec(yaml)?.[1] ?? '';
    for (const match of block.matchAll(/^[ \t]+-[ \t]*['"]?([^'"#\n]+?)['"]?[ \t]*(?:#.*)?$/gm))
      patterns.push(match[1]!);
  } catch {
    // not pnpm
  }
  const folders = new Set<string>();
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) continue;
    const parts = pattern.replace(/\/+$/, '').split('/');
    let dirs = [root];
    for (const part of parts) {
      dirs = dirs.flatMap((dir) => {
        if (part !== '*' && part !== '**') return kind(path.join(dir, part)) === 'dir' ? [path.join(dir, part)] : [];
        try {
          return readdirSync(dir, { withFileTypes: true })
            .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
            .map((entry) => path.join(dir, entry.name));
        } catch {
          return [];
        }
      });
    }
    for (const dir of dirs) folders.add(dir);
  }
  return [...folders].sort();
}

const typesPerRoot = new Map<string, { at: number; file: string | null }>();

/** The one generated types file of a workspace's packages, or null when there is none or several. */
function workspaceTypesFile(root: string, maxAgeMs: number): string | null {
  const cached = typesPerRoot.get(root);
  if (cached && Date.now() - cached.at < Math.max(maxAgeMs, LONE_PROJECT_MAX_AGE_MS)) return cached.file;
  const found = new Set<string>();
  // a candidate under a folder a package does not have is no file: one stat of the folder answers all of them
  const folders = new Map<string, boolean>();
  const isFolder = (dir: string) => {
    let value = folders.get(dir);
    if (value === undefined) folders.set(dir, (value = kind(dir) === 'dir'));
    return value;
  };
  const isFileIn = (folder: string, name: string) => {
    const parts = name.split('/');
    for (let depth = 1; depth < parts.length; depth += 1)
      if (!isFolder(path.join(folder, ...parts.slice(0, depth)))) return false;
    return kind(path.join(folder, name)) === 'file';
  };
  for (const folder of workspacePackages(root)) {
    // a package's own domain types may sit at a conventional name (`src/types/database.ts`): the text decides
    const name = [...TYPES_FILES, ...WORKSPACE_TYPES_FILES].find(
      (candidate) => isFileIn(folder, candidate) && isGeneratedTypes(path.join(folder, candidate)),
    );
    const file = name === undefined ? undefined : path.join(folder, name);
    if (file) found.add(file);
  }
  const file = found.size === 1 ? [...found][0]! : null;
  typesPerRoot.set(root, { at: Date.now(), file });
  return file;
}

/** How long the search for a lone project under a repository root is kept (ms), at least. */
const LONE_PROJECT_MAX_AGE_MS = 30_000;

const lonePerRoot = new Map<string, { at: number; project: LoneProject | null }>();

/** The repository's one project: a Supabase project, else (when it has none) one folder of hand-kept SQL. */
interface LoneProject {
  dir: string;
  supabase: boolean;
}

/** The repository's one Supabase project (or, with none, its one folder of hand-kept SQL), or null when it has none or several. */
function loneProject(root: string, maxAgeMs: number): LoneProject | null {
  const cached = lonePerRoot.get(root);
  // a new Supabase project in a repository is rare: the search is kept longer than a folder's answer
  if (cached && Date.now() - cached.at < Math.max(maxAgeMs, LONE_PROJECT_MAX_AGE_MS)) return cached.project;
  const projects = projectsUnder(root, MONOREPO_DEPTH);
  const project =
    projects.supabase.length === 1
      ? { dir: projects.supabase[0]!, supabase: true }
      : projects.supabase.length === 0 && projects.other.length === 1
        ? { dir: projects.other[0]!, supabase: false }
        : null;
  lonePerRoot.set(root, { at: Date.now(), project });
  return project;
}

/** What the walk up asks of one folder: its conventional types file, its Supabase project or SQL folders, whether it holds `.git`. */
interface FolderFacts {
  at: number;
  typesFile: string | undefined;
  supabase: Pick<SchemaSource, 'migrationsDir' | 'baseDirs' | 'sqlDirs' | 'unread'> | undefined;
  /** Its hand-kept SQL folders, in order of precedence (layouts.ts). */
  sqlLayouts: string[];
  git: boolean;
}

const folderFacts = new Map<string, FolderFacts>();
/** Folders whose facts are kept at most; past that the memory starts again (a lint walks the same few folders). */
const MAX_FOLDERS = 4096;

/** A folder's facts, kept `maxAgeMs`: the files of one folder share the walk up from their parents. */
function factsOf(dir: string, maxAgeMs: number): FolderFacts {
  const known = folderFacts.get(dir);
  if (known && Date.now() - known.at < maxAgeMs) return known;
  // one listing of the folder answers most questions: few folders hold any of the names asked about
  const names = listing(dir);
  const present = new Set(names);
  const supabase = present.has('supabase') ? supabaseProjectIn(dir) : undefined;
  const facts = {
    at: Date.now(),
    typesFile: typesFileIn(dir, names),
    supabase,
    sqlLayouts: SQL_LAYOUTS.some((layout) => present.has(layout)) ? sqlLayoutsOf(dir, present, !!supabase) : [],
    git: present.has('.git'),
  };
  if (folderFacts.size >= MAX_FOLDERS) folderFacts.clear();
  folderFacts.set(dir, facts);
  return facts;
}

/** A source reading one hand-kept SQL folder; the others found are listed as not read. */
function sqlLayoutSource(layouts: readonly string[], typesFile: string | undefined): SchemaSource {
  const [dir, ...rest] = layouts as [string, ...string[]];
  return {
    root: path.dirname(dir),
    sqlDirs: [dir],
    ...(typesFile ? { typesFile } : {}),
    ...(rest.length > 0 ? { unread: rest } : {}),
  };
}

/**
 * A Supabase project's source; `others` are the SQL folders found on the way,
 * not read, and `beside` those of the project's own folder: of them a folder of
 * versioned migrations (`db/migrations/0001_init.sql` beside
 * `supabase/migrations`) is read after the project's migrations, as the same
 * database's history kept by hand; any other SQL there (a dump, a
 * `schema.sql`) is listed, not read.
 */
function supabaseSource(
  dir: string,
  project: Pick<SchemaSource, 'migrationsDir' | 'baseDirs' | 'sqlDirs' | 'unread'>,
  typesFile: string | undefined,
  others: readonly string[],
  beside: readonly string[] = [],
): SchemaSource {
  const migrations = project.migrationsDir ? beside.flatMap((layout) => versionedMigrationsOf(layout) ?? []) : [];
  const unread = [
    ...(project.unread ?? []),
    ...others,
    ...beside.filter((layout) => {
      const read = migrations.find((folder) => folder === layout || path.dirname(folder) === layout);
      // a layout whose only SQL is the migrations read is not listed; one that holds more (a dump) is
      return !read || sqlFolderFiles(layout).files.some((file) => path.dirname(file) !== read);
    }),
  ];
  const sqlDirs = [...(project.sqlDirs ?? []), ...migrations];
  return {
    root: dir,
    ...(project.migrationsDir ? { migrationsDir: project.migrationsDir } : {}),
    ...(project.baseDirs ? { baseDirs: project.baseDirs } : {}),
    ...(sqlDirs.length > 0 ? { sqlDirs } : {}),
    ...(typesFile ? { typesFile } : {}),
    ...(unread.length > 0 ? { unread } : {}),
  };
}

/**
 * The schema source for a file or folder, found by walking up; undefined when there
 * is none. Answers are kept `maxAgeMs` per folder.
 */
export function findSchemaSource(from: string, maxAgeMs = 1000): SchemaSource | undefined {
  const start = kind(from) === 'dir' ? path.resolve(from) : path.dirname(path.resolve(from));
  const cached = found.get(start);
  if (cached && Date.now() - cached.at < maxAgeMs) return cached.source;
  let typesFile: string | undefined;
  let source: SchemaSource | undefined;
  // hand-kept SQL folders on the way up, nearest first: read only when no Supabase project is found
  const layouts: string[] = [];
  for (let dir = start; ; dir = path.dirname(dir)) {
    const facts = factsOf(dir, maxAgeMs);
    typesFile = nearerTypes(typesFile, facts.typesFile);
    if (facts.supabase) {
      // a project at the repository's root: its types may be in a workspace package
      if (!typesFile && facts.git) typesFile = workspaceTypesFile(dir, maxAgeMs) ?? undefined;
      source = supabaseSource(dir, facts.supabase, typesFile, layouts, facts.sqlLayouts);
      break;
    }
    layouts.push(...facts.sqlLayouts);
    if (facts.git) {
      source = repositorySource(dir, layouts, typesFile, maxAgeMs);
      typesFile = source?.typesFile ?? typesFile ?? workspaceTypesFile(dir, maxAgeMs) ?? undefined;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  if (!source && layouts.length > 0) source = sqlLayoutSource(layouts, typesFile);
  if (!source && typesFile) source = { root: path.dirname(typesFile), typesFile };
  if (found.size >= MAX_FOLDERS) found.clear();
  found.set(start, { at: Date.now(), source });
  return source;
}

/**
 * The source at a repository's root, reached with no Supabase project on the
 * way: the repository's one Supabase project, else the nearest SQL folder on
 * the way, else the repository's one folder of SQL.
 */
function repositorySource(
  root: string,
  layouts: readonly string[],
  typesFile: string | undefined,
  maxAgeMs: number,
): SchemaSource | undefined {
  const project = loneProject(root, maxAgeMs);
  if (project?.supabase) {
    const types = typesFile ?? typesFileIn(project.dir) ?? workspaceTypesFile(root, maxAgeMs) ?? undefined;
    const beside = sqlLayoutsOf(project.dir, new Set(listing(project.dir)), true);
    return supabaseSource(project.dir, supabaseProjectIn(project.dir)!, types, layouts, beside);
  }
  if (layouts.length > 0) return sqlLayoutSource(layouts, typesFile ?? workspaceTypesFile(root, maxAgeMs) ?? undefined);
  if (!project) return undefined;
  const types = typesFile ?? typesFileIn(project.dir) ?? workspaceTypesFile(root, maxAgeMs) ?? undefined;
  return sqlLayoutSource(sqlLayoutsIn(project.dir, new Set(listing(project.dir))), types);
}

/** The SQL folder a project folder keeps (layouts.ts), the first by precedence; undefined when none. */
function sqlProjectDir(dir: string): string | undefined {
  return sqlLayoutsIn(dir, new Set(listing(dir)))[0];
}

const resolved = new Map<string, { at: number; source: SchemaSource | undefined }>();

/**
 * The schema source explicit paths name (relative to `cwd`); undefined for
 * `false` or no paths. Answers are kept a second: a lint run asks once per file.
 */
export function resolveSchemaSetting(setting: SchemaSetting, cwd: string): SchemaSource | undefined {
  if (setting === false) return undefined;
  const key = JSON.stringify([setting, cwd]);
  const cached = resolved.get(key);
  if (cached && Date.now() - cached.at < 1000) return cached.source;
  const source = resolvePaths(setting, cwd);
  if (resolved.size > 64) resolved.clear();
  resolved.set(key, { at: Date.now(), source });
  return source;
}

function resolvePaths(setting: string | readonly string[], cwd: string): SchemaSource | undefined {
  const paths = (typeof setting === 'string' ? [setting] : [...setting]).map((p) => path.resolve(cwd, p));
  if (paths.length === 0) return undefined;
  const source: SchemaSource = { root: paths[0]! };
  const problems: { file: string; message: string }[] = [];
  for (const file of paths) {
    const what = kind(file);
    const project = what === 'dir' ? supabaseProjectIn(file) : undefined;
    if (project) {
      source.migrationsDir = project.migrationsDir ?? source.migrationsDir;
      if (project.sqlDirs) (source.sqlDirs ??= []).push(...project.sqlDirs);
      source.typesFile ??= typesFileIn(file);
    } else if (what === 'dir' && path.basename(file) === 'supabase' && kind(path.join(file, 'migrations')) === 'dir') {
      // the Supabase CLI's own folder (it holds seed.sql, which is no migration)
      source.migrationsDir = path.join(file, 'migrations');
      source.typesFile ??= typesFileIn(path.dirname(file));
    } else if (what === 'dir' && path.basename(file) === 'migrations') {
      // a second folder of migrations (`db/migrations` beside `supabase/migrations`): read after the first
      if (source.migrationsDir) (source.sqlDirs ??= []).push(file);
      else source.migrationsDir = file;
    } else if (
      what === 'dir' &&
      (listing(file).some((name) => name.endsWith('.sql')) || sqlProjectDir(file) === undefined) &&
      holdsSql(file)
    ) {
      // a folder of SQL named by hand (`database`, `schema/public`): read as layouts.ts reads one
      (source.sqlDirs ??= []).push(file);
    } else if (what === 'dir' && sqlProjectDir(file) !== undefined) {
      // a project folder that keeps its SQL in a layout of its own (`apps/backend` with `database/`)
      (source.sqlDirs ??= []).push(sqlProjectDir(file)!);
      source.typesFile ??= typesFileIn(file);
    } else if (what === 'dir' && typesFileIn(file)) {
      source.typesFile = typesFileIn(file);
    } else if (what === 'file' && file.endsWith('.sql')) {
      (source.sqlFiles ??= []).push(file);
    } else if (what === 'file' && /\.(c|m)?tsx?$/.test(file)) {
      source.typesFile = file;
    } else {
      problems.push({
        file,
        message: what ? 'not a migrations folder, a .sql file or a types file' : 'no such file or folder',
      });
    }
  }
  if (problems.length > 0) source.problems = problems;
  return source;
}

/** Forgets every discovery answer (tests). */
export function clearDiscoveryCache(): void {
  found.clear();
  folderFacts.clear();
  lonePerRoot.clear();
  typesPerRoot.clear();
  resolved.clear();
}
