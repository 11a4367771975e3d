/**
 * `npm run test:scale`: a real SIGTERM and SIGINT to the built CLI in the
 * middle of a long codemod run (1,500 files): the process hears it, finishes
 * the file in flight, writes no more, leaves no temporary file, says what it
 * wrote and exits 143 / 130. Every file is then either as it was or wholly
 * rewritten. (test/cli/codemod-writes.test.ts holds the same in-process,
 * with the signal at a chosen moment.)
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tablesKeyedById, tempProjects, UNBOUNDED } from '../cli/helpers.js';

const temp = tempProjects();

/** The codemod run over `root`, sent `signal` after `wait` ms; its exit status (null: killed by the signal) and output. */
async function interrupted(
  root: string,
  signal: 'SIGTERM' | 'SIGINT',
  wait: number,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'codemod', 'all', '--allow-dirty'], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const status = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      resolve(code);
    });
  });
  await new Promise((resolve) => setTimeout(resolve, wait));
  child.kill(signal);
  return { status: await status, stdout, stderr };
}

describe.each([
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const)('%s in the middle of a long run', (signal, exit) => {
  it(
    `is heard: exit ${exit}, no temporary file, every file as it was or wholly rewritten`,
    { timeout: 300_000 },
    async () => {
      const count = 1500;
      const files: Record<string, string> = { ...tablesKeyedById('rooms') };
      for (let index = 0; index < count; index += 1) files[`src/f${index}.ts`] = UNBOUNDED;
      const root = temp(files);
      // the signal must come after the CLI has taken its handlers (once its modules, ts-morph among them, are
      // loaded), then into the run: the wait is a whole codemod run on an empty project on this machine now, plus
      // 3 s. A loaded machine may still be slower at the real start: a process the signal killed before it had
      // handlers (exit null) is started again with twice the wait; a CLI that never takes them fails every try.
      const empty = temp({ 'src/empty.ts': 'export {};\n' });
      const started = Date.now();
      execFileSync(process.execPath, [BIN, 'codemod', 'all', '--allow-dirty', '--dry-run'], {
        cwd: empty,
        stdio: 'ignore',
      });
      let wait = Date.now() - started + 3000;
      let run = await interrupted(root, signal, wait);
      for (let retry = 0; retry < 2 && run.status === null; retry += 1) {
        wait *= 2;
        run = await interrupted(root, signal, wait);
      }
      const { status, stdout, stderr } = run;
      expect(status).toBe(exit);
      expect(stderr).toMatch(
        new RegExp(
          `^supabase-scale: interrupted by ${signal}: \\d+ files? written, \\d+ not \\(run the codemod again to finish\\)\\n$`,
        ),
      );
      expect(stdout).toContain(`interrupted by ${signal}`);
      const names = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' });
      expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
      const rewritten = names
        .filter((name) => /^f\d+\.ts$/.test(name))
        .map((name) => readFileSync(path.join(root, 'src', name), 'utf8'));
      expect(rewritten.length).toBe(count);
      const shapes = new Set(rewritten.map((text) => (text === UNBOUNDED ? 'as it was' : text)));
      // one rewrite for every file (they are the same), or none
      expect(shapes.size).toBeLessThanOrEqual(2);
      for (const shape of shapes)
        if (shape !== 'as it was') expect(shape).toContain('await selectAllPages(() => supabase');
    },
  );
});
