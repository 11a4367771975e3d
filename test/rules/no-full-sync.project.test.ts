/** no-full-sync through the function facts (src/analysis/project), on fixtures/project-facts. */
import { noFullSync } from '../../src/rules/no-full-sync.js';
import { at } from './loc.js';
import { source } from './project-fixture.js';
import { typescriptTester } from './tester.js';
import { dedent } from '../dedent.js';

const run = source('src/cli/run.ts');

/** A script whose fullSync pushes the local schema with the Supabase CLI: files and child processes, no row read. */
const schemaPush = (deploy: string) => dedent`
  import { execSync } from 'node:child_process';
  import fs from 'fs';
  import path from 'path';
  class LocalToRemote {
    dir = path.join(process.cwd(), 'tmp');
    log(message: string) {
      console.log(\`[\${new Date().toISOString()}] \${message}\`);
    }
    dump() {
      const schema = execSync('docker exec db pg_dump --schema-only', { encoding: 'utf8' });
      fs.writeFileSync(path.join(this.dir, 'schema.sql'), schema.trim());
    }
    deploy() {
      ${deploy}
    }
    async fullSync() {
      this.log('pushing the schema');
      this.dump();
      this.deploy();
    }
  }
  const sync = new LocalToRemote();
  sync.fullSync().then(() => console.log('done'));
`;

const filename = source('src/cli/run.ts').filename.replace(/run\.ts$/, 'schema-script.ts');

/** The call `call` of `code` reported, with the suggestion to call deltaSync instead. */
function invalidCall(code: string, call: string) {
  const index = code.indexOf(call) + call.indexOf('fullSync');
  return {
    code,
    filename,
    errors: [
      {
        messageId: 'fullSyncCall' as const,
        ...at(code, 'fullSync', code.slice(0, index).split('fullSync').length),
        suggestions: [
          {
            messageId: 'useReplacement' as const,
            data: { replacement: 'deltaSync', name: 'fullSync' },
            output: code.slice(0, index) + 'deltaSync' + code.slice(index + 'fullSync'.length),
          },
        ],
      },
    ],
  };
}

typescriptTester().run('no-full-sync: the data evidence is a read', noFullSync, {
  valid: [
    // sends nothing, all of it seen, works with files and a child process: a schema push, not a sync of data
    { code: schemaPush("execSync('npx supabase db push', { stdio: 'inherit' });"), filename },
  ],
  invalid: [
    // fullSync() of schema-push.ts writes a version and reads no rows: not a sync of data; pull.ts's reads every message
    {
      ...run,
      errors: [{ messageId: 'fullSyncAliasCall', ...at(run.code, 'pullAll', 2) }],
    },
    // a part of it not seen (a client the facts do not follow, a callback run later) may read: judged by its name
    ...[
      "execSync('npx supabase db push');\n      this.client.pullEverything();",
      'setTimeout(() => this.client.pullEverything(), 10);',
    ].map((deploy) => invalidCall(schemaPush(deploy), 'sync.fullSync()')),
    // a stub that does nothing the analysis sees is not judged: its name decides
    invalidCall('class S {\n  async fullSync() {}\n}\nnew S().fullSync();\n', 'new S().fullSync()'),
  ],
});
