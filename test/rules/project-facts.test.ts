/**
 * The rules that read the function facts (src/analysis/project), on
 * fixtures/project-facts linted under the files' own names: a leak two and
 * three calls below an effect and through a helper in another module,
 * requests per item through helpers and React Query, a helper's optional
 * filter judged at its callers, and a read built unbounded by a helper.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { noFullSync } from '../../src/rules/no-full-sync.js';
import { noQueryInLoop } from '../../src/rules/no-query-in-loop.js';
import { noUnboundedRealtime } from '../../src/rules/no-unbounded-realtime.js';
import { requirePagination } from '../../src/rules/require-pagination.js';
import { requireRealtimeCleanup } from '../../src/rules/require-realtime-cleanup.js';
import { at } from './loc.js';
import { typescriptTester } from './tester.js';

const APP = path.resolve(import.meta.dirname, '../../fixtures/project-facts');

function source(relative: string): { code: string; filename: string } {
  const filename = path.join(APP, relative);
  return { code: readFileSync(filename, 'utf8'), filename };
}

const orders = source('src/pages/Orders.tsx');
const posts = source('src/pages/Posts.tsx');
/** How a message names a place: relative to the folder ESLint runs in (the repository, here). */
const cwdPlace = (relative: string, line: number) => `fixtures/project-facts/${relative}:${line}`;

typescriptTester().run('require-realtime-cleanup: through the function facts', requireRealtimeCleanup, {
  valid: [
    // the hook's own effect returns its cleanup; helpers whose channel is kept or returned
    source('src/hooks/useRealtime.ts'),
    source('src/lib/orders.ts'),
  ],
  invalid: [
    {
      ...orders,
      errors: [
        {
          messageId: 'leakBelow',
          data: {
            hook: 'useEffect',
            path: 'checkAuth() → subscribeToOrders()',
            depth: '2 calls',
            droppedIn: '`checkAuth()`',
            what: 'the function that removes it',
            place: cwdPlace('src/lib/orders.ts', 15),
          },
          ...at(orders.code, 'checkAuth()'),
        },
        {
          messageId: 'leakBelow',
          data: {
            hook: 'useEffect',
            path: 'boot() → checkAuth() → subscribeToOrders()',
            depth: '3 calls',
            droppedIn: '`checkAuth()`',
            what: 'the function that removes it',
            place: cwdPlace('src/lib/orders.ts', 15),
          },
          ...at(orders.code, 'boot()'),
        },
        // a helper of another module returns the remover, and the effect drops it
        {
          messageId: 'droppedCleanup',
          data: { helper: 'subscribeToOrders' },
          ...at(orders.code, 'subscribeToOrders(() => {})'),
        },
        {
          messageId: 'leakBelow',
          data: {
            hook: 'useEffect',
            path: 'startListening()',
            depth: 'one call',
            droppedIn: '`startListening()`',
            what: 'the channel it subscribes (nothing keeps a handle to remove it)',
            place: cwdPlace('src/lib/orders.ts', 24),
          },
          ...at(orders.code, 'startListening(() => {})'),
        },
      ],
    },
  ],
});

const prefetch = {
  callee: 'prefetchPost',
  count: '3 requests',
  requests: "select from 'posts', select from 'comments', select from 'likes' in loadLikes()",
};

typescriptTester().run('no-query-in-loop: through the function facts', noQueryInLoop, {
  valid: [source('src/lib/posts.ts'), orders],
  invalid: [
    {
      ...posts,
      errors: [
        {
          messageId: 'callInLoop',
          data: { ...prefetch, loop: 'useQueries list (one query per item)' },
          ...at(posts.code, 'prefetchPost(post.id)', 1),
        },
        {
          messageId: 'callInLoop',
          data: { ...prefetch, loop: 'for...of loop' },
          ...at(posts.code, 'prefetchPost(post.id)', 2),
        },
        {
          messageId: 'callInLoop',
          data: {
            callee: 'loadClientTotals',
            count: '2 requests',
            requests: "select from 'invoices', select from 'payments'",
            loop: '.map() whose promises go to Promise.all',
          },
          ...at(posts.code, 'loadClientTotals(c.id)'),
        },
        // a prefetch in a loop runs its queryFn there
        {
          messageId: 'callInLoop',
          data: { ...prefetch, loop: 'for...of loop' },
          ...at(posts.code, 'prefetchPost(post.id)', 3),
        },
      ],
    },
  ],
});

typescriptTester().run('no-unbounded-realtime: an optional filter judged at the callers', noUnboundedRealtime, {
  valid: [
    // every caller in the project passes a filter
    source('src/hooks/useRealtime.ts'),
    posts,
  ],
  invalid: [
    {
      ...orders,
      errors: [
        {
          messageId: 'callWithoutFilter',
          data: { callee: 'useFeed', table: "'feed'" },
          ...at(orders.code, 'useFeed(() => {})'),
        },
      ],
    },
    // useFeed is also handed on as a value: its callers are not all known, so it keeps its own report
    {
      ...source('src/hooks/useFeed.ts'),
      errors: [{ messageId: 'optionalFilter', line: 8 }],
    },
  ],
});

typescriptTester().run('require-pagination: a read built by a helper', requirePagination, {
  valid: [source('src/lib/posts.ts')],
  invalid: [
    {
      ...posts,
      errors: [
        {
          messageId: 'unboundedBuilt',
          data: {
            callee: 'buildProfileQuery',
            name: 'buildProfileQuery',
            table: "'profiles'",
            how: 'with no row bound on one path (`.single()` is not applied when `single` is false)',
            place: cwdPlace('src/lib/posts.ts', 25),
          },
          ...at(posts.code, 'buildProfileQuery(false)'),
          suggestions: [
            {
              messageId: 'addLimit',
              data: { pageSize: 100, order: ".order('id')" },
              output: posts.code.replace('buildProfileQuery(false)', "buildProfileQuery(false).order('id').limit(100)"),
            },
            {
              messageId: 'addRange',
              data: { last: 99, order: ".order('id')" },
              output: posts.code.replace(
                'buildProfileQuery(false)',
                "buildProfileQuery(false).order('id').range(0, 99)",
              ),
            },
          ],
        },
      ],
    },
  ],
});

const run = source('src/cli/run.ts');

typescriptTester().run('no-full-sync: the data evidence is a read', noFullSync, {
  valid: [],
  invalid: [
    // fullSync() of schema-push.ts writes a version and reads no rows: not a sync of data; pull.ts's reads every message
    {
      ...run,
      errors: [{ messageId: 'fullSyncAliasCall', ...at(run.code, 'pullAll', 2) }],
    },
  ],
});
