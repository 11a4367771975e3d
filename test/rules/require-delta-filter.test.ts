import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import {
  type MessageIds,
  requireDeltaFilter,
  type RequireDeltaFilterOptions,
} from '../../src/rules/require-delta-filter.js';
import { at } from './loc.js';
import { javascriptTester, SUPABASE_CLIENT, typedTester, typescriptTester } from './tester.js';

type Options = [RequireDeltaFilterOptions];
type Case = InvalidTestCase<MessageIds, Options>;

const COLUMNS = 'updated_at, created_at, modified_at, inserted_at, changed_at';

function invalid(
  code: string,
  chains: { chain: string; fn?: string; table?: string; columns?: string; occurrence?: number }[],
  extra: Partial<Case> = {},
): Case {
  return {
    code,
    errors: chains.map(({ chain, fn, table, columns, occurrence }) => ({
      messageId: 'missingDeltaFilter' as const,
      data: { fn: fn ?? 'deltaSync', table: table ?? "'messages'", columns: columns ?? COLUMNS },
      ...at(code, chain, occurrence),
    })),
    ...extra,
  };
}

const inSync = (body: string, name = 'deltaSync') => `async function ${name}(since: string) {\n${body}\n}`;
const read = "supabase.from('messages').select('*')";

typescriptTester().run('require-delta-filter (TypeScript)', requireDeltaFilter, {
  valid: [
    inSync(`  const { data } = await ${read}.gt('updated_at', since);`),
    inSync(`  const { data } = await ${read}.gte('created_at', since).order('created_at').limit(500);`),
    inSync(`  const { data } = await ${read}.filter('updated_at', 'gt', since);`),
    inSync(`  const { data } = await ${read}.or(\`updated_at.gt.\${since},deleted_at.gt.\${since}\`);`),
    inSync(`  const { data } = await ${read}.or(cursorFilter);`),
    // a built .or() whose written gte is on a change column, or on a column named at run time: may be the cursor
    inSync(`  const { data } = await ${read}.or('status.eq.open,' + \`updated_at.gte.\${since}\`);`),
    inSync(`  const { data } = await ${read}.or('status.eq.open,' + \`\${column}.gte.\${since}\`);`),
    inSync(`  const { data } = await ${read}.gt(cursorColumn, since);`),
    inSync(`  let q = ${read};\n  if (since) q = q.gt('updated_at', since);\n  const { data } = await q;`),
    inSync(`  const { data } = await supabase.from('sync_state').select('cursor').eq('id', userId).single();`),
    inSync(`  const { data } = await supabase.from('profiles').select('*').eq('id', userId);`),
    inSync(`  const { count } = await ${read.replace("'*')", "'*', { count: 'exact', head: true })")};`),
    inSync(`  await supabase.from('messages').upsert(rows);`),
    inSync(`  await supabase.from('messages').insert(rows).select();`),
    inSync(`  const { data } = await ${read};`, 'fullSync'),
    inSync(`  const { data } = await ${read};`, 'loadMessages'),
    inSync(`  const { data } = await ${read};`, 'loadEverything'),
    `async function deltaSync() {\n  const rows = await helper();\n  return rows;\n}`,
    `class Sync {\n  async deltaSync(since: string) {\n    return supabase.from('messages').select('*').gt('updated_at', since);\n  }\n}`,
    `const deltaSync = async (since: string) => supabase.from('messages').select('*').gte('modified_at', since);`,
    inSync(`  const { data } = await ${read};`, 'reloadAll'),
    { code: inSync(`  const { data } = await ${read};`, 'refresh'), options: [{ functionPattern: '^sync' }] },
    { code: inSync(`  const { data } = await ${read}.gt('version', v);`), options: [{ cursorColumns: ['version'] }] },
    {
      code: inSync(`  const { data } = await ${read};`, 'resyncEverything'),
      options: [{ fullSyncNames: ['resyncEverything'] }],
    },
    inSync(`  const { data } = await paginate(${read});`),
    inSync('  const rows = await db.select().from(messages);'),
    inSync("  const rows = await knex.select('*').from('messages');"),
    `export function syncButtonLabel() {\n  return 'Sync';\n}`,
    `async function onSync() {\n  await supabase.from('messages').select('*').gt('inserted_at', since);\n}`,
    `async function deltaSync(since: string) {\n  const fetchPage = () => supabase.from('messages').select('*').gt('updated_at', since);\n  return fetchPage();\n}`,
    {
      code: inSync(`  const { data } = await supabase.from('profiles').select('*').eq('user_id', u);`),
      options: [{ uniqueColumns: { '*': ['id'], profiles: ['user_id'] } }],
    },
    inSync(`  const { data } = await ${read}.match({ id: messageId });`),
    inSync(`  const { data } = await ${read}.gt('changed_at', since).maybeSingle();`),
  ],
  invalid: [
    invalid(inSync(`  const { data } = await ${read};`), [{ chain: read }]),
    invalid(inSync(`  const { data } = await ${read}.limit(1000);`), [{ chain: `${read}.limit(1000)` }]),
    invalid(inSync(`  const { data } = await ${read}.eq('room_id', roomId);`), [
      { chain: `${read}.eq('room_id', roomId)` },
    ]),
    invalid(inSync(`  const { data } = await ${read}.gt('id', lastId).order('id').limit(100);`), [
      { chain: `${read}.gt('id', lastId).order('id').limit(100)` },
    ]),
    // a window computed from the clock (the last 90 days) is no cursor: the verdict's predicate, the same
    invalid(
      inSync(`  const { data } = await ${read}.gte('updated_at', new Date(Date.now() - 90 * 864e5).toISOString());`),
      [{ chain: `${read}.gte('updated_at', new Date(Date.now() - 90 * 864e5).toISOString())` }],
    ),
    invalid(inSync(`  const { data } = await ${read}.gte('updated_at', start).lte('updated_at', end);`), [
      { chain: `${read}.gte('updated_at', start).lte('updated_at', end)` },
    ]),
    invalid(inSync(`  const { data } = await ${read}.lt('updated_at', since);`), [
      { chain: `${read}.lt('updated_at', since)` },
    ]),
    invalid(inSync(`  const { data } = await ${read}.filter('updated_at', 'lt', since);`), [
      { chain: `${read}.filter('updated_at', 'lt', since)` },
    ]),
    invalid(inSync(`  const { data } = await ${read}.or('status.eq.open,status.eq.pending');`), [
      { chain: `${read}.or('status.eq.open,status.eq.pending')` },
    ]),
    invalid(inSync(`  let q = ${read};\n  if (room) q = q.eq('room_id', room);\n  const { data } = await q;`), [
      { chain: read },
    ]),
    invalid(inSync(`  return ${read};`), [{ chain: read }]),
    invalid(inSync(`  const [a, b] = await Promise.all([${read}, supabase.from('rooms').select('*')]);`), [
      { chain: read },
      { chain: "supabase.from('rooms').select('*')", table: "'rooms'" },
    ]),
    invalid(
      `class ConversationSync {\n  async deltaSync() {\n    return this.supabase.from('messages').select('*');\n  }\n}`,
      [{ chain: "this.supabase.from('messages').select('*')" }],
    ),
    invalid(`const deltaSync = async () => supabase.from('messages').select('*');`, [{ chain: read }]),
    invalid(`export const syncMessages = async () => {\n  const { data } = await ${read};\n  return data;\n};`, [
      { chain: read, fn: 'syncMessages' },
    ]),
    invalid(inSync(`  const { data } = await ${read};`, 'resync'), [{ chain: read, fn: 'resync' }]),
    invalid(inSync(`  const { data } = await ${read};`, 'backgroundSync'), [{ chain: read, fn: 'backgroundSync' }]),
    invalid(inSync(`  const { data } = await ${read};`, 'syncRooms'), [{ chain: read, fn: 'syncRooms' }]),
    invalid(inSync(`  const { data } = await supabase.from(table).select('*');`), [
      { chain: "supabase.from(table).select('*')", table: 'a table named at run time' },
    ]),
    invalid(inSync(`  const { data } = await supabase.schema('chat').from('messages').select('id, body');`), [
      { chain: "supabase.schema('chat').from('messages').select('id, body')" },
    ]),
    invalid(inSync(`  const { data } = await ${read}.gt('price', 10);`), [{ chain: `${read}.gt('price', 10)` }]),
    // a price range built from parts: its gte is written on a column that tracks no change
    invalid(
      inSync(
        `  const { data } = await ${read}.or(\`and(currency.eq.EUR,price.gte.\${min}),\` + \`and(currency.eq.USD,price.gte.\${min / rate})\`);`,
      ),
      [
        {
          chain: `${read}.or(\`and(currency.eq.EUR,price.gte.\${min}),\` + \`and(currency.eq.USD,price.gte.\${min / rate})\`)`,
        },
      ],
    ),
    invalid(
      inSync(`  const { data } = await ${read}.gt('updated_at', since);`),
      [{ chain: `${read}.gt('updated_at', since)`, columns: 'version' }],
      {
        options: [{ cursorColumns: ['version'] }],
      },
    ),
    invalid(inSync(`  const { data } = await ${read};`, 'refresh'), [{ chain: read, fn: 'refresh' }], {
      options: [{ functionPattern: '^(refresh|sync)' }],
    }),
    invalid(inSync(`  const { data } = await ${read};`, 'fullSync'), [{ chain: read, fn: 'fullSync' }], {
      options: [{ fullSyncNames: ['resyncEverything'] }],
    }),
    invalid(inSync(`  const messages = supabase.from('messages');\n  const { data } = await messages.select('*');`), [
      { chain: "messages.select('*')" },
    ]),
    invalid(inSync(`  const { data } = await supabase.from('messages').select('*').eq('user_id', u);`), [
      { chain: "supabase.from('messages').select('*').eq('user_id', u)" },
    ]),
    invalid(inSync(`  const { data } = await ${read}.limit(1);`), [{ chain: `${read}.limit(1)` }]),
    invalid(inSync(`  const { data } = await (${read} as any);`), [{ chain: read }]),
    invalid(inSync(`  const { data } = await supabase?.from('messages').select('*');`), [
      { chain: "supabase?.from('messages').select('*')" },
    ]),
    invalid(inSync(`  const { data } = await ${read}.in('room_id', rooms).order('updated_at');`), [
      { chain: `${read}.in('room_id', rooms).order('updated_at')` },
    ]),
    invalid(`function useSync() {\n  return useQuery({ queryKey: ['m'], queryFn: () => ${read} });\n}`, [
      { chain: read, fn: 'useSync' },
    ]),
    invalid(
      `export function SyncPanel() {\n  const sync = async () => {\n    await ${read};\n  };\n  return <button onClick={sync}>Sync</button>;\n}`,
      [{ chain: read, fn: 'sync' }],
      { filename: 'react.tsx' },
    ),
  ],
});

javascriptTester().run('require-delta-filter (JavaScript)', requireDeltaFilter, {
  valid: [
    `async function deltaSync(since) {\n  return supabase.from('messages').select('*').gt('updated_at', since);\n}`,
  ],
  invalid: [
    invalid(`export async function deltaSync() {\n  const { data } = await ${read};\n  return data;\n}`, [
      { chain: read },
    ]),
  ],
});

const custom =
  'const db = { from(table: string) { return { select(columns: string) { return Promise.resolve([table, columns]); } }; } };\n';

typedTester().run('require-delta-filter (typed)', requireDeltaFilter, {
  valid: [`${custom}export async function deltaSync() {\n  return db.from('messages').select('*');\n}`],
  invalid: [invalid(`${SUPABASE_CLIENT}export async function deltaSync() {\n  return ${read};\n}`, [{ chain: read }])],
});

typescriptTester().run('require-delta-filter (the typed cases, untyped)', requireDeltaFilter, {
  valid: [],
  invalid: [
    invalid(`${custom}export async function deltaSync() {\n  return db.from('messages').select('*');\n}`, [
      { chain: "db.from('messages').select('*')" },
    ]),
  ],
});

/** A wrapper of the module that races what it is handed against a timer: it sends the read as written. */
const WITH_TIMEOUT =
  'function withTimeout(p, ms) {\n  return Promise.race([p, new Promise((_, reject) => setTimeout(reject, ms))]);\n}\n';
/** A wrapper that adds the cursor to what it is handed. */
const AFTER_CURSOR =
  "function afterCursor(q, since) {\n  return Promise.race([q.gt('updated_at', since), later()]);\n}\n";
const timed = `${WITH_TIMEOUT}${inSync(`  const { data } = await withTimeout(${read}, 30000);`)}`;

typescriptTester().run('require-delta-filter: a read handed to a wrapper that sends it', requireDeltaFilter, {
  valid: [
    // the cursor is on the read handed over
    `${WITH_TIMEOUT}${inSync(`  const { data } = await withTimeout(${read}.gt('updated_at', since), 30000);`)}`,
    // the wrapper adds it: not known to be missing
    `${AFTER_CURSOR}${inSync(`  const { data } = await afterCursor(${read}, since);`)}`,
  ],
  invalid: [
    // holdout15 Asaas: the delta pull races the read against a timer; the read has no change cursor
    invalid(timed, [{ chain: read }]),
  ],
});
