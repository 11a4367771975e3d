/**
 * no-query-in-loop and a read a called function builds and returns unsent (a
 * query factory, fixtures/project-facts src/lib/item-queries.ts): the call
 * sends it, so a call awaited once per item is a read per item, judged as one
 * written in the loop (the call's arguments are the read's own).
 */
import { noQueryInLoop } from '../../src/rules/no-query-in-loop.js';
import { at } from './loc.js';
import { source } from './project-fixture.js';
import { typescriptTester } from './tester.js';

const owners = source('src/pages/Owners.ts');
const sameFile = `
function readItem(id: string) {
  return supabase.from('items').select('*').eq('owner', id);
}
export async function each(ids: string[]) {
  for (const id of ids) {
    const { data } = await readItem(id);
    show(data);
  }
}`;

typescriptTester().run('no-query-in-loop: a read a called function builds', noQueryInLoop, {
  valid: [
    source('src/lib/item-queries.ts'),
    // built per item but never sent in the loop
    "function readItem(id: string) {\n  return supabase.from('items').select('*').eq('owner', id);\n}\nexport const pending = ids.map((id) => readItem(id));",
  ],
  invalid: [
    {
      ...owners,
      errors: [
        {
          messageId: 'readInLoop',
          data: { table: "'items'", loop: 'for...of loop' },
          ...at(owners.code, 'itemsOf(owner.id)'),
        },
        {
          messageId: 'sameReadInLoop',
          data: { table: "'items'", loop: 'for...of loop' },
          ...at(owners.code, 'itemsOf(me).limit(10)'),
        },
      ],
    },
    {
      code: sameFile,
      errors: [
        {
          messageId: 'readInLoop',
          data: { table: "'items'", loop: 'for...of loop' },
          ...at(sameFile, 'readItem(id)', 1),
        },
      ],
    },
  ],
});
