/**
 * What the capacity report follows where the code says it: a polling
 * helper's period and callback handed in by its callers in other files, a
 * table named by a constant (of the module, of an object, imported), and a
 * channel an effect opens through calls into another module that drops it.
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

const POLLING = {
  'src/hooks/usePolling.ts': dedent`
    import { useEffect, useRef } from 'react';
    export function usePolling(load: () => Promise<unknown>, ms: number) {
      useEffect(() => {
        const id = setInterval(() => {
          void load();
        }, ms);
        return () => clearInterval(id);
      }, [load, ms]);
    }
    export function useTicker(callback: () => void, delay: number) {
      const saved = useRef(callback);
      useEffect(() => {
        saved.current = callback;
      }, [callback]);
      useEffect(() => {
        const id = setInterval(() => saved.current(), delay);
        return () => clearInterval(id);
      }, [delay]);
    }
  `,
  'src/Orders.tsx': dedent`
    import { supabase } from './supabase';
    import { usePolling, useTicker } from './hooks/usePolling';
    const EVERY = 15_000;
    async function loadOrders() {
      const { data } = await supabase.from('orders').select('id, total').limit(20);
      return data;
    }
    export function Orders({ every }: { every: number }) {
      usePolling(loadOrders, 30_000);
      usePolling(async () => supabase.from('alerts').select('id').limit(5), every);
      useTicker(() => void loadOrders(), EVERY);
      return null;
    }
  `,
};

describe("a timer's period and callback handed in by its callers", () => {
  it("makes one site per call site, with the caller's period and what its callback sends", async () => {
    const result = await report(POLLING);
    expect(result.periodic.lines.map((line) => [line.file, line.line, line.text, line.formula])).toEqual([
      [
        'src/hooks/usePolling.ts',
        4,
        'setInterval(() => { void load(); }, ms) via usePolling(loadOrders, 30_000) at src/Orders.tsx:9',
        'every 30 s × 1 request = 2 req/min',
      ],
      [
        'src/hooks/usePolling.ts',
        4,
        "setInterval(() => { void load(); }, ms) via usePolling(async () => supabase.from('alerts').select('id')… at src/Orders.tsx:10",
        'every ? × 1 request',
      ],
      [
        'src/hooks/usePolling.ts',
        16,
        'setInterval(() => saved.current(), delay) via useTicker(() => void loadOrders(), EVERY) at src/Orders.tsx:11',
        'every 15 s × 1 request = 4 req/min',
      ],
    ]);
    expect(result.periodic.lines.map((line) => line.requests.map((r) => `${r.table} ${r.file}:${r.line}`))).toEqual([
      ['orders src/Orders.tsx:5'],
      ['alerts src/Orders.tsx:10'],
      ['orders src/Orders.tsx:5'],
    ]);
    expect(result.periodic.lines[1]!.unknown).toBe(
      'period unknown: `every` is a parameter of Orders (--assume src/Orders.tsx:10=30s)',
    );
    const assumed = await report(POLLING, '--assume', 'src/Orders.tsx:10=1m');
    expect(assumed.periodic.lines[1]!.formula).toBe('every 1 min (assumed) × 1 request = 1 req/min');
    expect(assumed.periodic.perMinute).toBe(7);
  });

  it('leaves the timer as it is, unknown, when no call of its function is found', async () => {
    const result = await report({ 'src/hooks/usePolling.ts': POLLING['src/hooks/usePolling.ts'] });
    expect(result.periodic.lines.map((line) => [line.line, line.unknown, line.unresolved])).toEqual([
      [4, 'period unknown: `ms` is a parameter of usePolling (--assume src/hooks/usePolling.ts:4=30s)', ['load()']],
    ]);
    // the ref's callback is no call the analysis can follow, nor one that may send a request
    expect(result.periodic.quiet).toEqual([{ file: 'src/hooks/usePolling.ts', line: 16 }]);
  });
});

describe('tables named by constants', () => {
  it('reads a constant of the module, a member of a constant object or an enum, and an imported one', async () => {
    const result = await report({
      'src/tables.ts': dedent`
        export const ORDERS = 'orders';
        export const TABLES = { items: 'order_items' } as const;
        export enum Tables {
          Invoices = 'invoices',
        }
      `,
      'src/poll.ts': dedent`
        import { supabase } from './supabase';
        import { ORDERS, TABLES, Tables } from './tables';
        const SHOPS = 'shops';
        enum Local {
          Notes = 'notes',
        }
        let table = 'a';
        export function start(name: string) {
          table = name;
          const id = setInterval(async () => {
            await supabase.from(ORDERS).select('id').limit(5);
            await supabase.from(TABLES.items).select('id').limit(5);
            await supabase.from(SHOPS).select('id').limit(5);
            await supabase.from(Tables.Invoices).select('id').limit(5);
            await supabase.from(Local.Notes).select('id').limit(5);
            await supabase.from(table).select('id').limit(5);
            await supabase.from(name).select('id').limit(5);
          }, 60_000);
          return () => clearInterval(id);
        }
        export function live() {
          return supabase.channel('o').on('postgres_changes', { event: '*', schema: 'public', table: ORDERS }, () => {}).subscribe();
        }
        export function all() {
          return supabase.channel('all').on('postgres_changes', { event: '*', schema: 'public', table: '*' }, () => {}).subscribe();
        }
      `,
    });
    expect(result.periodic.lines[0]!.requests.map((request) => request.table)).toEqual([
      'orders',
      'order_items',
      'shops',
      'invoices',
      'notes',
      null,
      null,
    ]);
    expect(result.realtime.fanout.map((line) => line.table)).toEqual(['orders', '(every table of the schema)']);
  });

  it('reads them in the function facts of another module too', async () => {
    const result = await report({
      'src/data.ts': dedent`
        import { supabase } from './supabase';
        const TABLE = 'invoices';
        export async function loadInvoices() {
          const { data } = await supabase.from(TABLE).select('*');
          return data;
        }
      `,
      'src/poll.ts': dedent`
        import { loadInvoices } from './data';
        export const stop = (() => {
          const id = setInterval(() => void loadInvoices(), 10_000);
          return () => clearInterval(id);
        })();
      `,
    });
    expect(result.periodic.lines[0]!.requests.map((request) => [request.table, request.read, request.path])).toEqual([
      ['invoices', 'full', ['loadInvoices']],
    ]);
  });
});

describe('a channel opened through calls into another module', () => {
  const files = {
    'src/lib/orders.ts': dedent`
      import { supabase } from '../supabase';
      export function subscribeToOrders(shop: string) {
        supabase
          .channel('orders:' + shop)
          .on('postgres_changes', { event: '*', schema: 'public', table: 'orders' }, () => {})
          .subscribe();
      }
    `,
    'src/Shop.tsx': dedent`
      import { useEffect } from 'react';
      import { subscribeToOrders } from './lib/orders';
      export function Shop({ id }: { id: string }) {
        useEffect(() => {
          subscribeToOrders(id);
        }, [id]);
        return null;
      }
    `,
  };

  it('counts it at the effect, leaking, with the listeners where it is subscribed, once', async () => {
    const result = await report(files);
    expect(
      result.realtime.channels.map((channel) => [
        channel.file,
        channel.line,
        channel.owner,
        channel.fate,
        channel.formula,
        channel.listeners.map((listener) => `${listener.kind} ${listener.table} ${listener.filtered}`),
      ]),
    ).toEqual([
      [
        'src/Shop.tsx',
        5,
        'Shop',
        'leaks-on-rerun',
        '1 channel, +1 each time its effect runs again (never removed); opened through subscribeToOrders() (lib/orders.ts:3)',
        ['postgres_changes orders no'],
      ],
    ]);
    expect(result.realtime.fanout.map((line) => [line.table, line.listeners])).toEqual([['orders', 1]]);
  });

  it('keeps the channel where it is subscribed when another caller keeps it open', async () => {
    const result = await report({
      ...files,
      'src/boot.ts':
        "import { subscribeToOrders } from './lib/orders';\nexport function boot() {\n  subscribeToOrders('main');\n}\n",
    });
    expect(result.realtime.channels.map((channel) => [channel.file, channel.fate])).toEqual([
      ['src/Shop.tsx', 'leaks-on-rerun'],
      ['src/lib/orders.ts', 'not-judged'],
    ]);
  });
});

describe('a function of the project the run waits for, with no request the facts can see', () => {
  it('is named as not followed when async (it may send through a call the facts cannot follow); a plain helper is not', async () => {
    const result = await report({
      'src/repo.ts': dedent`
        import { supabase } from './supabase';
        class Repo {
          async list() {
            return supabase.from('contacts').select('*').range(0, 9);
          }
        }
        export const Factory = { get: () => new Repo() };
      `,
      'src/fetchData.ts': dedent`
        import { Factory } from './repo';
        export async function fetchData() {
          return Factory.get().list();
        }
        export function label(n: number) {
          return String(n);
        }
      `,
      'src/List.tsx': dedent`
        import { useQuery } from '@tanstack/react-query';
        import { fetchData, label } from './fetchData';
        export function List() {
          const query = useQuery({ queryKey: ['c'], queryFn: () => fetchData(), refetchInterval: 20_000, refetchOnWindowFocus: false, refetchOnReconnect: false });
          setInterval(() => label(1), 1000);
          return query.data ? null : null;
        }
      `,
    });
    expect(result.periodic.lines.map((line) => [line.line, line.unresolved, line.formula])).toEqual([
      [4, ['fetchData()'], 'every 20 s × 0 requests = 0 req/min'],
    ]);
    expect(result.periodic.atLeast).toBe(true);
    expect(result.periodic.quiet).toEqual([{ file: 'src/List.tsx', line: 5 }]);
  });
});
