/**
 * Issue 12, item 6: a file that shows `fullSync` is (also) data (a boolean
 * option) must not hide a member handed where only a callback goes.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { type MessageIds, noFullSync, type NoFullSyncOptions } from '../../src/rules/no-full-sync.js';
import { at } from './loc.js';
import { javascriptTester, typescriptTester } from './tester.js';

type Case = InvalidTestCase<MessageIds, [NoFullSyncOptions]>;

/** A `fullSyncReference` report on the first `fullSync` after `needle`'s start, renamed to `deltaSync`. */
function reference(code: string, needle: string): Case {
  const index = code.indexOf(needle) + needle.indexOf('fullSync');
  const before = code.slice(0, index);
  const occurrence = before.split('fullSync').length;
  return {
    code,
    errors: [
      {
        messageId: 'fullSyncReference',
        ...at(code, 'fullSync', occurrence),
        suggestions: [
          {
            messageId: 'useReplacement',
            data: { replacement: 'deltaSync', name: 'fullSync' },
            output: code.slice(0, index) + 'deltaSync' + code.slice(index + 'fullSync'.length),
          },
        ],
      },
    ],
  };
}

const BOOLEAN = 'interface Options { fullSync?: boolean }\n';
const DEFAULT = 'const { fullSync = false } = options;\nif (fullSync) start();\n';

const valid = [
  // still data: handed to calls that keep a value, not a callback
  `${DEFAULT}track(options.fullSync);`,
  'const opts = { fullSync: true };\nrecord(opts.fullSync);',
  'const opts = { fullSync: true };\nemitter.emit("change", opts.fullSync);',
  // an unregistering call never calls what it is given
  'const opts = { fullSync: true };\nwindow.removeEventListener("focus", svc.fullSync);',
  // setTimeout's later arguments are passed to the callback, not called
  'const opts = { fullSync: true };\nsetTimeout(run, 10, opts.fullSync);',
];

const invalid = (prefix: string): Case[] => [
  reference(`${prefix}setInterval(svc.fullSync, 30000);`, 'svc.fullSync'),
  reference(`${prefix}setTimeout(svc.fullSync, 0);`, 'svc.fullSync'),
  reference(`${prefix}window.setInterval(svc.fullSync, 30000);`, 'svc.fullSync'),
  reference(`${prefix}requestAnimationFrame(store.sync.fullSync);`, 'store.sync.fullSync'),
  reference(`${prefix}load().then(svc.fullSync);`, 'svc.fullSync'),
  reference(`${prefix}load().catch(svc.fullSync);`, 'svc.fullSync'),
  reference(`${prefix}window.addEventListener('online', svc.fullSync);`, 'svc.fullSync'),
  reference(`${prefix}AppState.addEventListener('change', svc.fullSync.bind(svc));`, 'svc.fullSync'),
  reference(`${prefix}socket.on('reconnect', svc.fullSync);`, 'svc.fullSync'),
];

typescriptTester().run('no-full-sync: callbacks in a file where fullSync is also data (TypeScript)', noFullSync, {
  valid,
  invalid: [...invalid(BOOLEAN), ...invalid(DEFAULT)],
});

javascriptTester().run('no-full-sync: callbacks in a file where fullSync is also data (JavaScript)', noFullSync, {
  valid,
  invalid: [...invalid(DEFAULT), ...invalid('const defaults = { fullSync: false };\n')],
});
