/**
 * realtime-cleanup beyond its fixture pairs: what it writes type-checks under
 * strict settings against supabase-js's own types (no diagnostic the input did
 * not already have), it follows the file's line ends, and the sites it leaves
 * are the ones require-realtime-cleanup reports.
 */
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { CodemodEngine } from '../../src/codemods/engine.js';
import { codemods } from '../../src/codemods/index.js';
import { shareLibFiles } from '../../src/codemods/lib-files.js';
import { fixtureCases, PROJECT, settingsFor } from './harness.js';
import { dedent } from '../dedent.js';

const REACT = dedent`
  declare module 'react' {
    type Destructor = () => void;
    type EffectCallback = () => void | Destructor;
    export function useEffect(effect: EffectCallback, deps?: readonly unknown[]): void;
    export function useLayoutEffect(effect: EffectCallback, deps?: readonly unknown[]): void;
    export function useState<S>(initial: S): [S, (next: S | ((current: S) => S)) => void];
    export function useRef<T>(initial: T): { current: T };
    const React: { useEffect: typeof useEffect; useLayoutEffect: typeof useLayoutEffect };
    export default React;
  }
  declare namespace JSX {
    interface IntrinsicElements { [name: string]: Record<string, unknown> }
  }
`;

const LIB = {
  'lib/supabase.ts':
    "import { createClient } from '@supabase/supabase-js';\n\nexport const supabase = createClient('http://localhost:54321', 'anon-key');\n",
  'lib/hooks.ts':
    "import { useLayoutEffect } from 'react';\n\nexport const useIsomorphicLayoutEffect = useLayoutEffect;\n",
  'react.d.ts': REACT,
};

/** `code: message` of every diagnostic of `file`, as TypeScript gives them under strict settings. */
function diagnostics(project: Project, file: string): string[] {
  const sourceFile = project.getSourceFileOrThrow(file);
  return project
    .getProgram()
    .getSemanticDiagnostics(sourceFile)
    .concat(project.getProgram().getSyntacticDiagnostics(sourceFile))
    .map(
      (diagnostic) =>
        `TS${diagnostic.getCode()}: ${ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, ' ')}`,
    )
    .sort();
}

describe('realtime-cleanup', () => {
  const typed = fixtureCases('realtime-cleanup').filter((c) => c.ext === 'ts' || c.ext === 'tsx');

  it('adds no TypeScript diagnostic to a TS or TSX fixture (strict, supabase-js types)', () => {
    const base = path.resolve(import.meta.dirname, '..', '..', 'test', `.realtime-typecheck-${process.pid}`);
    const project = new Project({
      useInMemoryFileSystem: false,
      skipAddingFilesFromTsConfig: true,
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        jsx: ts.JsxEmit.Preserve,
        skipLibCheck: true,
        types: [],
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      },
    });
    shareLibFiles(project); // lib files parsed once a worker (src/codemods/lib-files.ts)
    for (const side of ['input', 'output']) {
      for (const [file, text] of Object.entries(LIB)) project.createSourceFile(path.join(base, side, file), text);
      for (const c of typed)
        project.createSourceFile(path.join(base, side, `${c.name}.${c.ext}`), side === 'input' ? c.input : c.output);
    }
    expect(typed.length).toBeGreaterThanOrEqual(10);
    let rewrittenFiles = 0;
    for (const c of typed) {
      const before = diagnostics(project, path.join(base, 'input', `${c.name}.${c.ext}`));
      const after = diagnostics(project, path.join(base, 'output', `${c.name}.${c.ext}`));
      // the stubs and supabase-js resolve: no missing module anywhere
      expect([...before, ...after].filter((message) => message.startsWith('TS2307'))).toEqual([]);
      const added = [...after];
      for (const message of before) {
        const index = added.indexOf(message);
        if (index >= 0) added.splice(index, 1);
      }
      expect({ fixture: `${c.name}.${c.ext}`, added }).toEqual({ fixture: `${c.name}.${c.ext}`, added: [] });
      if (c.output !== c.input) rewrittenFiles += 1;
    }
    expect(rewrittenFiles).toBeGreaterThanOrEqual(10);
    // the typed fixtures the codemod leaves as they are: every other one is a rewrite the check covers
    expect(
      typed
        .filter((c) => c.output === c.input)
        .map((c) => `${c.name}.${c.ext}`)
        .sort(),
    ).toEqual([
      'already-clean.ts',
      'async-effect.tsx',
      'dropped-helper-cleanup.tsx',
      'more-reported.ts',
      'reported-shapes.tsx',
    ]);
  });

  it('reports the untyped `let channel` it leaves with the diagnostic TypeScript would give (TS7034)', () => {
    const text = dedent`
      import { useEffect } from 'react';
      import { supabase } from './lib/supabase';

      export function useInbox(userId: string) {
        useEffect(() => {
          let channel;
          const setup = async () => {
            await supabase.auth.getSession();
            channel = supabase.channel(\`inbox:\${userId}\`).subscribe();
          };
          void setup();
          return () => {
            if (channel) supabase.removeChannel(channel);
          };
        }, [userId]);
      }
    `;
    const base = path.resolve(import.meta.dirname, '..', '..', 'test', `.realtime-ts7034-${process.pid}`);
    const project = new Project({
      useInMemoryFileSystem: false,
      skipAddingFilesFromTsConfig: true,
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        skipLibCheck: true,
        types: [],
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      },
    });
    shareLibFiles(project); // lib files parsed once a worker (src/codemods/lib-files.ts)
    for (const [file, content] of Object.entries(LIB)) project.createSourceFile(path.join(base, file), content);
    project.createSourceFile(path.join(base, 'inbox.ts'), text);
    // what the codemod would have written, had it rewritten `let channel;` in a TS file
    // (and nothing else: the stubs and supabase-js resolve)
    expect(diagnostics(project, path.join(base, 'inbox.ts'))).toEqual([
      "TS7005: Variable 'channel' implicitly has an 'any' type.",
      "TS7034: Variable 'channel' implicitly has type 'any' in some locations where its type cannot be determined.",
    ]);
  });

  it('writes CRLF line ends in a CRLF file', () => {
    const text = dedent`
      import { useEffect } from 'react';
      import { supabase } from './lib/supabase';

      export function useRoom(roomId: string) {
        useEffect(() => {
          supabase.channel(\`room:\${roomId}\`).subscribe();
        }, [roomId]);
      }
    `.replace(/\n/g, '\r\n');
    const engine = new CodemodEngine([codemods['realtime-cleanup']!], {
      settings: settingsFor({}),
      types: null,
      readFile: () => null,
    });
    const result = engine.transform(path.join(PROJECT, 'src', 'room.ts'), text);
    expect(result.error).toBeNull();
    expect(result.after).toBe(
      dedent`
        import { useEffect } from 'react';
        import { supabase } from './lib/supabase';

        export function useRoom(roomId: string) {
          useEffect(() => {
            const channel = supabase.channel(\`room:\${roomId}\`).subscribe();
            return () => {
              supabase.removeChannel(channel);
            };
          }, [roomId]);
        }
      `.replace(/\n/g, '\r\n'),
    );
    expect(result.after.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('rewrites nothing in an effect hook it is not told about, and follows effectHooks when it is', () => {
    const text =
      "export function useRoom() {\n  useMountEffect(() => {\n    supabase.channel('room').subscribe();\n  });\n}\n";
    const run = (effectHooks: string[]) =>
      new CodemodEngine([codemods['realtime-cleanup']!], {
        settings: settingsFor({ effectHooks }),
        types: null,
        readFile: () => null,
      }).transform(path.join(PROJECT, 'src', 'room.js'), text);
    expect(run(['useEffect']).status).toBe('unchanged');
    const told = run(['useEffect', 'useMountEffect']);
    expect(told.rewritten['realtime-cleanup']).toBe(1);
    expect(told.after).toContain(
      "    const channel = supabase.channel('room').subscribe();\n    return () => {\n      supabase.removeChannel(channel);\n    };\n  });",
    );
  });
});
