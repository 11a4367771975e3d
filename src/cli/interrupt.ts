/**
 * SIGINT and SIGTERM during a codemod run: heard, not obeyed at once. The
 * run checks between two files (an atomic write is never cut in half, so
 * no temporary file is left behind), stops writing, reports what was
 * written, and exits 130 (SIGINT) or 143 (SIGTERM), as a shell would.
 */
export type Signal = 'SIGINT' | 'SIGTERM';

/** Where the signals come from: the process, or a test's emitter. */
export interface SignalSource {
  on(event: Signal, listener: () => void): unknown;
  off(event: Signal, listener: () => void): unknown;
}

const EXIT: Record<Signal, number> = { SIGINT: 130, SIGTERM: 143 };

export class Interruption {
  /** The first signal heard, or null. */
  signal: Signal | null = null;

  private readonly listeners: [Signal, () => void][];

  constructor(private readonly source: SignalSource) {
    this.listeners = (['SIGINT', 'SIGTERM'] as const).map((signal) => [
      signal,
      () => {
        this.signal ??= signal;
      },
    ]);
    for (const [signal, listener] of this.listeners) source.on(signal, listener);
  }

  /** Whether a signal was heard (a call: the answer changes while a run awaits). */
  heard(): boolean {
    return this.signal !== null;
  }

  /** 130 after SIGINT, 143 after SIGTERM. */
  exitStatus(): number {
    return this.signal === null ? 0 : EXIT[this.signal];
  }

  /** Stops listening: the signals are the process's again. */
  remove(): void {
    for (const [signal, listener] of this.listeners) this.source.off(signal, listener);
  }
}
