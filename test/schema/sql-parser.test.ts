import { describe, expect, it } from 'vitest';
import { loadSqlParser, sqlParserSync } from '../../src/schema/sql-parser.js';

describe('sql parser', () => {
  it('answers synchronously through the worker, then directly once loaded', async () => {
    const sync = sqlParserSync();
    const [ok, bad, blank] = sync.parse(['select 1; select 2', 'selec x', ' -- nothing\n']);
    expect(ok).toMatchObject({
      stmts: [
        { start: 0, end: 8 },
        { start: 10, end: 18 },
      ],
    });
    expect(bad).toEqual({ error: 'syntax error at or near "selec"', position: 0 });
    expect(blank).toEqual({ stmts: [] });
    const [tokens, unterminated] = sync.scan(['a;b', "'abc"]);
    expect(tokens).toMatchObject({ tokens: [{ text: 'a' }, { text: ';' }, { text: 'b' }] });
    expect(unterminated).toHaveProperty('error');
    const direct = await loadSqlParser();
    expect(sqlParserSync()).toBe(direct);
    expect(direct.parse(['create table t(a int)'])[0]).toMatchObject({ stmts: [{ start: 0, end: 21 }] });
  });
});
