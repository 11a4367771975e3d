/** no-unbounded-realtime through the function facts (src/analysis/project), on fixtures/project-facts. */
import { noUnboundedRealtime } from '../../src/rules/no-unbounded-realtime.js';
import { at } from './loc.js';
import { source } from './project-fixture.js';
import { typescriptTester } from './tester.js';

const orders = source('src/pages/Orders.tsx');
const posts = source('src/pages/Posts.tsx');

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
