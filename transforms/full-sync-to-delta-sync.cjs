/**
 * jscodeshift entry point for `supabase-scale codemod full-sync-to-delta-sync` (without
 * --project): the same engine and the same output, one file at a time.
 *
 *   npx jscodeshift -t node_modules/eslint-plugin-supabase-scale/transforms/full-sync-to-delta-sync.cjs --parser=tsx src
 *
 * The codemod parses each file itself; jscodeshift's parser is not used.
 */
'use strict';

const path = require('node:path');
const { pathToFileURL } = require('node:url');

const entry = pathToFileURL(path.join(__dirname, '..', 'dist', 'cli', 'jscodeshift.js')).href;
// A native import(), hidden from the Babel require hook jscodeshift installs
// (it would rewrite import() into require() of an ES module).
const load = new Function('specifier', 'return import(specifier)');

// jscodeshift compiles every module required after the transform with Babel
// (unless --no-babel); this package's code and dependencies are built
// JavaScript that Babel's settings there cannot compile, so the hook is
// turned off once this file is loaded.
try {
  const register = require.main && require.main.require('@babel/register');
  if (register && typeof register.revert === 'function') register.revert();
} catch {
  // jscodeshift without its Babel hook (--no-babel): nothing to turn off
}

module.exports = async function transform(file, api, options) {
  const { runTransform } = await load(entry);
  return runTransform('full-sync-to-delta-sync', file, api, options);
};
