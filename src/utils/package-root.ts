// Where this package's files are, from any module of it: the modules of
// src/ (tests), of dist/ (the CLI) and dist/plugin.js (the plugin's one-file
// bundle, whose import.meta.url is dist/ itself) find the same package.json
// and the same code folders, so that a path never depends on how deep the
// asking module sits.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageRoot {
  /** The folder holding the package's package.json. */
  root: string;
  /** The package's version. */
  version: string;
  /** The folder of the code that runs: `<root>/dist` or `<root>/src`. */
  code: string;
}

let found: PackageRoot | undefined;

/** The package this module belongs to; throws when there is none (a broken install). */
export function packageRoot(): PackageRoot {
  if (found !== undefined) return found;
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
      const top = path.relative(dir, here).split(path.sep)[0] ?? '';
      found = { root: dir, version, code: path.join(dir, top) };
      return found;
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${here}`);
  }
}
