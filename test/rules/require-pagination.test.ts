import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import {
  type MessageIds,
  requirePagination,
  type RequirePaginationOptions,
} from '../../src/rules/require-pagination.js';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { parsing } from '../../src/analysis/run.js';
import plugin from '../../src/index.js';
import { at } from './loc.js';
import { javascriptTester, SUPABASE_CLIENT, typedTester, typescriptTester } from './tester.js';

type Options = [RequirePaginationOptions];
type Case = InvalidTestCase<MessageIds, Options>;

interface Expect {
  /** The chain the report underlines: from the client to the last call where the request is written. */
  chain: string;
  occurrence?: number;
  /** The text after which the suggestions insert `.limit()` / `.range()`; defaults to `chain`. */
  insertAfter?: string;
  table?: string;
  rpc?: string;
  pageSize?: number;
  /** The order the suggestions add before the bound; by default `.order('id')` for a select whose code has no order. */
  order?: string;
}

function insert(code: string, anchor: string, occurrence: number, text: string): string {
  let index = -1;
  for (let i = 0; i < occurrence; i += 1) index = code.indexOf(anchor, index + 1);
  if (index < 0) throw new Error(`anchor '${anchor}' is not in the test code`);
  const end = index + anchor.length;
  return code.slice(0, end) + text + code.slice(end);
}

function error(code: string, expect: Expect): NonNullable<Case['errors']>[number] {
  const pageSize = expect.pageSize ?? 100;
  const anchor = expect.insertAfter ?? expect.chain;
  const occurrence = expect.occurrence ?? 1;
  const order = expect.order ?? (expect.rpc !== undefined || /\.order\(|\['order'\]/.test(code) ? '' : ".order('id')");
  return {
    ...(expect.rpc === undefined
      ? { messageId: 'unboundedSelect' as const, data: { table: expect.table ?? "'messages'", maxRows: '1,000' } }
      : { messageId: 'unboundedRpc' as const, data: { fn: expect.rpc, maxRows: '1,000' } }),
    ...at(code, expect.chain, occurrence),
    suggestions: [
      {
        messageId: 'addLimit',
        data: { pageSize, order },
        output: insert(code, anchor, occurrence, `${order}.limit(${pageSize})`),
      },
      {
        messageId: 'addRange',
        data: { last: pageSize - 1, order },
        output: insert(code, anchor, occurrence, `${order}.range(0, ${pageSize - 1})`),
      },
    ],
  };
}

function invalid(code: string, expects: Expect[], extra: Partial<Case> = {}): Case {
  return { code, errors: expects.map((expect) => error(code, expect)), ...extra };
}

typescriptTester().run('require-pagination (TypeScript)', requirePagination, {
  valid: [
    // a paginating helper of the file, by what it does: it calls the builder in a loop and pages it with .range()
    "async function fetchAll(build) {\n  const rows = [];\n  for (let from = 0; ; from += 1000) {\n    const { data } = await build().range(from, from + 999);\n    rows.push(...(data ?? []));\n    if (!data || data.length < 1000) break;\n  }\n  return rows;\n}\nexport const visits = await fetchAll(() => supabase.from('visits').select('*').order('id'));",
    "const pageAll = async (make) => {\n  let page = 0;\n  const out = [];\n  while (true) {\n    let q = make();\n    q = q.range(page * 500, page * 500 + 499);\n    const { data } = await q;\n    if (!data?.length) return out;\n    out.push(...data);\n    page += 1;\n  }\n};\nexport const logs = await pageAll(() => supabase.from('logs').select('id').order('id'));",
    // aggregates only: PostgREST groups by nothing and sends one row (the legacy bare count too)
    "const { data } = await supabase.from('messages').select('count', { count: 'exact' });\nshow(data);",
    "const { data } = await supabase.from('messages').select('total:count()');\nshow(data);",
    "const { data } = await supabase.from('sessions').select('duration_seconds.sum(), duration_seconds.max()::int');\nshow(data);",
    // an empty list matches no row
    "const { data } = await supabase.from('modules').select('*').in('module_id', []);\nshow(data);",
    // the catalogs: a row per column or table of the schema, not the app's rows
    "const { data } = await supabase.from('information_schema.columns').select('column_name').eq('table_name', t);\nshow(data);",
    "const { data } = await supabase.schema('pg_catalog').from('pg_tables').select('tablename');\nshow(data);",
    "const { data } = await supabase.from('pg_tables').select('tablename, rowsecurity').eq('schemaname', 'public');\nshow(data);",
    // Supabase's own tables: auth.users by email (unique among non-SSO users), by the schema or in the name
    "const { data } = await supabase.from('auth.users').select('id').eq('email', email);\nshow(data);",
    "const { data } = await admin.schema('auth').from('users').select('id').eq('phone', phone);\nshow(data);",
    // bounded
    "const { data } = await supabase.from('messages').select('*').limit(50);",
    "const { data } = await supabase.from('messages').select('*').range(0, 49);",
    "const { data } = await supabase.from('messages').select('*').order('created_at').limit(n);",
    "const { data } = await supabase.from('profiles').select('*').eq('email', email).single();",
    "const { data } = await supabase.from('profiles').select('*').eq('email', email).maybeSingle();",
    "const { count } = await supabase.from('messages').select('*', { count: 'exact', head: true });",
    "const { data } = await supabase.from('messages').select('*').eq('id', id);",
    "const { data } = await supabase.from('messages').select('*').match({ id, room_id: roomId });",
    "const { data } = await supabase.from('messages').select('*').filter('id', 'eq', id);",
    "const { data } = await supabase.from('messages').select('*').in('id', [first, second]);",
    // a list of ids from elsewhere: at most as many rows as the list holds (a list past max-rows fails as a URL too long first)
    "const { data } = await supabase.from('messages').select('*').in('id', ids);\nshow(data);",
    "const { data } = await supabase.from('messages').select('*').in('id', [...ids]);\nshow(data);",
    "const { data } = await supabase.from('messages').select('*').in('id', [...new Set(ids)]);\nshow(data);",
    "const { data } = await supabase.from('messages').select('*').in('id', [first, ...rest]);\nshow(data);",
    "const { data } = await supabase.from('profiles').select('id, name').in('id', Array.from(authorIds)).order('name');\nshow(data);",
    // a paginating helper orders and bounds every page of the query its callback returns
    "const { data } = await selectAllPages(() => supabase.from('messages').select('*'), { cursor: 'id', pageSize: 1000 });",
    "const { data } = await pagination.selectAllPages(() => supabase.from('messages').select('*').eq('room_id', r), opts);",
    {
      code: "const { data } = await readEveryPage(() => supabase.from('messages').select('*'), 500);",
      options: [{ paginators: ['readEveryPage'] }],
    },
    {
      code: "const { data } = await supabase.from('profiles').select('*').eq('user_id', userId);",
      options: [{ uniqueColumns: { '*': ['id'], profiles: ['user_id', 'email'] } }],
    },
    {
      code: "const { data } = await supabase.from('profiles').select('*').eq('handle', h);",
      options: [{ uniqueColumns: ['id', 'handle'] }],
    },
    // an option object that cannot be read is not held against the user
    "const { data } = await supabase.from('messages').select('*').limit(10, opts);",
    "const { data } = await supabase.from('messages').select('*', { head, count: 'exact' });",
    // not executed here: a factory, or never sent
    "function messagesQuery() {\n  return supabase.from('messages').select('*');\n}",
    "const messagesQuery = (room: string) => supabase.from('messages').select('*').eq('room_id', room);",
    "const q = supabase.from('messages').select('*');",
    // writes, with or without select()
    "await supabase.from('messages').insert({ body });",
    "const { data } = await supabase.from('messages').insert(rows).select();",
    "const { data } = await supabase.from('messages').update({ read: true }).eq('room_id', r).select('*');",
    "await supabase.from('messages').delete().eq('room_id', roomId);",
    "const { data } = await supabase.from('messages').upsert(rows).select('id');",
    // rpc is checked only with checkRpc
    "const { data } = await supabase.rpc('search_messages', { term });\nshow(data);",
    {
      code: "const { data } = await supabase.rpc('search_messages', { term }).limit(20);",
      options: [{ checkRpc: true }],
    },
    {
      code: "const { count } = await supabase.rpc('count_messages', {}, { head: true, count: 'exact' });",
      options: [{ checkRpc: true }],
    },
    // not PostgREST
    'const rows = await db.select().from(users).where(eq(users.id, id));',
    "const rows = await knex.select('*').from('users');",
    "const picked = await Array.from(items).select('name');",
    "const view = await Buffer.from(data).select('x');",
    // incremental building that bounds the builder
    "let q = supabase.from('messages').select('*');\nif (f) q = q.eq('a', f);\nq.limit(10);\nconst { data } = await q;\nshow(data);",
    "let q = supabase.from('messages').select('*');\nq = q.order('created_at').range(0, 9);\nconst { data } = await q;\nshow(data);",
    "const q = supabase.from('messages').select('*');\nconst { data } = await q.limit(25);\nshow(data);",
    // handed to code we cannot see
    "const q = supabase.from('messages').select('*');\nconst { data } = await paginate(q);\nshow(data);",
    "const { data } = await supabase.from('messages').select('*').paginate(10);",
    // TSX
    {
      code: "const rows = useQuery({ queryKey: ['m'], queryFn: () => supabase.from('messages').select().limit(20) });",
      filename: 'react.tsx',
    },
    "await Promise.all([supabase.from('a').select().limit(1), supabase.from('b').select().single()]);",
  ],
  invalid: [
    // a helper that sends the builder once, or pages with .limit() only (every call gets the same first rows), is no paginator
    invalid(
      "async function once(build) {\n  const { data } = await build();\n  return data;\n}\nexport const visits = await once(() => supabase.from('messages').select('*'));",
      [{ chain: "supabase.from('messages').select('*')" }],
    ),
    invalid(
      "async function firstPages(build) {\n  const out = [];\n  for (let i = 0; i < 3; i++) {\n    const { data } = await build().limit(100);\n    out.push(...(data ?? []));\n  }\n  return out;\n}\nexport const visits = await firstPages(() => supabase.from('messages').select('*'));",
      [{ chain: "supabase.from('messages').select('*')" }],
    ),
    // an aggregate beside a column groups by it: a row per group; an embedded count is a row per parent
    invalid("const { data } = await supabase.from('messages').select('room_id, count()');\nshow(data);", [
      { chain: "supabase.from('messages').select('room_id, count()')" },
    ]),
    invalid("const { data } = await supabase.from('messages').select('id, likes(count)');\nshow(data);", [
      { chain: "supabase.from('messages').select('id, likes(count)')" },
    ]),
    // a list that may be empty is still a list
    invalid("const { data } = await supabase.from('messages').select('*').in('room_id', rooms);\nshow(data);", [
      { chain: "supabase.from('messages').select('*').in('room_id', rooms)" },
    ]),
    // auth.users by a column that is no key of it: every matching user
    invalid(
      "const { data } = await supabase.from('auth.users').select('id').eq('role', 'authenticated');\nshow(data);",
      [{ chain: "supabase.from('auth.users').select('id').eq('role', 'authenticated')", table: "'auth.users'" }],
    ),
    // a table of the app's own schema, named like a catalog's, or in a schema of the app
    invalid("const { data } = await supabase.from('columns').select('*');\nshow(data);", [
      { chain: "supabase.from('columns').select('*')", table: "'columns'" },
    ]),
    invalid("const { data } = await supabase.schema('billing').from('messages').select('*');\nshow(data);", [
      { chain: "supabase.schema('billing').from('messages').select('*')" },
    ]),
    // rows printed for a person are still every row: past max-rows the printout is cut short, as any use is
    invalid("const { data } = await supabase.from('messages').select('*');\nconsole.log('all', { data });", [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    // the suggestion orders what it pages (no require-cursor-order finding after it): the keyset's cursor column
    invalid("export const rows = await supabase.from('messages').select('*').gt('updated_at', since);", [
      { chain: "supabase.from('messages').select('*').gt('updated_at', since)", order: ".order('updated_at')" },
    ]),
    // a window is no cursor: the unique column; the table's own unique column from the option
    invalid(
      "export const rows = await supabase.from('messages').select('*').gte('created_at', start).lte('created_at', end);",
      [{ chain: "supabase.from('messages').select('*').gte('created_at', start).lte('created_at', end)" }],
    ),
    invalid(
      "export const rows = await supabase.from('profiles').select('*').eq('team', t);",
      [
        {
          chain: "supabase.from('profiles').select('*').eq('team', t)",
          table: "'profiles'",
          order: ".order('user_id')",
        },
      ],
      { options: [{ uniqueColumns: { profiles: ['user_id'] } }] },
    ),
    // already ordered: only the bound
    invalid("export const rows = await supabase.from('messages').select('*').order('created_at');", [
      { chain: "supabase.from('messages').select('*').order('created_at')", order: '' },
    ]),
    invalid("const { data } = await supabase.from('messages').select('*');\nshow(data);", [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    invalid("const { data } = await this.supabase.from('messages').select();\nshow(data);", [
      { chain: "this.supabase.from('messages').select()" },
    ]),
    invalid("const { data } = await getClient().from('messages').select('id, body');\nshow(data);", [
      { chain: "getClient().from('messages').select('id, body')" },
    ]),
    invalid("const { data } = await client.schema('chat').from('messages').select('*');\nshow(data);", [
      { chain: "client.schema('chat').from('messages').select('*')" },
    ]),
    invalid(
      "const { data } = await supabase\n  .from('messages')\n  .select('*')\n  .eq('room_id', roomId)\n  .order('created_at');\nshow(data);",
      [{ chain: "supabase\n  .from('messages')\n  .select('*')\n  .eq('room_id', roomId)\n  .order('created_at')" }],
    ),
    invalid("supabase.from('messages').select('*').then(({ data }) => setRows(data));", [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    invalid(
      "const [a, b] = await Promise.all([supabase.from('messages').select(), supabase.from('rooms').select()]);\nshow(a, b);",
      [{ chain: "supabase.from('messages').select()" }, { chain: "supabase.from('rooms').select()", table: "'rooms'" }],
    ),
    invalid("const r = await Promise.allSettled([supabase.from('messages').select('*')]);\nshow(r);", [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    invalid("async function listMessages() {\n  return supabase.from('messages').select('*');\n}", [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    invalid("const listMessages = async () => supabase.from('messages').select('*');", [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    invalid("const rows = useQuery({ queryKey: ['m'], queryFn: () => supabase.from('messages').select('*') });", [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    invalid("const { data } = useSWR('messages', () => supabase.from('messages').select());", [
      { chain: "supabase.from('messages').select()" },
    ]),
    invalid(
      "let q = supabase.from('messages').select('*');\nif (f) q = q.eq('a', f);\nq.order('x');\nconst { data } = await q;\nshow(data);",
      [{ chain: "supabase.from('messages').select('*')" }],
    ),
    invalid("const q = supabase.from('messages').select('*');\nconst { data } = await q;\nshow(data);", [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    invalid(
      "const q = supabase.from('messages').select('*');\nconst { data } = await (all ? q : q.eq('room_id', r));\nshow(data);",
      [{ chain: "supabase.from('messages').select('*')" }],
    ),
    invalid("const { data } = await (supabase.from('messages').select('*') as any);\nshow(data);", [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    invalid("const { data } = await supabase.from('messages').select('*')!;\nshow(data);", [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    invalid("const { data } = await (<any>supabase.from('messages').select('*'));\nshow(data);", [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    invalid("const { data } = await (supabase.from('messages').select('*') satisfies Query);\nshow(data);", [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    invalid("const { data } = await supabase?.from('messages').select('*');\nshow(data);", [
      { chain: "supabase?.from('messages').select('*')" },
    ]),
    invalid("const { data } = await supabase['from']('messages')['select']('*');\nshow(data);", [
      { chain: "supabase['from']('messages')['select']('*')" },
    ]),
    invalid(
      "const { data } = await supabase.from('rooms').select('*, messages(*)').limit(10, { referencedTable: 'messages' });\nshow(data);",
      [
        {
          chain: "supabase.from('rooms').select('*, messages(*)').limit(10, { referencedTable: 'messages' })",
          table: "'rooms'",
        },
      ],
    ),
    invalid(
      "const { data } = await supabase.from('rooms').select('*, messages(*)').range(0, 9, { foreignTable: 'messages' });\nshow(data);",
      [
        {
          chain: "supabase.from('rooms').select('*, messages(*)').range(0, 9, { foreignTable: 'messages' })",
          table: "'rooms'",
        },
      ],
    ),
    invalid(
      "const { data, count } = await supabase.from('messages').select('*', { count: 'exact' });\nshow(data, count);",
      [{ chain: "supabase.from('messages').select('*', { count: 'exact' })" }],
    ),
    invalid("const { data } = await supabase.from('messages').select('*', { head: false });\nshow(data);", [
      { chain: "supabase.from('messages').select('*', { head: false })" },
    ]),
    invalid(
      "const { data } = await selectAllPages(() => supabase.from('messages').select('*'), { cursor: 'id', pageSize: 1000 });",
      [{ chain: "supabase.from('messages').select('*')" }],
      { options: [{ paginators: [] }] },
    ),
    // the query is also sent as it is, outside the helper
    invalid(
      "const q = supabase.from('messages').select('*');\nconst all = await selectAllPages(() => q, opts);\nconst first = await q;\nshow(first);",
      [{ chain: "supabase.from('messages').select('*')" }],
    ),
    // a list on a column that is not unique: any number of rows a value
    invalid("const { data } = await supabase.from('messages').select('*').in('room_id', roomIds);\nshow(data);", [
      { chain: "supabase.from('messages').select('*').in('room_id', roomIds)" },
    ]),
    invalid("const { data } = await supabase.from('messages').select('*').in('room_id', [a, b]);\nshow(data);", [
      { chain: "supabase.from('messages').select('*').in('room_id', [a, b])" },
    ]),
    invalid("const { data } = await supabase.from('messages').select('*').eq('room_id', roomId);\nshow(data);", [
      { chain: "supabase.from('messages').select('*').eq('room_id', roomId)" },
    ]),
    invalid(
      "const { data } = await supabase.from('messages').select('*').eq('user_id', userId);\nshow(data);",
      [{ chain: "supabase.from('messages').select('*').eq('user_id', userId)" }],
      { options: [{ uniqueColumns: { '*': ['id'], profiles: ['user_id'] } }] },
    ),
    invalid("const { data } = await supabase.from('messages').select('*').csv();\nshow(data);", [
      { chain: "supabase.from('messages').select('*').csv()", insertAfter: "select('*')" },
    ]),
    invalid("const { data } = await supabase.from('messages').select('*').returns<Message[]>();\nshow(data);", [
      { chain: "supabase.from('messages').select('*').returns<Message[]>()", insertAfter: "select('*')" },
    ]),
    invalid(
      "const { data } = await supabase.from('messages').select('*').order('id').abortSignal(signal).throwOnError();\nshow(data);",
      [
        {
          chain: "supabase.from('messages').select('*').order('id').abortSignal(signal).throwOnError()",
          insertAfter: "order('id')",
        },
      ],
    ),
    invalid(
      "const { data } = await supabase.rpc('search_messages', { term });\nshow(data);",
      [{ chain: "supabase.rpc('search_messages', { term })", rpc: "'search_messages'" }],
      { options: [{ checkRpc: true }] },
    ),
    invalid(
      "const { data } = await supabase.rpc('recent_messages').select('id, body');\nshow(data);",
      [{ chain: "supabase.rpc('recent_messages').select('id, body')", rpc: "'recent_messages'" }],
      { options: [{ checkRpc: true }] },
    ),
    invalid("const messages = supabase.from('messages');\nconst { data } = await messages.select('*');\nshow(data);", [
      { chain: "messages.select('*')" },
    ]),
    invalid(
      "const { data } = await supabase.from('messages').select('*');\nshow(data);",
      [{ chain: "supabase.from('messages').select('*')", pageSize: 50 }],
      { options: [{ pageSize: 50 }] },
    ),
    invalid("const { data } = await supabase.from(table).select('*');\nshow(data);", [
      { chain: "supabase.from(table).select('*')", table: 'a table named at run time' },
    ]),
    invalid(
      "function Messages() {\n  useEffect(() => {\n    supabase.from('messages').select().then(({ data }) => setRows(data));\n  }, []);\n  return <List rows={rows} />;\n}",
      [{ chain: "supabase.from('messages').select()" }],
      { filename: 'react.tsx' },
    ),
  ],
});

javascriptTester().run('require-pagination (JavaScript)', requirePagination, {
  valid: [
    "const { data } = await supabase.from('messages').select('*').limit(100);",
    "export function ordersQuery() { return db.from('orders').select('*'); }",
    "const rows = await knex.select('*').from('orders');",
  ],
  invalid: [
    invalid("const { data } = await supabase.from('messages').select('*');\nshow(data);", [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    invalid(
      "export default async function handler(req, res) {\n  const { data } = await db.from('orders').select('*').eq('status', 'open');\n  res.json(data);\n}",
      [{ chain: "db.from('orders').select('*').eq('status', 'open')", table: "'orders'" }],
    ),
    invalid(
      "export function Orders() {\n  const query = useQuery({ queryKey: ['o'], queryFn: async () => (await db.from('orders').select()).data });\n  return <Table rows={query.data} />;\n}",
      [{ chain: "db.from('orders').select()", table: "'orders'" }],
      { filename: 'react.jsx' },
    ),
  ],
});

const customBuilder =
  'const knexLike = { from(table: string) { return { select(columns: string) { return Promise.resolve([table, columns]); } }; } };\n';

typedTester().run('require-pagination (typed)', requirePagination, {
  valid: [
    // a builder of the project's own with PostgREST's method names is not supabase-js
    `${customBuilder}export async function list() {\n  return knexLike.from('messages').select('*');\n}`,
    `${SUPABASE_CLIENT}export async function list() {\n  return supabase.from('messages').select('*').limit(10);\n}`,
  ],
  invalid: [
    invalid(`${SUPABASE_CLIENT}export async function list() {\n  return supabase.from('messages').select('*');\n}`, [
      { chain: "supabase.from('messages').select('*')" },
    ]),
    // a receiver typed `any` keeps the syntactic judgement
    invalid(
      `declare const client: any;\nexport async function list() {\n  return client.from('messages').select('*');\n}`,
      [{ chain: "client.from('messages').select('*')" }],
    ),
  ],
});

typescriptTester().run('require-pagination (the typed cases, untyped)', requirePagination, {
  valid: [],
  invalid: [
    invalid(`${customBuilder}export async function list() {\n  return knexLike.from('messages').select('*');\n}`, [
      { chain: "knexLike.from('messages').select('*')" },
    ]),
  ],
});

describe('require-pagination suggestions and require-cursor-order', () => {
  const codes = [
    "export async function a() { return (await supabase.from('messages').select('*')).data; }",
    "export async function b(since: string) { return (await supabase.from('messages').select('*').gt('updated_at', since)).data; }",
    "export async function c() { return (await supabase.from('m').select('*').gte('created_at', s).lte('created_at', e)).data; }",
    "export async function d() { return (await supabase.from('m').select('*').eq('room_id', r).order('created_at', { ascending: false })).data; }",
  ];
  it.each(codes)('no suggestion of require-pagination makes require-cursor-order report: %s', (code) => {
    const linter = new Linter({ configType: 'flat' });
    const config = (rule: string): Linter.Config[] => [
      { ...parsing('file.ts'), plugins: { s: plugin }, rules: { [`s/${rule}`]: 'error' } },
    ];
    const [message] = linter.verify(code, config('require-pagination'), 'file.ts');
    expect(message?.suggestions).toHaveLength(2);
    for (const suggestion of message!.suggestions!) {
      const [start, end] = suggestion.fix.range;
      const fixed = code.slice(0, start) + suggestion.fix.text + code.slice(end);
      expect(linter.verify(fixed, config('require-cursor-order'), 'file.ts')).toEqual([]);
    }
  });
});
