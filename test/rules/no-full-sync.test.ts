import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { type MessageIds, noFullSync, type NoFullSyncOptions } from '../../src/rules/no-full-sync.js';
import { at } from './loc.js';
import { javascriptTester, typedTester, typescriptTester } from './tester.js';
import { dedent } from '../dedent.js';

type Options = [NoFullSyncOptions];
type Case = InvalidTestCase<MessageIds, Options>;

interface Expect {
  /** The text the report underlines, and which occurrence of it (default 1). */
  needle: string;
  occurrence?: number;
  messageId?: MessageIds;
  /** The code after the rename suggestion; omitted when no suggestion is offered. */
  renamed?: string;
  replacement?: string;
  name?: string;
}

function error(code: string, expect: Expect): NonNullable<Case['errors']>[number] {
  return {
    messageId: expect.messageId ?? 'fullSyncCall',
    ...at(code, expect.needle, expect.occurrence),
    suggestions:
      expect.renamed === undefined
        ? []
        : [
            {
              messageId: 'useReplacement',
              data: { replacement: expect.replacement ?? 'deltaSync', name: expect.name ?? 'fullSync' },
              output: expect.renamed,
            },
          ],
  };
}

function invalid(code: string, expects: Expect[], extra: Partial<Case> = {}): Case {
  return { code, errors: expects.map((expect) => error(code, expect)), ...extra };
}

typescriptTester().run('no-full-sync (TypeScript)', noFullSync, {
  valid: [
    // declarations
    'function fullSync() {}',
    'export async function fullSync(userId: string): Promise<void> {}',
    'class SyncService { async fullSync() {} }',
    'const api = { fullSync() {} };',
    'const api = { fullSync: async () => {} };',
    'class S { fullSync = async () => {}; }',
    // re-exports and imports alone
    "export { fullSync } from './sync';",
    "export { fullSync as resync } from './sync';",
    'function fullSync() {}\nexport { fullSync };',
    "import { fullSync } from './sync';",
    // comments and strings
    '// fullSync() runs nightly\nrun();',
    "const label = 'fullSync()';",
    'const label = `call fullSync() here`;',
    // types
    'type Api = { fullSync(): Promise<void> };',
    'interface Api { fullSync: () => void }',
    "type Sync = Api['fullSync'];",
    'let fn: typeof svc.fullSync;',
    // longer names
    'fullSyncStatus();',
    'svc.fullSyncStatus();',
    'svc.isFullSync();',
    // values
    'configure({ fullSync: true });',
    'if (options.fullSync) { start(); }',
    'const { fullSync = false } = options;\nif (fullSync) { start(); }',
    'const { fullSync = false } = options;\ntrack(fullSync);',
    "const defaults = { fullSync: false };\ntrack('sync', options.fullSync);",
    'interface Opts { fullSync?: boolean }\nfunction f(o: Opts) { record(o.fullSync); }',
    'class Prefs { fullSync = true; save() { persist(this.fullSync); } }',
    'settings.fullSync = true;\nsend(settings.fullSync);',
    'const enabled = settings.fullSync && online;',
    "console.log('full sync?', svc.fullSync);",
    "window.removeEventListener('focus', sync.fullSync);",
    "emitter.off('online', store.fullSync);",
    'if (typeof svc.fullSync === "function") { ready(); }',
    'const ref = svc.fullSync;',
    // replacements and allowed places
    'svc.deltaSync();',
    // inside the replacement itself, by default: the first-run fallback (renaming would recurse)
    'class SyncService {\n  async deltaSync() {\n    if (!this.cursor) return this.fullSync();\n  }\n}',
    'export async function deltaSync() {\n  const run = () => api.fullSync();\n  if (!cursor) await run();\n}',
    {
      code: 'class S {\n  async incrementalSync() {\n    if (!this.cursor) return this.fullSync();\n  }\n}',
      options: [{ replacement: 'incrementalSync' }],
    },
    { code: 'const Settings = () => <Toggle fullSync={options.fullSync} />;', filename: 'react.tsx' },
    'class SyncService { constructor() { this.fullSync = this.fullSync.bind(this); } }',
    {
      code: 'class SyncService {\n  async deltaSync() {\n    if (!this.cursor) return this.fullSync();\n  }\n}',
      options: [{ allowIn: ['deltaSync'] }],
    },
    {
      code: 'const deltaSync = async () => {\n  if (!cursor) { await api.fullSync(); }\n};',
      options: [{ allowIn: ['deltaSync'] }],
    },
    'class Cached extends SyncService { async fullSync() { await super.fullSync(); } }',
    { code: 'svc.fullSync();', options: [{ names: ['resyncAll'] }] },
  ],
  invalid: [
    invalid("import { fullSync, deltaSync } from './sync';\nfullSync();", [
      {
        needle: 'fullSync',
        occurrence: 2,
        renamed: "import { fullSync, deltaSync } from './sync';\ndeltaSync();",
      },
    ]),
    invalid('svc.fullSync(user);', [{ needle: 'fullSync', renamed: 'svc.deltaSync(user);' }]),
    invalid('class Screen {\n  refresh() {\n    return this.fullSync();\n  }\n}', [
      { needle: 'fullSync', renamed: 'class Screen {\n  refresh() {\n    return this.deltaSync();\n  }\n}' },
    ]),
    invalid('svc?.fullSync();', [{ needle: 'fullSync', renamed: 'svc?.deltaSync();' }]),
    invalid("svc['fullSync']();", [{ needle: "'fullSync'", renamed: "svc['deltaSync']();" }]),
    invalid('svc?.["fullSync"]();', [{ needle: '"fullSync"', renamed: 'svc?.["deltaSync"]();' }]),
    invalid('svc[`fullSync`]();', [{ needle: '`fullSync`', renamed: 'svc[`deltaSync`]();' }]),
    invalid('(svc as Api).fullSync();', [{ needle: 'fullSync', renamed: '(svc as Api).deltaSync();' }]),
    invalid('svc!.fullSync();', [{ needle: 'fullSync', renamed: 'svc!.deltaSync();' }]),
    invalid('async function tick() {\n  await client.sync.fullSync({ force: true });\n}', [
      {
        needle: 'fullSync',
        renamed: 'async function tick() {\n  await client.sync.deltaSync({ force: true });\n}',
      },
    ]),
    invalid('setInterval(svc.fullSync, 30000);', [
      { needle: 'fullSync', messageId: 'fullSyncReference', renamed: 'setInterval(svc.deltaSync, 30000);' },
    ]),
    invalid('load().then(svc.fullSync);', [
      { needle: 'fullSync', messageId: 'fullSyncReference', renamed: 'load().then(svc.deltaSync);' },
    ]),
    invalid("window.addEventListener('online', sync.fullSync);", [
      {
        needle: 'fullSync',
        messageId: 'fullSyncReference',
        renamed: "window.addEventListener('online', sync.deltaSync);",
      },
    ]),
    invalid('setTimeout(this.fullSync.bind(this), 0);', [
      { needle: 'fullSync', messageId: 'fullSyncReference', renamed: 'setTimeout(this.deltaSync.bind(this), 0);' },
    ]),
    invalid('schedule(options.fullSync);', [
      { needle: 'fullSync', messageId: 'fullSyncReference', renamed: 'schedule(options.deltaSync);' },
    ]),
    invalid("import { fullSync } from './sync';\nnew Worker(fullSync);", [
      { needle: 'fullSync', occurrence: 2, messageId: 'fullSyncReference' },
    ]),
    invalid('const { fullSync } = useSync();\nfullSync();', [{ needle: 'fullSync', occurrence: 2 }]),
    invalid('const { fullSync: sync } = svc;\nsync();', [
      { needle: 'sync', occurrence: 2, messageId: 'fullSyncAliasCall' },
    ]),
    invalid("import { fullSync as sync } from './sync';\nawait sync();", [
      { needle: 'sync', occurrence: 3, messageId: 'fullSyncAliasCall' },
    ]),
    invalid('const sync = svc.fullSync;\nsync();', [{ needle: 'sync', occurrence: 2, messageId: 'fullSyncAliasCall' }]),
    invalid('const run = fullSync;\nrun();', [{ needle: 'run', occurrence: 2, messageId: 'fullSyncAliasCall' }]),
    invalid('interface Opts { fullSync?: boolean }\nconst svc = new SyncService();\nsetInterval(svc.fullSync, 1000);', [
      {
        needle: 'fullSync',
        occurrence: 2,
        messageId: 'fullSyncReference',
        renamed:
          'interface Opts { fullSync?: boolean }\nconst svc = new SyncService();\nsetInterval(svc.deltaSync, 1000);',
      },
    ]),
    invalid(
      'const defaults = { fullSync: false };\nclass A {\n  fullSync() {}\n  start() { setInterval(this.fullSync, 1000); }\n}',
      [
        {
          needle: 'fullSync',
          occurrence: 3,
          messageId: 'fullSyncReference',
          renamed:
            'const defaults = { fullSync: false };\nclass A {\n  fullSync() {}\n  start() { setInterval(this.deltaSync, 1000); }\n}',
        },
      ],
    ),
    invalid('svc.fullSync.call(svc, user);', [{ needle: 'fullSync', renamed: 'svc.deltaSync.call(svc, user);' }]),
    invalid('fullSync?.();', [{ needle: 'fullSync' }]),
    invalid('await Promise.all([a.fullSync(), b.fullSync()]);', [
      { needle: 'fullSync', renamed: 'await Promise.all([a.deltaSync(), b.fullSync()]);' },
      { needle: 'fullSync', occurrence: 2, renamed: 'await Promise.all([a.fullSync(), b.deltaSync()]);' },
    ]),
    invalid('queue.push(() => api.fullSync(user.id));', [
      { needle: 'fullSync', renamed: 'queue.push(() => api.deltaSync(user.id));' },
    ]),
    invalid(
      'class Screen {\n  async refresh() {\n    await this.fullSync();\n  }\n}',
      [{ needle: 'fullSync', renamed: 'class Screen {\n  async refresh() {\n    await this.deltaSync();\n  }\n}' }],
      { options: [{ allowIn: ['deltaSync'] }] },
    ),
    invalid(
      'svc.resyncAll();',
      [{ needle: 'resyncAll', renamed: 'svc.syncChanges();', replacement: 'syncChanges', name: 'resyncAll' }],
      { options: [{ names: ['resyncAll'], replacement: 'syncChanges' }] },
    ),
    invalid(
      'store.fullSync();\nstore.reloadEverything();',
      [
        { needle: 'fullSync', renamed: 'store.deltaSync();\nstore.reloadEverything();' },
        {
          needle: 'reloadEverything',
          renamed: 'store.fullSync();\nstore.deltaSync();',
          name: 'reloadEverything',
        },
      ],
      { options: [{ names: ['fullSync', 'reloadEverything'] }] },
    ),
    // TSX
    invalid(
      'function SyncButton() {\n  const { fullSync, deltaSync } = useSync();\n  return <button onClick={fullSync}>Sync</button>;\n}',
      [
        {
          needle: 'fullSync',
          occurrence: 2,
          messageId: 'fullSyncReference',
          renamed:
            'function SyncButton() {\n  const { fullSync, deltaSync } = useSync();\n  return <button onClick={deltaSync}>Sync</button>;\n}',
        },
      ],
      { filename: 'react.tsx' },
    ),
    invalid(
      'const Bar = ({ svc }: Props) => <Button onPress={svc.fullSync} />;',
      [
        {
          needle: 'fullSync',
          messageId: 'fullSyncReference',
          renamed: 'const Bar = ({ svc }: Props) => <Button onPress={svc.deltaSync} />;',
        },
      ],
      { filename: 'react.tsx' },
    ),
    invalid(
      "import { fullSync } from './actions';\nexport const Form = () => <form action={fullSync} />;",
      [{ needle: 'fullSync', occurrence: 2, messageId: 'fullSyncReference' }],
      { filename: 'react.tsx' },
    ),
    invalid(
      'function App() {\n  useEffect(() => {\n    sync.fullSync();\n  }, []);\n  return null;\n}',
      [
        {
          needle: 'fullSync',
          renamed: 'function App() {\n  useEffect(() => {\n    sync.deltaSync();\n  }, []);\n  return null;\n}',
        },
      ],
      { filename: 'react.tsx' },
    ),
  ],
});

javascriptTester().run('no-full-sync (JavaScript)', noFullSync, {
  valid: [
    'export function fullSync() {}',
    'const opts = { fullSync: true };\nstart(opts);',
    'if (config.fullSync) run();',
    'module.exports = { fullSync };',
  ],
  invalid: [
    invalid('svc.fullSync();', [{ needle: 'fullSync', renamed: 'svc.deltaSync();' }]),
    invalid('setInterval(() => svc.fullSync(), 1000);', [
      { needle: 'fullSync', renamed: 'setInterval(() => svc.deltaSync(), 1000);' },
    ]),
    invalid('const { fullSync: sync } = require("./sync");\nsync();', [
      { needle: 'sync', occurrence: 3, messageId: 'fullSyncAliasCall' },
    ]),
    invalid(
      'export const Bar = ({ store }) => <Button onPress={store.fullSync} />;',
      [
        {
          needle: 'fullSync',
          messageId: 'fullSyncReference',
          renamed: 'export const Bar = ({ store }) => <Button onPress={store.deltaSync} />;',
        },
      ],
      { filename: 'react.jsx' },
    ),
  ],
});

const services = dedent`
  class FullOnly { fullSync(): Promise<void> { return Promise.resolve(); } }
  class Both { fullSync(): Promise<void> { return Promise.resolve(); } deltaSync(): Promise<void> { return Promise.resolve(); } }
  const fullOnly = new FullOnly();
  const both = new Both();
`;

typedTester().run('no-full-sync (typed)', noFullSync, {
  valid: [
    // the member is data (a boolean), not a function: not handed on to be called
    'declare const options: Record<"fullSync", boolean>;\ndeclare function track(value: unknown): void;\ntrack(options.fullSync);',
  ],
  invalid: [
    // the receiver's type has deltaSync: the rename is offered
    invalid(`${services}both.fullSync();`, [
      { needle: 'fullSync', occurrence: 3, renamed: `${services}both.deltaSync();` },
    ]),
    // the receiver's type has no deltaSync: reported, but no rename that would not compile
    invalid(`${services}fullOnly.fullSync();`, [{ needle: 'fullSync', occurrence: 3 }]),
    // a callable member handed on is reported even where the file also holds the name as data
    invalid(
      `${services}const defaults = { fullSync: false };\ndeclare function schedule(fn: () => void): void;\nschedule(both.fullSync);`,
      [
        {
          needle: 'fullSync',
          occurrence: 4,
          messageId: 'fullSyncReference',
          renamed: `${services}const defaults = { fullSync: false };\ndeclare function schedule(fn: () => void): void;\nschedule(both.deltaSync);`,
        },
      ],
    ),
  ],
});

typescriptTester().run('no-full-sync (the typed cases, untyped)', noFullSync, {
  valid: [],
  invalid: [
    // untyped: the data member handed to a call is reported (nothing in the file says it is data)
    invalid(
      'declare const options: Record<"fullSync", boolean>;\ndeclare function track(value: unknown): void;\ntrack(options.fullSync);',
      [
        {
          needle: 'fullSync',
          occurrence: 2,
          messageId: 'fullSyncReference',
          renamed:
            'declare const options: Record<"fullSync", boolean>;\ndeclare function track(value: unknown): void;\ntrack(options.deltaSync);',
        },
      ],
    ),
    // untyped: the rename is offered on any member
    invalid(`${services}fullOnly.fullSync();`, [
      { needle: 'fullSync', occurrence: 3, renamed: `${services}fullOnly.deltaSync();` },
    ]),
  ],
});
