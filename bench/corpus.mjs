/**
 * A deterministic, seeded generator of a realistic app corpus for the
 * benchmark: mostly ordinary TS/TSX (components, utilities, types), about a
 * fifth with Supabase reads (bounded and unbounded, incremental builders,
 * wrappers), some Realtime hooks, some sync services with fullSync/deltaSync,
 * and decoys (drizzle `db.select().from(t)`, `Array.from`, emitters with
 * `.on`). The same seed and size always give the same files, byte for byte.
 *
 * `planted` counts what the generator wrote on purpose, per rule of the
 * recommended config, so the bench can check that a run really processed the
 * corpus (and found what it should): executed unbounded reads
 * (require-pagination), full-sync uses (no-full-sync), page bounds without an
 * order (require-cursor-order), Postgres Changes subscriptions without a
 * filter (no-unbounded-realtime) and channels never removed
 * (require-realtime-cleanup).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * @typedef {{ unbounded: number; fullSync: number; unordered: number; unfilteredRealtime: number; leakedChannel: number }} Planted
 * @typedef {{ ext: string; dir: string; text: string; planted?: Partial<Planted> }} GeneratedFile
 * @typedef {ReturnType<typeof rng>} Rng
 * @typedef {(r: Rng, i: number) => GeneratedFile} Kind
 */

/**
 * mulberry32: small, fast, good enough for a corpus.
 *
 * @param {number} seed
 */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** @type {(min: number, max: number) => number} */
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    /** @type {<T>(list: readonly T[]) => T} */
    pick: (list) => /** @type {never} */ (list[Math.floor(next() * list.length)]),
    /** @type {(p: number) => boolean} */
    chance: (p) => next() < p,
  };
}

const TABLES = [
  'messages',
  'rooms',
  'profiles',
  'orders',
  'todos',
  'invoices',
  'events',
  'comments',
  'projects',
  'tasks',
];
const NOUNS = [
  'user',
  'order',
  'invoice',
  'task',
  'project',
  'comment',
  'room',
  'message',
  'team',
  'report',
  'setting',
  'plan',
];
const COLUMNS = ['status', 'owner_id', 'room_id', 'project_id', 'created_at', 'updated_at', 'priority', 'kind'];

/** @type {(s: string) => string} */
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** @type {Kind} */
function component(r, i) {
  const noun = r.pick(NOUNS);
  const name = `${cap(noun)}Card${i}`;
  const fields = Array.from(
    { length: r.int(2, 6) },
    (_, k) => `${r.pick(['title', 'label', 'count', 'note', 'owner', 'due'])}${k}`,
  );
  const lines = [
    "import { useMemo, useState } from 'react';",
    `import type { ${cap(noun)} } from '../types/${noun}';`,
    '',
    `export interface ${name}Props {`,
    `  item: ${cap(noun)};`,
    '  onSelect?: (id: string) => void;',
    '  compact?: boolean;',
    '}',
    '',
    `export function ${name}({ item, onSelect, compact = false }: ${name}Props) {`,
    '  const [open, setOpen] = useState(false);',
    `  const summary = useMemo(() => [${fields.map((f) => `String(item.${f} ?? '')`).join(', ')}].filter(Boolean).join(' · '), [item]);`,
    '  return (',
    `    <article className={compact ? '${noun}-card compact' : '${noun}-card'} onClick={() => onSelect?.(item.id)}>`,
    `      <header><h3>{item.title ?? '${cap(noun)}'}</h3><button onClick={() => setOpen(!open)}>{open ? 'Hide' : 'Show'}</button></header>`,
    '      {open && (',
    '        <dl>',
    ...fields.map((f) => `          <dt>${f}</dt><dd>{String(item.${f} ?? '-')}</dd>`),
    '        </dl>',
    '      )}',
    '      <footer>{summary}</footer>',
    '    </article>',
    '  );',
    '}',
  ];
  if (r.chance(0.4)) {
    lines.push(
      '',
      `export function ${name}List({ items }: { items: ${cap(noun)}[] }) {`,
      `  const sorted = [...items].sort((a, b) => String(a.id).localeCompare(String(b.id)));`,
      `  return <ul>{sorted.map((item) => <li key={item.id}><${name} item={item} compact /></li>)}</ul>;`,
      '}',
    );
  }
  return { ext: 'tsx', dir: 'components', text: lines.join('\n') + '\n' };
}

/** @type {Kind} */
function utility(r, i) {
  const blocks = [];
  const count = r.int(3, 7);
  for (let k = 0; k < count; k += 1) {
    switch (r.int(0, 7)) {
      case 0:
        blocks.push(
          `export function formatDate${k}(value: string | Date, locale = 'en-US'): string {\n  const date = typeof value === 'string' ? new Date(value) : value;\n  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);\n}`,
        );
        break;
      case 1:
        blocks.push(
          `export function chunk${k}<T>(items: readonly T[], size: number): T[][] {\n  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, index * size + size));\n}`,
        );
        break;
      case 2:
        blocks.push(`export const unique${k} = <T,>(items: Iterable<T>): T[] => Array.from(new Set(items));`);
        break;
      case 3:
        blocks.push(
          `export function debounce${k}<A extends unknown[]>(fn: (...args: A) => void, wait = 200) {\n  let timer: ReturnType<typeof setTimeout> | undefined;\n  return (...args: A) => {\n    clearTimeout(timer);\n    timer = setTimeout(() => fn(...args), wait);\n  };\n}`,
        );
        break;
      case 4:
        // decoy: drizzle's reversed chain
        blocks.push(
          `export async function findUsers${k}(db: Db, id: number) {\n  return db.select().from(users).where(eq(users.id, id));\n}`,
        );
        break;
      case 5:
        // decoy: an event emitter with .on
        blocks.push(
          `export function watch${k}(emitter: Emitter, onChange: (v: unknown) => void) {\n  emitter.on('change', onChange);\n  return () => emitter.off('change', onChange);\n}`,
        );
        break;
      case 6:
        blocks.push(
          `export function groupBy${k}<T, K extends string>(items: T[], key: (item: T) => K): Record<K, T[]> {\n  const out = {} as Record<K, T[]>;\n  for (const item of items) (out[key(item)] ??= []).push(item);\n  return out;\n}`,
        );
        break;
      default:
        // decoy: knex and Buffer
        blocks.push(
          `export async function legacy${k}(knex: Knex, data: string) {\n  const rows = await knex.select('*').from('${r.pick(TABLES)}');\n  return { rows, bytes: Buffer.from(data).toString('base64') };\n}`,
        );
    }
  }
  return { ext: 'ts', dir: 'lib', text: `// utilities ${i}\n${blocks.join('\n\n')}\n` };
}

/** @type {Kind} */
function types(r, i) {
  const noun = r.pick(NOUNS);
  const lines = [`export type ${cap(noun)}Status${i} = 'draft' | 'open' | 'closed' | 'archived';`, ''];
  for (let k = 0; k < r.int(2, 5); k += 1) {
    lines.push(`export interface ${cap(noun)}${i}_${k} {`, '  id: string;', '  created_at: string;');
    for (let f = 0; f < r.int(2, 8); f += 1)
      lines.push(
        `  ${r.pick(COLUMNS)}${f}${r.chance(0.3) ? '?' : ''}: ${r.pick(['string', 'number', 'boolean', 'string | null'])};`,
      );
    lines.push('}', '');
  }
  lines.push(`export enum ${cap(noun)}Kind${i} { A = 'a', B = 'b', C = 'c' }`);
  return { ext: 'ts', dir: 'types', text: lines.join('\n') + '\n' };
}

/**
 * One function with a read; `unbounded` tells whether the rule should report it.
 *
 * @param {Rng} r
 * @param {number} k
 * @returns {{ unbounded: number; unordered?: number; text: string }}
 */
function read(r, k) {
  const table = r.pick(TABLES);
  const col = r.pick(COLUMNS);
  const kind = r.int(0, 11);
  switch (kind) {
    case 0:
      return {
        unbounded: 1,
        text: `export async function list${k}(value: string) {\n  const { data, error } = await supabase\n    .from('${table}')\n    .select('*')\n    .eq('${col}', value)\n    .order('created_at', { ascending: false });\n  if (error) throw error;\n  return data;\n}`,
      };
    case 1:
      return {
        unbounded: 0,
        text: `export async function page${k}(after: string, size = 50) {\n  const { data, error } = await supabase\n    .from('${table}')\n    .select('id, ${col}, updated_at')\n    .gt('id', after)\n    .order('id', { ascending: true })\n    .limit(size);\n  if (error) throw error;\n  return data;\n}`,
      };
    case 2:
      return {
        unbounded: 0,
        text: `export async function get${k}(id: string) {\n  const { data } = await supabase.from('${table}').select('*').eq('id', id).single();\n  return data;\n}`,
      };
    case 3:
      return {
        unbounded: 1,
        text: `export async function search${k}(term: string, owner?: string) {\n  let query = supabase.from('${table}').select('id, title');\n  query = query.ilike('title', \`%\${term}%\`);\n  if (owner) query = query.eq('owner_id', owner);\n  const { data } = await query;\n  return data ?? [];\n}`,
      };
    case 4:
      return {
        unbounded: 0,
        text: `export async function searchPage${k}(term: string, from: number) {\n  let query = supabase.from('${table}').select('id, title');\n  if (term) query = query.ilike('title', term);\n  query = query.order('id').range(from, from + 49);\n  const { data } = await query;\n  return data ?? [];\n}`,
      };
    case 5:
      return {
        unbounded: 0,
        text: `export async function count${k}(value: string) {\n  const { count } = await supabase.from('${table}').select('*', { count: 'exact', head: true }).eq('${col}', value);\n  return count ?? 0;\n}`,
      };
    case 6:
      return {
        unbounded: 1,
        text: `export function use${cap(table)}${k}(value: string) {\n  return useQuery({\n    queryKey: ['${table}', value],\n    queryFn: async () => (await supabase.from('${table}').select('*').eq('${col}', value)).data,\n  });\n}`,
      };
    case 7:
      return {
        unbounded: 0,
        text: `export async function create${k}(row: Record<string, unknown>) {\n  const { data, error } = await supabase.from('${table}').insert(row).select().single();\n  if (error) throw error;\n  return data;\n}`,
      };
    case 8:
      return {
        unbounded: 0,
        text: `/** A query factory: the caller adds the page. */\nexport function ${table}Query${k}(value: string) {\n  return supabase.from('${table}').select('*').eq('${col}', value);\n}`,
      };
    case 9:
      // the second read has .limit(10) and no .order()
      return {
        unbounded: 2,
        unordered: 1,
        text: `export async function dashboard${k}() {\n  const [a, b] = await Promise.all([\n    supabase.from('${table}').select('id'),\n    supabase.from('${r.pick(TABLES)}').select('id').limit(10),\n    supabase.from('${r.pick(TABLES)}').select('*, items(*)').limit(5, { referencedTable: 'items' }),\n  ]);\n  return { a, b };\n}`,
      };
    case 10:
      return {
        unbounded: 1,
        text: `export function load${k}(setRows: (rows: unknown[]) => void) {\n  supabase.from('${table}').select('*').then(({ data }) => setRows(data ?? []));\n}`,
      };
    default:
      return {
        unbounded: 0,
        text: `export async function paged${k}(value: string) {\n  const { data } = await paginate(supabase.from('${table}').select('*').eq('${col}', value), 100);\n  return data;\n}`,
      };
  }
}

/** @type {Kind} */
function dataFile(r, i) {
  const parts = [
    "import { supabase } from '../lib/supabase';",
    "import { useQuery } from '@tanstack/react-query';",
    '',
  ];
  let unbounded = 0;
  let unordered = 0;
  for (let k = 0; k < r.int(2, 6); k += 1) {
    const one = read(r, k);
    unbounded += one.unbounded;
    unordered += one.unordered ?? 0;
    parts.push(one.text, '');
  }
  return {
    ext: 'ts',
    dir: 'data',
    text: `// data access ${i}\n${parts.join('\n')}`,
    planted: { unbounded, unordered },
  };
}

/** @type {Kind} */
function realtimeHook(r, i) {
  const table = r.pick(TABLES);
  const filtered = r.chance(0.5);
  const cleanup = r.int(0, 2);
  const ret =
    cleanup === 0
      ? '    return () => { supabase.removeChannel(channel); };'
      : cleanup === 1
        ? '    return () => { channel.unsubscribe(); };'
        : '';
  const text = [
    "import { useEffect, useState } from 'react';",
    "import { supabase } from '../lib/supabase';",
    '',
    `export function use${cap(table)}Feed${i}(roomId: string) {`,
    '  const [events, setEvents] = useState<unknown[]>([]);',
    '  useEffect(() => {',
    '    const channel = supabase',
    `      .channel(\`${table}-\${roomId}\`)`,
    `      .on('postgres_changes', { event: '*', schema: 'public', table: '${table}'${filtered ? ', filter: `room_id=eq.${roomId}`' : ''} }, (payload) => {`,
    '        setEvents((previous) => [...previous, payload]);',
    '      })',
    '      .subscribe();',
    ret,
    '  }, [roomId]);',
    '  return events;',
    '}',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
  return {
    ext: r.chance(0.5) ? 'ts' : 'tsx',
    dir: 'hooks',
    text: `${text}\n`,
    planted: { unfilteredRealtime: filtered ? 0 : 1, leakedChannel: cleanup === 2 ? 1 : 0 },
  };
}

/** @type {Kind} */
function syncService(r, i) {
  const table = r.pick(TABLES);
  const usesFull = r.int(0, 3);
  const callers = [
    '  async onLogin() {\n    await this.deltaSync();\n  }',
    usesFull >= 1
      ? '  async onResume() {\n    await this.fullSync();\n  }'
      : '  async onResume() {\n    await this.deltaSync();\n  }',
    usesFull >= 2
      ? '  start() {\n    this.timer = setInterval(this.fullSync, 60_000);\n  }'
      : '  start() {\n    this.timer = setInterval(() => this.deltaSync(), 60_000);\n  }',
  ];
  const text = [
    "import type { SupabaseClient } from '@supabase/supabase-js';",
    '',
    `export class ${cap(table)}Sync${i} {`,
    "  private cursor = '1970-01-01T00:00:00Z';",
    '  private timer: ReturnType<typeof setInterval> | undefined;',
    '  constructor(private readonly client: SupabaseClient, private readonly store: Map<string, unknown>) {}',
    '',
    '  /** Downloads every row: only for the first run. */',
    '  fullSync = async () => {',
    `    const { data } = await this.client.from('${table}').select('*').order('id').range(0, 999);`,
    '    for (const row of data ?? []) this.store.set(row.id, row);',
    '  };',
    '',
    '  async deltaSync() {',
    `    const { data } = await this.client.from('${table}').select('*').gt('updated_at', this.cursor).order('updated_at', { ascending: true }).limit(500);`,
    '    for (const row of data ?? []) this.store.set(row.id, row);',
    '    if (data?.length) this.cursor = data[data.length - 1].updated_at;',
    '  }',
    '',
    ...callers,
    '}',
    '',
  ].join('\n');
  return { ext: 'ts', dir: 'sync', text, planted: { fullSync: Math.min(usesFull, 2) } };
}

/** @type {Kind} */
function jsFile(r, i) {
  const table = r.pick(TABLES);
  const unbounded = r.chance(0.5);
  const text = `// plain JavaScript ${i}\nexport default async function handler(req, res) {\n  const { data, error } = await db.from('${table}').select('*')${unbounded ? '' : '.limit(100)'};\n  if (error) return res.status(500).json({ error: error.message });\n  res.json(Array.from(data ?? []).map((row) => ({ ...row, seen: true })));\n}\n`;
  return { ext: 'js', dir: 'api', text, planted: { unbounded: unbounded ? 1 : 0, unordered: unbounded ? 0 : 1 } };
}

/** Kinds and their share of the corpus. @type {[Kind, number][]} */
const MIX = [
  [component, 0.36],
  [utility, 0.2],
  [types, 0.13],
  [dataFile, 0.2],
  [realtimeHook, 0.04],
  [syncService, 0.04],
  [jsFile, 0.03],
];

/**
 * Writes `files` files under `dir` (which must not exist or be empty), and the
 * app's schema as `supabase/migrations` (every table keyed by id): the rules
 * and codemods read it as they read a real project's. Returns what was written
 * by kind and the planted findings.
 *
 * @param {string} dir
 * @param {{ files: number; seed: number }} options
 */
export function generateCorpus(dir, { files, seed }) {
  const r = rng(seed);
  /** @type {Record<string, number>} */
  const byKind = {};
  /** @type {Planted} */
  const planted = { unbounded: 0, fullSync: 0, unordered: 0, unfilteredRealtime: 0, leakedChannel: 0 };
  // the app's schema, as a Supabase project has it: every table keyed by id, with the columns the code filters on
  const migrations = path.join(dir, 'supabase', 'migrations');
  mkdirSync(migrations, { recursive: true });
  const columns = [...COLUMNS.map((column) => `${column} text`), 'title text', 'name text'].join(', ');
  const schema = TABLES.map((table) => `create table public.${table} (id uuid primary key, ${columns});\n`).join('');
  writeFileSync(path.join(migrations, '20240101000000_corpus.sql'), schema);
  let bytes = 0;
  for (let i = 0; i < files; i += 1) {
    let x = r.next();
    let make = /** @type {[Kind, number]} */ (MIX.at(-1))[0];
    for (const [kind, share] of MIX) {
      if (x < share) {
        make = kind;
        break;
      }
      x -= share;
    }
    const file = make(r, i);
    const folder = path.join(dir, 'src', file.dir, `g${Math.floor(i / 100)}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `${make.name}-${i}.${file.ext}`), file.text);
    byKind[make.name] = (byKind[make.name] ?? 0) + 1;
    for (const key of /** @type {(keyof Planted)[]} */ (Object.keys(planted))) planted[key] += file.planted?.[key] ?? 0;
    bytes += Buffer.byteLength(file.text);
  }
  return { files, seed, bytes, byKind, planted };
}
