/**
 * require-realtime-cleanup through helpers (issue 12, item 3): an effect that
 * calls a helper of the same component or module which subscribes a channel
 * and returns its cleanup, and drops that cleanup; and subscriptions in the
 * body of a component whatever it renders.
 */
import { type MessageIds, requireRealtimeCleanup } from '../../src/rules/require-realtime-cleanup.js';
import { at } from './loc.js';
import { javascriptTester, typescriptTester } from './tester.js';
import { dedent } from '../dedent.js';

const tsx = { filename: 'react.tsx' } as const;

/** A helper that subscribes and returns its cleanup, indented as a statement of the component's body. */
const helper = (name = 'setup') =>
  dedent`
    const ${name} = () => {
      const channel = supabase.channel(\`room:\${id}\`).on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: \`room_id=eq.\${id}\` }, onChange).subscribe();
      return () => {
        supabase.removeChannel(channel);
      };
    };`.replace(/^/gm, '  ');

/** A helper that subscribes and resolves to its cleanup (async). */
const asyncHelper =
  "  const setup = async () => {\n    const channel = supabase.channel('x').subscribe();\n    return () => supabase.removeChannel(channel);\n  };";

const room = (effect: string, before = helper()) =>
  `function Room({ id }: { id: string }) {\n${before}\n${effect}\n  return <div />;\n}`;

function dropped(code: string, needle: string, helperName = 'setup', occurrence = 1) {
  return {
    code,
    ...tsx,
    errors: [
      { messageId: 'droppedCleanup' as MessageIds, data: { helper: helperName }, ...at(code, needle, occurrence) },
    ],
  };
}

/** A leak one call below the effect: `setup()` drops the channel (or the remover) it makes. */
function leakBelow(code: string, needle: string, dropped: 'channel' | 'remover') {
  return {
    code,
    ...tsx,
    errors: [
      {
        messageId: 'leakBelow' as MessageIds,
        data: {
          hook: 'useEffect',
          path: needle,
          depth: 'one call',
          droppedIn: `\`${needle}\``,
          what:
            dropped === 'channel'
              ? 'the channel it subscribes (nothing keeps a handle to remove it)'
              : 'the function that removes it',
          place: `react.tsx:${code.split('\n').findIndex((line) => line.includes('subscribe()')) + 1}`,
        },
        ...at(code, needle),
      },
    ],
  };
}

const moduleHelper = dedent`
  function subscribeToRoom(id: string) {
    const channel = supabase.channel('room').on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'messages', filter: \`room_id=eq.\${id}\` }, onInsert).subscribe();
    return () => channel.unsubscribe();
  }`;

typescriptTester().run('require-realtime-cleanup: helpers and components', requireRealtimeCleanup, {
  valid: [
    // the cleanup is returned or called
    { code: room('  useEffect(() => setup(), [id]);'), ...tsx },
    { code: room('  useEffect(() => {\n    return setup();\n  }, [id]);'), ...tsx },
    { code: room('  useEffect(() => {\n    const off = setup();\n    return off;\n  }, [id]);'), ...tsx },
    { code: room('  useEffect(() => {\n    const c = setup();\n    return () => c();\n  }, [id]);'), ...tsx },
    {
      code: `${moduleHelper}\nfunction Room({ id }: { id: string }) {\n  useEffect(() => subscribeToRoom(id), [id]);\n  return <div />;\n}`,
      ...tsx,
    },
    // an async helper resolves to the cleanup: an effect that keeps the promise and removes the channel from it
    {
      code: room(
        '  useEffect(() => {\n    const ready = setup();\n    return () => {\n      void ready.then((stop) => stop());\n    };\n  }, [id]);',
        asyncHelper,
      ),
      ...tsx,
    },
    // a call outside an effect (an event handler) is not judged
    { code: room('  const onClick = () => {\n    setup();\n  };'), ...tsx },
    // a function that is not declared in the file
    { code: 'function Room() {\n  useEffect(() => {\n    setup();\n  }, []);\n  return <div />;\n}', ...tsx },
    // a capitalized function in a file without JSX that returns null is not taken for a component
    { code: "function Load() {\n  supabase.channel('x').subscribe();\n  return null;\n}" },
    // a class method with a capitalized name is not a component
    {
      code: "class Hub {\n  Start() {\n    supabase.channel('x').subscribe();\n    return null;\n  }\n}\nconst el = <div />;",
      ...tsx,
    },
  ],
  invalid: [
    // an async helper resolves to the cleanup; the effect drops the promise and with it the cleanup
    // (holdout15 darknode's chat modal): its own message, since returning the promise from the effect is no fix
    ...['    setup();', '    if (open) void setup();'].map((call) => {
      const code = room(`  useEffect(() => {\n${call}\n  }, [id]);`, asyncHelper);
      return {
        code,
        ...tsx,
        errors: [{ messageId: 'droppedAsyncCleanup' as const, data: { helper: 'setup' }, ...at(code, 'setup()') }],
      };
    }),
    dropped(room('  useEffect(() => {\n    setup();\n  }, [id]);'), 'setup()'),
    dropped(room('  useLayoutEffect(() => {\n    void setup();\n  }, [id]);'), 'setup()'),
    dropped(room('  useEffect(() => {\n    if (id) setup();\n  }, [id]);'), 'setup()'),
    // the result goes to a variable that is never read
    dropped(room('  useEffect(() => {\n    const off = setup();\n  }, [id]);'), 'setup()'),
    // a module-level function declaration
    dropped(
      `${moduleHelper}\nfunction Room({ id }: { id: string }) {\n  useEffect(() => {\n    subscribeToRoom(id);\n  }, [id]);\n  return <div />;\n}`,
      'subscribeToRoom(id)',
      'subscribeToRoom',
    ),
    // a helper held by useCallback
    dropped(
      room(
        '  useEffect(() => {\n    subscribe();\n  }, [subscribe]);',
        "  const subscribe = useCallback(() => {\n    const channel = supabase.channel('x').subscribe();\n    return () => supabase.removeChannel(channel);\n  }, [id]);",
      ),
      'subscribe()',
      'subscribe',
      2,
    ),
    // a helper that drops its channel: each run of the effect leaks one (the function facts, one call below)
    leakBelow(
      room(
        '  useEffect(() => {\n    setup();\n  }, [id]);',
        "  const setup = () => {\n    supabase.channel('x').subscribe();\n  };",
      ),
      'setup()',
      'channel',
    ),
    // a helper that returns something other than the channel's cleanup: the channel is dropped
    leakBelow(
      room(
        '  useEffect(() => {\n    setup();\n  }, [id]);',
        "  const setup = () => {\n    const channel = supabase.channel('x').subscribe();\n    return () => clearInterval(timer);\n  };",
      ),
      'setup()',
      'channel',
    ),
    // a component that renders null still runs its body on every render
    {
      code: "function Listener() {\n  supabase.channel('x').subscribe();\n  return null;\n}\nconst app = <Listener />;",
      ...tsx,
      errors: [{ messageId: 'renderBody', data: { component: 'Listener' }, line: 2, column: 25 }],
    },
    {
      code: "function Provider({ children }: { children: unknown }) {\n  supabase.channel('x').subscribe();\n  return children;\n}\nconst el = <div />;",
      ...tsx,
      errors: [{ messageId: 'renderBody', data: { component: 'Provider' }, line: 2, column: 25 }],
    },
    // JSX only inside a callback of the component
    {
      code: "function List({ items }: { items: string[] }) {\n  supabase.channel('x').subscribe();\n  return items.map((item) => <li key={item}>{item}</li>);\n}",
      ...tsx,
      errors: [{ messageId: 'renderBody', data: { component: 'List' }, line: 2, column: 25 }],
    },
    // handed to memo
    {
      code: "const Badge = memo(function Badge() {\n  supabase.channel('x').subscribe();\n  return 1;\n});",
      errors: [{ messageId: 'renderBody', data: { component: 'Badge' }, line: 2, column: 25 }],
    },
  ],
});

javascriptTester().run('require-realtime-cleanup: helpers (JavaScript)', requireRealtimeCleanup, {
  valid: [
    {
      code: 'function Room({ id }) {\n  function setup() {\n    const ch = supabase.channel(id).subscribe();\n    return () => supabase.removeChannel(ch);\n  }\n  useEffect(() => setup(), [id]);\n  return <div />;\n}',
      filename: 'react.jsx',
    },
  ],
  invalid: [
    {
      code: 'function Room({ id }) {\n  function setup() {\n    const ch = supabase.channel(id).subscribe();\n    return () => supabase.removeChannel(ch);\n  }\n  useEffect(() => {\n    setup();\n  }, [id]);\n  return <div />;\n}',
      filename: 'react.jsx',
      errors: [
        { messageId: 'droppedCleanup', data: { helper: 'setup' }, line: 7, column: 5, endLine: 7, endColumn: 12 },
      ],
    },
  ],
});
