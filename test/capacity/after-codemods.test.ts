/**
 * The before/after column (`--after-codemods`): the numbers come from the
 * capacity analysis run again on what `codemod all` would write, so a site a
 * codemod leaves keeps its before number; and reads a paginating helper sends
 * are counted once per page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CapacityReport } from '../../src/capacity/arithmetic.js';
import { clearProjectIndex } from '../../src/analysis/project/index.js';
import { dedent } from '../dedent.js';
import { cli, tablesKeyedById, tempProjects } from '../cli/helpers.js';

const temp = tempProjects();

const CLIENT =
  "import { createClient } from '@supabase/supabase-js';\nexport const supabase = createClient('u', 'k');\n";

const APP = {
  'src/supabase.ts': CLIENT,
  ...tablesKeyedById('rooms', 'notes'),
  'src/sync.ts': dedent`
    import { supabase } from './supabase';
    export class NoteSync {
      private since = '1970-01-01';
      async fullSync() {
        const { data } = await supabase.from('notes').select('*');
        return data;
      }
      async deltaSync() {
        const { data } = await supabase.from('notes').select('*').gt('updated_at', this.since).order('updated_at', { ascending: true }).limit(100);
        if (data && data.length > 0) this.since = data[data.length - 1].updated_at;
        return data;
      }
    }
    const sync = new NoteSync();
    export function start() {
      const timer = setInterval(() => sync.fullSync(), 60_000);
      return () => clearInterval(timer);
    }
  `,
  'src/rooms.ts': dedent`
    import { supabase } from './supabase';
    export let rooms: unknown[] | null = null;
    export function pollRooms() {
      // ordered by a column that is not the cursor: paginate-selects leaves it
      const slow = setInterval(async () => {
        const { data } = await supabase.from('rooms').select('id, name').order('name');
        rooms = data;
      }, 30_000);
      const fast = setInterval(async () => {
        const { data } = await supabase.from('rooms').select('id, name');
        rooms = data;
      }, 10_000);
      return () => {
        clearInterval(slow);
        clearInterval(fast);
      };
    }
  `,
  'src/Room.tsx': dedent`
    import { useEffect } from 'react';
    import { supabase } from './supabase';
    export function Room({ id }: { id: string }) {
      useEffect(() => {
        const channel = supabase.channel('room:' + id).on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: 'id=eq.' + id }, () => {}).subscribe();
      }, [id]);
      return null;
    }
  `,
};

async function capacity(root: string, ...args: string[]): Promise<CapacityReport> {
  clearProjectIndex();
  const run = await cli(root, 'capacity', '--format', 'json', ...args);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as CapacityReport;
}

describe('--after-codemods', () => {
  it("re-runs the analysis on codemod all's rewrites: what it rewrites changes, what it leaves stays", async () => {
    const root = temp(APP);
    const before = Object.fromEntries(
      Object.keys(APP).map((file) => [file, readFileSync(path.join(root, file), 'utf8')]),
    );
    const report = await capacity(root, '--after-codemods');
    const rows = Object.fromEntries(report.after!.rows.map((row) => [row.metric, [row.before, row.after]]));
    // before: fullSync every minute (1 full read), rooms every 30 s (2, full: no bound) and every 10 s (6, full)
    // after: deltaSync every minute (1 delta read), rooms every 30 s still full (left), every 10 s paged (1 a page at least)
    expect(rows).toEqual({
      'periodic requests/s': [15, 15],
      'focus and reconnect requests/s': [0, 0],
      'full reads per online user per minute': [9, 2],
      'paged reads per online user per minute': [0, 6],
      'delta reads per online user per minute': [0, 1],
      'unbounded share of requests (%)': [100, (2 / 9) * 100],
      'full syncs on a schedule': [3, 1],
      'delta syncs on a schedule': [0, 1],
      'channels left leaking': [1, 0],
      'channels opened per item': [0, 0],
      'channels per client': [1, 1],
      'tables fanned out to every subscriber': [0, 0],
    });
    expect(report.after!.rows.find((row) => row.metric === 'periodic requests/s')).toMatchObject({
      beforeAtLeast: false,
      afterAtLeast: true,
    });
    expect(report.after!.codemods).toEqual({
      changed: 3,
      rewritten: { 'full-sync-to-delta-sync': 1, 'paginate-selects': 2, 'realtime-cleanup': 1 },
      left: { 'paginate-selects': 1 },
      failed: 0,
      refusedByTypecheck: 0,
    });
    expect(report.after!.method).toBe(
      'codemod all run in memory as --dry-run runs it (type check included), and the capacity analysis run again on the rewritten files',
    );
    // the before report is the plain one, and nothing was written
    expect({ ...report, after: undefined }).toEqual({ ...(await capacity(root)), after: undefined });
    for (const [file, text] of Object.entries(before)) expect(readFileSync(path.join(root, file), 'utf8')).toBe(text);
    const pretty = await cli(root, 'capacity', '--after-codemods', '--no-color');
    expect(pretty.stdout).toContain(
      '  codemod all would rewrite 3 files (sites: full-sync-to-delta-sync 1, paginate-selects 2, realtime-cleanup 1); 1 site left for manual work (paginate-selects 1), 0 of them for a type error; 0 files it could not rewrite\n',
    );
    expect(pretty.stdout).toMatch(/\n {2}unbounded share of requests \(%\) +100 +22\.2\n/);
  });

  it("links the project's node_modules into its copy and leaves them whole when the copy is removed", async () => {
    const root = temp({
      'src/supabase.ts': CLIENT,
      'src/poll.ts':
        "import { supabase } from './supabase';\nsetInterval(() => supabase.from('a').select('id').limit(1), 60_000);\n",
      'node_modules/some-package/index.js': 'export const kept = true;\n',
    });
    const report = await capacity(root, '--after-codemods');
    expect(report.after!.rows[0]).toMatchObject({ metric: 'periodic requests/s', before: 100 / 60, after: 100 / 60 });
    expect(readFileSync(path.join(root, 'node_modules/some-package/index.js'), 'utf8')).toBe(
      'export const kept = true;\n',
    );
  });

  it('moves an --assume on a line the rewrite shifts', async () => {
    const root = temp(APP);
    // the pages of the rooms read the codemod pages: on line 4 after the import it adds, assumed on the line as written
    const report = await capacity(root, '--after-codemods', '--assume', 'src/rooms.ts:10=3');
    const paged = report.after!.rows.find((row) => row.metric === 'paged reads per online user per minute')!;
    expect([paged.before, paged.after]).toEqual([0, 18]);
  });
});

describe('reads a paginating helper sends', () => {
  it('counts each read of selectAllPages once per page, inline and through another module, pages assumed', async () => {
    const files = {
      'src/supabase.ts': CLIENT,
      'src/data.ts': dedent`
        import { supabase } from './supabase';
        import { selectAllPages } from './lib/supabase-pagination';
        export async function allNotes() {
          return selectAllPages(() => supabase.from('notes').select('*'), { cursor: 'id', pageSize: 500 });
        }
      `,
      'src/poll.ts': dedent`
        import { supabase } from './supabase';
        import { selectAllPages } from './lib/supabase-pagination';
        import { allNotes } from './data';
        export function start() {
          const timer = setInterval(async () => {
            await allNotes();
            await selectAllPages(() => supabase.from('rooms').select('id'), { cursor: 'id', pageSize: 1000 });
          }, 60_000);
          return () => clearInterval(timer);
        }
      `,
      'src/lib/supabase-pagination.ts':
        'export async function selectAllPages(query: () => unknown, options: unknown) { return { data: [query, options], error: null }; }\n',
    };
    const root = temp(files);
    const unknown = await capacity(root);
    const [line] = unknown.periodic.lines;
    expect(line!.formula).toBe(
      'every 1 min × 2 requests (1 per page of 500 rows at src/data.ts:4 (pages unknown: --assume src/data.ts:4=N); 1 per page of 1,000 rows at src/poll.ts:7 (pages unknown: --assume src/poll.ts:7=N)) = 2 req/min',
    );
    expect(line!.requests.map((request) => [request.table, request.read, request.perPage, request.path])).toEqual([
      ['notes', 'page', 500, ['allNotes']],
      ['rooms', 'page', 1000, []],
    ]);
    expect(unknown.periodic.atLeast).toBe(true);
    const assumed = await capacity(root, '--assume', 'src/data.ts:4=40');
    expect(assumed.periodic.lines[0]!.perMinute).toBe(41);
    expect(assumed.reads.perMinute.page).toBe(41);
  });
});
