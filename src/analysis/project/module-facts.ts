/**
 * One module's function facts (facts.ts), read from its AST: for each function
 * a caller can name (a declaration, a function held by a variable, a method of
 * a class or of an object literal held by a constant), the requests it sends,
 * the calls it makes (to functions of this module or imported bindings), what
 * it returns (an unsent query builder, a channel's remover, another call's
 * result), the channels it subscribes and what becomes of them, the state it
 * writes, and the Postgres Changes filters it takes from its parameters. And
 * what the module exports. Callbacks run at once (`items.map(...)`,
 * `new Promise(...)`, `.then(...)`, an IIFE, a prefetch's `queryFn`) belong to
 * the function around them; any other inner function (an effect, a timer, an
 * event handler) is its own unit and belongs to nobody here.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  asMethodCall,
  enclosingFunction,
  type FunctionNode,
  isFunction,
  keyName,
  LOOPS,
  memberName,
  type Node,
  objectProperty,
  outermost,
  resultHolder,
  staticString,
  subtree,
  unwrap,
} from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { describePath, unboundedPath } from '../postgrest/branch-bounds.js';
import { ARRAY_CALLBACKS, isModuleConstantList, perItemLoop, PREFETCHES } from '../per-item.js';
import { isPlainCall } from './plain-calls.js';
import { isQueryStartCandidate, queryRoot, type QueryRoot, writeRoot } from '../postgrest/query-root.js';
import { analyzeQuery, directExecutions, type QueryUse, rowsNeverRead } from '../postgrest/query-use.js';
import { BUILDER_METHODS } from '../postgrest/methods.js';
import { dispatchChains } from '../postgrest/dispatch.js';
import { rowBound } from '../postgrest/row-bounds.js';
import { channelOrigin, type ChannelOrigin } from '../realtime/channels.js';
import { cleanupsOf, removesChannel } from '../realtime/cleanup.js';
import { conditionalFilterSpread, forwardedParams, optionalFilter } from '../realtime/filters.js';
import { objectLiteral } from '../realtime/values.js';
import { exportedText, resolveIdentifier, type Variable } from '../scope.js';
import { isOneRowRead } from '../postgrest/row-bounds.js';
import { pagesItsFirstParameter } from '../postgrest/local-paginator.js';
import { sentParameters } from '../postgrest/send-wrappers.js';
import { countOnlyRead } from '../postgrest/count-only.js';
import { dayTextFormat } from '../postgrest/date-window.js';
import { deleteListener, type DeleteFact, type DeleteListenerFact, hardDelete } from '../sync/deletes.js';
import { valueOrigin } from '../sync/clock.js';
import type { SyncRead } from '../sync/sync-plan.js';
import { cursorNames, decidingTests, syncRead, type SyncReadOptions, testNames } from '../sync/sync-reads.js';
import { callsIn, returnedCheckpoint, storeCall, storedOrigin, triggeredCallback, triggerKind } from './state-facts.js';
import { classFactories, factoryAccess } from './factories.js';
import { firstUseRegions, type FirstUseRegion, keyParams } from './first-use.js';
import { alwaysPresent, sameParameter, unlessParameter } from '../postgrest/param-guard.js';
import { argumentHandlesDelete, evidenceText } from '../realtime/callback-events.js';
import { type Imported, importOf } from './import-of.js';
import type {
  ArgumentFact,
  FirstUse,
  Place,
  Callee,
  CallFact,
  ChannelFact,
  DeleteCallbackFact,
  ExportFact,
  FunctionFacts,
  ModuleFacts,
  PerItem,
  StoreFact,
  TriggerFact,
} from './facts.js';

/** Promise continuations: run as part of the same flow. */
const CONTINUATIONS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/** Hooks that hand back the function they are given (`useCallback(fn, deps)`). */
const MEMO_HOOKS: ReadonlySet<string> = new Set(['useCallback', 'useEvent', 'useEffectEvent', 'useMemoizedFn']);

/** Methods of a Supabase client or channel: requests and subscriptions, read by their own recognizers. */
const CLIENT_METHODS: ReadonlySet<string> = new Set([
  'from',
  'rpc',
  'schema',
  'channel',
  'removeChannel',
  'removeAllChannels',
  'on',
  'subscribe',
  'unsubscribe',
]);

function calleeName(callee: Node): string | null {
  const inner = unwrap(callee);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'MemberExpression') return memberName(inner);
  return null;
}

/**
 * Whether an inner function runs at once, as part of the function around it:
 * an array callback, a promise executor or continuation, an IIFE, the
 * `queryFn` of a prefetch.
 */
export function runsAtOnce(fn: FunctionNode): boolean {
  const outer = outermost(fn);
  const parent = outer.parent;
  if (!parent) return false;
  if (parent.type === 'CallExpression' && parent.callee === outer) return true; // IIFE
  if (parent.type === 'NewExpression' && parent.arguments[0] === outer) {
    const callee = unwrap(parent.callee);
    return callee.type === 'Identifier' && callee.name === 'Promise';
  }
  if (parent.type === 'CallExpression' && parent.arguments.includes(outer as TSESTree.CallExpressionArgument)) {
    const method = asMethodCall(parent);
    return method !== null && (ARRAY_CALLBACKS.has(method.name) || CONTINUATIONS.has(method.name));
  }
  if (parent.type === 'Property' && parent.value === outer && keyName(parent.key, parent.computed) === 'queryFn') {
    const object = outermost(parent.parent);
    const call = object.parent;
    if (call?.type !== 'CallExpression' || call.arguments[0] !== object) return false;
    const name = calleeName(call.callee);
    return name !== null && PREFETCHES.has(name);
  }
  return false;
}

/** The name of the class around a method, or `default` for an anonymous default export. */
function className(node: Node): string | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'ClassDeclaration' || current.type === 'ClassExpression') {
      if (current.id) return current.id.name;
      const holder = outermost(current).parent;
      if (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier') return holder.id.name;
      return holder?.type === 'ExportDefaultDeclaration' ? 'default' : null;
    }
  }
  return null;
}

/** The call whose options hold `fn` as a handler (`synchronize({ pullChanges: async () => ... })`), and where it is. */
function handlerCall(fn: FunctionNode): (Place & { call: string }) | null {
  const property = outermost(fn).parent;
  if (property?.type !== 'Property' || property.parent.type !== 'ObjectExpression') return null;
  let object: TSESTree.ObjectExpression = property.parent;
  for (let depth = 0; depth < 3; depth += 1) {
    const outer = outermost(object);
    const parent = outer.parent;
    if (parent?.type === 'CallExpression' && parent.arguments.includes(outer as TSESTree.CallExpressionArgument)) {
      const call = calleeName(parent.callee);
      return call === null ? null : { call, line: parent.loc.start.line, column: parent.loc.start.column };
    }
    if (parent?.type !== 'Property' || parent.parent.type !== 'ObjectExpression') return null;
    object = parent.parent;
  }
  return null;
}

/** The call an options object is handed to, through nested objects (`f({ pull: { handler } })` -> `f`). */
function optionsCall(object: TSESTree.ObjectExpression, depth = 0): string | null {
  const outer = outermost(object);
  const parent = outer.parent;
  if (parent?.type === 'CallExpression' && parent.arguments.includes(outer as TSESTree.CallExpressionArgument)) {
    return calleeName(parent.callee);
  }
  if (depth < 2 && parent?.type === 'Property' && parent.parent.type === 'ObjectExpression') {
    return optionsCall(parent.parent, depth + 1);
  }
  return null;
}

/** The constant an object literal initializes (`const cache = { ... }`), when it is one. */
function objectHolder(object: TSESTree.ObjectExpression): string | null {
  const holder = outermost(object).parent;
  if (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier') return holder.id.name;
  if (holder?.type === 'ExportDefaultDeclaration') return 'default';
  return null;
}

/** Whether a node sits at module level (not inside any function or class body). */
function atModuleLevel(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current) || current.type === 'ClassBody') return false;
  }
  return true;
}

/**
 * The key a caller names a function by, or null for a function no caller can
 * name (a callback, an effect). Top-level names are bare; names inside other
 * functions carry their place so that two helpers named alike stay apart.
 */
export function functionKey(fn: FunctionNode): string | null {
  const place = `@${fn.loc.start.line}:${fn.loc.start.column}`;
  const outer = outermost(fn);
  const parent = outer.parent;
  if (!parent) return null;
  if (fn.type === 'FunctionDeclaration') {
    const name = fn.id?.name ?? (parent.type === 'ExportDefaultDeclaration' ? 'default' : null);
    if (name === null) return null;
    return atModuleLevel(fn) ? name : `${name}${place}`;
  }
  if (parent.type === 'ExportDefaultDeclaration') return 'default';
  if (parent.type === 'VariableDeclarator' && parent.init === outer && parent.id.type === 'Identifier') {
    return atModuleLevel(parent) ? parent.id.name : `${parent.id.name}${place}`;
  }
  if (parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') {
    const owner = className(parent);
    const name = keyName(parent.key, parent.computed);
    if (owner === null || name === null) return null;
    // a method of a class declared at module level is named by its class
    const classNode = parent.parent.parent;
    return atModuleLevel(classNode) ? `${owner}.${name}` : `${owner}.${name}${place}`;
  }
  if (parent.type === 'Property' && parent.value === outer && parent.parent.type === 'ObjectExpression') {
    const holder = objectHolder(parent.parent);
    const name = keyName(parent.key, parent.computed);
    if (name === null) return null;
    if (holder === null) {
      // a handler in the options of a call (`synchronize({ pullChanges: async () => ... })`,
      // `replicateRxCollection({ pull: { handler } })`): named by the call, for the sync search
      // a prefetch's queryFn runs at once, as part of the function around it
      const call = runsAtOnce(fn) ? null : optionsCall(parent.parent);
      return call === null ? null : `${call}.${name}${place}`;
    }
    return atModuleLevel(parent) ? `${holder}.${name}` : `${holder}.${name}${place}`;
  }
  // const load = useCallback(async () => { ... }, [])
  if (parent.type === 'CallExpression' && parent.arguments[0] === outer) {
    const name = calleeName(parent.callee);
    const holder = outermost(parent).parent;
    if (
      name !== null &&
      MEMO_HOOKS.has(name) &&
      holder?.type === 'VariableDeclarator' &&
      holder.id.type === 'Identifier'
    )
      return `${holder.id.name}${place}`;
  }
  return null;
}

/** The function whose run sends what `node` does: the nearest keyed function, through callbacks run at once. */
function ownerOf(node: Node, keys: ReadonlyMap<FunctionNode, string>): FunctionNode | null {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (keys.has(fn)) return fn;
    if (!runsAtOnce(fn)) return null;
  }
  return null;
}

/** The per-item loop around `node` inside `owner` (not one around the owner itself). */
function loopWithin(ctx: AnalysisContext, node: Node, owner: FunctionNode): PerItem | null {
  const loop = perItemLoop(ctx, node);
  if (!loop || loop.node.range[0] < owner.range[0] || loop.node.range[1] > owner.range[1]) return null;
  return loop.kind;
}

/** What the caller does with a call's result. */
export function resultUse(ctx: AnalysisContext, call: TSESTree.CallExpression): CallFact['result'] {
  const node = resultHolder(call);
  const parent = node.parent;
  if (!parent) return 'used';
  if (parent.type === 'ExpressionStatement') return 'dropped';
  if (parent.type === 'ReturnStatement') return 'returned';
  if (parent.type === 'ArrowFunctionExpression' && parent.body === node) return 'returned';
  if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, parent.id);
    if (variable && !variable.references.some((ref) => ref.isRead())) return 'dropped';
  }
  return 'used';
}

function argumentFacts(call: TSESTree.CallExpression): ArgumentFact[] {
  return call.arguments.map((argument) => {
    if (argument.type === 'SpreadElement') return 'spread';
    const inner = unwrap(argument);
    if (
      (inner.type === 'Identifier' && inner.name === 'undefined') ||
      (inner.type === 'Literal' && inner.value === null)
    )
      return 'nullish';
    return 'present';
  });
}

/**
 * The index of `fn`'s parameter the client of a request is made from: the
 * client is a `const` of `fn` made by a call that reads the parameter
 * (`const client = createClient(url, key, { global: { headers: { Authorization:
 * `Bearer ${jwt}` } } })`); -1 otherwise (a client handed in as it is, a
 * shared one).
 */
function clientMadeFromParameter(ctx: AnalysisContext, client: Node, fn: FunctionNode): number {
  const inner = unwrap(client);
  if (inner.type !== 'Identifier') return -1;
  const def = resolveIdentifier(ctx, inner)?.defs[0];
  if (def?.type !== 'Variable' || def.parent.kind !== 'const' || !def.node.init) return -1;
  let init = unwrap(def.node.init);
  if (init.type === 'AwaitExpression') init = unwrap(init.argument);
  return init.type === 'CallExpression' ? derivedParameter(ctx, inner, fn) : -1;
}

/** `params`: the calling function's parameter each argument is or is made from (derivedParameter), when one is. */
function parameterArguments(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  fn: FunctionNode,
): { params?: number[] } {
  const params = call.arguments.map((argument) => {
    const inner = unwrap(argument);
    return inner.type === 'Identifier' ? derivedParameter(ctx, inner, fn) : -1;
  });
  return params.some((index) => index >= 0) ? { params } : {};
}

/**
 * What a call says of missing values (param-guard.ts): the calling function's
 * parameter whose absence it is made under (`unlessParam`), the arguments that
 * cannot be missing (`definedArgs`), and the arguments that are a parameter of
 * the calling function unchanged (`sameParams`), when there are some.
 */
function missingArguments(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  fn: FunctionNode,
): Pick<CallFact, 'unlessParam' | 'definedArgs' | 'sameParams'> {
  const unlessParam = unlessParameter(ctx, call, fn);
  const definedArgs = call.arguments.flatMap((argument, index) =>
    argument.type !== 'SpreadElement' && alwaysPresent(ctx, argument) ? [index] : [],
  );
  const sameParams = call.arguments.map((argument) => {
    const inner = unwrap(argument);
    return inner.type === 'Identifier' ? sameParameter(ctx, inner, fn) : -1;
  });
  return {
    ...(unlessParam >= 0 ? { unlessParam } : {}),
    ...(definedArgs.length > 0 ? { definedArgs } : {}),
    ...(sameParams.some((index) => index >= 0) ? { sameParams } : {}),
  };
}

/** `deleteCallbacks`: the arguments that are a callback handling a Realtime delete, when there are some. */
function deleteCallbackArguments(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
): { deleteCallbacks?: DeleteCallbackFact[] } {
  const found = call.arguments.flatMap((argument, index): DeleteCallbackFact[] => {
    if (argument.type === 'SpreadElement') return [];
    const evidence = argumentHandlesDelete(ctx, argument);
    return evidence ? [{ index, text: evidenceText(ctx, evidence), line: evidence.loc.start.line }] : [];
  });
  return found.length > 0 ? { deleteCallbacks: found } : {};
}

/**
 * `windowArgs`: the arguments whose value is the clock or a constant, and the
 * properties of object arguments whose value is (`'1.sinceIso'`), when there are some.
 */
function windowArguments(ctx: AnalysisContext, call: TSESTree.CallExpression): { windowArgs?: (number | string)[] } {
  const found = call.arguments.flatMap((argument, index): (number | string)[] => {
    if (argument.type === 'SpreadElement') return [];
    if (argument.type === 'ObjectExpression') {
      return argument.properties.flatMap((property) => {
        if (property.type !== 'Property' || property.computed) return [];
        const key = keyName(property.key, false);
        return key !== null && valueOrigin(ctx, property.value) !== 'other' ? [`${index}.${key}`] : [];
      });
    }
    return valueOrigin(ctx, argument) !== 'other' ? [index] : [];
  });
  return found.length > 0 ? { windowArgs: found } : {};
}

/**
 * `runStartArgs`: the arguments that are a `let` of the calling function
 * starting each run at a constant (`let cursor = 0`) and changed only inside
 * a loop around the call (`for (;;) { const page = await next(cursor); …
 * cursor = row.id }`): a walk from the first row in every run, not a position
 * kept between runs. A value loaded before the loop (`cursor = stored ??
 * 0`) is not one.
 */
function runStartArguments(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  fn: FunctionNode,
): { runStartArgs?: number[] } {
  const found = call.arguments.flatMap((argument, index) => {
    const inner = unwrap(argument);
    const variable = inner.type === 'Identifier' ? resolveIdentifier(ctx, inner) : null;
    const def = variable?.defs.length === 1 ? variable.defs[0]! : null;
    if (def?.type !== 'Variable' || def.parent.kind !== 'let' || enclosingFunction(def.name) !== fn) return [];
    const init = def.node.init;
    if (init && valueOrigin(ctx, init) !== 'constant') return [];
    const writes = variable!.references.filter((reference) => reference.isWrite() && !reference.init);
    const inWalk = (node: Node) => {
      for (let up = node.parent; up && up !== fn; up = up.parent) {
        if (isFunction(up)) return false;
        if (LOOPS.has(up.type) && up.range[0] <= call.range[0] && call.range[1] <= up.range[1]) return true;
      }
      return false;
    };
    return writes.length > 0 && writes.every((reference) => inWalk(reference.identifier)) ? [index] : [];
  });
  return found.length > 0 ? { runStartArgs: found } : {};
}

/** The index of `fn`'s parameter that `node` is (a plain parameter never reassigned); -1 otherwise. */
function parameterIndex(ctx: AnalysisContext, node: Node | undefined, fn: FunctionNode): number {
  const inner = node && unwrap(node);
  if (inner?.type !== 'Identifier') return -1;
  const variable = resolveIdentifier(ctx, inner);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || def?.type !== 'Parameter' || def.node !== fn) return -1;
  if (variable.references.some((reference) => reference.isWrite())) return -1;
  return fn.params.findIndex((param) => param === def.name);
}

/**
 * The index of `fn`'s parameter that `id` is or is computed from: the
 * parameter (or a name it destructures), or a `const` of `fn` whose value
 * reads one (`const tool = { name: call.name, ...args }`); -1 otherwise.
 */
function derivedParameter(ctx: AnalysisContext, id: TSESTree.Identifier, fn: FunctionNode, depth = 0): number {
  const variable = resolveIdentifier(ctx, id);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || !def) return -1;
  if (def.type === 'Parameter') return def.node === fn ? fn.params.findIndex((param) => contains(param, def.name)) : -1;
  if (depth >= 2 || def.type !== 'Variable' || def.parent.kind !== 'const') return -1;
  const init = def.node.init;
  if (!init || !contains(fn, def.node)) return -1;
  for (const node of subtree(init, (inner) => !isFunction(inner))) {
    if (node.type !== 'Identifier' || node === id) continue;
    const index = derivedParameter(ctx, node, fn, depth + 1);
    if (index >= 0) return index;
  }
  return -1;
}

class Collector {
  private readonly keys = new Map<FunctionNode, string>();
  private readonly taken = new Set<string>();
  private readonly topCalls: CallFact[] = [];
  private readonly triggers: TriggerFact[] = [];
  private readonly deletes: DeleteFact[] = [];
  private readonly deleteListeners: DeleteListenerFact[] = [];
  /** Reads made by each function, with their nodes, until their fallbacks are decided. */
  private readonly reads = new Map<FunctionNode, { use: QueryUse; read: SyncRead }[]>();
  /** The calls each function makes, with their nodes, for the same decision. */
  private readonly callNodes = new Map<FunctionNode, { node: TSESTree.CallExpression; fact: CallFact }[]>();
  private readonly facts = new Map<FunctionNode, FunctionFacts>();
  /** Local keys of the functions a variable holds (`const f = ...`, `function f`). */
  private readonly classes = new Map<string, Record<string, string>>();

  /** Each top-level class's factories (factories.ts), read once the functions are keyed. */
  private factories: Record<string, string[]> = {};

  /** The parts of each function sent only on first use (first-use.ts), read on first ask. */
  private readonly firstUses = new Map<FunctionNode, FirstUseRegion[]>();

  constructor(
    private readonly ctx: AnalysisContext,
    private readonly program: TSESTree.Program,
    private readonly readOptions: SyncReadOptions,
  ) {}

  collect(file: string): ModuleFacts {
    const calls: TSESTree.CallExpression[] = [];
    const returns: (TSESTree.ReturnStatement | TSESTree.ArrowFunctionExpression)[] = [];
    const assignments: TSESTree.AssignmentExpression[] = [];
    for (const node of subtree(this.program)) {
      if (isFunction(node)) {
        const key = functionKey(node);
        if (key !== null && !this.keysTaken(key)) this.register(node, key);
        if (node.type === 'ArrowFunctionExpression' && node.expression) returns.push(node);
      } else if (node.type === 'CallExpression') calls.push(node);
      else if (node.type === 'ReturnStatement') returns.push(node);
      else if (node.type === 'AssignmentExpression') assignments.push(node);
    }
    for (const call of calls) this.call(call);
    for (const [fn, facts] of this.facts) {
      this.paginator(fn, facts);
      const sent = sentParameters(this.ctx, fn);
      if (sent.length > 0) facts.sendsParams = sent;
    }
    for (const node of returns) this.returned(node);
    for (const assignment of assignments) this.assignment(assignment);
    for (const [fn, reads] of this.reads) markFallbacks(this.ctx, fn, reads, this.callNodes.get(fn) ?? []);
    for (const [fn, facts] of this.facts) this.dispatches(fn, facts);
    this.factories = classFactories(this.program);
    const functions: Record<string, FunctionFacts> = {};
    for (const fact of this.facts.values()) {
      for (const request of fact.requests) if (request.read) request.read.file = file;
      functions[fact.key] = fact;
    }
    return {
      file,
      functions,
      calls: this.topCalls,
      triggers: this.triggers,
      deletes: this.deletes.sort((a, b) => a.line - b.line),
      deleteListeners: this.deleteListeners.sort((a, b) => a.line - b.line),
      ...this.exports(),
      ...(Object.keys(this.factories).length > 0 ? { factories: this.factories } : {}),
    };
  }

  private keysTaken(key: string): boolean {
    return this.taken.has(key);
  }

  private register(fn: FunctionNode, key: string): void {
    this.keys.set(fn, key);
    this.taken.add(key);
    const dot = key.indexOf('.');
    if (dot > 0 && !key.includes('@')) {
      const owner = key.slice(0, dot);
      const methods = this.classes.get(owner) ?? {};
      methods[key.slice(dot + 1)] = key;
      this.classes.set(owner, methods);
    }
    const name = key.replace(/@.*$/, '');
    const handedTo = handlerCall(fn);
    this.facts.set(fn, {
      ...(handedTo ? { handedTo } : {}),
      key,
      name,
      line: fn.loc.start.line,
      column: fn.loc.start.column,
      async: fn.async,
      component: /^use[A-Z0-9]/.test(name) || /^[A-Z]/.test(name.split('.').pop() ?? ''),
      requests: [],
      calls: [],
      returns: [],
      channels: [],
      stores: [],
      filterParameters: [],
    });
  }

  /** The facts of the nearest keyed function around `node`, through callbacks that do not run at once. */
  private keyedAround(node: Node): FunctionFacts | null {
    for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
      const facts = this.facts.get(fn);
      if (facts) return facts;
    }
    return null;
  }

  private factsOf(node: Node): { fn: FunctionNode; facts: FunctionFacts } | null {
    const fn = ownerOf(node, this.keys);
    const facts = fn && this.facts.get(fn);
    return fn && facts ? { fn, facts } : null;
  }

  private call(node: TSESTree.CallExpression): void {
    const method = asMethodCall(node);
    if (method?.call === node && method.name === 'on') this.listener(node);
    this.trigger(node);
    const deleted = hardDelete(this.ctx, node);
    if (deleted) this.deletes.push(deleted);
    const heard = deleteListener(this.ctx, node);
    if (heard) this.deleteListeners.push(heard);
    const owner = this.factsOf(node);
    if (!owner) {
      const callee = calleeOf(this.ctx, node);
      if (callee) this.topCalls.push(this.callFact(node, callee, null));
      // a callback run later (a timer's, a listener's) inside a keyed function: that function's run is not all seen
      const around = this.keyedAround(node);
      if (around && !isPlainCall(this.ctx, node)) around.opaque = true;
      return;
    }
    if (this.request(node, owner)) return;
    if (method?.call === node && method.name === 'subscribe') this.subscribe(node, method.object, owner);
    if (method?.call === node && BUILDER_METHODS.has(method.name)) this.builderParam(method.object, owner);
    const store = storeCall(this.ctx, node);
    if (store) owner.facts.stores.push(store);
    const callee = calleeOf(this.ctx, node);
    if (!callee) {
      if (!isPlainCall(this.ctx, node)) owner.facts.opaque = true;
      return;
    }
    const fact = this.callFact(node, callee, owner.fn);
    const firstUse = this.firstUseAt(node, owner.fn);
    if (firstUse) fact.firstUse = firstUse;
    const argParams = node.arguments.map((argument) =>
      argument.type === 'SpreadElement' ? null : keyParams(this.ctx, argument, owner.fn),
    );
    if (argParams.some((params) => params === null || params.length > 0)) fact.argParams = argParams;
    owner.facts.calls.push(fact);
    const list = this.callNodes.get(owner.fn) ?? [];
    list.push({ node, fact });
    this.callNodes.set(owner.fn, list);
  }

  /**
   * The cache `node` is sent behind in `fn` (facts.ts FirstUse), when it is
   * sent only on first use: a store's before a memo's (it holds for calls
   * made at once too).
   */
  private firstUseAt(node: Node, fn: FunctionNode): FirstUse | null {
    let regions = this.firstUses.get(fn);
    if (!regions) {
      const owner = (declaration: Node) => {
        const keyed = ownerOf(declaration, this.keys);
        return keyed ? this.keys.get(keyed)! : null;
      };
      regions = firstUseRegions(this.ctx, fn, owner);
      this.firstUses.set(fn, regions);
    }
    const around = regions.filter(({ from, to }) => from <= node.range[0] && node.range[1] <= to);
    return (around.find(({ firstUse }) => firstUse.kind === 'store') ?? around[0])?.firstUse ?? null;
  }

  /** Whether the function pages its first parameter, or hands it on to a call that may (facts.ts pagesCallback). */
  private paginator(fn: FunctionNode, facts: FunctionFacts): void {
    const first = fn.params[0];
    if (first?.type !== 'Identifier') return;
    if (pagesItsFirstParameter(this.ctx, fn)) facts.pagesCallback = true;
    const parameter = resolveIdentifier(this.ctx, first);
    const forwards: number[] = [];
    const isParameter = (node: Node | null | undefined): boolean => {
      const inner = node && unwrap(node);
      return inner?.type === 'Identifier' && !!parameter && resolveIdentifier(this.ctx, inner) === parameter;
    };
    for (const { node, fact } of this.callNodes.get(fn) ?? []) {
      // `helper(make)`, or `helper(() => make())`: the same callback, unchanged
      let argument: Node | undefined = node.arguments[0] && unwrap(node.arguments[0]);
      if (argument?.type === 'ArrowFunctionExpression' && argument.params.length === 0 && argument.expression) {
        const body = unwrap(argument.body);
        argument = body.type === 'CallExpression' && body.arguments.length === 0 ? body.callee : undefined;
      }
      if (!isParameter(argument)) continue;
      const index = facts.calls.indexOf(fact);
      if (index >= 0) forwards.push(index);
    }
    if (forwards.length > 0) facts.forwardsCallback = forwards;
  }

  private callFact(node: TSESTree.CallExpression, callee: Callee, owner: FunctionNode | null): CallFact {
    return {
      line: node.loc.start.line,
      column: node.loc.start.column,
      callee,
      text: this.ctx.text.slice(node.callee.range[0], node.callee.range[1]).replace(/\s+/g, ''),
      perItem: owner ? loopWithin(this.ctx, node, owner) : null,
      result: resultUse(this.ctx, node),
      args: argumentFacts(node),
      ...windowArguments(this.ctx, node),
      ...(owner ? parameterArguments(this.ctx, node, owner) : {}),
      ...(owner ? runStartArguments(this.ctx, node, owner) : {}),
      ...(owner ? missingArguments(this.ctx, node, owner) : {}),
      ...deleteCallbackArguments(this.ctx, node),
    };
  }

  /** A request sent here (a read, an rpc or a write), or a query builder returned unsent. */
  private request(node: TSESTree.CallExpression, owner: { fn: FunctionNode; facts: FunctionFacts }): boolean {
    let start: { root: QueryRoot; method: string } | null = null;
    if (isQueryStartCandidate(node)) {
      const root = queryRoot(this.ctx, node);
      if (root) start = { root, method: root.kind };
    }
    start ??= writeRoot(this.ctx, node);
    if (!start) return false;
    let use = analyzeQuery(this.ctx, start.root);
    // a read handed to a wrapper (`withTimeout(q, ms)`, `q = applyFilters(q)`) and sent after it: a sync's read
    // all the same, whose wrapper may add to it (the verdict says so)
    if (use.escapes && (start.method === 'select' || start.method === 'rpc')) {
      const followed = analyzeQuery(this.ctx, start.root, undefined, () => true);
      if (!followed.escapes && directExecutions(followed).length > 0) use = followed;
    }
    const executions = directExecutions(use);
    const table = start.root.name;
    for (const execution of executions) {
      if (ownerOf(execution.node, this.keys) !== owner.fn) continue;
      const read = start.method === 'select' || start.method === 'rpc' ? this.syncRead(use, owner.fn) : undefined;
      const through = use.through.map((call) => ({
        callee: calleeOf(this.ctx, call),
        // the argument that holds the builder: the chain itself, else the variable that holds it
        argument: Math.max(
          call.arguments.findIndex((argument) => contains(argument, start.root.start)),
          call.arguments.findIndex((argument) => unwrap(argument).type === 'Identifier'),
        ),
      }));
      const tableParameter = table === null ? parameterIndex(this.ctx, start.root.from?.arguments[0], owner.fn) : -1;
      const clientParameter = clientMadeFromParameter(this.ctx, start.root.client, owner.fn);
      const firstUse = this.firstUseAt(execution.node, owner.fn);
      const unlessParam = unlessParameter(this.ctx, execution.node, owner.fn);
      owner.facts.requests.push({
        line: node.loc.start.line,
        column: node.loc.start.column,
        method: start.method,
        table,
        perItem: loopWithin(this.ctx, execution.node, owner.fn),
        ...(tableParameter >= 0 ? { tableParameter } : {}),
        ...(clientParameter >= 0 ? { clientParameter } : {}),
        ...(read ? { read } : {}),
        ...(!read && start.method === 'select' && !use.escapes && isOneRowRead(use.links, ONE_ROW_KEYS)
          ? { oneRow: true as const }
          : {}),
        ...(through.length > 0 ? { through } : {}),
        ...(firstUse ? { firstUse } : {}),
        ...(unlessParam >= 0 ? { unlessParam } : {}),
      });
      break;
    }
    if (use.factory && start.method === 'select') this.factory(use, owner.facts);
    return true;
  }

  /** A read whose rows are used, as a sync makes it; none for a one-row read, a count, a read whose rows are dropped. */
  private syncRead(use: QueryUse, fn: FunctionNode): SyncRead | undefined {
    if (use.escapes || rowsNeverRead(use) || isOneRowRead(use.links, ONE_ROW_KEYS)) return undefined;
    if (countOnlyRead(this.ctx, use)) return undefined;
    const read = syncRead(this.ctx, use, this.readOptions);
    const list = this.reads.get(fn) ?? [];
    list.push({ use, read });
    this.reads.set(fn, list);
    return read;
  }

  /** A read returned unsent from a plain function: bounded on every path, some, or none. */
  private factory(use: QueryUse, facts: FunctionFacts): void {
    const returned = use.returned;
    if (returned.length === 0) return;
    const unique = new Set<string>();
    const bounded = rowBound(use.links, unique) !== null;
    // each place it is returned is a place a caller sends it from
    const path = bounded
      ? unboundedPath({ ...use, executions: returned.map((node) => ({ kind: 'await' as const, node })) }, unique)
      : null;
    const at = (path && returned.find((node) => !contains(node, path.bound.call))) ?? returned[0]!;
    let words: string | null = null;
    if (path) {
      const described = describePath(path, this.ctx.text);
      words = `${described.bound} is not applied ${described.path.replace(/,$/, '')}`;
    }
    const when = path ? parameterTest(this.ctx, path.test, path.path) : null;
    facts.returns.push({
      kind: 'builder',
      table: use.root.name,
      bounded: !bounded ? 'none' : path ? 'some' : 'all',
      path: words,
      at: { line: at.loc.start.line, column: at.loc.start.column },
      ...(when ? { when } : {}),
    });
  }

  private subscribe(node: TSESTree.CallExpression, receiver: Node, owner: { fn: FunctionNode; facts: FunctionFacts }) {
    const channel = channelOrigin(this.ctx, receiver);
    if (!channel) return;
    const bound = boundVariable(this.ctx, node);
    if (bound) channel.variables.push(bound);
    owner.facts.channels.push({
      line: node.loc.start.line,
      column: node.loc.start.column,
      fate: channelFate(this.ctx, owner.fn, node, channel),
    });
  }

  /** A Postgres Changes listener whose filter is an optional parameter: a fact of the function that takes it. */
  private listener(node: TSESTree.CallExpression): void {
    if (staticString(node.arguments[0]) !== 'postgres_changes') return;
    const config = objectLiteral(this.ctx, node.arguments[1]);
    const filter = objectProperty(config ?? undefined, 'filter');
    // `...(filter ? { filter } : {})`: the filter is there when its condition is
    const spread = filter
      ? null
      : config?.properties.find((p) => p.type === 'SpreadElement' && conditionalFilterSpread(p));
    const source = filter?.value ?? (spread?.type === 'SpreadElement' ? conditionalFilterSpread(spread) : null);
    if (!source) return;
    const at = filter ?? spread!;
    const optional = optionalFilter(this.ctx, source);
    if (!optional?.param) return;
    const table = staticString(objectProperty(config ?? undefined, 'table')?.value);
    // and each function that hands an optional parameter of its own on to it (filters.ts forwardedParams)
    for (const param of [optional.param, ...forwardedParams(this.ctx, optional.param)]) {
      this.facts.get(param.fn)?.filterParameters.push({
        line: at.loc.start.line,
        column: at.loc.start.column,
        index: param.index,
        key: param.key ?? null,
        table,
      });
    }
  }

  /** The chains of `fn` that pick an operation by a field of one of its parameters (facts.ts DispatchFact). */
  private dispatches(fn: FunctionNode, facts: FunctionFacts): void {
    if (facts.requests.length + facts.calls.length < 2) return;
    const parameters = new Map<TSESTree.Identifier, number>();
    const chains = dispatchChains(
      fn,
      (subject) => {
        const index = derivedParameter(this.ctx, subject, fn);
        parameters.set(subject, index);
        return index >= 0;
      },
      (inner) => isFunction(inner) && runsAtOnce(inner),
    );
    if (chains.length === 0) return;
    facts.dispatches = chains.map((chain) => ({
      parameter: parameters.get(chain.subject)!,
      branches: chain.branches.map(({ start, end }) => ({ start, end })),
    }));
  }

  /** `q.eq(...)` on a parameter `q`: the function adds to a query builder it is handed. */
  private builderParam(object: Node, owner: { fn: FunctionNode; facts: FunctionFacts }): void {
    const inner = unwrap(object);
    if (inner.type !== 'Identifier') return;
    const def = resolveIdentifier(this.ctx, inner)?.defs[0];
    if (def?.type !== 'Parameter') return;
    const index = owner.fn.params.findIndex((param) => contains(param, def.name));
    if (index < 0) return;
    const list = owner.facts.builderParams ?? [];
    if (!list.includes(index)) list.push(index);
    owner.facts.builderParams = list;
  }

  /** A function run by a timer, an effect or a focus / online / app-state listener. */
  private trigger(node: TSESTree.CallExpression): void {
    const trigger = triggerKind(this.ctx, node);
    const callback = trigger && triggeredCallback(node);
    if (!trigger || !callback) return;
    const calls = isFunction(callback) ? callsIn(callback) : [callback];
    for (const call of calls) {
      const callee = call.type === 'CallExpression' ? calleeOf(this.ctx, call) : calleeOfNode(this.ctx, call);
      if (!callee) continue;
      const written = call.type === 'CallExpression' ? call.callee : call;
      this.triggers.push({
        line: call.loc.start.line,
        column: call.loc.start.column,
        callee,
        text: this.ctx.text.slice(written.range[0], written.range[1]).replace(/\s+/g, ''),
        kind: trigger.kind,
        periodMs: trigger.periodMs,
      });
    }
  }

  private assignment(node: TSESTree.AssignmentExpression): void {
    if (node.operator !== '=') return;
    const owner = this.factsOf(node);
    if (!owner) return;
    const left = node.left;
    let target: string | null = null;
    if (left.type === 'Identifier') {
      const variable = resolveIdentifier(this.ctx, left);
      const def = variable?.defs[0];
      if (def?.type === 'Variable' && atModuleLevel(def.node)) target = `module:${left.name}`;
    } else if (left.type === 'MemberExpression' && unwrap(left.object).type === 'ThisExpression') {
      const name = memberName(left);
      if (name !== null) target = `this.${name}`;
    } else if (left.type === 'MemberExpression' && unwrap(left.object).type === 'Identifier') {
      // lastSyncTime['categories'] = ..., state.cursor = ... on a module-level object
      const object = unwrap(left.object) as TSESTree.Identifier;
      const def = resolveIdentifier(this.ctx, object)?.defs[0];
      const key = memberName(left) ?? staticString(left.property);
      if (def?.type === 'Variable' && atModuleLevel(def.node)) target = `module:${object.name}.${key ?? '?'}`;
    }
    if (target === null) return;
    const fact: StoreFact = {
      line: node.loc.start.line,
      column: node.loc.start.column,
      target,
      origin: storedOrigin(this.ctx, node.right),
    };
    owner.facts.stores.push(fact);
  }

  private returned(node: TSESTree.ReturnStatement | TSESTree.ArrowFunctionExpression): void {
    const value = node.type === 'ReturnStatement' ? node.argument : (node.body as TSESTree.Expression);
    if (!value) return;
    const fn = node.type === 'ArrowFunctionExpression' ? node : enclosingFunction(node);
    const facts = fn && this.facts.get(fn);
    if (!fn || !facts) return;
    const checkpoint = returnedCheckpoint(this.ctx, value);
    if (checkpoint) facts.stores.push(checkpoint);
    let inner = unwrap(value);
    if (inner.type === 'AwaitExpression') inner = unwrap(inner.argument);
    if (inner.type !== 'CallExpression') return;
    const index = facts.calls.findIndex(
      (call) => call.line === inner.loc.start.line && call.column === inner.loc.start.column,
    );
    if (index >= 0) facts.returns.push({ kind: 'call', call: index });
  }

  private exports(): Pick<ModuleFacts, 'exports' | 'exportAll'> {
    const exports: Record<string, ExportFact> = {};
    const exportAll: string[] = [];
    const local = (name: string): ExportFact => this.localExport(name);
    for (const statement of this.program.body) {
      if (statement.type === 'ExportAllDeclaration') {
        if (statement.exported === null) exportAll.push(statement.source.value);
        else
          exports[exportedName(statement.exported)] = { kind: 'reexport', source: statement.source.value, name: '*' };
      } else if (statement.type === 'ExportNamedDeclaration') {
        const declaration = statement.declaration;
        if (declaration) {
          for (const name of declaredNames(declaration)) exports[name] = local(name);
        }
        for (const specifier of statement.specifiers) {
          const exported = exportedName(specifier.exported);
          const localName = exportedName(specifier.local);
          exports[exported] = statement.source
            ? { kind: 'reexport', source: statement.source.value, name: localName }
            : local(localName);
        }
      } else if (statement.type === 'ExportDefaultDeclaration') {
        exports.default = this.defaultExport(statement.declaration);
      } else if (statement.type === 'ExpressionStatement') {
        this.commonJsExport(statement.expression, exports);
      }
    }
    return { exports, exportAll };
  }

  private localExport(name: string): ExportFact {
    if (this.keysTaken(name)) {
      // a helper that only writes a date as text (`toDateString(d)`): a window's ends may go through it
      const fn = [...this.keys].find(([, key]) => key === name)?.[0];
      const dayText = fn ? dayTextFormat(fn) : null;
      return { kind: 'function', key: name, ...(dayText === null ? {} : { dayText }) };
    }
    const methods = this.classes.get(name);
    const factories = this.factories[name];
    if (methods) return { kind: 'object', methods, ...(factories ? { factories } : {}) };
    // const svc = new SyncService(): the class's methods
    const variable = this.moduleVariable(name);
    const holder = variable && localObjectName(variable);
    const classMethods = holder ? this.classes.get(holder) : undefined;
    if (classMethods) return { kind: 'object', methods: classMethods };
    // text written out is a written-out list too (lookup.ts importedList): `Object.values(TABLES)`
    const text = variable && exportedText(variable);
    if (text) return text;
    return variable && isModuleConstantList(this.ctx, variable) ? { kind: 'list' } : { kind: 'unknown' };
  }

  private moduleVariable(name: string): Variable | null {
    const scope = this.ctx.scopeManager?.globalScope;
    if (!scope) return null;
    const module = scope.childScopes.find((child) => child.type === 'module') ?? scope;
    return module.set.get(name) ?? null;
  }

  private defaultExport(declaration: Node): ExportFact {
    const inner = unwrap(declaration);
    if (isFunction(inner) || inner.type === 'ClassDeclaration') {
      if (this.keysTaken('default')) return { kind: 'function', key: 'default' };
      const named = inner.type !== 'ArrowFunctionExpression' && inner.id ? inner.id.name : null;
      if (named !== null) return this.localExport(named);
      const methods = this.classes.get('default');
      return methods ? { kind: 'object', methods } : { kind: 'unknown' };
    }
    if (inner.type === 'Identifier') return this.localExport(inner.name);
    if (inner.type === 'ObjectExpression') {
      const methods = this.classes.get('default');
      return methods ? { kind: 'object', methods } : { kind: 'unknown' };
    }
    if (inner.type === 'NewExpression' && unwrap(inner.callee).type === 'Identifier') {
      const methods = this.classes.get((unwrap(inner.callee) as TSESTree.Identifier).name);
      return methods ? { kind: 'object', methods } : { kind: 'unknown' };
    }
    return { kind: 'unknown' };
  }

  /** `module.exports = { a, b }`, `module.exports = fn`, `exports.a = a`. */
  private commonJsExport(expression: Node, exports: Record<string, ExportFact>): void {
    if (expression.type !== 'AssignmentExpression' || expression.left.type !== 'MemberExpression') return;
    const left = expression.left;
    const object = unwrap(left.object);
    const name = memberName(left);
    const right = unwrap(expression.right);
    const isModule = object.type === 'Identifier' && object.name === 'module' && name === 'exports';
    if (isModule && right.type === 'ObjectExpression') {
      for (const property of right.properties) {
        if (property.type !== 'Property') continue;
        const key = keyName(property.key, property.computed);
        const value = unwrap(property.value);
        if (key !== null && value.type === 'Identifier') exports[key] = this.localExport(value.name);
      }
    } else if (isModule && right.type === 'Identifier') {
      exports.default = this.localExport(right.name);
    } else if (
      object.type === 'Identifier' &&
      object.name === 'exports' &&
      name !== null &&
      right.type === 'Identifier'
    ) {
      exports[name] = this.localExport(right.name);
    }
  }
}

function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

function exportedName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === 'Identifier' ? node.name : node.value;
}

function declaredNames(declaration: Node): string[] {
  if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') {
    return declaration.id ? [declaration.id.name] : [];
  }
  if (declaration.type === 'VariableDeclaration') {
    return declaration.declarations.flatMap((d) => (d.id.type === 'Identifier' ? [d.id.name] : []));
  }
  if (declaration.type === 'TSEnumDeclaration') return [declaration.id.name];
  return [];
}

/** The function a variable holds: `function f`, `const f = () => {}`, `const f = useCallback(() => {}, [])`. */
function declaredFunction(variable: Variable): FunctionNode | null {
  if (variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type === 'FunctionName' && isFunction(def.node)) return def.node;
  if (def.type !== 'Variable' || !def.node.init) return null;
  if (variable.references.some((ref) => ref.isWrite() && ref.writeExpr !== def.node.init)) return null;
  const init = unwrap(def.node.init);
  if (isFunction(init)) return init;
  if (init.type === 'CallExpression') {
    const name = calleeName(init.callee);
    const first = init.arguments[0] && unwrap(init.arguments[0]);
    if (name !== null && MEMO_HOOKS.has(name) && isFunction(first)) return first;
  }
  return null;
}

/** The variable a `.subscribe()` result (the channel) is bound to: `const ch = ...subscribe()`. */
function boundVariable(ctx: AnalysisContext, subscribe: TSESTree.CallExpression): Variable | null {
  const outer = outermost(subscribe);
  const parent = outer.parent;
  const id =
    parent?.type === 'VariableDeclarator' && parent.init === outer && parent.id.type === 'Identifier'
      ? parent.id
      : parent?.type === 'AssignmentExpression' && parent.right === outer && parent.left.type === 'Identifier'
        ? parent.left
        : null;
  return id ? resolveIdentifier(ctx, id) : null;
}

/**
 * What becomes of a channel `fn` subscribes: its remover returned, the channel
 * removed in the function, kept where it can be removed later (returned,
 * stored in a field or a ref, handed to a call), or dropped (nothing holds it).
 */
function channelFate(
  ctx: AnalysisContext,
  fn: FunctionNode,
  subscribe: TSESTree.CallExpression,
  channel: ChannelOrigin,
): ChannelFact['fate'] {
  const { functions, opaque } = cleanupsOf(ctx, fn);
  if (!opaque && functions.some((cleanup) => removesChannel(ctx, cleanup, channel))) return 'returned';
  // a remove call anywhere in the function (a cleanup kept elsewhere, an error path): not a leak it can prove
  if (removesChannel(ctx, fn, channel)) return 'removed';
  // a handle on the channel that leaves the chain: returned, stored, passed on
  for (const variable of channel.variables) {
    for (const ref of variable.references) {
      if (!ref.isRead()) continue;
      const use = outermost(ref.identifier).parent;
      const method = use?.type === 'MemberExpression' ? memberName(use) : null;
      if (method === 'on' || method === 'subscribe') continue;
      return 'kept';
    }
  }
  const outer = outermost(subscribe);
  const parent = outer.parent;
  if (parent?.type === 'ExpressionStatement' || parent?.type === 'AwaitExpression') return 'dropped';
  if (
    parent?.type === 'VariableDeclarator' ||
    (parent?.type === 'AssignmentExpression' && parent.left.type === 'Identifier')
  ) {
    return channel.variables.length > 0 ? 'dropped' : 'kept';
  }
  return 'kept';
}

/**
 * A branch test that is a parameter (`single`, `!single`): its index and the
 * value for which the path without a bound (`test-false` or `test-true` of
 * the test) is taken.
 */
function parameterTest(
  ctx: AnalysisContext,
  test: Node | null,
  path: string,
): { index: number; unboundedIf: boolean } | null {
  if (!test || (path !== 'test-false' && path !== 'test-true')) return null;
  let inner = unwrap(test);
  let negated = false;
  if (inner.type === 'UnaryExpression' && inner.operator === '!') {
    negated = true;
    inner = unwrap(inner.argument);
  }
  if (inner.type !== 'Identifier') return null;
  const def = resolveIdentifier(ctx, inner)?.defs[0];
  if (def?.type !== 'Parameter' || !isFunction(def.node)) return null;
  const index = def.node.params.findIndex((param) => {
    const id = param.type === 'AssignmentPattern' ? param.left : param;
    return id.type === 'Identifier' && id.name === inner.name;
  });
  if (index < 0) return null;
  const unboundedIf = (path === 'test-true') !== negated;
  return { index, unboundedIf };
}

/** `cache` for `const cache = { ... }`, `SyncService` for `const svc = new SyncService()` or the class itself. */
function localObjectName(variable: Variable): string | null {
  const def = variable.defs[0];
  if (def?.type === 'ClassName') return variable.name;
  if (def?.type !== 'Variable' || !def.node.init || variable.defs.length !== 1) return null;
  const init = unwrap(def.node.init);
  if (init.type === 'ObjectExpression') return variable.name;
  const made = instanceOf(init);
  return made?.type === 'Identifier' ? made.name : null;
}

/**
 * The class an expression makes an instance of: `new C(...)`, or the same
 * made once in a hook (`useMemo(() => new C(...), [])`, `useState(() => new C())`,
 * `useRef(new C())`).
 */
function instanceOf(init: Node): Node | null {
  if (init.type === 'NewExpression') return unwrap(init.callee);
  if (init.type !== 'CallExpression') return null;
  const hook = calleeName(init.callee);
  const first = init.arguments[0] && unwrap(init.arguments[0]);
  if (!hook || !/^use(Memo|State|Ref)$/.test(hook) || !first) return null;
  if (first.type === 'NewExpression') return unwrap(first.callee);
  if (isFunction(first) && first.body.type !== 'BlockStatement') {
    const body = unwrap(first.body);
    return body.type === 'NewExpression' ? unwrap(body.callee) : null;
  }
  return null;
}

/** The class a variable holds an instance of, when the class is imported: its module binding. */
function importedClassOf(variable: Variable, ctx: AnalysisContext): Imported | null {
  const def = variable.defs[0];
  if (def?.type !== 'Variable' || !def.node.init || variable.defs.length !== 1) return null;
  const made = instanceOf(unwrap(def.node.init));
  if (made?.type !== 'Identifier') return null;
  const classVariable = resolveIdentifier(ctx, made);
  return classVariable ? importOf(classVariable) : null;
}

/**
 * Who a call calls, as facts name it: a function of this module by its key
 * (`f`, `Class.method` for `this.method()`, `cache.mark` for a local object),
 * or an imported binding or a method of one. Null for anything else (a
 * parameter, a computed callee, a global, a client method).
 */
export function calleeOf(ctx: AnalysisContext, call: TSESTree.CallExpression): Callee | null {
  return calleeOfNode(ctx, call.callee);
}

/** Who a function reference (`sync`, `svc.pull`) names, as calleeOf does for a call. */
export function calleeOfNode(ctx: AnalysisContext, node: Node): Callee | null {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, inner);
    if (!variable) return null;
    const imported = importOf(variable);
    if (imported) return imported.name === '*' ? null : { kind: 'import', ...imported, member: null };
    const fn = declaredFunction(variable);
    const key = fn && functionKey(fn);
    return key ? { kind: 'local', key } : null;
  }
  if (inner.type !== 'MemberExpression') return null;
  const member = memberName(inner);
  if (member === null || CLIENT_METHODS.has(member)) return null;
  const object = unwrap(inner.object);
  if (object.type === 'ThisExpression') {
    // `this.log()` in a method of `const svc = { log() {}, closeStale() { this.log() } }`: the literal's `log`
    const literal = thisLiteral(inner);
    if (literal) return literalMethod(literal, member);
    const owner = className(inner);
    return owner === null ? null : { kind: 'local', key: `${owner}.${member}` };
  }
  // SyncService.getInstance().pull(): the class's method, when getInstance is one of its factories
  if (object.type !== 'Identifier') return factoryCallee(ctx, object, member);
  const variable = resolveIdentifier(ctx, object);
  if (!variable) return null;
  const imported = importOf(variable);
  if (imported) {
    return imported.name === '*'
      ? { kind: 'import', source: imported.source, name: member, member: null }
      : { kind: 'import', source: imported.source, name: imported.name, member };
  }
  // an instance of an imported class: the class's method, in its module
  const importedClass = importedClassOf(variable, ctx);
  if (importedClass && importedClass.name !== '*') {
    return { kind: 'import', source: importedClass.source, name: importedClass.name, member };
  }
  const holder = localObjectName(variable);
  if (holder !== null) return { kind: 'local', key: `${holder}.${member}` };
  // const service = SyncService.getInstance(); service.pull()
  const def = variable.defs[0];
  return def?.type === 'Variable' && def.node.init && variable.defs.length === 1
    ? factoryCallee(ctx, def.node.init, member)
    : null;
}

/**
 * The object literal `this` is at `node`: the nearest function around it that
 * is not an arrow (an arrow's `this` is the one around it) is a method or a
 * function-valued property of that literal. Null otherwise (a class's method,
 * a plain function, an arrow property of the literal, whose `this` is outer).
 */
function thisLiteral(node: Node): TSESTree.ObjectExpression | null {
  let fn = enclosingFunction(node);
  while (fn?.type === 'ArrowFunctionExpression') fn = enclosingFunction(fn);
  if (!fn || fn.type !== 'FunctionExpression') return null;
  const outer = outermost(fn);
  const property = outer.parent;
  if (property?.type !== 'Property' || property.value !== outer || property.parent.type !== 'ObjectExpression')
    return null;
  return property.parent;
}

/** The function an object literal's property `member` holds (the last one written), as facts key it. */
function literalMethod(literal: TSESTree.ObjectExpression, member: string): Callee | null {
  for (const property of [...literal.properties].reverse()) {
    // `...base` written after every `member`: the spread may replace it
    if (property.type === 'SpreadElement') return null;
    if (keyName(property.key, property.computed) !== member) continue;
    if (property.kind !== 'init') return null;
    const value = unwrap(property.value);
    const key = isFunction(value) ? functionKey(value) : null;
    return key === null ? null : { kind: 'local', key };
  }
  return null;
}

/** `member` called on what `X.factory()` returns, X a class of this module or an imported one; null for anything else. */
function factoryCallee(ctx: AnalysisContext, made: Node, member: string): Callee | null {
  const access = factoryAccess(made);
  const variable = access && resolveIdentifier(ctx, access.classId);
  if (!access || !variable) return null;
  const imported = importOf(variable);
  if (imported) {
    return imported.name === '*' ? null : { kind: 'import', ...imported, member, factory: access.factory };
  }
  return variable.defs[0]?.type === 'ClassName'
    ? { kind: 'local', key: `${variable.name}.${member}`, factory: access.factory }
    : null;
}

/** A one-row read by key: not a download, in any table whose key is `id`. */
const ONE_ROW_KEYS: ReadonlySet<string> = new Set(['id']);

/**
 * A read without a cursor beside a read with one is a fallback when the tests
 * that choose it name what the delta read compares with, or choose the delta
 * read too (`if (!since) return full(); return delta(since)`).
 */
function markFallbacks(
  ctx: AnalysisContext,
  fn: FunctionNode,
  reads: readonly { use: QueryUse; read: SyncRead }[],
  calls: readonly { node: TSESTree.CallExpression; fact: CallFact }[],
): void {
  const modes = new Set<string>();
  const deltas = reads.filter(({ read }) => read.cursor !== null);
  if (deltas.length === 0) return;
  for (const { use } of deltas) {
    for (const link of use.links) {
      if (['gt', 'gte', 'filter', 'or'].includes(link.name))
        for (const arg of link.call.arguments) cursorNames(ctx, arg, modes);
    }
    for (const test of decidingTests(use.root.start, fn)) testNames(test, modes);
  }
  const chosenByMode = (node: Node) => {
    const names = new Set<string>();
    for (const test of decidingTests(node, fn)) testNames(test, names);
    return [...names].some((name) => modes.has(name));
  };
  for (const { use, read } of reads) if (read.cursor === null) read.fallback = chosenByMode(use.root.start);
  // a call on the first-run branch (`if (!this.lastSyncedAt) return this.fullSync()`): what it reads is the fallback
  for (const { node, fact } of calls) if (chosenByMode(node)) fact.fallback = true;
}

/** The facts of one module, from its parsed AST and scopes. */
export function moduleFacts(
  ctx: AnalysisContext,
  program: TSESTree.Program,
  file: string,
  readOptions: SyncReadOptions = {},
): ModuleFacts {
  return new Collector(ctx, program, readOptions).collect(file);
}
