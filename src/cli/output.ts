/** Terminal output: colours when wanted, relative paths, a progress bar on a terminal's stderr. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { UsageError } from './errors.js';
import { writeFileAtomic } from './fs.js';
import type { SignalSource } from './interrupt.js';

export interface Io {
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  /** Where SIGINT and SIGTERM come from (the process when absent). */
  signals?: SignalSource;
}

/** `-o, --output-file` checked before a run: a folder, or a file in a folder that does not exist, is bad usage. */
export function checkOutputFile(io: Io, outputFile: string | undefined): void {
  if (outputFile === undefined) return;
  if (outputFile === '') throw new UsageError('--output-file needs a file name');
  const file = path.resolve(io.cwd, outputFile);
  if (existsSync(file) && statSync(file).isDirectory())
    throw new UsageError(`--output-file ${outputFile} is a folder: name a file`);
  const dir = path.dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`--output-file ${outputFile}: no such folder ${displayPath(io, dir)}`);
}

/**
 * A report to stdout, or to `outputFile` (`-o`, relative to the working
 * folder), written atomically: a reader never sees half a report. When the
 * file cannot be written, the report goes to stdout after all, and the
 * reason (one line) is returned for stderr; null when all went well.
 */
export function writeOutput(io: Io, text: string, outputFile: string | undefined): string | null {
  if (outputFile !== undefined) {
    try {
      writeFileAtomic(path.resolve(io.cwd, outputFile), text);
      return null;
    } catch (error) {
      io.stdout.write(text);
      return `cannot write the report to ${outputFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): it went to stdout`;
    }
  }
  io.stdout.write(text);
  return null;
}

export interface Paint {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

export function paint(enabled: boolean): Paint {
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    bold: wrap(1, 22),
    dim: wrap(2, 22),
  };
}

/** Colours on when stdout is a terminal, unless NO_COLOR or `--no-color`; FORCE_COLOR forces them. */
export function wantsColor(io: Io, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdout.isTTY === true;
}

/** A path as the user sees it: relative to the current folder, with forward slashes. */
export function displayPath(io: Io, file: string): string {
  const relative = path.relative(io.cwd, file);
  return (relative.startsWith('..') || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/');
}

/** A unified diff of one file (`before` null: a new file), coloured when `colors` paints. */
export function unifiedDiff(name: string, before: string | null, after: string, colors: Paint): string {
  const patch = createTwoFilesPatch(
    before === null ? '/dev/null' : `a/${name}`,
    `b/${name}`,
    before ?? '',
    after,
    undefined,
    undefined,
    { context: 3 },
  );
  const lines = patch.split('\n');
  // drop the "Index:" and "=====" lines createTwoFilesPatch starts with
  while (lines.length > 0 && !lines[0]!.startsWith('---')) lines.shift();
  return lines
    .map((line) => {
      if (line.startsWith('---') || line.startsWith('+++')) return colors.bold(line);
      if (line.startsWith('@@')) return colors.cyan(line);
      if (line.startsWith('+')) return colors.green(line);
      if (line.startsWith('-')) return colors.red(line);
      return line;
    })
    .join('\n');
}

/** Seconds as the progress line shows them: `42s`, `3m05s`. */
function duration(seconds: number): string {
  const whole = Math.ceil(seconds);
  return whole < 60 ? `${whole}s` : `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

/** A one-line progress bar on stderr with the counts and, after a second, an ETA; drawn only when stderr is a terminal. */
export class Progress {
  private readonly enabled: boolean;
  private lastDraw = 0;
  private readonly started: number;

  constructor(
    private readonly io: Io,
    private readonly total: number,
    private readonly label: string,
    private readonly now: () => number = Date.now,
  ) {
    this.enabled = io.stderr.isTTY === true && total > 0;
    this.started = now();
  }

  tick(done: number): void {
    if (!this.enabled) return;
    const now = this.now();
    if (done < this.total && now - this.lastDraw < 80) return;
    this.lastDraw = now;
    const width = Math.max(10, Math.min(40, (this.io.stderr.columns ?? 80) - 50));
    const filled = Math.round((done / this.total) * width);
    const elapsed = (now - this.started) / 1000;
    // the rate so far, once there is enough of it to mean something
    const eta =
      done > 0 && done < this.total && elapsed >= 1 ? `, ETA ${duration((elapsed / done) * (this.total - done))}` : '';
    this.io.stderr.write(
      `\r\u001b[2K${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} files${eta}`,
    );
  }

  done(): void {
    if (this.enabled) this.io.stderr.write('\r\u001b[2K');
  }
}
