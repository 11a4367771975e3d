import { createQueryInLoopDetector, mayLoopRequests, type QueryInLoop } from '../analysis/postgrest/query-in-loop.js';
import type { LoopKind } from '../analysis/per-item.js';
import type { ComposedRequest } from '../analysis/project/compose.js';
import { createDetectorRule } from './create-rule.js';

/** The options as the rule reads them: each one filled in from meta.defaultOptions when a config leaves it out. */
export interface NoQueryInLoopFilledOptions {
  checkWrites: boolean;
  checkRpc: boolean;
}

/** What a config may set. */
export type NoQueryInLoopOptions = Partial<NoQueryInLoopFilledOptions>;
export type MessageIds =
  | 'readInLoop'
  | 'sameReadInLoop'
  | 'insertInLoop'
  | 'changeInLoop'
  | 'rpcInLoop'
  | 'callInLoop'
  | 'tablePerItem'
  | 'tablesPerItem'
  | 'callPerTable';

const LOOP_TEXT: Record<LoopKind, string> = {
  'for-of': 'for...of loop',
  'for-in': 'for...in loop',
  for: 'for loop',
  while: 'while loop',
  forEach: '.forEach() callback',
  map: '.map() whose promises go to Promise.all',
  queries: 'useQueries list (one query per item)',
};

/** `select from 'posts'`, `rpc('score')`, `update on 'messages'` through the functions on the way. */
function describeRequest(request: ComposedRequest): string {
  const what =
    request.method === 'rpc'
      ? `rpc(${request.table === null ? '…' : `'${request.table}'`})`
      : `${request.method} ${request.method === 'select' ? 'from' : 'on'} ${request.table === null ? 'a table named at run time' : `'${request.table}'`}`;
  return request.path.length > 1 ? `${what} in ${request.path[request.path.length - 1]}()` : what;
}

const MAX_LISTED = 3;

/**
 * The requests a called function may send, each place once: a function it calls
 * on two exclusive branches (a cache hit and a miss) sends that request once a
 * run, not twice.
 */
function distinctRequests(requests: readonly ComposedRequest[]): ComposedRequest[] {
  const seen = new Set<string>();
  return requests.filter((request) => {
    const place = `${request.file}:${request.line}:${request.method}:${request.table}`;
    if (seen.has(place)) return false;
    seen.add(place);
    return true;
  });
}

function describeRequests(requests: readonly ComposedRequest[]): string {
  const listed = requests.slice(0, MAX_LISTED).map(describeRequest);
  const more = requests.length - listed.length;
  return more > 0 ? `${listed.join(', ')} and ${more} more` : listed.join(', ');
}

export const noQueryInLoop = createDetectorRule<MessageIds, NoQueryInLoopFilledOptions, QueryInLoop>({
  name: 'no-query-in-loop',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow PostgREST requests sent once per item of a collection (N+1 round trips)',
      recommended: 'recommended',
    },
    messages: {
      readInLoop:
        'This select from {{table}} is sent once per item of the {{loop}}: N round trips, each with its own RLS evaluation. Read every item in one request: `.in(column, ids)`, or embed the related rows in the select that produced the list.',
      sameReadInLoop:
        'This select from {{table}} is sent once per item of the {{loop}}, and nothing in it depends on the item: the same rows come back N times. Send it once, before the loop.',
      insertInLoop:
        'This {{method}} on {{table}} is sent once per item of the {{loop}}: N round trips and N transactions. `{{method}}` takes an array of rows: send them in one request (in chunks of a few hundred for very long lists).',
      changeInLoop:
        'This {{method}} on {{table}} is sent once per item of the {{loop}}: N round trips and N transactions. When every item gets the same change, send one `{{method}}` with `.in(column, ids)`; otherwise one `upsert` of an array of rows.',
      callInLoop:
        '`{{callee}}()` sends {{count}} ({{requests}}) and is called once per item of the {{loop}}: {{perItem}}, each a round trip with its own RLS evaluation. Give it the whole list (read with `.in(column, ids)`, write an array of rows) and call it once.',
      rpcInLoop:
        'This rpc({{fn}}) is called once per item of the {{loop}}: N round trips. Give the function the whole list (an array argument) and call it once.',
      tablePerItem:
        'This {{method}} is sent once per item of the {{loop}}, on the table the item names: N round trips. One request cannot span tables, so `.in()` is no fix: group the items by table and send one request per table, or, when each item names a table of its own, let one rpc (a SQL function) or a view do them all in one round trip.',
      tablesPerItem:
        'This {{method}} is sent on each table of a written-out list, and that list is walked once per item of the {{loop}} around it: a round trip per table for every item. One request cannot span tables, but one request a table can cover every item: walk the tables once, outside the loop over the items, and send each table one request for all of them (`.in(column, ids)`, an array of rows).',
      callPerTable:
        '`{{callee}}()` sends {{requests}} on the table its argument names, and is called once per item of the {{loop}}, each item naming the table: a round trip per item. One request cannot span tables, so `.in()` is no fix: group the items by table and send one request per table, or, when each item names a table of its own, let one rpc (a SQL function) or a view do them all in one round trip.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkWrites: {
            type: 'boolean',
            description: 'Also report writes (`insert`, `upsert`, `update`, `delete`) sent once per item.',
          },
          checkRpc: {
            type: 'boolean',
            description: 'Also report `rpc()` calls sent once per item.',
          },
        },
      },
    ],
    defaultOptions: [{ checkWrites: true, checkRpc: true }],
  },
  gate: (text, options, importsAny) => mayLoopRequests(text, options, importsAny),
  detector: (sourceCode, options, project) =>
    createQueryInLoopDetector(sourceCode, { ...options, functions: project.functions, schema: project.schema }),
  report(context, finding) {
    const quoted = finding.name === null ? null : `'${finding.name}'`;
    // inside a loop over a short list that runs in the per-item loop: once per entry, for every item
    const loop =
      finding.perEntry && !finding.tablesOfList
        ? `${LOOP_TEXT[finding.loop]} (and again for each entry of the short list walked inside it)`
        : LOOP_TEXT[finding.loop];
    const node = finding.node;
    if (finding.through) {
      const { callee } = finding.through;
      const requests = distinctRequests(finding.through.requests);
      if (finding.perTable) {
        const methods = [...new Set(requests.map((request) => request.method))];
        const what = methods.length === 1 ? `a ${methods[0]!}` : `requests (${methods.join(', ')})`;
        context.report({ node, messageId: 'callPerTable', data: { callee, requests: what, loop } });
        return;
      }
      // one request reached once, outside a loop of its own, is sent each run; several places, or one reached
      // twice, may be on exclusive branches (a cache hit and a miss) or conditional: no count a run is claimed
      const one = finding.through.requests.length === 1 && finding.through.requests[0]!.perItem === null;
      const places = requests.length === 1 ? 'one place' : `${requests.length} places`;
      const count = one ? 'a request each time it runs' : `requests from ${places} in the code it runs`;
      const perItem = one ? 'a request per item' : 'every request it sends is sent again for each item';
      context.report({
        node,
        messageId: 'callInLoop',
        data: { callee, count, requests: describeRequests(requests), loop, perItem },
      });
      return;
    }
    if (finding.method === 'rpc') {
      context.report({ node, messageId: 'rpcInLoop', data: { fn: quoted ?? '', loop } });
      return;
    }
    if (finding.perTable) {
      context.report({ node, messageId: 'tablePerItem', data: { method: finding.method, loop } });
      return;
    }
    if (finding.tablesOfList) {
      context.report({ node, messageId: 'tablesPerItem', data: { method: finding.method, loop } });
      return;
    }
    const table = quoted ?? 'a table named at run time';
    if (finding.invariant) {
      context.report({ node, messageId: 'sameReadInLoop', data: { table, loop } });
      return;
    }
    const messageId =
      finding.method === 'select'
        ? 'readInLoop'
        : finding.method === 'insert' || finding.method === 'upsert'
          ? 'insertInLoop'
          : 'changeInLoop';
    context.report({ node, messageId, data: { table, loop, method: finding.method } });
  },
});
