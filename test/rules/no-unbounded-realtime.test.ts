import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import {
  type MessageIds,
  noUnboundedRealtime,
  type NoUnboundedRealtimeOptions,
} from '../../src/rules/no-unbounded-realtime.js';
import { at } from './loc.js';
import { javascriptTester, SUPABASE_CLIENT, typedTester, typescriptTester } from './tester.js';

type Options = [NoUnboundedRealtimeOptions];
type Case = InvalidTestCase<MessageIds, Options>;

interface Expect {
  /** The config object (or its variable, or the legacy table string) the report underlines. */
  node: string;
  occurrence?: number;
  table?: string;
  scope?: string;
}

function invalid(code: string, expects: Expect[], extra: Partial<Case> = {}): Case {
  return {
    code,
    errors: expects.map((expect) => ({
      ...(expect.scope === undefined
        ? { messageId: 'unfilteredTable' as const, data: { table: expect.table ?? "'messages'" } }
        : { messageId: 'wholeSchema' as const, data: { scope: expect.scope } }),
      ...at(code, expect.node, expect.occurrence),
    })),
    ...extra,
  };
}

const ch = "supabase.channel('room')";
const cfg = "{ event: '*', schema: 'public', table: 'messages' }";

typescriptTester().run('no-unbounded-realtime (TypeScript)', noUnboundedRealtime, {
  valid: [
    // a unit test that mocks modules: its channels reach no server
    `jest.mock('@/lib/supabase');\n${ch}.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'messages' }, cb).subscribe();`,
    `vi.mock('../lib/supabase', () => ({ supabase: fake }));\n${ch}.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'messages' }, cb).subscribe();`,
    `${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: 'room_id=eq.1' }, cb).subscribe();`,
    `${ch}.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'messages', filter: \`room_id=eq.\${roomId}\` }, cb);`,
    `${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: roomFilter }, cb);`,
    `${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: postgresChangesFilter('room_id', 'eq', id) }, cb);`,
    `${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: mine ? 'author_id=eq.1' : 'room_id=eq.2' }, cb);`,
    `${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: custom ?? 'room_id=eq.1' }, cb);`,
    `${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: 'id=in.(1,2,3)' }, cb);`,
    `${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: [a, b].join(',') }, cb);`,
    `${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', 'filter': 'room_id=eq.1' }, cb);`,
    `${ch}.on('postgres_changes', { event, schema, table, filter }, cb);`,
    `const FILTER = 'room_id=eq.1';\n${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: FILTER }, cb);`,
    `${ch}.on('broadcast', { event: 'typing' }, cb).subscribe();`,
    `${ch}.on('presence', { event: 'sync' }, cb).subscribe();`,
    "supabase.from('messages:room_id=eq.1').on('INSERT', cb).subscribe();",
    "supabase.from(`messages:room_id=eq.${roomId}`).on('*', cb).subscribe();",
    {
      code: `${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'profiles' }, cb);`,
      options: [{ allowTables: ['profiles'] }],
    },
    { code: "supabase.from('settings').on('UPDATE', cb).subscribe();", options: [{ allowTables: ['settings'] }] },
    `${ch}.on('postgres_changes', { ...base, table: 'messages' }, cb);`,
    `${ch}.on('postgres_changes', getConfig('messages'), cb);`,
    `function listen(config: Config) { ${ch}.on('postgres_changes', config, cb); }`,
    "emitter.on('data', cb);",
    "socket.on('INSERT', cb);",
    "process.on('exit', cb);",
    "$('button').on('click', cb);",
    "knex.from('users').on('query', cb);",
    "stream.on('*', cb);",
    "const s = \".on('postgres_changes', { table: 'messages' })\";",
    "// channel.on('postgres_changes', { table: 'messages' }, cb)\nrun();",
    `${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: 'room_id=eq.1' } as const, cb);`,
    `${ch}.on(event, { schema: 'public', table: 'messages' }, cb);`,
    // a filter written onto the held config after it is built (on one branch, or computed, or assigned): unknown
    `function listen(cfg: { filter?: string }) {\n  const opts: any = ${cfg};\n  if (cfg.filter) opts.filter = cfg.filter;\n  ${ch}.on('postgres_changes', opts, cb).subscribe();\n}`,
    `function listen(key: string, value: string) {\n  const opts: any = ${cfg};\n  opts[key] = value;\n  ${ch}.on('postgres_changes', opts, cb).subscribe();\n}`,
    `function listen(extra: object) {\n  const opts = ${cfg};\n  Object.assign(opts, extra);\n  ${ch}.on('postgres_changes', opts, cb).subscribe();\n}`,
    {
      code: `function Room({ id }: { id: string }) {\n  useEffect(() => {\n    const c = ${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: \`room_id=eq.\${id}\` }, cb).subscribe();\n    return () => { supabase.removeChannel(c); };\n  }, [id]);\n  return <div />;\n}`,
      filename: 'react.tsx',
    },
  ],
  invalid: [
    invalid(`${ch}.on('postgres_changes', ${cfg}, cb).subscribe();`, [{ node: cfg }]),
    // a mock written by hand (no module mocked) is no sign
    invalid(`const spy = jest.fn();\n${ch}.on('postgres_changes', ${cfg}, spy).subscribe();`, [{ node: cfg }]),
    invalid(`${ch}.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'messages' }, cb);`, [
      { node: "{ event: 'INSERT', schema: 'public', table: 'messages' }" },
    ]),
    ...['undefined', "''", '`` ', 'null', 'void 0'].map((filter) => {
      const config = `{ event: '*', schema: 'public', table: 'messages', filter: ${filter.trim()} }`;
      return invalid(`${ch}.on('postgres_changes', ${config}, cb);`, [{ node: config }]);
    }),
    // a filter on one branch only: it may be absent (not "has no filter"), reported at the filter
    ...[
      ['id ? `id=eq.${id}` : undefined', 'id'],
      ["ok ? 'room_id=eq.1' : ''", 'ok'],
      ['roomId && `room_id=eq.${roomId}`', 'roomId'],
    ].map(([filter, condition]) => {
      const code = `${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: ${filter!} }, cb);`;
      return {
        code,
        errors: [
          {
            messageId: 'optionalFilter' as const,
            data: { table: "'messages'", source: condition! },
            ...at(code, `filter: ${filter!}`),
          },
        ],
      };
    }),
    // a condition the function takes as an optional parameter, with a caller that passes none
    {
      code: `function useClubFeed(clubId?: string) {\n  ${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'challenges', filter: clubId ? \`club_id=eq.\${clubId}\` : undefined }, cb);\n}\nuseClubFeed();`,
      errors: [
        { messageId: 'optionalFilter' as const, line: 2 },
        { messageId: 'callWithoutFilter' as const, data: { table: "'challenges'", callee: 'useClubFeed' }, line: 4 },
      ],
    },
    invalid(`${ch}.on('postgres_changes', { event: '*', schema: 'public' }, cb);`, [
      { node: "{ event: '*', schema: 'public' }", scope: "the whole 'public' schema" },
    ]),
    invalid(`${ch}.on('postgres_changes', { event: '*', schema: '*', table: 'messages' }, cb);`, [
      { node: "{ event: '*', schema: '*', table: 'messages' }", scope: 'every schema' },
    ]),
    invalid(`${ch}.on('postgres_changes', { event: '*' }, cb);`, [{ node: "{ event: '*' }", scope: 'every schema' }]),
    invalid(`const config = ${cfg};\n${ch}.on('postgres_changes', config, cb);`, [{ node: 'config', occurrence: 2 }]),
    invalid(`const config = ${cfg} as const;\n${ch}.on('postgres_changes', config, cb);`, [
      { node: 'config', occurrence: 2 },
    ]),
    invalid(`${ch}.on('postgres_changes', ${cfg} satisfies Config, cb);`, [{ node: `${cfg} satisfies Config` }]),
    // a later write of another key, or a delete of the filter, leaves it missing
    invalid(`const opts: any = ${cfg};\nif (live) opts.event = 'INSERT';\n${ch}.on('postgres_changes', opts, cb);`, [
      { node: 'opts', occurrence: 3 },
    ]),
    invalid(
      `${ch}\n  .on('postgres_changes', ${cfg}, onMessage)\n  .on('postgres_changes', { event: '*', schema: 'public', table: 'rooms' }, onRoom)\n  .subscribe();`,
      [{ node: cfg }, { node: "{ event: '*', schema: 'public', table: 'rooms' }", table: "'rooms'" }],
    ),
    invalid(
      `const channel = supabase.channel('room');\nchannel.on('postgres_changes', ${cfg}, cb);\nchannel.subscribe();`,
      [{ node: cfg }],
    ),
    invalid(`this.supabase.channel('room').on('postgres_changes', ${cfg}, cb);`, [{ node: cfg }]),
    invalid(`${ch}.on('postgres_changes', { event: '*', schema: 'public', table: tableName }, cb);`, [
      { node: "{ event: '*', schema: 'public', table: tableName }", table: 'a table named at run time' },
    ]),
    invalid(`${ch}.on('postgres_changes', { ['table']: 'messages', event: '*', schema: 'public' }, cb);`, [
      { node: "{ ['table']: 'messages', event: '*', schema: 'public' }" },
    ]),
    invalid(
      `${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', 'filter': undefined }, cb);`,
      [{ node: "{ event: '*', schema: 'public', table: 'messages', 'filter': undefined }" }],
    ),
    invalid(`${ch}.on('postgres_changes', ${cfg}, cb);`, [{ node: cfg }], { options: [{ allowTables: ['profiles'] }] }),
    invalid("supabase.from('messages').on('INSERT', cb).subscribe();", [{ node: "'messages'" }]),
    invalid("supabase.from('messages').on('*', cb).subscribe();", [{ node: "'messages'" }]),
    invalid("supabase.from('*').on('*', cb).subscribe();", [{ node: "'*'", scope: 'every schema' }]),
    invalid("supabase.from('messages').on('INSERT', onInsert).on('UPDATE', onUpdate).subscribe();", [
      { node: "'messages'" },
    ]),
    invalid("supabase.from(`messages`).on('DELETE', cb).subscribe();", [{ node: '`messages`' }]),
    invalid("supabase.from('messages:').on('INSERT', cb).subscribe();", [{ node: "'messages:'", table: "'messages'" }]),
    invalid("const messages = supabase.from('messages');\nmessages.on('INSERT', cb).subscribe();", [
      { node: "'messages'" },
    ]),
    invalid(
      `function Room() {\n  useEffect(() => {\n    const c = ${ch}.on('postgres_changes', ${cfg}, cb).subscribe();\n    return () => { supabase.removeChannel(c); };\n  }, []);\n  return <div />;\n}`,
      [{ node: cfg }],
      { filename: 'react.tsx' },
    ),
  ],
});

javascriptTester().run('no-unbounded-realtime (JavaScript)', noUnboundedRealtime, {
  valid: [
    `${ch}.on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: 'room_id=eq.1' }, cb).subscribe();`,
    "emitter.on('postgres_changes', handler);",
  ],
  invalid: [
    invalid(`${ch}.on('postgres_changes', ${cfg}, cb).subscribe();`, [{ node: cfg }]),
    invalid(`const config = { event: '*', schema: 'public' };\n${ch}.on('postgres_changes', config, cb);`, [
      { node: 'config', occurrence: 2, scope: "the whole 'public' schema" },
    ]),
    invalid("client.from('orders').on('INSERT', (payload) => render(payload)).subscribe();", [
      { node: "'orders'", table: "'orders'" },
    ]),
  ],
});

typedTester().run('no-unbounded-realtime (typed)', noUnboundedRealtime, {
  valid: [
    // an emitter of the project's own that is not a supabase-js channel
    `class Bus { on(event: string, config: object, cb: () => void) { return this; } }\nconst bus = new Bus();\nbus.on('postgres_changes', ${cfg}, () => {});`,
    `${SUPABASE_CLIENT}supabase.channel('room').on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: 'room_id=eq.1' }, () => {}).subscribe();`,
  ],
  invalid: [
    invalid(`${SUPABASE_CLIENT}supabase.channel('room').on('postgres_changes', ${cfg}, () => {}).subscribe();`, [
      { node: cfg },
    ]),
    // an untyped (any) receiver keeps the syntactic judgement
    invalid(`declare const anyChannel: any;\nanyChannel.on('postgres_changes', ${cfg}, () => {});`, [{ node: cfg }]),
  ],
});
