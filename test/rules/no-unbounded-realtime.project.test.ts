/** no-unbounded-realtime through the function facts (src/analysis/project), on fixtures/project-facts. */
import { noUnboundedRealtime } from '../../src/rules/no-unbounded-realtime.js';
import { at } from './loc.js';
import { source } from './project-fixture.js';
import { typescriptTester } from './tester.js';

const orders = source('src/pages/Orders.tsx');
const posts = source('src/pages/Posts.tsx');
const logs = source('src/pages/Logs.tsx');

typescriptTester().run('no-unbounded-realtime: an optional filter judged at the callers', noUnboundedRealtime, {
  valid: [
    // every caller in the project passes a filter
    source('src/hooks/useRealtime.ts'),
    posts,
    // the optional filter is handed on from useLogs's options: judged where useLogs is called
    source('src/hooks/useLogs.ts'),
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
    // useLogs's jobId reaches the listener's filter through ensureLogChannel: a call that passes none listens to every row
    {
      ...logs,
      errors: [
        {
          messageId: 'callWithoutFilter',
          data: { callee: 'useLogs', table: "'job_logs'" },
          ...at(logs.code, 'useLogs(() => {}, { maxEntries: 500 })'),
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
