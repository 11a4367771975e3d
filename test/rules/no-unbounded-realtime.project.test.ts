/** no-unbounded-realtime through the function facts (src/analysis/project), on fixtures/project-facts. */
import { noUnboundedRealtime } from '../../src/rules/no-unbounded-realtime.js';
import { at } from './loc.js';
import { cwdPlace, source } from './project-fixture.js';
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

const stock = source('src/lib/stockChanges.ts');

typescriptTester().run('no-unbounded-realtime: a DELETE filter whose callback a caller hands in', noUnboundedRealtime, {
  valid: [
    // the callers' side: nothing to report where the callbacks are written
    source('src/pages/Stock.tsx'),
  ],
  invalid: [
    // watchClinicStock's only caller (pages/Stock.tsx) handles deletes in the callback it hands in;
    // watchClinicTotals's reads only payload.new: it loses nothing it uses, and is not reported
    {
      ...stock,
      errors: [
        {
          messageId: 'deleteFilterAllUnknown',
          data: {
            table: "'stock'",
            columns: "'clinic_id'",
            is: 'is',
            handledBy: "payload.eventType === 'DELETE'",
            handedIn: `, in the callback handed in at ${cwdPlace('src/pages/Stock.tsx', 10)}`,
            unknown: 'No schema was found to say which (the rule reads supabase/migrations).',
          },
          line: 10,
        },
        // watchOrders's caller is in the same module: its callback reads the old record
        {
          messageId: 'deleteFilterAllUnknown',
          data: {
            table: "'orders'",
            columns: "'clinic_id'",
            is: 'is',
            handledBy: 'payload.old',
            handedIn: `, in the callback handed in at ${cwdPlace('src/lib/stockChanges.ts', 32)}`,
            unknown: 'No schema was found to say which (the rule reads supabase/migrations).',
          },
          line: 25,
        },
      ],
    },
  ],
});
