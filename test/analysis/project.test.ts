/**
 * The function facts (src/analysis/project): what each function of a module
 * does, how a call is resolved to its function across modules, and what a
 * function does through the functions it calls. On fixtures/project-facts, a
 * small app spread over several modules, and on throwaway folders for the
 * resolver's edge cases.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callersOf } from '../../src/analysis/project/callers.js';
import {
  leakedChannel,
  MAX_CALL_DEPTH,
  requestsOf,
  returnedBuilder,
  returnsRemover,
  storesOf,
} from '../../src/analysis/project/compose.js';
import type { ModuleFacts } from '../../src/analysis/project/facts.js';
import { mayReach } from '../../src/analysis/project/imports.js';
import {
  clearProjectIndex,
  factParses,
  factsOfFile,
  projectRoot,
  type ResolvedFunction,
  resolveCallee,
} from '../../src/analysis/project/index.js';
import { resolveModule } from '../../src/analysis/project/resolve.js';
import { Linter } from 'eslint';
import { dedent } from '../dedent.js';
import { expectFactsAlikeParsedAlone, fixtureSources } from './facts-parse.js';
import tsParser from '@typescript-eslint/parser';
import { noQueryInLoop } from '../../src/rules/no-query-in-loop.js';
import { requirePagination } from '../../src/rules/require-pagination.js';

const APP = path.resolve(import.meta.dirname, '../../fixtures/project-facts');
const file = (relative: string) => path.join(APP, relative);

function module(relative: string): ModuleFacts {
  const facts = factsOfFile(file(relative));
  if (!facts) throw new Error(`${relative} could not be read`);
  return facts;
}

function fn(relative: string, key: string): ResolvedFunction {
  const owner = module(relative);
  const facts = owner.functions[key];
  if (!facts) throw new Error(`${relative} has no function ${key}: ${Object.keys(owner.functions).join(', ')}`);
  return { module: owner, facts };
}

describe('module facts', () => {
  it('keys the functions a caller can name, and reads what the module exports', () => {
    const orders = module('src/lib/orders.ts');
    expect(Object.keys(orders.functions).sort()).toEqual([
      'checkAuth',
      'guardedAuth',
      'startKept',
      'startListening',
      'stopKept',
      'subscribeToOrders',
    ]);
    expect(orders.exports.checkAuth).toEqual({ kind: 'function', key: 'checkAuth' });
    const index = module('src/lib/index.ts');
    expect(index.exportAll).toEqual(['./orders']);
    expect(index.exports.prefetchPost).toEqual({ kind: 'reexport', source: './posts', name: 'prefetchPost' });
    const cache = module('src/sync/cache.ts');
    expect(cache.exports.cache).toEqual({
      kind: 'object',
      methods: { since: 'cache.since', markSynced: 'cache.markSynced', markFrom: 'cache.markFrom' },
    });
  });

  it('reads each request a function sends, with its table and whether it is sent per item', () => {
    const { facts } = fn('src/lib/posts.ts', 'prefetchPost');
    expect(facts.requests.map((r) => [r.method, r.table, r.perItem, r.line])).toEqual([
      ['select', 'posts', null, 4],
      ['select', 'comments', null, 5],
    ]);
    expect(facts.calls.map((c) => [c.text, c.callee.kind, c.result])).toEqual([['loadLikes', 'local', 'dropped']]);
    expect(fn('src/pages/Posts.tsx', 'warm@13:2').facts.calls.map((c) => [c.text, c.perItem])).toEqual([
      ['prefetchPost', 'for-of'],
      ['loadClientTotals', 'map'],
      // queryClient.prefetchQuery is a method of a value, not a function of the project; its queryFn runs here
      ['prefetchPost', 'for-of'],
      ['formatTitle', null],
    ]);
  });

  it('tells what becomes of each channel a function subscribes', () => {
    const fates = (key: string) => fn('src/lib/orders.ts', key).facts.channels.map((channel) => channel.fate);
    expect(fates('subscribeToOrders')).toEqual(['returned']);
    expect(fates('startListening')).toEqual(['dropped']);
    expect(fates('startKept')).toEqual(['kept']);
    expect(fates('checkAuth')).toEqual([]);
  });

  it('reads a returned query builder, bounded on some paths, and the parameter that decides it', () => {
    expect(fn('src/lib/posts.ts', 'buildProfileQuery').facts.returns).toEqual([
      {
        kind: 'builder',
        table: 'profiles',
        bounded: 'some',
        path: '`.single()` is not applied when `single` is false',
        at: { line: 25, column: 35 },
        when: { index: 0, unboundedIf: false },
      },
    ]);
    expect(fn('src/lib/posts.ts', 'latestProfiles').facts.returns).toMatchObject([{ kind: 'builder', bounded: 'all' }]);
  });

  it('reads the parameters a function sends a builder through unbounded, and not one it bounds first', () => {
    // withDeadline(request, ms) races request against a timer; ms is no builder's
    expect(fn('src/lib/timeouts.ts', 'withDeadline').facts.sendsParams).toEqual([0]);
    // firstHundred calls .limit(100) on what it is handed
    expect(fn('src/lib/timeouts.ts', 'firstHundred').facts.sendsParams).toBeUndefined();
  });

  it('reads the state a function writes, and where the value comes from', () => {
    expect(fn('src/sync/cache.ts', 'cache.markSynced').facts.stores).toEqual([
      { line: 8, column: 4, target: 'module:lastSyncedAt', origin: 'clock' },
    ]);
    expect(fn('src/sync/cache.ts', 'cache.markFrom').facts.stores).toEqual([
      { line: 12, column: 14, target: 'localStorage:messages.cursor', origin: 'other' },
    ]);
  });

  it('reads a Postgres Changes filter taken from a parameter, on the function that takes it', () => {
    expect(fn('src/hooks/useRealtime.ts', 'useRealtime').facts.filterParameters).toEqual([
      { line: 8, column: 69, index: 2, key: null, table: null },
    ]);
    expect(fn('src/hooks/useFeed.ts', 'useFeed').facts.filterParameters).toMatchObject([{ index: 1, table: 'feed' }]);
    // `...(filter ? { filter } : {})`: the filter is there only when the parameter is
    expect(fn('src/hooks/useLive.ts', 'useLive').facts.filterParameters).toMatchObject([{ index: 2, key: null }]);
  });
});

describe('resolving a call to its function', () => {
  it('follows tsconfig aliases, export *, and named re-exports', () => {
    const page = module('src/pages/Orders.tsx');
    const calls = [...page.calls, ...Object.values(page.functions).flatMap((f) => f.calls)];
    const target = (text: string) => {
      const call = calls.find((c) => c.text === text);
      const resolved = call && resolveCallee(page, call.callee);
      return resolved ? `${path.relative(APP, resolved.module.file)}#${resolved.facts.key}` : null;
    };
    expect(target('checkAuth')).toBe('src/lib/orders.ts#checkAuth');
    expect(target('boot')).toBe('src/lib/session.ts#boot');
    expect(target('useFeed')).toBe('src/hooks/useFeed.ts#useFeed');
    // a package installed from a registry is not the project's code: unknown
    expect(target('useEffect')).toBeNull();
  });

  const scratch = mkdtempSync(path.join(tmpdir(), 'project-facts-'));
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('resolves .js written for .ts, folder indexes, baseUrl, and workspace packages linked into node_modules', () => {
    const write = (relative: string, text = 'export const x = 1;\n') => {
      mkdirSync(path.dirname(path.join(scratch, relative)), { recursive: true });
      writeFileSync(path.join(scratch, relative), text);
    };
    write('app/tsconfig.json', '{ "compilerOptions": { "baseUrl": "src" } }');
    write('app/src/util.ts');
    write('app/src/lib/index.tsx');
    write('app/src/main.ts');
    write('packages/db/package.json', '{ "name": "@acme/db", "main": "./dist/index.js" }');
    write('packages/db/src/index.ts');
    mkdirSync(path.join(scratch, 'app/node_modules/@acme'), { recursive: true });
    symlinkSync(path.join(scratch, 'packages/db'), path.join(scratch, 'app/node_modules/@acme/db'));
    const from = path.join(scratch, 'app/src/main.ts');
    expect(resolveModule(from, './util.js')).toBe(path.join(scratch, 'app/src/util.ts'));
    expect(resolveModule(from, './lib')).toBe(path.join(scratch, 'app/src/lib/index.tsx'));
    expect(resolveModule(from, 'util')).toBe(path.join(scratch, 'app/src/util.ts'));
    expect(resolveModule(from, '@acme/db')).toBe(path.join(scratch, 'packages/db/src/index.ts'));
    expect(resolveModule(from, 'react')).toBeNull();
    expect(resolveModule(from, 'https://esm.sh/x')).toBeNull();
    expect(resolveModule(from, './missing')).toBeNull();
  });

  it("finds a file's project root: the git work tree above it, else its nearest package.json, else its own folder", () => {
    const make = (relative: string) => mkdirSync(path.join(scratch, 'roots', relative), { recursive: true });
    const root = (relative: string) => path.relative(scratch, projectRoot(path.join(scratch, 'roots', relative)));
    make('repo/.git');
    make('repo/packages/web/src/deep');
    writeFileSync(path.join(scratch, 'roots/repo/packages/web/package.json'), '{}');
    make('loose/pkg/src');
    writeFileSync(path.join(scratch, 'roots/loose/package.json'), '{}');
    writeFileSync(path.join(scratch, 'roots/loose/pkg/package.json'), '{}');
    make('bare/src');
    // asked from the deepest folder first: the folders above keep their own answers, not the first asker's
    expect(root('repo/packages/web/src/deep/a.ts')).toBe('roots/repo');
    expect(root('repo/packages/web/b.ts')).toBe('roots/repo');
    expect(root('repo/c.ts')).toBe('roots/repo');
    expect(root('loose/pkg/src/d.ts')).toBe('roots/loose/pkg');
    expect(root('loose/e.ts')).toBe('roots/loose');
    // with no marker at or above it a file's folder is its root (else the marker above the scratch folder decides)
    const above = projectRoot(path.join(scratch, 'probe.ts'));
    expect(projectRoot(path.join(scratch, 'roots/bare/src/f.ts'))).toBe(
      above === scratch ? path.join(scratch, 'roots/bare/src') : above,
    );
  });
});

describe('composed across calls', () => {
  it('counts the requests a call sends through the functions it calls', () => {
    const requests = requestsOf(fn('src/lib/posts.ts', 'prefetchPost'));
    expect(requests.map((r) => [r.path.join(' > '), r.table])).toEqual([
      ['prefetchPost', 'posts'],
      ['prefetchPost', 'comments'],
      ['prefetchPost > loadLikes', 'likes'],
    ]);
    expect(requestsOf(fn('src/lib/posts.ts', 'formatTitle'))).toEqual([]);
  });

  it('finds a channel whose remover is dropped calls below, with the path, across modules', () => {
    expect(leakedChannel(fn('src/lib/session.ts', 'boot'))).toEqual({
      path: ['boot', 'checkAuth', 'subscribeToOrders'],
      droppedIn: 'checkAuth',
      dropped: 'remover',
      file: file('src/lib/orders.ts'),
      line: 15,
    });
    expect(leakedChannel(fn('src/lib/orders.ts', 'startListening'))).toMatchObject({ dropped: 'channel' });
    // the remover is handed up: not a leak below, a remover the caller must keep
    expect(leakedChannel(fn('src/lib/orders.ts', 'subscribeToOrders'))).toBeNull();
    expect(returnsRemover(fn('src/lib/orders.ts', 'subscribeToOrders'))).toEqual(['subscribeToOrders']);
    // kept in a module variable another function removes: not provably leaked
    expect(leakedChannel(fn('src/lib/orders.ts', 'startKept'))).toBeNull();
  });

  it('ends a recursion between modules, and stops past the depth bound', () => {
    const requests = requestsOf(fn('src/sync/ping.ts', 'ping'));
    expect(requests.map((r) => r.path.join(' > '))).toEqual(['ping > pong']);
    expect(MAX_CALL_DEPTH).toBeGreaterThanOrEqual(3);
  });

  it('carries a request sent on first use only, and its key, up through the calls to it', () => {
    const keys = module('src/lib/keys.ts');
    // a memo of the module: the variable is the key
    expect(keys.functions.getSettings!.requests.map((r) => [r.table, r.firstUse])).toEqual([
      ['settings', { kind: 'memo', params: [], at: { line: 4, column: 4 } }],
    ]);
    // `this.publish()` in a method of the literal, behind the store's get-or-create keyed by the user
    const getOrCreate = keys.functions['keyStore.getOrCreate']!;
    expect(getOrCreate.calls.map((c) => [c.text, c.callee, c.firstUse, c.argParams])).toEqual([
      [
        'SecureStore.getItemAsync',
        { kind: 'import', source: 'expo-secure-store', name: 'getItemAsync', member: null },
        undefined,
        [[0]],
      ],
      [
        'SecureStore.setItemAsync',
        { kind: 'import', source: 'expo-secure-store', name: 'setItemAsync', member: null },
        { kind: 'store', params: [0] },
        [[0], null],
      ],
      ['this.publish', { kind: 'local', key: 'keyStore.publish' }, { kind: 'store', params: [0] }, [[0], null]],
    ]);
    const composed = (key: string) =>
      requestsOf(fn('src/lib/keys.ts', key)).map((r) => [r.path.join(' > '), r.firstUse]);
    expect(composed('keyStore.getOrCreate')).toEqual([
      ['keyStore.getOrCreate > keyStore.publish', [{ kind: 'store', params: [0], file: file('src/lib/keys.ts') }]],
    ]);
    // the caller hands it its own parameter's field: the key is that parameter
    expect(composed('keyStore.publish')).toEqual([['keyStore.publish', undefined]]);
  });

  it('gives the builder a call returns, and the state a call writes', () => {
    expect(returnedBuilder(fn('src/lib/posts.ts', 'buildProfileQuery'))?.builder.bounded).toBe('some');
    expect(returnedBuilder(fn('src/lib/posts.ts', 'prefetchPost'))).toBeNull();
    expect(storesOf(fn('src/sync/cache.ts', 'cache.markSynced')).map((s) => [s.target, s.origin])).toEqual([
      ['module:lastSyncedAt', 'clock'],
    ]);
  });
});

describe('callers across the project', () => {
  it('finds every call of a helper, and says when a use is not a call', () => {
    const realtime = callersOf(file('src/hooks/useRealtime.ts'), 'useRealtime', 'useRealtime');
    expect(realtime.complete).toBe(true);
    expect(realtime.calls.map((c) => [path.relative(APP, c.file), c.line, c.args.length])).toEqual(
      expect.arrayContaining([
        ['src/pages/Orders.tsx', 32, 3],
        ['src/pages/Posts.tsx', 11, 3],
      ]),
    );
    // useFeed is also handed on as a value (src/lib/handed.ts): its callers are not all known
    const feed = callersOf(file('src/hooks/useFeed.ts'), 'useFeed', 'useFeed');
    expect(feed.complete).toBe(false);
    expect(feed.calls.map((c) => c.args)).toEqual([['present']]);
  });

  it('keeps the texts of the project while its listing lasts, and reads them again once the index is cleared', () => {
    const app = mkdtempSync(path.join(tmpdir(), 'project-callers-'));
    try {
      mkdirSync(path.join(app, 'src'));
      writeFileSync(path.join(app, 'package.json'), '{}\n');
      const helper = path.join(app, 'src', 'helper.ts');
      const page = path.join(app, 'src', 'page.ts');
      writeFileSync(helper, 'export function ping(x?: string) {\n  return x;\n}\n');
      writeFileSync(path.join(app, 'src', 'other.ts'), "import { ping } from './helper';\nping('a');\n");
      writeFileSync(page, 'export const quiet = 1;\n');
      const calls = () => callersOf(helper, 'ping', 'ping').calls.map((c) => `${path.basename(c.file)}:${c.line}`);
      expect(calls()).toEqual(['other.ts:2']);
      // the page now calls it too: kept as it was while the listing lasts (5 s), read again after a clear
      writeFileSync(page, "import { ping } from './helper';\nping('b');\n");
      clearProjectIndex();
      expect(calls().sort()).toEqual(['other.ts:2', 'page.ts:2']);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});

describe('callersOf, a function exported by a list', () => {
  it("counts an export list (`export { f }`) in the function's own file as no hand-on: every call is still seen", () => {
    const app = mkdtempSync(path.join(tmpdir(), 'project-export-list-'));
    try {
      mkdirSync(path.join(app, 'src'));
      writeFileSync(path.join(app, 'package.json'), '{}\n');
      const helper = path.join(app, 'src', 'helper.ts');
      writeFileSync(helper, 'function ping(x?: string) {\n  return x;\n}\nexport { ping };\n');
      writeFileSync(path.join(app, 'src', 'other.ts'), "import { ping } from './helper';\nping('a');\n");
      const scan = () => callersOf(helper, 'ping', 'ping');
      expect(scan().complete).toBe(true);
      expect(scan().calls.map((c) => `${path.basename(c.file)}:${c.line}`)).toEqual(['other.ts:2']);
      // handed on as a value in its own file: not all calls are seen
      writeFileSync(
        helper,
        'function ping(x?: string) {\n  return x;\n}\nexport { ping };\nexport const handlers = [ping];\n',
      );
      clearProjectIndex();
      expect(scan().complete).toBe(false);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});

describe('modules that cannot reach a fact are not read', () => {
  const app = mkdtempSync(path.join(tmpdir(), 'project-reach-'));
  afterAll(() => {
    rmSync(app, { recursive: true, force: true });
  });
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(app, relative)), { recursive: true });
    writeFileSync(path.join(app, relative), text);
    return path.join(app, relative);
  };
  const util = write('src/util.ts', 'export function cn(...names: string[]) {\n  return names.join(" ");\n}\n');
  const format = write('src/format.ts', "import { cn } from './util';\nexport const label = (x: string) => cn(x);\n");
  const orders = write(
    'src/api/orders.ts',
    [
      "import { supabase } from '../supabase';",
      'export async function loadOrder(id: string) {',
      "  return await supabase.from('orders').select('*').eq('id', id);",
      '}',
      'export function ordersQuery() {',
      "  return supabase.from('orders').select('*');",
      '}',
      '',
    ].join('\n'),
  );
  const api = write('src/api/index.ts', "export * from './orders';\n");
  const hook = write(
    'src/hooks/load.ts',
    "import { loadOrder } from '../api';\nexport async function loadOne(id: string) {\n  return loadOrder(id);\n}\n",
  );
  const realtime = write(
    'src/realtime.ts',
    "import { loadOne } from './hooks/load';\nexport function listen() {\n  return loadOne('x');\n}\n",
  );
  write('src/supabase.ts', 'export const supabase = {} as any;\n');
  const page = write(
    'src/page.ts',
    [
      "import { cn } from './util';",
      "import { label } from './format';",
      "import { loadOne } from './hooks/load';",
      "import { ordersQuery } from './api';",
      'export async function page(ids: string[]) {',
      '  for (const id of ids) {',
      '    cn(label(id));',
      '    await loadOne(id);',
      '  }',
      '  return await ordersQuery();',
      '}',
      '',
    ].join('\n'),
  );

  it('answers from the texts, through imports and re-exports, for the facts composed through calls', () => {
    expect(mayReach(util, 'requests')).toBe(false);
    expect(mayReach(format, 'requests')).toBe(false);
    expect(mayReach(orders, 'requests')).toBe(true);
    // no request spelled in either: one re-exports it, one imports a function that sends it
    expect(mayReach(api, 'requests')).toBe(true);
    expect(mayReach(hook, 'requests')).toBe(true);
    expect(mayReach(realtime, 'requests')).toBe(true);
    expect(mayReach(hook, 'builders')).toBe(true);
    // a Postgres Changes filter is the function's own fact: an import of a module that takes one gives none
    expect(mayReach(hook, 'filters')).toBe(false);
    expect(mayReach(util, 'channels')).toBe(false);
  });

  it('follows no import or re-export of types alone: no call can run a function through one', () => {
    const types = write(
      'src/types-only.ts',
      "import type { Order } from './api/orders';\nexport type { Order as Row } from './api/orders';\nexport const x = 1;\n",
    );
    expect(mayReach(types, 'requests')).toBe(false);
    expect(mayReach(types, 'builders')).toBe(false);
    // a value import of the same module beside the type import is a link
    const mixed = write(
      'src/mixed.ts',
      "import type { Order } from './api/orders';\nimport { loadOrder } from './api/orders';\nexport const y = loadOrder;\n",
    );
    expect(mayReach(mixed, 'requests')).toBe(true);
    // `import type from` imports a default named `type`: a value
    const named = write('src/named-type.ts', "import type from './api/orders';\nexport const z = type;\n");
    expect(mayReach(named, 'requests')).toBe(true);
  });

  it('lints through the modules that may reach a request, and parses none of the others', () => {
    clearProjectIndex();
    const linter = new Linter({ configType: 'flat', cwd: app });
    const messages = linter.verify(
      readFileSync(page, 'utf8'),
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser },
          plugins: { s: { rules: { loop: noQueryInLoop, pages: requirePagination } as never } },
          rules: { 's/loop': 'error', 's/pages': 'error' },
        },
      ],
      page,
    );
    expect(messages.map((m) => `${m.ruleId} ${m.line}`)).toEqual(['s/loop 8', 's/pages 10']);
    const parsed = factParses().map((file) => path.relative(app, file));
    expect(parsed).toContain('src/hooks/load.ts');
    expect(parsed).toContain('src/api/orders.ts');
    expect(parsed).not.toContain('src/util.ts');
    expect(parsed).not.toContain('src/format.ts');
  });
});

describe('the facts of a module parsed alone', () => {
  it('are the facts read through a lint of the same file, on the source files of two fixture apps (every fixture: test/scale/facts-parse.test.ts)', () => {
    const root = path.resolve(import.meta.dirname, '../../fixtures');
    const sources = fixtureSources(root).filter((file) =>
      ['project-facts', 'demo-app'].some((app) => file.startsWith(path.join(root, app) + path.sep)),
    );
    expect(sources.length).toBeGreaterThan(20);
    expect(expectFactsAlikeParsedAlone(sources)).toBe(sources.length);
  });
});

describe('no-query-in-loop and a cache parameter the callers supply', () => {
  it('leaves a call whose cache is a parameter every caller of the project passes present, and keeps one that may not be', () => {
    const app = mkdtempSync(path.join(tmpdir(), 'project-param-guard-'));
    try {
      mkdirSync(path.join(app, 'src'));
      writeFileSync(path.join(app, 'package.json'), '{}\n');
      const page = path.join(app, 'src', 'page.ts');
      const write = (caller: string) => {
        writeFileSync(
          page,
          dedent`
            async function findProduct(name: string, cache?: { name: string }[]) {
              let list = cache;
              if (!list) {
                const { data } = await supabase.from('products').select('id, name').limit(500);
                list = data || [];
              }
              return list.find((p) => p.name === name);
            }
            async function processLines(lines: { name: string }[], cache?: { name: string }[]) {
              for (const line of lines) await findProduct(line.name, cache);
            }
            export async function handle(lines: { name: string }[], rows: { name: string }[] | null) {
              await processLines(lines, ${caller});
            }
          ` + '\n',
        );
        clearProjectIndex();
      };
      const lint = () =>
        new Linter({ configType: 'flat', cwd: app })
          .verify(
            readFileSync(page, 'utf8'),
            [
              {
                files: ['**/*.ts'],
                languageOptions: { parser: tsParser },
                plugins: { s: { rules: { loop: noQueryInLoop } as never } },
                rules: { 's/loop': 'error' },
              },
            ],
            page,
          )
          .map((m) => `${m.ruleId} ${m.line}`);
      write('rows || []');
      expect(lint()).toEqual([]);
      write('rows ?? undefined');
      expect(lint()).toEqual(['s/loop 10']);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});
