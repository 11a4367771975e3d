/**
 * TypeScript's lib files parsed once a process (src/codemods/lib-files.ts):
 * two `--project` type checkers, or two type checks of rewrites, with the
 * same options take the same lib source files; other options (a target with
 * other libs) take their own, and each project still sees only its own libs.
 */
import path from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { TypeGate } from '../../src/codemods/type-gate.js';
import { TypeInfo } from '../../src/codemods/type-info.js';
import { tempProjects } from '../cli/helpers.js';

const temp = tempProjects();

/** `Array.prototype.at` is in lib.es2022, not in lib.es2015 (no DOM: fewer lib files to parse). */
const AT = 'export const last = [1, 2].at(-1);\n';

function tsconfig(target: string): string {
  return JSON.stringify({
    compilerOptions: { target, lib: [target], strict: true, noEmit: true, skipLibCheck: true, types: [] },
    include: ['src'],
  });
}

function typeInfo(target: string): TypeInfo {
  const root = temp({ 'tsconfig.json': tsconfig(target), 'src/last.ts': AT });
  return new TypeInfo(path.join(root, 'tsconfig.json'));
}

function lib(program: ts.Program, name: string): ts.SourceFile | undefined {
  return program.getSourceFiles().find((file) => path.basename(file.fileName) === name);
}

function errors(info: TypeInfo): number[] {
  return info.project.getPreEmitDiagnostics().map((diagnostic) => diagnostic.getCode());
}

describe('lib files shared between projects', () => {
  it('--project: the same options take the same lib files, another target its own, and each checks with its libs', () => {
    const first = typeInfo('ES2022');
    const older = typeInfo('ES2015');
    const second = typeInfo('ES2022');
    const programs = [first, older, second].map((info) => info.project.getProgram().compilerObject);
    const [es5First, es5Older, es5Second] = programs.map((program) => lib(program, 'lib.es5.d.ts'));
    expect(es5First).toBeDefined();
    expect(es5Second).toBe(es5First);
    expect(es5Older).toBeDefined();
    expect(es5Older).not.toBe(es5First);
    expect(lib(programs[1]!, 'lib.es2022.array.d.ts')).toBeUndefined();
    expect(errors(first)).toEqual([]);
    // TS2550: 'at' does not exist on number[]; change the target library to es2022
    expect(errors(older)).toEqual([2550]);
    expect(errors(second)).toEqual([]);
  });

  it('the type check of rewrites: a second gate with the same options takes the first one’s lib files', () => {
    const gates = ['ES2022', 'ES2015', 'ES2022'].map((target) => {
      const root = temp({ 'src/last.ts': 'export const last = [1, 2][1];\n' });
      const file = path.join(root, 'src', 'last.ts');
      const options = ts.convertCompilerOptionsFromJson(
        { target, lib: [target], strict: true, noEmit: true, skipLibCheck: true, types: [] },
        root,
      ).options;
      const gate = new TypeGate({ files: new Set([file]), options });
      return { gate, added: gate.addedErrors([{ path: file, text: AT }], []) };
    });
    expect(gates.map(({ added }) => added.map((error) => error.code))).toEqual([[], [2550], []]);
    const programs = gates.map(({ gate }) => (gate as unknown as { program: ts.Program }).program);
    const [es5First, es5Older, es5Second] = programs.map((program) => lib(program, 'lib.es5.d.ts'));
    expect(es5First).toBeDefined();
    expect(es5Second).toBe(es5First);
    expect(es5Older).not.toBe(es5First);
  });
});
