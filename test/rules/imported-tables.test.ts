/**
 * A table named by a constant another module exports (fixtures/project-facts
 * src/lib/tables.ts, read by src/pages/Rooms.ts): a string constant, a
 * property of an object of strings nobody changes, an enum member, or the same
 * through a namespace import stand for their text, as they do in their own
 * module; a constant its module changes at run time does not.
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { source } from './project-fixture.js';

const rooms = source('src/pages/Rooms.ts');

function lint(rules: Linter.RulesRecord) {
  return new Linter().verify(
    rooms.code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { 'supabase-scale': plugin }, rules }],
    rooms.filename,
  );
}

const lineOf = (text: string) => rooms.code.slice(0, rooms.code.indexOf(text)).split('\n').length;

describe('tables named by constants of another module', () => {
  it('require-pagination reads the table under every spelling of an imported constant', () => {
    const messages = lint({
      'supabase-scale/require-pagination': ['error', { uniqueColumns: { rooms: ['slug'], '*': ['id'] } }],
    });
    expect(messages.map((m) => [m.line, m.messageId, m.message.split(' has ')[0]])).toEqual([
      // `rooms` by its slug: one row, whichever way its name is imported; every member is a list
      [lineOf('from(TABLES.members)'), 'unboundedSelect', "This select from 'room_members'"],
      // an object its module changes: its property is not text written out
      [lineOf('from(OVERRIDES.rooms)'), 'unboundedSelect', 'This select from a table named at run time'],
    ]);
  });

  it('no-query-in-loop walks an imported enum as a written-out list', () => {
    expect(lint({ 'supabase-scale/no-query-in-loop': 'error' })).toEqual([]);
  });
});
