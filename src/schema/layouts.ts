/**
 * Where a project keeps its schema's SQL, besides the Supabase CLI's
 * `supabase/migrations`: the CLI's declarative schemas (`supabase/schemas`),
 * and the folders apps keep by hand (`database/`, `db/`, `schema/`, `sql/`,
 * `migrations/`, loose `supabase/*.sql`). discover.ts says which one a file
 * reads (the precedence); this module says what each layout is and which of
 * its files are read, in which order.
 *
 * A folder of SQL is read as its own `.sql` files in name order, then each of
 * its folders one level down (`schema/public/*.sql`, `database/migrations/`),
 * in name order: a base schema first, then what changes it. In a folder named
 * `migrations` only the files whose name starts with a version are read
 * (`001_init.sql`, `20240101_x.sql`, `V2__y.sql`; not `apply_all.sql`, which
 * repeats them); a down migration (`*.down.sql`) and seed data (`seed.sql`)
 * are never read, nor a folder of reverts, tests or examples. Nothing deeper is looked at.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The hand-kept layouts, relative to a project folder, in order of
 * precedence: the first that holds SQL is read, the others are listed as not
 * read. `supabase` is the CLI's folder with no migrations or schemas in it
 * (a lone `supabase/schema.sql`).
 */
export const SQL_LAYOUTS = ['supabase', 'database', 'db', 'schema', 'sql', 'migrations'] as const;

/** Folders under a SQL folder that are not the schema: reverts, tests, examples, Edge Functions. */
const NOT_SCHEMA =
  /^(down|revert|reverts|rollbacks?|verify|functions|examples?|samples?|templates?|fixtures?|tests?|__tests__|e2e|docs?|demos?|seeds?|node_modules)$/i;

/** A migration's name in a folder named `migrations`: a version first (`001_`, `20240101_`, `V2__`). */
const VERSIONED = /^V?\d+[_.-].*\.sql$/i;

/** A down migration (it undoes what its up migration did), or seed data (rows, not schema). */
const NOT_READ = /((^|[._-])down\.sql|^seeds?([._-].*)?\.sql)$/i;

export interface SqlFolderFiles {
  /** The files read, in the order applied. */
  files: string[];
  /** `.sql` files there that are not read (a migrations folder's unversioned files, down migrations). */
  notRead: string[];
}

function entries(dir: string): { files: string[]; dirs: string[] } {
  try {
    const all = readdirSync(dir, { withFileTypes: true });
    const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return {
      files: all
        .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.sql'))
        .map((e) => e.name)
        .sort(byName),
      dirs: all
        .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !NOT_SCHEMA.test(e.name))
        .map((e) => e.name)
        .sort(byName),
    };
  } catch {
    return { files: [], dirs: [] };
  }
}

function ownFiles(dir: string, names: string[], into: SqlFolderFiles): void {
  const migrations = path.basename(dir).toLowerCase() === 'migrations';
  for (const name of names) {
    const read = !NOT_READ.test(name) && (!migrations || VERSIONED.test(name));
    (read ? into.files : into.notRead).push(path.join(dir, name));
  }
}

/** The `.sql` files a SQL folder is read from: its own, then its folders' one level down. */
export function sqlFolderFiles(dir: string): SqlFolderFiles {
  const listed: SqlFolderFiles = { files: [], notRead: [] };
  const top = entries(dir);
  ownFiles(dir, top.files, listed);
  for (const sub of top.dirs) ownFiles(path.join(dir, sub), entries(path.join(dir, sub)).files, listed);
  return listed;
}

/** The `.sql` files of a folder itself that a SQL folder's reading would take (no folder below it). */
export function ownSqlFiles(dir: string): string[] {
  const listed: SqlFolderFiles = { files: [], notRead: [] };
  ownFiles(dir, entries(dir).files, listed);
  return listed.files;
}

/** Whether a folder holds SQL the loader would read (its own or one level down). */
export function holdsSql(dir: string): boolean {
  return sqlFolderFiles(dir).files.length > 0;
}

/** The hand-kept SQL folders of a project folder whose listing is `names`, in order of precedence. */
export function sqlLayoutsIn(dir: string, names: ReadonlySet<string>): string[] {
  return SQL_LAYOUTS.filter((layout) => names.has(layout))
    .map((layout) => path.join(dir, layout))
    .filter(holdsSql);
}

/**
 * The folder of versioned migrations a hand-kept layout holds: the layout
 * itself when it is named `migrations`, else its `migrations` folder
 * (`db/migrations`, `database/migrations`), when it has versioned files.
 * Undefined for a folder of other SQL (a dump, a `schema.sql`).
 */
export function versionedMigrationsOf(layout: string): string | undefined {
  const dir = path.basename(layout).toLowerCase() === 'migrations' ? layout : path.join(layout, 'migrations');
  const listed: SqlFolderFiles = { files: [], notRead: [] };
  ownFiles(dir, entries(dir).files, listed);
  return listed.files.length > 0 && path.basename(dir).toLowerCase() === 'migrations' ? dir : undefined;
}
