/**
 * The one recognizer of full-sync uses: calls of a full-sync function
 * (directly, as a method, through a destructured, imported or assigned alias)
 * and references handed on to be called later (call arguments, JSX handlers).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  enclosingFunction,
  functionName,
  keyName,
  memberName,
  nearestNamedFunction,
  type Node,
  outermost,
  unwrap,
} from './ast.js';
import {
  type AnalysisContext,
  constantInit,
  type Detector,
  findVariable,
  resolveIdentifier,
  type Variable,
} from './scope.js';
import { typeOracle } from './types.js';

export interface SyncNames {
  /** Names of full-sync functions (`fullSync`). */
  names: ReadonlySet<string>;
  /** The delta-sync function that replaces them (`deltaSync`). */
  replacement: string;
  /** Names of functions inside which a full sync is intended. */
  allowIn: ReadonlySet<string>;
  /**
   * Local names of the file's variables that carry a full-sync function under
   * another name (see `aliasNames`); an identifier with any other name is not
   * resolved at all.
   */
  aliases: ReadonlySet<string>;
}

/** Every local name in the file bound to a full-sync function under another name. */
export function aliasNames(
  scopeManager: { scopes: readonly { variables: readonly Variable[] }[] } | null,
  names: ReadonlySet<string>,
): Set<string> {
  const aliases = new Set<string>();
  for (const scope of scopeManager?.scopes ?? []) {
    for (const variable of scope.variables) {
      if (!names.has(variable.name) && aliasedName(variable, names) !== null) aliases.add(variable.name);
    }
  }
  return aliases;
}

export interface FullSyncUse {
  kind: 'call' | 'reference';
  /** The call, or the expression handed on. */
  node: TSESTree.Node;
  /** The node to report and, when renaming is possible, to rename. */
  nameNode: TSESTree.Node;
  /** The full-sync name that is used (`fullSync`). */
  name: string;
  /** The local name when it is used through an alias (`sync` for `import { fullSync as sync }`). */
  alias: string | null;
  /** `svc` in `svc.fullSync()`; null for a bare name. */
  receiver: TSESTree.Expression | null;
  /**
   * True when renaming `nameNode` to the replacement gives a working program
   * as far as syntax can tell: a member (`svc.fullSync` -> `svc.deltaSync`),
   * or a bare name when the replacement is declared in scope.
   */
  renamable: boolean;
  /**
   * False for a member or parameter handed on (`track(options.fullSync)`):
   * it may be plain data; the caller drops it when the file shows the name
   * holds data (see `createDataEvidence`). Calls are always certain.
   */
  certain: boolean;
}

/** A variable that carries a full-sync function under another name, and that name. */
function aliasedName(variable: Variable, names: ReadonlySet<string>): string | null {
  const def = variable.defs[0];
  if (!def || variable.defs.length !== 1) return null;
  if (def.type === 'ImportBinding') {
    const node = def.node;
    if (node.type !== 'ImportSpecifier') return null;
    const imported = node.imported.type === 'Identifier' ? node.imported.name : String(node.imported.value);
    return names.has(imported) ? imported : null;
  }
  if (def.type !== 'Variable') return null;
  const id = def.name;
  let holder: Node | undefined = id.parent;
  if (holder?.type === 'AssignmentPattern' && holder.left === id) {
    if (isLiteralValue(holder.right)) return null;
    holder = holder.parent;
  }
  if (holder?.type === 'Property' && holder.value !== undefined && holder.parent?.type === 'ObjectPattern') {
    const key = keyName(holder.key, holder.computed);
    return key !== null && names.has(key) ? key : null;
  }
  if (def.node.id === id && def.node.init) {
    const init = unwrap(def.node.init);
    if (init.type === 'MemberExpression') {
      const name = memberName(init);
      return name !== null && names.has(name) ? name : null;
    }
    if (init.type === 'Identifier' && names.has(init.name)) return init.name;
  }
  return null;
}

function isLiteralValue(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type === 'Literal') return !('regex' in inner && inner.regex);
  if (inner.type === 'TemplateLiteral') return true;
  if (inner.type === 'UnaryExpression') return inner.operator === '!' || inner.operator === '-';
  return false;
}

/** A variable named like a full sync that only holds a value: `const { fullSync = false } = options`. */
function isValueBinding(variable: Variable): boolean {
  return variable.defs.some((def) => {
    const id = def.name;
    const parent = id.parent;
    if (parent?.type === 'AssignmentPattern' && parent.left === id) return isLiteralValue(parent.right);
    if (def.type === 'Variable' && def.node.id === id && def.node.init) return isLiteralValue(def.node.init);
    return false;
  });
}

interface Reference {
  name: string;
  alias: string | null;
  nameNode: TSESTree.Node;
  receiver: TSESTree.Expression | null;
  variable: Variable | null;
}

/** `svc.fullSync`, `fullSync`, or an alias of it; null for anything else. */
function asFullSyncReference(ctx: AnalysisContext, node: TSESTree.Node, options: SyncNames): Reference | null {
  const { names } = options;
  const inner = unwrap(node);
  if (inner.type === 'MemberExpression') {
    const name = memberName(inner);
    if (name === null || !names.has(name)) return null;
    return { name, alias: null, nameNode: inner.property, receiver: inner.object, variable: null };
  }
  if (inner.type !== 'Identifier') return null;
  if (!names.has(inner.name) && !options.aliases.has(inner.name)) return null;
  const variable = resolveIdentifier(ctx, inner);
  if (names.has(inner.name)) {
    return { name: inner.name, alias: null, nameNode: inner, receiver: null, variable };
  }
  const original = variable && aliasedName(variable, names);
  if (!original) return null;
  return { name: original, alias: inner.name, nameNode: inner, receiver: null, variable };
}

function isAllowedPlace(node: Node, options: SyncNames): boolean {
  const named = nearestNamedFunction(node);
  if (named !== null && (options.allowIn.has(named.name) || options.names.has(named.name))) return true;
  // inside the replacement itself (at any depth): its first-run fallback; renaming would make it call itself
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (functionName(fn) === options.replacement) return true;
  }
  return false;
}

function isRenamable(ctx: AnalysisContext, reference: Reference, replacement: string): boolean {
  if (reference.alias !== null) return false;
  if (reference.receiver !== null) return true;
  return findVariable(ctx.getScope(reference.nameNode), replacement) !== null;
}

/**
 * A call of a full-sync function: `fullSync()`, `svc.fullSync(u)`,
 * `svc?.['fullSync']()`, `(svc as Api).fullSync()`, `svc.fullSync.call(svc)`,
 * `sync()` where `sync` is an alias.
 */
export function fullSyncCall(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  options: SyncNames,
): FullSyncUse | null {
  let callee: Node = unwrap(call.callee);
  if (callee.type === 'MemberExpression') {
    const method = memberName(callee);
    if ((method === 'call' || method === 'apply') && !options.names.has(method)) {
      const target = unwrap(callee.object);
      if (target.type === 'MemberExpression' || target.type === 'Identifier') callee = target;
    }
  }
  const reference = asFullSyncReference(ctx, callee, options);
  if (!reference || isAllowedPlace(call, options)) return null;
  return {
    kind: 'call',
    node: call,
    nameNode: reference.nameNode,
    name: reference.name,
    alias: reference.alias,
    receiver: reference.receiver,
    renamable: isRenamable(ctx, reference, options.replacement),
    certain: true,
  };
}

const HANDLER_ATTRIBUTE = /^on[A-Z]/;
const FORM_ACTIONS = new Set(['action', 'formAction']);

/** Methods that take a function to unregister it, never to call it. */
const UNREGISTER_METHODS = new Set(['removeEventListener', 'removeListener', 'off', 'unsubscribe', 'unregister']);

/**
 * Callees that do not keep their argument to call it later: logging
 * (`console.log(svc.fullSync)`) and unregistering
 * (`removeEventListener('focus', svc.fullSync)`).
 */
function isNonCallbackSink(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return false;
  const object = unwrap(callee.object);
  if (object.type === 'Identifier' && object.name === 'console') return true;
  const method = memberName(callee);
  return method !== null && UNREGISTER_METHODS.has(method);
}

/**
 * A full-sync function handed on to be called later: a call argument
 * (`setInterval(svc.fullSync, 30000)`, `.then(svc.fullSync)`), a bound copy
 * (`svc.fullSync.bind(svc)`) in that position, or a JSX handler
 * (`onClick={fullSync}`). Returns null for anything else, including a name
 * that only holds a value (`const { fullSync = false } = options`).
 */
export function fullSyncReference(
  ctx: AnalysisContext,
  node: TSESTree.Identifier | TSESTree.MemberExpression,
  options: SyncNames,
): FullSyncUse | null {
  const reference = asFullSyncReference(ctx, node, options);
  if (!reference) return null;
  if (reference.variable && isValueBinding(reference.variable)) return null;
  let handed: Node = outermost(node);
  // svc.fullSync.bind(svc)
  const parent = handed.parent;
  if (parent?.type === 'MemberExpression' && parent.object === handed && memberName(parent) === 'bind') {
    const bindCall = outermost(parent).parent;
    if (bindCall?.type !== 'CallExpression' || bindCall.callee !== outermost(parent)) return null;
    handed = outermost(bindCall);
  }
  const holder = handed.parent;
  if (!holder || !isHandedOn(handed, holder)) return null;
  if (isAllowedPlace(node, options)) return null;
  return {
    kind: 'reference',
    node: handed,
    nameNode: reference.nameNode,
    name: reference.name,
    alias: reference.alias,
    receiver: reference.receiver,
    renamable: isRenamable(ctx, reference, options.replacement),
    certain: reference.alias !== null || isFunctionBinding(reference.variable) || hasMethodReceiver(ctx, reference),
  };
}

/**
 * `svc.fullSync` where `svc` holds a class instance (`const svc = new Sync()`),
 * or `this.fullSync` inside a class that declares `fullSync` as a method:
 * the member is a function, not data.
 */
function hasMethodReceiver(ctx: AnalysisContext, reference: Reference): boolean {
  const receiver = reference.receiver && unwrap(reference.receiver);
  if (!receiver) return false;
  if (receiver.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, receiver);
    const init = variable && constantInit(variable);
    return init !== null && init !== undefined && unwrap(init).type === 'NewExpression';
  }
  if (receiver.type !== 'ThisExpression') return false;
  for (let node: Node | undefined = receiver.parent; node; node = node.parent) {
    if (node.type === 'ClassBody') {
      return node.body.some(
        (member) =>
          (member.type === 'MethodDefinition' ||
            (member.type === 'PropertyDefinition' && member.value !== null && isFunctionValue(member.value))) &&
          keyName(member.key, member.computed) === reference.name,
      );
    }
  }
  return false;
}

function isFunctionValue(node: Node): boolean {
  const inner = unwrap(node);
  return inner.type === 'ArrowFunctionExpression' || inner.type === 'FunctionExpression';
}

/** A name declared as a function or imported: it is not data. */
function isFunctionBinding(variable: Variable | null): boolean {
  const def = variable?.defs[0];
  if (!def) return false;
  if (def.type === 'FunctionName' || def.type === 'ImportBinding') return true;
  return (
    def.type === 'Variable' && def.node.id === def.name && def.node.init !== null && isFunctionValue(def.node.init)
  );
}

function isHandedOn(handed: Node, holder: Node): boolean {
  if (holder.type === 'CallExpression' || holder.type === 'NewExpression') {
    return holder.callee !== handed && !isNonCallbackSink(holder);
  }
  if (holder.type === 'JSXExpressionContainer') {
    const attribute = holder.parent;
    if (attribute?.type !== 'JSXAttribute' || attribute.name.type !== 'JSXIdentifier') return false;
    const name = attribute.name.name;
    return HANDLER_ATTRIBUTE.test(name) || FORM_ACTIONS.has(name);
  }
  return false;
}

const VALUE_TYPES = new Set(['TSBooleanKeyword', 'TSStringKeyword', 'TSNumberKeyword', 'TSLiteralType']);

function isValueType(annotation: TSESTree.TSTypeAnnotation | undefined): boolean {
  const type = annotation?.typeAnnotation;
  if (!type) return false;
  if (type.type === 'TSUnionType')
    return type.types.every((member) => VALUE_TYPES.has(member.type) || member.type === 'TSUndefinedKeyword');
  return VALUE_TYPES.has(type.type);
}

/**
 * Whether a file shows that a full-sync name is (also) plain data there: an
 * object literal `{ fullSync: true }`, a destructuring default
 * `{ fullSync = false }`, `opts.fullSync = true`, or a member typed
 * `fullSync?: boolean`. A member such as `options.fullSync` handed to a call
 * is then a value being passed, not a callback. Collect with `listeners`,
 * ask with `isData` once the file has been walked (at `Program:exit`).
 */
export function createDataEvidence(names: ReadonlySet<string>) {
  const data = new Set<string>();
  const note = (key: TSESTree.Node, computed: boolean) => {
    const name = keyName(key, computed);
    if (name !== null && names.has(name)) data.add(name);
  };
  return {
    isData: (name: string): boolean => data.has(name),
    listeners: {
      Property(node: TSESTree.Property) {
        if (node.method || node.kind !== 'init') return;
        const value = node.value;
        if (value.type === 'AssignmentPattern') {
          if (isLiteralValue(value.right)) note(node.key, node.computed);
        } else if (node.parent.type === 'ObjectExpression' && isLiteralValue(value)) {
          note(node.key, node.computed);
        }
      },
      PropertyDefinition(node: TSESTree.PropertyDefinition) {
        if ((node.value && isLiteralValue(node.value)) || isValueType(node.typeAnnotation)) {
          note(node.key, node.computed);
        }
      },
      TSPropertySignature(node: TSESTree.TSPropertySignature) {
        if (isValueType(node.typeAnnotation)) note(node.key, node.computed);
      },
      AssignmentExpression(node: TSESTree.AssignmentExpression) {
        if (node.left.type === 'MemberExpression' && isLiteralValue(node.right)) {
          const name = memberName(node.left);
          if (name !== null && names.has(name)) data.add(name);
        }
      },
    },
  };
}

/** Text gate (see postgrest.ts): a file that never spells a full-sync name cannot use one. */
export function mayHoldFullSync(text: string, names: readonly string[]): boolean {
  return names.some((name) => text.includes(name));
}

export interface FullSyncOptions {
  names: readonly string[];
  replacement: string;
  allowIn: readonly string[];
}

/**
 * Finds every full-sync use of a file: calls at once, references handed on
 * once the whole file is seen (a member such as `options.fullSync` handed to a
 * call is dropped when the file shows the name holds data). Returns null for a
 * file that never spells a full-sync name: it cannot use one.
 */
export function createFullSyncDetector(ctx: AnalysisContext, options: FullSyncOptions): Detector<FullSyncUse> | null {
  if (!mayHoldFullSync(ctx.text, options.names)) return null;
  const names = new Set(options.names);
  const sync: SyncNames = {
    names,
    replacement: options.replacement,
    allowIn: new Set(options.allowIn),
    aliases: aliasNames(ctx.scopeManager, names),
  };
  const evidence = createDataEvidence(names);
  const types = typeOracle(ctx);
  const found: FullSyncUse[] = [];

  /** With types: rename only where the receiver has the replacement; drop a reference that cannot be called. */
  function typed(use: FullSyncUse | null): FullSyncUse | null {
    if (!use || !types) return use;
    if (use.receiver && types.hasProperty(use.receiver, options.replacement) === 'no') use.renamable = false;
    if (use.kind === 'reference') {
      const callable = types.isCallable(
        use.nameNode.parent?.type === 'MemberExpression' ? use.nameNode.parent : use.nameNode,
      );
      if (callable === 'no') return null;
      if (callable === 'yes') use.certain = true;
    }
    return use;
  }
  /** References that may turn out to be plain data once the whole file is seen. */
  const pending: FullSyncUse[] = [];

  function checkHandedOn(node: TSESTree.Node): void {
    let inner = unwrap(node);
    // svc.fullSync.bind(svc): look at what is bound
    if (inner.type === 'CallExpression') {
      const callee = unwrap(inner.callee);
      if (callee.type !== 'MemberExpression') return;
      inner = unwrap(callee.object);
    }
    if (inner.type !== 'Identifier' && inner.type !== 'MemberExpression') return;
    const use = typed(fullSyncReference(ctx, inner, sync));
    if (use) (use.certain ? found : pending).push(use);
  }

  function checkArguments(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
    for (const argument of node.arguments) {
      if (argument.type !== 'SpreadElement') checkHandedOn(argument);
    }
  }

  return {
    listeners: {
      ...evidence.listeners,
      CallExpression(node: TSESTree.CallExpression) {
        const use = typed(fullSyncCall(ctx, node, sync));
        if (use) found.push(use);
        checkArguments(node);
      },
      NewExpression: checkArguments,
      JSXExpressionContainer(node: TSESTree.JSXExpressionContainer) {
        if (node.expression.type !== 'JSXEmptyExpression') checkHandedOn(node.expression);
      },
    },
    finish() {
      const uses = [...found, ...pending.filter((use) => !evidence.isData(use.name))];
      return uses.sort((a, b) => a.nameNode.range[0] - b.nameNode.range[0]);
    },
  };
}
