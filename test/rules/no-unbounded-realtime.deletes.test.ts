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
import { dedent } from '../dedent.js';

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
        data: { table: `'${table}'`, columns, identity, sqlTable: table },
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
    definite('messages', '`room_id=eq.${roomId}`', "'room_id'", 'id'),
    definite('members', '`role=eq.admin`', "'role'", 'room_id, user_id'),
    definite('pins', '`id=eq.${id}`', "'id'", 'room_id, slot'),
    // a later migration set the default back: the primary key only
    definite('notes', '`owner_id=eq.${me}`', "'owner_id'", 'id'),
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

/** A listener for every event of `messages`, filtered on `room_id` (outside its replica identity, the primary key). */
const onEvery = (table: string, callback: string) =>
  `supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: '${table}', filter: \`room_id=eq.\${roomId}\` }, ${callback}).subscribe();`;

function handled(table: string, callback: string, handledBy: string, preamble = '') {
  const code = `${preamble}${onEvery(table, callback)}`;
  return {
    code,
    filename: inProject,
    errors: [
      {
        messageId: 'deleteFilterAll' as const,
        data: { table: `'${table}'`, columns: "'room_id'", identity: 'id', sqlTable: table, handledBy, handedIn: '' },
        ...at(code, 'filter: `room_id=eq.${roomId}`'),
      },
    ],
  };
}

typescriptTester().run(
  'no-unbounded-realtime: a listener for every event whose callback handles deletes',
  noUnboundedRealtime,
  {
    valid: [
      // the callback reads only the new row, or nothing of the payload: a delete it never hears loses nothing it uses
      { code: onEvery('messages', '(payload) => setRows((rows) => [...rows, payload.new])'), filename: inProject },
      { code: onEvery('messages', '() => refetch()'), filename: inProject },
      { code: onEvery('messages', "(payload) => { console.log('change', payload); refetch(); }"), filename: inProject },
      // the old record read only for UPDATE events
      {
        code: onEvery(
          'messages',
          "(payload) => { if (payload.eventType === 'UPDATE') replace(payload.old.id, payload.new); else add(payload.new); }",
        ),
        filename: inProject,
      },
      {
        code: onEvery(
          'messages',
          "(payload) => { switch (payload.eventType) { case 'INSERT': add(payload.new); break; case 'UPDATE': replace(payload.old.id, payload.new); break; } }",
        ),
        filename: inProject,
      },
      // deletes dropped on purpose
      {
        code: onEvery('messages', "(payload) => { if (payload.eventType === 'DELETE') return; upsert(payload.new); }"),
        filename: inProject,
      },
      // the old record read only as a fallback after the same field of the new one, its value only logged or
      // deciding an early return: no work done with it for a delete
      {
        code: onEvery('messages', "({ new: row, old }) => console.log('change', { id: row.id || old.id })"),
        filename: inProject,
      },
      {
        code: onEvery(
          'messages',
          '(payload) => { const at = new Date(payload.new?.updated_at ?? payload.old?.updated_at).getTime(); if (Date.now() - at < 2000) return; refetch(); }',
        ),
        filename: inProject,
      },
      // leaves before any work when a field of the new record is missing: a delete's `new` is `{}` (holdout11, crmticlin)
      {
        code: onEvery(
          'messages',
          dedent`
            (payload: any) => {
              const updatedAt = new Date(payload.new?.updated_at || payload.old?.updated_at || Date.now()).getTime();
              if (updatedAt && Date.now() - lastSaveAt.current < 2000) return;
              const next = payload.new?.layout_config;
              if (!next) return;
              setConfig(next);
              forget(payload.old.id);
            }`,
        ),
        filename: inProject,
      },
      {
        code: onEvery(
          'messages',
          '(payload) => { if (!payload.new?.id) return; replace(payload.old.id, payload.new); }',
        ),
        filename: inProject,
      },
      {
        code: onEvery('messages', '({ new: row, old }) => { if (row?.id == null) { return; } replace(old.id, row); }'),
        filename: inProject,
      },
      {
        code: onEvery(
          'messages',
          "(payload) => { const { new: row } = payload; console.log('change', row); if (typeof row.id === 'undefined' || busy) return; replace(payload.old.id, row); }",
        ),
        filename: inProject,
      },
      // the callback is not known here (a method, an import): not judged
      { code: onEvery('messages', 'this.handleChange'), filename: inProject },
      { code: onEvery('messages', '(payload) => handleChange(payload)'), filename: inProject },
      // REPLICA IDENTITY FULL: the old record holds room_id
      {
        code: "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'reactions', filter: `message_id=eq.${id}` }, (p) => remove(p.old.id)).subscribe();",
        filename: inProject,
      },
      // a filter on the primary key
      {
        code: "supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: `id=eq.${id}` }, (p) => remove(p.old.id)).subscribe();",
        filename: inProject,
      },
    ],
    invalid: [
      handled(
        'messages',
        "(payload) => { if (payload.eventType === 'DELETE') remove(payload.old.id); else upsert(payload.new); }",
        "payload.eventType === 'DELETE'",
      ),
      // a fallback whose value keys work: the work runs for a delete (holdout9, Klicktape's reactions)
      handled('messages', '(payload) => refresh(payload.new?.id ?? payload.old?.id)', 'payload.old'),
      handled(
        'messages',
        '(payload) => { const id = payload.new?.id || payload.old?.id; if (!id) return; refetchReactions([id]); }',
        'payload.old',
      ),
      handled('messages', '(payload) => { if (payload.new?.id || payload.old?.id) refetch(); }', 'payload.old'),
      // the old record first, or another field of it than the new record's
      handled('messages', '(payload) => remove(payload.old?.id ?? payload.new?.id)', 'payload.old'),
      handled('messages', '(payload) => track(payload.new?.id ?? payload.old?.room_id)', 'payload.old'),
      // a guard that lets a delete through: `payload.new` itself is `{}` (truthy), a missing field is not `null`,
      // another value, only one side of `&&`
      handled('messages', '(payload) => { if (!payload.new) return; forget(payload.old?.id); }', 'payload.old'),
      handled(
        'messages',
        '(payload) => { if (payload.new?.id === null) return; forget(payload.old.id); }',
        'payload.old',
      ),
      handled('messages', '(payload) => { if (!state.ready) return; forget(payload.old.id); }', 'payload.old'),
      handled(
        'messages',
        '(payload) => { if (!payload.new?.id && ready) return; forget(payload.old.id); }',
        'payload.old',
      ),
      // work before the guard
      handled(
        'messages',
        '(payload) => { remove(payload.old.id); if (!payload.new?.id) return; add(payload.new); }',
        'payload.old',
      ),
      handled(
        'messages',
        '(payload) => { const gone = drop(payload.old.id); if (!payload.new?.id) return; add(payload.new, gone); }',
        'payload.old',
      ),
      // the test of the event quoted before a read of the old record
      handled(
        'messages',
        "async (payload) => {\n  const id = payload.new?.id || payload.old?.id;\n  if (payload.eventType === 'DELETE') await forget(id);\n}",
        "payload.eventType === 'DELETE'",
      ),
      handled(
        'messages',
        "({ eventType, new: row, old }) => { switch (eventType) { case 'INSERT': add(row); break; case 'DELETE': remove(old.id); break; } }",
        "case 'DELETE':",
      ),
      handled(
        'messages',
        "(payload) => { if (payload.eventType !== 'DELETE') upsert(payload.new); else remove(payload.old.id); }",
        "payload.eventType !== 'DELETE'",
      ),
      // a function of the file, declared, held by a constant, or through useCallback, the payload handed on
      handled(
        'messages',
        'onChange',
        "eventType === 'DELETE'",
        "function onChange({ eventType, old }: Payload) { if (eventType === 'DELETE') drop(old.id); }\n",
      ),
      handled(
        'messages',
        'onChange',
        'p.old',
        'const apply = (p: Payload) => drop(p.old.id);\nconst onChange = useCallback((payload: Payload) => apply(payload), []);\n',
      ),
    ],
  },
);

typescriptTester().run('no-unbounded-realtime: every event, with no schema', noUnboundedRealtime, {
  valid: [{ code: onEvery('messages', '() => refetch()') }],
  invalid: [
    {
      code: onEvery('messages', '(payload) => remove(payload.old.id)'),
      errors: [
        {
          messageId: 'deleteFilterAllUnknown',
          data: {
            table: "'messages'",
            columns: "'room_id'",
            is: 'is',
            handledBy: 'payload.old',
            handedIn: '',
            unknown: 'No schema was found to say which (the rule reads supabase/migrations).',
          },
        },
      ],
    },
  ],
});

// a supabase/config.toml with no migrations beside it sets the max-rows, and says nothing of any table
typescriptTester().run(
  'no-unbounded-realtime: DELETE filters with a config.toml and no migrations',
  noUnboundedRealtime,
  {
    valid: [],
    invalid: [
      {
        code: onDelete('messages', '`room_id=eq.${roomId}`'),
        filename: path.resolve('fixtures/schema-rules/config-only/src/live.ts'),
        errors: [
          {
            messageId: 'deleteFilterUnknown',
            data: {
              table: "'messages'",
              columns: "'room_id'",
              is: 'is',
              unknown: 'No schema was found to say which (the rule reads supabase/migrations).',
            },
          },
        ],
      },
    ],
  },
);
