/**
 * The `selectAllPages` helper that paginate-selects writes once into the
 * user's project (TypeScript, JavaScript, or CommonJS JavaScript for a
 * `.cjs` path, after the helper path's extension), in the quote and indentation style of the first file it
 * rewrote.
 */
import { isCommonJsFile, isTypeScriptFile } from '../utils/source-files.js';
import { type Style } from './text.js';

export const HELPER_NAME = 'selectAllPages';

const HEADER = [
  '/**',
  ' * Reads every row of a PostgREST (supabase-js) select, page by page, with a',
  ' * cursor (keyset) on a unique, non-null column. Each page is the query with',
  ' * `.order(cursor, { ascending: true }).gt(cursor, last).limit(pageSize)`; the',
  " * loop stops at the first EMPTY page (not at a short one: the project's",
  ' * max-rows may be lower than pageSize). Returns `{ data, error }` like the',
  ' * query itself: every row, or the first error (a page that ends where the last',
  ' * one did, as a test double that ignores .gt() does, is one: it would loop).',
  ' *',
  ' *     const { data, error } = await selectAllPages(',
  " *       () => supabase.from('messages').select('*').eq('room', room),",
  " *       { cursor: 'id', pageSize: 1000 },",
  ' *     );',
  ' *',
  ' * Written by `supabase-scale codemod paginate-selects`; yours to edit.',
  ' */',
];

const TS_BODY = `
/** The builder calls one page needs (supabase-js filter builders have them). */
interface Pageable {
  order(column: string, options: { ascending: boolean }): Pageable;
  gt(column: string, value: unknown): Pageable;
  limit(count: number): Pageable;
}

/** Which unique, non-null column orders the pages, and how many rows each page asks for. */
export interface PageOptions {
  cursor: string;
  pageSize: number;
}

/**
 * What the query resolves to, as \`{ data, error }\` (each case of a union
 * kept apart). A query typed \`any\` (\`(supabase as any).from(...)\`) stays
 * \`any\`: \`0 extends 1 & Query\` holds only for \`any\`.
 */
type Response<Query> = 0 extends 1 & Query
  ? Query
  : Query extends PromiseLike<infer Result>
    ? Result extends { data: infer Data; error: infer Failure }
      ? { data: Data; error: Failure }
      : never
    : never;

export async function selectAllPages<Query extends PromiseLike<{ data: unknown; error: unknown }>>(
  query: () => Query,
  options: PageOptions,
): Promise<Response<Query>> {
  const { cursor, pageSize } = options;
  const rows: unknown[] = [];
  let last: unknown = null;
  for (;;) {
    let page = (query() as unknown as Pageable).order(cursor, { ascending: true });
    if (rows.length > 0) page = page.gt(cursor, last);
    const { data, error } = await (page.limit(pageSize) as unknown as Query);
    if (error) return { data: null, error } as Response<Query>;
    if (!Array.isArray(data) || data.length === 0) break;
    const next = (data[data.length - 1] as Record<string, unknown>)[cursor];
    let stuck: string | null = null;
    if (next === null || next === undefined) stuck = 'is null or not selected';
    else if (rows.length > 0 && next === last) stuck = 'did not move past the last page (the query ignores .gt())';
    if (stuck !== null) {
      const message = \`selectAllPages: the cursor column "\${cursor}" \${stuck}\`;
      return { data: null, error: { message, details: '', hint: '', code: 'CURSOR' } } as Response<Query>;
    }
    for (const row of data) rows.push(row);
    last = next;
  }
  return { data: rows, error: null } as Response<Query>;
}
`;

const JS_BODY = `
/**
 * @param {() => PromiseLike<{ data: unknown, error: unknown }>} query
 * @param {{ cursor: string, pageSize: number }} options
 * @returns {Promise<{ data: any, error: any }>}
 */
export async function selectAllPages(query, options) {
  const { cursor, pageSize } = options;
  /** @type {unknown[]} */
  const rows = [];
  /** @type {unknown} */
  let last = null;
  for (;;) {
    /** @type {any} the query's builder: order, gt and limit */
    let page = query();
    page = page.order(cursor, { ascending: true });
    if (rows.length > 0) page = page.gt(cursor, last);
    const { data, error } = await page.limit(pageSize);
    if (error) return { data: null, error };
    if (!Array.isArray(data) || data.length === 0) break;
    const next = data[data.length - 1][cursor];
    /** @type {string | null} */
    let stuck = null;
    if (next === null || next === undefined) stuck = 'is null or not selected';
    else if (rows.length > 0 && next === last) stuck = 'did not move past the last page (the query ignores .gt())';
    if (stuck !== null) {
      const message = \`selectAllPages: the cursor column "\${cursor}" \${stuck}\`;
      return { data: null, error: { message, details: '', hint: '', code: 'CURSOR' } };
    }
    for (const row of data) rows.push(row);
    last = next;
  }
  return { data: rows, error: null };
}
`;

/** Re-styles the helper's own source (written with 2 spaces, single quotes and semicolons). */
function restyle(source: string, style: Style): string {
  let out = source
    .split('\n')
    .map((line) => {
      const lead = /^( *)/.exec(line)![1]!.length;
      const levels = Math.floor(lead / 2);
      return style.indent.repeat(levels) + ' '.repeat(lead % 2) + line.slice(lead);
    })
    .join('\n');
  if (style.quote === '"') {
    // only plain '...' literals without quotes inside; template literals and comments are kept
    out = out.replace(/'([^'"\n\\]*)'/g, (match, body: string, offset: number) => {
      const lineStart = out.lastIndexOf('\n', offset) + 1;
      return /^\s*(\*|\/\/|\/\*\*)/.test(out.slice(lineStart, offset + 1)) ? match : `"${body}"`;
    });
  }
  if (!style.semicolons) out = out.replace(/;$/gm, '');
  return out.replace(/\n/g, style.eol);
}

/** The JavaScript body as a CommonJS module (`module.exports`), for a `.cjs` helper. */
function commonJsBody(): string {
  return `${JS_BODY.replace('export async function', 'async function')}\nmodule.exports = { ${HELPER_NAME} };\n`;
}

export function helperSource(helperPath: string, style: Style): string {
  const body = isTypeScriptFile(helperPath) ? TS_BODY : isCommonJsFile(helperPath) ? commonJsBody() : JS_BODY;
  return restyle(`${HEADER.join('\n')}\n${body}`, style);
}

/** Whether an existing file provides the helper (it exports a function of that name). */
export function providesHelper(text: string): boolean {
  return (
    new RegExp(`export\\s+(async\\s+)?function\\s+${HELPER_NAME}\\b`).test(text) ||
    new RegExp(`export\\s+(const|let)\\s+${HELPER_NAME}\\b`).test(text) ||
    new RegExp(`module\\.exports\\s*=\\s*\\{[^}]*\\b${HELPER_NAME}\\b`).test(text) ||
    new RegExp(`exports\\.${HELPER_NAME}\\s*=`).test(text)
  );
}
