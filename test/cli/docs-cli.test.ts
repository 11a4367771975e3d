/**
 * docs/cli.md is complete: every flag of every command, as the CLI defines
 * it, is named in that command's section; every exit status a command's
 * `--help` gives is in the table; and docs/ci.md names the gates CI relies on.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const CLI = readFileSync(path.join(REPO, 'docs', 'cli.md'), 'utf8');
const CI = readFileSync(path.join(REPO, 'docs', 'ci.md'), 'utf8');

const sink = new Writable({
  write(_chunk, _encoding, done) {
    done();
  },
});
const program = buildProgram({ cwd: REPO, stdout: sink, stderr: sink, env: {} }, () => undefined);

/** A `## name` section of docs/cli.md. */
function section(name: string): string {
  const start = CLI.indexOf(`\n## ${name}\n`);
  expect(start).toBeGreaterThan(-1);
  const end = CLI.indexOf('\n## ', start + 1);
  return CLI.slice(start, end < 0 ? undefined : end);
}

describe('docs/cli.md', () => {
  it.each(program.commands.map((command) => [command.name(), command] as const))(
    '%s: every flag is named in its section',
    (name, command) => {
      const text = section(name);
      const flags = command.options.map((option) => option.long!).filter((flag) => flag !== '--help');
      expect(flags.length).toBeGreaterThan(0);
      expect(flags.filter((flag) => !text.includes(flag))).toEqual([]);
    },
  );

  it('gives every exit status of every command in its table', () => {
    const table = CLI.slice(0, CLI.indexOf('\n## '));
    for (const status of ['| 0 ', '| 1 ', '| 2 ', '| 130 / 143 ']) expect(table).toContain(status);
    for (const name of ['`audit`', '`codemod`', '`schema`', '`init`']) expect(table).toContain(name);
  });
});

describe('docs/ci.md', () => {
  it('names the gates and their exit statuses', () => {
    for (const text of [
      '--require-verified',
      '--max-findings',
      '--since',
      '--shard',
      '--merge',
      '--suppressions',
      '-o',
    ]) {
      expect(CI).toContain(text);
    }
  });
});
