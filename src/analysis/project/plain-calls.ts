/**
 * Calls that cannot send a request, whatever runs them: the language's own
 * globals (`console.log`, `JSON.stringify`, `Math.min`, `parseInt`), methods
 * of strings, arrays, dates and promises (`trim`, `split`, `map`,
 * `toISOString`, `then`), and Node's modules for files, paths and processes.
 * A function whose every call is one of these, or a function of the project
 * that is the same, is seen whole: what it sends, the analysis sees (the
 * function facts' `opaque` says when it is not).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, type Node, unwrap } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { resolveIdentifier } from '../scope.js';

/** Global functions of the language and the runtime that send nothing. */
const GLOBAL_FUNCTIONS: ReadonlySet<string> = new Set([
  'parseInt',
  'parseFloat',
  'String',
  'Number',
  'Boolean',
  'BigInt',
  'Symbol',
  'Array',
  'Object',
  'Date',
  'isNaN',
  'isFinite',
  'encodeURIComponent',
  'decodeURIComponent',
  'encodeURI',
  'decodeURI',
  'structuredClone',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'require',
]);

/** Global objects whose methods send nothing. */
const GLOBAL_OBJECTS: ReadonlySet<string> = new Set([
  'console',
  'JSON',
  'Math',
  'Object',
  'Array',
  'Number',
  'String',
  'Date',
  'Promise',
  'Reflect',
  'Buffer',
  'process',
]);

/**
 * Methods of strings, arrays, numbers, dates, regular expressions and
 * promises. Not `get`/`set`/`delete`: an HTTP client's are requests.
 */
const VALUE_METHODS: ReadonlySet<string> = new Set([
  ...['trim', 'trimStart', 'trimEnd', 'split', 'replace', 'replaceAll', 'match', 'matchAll', 'test', 'exec'],
  ...['startsWith', 'endsWith', 'includes', 'indexOf', 'lastIndexOf', 'slice', 'substring', 'substr', 'charAt'],
  ...['toLowerCase', 'toUpperCase', 'padStart', 'padEnd', 'repeat', 'localeCompare', 'normalize', 'at'],
  ...['toString', 'toFixed', 'toISOString', 'toJSON', 'toLocaleString', 'toLocaleDateString', 'valueOf'],
  ...['getTime', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds'],
  ...['setFullYear', 'setMonth', 'setDate', 'setHours', 'setMinutes', 'setSeconds', 'setMilliseconds'],
  ...['map', 'filter', 'forEach', 'reduce', 'some', 'every', 'find', 'findIndex', 'flat', 'flatMap'],
  ...['push', 'pop', 'shift', 'unshift', 'concat', 'sort', 'reverse', 'join', 'keys', 'values', 'entries'],
  ...['then', 'catch', 'finally'],
]);

/** Node's modules for files, paths, processes and the like: no request to Supabase goes through them. */
export function isNodeModule(source: string): boolean {
  const name = source.replace(/^node:/, '');
  return /^(fs|fs\/promises|path|child_process|os|url|util|crypto|readline|stream|zlib|events|assert|buffer|timers)$/.test(
    name,
  );
}

function rootOf(node: Node): Node {
  let current = unwrap(node);
  while (current.type === 'MemberExpression' || current.type === 'CallExpression') {
    current = unwrap(current.type === 'MemberExpression' ? current.object : current.callee);
  }
  return current;
}

/** Whether a call names a global of the language (not shadowed by a variable of the file) in `names`. */
function isGlobal(ctx: AnalysisContext, node: Node, names: ReadonlySet<string>): boolean {
  if (node.type !== 'Identifier' || !names.has(node.name)) return false;
  const variable = resolveIdentifier(ctx, node);
  return !variable || variable.defs.length === 0;
}

/** Whether a call cannot send a request: a global function, a method of a global object or of a plain value. */
export function isPlainCall(ctx: AnalysisContext, call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') return isGlobal(ctx, callee, GLOBAL_FUNCTIONS);
  if (callee.type !== 'MemberExpression') return false;
  const name = memberName(callee);
  if (name !== null && VALUE_METHODS.has(name)) return true;
  return isGlobal(ctx, rootOf(callee), GLOBAL_OBJECTS);
}
