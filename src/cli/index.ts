/**
 * `supabase-scale`: audit a codebase with the plugin's rules, and run the
 * codemods that rewrite what they report. Bad usage exits 2 with one line
 * naming the problem; a run where a file failed exits 1.
 */
import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { CODEMOD_DESCRIPTIONS } from '../codemods/catalog.js';
import { STRATEGIES } from '../codemods/codemod.js';
import {
  CONFIG_FILE,
  DEFAULT_CURSOR,
  DEFAULT_MAX_FILE_SIZE,
  DEFAULT_MAX_SITES,
  DEFAULT_PAGE_SIZE,
  sizeText,
} from '../codemods/settings.js';
import type { AuditOptions } from './audit-command.js';
import { addAuditCapacityOptions, addCapacityCommand } from './capacity-options.js';
import type { CodemodOptions } from './codemod-command.js';
import type { InitOptions } from './init-command.js';
import type { SchemaOptions } from './schema-command.js';
import { UsageError } from './errors.js';
import { FORMATS } from './formats.js';
import type { Io } from './output.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const collect = (value: string, previous: string[]) => [...previous, value];

/** `supabase-scale codemod <name> [paths...]`. */
function addCodemodCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  // the names and descriptions alone: the codemods (and their compiler) load only when one runs
  const names = Object.entries(CODEMOD_DESCRIPTIONS)
    .map(([name, description]) => `  ${name.padEnd(26)}${description}`)
    .join('\n');
  program
    .command('codemod')
    .description('Rewrite the sites the rules report, where the rewrite is provably safe; report every other site.')
    .argument('<name>', `a codemod, or "all" (${[...Object.keys(CODEMOD_DESCRIPTIONS), 'all'].join(', ')})`)
    .argument('[paths...]', 'files or folders to rewrite (default: the current folder)')
    .option('--dry-run', 'write nothing; report what would change')
    .option('--diff', 'print a unified diff of every change')
    .option('--json', 'print a machine-readable report instead of the summary')
    .option(
      '--project <tsconfig>',
      "type-check with this tsconfig to follow references across files (full-sync-to-delta-sync; default: each file's own tsconfig, following references and extends)",
    )
    .option('--no-project', 'no type information: read only what each file and its imports show')
    .option(
      '--no-typecheck',
      'do not type-check the rewrites before writing (by default each TypeScript project with a changed file is checked in memory with its own tsconfig, where its dependencies are installed, and a site whose rewrite adds an error is left with it)',
    )
    .addOption(
      new Option(
        '--strategy <strategy>',
        'paginate-selects: read every page (all-pages, the default) or only the first (first-page)',
      ).choices([...STRATEGIES]),
    )
    .option(
      '--cursor <column>',
      `paginate-selects: the unique, non-null column to page every table on, unless the config's cursors names the table's own; checked against the schema (default: each table's primary key or unique NOT NULL column from the schema, else ${DEFAULT_CURSOR} where the select list names it)`,
    )
    .option('--page-size <rows>', `paginate-selects: rows per page (default: ${DEFAULT_PAGE_SIZE})`)
    .option(
      '--helper-path <file>',
      `paginate-selects: where selectAllPages is written once per package, relative to each package root (default: src/lib/ or lib/supabase-pagination.ts, .js for JavaScript files, .cjs for CommonJS; Edge Functions: supabase/functions/_shared/supabase-pagination.ts)`,
    )
    .option(
      '--schema <path>',
      "paginate-selects: the database schema that proves each table's cursor column (a project folder, a migrations folder, .sql files or a generated types file; repeatable; default: found from each file, see docs/schema.md)",
      collect,
      [],
    )
    .option(
      '--no-schema',
      `read no database schema: a table pages by its cursors entry, --cursor, or ${DEFAULT_CURSOR} where the select list names it`,
    )
    .option(
      '--max-file-size <size>',
      `skip (with the reason, exit 1) a file that may hold a site and is larger than this: bytes, or KB/MB (default: ${sizeText(DEFAULT_MAX_FILE_SIZE)}; parsing costs about 500 bytes of memory a byte)`,
    )
    .option(
      '--max-sites <n>',
      `skip (with the reason, exit 1) a file with more sites than this (default: ${DEFAULT_MAX_SITES})`,
    )
    .option('--config <file>', `settings file (default: ${CONFIG_FILE} when present)`)
    .option('--ignore <glob>', 'skip files matching a gitignore-style glob (repeatable)', collect, [])
    .option('--allow-dirty', 'write even when the git work tree has uncommitted changes')
    .option(
      '-o, --output-file <file>',
      'write the report (the summary and diffs, or --json) to this file instead of stdout',
    )
    .option('--no-color', 'no colours in the diff and summary')
    .addHelpText(
      'after',
      `\nCodemods:\n${names}\n  ${'all'.padEnd(26)}every codemod above, in that order\n\nExit status: 0 done; 1 a file failed or was skipped (past a limit, or read-only: it is left untouched); 2 bad usage, or a git failure\n(nothing is written); 130 / 143 interrupted by SIGINT / SIGTERM (the file in flight is finished, the rest left as it was).`,
    )
    .action(async (name: string, paths: string[], options: CodemodOptions) => {
      // loaded here: `audit`, `--help` and `--version` do not load the codemods' compiler
      const { runCodemodCommand } = await import('./codemod-command.js');
      setExit(await runCodemodCommand(name, paths, options, io));
    });
}

/** `supabase-scale audit [paths...]`. */
function addAuditCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const audit = program
    .command('audit')
    .description("Lint with the plugin's rules (no configuration needed) and give a delta-sync verdict.")
    .argument('[paths...]', 'files or folders to audit (default: the current folder)')
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('pretty'))
    .option('--strict', 'use the strict config instead of recommended')
    .addOption(
      new Option(
        '--engine <engine>',
        "run the rules in ESLint's Linter or in oxlint's JS plugin host (needs oxlint installed; same findings)",
      )
        .choices(['eslint', 'oxlint'])
        .default('eslint'),
    )
    .option('--max-findings <n>', 'exit 1 when there are more findings in app code than this (for CI; see --include)')
    .option(
      '--include <kinds>',
      'count the findings in scripts and tests too, for --max-findings and the SARIF levels (comma-separated: scripts,tests; repeatable)',
      collect,
      [],
    )
    .option('--require-verified', 'exit 1 when the delta-sync verdict is not verified (for CI)')
    .option('--ignore <glob>', 'skip files matching a gitignore-style glob (repeatable)', collect, [])
    .option(
      '--since <ref>',
      'audit only the files added, modified or renamed since the merge base of <ref> and HEAD, and untracked ones (a pull-request gate)',
    )
    .option(
      '--shard <i/n>',
      'audit only part i of n (split by a stable hash of each path): n CI jobs audit every file once',
    )
    .option(
      '--merge <reports...>',
      'join the JSON reports of shard runs (--format json) into one report, verdict and exit status, in any --format',
    )
    .option(
      '--suppressions <file>',
      "honour ESLint's bulk suppressions file (eslint --suppress-all): only findings beyond the counts fail",
    )
    .option(
      '--schema <path>',
      'the database schema: a project folder, a migrations folder, .sql files or a generated types file (repeatable; default: found from each file, see docs/schema.md)',
      collect,
      [],
    )
    .option('--no-schema', "read no database schema: unique columns are only the rules' defaults")
    .option(
      '--config <file>',
      `settings file, the codemods' own (default: ${CONFIG_FILE} when present): the rules' options it sets (uniqueColumns, pageSize, names, replacement, allowIn, effectHooks) and its schema`,
    )
    .option('-o, --output-file <file>', 'write the report to this file (any --format) instead of stdout')
    .option(
      '--prove',
      'replay each sync found against PostgreSQL (PGlite, an optional dependency) under adversarial workloads, and show the rows each failing check loses',
    )
    .option('--no-color', 'no colours')
    .addHelpText(
      'after',
      '\nExit status: 0 done; 1 a file could not be audited (read or parse),\nmore findings in app code than --max-findings (--include counts\nscripts and tests too), (with --require-verified) a verdict not\nverified, or the --output-file could not be written (the reason on\nstderr, in every format); 2 bad usage (a malformed config file, say), a git\nfailure, or a path with no source file to audit. Output closed early\n(`audit | head`): exit 0, quietly.',
    )
    .action(async (paths: string[], options: AuditOptions) => {
      const { runAuditCommand } = await import('./audit-command.js');
      setExit(await runAuditCommand(paths, options, io));
    });
  addAuditCapacityOptions(audit);
}

/** `supabase-scale init`. */
function addInitCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('init')
    .description(
      "Write an eslint.config.js with the plugin (in the project's module system, with the TypeScript parser when it has TypeScript) and a GitHub Actions workflow running the audit; never overwrites a file.",
    )
    .option('--dry-run', 'print what would be written, write nothing')
    .option('--no-ci', 'do not write .github/workflows/supabase-scale.yml')
    .addHelpText(
      'after',
      '\nRun it in the package root (the folder with package.json).\nExit status: 0 done (a file that exists is left as it is, and the summary says what to add); 2 bad usage, a malformed package.json, or a file that cannot be written.',
    )
    .action(async (options: InitOptions) => {
      const { runInitCommand } = await import('./init-command.js');
      setExit(runInitCommand(options, io));
    });
}

/** `supabase-scale schema [path]`. */
function addSchemaCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('schema')
    .description(
      'Show the database schema the rules and codemods read: tables, columns, unique keys, and the statements not applied.',
    )
    .argument('[path]', 'a file or folder to find the schema from, as the rules do (default: the current folder)')
    .option(
      '--schema <path>',
      'read these paths instead: a project folder, a migrations folder, .sql files or a generated types file (repeatable)',
      collect,
      [],
    )
    .option('--json', 'print the schema as JSON')
    .addHelpText('after', '\nExit status: 0 a schema was read; 1 none was found; 2 bad usage.')
    .action(async (from: string | undefined, options: SchemaOptions) => {
      const { runSchemaCommand } = await import('./schema-command.js');
      setExit(await runSchemaCommand(from, options, io));
    });
}

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('supabase-scale')
    .description('Find and fix the code that stops a Supabase app from scaling: audit it, then run the codemods.')
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {
        // printed by main() as one line
      },
    });
  addCodemodCommand(program, io, setExit);
  addAuditCommand(program, io, setExit);
  addCapacityCommand(program, io, setExit);
  addSchemaCommand(program, io, setExit);
  addInitCommand(program, io, setExit);
  return program;
}

/** Runs the CLI; resolves to the exit status. Never rejects. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exit = 0;
  const program = buildProgram(io, (code) => {
    exit = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return 2; // no command: the help went to stderr
      const message = error.message.replace(/^error:\s*/, '').split('\n')[0];
      io.stderr.write(`supabase-scale: ${message}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`supabase-scale: ${error.message}\n`);
      return 2;
    }
    // anything can be thrown: an ErrnoException's fields may all be missing
    const failure = error as Partial<NodeJS.ErrnoException>;
    io.stderr.write(
      `supabase-scale: unexpected error: ${failure.code ?? ''}${failure.code ? ' ' : ''}${String(failure.message ?? error).split('\n')[0]}\n`,
    );
    return 1;
  }
}
