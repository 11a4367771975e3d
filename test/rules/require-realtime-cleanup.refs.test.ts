/**
 * require-realtime-cleanup on a channel kept in a ref and removed through a
 * helper of the component (holdout11, chillywood-mobile): the effect stores
 * the channel (`channelRef.current = channel`) and its cleanup calls
 * `cleanupChannel()`, with no argument, a helper that removes what the ref
 * holds. The helper must remove that ref's channel, and the cleanup must call
 * it whenever the ref holds one.
 */
import { requireRealtimeCleanup } from '../../src/rules/require-realtime-cleanup.js';
import { at } from './loc.js';
import { typescriptTester } from './tester.js';
import { dedent } from '../dedent.js';

const tsx = { filename: 'react.tsx' } as const;

/** A component with two refs, a helper of it, and an effect that subscribes a channel. */
const room = (helper: string, store: string, cleanup: string) => dedent`
  function Room({ id }: { id: string }) {
    const channelRef = useRef<RealtimeChannel | null>(null);
    const otherRef = useRef<RealtimeChannel | null>(null);
  ${helper.replace(/^/gm, '  ')}
    useEffect(() => {
      const channel = supabase.channel(\`room:\${id}\`).on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: \`room_id=eq.\${id}\` }, onChange);
  ${store.replace(/^/gm, '    ')}
      return () => {
  ${cleanup.replace(/^/gm, '      ')}
      };
    }, [id]);
    return <div />;
  }`;

const useCallbackHelper = dedent`
  const cleanupChannel = useCallback(() => {
    if (channelRef.current) {
      supabase.removeChannel(channelRef.current);
      channelRef.current = null;
    }
  }, []);`;

const storeAfterSubscribe = 'channel.subscribe();\nchannelRef.current = channel;';

function missing(code: string) {
  return {
    code,
    ...tsx,
    errors: [{ messageId: 'missingCleanup' as const, data: { client: 'supabase' }, ...at(code, 'subscribe()') }],
  };
}

typescriptTester().run('require-realtime-cleanup: a ref emptied by a helper', requireRealtimeCleanup, {
  valid: [
    // useCallback, called with no argument; the ref read directly
    { code: room(useCallbackHelper, storeAfterSubscribe, 'cleanupChannel();'), ...tsx },
    // a const arrow reading the ref into a local, leaving early when it is empty
    {
      code: room(
        'const stop = () => {\n  const current = channelRef.current;\n  if (!current) return;\n  supabase.removeChannel(current);\n  channelRef.current = null;\n};',
        storeAfterSubscribe,
        'void stop();',
      ),
      ...tsx,
    },
    // an async helper that awaits something else first (untrack), stored once SUBSCRIBED (chillywood's presence channel)
    {
      code: room(
        dedent`
          const cleanupChannel = useCallback(async () => {
            const current = channelRef.current;
            if (!current) return;
            try {
              await current.untrack();
            } catch {
              // already gone
            }
            supabase.removeChannel(current);
            channelRef.current = null;
          }, []);`,
        "channel.subscribe((status) => {\n  if (status === 'SUBSCRIBED') channelRef.current = channel;\n});",
        'active = false;\nvoid cleanupChannel();',
      ),
      ...tsx,
    },
    // a function declaration, unsubscribing through `?.`; the channel stored as its chain is subscribed
    {
      code: room(
        'function leave() {\n  channelRef.current?.unsubscribe();\n}',
        'channelRef.current = channel.subscribe();',
        'leave();',
      ),
      ...tsx,
    },
    // one helper calling the one that removes it
    {
      code: room(
        `${useCallbackHelper}\nconst cleanupAll = useCallback(() => {\n  cleanupChannel();\n  stopMedia();\n}, [cleanupChannel]);`,
        storeAfterSubscribe,
        'cleanupAll();',
      ),
      ...tsx,
    },
    // a guard of the cleanup on the ref itself
    { code: room(useCallbackHelper, storeAfterSubscribe, 'if (channelRef.current) cleanupChannel();'), ...tsx },
  ],
  invalid: [
    // the helper removes what another ref holds
    missing(
      room(
        'const cleanupOther = useCallback(() => {\n  if (otherRef.current) supabase.removeChannel(otherRef.current);\n}, []);',
        storeAfterSubscribe,
        'cleanupOther();',
      ),
    ),
    // the helper is called on one branch of the cleanup only
    missing(room(useCallbackHelper, storeAfterSubscribe, 'if (ended) cleanupChannel();')),
    missing(room(useCallbackHelper, storeAfterSubscribe, 'if (!mounted) return;\ncleanupChannel();')),
    // the helper removes the ref's channel on one branch of its own
    missing(
      room(
        'const cleanupChannel = () => {\n  if (isHost) supabase.removeChannel(channelRef.current!);\n};',
        storeAfterSubscribe,
        'cleanupChannel();',
      ),
    ),
    missing(
      room(
        'const cleanupChannel = () => {\n  const current = channelRef.current;\n  if (!current || !isHost) return;\n  supabase.removeChannel(current);\n};',
        storeAfterSubscribe,
        'cleanupChannel();',
      ),
    ),
    // the channel is never stored in the ref the helper empties
    missing(room(useCallbackHelper, 'channel.subscribe();\notherRef.current = channel;', 'cleanupChannel();')),
    missing(room(useCallbackHelper, 'channel.subscribe();', 'cleanupChannel();')),
  ],
});
