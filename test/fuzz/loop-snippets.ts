/**
 * Program parts for no-query-in-loop and require-count-head: requests in
 * loops over collections, over written-out lists and over pages, in
 * per-item callbacks, and count reads whose rows are or are not used.
 */
import fc from 'fast-check';
import { chainSpec, isTypeScript, type Lang, renderChain } from './generators.js';

const loopShapes: readonly ((body: string) => string)[] = [
  (body) => `for (const item of items) {\n    ${body}\n  }`,
  (body) => `for (const item of ['a', 'b']) {\n    ${body}\n  }`,
  (body) => `for (let i = 0; i < items.length; i++) {\n    const item = items[i];\n    ${body}\n  }`,
  (body) =>
    `for (let i = 0; i < items.length; i += 100) {\n    const item = items.slice(i, i + 100);\n    ${body}\n  }`,
  (body) => `while (queue.length > 0) {\n    const item = queue.shift();\n    ${body}\n  }`,
  (body) => `while (more) {\n    const item = cursor;\n    ${body}\n  }`,
  (body) => `items.forEach(async (item) => {\n    ${body}\n  });`,
  (body) => `await Promise.all(items.map(async (item) => {\n    ${body}\n  }));`,
  (body) => `items.map(async (item) => {\n    ${body}\n  });`,
  (body) => `for (const chunk of chunks) {\n    const item = chunk;\n    ${body}\n  }`,
];

const requestTail = fc.constantFrom(
  ".eq('id', item)",
  ".in('id', item)",
  '.range(0, 9)',
  // a keyset page on a column that is no cursor column (require-cursor-order's own cases are generated elsewhere)
  ".gt('price', item).limit(10)",
  '',
);

/** A request (read, write or rpc) sent in one of the loop shapes. */
export function queryInLoopSnippet(lang: Lang, index: number): fc.Arbitrary<string> {
  const request = fc.oneof(
    // no trailing `.csv()`-style transform: the tail's filters and bounds could not follow it
    fc
      .tuple(chainSpec(lang), requestTail)
      .map(([spec, tail]) => `${renderChain({ ...spec, trailing: [] }, lang)}${tail}`),
    fc.constantFrom(
      "supabase.from('todos').insert(item)",
      "supabase.from('todos').upsert({ id: item }, { onConflict: 'id' })",
      "supabase.from('todos').update({ done: true }).eq('id', item)",
      "supabase.from('todos').delete().eq('id', item)",
      "supabase.rpc('touch', { id: item })",
    ),
  );
  const sends = fc.constantFrom(
    (r: string) => `const { data } = await ${r};\n    use(data);`,
    (r: string) => `await ${r};`,
    (r: string) => `${r}.then(use);`,
    (r: string) => `return ${r};`,
  );
  const param = isTypeScript(lang) ? ': any[]' : '';
  return fc
    .tuple(request, sends, fc.constantFrom(...loopShapes))
    .map(
      ([r, send, loop]) =>
        `export async function each${index}(items${param}, queue${param}, chunks${param}, more${isTypeScript(lang) ? ': boolean' : ''}, cursor${isTypeScript(lang) ? ': any' : ''}) {\n  ${loop(send(r))}\n}`,
    );
}

/** Count reads: with and without `head`, rows read or not, sent in the ways the recognizer follows. */
export function countReadSnippet(lang: Lang, index: number): fc.Arbitrary<string> {
  const options = fc.constantFrom(
    "{ count: 'exact' }",
    "{ count: 'planned', head: false }",
    "{ count: 'exact', head: true }",
    "{ count: 'estimated', }",
    '{ head: false }',
    '{ ...opts, count: "exact" }',
  );
  const sends = fc.constantFrom(
    (r: string) => `const { count } = await ${r};\n  return count;`,
    (r: string) => `const { count, error } = await ${r};\n  if (error) throw error;\n  return count;`,
    (r: string) => `const { data, count } = await ${r};\n  return [data, count];`,
    (r: string) => `const res = await ${r};\n  return res.count;`,
    (r: string) => `return (await ${r}).count;`,
    (r: string) => `${r}.then(({ count }) => setTotal(count));`,
    (r: string) => `${r}.then((res) => setRows(res.data));`,
    (r: string) => `return ${r};`,
  );
  return fc.tuple(chainSpec(lang), options, sends).map(([spec, opts, send]) => {
    const request = renderChain({ ...spec, rpc: null, select: `'id', ${opts}` }, lang);
    return `export async function count${index}(roomId${isTypeScript(lang) ? ': string' : ''}) {\n  ${send(request)}\n}`;
  });
}
