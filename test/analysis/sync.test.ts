/**
 * The sync verdict's pieces (src/analysis/sync): what a module's facts say of
 * deletes (hard deletes sent, Realtime listeners that hear DELETE events), what
 * a read selects and which soft-delete columns it filters to the live rows;
 * then each check of judgeSync (sync-verdict.ts) on plans written as data, the
 * hard-deletes warning first.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { selectedColumns } from '../../src/analysis/postgrest/select-list.js';
import type { ModuleFacts } from '../../src/analysis/project/facts.js';
import { moduleFacts } from '../../src/analysis/project/module-facts.js';
import { runDetectors } from '../../src/analysis/run.js';
import { softDeleteColumns } from '../../src/analysis/sync/deletes.js';
import type { SyncFact, SyncRead, TableDeletes } from '../../src/analysis/sync/sync-plan.js';
import { judgeSync, syncVerdict, WARNING_CHECKS } from '../../src/analysis/sync/sync-verdict.js';
import { schemaOf } from '../schema/helpers.js';

function factsOf(code: string): ModuleFacts {
  let program: TSESTree.Program | null = null;
  const run = runDetectors(code, 'file.ts', {
    facts: (ctx) => ({
      listeners: {
        Program(node: TSESTree.Program) {
          program = node;
        },
      },
      finish: () => (program ? [moduleFacts(ctx, program, '/file.ts')] : []),
    }),
  });
  if (!run.ok) throw new Error(`does not parse: ${run.error.message}`);
  return run.findings.facts[0]!;
}

function selected(code: string): '*' | string[] | null {
  const run = runDetectors(`supabase.from('t')${code};`, 'file.ts', {
    calls: () => {
      const found: ('*' | string[] | null)[] = [];
      return {
        listeners: {
          'CallExpression[callee.property.name="select"]': (node: never) => {
            found.push(selectedColumns(node));
          },
        },
        finish: () => found,
      };
    },
  });
  if (!run.ok) throw new Error('does not parse');
  return run.findings.calls[0]!;
}

describe('selectedColumns', () => {
  it('reads * from select(), select("*") and a list holding *', () => {
    expect(selected('.select()')).toBe('*');
    expect(selected(".select('*')")).toBe('*');
    expect(selected(".select('id, *, author:profiles(*)')")).toBe('*');
  });

  it("reads a list's own columns: aliases, casts, JSON paths and quoted names; embedded resources left out", () => {
    expect(selected('.select(\'id, title:name, body::text, data->x, "deletedAt"\')')).toEqual([
      'id',
      'name',
      'body',
      'data',
      'deletedAt',
    ]);
    expect(selected(".select('id, author:profiles(id, deleted_at), ...tags(name), count()')")).toEqual(['id']);
    expect(selected('.select(`id,\n  deleted_at`)')).toEqual(['id', 'deleted_at']);
  });

  it('gives null for a list built at run time', () => {
    expect(selected('.select(columns)')).toBeNull();
    expect(selected('.select(`id, ${more}`)')).toBeNull();
  });
});

describe('hard deletes a file sends', () => {
  const deletes = (code: string) => factsOf(code).deletes;

  it('records an awaited, returned or then-ed delete with its table, schema and the line of .delete()', () => {
    const code = `import { supabase } from './supabase';
export async function a(id: string) {
  await supabase.from('notes').delete().eq('id', id);
}
export async function b(id: string) {
  return supabase
    .schema('chat')
    .from('rooms')
    .delete()
    .eq('id', id);
}
export function c(ids: string[]) {
  const rows = supabase.from('tags');
  return rows.delete().in('id', ids).then(({ error }) => error);
}
`;
    expect(deletes(code)).toEqual([
      { line: 3, table: 'notes', schema: 'public' },
      { line: 9, table: 'rooms', schema: 'chat' },
      { line: 14, table: 'tags', schema: 'public' },
    ]);
  });

  it('leaves out a delete never sent, one on a table or schema named at run time, and a purge of rows marked deleted', () => {
    const code = `import { supabase } from './supabase';
export async function f(table: string, schema: string, id: string) {
  const pending = supabase.from('notes').delete();
  await supabase.from(table).delete().eq('id', id);
  await supabase.schema(schema).from('notes').delete().eq('id', id);
  await supabase.from('notes').delete().not('deleted_at', 'is', null);
  await supabase.from('notes').delete().eq('is_deleted', true);
  await supabase.from('notes').delete().or('deleted_at.lt.2024-01-01');
  return { pending };
}
`;
    expect(deletes(code)).toEqual([]);
  });

  it('leaves out what is not a Supabase delete: Map and Set, a reversed chain, an Array.from', () => {
    const code = `const cache = new Map<string, number>();
export async function f(id: string) {
  cache.delete(id);
  new Set([1]).delete(1);
  await db.delete(notes).where(eq(notes.id, id));
  await Array.from(rows).delete();
}
`;
    expect(factsOf(code).deletes).toEqual([]);
  });
});

describe('Realtime listeners that hear DELETE events', () => {
  const listeners = (code: string) => factsOf(code).deleteListeners;

  it("records DELETE and '*' listeners, schema-wide ones, and one whose config or event is named at run time", () => {
    const code = `import { supabase } from './supabase';
export function watch(config: object, event: string) {
  supabase
    .channel('a')
    .on('postgres_changes', { event: 'DELETE', schema: 'public', table: 'rooms' }, cb)
    .on('postgres_changes', { event: '*', schema: 'public', table: 'notes', filter: 'user_id=eq.1' }, cb)
    .on('postgres_changes', { event: 'DELETE', schema: 'public' }, cb)
    .on('postgres_changes', config, cb)
    .on('postgres_changes', { event, schema: 'public', table: 'tags' }, cb)
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'files' }, cb)
    .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'files' }, cb)
    .subscribe();
  supabase.from('messages').on('DELETE', cb).subscribe();
  supabase.from('*').on('*', cb).subscribe();
  emitter.on('*', cb);
}
`;
    expect(listeners(code)).toEqual([
      { line: 5, table: 'rooms', schema: 'public' },
      { line: 6, table: 'notes', schema: 'public' },
      { line: 7, table: null, schema: 'public' },
      { line: 8, table: null, schema: null },
      { line: 9, table: 'tags', schema: 'public' },
      { line: 13, table: 'messages', schema: null },
      { line: 14, table: null, schema: null },
    ]);
  });
});

describe("a read's soft-delete columns", () => {
  it('with a schema: the deleted_at-like columns of the table, none for a table without, null for a table it does not describe', async () => {
    const schema = await schemaOf(`
      create table notes (id uuid primary key, title text, archived_at timestamptz, updated_at timestamptz);
      create table files (id uuid primary key, deleted_at timestamptz, is_deleted boolean, "deletedAt" timestamptz, deleted_on date, updated_at timestamptz);
    `);
    expect(softDeleteColumns(schema, 'notes', 'public')).toEqual([]);
    expect(softDeleteColumns(schema, 'files', 'public')).toEqual([
      'deleted_at',
      'is_deleted',
      'deletedAt',
      'deleted_on',
    ]);
    expect(softDeleteColumns(schema, 'other', 'public')).toBeNull();
    expect(softDeleteColumns(undefined, 'files', 'public')).toBeNull();
  });

  it('the soft-delete columns a read filters to the rows not marked deleted', () => {
    const live = `import { supabase } from './supabase';
export async function pull(since: string) {
  const { data: a } = await supabase.from('a').select('*').is('deleted_at', null).gt('updated_at', since).order('updated_at');
  const { data: b } = await supabase.from('b').select('*').eq('is_deleted', false).neq('deleted', true).gt('updated_at', since).order('updated_at');
  const { data: c } = await supabase.from('c').select('*').filter('deleted_at', 'is', 'null').gt('updated_at', since).order('updated_at');
  const { data: d } = await supabase.from('d').select('*').not('deleted_at', 'is', null).eq('title', false).gt('updated_at', since).order('updated_at');
  return [a, b, c, d];
}
`;
    const reads = factsOf(live).functions.pull!.requests.map((request) => [request.table, request.read?.liveOnly]);
    expect(reads).toEqual([
      ['a', ['deleted_at']],
      ['b', ['is_deleted', 'deleted']],
      ['c', ['deleted_at']],
      ['d', []],
    ]);
  });
});

/**
 * A read past `updated_at` with a unique tiebreak, ordered, paged in a loop
 * with a margin before the cursor on its first page (a margin read one page a
 * run stalls: commit-order fails it): only what a test names varies.
 */
function read(
  table: string,
  selectedColumns: SyncRead['selected'],
  soft: string[] | null,
  extra: Partial<SyncRead> = {},
): SyncRead {
  return {
    file: 'src/sync.ts',
    line: 5,
    table,
    schema: 'public',
    cursor: {
      column: 'updated_at',
      comparison: 'gt',
      tiebreak: { column: 'id', comparison: 'gt' },
      value: 'stored',
      margin: true,
    },
    orders: [
      { column: 'updated_at', ascending: true },
      { column: 'id', ascending: true },
    ],
    page: { kind: 'limit', size: 100, offsetMoves: false },
    loop: true,
    fallback: false,
    selected: selectedColumns,
    softDeleteColumns: soft,
    liveOnly: [],
    rpc: null,
    through: [],
    unique: ['id'],
    cursorType: 'timestamp with time zone',
    ...extra,
  };
}

function sync(reads: SyncRead[], deletes: TableDeletes[] = [], extra: Partial<SyncFact> = {}): SyncFact {
  return {
    file: 'src/sync.ts',
    line: 3,
    name: 'pull',
    found: 'structure',
    reads,
    stores: [{ file: 'src/sync.ts', line: 9, target: 'localStorage:cursor', origin: 'rows', via: [], inLoop: false }],
    callers: [{ file: 'src/main.ts', line: 2 }],
    testCallers: [],
    triggers: [],
    deletes,
    ...extra,
  };
}

const deleted = (table: string, line: number, listeners: TableDeletes['listeners'] = []): TableDeletes => ({
  table,
  schema: 'public',
  deletes: [{ file: 'src/actions.ts', line }],
  listeners,
});

function check(fact: SyncFact, id: string) {
  return judgeSync(fact).find((c) => c.id === id)!;
}

describe('the hard-deletes check', () => {
  it('warns, at each delete, for a table with no soft-delete column and for one whose column the sync does not select; the verdict stays verified', () => {
    const fact = sync(
      [read('notes', '*', []), read('tags', ['id', 'name'], ['deleted_at'])],
      [deleted('notes', 4), deleted('tags', 8)],
    );
    expect(check(fact, 'hard-deletes')).toEqual({
      id: 'hard-deletes',
      level: 'warning',
      status: 'fail',
      ok: false,
      message:
        'notes (the schema shows no soft-delete column), tags (the sync does not select deleted_at) are hard-deleted from (.delete()) while the sync reads no soft-delete column and no Realtime listener hears the deletes: deleted rows stay in every local copy',
      sites: [
        { file: 'src/actions.ts', line: 4 },
        { file: 'src/actions.ts', line: 8 },
      ],
    });
    expect(syncVerdict([fact], []).verified).toBe(true);
  });

  it('warns for a sync that filters out the rows marked deleted; another read of the table that sees them answers it', () => {
    const live = read('notes', '*', ['deleted_at'], { liveOnly: ['deleted_at'] });
    expect(check(sync([live], [deleted('notes', 4)]), 'hard-deletes').message).toContain(
      'notes (the sync filters out the rows marked deleted (deleted_at))',
    );
    const tombstones = read('notes', ['id', 'deleted_at', 'updated_at'], ['deleted_at']);
    expect(check(sync([live, tombstones], [deleted('notes', 4)]), 'hard-deletes').status).toBe('pass');
    // a second soft-delete column the read does not filter on is still read
    const second = { ...live, softDeleteColumns: ['deleted_at', 'is_deleted'] };
    expect(check(sync([second], [deleted('notes', 4)]), 'hard-deletes').status).toBe('pass');
  });

  it('passes when a Realtime listener hears the deletes, or the sync reads a soft-delete column, and says so', () => {
    const fact = sync(
      [read('notes', '*', []), read('tags', ['id', 'deleted_at'], ['deleted_at']), read('files', '*', ['is_deleted'])],
      [deleted('notes', 4, [{ file: 'src/actions.ts', line: 20 }]), deleted('tags', 8), deleted('files', 12)],
    );
    expect(check(fact, 'hard-deletes')).toMatchObject({
      status: 'pass',
      message:
        'the deletes reach the copy; a Realtime DELETE listener hears notes; the sync reads a soft-delete column of tags, files',
    });
  });

  it('is unknown without a schema, or with a select list built at run time, or a table named at run time', () => {
    expect(check(sync([read('notes', '*', null)], [deleted('notes', 4)]), 'hard-deletes').status).toBe('unknown');
    expect(check(sync([read('notes', ['id', 'deleted_at'], null)], [deleted('notes', 4)]), 'hard-deletes').status).toBe(
      'unknown',
    );
    expect(check(sync([read('tags', null, ['deleted_at'])], [deleted('tags', 8)]), 'hard-deletes').status).toBe(
      'unknown',
    );
    expect(check(sync([read('x', '*', null, { table: null })]), 'hard-deletes').status).toBe('unknown');
  });

  it('warns without a schema when the select list names no soft-delete column: the sync reads none, whatever the table has', () => {
    const listed = check(
      sync([read('notes', ['id', 'title', 'updated_at'], null)], [deleted('notes', 4)]),
      'hard-deletes',
    );
    expect(listed).toMatchObject({ status: 'fail', sites: [{ file: 'src/actions.ts', line: 4 }] });
    expect(listed.message).toContain('notes (the columns the sync selects hold no soft-delete column)');
  });

  it('passes when no table the sync reads is deleted from; only reads past the cursor count', () => {
    expect(check(sync([read('notes', '*', [])]), 'hard-deletes')).toMatchObject({
      status: 'pass',
      message: 'no table the sync reads is hard-deleted from',
    });
    // a table read whole on a first run only, beside a read past the cursor: a deleted row is gone from it anyway
    const full = read('notes', '*', [], { cursor: null, fallback: true });
    expect(check(sync([read('tags', '*', []), full], [deleted('notes', 4)]), 'hard-deletes').status).toBe('pass');
  });
});

describe('judgeSync', () => {
  it('gives hard-deletes and commit-order the warning level, every other check the error level', () => {
    expect(judgeSync(sync([read('notes', '*', [])])).map((c) => [c.id, c.level])).toEqual([
      ['called', 'error'],
      ['delta-filter', 'error'],
      ['cursor-order', 'error'],
      ['cursor-tiebreak', 'error'],
      ['offset-paging', 'error'],
      ['cursor-from-rows', 'error'],
      ['hard-deletes', 'warning'],
      ['commit-order', 'warning'],
    ]);
    expect([...WARNING_CHECKS].sort()).toEqual(['commit-order', 'hard-deletes']);
  });

  it('verifies a correct sync, and says unknown, never fail, for what it cannot see', () => {
    expect(syncVerdict([sync([read('notes', '*', [])])], []).status).toBe('verified');
    const unseen = sync([read('notes', '*', [], { orders: [{ column: null, ascending: null }] })], [], {
      stores: [],
      callers: [],
    });
    const statuses = Object.fromEntries(judgeSync(unseen).map((c) => [c.id, c.status]));
    expect(statuses).toMatchObject({ called: 'unknown', 'cursor-order': 'unknown', 'cursor-from-rows': 'unknown' });
    expect(syncVerdict([unseen], []).status).toBe('not-verified');
  });

  it('passes nothing it does not see: with no read seen, or only a first-run read, each check of the reads is unknown', () => {
    // a pull whose read is across a process boundary (Electron IPC), run by nothing seen: only what it stores is seen
    const unseen = sync([], [], { found: 'shape', callers: [] });
    const statuses = Object.fromEntries(judgeSync(unseen).map((c) => [c.id, c.status]));
    expect(statuses).toEqual({
      called: 'unknown',
      'delta-filter': 'unknown',
      'cursor-order': 'unknown',
      'cursor-tiebreak': 'unknown',
      'offset-paging': 'unknown',
      'cursor-from-rows': 'pass',
      'hard-deletes': 'unknown',
      'commit-order': 'unknown',
    });
    expect(check(unseen, 'commit-order').message).toBe('no read past a cursor to check');
    expect(check(unseen, 'offset-paging').message).toBe('no read of the sync is seen');
    // only the first-run fallback is seen
    const fallback = sync([read('notes', '*', [], { cursor: null, fallback: true })]);
    expect(Object.fromEntries(judgeSync(fallback).map((c) => [c.id, c.status]))).toMatchObject({
      'delta-filter': 'unknown',
      'offset-paging': 'pass',
      'hard-deletes': 'unknown',
      'commit-order': 'unknown',
    });
    expect(check(fallback, 'delta-filter').message).toContain('only a first-run or full-reload read is seen');
  });

  it('is neutral with no sync and no full sync, and not verified with full syncs left', () => {
    expect(syncVerdict([], [])).toMatchObject({ status: 'no-sync', verified: false, syncs: [] });
    expect(syncVerdict([], [{ file: 'src/a.ts', line: 3 }])).toMatchObject({ status: 'not-verified' });
  });

  it('cursor-tiebreak judges a cursor taken from the rows: not applicable to a clock position, unknown when the position is not seen', () => {
    const gte = read('notes', '*', [], {
      cursor: { column: 'updated_at', comparison: 'gte', tiebreak: null, value: 'parameter', margin: false },
      orders: [],
      loop: false,
    });
    const clockStore = {
      file: 'src/sync.ts',
      line: 9,
      target: 'return:timestamp',
      origin: 'clock' as const,
      via: [],
      inLoop: false,
    };
    // stored from the rows: the boundary rows are read again and the sync stalls
    expect(check(sync([gte]), 'cursor-tiebreak')).toMatchObject({ status: 'fail', loss: 'stall' });
    // the clock stored after the pull: no stall, no boundary skip (cursor-from-rows fails the clock)
    const clock = sync([gte], [], { stores: [clockStore] });
    expect(check(clock, 'cursor-tiebreak')).toMatchObject({
      status: 'pass',
      sites: [{ file: 'src/sync.ts', line: 5 }],
    });
    expect(check(clock, 'cursor-tiebreak').message).toContain('not applicable to 1 read with no unique tiebreaker');
    expect(check(clock, 'cursor-from-rows').status).toBe('fail');
    // a paging loop moves the cursor by the rows within the run, whatever is stored after it
    expect(check(sync([{ ...gte, loop: true }], [], { stores: [clockStore] }), 'cursor-tiebreak').status).toBe('fail');
    // a clock stored after each page of the loop moves it by the clock
    const eachPage = sync([{ ...gte, loop: true }], [], { stores: [{ ...clockStore, inLoop: true }] });
    expect(check(eachPage, 'cursor-tiebreak').status).toBe('pass');
    // no position seen (stored across a process boundary), or one whose origin is not seen: unknown, never fail
    for (const stores of [[], [{ ...clockStore, origin: 'unknown' as const }]]) {
      const unseen = check(sync([gte], [], { stores }), 'cursor-tiebreak');
      expect(unseen).toMatchObject({ status: 'unknown', sites: [{ file: 'src/sync.ts', line: 5 }] });
      expect(unseen.message).toContain('where the position comes from is not seen');
    }
    // a clock and a position from the rows: the rows decide
    const both = sync([gte], [], { stores: [clockStore, { ...clockStore, origin: 'rows' }] });
    expect(check(both, 'cursor-tiebreak').status).toBe('fail');
  });

  it('a moving offset fails offset-paging; a clock position fails cursor-from-rows', () => {
    const offset = read('notes', '*', [], { page: { kind: 'range', size: 100, offsetMoves: true } });
    expect(check(sync([offset]), 'offset-paging').status).toBe('fail');
    const clock = sync([read('notes', '*', [])], [], {
      stores: [
        {
          file: 'src/cache.ts',
          line: 4,
          target: 'module:lastSyncedAt',
          origin: 'clock',
          via: ['cache.markSynced'],
          inLoop: false,
        },
      ],
    });
    expect(check(clock, 'cursor-from-rows')).toMatchObject({
      status: 'fail',
      sites: [{ file: 'src/cache.ts', line: 4 }],
    });
  });
});
