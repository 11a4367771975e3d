import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import {
  type MessageIds,
  requireCursorFromRows,
  type RequireCursorFromRowsOptions,
} from '../../src/rules/require-cursor-from-rows.js';
import { at } from './loc.js';
import { javascriptTester, typescriptTester } from './tester.js';
import { dedent } from '../dedent.js';

type Options = [RequireCursorFromRowsOptions];
type Case = InvalidTestCase<MessageIds, Options>;

/** A clock cursor reported at the store, naming the bounded read's page and line. */
function clock(
  code: string,
  store: string,
  data: { name: string; page: string; column?: string; line: number },
  extra: Partial<Case> = {},
): Case {
  return {
    code,
    errors: [{ messageId: 'clockCursor', data: { column: 'updated_at', ...data }, ...at(code, store) }],
    ...extra,
  };
}

/** The capacity review's app, reduced: a page of 30 past the stored cursor, then the clock. */
const atlas = (order: string, store: string) =>
  dedent`
    class Sync {
      async deltaSync(userId: string) {
        const syncMeta = await db.syncMetadata.get(userId);
        const lastSyncedAt = syncMeta?.lastSyncedAt || new Date(0).toISOString();
        const { data } = await supabase.from('conversations').select('*').gt('updated_at', lastSyncedAt)${order}.limit(30);
        await db.conversations.bulkPut(data ?? []);
        ${store}
      }
    }`;

const paged = (tail: string) =>
  dedent`
    async function pull() {
      const since = localStorage.getItem('lastSyncedAt') ?? '1970-01-01';
      const { data: rows } = await supabase.from('notes').select('*').gt('updated_at', since).order('updated_at').limit(100);
      ${tail}
    }`;

const valid = [
  // the next cursor from the last row read
  atlas(
    ".order('updated_at')",
    'await db.syncMetadata.put({ userId, lastSyncedAt: data?.at(-1)?.updated_at ?? lastSyncedAt });',
  ),
  paged("if (rows?.length) localStorage.setItem('lastSyncedAt', rows[rows.length - 1].updated_at);"),
  // no page bound: every changed row is read (require-pagination's business)
  dedent`
    async function pull() {
      const since = localStorage.getItem('lastSyncedAt');
      const { data } = await supabase.from('notes').select('*').gt('updated_at', since);
      localStorage.setItem('lastSyncedAt', new Date().toISOString());
    }`,
  // a loop that advances the cursor reads every page before the clock is stored
  dedent`
    async function pull() {
      let since = localStorage.getItem('lastSyncedAt');
      for (;;) {
        const { data } = await supabase.from('notes').select('*').gt('updated_at', since).order('updated_at').limit(100);
        if (!data?.length) break;
        since = data[data.length - 1].updated_at;
      }
      localStorage.setItem('lastSyncedAt', new Date().toISOString());
    }`,
  // a window, not a cursor: the last 90 days, newest 30
  dedent`
    async function recent() {
      const since = new Date(Date.now() - 90 * 864e5).toISOString();
      const { data } = await supabase.from('notes').select('*').gte('updated_at', since).order('updated_at', { ascending: false }).limit(30);
      this.lastSyncTime = Date.now();
    }`,
  // a debounce timestamp under another name is not the cursor
  atlas(".order('updated_at')", 'this.lastSyncTime = Date.now();'),
  // a row written with the clock is a write, not the cursor
  paged("await supabase.from('notes').update({ updated_at: new Date().toISOString() }).eq('id', 1);"),
  // the clock stored before the read
  dedent`
    async function pull() {
      const since = localStorage.getItem('lastSyncedAt');
      localStorage.setItem('lastSyncedAt', new Date().toISOString());
      const { data } = await supabase.from('notes').select('*').gt('updated_at', since).order('updated_at').limit(100);
    }`,
  // the rows are never read
  paged("const { count } = await supabase.from('notes').select('*', { count: 'exact', head: true }); void count;"),
  // a local of the function is not the stored cursor
  dedent`
    async function pull(since: string) {
      let since2 = since;
      const { data } = await supabase.from('notes').select('*').gt('updated_at', since2).order('updated_at').limit(100);
      since2 = new Date().toISOString();
    }`,
];

const invalid: Case[] = [
  clock(
    atlas(
      ".order('updated_at', { ascending: false })",
      'const now = new Date().toISOString();\n    await db.syncMetadata.put({ userId, lastSyncedAt: now, syncVersion: 1 });',
    ),
    'lastSyncedAt: now',
    { name: 'lastSyncedAt', page: '.limit(30)', line: 5 },
  ),
  // ascending does not help: the 31st changed row is still skipped
  clock(
    atlas(".order('updated_at')", 'await db.syncMetadata.put({ userId, lastSyncedAt: new Date().toISOString() });'),
    'lastSyncedAt: new Date().toISOString()',
    { name: 'lastSyncedAt', page: '.limit(30)', line: 5 },
  ),
  clock(
    paged("localStorage.setItem('lastSyncedAt', new Date().toISOString());"),
    "localStorage.setItem('lastSyncedAt', new Date().toISOString())",
    { name: 'lastSyncedAt', page: '.limit(100)', line: 3 },
  ),
  clock(
    paged("localStorage.setItem('lastSyncedAt', String(Date.now()));"),
    "localStorage.setItem('lastSyncedAt', String(Date.now()))",
    { name: 'lastSyncedAt', page: '.limit(100)', line: 3 },
  ),
  // the database's now(), through an rpc, is a clock too
  clock(
    paged("const { data: now } = await supabase.rpc('get_server_time');\n  localStorage.setItem('lastSyncedAt', now);"),
    "localStorage.setItem('lastSyncedAt', now)",
    { name: 'lastSyncedAt', page: '.limit(100)', line: 3 },
  ),
  // a React state setter, and a member of module state
  clock(
    dedent`
      function useSync(lastSyncedAt: string, setLastSyncedAt: (v: string) => void) {
        return async () => {
          const { data } = await supabase.from('notes').select('*').gt('updated_at', lastSyncedAt).order('updated_at').range(0, 49);
          setLastSyncedAt(new Date().toISOString());
        };
      }`,
    'setLastSyncedAt(new Date().toISOString())',
    { name: 'LastSyncedAt', page: '.range(0, 49)', line: 3 },
  ),
  clock(
    dedent`
      const state = { cursor: null as string | null };
      export async function deltaSync() {
        const { data } = await supabase.from('notes').select('*').gte('modified_at', state.cursor).order('modified_at').limit(50);
        state.cursor = new Date().toISOString();
      }`,
    'state.cursor = new Date().toISOString()',
    { name: 'cursor', page: '.limit(50)', line: 3, column: 'modified_at' },
  ),
  // a loop that does not advance the cursor (a retry) still reads one page
  clock(
    dedent`
      async function pull() {
        const since = localStorage.getItem('lastSyncedAt');
        for (let attempt = 0; attempt < 3; attempt++) {
          const { data } = await supabase.from('notes').select('*').gt('updated_at', since).order('updated_at').limit(100);
          if (data) break;
        }
        localStorage.setItem('lastSyncedAt', new Date().toISOString());
      }`,
    "localStorage.setItem('lastSyncedAt', new Date().toISOString())",
    { name: 'lastSyncedAt', page: '.limit(100)', line: 4 },
  ),
];

typescriptTester().run('require-cursor-from-rows (TypeScript)', requireCursorFromRows, { valid, invalid });

const jsValid = valid.filter((code) => !code.includes(': string') && !code.includes(' as '));
const jsInvalid = invalid.filter((c) => !c.code.includes(': string') && !c.code.includes(' as '));
javascriptTester().run('require-cursor-from-rows (JavaScript)', requireCursorFromRows, {
  valid: jsValid,
  invalid: jsInvalid,
});
