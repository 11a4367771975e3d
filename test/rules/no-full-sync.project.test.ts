/** no-full-sync through the function facts (src/analysis/project), on fixtures/project-facts. */
import { noFullSync } from '../../src/rules/no-full-sync.js';
import { at } from './loc.js';
import { source } from './project-fixture.js';
import { typescriptTester } from './tester.js';
import { dedent } from '../dedent.js';
import path from 'node:path';

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

/** A fullSync that pulls each table past a stored cursor; `workspaceRead` is how it reads the workspace itself. */
const deltaPull = (workspaceRead: string) => dedent`
  import { createClient } from '@supabase/supabase-js';
  const supabase = createClient('http://localhost:54321', 'anon');
  declare const db: Record<string, { bulkPut(rows: unknown[]): Promise<void> }>;
  async function pullChanges(workspaceId: string, since: string) {
    for (const table of ['workspaces', 'products', 'invoices']) {
      const { data } = await (table === 'workspaces'
        ? ${workspaceRead}
        : supabase.from(table).select('*').eq('workspace_id', workspaceId).gt('updated_at', since));
      await db[table]!.bulkPut(data ?? []);
    }
  }
  async function fullSync(workspaceId: string) {
    const since = localStorage.getItem('lastSync') ?? '1970-01-01T00:00:00Z';
    await pullChanges(workspaceId, since);
    localStorage.setItem('lastSync', new Date().toISOString());
  }
  void fullSync('w1');
`;

/** A schema whose record_sale returns a uuid (a write), pull_sales a set of rows, sales_json every row as JSON. */
const rpcSchema = {
  'supabase-scale': { schema: [path.resolve('fixtures/schema-rules/rpc-writes/supabase/migrations')] },
};

/** A fullSync that pushes a queue through `push` and pulls past a stored cursor. */
const pushThenPull = (push: string) => dedent`
  import { createClient } from '@supabase/supabase-js';
  const supabase = createClient('http://localhost:54321', 'anon');
  declare const queue: { payload: unknown }[];
  async function fullSync(since: string) {
    for (const item of queue) {
      const { data, error } = await supabase.rpc('${push}', { payload: item.payload });
      if (error) throw error;
      console.log(data);
    }
    const { data } = await supabase.from('sales').select('*').gt('updated_at', since);
    return data;
  }
  void fullSync(localStorage.getItem('since') ?? '1970-01-01');
`;

typescriptTester().run('no-full-sync: an rpc of a function returning one value is a write', noFullSync, {
  valid: [{ code: pushThenPull('record_sale'), filename, settings: rpcSchema }],
  invalid: [
    // a set of rows, or every row as JSON: a read; with no schema, an rpc is a read
    ...[
      { push: 'pull_sales', settings: rpcSchema },
      { push: 'sales_json', settings: rpcSchema },
      { push: 'record_sale', settings: { 'supabase-scale': { schema: false } } },
    ].map(({ push, settings }) => {
      const code = pushThenPull(push);
      return { code, filename, settings, errors: [{ messageId: 'fullSyncCall' as const, ...at(code, 'fullSync', 2) }] };
    }),
  ],
});

typescriptTester().run('no-full-sync: the data evidence is a read', noFullSync, {
  valid: [
    // sends nothing, all of it seen, works with files and a child process: a schema push, not a sync of data
    { code: schemaPush("execSync('npx supabase db push', { stdio: 'inherit' });"), filename },
    // every read past the stored cursor, but the workspace the rows belong to, read by its id: a delta sync
    // by what it does (holdout15 Asaas); `.single()`, `.maybeSingle()` and `.limit(1)` are one row too
    ...[
      "supabase.from(table).select('*').eq('id', workspaceId)",
      "supabase.from(table).select('*').eq('owner', workspaceId).maybeSingle()",
      "supabase.from(table).select('*').limit(1)",
    ].map((read) => ({ code: deltaPull(read), filename })),
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
    // one read of every row of a table beside the delta reads: a full download on each run
    (() => {
      const code = deltaPull("supabase.from(table).select('*').eq('workspace_id', workspaceId)");
      return { code, filename, errors: [{ messageId: 'fullSyncCall' as const, ...at(code, 'fullSync', 2) }] };
    })(),
    // a stub that does nothing the analysis sees is not judged: its name decides
    invalidCall('class S {\n  async fullSync() {}\n}\nnew S().fullSync();\n', 'new S().fullSync()'),
  ],
});
