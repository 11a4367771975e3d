/**
 * Realtime shapes of issue 12 (items 3 and 4), each with what the rules must
 * report on it (an oracle written from the documented behaviour, not from
 * the detectors): helpers whose returned cleanup an effect keeps or drops,
 * component bodies whatever they return, filters that may be absent (and the
 * calls that pass none), filters on DELETE, `in` lists and operators.
 */
import fc from 'fast-check';
import { hasJsx, isTypeScript, type Lang } from './generators.js';
import { dedent } from '../dedent.js';

/** A program part and how many reports of each message id it must get. */
export interface OracleCase {
  code: string;
  expect: Record<string, number>;
}

const LISTEN =
  ".on('postgres_changes', { event: '*', schema: 'public', table: 'messages', filter: `room_id=eq.${roomId}` }, (payload) => setRows(payload))";

/** The ways an effect uses what `setup()` returns: dropped (true) or kept (false). */
const USES: readonly { code: string; drops: boolean }[] = [
  { code: 'setup();', drops: true },
  { code: 'void setup();', drops: true },
  { code: 'const off = setup();', drops: true },
  { code: 'if (roomId) setup();', drops: true },
  { code: 'return setup();', drops: false },
  { code: 'const off = setup();\n    return off;', drops: false },
  { code: 'const off = setup();\n    return () => off();', drops: false },
];

/** What the helper returns: the channel's cleanup (true) or something else (false). */
const RETURNS: readonly { code: string; cleanup: boolean }[] = [
  { code: 'return () => {\n      supabase.removeChannel(channel);\n    };', cleanup: true },
  { code: 'return () => channel.unsubscribe();', cleanup: true },
  { code: 'return () => clearInterval(timer);', cleanup: false },
  { code: '', cleanup: false },
];

/**
 * An effect that calls a helper of the component (or of the module) which
 * subscribes a channel: droppedCleanup exactly when the helper returns the
 * channel's cleanup and the effect drops it.
 */
export function helperCleanupCase(lang: Lang, index: number): fc.Arbitrary<OracleCase> {
  const ts = isTypeScript(lang);
  return fc
    .record({
      use: fc.constantFrom(...USES),
      returns: fc.constantFrom(...RETURNS),
      form: fc.constantFrom('arrow', 'declaration', 'useCallback', 'module'),
    })
    .map(({ use, returns, form }) => {
      const body = `    const channel = supabase.channel(\`room:\${roomId}\`)${LISTEN}.subscribe();\n    ${returns.code}`;
      const helper =
        form === 'declaration'
          ? `  function setup() {\n${body}\n  }`
          : form === 'useCallback'
            ? `  const setup = useCallback(() => {\n${body}\n  }, [roomId]);`
            : `  const setup = () => {\n${body}\n  };`;
      const arg = ts ? 'roomId: string' : 'roomId';
      const outer =
        form === 'module'
          ? `let roomId${index}${ts ? ': string' : ''} = '';\nfunction setup() {\n${body.replace(/roomId/g, `roomId${index}`)}\n}\n`
          : '';
      const effect = `  useEffect(() => {\n    ${use.code.replace(/roomId/g, form === 'module' ? `roomId${index}` : 'roomId')}\n  }, [roomId]);`;
      const inner = form === 'module' ? effect : `${helper}\n${effect}`;
      const code = `${outer}export function useRoomHelper${index}(${arg}) {\n${inner}\n}`;
      return { code, expect: { droppedCleanup: use.drops && returns.cleanup ? 1 : 0 } };
    });
}

/**
 * A capitalized function that subscribes in its body and returns JSX, null or
 * its children: renderBody when the file shows it is a component (it returns
 * JSX, or is rendered as an element); nothing in a file without JSX.
 */
export function componentBodyCase(lang: Lang, index: number): fc.Arbitrary<OracleCase> {
  const ts = isTypeScript(lang);
  const jsx = hasJsx(lang);
  return fc
    .record({
      returns: fc.constantFrom('null', 'children', '<div />'),
      rendered: fc.boolean(),
    })
    .filter(({ returns }) => jsx || returns !== '<div />')
    .map(({ returns, rendered }) => {
      const props = ts ? '{ children }: { children?: unknown }' : '{ children }';
      const code = [
        `export function Listener${index}(${props}) {`,
        "  supabase.channel('online').on('broadcast', { event: 'typing' }, onTyping).subscribe();",
        `  return ${returns};`,
        '}',
        ...(jsx && rendered ? [`export const listener${index} = <Listener${index} />;`] : []),
      ].join('\n');
      // a component by what it renders, or by being rendered; `null`/children alone in a file without JSX is not enough
      return { code, expect: { renderBody: returns === '<div />' || (jsx && rendered) ? 1 : 0 } };
    });
}

/** Operators, and whether the Realtime server's filter parser takes them (the rule's default `operators`). */
const OPERATORS: readonly { op: string; value: string; supported: boolean }[] = [
  { op: 'eq', value: '${roomId}', supported: true },
  { op: 'neq', value: 'done', supported: true },
  { op: 'gte', value: '10', supported: true },
  { op: 'lt', value: '${limit}', supported: true },
  { op: 'in', value: '(open,new)', supported: true },
  { op: 'like', value: '${q}%', supported: true },
  { op: 'ilike', value: 'a%', supported: true },
  { op: 'is', value: 'null', supported: true },
  { op: 'not.eq', value: 'done', supported: true },
  { op: 'cs', value: '{a}', supported: false },
  { op: 'fts', value: '${q}', supported: false },
  { op: 'not.cs', value: '{a}', supported: false },
];

/**
 * Filters that may be absent (an optional parameter, `= undefined`, a
 * conditional spread), tested first or not, with the calls of the file
 * passing one or none; filters on DELETE (on the primary key `id`, or on
 * `room_id`); `in` lists of 3 to 150 values;
 * each operator. What no-unbounded-realtime must report on each.
 */
export function realtimeFilterCase(lang: Lang, index: number): fc.Arbitrary<OracleCase> {
  const ts = isTypeScript(lang);
  const optional = fc
    .record({
      param: fc.constantFrom(...(ts ? ['optional', 'default', 'required', 'object'] : ['default', 'required'])),
      spread: fc.boolean(),
      guard: fc.boolean(),
      passesNone: fc.boolean(),
    })
    .map(({ param, spread, guard, passesNone }): OracleCase => {
      const object = param === 'object';
      const params = object
        ? '{ table, filter }: { table: string; filter?: string }'
        : `table${ts ? ': string' : ''}, filter${param === 'optional' ? '?: string' : param === 'default' ? ' = undefined' : ts ? ': string' : ''}`;
      const filter = spread ? '...(filter && { filter })' : 'filter';
      const hook = [
        `export function useLive${index}(${params}) {`,
        '  useEffect(() => {',
        ...(guard ? ['    if (!filter) return;'] : []),
        `    const channel = supabase.channel(\`live-\${table}\`).on('postgres_changes', { event: '*', schema: 'public', table: 'messages', ${filter} }, (payload) => setRows(payload)).subscribe();`,
        '    return () => {',
        '      supabase.removeChannel(channel);',
        '    };',
        '  }, [table, filter]);',
        '}',
      ];
      const call = object
        ? `useLive${index}({ table: 'messages'${passesNone ? '' : ", filter: 'room_id=eq.1'"} })`
        : `useLive${index}('messages'${passesNone ? '' : ", 'room_id=eq.1'"})`;
      const code = [...hook, `export function useFeed${index}() {`, `  ${call};`, '}'].join('\n');
      const mayBeAbsent = param !== 'required' || spread;
      const reported = mayBeAbsent && !guard;
      // a required parameter left out is a type error, not this rule's business; only an optional one is followed to its calls
      const followed = reported && param !== 'required';
      return {
        code,
        expect: { optionalFilter: reported ? 1 : 0, callWithoutFilter: followed && passesNone ? 1 : 0 },
      };
    });
  const fixed = fc
    .record({
      event: fc.constantFrom('INSERT', 'UPDATE', 'DELETE', '*'),
      operator: fc.constantFrom(...OPERATORS),
      inValues: fc.constantFrom(0, 3, 100, 101, 150),
    })
    .map(({ event, operator, inValues }): OracleCase => {
      const values = Array.from({ length: inValues }, (_, i) => i + 1).join(',');
      const filter = inValues > 0 ? `id=in.(${values})` : `room_id=${operator.op}.${operator.value}`;
      const code = dedent`
        export function listenFiltered${index}(roomId${ts ? ': string' : ''}, limit${ts ? ': number' : ''}, q${ts ? ': string' : ''}) {
          return supabase.channel(\`filtered-\${roomId}\`).on('postgres_changes', { event: '${event}', schema: 'public', table: 'messages', filter: \`${filter}\` }, (payload) => setRows(payload)).subscribe();
        }`;
      // a DELETE filter on room_id: the old record of a delete holds the primary key only, unless the table is
      // REPLICA IDENTITY FULL, which no schema says here; one on id is taken as one on the primary key
      const onDelete = event === 'DELETE' && inValues === 0;
      return {
        code,
        expect: {
          deleteFilterUnknown: onDelete ? 1 : 0,
          inTooMany: inValues > 100 ? 1 : 0,
          unsupportedOperator: !onDelete && inValues === 0 && !operator.supported ? 1 : 0,
        },
      };
    });
  return fc.oneof(optional, fixed);
}
