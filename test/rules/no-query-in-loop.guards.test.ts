/**
 * no-query-in-loop: requests a loop sends for keyed items only, as the item's
 * user, on the tables of a written-out list inside a per-item loop, per
 * distinct table, in chunks per table; and a `.in()` applied on one branch.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { type MessageIds, noQueryInLoop, type NoQueryInLoopOptions } from '../../src/rules/no-query-in-loop.js';
import { dedent } from '../dedent.js';
import { at } from './loc.js';
import { javascriptTester, typescriptTester } from './tester.js';

type Case = InvalidTestCase<MessageIds, [NoQueryInLoopOptions]>;

function invalid(code: string, chain: string, messageId: MessageIds, data: Record<string, string>): Case {
  return { code, errors: [{ messageId, data, ...at(code, chain) }] };
}

const forOf = 'for...of loop';
const mapped = '.map() whose promises go to Promise.all';

const keyed = [
  // the one user whose email is a constant: a continue on the others, an `||` of two values, a parameter
  dedent`
    const ADMIN = 'admin@example.com';
    const { data } = await supabase.auth.admin.listUsers();
    for (const u of data?.users ?? []) {
      if (u.email !== ADMIN) continue;
      await supabase.from('orgs').delete().eq('created_by', u.id);
    }
  `,
  dedent`
    const { data: listed } = await admin.auth.admin.listUsers({ perPage: 1000 });
    listed.users.forEach(async (u) => {
      if (u.email === OWNER.email || u.email === GUEST.email) {
        await supabase.from('orgs').delete().eq('created_by', u.id);
      }
    });
  `,
  dedent`
    async function removeFixture(address) {
      const { data } = await admin.auth.admin.listUsers();
      for (const user of data.users) {
        if (user.email !== address) { continue; }
        await supabase.from('orgs').delete().eq('created_by', user.id);
      }
    }
  `,
  // an id equal to the one being edited, in a callback and behind an `&&`
  "rows.forEach((row) => {\n  if (row.id === editingId && dirty) supabase.from('rows').update(row).eq('id', row.id).then(done);\n});",
];

const asUser = [
  // each iteration signs in as the item's user, then reads what RLS lets that user see
  dedent`
    for (const account of accounts) {
      await supabase.auth.signInWithPassword({ email: account.email, password: account.password });
      const { data } = await supabase.from('cards').select('id').limit(50);
      seen.set(account.email, data);
    }
  `,
  // a client made with the item's token, directly and through two functions that take it
  dedent`
    for (const session of sessions) {
      const client = createClient(url, anonKey, { global: { headers: { Authorization: \`Bearer \${session.access_token}\` } } });
      await client.from('cards').select('id').limit(50);
    }
  `,
  dedent`
    async function cardsAs(jwt, owner) {
      const client = createClient(url, anonKey, { global: { headers: { Authorization: \`Bearer \${jwt}\` } } });
      return client.from('cards').select('id').eq('owner', owner).limit(50);
    }
    async function boardAs(token, owner) {
      return cardsAs(token, owner);
    }
    for (const row of rows) {
      const { data } = await signIn(row.email);
      const jwt = data.session.access_token;
      await cardsAs(jwt, row.user_id);
      await boardAs(jwt, row.user_id);
    }
  `,
];

const tables = [
  // a reversed, sorted or sliced copy of a written-out list is still written out
  "const TABLES = ['a', 'b', 'c'];\nfor (const table of [...TABLES].reverse()) {\n  await supabase.from(table).delete().eq('company_id', companyId);\n}",
  "const TABLES = ['a', 'b', 'c'];\nfor (const table of TABLES.toReversed()) {\n  await supabase.from(table).delete().eq('company_id', companyId);\n}",
  "const TABLES = ['b', 'a'];\nfor (const table of [...TABLES].sort()) {\n  await supabase.from(table).select('id').eq('company_id', companyId).limit(10);\n}",
  // one request a table: the loop walks a map's keys or an object's entries
  dedent`
    const byTable = new Map();
    for (const row of rows) byTable.set(row.table, [...(byTable.get(row.table) ?? []), row]);
    for (const [table, group] of byTable) {
      await supabase.from(table).upsert(group);
    }
  `,
  "for (const [table, change] of Object.entries(changes)) {\n  await supabase.from(table).update(change).eq('id', id);\n}",
  dedent`
    class Batcher {
      group(requests) {
        const grouped = new Map();
        for (const r of requests) grouped.set(r.table, r);
        return grouped;
      }
      async run(requests) {
        for (const [table, group] of this.group(requests)) await this.runTable(table, group);
      }
      async runTable(table, group) {
        await supabase.from(table).select('*').eq('id', group.id).maybeSingle();
      }
    }
  `,
  // the rows go in chunks to each table of a list known at run time
  dedent`
    async function write(tables, rows) {
      for (const table of tables) {
        for (let i = 0; i < rows.length; i += 500) {
          const chunk = rows.slice(i, i + 500);
          await supabase.from(table).insert(chunk);
        }
      }
    }
  `,
];

const nested = dedent`
  const TABLES = ['products', 'sales'];
  for (const company of companies) {
    for (const table of TABLES) {
      const { data } = await supabase.from(table).select('*').eq('company_id', company.id).limit(500);
      backup[table] = data;
    }
  }
`;

const sameTableGroup = dedent`
  async function runTable(table, requests) {
    return Promise.allSettled(
      requests.map(async (request) => {
        let query = supabase.from(table).select(request.select);
        for (const [key, value] of Object.entries(request.filters)) {
          if (Array.isArray(value)) query = query.in(key, value);
          else query = query.eq(key, value);
        }
        return query;
      }),
    );
  }
`;

const dispatched = [
  // a dispatch on the kind of each recipient: each branch once per kind
  dedent`
    async function recipients(kinds: string[], employeeId: string, clientId: string) {
      const ids = new Set<string>();
      for (const r of kinds) {
        if (r === 'employee' && employeeId) {
          const { data } = await supabase.from('employees').select('user_id').eq('id', employeeId).maybeSingle();
          if (data?.user_id) ids.add(data.user_id);
        } else if (r === 'hr' || r === 'admin') {
          const { data: roles } = await supabase.from('user_roles').select('user_id').eq('client_id', clientId).limit(50);
          (roles ?? []).forEach((x) => ids.add(x.user_id));
        }
      }
      return ids;
    }
  `,
  dedent`
    for (const channel of settings.channels) {
      switch (channel) {
        case 'email':
          await supabase.rpc('queue_email', { id });
          break;
        case 'sms':
          await supabase.rpc('queue_sms', { id });
          break;
      }
    }
  `,
  // a claim loop: the next candidate is tried only when this claim failed
  dedent`
    let claimed = null;
    for (const candidate of candidates) {
      const { data, error } = await supabase
        .from('jobs')
        .update({ status: 'running' })
        .eq('id', candidate.id)
        .eq('status', candidate.status)
        .select()
        .single();
      if (data && !error) {
        claimed = data;
        break;
      }
    }
  `,
  // batches taken by index, each handed whole
  dedent`
    const batches = chunk(ids, 200);
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i];
      await supabase.rpc('delete_leads', { ids: batch });
    }
  `,
];

const invalidCases: Case[] = [
  // one value compared, no dispatch: every item equal to it gets its own request
  invalid(
    "for (const s of statuses) {\n  if (s === 'paid') await supabase.rpc('notify_paid', { id });\n}",
    "supabase.rpc('notify_paid', { id })",
    'rpcInLoop',
    { fn: "'notify_paid'", loop: forOf },
  ),
  // success only counted, the loop goes on: one update per candidate
  invalid(
    "let n = 0;\nfor (const c of candidates) {\n  const { data } = await supabase.from('jobs').update({ seen: true }).eq('id', c.id).select().single();\n  if (data) {\n    n++;\n  }\n}",
    "supabase.from('jobs').update({ seen: true }).eq('id', c.id).select().single()",
    'changeInLoop',
    { table: "'jobs'", loop: forOf, method: 'update' },
  ),
  // a check on the row found that throws: the loop goes on while every check passes
  invalid(
    "for (const item of items) {\n  const { data: product } = await supabase.from('products').select('stock').eq('id', item.id).single();\n  if (product && item.qty > product.stock) {\n    throw new Error('short');\n  }\n}",
    "supabase.from('products').select('stock').eq('id', item.id).single()",
    'readInLoop',
    { table: "'products'", loop: forOf },
  ),
  // the loop stops on a failure: a request per item while they succeed
  invalid(
    "for (const c of candidates) {\n  const { error } = await supabase.from('jobs').update({ seen: true }).eq('id', c.id);\n  if (error) break;\n}",
    "supabase.from('jobs').update({ seen: true }).eq('id', c.id)",
    'changeInLoop',
    { table: "'jobs'", loop: forOf, method: 'update' },
  ),
  // a field that may repeat among the items: every pending order still gets its own update
  invalid(
    "for (const o of orders) {\n  if (o.status === 'pending') await supabase.from('orders').update({ seen: true }).eq('id', o.id);\n}",
    "supabase.from('orders').update({ seen: true }).eq('id', o.id)",
    'changeInLoop',
    { table: "'orders'", loop: forOf, method: 'update' },
  ),
  // an email column of a table's rows may repeat (only Supabase Auth keeps its users' emails unique)
  invalid(
    "const { data: orders } = await supabase.from('orders').select('id, email').limit(100);\nfor (const o of orders) {\n  if (o.email === me.email) await supabase.from('orders').update({ seen: true }).eq('id', o.id);\n}",
    "supabase.from('orders').update({ seen: true }).eq('id', o.id)",
    'changeInLoop',
    { table: "'orders'", loop: forOf, method: 'update' },
  ),
  // a value that changes from item to item is no key selection
  invalid(
    "for (const u of users) {\n  if (u.id !== u.owner_id) continue;\n  await supabase.from('orgs').delete().eq('created_by', u.id);\n}",
    "supabase.from('orgs').delete().eq('created_by', u.id)",
    'changeInLoop',
    { table: "'orgs'", loop: forOf, method: 'delete' },
  ),
  // a client the loop does not make from the item: the same session for every request
  invalid(
    "async function cardsAs(jwt, owner) {\n  const client = createClient(url, anonKey, { global: { headers: { Authorization: `Bearer ${jwt}` } } });\n  return client.from('cards').select('id').eq('owner', owner).limit(50);\n}\nfor (const row of rows) {\n  await cardsAs(serviceJwt, row.user_id);\n}",
    'cardsAs(serviceJwt, row.user_id)',
    'callInLoop',
    {
      callee: 'cardsAs',
      count: 'a request each time it runs',
      requests: "select from 'cards'",
      loop: forOf,
      perItem: 'a request per item',
    },
  ),
  // a client handed in as it is (an object of callbacks made per item): not a session made from the item
  invalid(
    "async function ingest(row, deps) {\n  const { error } = await deps.rpc('ingest_message', { p_id: row.id });\n  return error;\n}\nfor (const row of rows) {\n  const seen = row.provider_id;\n  await ingest(row, { rpc: (fn, args) => supabase.rpc(fn, { ...args, seen }) });\n}",
    'ingest(row, { rpc: (fn, args) => supabase.rpc(fn, { ...args, seen }) })',
    'callInLoop',
    {
      callee: 'ingest',
      count: 'a request each time it runs',
      requests: "rpc('ingest_message')",
      loop: forOf,
      perItem: 'a request per item',
    },
  ),
  // a sign-in with nothing of the item: the same user each time
  invalid(
    "for (const note of notes) {\n  await supabase.auth.signInWithPassword(adminCredentials);\n  await supabase.from('notes').update({ seen: true }).eq('id', note.id);\n}",
    "supabase.from('notes').update({ seen: true }).eq('id', note.id)",
    'changeInLoop',
    { table: "'notes'", loop: forOf, method: 'update' },
  ),
  // the tables of a written-out list, walked once per company: per company, not on a table the item names
  invalid(nested, "supabase.from(table).select('*').eq('company_id', company.id).limit(500)", 'tablesPerItem', {
    method: 'select',
    loop: forOf,
  }),
  // a short list walked inside the per-item loop: the request runs again for each of its entries
  invalid(
    "const KINDS = ['open', 'closed'];\nfor (const company of companies) {\n  for (const kind of KINDS) {\n    await supabase.from('tickets').select('id').eq('company_id', company.id).eq('kind', kind).limit(50);\n  }\n}",
    "supabase.from('tickets').select('id').eq('company_id', company.id).eq('kind', kind).limit(50)",
    'readInLoop',
    { table: "'tickets'", loop: `${forOf} (and again for each entry of the short list walked inside it)` },
  ),
  // a reversed copy of a list written out empty and filled with push holds whatever fills it
  invalid(
    "const users = [];\nfor (const row of rows) users.push(await createUser(row));\nfor (const user of users.reverse()) {\n  await supabase.from('profiles').delete().eq('id', user.id);\n}",
    "supabase.from('profiles').delete().eq('id', user.id)",
    'changeInLoop',
    { table: "'profiles'", loop: forOf, method: 'delete' },
  ),
  // a list of pairs, not a map: two items may name the same table
  invalid(
    'for (const [table, row] of pairs) {\n  await supabase.from(table).insert(row);\n}',
    'supabase.from(table).insert(row)',
    'tablePerItem',
    { method: 'insert', loop: forOf },
  ),
  // chunks of an item's own rows, one table: the items' rows go in one insert (chunked) for all of them
  invalid(
    "for (const user of users) {\n  for (let i = 0; i < user.rows.length; i += 500) {\n    await supabase.from('rows').insert(user.rows.slice(i, i + 500));\n  }\n}",
    "supabase.from('rows').insert(user.rows.slice(i, i + 500))",
    'insertInLoop',
    { table: "'rows'", loop: forOf, method: 'insert' },
  ),
  // a `.in()` on one branch only: the other branch sends a lookup of one value per request
  invalid(sameTableGroup, 'supabase.from(table).select(request.select)', 'readInLoop', {
    table: 'a table named at run time',
    loop: mapped,
  }),
];

typescriptTester().run('no-query-in-loop: keys, sessions, tables (TypeScript)', noQueryInLoop, {
  valid: [...keyed, ...asUser, ...tables, ...dispatched],
  invalid: invalidCases,
});

javascriptTester().run('no-query-in-loop: keys, sessions, tables (JavaScript)', noQueryInLoop, {
  valid: [...keyed, ...asUser, ...tables],
  invalid: invalidCases,
});
