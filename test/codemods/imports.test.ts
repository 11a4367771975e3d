/**
 * Inserted imports and requires: the specifier by the module system
 * (module-system.ts), the `;` by the statement they follow (or the file's
 * statements) and by what comes after them (ASI), and a require placed with
 * the requires a CommonJS file starts with.
 */
import { Project, ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { ensureNamedImport, ensureRequire, moduleSpecifier } from '../../src/codemods/imports.js';
import { extensionStyle, moduleSystem } from '../../src/codemods/module-system.js';
import { applyEdits, detectStyle } from '../../src/codemods/text.js';
import { dedent } from '../dedent.js';

const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });

function file(name: string, text: string) {
  return project.createSourceFile(name, text, { overwrite: true });
}

describe('moduleSystem', () => {
  const { ModuleKind: Module, ModuleResolutionKind: Resolution } = ts;
  it.each([
    ['NodeNext, ES module', { module: Module.NodeNext, moduleResolution: Resolution.NodeNext }, true, 'js', false],
    ['module NodeNext alone implies its resolution', { module: Module.NodeNext }, true, 'js', false],
    ['module Node16', { module: Module.Node16 }, true, 'js', false],
    [
      'NodeNext with allowImportingTsExtensions',
      { module: Module.NodeNext, allowImportingTsExtensions: true, noEmit: true },
      true,
      'source',
      false,
    ],
    ['NodeNext, a CommonJS file', { module: Module.NodeNext }, false, null, false],
    ['bundler', { module: Module.ESNext, moduleResolution: Resolution.Bundler }, true, null, true],
    [
      "node10 (deprecated in TypeScript 6, still in users' tsconfigs)",
      ts.convertCompilerOptionsFromJson({ module: 'commonjs', moduleResolution: 'node10' }, '/').options,
      false,
      null,
      true,
    ],
  ] as const)('%s', (_label, options, esm, required, aliases) => {
    const system = moduleSystem(options, esm);
    expect(system.required).toBe(required);
    expect(system.aliases).toBe(aliases);
  });

  it('no tsconfig: nothing required', () => {
    expect(moduleSystem(null, true)).toEqual({ required: null, aliases: true, resolution: null });
  });

  it('the file’s own habit wins where the system allows it', () => {
    const nodeNext = moduleSystem({ module: ts.ModuleKind.NodeNext }, true);
    expect(extensionStyle('none', nodeNext, true)).toBe('js');
    expect(extensionStyle('source', nodeNext, true)).toBe('source');
    expect(extensionStyle(null, nodeNext, true)).toBe('js');
    const bundler = moduleSystem({ moduleResolution: ts.ModuleResolutionKind.Bundler }, true);
    expect(extensionStyle(null, bundler, true)).toBe('none');
    expect(extensionStyle('js', bundler, true)).toBe('js');
    expect(extensionStyle(null, bundler, false)).toBe('js');
  });

  it('moduleSpecifier: .js under NodeNext with no relative import in the file, never through an alias', () => {
    const source = file('/p/src/index.ts', "import type { A } from '@acme/a';\n");
    const system = moduleSystem({ module: ts.ModuleKind.NodeNext }, true);
    const aliases = [{ pattern: '@/*', target: '/p/src/*' }];
    expect(moduleSpecifier(source, '/p/src/index.ts', '/p/src/lib/pages.ts', aliases, system)).toBe('./lib/pages.js');
    // no tsconfig: the alias only where the file itself imports through it
    expect(moduleSpecifier(source, '/p/src/index.ts', '/p/src/lib/pages.ts', aliases)).toBe('./lib/pages');
    const aliased = file('/p/src/index.ts', "import { client } from '@/lib/client';\n");
    expect(moduleSpecifier(aliased, '/p/src/index.ts', '/p/src/lib/pages.ts', aliases)).toBe('@/lib/pages');
  });

  it('moduleSpecifier: a tsconfig alias the file never imports through is not used (the bundler may not know it)', () => {
    const system = moduleSystem(
      { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
      true,
    );
    const aliases = [{ pattern: '@/*', target: '/p/*' }];
    const plain = file('/p/src/services/a.ts', "import { supabase } from '../lib/supabase';\n");
    expect(moduleSpecifier(plain, '/p/src/services/a.ts', '/p/src/lib/pages.ts', aliases, system)).toBe('../lib/pages');
    const aliased = file('/p/src/services/a.ts', "import { supabase } from '@/src/lib/supabase';\n");
    expect(moduleSpecifier(aliased, '/p/src/services/a.ts', '/p/src/lib/pages.ts', aliases, system)).toBe(
      '@/src/lib/pages',
    );
  });
});

describe('an inserted import or require', () => {
  const apply = (text: string, edit: { start: number; end: number; text: string } | null) =>
    edit === null ? text : applyEdits(text, [edit]);

  it('goes after the requires a CommonJS file starts with, before its first other statement', () => {
    const text = dedent`
      'use strict';
      const a = require('a');
      require('dotenv').config();
      const { b } = require('b').default;
      const client = a.create();
      const late = require('late');
      main();
    `;
    const source = file('/p/job.js', text);
    expect(apply(text, ensureRequire(source, 'selectAllPages', './lib/p.cjs', detectStyle(text)))).toBe(dedent`
      'use strict';
      const a = require('a');
      require('dotenv').config();
      const { b } = require('b').default;
      const { selectAllPages } = require('./lib/p.cjs');
      const client = a.create();
      const late = require('late');
      main();
    `);
  });

  it('takes its `;` from the statement it follows, not from a count of line ends', () => {
    // most lines here end without `;` (a chain continues on the next line), the require does not
    const text = dedent`
      const { supabase } = require('./supabase');

      (async () => {
        const { data } = await supabase
          .from('a')
          .select('id');
        const { data: more } = await supabase
          .from('b')
          .select('id');
      })();
    `;
    const source = file('/p/report.js', text);
    expect(apply(text, ensureRequire(source, 'selectAllPages', './p.cjs', detectStyle(text)))).toContain(
      "const { supabase } = require('./supabase');\nconst { selectAllPages } = require('./p.cjs');\n\n(async",
    );
  });

  it('gets a `;` in a file without them when the next statement starts with `(`, `[` or a template', () => {
    for (const next of ['(async () => {})()', '[1, 2].forEach(run)', '`x`.length']) {
      const text = `${next}\nconst { supabase } = require('./supabase')\n`;
      const edit = ensureRequire(file('/p/once.js', text), 'selectAllPages', './p.cjs', detectStyle(text));
      expect(apply(text, edit)).toBe(`const { selectAllPages } = require('./p.cjs');\n\n${text}`);
    }
    const plain = "const { supabase } = require('./supabase')\nconst log = console.log\n";
    const edit = ensureRequire(file('/p/plain.js', plain), 'selectAllPages', './p.cjs', detectStyle(plain));
    expect(apply(plain, edit)).toBe(
      "const { supabase } = require('./supabase')\nconst { selectAllPages } = require('./p.cjs')\nconst log = console.log\n",
    );
  });

  it('is not added twice', () => {
    const text = "const { selectAllPages } = require('./p.cjs');\nrun();\n";
    expect(ensureRequire(file('/p/twice.js', text), 'selectAllPages', './p.cjs', detectStyle(text))).toBeNull();
  });

  it('an import follows the last import, with its `;` or without as that import has it', () => {
    const text = "import { a } from 'a'\nimport b from './b'\n\nrun()\n";
    const edit = ensureNamedImport(file('/p/x.ts', text), 'selectAllPages', './p', detectStyle(text));
    expect(apply(text, edit)).toBe(
      "import { a } from 'a'\nimport b from './b'\nimport { selectAllPages } from './p'\n\nrun()\n",
    );
  });
});
