/**
 * The Realtime listener reader (src/analysis/realtime/listener.ts), which
 * no-unbounded-realtime, no-invalid-realtime-filter and the delta-sync
 * verdict's deletes all ask: what each key of a Postgres Changes config holds
 * once the object is built, and what a legacy `from('t:filter').on()` hears.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { type ConfigValue, readListener, type RealtimeListener } from '../../src/analysis/realtime/listener.js';
import { runDetectors } from '../../src/analysis/run.js';
import { dedent } from '../dedent.js';

/** Every listener the reader sees in `code`, in the order its `.on()` calls end. */
function listeners(code: string): RealtimeListener[] {
  const run = runDetectors(code, 'file.ts', {
    listeners: (ctx) => {
      const found: RealtimeListener[] = [];
      return {
        listeners: {
          CallExpression: (node: TSESTree.CallExpression) => {
            const listener = readListener(ctx, node);
            if (listener) found.push(listener);
          },
        },
        finish: () => found.sort((a, b) => a.on.range[1] - b.on.range[1]),
      };
    },
  });
  if (!run.ok) throw new Error(`does not parse: ${run.error.message}`);
  return run.findings.listeners;
}

function only(code: string): RealtimeListener {
  const found = listeners(code);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** A config value as text: `absent`, `'messages'`, `computed: name`, `unknown`. */
function show(value: ConfigValue, code: string): string {
  if (value.kind === 'string') return `'${value.value}'`;
  if (value.kind === 'computed') return `computed: ${code.slice(value.node.range[0], value.node.range[1])}`;
  return value.kind;
}

function config(code: string): Record<string, string> {
  const listener = only(code);
  if (listener.kind !== 'postgres_changes') throw new Error('not a Postgres Changes listener');
  return {
    event: show(listener.event, code),
    schema: show(listener.schema, code),
    table: show(listener.table, code),
    filter: show(listener.filter, code),
  };
}

const on = (object: string, prelude = '') =>
  `${prelude}supabase.channel('c').on('postgres_changes', ${object}, cb).subscribe();`;

describe('readListener: Postgres Changes configs', () => {
  it('reads each key written inline, and marks the ones left out as absent', () => {
    expect(config(on("{ event: 'DELETE', schema: 'public', table: 'messages', filter: `room_id=eq.${id}` }"))).toEqual({
      event: "'DELETE'",
      schema: "'public'",
      table: "'messages'",
      filter: 'computed: `room_id=eq.${id}`',
    });
    expect(config(on("{ event: '*', schema: 'public' }"))).toEqual({
      event: "'*'",
      schema: "'public'",
      table: 'absent',
      filter: 'absent',
    });
  });

  it('reads a table, schema or event named by a constant of the file; a filter held by one stays computed', () => {
    const names = "const TABLES = { rooms: 'rooms' } as const;\nconst SCHEMA = 'public';\nconst FILTER = 'id=eq.1';\n";
    expect(config(on("{ event: '*', schema: SCHEMA, table: TABLES.rooms, filter: FILTER }", names))).toEqual({
      event: "'*'",
      schema: "'public'",
      table: "'rooms'",
      filter: 'computed: FILTER',
    });
    // a `let` that is assigned again names no table the reader can trust
    expect(config(on("{ event: '*', schema: 'public', table: t }", "let t = 'rooms';\nt = pick();\n")).table).toBe(
      'computed: t',
    );
  });

  it('reads a config held by a constant, and a constant spread into it, in place', () => {
    expect(config(on('config', "const config = { event: 'INSERT', schema: 'public', table: 'rooms' };\n"))).toEqual({
      event: "'INSERT'",
      schema: "'public'",
      table: "'rooms'",
      filter: 'absent',
    });
    const base = "const base = { schema: 'public', table: 'rooms' };\n";
    expect(config(on("{ ...base, event: 'UPDATE', filter: 'id=eq.1' }", base))).toEqual({
      event: "'UPDATE'",
      schema: "'public'",
      table: "'rooms'",
      filter: "'id=eq.1'",
    });
  });

  it('lets a later property override an earlier one, and a spread it cannot read make the keys after nothing unknown', () => {
    expect(config(on("{ table: 'a', table: 'b', event: '*', schema: 'public' }")).table).toBe("'b'");
    // the spread may set any key: what it follows is unknown, what follows it is read
    expect(config(on("{ event: '*', schema: 'public', table: 'messages', ...extra }"))).toEqual({
      event: 'unknown',
      schema: 'unknown',
      table: 'unknown',
      filter: 'unknown',
    });
    expect(config(on("{ ...extra, event: '*', schema: 'public', table: 'messages' }"))).toEqual({
      event: "'*'",
      schema: "'public'",
      table: "'messages'",
      filter: 'unknown',
    });
    expect(config(on("{ [key]: 'x', table: 'messages' }")).event).toBe('unknown');
    const listener = only(on("{ ...extra, table: 'messages' }"));
    expect(listener.kind === 'postgres_changes' && listener.opaque).toBe(true);
  });

  it('reads a conditional filter spread as a filter on one branch only, leaving the other keys as written', () => {
    const code = on(
      "{ event: '*', schema: 'public', table: 'messages', ...(roomId && { filter: `room_id=eq.${roomId}` }) }",
    );
    const listener = only(code);
    if (listener.kind !== 'postgres_changes') throw new Error('not a Postgres Changes listener');
    expect(listener.opaque).toBe(false);
    expect(listener.conditionalFilter && code.slice(...listener.conditionalFilter.condition.range)).toBe('roomId');
    expect(config(code)).toEqual({ event: "'*'", schema: "'public'", table: "'messages'", filter: 'unknown' });
    // a spread whose object may set other keys is a spread like any other
    const other = only(on("{ event: '*', schema: 'public', ...(id ? { filter: 'a=eq.1', table: 't' } : {}) }"));
    expect(other.kind === 'postgres_changes' && other.conditionalFilter).toBe(null);
    expect(other.kind === 'postgres_changes' && other.opaque).toBe(false);
    expect(config(on("{ event: '*', schema: 'public', ...(id ? { filter: 'a=eq.1', table: 't' } : {}) }")).table).toBe(
      'unknown',
    );
  });

  it('gives every key as unknown for a config built elsewhere', () => {
    expect(config(on('makeConfig()'))).toEqual({
      event: 'unknown',
      schema: 'unknown',
      table: 'unknown',
      filter: 'unknown',
    });
  });

  it('gives the filter property that sets the filter, and none once a spread overrides it', () => {
    const code = on("{ event: '*', schema: 'public', table: 'messages', filter: 'a=eq.1' }");
    const listener = only(code);
    const property = listener.kind === 'postgres_changes' ? listener.filterProperty : null;
    expect(property && code.slice(...property.range)).toBe("filter: 'a=eq.1'");
    const overridden = only(on("{ table: 'messages', filter: 'a=eq.1', ...more }"));
    expect(overridden.kind === 'postgres_changes' && overridden.filterProperty).toBe(null);
  });

  it('does not read broadcast, presence or events named at run time', () => {
    expect(
      listeners("supabase.channel('c').on('broadcast', { event: 'x' }, cb).on('presence', { event: 'sync' }, cb);"),
    ).toEqual([]);
    expect(listeners("supabase.channel('c').on(kind, { table: 'messages' }, cb);")).toEqual([]);
    expect(listeners("emitter.on('data', cb);")).toEqual([]);
  });
});

describe('readListener: legacy v1 table listeners', () => {
  function legacy(code: string): { event: string; table: string | null; filter: string } {
    const listener = only(code);
    if (listener.kind !== 'legacy') throw new Error('not a legacy listener');
    return { event: listener.event, table: listener.table, filter: listener.filter };
  }

  it('reads the table and whether the table string carries a filter', () => {
    expect(legacy("supabase.from('messages').on('INSERT', cb).subscribe();")).toEqual({
      event: 'INSERT',
      table: 'messages',
      filter: 'none',
    });
    expect(legacy("supabase.from('messages:room_id=eq.1').on('DELETE', cb).subscribe();")).toEqual({
      event: 'DELETE',
      table: 'messages',
      filter: 'string',
    });
    expect(legacy("supabase.from(`messages:room_id=eq.${id}`).on('*', cb).subscribe();")).toEqual({
      event: '*',
      table: 'messages',
      filter: 'computed',
    });
    expect(legacy("supabase.from('*').on('UPDATE', cb).subscribe();")).toEqual({
      event: 'UPDATE',
      table: '*',
      filter: 'none',
    });
  });

  it('gives the table as unknown when the code computes it', () => {
    expect(legacy("supabase.from(`${table}`).on('INSERT', cb).subscribe();")).toEqual({
      event: 'INSERT',
      table: null,
      filter: 'unknown',
    });
    expect(legacy("supabase.from(table).on('INSERT', cb).subscribe();")).toEqual({
      event: 'INSERT',
      table: null,
      filter: 'unknown',
    });
  });

  it('follows the chain through other .on() calls and a constant holding client.from(t)', () => {
    const chained = listeners("supabase.from('rooms').on('INSERT', a).on('DELETE', b).subscribe();");
    expect(chained.map((l) => (l.kind === 'legacy' ? `${l.event} ${l.table}` : l.kind))).toEqual([
      'INSERT rooms',
      'DELETE rooms',
    ]);
    expect(
      legacy(dedent`
        const rooms = supabase.from('rooms');
        rooms.on('DELETE', cb).subscribe();
      `),
    ).toEqual({ event: 'DELETE', table: 'rooms', filter: 'none' });
  });

  it('reads nothing when the chain is not made on from(t)', () => {
    expect(listeners("supabase.channel('c').on('INSERT', cb);")).toEqual([]);
    expect(listeners("socket.on('DELETE', cb);")).toEqual([]);
  });
});
