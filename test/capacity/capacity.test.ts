/**
 * `supabase-scale capacity`: the periodic sites, channels and arithmetic it
 * finds in small projects written here, through the CLI's JSON report, and
 * the pretty and Markdown reports' arithmetic lines.
 */
import { describe, expect, it } from 'vitest';
import type { CapacityReport } from '../../src/capacity/arithmetic.js';
import { clearProjectIndex } from '../../src/analysis/project/index.js';
import { dedent } from '../dedent.js';
import { cli, tempProjects } from '../cli/helpers.js';

const temp = tempProjects();

const CLIENT =
  "import { createClient } from '@supabase/supabase-js';\nexport const supabase = createClient('u', 'k');\n";

async function report(files: Record<string, string>, ...args: string[]): Promise<CapacityReport> {
  clearProjectIndex();
  const root = temp({ 'src/supabase.ts': CLIENT, ...files });
  const run = await cli(root, 'capacity', '--format', 'json', ...args);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as CapacityReport;
}

const REFRESH = {
  'src/data/orders.ts': dedent`
    import { supabase } from '../supabase';
    export async function loadOrders() {
      const { data } = await supabase.from('orders').select('*').order('id').limit(50);
      const { count } = await supabase.from('orders').select('id', { count: 'exact', head: true });
      return { data, count };
    }
    export async function loadProfile(id: string) {
      const { data } = await supabase.from('profiles').select('*').eq('id', id).single();
      return data;
    }
  `,
  'src/poll.ts': dedent`
    import { loadOrders, loadProfile } from './data/orders';
    async function refresh() {
      await loadOrders();
      await loadProfile('me');
    }
    export function start() {
      const timer = setInterval(() => refresh(), 30_000);
      return () => clearInterval(timer);
    }
  `,
};

describe('periodic requests', () => {
  it('follows a timer through a helper to two functions in another file that send 3 requests', async () => {
    const result = await report(REFRESH, '--users', '10000', '--online', '10%');
    expect(result.periodic.lines.map((line) => [line.file, line.line, line.kind, line.perMinute])).toEqual([
      ['src/poll.ts', 7, 'interval', 6],
    ]);
    const [line] = result.periodic.lines;
    expect(
      line!.requests.map(
        (request) => `${request.method} ${request.table} ${request.file}:${request.line} ${request.path.join('>')}`,
      ),
    ).toEqual([
      'select orders src/data/orders.ts:3 refresh>loadOrders',
      'select orders src/data/orders.ts:4 refresh>loadOrders',
      'select profiles src/data/orders.ts:8 refresh>loadProfile',
    ]);
    expect(line!.formula).toBe('every 30 s × 3 requests = 6 req/min');
    expect(result.periodic.formula).toBe('periodic: 6 req/min per online user × 1,000 online ÷ 60 = 100 req/s');
    expect(result.periodic.perSecond).toBe(100);
  });

  it('counts a setTimeout that schedules its own function again as a polling loop', async () => {
    const result = await report({
      'src/loop.ts': dedent`
        import { supabase } from './supabase';
        export function startPolling() {
          const poll = async () => {
            await supabase.from('jobs').select('id, state').eq('owner', 'me').limit(20);
            setTimeout(poll, 5000);
          };
          void poll();
        }
        export function once() {
          setTimeout(() => supabase.from('jobs').select('id').limit(1), 1000);
        }
      `,
    });
    expect(result.periodic.lines.map((line) => [line.line, line.kind, line.formula])).toEqual([
      [5, 'timeout-loop', 'every 5 s × 1 request = 12 req/min'],
    ]);
  });

  it('shows a period from a parameter as unknown, with the site, and takes it from --assume', async () => {
    const files = {
      'src/usePolling.ts': dedent`
        import { useEffect } from 'react';
        import { supabase } from './supabase';
        export function usePolling(ms: number) {
          useEffect(() => {
            const id = setInterval(async () => {
              await supabase.from('alerts').select('*').eq('seen', false).limit(10);
            }, ms);
            return () => clearInterval(id);
          }, [ms]);
        }
      `,
    };
    const unknown = await report(files);
    const [line] = unknown.periodic.lines;
    expect(line!.perMinute).toBeNull();
    expect(line!.unknown).toBe('period unknown: `ms` is a parameter of usePolling (--assume src/usePolling.ts:5=30s)');
    expect(unknown.periodic.perMinute).toBe(0);
    expect(unknown.periodic.atLeast).toBe(true);
    expect(unknown.unknowns).toContain(
      'src/usePolling.ts:5: period unknown: `ms` is a parameter of usePolling (--assume src/usePolling.ts:5=30s)',
    );
    const assumed = await report(files, '--assume', 'src/usePolling.ts:5=15s');
    expect(assumed.periodic.lines[0]!.formula).toBe('every 15 s (assumed) × 1 request = 4 req/min');
    expect(assumed.periodic.atLeast).toBe(false);
    expect(assumed.assumptions).toContain('src/usePolling.ts:5: every 15 s (--assume)');
  });

  it('names a call it cannot follow, and says the rate is a floor', async () => {
    const result = await report({
      'src/Ticker.tsx': dedent`
        import { useEffect } from 'react';
        import { supabase } from './supabase';
        export function Ticker({ onTick }: { onTick: () => void }) {
          useEffect(() => {
            const id = setInterval(async () => {
              onTick();
              await supabase.from('ticks').insert({ at: Date.now() });
              // a builder never awaited is never sent
              void supabase.from('ticks').insert({ at: 0 });
            }, 60_000);
            return () => clearInterval(id);
          }, [onTick]);
          return null;
        }
      `,
    });
    const [line] = result.periodic.lines;
    expect(line!.unresolved).toEqual(['onTick()']);
    expect(line!.requests.map((request) => [request.method, request.read])).toEqual([['insert', 'other']]);
    expect(result.periodic.formula).toBe(
      'periodic: at least 1 req/min per online user × 100 online ÷ 60 = at least 1.67 req/s',
    );
  });
});

describe('React Query and SWR options', () => {
  const QUERIES = {
    'src/Feed.tsx': dedent`
      import { useQuery } from '@tanstack/react-query';
      import useSWR from 'swr';
      import { supabase } from './supabase';
      const loadFeed = async () => (await supabase.from('posts').select('*').limit(20)).data;
      export function Feed() {
        const polled = useQuery({ queryKey: ['feed'], queryFn: loadFeed, refetchInterval: 10_000, refetchOnWindowFocus: false, refetchOnReconnect: false });
        const fresh = useQuery({ queryKey: ['me'], queryFn: () => supabase.from('profiles').select('*').eq('id', 'me').single(), staleTime: 60_000, refetchOnWindowFocus: true, refetchOnReconnect: false });
        const swr = useSWR('stats', () => supabase.rpc('stats'), { refreshInterval: 5 * 60 * 1000, revalidateOnFocus: false, revalidateOnReconnect: false });
        return null;
      }
    `,
  };

  it('reads refetchInterval and refreshInterval as periods', async () => {
    const result = await report(QUERIES);
    expect(result.periodic.lines.map((line) => [line.line, line.kind, line.formula])).toEqual([
      [6, 'refetch-interval', 'every 10 s × 1 request = 6 req/min'],
      [8, 'refresh-interval', 'every 5 min × 1 request = 0.2 req/min'],
    ]);
  });

  it('refetches on focus at most once per staleTime, at the focus rate assumed', async () => {
    const unknown = await report(QUERIES);
    expect(unknown.events.lines.map((line) => [line.line, line.kind, line.formula, line.unknown])).toEqual([
      [
        7,
        'focus',
        'per focus: 1 request, at most once per 1 min',
        'how often a user comes back to the page is not in the code (--assume focus=5m)',
      ],
    ]);
    const often = await report(QUERIES, '--assume', 'focus=30s');
    expect(often.events.lines[0]!.formula).toBe(
      'every 1 min (staleTime 1 min > focus every 30 s) × 1 request = 1 req/min',
    );
    const rarely = await report(QUERIES, '--assume', 'focus=5m');
    expect(rarely.events.lines[0]!.formula).toBe('every 5 min (focus every 5 min (assumed)) × 1 request = 0.2 req/min');
  });

  it("applies the QueryClient's defaults, then the library's (focus refetch on, staleTime 0)", async () => {
    const hook = dedent`
      import { useQuery } from '@tanstack/react-query';
      import { supabase } from './supabase';
      export const useRooms = () => useQuery({ queryKey: ['rooms'], queryFn: async () => (await supabase.from('rooms').select('*')).data });
    `;
    const library = await report({ 'src/useRooms.ts': hook });
    expect(library.events.lines.map((line) => [line.kind, line.formula])).toEqual([
      ['focus', 'per focus: 1 request'],
      ['reconnect', 'per reconnect: 1 request'],
    ]);
    expect(library.events.lines[0]!.requests.map((request) => request.read)).toEqual(['full']);
    const client = await report({
      'src/useRooms.ts': hook,
      'src/client.ts': dedent`
        import { QueryClient } from '@tanstack/react-query';
        export const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, refetchInterval: 120_000 } } });
      `,
    });
    expect(client.events.lines.map((line) => line.kind)).toEqual(['reconnect']);
    expect(client.periodic.lines.map((line) => line.formula)).toEqual(['every 2 min × 1 request = 0.5 req/min']);
  });

  it('follows a refetch() of a query called by a timer to the query function', async () => {
    const result = await report({
      'src/Orders.tsx': dedent`
        import { useEffect } from 'react';
        import { useQuery } from '@tanstack/react-query';
        import { supabase } from './supabase';
        export function Orders() {
          const { refetch } = useQuery({ queryKey: ['o'], queryFn: () => supabase.from('orders').select('*').limit(5), refetchOnWindowFocus: false, refetchOnReconnect: false });
          useEffect(() => {
            const id = setInterval(() => refetch(), 20_000);
            return () => clearInterval(id);
          }, [refetch]);
          return null;
        }
      `,
    });
    expect(result.periodic.lines.map((line) => [line.line, line.formula])).toEqual([
      [7, 'every 20 s × 1 request = 3 req/min'],
    ]);
  });
});

describe('Realtime', () => {
  const ROWS = {
    'src/RoomRow.tsx': dedent`
      import { useEffect } from 'react';
      import { supabase } from './supabase';
      export function RoomRow({ id }: { id: string }) {
        useEffect(() => {
          const channel = supabase
            .channel('room:' + id)
            .on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: 'room_id=eq.' + id }, () => {})
            .subscribe();
          return () => {
            void supabase.removeChannel(channel);
          };
        }, [id]);
        return <li>{id}</li>;
      }
    `,
    'src/Inbox.tsx': dedent`
      import { RoomRow } from './RoomRow';
      import { useFeed } from './useFeed';
      export function Inbox({ rooms }: { rooms: string[] }) {
        useFeed();
        return <ul>{rooms.map((id) => <RoomRow key={id} id={id} />)}</ul>;
      }
    `,
    'src/useFeed.ts': dedent`
      import { useEffect } from 'react';
      import { supabase } from './supabase';
      export function useFeed() {
        useEffect(() => {
          const channel = supabase.channel('feed').on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'posts' }, () => {}).subscribe();
          return () => {
            void supabase.removeChannel(channel);
          };
        }, []);
      }
    `,
  };

  it('multiplies the channel of a component rendered once per row of a list', async () => {
    const unknown = await report(ROWS);
    const row = unknown.realtime.channels.find((channel) => channel.file === 'src/RoomRow.tsx')!;
    expect(row.perRow).toEqual({ renderedAt: { file: 'src/Inbox.tsx', line: 5 }, component: 'RoomRow', rows: null });
    expect(row.fate).toBe('removed');
    expect(row.formula).toBe('1 channel × rows of <RoomRow> (unknown, counted as 1: --assume src/Inbox.tsx:5=N)');
    expect(unknown.realtime.peakAtLeast).toBe(true);
    const assumed = await report(ROWS, '--assume', 'src/Inbox.tsx:5=150', '--users', '2000');
    expect(assumed.realtime.peakChannels).toBe(151);
    expect(assumed.realtime.peakFormula).toBe(
      'every screen open at once: 150 + 1 = 151 channels per client, against 100 per connection',
    );
    expect(assumed.bars.map((bar) => [bar.name, bar.used, bar.limit])).toEqual([
      ['concurrent connections', 200, 500],
      ['channels per client', 151, 100],
      ['Realtime messages/s', null, 500],
    ]);
  });

  it('finds a row render under a default import of any name, and parses no list file that names no site', async () => {
    const result = await report({
      'src/RoomRow.tsx': ROWS['src/RoomRow.tsx'].replace('export function RoomRow', 'export default function RoomRow'),
      'src/Rooms.tsx': dedent`
        import Row from './RoomRow';
        export function Rooms({ ids }: { ids: string[] }) {
          return <ul>{ids.map((id) => <Row key={id} id={id} />)}</ul>;
        }
      `,
      // a list that renders none of the sites' components: never parsed (its syntax error is not reported)
      'src/Other.tsx':
        'export const Other = ({ xs }: { xs: string[] }) => <ul>{xs.map((x) => <li>{x}</li>)}</ul>;;; <\n',
    });
    const row = result.realtime.channels.find((channel) => channel.file === 'src/RoomRow.tsx')!;
    expect(row.perRow).toEqual({ renderedAt: { file: 'src/Rooms.tsx', line: 3 }, component: 'Row', rows: null });
    expect(result.unknowns).toEqual([]);
  });

  it('gives the Postgres Changes fan-out of an unfiltered listener, and the messages at an assumed write rate', async () => {
    const result = await report(ROWS, '--users', '5000', '--assume', 'writes:posts=0.5/s', '--plan', 'free');
    expect(result.realtime.fanout.map((line) => line.formula)).toEqual([
      'each write to posts → 1 unfiltered listener × 500 online = 500 messages; 100 messages/s ÷ 500 = 0.2 writes/s to posts use up the plan; at 0.5 writes/s (assumed): 0.5 × 500 = 250 messages/s',
    ]);
    expect(result.bars.find((bar) => bar.name === 'Realtime messages/s')).toMatchObject({
      used: 250,
      limit: 100,
      share: 2.5,
    });
    expect(result.realtime.filteredListeners).toEqual([{ file: 'src/RoomRow.tsx', line: 7 }]);
  });

  it('counts channels opened per loop item, and a channel never removed as growing', async () => {
    const files = {
      'src/Badges.tsx': dedent`
        import { useEffect } from 'react';
        import { supabase } from './supabase';
        export function Badges({ ids }: { ids: string[] }) {
          useEffect(() => {
            ids.forEach((id) => {
              supabase.channel('badge:' + id).on('broadcast', { event: 'count' }, () => {}).subscribe();
            });
          }, [ids]);
          return null;
        }
        export function Live() {
          useEffect(() => {
            supabase.channel('live').on('presence', { event: 'sync' }, () => {}).subscribe();
          }, []);
          return null;
        }
      `,
    };
    const unknown = await report(files);
    expect(
      unknown.realtime.channels.map((channel) => [channel.line, channel.fate, channel.channels, channel.formula]),
    ).toEqual([
      [6, 'per-item', null, '1 channel per item (items unknown: --assume src/Badges.tsx:6=N)'],
      [13, 'leaks-on-rerun', 1, '1 channel, +1 each time its effect runs again (never removed)'],
    ]);
    const assumed = await report(files, '--assume', 'src/Badges.tsx:6=40');
    expect(assumed.realtime.channels[0]!.formula).toBe('40 items × 1 channel = 40 channels');
    expect(assumed.realtime.peakChannels).toBe(41);
  });
});

describe('the reports', () => {
  it('prints each limit as a bar with the arithmetic under it, and the assumptions', async () => {
    clearProjectIndex();
    const root = temp({ 'src/supabase.ts': CLIENT, ...REFRESH });
    const run = await cli(root, 'capacity', '--users', '10000', '--no-color');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Capacity at 10,000 users (1,000 online), plan Pro\n');
    expect(run.stdout).toContain('    every 30 s × 3 requests = 6 req/min\n');
    expect(run.stdout).toContain('  => periodic: 6 req/min per online user × 1,000 online ÷ 60 = 100 req/s\n');
    expect(run.stdout).toContain('  - 10,000 users, 10% online at once = 1,000 online\n');
    const markdown = await cli(root, 'capacity', '--users', '10000', '--format', 'markdown');
    expect(markdown.stdout).toContain(
      '| src/poll.ts:7 | interval | every 30 s × 3 requests = 6 req/min | select orders (page) src/data/orders.ts:3; select orders (other) src/data/orders.ts:4; select profiles (other) src/data/orders.ts:8 |',
    );
  });
});

describe('polls that stop themselves, retries, channels subscribed again', () => {
  it('shows a poll that clears its own interval after N attempts with its rate, out of the steady total', async () => {
    const result = await report({
      'src/payment.ts': dedent`
        import { supabase } from './supabase';
        export let status: string | null = null;
        export function waitForPayment(id: string) {
          let attempts = 0;
          const timer = setInterval(async () => {
            attempts += 1;
            if (attempts > 20) clearInterval(timer);
            const { data } = await supabase.from('payments').select('status').eq('id', id).single();
            status = data?.status ?? null;
          }, 3000);
        }
        export function heartbeat() {
          setInterval(() => supabase.from('presence').upsert({ id: 'me' }), 60_000);
        }
      `,
    });
    expect(result.periodic.lines.map((line) => [line.line, line.perMinute, line.formula, line.transient])).toEqual([
      [
        5,
        null,
        'every 3 s × 1 request = 20 req/min while it runs; left out of the total: its callback clears the interval (a poll until a condition holds)',
        'its callback clears the interval (a poll until a condition holds)',
      ],
      [13, 1, 'every 1 min × 1 request = 1 req/min', undefined],
    ]);
    expect(result.periodic.formula).toBe('periodic: 1 req/min per online user × 100 online ÷ 60 = 1.67 req/s');
    expect(result.periodic.atLeast).toBe(false);
  });

  it('reads a named callback that clears its interval as a poll that stops, and leaves scripts out', async () => {
    const result = await report({
      'src/status.ts': dedent`
        import { supabase } from './supabase';
        let timer: ReturnType<typeof setInterval> | undefined;
        const check = async () => {
          const { data } = await supabase.from('transfers').select('state').eq('id', 'x').single();
          if (data?.state === 'done') clearInterval(timer);
        };
        export function watch() {
          timer = setInterval(check, 1000);
        }
      `,
      // a monitor run with node is no user's load
      'scripts/monitor.js': dedent`
        import { supabase } from '../src/supabase';
        setInterval(() => supabase.from('users').select('id').limit(1), 5000);
      `,
    });
    expect(result.periodic.lines.map((line) => [line.file, line.line, line.perMinute, line.transient])).toEqual([
      ['src/status.ts', 8, null, 'its callback clears the interval (a poll until a condition holds)'],
    ]);
  });

  it('follows the callback through useCallback and a helper to its clearInterval; a promise settled sends nothing', async () => {
    const result = await report({
      'src/useEmailStatus.ts': dedent`
        import { useCallback, useEffect, useRef } from 'react';
        import { supabase } from './supabase';
        export function useEmailStatus() {
          const timer = useRef<ReturnType<typeof setInterval> | null>(null);
          const stop = useCallback(() => {
            if (timer.current) clearInterval(timer.current);
          }, []);
          const check = useCallback(async () => {
            const { data } = await supabase.from('email_changes').select('done').eq('id', 'me').single();
            if (data?.done) stop();
          }, [stop]);
          useEffect(() => {
            timer.current = setInterval(check, 3000);
            const other = setInterval(() => {
              void check();
            }, 5000);
            return () => {
              stop();
              clearInterval(other);
            };
          }, [check, stop]);
        }
        export function wait(ms: number) {
          return new Promise<void>((resolve) => {
            const tick = () => {
              if (Date.now() > ms) resolve();
              else setTimeout(tick, 100);
            };
            tick();
          });
        }
      `,
    });
    expect(result.periodic.lines.map((line) => [line.line, line.formula, line.unresolved])).toEqual([
      [
        13,
        'every 3 s × 1 request = 20 req/min while it runs; left out of the total: its callback clears the interval (a poll until a condition holds)',
        [],
      ],
      [
        14,
        'every 5 s × 1 request = 12 req/min while it runs; left out of the total: its callback clears the interval (a poll until a condition holds)',
        [],
      ],
    ]);
    expect(result.periodic.quiet).toEqual([{ file: 'src/useEmailStatus.ts', line: 27 }]);
  });

  it('shows a polling loop that returns before scheduling itself again as transient', async () => {
    const result = await report({
      'src/job.ts': dedent`
        import { supabase } from './supabase';
        export function waitForJob(id: string, done: (state: string) => void) {
          const poll = async () => {
            const { data } = await supabase.from('jobs').select('state').eq('id', id).single();
            if (data?.state === 'done') {
              done(data.state);
              return;
            }
            setTimeout(poll, 5000);
          };
          void poll();
        }
      `,
    });
    expect(result.periodic.lines.map((line) => [line.line, line.kind, line.perMinute, line.transient])).toEqual([
      [9, 'timeout-loop', null, 'it schedules itself again only on a condition (a poll until it holds)'],
    ]);
    expect(result.periodic.perSecond).toBe(0);
  });

  it('counts no retry as a poll: a call again from a catch, or with a count down', async () => {
    const result = await report({
      'src/retry.ts': dedent`
        import { supabase } from './supabase';
        export async function load(attempt = 0): Promise<unknown> {
          try {
            const { data, error } = await supabase.from('orders').select('id').limit(10);
            if (error) throw error;
            return data;
          } catch {
            setTimeout(() => void load(attempt + 1), 1000 * 2 ** attempt);
            return null;
          }
        }
        export function retry(times: number): void {
          void supabase.from('events').insert({ at: Date.now() }).then(({ error }) => {
            if (error) setTimeout(() => retry(times - 1), 500);
          });
        }
      `,
    });
    expect(result.periodic.lines).toEqual([]);
    expect(result.periodic.quiet).toEqual([]);
  });

  it('counts a channel subscribed again on reconnect once', async () => {
    const result = await report({
      'src/live.ts': dedent`
        import { supabase } from './supabase';
        const channel = supabase
          .channel('orders')
          .on('postgres_changes', { event: '*', schema: 'public', table: 'orders', filter: 'shop_id=eq.1' }, () => {});
        channel.subscribe();
        window.addEventListener('online', () => {
          channel.subscribe();
        });
      `,
    });
    expect(result.realtime.channels.map((channel) => [channel.line, channel.fate, channel.channels])).toEqual([
      [5, 'not-judged', 1],
    ]);
    expect(result.realtime.peakChannels).toBe(1);
  });
});
