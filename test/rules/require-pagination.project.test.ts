/** require-pagination through the function facts (src/analysis/project), on fixtures/project-facts. */
import { requirePagination } from '../../src/rules/require-pagination.js';
import { at } from './loc.js';
import { cwdPlace, source } from './project-fixture.js';
import { typescriptTester } from './tester.js';

const posts = source('src/pages/Posts.tsx');

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
            maxRows: '1,000',
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

const bids = source('src/lib/bids.ts');

typescriptTester().run('require-pagination: a read paged by a helper of another module', requirePagination, {
  valid: [],
  invalid: [
    // allBids and pagedLots are paged (src/lib/paging.ts loadAllRows, directly or through a wrapper): only loadOnce's read is reported
    {
      ...bids,
      errors: [
        {
          messageId: 'unboundedSelect',
          data: { table: "'bids'", maxRows: '1,000' },
          ...at(bids.code, "supabase.from('bids').select('*')", 2),
          suggestions: [
            {
              messageId: 'addLimit',
              data: { pageSize: 100, order: ".order('id')" },
              output: bids.code.replace(
                "supabase.from('bids').select('*'))",
                "supabase.from('bids').select('*').order('id').limit(100))",
              ),
            },
            {
              messageId: 'addRange',
              data: { last: 99, order: ".order('id')" },
              output: bids.code.replace(
                "supabase.from('bids').select('*'))",
                "supabase.from('bids').select('*').order('id').range(0, 99))",
              ),
            },
          ],
        },
      ],
    },
  ],
});

const bidQueries = source('src/lib/bid-queries.ts');
const recentChain = "supabase.from('bids').select('*').eq('lot_id', lotId).order('created_at', { ascending: false })";

typescriptTester().run('require-pagination: a bound on a parameter every caller passes', requirePagination, {
  valid: [],
  invalid: [
    // topBids: every call passes a limit; recentBids: one call passes none (src/pages/Lots.tsx)
    {
      ...bidQueries,
      errors: [
        {
          messageId: 'unboundedOnPath',
          data: { target: "'bids'", bound: '`.limit()`', path: 'when `limit` is false,', maxRows: '1,000' },
          ...at(bidQueries.code, recentChain),
          suggestions: [
            {
              messageId: 'addLimit',
              data: { pageSize: 100, order: '' },
              output: bidQueries.code.replace(recentChain, `${recentChain}.limit(100)`),
            },
            {
              messageId: 'addRange',
              data: { last: 99, order: '' },
              output: bidQueries.code.replace(recentChain, `${recentChain}.range(0, 99)`),
            },
          ],
        },
      ],
    },
  ],
});

const catalog = source('src/pages/Catalog.ts');
const deadlineRead = "supabase.from('products').select('*')";

typescriptTester().run('require-pagination: a read handed to a wrapper of another module', requirePagination, {
  valid: [source('src/lib/timeouts.ts')],
  invalid: [
    // withDeadline races what it is handed against a timer: sent as written; firstHundred bounds it: quiet
    {
      ...catalog,
      errors: [
        {
          messageId: 'unboundedSelect',
          data: { table: "'products'", maxRows: '1,000' },
          ...at(catalog.code, deadlineRead),
          suggestions: [
            {
              messageId: 'addLimit',
              data: { pageSize: 100, order: ".order('id')" },
              output: catalog.code.replace(deadlineRead, `${deadlineRead}.order('id').limit(100)`),
            },
            {
              messageId: 'addRange',
              data: { last: 99, order: ".order('id')" },
              output: catalog.code.replace(deadlineRead, `${deadlineRead}.order('id').range(0, 99)`),
            },
          ],
        },
      ],
    },
  ],
});
