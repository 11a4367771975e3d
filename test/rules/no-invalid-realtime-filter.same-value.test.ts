/**
 * no-invalid-realtime-filter on a filter that requires one value of several
 * columns (`participant1_id=eq.${u},participant2_id=eq.${u}`, meant as
 * either): Realtime ANDs a filter's comma-separated conditions and has no OR.
 * Reported where the filter is written, also when a hook of the same file
 * takes it as an option and subscribes with it (holdout10, Sellar). No schema
 * needed.
 */
import { noInvalidRealtimeFilter } from '../../src/rules/no-invalid-realtime-filter.js';
import { at } from './loc.js';
import { typescriptTester } from './tester.js';
import { dedent } from '../dedent.js';

const on = (filter: string) =>
  `supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'conversations', filter: ${filter} }, onChange).subscribe();`;

const BOTH = "'participant1_id' and 'participant2_id'";

function reported(code: string, needle: string, columns = BOTH, value = '${userId}', through = '') {
  return {
    code,
    errors: [{ messageId: 'sameValueColumns' as const, data: { columns, value, through }, ...at(code, needle) }],
  };
}

/** A hook that takes the filter as an option, mirrors it in a ref, and subscribes with it when there is one. */
const hook = dedent`
  interface Options {
    table: string;
    filter?: string;
  }
  export function useRealtime({ table, filter }: Options) {
    const filterRef = useRef(filter);
    useEffect(() => {
      filterRef.current = filter;
    }, [filter]);
    useEffect(() => {
      const currentFilter = filterRef.current;
      const channel = supabase
        .channel(\`rt-\${table}\`)
        .on('postgres_changes', { event: '*', schema: 'public', table, ...(currentFilter && { filter: currentFilter }) }, onChange)
        .subscribe();
      return () => {
        supabase.removeChannel(channel);
      };
    }, [table]);
  }
`;

const sellar = `${hook}
export function useConversations(userId: string) {
  return useRealtime({
    table: 'conversations',
    filter: userId ? \`participant1_id=eq.\${userId},participant2_id=eq.\${userId}\` : undefined,
  });
}`;

typescriptTester().run('no-invalid-realtime-filter: one value required of several columns', noInvalidRealtimeFilter, {
  valid: [
    // different values, or a value written out: an AND as meant
    on('`room_id=eq.${roomId},author_id=eq.${userId}`'),
    on("'is_public=eq.true,is_active=eq.true'"),
    on('`owner_id=eq.${userId}`'),
    // another operator on the second column
    on('`sender_id=eq.${userId},receiver_id=neq.${userId}`'),
    // the same condition twice, or a value that is more than the computed part
    on('`participant1_id=eq.${userId},participant1_id=eq.${userId}`'),
    on('`a_key=eq.${userId}-a,b_key=eq.${userId}-a`'),
    // a hook handed one condition, or nothing
    `${hook}\nuseRealtime({ table: 'conversations', filter: \`participant1_id=eq.\${userId}\` });\nuseRealtime({ table: 'messages' });`,
    // a ref the code sets to another value too: not a mirror of the option
    dedent`
      export function useFeed({ filter }: { filter?: string }) {
        const filterRef = useRef(filter);
        filterRef.current = other;
        supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 't', filter: filterRef.current }, cb).subscribe();
      }
      useFeed({ filter: \`a_id=eq.\${u},b_id=eq.\${u}\` });`,
  ],
  invalid: [
    reported(
      on('`participant1_id=eq.${userId},participant2_id=eq.${userId}`'),
      '`participant1_id=eq.${userId},participant2_id=eq.${userId}`',
    ),
    reported(
      on("'sender_id=eq.' + me + ',receiver_id=eq.' + me"),
      "'sender_id=eq.' + me + ',receiver_id=eq.' + me",
      "'sender_id' and 'receiver_id'",
      '${me}',
    ),
    reported(
      on('`owner_id=eq.${u.id},editor_id=eq.${u.id},viewer_id=eq.${u.id}`'),
      '`owner_id=eq.${u.id},editor_id=eq.${u.id},viewer_id=eq.${u.id}`',
      "'owner_id', 'editor_id' and 'viewer_id'",
      '${u.id}',
    ),
    // handed to a hook of the file as its `filter` option, through a ref, on one branch of a conditional (Sellar)
    reported(
      sellar,
      '`participant1_id=eq.${userId},participant2_id=eq.${userId}`',
      BOTH,
      '${userId}',
      ' (passed as `filter` of `useRealtime()`, which subscribes with it)',
    ),
    // a positional parameter, and an option taken from the options object
    reported(
      dedent`
        function useRoomFeed(filter: string) {
          supabase.channel('c').on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'messages', filter }, cb).subscribe();
        }
        useRoomFeed(\`sender_id=eq.\${me},recipient_id=eq.\${me}\`);`,
      '`sender_id=eq.${me},recipient_id=eq.${me}`',
      "'sender_id' and 'recipient_id'",
      '${me}',
      ' (passed as `filter` of `useRoomFeed()`, which subscribes with it)',
    ),
    reported(
      dedent`
        function listen(options: { filter: string }) {
          const { filter } = options;
          return supabase.channel('c').on('postgres_changes', { event: '*', schema: 'public', table: 'friendships', filter }, cb).subscribe();
        }
        listen({ filter: \`user_a=eq.\${me},user_b=eq.\${me}\` });`,
      '`user_a=eq.${me},user_b=eq.${me}`',
      "'user_a' and 'user_b'",
      '${me}',
      ' (passed as `filter` of `listen()`, which subscribes with it)',
    ),
  ],
});
