/**
 * `--assume`: what the user sets where the code does not say. Each value is
 * one of:
 *
 * - `<file>:<line>=<duration>`: the period of the site at that place
 *   (`src/hooks/usePolling.ts:12=30s`); durations are `1500ms`, `30s`, `5m`
 *   (or `5min`), `1h`;
 * - `<file>:<line>=<count>`: the rows of the list rendered at that place, or
 *   the items of the loop a channel is opened in (`src/Inbox.tsx:40=50`);
 * - `focus=<duration>`: how often an online user comes back to the page or
 *   app (a focus, a visibility change, the app in the foreground);
 * - `reconnect=<duration>`: how often a client goes offline and back;
 * - `writes:<table>=<rate>`: writes per second to a table (`2/s`, `30/min`),
 *   for the Postgres Changes fan-out.
 */
import type { Assumptions } from './analyze.js';

export class AssumeError extends Error {}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** `30s` -> 30000; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|min|m|h)$/.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * UNITS[match[2]!]!;
  return ms > 0 ? ms : null;
}

function parseRate(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*\/\s*(s|min|h)$/.exec(text.trim());
  if (!match) return null;
  const per = { s: 1, min: 60, h: 3600 }[match[2] as 's' | 'min' | 'h'];
  return Number(match[1]) / per;
}

/** The assumptions `--assume` values give (repeatable); a malformed one is an AssumeError naming it. */
export function parseAssumptions(values: readonly string[]): Assumptions {
  const periods = new Map<string, number>();
  const counts = new Map<string, number>();
  const writes = new Map<string, number>();
  let focusMs: number | null = null;
  let reconnectMs: number | null = null;
  for (const raw of values) {
    const equals = raw.lastIndexOf('=');
    const target = equals > 0 ? raw.slice(0, equals).trim() : '';
    const value = equals > 0 ? raw.slice(equals + 1).trim() : '';
    if (target === '' || value === '')
      throw new AssumeError(
        `--assume takes <file>:<line>=<value>, focus=<duration>, reconnect=<duration> or writes:<table>=<rate>; got '${raw}'`,
      );
    if (target === 'focus' || target === 'reconnect') {
      const ms = parseDuration(value);
      if (ms === null)
        throw new AssumeError(`--assume ${target}= takes a duration (1500ms, 30s, 5m, 1h); got '${value}'`);
      if (target === 'focus') focusMs = ms;
      else reconnectMs = ms;
      continue;
    }
    if (target.startsWith('writes:')) {
      const table = target.slice('writes:'.length);
      const rate = parseRate(value);
      if (table === '' || rate === null)
        throw new AssumeError(`--assume writes:<table>= takes a rate (2/s, 30/min, 100/h); got '${raw}'`);
      writes.set(table, rate);
      continue;
    }
    const place = /^(.+):(\d+)$/.exec(target);
    if (!place) throw new AssumeError(`--assume: '${target}' is not <file>:<line>, focus, reconnect or writes:<table>`);
    const key = `${place[1]!.replace(/\\/g, '/').replace(/^\.\//, '')}:${Number(place[2])}`;
    if (/^\d+$/.test(value)) {
      const count = Number(value);
      if (count <= 0) throw new AssumeError(`--assume ${target}: a count must be above 0; got '${value}'`);
      counts.set(key, count);
      continue;
    }
    const ms = parseDuration(value);
    if (ms === null)
      throw new AssumeError(
        `--assume ${target}= takes a duration (30s, 5m) for a period or a whole number for a count; got '${value}'`,
      );
    periods.set(key, ms);
  }
  return { periods, counts, focusMs, reconnectMs, writes };
}
