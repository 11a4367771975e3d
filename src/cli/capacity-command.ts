/**
 * `supabase-scale capacity [paths...]`: the load the code puts on Supabase at
 * N users, from what the code does (src/capacity): periodic requests per
 * online user and per second, Realtime channels, connections and fan-out
 * against the plan's published limits, and the reads by kind, every line with
 * its arithmetic.
 *
 * Exit status: 0 done; 1 a file could not be parsed (the report says which)
 * or the report could not be written; 2 bad usage (a malformed --limits file
 * or --assume value, one line on stderr).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Assumptions, capacityFacts, type CapacityScans } from '../capacity/analyze.js';
import { type CapacityReport, capacityReport } from '../capacity/arithmetic.js';
import { AssumeError, parseAssumptions } from '../capacity/assume.js';
import { type Limits, LimitsError, type Plan, planLimits, PLANS, readLimits } from '../capacity/limits.js';
import { capacityMarkdown, capacityPretty } from '../capacity/render.js';
import { UsageError } from './errors.js';
import { FileKinds } from './file-kinds.js';
import { checkOutputFile, displayPath, type Io, paint, wantsColor, writeOutput } from './output.js';
import { walk } from './walk.js';

export const CAPACITY_FORMATS = ['pretty', 'json', 'markdown'] as const;

export interface CapacityOptions {
  users?: string;
  online?: string;
  plan?: string;
  limits?: string;
  assume?: string[];
  format?: string;
  ignore?: string[];
  outputFile?: string;
  color?: boolean;
  /** `--after-codemods`: the before/after column of `codemod all`. */
  afterCodemods?: boolean;
}

export const DEFAULT_USERS = 1000;
export const DEFAULT_ONLINE = '10%';

function users(value: string | undefined): number {
  if (value === undefined) return DEFAULT_USERS;
  const text = value.replace(/[,_]/g, '').trim();
  if (!/^\d+$/.test(text) || Number(text) === 0)
    throw new UsageError(`--users must be a whole number above 0; got '${value}'`);
  return Number(text);
}

/** `10%` or `0.1`: the share of users online at once. */
function online(value: string | undefined): number {
  const text = (value ?? DEFAULT_ONLINE).trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  const share = percent ? Number(percent[1]) / 100 : /^\d*\.?\d+$/.test(text) ? Number(text) : NaN;
  if (!(share > 0 && share <= 1))
    throw new UsageError(`--online must be a share of the users, 10% or 0.1 (above 0, at most 100%); got '${value}'`);
  return share;
}

function plan(value: string | undefined): Plan {
  const chosen = value ?? 'pro';
  if (!(PLANS as readonly string[]).includes(chosen))
    throw new UsageError(`--plan must be one of ${PLANS.join(', ')}; got '${chosen}'`);
  return chosen as Plan;
}

function format(value: string | undefined): (typeof CAPACITY_FORMATS)[number] {
  const chosen = value ?? 'pretty';
  if (!(CAPACITY_FORMATS as readonly string[]).includes(chosen))
    throw new UsageError(`--format must be one of ${CAPACITY_FORMATS.join(', ')}; got '${chosen}'`);
  return chosen as (typeof CAPACITY_FORMATS)[number];
}

/** Everything the command reads from its flags, checked before any file is read. */
export function capacitySettings(
  options: CapacityOptions,
  io: Io,
): { users: number; onlineShare: number; plan: Plan; limits: Limits; assumptions: Assumptions } {
  const chosen = plan(options.plan);
  try {
    const base = planLimits(chosen);
    return {
      users: users(options.users),
      onlineShare: online(options.online),
      plan: chosen,
      limits: options.limits === undefined ? base : readLimits(options.limits, base, io.cwd),
      assumptions: parseAssumptions(options.assume ?? []),
    };
  } catch (error) {
    if (error instanceof LimitsError || error instanceof AssumeError) throw new UsageError(error.message);
    throw error;
  }
}

/** The folder callers are looked for in: the one folder given, else the working folder. */
export function projectFolder(paths: readonly string[], io: Io): string {
  if (paths.length !== 1) return io.cwd;
  const given = path.resolve(io.cwd, paths[0]!);
  try {
    return statSync(given).isDirectory() ? given : io.cwd;
  } catch {
    return io.cwd;
  }
}

/**
 * The report over `files`, with the after column when asked (`--after-codemods`);
 * `scans`: files whose capacity facts a parse made already (the audit's lint).
 */
export async function buildCapacityReport(
  files: readonly string[],
  paths: readonly string[],
  settings: ReturnType<typeof capacitySettings>,
  afterCodemods: boolean,
  io: Io,
  scans?: CapacityScans,
): Promise<{ report: CapacityReport; unparsed: string[] }> {
  const show = (file: string) => displayPath(io, file);
  const root = projectFolder(paths, io);
  const kinds = new FileKinds(io.cwd);
  // the load of the users' clients: a script (a seed, a monitor run with node) or a test is none of it
  const appFiles = files.filter((file) => {
    try {
      return kinds.kindOf(file, readFileSync(file, 'utf8')) === 'app';
    } catch {
      return true; // the analysis names it as not read
    }
  });
  const facts = capacityFacts(appFiles, show, root, settings.assumptions, scans);
  const inputs = {
    users: settings.users,
    onlineShare: settings.onlineShare,
    plan: settings.plan,
    limits: settings.limits,
  };
  const report = capacityReport(facts, inputs, settings.assumptions);
  if (afterCodemods) {
    // loaded on use: the codemods and their compiler are no part of the report without the column
    const { afterCodemods: after } = await import('./capacity-after.js');
    report.after = await after(
      { files: appFiles, paths, root, show, inputs, assumptions: settings.assumptions, before: report },
      io,
    );
  }
  return { report, unparsed: facts.unparsed };
}

export async function runCapacityCommand(paths: string[], options: CapacityOptions, io: Io): Promise<number> {
  const chosenFormat = format(options.format);
  const settings = capacitySettings(options, io);
  checkOutputFile(io, options.outputFile);
  const files = walk(paths.length > 0 ? paths : ['.'], {
    cwd: io.cwd,
    ignore: options.ignore ?? [],
    requireSources: true,
  });
  const { report, unparsed } = await buildCapacityReport(files, paths, settings, options.afterCodemods === true, io);
  const text =
    chosenFormat === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : chosenFormat === 'markdown'
        ? capacityMarkdown(report)
        : capacityPretty(report, paint(options.outputFile === undefined && wantsColor(io, options.color)));
  const failure = writeOutput(io, text, options.outputFile);
  let status = 0;
  if (failure !== null) {
    io.stderr.write(`supabase-scale: ${failure}\n`);
    status = 1;
  }
  if (unparsed.length > 0) {
    for (const file of unparsed) io.stderr.write(`supabase-scale: not analysed: ${file}: could not be parsed\n`);
    status = 1;
  }
  return status;
}
