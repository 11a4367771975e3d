/**
 * packageHabit: how a package's TypeScript files write the extension of their
 * relative runtime imports, followed by an inserted import in a file that has
 * none of its own (test/codemods/module-systems.ts, esm-bundler-node, runs it
 * through the CLI; the scale test loads the built package under Node).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageHabit } from '../../src/codemods/package-habit.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A package folder with these files (path -> text). */
function pkg(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'supabase-scale-habit-'));
  roots.push(root);
  writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('packageHabit', () => {
  it('is .js when every relative runtime import of the package names the compiled file', () => {
    const root = pkg({
      'src/a.ts': "import { b } from './b.js';\nexport * from '../lib/c.js';\n",
      'src/b.ts': "import './styles.css';\nimport data from './data.json';\nexport const b = data;\n",
    });
    expect(packageHabit(root)).toBe('js');
  });

  it('is none when they name no extension, and source when they name the .ts file', () => {
    expect(packageHabit(pkg({ 'src/a.ts': "import { b } from './b';\n" }))).toBe('none');
    expect(packageHabit(pkg({ 'src/a.ts': "import { b } from './b.ts';\n" }))).toBe('source');
  });

  it('says nothing when the files disagree', () => {
    const root = pkg({ 'src/a.ts': "import { b } from './b.js';\n", 'src/b.ts': "import { c } from './c';\n" });
    expect(packageHabit(root)).toBeNull();
  });

  it('reads neither type-only imports (erased), nor build output, dependencies, a package or Deno code inside it', () => {
    const root = pkg({
      'src/a.ts': "import type { B } from './b';\nexport type { C } from './c';\nimport { d } from './d.js';\n",
      'dist/a.ts': "import { b } from './b';\n",
      'node_modules/x/index.ts': "import { b } from './b';\n",
      'packages/inner/package.json': '{}',
      'packages/inner/src/a.ts': "import { b } from './b';\n",
      'supabase/functions/rooms/index.ts': "import { cors } from '../_shared/cors.ts';\n",
      'deno/deno.json': '{}',
      'deno/main.ts': "import { b } from './b.ts';\n",
    });
    expect(packageHabit(root)).toBe('js');
  });

  it('says nothing for a package with no relative import', () => {
    expect(packageHabit(pkg({ 'src/a.ts': "import { createClient } from '@supabase/supabase-js';\n" }))).toBeNull();
  });
});
