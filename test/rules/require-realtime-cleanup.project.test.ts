/** require-realtime-cleanup through the function facts (src/analysis/project), on fixtures/project-facts. */
import { requireRealtimeCleanup } from '../../src/rules/require-realtime-cleanup.js';
import { at } from './loc.js';
import { cwdPlace, source } from './project-fixture.js';
import { typescriptTester } from './tester.js';

const orders = source('src/pages/Orders.tsx');

/**
 * A page whose effect only calls a helper of another module, and which never
 * spells `subscribe`: the file passes the rule's gate through its imports.
 */
const booting = {
  filename: orders.filename,
  code: [
    "import { useEffect } from 'react';",
    "import { boot } from '../lib/session';",
    '',
    'export function Shell() {',
    '  useEffect(() => {',
    '    boot();',
    '  }, []);',
    '  return null;',
    '}',
    '',
  ].join('\n'),
};

/** `boot()` → `checkAuth()` → `subscribeToOrders()`, whose remover `checkAuth()` drops: the leak both pages report. */
const bootLeak = {
  hook: 'useEffect',
  path: 'boot() → checkAuth() → subscribeToOrders()',
  depth: '3 calls',
  droppedIn: '`checkAuth()`',
  what: 'the function that removes it',
  place: cwdPlace('src/lib/orders.ts', 15),
};

typescriptTester().run('require-realtime-cleanup: through the function facts', requireRealtimeCleanup, {
  valid: [
    // the hook's own effect returns its cleanup; helpers whose channel is kept or returned
    source('src/hooks/useRealtime.ts'),
    source('src/lib/orders.ts'),
  ],
  invalid: [
    {
      ...booting,
      errors: [
        {
          messageId: 'leakBelow',
          data: bootLeak,
          ...at(booting.code, 'boot()'),
        },
      ],
    },
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
          data: bootLeak,
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
