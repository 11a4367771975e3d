/**
 * fast-check generators of the code the rules claim to see through:
 * PostgREST chains in every wrapper (await, parens, `as`, `!`, `?.`,
 * computed string keys, incremental `let q`, `.then`, Promise.all, async
 * returns, callbacks, JSX handlers), full-sync calls and references,
 * Realtime subscriptions, decoys, and random valid programs from eslump.
 *
 * Everything here is deterministic for a given fast-check seed (eslump's own
 * `Math.random` is replaced by a seeded generator while it runs).
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { dedent } from '../dedent.js';

const require = createRequire(import.meta.url);
const { generateRandomJS } = require('eslump') as {
  generateRandomJS: (options: { sourceType?: 'module' | 'script'; maxDepth?: number; comments?: boolean }) => string;
};

export type Lang = 'ts' | 'tsx' | 'js' | 'jsx';

export const isTypeScript = (lang: Lang): boolean => lang === 'ts' || lang === 'tsx';
export const hasJsx = (lang: Lang): boolean => lang === 'tsx' || lang === 'jsx';

/** One builder call: `.name(args)`, written with `access`. */
export interface Link {
  name: string;
  args: string;
  /** TS type arguments (`returns<Row[]>()`); dropped in JS. */
  typeArgs?: string;
}

export type Access = 'dot' | 'optional' | 'computed' | 'template';
/** Type-only or grouping wrappers around the chain so far. */
export type Wrap = 'none' | 'paren' | 'as' | 'nonnull' | 'satisfies';

export interface ChainSpec {
  client: string;
  /** Arguments of `rpc()` when the request is `client.rpc(fn, ...).select(...)`; null for `client.from(table)`. */
  rpc: string | null;
  /** Table argument of `from()`, already quoted (or an identifier). */
  table: string;
  /** Arguments of `select()`. */
  select: string;
  /** Filters and non-bounding transforms, between select and the bound. */
  middle: Link[];
  /** What may bound the read; null for none. */
  bound: Link | null;
  /** Transforms that end a chain (`.csv()`, `.returns<T>()`, `.throwOnError()`). */
  trailing: Link[];
  /** How each call of the chain is written: from, select, middle..., bound, trailing... */
  access: Access[];
  /** A wrapper put around the chain up to and including call i (same indexing as `access`). */
  wraps: Wrap[];
}

/** How the request is sent (or not). */
export type Use =
  | 'await-destructure'
  | 'await-paren'
  | 'await-as'
  | 'await-nonnull'
  | 'then'
  | 'promise-all'
  | 'async-return'
  | 'async-arrow'
  | 'query-fn'
  | 'query-fn-async'
  | 'jsx-handler'
  | 'incremental'
  | 'incremental-mutate'
  | 'const-then-await'
  | 'factory'
  | 'escape';

/** Uses after which the rule is expected to look at the request (it is sent). */
export const EXECUTED_USES: ReadonlySet<Use> = new Set<Use>([
  'await-destructure',
  'await-paren',
  'await-as',
  'await-nonnull',
  'then',
  'promise-all',
  'async-return',
  'async-arrow',
  'query-fn',
  'query-fn-async',
  'jsx-handler',
  'incremental',
  'incremental-mutate',
  'const-then-await',
]);

export interface ChainCase {
  spec: ChainSpec;
  use: Use;
  /**
   * Where a top-level `.limit(n)` is added: an index into the chain's calls
   * after `select` (0 = right after select), or 'statement' for the
   * incremental uses (`q = q.limit(n)` / `q.limit(n);`). Null: not added.
   */
  addLimit: { at: number | 'statement'; n: string } | null;
}

const identifier = fc.constantFrom('roomId', 'userId', 'after', 'term', 'status', 'since', 'n', 'page');
const column = fc.constantFrom("'id'", "'room_id'", "'created_at'", "'status'", "'user_id'", "'updated_at'", "'body'");
const table = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("'messages'", "'rooms'", "'profiles'", "'orders'", "'todos'", '`events`') },
  { weight: 1, arbitrary: fc.constantFrom('table', 'TABLE_NAME', 'names.messages') },
);

const client = (lang: Lang): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('supabase', 'this.supabase', 'ctx.db', 'getClient()', "supabase.schema('app')", 'client', 'sb'),
    ...(isTypeScript(lang) ? [fc.constantFrom('(supabase as SupabaseClient)', 'supabase!', 'ctx!.supabase')] : []),
    // `<T>x` assertions are JSX in .tsx
    ...(lang === 'ts' ? [fc.constant('(<SupabaseClient>client)')] : []),
    fc.constant('ctx?.supabase'),
  );

const selectArgs = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('', "'*'", "'id, body, created_at'", "'*, author:profiles(name)'") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "'*', { count: 'exact' }",
      "'*', { head: false }",
      "'*', { count: 'exact', head: true }",
      "'*', opts",
    ),
  },
);

const filter: fc.Arbitrary<Link> = fc.oneof(
  fc
    .tuple(fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'is'), column, identifier)
    .map(([name, col, value]) => ({ name, args: `${col}, ${value}` })),
  fc
    .tuple(
      fc.constantFrom('in', 'contains', 'containedBy', 'overlaps'),
      column,
      fc.constantFrom('[1, 2, 3]', '[roomId]', '[...ids]', 'ids'),
    )
    .map(([name, col, list]) => ({
      name,
      args: `${col}, ${list}`,
    })),
  fc.constantFrom<Link>(
    { name: 'or', args: "'status.eq.open,status.eq.new'" },
    { name: 'not', args: "'deleted_at', 'is', null" },
    { name: 'match', args: '{ status: "open", room_id: roomId }' },
    { name: 'filter', args: "'status', 'eq', status" },
    { name: 'textSearch', args: "'body', term" },
    { name: 'order', args: "'created_at', { ascending: false }" },
    { name: 'order', args: "'id'" },
    { name: 'order', args: "'name', { referencedTable: 'author' }" },
  ),
);

const bound: fc.Arbitrary<Link | null> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<Link>(
      { name: 'limit', args: '10' },
      { name: 'limit', args: 'pageSize' },
      { name: 'range', args: '0, 49' },
      { name: 'range', args: 'from, to' },
      { name: 'single', args: '' },
      { name: 'maybeSingle', args: '' },
      { name: 'eq', args: "'id', id" },
    ),
  },
  {
    weight: 2,
    // these do not bound the top-level rows (the last two ask for more than the default max-rows, 1,000)
    arbitrary: fc.constantFrom<Link>(
      { name: 'limit', args: '5000' },
      { name: 'range', args: '0, 4999' },
      { name: 'limit', args: "5, { referencedTable: 'messages' }" },
      { name: 'limit', args: "5, { foreignTable: 'messages' }" },
      { name: 'range', args: "0, 9, { referencedTable: 'messages' }" },
      { name: 'limit', args: '5, { referencedTable: undefined }' },
    ),
  },
);

const trailing = (lang: Lang): fc.Arbitrary<Link[]> =>
  fc.array(
    fc.constantFrom<Link>(
      { name: 'throwOnError', args: '' },
      { name: 'abortSignal', args: 'controller.signal' },
      { name: 'csv', args: '' },
      ...(isTypeScript(lang) ? [{ name: 'returns', args: '', typeArgs: 'Row[]' }] : [{ name: 'returns', args: '' }]),
      { name: 'overrideTypes', args: '', typeArgs: '{ id: string }[]' },
    ),
    { maxLength: 2 },
  );

const access: fc.Arbitrary<Access> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Access>('dot') },
  { weight: 1, arbitrary: fc.constantFrom<Access>('optional', 'computed', 'template') },
);

const wrap = (lang: Lang): fc.Arbitrary<Wrap> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant<Wrap>('none') },
    {
      weight: 1,
      arbitrary: isTypeScript(lang)
        ? fc.constantFrom<Wrap>('paren', 'as', 'nonnull', 'satisfies')
        : fc.constant<Wrap>('paren'),
    },
  );

export function chainSpec(lang: Lang): fc.Arbitrary<ChainSpec> {
  return fc
    .record({
      client: client(lang),
      rpc: fc.oneof(
        { weight: 6, arbitrary: fc.constant(null) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            "'search_rows', { term }",
            "'recent'",
            "'count_rows', {}, { head: true, count: 'exact' }",
            'fnName, args',
          ),
        },
      ),
      table,
      select: selectArgs,
      middle: fc.array(filter, { maxLength: 4 }),
      bound,
      trailing: trailing(lang),
    })
    .chain((base) => {
      const calls = 2 + base.middle.length + (base.bound ? 1 : 0) + base.trailing.length;
      return fc
        .record({
          access: fc.array(access, { minLength: calls + 1, maxLength: calls + 1 }),
          wraps: fc.array(wrap(lang), { minLength: calls + 1, maxLength: calls + 1 }),
        })
        .map((extra) => ({ ...base, ...extra }));
    });
}

function member(name: string, how: Access): string {
  switch (how) {
    case 'optional':
      return `?.${name}`;
    case 'computed':
      return `['${name}']`;
    case 'template':
      return `[\`${name}\`]`;
    default:
      return `.${name}`;
  }
}

function wrapped(expr: string, how: Wrap, lang: Lang): string {
  if (!isTypeScript(lang) && how !== 'none') return `(${expr})`;
  switch (how) {
    case 'paren':
      return `(${expr})`;
    case 'as':
      return `(${expr} as any)`;
    case 'nonnull':
      return `${expr}!`;
    case 'satisfies':
      return `(${expr} satisfies object)`;
    default:
      return expr;
  }
}

/** The calls of the chain after the client, in order (from, select, middle, bound, trailing). */
function chainLinks(spec: ChainSpec, extraLimit: { at: number; n: string } | null): Link[] {
  const afterSelect: Link[] = [...spec.middle, ...(spec.bound ? [spec.bound] : [])];
  if (extraLimit) {
    afterSelect.splice(Math.min(extraLimit.at, afterSelect.length), 0, { name: 'limit', args: extraLimit.n });
  }
  const root: Link = spec.rpc === null ? { name: 'from', args: spec.table } : { name: 'rpc', args: spec.rpc };
  return [root, { name: 'select', args: spec.select }, ...afterSelect, ...spec.trailing];
}

/** The chain expression; `extraLimit` inserts a top-level `.limit(n)` after select. */
export function renderChain(spec: ChainSpec, lang: Lang, extraLimit: { at: number; n: string } | null = null): string {
  const links = chainLinks(spec, extraLimit);
  let expr = wrapped(spec.client, spec.wraps[0] ?? 'none', lang);
  links.forEach((link, index) => {
    // `?.` straight after a `!` or a type wrapper is fine; after a computed key too
    const how = spec.access[index + 1] ?? 'dot';
    const typeArgs = link.typeArgs && isTypeScript(lang) ? `<${link.typeArgs}>` : '';
    expr = `${expr}${member(link.name, how)}${typeArgs}(${link.args})`;
    expr = wrapped(expr, spec.wraps[index + 1] ?? 'none', lang);
  });
  return expr;
}

/** A statement (or a few) that sends, returns or hands on `chain`. */
export function renderUse(chain: string, use: Use, lang: Lang, limitStatement: string | null = null): string {
  const ts = isTypeScript(lang);
  switch (use) {
    case 'await-destructure':
      return `const { data, error } = await ${chain};\nif (error) throw error;\nsetRows(data);`;
    case 'await-paren':
      return `const result = (await (${chain}));\nsetRows(result.data);`;
    case 'await-as':
      return `${ts ? `const result = await (${chain} as any);` : `const result = await (${chain});`}\nsetRows(result.data);`;
    case 'await-nonnull':
      return `${ts ? `const result = await (${chain})!;` : `const result = await ${chain};`}\nsetRows(result.data);`;
    case 'then':
      return `${chain}.then(({ data }) => setRows(data));`;
    case 'promise-all':
      return `const [first, second] = await Promise.all([${chain}, loadOther()]);\nsetRows(first.data, second);`;
    case 'async-return':
      return `async function load()${ts ? ': Promise<unknown>' : ''} {\n  return ${chain};\n}\nawait load();`;
    case 'async-arrow':
      return `const load = async () => ${chain};\nawait load();`;
    case 'query-fn':
      return `const query = useQuery({ queryKey: ['rows', roomId], queryFn: () => ${chain} });`;
    case 'query-fn-async':
      return `const query = useQuery({ queryKey: ['rows'], queryFn: async () => (await ${chain}).data });`;
    case 'jsx-handler':
      return hasJsx(lang)
        ? `const view = <button onClick={async () => { const { data } = await ${chain}; setRows(data); }}>load</button>;`
        : `button.addEventListener('click', async () => { const { data } = await ${chain}; setRows(data); });`;
    case 'incremental':
      return [
        `let q = ${chain};`,
        "if (status) q = q.eq('status', status);",
        "q = q.order('created_at');",
        ...(limitStatement ? [`q = q.${limitStatement};`] : []),
        'const { data } = await q;',
        'setRows(data);',
      ].join('\n');
    case 'incremental-mutate':
      return [
        `const q = ${chain};`,
        "if (term) q.ilike('body', `%${term}%`);",
        ...(limitStatement ? [`q.${limitStatement};`] : []),
        'const { data } = await q;',
        'setRows(data);',
      ].join('\n');
    case 'const-then-await':
      return `const pending = ${chain};\nconst { data } = await pending;\nsetRows(data);`;
    case 'factory':
      return `function buildQuery() {\n  return ${chain};\n}\nreturn buildQuery;`;
    case 'escape':
      return `const { data } = await paginate(${chain}, 50);\nsetRows(data);`;
  }
}

const uses: Use[] = [...EXECUTED_USES, 'factory', 'escape'];

export function chainCase(lang: Lang, withLimit: boolean): fc.Arbitrary<ChainCase> {
  return fc
    .record({
      spec: chainSpec(lang),
      use: fc.constantFrom(...uses),
      at: fc.nat({ max: 8 }),
      asStatement: fc.boolean(),
      n: fc.constantFrom('1', '20', '100', 'pageSize', 'PAGE + 1'),
    })
    .map(({ spec, use, at, asStatement, n }) => {
      const incremental = use === 'incremental' || use === 'incremental-mutate';
      return {
        spec,
        use,
        addLimit: withLimit ? { at: incremental && asStatement ? ('statement' as const) : at, n } : null,
      };
    });
}

/** The statements of a chain case, each wrapped in its own async function so names never clash. */
export function renderChainCase(c: ChainCase, lang: Lang, index: number): string {
  const limit = c.addLimit;
  const chain = renderChain(c.spec, lang, limit && limit.at !== 'statement' ? { at: limit.at, n: limit.n } : null);
  const statement = limit?.at === 'statement' ? `limit(${limit.n})` : null;
  const body = renderUse(chain, c.use, lang, statement);
  return `export async function read${index}(roomId${isTypeScript(lang) ? ': string' : ''}) {\n${indent(body)}\n}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** Full-sync calls and references, their aliases, and values that only look like them. */
export function syncSnippet(lang: Lang): fc.Arbitrary<string> {
  const ts = isTypeScript(lang);
  const receiver = fc.constantFrom(
    'svc',
    'this.sync',
    'syncService',
    'store.sync',
    ...(ts ? ['(svc as SyncApi)', 'svc!'] : []),
  );
  const callee = fc
    .tuple(receiver, fc.constantFrom<Access>('dot', 'optional', 'computed', 'template'))
    .map(([r, how]) => `${r}${member('fullSync', how)}`);
  const statement = fc.oneof(
    callee.map((c) => `await ${c}(userId);`),
    callee.map((c) => `${c}();`),
    callee.map((c) => `${c}.call(svc, userId);`),
    fc.constant('await fullSync();'),
    fc.constant('const { fullSync: runAll } = svc;\nawait runAll();'),
    fc.constant('const tick = setInterval(svc.fullSync, 30_000);\nreturn () => clearInterval(tick);'),
    fc.constant("window.addEventListener('focus', svc.fullSync.bind(svc));"),
    fc.constant("window.removeEventListener('focus', svc.fullSync);"),
    fc.constant('console.log(svc.fullSync);'),
    fc.constant('await svc.deltaSync(since);'),
    fc.constant('const options = { fullSync: true, since };\nschedule(options.fullSync);'),
    fc.constant('const { fullSync = false } = settings;\nif (fullSync) await svc.deltaSync();'),
    fc.constant('track(options.fullSync);'),
    ...(hasJsx(lang) ? [fc.constant('const button = <button onClick={svc.fullSync}>Sync</button>;')] : []),
    ...(hasJsx(lang) ? [fc.constant('const form = <form action={fullSync} />;')] : []),
  );
  return fc.uniqueArray(statement, { minLength: 1, maxLength: 3 }).map((statements) => statements.join('\n'));
}

/** A sync service class with fullSync/deltaSync methods and their callers. */
export function syncModule(lang: Lang, index: number): fc.Arbitrary<string> {
  const ts = isTypeScript(lang);
  return syncSnippet(lang).map((body) =>
    [
      index === 0 ? "import { fullSync as importedFullSync, deltaSync } from './sync';" : '',
      `export class SyncService${index} {`,
      `  ${ts ? 'private ' : ''}last = 0;`,
      `  async fullSync() { return this.client.from('rows').select('*').limit(1000); }`,
      `  async deltaSync() { return this.client.from('rows').select('*').gt('updated_at', this.last).order('updated_at').limit(500); }`,
      `  async run(svc${ts ? ': any' : ''}, userId${ts ? ': string' : ''}) {`,
      indent(indent(body)),
      '  }',
      '}',
      index === 0 ? 'export const useIt = () => importedFullSync();' : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

/** Realtime subscriptions in hooks, with and without cleanup (no rule checks them yet; they must not crash any). */
export function realtimeSnippet(lang: Lang, index: number): fc.Arbitrary<string> {
  return fc
    .record({
      filter: fc.constantFrom('', ', filter: `room_id=eq.${roomId}`', ", filter: 'status=in.(open,new)'"),
      event: fc.constantFrom("'*'", "'INSERT'", "'UPDATE'"),
      table: fc.constantFrom(", table: 'messages'", ''),
      cleanup: fc.constantFrom('removeChannel', 'unsubscribe', 'none'),
      legacy: fc.boolean(),
    })
    .map(({ filter, event, table, cleanup, legacy }) => {
      const subscribe = legacy
        ? `const channel = supabase.from('messages:room_id=eq.' + roomId).on('INSERT', (payload) => setRows(payload)).subscribe();`
        : `const channel = supabase\n      .channel(\`room-\${roomId}\`)\n      .on('postgres_changes', { event: ${event}, schema: 'public'${table}${filter} }, (payload) => setRows(payload))\n      .subscribe();`;
      const ret =
        cleanup === 'removeChannel'
          ? '    return () => { supabase.removeChannel(channel); };'
          : cleanup === 'unsubscribe'
            ? '    return () => channel.unsubscribe();'
            : '';
      return [
        `export function useRoom${index}(roomId${isTypeScript(lang) ? ': string' : ''}) {`,
        '  useEffect(() => {',
        `    ${subscribe}`,
        ret,
        '  }, [roomId]);',
        '}',
      ]
        .filter(Boolean)
        .join('\n');
    });
}

/** Code that looks like the patterns and is not: drizzle, knex, Array.from, emitters. */
export function decoySnippet(index: number): fc.Arbitrary<string> {
  return fc
    .constantFrom(
      'export const users# = async () => db.select().from(usersTable).where(eq(usersTable.id, 1));',
      "export const names# = async () => knex.select('*').from('users');",
      "export const picked# = async () => Array.from(items).select('name');",
      "export const bytes# = async () => Buffer.from(data).select('x');",
      "emitter.on('change', (value) => console.log(value));\nemitter.off('change', handler);",
      "export const rows# = async () => (await fetch('/api/rows')).json();",
      'export const list# = async () => [1, 2, 3].map((x) => x * 2).filter(Boolean).slice(0, 1);',
    )
    .map((code) => code.replace('#', String(index)));
}

/**
 * A random valid program from eslump (seeded: eslump draws from Math.random,
 * which is swapped for a seeded generator while it runs).
 */
export const eslumpProgram: fc.Arbitrary<string> = fc
  .record({ seed: fc.integer({ min: 1, max: 2_147_483_646 }), depth: fc.integer({ min: 2, max: 6 }) })
  .map(({ seed, depth }) => seededEslump(seed, depth));

export function seededEslump(seed: number, maxDepth: number): string {
  let state = seed;
  const original = Math.random;
  Math.random = () => {
    state = (state * 16_807) % 2_147_483_647;
    return (state - 1) / 2_147_483_646;
  };
  try {
    return generateRandomJS({ sourceType: 'module', maxDepth, comments: false });
  } finally {
    Math.random = original;
  }
}

/** Unique columns for `table` under the rule's `uniqueColumns` option (its documented meaning). */
function uniqueFor(option: unknown, table: string | null): Set<string> {
  if (Array.isArray(option)) return new Set(option as string[]);
  const map = (option ?? { '*': ['id'] }) as Record<string, string[]>;
  const columns = new Set(map['*'] ?? []);
  if (table !== null) for (const column of map[table] ?? []) columns.add(column);
  return columns;
}

const quoted = (text: string): string | null => {
  const match = /^(['"`])([^'"`]*)\1$/.exec(text.trim());
  return match ? match[2]! : null;
};

/**
 * What the documented semantics say of a `from()` read: true when nothing in
 * its own chain bounds the rows it returns (the table of bounds in docs/rules/require-pagination.md), for the given
 * `uniqueColumns`. Null when the chain holds something the rule may read
 * either way (an option object it cannot see, an rpc).
 */
export function documentedUnbounded(spec: ChainSpec, uniqueColumns: unknown): boolean | null {
  if (spec.rpc !== null) return null;
  if (spec.select.includes('opts')) return null;
  if (/head: true/.test(spec.select)) return false;
  const unique = uniqueFor(uniqueColumns ?? ['id'], quoted(spec.table));
  for (const link of [...spec.middle, ...(spec.bound ? [spec.bound] : [])]) {
    const args = link.args.split(',').map((part) => part.trim());
    switch (link.name) {
      case 'limit':
      case 'range':
        // a page of the top-level table within max-rows (1,000: the fuzzer's files have no config.toml)
        if (!/referencedTable: '|foreignTable: '/.test(link.args) && !pastMaxRows(link)) return false;
        break;
      case 'single':
      case 'maybeSingle':
        return false;
      case 'eq': {
        const column = quoted(args[0] ?? '');
        if (column !== null && unique.has(column)) return false;
        break;
      }
      case 'in': {
        // `.in(col, list)` on a unique column: at most as many rows as the list holds,
        // written out or from elsewhere (`ids`, `[...ids]`)
        const column = quoted(args[0] ?? '');
        if (column !== null && unique.has(column)) return false;
        break;
      }
      case 'filter': {
        const column = quoted(args[0] ?? '');
        if (column !== null && unique.has(column) && quoted(args[1] ?? '') === 'eq') return false;
        break;
      }
      case 'match':
        if ([...unique].some((column) => new RegExp(`[{,]\\s*${column}\\s*:`).test(link.args))) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

/** `.limit(5000)`, `.range(0, 4999)`: a page that asks for more rows than the default max-rows (1,000). */
function pastMaxRows(link: Link): boolean {
  const numbers = link.args.split(',').map((part) => Number(part.trim()));
  if (numbers.some((n) => !Number.isInteger(n))) return false;
  const rows = link.name === 'limit' ? numbers[0]! : numbers[1]! - numbers[0]! + 1;
  return rows > 1000;
}

/** Uses that send the request where the rule claims to see it (every executed use). */
export function unboundedReadCase(lang: Lang): fc.Arbitrary<ChainCase> {
  return chainCase(lang, false).filter((c) => EXECUTED_USES.has(c.use));
}

/** Where realtimeCase puts the subscription. */
export const REALTIME_PLACES = ['effect', 'async-effect', 'render', 'loop', 'forEach', 'service', 'handler'] as const;
export type RealtimePlace = (typeof REALTIME_PLACES)[number];

/**
 * Realtime subscriptions in the places the realtime rules judge: an effect
 * (with every kind of cleanup, or none), a component's render body, a loop,
 * a plain service function; configs inline or in a constant, with every
 * kind of filter; v2 channels and legacy v1 table listeners.
 */
export function realtimeCase(
  lang: Lang,
  index: number,
  places: readonly RealtimePlace[] = REALTIME_PLACES,
): fc.Arbitrary<string> {
  const ts = isTypeScript(lang);
  const filter = fc.constantFrom(
    '',
    ', filter: `room_id=eq.${roomId}`',
    ", filter: 'status=in.(open,new)'",
    ', filter: undefined',
    ", filter: ''",
    ', filter: roomId ? `room_id=eq.${roomId}` : undefined',
    ', filter: roomId && `room_id=eq.${roomId}`',
    ', filter: roomFilter',
  );
  const target = fc.constantFrom(", table: 'messages'", ", table: 'profiles'", '', ", schema: '*', table: 'messages'");
  const listener = fc
    .record({ filter, target, inline: fc.boolean(), event: fc.constantFrom("'*'", "'INSERT'") })
    .map(({ filter: f, target: t, inline, event }) => {
      const parts = [`event: ${event}`, ...(t.includes('schema') ? [] : ["schema: 'public'"]), t, f]
        .map((part) => part.replace(/^, /, ''))
        .filter(Boolean);
      const config = `{ ${parts.join(', ')} }`;
      return inline
        ? { setup: '', on: `.on('postgres_changes', ${config}, (payload) => setRows(payload))` }
        : {
            setup: `const config${ts ? ': any' : ''} = ${config};\n`,
            on: ".on('postgres_changes', config, (payload) => setRows(payload))",
          };
    });
  const subscription = fc.oneof(
    listener.map(({ setup, on }) => ({
      setup,
      expr: `supabase\n  .channel(\`room-\${roomId}\`)\n  ${on}\n  .subscribe()`,
      legacy: false,
    })),
    fc.constant({
      setup: '',
      expr: "supabase.channel('presence').on('broadcast', { event: 'typing' }, onTyping).subscribe()",
      legacy: false,
    }),
    fc
      .constantFrom("'messages'", "'messages:room_id=eq.' + roomId", "'*'", '`messages:room_id=eq.${roomId}`')
      .map((name) => ({
        setup: '',
        expr: `supabase.from(${name}).on('INSERT', (payload) => setRows(payload)).subscribe()`,
        legacy: true,
      })),
  );
  const cleanup = fc.constantFrom(
    'removeChannel',
    'unsubscribe',
    'removeAll',
    'helper',
    'none',
    'commented',
    'other',
    'opaque',
  );
  const place = fc.constantFrom(...places);
  return fc.record({ subscription, cleanup, place }).map(({ subscription: s, cleanup: c, place: p }) => {
    const remover = s.legacy ? 'removeSubscription' : 'removeChannel';
    const ret = {
      removeChannel: `return () => { supabase.${remover}(channel); };`,
      unsubscribe: 'return () => channel.unsubscribe();',
      removeAll: 'return () => { supabase.removeAllChannels(); };',
      helper: 'return () => teardown(channel);',
      none: '',
      commented: `// return () => { supabase.${remover}(channel); };`,
      other: 'return () => clearInterval(timer);',
      opaque: 'return makeCleanup(channel);',
    }[c];
    const setup = s.setup;
    const arg = ts ? 'roomId: string' : 'roomId';
    const body = `${setup}const channel = ${s.expr};`;
    switch (p) {
      case 'effect':
      case 'async-effect':
        return `export function useRoom${index}(${arg}) {\n  useEffect(${p === 'async-effect' ? 'async ' : ''}() => {\n${indent(indent(body))}\n    ${ret}\n  }, [roomId]);\n}`;
      case 'render':
        return hasJsx(lang)
          ? `export function Room${index}({ roomId }${ts ? ': { roomId: string }' : ''}) {\n${indent(body)}\n  return <div>{roomId}</div>;\n}`
          : `export function useLive${index}(${arg}) {\n${indent(body)}\n  return channel;\n}`;
      case 'loop':
        return `export async function listenAll${index}(rooms${ts ? ': string[]' : ''}) {\n  for (const roomId of rooms) {\n${indent(indent(body))}\n  }\n}`;
      case 'forEach':
        return `export function listenEach${index}(rooms${ts ? ': string[]' : ''}) {\n  rooms.forEach((roomId) => {\n${indent(indent(body))}\n  });\n}`;
      case 'service':
        return `export function listen${index}(${arg}) {\n${indent(body)}\n  return channel;\n}`;
      default:
        return `export function Join${index}() {\n  const join = (${arg}) => {\n${indent(indent(body))}\n  };\n  return join;\n}`;
    }
  });
}

// ---------------------------------------------------------------- aimed at the codemods

/**
 * Reads aimed at paginate-selects: the forms it rewrites (a literal table,
 * the cursor in the select list, arguments that read the same on every page,
 * a response used only as `data` and `error`) and, drawn from the same
 * pieces, each form it must leave (another order, a count option, csv(), an
 * rpc, a call in the chain, the whole response used, Promise.all, a builder
 * in a variable, a name already taken). Whatever the codemod does, the
 * properties hold it to: its output parses, a second run changes nothing,
 * and the rule reports exactly the sites it left.
 */
export function pageableRead(lang: Lang, index: number): fc.Arbitrary<string> {
  const ts = isTypeScript(lang);
  const pageClient = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('supabase', 'this.supabase', 'ctx.db', 'db') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'getClient()',
        "supabase.schema('app')",
        ...(ts ? ['supabase!', '(supabase as SupabaseClient)'] : []),
      ),
    },
  );
  const pageTable = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom("'messages'", "'rooms'", "'profiles'", '"orders"', '`events`') },
    { weight: 1, arbitrary: fc.constantFrom('table', 'names.messages') },
  );
  const pageSelect = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        "'*'",
        "'id, body'",
        "'id,body,created_at'",
        '',
        "'*, author:profiles(name)'",
        "'uuid, body'",
        "'user_id, name'",
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "'body, created_at'",
        "'*', { count: 'exact' }",
        "'*', { count: 'exact', head: true }",
        'columns',
        "'*', {}",
      ),
    },
  );
  const pageFilter = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        ".eq('room_id', roomId)",
        ".gt('created_at', since)",
        ".in('status', ['open', 'new'])",
        ".ilike('body', `%${term}%`)",
        ".is('deleted_at', null)",
        ".neq('kind', 'system')",
        ".eq('status', filters.status)",
        '.match({ room_id: roomId })',
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        ".order('id', { ascending: true })",
        ".order('id')",
        ".order('uuid')",
        ".order('created_at', { ascending: false })",
        ".order('id', { ascending: false })",
        ".order('name', { referencedTable: 'author' })",
        ".limit(5, { referencedTable: 'author' })",
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ".eq('status', currentStatus())",
        ".gt('created_at', new Date().toISOString())",
        '.csv()',
        '.throwOnError()',
        ...(ts ? ['.returns<Row[]>()'] : []),
      ),
    },
  );
  const chain = fc
    .record({
      client: pageClient,
      table: pageTable,
      select: pageSelect,
      filters: fc.array(pageFilter, { maxLength: 3 }),
      split: fc.boolean(),
    })
    .map(({ client: c, table: t, select: s, filters, split }) => {
      const links = [`.from(${t})`, `.select(${s})`, ...filters];
      return split ? `${c}\n    ${links.join('\n    ')}` : `${c}${links.join('')}`;
    });
  const use = fc.constantFrom(
    (ch: string) => `const { data, error } = await ${ch};\n  if (error) throw error;\n  return data;`,
    (ch: string) => `const { data } = await ${ch};\n  return data ?? [];`,
    (ch: string) => `const { data: rows, error: failure } = await ${ch};\n  return failure ? [] : rows;`,
    (ch: string) => `const result = await ${ch};\n  return result.data;`,
    (ch: string) => `return (await ${ch}).data;`,
    (ch: string) => `${ch}.then(({ data }) => setRows(data));`,
    (ch: string) => `${ch}.then((response) => setRows(response.data));`,
    (ch: string) => `const result = await ${ch};\n  return result.count;`,
    (ch: string) => `const response = await ${ch};\n  return response;`,
    (ch: string) => `const [first] = await Promise.all([${ch}]);\n  return first.data;`,
    (ch: string) => `return ${ch};`,
    (ch: string) =>
      `let q = ${ch};\n  if (roomId) q = q.eq('room_id', roomId);\n  const { data } = await q;\n  return data;`,
  );
  const preamble = fc.oneof(
    { weight: 8, arbitrary: fc.constant('') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        index === 0 ? "import { selectAllPages } from './lib/supabase-pagination';\n" : '',
        index === 0 ? "import { selectAllPages } from 'some-paging-lib';\n" : '',
        `const selectAllPages${index} = null;\n`,
      ),
    },
  );
  const local = fc.oneof(
    { weight: 8, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constant('  const selectAllPages = (x) => x;\n') },
  );
  const param = ts ? 'roomId: string, since: string, term: string' : 'roomId, since, term';
  return fc
    .record({ chain, use, preamble, local })
    .map(
      ({ chain: ch, use: u, preamble: pre, local: loc }) =>
        `${pre}export async function pageRead${index}(${param}) {\n${loc}  ${u(ch)}\n}`,
    );
}

/** A module the full-sync snippets import (`./sync-api`), as the codemod reads it. */
export const SYNC_API_MODULE = dedent`
  export async function fullSync(userId: string) { return userId; }
  export async function deltaSync(userId: string, since?: string) { return since ?? userId; }
  export class SyncApi {
    async fullSync(userId: string) { return userId; }
    async deltaSync(userId: string) { return userId; }
  }
  export class LegacyApi {
    async fullSync() { return 1; }
  }
`;

/**
 * Full-sync uses aimed at full-sync-to-delta-sync: calls and references on
 * `this`, on `new X()` of a class declared here or imported, on an object
 * literal, on a bare function, with a delta sync that takes the same
 * arguments or not, or none at all; a call inside deltaSync itself; a
 * reference that is also unregistered. Names are scoped by `index` so any
 * mix of parts is one valid module.
 */
export function renameableSync(lang: Lang, index: number): fc.Arbitrary<string> {
  const ts = isTypeScript(lang);
  const p = (name: string, type = 'string') => (ts ? `${name}: ${type}` : name);
  const deltaParams = fc.constantFrom(
    p('userId'),
    `${p('userId')}, ${ts ? 'since?: string' : 'since = null'}`,
    `${p('userId')}, ${p('since')}`,
    '',
    `...${ts ? 'args: string[]' : 'args'}`,
  );
  const hasDelta = fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
  const callers = fc.uniqueArray(
    fc.constantFrom(
      'async refresh() { await this.fullSync(this.user); }',
      'async reload() { return this.fullSync(this.user); }',
      'start() { this.timer = setInterval(() => this.fullSync(this.user), 30_000); }',
      "watch() { window.addEventListener('focus', this.fullSync); }",
      "watchBoth() { window.addEventListener('online', this.fullSync); window.removeEventListener('online', this.fullSync); }",
      'async viaCall() { await this.fullSync.call(this, this.user); }',
      'async spread(args) { await this.fullSync(...args); }',
    ),
    { minLength: 1, maxLength: 3 },
  );
  const klass = fc
    .record({ hasDelta, deltaParams, callers, fallback: fc.boolean() })
    .map(({ hasDelta: d, deltaParams: dp, callers: cs, fallback }) => {
      const delta = d
        ? [
            `  async deltaSync(${dp}) {`,
            fallback ? '    if (!this.last) return this.fullSync(this.user);' : '    this.last = Date.now();',
            '    return this.last;',
            '  }',
          ]
        : [];
      return [
        `export class Syncer${index} {`,
        ...(ts
          ? ["  user = 'me';", '  last = 0;', '  timer: unknown;']
          : ["  user = 'me';", '  last = 0;', '  timer = null;']),
        `  async fullSync(${p('userId')}) { return userId; }`,
        ...delta,
        ...cs.map((c) => `  ${ts ? c.replace('spread(args)', 'spread(args: string[])') : c}`),
        '}',
        `const syncer${index} = new Syncer${index}();`,
        `export const run${index} = () => syncer${index}.fullSync('me');`,
      ].join('\n');
    });
  const objectLiteral = fc
    .record({ hasDelta, args: fc.constantFrom("'me'", '', "'me', 'then'") })
    .map(({ hasDelta: d, args }) =>
      [
        `const api${index} = {`,
        `  async fullSync(${p('id')}) { return id; },`,
        ...(d ? [`  async deltaSync(${p('id')}) { return id; },`] : []),
        '};',
        `export const poll${index} = async () => api${index}.fullSync(${args});`,
      ].join('\n'),
    );
  const bare = fc
    .record({ hasDelta, reference: fc.boolean() })
    .map(({ hasDelta: d, reference }) =>
      [
        `export function setup${index}() {`,
        `  async function fullSync(${p('id')}) { return id; }`,
        ...(d ? [`  async function deltaSync(${p('id')}) { return id; }`] : []),
        reference ? '  return [fullSync];' : "  return fullSync('me');",
        '}',
      ].join('\n'),
    );
  const imported = fc.constantFrom(
    "import { fullSync, deltaSync } from './sync-api';\nexport const boot = () => fullSync('me');",
    "import { SyncApi } from './sync-api';\nconst remote = new SyncApi();\nexport const boot = () => remote.fullSync('me');",
    "import { LegacyApi } from './sync-api';\nconst legacy = new LegacyApi();\nexport const boot = () => legacy.fullSync();",
    "import { fullSync } from './missing-module';\nexport const boot = () => fullSync('me');",
  );
  return index === 0 ? fc.oneof(klass, objectLiteral, bare, imported) : fc.oneof(klass, objectLiteral, bare);
}

/** Delta reads past a stored cursor or a window, then a next cursor from the clock, from the rows, or none. */
export function clockCursorCase(lang: Lang, index: number): fc.Arbitrary<string> {
  const ts = isTypeScript(lang);
  return fc
    .record({
      since: fc.constantFrom(
        "localStorage.getItem('lastSyncedAt')",
        'meta?.lastSyncedAt || new Date(0).toISOString()',
        'meta.lastSyncedAt',
        'new Date(Date.now() - 90 * 864e5).toISOString()',
        "'2024-01-01'",
      ),
      order: fc.constantFrom('', ".order('updated_at')", ".order('updated_at', { ascending: false })"),
      bound: fc.constantFrom('.limit(30)', '.limit(30)', '.range(0, 29)', '', '.limit(30, { referencedTable: "x" })'),
      store: fc.constantFrom(
        "localStorage.setItem('lastSyncedAt', new Date().toISOString());",
        "localStorage.setItem('lastSyncedAt', new Date().toISOString());",
        'await db.meta.put({ lastSyncedAt: Date.now() });',
        'await db.meta.put({ lastSyncedAt: Date.now() });',
        "localStorage.setItem('lastSyncedAt', rows?.at(-1)?.updated_at ?? since);",
        'this.lastSyncTime = Date.now();',
        '',
      ),
      loop: fc.constantFrom(false, false, true),
    })
    .map(({ since, order, bound, store, loop }) => {
      const read = `const { data: rows } = await supabase.from('notes').select('*').gt('updated_at', since)${order}${bound};`;
      const body = loop
        ? ['for (;;) {', `  ${read}`, '  if (!rows?.length) break;', '  since = rows[rows.length - 1].updated_at;', '}']
        : [read];
      return [
        `async function pull${index}(meta${ts ? ': any' : ''}) {`,
        `  let since = ${since};`,
        ...body.map((line) => `  ${line}`),
        `  ${store}`,
        '}',
      ].join('\n');
    });
}
