/**
 * no-unbounded-realtime on DELETE filters, with the project's schema
 * (fixtures/schema-rules/realtime-deletes). The Realtime server evaluates a
 * DELETE filter on the old record of the delete (supabase/realtime,
 * apply_rls.sql: is_visible_through_filters(old_columns, filters)), which
 * holds the table's replica identity: its primary key, every column with
 * REPLICA IDENTITY FULL, an index's columns with USING INDEX.
 */
import path from 'node:path';
import { noUnboundedRealtime } from '../../src/rules/no-unbounded-realtime.js';
import { at } from './loc.js';
import { typescriptTester } from './tester.js';

const project = path.resolve('fixtures/schema-rules/realtime-deletes');
const inProject = path.join(project, 'src', 'live.ts');

const onDelete = (table: string, filter: string) =>
  `supabase.channel('c').on('postgres_changes', { event: 'DELETE', schema: 'public', table: '${table}', filter: ${filter} }, onDelete).subscribe();`;

function definite(table: string, filter: string, columns: string, identity: string) {
  const code = onDelete(table, filter);
  return {
    code,
    filename: inProject,
    errors: [
      {
        messageId: 'deleteFilter' as const,
        data: { table: `'${table}'`, columns, identity },
        ...at(code, `filter: ${filter}`),
      },
    ],
  };
}

typescriptTester().run('no-unbounded-realtime: DELETE filters with the schema', noUnboundedRealtime, {
  valid: [
    // the primary key
    { code: onDelete('messages', '`id=eq.${id}`'), filename: inProject },
    // a column of a two-column primary key, and both
    { code: onDelete('members', '`room_id=eq.${roomId}`'), filename: inProject },
    { code: onDelete('members', '`room_id=eq.${roomId},user_id=eq.${me}`'), filename: inProject },
    // REPLICA IDENTITY FULL: the old record holds every column
    { code: onDelete('reactions', '`message_id=eq.${messageId}`'), filename: inProject },
    // a table the dashboard made, that a migration makes REPLICA IDENTITY FULL
    { code: onDelete('alerts', '`user_id=eq.${me}`'), filename: inProject },
    // REPLICA IDENTITY USING INDEX: the index's columns
    { code: onDelete('pins', '`room_id=eq.${roomId}`'), filename: inProject },
    // INSERT and UPDATE filters are evaluated on the new row
    {
      code: "supabase.channel('c').on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'messages', filter: `room_id=eq.${roomId}` }, cb).subscribe();",
      filename: inProject,
    },
  ],
  invalid: [
    definite('messages', '`room_id=eq.${roomId}`', "'room_id'", '(id)'),
    definite('members', '`role=eq.admin`', "'role'", '(room_id, user_id)'),
    definite('pins', '`id=eq.${id}`', "'id'", '(room_id, slot)'),
    // a later migration set the default back: the primary key only
    definite('notes', '`owner_id=eq.${me}`', "'owner_id'", '(id)'),
    // only the generated types describe the table: its key is not known
    {
      code: onDelete('presence_log', '`room_id=eq.${roomId}`'),
      filename: inProject,
      errors: [
        {
          messageId: 'deleteFilterUnknown',
          data: {
            table: "'presence_log'",
            columns: "'room_id'",
            is: 'is',
            unknown:
              "The schema does not say the primary key or the replica identity of 'presence_log' (the generated types carry neither).",
          },
        },
      ],
    },
    // a table the schema does not describe
    {
      code: onDelete('audit', '`room_id=eq.${roomId}`'),
      filename: inProject,
      errors: [
        {
          messageId: 'deleteFilterUnknown',
          data: {
            table: "'audit'",
            columns: "'room_id'",
            is: 'is',
            unknown: "The schema does not describe 'audit'.",
          },
        },
      ],
    },
  ],
});
