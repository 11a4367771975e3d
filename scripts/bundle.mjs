#!/usr/bin/env node
// Part of `npm run build`, after tsc: writes dist/plugin.js, the ESLint
// plugin (dist/index.js and every module it imports) as one ES module, which
// is what package.json's "main" and "exports" give ESLint, the editor and the
// oxlint engine. Node 20 loads an ES module graph file by file: the plugin's
// 90 modules took 60-110 ms of CPU to import against 15 ms for the one file
// (measured in an ESLint process with the parser already loaded), and that
// cost lands on the first lint of every editor and CI process.
//
// Packages stay imports (nothing of node_modules is copied in), so the bundle
// resolves them as dist/index.js does. The CLI keeps importing dist/'s modules:
// a process loads either the bundle (ESLint with the plugin) or the modules
// (supabase-scale), never both, so no module state is held twice.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'rolldown';
import { root } from './dist.mjs';

const input = path.join(root, 'dist', 'index.js');
const file = path.join(root, 'dist', 'plugin.js');
if (!existsSync(input)) {
  console.error('dist/index.js is missing: run tsc first (npm run build)');
  process.exit(2);
}
rmSync(file, { force: true });
rmSync(`${file}.map`, { force: true });
try {
  await build({
    input,
    // every bare or node: specifier stays an import; only the package's own files are inlined
    external: (id) => !id.startsWith('.') && !path.isAbsolute(id),
    platform: 'node',
    logLevel: 'warn',
    output: { file, format: 'esm', sourcemap: true },
  });
} catch (error) {
  console.error(`bundling dist/plugin.js failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
