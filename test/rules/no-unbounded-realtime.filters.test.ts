/**
 * no-unbounded-realtime, filters that are missing or do nothing (issue 12,
 * item 4): a filter that may be absent and the calls that pass none, a filter
 * on DELETE events, an `in` list longer than Realtime accepts, an operator
 * Realtime filters do not support.
 */
import { type MessageIds, noUnboundedRealtime } from '../../src/rules/no-unbounded-realtime.js';
import { at } from './loc.js';
import { javascriptTester, typescriptTester } from './tester.js';

const OPERATORS = 'eq, neq, lt, lte, gt, gte, in, like, ilike, is, match, imatch, isdistinct, not';
/** What a self-hosted Realtime server older than mid-2026 takes. */
const OLD_OPERATORS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in'];

/** Where the report is: `needle` (its `occurrence`-th), or for `'filter }'` the shorthand property `filter` in it. */
function where(code: string, needle: string, occurrence = 1) {
  const found = at(code, needle, occurrence);
  return needle === 'filter }' ? { ...found, endColumn: found.column + 'filter'.length } : found;
}

function one(code: string, messageId: MessageIds, needle: string, data: Record<string, unknown>, occurrence = 1) {
  return { code, errors: [{ messageId, data, ...where(code, needle, occurrence) }] };
}

const hook = (params: string, config: string, before = '') =>
  [
    `export function useRealtime(${params}) {`,
    '  useEffect(() => {',
    before,
    `    const channel = supabase.channel('changes').on('postgres_changes', ${config}, onChange).subscribe();`,
    '    return () => {',
    '      supabase.removeChannel(channel);',
    '    };',
    '  }, [table, filter]);',
    '}',
  ]
    .filter(Boolean)
    .join('\n');

const NO_SCHEMA = 'No schema was found to say which (the rule reads supabase/migrations).';

const list = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(',');

typescriptTester().run('no-unbounded-realtime: filters', noUnboundedRealtime, {
  valid: [
    // a required filter
    hook('table: string, filter: string', "{ event: '*', schema: 'public', table: 'messages', filter }"),
    // an optional filter the hook tests first
    hook(
      'table: string, filter?: string',
      "{ event: '*', schema: 'public', table: 'messages', filter }",
      '    if (!filter) return;',
    ),
    hook(
      '{ table, filter }: { table: string; filter?: string }',
      "{ event: 'INSERT', schema: 'public', table: 'messages', filter }",
      '    if (filter === undefined) return;',
    ),
    // a conditional spread under a guard
    hook(
      'table: string, filter?: string',
      "{ event: '*', schema: 'public', table: 'messages', ...(filter && { filter }) }",
      '    if (!filter) {\n      return;\n    }',
    ),
    // an optional property with a default
    hook(
      "{ table, filter = 'room_id=eq.1' }: { table: string; filter?: string }",
      "{ event: '*', schema: 'public', table: 'messages', filter }",
    ),
    // a property whose type the rule cannot see
    hook('{ table, filter }: Props', "{ event: '*', schema: 'public', table: 'messages', filter }"),
    // supported operators, an `in` list of 100
    "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'scores', filter: 'points=gte.10' }, cb);",
    "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'scores', filter: 'id=neq.' + id }, cb);",
    `supabase.channel('c').on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'rooms', filter: 'id=in.(${list(100)})' }, cb);`,
    // a computed operator, a builder object: not judged
    "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: `id=${op}.${v}` }, cb);",
    "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: postgresChangesFilter().eq('id', 1) }, cb);",
    // DELETE without a filter is the unfiltered-table report's business; INSERT with a filter is fine
    "supabase.channel('c').on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'rooms', filter: `id=eq.${id}` }, cb);",
    // the server's pattern, null and negated operators
    "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: `name=ilike.${q}%` }, cb);",
    "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: 'archived_at=is.null' }, cb);",
    "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: 'status=not.eq.done,kind=not.in.(a,b)' }, cb);",
    // an operator added through the option
    {
      code: "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: 'name=like.a%' }, cb);",
      options: [{ operators: ['eq', 'like'] }],
    },
    // an allowed table
    {
      code: "supabase.channel('c').on('postgres_changes', { event: 'DELETE', schema: 'public', table: 'flags', filter: 'owner_id=eq.1' }, cb);",
      options: [{ allowTables: ['flags'] }],
    },
    // a DELETE filter on id, the primary key of a table no schema describes as far as anyone writes one
    "supabase.channel('c').on('postgres_changes', { event: 'DELETE', schema: 'public', table: 'rooms', filter: `id=eq.${id}` }, cb);",
    "supabase.channel('c').on('postgres_changes', { event: 'DELETE', schema: 'public', table: 'rooms', filter: 'id=in.(1,2,3)' }, cb);",
    // a DELETE filter whose column is computed at run time: not judged
    "supabase.channel('c').on('postgres_changes', { event: 'DELETE', schema: 'public', table: 'rooms', filter: `${column}=eq.${id}` }, cb);",
    "supabase.channel('c').on('postgres_changes', { event: 'DELETE', schema: 'public', table: 'rooms', filter: roomFilter }, cb);",
  ],
  invalid: [
    one(
      hook('table: string, filter?: string', "{ event: '*', schema: 'public', table: 'messages', filter }"),
      'optionalFilter',
      'filter }',
      { table: "'messages'", source: 'filter' },
    ),
    one(
      hook('table: string, filter = undefined', "{ event: '*', schema: 'public', table: 'messages', filter }"),
      'optionalFilter',
      'filter }',
      { table: "'messages'", source: 'filter' },
    ),
    one(
      hook(
        '{ table, filter }: { table: string; filter?: string }',
        "{ event: '*', schema: 'public', table: 'messages', filter }",
      ),
      'optionalFilter',
      'filter }',
      { table: "'messages'", source: 'filter' },
      2,
    ),
    one(
      `interface Props {\n  table: string;\n  filter?: string;\n}\n${hook('options: Props', "{ event: '*', schema: 'public', table: 'messages', filter: options.filter }")}`,
      'optionalFilter',
      'filter: options.filter',
      { table: "'messages'", source: 'options.filter' },
    ),
    one(
      hook(
        'table: string, filter?: string',
        "{ event: '*', schema: 'public', table: 'messages', ...(filter && { filter }) }",
      ),
      'optionalFilter',
      '...(filter && { filter })',
      { table: "'messages'", source: 'filter' },
    ),
    one(
      "const filter = roomId ? `room_id=eq.${roomId}` : undefined;\nsupabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter }, cb);",
      'optionalFilter',
      'filter }',
      { table: "'messages'", source: 'filter' },
    ),
    // the calls of the same file that pass none
    {
      code: `${hook('table: string, filter?: string', "{ event: '*', schema: 'public', table: 'messages', filter }")}\nfunction Feed() {\n  useRealtime('messages');\n  useRealtime('messages', \`room_id=eq.\${id}\`);\n  useRealtime('messages', undefined);\n}`,
      errors: [
        { messageId: 'optionalFilter', data: { table: "'messages'", source: 'filter' } },
        { messageId: 'callWithoutFilter', data: { table: "'messages'", callee: 'useRealtime' }, line: 10, column: 3 },
        { messageId: 'callWithoutFilter', data: { table: "'messages'", callee: 'useRealtime' }, line: 12, column: 3 },
      ],
    },
    {
      code: `${hook('{ table, filter }: { table: string; filter?: string }', "{ event: '*', schema: 'public', table: 'messages', filter }")}\nfunction Feed() {\n  useRealtime({ table: 'messages' });\n  useRealtime({ table: 'messages', filter: 'room_id=eq.1' });\n  useRealtime({ table: 'messages', ...rest });\n}`,
      errors: [
        { messageId: 'optionalFilter', data: { table: "'messages'", source: 'filter' } },
        {
          messageId: 'callWithoutFilter',
          data: { table: "'messages'", callee: 'useRealtime' },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 37,
        },
      ],
    },
    // a DELETE filter on a column the old record may not hold: no schema says rooms' key or replica identity
    one(
      "supabase.channel('c').on('postgres_changes', { event: 'DELETE', schema: 'public', table: 'rooms', filter: `owner_id=eq.${id}` }, cb);",
      'deleteFilterUnknown',
      'filter: `owner_id=eq.${id}`',
      { table: "'rooms'", columns: "'owner_id'", is: 'is', unknown: NO_SCHEMA },
    ),
    // on a filter spread in on one branch: on that branch no delete ever arrives
    one(
      "supabase.channel('c').on('postgres_changes', { event: 'DELETE', schema: 'public', table: 'rooms', ...(id && { filter: `owner_id=eq.${id}` }) }, cb);",
      'deleteFilterUnknown',
      '...(id && { filter: `owner_id=eq.${id}` })',
      { table: "'rooms'", columns: "'owner_id'", is: 'is', unknown: NO_SCHEMA },
    ),
    // two conditions, neither on id
    one(
      "supabase.channel('c').on('postgres_changes', { event: 'DELETE', schema: 'public', table: 'rooms', filter: `owner_id=eq.${id},kind=eq.open` }, cb);",
      'deleteFilterUnknown',
      'filter: `owner_id=eq.${id},kind=eq.open`',
      { table: "'rooms'", columns: "'owner_id' and 'kind'", is: 'are', unknown: NO_SCHEMA },
    ),
    // more values than Realtime accepts
    one(
      `supabase.channel('c').on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'rooms', filter: 'id=in.(${list(101)})' }, cb);`,
      'inTooMany',
      `'id=in.(${list(101)})'`,
      { values: 101, max: 100 },
    ),
    {
      code: "const ids = [1, 2, 3];\nsupabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: `id=in.(${ids.join(',')})` }, cb);",
      options: [{ maxInValues: 2 }],
      errors: [{ messageId: 'inTooMany', data: { values: 3, max: 2 }, line: 2, column: 102 }],
    },
    // operators Realtime filters do not take
    {
      ...one(
        "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: `name=ilike.${q}%` }, cb);",
        'unsupportedOperator',
        '`name=ilike.${q}%`',
        { operator: 'ilike', operators: OLD_OPERATORS.join(', ') },
      ),
      options: [{ operators: OLD_OPERATORS }],
    },
    one(
      "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: 'tags=cs.{a}' }, cb);",
      'unsupportedOperator',
      "'tags=cs.{a}'",
      { operator: 'cs', operators: OPERATORS },
    ),
    // a negation, on a server without `not`; and the negation of an operator the server does not take
    {
      ...one(
        "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: 'status=not.eq.done' }, cb);",
        'unsupportedOperator',
        "'status=not.eq.done'",
        { operator: 'not.eq', operators: OLD_OPERATORS.join(', ') },
      ),
      options: [{ operators: OLD_OPERATORS }],
    },
    one(
      "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: 'tags=not.cs.{a}' }, cb);",
      'unsupportedOperator',
      "'tags=not.cs.{a}'",
      { operator: 'not.cs', operators: OPERATORS },
    ),
  ],
});

javascriptTester().run('no-unbounded-realtime: filters (JavaScript)', noUnboundedRealtime, {
  valid: [
    // without types, a destructured property is not known to be optional
    "export function useRealtime({ table, filter }) {\n  supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter }, cb).subscribe();\n}",
  ],
  invalid: [
    one(
      "export function useRealtime(table, filter = undefined) {\n  supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter }, cb).subscribe();\n}",
      'optionalFilter',
      'filter }',
      { table: "'messages'", source: 'filter' },
    ),
    one(
      "supabase.channel('c').on('postgres_changes', { event: 'DELETE', schema: 'public', table: 'rooms', filter: 'owner_id=eq.' + id }, cb);",
      'deleteFilterUnknown',
      "filter: 'owner_id=eq.' + id",
      { table: "'rooms'", columns: "'owner_id'", is: 'is', unknown: NO_SCHEMA },
    ),
  ],
});

typescriptTester().run('no-unbounded-realtime: what guards an optional filter', noUnboundedRealtime, {
  valid: [
    hook(
      'table: string, filter?: string',
      "{ event: '*', schema: 'public', table: 'messages', filter }",
      '    if (!supabase || !filter) {\n      return;\n    }',
    ),
    "export function listen(filter?: string) {\n  return filter && supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter }, cb).subscribe();\n}",
    "export function listen(filter?: string) {\n  if (filter) {\n    supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter }, cb).subscribe();\n  }\n}",
  ],
  invalid: [
    // a test that only names the channel does not guard the subscription
    one(
      hook(
        'table: string, filter?: string',
        "{ event: '*', schema: 'public', table: 'messages', filter }",
        "    const name = filter ? `rt:${filter}` : 'rt';",
      ),
      'optionalFilter',
      'filter }',
      { table: "'messages'", source: 'filter' },
    ),
    // an early return on another condition
    one(
      hook(
        'table: string, filter?: string',
        "{ event: '*', schema: 'public', table: 'messages', filter }",
        '    if (!table) return;\n    if (filter) console.log(filter);',
      ),
      'optionalFilter',
      'filter }',
      { table: "'messages'", source: 'filter' },
    ),
  ],
});
