import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import {
  type MessageIds,
  requireRealtimeCleanup,
  type RequireRealtimeCleanupOptions,
} from '../../src/rules/require-realtime-cleanup.js';
import { at } from './loc.js';
import { javascriptTester, SUPABASE_CLIENT, typedTester, typescriptTester } from './tester.js';

type Options = [RequireRealtimeCleanupOptions];
type Case = InvalidTestCase<MessageIds, Options>;

interface Expect {
  /** The `subscribe(...)` call the report underlines. */
  node?: string;
  occurrence?: number;
  messageId?: MessageIds;
  client?: string;
  component?: string;
}

function invalid(code: string, expects: Expect[], extra: Partial<Case> = {}): Case {
  return {
    code,
    errors: expects.map((expect) => {
      const messageId = expect.messageId ?? 'missingCleanup';
      const data =
        messageId === 'renderBody'
          ? { component: expect.component ?? 'Room' }
          : messageId === 'perItem' || messageId === 'perItemMessages'
            ? undefined
            : { client: expect.client ?? 'supabase' };
      return { messageId, ...(data ? { data } : {}), ...at(code, expect.node ?? 'subscribe()', expect.occurrence) };
    }),
    ...extra,
  };
}

const tsx = { filename: 'react.tsx' } as const;
const listen =
  ".on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: `room_id=eq.${id}` }, onChange)";
const effect = (body: string, hook = 'useEffect') =>
  `function Room({ id }: { id: string }) {\n  ${hook}(() => {\n${body}\n  }, [id]);\n  return <div />;\n}`;
const sub = `    const channel = supabase.channel(\`room:\${id}\`)${listen}.subscribe();`;

typescriptTester().run('require-realtime-cleanup (TypeScript)', requireRealtimeCleanup, {
  valid: [
    // a loop that walks no collection (three probes), or a list written out: not a channel per item
    'async function probe() {\n  const channels = [];\n  for (let i = 0; i < 3; i++) {\n    channels.push(supabase.channel(`probe-${i}`).subscribe());\n  }\n  channels.forEach((c) => c.unsubscribe());\n}',
    "for (const room of ['lobby', 'support']) {\n  supabase.channel(room).subscribe();\n}",
    // one channel per table of a list of tables (the item names the table, no filter takes it): bounded by the schema
    {
      code: effect(
        "    const channels = watched.map((w) =>\n      supabase.channel(`rt-${w.table}`).on('postgres_changes', { event: '*', schema: 'public', table: w.table, filter: `owner=eq.${id}` }, w.onChange).subscribe(),\n    );\n    return () => channels.forEach((c) => supabase.removeChannel(c));",
      ),
      ...tsx,
    },
    { code: effect(`${sub}\n    return () => {\n      supabase.removeChannel(channel);\n    };`), ...tsx },
    { code: effect(`${sub}\n    return () => supabase.removeChannel(channel);`), ...tsx },
    { code: effect(`${sub}\n    return () => {\n      channel.unsubscribe();\n    };`), ...tsx },
    { code: effect(`${sub}\n    return () => {\n      void supabase.removeAllChannels();\n    };`), ...tsx },
    { code: effect(`${sub}\n    return () => {\n      cleanup(channel);\n    };`), ...tsx },
    { code: effect(`${sub}\n    const stop = () => supabase.removeChannel(channel);\n    return stop;`), ...tsx },
    {
      code: effect(`${sub}\n    function stop() {\n      supabase.removeChannel(channel);\n    }\n    return stop;`),
      ...tsx,
    },
    {
      code: effect(
        `    supabase.channel('room')${listen}.subscribe();\n    return () => {\n      supabase.removeAllChannels();\n    };`,
      ),
      ...tsx,
    },
    {
      code: effect(
        `    supabase.channel('room')${listen}.subscribe();\n    return () => {\n      supabase.removeChannel(channelRef.current);\n    };`,
      ),
      ...tsx,
    },
    {
      code: effect(
        `    channelRef.current = supabase.channel('room')${listen}.subscribe();\n    return () => {\n      channelRef.current?.unsubscribe();\n    };`,
      ),
      ...tsx,
    },
    {
      code: effect(
        `    let channel: RealtimeChannel | undefined;\n    const setup = async () => {\n      await auth.ready();\n      channel = supabase.channel('room')${listen}.subscribe();\n    };\n    void setup();\n    return () => {\n      if (channel) supabase.removeChannel(channel);\n    };`,
      ),
      ...tsx,
    },
    {
      code: effect(
        `    const subscription = supabase.from('messages:room_id=eq.1').on('INSERT', onInsert).subscribe();\n    return () => {\n      supabase.removeSubscription(subscription);\n    };`,
      ),
      ...tsx,
    },
    {
      code: effect(
        `    const subscription = supabase.from('messages:room_id=eq.1').on('*', onChange).subscribe();\n    return () => subscription.unsubscribe();`,
      ),
      ...tsx,
    },
    { code: effect(`${sub}\n    return makeCleanup(channel);`), ...tsx },
    { code: effect(`${sub}\n    return () => {\n      supabase.removeChannel(channel).then(log);\n    };`), ...tsx },
    { code: effect(`    if (!id) return;\n${sub}\n    return () => supabase.removeChannel(channel);`), ...tsx },
    {
      code: effect(`${sub}\n    return () => supabase.removeChannel(channel);`, 'useIsomorphicLayoutEffect'),
      options: [{ effectHooks: ['useEffect', 'useIsomorphicLayoutEffect'] }],
      ...tsx,
    },
    { code: effect(`${sub}\n    return () => supabase.removeChannel(channel);`, 'React.useLayoutEffect'), ...tsx },
    // outside React the rule does not guess (only loops are reported)
    `export function listen(id: string) {\n  return supabase.channel(id)${listen}.subscribe();\n}`,
    `class RoomStore {\n  start(id: string) {\n    this.channel = supabase.channel(id)${listen}.subscribe();\n  }\n}`,
    "supabase.channel('global').on('broadcast', { event: 'ping' }, onPing).subscribe();",
    "function Setup() {\n  supabase.channel('x').subscribe();\n}",
    // handlers and callbacks in a component are not its render body
    {
      code: "function Room() {\n  return <button onClick={() => supabase.channel('x').subscribe()}>Join</button>;\n}",
      ...tsx,
    },
    {
      code: "function Room() {\n  const join = useCallback(() => { supabase.channel('x').subscribe(); }, []);\n  return <button onClick={join} />;\n}",
      ...tsx,
    },
    // not Realtime channels
    { code: effect('    observable.pipe(map(format)).subscribe(setRows);'), ...tsx },
    { code: effect('    store.subscribe(render);'), ...tsx },
    'function attach(channel: RealtimeChannel) {\n  channel.subscribe();\n}',
    "for (const room of rooms) {\n  channel.on('broadcast', { event: room }, cb);\n}",
    "const text = 'supabase.channel(x).subscribe()';",
    'rooms.forEach((room) => store.subscribe(room));',
  ],
  invalid: [
    invalid(effect(sub), [{}], tsx),
    invalid(effect(`    supabase.channel(\`room:\${id}\`)${listen}.subscribe();`), [{}], tsx),
    invalid(effect(`${sub}\n    return () => {\n      clearInterval(timer);\n    };`), [{}], tsx),
    invalid(effect(`${sub}\n    // return () => { supabase.removeChannel(channel); };`), [{}], tsx),
    invalid(effect(sub, 'useLayoutEffect'), [{}], tsx),
    // a channel with 20 listeners: channelOrigin walks up to MAX_CHAIN_LINKS (64) calls
    invalid(
      effect(`    const channel = supabase.channel(\`room:\${id}\`)${listen.repeat(20)}.subscribe();`),
      [{}],
      tsx,
    ),
    invalid(effect(sub, 'React.useEffect'), [{}], tsx),
    invalid(
      `function Room({ id }: { id: string }) {\n  useEffect(async () => {\n    await auth.ready();\n${sub}\n    return () => supabase.removeChannel(channel);\n  }, [id]);\n  return <div />;\n}`,
      [{}],
      tsx,
    ),
    invalid(
      effect(
        `    const a = supabase.channel('a').subscribe();\n    const b = supabase.channel('b').subscribe();\n    return () => {\n      supabase.removeChannel(a);\n    };`,
      ),
      [{ occurrence: 2 }],
      tsx,
    ),
    invalid(
      effect(`    const channel = supabase.channel('room');\n    channel${listen};\n    channel.subscribe();`),
      [{}],
      tsx,
    ),
    invalid(effect(`    let channel;\n    channel = supabase.channel('room')${listen}.subscribe();`), [{}], tsx),
    invalid(
      effect(`    load().then(() => {\n      supabase.channel('room')${listen}.subscribe();\n    });`),
      [{}],
      tsx,
    ),
    invalid(
      "function Room() {\n  useEffect(() => void supabase.channel('room').subscribe(), []);\n  return <div />;\n}",
      [{}],
      tsx,
    ),
    invalid(
      "function Room() {\n  useEffect(() => supabase.channel('room').subscribe(), []);\n  return <div />;\n}",
      [{}],
      tsx,
    ),
    invalid(effect(`${sub}\n    return () => {\n      channel.unsubscribe;\n    };`), [{}], tsx),
    invalid(effect(`${sub}\n    return () => supabase.removeChannel;`), [{}], tsx),
    invalid(effect(`${sub}\n    function stop() {\n      clearTimeout(timer);\n    }\n    return stop;`), [{}], tsx),
    invalid(effect(`${sub}\n    return undefined;`), [{}], tsx),
    invalid(
      effect(`    const subscription = supabase.from('messages:room_id=eq.1').on('INSERT', onInsert).subscribe();`),
      [{ messageId: 'legacyMissingCleanup' }],
      tsx,
    ),
    invalid(effect(`    const channel = this.client.channel('room').subscribe();`), [{ client: 'this.client' }], tsx),
    invalid(
      "function Room() {\n  supabase.channel('room').on('broadcast', { event: 'typing' }, onTyping).subscribe();\n  return <div />;\n}",
      [{ messageId: 'renderBody' }],
      tsx,
    ),
    invalid(
      "const Room = () => {\n  const channel = supabase.channel('room');\n  channel.subscribe();\n  return <div />;\n};",
      [{ messageId: 'renderBody' }],
      tsx,
    ),
    invalid('export function useRoom(id: string) {\n  supabase.channel(id).subscribe();\n  return id;\n}', [
      { messageId: 'renderBody', component: 'useRoom' },
    ]),
    invalid(
      'export async function listenAll(rooms: string[]) {\n  for (const room of rooms) {\n    supabase.channel(room).subscribe();\n  }\n}',
      [{ messageId: 'perItem' }],
    ),
    invalid(`rooms.forEach((room) => supabase.channel(room)${listen}.subscribe());`, [{ messageId: 'perItem' }]),
    invalid('const channels = rooms.map((room) => supabase.channel(room).subscribe());', [{ messageId: 'perItem' }]),
    // a Broadcast or Presence channel per item: no row filter serves it, the advice is one topic for all
    invalid(
      "const channels = rooms.map((room) =>\n  supabase.channel(`typing:${room}`).on('broadcast', { event: 'typing' }, onTyping).on('presence', { event: 'sync' }, onSync).subscribe(),\n);",
      [{ messageId: 'perItemMessages' }],
    ),
    // one postgres_changes listener among them keeps the filter advice
    invalid(
      "rooms.forEach((room) =>\n  supabase.channel(room).on('broadcast', { event: 'typing' }, onTyping).on('postgres_changes', { event: '*', schema: 'public', table: 'messages' }, onChange).subscribe(),\n);",
      [{ messageId: 'perItem' }],
    ),
    invalid(
      effect(
        `    const channels = rooms.map((room) => supabase.channel(room).subscribe());\n    return () => channels.forEach((c) => supabase.removeChannel(c));`,
      ),
      [{ messageId: 'perItem' }],
      tsx,
    ),
    // the item gives the table and a filter value too: one channel per item of data
    invalid(
      "for (const { table, id } of watched) {\n  supabase.channel(table).on('postgres_changes', { event: '*', schema: 'public', table, filter: `id=eq.${id}` }, onChange).subscribe();\n}",
      [{ messageId: 'perItem' }],
    ),
    // a channel per table that the effect never removes is still a leak
    invalid(
      effect(
        "    tables.forEach((table) => {\n      supabase.channel(table).on('postgres_changes', { event: '*', schema: 'public', table }, onChange).subscribe();\n    });",
      ),
      [{}],
      tsx,
    ),
    invalid('let i = 0;\nwhile (i < ids.length) {\n  supabase.channel(ids[i++]).subscribe();\n}', [
      { messageId: 'perItem' },
    ]),
    invalid('for (const key in rooms) {\n  supabase.channel(key).subscribe();\n}', [{ messageId: 'perItem' }]),
    invalid("for (const table of tables) {\n  supabase.from(table).on('*', cb).subscribe();\n}", [
      { messageId: 'perItem' },
    ]),
    invalid('await Promise.all(rooms.map(async (room) => supabase.channel(room).subscribe()));', [
      { messageId: 'perItem' },
    ]),
    invalid(effect(`${sub}\n    return () => {}`, 'useIsomorphicLayoutEffect'), [{}], {
      options: [{ effectHooks: ['useIsomorphicLayoutEffect'] }],
      ...tsx,
    }),
    invalid(
      effect(`    const channel = supabase.channel('room').subscribe((status) => setStatus(status));`),
      [{ node: 'subscribe((status) => setStatus(status))' }],
      tsx,
    ),
  ],
});

javascriptTester().run('require-realtime-cleanup (JavaScript)', requireRealtimeCleanup, {
  valid: [
    {
      code: "export function Room() {\n  useEffect(() => {\n    const c = supabase.channel('room').subscribe();\n    return () => supabase.removeChannel(c);\n  }, []);\n  return <div />;\n}",
      filename: 'react.jsx',
    },
  ],
  invalid: [
    invalid(
      "export function Room() {\n  useEffect(() => {\n    supabase.channel('room').subscribe();\n  }, []);\n  return <div />;\n}",
      [{}],
      { filename: 'react.jsx' },
    ),
    invalid('rooms.forEach((room) => { supabase.channel(room).subscribe(); });', [{ messageId: 'perItem' }]),
  ],
});

const hub =
  'class Hub { channel(name: string) { return { subscribe() { return name; } }; } }\nconst hub = new Hub();\n';

typedTester().run('require-realtime-cleanup (typed)', requireRealtimeCleanup, {
  valid: [
    // a `channel().subscribe()` of the project's own, not a supabase-js channel
    `${hub}export function useHub() {\n  hub.channel('x').subscribe();\n}`,
    `${SUPABASE_CLIENT}export function useRoom() {\n  useEffect(() => {\n    const c = supabase.channel('x').subscribe();\n    return () => { void supabase.removeChannel(c); };\n  }, []);\n}\ndeclare function useEffect(fn: () => void | (() => void), deps: unknown[]): void;`,
  ],
  invalid: [
    invalid(
      `${SUPABASE_CLIENT}export function listenAll(rooms: string[]) {\n  for (const room of rooms) supabase.channel(room).subscribe();\n}`,
      [{ messageId: 'perItem' }],
    ),
  ],
});

// The typed cases above, linted without type information: the syntactic judgement.
typescriptTester().run('require-realtime-cleanup (the typed cases, untyped)', requireRealtimeCleanup, {
  valid: [],
  invalid: [
    invalid(`${hub}export function useHub() {\n  hub.channel('x').subscribe();\n}`, [
      { messageId: 'renderBody', component: 'useHub', occurrence: 2 },
    ]),
  ],
});
