/** Why paginate-selects leaves a read, by id: the texts the CLI reports. */
import type { Reason } from '../reasons.js';

export const REASONS = {
  rpc: 'an rpc() result has no known cursor column',
  builtElsewhere:
    '{{callee}}() builds this read and returns it without a row bound on some path ({{place}}): bound it there, on every path, by hand',
  tableNamedAtRunTime: 'the table is named at run time: cannot know its cursor column',
  cursorUnproven:
    "nothing shows that '{{table}}' has a column '{{cursor}}' to page by: {{because}}, and the select list does not name it (add supabase/migrations or generated types, or point --schema at them; or name the cursor in cursors.{{table}} of supabase-scale.config.json, or --cursor)",
  noProvenCursor: 'the schema proves no unique, NOT NULL column of {{relation}} to page by ({{keys}}): {{fix}}',
  cursorNotAColumn:
    "the schema says the cursor '{{cursor}}' ({{source}}) is not a column of {{relation}} ({{keys}}): name a unique NOT NULL column in cursors.{{table}} of supabase-scale.config.json",
  cursorNotUnique:
    "the schema says the cursor '{{cursor}}' ({{source}}) is not unique in {{relation}} ({{keys}}): name a unique NOT NULL column in cursors.{{table}} of supabase-scale.config.json",
  cursorNullable:
    "the schema says the cursor '{{cursor}}' ({{source}}) may be NULL in {{relation}} ({{keys}}), and a keyset cannot step past NULLs: name a unique NOT NULL column in cursors.{{table}} of supabase-scale.config.json",
  selectOptions: 'the select has options ({ count, head }): they would apply to each page, not to the whole read',
  selectListNotLiteral:
    'the select list is written at run time (not a string, nor a constant of this file that holds one): cannot see that it includes the cursor column',
  selectListWithoutCursor:
    "the select list does not include the cursor column '{{cursor}}' (set --cursor or a per-table cursor)",
  cursorNotAscending:
    "ordered by the cursor '{{cursor}}' but not plainly ascending: keyset pagination reads it ascending",
  orderedByRunTimeColumn: "ordered by a column named at run time: keyset pagination orders by the cursor '{{cursor}}'",
  orderedByOtherColumn:
    "ordered by '{{column}}': keyset pagination orders by the cursor '{{cursor}}' (rewrite by hand, or make '{{column}}' the cursor if it is unique)",
  notRows: 'the read returns csv(), geojson() or explain() output, not rows: pages cannot be joined',
  builtThroughVariable: 'the query is built up through a variable: rewrite it by hand',
  sentMoreThanOnce: 'the query is sent more than once',
  combinedAfterSpread:
    'the query is sent through Promise.all after a spread element: its place among the results is not known',
  combinatorNotAll:
    'the query is sent through Promise.{{combinator}}, whose result is not the response itself: rewrite it by hand',
  combinedResultNotSeen:
    "Promise.all's results are not destructured where they are awaited: cannot see what is read of this one",
  returnedToCaller: 'the response is returned to a caller, which may read more than data and error',
  wrappedWhereSent: 'the query is cast or optionally chained where it is sent: rewrite it by hand',
  sentThroughCall:
    'the query is handed to {{callee}}() before it is sent: rewrite it by hand, or run with --strategy first-page',
  thenCallbackNotHere: 'the .then() callback is not a function written here: cannot see what it reads',
  thenCallbackReadsMore:
    'the .then() callback reads more of the response than data and error ({{what}}): selectAllPages returns only those',
  responseAnnotated:
    'the response is declared with a type ({{type}}) that selectAllPages’ { data, error } may not satisfy: rewrite it by hand',
  destructuresMore: 'the response is destructured for {{keys}}: selectAllPages returns only data and error',
  responseReadBeyond:
    "'{{name}}', the response, is used beyond .data and .error ({{use}}): selectAllPages returns only those",
  readsProperty: 'the response’s {{name}} is read: selectAllPages returns only data and error',
  wholeResponseUsed: 'the whole response is used ({{how}}): selectAllPages returns only data and error',
  sharedBuilder: 'the table builder comes from a variable: a shared builder cannot be read once per page',
  evaluatedPerPage: "'{{expression}}' would be evaluated once per page: rewrite by hand",
  helperNameTaken: "the name '{{helper}}' is already used here",
  rowsNotAllUsed: 'the code {{use}}: reading every page is not the fix (require-pagination suggests .limit(1))',
  pastMaxRows:
    "asks for {{rows}} rows, past the project's max-rows ({{maxRows}}): every page would return more rows than it asks for; page it by hand, or run with --strategy first-page",
  commonJs: 'a CommonJS file: add the helper and its require() by hand',
  helperFileWithoutHelper: '{{path}} exists and does not export {{helper}}',
  helperImportedElsewhere: "'{{helper}}' is already imported from '{{specifier}}'",
  helperOutsideRun:
    'the helper would be created at {{path}}, in the package root {{root}}, outside the folders the codemod runs on ({{folders}}): pass --helper-path (relative to that package root), or run the codemod on the package root',
} as const;

export type Why = Reason<typeof REASONS>;
