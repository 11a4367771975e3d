/**
 * no-query-in-loop and dispatchers: a loop whose per-item call (or body) picks
 * a different operation by a field of the item (an LLM's tool calls, a rule's
 * actions). Two branches sending different requests: no one request does
 * them all, not a finding. Every branch sending the same request, or one
 * branch alone sending one: still a request per item.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { type MessageIds, noQueryInLoop, type NoQueryInLoopOptions } from '../../src/rules/no-query-in-loop.js';
import { at } from './loc.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { javascriptTester, typescriptTester } from './tester.js';

type Case = InvalidTestCase<MessageIds, [NoQueryInLoopOptions]>;

const forOf = 'for...of loop';
const all = '.map() whose promises go to Promise.all';

function one(code: string, chain: string, messageId: MessageIds, data: Record<string, string>, occurrence = 1): Case {
  return { code, errors: [{ messageId, data, ...at(code, chain, occurrence) }] };
}

function each(
  code: string,
  sites: { chain: string; data: Record<string, string>; messageId?: MessageIds }[],
  messageId: MessageIds,
): Case {
  return {
    code,
    errors: sites.map((site) => ({ messageId: site.messageId ?? messageId, data: site.data, ...at(code, site.chain) })),
  };
}

// a switch on the action's kind, each case a different table or operation
const executeAction = `async function executeAction(action, itemId) {
  switch (action.type) {
    case 'move':
      return moveItem(itemId, action.group);
    case 'notify':
      return notify(itemId, action.text);
    case 'tag':
      return addTag(itemId, action.tag);
    default:
      throw new Error('unknown action');
  }
}
async function moveItem(itemId, group) {
  await supabase.from('items').update({ group_id: group }).eq('id', itemId);
}
async function notify(itemId, text) {
  await supabase.from('notifications').insert({ item_id: itemId, text });
}
async function addTag(itemId, tag) {
  await supabase.from('item_tags').upsert({ item_id: itemId, tag });
}
`;

// a run of `if (tool.name === ...) return ...`, on a copy of the parameter, the rest falling to another tool
const runTool = `async function readEvents(tool) {
  const { data } = await supabase.from('events').select('*').eq('org', tool.org);
  return data;
}
async function readPeople(tool) {
  const { data } = await supabase.from('people').select('*').eq('org', tool.org);
  return data;
}
async function runTool(call) {
  const tool = { name: call.name, ...call.arguments };
  if (tool.name === 'events') return readEvents(tool);
  if (tool.name === 'people') return readPeople(tool);
  return supabase.rpc('run_report', { name: tool.name });
}
`;

// a request written in each branch: a lookup of the item by kind
const lookupByKind = `async function sourceOf(payment) {
  switch (payment.source) {
    case 'session':
      return supabase.from('sessions').select('*').eq('id', payment.source_id).single();
    case 'pass':
      return supabase.from('passes').select('*').eq('id', payment.source_id).single();
  }
}
`;

// every kind sends the same request on the same table: a request per item all the same
const sameEverywhere = `async function saveEvent(event) {
  switch (event.kind) {
    case 'click':
      return supabase.from('events').insert({ kind: 'click', at: event.at });
    case 'view':
      return supabase.from('events').insert({ kind: 'view', at: event.at });
    default:
      return supabase.from('events').insert({ kind: 'other', at: event.at });
  }
}
`;

// one branch alone sends a request: the others do local work
const oneBranch = `async function applyChange(change) {
  if (change.op === 'log') {
    console.log(change);
  } else if (change.op === 'save') {
    await supabase.from('changes').insert(change);
  } else {
    pending.push(change);
  }
}
`;

javascriptTester().run('no-query-in-loop: dispatchers', noQueryInLoop, {
  valid: [
    `${executeAction}for (const action of rule.actions) {\n  await executeAction(action, item.id);\n}`,
    `${runTool}const results = await Promise.all(calls.map((call) => runTool(call)));`,
    // the item rebuilt in the callback still is the item
    `${runTool}await Promise.all(defs.map(async (d) => {\n  const { name, ...args } = d;\n  return runTool({ name, arguments: args });\n}));`,
    // a chain in the loop body on a field of the item, its branches calling functions that send different requests
    `${runTool}async function archive(call) {\n  await supabase.rpc('archive_project', { id: call.id });\n}\nfor (const call of calls) {\n  const name = call.name;\n  if (name === 'report') {\n    out.push(await runTool(call));\n  } else if (name === 'archive') {\n    await archive(call);\n  } else {\n    memory.push(call);\n  }\n}`,
  ],
  invalid: [
    // a dispatch loop run per item of another loop: each item of the outer loop still sends the requests
    {
      code: `${executeAction}items.forEach(async (item) => {\n  for (const action of rule.actions) {\n    await executeAction(action, item.id);\n  }\n});`,
      errors: [
        {
          messageId: 'callInLoop',
          data: {
            callee: 'executeAction',
            count: 'requests from 3 places in the code it runs',
            requests:
              "update on 'items' in moveItem(), insert on 'notifications' in notify(), upsert on 'item_tags' in addTag()",
            loop: '.forEach() callback',
            perItem: 'every request it sends is sent again for each item',
          },
        },
      ],
    },
    // a call that does not hand the dispatcher the item: the same action run per item
    one(
      `${executeAction}for (const id of ids) {\n  await executeAction(rule.action, id);\n}`,
      'executeAction(rule.action, id)',
      'callInLoop',
      {
        callee: 'executeAction',
        count: 'requests from 3 places in the code it runs',
        requests:
          "update on 'items' in moveItem(), insert on 'notifications' in notify(), upsert on 'item_tags' in addTag()",
        loop: forOf,
        perItem: 'every request it sends is sent again for each item',
      },
    ),
    one(
      `${sameEverywhere}for (const event of events) {\n  await saveEvent(event);\n}`,
      'saveEvent(event)',
      'callInLoop',
      {
        callee: 'saveEvent',
        count: 'requests from 3 places in the code it runs',
        requests: "insert on 'events', insert on 'events', insert on 'events'",
        loop: forOf,
        perItem: 'every request it sends is sent again for each item',
      },
      2,
    ),
    one(
      `${oneBranch}await Promise.all(changes.map((change) => applyChange(change)));`,
      'applyChange(change)',
      'callInLoop',
      {
        callee: 'applyChange',
        count: 'a request each time it runs',
        requests: "insert on 'changes'",
        loop: all,
        perItem: 'a request per item',
      },
      2,
    ),
    // a chain in the body whose branches all write the same table the same way
    each(
      `for (const row of rows) {\n  if (row.kind === 'a') {\n    await supabase.from('log').insert({ kind: 'a', id: row.id });\n  } else if (row.kind === 'b') {\n    await supabase.from('log').insert({ kind: 'b', id: row.id });\n  }\n}`,
      [
        {
          chain: "supabase.from('log').insert({ kind: 'a', id: row.id })",
          data: { table: "'log'", loop: forOf, method: 'insert' },
        },
        {
          chain: "supabase.from('log').insert({ kind: 'b', id: row.id })",
          data: { table: "'log'", loop: forOf, method: 'insert' },
        },
      ],
      'insertInLoop',
    ),
    // requests written in the branches: a lookup of each item by kind, one `.in()` read per kind replaces them
    each(
      `for (const payment of payments) {\n  if (payment.source === 'session') {\n    payment.session = await supabase.from('sessions').select('*').eq('id', payment.source_id).single();\n  } else if (payment.source === 'pass') {\n    payment.pass = await supabase.from('passes').select('*').eq('id', payment.source_id).single();\n  }\n}`,
      [
        {
          chain: "supabase.from('sessions').select('*').eq('id', payment.source_id).single()",
          data: { table: "'sessions'", loop: forOf },
        },
        {
          chain: "supabase.from('passes').select('*').eq('id', payment.source_id).single()",
          data: { table: "'passes'", loop: forOf },
        },
      ],
      'readInLoop',
    ),
    one(
      `${lookupByKind}await Promise.all(payments.map((payment) => sourceOf(payment)));`,
      'sourceOf(payment)',
      'callInLoop',
      {
        callee: 'sourceOf',
        count: 'requests from 2 places in the code it runs',
        requests: "select from 'sessions', select from 'passes'",
        loop: all,
        perItem: 'every request it sends is sent again for each item',
      },
      2,
    ),
    // a queue of changes to one table (insert a new row, update a changed one): one request per kind does them all
    each(
      `for (const change of changes) {\n  if (change.op === 'new') {\n    await supabase.from('orders').insert(change.row);\n  } else if (change.op === 'edit') {\n    await supabase.from('orders').update(change.row).eq('id', change.id);\n  }\n}`,
      [
        {
          chain: "supabase.from('orders').insert(change.row)",
          data: { table: "'orders'", loop: forOf, method: 'insert' },
        },
        {
          chain: "supabase.from('orders').update(change.row).eq('id', change.id)",
          data: { table: "'orders'", loop: forOf, method: 'update' },
          messageId: 'changeInLoop',
        },
      ],
      'insertInLoop',
    ),
    // a chain on something other than the item: the same operation for every item
    each(
      `for (const row of rows) {\n  if (mode === 'copy') {\n    await supabase.from('copies').insert(row);\n  } else if (mode === 'move') {\n    await supabase.from('moved').insert(row);\n  }\n}`,
      [
        { chain: "supabase.from('copies').insert(row)", data: { table: "'copies'", loop: forOf, method: 'insert' } },
        { chain: "supabase.from('moved').insert(row)", data: { table: "'moved'", loop: forOf, method: 'insert' } },
      ],
      'insertInLoop',
    ),
  ],
});

// across modules (fixtures/loop-dispatch): the dispatcher's branches call operations of another module
const APP = path.resolve(import.meta.dirname, '../../fixtures/loop-dispatch');
const rules = { filename: path.join(APP, 'rules.ts'), code: readFileSync(path.join(APP, 'rules.ts'), 'utf8') };

typescriptTester().run('no-query-in-loop: a dispatcher of another module', noQueryInLoop, {
  valid: [],
  invalid: [
    {
      ...rules,
      // runAction picks moveCard, notifyOwner or logAction: not reported; recordAction logs whatever the kind
      errors: [
        {
          messageId: 'callInLoop',
          data: {
            callee: 'recordAction',
            count: 'requests from one place in the code it runs',
            requests: "insert on 'card_log' in logAction()",
            loop: forOf,
            perItem: 'every request it sends is sent again for each item',
          },
          ...at(rules.code, 'recordAction(action, cardId)'),
        },
      ],
    },
  ],
});
