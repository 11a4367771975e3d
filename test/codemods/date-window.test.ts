/**
 * paginate-selects agrees with require-pagination on a date window whose ends
 * go through a formatter another module exports (fixtures/schema-rules/
 * composite-keys/src/week.ts, holdout13 F5-F7): a week of a per-day key is
 * bounded, and not left for manual work; a window through a helper that moves
 * its date first still is.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodemodEngine } from '../../src/codemods/engine.js';
import { codemods } from '../../src/codemods/index.js';
import { defaultSettings } from '../../src/codemods/settings.js';
import { loadSchemaSync } from '../../src/schema/index.js';

const project = path.resolve('fixtures/schema-rules/composite-keys');

describe('paginate-selects on date windows through imported formatters', () => {
  it('leaves only the window through a helper that moves its date', () => {
    const schema = loadSchemaSync({
      schema: [path.join(project, 'supabase', 'migrations')],
      recheckMs: Number.POSITIVE_INFINITY,
    });
    const engine = new CodemodEngine([codemods['paginate-selects']!], {
      settings: defaultSettings(project),
      types: null,
      readFile: (name) => (existsSync(name) ? readFileSync(name, 'utf8') : null),
      schemaFor: () => schema,
    });
    const file = path.join(project, 'src', 'week.ts');
    const text = readFileSync(file, 'utf8');
    const result = engine.transform(file, text);
    const weeks = text.split('\n').findIndex((line) => line.includes('weekStartKey(start)')) + 1;
    expect(result.error).toBeNull();
    expect(result.rewritten).toEqual({ 'paginate-selects': 0 });
    expect(result.left.map((site) => site.line)).toEqual([weeks]);
    expect(result.sites).toHaveLength(1);
  });
});
