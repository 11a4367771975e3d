/**
 * The text gate of the read detectors (src/analysis/select-gate.ts): every
 * file where queryRoot finds a select passes it; files whose selects cannot
 * start a read (drizzle, knex, property paths, longer words) do not. Each
 * case is also parsed, so that a "no" is checked against queryRoot itself.
 * Then the request gates: a `from` that may be a call, an `rpc`, a hard delete.
 */
import { describe, expect, it } from 'vitest';
import { mayHoldSelectRead } from '../../src/analysis/postgrest/select-gate.js';
import { requestRoots, selectRoots as selectRootsOf } from '../fuzz/harness.js';
import { mayCallFrom, mayHoldRpc, mayHoldWriteRequest } from '../../src/analysis/text-gates.js';
import { mayHoldDeleteFacts } from '../../src/analysis/sync/deletes.js';
import { mayHoldQueryInLoop, mayRepeat } from '../../src/analysis/postgrest/query-in-loop.js';

function selectRoots(code: string): number {
  const roots = selectRootsOf(code, 'file.tsx');
  if (roots === null) throw new Error(`does not parse: ${code}`);
  return roots;
}

const reads: Record<string, string> = {
  'a chain': "await supabase.from('t').select('*');",
  'a chain over lines': "await supabase\n  .from('t')\n  .select('id');",
  'optional call': "await supabase?.from('t')?.select('*');",
  'a computed key': "await supabase.from('t')['select']('*');",
  'a computed key, double quotes, spaced': 'await supabase.from("t") [ "select" ]("*");',
  'a template key': 'await supabase.from(`t`)[`select`]();',
  'optional computed key': "await supabase.from('t')?.['select']('*');",
  'a cast receiver': "await (supabase.from('t') as any).select('*');",
  'a non-null receiver': "await supabase.from('t')!.select('*');",
  'an alias': "const base = supabase.from('t');\nawait base.select('*');",
  'an alias with a type':
    "const base: PostgrestQueryBuilder<any, any, any> = supabase.from('t');\nawait base.select('*');",
  'an alias with an object type':
    "let base: { select: (c: string) => any } = supabase.from('t') as any;\nawait base.select('*');",
  'an alias in a list of declarators': "const n = 1, base = supabase.from('t');\nawait base.select('*');",
  'an alias of an alias': "const base = supabase.from('t');\nconst other = base;\nawait other.select('*');",
  'a $ name': "const $q = supabase.from('t');\nawait $q.select('*');",
  'a spread alias': "const base = supabase.from('t');\nconst all = [...base.select('*')];",
  'a line comment between': "await supabase.from('t') // the table of db\n  .select('*');",
  'a comment line between': "await supabase.from('t')\n  // see db\n  .select('*');",
  'a block comment between': "await supabase.from('t') /* db */ .select('*');",
  'a block comment before the name': "await supabase.from('t')./* x */select('*');",
  'a non-ASCII alias': "const naïve = supabase.from('t');\nawait naïve.select('*');",
  'an alias typed with a function type': "const base: (() => void) | Q = supabase.from('t');\nawait base.select('*');",
  'an alias whose object type has semicolons':
    "const q: {\n  select: (c: string) => any;\n} = supabase.from('t');\nawait q.select('*');",
  'an alias whose type holds a semicolon in a string':
    "const q: 'a;b' | Q = supabase.from('t') as any;\nawait q.select('*');",
  'a later declarator after a comment': "const n = 1, // count\n  q = supabase.from('t');\nawait q.select('*');",
  'a later declarator with a function type': "const a = 0, q: () => any = supabase.from('t');\nawait q.select('*');",
  'a later declarator with an object type':
    "const a = 0, q: { x: 1 } = supabase.from('t') as any;\nawait q.select('*');",
  'a no-break space before the name': "await supabase.from('t').\u00a0select('*');",
  'a no-break space after the name': "await supabase.from('t').select\u00a0('*');",
  'a no-break space after the receiver': "const q = supabase.from('t');\nawait q\u00a0.select('*');",
  'a line separator before the dot': "await supabase.from('t')\u2028.select('*');",
  'a byte order mark before the dot': "await supabase.from('t')\ufeff.select('*');",
  'a line comment ended by a carriage return': "await supabase // client\r  .from('t') // rooms\r  .select('*');",
  'a line comment ended by a line separator': "await supabase.from('t') // all rows\u2028 .select('*');",
  'a parenthesized computed key': "await supabase.from('t')[('select')]('*');",
  'a computed key after a non-null receiver': "await supabase.from('t')!['select']('*');",
  'a comment inside a computed key': "await supabase.from('t')[/* c */ 'select']('*');",
  'a number with a trailing dot, then a new statement':
    "const q = supabase.from('t');\nexport function f() {\n  const ratio = 1.\n  q.select('*').then(show);\n}",
  'a var alias': "var base = supabase.from('t');\nawait base.select('*');",
  'a declaration far from the use':
    "let base = supabase.from('t');\nexport async function f() {\n  return await base.select('*');\n}",
};

const noReads: Record<string, string> = {
  'no select': "await supabase.from('t').insert({ a: 1 });",
  'longer words': 'const selected = items.filter((i) => i.selected);\nonselect(selection);\nselectAll();',
  'drizzle, a parameter':
    'export async function f(db: Db, id: number) {\n  return db.select().from(users).where(eq(users.id, id));\n}',
  'drizzle, a parameter, no semicolons':
    'export async function f(db: Db) {\n  return db.select().from(users)\n}\nconst x = 1',
  'knex, an import': "import knex from 'knex';\nconst rows = await knex.select('*').from('projects');",
  'a property path': "await this.db.select('*');\nawait client.query.select();\nawait a?.b.select();",
  'a private field': 'class A { #q = 1; f() { return this.#q.select(); } }',
  'a non-ASCII name, never declared': "await naïve.select('*');",
  'a string': "const s = 'db.select';",
  'JSX text': 'const el = <p>Please select a row</p>;',
  'a destructured name': "const { db } = useDb();\nawait db.select('*').from('t');",
  'an arrow parameter': "const f = (db) => db.select('*').from('t');",
  'a for-of name': "for (const db of dbs) await db.select('*').from('t');",
  'a reassigned name, never declared with an initializer': "let db;\nawait db.select('*').from('t');",
  'a list of column ids': "const sticky = new Set(['select', 'date']);\nconst cols = ['select'];\nf(x, ['select']);",
  'a list in JSX, an object, a ternary, an arrow':
    "const a = <T ids={['select', 'id']} />;\nconst o = { ids: ['select'] };\nconst c = on ? ['select'] : [];\nconst g = () => ['select'];",
  'a collection made with new, a literal':
    'const next = new Set(prev);\nnext.delete(id);\nconst seen = {};\nseen.select = 1;\nconst list = [];\nlist.select;',
  'a spread of a variable named select': 'const select = { id: 1 };\nconst row = { ...select };',
  'a computed key with another quote after': 'await q[\'select"]();',
};

describe('mayHoldSelectRead', () => {
  for (const [name, code] of Object.entries(reads)) {
    it(`passes a file with a read: ${name}`, () => {
      // each case holds one read
      expect(selectRoots(code)).toBe(1);
      expect(mayHoldSelectRead(code)).toBe(true);
    });
  }
  for (const [name, code] of Object.entries(noReads)) {
    it(`skips a file whose selects start no read: ${name}`, () => {
      if (!name.includes('another quote')) expect(selectRoots(code)).toBe(0);
      expect(mayHoldSelectRead(code)).toBe(false);
    });
  }

  it('finds the read among decoys, wherever it stands', () => {
    const code = `${Object.values(noReads).slice(0, -1).join('\n')}\nexport const read = () => supabase.from('t').select('*');`;
    expect(selectRoots(code)).toBe(1);
    expect(mayHoldSelectRead(code)).toBe(true);
  });

  it('passes, being unsure, a parameter after the first of a list: it may be a later declarator', () => {
    const code =
      "export async function g(id: string, trx: Knex) {\n  const rows = await trx.select('*').from('t');\n  return rows;\n}";
    expect(selectRoots(code)).toBe(0);
    expect(mayHoldSelectRead(code)).toBe(true);
  });

  it('gives up, passing, after many distinct undeclared receiver names (the cost stays bounded on huge files)', () => {
    const functions = Array.from(
      { length: 40 },
      (_, i) => `export function find${i}(trx${i}) { return trx${i}.select('*').from('t'); }`,
    );
    expect(mayHoldSelectRead(functions.slice(0, 20).join('\n'))).toBe(false);
    expect(mayHoldSelectRead(functions.join('\n'))).toBe(true);
  });

  it('passes over a line that is a comment alone; a comment after code on a line leaves it unsure', () => {
    const code = [
      'export async function f(db: Db) {',
      '  const a = await g();',
      '  // the rows, from the team',
      '  return db',
      '    .select({ id: t.id })',
      '    .from(t);',
      '}',
    ].join('\n');
    expect(selectRoots(code)).toBe(0);
    expect(mayHoldSelectRead(code)).toBe(false);
    expect(mayHoldSelectRead(code.replace('  return db', '  // a note\n  db'))).toBe(false);
    expect(mayHoldSelectRead(code.replace('  // the rows', '  g(); // the rows').replace('return db', 'db'))).toBe(
      true,
    );
    // a property path across a comment line is still one: not a read's root
    expect(selectRoots("a.\n// note\nb.select('*');")).toBe(0);
    expect(mayHoldSelectRead("a.\n// note\nb.select('*');")).toBe(false);
  });

  it('is unsure, so passes, where the receiver may sit in a comment or is not modelled', () => {
    expect(mayHoldSelectRead("x // note: db\n.select('*');")).toBe(true);
    expect(mayHoldSelectRead('q /* c */ .select()')).toBe(true);
    expect(mayHoldSelectRead('`a`.select()')).toBe(true);
  });
});

describe('the request gates (text-gates.ts mayCallFrom, mayHoldRpc; deletes.ts mayHoldDeleteFacts)', () => {
  const roots = (code: string) => {
    const found = requestRoots(code, 'file.tsx');
    if (found === null) throw new Error(`does not parse: ${code}`);
    return found;
  };
  const requests: Record<string, string> = {
    'a write': "await supabase.from('t').insert({ a: 1 });",
    'optional, over lines': "await supabase\n  ?.from('t')\n  .update({ a: 1 }).eq('id', 1);",
    'type arguments': "await supabase.from<Row>('t').upsert(row);",
    'a computed key': "await supabase['from']('t').delete().eq('id', 1);",
    'a template key': 'await supabase[`from`](`t`).select();',
    'an alias': "const t = supabase.from('t');\nawait t.insert({ a: 1 });",
  };
  for (const [name, code] of Object.entries(requests)) {
    it(`passes a request from X.from(t): ${name}`, () => {
      expect(roots(code).from).toBe(1);
      expect(mayCallFrom(code)).toBe(true);
      if (roots(code).write > 0) expect(mayHoldWriteRequest(code)).toBe(true);
    });
  }

  it('passes an rpc in every spelling, and a hard delete', () => {
    for (const code of ["await supabase.rpc('f');", "await supabase['rpc']('f');", "await db.rpc<T>('f', { a });"]) {
      expect(roots(code).rpc).toBe(1);
      expect(mayHoldRpc(code)).toBe(true);
    }
    const hardDelete = "await supabase.from('t').delete().eq('id', id);";
    expect(roots(hardDelete).delete).toBe(1);
    expect(mayHoldDeleteFacts(hardDelete)).toBe(true);
    expect(mayHoldDeleteFacts("supabase.channel('c').on('postgres_changes', cfg, cb);")).toBe(true);
    expect(mayHoldDeleteFacts("supabase.from('t').on(event, cb).subscribe();")).toBe(true);
  });

  it("skips drizzle's and knex's writes on an import or a parameter, even beside a from call", () => {
    const code = [
      "import { db } from '@/db';",
      'export async function archive(tx: Tx, id: string) {',
      '  const rows = await db.select().from(items).where(eq(items.id, id));',
      '  for (const row of rows) await tx.update(items).set({ archived: true }).where(eq(items.id, row.id));',
      '  await db.delete(items).where(eq(items.id, id));',
      '  await db\n    .insert(log)\n    .values({ id });',
      '}',
    ].join('\n');
    expect(roots(code)).toMatchObject({ select: 0, from: 0, write: 0, rpc: 0, delete: 0 });
    expect(mayCallFrom(code)).toBe(true);
    expect(mayHoldWriteRequest(code)).toBe(false);
    expect(mayHoldQueryInLoop(code)).toBe(false);
    expect(mayHoldDeleteFacts(code)).toBe(false);
  });

  it("skips an import's from, the word in prose, tRPC, and Map's delete", () => {
    const code = [
      "import { api } from '@/trpc/react';",
      "import x from\n  './x';",
      '// data from the server, fetched once per item',
      'const { data } = api.post.list.useQuery();',
      'for (const id of ids) seen.delete(id);',
      'params.delete("page");',
      "emitter.on('change', cb);",
    ].join('\n');
    expect(roots(code)).toMatchObject({ select: 0, from: 0, write: 0, rpc: 0, delete: 0 });
    expect(mayCallFrom(code)).toBe(false);
    expect(mayHoldRpc(code)).toBe(false);
    expect(mayHoldDeleteFacts(code)).toBe(false);
    expect(mayHoldQueryInLoop(code)).toBe(false);
  });
  it("skips a collection's delete and a spread of an update beside a from call (a Set made with new, `...update`)", () => {
    const code = [
      'export function pick(rows: Row[], prev: Set<string>) {',
      '  const ids = db.select().from(items);',
      '  const next = new Set(prev);',
      '  for (const row of rows) next.delete(row.id);',
      '  return Promise.all(updates.map((update) => save({ ...update, ids })));',
      '}',
    ].join('\n');
    expect(roots(code)).toMatchObject({ select: 0, from: 0, write: 0, rpc: 0, delete: 0 });
    expect(mayCallFrom(code)).toBe(true);
    expect(mayHoldWriteRequest(code)).toBe(false);
    expect(mayHoldQueryInLoop(code)).toBe(false);
    // the same names on a request: passed
    const request = code.replace('new Set(prev)', "supabase.from('t')");
    expect(roots(request).write).toBe(1);
    expect(mayHoldWriteRequest(request)).toBe(true);
  });
});

describe("no-query-in-loop's mayRepeat", () => {
  const perItem = (code: string) => {
    const found = requestRoots(code, 'file.tsx');
    if (found === null) throw new Error(`does not parse: ${code}`);
    return found.perItem;
  };
  const loops: Record<string, string> = {
    'for...of': 'for (const id of ids) load(id);',
    'for await, no space': 'for await(const id of ids) load(id);',
    'for over the length': 'for (let i = 0; i < ids.length; i++) load(ids[i]);',
    'while over the length': 'while (queue.length) load(queue.pop());',
    forEach: 'ids.forEach((id) => load(id));',
    'a map to Promise.all': 'await Promise.all(ids.map((id) => load(id)));',
    useQueries: 'useQueries({ queries: ids.map((id) => ({ queryKey: [id], queryFn: () => load(id) })) });',
  };
  for (const [name, code] of Object.entries(loops)) {
    it(`passes a call made per item: ${name}`, () => {
      expect(perItem(code)).toBeGreaterThan(0);
      expect(mayRepeat(code)).toBe(true);
    });
  }

  it('skips words that contain for, while or map, and a map that renders a list', () => {
    const code = [
      "import { format } from 'date-fns';",
      '// information for the platform, before the form',
      'export const Row = ({ items }) => <ul>{items.map((item) => <li key={item.id}>{format(item.at)}</li>)}</ul>;',
    ].join('\n');
    expect(perItem(code)).toBe(0);
    expect(mayRepeat(code)).toBe(false);
  });
});
