/**
 * no-query-in-loop and a batch the iteration produced: the request already
 * sends an array the body builds, many rows a pass, from a call it awaits
 * that is not a request (a generation, a fetch). Its neighbours stay
 * findings: one row a pass, rows built from the item, rows a request of the
 * iteration read.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { type MessageIds, noQueryInLoop, type NoQueryInLoopOptions } from '../../src/rules/no-query-in-loop.js';
import { at } from './loc.js';
import { javascriptTester } from './tester.js';

type Case = InvalidTestCase<MessageIds, [NoQueryInLoopOptions]>;

const forOf = 'for...of loop';
const tasks = 'const tasks = await loadTasks();\n';

function reported(code: string, chain: string, messageId: MessageIds, data: Record<string, string>): Case {
  return { code: tasks + code, errors: [{ messageId, data, ...at(tasks + code, chain) }] };
}

const insert = "supabase.from('questions').insert(rows)";

javascriptTester().run('no-query-in-loop: a batch the iteration produced', noQueryInLoop, {
  valid: [
    `${tasks}for (const task of tasks) {\n  const items = await generate(task);\n  const rows = [];\n  for (const item of items) rows.push({ task_id: task.id, text: item.text });\n  await ${insert};\n}`,
    `${tasks}for (const task of tasks) {\n  const drafts = await generate(task);\n  const byLang = { en: drafts };\n  const payload = [];\n  for (let i = 0; i < drafts.length; i++) {\n    const d = byLang.en[i];\n    payload.push({ task_id: task.id, text: d.text });\n  }\n  await supabase.rpc('save_questions', { p_rows: payload });\n}`,
    `${tasks}for (const task of tasks) {\n  const parsed = await parseFile(task.path);\n  const rows = parsed.lines.map((line) => ({ task_id: task.id, line }));\n  await ${insert};\n}`,
    // rows of a fetched page, made unique by key in a Map (or a Set) of the iteration, then sent as one array
    `${tasks}for (const task of tasks) {\n  const body = await fetchPage(task.url);\n  const byId = new Map();\n  for (const item of body.items) byId.set(item.sku, { task_id: task.id, sku: item.sku });\n  const rows = Array.from(byId.values());\n  await ${insert};\n}`,
    `${tasks}for (const task of tasks) {\n  const body = await fetchPage(task.url);\n  const seen = new Set();\n  for (const item of body.items) seen.add({ task_id: task.id, sku: item.sku });\n  const rows = [...seen];\n  await ${insert};\n}`,
  ],
  invalid: [
    // a Map of one entry a pass: one row a request
    reported(
      `for (const task of tasks) {\n  const item = await generate(task);\n  const byId = new Map();\n  byId.set(item.id, { task_id: task.id, text: item.text });\n  const rows = Array.from(byId.values());\n  await ${insert};\n}`,
      insert,
      'insertInLoop',
      { table: "'questions'", loop: forOf, method: 'insert' },
    ),
    // one row a pass
    reported(
      `for (const task of tasks) {\n  const item = await generate(task);\n  const rows = [];\n  rows.push({ task_id: task.id, text: item.text });\n  await ${insert};\n}`,
      insert,
      'insertInLoop',
      { table: "'questions'", loop: forOf, method: 'insert' },
    ),
    // rows from the item: one insert of every task's lines does them all
    reported(
      `for (const task of tasks) {\n  const rows = task.lines.map((line) => ({ task_id: task.id, line }));\n  await ${insert};\n}`,
      insert,
      'insertInLoop',
      { table: "'questions'", loop: forOf, method: 'insert' },
    ),
    // rows a function of the project read for the iteration: a request too (reported where it is called)
    {
      code: `${tasks}async function printersOf(station) {\n  const { data } = await supabase.from('printers').select('*').eq('station', station);\n  return data;\n}\nfor (const task of tasks) {\n  const printers = await printersOf(task.station);\n  const rows = printers.map((p) => ({ printer_id: p.id, task_id: task.id }));\n  await ${insert};\n}`,
      errors: [
        {
          messageId: 'callInLoop',
          data: {
            callee: 'printersOf',
            count: 'a request each time it runs',
            requests: "select from 'printers'",
            loop: forOf,
            perItem: 'a request per item',
          },
        },
        { messageId: 'insertInLoop', data: { table: "'questions'", loop: forOf, method: 'insert' } },
      ],
    },
    // rows a request of the iteration read: that read and this insert are both per item
    {
      code: `${tasks}for (const task of tasks) {\n  const { data: old } = await supabase.from('drafts').select('*').eq('task_id', task.id);\n  const rows = old.map((d) => ({ task_id: task.id, text: d.text }));\n  await ${insert};\n}`,
      errors: [
        { messageId: 'readInLoop', data: { table: "'drafts'", loop: forOf } },
        { messageId: 'insertInLoop', data: { table: "'questions'", loop: forOf, method: 'insert' } },
      ],
    },
  ],
});
