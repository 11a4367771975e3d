/** The source-extension facts the codemods and the CLI share. */
import { describe, expect, it } from 'vitest';
import {
  compiledName,
  hasSourceExtension,
  isCommonJsFile,
  isDeclarationFile,
  isJsxFile,
  isTypeScriptFile,
  namesCompiledOutput,
  SOURCE_EXTENSIONS,
  typeScriptSourcesOf,
  withoutSourceExtension,
} from '../../src/utils/source-files.js';

describe('source-files', () => {
  it('tells TypeScript from JavaScript, JSX and CommonJS by extension', () => {
    expect(['a.ts', 'a.tsx', 'a.mts', 'a.cts', 'a.d.ts'].map(isTypeScriptFile)).toEqual([true, true, true, true, true]);
    expect(['a.js', 'a.jsx', 'a.mjs', 'a.cjs', 'a.ts.txt'].map(isTypeScriptFile)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['a.tsx', 'a.jsx', 'a.ts', 'a.js'].map(isJsxFile)).toEqual([true, true, false, false]);
    expect(['a.cjs', 'a.cts', 'a.js', 'a.mts'].map(isCommonJsFile)).toEqual([true, true, false, false]);
  });

  it('knows declaration files', () => {
    expect(['a.d.ts', 'a.d.mts', 'a.d.cts', 'a.ts', 'd.ts', 'a.d.tsx'].map(isDeclarationFile)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('lists every source extension once, TypeScript first (the order a bare specifier resolves in)', () => {
    expect(SOURCE_EXTENSIONS).toEqual(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
    expect(SOURCE_EXTENSIONS.map((ext) => hasSourceExtension(`x${ext}`))).not.toContain(false);
    expect(hasSourceExtension('x.json')).toBe(false);
    expect(withoutSourceExtension('lib/pages.mts')).toBe('lib/pages');
    expect(withoutSourceExtension('lib/pages.json')).toBe('lib/pages.json');
  });

  it('maps a TypeScript file to the JavaScript it compiles to, and back', () => {
    expect(['a.ts', 'a.tsx', 'a.mts', 'a.cts'].map(compiledName)).toEqual(['a.js', 'a.js', 'a.mjs', 'a.cjs']);
    expect(typeScriptSourcesOf('./a.js')).toEqual(['./a.ts', './a.tsx']);
    expect(typeScriptSourcesOf('./a.jsx')).toEqual(['./a.ts', './a.tsx']);
    expect(typeScriptSourcesOf('./a.mjs')).toEqual(['./a.mts']);
    expect(typeScriptSourcesOf('./a.cjs')).toEqual(['./a.cts']);
    expect(typeScriptSourcesOf('./a')).toEqual([]);
    expect(['./a.js', './a.mjs', './a.cjs', './a.jsx', './a.ts'].map(namesCompiledOutput)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
