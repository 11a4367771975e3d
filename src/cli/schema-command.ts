/**
 * `supabase-scale schema [path]`: what the rules and codemods read of the
 * project's database schema, for a person checking why a column counts as
 * unique (or does not): where it came from, each table's columns and keys,
 * and every statement that was skipped or could not be applied.
 *
 * Exit status: 0 a schema was read; 1 none was found; 2 bad usage.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadSchema, resolveSchemaSetting } from '../schema/index.js';
import type { DatabaseSchema, Relation } from '../schema/model.js';
import { UsageError } from './errors.js';
import type { Io } from './output.js';

export interface SchemaOptions {
  json?: boolean;
  /** `--schema <path>` (repeatable). */
  schema?: string[];
}

function relationLines(relation: Relation): string[] {
  const name = `${relation.schema}.${relation.name}`;
  // a table the migrations alter or index but never create (made in the dashboard): what they declare of it
  const uncreated = relation.sources.length === 0 ? ', not created by the migrations: only its keys are known' : '';
  const lines = [`${name} (${relation.kind}${uncreated})`];
  if (relation.columns === null) lines.push('  columns: unknown');
  else
    lines.push(
      `  columns: ${relation.columns.map((column) => `${column.name}${column.notNull ? '' : '?'}`).join(', ') || 'none'}`,
    );
  for (const key of relation.keys) {
    const columns = key.columns.map((column) => column ?? '(expression)').join(', ');
    lines.push(`  ${key.kind} ${key.name} (${columns})${key.partial ? ' partial: proves nothing' : ''}`);
  }
  for (const link of relation.relationships.filter((r) => r.isOneToOne))
    lines.push(`  one-to-one ${link.foreignKeyName} (${link.columns.join(', ')})`);
  return lines;
}

/** How many of `files` are in `dir` or its folders. */
function filesIn(files: readonly string[], dir: string): number {
  return files.filter((file) => file.startsWith(dir + path.sep)).length;
}

function pretty(schema: DatabaseSchema, io: Io): string {
  const shown = (file: string) => path.relative(io.cwd, file) || '.';
  const { origin } = schema;
  const relations = [...schema.relations.values()].sort(
    (a, b) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name),
  );
  const lines = [
    `schema from ${shown(origin.root)}`,
    ...(origin.migrationsDir
      ? [`  migrations: ${shown(origin.migrationsDir)} (${filesIn(origin.files, origin.migrationsDir)} files)`]
      : []),
    ...(origin.baseDirs ?? []).map(
      (dir) => `  base: ${shown(dir)} (${filesIn(origin.files, dir)} files, read before the migrations)`,
    ),
    ...(origin.sqlDirs ?? []).map((dir) => `  sql: ${shown(dir)} (${filesIn(origin.files, dir)} files)`),
    ...(origin.typesFile ? [`  types: ${shown(origin.typesFile)}`] : []),
    ...(origin.unread ?? []).map((dir) => `  also found, not read: ${shown(dir)} (docs/schema.md#where-it-comes-from)`),
    `  statements: ${origin.statements} read, ${origin.applied} applied, ${origin.ignored} ignored (no columns or keys), ${origin.skipped.length} skipped, ${origin.unresolved.length} unresolved`,
    `  relations: ${relations.length}`,
    ...(origin.fromCache
      ? [`  read from the schema cache: ${shown(origin.fromCache)} (docs/schema.md#the-cache-on-disk)`]
      : []),
    '',
    'A column marked ? may be NULL. Keys of one column make it unique; a multi-column, partial or expression key does not.',
    '',
    ...relations.flatMap(relationLines),
  ];
  const problems = [
    ...origin.skipped.map((s) => `  ${shown(s.file)}:${s.line}  skipped: ${s.message}`),
    ...origin.unresolved.map((u) => `  ${shown(u.file)}:${u.line}  unresolved: ${u.message}`),
    ...origin.unreadable.map((u) => `  ${shown(u.file)}  unreadable: ${u.message}`),
    ...(origin.downSections ?? []).map(
      (d) =>
        `  ${shown(d.file)}:${d.line}  not read: a down section (it undoes the migration, run only to roll it back)`,
    ),
    ...origin.notMigrations.map((file) =>
      path.dirname(file) === origin.migrationsDir
        ? `  ${file}  not read: not named <version>_<name>.sql`
        : `  ${file}  not read: a down migration, seed data, or a file of a migrations folder with no version`,
    ),
  ];
  if (problems.length > 0) lines.push('', 'Not applied', ...problems);
  return `${lines.join('\n')}\n`;
}

export async function runSchemaCommand(from: string | undefined, options: SchemaOptions, io: Io): Promise<number> {
  const explicit = options.schema ?? [];
  if (explicit.length > 0 && from !== undefined)
    throw new UsageError('give a path to find the schema from, or --schema paths, not both');
  if (explicit.length > 0) {
    const problem = resolveSchemaSetting(explicit, io.cwd)?.problems?.[0];
    if (problem) throw new UsageError(`--schema ${path.relative(io.cwd, problem.file) || '.'}: ${problem.message}`);
  }
  const start = path.resolve(io.cwd, from ?? '.');
  if (from !== undefined && !existsSync(start)) throw new UsageError(`no such file or folder: ${from}`);
  const schema = await loadSchema(
    explicit.length > 0 ? { schema: explicit, cwd: io.cwd, recheckMs: 0 } : { from: start, recheckMs: 0 },
  );
  if (!schema) {
    io.stderr.write(
      `supabase-scale: no schema found from ${path.relative(io.cwd, start) || '.'}: no supabase/migrations above it, no generated types file (see docs/schema.md), and no single Supabase project in its repository\n`,
    );
    return 1;
  }
  io.stdout.write(options.json ? `${JSON.stringify(schema.toJSON(), null, 2)}\n` : pretty(schema, io));
  return 0;
}
