/**
 * A request a loop sends only for the items whose key equals a value fixed
 * for the whole loop: `if (u.email === ADMIN) await remove(u)`, `if (u.email
 * === A.email || u.email === B.email)`, or `if (u.id !== target) continue;`
 * before it. Equality to a value that does not change from item to item
 * selects the items equal to it; on a key that is one item a value, so the
 * loop sends the request at most once a value, not once per item. The keys:
 * `id` (a row's primary key), and the `email` and `phone` of Supabase Auth's
 * users when the loop walks what `auth.admin.listUsers()` returned (GoTrue
 * keeps them unique).
 *
 * A dispatch on the item's kind (`for (const r of rule.recipients) { if (r
 * === 'employee') … else if (r === 'manager') … }`, or a `switch (r)`) runs
 * each branch once per kind the list holds.
 *
 * Uniqueness is a fact of the data the code cannot show: any other field
 * (`o.status === 'pending'`, `m.room_id === room`, a table's `email` column)
 * may match many items, and a request under such a test is still per item.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { childNodes, isFunction, memberName, type Node, staticString, subtree, unwrap, within } from '../ast.js';
import type { AnalysisContext } from '../detector.js';
import { resolveIdentifier } from '../scope.js';

/** The field taken as unique among any loop's items: a row's primary key. */
const KEY_FIELD = 'id';

/** Fields Supabase Auth keeps unique among its users, besides `id`. */
const AUTH_USER_KEYS: ReadonlySet<string> = new Set(['email', 'phone']);

/** The list a loop walks: a for...of's, the receiver of a per-item callback's method. */
function walkedList(loop: Node): Node | null {
  if (loop.type === 'ForOfStatement') return loop.right;
  if (loop.type === 'CallExpression') {
    const callee = unwrap(loop.callee);
    return callee.type === 'MemberExpression' ? callee.object : null;
  }
  return null;
}

/**
 * Whether the loop walks Supabase Auth's users: `data.users` (or `?? []`)
 * where `data` is declared from a call of `auth.admin.listUsers()`.
 */
function walksAuthUsers(ctx: AnalysisContext, loop: Node): boolean {
  let list = walkedList(loop);
  while (list) {
    const inner = unwrap(list);
    if (inner.type === 'LogicalExpression') list = inner.left;
    else if (inner.type === 'MemberExpression') list = inner.object;
    else if (inner.type === 'Identifier') {
      const def = resolveIdentifier(ctx, inner)?.defs[0];
      if (def?.type !== 'Variable' || !def.node.init) return false;
      for (const node of subtree(def.node.init, (n) => !isFunction(n))) {
        if (node.type !== 'CallExpression') continue;
        const callee = unwrap(node.callee);
        if (callee.type !== 'MemberExpression' || memberName(callee) !== 'listUsers') continue;
        const admin = unwrap(callee.object);
        if (admin.type === 'MemberExpression' && memberName(admin) === 'admin') return true;
      }
      return false;
    } else return false;
  }
  return false;
}

/** `item.id`, or `user.email` of an auth user, where `item` is a binding of the loop (its variable, a callback's parameter, a local). */
function isItemKey(ctx: AnalysisContext, node: Node, loop: Node): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'MemberExpression') return false;
  const field = memberName(inner) ?? '';
  if (field !== KEY_FIELD && !(AUTH_USER_KEYS.has(field) && walksAuthUsers(ctx, loop))) return false;
  const object = unwrap(inner.object);
  if (object.type !== 'Identifier') return false;
  const def = resolveIdentifier(ctx, object)?.defs[0];
  return def !== undefined && within(def.name, loop);
}

/**
 * A value fixed for the whole loop: a literal, or names (and their
 * properties) declared outside the loop and never assigned inside it; no
 * call, no binding of the loop.
 */
function isLoopInvariantValue(ctx: AnalysisContext, node: Node, loop: Node): boolean {
  const stack: Node[] = [unwrap(node)];
  while (stack.length > 0) {
    const current = stack.pop()!;
    switch (current.type) {
      case 'Literal':
      case 'TemplateElement':
        break;
      case 'TemplateLiteral':
      case 'MemberExpression':
        stack.push(...childNodes(current));
        break;
      case 'Identifier': {
        // a property name, not a read
        const parent = current.parent;
        if (parent.type === 'MemberExpression' && parent.property === current && !parent.computed) break;
        const variable = resolveIdentifier(ctx, current);
        // a global the file does not declare: fixed unless the loop assigns it
        if (!variable) {
          if (assignsName(loop, current.name)) return false;
          break;
        }
        const def = variable.defs[0];
        if (!def || within(def.name, loop)) return false;
        if (variable.references.some((reference) => reference.isWrite() && within(reference.identifier, loop)))
          return false;
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

/** Whether the loop assigns a name it does not declare (`current = next`, `n++`). */
function assignsName(loop: Node, name: string): boolean {
  for (const node of subtree(loop)) {
    const target =
      node.type === 'AssignmentExpression' ? node.left : node.type === 'UpdateExpression' ? node.argument : null;
    if (target?.type === 'Identifier' && target.name === name) return true;
  }
  return false;
}

/** `item.key === v` (or `v === item.key`; with `negated`, `!==`). */
function isKeyComparison(ctx: AnalysisContext, test: Node, loop: Node, negated: boolean): boolean {
  const inner = unwrap(test);
  if (inner.type !== 'BinaryExpression') return false;
  const operators = negated ? ['!==', '!='] : ['===', '=='];
  if (!operators.includes(inner.operator)) return false;
  return (
    (isItemKey(ctx, inner.left, loop) && isLoopInvariantValue(ctx, inner.right, loop)) ||
    (isItemKey(ctx, inner.right, loop) && isLoopInvariantValue(ctx, inner.left, loop))
  );
}

/**
 * A test that holds only for items whose key equals a fixed value:
 * `item.id === v`, an `||` of such tests, an `&&` with one, `!(not-selecting)`.
 */
function selects(ctx: AnalysisContext, test: Node, loop: Node): boolean {
  const inner = unwrap(test);
  if (inner.type === 'LogicalExpression') {
    if (inner.operator === '||') return selects(ctx, inner.left, loop) && selects(ctx, inner.right, loop);
    if (inner.operator === '&&') return selects(ctx, inner.left, loop) || selects(ctx, inner.right, loop);
    return false;
  }
  if (inner.type === 'UnaryExpression' && inner.operator === '!') return rejects(ctx, inner.argument, loop);
  return isKeyComparison(ctx, inner, loop, false);
}

/** A test that holds for every item but those whose key equals a fixed value (`item.id !== v`, `&&` of such). */
function rejects(ctx: AnalysisContext, test: Node, loop: Node): boolean {
  const inner = unwrap(test);
  if (inner.type === 'LogicalExpression') {
    if (inner.operator === '&&') return rejects(ctx, inner.left, loop) && rejects(ctx, inner.right, loop);
    if (inner.operator === '||') return rejects(ctx, inner.left, loop) || rejects(ctx, inner.right, loop);
    return false;
  }
  if (inner.type === 'UnaryExpression' && inner.operator === '!') return selects(ctx, inner.argument, loop);
  return isKeyComparison(ctx, inner, loop, true);
}

/** `continue`, `return` (in a callback), `{ continue; }`: the statement leaves the iteration. */
function skipsItem(statement: Node): boolean {
  if (statement.type === 'ContinueStatement' || statement.type === 'ReturnStatement') return true;
  return statement.type === 'BlockStatement' && statement.body.length > 0 && skipsItem(statement.body.at(-1)!);
}

/** `if (item.id !== v) continue;` among the statements before `child` in its block. */
function skippedBefore(ctx: AnalysisContext, block: Node, child: Node, loop: Node): boolean {
  if (block.type !== 'BlockStatement') return false;
  for (const statement of block.body) {
    if (statement === child) return false;
    if (
      statement.type === 'IfStatement' &&
      statement.alternate === null &&
      skipsItem(statement.consequent) &&
      rejects(ctx, statement.test, loop)
    )
      return true;
  }
  return false;
}

/** The loop's own item when it is a plain binding: a for...of's variable, a per-item callback's first parameter. */
function itemBinding(loop: Node): TSESTree.Identifier | null {
  if (loop.type === 'ForOfStatement') {
    const left = loop.left.type === 'VariableDeclaration' ? loop.left.declarations[0].id : loop.left;
    return left.type === 'Identifier' ? left : null;
  }
  if (loop.type === 'CallExpression') {
    const callback = loop.arguments.map((argument) => unwrap(argument)).find(isFunction);
    const first = callback?.params[0];
    return first?.type === 'Identifier' ? first : null;
  }
  return null;
}

/** The string literal a test compares the item itself to (`kind === 'employee'`), or null. */
function itemLiteral(ctx: AnalysisContext, test: Node, item: TSESTree.Identifier): string | null {
  const inner = unwrap(test);
  if (inner.type !== 'BinaryExpression' || (inner.operator !== '===' && inner.operator !== '==')) return null;
  const isItem = (side: Node) => {
    const node = unwrap(side);
    return node.type === 'Identifier' && resolveIdentifier(ctx, node)?.defs[0]?.name === item;
  };
  if (isItem(inner.left)) return staticString(inner.right);
  if (isItem(inner.right)) return staticString(inner.left);
  return null;
}

/** The literals a test selects the item by: one such comparison, an `||` of them, an `&&` with one. */
function selectedLiterals(ctx: AnalysisContext, test: Node, item: TSESTree.Identifier): string[] | null {
  const inner = unwrap(test);
  if (inner.type === 'LogicalExpression' && inner.operator === '||') {
    const left = selectedLiterals(ctx, inner.left, item);
    const right = left && selectedLiterals(ctx, inner.right, item);
    return left && right ? [...left, ...right] : null;
  }
  if (inner.type === 'LogicalExpression' && inner.operator === '&&')
    return selectedLiterals(ctx, inner.left, item) ?? selectedLiterals(ctx, inner.right, item);
  const literal = itemLiteral(ctx, inner, item);
  return literal === null ? null : [literal];
}

/**
 * A dispatch on the item's kind: the `if` is one of a chain (`if (r ===
 * 'employee') … else if (r === 'manager') …`) whose tests each select the
 * item, a string, by literals, two or more distinct in all. The list is then
 * one of kinds, each handled once: the request runs once per kind it is under.
 */
function dispatchesOnKind(ctx: AnalysisContext, branch: TSESTree.IfStatement, loop: Node): boolean {
  const item = itemBinding(loop);
  if (!item || !selectedLiterals(ctx, branch.test, item)) return false;
  let top: TSESTree.IfStatement = branch;
  while (top.parent.type === 'IfStatement' && top.parent.alternate === top) top = top.parent;
  const literals = new Set<string>();
  for (let link: Node | null = top; link?.type === 'IfStatement'; link = link.alternate) {
    for (const literal of selectedLiterals(ctx, link.test, item) ?? []) literals.add(literal);
  }
  return literals.size >= 2;
}

/** Inside a `case 'x':` of a `switch` on the item itself with two or more literal cases. */
function switchesOnKind(ctx: AnalysisContext, switchCase: TSESTree.SwitchCase, loop: Node): boolean {
  const item = itemBinding(loop);
  const switchNode = switchCase.parent;
  if (!item || switchCase.test === null) return false;
  const discriminant = unwrap(switchNode.discriminant);
  if (discriminant.type !== 'Identifier' || resolveIdentifier(ctx, discriminant)?.defs[0]?.name !== item) return false;
  const literals = switchNode.cases.map((c) => (c.test ? staticString(c.test) : null));
  return staticString(switchCase.test) !== null && new Set(literals.filter((l) => l !== null)).size >= 2;
}

/**
 * Whether `node` (a request, or a call that sends one) runs only for the
 * items whose key equals a value fixed for the loop: in the consequent of an
 * `if` that selects them, the alternate of one that rejects them, or after
 * `if (...rejects...) continue;` in a block between it and the loop. Also in
 * a branch of a dispatch on the item's kind (dispatchesOnKind, a `switch` on
 * the item): once per kind.
 */
export function runsForKeyedItems(ctx: AnalysisContext, node: Node, loop: Node): boolean {
  let child: Node = node;
  for (let current = node.parent; current && current !== loop; child = current, current = current.parent) {
    if (isFunction(current) && current.parent !== loop) return false;
    if (current.type === 'SwitchCase' && switchesOnKind(ctx, current, loop)) return true;
    if (current.type === 'IfStatement') {
      if (current.consequent === child && dispatchesOnKind(ctx, current, loop)) return true;
      if (current.consequent === child && selects(ctx, current.test, loop)) return true;
      if (current.alternate === child && rejects(ctx, current.test, loop)) return true;
    }
    if (current.type === 'ConditionalExpression') {
      if (current.consequent === child && selects(ctx, current.test, loop)) return true;
      if (current.alternate === child && rejects(ctx, current.test, loop)) return true;
    }
    if (current.type === 'LogicalExpression' && current.right === child) {
      if (current.operator === '&&' && selects(ctx, current.left, loop)) return true;
      if (current.operator === '||' && rejects(ctx, current.left, loop)) return true;
    }
    if (skippedBefore(ctx, current, child, loop)) return true;
  }
  return false;
}
