/**
 * The plan limits data file, `--limits` overrides and their validation, the
 * flags' bad values (one line, exit 2), and the number formats of the arithmetic.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { duration, num } from '../../src/capacity/arithmetic.js';
import { parseAssumptions } from '../../src/capacity/assume.js';
import { LIMIT_KEYS, planLimits, PLANS } from '../../src/capacity/limits.js';
import { cli, tempProjects } from '../cli/helpers.js';

const temp = tempProjects();
const DATA = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../src/capacity/plan-limits.json'), 'utf8'),
) as { sources: Record<string, { url: string; read: string }>; plans: Record<string, Record<string, unknown>> };

const CHANNEL =
  "import { supabase } from './supabase';\nexport const watch = () => supabase.channel('c').on('broadcast', { event: 'x' }, () => {}).subscribe();\n";

describe('the plan limits file', () => {
  it('names the page and the date each group was read from', () => {
    for (const source of Object.values(DATA.sources)) {
      expect(source.url).toMatch(/^https:\/\/supabase\.com\/docs\//);
      expect(source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('gives every plan the published Realtime quotas', () => {
    expect(Object.keys(DATA.plans)).toEqual([...PLANS]);
    expect(
      PLANS.map((plan) => [plan, planLimits(plan).concurrentConnections, planLimits(plan).messagesPerSecond]),
    ).toEqual([
      ['free', 200, 100],
      ['pro', 500, 500],
      ['pro-no-cap', 10000, 2500],
      ['team', 10000, 2500],
      ['enterprise', 10000, 2500],
    ]);
    for (const plan of PLANS) {
      const limits = planLimits(plan);
      expect(limits.channelsPerConnection).toBe(100);
      expect(limits.maxRows).toBe(1000);
      for (const key of LIMIT_KEYS) expect(Number.isInteger(limits[key])).toBe(true);
    }
  });
});

describe('--limits', () => {
  it("puts a file's numbers over the plan's and names the file as their source", async () => {
    const root = temp({
      'src/supabase.ts': 'export const supabase = {} as any;\n',
      'src/watch.ts': CHANNEL,
      'limits.json': JSON.stringify({ label: 'self-hosted', concurrentConnections: 50, source: 'our Realtime config' }),
    });
    const run = await cli(root, 'capacity', '--limits', 'limits.json', '--users', '1000', '--format', 'json');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as {
      inputs: { limits: { label: string; sources: string[] } };
      bars: { name: string; used: number; limit: number }[];
    };
    expect(report.inputs.limits.label).toBe('self-hosted');
    expect(report.inputs.limits.sources[0]).toBe('limits.json (our Realtime config): concurrentConnections');
    expect(report.bars[0]).toMatchObject({ name: 'concurrent connections', used: 100, limit: 50 });
  });

  it.each([
    ['{ "concurrentConnections": ', /^supabase-scale: --limits limits\.json: not JSON \(.+\)\n$/],
    [
      '[1, 2]',
      /^supabase-scale: --limits limits\.json: must be a JSON object of limits \(concurrentConnections, .+\)\n$/,
    ],
    ['{ "connections": 10 }', /^supabase-scale: --limits limits\.json: unknown key 'connections' \(known: .+\)\n$/],
    [
      '{ "messagesPerSecond": -5 }',
      /^supabase-scale: --limits limits\.json: messagesPerSecond must be a whole number above 0; got -5\n$/,
    ],
    ['{ "label": 3 }', /^supabase-scale: --limits limits\.json: label must be a non-empty string\n$/],
  ])('refuses %s with one line, exit 2', async (text, message) => {
    const root = temp({ 'src/watch.ts': CHANNEL, 'limits.json': text });
    const run = await cli(root, 'capacity', '--limits', 'limits.json');
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(2);
  });

  it('refuses a file that cannot be read', async () => {
    const root = temp({ 'src/watch.ts': CHANNEL });
    const run = await cli(root, 'capacity', '--limits', 'missing.json');
    expect(run.stderr).toBe('supabase-scale: --limits missing.json: cannot be read\n');
    expect(run.status).toBe(2);
  });
});

describe('bad flags', () => {
  it.each([
    [['--users', 'many'], "supabase-scale: --users must be a whole number above 0; got 'many'\n"],
    [
      ['--online', '150%'],
      "supabase-scale: --online must be a share of the users, 10% or 0.1 (above 0, at most 100%); got '150%'\n",
    ],
    [
      ['--assume', 'src/a.ts:3=often'],
      "supabase-scale: --assume src/a.ts:3= takes a duration (30s, 5m) for a period or a whole number for a count; got 'often'\n",
    ],
    [
      ['--assume', 'focus=soon'],
      "supabase-scale: --assume focus= takes a duration (1500ms, 30s, 5m, 1h); got 'soon'\n",
    ],
    [
      ['--assume', 'writes:posts=fast'],
      "supabase-scale: --assume writes:<table>= takes a rate (2/s, 30/min, 100/h); got 'writes:posts=fast'\n",
    ],
    [
      ['--plan', 'gold'],
      "supabase-scale: option '--plan <plan>' argument 'gold' is invalid. Allowed choices are free, pro, pro-no-cap, team, enterprise.\n",
    ],
  ])('%j: one line, exit 2', async (args, message) => {
    const root = temp({ 'src/watch.ts': CHANNEL });
    const run = await cli(root, 'capacity', ...args);
    expect(run.stderr).toBe(message);
    expect(run.status).toBe(2);
  });
});

describe('the numbers', () => {
  it('prints counts with separators and rates with the digits that matter', () => {
    expect([num(1000), num(66.6667), num(12.345), num(0.25), num(1 / 3), num(Infinity)]).toEqual([
      '1,000',
      '66.7',
      '12.3',
      '0.25',
      '0.333',
      '∞',
    ]);
    expect([duration(30_000), duration(300_000), duration(1500), duration(7_200_000), duration(250)]).toEqual([
      '30 s',
      '5 min',
      '1.5 s',
      '2 h',
      '250 ms',
    ]);
  });

  it('reads every kind of --assume value', () => {
    const assumed = parseAssumptions([
      './src/a.ts:12=30s',
      'src/b.tsx:4=25',
      'focus=5m',
      'reconnect=1h',
      'writes:posts=30/min',
    ]);
    expect([...assumed.periods]).toEqual([['src/a.ts:12', 30_000]]);
    expect([...assumed.counts]).toEqual([['src/b.tsx:4', 25]]);
    expect([assumed.focusMs, assumed.reconnectMs]).toEqual([300_000, 3_600_000]);
    expect([...assumed.writes]).toEqual([['posts', 0.5]]);
  });
});
