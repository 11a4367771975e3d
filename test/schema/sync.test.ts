// The synchronous load an ESLint rule uses (a worker thread parses) gives the same
// schema as the asynchronous one.
import { describe, expect, it } from 'vitest';
import { clearSchemaCache, loadSchema, loadSchemaSync } from '../../src/schema/index.js';
import { FIXTURES, migrationsOf } from './helpers.js';

describe('loadSchemaSync', () => {
  it('matches loadSchema', async () => {
    // the cache is per process (and vitest shares modules between the test files of a worker): start empty
    clearSchemaCache();
    const sync = loadSchemaSync({ schema: 'cli-app', cwd: FIXTURES, recheckMs: 0 });
    clearSchemaCache();
    const async = await loadSchema({ schema: 'cli-app', cwd: FIXTURES, recheckMs: 0 });
    expect(sync).not.toBe(async);
    expect(sync?.toJSON().relations).toEqual(async?.toJSON().relations);
    expect({ ...sync?.origin, loadMs: 0 }).toEqual({ ...async?.origin, loadMs: 0 });
    expect(sync?.origin.migrationsDir).toBe(migrationsOf('cli-app'));
  });
});
