/** no-full-sync through the function facts (src/analysis/project), on fixtures/project-facts. */
import { noFullSync } from '../../src/rules/no-full-sync.js';
import { at } from './loc.js';
import { source } from './project-fixture.js';
import { typescriptTester } from './tester.js';

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
