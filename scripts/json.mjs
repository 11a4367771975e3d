// JSON.parse with the type the caller expects: the scripts and the bench are
// JavaScript checked by tsc (checkJs), and typed lint refuses the `any` that
// JSON.parse and a dynamic import give. The caller names what it expects
// (`parseJson<Report>(text)` in JSDoc: `/** @type {Report} */` on the
// variable); nothing is checked at run time.

/**
 * @template T
 * @param {string} text
 * @returns {T}
 */
export function parseJson(text) {
  /** @type {unknown} */
  const value = JSON.parse(text);
  return /** @type {T} */ (value);
}

/**
 * `import()` of a module whose type the caller gives.
 *
 * @template T
 * @param {string} specifier
 * @returns {Promise<T>}
 */
export async function importAs(specifier) {
  /** @type {unknown} */
  const module = await import(specifier);
  return /** @type {T} */ (module);
}
