/**
 * mayCallFrom (text-gates.ts) looks only where the word `from` is: it answers
 * exactly as the two regular expressions it stands for, on texts made of the
 * pieces that decide them (dots, quotes, white space of every kind, word
 * characters on either side).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayCallFrom } from '../../src/analysis/text-gates.js';

const byExpressions = (text: string) => /\.\s*from\b/.test(text) || /['"`]from['"`]/.test(text);

const PIECES = [
  'from',
  'fro',
  'm',
  '.',
  '?.',
  ' ',
  '\n',
  '\t',
  '\u00a0',
  '\u2028',
  "'",
  '"',
  '`',
  'x',
  '_',
  '$',
  '(',
  'é',
];

describe('mayCallFrom', () => {
  it.each([
    ["supabase.from('t')", true],
    ['supabase\n  .from("t")', true],
    ["client['from']('t')", true],
    ["import { a } from './a';", false],
    ['Array.fromAsync(x)', false],
    ['from', false],
    ["from'", false],
    ['. from', true],
  ] as const)('%j: %s', (text, expected) => {
    expect(mayCallFrom(text)).toBe(expected);
    expect(byExpressions(text)).toBe(expected);
  });

  it('answers as the regular expressions on any text of the pieces that decide them', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(mayCallFrom(text)).toBe(byExpressions(text));
      }),
      { numRuns: 3000, seed: 22 },
    );
  });
});
