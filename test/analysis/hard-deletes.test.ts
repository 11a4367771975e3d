/**
 * The facts of the delta-sync verdict's hard-deletes check
 * (src/analysis/delta-sync/deletes.ts, facts.ts, select-list.ts) and the
 * check itself (verdict.ts): which deletes are sent, which Realtime listeners
 * hear DELETE events, what a delta read selects and which soft-delete columns
 * the schema shows; then when the warning is given and when it stays quiet.
 */
import { describe, expect, it } from 'vitest';
import {
  createDeltaSyncFactsDetector,
  type DeltaSyncFileFacts,
  type DeltaSyncOptions,
  type ReadFact,
} from '../../src/analysis/sync/delta-sync-facts.js';
import { deltaSyncVerdict } from '../../src/analysis/sync/delta-sync-verdict.js';
import { selectedColumns } from '../../src/analysis/postgrest/select-list.js';
import { runDetectors } from '../../src/analysis/run.js';
import type { DatabaseSchema } from '../../src/schema/index.js';
import { schemaOf } from '../schema/helpers.js';

const OPTIONS: DeltaSyncOptions = {
  replacement: 'deltaSync',
  fullSyncNames: ['fullSync'],
  cursorColumns: ['updated_at', 'id'],
  uniqueColumns: ['id'],
};

function factsOf(code: string, schema?: DatabaseSchema): DeltaSyncFileFacts[] {
  const run = runDetectors(code, 'file.ts', {
    facts: (ctx) => createDeltaSyncFactsDetector(ctx, schema ? { ...OPTIONS, schema: () => schema } : OPTIONS),
  });
  if (!run.ok) throw new Error(`does not parse: ${run.error.message}`);
  return run.findings.facts;
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
  const deletes = (code: string) => factsOf(code).flatMap((facts) => facts.deletes);

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
    expect(factsOf(code)).toEqual([]);
  });
});

describe('Realtime listeners that hear DELETE events', () => {
  const listeners = (code: string) => factsOf(code).flatMap((facts) => facts.deleteListeners);

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

describe("a delta read's select and the soft-delete columns the schema shows", () => {
  const code = `import { supabase } from './supabase';
export async function deltaSync(since: string) {
  const { data: notes } = await supabase.from('notes').select('id, title').gt('updated_at', since).order('updated_at');
  const { data: files } = await supabase.from('files').select('*').gt('updated_at', since).order('updated_at');
  const { data: other } = await supabase.from('other').select('*').gt('updated_at', since).order('updated_at');
  const { data: all } = await supabase.from('files').select('*').order('id').limit(100);
  return [notes, files, other, all];
}
deltaSync('');
`;
  const reads = (facts: DeltaSyncFileFacts[]) =>
    facts[0]!.reads.map((read) => [read.table, read.delta, read.schema, read.selected, read.softDeleteColumns]);

  it('with a schema: the deleted_at-like columns of the table, none for a table without, null for a table it does not describe', async () => {
    const schema = await schemaOf(`
      create table notes (id uuid primary key, title text, archived_at timestamptz, updated_at timestamptz);
      create table files (id uuid primary key, deleted_at timestamptz, is_deleted boolean, "deletedAt" timestamptz, deleted_on date, updated_at timestamptz);
    `);
    expect(reads(factsOf(code, schema))).toEqual([
      ['notes', true, 'public', ['id', 'title'], []],
      ['files', true, 'public', '*', ['deleted_at', 'is_deleted', 'deletedAt', 'deleted_on']],
      ['other', true, 'public', '*', null],
      // not a delta read: its soft-delete columns are not asked
      ['files', false, 'public', '*', null],
    ]);
  });

  it('the soft-delete columns a read filters to the rows not marked deleted', () => {
    const live = `import { supabase } from './supabase';
export async function deltaSync(since: string) {
  const { data: a } = await supabase.from('a').select('*').is('deleted_at', null).gt('updated_at', since).order('updated_at');
  const { data: b } = await supabase.from('b').select('*').eq('is_deleted', false).neq('deleted', true).gt('updated_at', since).order('updated_at');
  const { data: c } = await supabase.from('c').select('*').filter('deleted_at', 'is', 'null').gt('updated_at', since).order('updated_at');
  const { data: d } = await supabase.from('d').select('*').not('deleted_at', 'is', null).eq('title', false).gt('updated_at', since).order('updated_at');
  return [a, b, c, d];
}
deltaSync('');
`;
    expect(factsOf(live)[0]!.reads.map((fact) => [fact.table, fact.liveOnly])).toEqual([
      ['a', ['deleted_at']],
      ['b', ['is_deleted', 'deleted']],
      ['c', ['deleted_at']],
      ['d', []],
    ]);
  });

  it('without a schema: null for every table', () => {
    expect(reads(factsOf(code)).map((read) => read[4])).toEqual([null, null, null, null]);
  });
});

describe('the hard-deletes check', () => {
  const read = (
    table: string,
    selectedColumns: ReadFact['selected'],
    soft: string[] | null,
    liveOnly: string[] = [],
  ): ReadFact => ({
    line: 5,
    table,
    delta: true,
    column: 'updated_at',
    paged: false,
    ascending: null,
    tiebreak: null,
    fallback: false,
    orderLine: 5,
    pageLine: 5,
    schema: 'public',
    selected: selectedColumns,
    softDeleteColumns: soft,
    liveOnly,
  });
  const sync = (reads: ReadFact[]): { file: string; facts: DeltaSyncFileFacts } => ({
    file: 'src/sync.ts',
    facts: { declarations: [3], uses: [], reads, clockCursors: [], deletes: [], deleteListeners: [] },
  });
  const actions = (
    deletes: DeltaSyncFileFacts['deletes'],
    deleteListeners: DeltaSyncFileFacts['deleteListeners'] = [],
  ): { file: string; facts: DeltaSyncFileFacts } => ({
    file: 'src/actions.ts',
    facts: { declarations: [], uses: [9], reads: [], clockCursors: [], deletes, deleteListeners },
  });
  const hardDeletes = (files: { file: string; facts: DeltaSyncFileFacts }[], partial?: string) => {
    const verdict = deltaSyncVerdict(files, [], 'deltaSync', partial);
    return { verified: verdict.verified, check: verdict.checks.find((check) => check.id === 'hard-deletes')! };
  };

  it('warns, at each delete, for a table with no soft-delete column and for one whose column the sync does not select; the verdict stays verified', () => {
    const { verified, check } = hardDeletes([
      sync([read('notes', '*', []), read('tags', ['id', 'name'], ['deleted_at'])]),
      actions([
        { line: 4, table: 'notes', schema: 'public' },
        { line: 8, table: 'tags', schema: 'public' },
        { line: 12, table: 'users', schema: 'public' },
      ]),
    ]);
    expect(verified).toBe(true);
    expect(check).toEqual({
      id: 'hard-deletes',
      level: 'warning',
      ok: false,
      message:
        '2 tables the delta sync reads are hard-deleted from (.delete()) while the sync reads no soft-delete column, and no Realtime listener hears the deletes: deleted rows stay in every local copy forever: notes (the schema shows no soft-delete column), tags (the sync does not select deleted_at)',
      sites: [
        { file: 'src/actions.ts', line: 4 },
        { file: 'src/actions.ts', line: 8 },
      ],
    });
  });

  it('warns for a sync that selects the soft-delete column but filters out the rows marked deleted; another read of the table that sees them answers it', () => {
    const deleted = [{ line: 4, table: 'notes', schema: 'public' }];
    const live = read('notes', '*', ['deleted_at'], ['deleted_at']);
    expect(hardDeletes([sync([live]), actions(deleted)]).check).toMatchObject({
      ok: false,
      message:
        '1 table the delta sync reads is hard-deleted from (.delete()) while the sync reads no soft-delete column, and no Realtime listener hears the deletes: deleted rows stay in every local copy forever: notes (the sync filters out the rows marked deleted (deleted_at))',
    });
    const tombstones = read('notes', ['id', 'deleted_at', 'updated_at'], ['deleted_at']);
    expect(hardDeletes([sync([live, tombstones]), actions(deleted)]).check.ok).toBe(true);
    // a second soft-delete column the read does not filter on is still read
    expect(
      hardDeletes([sync([{ ...live, softDeleteColumns: ['deleted_at', 'is_deleted'] }]), actions(deleted)]).check.ok,
    ).toBe(true);
  });

  it('is quiet when a Realtime listener hears the deletes, or the sync reads a soft-delete column, and says so', () => {
    const { check } = hardDeletes([
      sync([
        read('notes', '*', []),
        read('tags', ['id', 'deleted_at'], ['deleted_at']),
        read('files', '*', ['is_deleted']),
      ]),
      actions(
        [
          { line: 4, table: 'notes', schema: 'public' },
          { line: 8, table: 'tags', schema: 'public' },
          { line: 12, table: 'files', schema: 'public' },
        ],
        [{ line: 20, table: 'notes', schema: 'public' }],
      ),
    ]);
    expect(check).toEqual({
      id: 'hard-deletes',
      level: 'warning',
      ok: true,
      message:
        'no warning for the hard-deleted tables the delta sync reads: deletes reach the clients through a Realtime DELETE listener: notes (src/actions.ts:20); the sync reads a soft-delete column: files, tags',
      sites: [],
    });
  });

  it('a schema-wide listener, or one on any schema, hears every table; one on another table or schema does not', () => {
    const deleted = [{ line: 4, table: 'notes', schema: 'public' }];
    const heard = (listener: DeltaSyncFileFacts['deleteListeners'][number]) =>
      hardDeletes([sync([read('notes', '*', [])]), actions(deleted, [listener])]).check.ok;
    expect(heard({ line: 20, table: null, schema: 'public' })).toBe(true);
    expect(heard({ line: 20, table: 'notes', schema: null })).toBe(true);
    expect(heard({ line: 20, table: 'tags', schema: 'public' })).toBe(false);
    expect(heard({ line: 20, table: 'notes', schema: 'chat' })).toBe(false);
  });

  it('cannot tell without a schema, nor from a select list built at run time: quiet', () => {
    const deleted = [
      { line: 4, table: 'notes', schema: 'public' },
      { line: 8, table: 'tags', schema: 'public' },
    ];
    const { check } = hardDeletes([
      sync([read('notes', ['id'], null), read('tags', null, ['deleted_at'])]),
      actions(deleted),
    ]);
    expect(check).toMatchObject({
      ok: true,
      message:
        'no warning for the hard-deleted tables the delta sync reads: the sync reads a soft-delete column: tags; cannot tell, no schema describes it: notes',
    });
  });

  it('is quiet when no table the delta sync reads is deleted from, or the delete is in another schema', () => {
    const { check } = hardDeletes([
      sync([read('notes', '*', [])]),
      actions([
        { line: 4, table: 'tags', schema: 'public' },
        { line: 8, table: 'notes', schema: 'archive' },
      ]),
    ]);
    expect(check).toEqual({
      id: 'hard-deletes',
      level: 'warning',
      ok: true,
      message: 'no table the delta sync reads is hard-deleted from in the code',
      sites: [],
    });
  });

  it("a test's own deletes (its data's cleanup) do not count", () => {
    const deleted = [{ line: 4, table: 'notes', schema: 'public' }];
    const inFile = (file: string) =>
      hardDeletes([sync([read('notes', '*', [])]), { ...actions(deleted), file }]).check.ok;
    expect(inFile('src/notes/__tests__/notes.ts')).toBe(true);
    expect(inFile('src/notes.test.ts')).toBe(true);
    expect(inFile('src/notes.spec.mjs')).toBe(true);
    expect(inFile('test/setup.ts')).toBe(true);
    expect(inFile('e2e/cleanup.ts')).toBe(true);
    expect(inFile('src/notes/actions.ts')).toBe(false);
    expect(inFile('scripts/cleanup.js')).toBe(false);
    expect(inFile('src/contest/actions.ts')).toBe(false);
  });

  it('only delta reads count: a full read (the first-run fallback) re-reads the table anyway', () => {
    const full = { ...read('notes', '*', null), delta: false, fallback: true };
    const { check } = hardDeletes([sync([full]), actions([{ line: 4, table: 'notes', schema: 'public' }])]);
    expect(check.message).toBe('no table the delta sync reads is hard-deleted from in the code');
  });

  it('is not checked on part of the code (--since, one shard), nor without a delta sync', () => {
    const files = [sync([read('notes', '*', [])]), actions([{ line: 4, table: 'notes', schema: 'public' }])];
    expect(hardDeletes(files, 'one shard').check).toEqual({
      id: 'hard-deletes',
      level: 'warning',
      ok: true,
      message: 'not checked: one shard',
      sites: [],
    });
    const none = deltaSyncVerdict([actions([{ line: 4, table: 'notes', schema: 'public' }])], [], 'deltaSync');
    expect(none.verified).toBe(false);
    expect(none.checks.find((check) => check.id === 'hard-deletes')).toEqual({
      id: 'hard-deletes',
      level: 'warning',
      ok: true,
      message: 'not checked: no delta sync to check',
      sites: [],
    });
  });

  it('gives every other check the error level', () => {
    const verdict = deltaSyncVerdict([sync([read('notes', '*', [])])], [], 'deltaSync');
    expect(verdict.checks.map((check) => [check.id, check.level])).toEqual([
      ['no-full-sync', 'error'],
      ['delta-sync-present', 'error'],
      ['delta-filter', 'error'],
      ['cursor-order', 'error'],
      ['cursor-tiebreak', 'error'],
      ['cursor-from-rows', 'error'],
      ['hard-deletes', 'warning'],
    ]);
  });
});
