/**
 * realtime-cleanup: a channel that require-realtime-cleanup reports as
 * subscribed in an effect whose cleanup never removes it gets removed there.
 *
 * What is rewritten (the effect's own variable holds the channel, or the
 * subscription is a statement of its own at the effect's top level and is
 * bound to a fresh `const channel`):
 * - no cleanup: `return () => { <client>.removeChannel(channel); };` is added
 *   at the end of the effect body (a final `return;` becomes it);
 * - a cleanup written as a function there: the call is added as its last
 *   statement (an expression body becomes a block that keeps the expression);
 * - an effect whose body is the subscription itself
 *   (`useEffect(() => void supabase.channel(...).subscribe(), [])`) gets a block
 *   body with the binding and the cleanup;
 * - `let channel` assigned once, in the effect or in a setup callback that runs
 *   once (`void setup()`, an IIFE, `.then(cb)`): `if (channel) <client>.removeChannel(channel);`
 *   (the callback may not have run when the effect is torn down).
 * Legacy v1 subscriptions get `<client>.removeSubscription(subscription)`.
 *
 * Every other site (loops, render bodies, async effects, channels created
 * outside the effect or kept elsewhere, exits the cleanup would not cover,
 * cleanups defined elsewhere) is left and reported with what to do.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  asMethodCall,
  childNodes,
  enclosingFunction,
  type FunctionNode,
  isFunction,
  isNoValue,
  LOOPS,
  methodLoc,
  type Node,
  outermost,
  unwrap,
} from '../analysis/ast.js';
import { createRealtimeCleanupDetector, type LeakingSubscription } from '../analysis/realtime/leaking-subscriptions.js';
import { mayHoldLeakingSubscription } from '../analysis/text-gates.js';
import { findVariable, resolveIdentifier, type Scope, type Variable } from '../analysis/scope.js';
import { detectStyle, lineIndent, position } from './text.js';
import type { Codemod, Edit, LeftSite, Plan, PlanInput } from './types.js';

/** Statements that end with a block of their own: another statement may follow them on the same line. */
const BLOCK_ENDED: ReadonlySet<string> = new Set([
  'BlockStatement',
  'IfStatement',
  'ForStatement',
  'ForOfStatement',
  'ForInStatement',
  'WhileStatement',
  'TryStatement',
  'SwitchStatement',
  'FunctionDeclaration',
  'ClassDeclaration',
  'LabeledStatement',
  'EmptyStatement',
]);

const TYPESCRIPT = /\.(?:ts|tsx|mts|cts)$/;

/** The return statements of a function body, not those of the functions inside it, in source order. */
function returnsOf(fn: FunctionNode): TSESTree.ReturnStatement[] {
  if (fn.body.type !== 'BlockStatement') return [];
  const found: TSESTree.ReturnStatement[] = [];
  const stack: Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunction(node)) continue;
    if (node.type === 'ReturnStatement') found.push(node);
    stack.push(...childNodes(node));
  }
  return found.sort((a, b) => a.range[0] - b.range[0]);
}

/** The function `this` belongs to at `node`: the nearest enclosing function that is not an arrow. */
function thisOwner(node: Node): Node | null {
  for (let current: Node | undefined = node; current; current = current.parent) {
    if (current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration') return current;
  }
  return null;
}

function within(node: Node, container: Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}

/** `return;`, `return undefined`, `return null`, `return void 0`: no cleanup. */
function givesNoValue(statement: TSESTree.ReturnStatement): boolean {
  return !statement.argument || isNoValue(statement.argument);
}

/** Every name declared or referenced in a scope and the scopes inside it. */
function namesUnder(scope: Scope): Set<string> {
  const names = new Set<string>();
  const stack: Scope[] = [scope];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const variable of current.variables) names.add(variable.name);
    for (const reference of current.references) names.add(reference.identifier.name);
    stack.push(...current.childScopes);
  }
  return names;
}

/** The client as the cleanup writes it, and the name (or `this`) it starts from. */
interface Client {
  text: string;
  root: TSESTree.Identifier | TSESTree.ThisExpression;
}

interface Site {
  leak: LeakingSubscription;
  /** Where the rule reports the site (the `subscribe` name). */
  offset: number;
  client: Client;
  method: 'removeChannel' | 'removeSubscription';
  /** The variable that holds the channel; null when the codemod binds a fresh `const`. */
  variable: Variable | null;
  /** The base of the fresh name (`channel`, `subscription`) when `variable` is null. */
  freshBase: string;
  /** `if (channel)` first: the variable may still be unassigned when the cleanup runs. */
  guard: boolean;
  /** Where the subscription starts, for the exits after it. */
  start: number;
  /** The span before the subscription chain that the binding replaces (`void `, or nothing). */
  bindAt: { start: number; end: number } | null;
}

interface Handle {
  variable: Variable;
  guard: boolean;
  /** TypeScript knows the variable's type inside the cleanup (annotated, or assigned at the effect's top level). */
  typed: boolean;
}

type Target =
  | { kind: 'append' }
  | { kind: 'replace'; statement: TSESTree.ReturnStatement }
  | {
      kind: 'extend';
      statement: TSESTree.ReturnStatement;
      cleanup: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;
    };

export const realtimeCleanup: Codemod<LeakingSubscription> = {
  name: 'realtime-cleanup',
  description:
    'Channels an effect subscribes and never removes (require-realtime-cleanup) are removed in its cleanup, bound to a const first where they are not.',
  rule: 'require-realtime-cleanup',
  ruleOptions: (settings) => ({ effectHooks: [...settings.effectHooks] }),
  mayHoldSite: (text) => mayHoldLeakingSubscription(text),
  detect: (ctx, settings) => createRealtimeCleanupDetector(ctx, { effectHooks: settings.effectHooks }),
  reportLoc: (leak) => methodLoc(leak.subscribe),

  plan(input: PlanInput<LeakingSubscription>): Plan {
    const { text, ctx } = input;
    const style = detectStyle(text);
    const semi = style.semicolons ? ';' : '';
    const { eol } = style;
    const typescript = TYPESCRIPT.test(input.path);
    const tokens = input.ast.tokens ?? [];
    const comments = input.ast.comments ?? [];
    const edits: Edit[] = [];
    const left: LeftSite[] = [];
    let rewritten = 0;

    const lineOf = (node: Node) => position(text, node.range[0]).line;
    const reportOffset = (leak: LeakingSubscription) => {
      const callee = unwrap(leak.subscribe.callee);
      return callee.type === 'MemberExpression' ? callee.property.range[0] : callee.range[0];
    };
    const leave = (leak: LeakingSubscription, reason: string) => left.push({ offset: reportOffset(leak), reason });
    const source = (node: Node) => text.slice(node.range[0], node.range[1]);
    const short = (value: string) => {
      const flat = value.replace(/\s+/g, ' ');
      return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
    };
    const startsLine = (offset: number) => /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset));
    /** The end of the last token or comment in [from, to). */
    const lastContentEnd = (from: number, to: number) => {
      let end = from;
      for (const item of [...tokens, ...comments])
        if (item.range[0] >= from && item.range[1] <= to && item.range[1] > end) end = item.range[1];
      return end;
    };
    const firstContentStart = (from: number, to: number) => {
      let start = to;
      for (const item of [...tokens, ...comments])
        if (item.range[0] >= from && item.range[0] < start) start = item.range[0];
      return start;
    };
    const arrowToken = (fn: TSESTree.ArrowFunctionExpression) => {
      let found: { range: [number, number] } | null = null;
      for (const token of tokens) {
        if (token.value === '=>' && token.range[0] >= fn.range[0] && token.range[1] <= fn.body.range[0]) found = token;
      }
      return found;
    };

    /** The client expression the cleanup repeats, or why it cannot. */
    function clientOf(expression: TSESTree.Expression): Client | string {
      let root: Client['root'] | null = null;
      const plain = (node: Node): boolean => {
        const inner = unwrap(node);
        if (inner !== node && node.type === 'ChainExpression') return false;
        if (inner.type === 'Identifier' || inner.type === 'ThisExpression') {
          root = inner;
          return true;
        }
        if (inner.type !== 'MemberExpression' || inner.optional) return false;
        if (inner.computed && inner.property.type !== 'Literal') return false;
        return plain(inner.object);
      };
      const written = source(expression);
      if (!plain(expression) || root === null) {
        return `the client '${short(written)}' is not a name or a property path (it calls or computes something): repeating it in the cleanup might reach another client; remove the channel there by hand`;
      }
      if (/[\n/]/.test(written))
        return 'the client expression spans lines or holds comments: remove the channel in the cleanup by hand';
      const wrapped = ['TSAsExpression', 'TSSatisfiesExpression', 'TSTypeAssertion'].includes(expression.type);
      return { text: wrapped ? `(${written})` : written, root };
    }

    /** `?.` on the way from the client to `.subscribe()`: the channel may not exist. */
    function hasOptionalLink(leak: LeakingSubscription): boolean {
      let node: Node = leak.subscribe;
      for (let depth = 0; depth < 64; depth += 1) {
        const inner = unwrap(node);
        if (inner.type !== 'CallExpression') return false;
        const callee = unwrap(inner.callee);
        if (inner.optional || (callee.type === 'MemberExpression' && callee.optional)) return true;
        if (inner === leak.channel.create || callee.type !== 'MemberExpression') return false;
        node = callee.object;
      }
      return false;
    }

    /**
     * The variable of the effect that holds the channel: declared at the
     * effect's top level and assigned the channel once (`const channel = ...`,
     * or `let channel` / `let channel = null` and one `channel = ...`).
     */
    function handleOf(effect: FunctionNode, leak: LeakingSubscription, scope: Scope): Handle | string | null {
      let rejection: string | null = null;
      for (const variable of [...leak.channel.variables].reverse()) {
        const def = variable.defs[0];
        if (!def || !within(def.name, effect)) continue;
        if (enclosingFunction(def.name) !== effect) {
          rejection ??= `'${variable.name}' is declared inside a callback: it is not in scope where the effect returns its cleanup; declare 'let ${variable.name}' in the effect, assign the channel to it in the callback, then run again`;
          continue;
        }
        if (variable.defs.length !== 1) {
          rejection ??= `'${variable.name}' is declared more than once: cannot tell which channel the cleanup should remove`;
          continue;
        }
        if (variable.scope !== scope || def.type !== 'Variable' || def.parent?.parent !== effect.body) {
          rejection ??= `'${variable.name}' is declared inside a block (if, try, ...) of the effect: it is not in scope where the effect returns its cleanup; add the cleanup by hand`;
          continue;
        }
        if (def.node.id.type !== 'Identifier') continue;
        const init = def.node.init;
        const writes = variable.references.filter((reference) => reference.isWrite() && !reference.init);
        const once =
          init && !isNoValue(init)
            ? writes.length === 0
            : writes.length === 1 &&
              writes[0]!.identifier.parent?.type === 'AssignmentExpression' &&
              (writes[0]!.identifier.parent as TSESTree.AssignmentExpression).operator === '=';
        if (!once) {
          rejection ??= `'${variable.name}' is assigned more than once: cannot tell which channel the cleanup should remove`;
          continue;
        }
        const guard = !init || isNoValue(init);
        // `let channel; channel = ...;` at the effect's top level: TypeScript knows its type in the cleanup
        const assignment = guard ? writes[0]!.identifier.parent!.parent : null;
        const typed =
          !guard ||
          def.node.id.typeAnnotation !== undefined ||
          (assignment?.type === 'ExpressionStatement' && assignment.parent === effect.body);
        return { variable, guard, typed };
      }
      return rejection;
    }

    /**
     * The call that runs the callback `fn` (directly inside the effect) once
     * per run of the effect: `setup()` of a `const setup = ...` / `function
     * setup` called once, an IIFE, or `.then(fn)`; else why it may run more.
     */
    function onceTrigger(effect: FunctionNode, fn: FunctionNode): TSESTree.CallExpression | string {
      const mayRunMore =
        'the channel is assigned in a callback that may run more than once or after the cleanup (an event handler, a timer, a subscription callback): remove each channel by hand';
      const outer = outermost(fn);
      const parent = outer.parent;
      let call: TSESTree.CallExpression | null = null;
      if (parent?.type === 'CallExpression' && parent.callee === outer) call = parent;
      else if (
        parent?.type === 'CallExpression' &&
        parent.arguments[0] === outer &&
        asMethodCall(parent)?.name === 'then'
      )
        call = parent;
      else {
        let declared: Node | null = null;
        if (fn.type === 'FunctionDeclaration') declared = fn;
        else if (parent?.type === 'VariableDeclarator' && parent.init === outer && parent.parent.kind === 'const')
          declared = parent;
        const variable = declared && ctx.scopeManager?.getDeclaredVariables(declared as never)[0];
        if (!variable) return mayRunMore;
        const uses = variable.references.filter((reference) => !reference.init);
        const use = uses[0]?.identifier;
        if (uses.length !== 1 || use?.parent?.type !== 'CallExpression' || use.parent.callee !== use) return mayRunMore;
        call = use.parent;
      }
      if (enclosingFunction(call) !== effect) return mayRunMore;
      for (let node: Node | undefined = call; node && node !== effect; node = node.parent)
        if (LOOPS.has(node.type)) return mayRunMore;
      return call;
    }

    /** What the effect's cleanup needs for this site, or why the site is left. */
    function resolve(effect: FunctionNode, leak: LeakingSubscription, scope: Scope): Site | string {
      const { subscribe, channel } = leak;
      if (!within(channel.create, effect)) {
        return `the channel is created outside this effect (line ${lineOf(channel.create)}): removing it in the cleanup would leave the next run a removed channel; create it inside the effect, then run again`;
      }
      if (hasOptionalLink(leak))
        return 'the subscription uses optional chaining (?.): the channel may not exist; add the cleanup by hand';
      const client = clientOf(channel.client);
      if (typeof client === 'string') return client;
      const legacy = channel.kind === 'legacy';
      const base = {
        leak,
        offset: reportOffset(leak),
        client,
        method: legacy ? 'removeSubscription' : 'removeChannel',
        freshBase: legacy ? 'subscription' : 'channel',
      } as const;
      const outer = outermost(subscribe);
      if (effect.body.type !== 'BlockStatement') {
        const body = effect.body;
        const value = body.type === 'UnaryExpression' && body.operator === 'void' ? body.argument : body;
        if (value !== outer)
          return "the effect's body is an expression, not the subscription itself: give it a block body, then run again";
        return { ...base, variable: null, guard: false, start: subscribe.range[0], bindAt: null };
      }
      const handle = handleOf(effect, leak, scope);
      if (typeof handle === 'string') return handle;
      const holder = enclosingFunction(subscribe)!;
      let start = subscribe.range[0];
      if (holder !== effect) {
        let callback: FunctionNode = holder;
        while (enclosingFunction(callback) !== effect) callback = enclosingFunction(callback)!;
        const name = handle?.variable.name ?? base.freshBase;
        if (!handle) {
          return `subscribed inside a callback: the channel is not in scope where the effect returns its cleanup; declare 'let ${name}' in the effect, assign the channel to it in the callback, then run again`;
        }
        if (handle.guard) {
          if (callback !== holder)
            return 'the channel is assigned in a callback nested in another callback: cannot tell how often it runs; remove it by hand';
          const trigger = onceTrigger(effect, callback);
          if (typeof trigger === 'string') return trigger;
          start = trigger.range[0];
        } else {
          // a constant channel subscribed later: the cleanup removes it whenever that happens
          let statement: Node = callback;
          while (statement.parent && statement.parent !== effect.body) statement = statement.parent;
          start = statement.range[0];
        }
      }
      if (handle) {
        if (typescript && !handle.typed) {
          const name = handle.variable.name;
          const type = legacy ? 'RealtimeSubscription' : 'RealtimeChannel';
          return `'let ${name}' has no type and is not assigned at the effect's top level: the cleanup would not type-check (TS7034); declare it 'let ${name}: ${type} | undefined', then run again`;
        }
        return { ...base, variable: handle.variable, guard: handle.guard, start, bindAt: null };
      }
      // not held by a variable: bind it when it is a statement of its own at the effect's top level
      const parent = outer.parent;
      const voided = parent?.type === 'UnaryExpression' && parent.operator === 'void' ? parent : null;
      const statement = voided ? voided.parent : parent;
      if (statement?.type !== 'ExpressionStatement') {
        if (parent?.type === 'AssignmentExpression' && parent.right === outer) {
          return `the channel is stored in '${short(source(parent.left))}', not in a variable of the effect: remove it in the cleanup by hand`;
        }
        if (parent?.type === 'CallExpression' && parent.arguments.includes(outer as TSESTree.CallExpressionArgument)) {
          return `the channel is handed to ${short(source(parent.callee))}(): remove it in the cleanup by hand`;
        }
        if (parent?.type === 'VariableDeclarator' && parent.init === outer) {
          return 'the channel is bound by a destructuring pattern, not a name: remove it in the cleanup by hand';
        }
        return 'the result of subscribe() is used in an expression, not kept in a variable of the effect: remove the channel in the cleanup by hand';
      }
      if (statement.parent !== effect.body) {
        return 'subscribed inside a block (if, try, ...) of the effect: the channel would not be in scope where the effect returns its cleanup; add the cleanup by hand';
      }
      const bindAt = voided
        ? {
            start: voided.range[0],
            end: voided.range[0] + 'void'.length + (/\s/.test(text[voided.range[0] + 4] ?? '') ? 1 : 0),
          }
        : { start: statement.range[0], end: statement.range[0] };
      return { ...base, variable: null, guard: false, start, bindAt };
    }

    /** Layout of a block: where to add statements at its end, their indentation, one line or several. */
    function blockLayout(block: TSESTree.BlockStatement, fallbackIndent: string) {
      const open = block.range[0];
      const close = block.range[1] - 1;
      const multiLine = text.slice(open, close).includes('\n');
      const at = lastContentEnd(open + 1, close);
      const closeIndent = startsLine(close) ? lineIndent(text, close) : fallbackIndent;
      const first = block.body[0];
      const indent =
        first && startsLine(first.range[0]) ? lineIndent(text, first.range[0]) : closeIndent + style.indent;
      const step =
        indent.startsWith(closeIndent) && indent.length > closeIndent.length
          ? indent.slice(closeIndent.length)
          : style.indent;
      const last = block.body[block.body.length - 1];
      const separated =
        !last || text[last.range[1] - 1] === ';' || (text[last.range[1] - 1] === '}' && BLOCK_ENDED.has(last.type));
      return {
        multiLine,
        at,
        indent,
        step,
        last,
        separator: separated ? null : last.range[1],
        tight: text[at] === '}',
      };
    }

    /** `col` of a `filter: 'col=eq.<value>'` of the subscription's listeners: the per-item filter to widen. */
    function perItemColumn(leak: LeakingSubscription): string | null {
      let node: Node = leak.subscribe;
      for (let depth = 0; depth < 64; depth += 1) {
        const call = asMethodCall(node);
        if (!call || call.call === leak.channel.create) return null;
        const config = call.name === 'on' ? call.call.arguments[1] : undefined;
        if (config?.type === 'ObjectExpression') {
          for (const property of config.properties) {
            if (
              property.type !== 'Property' ||
              property.computed ||
              property.key.type !== 'Identifier' ||
              property.key.name !== 'filter'
            )
              continue;
            const value = property.value;
            const head =
              value.type === 'Literal' && typeof value.value === 'string'
                ? value.value
                : value.type === 'TemplateLiteral'
                  ? value.quasis[0]!.value.cooked
                  : null;
            const match = head === null ? null : /^(\w+)=eq\./.exec(head);
            if (match) return match[1]!;
          }
        }
        node = call.object;
      }
      return null;
    }

    for (const leak of input.findings) {
      if (leak.kind === 'loop') {
        const loop = leak.loop && asMethodCall(leak.loop);
        const column = perItemColumn(leak);
        const widen = column
          ? `open one channel with filter '${column}=in.(…)' instead of one with '${column}=eq.…' per item`
          : "open one channel whose filter covers every item (such as filter: 'room_id=in.(1,2,3)')";
        leave(
          leak,
          `subscribed once per item${loop ? ` (in ${loop.name})` : ' of a loop'}: channels per connection are capped at 100; ${widen}, and remove it in an effect cleanup`,
        );
      } else if (leak.kind === 'render-body') {
        leave(
          leak,
          `subscribed in the render body of ${leak.component ?? 'a component'}: every render opens another channel; move it into a useEffect, then run this codemod again to add the cleanup`,
        );
      }
    }

    const byEffect = new Map<FunctionNode, LeakingSubscription[]>();
    for (const leak of input.findings) {
      if (leak.kind !== 'missing-cleanup') continue;
      if (!leak.effect) {
        leave(leak, 'the effect of this subscription could not be found: add the cleanup by hand');
        continue;
      }
      byEffect.set(leak.effect, [...(byEffect.get(leak.effect) ?? []), leak]);
    }

    for (const [effect, leaks] of byEffect) {
      leaks.sort((a, b) => a.subscribe.range[0] - b.subscribe.range[0]);
      if (effect.async) {
        for (const leak of leaks) {
          leave(
            leak,
            'the effect callback is async, so it returns a promise and never a cleanup: make it a plain function that calls the async work, then run again',
          );
        }
        continue;
      }
      if (effect.generator) {
        for (const leak of leaks) leave(leak, 'the effect callback is a generator: it cannot return a cleanup');
        continue;
      }
      const scope = ctx.scopeManager?.acquire(effect as never) ?? null;
      if (!scope) {
        for (const leak of leaks) leave(leak, 'the scopes of this effect could not be read: add the cleanup by hand');
        continue;
      }
      let sites: Site[] = [];
      for (const leak of leaks) {
        const site = resolve(effect, leak, scope);
        if (typeof site === 'string') leave(leak, site);
        else sites.push(site);
      }
      if (sites.length === 0) continue;

      const taken = namesUnder(scope);
      const freshName = (base: string) => {
        let name = base;
        for (let n = 2; taken.has(name); n += 1) name = `${base}${n}`;
        taken.add(name);
        return name;
      };

      // the same client and channel names, and the same `this`, where the cleanup runs
      const sameWhere = (site: Site, insideScope: Scope, insideNode: Node): string | null => {
        const { root } = site.client;
        if (root.type === 'ThisExpression') {
          return thisOwner(root) === thisOwner(insideNode)
            ? null
            : "'this' is not the same inside the cleanup (a function, not an arrow): add the removal by hand";
        }
        const variable = resolveIdentifier(ctx, root);
        if (variable?.references.some((reference) => reference.isWrite() && !reference.init)) {
          return `'${root.name}' is reassigned: the cleanup might not reach the client that created the channel; add the removal by hand`;
        }
        if (findVariable(insideScope, root.name) !== variable) {
          return `'${root.name}' means something else inside the cleanup: add the removal by hand`;
        }
        if (site.variable && findVariable(insideScope, site.variable.name) !== site.variable) {
          return `'${site.variable.name}' means something else inside the cleanup: add the removal by hand`;
        }
        return null;
      };

      const callText = (site: Site, name: string) =>
        `${site.guard ? `if (${name}) ` : ''}${site.client.text}.${site.method}(${name})`;
      const call = (site: Site) => callText(site, site.variable?.name ?? site.freshBase);

      if (effect.body.type !== 'BlockStatement') {
        // `() => void <subscription>`: a block body with the binding and the cleanup
        const site = sites[0]!;
        const arrow = effect as TSESTree.ArrowFunctionExpression;
        const token = arrowToken(arrow);
        const chain = outermost(site.leak.subscribe);
        const problem =
          sameWhere(site, scope, effect.body) ??
          (token === null ? 'cannot find the arrow of the effect: add the cleanup by hand' : null) ??
          (comments.some(
            (comment) =>
              comment.range[0] >= token!.range[1] &&
              comment.range[1] <= arrow.range[1] &&
              !within(comment as unknown as Node, chain),
          )
            ? "the effect's expression body has comments: give it a block body, then run again"
            : null);
        if (problem) {
          leave(site.leak, problem);
          continue;
        }
        const name = freshName(site.freshBase);
        const indent = lineIndent(text, arrow.range[0]);
        const inner = indent + style.indent;
        edits.push({
          start: token!.range[1],
          end: arrow.range[1],
          text:
            ` {${eol}${inner}const ${name} = ${source(chain)}${semi}${eol}` +
            `${inner}return () => {${eol}${inner}${style.indent}${callText(site, name)}${semi}${eol}${inner}}${semi}${eol}${indent}}`,
        });
        rewritten += 1;
        continue;
      }

      // exits: the subscription must run on the way to the end of the body, and no other exit may follow it
      const body = effect.body;
      const returns = returnsOf(effect);
      const lastStatement = body.body[body.body.length - 1];
      const finalReturn = lastStatement?.type === 'ReturnStatement' ? lastStatement : null;
      sites = sites.filter((site) => {
        const blocking = returns.find((statement) => statement.parent === body && statement.range[1] <= site.start);
        if (blocking) {
          leave(
            site.leak,
            `the subscription comes after the effect's return on line ${lineOf(blocking)}: it never runs`,
          );
          return false;
        }
        const others = returns.filter((statement) => statement.range[1] > site.start && statement !== finalReturn);
        if (others.length === 0) return true;
        const lines = others.map(lineOf);
        leave(
          site.leak,
          others.every(givesNoValue)
            ? `the effect returns early after it subscribes (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}): the channel would stay open on that path; add the cleanup to every exit by hand`
            : `the effect returns in several places after it subscribes (lines ${[...lines, ...(finalReturn ? [lineOf(finalReturn)] : [])].join(', ')}): add the cleanup to each by hand`,
        );
        return false;
      });
      if (sites.length === 0) continue;

      let target: Target = { kind: 'append' };
      let targetProblem: ((site: Site) => string) | null = null;
      if (finalReturn && givesNoValue(finalReturn)) {
        target = { kind: 'replace', statement: finalReturn };
      } else if (finalReturn) {
        const value = unwrap(finalReturn.argument!);
        if (value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression') {
          const inner = returnsOf(value);
          const expression =
            value.body.type === 'BlockStatement'
              ? null
              : text.slice(
                  firstContentStart(
                    arrowToken(value as TSESTree.ArrowFunctionExpression)?.range[1] ?? value.body.range[0],
                    value.range[1],
                  ),
                  value.range[1],
                );
          if (value.async || value.generator) {
            targetProblem = (site) =>
              `the cleanup is ${value.async ? 'async' : 'a generator'}: add ${call(site)} to it by hand`;
          } else if (inner.length > 0) {
            targetProblem = (site) =>
              `the cleanup returns early (line ${lineOf(inner[0]!)}): a call added at its end would not always run; add ${call(site)} by hand`;
          } else if (
            expression !== null &&
            (/^(?:function|class|async\s+function|let\s*\[)\b/.test(expression) ||
              arrowToken(value as TSESTree.ArrowFunctionExpression) === null)
          ) {
            targetProblem = (site) => `this cleanup cannot be turned into a block: add ${call(site)} to it by hand`;
          } else {
            target = { kind: 'extend', statement: finalReturn, cleanup: value };
          }
        } else if (value.type === 'Identifier') {
          targetProblem = (site) =>
            `the cleanup is '${value.name}', defined elsewhere: make it call ${call(site)} by hand`;
        } else {
          targetProblem = (site) =>
            `the effect returns something other than a function written here: add ${call(site)} to its cleanup by hand`;
        }
      }
      if (targetProblem) {
        for (const site of sites) leave(site.leak, targetProblem(site));
        continue;
      }

      const insideNode: Node =
        target.kind === 'extend'
          ? target.cleanup.body.type === 'BlockStatement'
            ? target.cleanup.body
            : target.cleanup
          : body;
      const insideScope =
        target.kind === 'extend' ? (ctx.scopeManager!.acquire(target.cleanup as never) ?? scope) : scope;
      sites = sites.filter((site) => {
        const problem = sameWhere(site, insideScope, insideNode);
        if (problem) leave(site.leak, problem);
        return problem === null;
      });
      if (sites.length === 0) continue;

      const calls: string[] = [];
      for (const [index, site] of sites.entries()) {
        // one call a channel, however often it is subscribed
        if (site.variable && sites.findIndex((other) => other.variable === site.variable) !== index) continue;
        const name = site.variable?.name ?? freshName(site.freshBase);
        if (site.bindAt) edits.push({ ...site.bindAt, text: `const ${name} = ` });
        calls.push(callText(site, name));
      }
      const effectLayout = blockLayout(body, lineIndent(text, effect.range[0]));
      const step = effectLayout.step;
      const inlineCalls = `${calls.join('; ')}${semi}`;

      if (target.kind === 'append') {
        const { multiLine, at, indent, separator, tight } = effectLayout;
        if (multiLine) {
          const lines = calls.map((line) => `${indent}${step}${line}${semi}`).join(eol);
          edits.push({
            start: at,
            end: at,
            text: `${eol}${indent}return () => {${eol}${lines}${eol}${indent}}${semi}`,
          });
        } else {
          if (separator !== null && separator !== at) edits.push({ start: separator, end: separator, text: ';' });
          edits.push({
            start: at,
            end: at,
            text: `${separator === at ? ';' : ''} return () => { ${inlineCalls} }${semi}${tight ? ' ' : ''}`,
          });
        }
      } else if (target.kind === 'replace') {
        const { statement } = target;
        const indent = lineIndent(text, statement.range[0]);
        edits.push({
          start: statement.range[0],
          end: statement.range[1],
          text: startsLine(statement.range[0])
            ? `return () => {${eol}${calls.map((line) => `${indent}${step}${line}${semi}`).join(eol)}${eol}${indent}}${semi}`
            : `return () => { ${inlineCalls} }${semi}`,
        });
      } else {
        const { cleanup, statement } = target;
        if (cleanup.body.type === 'BlockStatement') {
          const indentOfReturn = lineIndent(text, statement.range[0]);
          const layout = blockLayout(cleanup.body, indentOfReturn);
          const { at, separator, tight } = layout;
          const empty = cleanup.body.body.length === 0 && at === cleanup.body.range[0] + 1;
          if (empty && startsLine(statement.range[0])) {
            // `return () => {};` on a line of its own: the call goes on a line of its own
            const lines = calls.map((line) => `${eol}${indentOfReturn}${step}${line}${semi}`).join('');
            edits.push({ start: at, end: cleanup.body.range[1] - 1, text: `${lines}${eol}${indentOfReturn}` });
          } else if (layout.multiLine) {
            edits.push({
              start: at,
              end: at,
              text: calls.map((line) => `${eol}${layout.indent}${line}${semi}`).join(''),
            });
          } else {
            if (separator !== null && separator !== at) edits.push({ start: separator, end: separator, text: ';' });
            edits.push({
              start: at,
              end: at,
              text: `${separator === at ? ';' : ''} ${inlineCalls}${tight ? ' ' : ''}`,
            });
          }
        } else {
          const token = arrowToken(cleanup as TSESTree.ArrowFunctionExpression)!;
          const from = firstContentStart(token.range[1], cleanup.range[1]);
          const expression = text.slice(from, cleanup.range[1]);
          const indent = lineIndent(text, statement.range[0]);
          edits.push({
            start: token.range[1],
            end: cleanup.range[1],
            text: startsLine(statement.range[0])
              ? ` {${eol}${indent}${step}${expression}${semi}${calls.map((line) => `${eol}${indent}${step}${line}${semi}`).join('')}${eol}${indent}}`
              : ` { ${expression}; ${inlineCalls} }`,
          });
        }
      }
      rewritten += sites.length;
    }
    return { edits, rewritten, left, newFiles: [] };
  },
};
