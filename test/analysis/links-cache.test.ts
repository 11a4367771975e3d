/**
 * Each module's import links kept on disk (src/analysis/project/links-cache.ts):
 * the modules a text gate follows are read once; the next process (here: the
 * index cleared) reads the index instead, and a module whose size or time
 * changed is read again.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearProjectIndex } from '../../src/analysis/project/index.js';
import { linkTextReads, mayReach } from '../../src/analysis/project/imports.js';
import { dedent } from '../dedent.js';

const UTIL = dedent`
  import { format } from './format';

  export function label(id: string) {
    return format(id);
  }
`;
const FORMAT = dedent`
  export function format(id: string) {
    return id.trim();
  }
`;
const FORMAT_READING = dedent`
  import { supabase } from './client';

  export async function format(id: string) {
    return supabase.from('labels').select('text').eq('id', id);
  }
`;

let root: string;
let cache: string;
const before = process.env.SUPABASE_SCALE_SCHEMA_CACHE;
const file = (name: string) => path.join(root, 'app', 'src', name);

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-links-cache-'));
  cache = path.join(root, 'cache');
  mkdirSync(path.join(root, 'app', 'src'), { recursive: true });
  writeFileSync(file('util.ts'), UTIL);
  writeFileSync(file('format.ts'), FORMAT);
  process.env.SUPABASE_SCALE_SCHEMA_CACHE = cache;
  clearProjectIndex();
});

afterEach(() => {
  clearProjectIndex();
  if (before === undefined) delete process.env.SUPABASE_SCALE_SCHEMA_CACHE;
  else process.env.SUPABASE_SCALE_SCHEMA_CACHE = before;
  rmSync(root, { recursive: true, force: true });
});

const indexes = () => {
  try {
    return readdirSync(path.join(cache, 'links'));
  } catch {
    return [];
  }
};

describe('import links on disk', () => {
  it('are read from the texts once; the next process reads the index; a changed module is read again', () => {
    expect(mayReach(file('util.ts'), 'requests')).toBe(false);
    expect(linkTextReads()).toBe(2);
    // the next process
    clearProjectIndex();
    expect(indexes()).toHaveLength(1);
    expect(mayReach(file('util.ts'), 'requests')).toBe(false);
    expect(linkTextReads()).toBe(0);
    // an edit the next process has not seen: only that module is read
    writeFileSync(file('format.ts'), FORMAT_READING);
    clearProjectIndex();
    expect(mayReach(file('util.ts'), 'requests')).toBe(true);
    expect(linkTextReads()).toBe(1);
    clearProjectIndex();
    expect(mayReach(file('util.ts'), 'requests')).toBe(true);
    expect(linkTextReads()).toBe(0);
  });

  it('an index that does not read as one is ignored and written again', () => {
    expect(mayReach(file('util.ts'), 'requests')).toBe(false);
    clearProjectIndex();
    const [index] = indexes();
    for (const broken of ['{"version":', 'null', '{"version":"0","modules":{}}']) {
      // the next process finds it broken
      clearProjectIndex();
      writeFileSync(path.join(cache, 'links', index!), broken);
      expect(mayReach(file('util.ts'), 'requests')).toBe(false);
      expect(linkTextReads()).toBe(2);
    }
    clearProjectIndex();
    expect(mayReach(file('util.ts'), 'requests')).toBe(false);
    expect(linkTextReads()).toBe(0);
  });

  it('are not kept with the cache off; the answers are the same', () => {
    process.env.SUPABASE_SCALE_SCHEMA_CACHE = 'off';
    expect(mayReach(file('util.ts'), 'requests')).toBe(false);
    clearProjectIndex();
    expect(mayReach(file('util.ts'), 'requests')).toBe(false);
    expect(linkTextReads()).toBe(2);
    expect(indexes()).toEqual([]);
  });
});
