/** no-query-in-loop over lists another module writes out (fixtures/loop-lists), linted under their own names. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { noQueryInLoop } from '../../src/rules/no-query-in-loop.js';
import { at } from './loc.js';
import { typescriptTester } from './tester.js';

const APP = path.resolve(import.meta.dirname, '../../fixtures/loop-lists');

function source(relative: string): { code: string; filename: string } {
  const filename = path.join(APP, relative);
  return { code: readFileSync(filename, 'utf8'), filename };
}

const sync = source('sync.ts');
const forOf = 'for...of loop';

typescriptTester().run('no-query-in-loop: lists imported from another module', noQueryInLoop, {
  valid: [
    // an exported constant list (directly, through a re-export), and spreads of written-out lists
    source('seed.ts'),
  ],
  invalid: [
    {
      ...sync,
      errors: [
        // an exported list that its module fills with push
        {
          messageId: 'insertInLoop',
          data: { method: 'insert', table: "'jobs'", loop: forOf },
          ...at(sync.code, "supabase.from('jobs').insert(item)"),
        },
        // an exported list that is not written out
        {
          messageId: 'changeInLoop',
          data: { method: 'update', table: "'profiles'", loop: forOf },
          ...at(sync.code, "supabase.from('profiles').update({ seen: true }).eq('id', user.id)"),
        },
        // a written-out list spread with one known only at run time
        {
          messageId: 'tablePerItem',
          data: { method: 'update', loop: forOf },
          ...at(sync.code, "supabase.from(table).update({ seen: true }).eq('owner', 'me')"),
        },
      ],
    },
  ],
});
