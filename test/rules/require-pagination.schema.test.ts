/**
 * require-pagination and require-cursor-order read the project's own schema:
 * an equality on a column the migrations prove unique bounds a read to one
 * row, and the suggested order is the table's primary key. The fixture
 * project is fixtures/schema-rules/unique-keys (two migrations: the second
 * drops a unique constraint and adds one).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Linter } from 'eslint';
import { beforeEach, describe, expect, it } from 'vitest';
import { parsing } from '../../src/analysis/run.js';
import plugin from '../../src/index.js';
import { requireCursorOrder } from '../../src/rules/require-cursor-order.js';
import { requirePagination } from '../../src/rules/require-pagination.js';
import { clearDiscoveryCache, clearSchemaCache } from '../../src/schema/index.js';
import { typescriptTester } from './tester.js';

const project = path.resolve('fixtures/schema-rules/unique-keys');
/** A file of the fixture project: its schema is found from the file's folders. */
const inProject = path.join(project, 'src', 'queries.ts');
/** A file of no project with a schema: the repository's root stops the walk. */
const elsewhere = path.resolve('file.ts');

const unbounded = (table: string, order: string, code: string) => {
  const end = code.indexOf(';');
  const insert = (bound: string) => `${code.slice(0, end)}${order}${bound}${code.slice(end)}`;
  return {
    messageId: 'unboundedSelect' as const,
    data: { table: `'${table}'`, maxRows: '1,000' },
    suggestions: [
      { messageId: 'addLimit' as const, data: { pageSize: 100, order }, output: insert('.limit(100)') },
      { messageId: 'addRange' as const, data: { last: 99, order }, output: insert('.range(0, 99)') },
    ],
  };
};

const byUserId = "const { data } = await supabase.from('profiles').select('*').eq('user_id', uid);\nshow(data);";
const byUsername = "const { data } = await supabase.from('profiles').select('*').eq('username', name);\nshow(data);";
const memberByUser = "const { data } = await supabase.from('memberships').select('*').eq('user_id', uid);\nshow(data);";
const inviteByEmail = "const { data } = await supabase.from('invites').select('*').eq('email', email);\nshow(data);";
const stats = "const { data } = await supabase.from('table_stats').select('*');\nshow(data);";
const statBySlug = "const { data } = await supabase.from('table_stats').select('*').eq('slug', slug);";
/** subjects: no migration creates it; one indexes its code unique. */
const subjectsByCode =
  "const codes = ['math', 'physics', 'chemistry'];\nconst { data } = await supabase.from('subjects').select('id, name').in('code', codes).order('name');\nshow(data);";
const subjectsByName =
  "const names = ['Math', 'Physics'];\nconst { data } = await supabase.from('subjects').select('id, name').in('name', names).order('name');\nshow(data);";
/** An unbounded read that already orders: the suggestions add only the bound, at its end. */
const unboundedOrdered = (table: string, code: string) => {
  const end = code.indexOf(';\nshow');
  const insert = (bound: string) => `${code.slice(0, end)}${bound}${code.slice(end)}`;
  return {
    messageId: 'unboundedSelect' as const,
    data: { table: `'${table}'`, maxRows: '1,000' },
    suggestions: [
      { messageId: 'addLimit' as const, data: { pageSize: 100, order: '' }, output: insert('.limit(100)') },
      { messageId: 'addRange' as const, data: { last: 99, order: '' }, output: insert('.range(0, 99)') },
    ],
  };
};
/** `select('count')`: PostgREST's legacy count aggregate, unless the table has a column named count. */
const legacyCount = (table: string) => `const { data } = await supabase.from('${table}').select('count');\nshow(data);`;

typescriptTester().run('require-pagination with the project schema', requirePagination, {
  valid: [
    // user_id is UNIQUE in the migrations: at most one row
    { code: byUserId, filename: inProject },
    // a unique constraint added by a later migration
    { code: statBySlug, filename: inProject },
    // the schema named in the settings, for a file outside the project
    { code: byUserId, filename: elsewhere, settings: { 'supabase-scale': { schema: project } } },
    {
      code: byUserId,
      filename: elsewhere,
      settings: { 'supabase-scale': { schema: [path.join(project, 'supabase', 'migrations')] } },
    },
    // the option still counts beside the schema
    { code: memberByUser, filename: inProject, options: [{ uniqueColumns: { memberships: ['user_id'] } }] },
    // profiles has no column named count: the legacy count aggregate, one row
    { code: legacyCount('profiles'), filename: inProject },
    { code: legacyCount('tallies'), filename: elsewhere },
    // a unique index on a table the migrations never create: a list of 3 codes reads at most 3 rows
    { code: subjectsByCode, filename: inProject },
  ],
  invalid: [
    // no schema: user_id is not known to be unique
    { code: byUserId, filename: elsewhere, errors: [unbounded('profiles', ".order('id')", byUserId)] },
    // schema turned off in the settings
    {
      code: byUserId,
      filename: inProject,
      settings: { 'supabase-scale': { schema: false } },
      errors: [unbounded('profiles', ".order('id')", byUserId)],
    },
    // the second migration drops username's unique constraint
    { code: byUsername, filename: inProject, errors: [unbounded('profiles', ".order('id')", byUsername)] },
    // one column of a two-column primary key does not bound the read
    {
      code: memberByUser,
      filename: inProject,
      errors: [unbounded('memberships', ".order('id')", memberByUser)],
    },
    // a partial unique index holds only for the rows its predicate selects
    { code: inviteByEmail, filename: inProject, errors: [unbounded('invites', ".order('id')", inviteByEmail)] },
    // the suggested order is the table's own primary key, not id
    { code: stats, filename: inProject, errors: [unbounded('table_stats', ".order('table_name')", stats)] },
    { code: stats, filename: elsewhere, errors: [unbounded('table_stats', ".order('id')", stats)] },
    // the same table: name is not a key the migrations declare
    { code: subjectsByName, filename: inProject, errors: [unboundedOrdered('subjects', subjectsByName)] },
    // no schema: the index on code is not known
    { code: subjectsByCode, filename: elsewhere, errors: [unboundedOrdered('subjects', subjectsByCode)] },
    // tallies has a column named count: select('count') reads it from every row
    {
      code: legacyCount('tallies'),
      filename: inProject,
      errors: [unbounded('tallies', ".order('id')", legacyCount('tallies'))],
    },
  ],
});

const oneProfile =
  "const { data } = await supabase.from('profiles').select('*').eq('user_id', uid).limit(1);\nshow(data);";

typescriptTester().run('require-cursor-order with the project schema', requireCursorOrder, {
  // a `.limit(1)` pick is reported only with singleRowPicks: on here, so that only the schema's key tells the two apart
  valid: [{ code: oneProfile, filename: inProject, options: [{ singleRowPicks: true }] }],
  invalid: [
    {
      code: oneProfile,
      filename: elsewhere,
      options: [{ singleRowPicks: true }],
      errors: [{ messageId: 'unorderedLimit', line: 1, column: oneProfile.indexOf('limit') + 1 }],
    },
  ],
});

describe('the schema setting', () => {
  beforeEach(() => {
    clearSchemaCache();
    clearDiscoveryCache();
  });

  const lint = (settings: Record<string, unknown>) =>
    new Linter({ configType: 'flat' }).verify(
      byUserId,
      [
        {
          ...parsing('file.ts'),
          plugins: { 'supabase-scale': plugin },
          rules: { 'supabase-scale/require-pagination': 'error' },
          settings,
        },
      ],
      'file.ts',
    );

  it('refuses a value that is not a path, a list of paths or false, in one line', () => {
    expect(() => lint({ 'supabase-scale': { schema: 42 } })).toThrow(
      "settings['supabase-scale'].schema must be a path, a list of paths or false, got 42",
    );
    expect(() => lint({ 'supabase-scale': { schema: [''] } })).toThrow('got [""]');
    expect(() => lint({ 'supabase-scale': 'supabase' })).toThrow(
      `settings['supabase-scale'] must be an object, got "supabase"`,
    );
  });

  it('refuses a path that names nothing, in one line', () => {
    expect(() => lint({ 'supabase-scale': { schema: 'no/such/folder' } })).toThrow(
      "settings['supabase-scale'].schema: no/such/folder: no such file or folder",
    );
    expect(() => lint({ 'supabase-scale': { schema: ['fixtures/schema-rules', 'README.md'] } })).toThrow(
      "settings['supabase-scale'].schema: fixtures/schema-rules: not a migrations folder, a .sql file or a types file",
    );
  });

  it('reads no schema when a file has none, and the rule reports as it always did', () => {
    expect(lint({}).map((m) => m.ruleId)).toEqual(['supabase-scale/require-pagination']);
    expect(lint({ 'supabase-scale': {} }).map((m) => m.ruleId)).toEqual(['supabase-scale/require-pagination']);
  });

  it('refuses a schemaCache that is not false or a folder, in one line', () => {
    expect(() => lint({ 'supabase-scale': { schemaCache: true } })).toThrow(
      "settings['supabase-scale'].schemaCache must be false or a folder, got true",
    );
    expect(() => lint({ 'supabase-scale': { schemaCache: '' } })).toThrow('got ""');
  });

  it('keeps the schema in the schemaCache folder, and in none with false', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rule-schema-cache-'));
    const settings = (schemaCache: string | false) => ({ 'supabase-scale': { schema: project, schemaCache } });
    expect(lint(settings(false))).toEqual([]);
    expect(readdirSync(folder)).toEqual([]);
    clearSchemaCache();
    expect(lint(settings(folder))).toEqual([]);
    expect(
      readdirSync(folder)
        .map((name) => name.replace(/-.*/, ''))
        .sort(),
    ).toEqual(['schema', 'source']);
  });
});
