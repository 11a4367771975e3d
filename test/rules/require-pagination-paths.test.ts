/**
 * Issue 12, item 5: a row bound applied on one branch only leaves the read
 * unbounded on the other path; the report names that path.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import {
  type MessageIds,
  requirePagination,
  type RequirePaginationOptions,
} from '../../src/rules/require-pagination.js';
import { at } from './loc.js';
import { javascriptTester, typescriptTester } from './tester.js';

type Case = InvalidTestCase<MessageIds, [RequirePaginationOptions]>;

/**
 * A report on `chain` naming `bound` and `path`, with both suggestions inserted after `chain`; each suggestion
 * orders by the first unique column first (`order`) when the read has no order, so that applying it does not
 * make require-cursor-order report.
 */
function invalid(
  code: string,
  chain: string,
  bound: string,
  path: string,
  target = "'messages'",
  order = ".order('id')",
): Case {
  const end = code.indexOf(chain) + chain.length;
  const insert = (text: string) => code.slice(0, end) + text + code.slice(end);
  return {
    code,
    errors: [
      {
        messageId: 'unboundedOnPath',
        data: { target, bound, path, maxRows: '1,000' },
        ...at(code, chain),
        suggestions: [
          { messageId: 'addLimit', data: { pageSize: 100, order }, output: insert(`${order}.limit(100)`) },
          { messageId: 'addRange', data: { last: 99, order }, output: insert(`${order}.range(0, 99)`) },
        ],
      },
    ],
  };
}

const valid = [
  // bounded on both branches
  "let q = supabase.from('messages').select('*');\nif (id) q = q.eq('id', id);\nelse q = q.limit(50);\nconst { data } = await q;\nshow(data);",
  "let q = supabase.from('messages').select('*');\nif (id) { q = q.eq('id', id); } else { q = q.range(0, 49); }\nconst { data } = await q;\nshow(data);",
  // bounded before the branch, or in the chain
  "let q = supabase.from('messages').select('*').limit(100);\nif (room) q = q.eq('room_id', room);\nconst { data } = await q;",
  "let q = supabase.from('messages').select('*');\nq = q.limit(100);\nif (id) q = q.eq('id', id);\nconst { data } = await q;\nshow(data);",
  // the branch that sends is the bounded one
  "const q = supabase.from('messages').select('*');\nif (id) {\n  const { data } = await q.eq('id', id);\n  return data;\n}",
  "let q = supabase.from('messages').select('*');\nif (id) {\n  q = q.eq('id', id);\n  const { data } = await q;\n  return data;\n}",
  // a bound written in the awaited expression
  "const q = supabase.from('messages').select('*');\nconst { data } = await (one ? q.eq('id', id) : q.limit(20));\nshow(data);",
  // a guard for test mocks that a real builder always passes (Bounty, holdout12): the bound always applies
  "let q = supabase.from('messages').select('*');\nif (typeof q.range === 'function') q = q.range(0, 49);\nconst { data } = await q;\nshow(data);",
  "let q = supabase.from('messages').select('*');\nif (typeof q.limit !== 'function') {\n  log('mock');\n} else {\n  q = q.limit(50);\n}\nconst { data } = await q;\nshow(data);",
  "let q = supabase.from('messages').select('*');\nif ('range' in q) q = q.range(0, 49);\nconst { data } = await q;\nshow(data);",
  "let q = supabase.from('messages').select('*');\nif (!('limit' in q)) throw new Error('mock');\nelse q = q.limit(50);\nconst { data } = await q;\nshow(data);",
  "let q = supabase.from('messages').select('*');\ntypeof q.limit === 'function' && (q = q.limit(50));\nconst { data } = await q;\nshow(data);",
];

const invalids: Case[] = [
  // an if/else-if chain bounded on every branch but the last: the path named is the last test's, not a nested one
  // whose else applies a bound too
  invalid(
    "let q = supabase.from('messages').select('*');\nif (isCode) {\n  if (/^\\d+$/.test(code)) q = q.eq('id', Number(code));\n  else q = q.eq('id', -1);\n} else if (isPhone) {\n  q = q.eq('id', phoneId);\n} else {\n  q = q.ilike('body', `%${term}%`);\n}\nconst { data } = await q;\nshow(data);",
    "supabase.from('messages').select('*')",
    "`.eq('id')`",
    'when `isPhone` is false,',
  ),
  invalid(
    "let q = supabase.from('messages').select('*');\nif (!isAdmin) q = q.eq('id', userId);\nconst { data } = await q;\nshow(data);",
    "supabase.from('messages').select('*')",
    "`.eq('id')`",
    'when `!isAdmin` is false,',
  ),
  invalid(
    "let query = supabase.from('messages').select('*');\nif (filter.id) {\n  query = query.eq('id', filter.id);\n} else {\n  query = query.eq('room_id', filter.room);\n}\nconst { data } = await query;",
    "supabase.from('messages').select('*')",
    "`.eq('id')`",
    'when `filter.id` is false,',
  ),
  invalid(
    "let q = supabase.from('messages').select('*');\nif (all) {\n  q = q.order('id');\n} else {\n  q = q.limit(20);\n}\nconst { data } = await q;\nshow(data);",
    "supabase.from('messages').select('*')",
    '`.limit()`',
    'when `all` is true,',
    "'messages'",
    '', // ordered on that path already
  ),
  invalid(
    "const base = supabase.from('messages').select('*');\nconst q = one ? base.single() : base;\nconst { data } = await q;",
    "supabase.from('messages').select('*')",
    '`.single()`',
    'when `one` is false,',
  ),
  invalid(
    "let q = supabase.from('messages').select('*');\nswitch (mode) {\n  case 'one':\n    q = q.eq('id', id);\n    break;\n  default:\n    break;\n}\nconst { data } = await q;\nshow(data);",
    "supabase.from('messages').select('*')",
    "`.eq('id')`",
    'for the other cases of `switch (mode)`,',
  ),
  // a mock guard inside a real condition (Bounty's getAllWithDetailsBatch, holdout12): the outer test is the path
  invalid(
    "let q = supabase.from('messages').select('*');\nif (opts?.page && opts?.pageSize) {\n  const from = (opts.page - 1) * opts.pageSize;\n  if (typeof q.range === 'function') q = q.range(from, from + opts.pageSize - 1);\n}\nconst { data } = await q;\nshow(data);",
    "supabase.from('messages').select('*')",
    '`.range()`',
    'when `opts?.page && opts?.pageSize` is false,',
  ),
  // a test of another object's method, or of a method the builder does not have, is a real branch
  invalid(
    "let q = supabase.from('messages').select('*');\nif (typeof api.range === 'function') q = q.range(0, 49);\nconst { data } = await q;\nshow(data);",
    "supabase.from('messages').select('*')",
    '`.range()`',
    "when `typeof api.range === 'function'` is false,",
  ),
  invalid(
    "let q = supabase.from('messages').select('*');\nif (typeof q.paginate === 'function') q = q.limit(50);\nconst { data } = await q;\nshow(data);",
    "supabase.from('messages').select('*')",
    '`.limit()`',
    "when `typeof q.paginate === 'function'` is false,",
  ),
  // the guard's failing side is the one that bounds: the bound never applies
  invalid(
    "let q = supabase.from('messages').select('*');\nif (typeof q.range !== 'function') q = q.limit(50);\nconst { data } = await q;\nshow(data);",
    "supabase.from('messages').select('*')",
    '`.limit()`',
    "when `typeof q.range !== 'function'` is false,",
  ),
  // the request sent after the bounded branch returned
  invalid(
    "const q = supabase.from('messages').select('*');\nif (id) {\n  const { data } = await q.eq('id', id);\n  return data;\n}\nconst { data } = await q;",
    "supabase.from('messages').select('*')",
    "`.eq('id')`",
    'when `id` is false,',
  ),
];

typescriptTester().run('require-pagination: bounds on one path only (TypeScript)', requirePagination, {
  valid,
  invalid: invalids,
});

/** espree parses modules: a top-level `return` is an error there */
const moduleLevel = (item: string | Case) => !(typeof item === 'string' ? item : item.code).includes('return');

javascriptTester().run('require-pagination: bounds on one path only (JavaScript)', requirePagination, {
  valid: valid.filter(moduleLevel),
  invalid: invalids.filter(moduleLevel),
});
