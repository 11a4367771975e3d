import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { type MessageIds, noQueryInLoop, type NoQueryInLoopOptions } from '../../src/rules/no-query-in-loop.js';
import { at } from './loc.js';
import { javascriptTester, SUPABASE_CLIENT, typedTester, typescriptTester } from './tester.js';

type Options = [NoQueryInLoopOptions];
type Case = InvalidTestCase<MessageIds, Options>;

function invalid(
  code: string,
  chain: string,
  messageId: MessageIds,
  data: Record<string, string>,
  extra: Partial<Case> = {},
): Case {
  return { code, errors: [{ messageId, data, ...at(code, chain) }], ...extra };
}

const forOf = 'for...of loop';

const valid: (string | ValidTestCase<Options>)[] = [
  // one request for the whole list
  "const { data } = await supabase.from('profiles').select('*').in('id', ids);",
  "await supabase.from('todos').insert(rows);",
  // code no run reaches: a constant written out false above it, or the negation of one written out true
  "const MANUALLY = false;\nfor (const lead of leads) {\n  if (MANUALLY) { await supabase.from('leads').update({ owner: me }).eq('id', lead.id); }\n}",
  "const BLOCKED = true;\nfor (const lead of leads) {\n  if (!BLOCKED && lead.hot) { await supabase.from('leads').update({ owner: me }).eq('id', lead.id); }\n}",
  "const OFF = false;\nfor (const lead of leads) {\n  const done = OFF ? await supabase.from('leads').delete().eq('id', lead.id) : null;\n  log(done);\n}",
  // a write per group: the loop's item is a list whose rows each request sends (a chunk, a batch)
  "for (const chunk of chunks) {\n  await supabase.from('products').upsert(chunk.map(toRow), { onConflict: 'sku' });\n}",
  "await Promise.all(batches.map((batch) => supabase.from('logs').insert(batch.filter((r) => r.ok))));",
  // the rows of one group of a map, filled from the group in the body: one insert per group
  "for (const [tenant, events] of byTenant) {\n  const rows = [];\n  for (const event of events) {\n    if (!event.audit) continue;\n    rows.push({ tenant_id: tenant, event_id: event.id });\n  }\n  if (rows.length === 0) continue;\n  await supabase.from('audit_chain').insert(rows);\n}",
  "for (let i = 0; i < batches.length; i++) {\n  const batch = batches[i];\n  const rows = batch.map(({ row }) => row);\n  await supabase.from('products').upsert(rows);\n}",
  // every tenth item (a progress report), not every item
  "let done = 0;\nfor (const row of rows) {\n  done++;\n  if (done % 10 === 0 && jobId) await supabase.from('jobs').update({ done }).eq('id', jobId);\n}",
  "await Promise.all(\n  rows.map(async (row, i) => {\n    if (!(i % 100)) await supabase.from('jobs').update({ done: i }).eq('id', jobId);\n  }),\n);",
  // a written-out list mapped one for one keeps its length
  "const REQUIRED = [{ type: 'terms' }, { type: 'privacy' }];\nconst rows = REQUIRED.map((c) => ({ user_id: u, consent_type: c.type }));\nfor (const row of rows) {\n  await supabase.from('consents').upsert(row, { onConflict: 'user_id,consent_type' });\n}",
  // a written-out list walked by index
  "const CASES = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];\nfor (let i = 0; i < CASES.length; i++) { await supabase.from('cases').insert(CASES[i]); }",
  // a short written-out list
  "for (const table of ['todos', 'notes']) { await supabase.from(table).delete().eq('user_id', userId); }",
  "const TABLES = ['todos', 'notes'] as const;\nfor (const table of TABLES) { await supabase.from(table).select('*').eq('user_id', userId).limit(10); }",
  "for (const [key, value] of Object.entries({ a: 1, b: 2 })) { await supabase.from('settings').upsert({ key, value }); }",
  "await Promise.all(['todos', 'notes'].map((table) => supabase.from(table).delete().eq('user_id', userId)));",
  // after a statement that always leaves the iteration (both branches continue)
  "for (const lead of leads) {\n  if (lead.hot) { hot.push(lead); continue; } else { continue; }\n  await supabase.from('leads').update({ owner: me }).eq('id', lead.id);\n}",
  // a .map whose callback sends, itself after an always-taken continue
  "for (const lead of leads) {\n  const MANUALLY = true;\n  if (MANUALLY) continue;\n  await Promise.all(lead.teams.map((team) => supabase.rpc('best_assignee', { team })));\n}",
  // written-out lists spread together
  "const CORE = ['profiles', 'orders'];\nconst AUDIT = ['audit_log'];\nfor (const table of [...CORE, ...AUDIT]) { await supabase.from(table).select('*', { count: 'exact', head: true }); }",
  // a list capped at a few items (at most 3): .slice(0, N) or rows read with .limit(N), N a constant or a parameter every call passes one for
  "const MAX_TASKS = 2;\nconst { data: tasks } = await supabase.from('tasks').select('*').eq('state', 'ready').limit(MAX_TASKS);\nfor (const task of tasks ?? []) { await supabase.from('tasks').update({ state: 'running' }).eq('id', task.id); }",
  "const { data: tasks } = await supabase.from('tasks').select('*').limit(1);\nawait Promise.all(tasks.map((task) => supabase.from('tasks').update({ state: 'running' }).eq('id', task.id)));",
  "async function drain(rows, atOnce) {\n  let ready = rows.filter((row) => row.ready);\n  ready = ready.slice(0, atOnce);\n  for (const task of ready) { await supabase.from('tasks').update({ state: 'running' }).eq('id', task.id); }\n}\nconst AT_ONCE = 1;\nawait drain(rows, AT_ONCE);",
  // a written-out list handed to a function only this module calls, or taken from a written-out spec by a loop
  "const SPEC = { todos: ['id', 'title'], notes: ['id', 'body'] };\nasync function checkColumns(table, columns) {\n  for (const column of columns) {\n    const { error } = await supabase.from(table).select(column).limit(1);\n    if (error) missing.push(column);\n  }\n}\nfor (const [table, columns] of Object.entries(SPEC)) await checkColumns(table, columns);",
  "const TABLES = { templates: { alternateNames: ['prompt_templates'] }, runs: {} };\nasync function analyze(name, spec) {\n  if (spec.alternateNames) {\n    for (const alt of spec.alternateNames) { const { error } = await supabase.from(alt).select('id').limit(1); if (!error) return alt; }\n  }\n  return name;\n}\nfor (const [name, spec] of Object.entries(TABLES)) await analyze(name, spec);",
  // batches, not items
  "for (const chunk of chunks) { await supabase.from('todos').insert(chunk); }",
  "for (const batch of batches) { await supabase.rpc('save_rows', { rows: batch }); }",
  // once it has run the loop is left: at most once per run
  "async function sendFirst(docs) {\n  for (const doc of docs) {\n    if (doc.ready) {\n      await supabase.from('docs').update({ state: 'sent' }).eq('id', doc.id);\n      return doc.id;\n    }\n  }\n}",
  "for (const doc of docs) {\n  if (!doc.ready) continue;\n  await supabase.from('docs').update({ state: 'sent' }).eq('id', doc.id);\n  break;\n}",
  // a return leaves the loops around it too; an inner loop left by its break, in a loop over a written-out list
  "async function settle(deposits) {\n  for (const dep of deposits) {\n    for (const tx of dep.txs) {\n      await supabase.from('deposits').update({ tx: tx.hash }).eq('id', dep.id);\n      return;\n    }\n  }\n}",
  "for (const currency of ['BTC', 'LTC']) {\n  for (const tx of txs) {\n    await supabase.from('deposits').update({ tx: tx.hash }).eq('currency', currency);\n    break;\n  }\n}",
  // only on failure: error telemetry in a catch, or under a test of a response's error (or the else of its absence)
  "for (const id of ids) {\n  const res = await storage.remove(id);\n  if (!res.error) removed++;\n  else await supabase.from('app_errors').insert({ message: res.error.message });\n}",
  "for (const file of files) {\n  try { await upload(file); } catch (e) { await supabase.from('app_errors').insert({ message: String(e) }); }\n}",
  "for (const file of files) {\n  const { error } = await storage.upload(file.path, file.body);\n  if (error) await supabase.from('app_errors').insert({ message: error.message });\n}",
  "for (const { chunk, source } of chunks) { const rows = [...chunk]; await supabase.from('todos').insert(rows); }",
  "for (let i = 0; i < rows.length; i += 500) { await supabase.from('todos').insert(rows.slice(i, i + 500)); }",
  // a property of a constant object, a class field set to a written-out list, a filtered list
  "const config = { tiers: { free: 1, pro: 2 } };\nfor (const tier of Object.keys(config.tiers)) { await supabase.from('users').select('id').eq('tier', tier).limit(100); }",
  "class Notifier {\n  phones = [process.env.A, process.env.B].filter(Boolean);\n  async run() { for (const phone of this.phones) { await supabase.from('sent').insert({ phone }); } }\n}",
  // one request per group of ids (a batch each)
  "await Promise.all(Object.entries(idsByTable).map(async ([table, ids]) => { await supabase.from(table).delete().in('id', ids); }));",
  // pages of one read
  "let from = 0;\nwhile (rows.length === 1000) { const { data } = await supabase.from('todos').select('*').range(from, from + 999); rows = data; from += 1000; }",
  "for (let page = 0; page < pages; page++) { await supabase.from('todos').select('*').range(page * 100, page * 100 + 99); }",
  // retries and polling are not per item
  "for (let attempt = 0; attempt < 3; attempt++) { const { error } = await supabase.from('jobs').select('id').eq('id', id).single(); if (!error) break; }",
  "while (!done) { const { data } = await supabase.from('jobs').select('status').eq('id', id).single(); done = data.status === 'done'; }",
  // built in the loop, sent once after it
  "let q = supabase.from('todos').select('*');\nfor (const f of filters) q = q.eq(f.column, f.value);\nawait q;",
  // a function defined in a loop is not run by the loop
  "for (const item of items) { handlers.push(async () => { await supabase.from('todos').select('*').eq('id', item.id); }); }",
  // .map whose promises are not combined (a list of builders to hand on)
  "const queries = items.map((item) => supabase.from('todos').select('*').eq('id', item.id));",
  // not PostgREST: Storage, drizzle
  "for (const file of files) { await supabase.storage.from('avatars').update(file.path, file.body); }",
  // not PostgREST
  'for (const item of items) { await Array.from(item).map(String); }',
  'for (const row of rows) { await db.select().from(users).where(eq(users.id, row.id)); }',
  // options
  {
    code: "for (const row of rows) { await supabase.from('todos').insert(row); }",
    options: [{ checkWrites: false }],
  },
  {
    code: "for (const id of ids) { await supabase.rpc('touch', { id }); }",
    options: [{ checkRpc: false }],
  },
];

typescriptTester().run('no-query-in-loop (TypeScript)', noQueryInLoop, {
  valid,
  invalid: [
    // a flag that is not a constant written out (a let, an environment value) may be on
    invalid(
      "let manually = false;\nmanually = process.argv.includes('--manual');\nfor (const lead of leads) {\n  if (manually) { await supabase.from('leads').update({ owner: me }).eq('id', lead.id); }\n}",
      "supabase.from('leads').update({ owner: me }).eq('id', lead.id)",
      'changeInLoop',
      { table: "'leads'", loop: forOf, method: 'update' },
    ),
    invalid(
      "const MANUALLY = process.env.MANUAL === '1';\nfor (const lead of leads) {\n  if (MANUALLY) { await supabase.from('leads').update({ owner: me }).eq('id', lead.id); }\n}",
      "supabase.from('leads').update({ owner: me }).eq('id', lead.id)",
      'changeInLoop',
      { table: "'leads'", loop: forOf, method: 'update' },
    ),
    // not a group: a field of the item (each parent's children: one insert of all of them replaces it); the item itself is below
    invalid(
      "for (const order of orders) {\n  await supabase.from('order_items').insert(order.items.map((i) => ({ ...i, order_id: order.id })));\n}",
      "supabase.from('order_items').insert(order.items.map((i) => ({ ...i, order_id: order.id })))",
      'insertInLoop',
      { table: "'order_items'", loop: forOf, method: 'insert' },
    ),
    // rows filled from a field of the item, or filled outside a loop over the group: not a group's rows
    invalid(
      "for (const order of orders) {\n  const rows = [];\n  for (const line of order.lines) rows.push({ ...line, order_id: order.id });\n  await supabase.from('order_items').insert(rows);\n}",
      "supabase.from('order_items').insert(rows)",
      'insertInLoop',
      { table: "'order_items'", loop: forOf, method: 'insert' },
    ),
    invalid(
      "for (const [tenant, events] of byTenant) {\n  const rows = [];\n  rows.push({ tenant_id: tenant, count: events.length });\n  await supabase.from('tenant_counts').insert(rows);\n}",
      "supabase.from('tenant_counts').insert(rows)",
      'insertInLoop',
      { table: "'tenant_counts'", loop: forOf, method: 'insert' },
    ),
    // a return inside a callback, or a break that leaves only a switch, does not leave the loop
    invalid(
      "docs.forEach(async (doc) => {\n  await supabase.from('docs').update({ state: 'sent' }).eq('id', doc.id);\n  return;\n});",
      "supabase.from('docs').update({ state: 'sent' }).eq('id', doc.id)",
      'changeInLoop',
      { table: "'docs'", loop: '.forEach() callback', method: 'update' },
    ),
    invalid(
      "for (const doc of docs) {\n  switch (doc.kind) {\n    case 'a':\n      await supabase.from('docs').update({ state: 'sent' }).eq('id', doc.id);\n      break;\n  }\n}",
      "supabase.from('docs').update({ state: 'sent' }).eq('id', doc.id)",
      'changeInLoop',
      { table: "'docs'", loop: forOf, method: 'update' },
    ),
    // a break that leaves only an inner loop: at most once per run of it, so once per item of the loop around it
    // (holdout15 darknode monitor-deposits: the first matching transaction of each pending deposit)
    {
      code: "for (const dep of pending) {\n  const txs = await chainTxs(dep.address);\n  for (const tx of txs) {\n    if (tx.amount <= 0) continue;\n    await supabase.from('deposits').update({ status: 'completed' }).eq('id', dep.id);\n    await supabase.from('wallets').update({ balance: tx.amount }).eq('user_id', dep.user_id);\n    break;\n  }\n}",
      errors: [
        {
          messageId: 'changeInLoop',
          data: { table: "'deposits'", loop: forOf, method: 'update' },
          ...at(
            "for (const dep of pending) {\n  const txs = await chainTxs(dep.address);\n  for (const tx of txs) {\n    if (tx.amount <= 0) continue;\n    await supabase.from('deposits').update({ status: 'completed' }).eq('id', dep.id);\n    await supabase.from('wallets').update({ balance: tx.amount }).eq('user_id', dep.user_id);\n    break;\n  }\n}",
            "supabase.from('deposits').update({ status: 'completed' }).eq('id', dep.id)",
          ),
        },
        {
          messageId: 'changeInLoop',
          data: { table: "'wallets'", loop: forOf, method: 'update' },
          ...at(
            "for (const dep of pending) {\n  const txs = await chainTxs(dep.address);\n  for (const tx of txs) {\n    if (tx.amount <= 0) continue;\n    await supabase.from('deposits').update({ status: 'completed' }).eq('id', dep.id);\n    await supabase.from('wallets').update({ balance: tx.amount }).eq('user_id', dep.user_id);\n    break;\n  }\n}",
            "supabase.from('wallets').update({ balance: tx.amount }).eq('user_id', dep.user_id)",
          ),
        },
      ],
    },
    invalid(
      "for (const user of users) {\n  for (const kind of ['email', 'push']) {\n    await supabase.from('notices').insert({ user_id: user.id, kind });\n    break;\n  }\n}",
      "supabase.from('notices').insert({ user_id: user.id, kind })",
      'insertInLoop',
      { table: "'notices'", loop: forOf, method: 'insert' },
    ),
    {
      code: "async function settle(dep) {\n  await supabase.from('deposits').update({ status: 'completed' }).eq('id', dep.id);\n}\nfor (const dep of pending) {\n  for (const tx of dep.txs) {\n    if (!tx.confirmed) continue;\n    await settle(dep);\n    break;\n  }\n}",
      errors: [
        {
          messageId: 'callInLoop',
          data: {
            callee: 'settle',
            count: 'a request each time it runs',
            requests: "update on 'deposits'",
            loop: forOf,
            perItem: 'a request per item',
          },
          ...at(
            "async function settle(dep) {\n  await supabase.from('deposits').update({ status: 'completed' }).eq('id', dep.id);\n}\nfor (const dep of pending) {\n  for (const tx of dep.txs) {\n    if (!tx.confirmed) continue;\n    await settle(dep);\n    break;\n  }\n}",
            'settle(dep)',
            2,
          ),
        },
      ],
    },
    // a read that depends on nothing of the loop: the same rows N times, sent once before the loop is the fix
    invalid(
      "const STATUS = 'open';\nfor (const user of users) {\n  const { data: rules } = await supabase.from('reward_rules').select('*').eq('status', STATUS);\n  award(user, rules);\n}",
      "supabase.from('reward_rules').select('*').eq('status', STATUS)",
      'sameReadInLoop',
      { table: "'reward_rules'", loop: forOf },
    ),
    // a value the loop changes, a call in the chain, or a write in the loop: not the same request each time
    invalid(
      "let page = 0;\nfor (const user of users) {\n  page += 1;\n  const { data } = await supabase.from('reward_rules').select('*').eq('page', page);\n  award(user, data);\n}",
      "supabase.from('reward_rules').select('*').eq('page', page)",
      'readInLoop',
      { table: "'reward_rules'", loop: forOf },
    ),
    invalid(
      "for (const user of users) {\n  const { data } = await supabase.from('reward_rules').select('*').gte('starts_at', new Date().toISOString());\n  award(user, data);\n}",
      "supabase.from('reward_rules').select('*').gte('starts_at', new Date().toISOString())",
      'readInLoop',
      { table: "'reward_rules'", loop: forOf },
    ),
    invalid(
      "for (const user of users) {\n  await supabase.from('awards').insert({ user_id: user.id });\n  const { count } = await supabase.from('awards').select('*');\n  show(count);\n}",
      "supabase.from('awards').select('*')",
      'readInLoop',
      { table: "'awards'", loop: forOf },
      { options: [{ checkWrites: false, checkRpc: true }] },
    ),
    // the else of a test that there IS an error runs when there is none: every item
    invalid(
      "for (const id of ids) {\n  const res = await storage.remove(id);\n  if (res.error) failed++;\n  else await supabase.from('removed').insert({ id });\n}",
      "supabase.from('removed').insert({ id })",
      'insertInLoop',
      { table: "'removed'", loop: forOf, method: 'insert' },
    ),
    // the try block runs for every item; a branch on the data, not the error, too
    invalid(
      "for (const file of files) {\n  try { await supabase.from('uploads').insert({ path: file.path }); } catch (e) { console.error(e); }\n}",
      "supabase.from('uploads').insert({ path: file.path })",
      'insertInLoop',
      { table: "'uploads'", loop: forOf, method: 'insert' },
    ),
    invalid(
      "for (const file of files) {\n  const { data } = await storage.upload(file.path, file.body);\n  if (data) await supabase.from('uploads').insert({ path: data.path });\n}",
      "supabase.from('uploads').insert({ path: data.path })",
      'insertInLoop',
      { table: "'uploads'", loop: forOf, method: 'insert' },
    ),
    // a row made from the text chunk (the chunk a value of an object), sent per chunk
    invalid(
      "for (const chunkText of textChunks) {\n  await supabase.from('results').insert({ content: chunkText, source: url });\n}",
      "supabase.from('results').insert({ content: chunkText, source: url })",
      'insertInLoop',
      { table: "'results'", loop: forOf, method: 'insert' },
    ),
    // names that say batches are no exemption by themselves: one row made from each text chunk is one per item
    invalid(
      "for (const { chunk, score } of allChunks) {\n  await supabase.from('passages').insert({ text: chunk.text, score });\n}",
      "supabase.from('passages').insert({ text: chunk.text, score })",
      'insertInLoop',
      { table: "'passages'", loop: forOf, method: 'insert' },
    ),
    invalid(
      "for (const page of pages) {\n  await supabase.from('docs').update({ title: page.title }).eq('slug', page.slug);\n}",
      "supabase.from('docs').update({ title: page.title }).eq('slug', page.slug)",
      'changeInLoop',
      { table: "'docs'", loop: forOf, method: 'update' },
    ),
    // every other item is still per item; a % test that is not the branch the request is in, too
    invalid(
      "for (const [i, row] of rows.entries()) {\n  if (i % 2 === 0) await supabase.from('rows').update({ even: true }).eq('id', row.id);\n}",
      "supabase.from('rows').update({ even: true }).eq('id', row.id)",
      'changeInLoop',
      { table: "'rows'", loop: forOf, method: 'update' },
    ),
    invalid(
      "for (const [i, row] of rows.entries()) {\n  if (i % 10 === 0) log(i);\n  else await supabase.from('rows').update({ seen: true }).eq('id', row.id);\n}",
      "supabase.from('rows').update({ seen: true }).eq('id', row.id)",
      'changeInLoop',
      { table: "'rows'", loop: forOf, method: 'update' },
    ),
    // a list written out empty and filled with push holds as many items as what fills it
    invalid(
      "const rows = [];\nfor (const user of users) rows.push({ user_id: user.id });\nfor (let i = 0; i < rows.length; i++) {\n  await supabase.from('todos').insert(rows[i]);\n}",
      "supabase.from('todos').insert(rows[i])",
      'insertInLoop',
      { table: "'todos'", loop: 'for loop', method: 'insert' },
    ),
    invalid(
      "const rows = [];\nfor (const user of users) rows.push({ user_id: user.id });\nfor (const row of rows) {\n  await supabase.from('todos').insert(row);\n}",
      "supabase.from('todos').insert(row)",
      'insertInLoop',
      { table: "'todos'", loop: forOf, method: 'insert' },
    ),
    invalid(
      "for (const id of ids) {\n  const { data } = await supabase.from('profiles').select('*').eq('id', id).single();\n  names.push(data.name);\n}",
      "supabase.from('profiles').select('*').eq('id', id).single()",
      'readInLoop',
      { table: "'profiles'", loop: forOf },
    ),
    invalid(
      "for (const row of rows) {\n  await supabase.from('todos').insert(row);\n}",
      "supabase.from('todos').insert(row)",
      'insertInLoop',
      { table: "'todos'", loop: forOf, method: 'insert' },
    ),
    invalid(
      "for (const row of rows) {\n  await supabase.from('todos').upsert(row, { onConflict: 'id' });\n}",
      "supabase.from('todos').upsert(row, { onConflict: 'id' })",
      'insertInLoop',
      { table: "'todos'", loop: forOf, method: 'upsert' },
    ),
    invalid(
      "for (const id of ids) {\n  await supabase.from('todos').update({ done: true }).eq('id', id);\n}",
      "supabase.from('todos').update({ done: true }).eq('id', id)",
      'changeInLoop',
      { table: "'todos'", loop: forOf, method: 'update' },
    ),
    invalid(
      "for (const key in byId) {\n  await supabase.from(tableName).delete().eq('id', key);\n}",
      "supabase.from(tableName).delete().eq('id', key)",
      'changeInLoop',
      { table: 'a table named at run time', loop: 'for...in loop', method: 'delete' },
    ),
    invalid(
      "for (let i = 0; i < users.length; i++) {\n  await supabase.rpc('recompute_score', { user_id: users[i].id });\n}",
      "supabase.rpc('recompute_score', { user_id: users[i].id })",
      'rpcInLoop',
      { fn: "'recompute_score'", loop: 'for loop' },
    ),
    invalid(
      "while (queue.length > 0) {\n  const job = queue.shift();\n  await supabase.from('jobs').update({ state: 'done' }).eq('id', job.id);\n}",
      "supabase.from('jobs').update({ state: 'done' }).eq('id', job.id)",
      'changeInLoop',
      { table: "'jobs'", loop: 'while loop', method: 'update' },
    ),
    invalid(
      "items.forEach(async (item) => {\n  await supabase.from('items').update({ seen: true }).eq('id', item.id);\n});",
      "supabase.from('items').update({ seen: true }).eq('id', item.id)",
      'changeInLoop',
      { table: "'items'", loop: '.forEach() callback', method: 'update' },
    ),
    invalid(
      "items.forEach((item) => {\n  supabase.from('items').delete().eq('id', item.id).then(report);\n});",
      "supabase.from('items').delete().eq('id', item.id)",
      'changeInLoop',
      { table: "'items'", loop: '.forEach() callback', method: 'delete' },
    ),
    // .map fed to Promise.all: returned builders, async callbacks, through a variable
    invalid(
      "const results = await Promise.all(\n  ids.map((id) => supabase.from('profiles').select('name').eq('id', id).single()),\n);",
      "supabase.from('profiles').select('name').eq('id', id).single()",
      'readInLoop',
      { table: "'profiles'", loop: '.map() whose promises go to Promise.all' },
    ),
    invalid(
      "await Promise.allSettled(\n  rows.map(async (row) => {\n    const { error } = await supabase.from('todos').insert(row);\n    if (error) throw error;\n  }),\n);",
      "supabase.from('todos').insert(row)",
      'insertInLoop',
      { table: "'todos'", loop: '.map() whose promises go to Promise.all', method: 'insert' },
    ),
    invalid(
      "const pending = ids.map((id) => supabase.rpc('touch', { id }));\nawait Promise.all(pending);",
      "supabase.rpc('touch', { id })",
      'rpcInLoop',
      { fn: "'touch'", loop: '.map() whose promises go to Promise.all' },
    ),
    // a builder stored, then sent in the loop; a schema client; a request nested in a retry loop over items
    invalid(
      "for (const user of users) {\n  const q = supabase.schema('app').from('events').select('id').eq('user_id', user.id);\n  const { data } = await q;\n  all.push(...data);\n}",
      "supabase.schema('app').from('events').select('id').eq('user_id', user.id)",
      'readInLoop',
      { table: "'events'", loop: forOf },
    ),
    invalid(
      "for (const user of users) {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    const { error } = await supabase.from('logs').insert({ user_id: user.id });\n    if (!error) break;\n  }\n}",
      "supabase.from('logs').insert({ user_id: user.id })",
      'insertInLoop',
      { table: "'logs'", loop: forOf, method: 'insert' },
    ),
    // a range read once per item is still one request per item
    invalid(
      "for (const room of rooms) {\n  const { data } = await supabase.from('messages').select('*').eq('room_id', room.id).range(0, 9);\n  latest.set(room.id, data);\n}",
      "supabase.from('messages').select('*').eq('room_id', room.id).range(0, 9)",
      'readInLoop',
      { table: "'messages'", loop: forOf },
    ),
    // a spread of a written-out list that is filled with push holds as many items as what fills it
    invalid(
      "const CORE = ['profiles'];\nCORE.push(...extra);\nfor (const table of [...CORE, 'orders']) {\n  await supabase.from(table).delete().eq('user_id', userId);\n}",
      "supabase.from(table).delete().eq('user_id', userId)",
      'tablePerItem',
      { loop: forOf, method: 'delete' },
    ),
    // capped, but not at a few items; an exported function's parameter (callers unknown); a caller passing more
    invalid(
      "const MAX_TASKS = 50;\nconst { data: tasks } = await supabase.from('tasks').select('*').limit(MAX_TASKS);\nfor (const task of tasks) {\n  await supabase.from('tasks').update({ state: 'running' }).eq('id', task.id);\n}",
      "supabase.from('tasks').update({ state: 'running' }).eq('id', task.id)",
      'changeInLoop',
      { table: "'tasks'", loop: forOf, method: 'update' },
    ),
    invalid(
      "export async function drain(rows, atOnce) {\n  const ready = rows.slice(0, atOnce);\n  for (const task of ready) {\n    await supabase.from('tasks').update({ state: 'running' }).eq('id', task.id);\n  }\n}\nawait drain(rows, 1);",
      "supabase.from('tasks').update({ state: 'running' }).eq('id', task.id)",
      'changeInLoop',
      { table: "'tasks'", loop: forOf, method: 'update' },
    ),
    invalid(
      "async function drain(rows, atOnce) {\n  const ready = rows.slice(0, atOnce);\n  for (const task of ready) {\n    await supabase.from('tasks').update({ state: 'running' }).eq('id', task.id);\n  }\n}\nawait drain(rows, 1);\nawait drain(rows, 20);",
      "supabase.from('tasks').update({ state: 'running' }).eq('id', task.id)",
      'changeInLoop',
      { table: "'tasks'", loop: forOf, method: 'update' },
    ),
    // capped before the first pass, then the whole list on the next passes of the loop around it
    invalid(
      "let ready = items.slice(0, 2);\nwhile (more()) {\n  for (const task of ready) {\n    await supabase.from('tasks').update({ state: 'running' }).eq('id', task.id);\n  }\n  ready = items;\n}",
      "supabase.from('tasks').update({ state: 'running' }).eq('id', task.id)",
      'changeInLoop',
      { table: "'tasks'", loop: forOf, method: 'update' },
    ),
    // .limit on an embedded resource bounds only that resource
    invalid(
      "const { data: tasks } = await supabase.from('tasks').select('*, runs(*)').limit(1, { referencedTable: 'runs' });\nfor (const task of tasks) {\n  await supabase.from('tasks').update({ state: 'running' }).eq('id', task.id);\n}",
      "supabase.from('tasks').update({ state: 'running' }).eq('id', task.id)",
      'changeInLoop',
      { table: "'tasks'", loop: forOf, method: 'update' },
    ),
    // a for...of over a collection of more than the written-out items
    invalid(
      "for (const table of [...TABLES, extra]) {\n  await supabase.from(table).delete().eq('user_id', userId);\n}",
      "supabase.from(table).delete().eq('user_id', userId)",
      'tablePerItem',
      { loop: forOf, method: 'delete' },
    ),
    // a parameter one call gives a list known at run time; an exported function's (callers unknown)
    invalid(
      "const SPEC = { todos: ['id', 'title'] };\nasync function checkColumns(table, columns) {\n  for (const column of columns) {\n    await supabase.from(table).select(column).limit(1);\n  }\n}\nfor (const [table, columns] of Object.entries(SPEC)) await checkColumns(table, columns);\nawait checkColumns('users', await listColumns('users'));",
      'supabase.from(table).select(column).limit(1)',
      'readInLoop',
      { table: 'a table named at run time', loop: forOf },
    ),
    invalid(
      "export async function analyze(spec) {\n  for (const alt of spec.alternateNames) {\n    await supabase.from(alt).select('id').limit(1);\n  }\n}\nawait analyze({ alternateNames: ['a', 'b'] });",
      "supabase.from(alt).select('id').limit(1)",
      'tablePerItem',
      { loop: forOf, method: 'select' },
    ),
    // the item of a loop over rows read at run time
    invalid(
      "const { data: specs } = await supabase.from('specs').select('columns').limit(100);\nfor (const spec of specs) {\n  for (const column of spec.columns) {\n    await supabase.from('todos').select(column).limit(1);\n  }\n}",
      "supabase.from('todos').select(column).limit(1)",
      'readInLoop',
      { table: "'todos'", loop: forOf },
    ),
    // after a continue the file's constant always takes, nothing in the iteration runs: the insert before it is sent
    invalid(
      "for (const lead of leads) {\n  const MANUALLY = true;\n  if (MANUALLY) {\n    await supabase.from('leads').insert({ id: lead.id, status: 'orphan' });\n    continue;\n  }\n  await supabase.from('leads').update({ owner: me }).eq('id', lead.id);\n}",
      "supabase.from('leads').insert({ id: lead.id, status: 'orphan' })",
      'insertInLoop',
      { table: "'leads'", loop: forOf, method: 'insert' },
    ),
    // a continue under a condition the file does not fix leaves the rest live
    {
      code: "for (const lead of leads) {\n  if (lead.manual) {\n    continue;\n  }\n  await supabase.from('leads').update({ owner: me }).eq('id', lead.id);\n}",
      errors: [{ messageId: 'changeInLoop', data: { table: "'leads'", loop: forOf, method: 'update' } }],
    },
    // a table each item names, from a list known at run time: no `.in()` advice (rows of different tables)
    invalid(
      "const { data: tables } = await supabase.rpc('list_tables');\nfor (const t of tables) {\n  const { count } = await supabase.from(t.name).select('*', { count: 'exact', head: true });\n  counts[t.name] = count;\n}",
      "supabase.from(t.name).select('*', { count: 'exact', head: true })",
      'tablePerItem',
      { loop: forOf, method: 'select' },
    ),
    invalid(
      'await Promise.all(ops.map((op) => supabase.from(op.table).insert(op.row)));',
      'supabase.from(op.table).insert(op.row)',
      'tablePerItem',
      { loop: '.map() whose promises go to Promise.all', method: 'insert' },
    ),
    // through a function that names its table by a parameter: per table when the item gives it, per row otherwise
    invalid(
      "async function rowCount(table) {\n  const { count } = await supabase.from(table).select('*', { count: 'exact', head: true });\n  return count;\n}\nfor (const t of tables) {\n  counts[t] = await rowCount(t);\n}",
      'rowCount(t)',
      'callPerTable',
      { callee: 'rowCount', requests: 'a select', loop: forOf },
    ),
    invalid(
      "async function rowOf(table, id) {\n  const { data } = await supabase.from(table).select('*').eq('id', id).single();\n  return data;\n}\nfor (const id of ids) {\n  rows.push(await rowOf('todos', id));\n}",
      "rowOf('todos', id)",
      'callInLoop',
      {
        callee: 'rowOf',
        count: 'a request each time it runs',
        requests: 'select from a table named at run time',
        loop: forOf,
        perItem: 'a request per item',
      },
    ),
  ],
});

javascriptTester().run('no-query-in-loop (JavaScript)', noQueryInLoop, {
  valid: valid.filter((item) => typeof item !== 'string' || !item.includes(' as const')),
  invalid: [
    invalid(
      "for (const id of ids) {\n  await supabase.from('todos').update({ done: true }).eq('id', id);\n}",
      "supabase.from('todos').update({ done: true }).eq('id', id)",
      'changeInLoop',
      { table: "'todos'", loop: forOf, method: 'update' },
    ),
  ],
});

typedTester().run('no-query-in-loop (typed)', noQueryInLoop, {
  valid: [
    // a `from` that is not supabase-js
    `${SUPABASE_CLIENT}declare const other: { from(t: string): { insert(r: unknown): Promise<void> } };\nexport async function f(rows: unknown[]) { for (const row of rows) { await other.from('t').insert(row); } }`,
  ],
  invalid: [
    invalid(
      `${SUPABASE_CLIENT}export async function f(rows: { id: string }[]) {\n  for (const row of rows) {\n    await supabase.from('todos').delete().eq('id', row.id);\n  }\n}`,
      "supabase.from('todos').delete().eq('id', row.id)",
      'changeInLoop',
      { table: "'todos'", loop: forOf, method: 'delete' },
    ),
  ],
});
