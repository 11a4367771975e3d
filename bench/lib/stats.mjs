// The bench's statistics and number formats: medians, spreads, ratios of
// medians with the range of the per-round ratios, and percentiles.

/**
 * @typedef {{ median: number; min: number; max: number; spread: number; runs: number[] }} Summary
 * @typedef {{ value: number; min: number; max: number; rounds: number[] }} Ratio
 */

/** @type {(values: number[]) => number} */
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (/** @type {number} */ index) => /** @type {number} */ (sorted[index]);
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
};

/**
 * The nearest-rank percentile: the smallest value at or above `p` percent of the values.
 *
 * @param {number[]} values
 * @param {number} p
 */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return /** @type {number} */ (sorted[rank - 1]);
}

/** (max - min) / median: how far apart the runs of one measurement were. @type {(values: number[]) => number} */
export const spread = (values) =>
  values.length < 2 ? 0 : (Math.max(...values) - Math.min(...values)) / median(values);

/** @type {(values: number[]) => Summary} */
export const summary = (values) => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
  spread: spread(values),
  runs: values.map((x) => Math.round(x)),
});

/**
 * Ratio of the medians, and the range of the ratios of each round (a config against its baseline in the same round).
 *
 * @param {number[]} numerator
 * @param {number[]} denominator
 * @returns {Ratio}
 */
export function ratio(numerator, denominator) {
  const rounds = numerator.map((value, index) => value / /** @type {number} */ (denominator[index]));
  return { value: median(numerator) / median(denominator), min: Math.min(...rounds), max: Math.max(...rounds), rounds };
}

export const fmt = (/** @type {number} */ ms) =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
export const pct = (/** @type {number} */ x) => `${(x * 100).toFixed(0)}%`;
export const x3 = (/** @type {number} */ value) => `${value.toFixed(3)}x`;
export const range = (/** @type {Ratio} */ r) =>
  r.rounds.length < 2 ? '' : ` (rounds ${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
export const mb = (/** @type {number} */ bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** @type {<T>(record: Partial<Record<string, T>>, key: string) => T} */
export const at = (record, key) => {
  const value = record[key];
  if (value === undefined) throw new Error(`no ${key}`);
  return value;
};

/** @type {<T>(list: T[]) => T} */
export const lastOf = (list) => {
  const value = list.at(-1);
  if (value === undefined) throw new Error('no run');
  return value;
};

/** @type {<T, K extends keyof T>(results: T[], key: K) => T[K][]} */
export const pick = (results, key) => results.map((result) => result[key]);
