/** `supabase-scale capacity [paths...]`: its flags and help (the command itself loads on use: capacity-command.ts); `audit --capacity`. */
import { type Command, Option } from 'commander';
import type { CapacityOptions } from './capacity-command.js';
import type { Io } from './output.js';

const collect = (value: string, previous: string[]) => [...previous, value];

const PLANS = ['free', 'pro', 'pro-no-cap', 'team', 'enterprise'];

/** The capacity report's flags, shared by `capacity` and `audit --capacity`. */
function addReportFlags(command: Command): Command {
  return command
    .option('--users <n>', 'users of the app (default: 1000)')
    .option('--online <share>', 'share of the users online at once: 10% or 0.1 (default: 10%)')
    .addOption(
      new Option(
        '--plan <plan>',
        'the Supabase plan whose published limits the report compares with (default: pro)',
      ).choices(PLANS),
    )
    .option(
      '--limits <file>',
      "a JSON file of limits over the plan's (self-hosted, or quotas support raised): concurrentConnections, messagesPerSecond, channelJoinsPerSecond, channelsPerConnection, presenceMessagesPerSecond, maxRows, label, source",
    )
    .option(
      '--assume <value>',
      'set what the code does not say (repeatable): <file>:<line>=30s (a period), <file>:<line>=50 (rows of a list, items of a loop), focus=5m, reconnect=1h, writes:<table>=2/s',
      collect,
      [],
    )
    .option(
      '--after-codemods',
      'add a before/after column: run codemod all in memory (as --dry-run, type check included) and the analysis again on its rewrites',
    );
}

/** `audit --capacity` and the report's flags (each of which needs it). */
export function addAuditCapacityOptions(audit: Command): void {
  audit.option(
    '--capacity',
    'add the capacity report (as supabase-scale capacity gives it) over the whole project; --users, --online, --plan, --limits and --assume are its flags',
  );
  addReportFlags(audit);
}

export function addCapacityCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const command = program
    .command('capacity')
    .description(
      "The load the code puts on Supabase at N users: periodic requests per online user and per second, Realtime channels, connections and fan-out against the plan's published limits, with the arithmetic.",
    )
    .argument('[paths...]', 'files or folders to read (default: the current folder)');
  addReportFlags(command)
    .addOption(
      new Option('--format <format>', 'output format').choices(['pretty', 'json', 'markdown']).default('pretty'),
    )
    .option('--ignore <glob>', 'skip files matching a gitignore-style glob (repeatable)', collect, [])
    .option('-o, --output-file <file>', 'write the report to this file instead of stdout')
    .option('--no-color', 'no colours')
    .addHelpText(
      'after',
      "\nLimits: Supabase's published quotas (src/capacity/plan-limits.json names the page and the date read).\nExit status: 0 done; 1 a file could not be parsed (named on stderr) or the --output-file\ncould not be written; 2 bad usage (a malformed --limits file or --assume value), or a path\nwith no source file.",
    )
    .action(async (paths: string[], options: CapacityOptions) => {
      const { runCapacityCommand } = await import('./capacity-command.js');
      setExit(await runCapacityCommand(paths, options, io));
    });
}
