// The built package (dist/), for the scripts and the bench, which run it as a
// user would. Typed as its sources in src/ (dist/ is compiled from them and
// is absent on a fresh clone, where `npm run typecheck` must still pass):
//
//   /** @type {typeof import('../src/index.js')} */
//   const { default: plugin } = await loadDist('index.js');
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseJson } from './json.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Imports dist/<file>; exits with a message when dist/ has not been built.
 *
 * @template Module the type of the module's source in src/, given by the caller's annotation
 * @param {string} file a path under dist/, such as 'cli/walk.js'
 * @returns {Promise<Module>} the module
 */
export async function loadDist(file) {
  const full = path.join(root, 'dist', file);
  if (!existsSync(full)) {
    console.error(`dist/${file} is missing: run \`npm run build\` first (npm run smoke, bench and docs build first)`);
    process.exit(2);
  }
  /** @type {Promise<unknown>} */
  const loading = import(pathToFileURL(full).href);
  return /** @type {Promise<Module>} */ (loading);
}

/**
 * The file ESLint loads as the plugin in the checkout at `dir` (default: this
 * one): its package.json's "main" (dist/plugin.js, the one-file bundle, since
 * the bundle exists; dist/index.js in older builds, e.g. a bench --baseline).
 *
 * @param {string} [dir]
 * @returns {string} an absolute path
 */
export function pluginFile(dir = root) {
  /** @type {{ main?: unknown }} */
  const manifest = parseJson(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return path.join(dir, typeof manifest.main === 'string' ? manifest.main : 'dist/index.js');
}
