import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import {
  type MessageIds,
  requireCursorOrder,
  type RequireCursorOrderOptions,
} from '../../src/rules/require-cursor-order.js';
import { dedent } from '../dedent.js';
import { at } from './loc.js';
import { javascriptTester, SUPABASE_CLIENT, typedTester, typescriptTester, withOptions } from './tester.js';

/** These cases are about which rows a read uses: `.limit(1)` picks are reported too (option singleRowPicks). */
const PICKS = { singleRowPicks: true };

type Options = [RequireCursorOrderOptions];
type Case = InvalidTestCase<MessageIds, Options>;

/**
 * A page bound without any order: reported at the bound, no suggestion; a read
 * bounded by `.limit()` alone (the first rows, no page of many) by its own message.
 */
function unordered(code: string, bound: string, extra: Partial<Case> = {}): Case {
  const messageId = bound.startsWith('limit') && !code.includes('range(') ? 'unorderedLimit' : 'unorderedPage';
  return { code, errors: [{ messageId, ...at(code, bound) }], ...extra };
}

/** A keyset whose order is wrong: reported at the `.gt()`, with the suggestion's exact output. */
function keyset(
  code: string,
  gt: string,
  messageId: 'keysetNotOrdered' | 'keysetDescending' | 'keysetOtherFirst',
  column: string,
  output: string,
  extra: Partial<Case> & { first?: string } = {},
): Case {
  const { first, ...rest } = extra;
  const data = messageId === 'keysetOtherFirst' ? { column, first: first ?? "'id'" } : { column };
  return {
    code,
    errors: [
      { messageId, data, ...at(code, gt), suggestions: [{ messageId: 'orderAscending', data: { column }, output }] },
    ],
    ...rest,
  };
}

/** A read whose rows are used (exported: other modules read them). */
const q = "export const rows = await supabase.from('messages').select('*')";

typescriptTester().run(
  'require-cursor-order (TypeScript)',
  requireCursorOrder,
  withOptions(
    {
      valid: [
        `${q}.order('id').limit(100);`,
        `${q}.order('created_at', { ascending: false }).range(0, 49);`,
        `${q}.gt('updated_at', since).order('updated_at', { ascending: true }).limit(500);`,
        `${q}.gt('updated_at', since).order('updated_at').limit(500);`,
        `${q}.gte('id', after).order('id').order('created_at').limit(100);`,
        `${q}.limit(1).single();`,
        // probes whose answers are read only for their error: in a Promise.all checked through a callback, or a race
        "const probes = await Promise.all([supabase.from('a').select('x').limit(1), supabase.from('b').select('y').limit(1)]);\nif (probes.some((p) => p.error)) showBanner();",
        "const { data, error } = await Promise.race([supabase.from('a').select('id').limit(1), timeout(5000)]);\nif (error) throw error;",
        // a select of aggregates only is one row: no order can matter
        "const { data } = await supabase.from('users').select('count').limit(1);\nreturn data;",
        "const { data } = await supabase.from('orders').select('total.sum()').limit(1);\nreturn data;",
        `${q}.eq('id', id).limit(1);`,
        `${q}.limit(10).maybeSingle();`,
        "await supabase.from('messages').select('*', { count: 'exact', head: true }).limit(1);",
        `${q};`,
        `${q}.gt('updated_at', since);`,
        `${q}.gt('price', 10).order('name').limit(20);`,
        `${q}.gt('updated_at', since).order(sortColumn).limit(100);`,
        `${q}.gt('updated_at', since).order('updated_at', sortOptions).limit(100);`,
        `${q}.gt(cursorColumn, since).limit(100).order(cursorColumn);`,
        `${q}.limit(5, { referencedTable: 'replies' });`,
        `${q}.order('id').limit(10, { referencedTable: 'replies' }).limit(100);`,
        "let q = supabase.from('messages').select('*');\nq = q.order('id');\nq.limit(100);\nconst { data } = await q;",
        "let q = supabase.from('messages').select('*').gt('updated_at', since);\nq = q.order('updated_at', { ascending: true });\nconst { data } = await q.limit(100);",
        "function page() {\n  return supabase.from('messages').select('*').limit(100);\n}",
        "const { data } = await paginate(supabase.from('messages').select('*').limit(100));",
        "await supabase.from('messages').insert(rows).select().limit(10);",
        'await db.select().from(messages).limit(100);',
        "await knex.select('*').from('messages').limit(100);",
        {
          code: `${q}.eq('user_id', u).limit(1);`,
          options: [{ uniqueColumns: { '*': ['id'], messages: ['user_id'] } }],
        },
        { code: `${q}.gt('seq', s).order('id').limit(100);`, options: [{ cursorColumns: ['id'] }] },
        `${q}.order('id', { ascending: true, nullsFirst: false }).limit(100);`,
        `${q}.gt('id', last).order('id', { ascending: true }).range(0, 99);`,
        {
          code: "const rows = useQuery({ queryKey: ['m'], queryFn: () => supabase.from('messages').select('*').order('id').limit(20) });",
          filename: 'react.tsx',
        },
        `${q}.order('id', { referencedTable: 'replies' }).order('created_at').limit(100);`,
        // postgrest-js orders an embedded resource only when referencedTable is truthy
        `${q}.order('id', { referencedTable: undefined }).limit(100);`,
        `${q}.order('id', { referencedTable: null }).limit(100);`,
        `${q}.gt('updated_at', since).order('updated_at', { referencedTable: undefined }).limit(500);`,
        "await selectAllPages(() => supabase.from('messages').select('*').gt('updated_at', since).limit(500), opts);",
        // rows never looked at: a health check, a probe, data destructured and unused or only null-checked
        "const { data, error } = await supabase.from('profiles').select('id').limit(1);",
        "const { data, error } = await supabase.from('profiles').select('id').limit(1);\nif (error || !data) throw error;",
        "const result = await supabase.from('profiles').select('id').limit(1);\nif (result.error) throw result.error;",
        "await supabase.from('profiles').select('id').limit(1);",
        "supabase.from('profiles').select('id').limit(1).then(({ error }) => report(error));",
        "const [{ error }] = await Promise.all([supabase.from('profiles').select('id').limit(1)]);",
        // only whether a row exists, or how many: the order cannot change the answer
        "const { data } = await supabase.from('follows').select('id').eq('a', a).limit(1);\nconst following = data.length > 0;",
        "const { data } = await supabase.from('follows').select('id').eq('a', a).limit(1);\nreturn !!data?.length;",
        "const { data } = await supabase.from('follows').select('id').eq('a', a).limit(1);\nif (data?.[0]) return true;",
        "const { data } = await supabase.from('follows').select('id').eq('a', a).limit(1);\nif (data && data.length === 0) return false;",
        "const { data } = await supabase.from('follows').select('id').eq('a', a).limit(1);\nreturn (data?.length ?? 0) > 0;",
        "const res = await supabase.from('follows').select('id').eq('a', a).limit(5);\nsetCount(res.data?.length || 0);",
        "supabase.from('follows').select('id').eq('a', a).limit(1).then(({ data }) => setFollowing(Boolean(data?.length)));",
        "const [res] = await Promise.all([supabase.from('missions').select('id').eq('org', o).limit(5)]);\nif (((res.data || []) as Row[]).length === 0) warn();",
        // a test that the query answers, not what it answers: the rows' order cannot change it
        "const { data, error } = await client.from('members').select('*').limit(10);\nexpect(error).toBeNull();\nexpect(data).toBeDefined();\nexpect(Array.isArray(data)).toBe(true);",
        "const { data } = await client.from('members').select('*').limit(5);\nexpect(data).not.toBeNull();",
        "const { data } = await client.from('members').select('*').limit(5);\nexpect(data?.length).toBeGreaterThan(0);",
        // the rows shuffled: the code asks for any rows, at random, and an order would not change that
        "const { data: questions } = await supabase.from('questions').select('id').in('topic_id', topics).limit(quota * 2);\nif (questions && questions.length > 0) {\n  const shuffled = questions.sort(() => Math.random() - 0.5);\n  pick(shuffled.slice(0, quota));\n}",
        "const { data } = await supabase.from('questions').select('id').limit(20);\nconst picked = [...(data ?? [])].sort(function () {\n  return 0.5 - Math.random();\n});\nshow(picked);",
        // a copy mapped one for one (the callback only builds a value), used only for how many rows came back
        "const { data: blocks } = await supabase.from('blocks').select('*').eq('type', 'page').limit(1000);\nconst processed = blocks?.map((block) => ({ ...block, props: block.properties })) || [];\nreport({ rows: processed.length });",
        // a loop that deletes each page it reads until none is left: every row goes, whatever the order
        "while (true) {\n  const { data: batch } = await supabase.from('runs').select('id').lt('at', cutoff).limit(500);\n  if (!batch || batch.length === 0) break;\n  const ids = batch.map((r) => r.id);\n  await supabase.from('runs').delete().in('id', ids);\n}",
        "let more = true;\ndo {\n  const { data } = await supabase.from('runs').select('id').eq('done', true).limit(100);\n  more = (data ?? []).length > 0;\n  await supabase.from('runs').delete().in('id', (data ?? []).map((r) => r.id));\n} while (more);",
        // the rows printed for a person (a probe, a debug line): what is printed decides nothing the code does
        "const { data: rows, error } = await supabase.from('visits').select('id').limit(1);\nconsole.log('probe', { rows, error });\nreturn { ok: !error, n: rows?.length || 0 };",
        "const { data } = await supabase.from('visits').select('id').limit(5);\nconsole.log(data);\nconsole.info(JSON.stringify(data));",
        // printed inside the text of the message
        "const { data, error } = await supabase.from('visits').select('id').limit(1);\nif (error) console.error(error.message);\nelse console.log(`connected, got: ${JSON.stringify(data)}`);",
        "const { data } = await supabase.from('visits').select('id').limit(5);\nconsole.log('rows: ' + JSON.stringify(data));",
        // rows only printed for a person by a check script (holdout15 bhedu, F8a): the columns and a sample, a line per row,
        // a table; the order decides only what the person reads
        dedent`
      const { data } = await supabase.from('classes').select('*').limit(1);
      if (data && data.length > 0) {
        console.log(Object.keys(data[0]).join(', '));
        console.log(JSON.stringify(data[0], null, 2));
      }
      const { data: sample } = await supabase.from('classes').select('id, name').limit(5);
      sample?.forEach((c) => console.log(\`  - \${c.name} (subject: \${c.subject_id ? 'yes' : 'no'})\`));
    `,
        dedent`
      const { data: students, error } = await supabase.from('profiles').select('id, full_name, code').eq('role', 'student').limit(5);
      if (error) throw error;
      console.log(\`Found \${students.length} sample students\`);
      console.log('First student:', JSON.stringify(students[0], null, 2));
      students.slice(0, 3).forEach((s, i) => {
        console.log(\`\${i + 1}. \${s.full_name} (\${s.code || 'no code'})\`);
        console.log(\`   ID: \${s.id.slice(0, 8)}...\`);
      });
    `,
        dedent`
      const { data } = await supabase.from('profiles').select('id, full_name').limit(5);
      if (data && data.length > 0) {
        console.table(data.map((row) => ({ id: row.id.substring(0, 8) + '...', name: row.full_name || '(null)' })));
      }
    `,
        // each field printed when it has a value, an embedded row picked for the text, a preview built from a list of fields
        dedent`
      const { data: grades } = await supabase.from('grades').select('*, assignment:assignments(title)').limit(5);
      const first = grades[0];
      const columns = Object.keys(first);
      console.log(\`Columns: \${columns.join(', ')}\`);
      grades.forEach((g, i) => {
        console.log(\`--- Record \${i + 1} ---\`);
        for (const [key, value] of Object.entries(g)) {
          if (value !== null) console.log(\`  \${key}: \${value}\`);
        }
        const a = Array.isArray(g.assignment) ? g.assignment[0] : g.assignment;
        const preview = fields.map((field) => \`\${field}=\${g[field]}\`).join(', ');
        console.log(\`  \${a?.title || 'N/A'} | \${preview}\`);
      });
    `,
        "const { data } = await supabase.from('classes').select('id, name').limit(5);\nfor (const c of data ?? []) console.log(`- ${c.name}`);",
        // the columns of a row, which every row shares
        "const { data } = await supabase.from(table).select('*').limit(1);\nif (data && data.length > 0) console.log(Object.keys(data[0]).join(', '));",
        // a page of no row: nothing comes back to order
        "const { data, error } = await supabase.from('_migrations').select('*').limit(0);\nshow(data, error);",
        // a page past max-rows is meant to be every row: require-pagination reports it, an order would not help
        `${q}.limit(5000);`,
        `${q}.eq('org', o).range(0, 9999);`,
        "const { error } = await supabase.from('profiles').select('id').limit(1);",
        "const { error, status } = (await supabase.from('profiles').select('id').limit(1)) as Result;",
        "let error;\n({ error } = await supabase.from('profiles').select('id').gt('updated_at', since).limit(1));",
        "const q = supabase.from('profiles').select('id').limit(1);\nconst { error } = await q;",
        "const { count } = await supabase.from('profiles').select('id', { count: 'exact' }).gt('updated_at', since).order('updated_at', { ascending: false }).limit(1);",
        // windows, not cursors: "the latest N in a period" is correct as written
        `${q}.gte('created_at', start).lte('created_at', end).order('created_at', { ascending: false }).limit(3);`,
        `${q}.gte('created_at', start).filter('created_at', 'lt', end).order('created_at', { ascending: false }).limit(3);`,
        "async function recent() {\n  const since = new Date(Date.now() - 90 * 24 * 60 * 60 * 1000).toISOString();\n  return supabase.from('messages').select('*').gte('updated_at', since).order('updated_at', { ascending: false }).limit(30);\n}",
        `${q}.gte('updated_at', subDays(new Date(), 7).toISOString()).order('updated_at', { ascending: false }).limit(30);`,
        `${q}.gte('updated_at', dayjs().subtract(7, 'day').toISOString()).order('updated_at', { ascending: false }).limit(30);`,
        `${q}.gt('updated_at', '2024-01-01').order('updated_at', { ascending: false }).limit(30);`,
        "const { data: now } = await supabase.rpc('get_server_time');\nawait supabase.from('messages').select('*').gt('updated_at', now).order('updated_at', { ascending: false }).limit(30);",
        // a window from a function of the file whose every return comes from the clock
        "function periodStart(p: string): Date {\n  const now = new Date();\n  if (p === 'ytd') return new Date(now.getFullYear(), 0, 1);\n  return new Date(now.getFullYear(), now.getMonth() - 3, 1);\n}\nexport async function rows(p: string) {\n  const { data } = await supabase.from('orders').select('*').gte('created_at', periodStart(p).toISOString()).order('created_at', { ascending: false }).limit(30);\n  return data;\n}",
        "const daysAgo = (days: number) => {\n  const d = new Date();\n  d.setDate(d.getDate() - days);\n  return d.toISOString().slice(0, 10);\n};\nexport async function rows(days: number) {\n  const { data } = await supabase.from('orders').select('*').gte('created_at', daysAgo(days)).order('created_at', { ascending: false }).limit(30);\n  return data;\n}",
        // a `let` given a value from the clock or a constant in every branch, before the read (holdout15 metricon price history)
        dedent`
      export async function priceHistory(storeId: string, period: string | null, limit = 100) {
        let query = supabase.from('price_history').select('*').eq('store_id', storeId)
          .order('created_at', { ascending: false }).limit(limit);
        if (period && period !== 'all') {
          const now = new Date();
          let cutoff: Date;
          if (period === 'today') cutoff = new Date(now.getFullYear(), now.getMonth(), now.getDate());
          else if (period === 'week') cutoff = new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000);
          else cutoff = new Date(0);
          query = query.gte('created_at', cutoff.toISOString());
        }
        const { data } = await query;
        return data ?? [];
      }
    `,
        // Date.parse of the clock, moved back a week
        "const generatedAt = new Date().toISOString();\nconst since = new Date(Date.parse(generatedAt) - 7 * 864e5).toISOString();\nexport const rows = await supabase.from('errors').select('*').gte('created_at', since).order('created_at', { ascending: false }).limit(50);",
      ],
      invalid: [
        // a stored cursor (persisted state with an epoch fallback), not a window: descending skips rows
        keyset(
          "const lastSyncedAt = syncMeta?.lastSyncedAt || new Date(0).toISOString();\nexport const rows = await supabase.from('c').select('*').gt('updated_at', lastSyncedAt).order('updated_at', { ascending: false }).limit(30);",
          "gt('updated_at', lastSyncedAt)",
          'keysetDescending',
          'updated_at',
          "const lastSyncedAt = syncMeta?.lastSyncedAt || new Date(0).toISOString();\nexport const rows = await supabase.from('c').select('*').gt('updated_at', lastSyncedAt).order('updated_at', { ascending: true }).limit(30);",
        ),
        // handed in by a caller as the sync position, with only a lower bound
        keyset(
          "async function pull(since: string) {\n  return supabase.from('c').select('*').gte('updated_at', since).order('updated_at', { ascending: false }).limit(30);\n}",
          "gte('updated_at', since)",
          'keysetDescending',
          'updated_at',
          "async function pull(since: string) {\n  return supabase.from('c').select('*').gte('updated_at', since).order('updated_at', { ascending: true }).limit(30);\n}",
        ),
        // a function of the file that returns stored state on one path: a cursor, not a window
        keyset(
          "function since(): string {\n  const stored = localStorage.getItem('last');\n  if (stored) return stored;\n  return new Date(0).toISOString();\n}\nexport const rows = await supabase.from('c').select('*').gt('updated_at', since()).order('updated_at', { ascending: false }).limit(30);",
          "gt('updated_at', since())",
          'keysetDescending',
          'updated_at',
          "function since(): string {\n  const stored = localStorage.getItem('last');\n  if (stored) return stored;\n  return new Date(0).toISOString();\n}\nexport const rows = await supabase.from('c').select('*').gt('updated_at', since()).order('updated_at', { ascending: true }).limit(30);",
        ),
        // Date.parse of a stored value: a cursor
        keyset(
          "const last = localStorage.getItem('last') ?? '';\nexport const rows = await supabase.from('c').select('*').gt('updated_at', new Date(Date.parse(last)).toISOString()).order('updated_at', { ascending: false }).limit(30);",
          "gt('updated_at', new Date(Date.parse(last)).toISOString())",
          'keysetDescending',
          'updated_at',
          "const last = localStorage.getItem('last') ?? '';\nexport const rows = await supabase.from('c').select('*').gt('updated_at', new Date(Date.parse(last)).toISOString()).order('updated_at', { ascending: true }).limit(30);",
        ),
        // a `let` that holds a stored cursor on one branch: a cursor, not a window
        ...[
          dedent`
        export async function pull(stored: string | null) {
          let since: string;
          if (stored) since = stored;
          else since = new Date(Date.now() - 7 * 864e5).toISOString();
          return supabase.from('c').select('*').gte('updated_at', since).order('updated_at', { ascending: false }).limit(30);
        }
      `,
          // the clock kept from an earlier turn of the loop: a cursor taken from the clock
          dedent`
        export async function poll() {
          let since = new Date(0).toISOString();
          for (;;) {
            const { data } = await supabase.from('c').select('*').gte('updated_at', since).order('updated_at', { ascending: false }).limit(30);
            show(data);
            since = new Date().toISOString();
          }
        }
      `,
          // written in another function: kept state
          dedent`
        let since = new Date(0).toISOString();
        export function mark() {
          since = new Date().toISOString();
        }
        export async function pull() {
          return supabase.from('c').select('*').gte('updated_at', since).order('updated_at', { ascending: false }).limit(30);
        }
      `,
        ].map((code) =>
          keyset(
            code,
            "gte('updated_at', since)",
            'keysetDescending',
            'updated_at',
            code.replace('{ ascending: false }).limit(30)', '{ ascending: true }).limit(30)'),
          ),
        ),
        unordered(`${q}.limit(100);`, 'limit(100)'),
        // text built from the rows and handed on, not printed: what it says may be used
        unordered(
          "const { data } = await supabase.from('visits').select('id').limit(5);\nshow(`rows: ${JSON.stringify(data)}`);",
          'limit(5)',
        ),
        unordered(`${q}.limit(1000);`, 'limit(1000)'),
        // the answers handed on through filter (their rows may be read later), or a race whose data is used
        unordered(
          "const answers = await Promise.all([supabase.from('a').select('x').limit(5)]);\nconst ok = answers.filter((r) => !r.error);\nshow(ok);",
          'limit(5)',
        ),
        unordered(
          "const { data } = await Promise.race([supabase.from('a').select('id').limit(5), timeout(5000)]);\nshow(data);",
          'limit(5)',
        ),
        // an aggregate beside a column is a row per group: which groups come first is up to the server
        unordered(
          "const { data } = await supabase.from('orders').select('customer_id, total.sum()').limit(10);\nshow(data);",
          'limit(10)',
        ),
        // not a drain: the delete is on another table, by other values, or outside the loop; or the page is an offset
        ...[
          "await supabase.from('archive').delete().in('id', ids);",
          "await supabase.from('runs').delete().in('id', pending);",
        ].map((remove) =>
          unordered(
            `while (true) {\n  const { data: batch } = await supabase.from('runs').select('id').limit(500);\n  if (!batch?.length) break;\n  const ids = batch.map((r) => r.id);\n  ${remove}\n  keep(batch);\n}`,
            'limit(500)',
          ),
        ),
        unordered(
          "const { data: batch } = await supabase.from('runs').select('id').limit(500);\nawait supabase.from('runs').delete().in('id', batch.map((r) => r.id));",
          'limit(500)',
        ),
        unordered(
          "for (let page = 0; ; page++) {\n  const { data: batch } = await supabase.from('runs').select('id').range(page * 100, page * 100 + 99);\n  if (!batch?.length) break;\n  await supabase.from('runs').delete().in('id', batch.map((r) => r.id));\n}",
          'range(page * 100, page * 100 + 99)',
        ),
        // printed, and a field of a row also kept, returned, sent or deciding what is done: the order decides that
        ...[
          'data.forEach((r) => {\n  console.log(`- ${r.name}`);\n  ids.push(r.id);\n});',
          'data.forEach((r) => console.log(r.name));\nreturn data[0].id;',
          "console.log(data[0].name);\nconst { data: grades } = await supabase.from('grades').select('*').eq('class_id', data[0].id);\nshow(grades);",
          'data.forEach((r) => {\n  if (r.active) notify(r.email);\n  console.log(r.name);\n});',
          "console.log(data[0].vip ? notify(data[0].email) : 'none');",
          "const lines = data.map((r) => `- ${r.name}`);\nconsole.log(lines.join('\\n'));\nreturn lines;",
          'console.log(data.map((r) => save(r)).length);',
          'data.forEach(printRow);',
          'for (const c of data) await notify(c.id);',
        ].map((use) =>
          unordered(`const { data } = await supabase.from('classes').select('id, name').limit(5);\n${use}`, 'limit(5)'),
        ),
        // a helper that returns the sample to a caller that prints it: the caller is not followed
        unordered(
          dedent`
        async function sampleClasses() {
          const { data } = await supabase.from('classes').select('id, name').limit(5);
          return data;
        }
        console.log(await sampleClasses());
      `,
          'limit(5)',
        ),
        // printed and also used by the code: the use counts, not the print
        unordered(
          "const { data } = await supabase.from('visits').select('id').limit(5);\nconsole.log({ data });\nrender(data);",
          'limit(5)',
        ),
        // the rows are read (data, a rest element, the whole result, one of two executions)
        unordered(
          "const { data, error } = await supabase.from('profiles').select('id').limit(1);\nshow(data);",
          'limit(1)',
        ),
        unordered("const { error, ...rest } = await supabase.from('profiles').select('id').limit(1);", 'limit(1)'),
        unordered("const result = await supabase.from('profiles').select('id').limit(1);\nshow(result);", 'limit(1)'),
        unordered(
          "const result = await supabase.from('profiles').select('id').limit(1);\nshow(result.data);",
          'limit(1)',
        ),
        unordered(
          "const { ['data']: rows } = await supabase.from('profiles').select('id').limit(1);\nshow(rows);",
          'limit(1)',
        ),
        unordered(
          "const q = supabase.from('profiles').select('id').limit(5);\nconst { error } = await q;\nconst { data } = await q;\nshow(data);",
          'limit(5)',
        ),
        // one row's fields: which row is first depends on the order
        unordered(
          "const { data } = await supabase.from('profiles').select('name').limit(1);\nshow(data[0].name);",
          'limit(1)',
        ),
        unordered(
          "const { data } = await supabase.from('profiles').select('name').limit(1);\nshow(data?.[0]?.name);",
          'limit(1)',
        ),
        unordered(
          "const { data: [first] } = await supabase.from('profiles').select('name').limit(1);\nshow(first);",
          'limit(1)',
        ),
        unordered(
          "const { data } = await supabase.from('profiles').select('name').limit(1);\nconst [first] = data ?? [];\nshow(first);",
          'limit(1)',
        ),
        unordered(
          "const { data } = await supabase.from('profiles').select('name').limit(1);\nif (data.length > 0) show(data[0]);",
          'limit(1)',
        ),
        unordered("supabase.from('profiles').select('name').limit(1).then(({ data }) => show(data));", 'limit(1)'),
        // sorted by a field on the client: which rows came (the first 10 in no order) still decides what is shown
        unordered(
          "const { data } = await supabase.from('questions').select('id, score').limit(10);\nshow(data.sort((a, b) => b.score - a.score));",
          'limit(10)',
        ),
        // a mapped copy whose rows are read, or a callback that acts on each row
        unordered(
          "const { data } = await supabase.from('blocks').select('*').limit(10);\nconst shown = data.map((b) => ({ ...b }));\nrender(shown);",
          'limit(10)',
        ),
        unordered(
          "const { data } = await supabase.from('blocks').select('*').limit(10);\nconst sent = data.map((b) => push(b));\nreport(sent.length);",
          'limit(10)',
        ),
        // shuffled in one place, read in order in another
        unordered(
          "const { data } = await supabase.from('questions').select('id').limit(10);\nshow(data.sort(() => Math.random() - 0.5));\nlog(data[3]);",
          'limit(10)',
        ),
        // a matcher that reads what the rows hold
        unordered(
          "const { data } = await client.from('members').select('name').limit(2);\nexpect(data).toEqual([{ name: 'a' }, { name: 'b' }]);",
          'limit(2)',
        ),
        unordered(
          "const { data } = await client.from('members').select('name').limit(2);\nexpect(data).toBeDefined;",
          'limit(2)',
        ),
        unordered(
          "const { data } = await supabase.from('profiles').select('*').limit(1);\nshow(Object.values(data[0]));",
          'limit(1)',
        ),
        unordered("await selectAllPages(() => supabase.from('messages').select('*').limit(500), opts);", 'limit(500)', {
          options: [{ paginators: [] }],
        }),
        unordered(`${q}.range(0, 49);`, 'range(0, 49)'),
        unordered(`${q}.eq('room_id', r).limit(50);`, 'limit(50)'),
        unordered(`${q}.limit(1);`, 'limit(1)'),
        unordered(`${q}.order('id', { referencedTable: 'replies' }).limit(100);`, 'limit(100)'),
        unordered(
          "let q = supabase.from('messages').select('*');\nq = q.eq('room_id', r);\nq.limit(20);\nconst { data } = await q;\nshow(data);",
          'limit(20)',
        ),
        unordered(
          "const q = supabase.from('messages').select('*').limit(20);\nconst { data } = await q;\nshow(data);",
          'limit(20)',
        ),
        unordered("async function list() {\n  return supabase.from('messages').select('*').limit(20);\n}", 'limit(20)'),
        unordered("supabase.from('messages').select('*').limit(20).then(render);", 'limit(20)'),
        unordered(`${q}.gt('price', 10).limit(20);`, 'limit(20)'),
        unordered(`${q}.eq('user_id', u).limit(1);`, 'limit(1)', {
          options: [{ uniqueColumns: { profiles: ['user_id'] } }],
        }),
        unordered("export const rows = await supabase?.from('messages')['select']('*').limit(20);", 'limit(20)'),
        unordered(
          "function Messages() {\n  const q = useQuery({ queryKey: ['m'], queryFn: () => supabase.from('messages').select('*').limit(20) });\n  return <List rows={q.data} />;\n}",
          'limit(20)',
          { filename: 'react.tsx' },
        ),
        keyset(
          `${q}.gt('updated_at', since).limit(100);`,
          "gt('updated_at', since)",
          'keysetNotOrdered',
          'updated_at',
          `${q}.gt('updated_at', since).order('updated_at', { ascending: true }).limit(100);`,
        ),
        keyset(
          `${q}.gte("created_at", since).range(0, 99);`,
          'gte("created_at", since)',
          'keysetNotOrdered',
          'created_at',
          `${q}.gte("created_at", since).order("created_at", { ascending: true }).range(0, 99);`,
        ),
        // past max-rows or not, a keyset read past a cursor must be ordered by it
        keyset(
          `${q}.gt('updated_at', since).order('updated_at', { ascending: false }).limit(5000);`,
          "gt('updated_at', since)",
          'keysetDescending',
          'updated_at',
          `${q}.gt('updated_at', since).order('updated_at', { ascending: true }).limit(5000);`,
        ),
        keyset(
          `${q}.gt('updated_at', since).order('updated_at', { ascending: false }).limit(100);`,
          "gt('updated_at', since)",
          'keysetDescending',
          'updated_at',
          `${q}.gt('updated_at', since).order('updated_at', { ascending: true }).limit(100);`,
        ),
        // postgrest-js reads `ascending` by truthiness: null orders descending
        keyset(
          `${q}.gt('updated_at', since).order('updated_at', { ascending: null }).limit(100);`,
          "gt('updated_at', since)",
          'keysetDescending',
          'updated_at',
          `${q}.gt('updated_at', since).order('updated_at', { ascending: true }).limit(100);`,
        ),
        keyset(
          `${q}.gt('updated_at', since).order('updated_at', { ascending: false, nullsFirst: true }).limit(100);`,
          "gt('updated_at', since)",
          'keysetDescending',
          'updated_at',
          `${q}.gt('updated_at', since).order('updated_at', { ascending: true }).limit(100);`,
        ),
        keyset(
          `${q}.gt('updated_at', since).order('id').limit(100);`,
          "gt('updated_at', since)",
          'keysetOtherFirst',
          'updated_at',
          `${q}.gt('updated_at', since).order('updated_at', { ascending: true }).order('id').limit(100);`,
        ),
        keyset(
          `${q}.gt('updated_at', since).order('id').order('updated_at').limit(100);`,
          "gt('updated_at', since)",
          'keysetOtherFirst',
          'updated_at',
          `${q}.gt('updated_at', since).order('updated_at', { ascending: true }).order('id').limit(100);`,
        ),
        keyset(
          `${q}\n  .gt('updated_at', since)\n  .order('room_id')\n  .order('updated_at', { ascending: false })\n  .limit(100);`,
          "gt('updated_at', since)",
          'keysetOtherFirst',
          'updated_at',
          `${q}\n  .gt('updated_at', since).order('updated_at', { ascending: true })\n  .order('room_id')\n  .limit(100);`,
          { first: "'room_id'" },
        ),
        // a link after a parenthesized, asserted builder goes after the `)`, not inside it on the type
        keyset(
          `export const rows = await (supabase.from('messages').select('*').gt('updated_at', since) as Query).order('id').limit(100);`,
          "gt('updated_at', since)",
          'keysetOtherFirst',
          'updated_at',
          `export const rows = await (supabase.from('messages').select('*').gt('updated_at', since) as Query).order('updated_at', { ascending: true }).order('id').limit(100);`,
        ),
        keyset(
          `${q}.gt('id', lastId).limit(100);`,
          "gt('id', lastId)",
          'keysetNotOrdered',
          'id',
          `${q}.gt('id', lastId).order('id', { ascending: true }).limit(100);`,
        ),
        keyset(
          "let q = supabase.from('messages').select('*');\nq = q.gt('updated_at', since);\nq = q.order('updated_at', { ascending: false });\nconst { data } = await q.limit(100);\nshow(data);",
          "gt('updated_at', since)",
          'keysetDescending',
          'updated_at',
          "let q = supabase.from('messages').select('*');\nq = q.gt('updated_at', since);\nq = q.order('updated_at', { ascending: true });\nconst { data } = await q.limit(100);\nshow(data);",
        ),
        keyset(
          "let q = supabase.from('messages').select('*').limit(100);\nif (since) q = q.gt('updated_at', since);\nconst { data } = await q;\nshow(data);",
          "gt('updated_at', since)",
          'keysetNotOrdered',
          'updated_at',
          "let q = supabase.from('messages').select('*').limit(100);\nif (since) q = q.gt('updated_at', since).order('updated_at', { ascending: true });\nconst { data } = await q;\nshow(data);",
        ),
        keyset(
          "async function deltaSync(since: string) {\n  const { data } = await supabase.from('messages').select('*').gt('updated_at', since).order('updated_at', { ascending: false }).limit(1000);\n  return data;\n}",
          "gt('updated_at', since)",
          'keysetDescending',
          'updated_at',
          "async function deltaSync(since: string) {\n  const { data } = await supabase.from('messages').select('*').gt('updated_at', since).order('updated_at', { ascending: true }).limit(1000);\n  return data;\n}",
        ),
        keyset(
          `${q}.gt('seq', s).limit(100);`,
          "gt('seq', s)",
          'keysetNotOrdered',
          'seq',
          `${q}.gt('seq', s).order('seq', { ascending: true }).limit(100);`,
          { options: [{ cursorColumns: ['seq'] }] },
        ),
        keyset(
          `${q}.gt(\`updated_at\`, since).limit(100);`,
          'gt(`updated_at`, since)',
          'keysetNotOrdered',
          'updated_at',
          `${q}.gt(\`updated_at\`, since).order(\`updated_at\`, { ascending: true }).limit(100);`,
        ),
        keyset(
          "export const rows = await (supabase.from('messages').select('*').gt('updated_at', since) as any).limit(100);",
          "gt('updated_at', since)",
          'keysetNotOrdered',
          'updated_at',
          "export const rows = await (supabase.from('messages').select('*').gt('updated_at', since).order('updated_at', { ascending: true }) as any).limit(100);",
        ),
        keyset(
          `const [{ data }] = await Promise.all([supabase.from('messages').select('*').gt('updated_at', a).limit(10)]);\nshow(data);`,
          "gt('updated_at', a)",
          'keysetNotOrdered',
          'updated_at',
          `const [{ data }] = await Promise.all([supabase.from('messages').select('*').gt('updated_at', a).order('updated_at', { ascending: true }).limit(10)]);\nshow(data);`,
        ),
        keyset(
          `${q}.gt('updated_at', since).order('updated_at', { ascending: false })!.limit(100);`,
          "gt('updated_at', since)",
          'keysetDescending',
          'updated_at',
          `${q}.gt('updated_at', since).order('updated_at', { ascending: true })!.limit(100);`,
        ),
      ],
    },
    PICKS,
  ),
);

javascriptTester().run(
  'require-cursor-order (JavaScript)',
  requireCursorOrder,
  withOptions(
    {
      valid: [
        "const { data } = await supabase.from('messages').select('*').order('id').limit(100);",
        // a check script's sample, printed a line per row
        dedent`
      const { data: students } = await supabase.from('profiles').select('id, full_name').limit(5);
      students.forEach((s) => {
        console.log(\`\${s.full_name}\`);
        console.log(\`  ID: \${s.id}\`);
      });
    `,
      ],
      invalid: [
        unordered(
          "const { data } = await supabase.from('messages').select('*').limit(100);\nshow(data);",
          'limit(100)',
        ),
        keyset(
          "export async function pull(since) {\n  return supabase.from('messages').select('*').gt('updated_at', since).limit(500);\n}",
          "gt('updated_at', since)",
          'keysetNotOrdered',
          'updated_at',
          "export async function pull(since) {\n  return supabase.from('messages').select('*').gt('updated_at', since).order('updated_at', { ascending: true }).limit(500);\n}",
        ),
      ],
    },
    PICKS,
  ),
);

const custom =
  'const db = { from(table: string) { return { select(columns: string) { return { limit(n: number) { return Promise.resolve([table, columns, n]); } }; } }; } };\n';

typedTester().run(
  'require-cursor-order (typed)',
  requireCursorOrder,
  withOptions(
    {
      valid: [
        // a query builder of the project's own with the same method names
        `${custom}export async function list() {\n  return db.from('messages').select('*').limit(10);\n}`,
        `${SUPABASE_CLIENT}export async function list() {\n  return supabase.from('messages').select('*').order('id').limit(10);\n}`,
      ],
      invalid: [
        unordered(
          `${SUPABASE_CLIENT}export async function list() {\n  return supabase.from('messages').select('*').limit(10);\n}`,
          'limit(10)',
        ),
      ],
    },
    PICKS,
  ),
);

typescriptTester().run(
  'require-cursor-order (the typed cases, untyped)',
  requireCursorOrder,
  withOptions(
    {
      valid: [],
      invalid: [
        unordered(
          `${custom}export async function list() {\n  return db.from('messages').select('*').limit(10);\n}`,
          'limit(10)',
        ),
      ],
    },
    PICKS,
  ),
);
