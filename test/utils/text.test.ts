import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/utils/text.js';

describe('formatCount', () => {
  it("writes an integer as toLocaleString('en-US') does, with its digits grouped by threes", () => {
    const integers = [
      0,
      -0,
      7,
      42,
      999,
      1000,
      -1000,
      12_345,
      100_000,
      1_000_000,
      -987_654_321,
      Number.MAX_SAFE_INTEGER,
    ];
    expect(integers.map(formatCount)).toEqual(integers.map((n) => n.toLocaleString('en-US')));
  });

  it('writes any other number as toLocaleString does', () => {
    const others = [1.5, 1234.5678, -0.25, 2 ** 60, Number.POSITIVE_INFINITY, Number.NaN];
    expect(others.map(formatCount)).toEqual(others.map((n) => n.toLocaleString('en-US')));
  });
});
