#!/usr/bin/env node
// `npm test`'s build (build:fast): src/**/*.ts to dist/**/*.js with source
// maps, one file at a time, with the TypeScript transform rolldown ships (oxc),
// no type check and no declarations. tsconfig.json's isolatedModules and
// verbatimModuleSyntax make each file's JavaScript the same as tsc's without
// the rest of the program. About 1 s against tsc's 7-9 s on the 2-core
// machine; `npm run build` (tsc, checked, with declarations) makes the
// package, and test:pack installs that one.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'rolldown/utils';
import { root } from './dist.mjs';

const src = path.join(root, 'src');
const out = path.join(root, 'dist');
let failed = 0;
let written = 0;

/** @param {string} dir */
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) emit(full);
    // a JSON module (`import limits from './plan-limits.json' with { type: 'json' }`): tsc copies it
    else if (entry.name.endsWith('.json')) copy(full);
  }
}

/** @param {string} file */
function emit(file) {
  const rel = path.relative(src, file);
  const target = path.join(out, rel.replace(/\.ts$/, '.js'));
  const result = transformSync(file, readFileSync(file, 'utf8'), { sourcemap: true, target: 'es2022' });
  if (result.errors.length > 0) {
    failed += 1;
    for (const error of result.errors) console.error(`${rel}: ${error.message}`);
    return;
  }
  mkdirSync(path.dirname(target), { recursive: true });
  const name = path.basename(target);
  writeFileSync(target, `${result.code}\n//# sourceMappingURL=${name}.map\n`);
  if (result.map) {
    const map = { ...result.map, file: name, sources: [path.relative(path.dirname(target), file)] };
    writeFileSync(`${target}.map`, JSON.stringify(map));
  }
  written += 1;
}

/** @param {string} file */
function copy(file) {
  const target = path.join(out, path.relative(src, file));
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(file, target);
}

walk(src);
if (failed > 0) {
  console.error(`transpile: ${failed} file(s) failed`);
  process.exit(1);
}
console.log(`transpile: ${written} files to dist/`);
