import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Io, paint, Progress, unifiedDiff, wantsColor } from '../../src/cli/output.js';

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function io(tty: boolean, env: NodeJS.ProcessEnv = {}): Io & { stderr: Capture; stdout: Capture } {
  return { cwd: '/project', stdout: new Capture(tty), stderr: new Capture(tty), env };
}

describe('Progress', () => {
  it('draws a bar on stderr when it is a terminal, and clears it at the end', () => {
    const terminal = io(true);
    const progress = new Progress(terminal, 4, 'codemod all');
    progress.tick(4);
    progress.done();
    expect(terminal.stderr.text).toContain('codemod all [');
    expect(terminal.stderr.text).toContain('] 4/4 files');
    expect(terminal.stderr.text).toMatch(/\r\u001b\[2K$/);
    expect(terminal.stdout.text).toBe('');
  });

  it('shows an ETA from the rate so far, once a second has passed', () => {
    const terminal = io(true);
    let clock = 10_000;
    const progress = new Progress(terminal, 100, 'audit', () => clock);
    progress.tick(1);
    expect(terminal.stderr.text).toMatch(/\] 1\/100 files$/);
    clock += 5_000; // 20 files in 5 s: 80 left at 4 a second
    progress.tick(20);
    expect(terminal.stderr.text).toMatch(/\] 20\/100 files, ETA 20s$/);
    clock += 100_000; // 80 files in 105 s: 20 left
    progress.tick(80);
    expect(terminal.stderr.text).toMatch(/\] 80\/100 files, ETA 27s$/);
    clock = 10_000 + 400_000;
    progress.tick(50);
    expect(terminal.stderr.text).toMatch(/\] 50\/100 files, ETA 6m40s$/);
  });

  it('writes nothing when stderr is not a terminal', () => {
    const piped = io(false);
    const progress = new Progress(piped, 4, 'audit');
    progress.tick(4);
    progress.done();
    expect(piped.stderr.text).toBe('');
  });
});

describe('colours', () => {
  it('are on for a terminal, off with NO_COLOR or --no-color, forced by FORCE_COLOR', () => {
    expect(wantsColor(io(true), undefined)).toBe(true);
    expect(wantsColor(io(false), undefined)).toBe(false);
    expect(wantsColor(io(true, { NO_COLOR: '1' }), undefined)).toBe(false);
    expect(wantsColor(io(true), false)).toBe(false);
    expect(wantsColor(io(false, { FORCE_COLOR: '1' }), undefined)).toBe(true);
  });

  it('colour the added and removed lines of a unified diff', () => {
    const diff = unifiedDiff('src/a.ts', 'a\nb\n', 'a\nc\n', paint(true));
    expect(diff).toContain('\u001b[31m-b\u001b[39m');
    expect(diff).toContain('\u001b[32m+c\u001b[39m');
    expect(unifiedDiff('src/a.ts', null, 'new\n', paint(false))).toBe(
      '--- /dev/null\n+++ b/src/a.ts\n@@ -0,0 +1,1 @@\n+new\n',
    );
  });
});
