/** no-query-in-loop through the function facts (src/analysis/project), on fixtures/project-facts. */
import { noQueryInLoop } from '../../src/rules/no-query-in-loop.js';
import { at } from './loc.js';
import { source } from './project-fixture.js';
import { typescriptTester } from './tester.js';

const orders = source('src/pages/Orders.tsx');
const posts = source('src/pages/Posts.tsx');
const invoices = source('src/pages/Invoices.tsx');
const authors = source('src/pages/Authors.tsx');
const inbox = source('src/pages/Inbox.ts');

const many = 'every request it sends is sent again for each item';

const prefetch = {
  callee: 'prefetchPost',
  count: 'requests from 3 places in the code it runs',
  perItem: many,
  requests: "select from 'posts', select from 'comments', select from 'likes' in loadLikes()",
};

const totalsFor = {
  callee: 'InvoiceService.getInstance().totalsFor',
  count: 'a request each time it runs',
  perItem: 'a request per item',
  requests: "select from 'invoices'",
};

typescriptTester().run('no-query-in-loop: through the function facts', noQueryInLoop, {
  valid: [source('src/lib/posts.ts'), orders, source('src/lib/invoice-service.ts')],
  invalid: [
    // another module's requests sent on first use only (holdout12 F4): a store's get-or-create for the same user,
    // a memo read one message after another, are not reported; per member's key, or all at once, they are
    {
      ...inbox,
      errors: [
        {
          messageId: 'callInLoop',
          data: {
            callee: 'keyStore.getOrCreate',
            count: 'a request each time it runs',
            requests: "update on 'profiles' in keyStore.publish()",
            loop: 'for...of loop',
            perItem: 'a request per item',
          },
          ...at(inbox.code, 'keyStore.getOrCreate(member.id)'),
        },
        {
          messageId: 'callInLoop',
          data: {
            callee: 'getSettings',
            count: 'a request each time it runs',
            requests: "select from 'settings'",
            loop: '.map() whose promises go to Promise.all',
            perItem: 'a request per item',
          },
          ...at(inbox.code, 'getSettings()', 2),
        },
      ],
    },
    // one request reached from two exclusive branches (a cache hit refreshes in the background, a miss waits):
    // one place, and no count a run claimed
    {
      ...authors,
      errors: [
        {
          messageId: 'callInLoop',
          data: {
            callee: 'authorName',
            count: 'requests from one place in the code it runs',
            requests: "select from 'authors' in fetchAuthor()",
            loop: 'for...of loop',
            perItem: many,
          },
          ...at(authors.code, 'authorName(id)'),
        },
        // one place, in a loop of its own: sent as many times a run as it is given ids
        {
          messageId: 'callInLoop',
          data: {
            callee: 'markSeen',
            count: 'requests from one place in the code it runs',
            requests: "update on 'authors'",
            loop: 'for...of loop',
            perItem: many,
          },
          ...at(authors.code, 'markSeen(group)'),
        },
      ],
    },
    {
      ...source('src/lib/authors.ts'),
      errors: [{ messageId: 'changeInLoop', data: { method: 'update', table: "'authors'", loop: 'for...of loop' } }],
    },
    // a singleton's method, called on what its own static factory hands back (SyncService.getInstance().pull())
    {
      ...invoices,
      errors: [
        {
          messageId: 'callInLoop',
          data: { ...totalsFor, loop: 'for...of loop' },
          ...at(invoices.code, 'InvoiceService.getInstance().totalsFor(id)'),
        },
        {
          messageId: 'callInLoop',
          data: { ...totalsFor, callee: 'service.totalsFor', loop: '.map() whose promises go to Promise.all' },
          ...at(invoices.code, 'service.totalsFor(id)'),
        },
      ],
    },
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
            count: 'requests from 2 places in the code it runs',
            perItem: many,
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
