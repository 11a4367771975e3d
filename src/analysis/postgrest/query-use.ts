/**
 * One request followed from its root: every builder call made on it (its own
 * chain, and every call made later through a variable that holds the
 * builder), where it is sent (await, `.then`, `Promise.all`, a return), and
 * whether it escapes to code the analysis cannot see.
 *
 * Filters and transforms mutate the builder and return it (postgrest-js), so
 * `q.limit(10);` as a bare statement bounds `q` just as `q = q.limit(10)` does.
 * `client.from(t)` returns a query builder; each `.select()` on it starts a
 * new request.
 */
import { localPaginatorTaking } from './local-paginator.js';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  enclosingFunction,
  enclosingMethodCall,
  isCallbackFunction,
  isPromiseCombinator,
  keyName,
  namedCallTaking,
  type Node,
  outermost,
} from '../ast.js';
import { resolveIdentifier, type Variable } from '../scope.js';
import type { AnalysisContext } from '../detector.js';
import { BUILDER_METHODS, TRAILING_TRANSFORMS } from './methods.js';
import type { QueryRoot } from './query-root.js';

export interface QueryLink {
  name: string;
  call: TSESTree.CallExpression;
}

/**
 * How a request is sent. `paginated`: returned from the query callback of a
 * paginating helper (`selectAllPages(() => query, ...)`), which orders and
 * bounds every page itself.
 */
export type ExecutionKind = 'await' | 'then' | 'promise-combinator' | 'return-async' | 'return-callback' | 'paginated';

/** The paginating helper the paginate-selects codemod writes. */
export const DEFAULT_PAGINATORS: readonly string[] = ['selectAllPages'];

export interface Execution {
  kind: ExecutionKind;
  /** The expression that is sent: awaited, returned, `.then`-ed or combined (type wrappers included). */
  node: Node;
}

export interface QueryUse {
  root: QueryRoot;
  /** Every builder call made on this request, in source order of discovery. */
  links: QueryLink[];
  /** The last call of the request's own chain, where it is written (before any variable). */
  chainEnd: TSESTree.CallExpression;
  /** The calls of the request's own chain, root first. */
  ownChain: QueryLink[];
  executions: Execution[];
  /** Handed to code we cannot see (a call argument, a property, an unknown method): it may be bounded there. */
  escapes: boolean;
  /** Returned from a plain (not async, not callback) function: a query factory. */
  factory: boolean;
  /** Where a factory returns it: the expression in the return (a branch of `cond ? q.single() : q` on its own). */
  returned: Node[];
  /**
   * The read is a call of a function (in this module or another) that builds
   * it and returns it unsent, without a row bound on some or all of its paths:
   * the function, how it is called, and the path without a bound in words.
   */
  builtBy?: { callee: string; name: string; place: string; path: string | null };
  /** Calls the builder was handed to and taken back from (`withTimeout(q, ms)`, `q = applyFilters(q)`), when followed. */
  through: TSESTree.CallExpression[];
}

/**
 * A call the builder is handed to (as `argument`) that gives it back, or a
 * promise of its result: followed instead of escaping.
 */
export type PassesThrough = (call: TSESTree.CallExpression, argument: Node) => boolean;

/** What a walk of one builder found: its calls, where it is sent, and whether it escapes. */
interface Walk {
  links: QueryLink[];
  executions: Execution[];
  escapes: boolean;
  factory: boolean;
  returned: Node[];
  through: TSESTree.CallExpression[];
}

/** The steps of a walk over one builder: up its chains (climb), into the variables that hold it, to where it goes (fate). */
function builderWalk(ctx: AnalysisContext, paginators: ReadonlySet<string>, passesThrough?: PassesThrough) {
  const walk: Walk = { links: [], executions: [], escapes: false, factory: false, returned: [], through: [] };
  const visited = new Set<Variable>();

  /** Walks up `node.m1().m2()...` while the calls keep the builder; returns the last node. */
  function climb(node: Node): Node | null {
    let current = node;
    for (;;) {
      const up = enclosingMethodCall(current);
      if (!up) return current;
      if (!up.call) return null; // a property read such as `q.url`: neutral
      if (up.name !== null && BUILDER_METHODS.has(up.name)) {
        walk.links.push({ name: up.name, call: up.call });
        current = up.call;
        continue;
      }
      if (up.name === 'then') {
        walk.executions.push({ kind: 'then', node: outermost(current) });
        return null;
      }
      walk.escapes = true; // an unknown method: a wrapper or an extension we cannot see
      return null;
    }
  }

  function followVariable(variable: Variable | null): void {
    if (!variable) {
      walk.escapes = true;
      return;
    }
    if (visited.has(variable)) return;
    visited.add(variable);
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      const end = climb(reference.identifier);
      if (end) fate(end);
    }
  }

  /** A return of the builder (`return q`, an arrow's body `() => q`): sent, handed back, or returned to a caller. */
  function returnedFrom(
    parent: TSESTree.ReturnStatement | TSESTree.ArrowFunctionExpression,
    outer: Node,
    origin?: Node,
  ) {
    if (parent.type === 'ArrowFunctionExpression' && parent.body !== outer) {
      walk.escapes = true;
      return;
    }
    const fn = parent.type === 'ArrowFunctionExpression' ? parent : enclosingFunction(parent);
    if (!fn || fn.generator) {
      walk.escapes = true;
    } else if (fn.async) {
      walk.executions.push({ kind: 'return-async', node: outer });
    } else if (namedCallTaking(fn, paginators) || localPaginatorTaking(ctx, fn)) {
      walk.executions.push({ kind: 'paginated', node: outer });
    } else if (isCallbackFunction(fn)) {
      walk.executions.push({ kind: 'return-callback', node: outer });
    } else {
      walk.factory = true;
      walk.returned.push(origin ?? outer);
    }
  }

  /** Where the builder at `node` goes; `origin`: the branch of a conditional it came through. */
  function fate(node: Node, origin?: Node): void {
    const outer = outermost(node);
    const parent = outer.parent;
    if (!parent) return;
    switch (parent.type) {
      case 'AwaitExpression':
        walk.executions.push({ kind: 'await', node: outer });
        return;
      case 'ConditionalExpression':
        if (parent.test !== outer) fate(parent, origin ?? outer);
        return;
      case 'ArrayExpression': {
        const array = outermost(parent);
        const holder = array.parent;
        if (isPromiseCombinator(holder) && holder.arguments[0] === array) {
          walk.executions.push({ kind: 'promise-combinator', node: outer });
        } else {
          walk.escapes = true;
        }
        return;
      }
      case 'ReturnStatement':
      case 'ArrowFunctionExpression':
        returnedFrom(parent, outer, origin);
        return;
      case 'VariableDeclarator':
        if (parent.init === outer && parent.id.type === 'Identifier') {
          followVariable(resolveIdentifier(ctx, parent.id));
        }
        // `const { data } = builder` without await reads nothing: neutral
        return;
      case 'AssignmentExpression':
        if (parent.right === outer && parent.operator === '=' && parent.left.type === 'Identifier') {
          followVariable(resolveIdentifier(ctx, parent.left));
          return;
        }
        walk.escapes = true;
        return;
      case 'ExpressionStatement':
      case 'UnaryExpression':
        return; // `q.limit(10);` mutates the builder; `void q` does nothing
      case 'CallExpression':
        if (passesThrough && parent.callee !== outer && passesThrough(parent, outer)) {
          walk.through.push(parent);
          fate(parent, origin);
          return;
        }
        walk.escapes = true;
        return;
      default:
        walk.escapes = true;
    }
  }

  return { walk, climb, fate, followVariable };
}

/** Follows one request from its root through chains, variables and the places it is sent. */
export function analyzeQuery(
  ctx: AnalysisContext,
  root: QueryRoot,
  paginators: ReadonlySet<string> = new Set(DEFAULT_PAGINATORS),
  /** A call the builder is handed to that gives it back (or a promise of its result): followed instead of escaping. */
  passesThrough?: PassesThrough,
): QueryUse {
  const { walk, climb, fate } = builderWalk(ctx, paginators, passesThrough);
  walk.links.push({ name: root.kind, call: root.start });
  const end = climb(root.start);
  const ownChain = walk.links.slice();
  const chainEnd = ownChain[ownChain.length - 1]!.call;
  if (end) fate(end);
  const { links, executions, escapes, factory, returned, through } = walk;
  return { root, links, ownChain, chainEnd, executions, escapes, factory, returned, through };
}

/**
 * What a function does with a query builder a caller hands it as the
 * parameter `parameter`: the builder calls it makes on it, where it sends it
 * (awaited, raced, `.then`-ed, returned from an async function or a
 * callback), where it hands it back unsent (`returned`), and whether it
 * escapes (handed to a call, stored, an unknown method).
 */
export function parameterUse(
  ctx: AnalysisContext,
  parameter: Variable,
  paginators: ReadonlySet<string> = new Set(DEFAULT_PAGINATORS),
): Omit<Walk, 'through' | 'factory'> {
  const { walk, followVariable } = builderWalk(ctx, paginators);
  followVariable(parameter);
  const { links, executions, escapes, returned } = walk;
  return { links, executions, escapes, returned };
}

/**
 * The call after which a new transform (`.limit(n)`) can be appended to the
 * request's own chain: the last call before any trailing `.csv()`-style
 * transform.
 */
export function appendPoint(use: QueryUse): TSESTree.CallExpression {
  let index = use.ownChain.length - 1;
  while (index > 0 && TRAILING_TRANSFORMS.has(use.ownChain[index]!.name)) index -= 1;
  return use.ownChain[index]!.call;
}

/** The executions that send the request as it is written (not through a paginating helper). */
export function directExecutions(use: QueryUse): Execution[] {
  return use.executions.filter((execution) => execution.kind !== 'paginated');
}

/**
 * Whether every execution of the request drops its rows unread: each is
 * awaited into a destructuring that takes no `data` (`const { error } =
 * await q`, a health check or a write probe). Which rows such a request
 * returns, in which order, does not matter.
 */
export function rowsNeverRead(use: QueryUse): boolean {
  const executions = directExecutions(use);
  return (
    executions.length > 0 &&
    executions.every((execution) => {
      if (execution.kind !== 'await') return false;
      const awaited = execution.node.parent;
      if (awaited?.type !== 'AwaitExpression') return false;
      const result = outermost(awaited);
      const parent = result.parent;
      const pattern =
        parent?.type === 'VariableDeclarator' && parent.init === result
          ? parent.id
          : parent?.type === 'AssignmentExpression' && parent.right === result && parent.operator === '='
            ? parent.left
            : null;
      return (
        pattern?.type === 'ObjectPattern' &&
        pattern.properties.every((property) => {
          if (property.type !== 'Property') return false; // `...rest` keeps the data
          const key = keyName(property.key, property.computed);
          return key !== null && key !== 'data';
        })
      );
    })
  );
}
