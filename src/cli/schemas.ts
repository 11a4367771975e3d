/**
 * The project schemas of a CLI run (audit, codemods): `--schema <path>` (or the
 * config file's `schema`) names one for every file; `--no-schema` turns it
 * off; otherwise each file's schema is found from the file, as the rules find
 * it in an editor. Each schema is loaded once, with the parser loaded
 * asynchronously, before the files are read; the run then asks synchronously.
 */
import path from 'node:path';
import {
  findSchemaSource,
  loadSchema,
  loadSchemaSync,
  resolveSchemaSetting,
  type SchemaSetting,
  type SchemaSource,
} from '../schema/index.js';
import type { DatabaseSchema } from '../schema/model.js';
import { UsageError } from './errors.js';
import { withConfigLimits } from '../rules/database-schema.js';

/** A schema a run used, as the reports show it. */
export interface SchemaUsed {
  /** The folder the schema was found in, or the first explicit path; relative to the working folder. */
  root: string;
  migrations: number;
  typesFile: string | null;
  tables: number;
  views: number;
  /** Statements the parser rejected (skipped, listed by `supabase-scale schema`). */
  skipped: number;
  /** `.sql` files in the migrations folder not named `<version>_<name>.sql`, which the Supabase CLI (and the loader) skip. */
  notMigrations: number;
  files: number;
}

/** The `schema` setting of a run: undefined to find it from each file. */
export type RunSchemaSetting = SchemaSetting | undefined;

export class RunSchemas {
  private readonly explicit: SchemaSource | undefined;
  private readonly used = new Map<string, { schema: DatabaseSchema; files: Set<string> }>();
  private readonly startedAt = Date.now();

  constructor(
    private readonly setting: RunSchemaSetting,
    private readonly cwd: string,
  ) {
    if (setting === undefined || setting === false) return;
    this.explicit = resolveSchemaSetting(setting, cwd);
    const problem = this.explicit?.problems?.[0];
    if (problem) throw new UsageError(`--schema ${path.relative(cwd, problem.file) || '.'}: ${problem.message}`);
  }

  private sourceFor(file: string): SchemaSource | undefined {
    if (this.setting === false) return undefined;
    return this.explicit ?? findSchemaSource(file, this.age());
  }

  /** The paths that name `file`'s schema (for the rules' `settings['supabase-scale'].schema`); false for none. */
  settingFor(file: string): SchemaSetting {
    const source = this.sourceFor(file);
    if (!source) return false;
    const paths = [
      source.migrationsDir,
      ...(source.baseDirs ?? []),
      ...(source.sqlDirs ?? []),
      ...(source.sqlFiles ?? []),
      source.typesFile,
    ];
    return paths.filter((p): p is string => p !== undefined);
  }

  /**
   * How old a cached answer may be: anything found or loaded since this run
   * started is kept for the rest of it (the files do not change under a run);
   * what an earlier run in the same process cached is looked at again.
   */
  private age(): number {
    return Date.now() - this.startedAt + 1;
  }

  /** Loads every distinct schema the files use, with the asynchronous parser. */
  async preload(files: readonly string[]): Promise<void> {
    const seen = new Set<string>();
    for (const file of files) {
      const setting = this.settingFor(file);
      if (setting === false) continue;
      const key = JSON.stringify(setting);
      if (seen.has(key)) continue;
      seen.add(key);
      await loadSchema({ schema: setting, cwd: this.cwd, recheckMs: this.age() });
    }
  }

  /**
   * The rules' schema setting in oxlint's JS plugin host, which lints each file
   * by its own name: explicit paths or false; undefined to find it from each file.
   */
  oxlintSetting(): SchemaSetting | undefined {
    if (this.setting === false) return false;
    return this.explicit ? this.settingFor('.') : undefined;
  }

  /** The schema of `file`, or undefined when there is none; the file counts as one the schema served. */
  forFile(file: string): DatabaseSchema | undefined {
    const setting = this.settingFor(file);
    const schema =
      setting === false ? undefined : loadSchemaSync({ schema: setting, cwd: this.cwd, recheckMs: this.age() });
    if (schema) {
      const key = JSON.stringify(setting);
      const entry = this.used.get(key);
      if (entry) entry.files.add(file);
      else this.used.set(key, { schema, files: new Set([file]) });
    }
    // the config.toml nearest the file sets the max-rows, with or without migrations, as for the rules
    return withConfigLimits(schema, path.resolve(this.cwd, file));
  }

  /** The schemas asked for so far, with how many files each served. */
  summary(): SchemaUsed[] {
    return [...this.used.values()].map(({ schema, files }) => {
      const relations = [...schema.relations.values()];
      const { origin } = schema;
      return {
        root: path.relative(this.cwd, origin.root) || '.',
        migrations: origin.files.length,
        typesFile: origin.typesFile ? path.relative(this.cwd, origin.typesFile) : null,
        tables: relations.filter((r) => r.kind === 'table').length,
        views: relations.filter((r) => r.kind !== 'table').length,
        skipped: origin.skipped.length,
        notMigrations: origin.notMigrations.length,
        files: files.size,
      };
    });
  }
}

/** `--schema` paths, `--no-schema`, or neither (undefined: each file's schema is found from the file). */
export function runSchemaSetting(value: string[] | false | undefined): string[] | false | undefined {
  if (value === false) return false;
  return value === undefined || value.length === 0 ? undefined : value;
}
