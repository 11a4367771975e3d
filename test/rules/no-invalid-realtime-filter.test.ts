/**
 * no-invalid-realtime-filter (issue 11, item 2): a Postgres Changes filter on
 * a column the table does not have, as the project's schema tells it
 * (fixtures/schema-rules/realtime: supabase/migrations). Without a schema, or
 * where the schema cannot tell, nothing is reported.
 */
import path from 'node:path';
import { type MessageIds, noInvalidRealtimeFilter } from '../../src/rules/no-invalid-realtime-filter.js';
import { at } from './loc.js';
import { javascriptTester, SUPABASE_CLIENT, typedTester, typescriptTester } from './tester.js';

const project = path.resolve(import.meta.dirname, '../../fixtures/schema-rules/realtime');
/** A file of the fixture project: its schema is found from the file's folders. */
const inProject = (name = 'src/feed.ts') => path.join(project, name);
const migrations = path.join(project, 'supabase/migrations');

const MESSAGES = 'id, room_id, author_id, body, created_at';
const CHAT_MESSAGES = 'id, thread_id, body';
const EVENTS = 'id, kind, actor_id, subject_id, payload, created_at, updated_at, deleted_at and 2 more';

const on = (config: string) => `supabase.channel('c').on('postgres_changes', ${config}, onChange).subscribe();`;

function invalid(
  code: string,
  errors: { messageId: MessageIds; needle: string; data: Record<string, unknown>; occurrence?: number }[],
  filename: string | null = inProject(),
) {
  return {
    code,
    ...(filename === null ? {} : { filename }),
    errors: errors.map(({ messageId, needle, data, occurrence }) => ({
      messageId,
      data,
      ...at(code, needle, occurrence),
    })),
  };
}

const unknown = (table: string, column: string, columns: string) => ({ table, column, columns });

typescriptTester().run('no-invalid-realtime-filter', noInvalidRealtimeFilter, {
  valid: [
    // columns the table has, as a string, a template, a concatenation, an AND list
    { code: on("{ event: '*', schema: 'public', table: 'messages', filter: 'room_id=eq.1' }"), filename: inProject() },
    {
      code: on("{ event: 'INSERT', schema: 'public', table: 'messages', filter: `room_id=eq.${roomId}` }"),
      filename: inProject(),
    },
    {
      code: on("{ event: 'INSERT', schema: 'public', table: 'messages', filter: 'author_id=eq.' + userId }"),
      filename: inProject(),
    },
    {
      code: on(
        "{ event: '*', schema: 'public', table: 'messages', filter: `room_id=eq.${id},created_at=gt.${since}` }",
      ),
      filename: inProject(),
    },
    // a table the migrations index but never create: its columns are unknown
    { code: on("{ event: '*', schema: 'public', table: 'tags', filter: 'label=eq.x' }"), filename: inProject() },
    // schema left out: public
    { code: on("{ event: '*', table: 'messages', filter: 'body=neq.x' }"), filename: inProject() },
    // the column of another schema's table, on that schema
    { code: on("{ event: '*', schema: 'chat', table: 'messages', filter: 'thread_id=eq.4' }"), filename: inProject() },
    // a quoted name, spelled exactly
    {
      code: on("{ event: '*', schema: 'public', table: 'Player', filter: `teamId=eq.${team}` }"),
      filename: inProject(),
    },
    // a config held by a constant
    {
      code: `const config = { event: '*', schema: 'public', table: 'messages', filter: 'room_id=eq.1' } as const;\n${on('config')}`,
      filename: inProject(),
    },
    // a table the schema does not describe, a view whose columns it does not know
    {
      code: on("{ event: '*', schema: 'public', table: 'unknown_table', filter: 'nope=eq.1' }"),
      filename: inProject(),
    },
    { code: on("{ event: '*', schema: 'public', table: 'room_feed', filter: 'nope=eq.1' }"), filename: inProject() },
    // a schema the schema does not describe
    { code: on("{ event: '*', schema: 'audit', table: 'messages', filter: 'nope=eq.1' }"), filename: inProject() },
    // every table, every schema, no table: nothing to check the column against
    { code: on("{ event: '*', schema: 'public', table: '*', filter: 'nope=eq.1' }"), filename: inProject() },
    { code: on("{ event: '*', schema: '*', table: 'messages', filter: 'nope=eq.1' }"), filename: inProject() },
    { code: on("{ event: '*', schema: 'public', filter: 'nope=eq.1' }"), filename: inProject() },
    // a table, a schema or a column the rule cannot read
    { code: on("{ event: '*', schema: 'public', table, filter: 'nope=eq.1' }"), filename: inProject() },
    { code: on("{ event: '*', schema: schemaName, table: 'messages', filter: 'nope=eq.1' }"), filename: inProject() },
    {
      code: on("{ event: '*', schema: 'public', table: 'messages', filter: `${column}=eq.1` }"),
      filename: inProject(),
    },
    { code: on("{ event: '*', schema: 'public', table: 'messages', filter }"), filename: inProject() },
    {
      code: on("{ event: '*', schema: 'public', table: 'messages', filter: postgresChangesFilter().eq('nope', 1) }"),
      filename: inProject(),
    },
    // text that is no condition (Realtime rejects it on its own terms; not this rule's report)
    { code: on("{ event: '*', schema: 'public', table: 'messages', filter: 'undefined' }"), filename: inProject() },
    // a spread after the table may replace it; one before it may carry the filter
    {
      code: on("{ event: '*', schema: 'public', table: 'messages', ...overrides, filter: 'nope=eq.1' }"),
      filename: inProject(),
    },
    {
      code: on("{ event: '*', schema: 'public', table: 'messages', filter: 'nope=eq.1', ...rest }"),
      filename: inProject(),
    },
    // Broadcast and Presence listeners
    {
      code: "supabase.channel('c').on('broadcast', { event: 'nope', filter: 'nope=eq.1' }, cb);",
      filename: inProject(),
    },
    // no schema: the same code is silent outside the project, and with the setting turned off
    on("{ event: '*', schema: 'public', table: 'messages', filter: 'nope=eq.1' }"),
    on("{ event: '*', schema: 'public', table: 'messages', filter: `roomId=eq.${roomId}` }"),
    {
      code: on("{ event: '*', schema: 'public', table: 'messages', filter: 'nope=eq.1' }"),
      filename: inProject(),
      settings: { 'supabase-scale': { schema: false } },
    },
  ],
  invalid: [
    invalid(on("{ event: 'INSERT', schema: 'public', table: 'messages', filter: `room=eq.${roomId}` }"), [
      { messageId: 'unknownColumn', needle: '`room=eq.${roomId}`', data: unknown("'messages'", 'room', MESSAGES) },
    ]),
    // camelCase for a snake_case column: the message names the column
    invalid(on("{ event: 'INSERT', schema: 'public', table: 'messages', filter: `roomId=eq.${roomId}` }"), [
      {
        messageId: 'columnSpeltOtherwise',
        needle: '`roomId=eq.${roomId}`',
        data: { ...unknown("'messages'", 'roomId', MESSAGES), near: 'room_id' },
      },
    ]),
    invalid(on("{ event: '*', schema: 'public', table: 'messages', filter: 'Author_ID=eq.1' }"), [
      {
        messageId: 'columnSpeltOtherwise',
        needle: "'Author_ID=eq.1'",
        data: { ...unknown("'messages'", 'Author_ID', MESSAGES), near: 'author_id' },
      },
    ]),
    // schema left out: public; a concatenation
    invalid(on("{ event: '*', table: 'messages', filter: 'user_id=eq.' + userId }"), [
      {
        messageId: 'unknownColumn',
        needle: "'user_id=eq.' + userId",
        data: unknown("'messages'", 'user_id', MESSAGES),
      },
    ]),
    // every unknown column of an AND list, once each
    invalid(
      on("{ event: '*', schema: 'public', table: 'messages', filter: 'room=eq.1,room_id=eq.1,sent=gt.2,room=neq.3' }"),
      [
        {
          messageId: 'unknownColumn',
          needle: "'room=eq.1,room_id=eq.1,sent=gt.2,room=neq.3'",
          data: unknown("'messages'", 'room', MESSAGES),
        },
        {
          messageId: 'unknownColumn',
          needle: "'room=eq.1,room_id=eq.1,sent=gt.2,room=neq.3'",
          data: unknown("'messages'", 'sent', MESSAGES),
        },
      ],
    ),
    // a negated or unsupported operator: the column is checked all the same
    invalid(on("{ event: '*', schema: 'public', table: 'messages', filter: 'status=not.in.(a,b)' }"), [
      { messageId: 'unknownColumn', needle: "'status=not.in.(a,b)'", data: unknown("'messages'", 'status', MESSAGES) },
    ]),
    // the column is another schema's: the message says which
    invalid(on("{ event: '*', schema: 'public', table: 'messages', filter: `thread_id=eq.${thread}` }"), [
      {
        messageId: 'columnInOtherSchema',
        needle: '`thread_id=eq.${thread}`',
        data: { ...unknown("'messages'", 'thread_id', MESSAGES), other: "'chat.messages'" },
      },
    ]),
    invalid(on("{ event: '*', schema: 'chat', table: 'messages', filter: 'room_id=eq.1' }"), [
      {
        messageId: 'columnInOtherSchema',
        needle: "'room_id=eq.1'",
        data: { ...unknown("'chat.messages'", 'room_id', CHAT_MESSAGES), other: "'messages'" },
      },
    ]),
    // a column the schema knows in no schema
    invalid(on("{ event: '*', schema: 'chat', table: 'messages', filter: 'author=eq.1' }"), [
      {
        messageId: 'unknownColumn',
        needle: "'author=eq.1'",
        data: unknown("'chat.messages'", 'author', CHAT_MESSAGES),
      },
    ]),
    // a quoted name compared exactly; a dropped column is gone
    invalid(on("{ event: '*', schema: 'public', table: 'Player', filter: `teamid=eq.${team}` }"), [
      {
        messageId: 'columnSpeltOtherwise',
        needle: '`teamid=eq.${team}`',
        data: { ...unknown("'Player'", 'teamid', 'playerId, teamId'), near: 'teamId' },
      },
    ]),
    invalid(on("{ event: '*', schema: 'public', table: 'messages', filter: 'thread_id=eq.1' }"), [
      {
        messageId: 'columnInOtherSchema',
        needle: "'thread_id=eq.1'",
        data: { ...unknown("'messages'", 'thread_id', MESSAGES), other: "'chat.messages'" },
      },
    ]),
    // a long column list is cut short
    invalid(on("{ event: 'UPDATE', schema: 'public', table: 'events', filter: 'user_id=eq.1' }"), [
      { messageId: 'unknownColumn', needle: "'user_id=eq.1'", data: unknown("'events'", 'user_id', EVENTS) },
    ]),
    // a config held by a constant; a spread before the properties it sets again
    invalid(
      `const config = { event: '*', schema: 'public', table: 'rooms', filter: 'room_id=eq.1' };\n${on('config')}`,
      [
        {
          messageId: 'unknownColumn',
          needle: "'room_id=eq.1'",
          data: unknown("'rooms'", 'room_id', 'id, name, owner_id'),
        },
      ],
    ),
    invalid(on("{ ...base, event: '*', schema: 'public', table: 'rooms', filter: 'room_id=eq.1' }"), [
      {
        messageId: 'unknownColumn',
        needle: "'room_id=eq.1'",
        data: unknown("'rooms'", 'room_id', 'id, name, owner_id'),
      },
    ]),
    // several listeners of one channel, in a TSX component
    invalid(
      [
        'export function Room({ id }: { id: string }) {',
        '  useEffect(() => {',
        '    const channel = supabase.channel(`room:${id}`)',
        "      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'messages', filter: `room_id=eq.${id}` }, onInsert)",
        "      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'rooms', filter: `roomId=eq.${id}` }, onRename)",
        '      .subscribe();',
        '    return () => { supabase.removeChannel(channel); };',
        '  }, [id]);',
        '  return <div />;',
        '}',
      ].join('\n'),
      [
        {
          messageId: 'unknownColumn',
          needle: '`roomId=eq.${id}`',
          data: unknown("'rooms'", 'roomId', 'id, name, owner_id'),
        },
      ],
      inProject('src/Room.tsx'),
    ),
    // the schema named in settings, for a file outside the project
    {
      ...invalid(
        on("{ event: '*', schema: 'public', table: 'messages', filter: 'nope=eq.1' }"),
        [{ messageId: 'unknownColumn', needle: "'nope=eq.1'", data: unknown("'messages'", 'nope', MESSAGES) }],
        null,
      ),
      settings: { 'supabase-scale': { schema: [migrations] } },
    },
  ],
});

javascriptTester().run('no-invalid-realtime-filter (JavaScript)', noInvalidRealtimeFilter, {
  valid: [
    {
      code: on("{ event: '*', schema: 'public', table: 'messages', filter: 'room_id=eq.1' }"),
      filename: inProject('src/feed.js'),
    },
  ],
  invalid: [
    invalid(
      on("{ event: '*', schema: 'public', table: 'messages', filter: `room=eq.${room}` }"),
      [{ messageId: 'unknownColumn', needle: '`room=eq.${room}`', data: unknown("'messages'", 'room', MESSAGES) }],
      inProject('src/feed.js'),
    ),
  ],
});

typedTester().run('no-invalid-realtime-filter (typed)', noInvalidRealtimeFilter, {
  valid: [
    // an emitter of its own is no channel
    {
      code: "class Bus { on(event: string, config: object, cb: () => void) { return this; } }\nconst bus = new Bus();\nbus.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: 'nope=eq.1' }, () => {});",
      settings: { 'supabase-scale': { schema: [migrations] } },
    },
  ],
  invalid: [
    {
      ...invalid(
        `${SUPABASE_CLIENT}supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: 'nope=eq.1' }, () => {}).subscribe();`,
        [{ messageId: 'unknownColumn', needle: "'nope=eq.1'", data: unknown("'messages'", 'nope', MESSAGES) }],
        null,
      ),
      settings: { 'supabase-scale': { schema: [migrations] } },
    },
  ],
});

/** A project whose migrations hold a statement the parser rejects, naming `rooms` (not `notes`). */
const rejected = path.resolve(import.meta.dirname, '../../fixtures/schema-rules/realtime-rejected', 'src/feed.ts');

typescriptTester().run('no-invalid-realtime-filter: a rejected statement names the table', noInvalidRealtimeFilter, {
  valid: [
    // what the rejected statement did to rooms is unknown: it may have added owner_id
    {
      code: on("{ event: '*', schema: 'public', table: 'rooms', filter: `owner_id=eq.${id}` }"),
      filename: rejected,
    },
  ],
  invalid: [
    // notes is not named by it: its columns are known
    invalid(
      on("{ event: '*', schema: 'public', table: 'notes', filter: `owner_id=eq.${id}` }"),
      [{ messageId: 'unknownColumn', needle: '`owner_id=eq.${id}`', data: unknown("'notes'", 'owner_id', 'id, body') }],
      rejected,
    ),
  ],
});

/** A project whose loose `supabase/fix-stops.sql` (not read: the migrations are) alters `stops` (not `notes`). */
const loose = path.resolve(import.meta.dirname, '../../fixtures/schema-rules/realtime-loose', 'src/feed.ts');

typescriptTester().run('no-invalid-realtime-filter: SQL found and not read alters the table', noInvalidRealtimeFilter, {
  valid: [
    // the loose file adds order_id to stops: its columns are unknown
    {
      code: on("{ event: '*', schema: 'public', table: 'stops', filter: `order_id=eq.${id}` }"),
      filename: loose,
    },
  ],
  invalid: [
    // the loose file only reads notes: its columns are known
    invalid(
      on("{ event: '*', schema: 'public', table: 'notes', filter: `order_id=eq.${id}` }"),
      [{ messageId: 'unknownColumn', needle: '`order_id=eq.${id}`', data: unknown("'notes'", 'order_id', 'id, body') }],
      loose,
    ),
  ],
});
