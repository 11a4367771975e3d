/**
 * no-query-in-loop over the rows of a read keyed by a few values written out:
 * `.in('id', [a, b])`, or an equality and such a list on the columns of a
 * composite key (fixtures/schema-rules/composite-keys: `follows` has
 * UNIQUE (follower_id, following_id)). A loop over them runs a few times at
 * most (capped-list.ts); any other list of rows is still a list that grows.
 */
import path from 'node:path';
import { noQueryInLoop } from '../../src/rules/no-query-in-loop.js';
import { at } from './loc.js';
import { typescriptTester } from './tester.js';

const project = path.resolve('fixtures/schema-rules/composite-keys');
/** A file of the fixture project: its schema is found from the file's folders. */
const inProject = path.join(project, 'src', 'merge.ts');
/** A file of no project: no schema. */
const elsewhere = path.resolve('file.ts');

/** Reads the rows with `filters`, then writes once per row of them (but the one kept). */
const merge = (filters: string) => `
const { data: rows } = await supabase.from('follows').select('*')${filters};
const keep = rows?.[0];
for (const row of (rows ?? []).filter((r) => r !== keep)) {
  await supabase.from('follows').delete().eq('follower_id', row.follower_id).eq('following_id', row.following_id);
}`;

const DELETE =
  "supabase.from('follows').delete().eq('follower_id', row.follower_id).eq('following_id', row.following_id)";
const deleted = (code: string) => ({
  messageId: 'changeInLoop' as const,
  data: { method: 'delete', table: "'follows'", loop: 'for...of loop' },
  ...at(code, DELETE),
});

const composite = merge(".eq('follower_id', me).in('following_id', [them, theirAlias])");
const fourValues = merge(".eq('follower_id', me).in('following_id', [a, b, c, d])");
const oneColumn = merge(".eq('follower_id', me).in('created_at', [a, b])");
const listFromElsewhere = merge(".eq('follower_id', me).in('following_id', others)");
const ids = `
const { data: posts } = await supabase.from('posts').select('id, title').in('id', [first, second]);
for (const post of posts ?? []) {
  await supabase.from('posts').update({ seen: true }).eq('id', post.id);
}`;
const idsFromElsewhere = ids.replace('[first, second]', 'wanted');

typescriptTester().run('no-query-in-loop: rows keyed by a few written-out values', noQueryInLoop, {
  valid: [
    // an equality and two values on the columns of UNIQUE (follower_id, following_id): two rows at most
    { code: composite, filename: inProject },
    // two ids written out: two rows at most, with or without a schema
    { code: ids, filename: elsewhere },
    { code: ids, filename: inProject },
  ],
  invalid: [
    // without the schema, the composite key is not known
    { code: composite, filename: elsewhere, errors: [deleted(composite)] },
    // four values: past the few a loop may run over and stay a handful of requests
    { code: fourValues, filename: inProject, errors: [deleted(fourValues)] },
    // a list on a column of no key
    { code: oneColumn, filename: inProject, errors: [deleted(oneColumn)] },
    // a list from elsewhere may hold any number of values
    { code: listFromElsewhere, filename: inProject, errors: [deleted(listFromElsewhere)] },
    {
      code: idsFromElsewhere,
      filename: elsewhere,
      errors: [
        {
          messageId: 'changeInLoop',
          data: { method: 'update', table: "'posts'", loop: 'for...of loop' },
          ...at(idsFromElsewhere, "supabase.from('posts').update({ seen: true }).eq('id', post.id)"),
        },
      ],
    },
  ],
});
