/**
 * Reads sent page by page by a paginating helper: `selectAllPages(() =>
 * query, { cursor, pageSize })`, the helper the paginate-selects codemod
 * writes. The query is not sent where it is written (the analysis of a
 * request's use calls it `paginated`): the helper sends it once per page of
 * `pageSize` rows, and once more for the empty page that ends the loop. A
 * run sends at least one such request, and as many more as the table has
 * pages: a count the code does not give (unknown unless assumed), like the
 * items of a loop.
 */
import { readFileSync, statSync } from 'node:fs';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  argumentAt,
  enclosingFunction,
  isFunction,
  memberName,
  objectProperty,
  subtree,
  unwrap,
} from '../analysis/ast.js';
import type { AnalysisContext } from '../analysis/detector.js';
import { perItemLoop } from '../analysis/per-item.js';
import { isQueryStartCandidate, queryRoot } from '../analysis/postgrest/query-root.js';
import { analyzeQuery, DEFAULT_PAGINATORS } from '../analysis/postgrest/query-use.js';
import { functionKey } from '../analysis/project/module-facts.js';
import { runDetectors } from '../analysis/run.js';
import type { CountedRequest } from './model.js';

const PAGINATORS: ReadonlySet<string> = new Set(DEFAULT_PAGINATORS);

/** A paginating helper's call: `selectAllPages(() => query, options)`; its query callback. */
export function paginatorCall(call: TSESTree.CallExpression): TSESTree.Node | null {
  const callee = unwrap(call.callee);
  const name =
    callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
  if (name === null || !PAGINATORS.has(name)) return null;
  const first = argumentAt(call, 0);
  const fn = first && unwrap(first);
  return fn && isFunction(fn) ? fn : null;
}

/** `pageSize` as the helper's options write it (a number), else null. */
function pageSizeOf(call: TSESTree.CallExpression): number | null {
  const options = argumentAt(call, 1);
  const inner = options && unwrap(options);
  if (inner?.type !== 'ObjectExpression') return null;
  const value = objectProperty(inner, 'pageSize')?.value;
  const literal = value && unwrap(value);
  return literal?.type === 'Literal' && typeof literal.value === 'number' ? literal.value : null;
}

/** The reads a paginating helper's call sends page by page, as counted requests of the file `shown`. */
export function pagedRequests(ctx: AnalysisContext, call: TSESTree.CallExpression, shown: string): CountedRequest[] {
  const callback = paginatorCall(call);
  if (!callback) return [];
  const perPage = pageSizeOf(call);
  const requests: CountedRequest[] = [];
  for (const node of subtree(callback)) {
    if (node.type !== 'CallExpression' || !isQueryStartCandidate(node)) continue;
    const root = queryRoot(ctx, node);
    if (!root || root.kind !== 'select') continue;
    const use = analyzeQuery(ctx, root);
    if (!use.executions.some((execution) => execution.kind === 'paginated')) continue;
    requests.push({
      file: shown,
      line: node.loc.start.line,
      method: 'select',
      table: root.name,
      path: [],
      perItem: perItemLoop(ctx, call) !== null,
      read: 'page',
      perPage,
    });
  }
  return requests;
}

interface ModulePages {
  mtimeMs: number;
  size: number;
  /** Function key -> the paged reads its body sends. */
  byKey: Map<string, CountedRequest[]>;
}

const modules = new Map<string, ModulePages>();

/** The key of the nearest function around `node` the function facts key. */
function keyAround(node: TSESTree.Node): string | null {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const key = functionKey(fn);
    if (key !== null) return key;
  }
  return null;
}

/**
 * The paged reads of each function of a module (by its function key, as the
 * function facts key it), parsed once per version of the file; an empty map
 * when the file names no paginating helper.
 */
function modulePages(file: string): Map<string, CountedRequest[]> {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return new Map();
  }
  const known = modules.get(file);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.byKey;
  const byKey = new Map<string, CountedRequest[]>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // unreadable: no paged read known
  }
  if (DEFAULT_PAGINATORS.some((name) => text.includes(name))) {
    const calls: TSESTree.CallExpression[] = [];
    const result = runDetectors(text, file, {
      pages: (ctx: AnalysisContext) => ({
        listeners: {
          CallExpression(node: TSESTree.CallExpression) {
            if (paginatorCall(node)) calls.push(node);
          },
        },
        finish: () => calls.map((call) => ({ call, requests: pagedRequests(ctx, call, '') })),
      }),
    });
    if (result.ok) {
      for (const { call, requests } of result.findings.pages) {
        const key = keyAround(call);
        if (key !== null) byKey.set(key, [...(byKey.get(key) ?? []), ...requests]);
      }
    }
  }
  modules.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, byKey });
  return byKey;
}

/** The paged reads the function `key` of module `file` sends itself (not through the functions it calls). */
export function pagedReadsOf(file: string, key: string, show: (file: string) => string): CountedRequest[] {
  return (modulePages(file).get(key) ?? []).map((request) => ({ ...request, file: show(file) }));
}
