/**
 * The plan limits the report compares with: Supabase's published quotas per
 * plan, from one data file (plan-limits.json, with the page each group was
 * read from and the date), or a project's own numbers (`--limits file.json`:
 * a self-hosted Realtime, or quotas support raised). A limits file that is
 * not what it should be is a usage error of one line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import published from './plan-limits.json' with { type: 'json' };

export const PLANS = ['free', 'pro', 'pro-no-cap', 'team', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

/** The limits one report compares with. */
export interface Limits {
  /** How the report names them: `Pro`, or the limits file's label. */
  label: string;
  concurrentConnections: number;
  messagesPerSecond: number;
  channelJoinsPerSecond: number;
  channelsPerConnection: number;
  presenceMessagesPerSecond: number;
  /** Rows per response (PostgREST max-rows). */
  maxRows: number;
  /** Where each number comes from: `url (read date)`, or the limits file. */
  sources: string[];
  notes: string[];
}

/** The numeric limits a limits file may set. */
export const LIMIT_KEYS = [
  'concurrentConnections',
  'messagesPerSecond',
  'channelJoinsPerSecond',
  'channelsPerConnection',
  'presenceMessagesPerSecond',
  'maxRows',
] as const;

type LimitKey = (typeof LIMIT_KEYS)[number];

/** The published limits of a plan. */
export function planLimits(plan: Plan): Limits {
  const limits = published.plans[plan];
  const sources = Object.values(published.sources).map((source) => `${source.url} (read ${source.read})`);
  return {
    label: limits.label,
    concurrentConnections: limits.concurrentConnections,
    messagesPerSecond: limits.messagesPerSecond,
    channelJoinsPerSecond: limits.channelJoinsPerSecond,
    channelsPerConnection: limits.channelsPerConnection,
    presenceMessagesPerSecond: limits.presenceMessagesPerSecond,
    maxRows: published.maxRows,
    sources,
    notes: published.notes,
  };
}

/** A limits file's problem, in one line. */
export class LimitsError extends Error {}

function isLimitKey(key: string): key is LimitKey {
  return (LIMIT_KEYS as readonly string[]).includes(key);
}

/**
 * The plan's limits with a limits file's numbers over them. The file is a
 * JSON object of positive whole numbers under LIMIT_KEYS, and optionally a
 * `label` and a `source` (strings); anything else is refused, naming it.
 */
export function readLimits(file: string, base: Limits, cwd: string): Limits {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch {
    throw new LimitsError(`--limits ${file}: cannot be read`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LimitsError(`--limits ${file}: not JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new LimitsError(`--limits ${file}: must be a JSON object of limits (${LIMIT_KEYS.join(', ')})`);
  const limits: Limits = { ...base, sources: [...base.sources], notes: [...base.notes] };
  const set: string[] = [];
  for (const [key, entry] of Object.entries(value)) {
    if (key === 'label' || key === 'source') {
      if (typeof entry !== 'string' || entry.trim() === '')
        throw new LimitsError(`--limits ${file}: ${key} must be a non-empty string`);
      if (key === 'label') limits.label = entry;
      continue;
    }
    if (!isLimitKey(key))
      throw new LimitsError(`--limits ${file}: unknown key '${key}' (known: ${LIMIT_KEYS.join(', ')}, label, source)`);
    if (typeof entry !== 'number' || !Number.isInteger(entry) || entry <= 0)
      throw new LimitsError(`--limits ${file}: ${key} must be a whole number above 0; got ${JSON.stringify(entry)}`);
    limits[key] = entry;
    set.push(key);
  }
  const source = (value as { source?: string }).source;
  limits.sources.unshift(`${file}${source ? ` (${source})` : ''}: ${set.length > 0 ? set.join(', ') : 'no limit set'}`);
  return limits;
}
