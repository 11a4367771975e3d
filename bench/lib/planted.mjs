// What the corpus generator planted for each rule of the recommended config
// (corpus.mjs): every run over the corpus is checked against it, so that an
// empty or partial run cannot pass for a fast one.

/** @typedef {import('../corpus.mjs').Planted} Planted */

/** @type {Record<string, keyof Planted | undefined>} */
export const PLANTED_BY_RULE = {
  'require-pagination': 'unbounded',
  'no-full-sync': 'fullSync',
  'require-cursor-order': 'unordered',
  'no-unbounded-realtime': 'unfilteredRealtime',
  'require-realtime-cleanup': 'leakedChannel',
};

/**
 * Differences between findings per rule (short names) and what was planted; [] when they agree.
 *
 * @param {Record<string, number>} perRule
 * @param {Planted} planted
 * @param {string[]} rules
 * @returns {string[]}
 */
export function plantedMismatches(perRule, planted, rules) {
  const out = [];
  for (const rule of rules) {
    const key = PLANTED_BY_RULE[rule];
    if (!key) continue;
    const found = perRule[rule] ?? 0;
    if (found !== planted[key]) out.push(`${rule}: ${found} found, ${planted[key]} planted`);
  }
  return out;
}
