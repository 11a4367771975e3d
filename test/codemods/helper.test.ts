/**
 * The selectAllPages helper paginate-selects writes into a project: it reads
 * every row through real postgrest-js builders against a stand-in PostgREST
 * that caps each answer at max-rows (lower than the page size), stops at the
 * first empty page, passes errors through, and type-checks against
 * postgrest-js's own types with the rows' type kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PostgrestClient } from '@supabase/postgrest-js';
import { Project, ts } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { shareLibFiles } from '../../src/codemods/lib-files.js';
import { helperSource } from '../../src/codemods/pagination-helper.js';
import { detectStyle } from '../../src/codemods/text.js';
import { dedent } from '../dedent.js';

const style = detectStyle("import { a } from 'b';\n  const x = 1;\n");
const dir = mkdtempSync(path.join(tmpdir(), 'supabase-scale-helper-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Row {
  id: number;
  room: string;
}
type SelectAllPages = (
  query: (page: <Q>(q: Q) => Q) => PromiseLike<{ data: unknown; error: unknown }>,
  options: { cursor: string; pageSize: number },
) => Promise<{ data: Row[] | null; error: { message: string } | null }>;

async function load(language: 'js' | 'ts'): Promise<SelectAllPages> {
  const source = helperSource(`helper.${language}`, style);
  const js =
    language === 'js'
      ? source
      : ts.transpileModule(source, {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        }).outputText;
  const file = path.join(dir, `helper-${language}.mjs`);
  writeFileSync(file, js);
  return ((await import(pathToFileURL(file).href)) as { selectAllPages: SelectAllPages }).selectAllPages;
}

/** A stand-in PostgREST over one table: `order`, `gt`/`eq` filters and `limit`, every answer capped at `maxRows`. */
function server(rows: Row[], maxRows: number, failOnRequest?: number) {
  const requests: string[] = [];
  // eslint-disable-next-line @typescript-eslint/require-await -- stands in for fetch: an async function, with or without awaits
  const fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    requests.push(decodeURIComponent(url.search));
    if (requests.length === failOnRequest) {
      return new Response(
        JSON.stringify({
          message: 'canceling statement due to statement timeout',
          code: '57014',
          details: null,
          hint: null,
        }),
        { status: 500, headers: { 'content-type': 'application/json' } },
      );
    }
    let result = [...rows];
    for (const [key, value] of url.searchParams) {
      const [op, operand] = [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)];
      if (key === 'id' && op === 'gt') result = result.filter((row) => row.id > Number(operand));
      if (key === 'room' && op === 'eq') result = result.filter((row) => row.room === operand);
    }
    if (url.searchParams.get('order')?.startsWith('id.asc')) result.sort((a, b) => a.id - b.id);
    const limit = url.searchParams.get('limit');
    result = result.slice(0, Math.min(limit === null ? Infinity : Number(limit), maxRows));
    return new Response(JSON.stringify(result), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { client: new PostgrestClient('http://postgrest.test', { fetch }), requests };
}

/** 2,500 rows in two rooms, in no particular order. */
const ROWS: Row[] = Array.from({ length: 2500 }, (_, index) => ({
  id: ((index * 7919) % 2500) + 1,
  room: index % 5 === 0 ? 'b' : 'a',
}));

describe.each(['js', 'ts'] as const)('selectAllPages (%s helper)', (language) => {
  it('reads every row past max-rows, in cursor order, until an empty page', async () => {
    const selectAllPages = await load(language);
    const { client, requests } = server(ROWS, 300);
    // the unbounded read is silently cut at max-rows
    expect((await client.from('messages').select('*')).data).toHaveLength(300);
    requests.length = 0;
    const { data, error } = await selectAllPages(() => client.from('messages').select('*'), {
      cursor: 'id',
      pageSize: 1000,
    });
    expect(error).toBeNull();
    expect(data?.map((row) => row.id)).toEqual(Array.from({ length: 2500 }, (_, index) => index + 1));
    // pages of 300 (max-rows < pageSize): 9 pages with rows, then one empty page
    expect(requests).toHaveLength(10);
    expect(requests[0]).toBe('?select=*&order=id.asc&limit=1000');
    expect(requests[1]).toBe('?select=*&order=id.asc&id=gt.300&limit=1000');
  });

  it('keeps the filters of the query on every page', async () => {
    const selectAllPages = await load(language);
    const { client, requests } = server(ROWS, 1000);
    const { data } = await selectAllPages(() => client.from('messages').select('id, room').eq('room', 'b'), {
      cursor: 'id',
      pageSize: 200,
    });
    expect(data).toHaveLength(500);
    expect(data?.filter((row) => row.room !== 'b')).toEqual([]);
    // 500 rows in pages of 200: three pages with rows, then one empty page; each request with the filter
    expect(requests).toHaveLength(4);
    expect(requests.filter((search) => !search.includes('room=eq.b'))).toEqual([]);
  });

  it('returns the first error as { data: null, error }', async () => {
    const selectAllPages = await load(language);
    const { client } = server(ROWS, 1000, 2);
    const { data, error } = await selectAllPages(() => client.from('messages').select('*'), {
      cursor: 'id',
      pageSize: 1000,
    });
    expect(data).toBeNull();
    expect(error?.message).toBe('canceling statement due to statement timeout');
  });

  it('stops with an error when the cursor column is missing from the rows', async () => {
    const selectAllPages = await load(language);
    const { client } = server(ROWS, 1000);
    const { data, error } = await selectAllPages(() => client.from('messages').select('room'), {
      cursor: 'uuid',
      pageSize: 1000,
    });
    expect(data).toBeNull();
    expect(error?.message).toBe('selectAllPages: the cursor column "uuid" is null or not selected');
  });

  it('stops with an error when a page ends where the last one did (a builder that ignores .gt() would loop)', async () => {
    const selectAllPages = await load(language);
    // a test double of the builder: every call returns it, and it answers the same rows whatever the filters
    const calls: string[] = [];
    const builder = {
      order: (column: string) => (calls.push(`order ${column}`), builder),
      gt: (column: string, value: unknown) => (calls.push(`gt ${column} ${String(value)}`), builder),
      limit: (count: number) => (calls.push(`limit ${count}`), builder),
      then: (resolve: (value: { data: Row[]; error: null }) => void) => {
        resolve({ data: ROWS.slice(0, 3), error: null });
      },
    };
    const { data, error } = await selectAllPages(
      () => builder as unknown as PromiseLike<{ data: Row[]; error: null }>,
      {
        cursor: 'id',
        pageSize: 1000,
      },
    );
    expect(data).toBeNull();
    expect(error?.message).toBe(
      'selectAllPages: the cursor column "id" did not move past the last page (the query ignores .gt())',
    );
    expect(calls).toEqual(['order id', 'limit 1000', 'order id', `gt id ${ROWS[2]!.id}`, 'limit 1000']);
  });
});

describe('the TypeScript helper', () => {
  it('type-checks under strict settings against postgrest-js, keeping the row type, and any as any', () => {
    const project = new Project({
      useInMemoryFileSystem: false,
      compilerOptions: {
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        skipLibCheck: true,
        types: [],
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      },
    });
    shareLibFiles(project); // lib files parsed once a worker (src/codemods/lib-files.ts)
    const base = path.resolve(import.meta.dirname, '..', '..', 'test', `.helper-typecheck-${process.pid}`);
    project.createSourceFile(path.join(base, 'supabase-pagination.ts'), helperSource('supabase-pagination.ts', style));
    project.createSourceFile(
      path.join(base, 'usage.ts'),
      dedent`
        import { PostgrestClient } from '@supabase/postgrest-js';
        import { selectAllPages } from './supabase-pagination.js';

        type Message = { id: number; body: string };
        type Database = {
          public: {
            Tables: { messages: { Row: Message; Insert: Message; Update: Partial<Message>; Relationships: [] } };
            Views: {};
            Functions: {};
          };
        };

        const client = new PostgrestClient<Database>('http://postgrest.test');

        export async function everyMessage(): Promise<Message[]> {
          const { data, error } = await selectAllPages(
            () => client.from('messages').select('id, body').eq('body', 'hello'),
            { cursor: 'id', pageSize: 1000 },
          );
          if (error) throw new Error(error.message);
          // @ts-expect-error the rows keep their type: not a number
          const wrong: number = data;
          void wrong;
          return data;
        }

        // a client cast to any stays any (it used to become never: error.message did not compile)
        export async function untyped(): Promise<string> {
          const { data, error } = await selectAllPages(
            () => (client as any).from('messages').select('id, body'),
            { cursor: 'id', pageSize: 1000 },
          );
          if (error) return error.message;
          return data.length.toFixed(0);
        }
      `,
    );
    const diagnostics = project
      .getPreEmitDiagnostics()
      .map(
        (diagnostic) =>
          `${diagnostic.getSourceFile()?.getBaseName()}: ${ts.flattenDiagnosticMessageText(diagnostic.getMessageText() as string, ' ')}`,
      );
    expect(diagnostics).toEqual([]);
  });
});

describe('the JavaScript helper', () => {
  it.each(['supabase-pagination.js', 'supabase-pagination.cjs'])(
    '%s type-checks in a project that checks its JavaScript (checkJs, strict)',
    (name) => {
      const project = new Project({
        useInMemoryFileSystem: true,
        compilerOptions: {
          allowJs: true,
          checkJs: true,
          strict: true,
          noEmit: true,
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.NodeNext,
          moduleResolution: ts.ModuleResolutionKind.NodeNext,
          types: [],
          lib: ['lib.es2022.d.ts'],
        },
      });
      shareLibFiles(project); // lib files parsed once a worker (src/codemods/lib-files.ts)
      project.createSourceFile(`/p/${name}`, helperSource(name, style));
      const diagnostics = project
        .getPreEmitDiagnostics()
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.getMessageText() as string, ' '));
      expect(diagnostics).toEqual([]);
    },
  );
});
