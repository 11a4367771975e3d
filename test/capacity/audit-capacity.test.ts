/**
 * `audit --capacity`: the capacity report as a section of the audit (pretty,
 * Markdown, and JSON under `capacity`), the same report `supabase-scale
 * capacity` gives, over the whole project whatever --shard narrows the lint
 * to; its flags need --capacity; --merge keeps the shards' report.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { capacityParses } from '../../src/capacity/analyze.js';
import type { CapacityReport } from '../../src/capacity/arithmetic.js';
import { clearProjectIndex } from '../../src/analysis/project/index.js';
import { dedent } from '../dedent.js';
import { cli, tempProjects } from '../cli/helpers.js';

const temp = tempProjects();

const FILES = {
  'src/supabase.ts':
    "import { createClient } from '@supabase/supabase-js';\nexport const supabase = createClient('u', 'k');\n",
  'src/poll.ts': dedent`
    import { supabase } from './supabase';
    export function start() {
      const timer = setInterval(async () => {
        await supabase.from('orders').select('*');
      }, 20_000);
      return () => clearInterval(timer);
    }
  `,
  'src/Live.tsx': dedent`
    import { useEffect } from 'react';
    import { supabase } from './supabase';
    export function Live() {
      useEffect(() => {
        const channel = supabase.channel('live').on('postgres_changes', { event: '*', schema: 'public', table: 'orders' }, () => {}).subscribe();
        return () => {
          void supabase.removeChannel(channel);
        };
      }, []);
      return null;
    }
  `,
};

const ARGS = ['--users', '3000', '--online', '20%', '--plan', 'free'];

describe('audit --capacity', () => {
  it('carries the capacity report under `capacity` in the JSON report, as the capacity command gives it', async () => {
    clearProjectIndex();
    const root = temp(FILES);
    const before = capacityParses().length;
    const audit = await cli(root, 'audit', '--capacity', ...ARGS, '--format', 'json');
    expect(audit.stderr).toBe('');
    // the files the lint parsed are not parsed again for the capacity report (here: every file with a site)
    expect(capacityParses().slice(before)).toEqual([]);
    const report = JSON.parse(audit.stdout) as {
      reportVersion: number;
      capacity: CapacityReport;
      results: { rule: string; file: string }[];
    };
    expect(report.reportVersion).toBe(6);
    // the audit's own findings are there as without --capacity
    expect(report.results.map((finding) => `${finding.rule} ${finding.file}`)).toEqual([
      'no-unbounded-realtime src/Live.tsx',
      'require-pagination src/poll.ts',
    ]);
    const alone = await cli(root, 'capacity', ...ARGS, '--format', 'json');
    expect(report.capacity).toEqual(JSON.parse(alone.stdout));
    expect(report.capacity.periodic.formula).toBe('periodic: 3 req/min per online user × 600 online ÷ 60 = 30 req/s');
    expect(report.capacity.bars.map((bar) => [bar.name, bar.used, bar.limit])).toEqual([
      ['concurrent connections', 600, 200],
      ['channels per client', 1, 100],
      ['Realtime messages/s', null, 100],
    ]);
  });

  it('parses for the capacity report only the files the lint did not, with the report the capacity command gives', async () => {
    clearProjectIndex();
    // a timer no rule gates in (it sends nothing itself): the lint does not parse it, the capacity scan does
    const root = temp({
      ...FILES,
      'src/tick.ts': dedent`
        import { start } from './poll';
        export function every() {
          const t = setInterval(() => start(), 60_000);
          return () => clearInterval(t);
        }
      `,
    });
    const before = capacityParses().length;
    const audit = await cli(root, 'audit', '--capacity', ...ARGS, '--format', 'json');
    const parsed = capacityParses().slice(before);
    expect(parsed.map((file) => path.relative(root, file).split(path.sep).join('/'))).toEqual(['src/tick.ts']);
    const alone = await cli(root, 'capacity', ...ARGS, '--format', 'json');
    expect((JSON.parse(audit.stdout) as { capacity: CapacityReport }).capacity).toEqual(JSON.parse(alone.stdout));
  });

  it('adds the section after the verdict in the pretty and Markdown reports, and nothing without --capacity', async () => {
    clearProjectIndex();
    const root = temp(FILES);
    const pretty = await cli(root, 'audit', '--capacity', ...ARGS, '--no-color');
    const verdictAt = pretty.stdout.indexOf('Sync verdict');
    const capacityAt = pretty.stdout.indexOf('\nCapacity at 3,000 users (600 online), plan Free\n');
    expect(verdictAt).toBeGreaterThan(0);
    expect(capacityAt).toBeGreaterThan(verdictAt);
    expect(pretty.stdout).toContain(
      '  [####################]  300%  concurrent connections: 600 / 200  OVER THE LIMIT\n',
    );
    const markdown = await cli(root, 'audit', '--capacity', ...ARGS, '--format', 'markdown');
    expect(markdown.stdout).toContain('\n## Capacity at 3,000 users (600 online), plan Free\n');
    expect(markdown.stdout).toContain('| src/poll.ts:3 | interval | every 20 s × 1 request = 3 req/min |');
    const plain = await cli(root, 'audit', '--format', 'json');
    expect(Object.keys(JSON.parse(plain.stdout) as object)).not.toContain('capacity');
    const sarif = await cli(root, 'audit', '--capacity', '--format', 'sarif');
    expect(sarif.stdout).not.toContain('Capacity at');
  });

  it('reads the whole project when --shard lints a part, and --merge keeps the report', async () => {
    clearProjectIndex();
    const root = temp(FILES);
    const out = mkdtempSync(path.join(tmpdir(), 'supabase-scale-shards-'));
    const shards: string[] = [];
    for (const shard of ['1/2', '2/2']) {
      const run = await cli(root, 'audit', '--capacity', ...ARGS, '--shard', shard, '--format', 'json');
      const file = path.join(out, `${shard.replace('/', '-')}.json`);
      writeFileSync(file, run.stdout);
      shards.push(file);
      const report = JSON.parse(run.stdout) as { capacity: CapacityReport };
      expect(report.capacity.periodic.perSecond).toBe(30);
      expect(report.capacity.realtime.channels.map((channel) => channel.file)).toEqual(['src/Live.tsx']);
    }
    const merged = await cli(root, 'audit', '--merge', ...shards, '--format', 'json');
    const report = JSON.parse(merged.stdout) as { capacity: CapacityReport };
    expect(report.capacity.periodic.perSecond).toBe(30);
    const again = await cli(root, 'audit', '--merge', ...shards, '--capacity');
    expect([again.status, again.stderr]).toEqual([
      2,
      'supabase-scale: --merge keeps the capacity report of its shard reports: it takes no --capacity\n',
    ]);
  });

  it('refuses the report flags without --capacity, and a bad value, before reading a file', async () => {
    const root = temp(FILES);
    const without = await cli(root, 'audit', '--users', '10', '--assume', 'focus=5m');
    expect([without.status, without.stderr]).toEqual([2, 'supabase-scale: --users, --assume are for --capacity\n']);
    const bad = await cli(root, 'audit', '--capacity', '--online', '150%');
    expect([bad.status, bad.stderr]).toEqual([
      2,
      "supabase-scale: --online must be a share of the users, 10% or 0.1 (above 0, at most 100%); got '150%'\n",
    ]);
    const assume = await cli(root, 'audit', '--capacity', '--assume', 'src/poll.ts=30s');
    expect(assume.status).toBe(2);
    expect(assume.stdout).toBe('');
  });
});
