/**
 * Constants another module exports: a table's name (fixtures/project-facts
 * src/lib/tables.ts, read by src/pages/Rooms.ts) as a string constant, a
 * property of an object of strings nobody changes, an enum member, or the same
 * through a namespace import stands for its text, as it does in its own
 * module; a constant its module changes at run time does not. A cap
 * (src/lib/limits.ts, read by src/pages/Planner.ts) stands for its number.
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { source } from './project-fixture.js';

const rooms = source('src/pages/Rooms.ts');
const planner = source('src/pages/Planner.ts');

function lint(rules: Linter.RulesRecord, file = rooms) {
  return new Linter().verify(
    file.code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { 'supabase-scale': plugin }, rules }],
    file.filename,
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

  it('no-query-in-loop reads a cap from an imported constant: three at most is a few requests, ten is not', () => {
    const messages = lint({ 'supabase-scale/no-query-in-loop': 'error' }, planner);
    const lineIn = (text: string) => planner.code.slice(0, planner.code.indexOf(text)).split('\n').length;
    expect(messages.map((m) => [m.line, m.messageId])).toEqual([[lineIn('later: true'), 'insertInLoop']]);
  });
});
