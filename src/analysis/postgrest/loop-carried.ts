/**
 * Requests a loop sends in sequence by design: iteration i+1's request
 * depends on what iteration i's request returned, through state carried
 * across iterations (a variable or an object property declared outside the
 * loop). Such requests cannot be sent as one batch, so "N requests, batch
 * them" is false advice (no-query-in-loop leaves them).
 *
 * Only what the code shows counts:
 * - carried state: a binding declared outside the loop statement that its
 *   body assigns (`acc = v`, `acc.queue = v`, `acc[k] = v`) with a value fed
 *   by a request of the loop (the awaited result of one, or a local computed
 *   from one), and that the body reads before that assignment (the read sees
 *   the previous iteration's value);
 * - tainted: an expression that reads the carried state (the whole object,
 *   or the property assigned), or a local of the body computed from one
 *   (through any expression, a call's result included);
 * - a request is sequential when it is sent only under a tainted condition
 *   (an `if`, `?:`, `&&`/`||` around it in the body), or, written in the loop
 *   itself (not through a called function, whose requests may not use the
 *   arguments), when its chain reads a tainted value;
 * - a function called in the loop (whose requests may or may not use its
 *   arguments) is sequential when it takes carried state as it is (no local
 *   of the body, no binding of the loop), and its result becomes that state (`id = (await
 *   parentOf(id)).id`, walking a path): each call needs the previous answer;
 * - or when it reads the carried state back: its awaited result is assigned
 *   as is to carried state that a sequential request of the loop depends on,
 *   and it takes nothing that changes per item (a refresh after a write, not
 *   a read per item).
 * Loops whose requests merely run one after another, `.map` and `.forEach`
 * callbacks (their requests start together), state changed through methods
 * (`push`, `set`), and a property written under a key the iteration computes
 * (`cache[row.brand] = id`: a memo by key, as `cache.set(row.brand, id)`) are
 * not followed.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { childNodes, isFunction, LOOPS, type Node, outermost, unwrap, within } from '../ast.js';
import { resolveIdentifier, type Variable } from '../scope.js';
import type { AnalysisContext } from '../detector.js';

/** A request sent in the loop: written there (`direct`) or sent by a function called there. */
export interface LoopSite {
  /** The request's chain end, or the call of the function that sends requests. */
  node: Node;
  direct: boolean;
}

/** A carried binding and the properties the loop writes (`*`: the whole binding or a computed key). */
interface Carried {
  paths: Set<string>;
  /** Where the last write fed by a request starts: reads before it see the previous iteration. */
  lastWrite: number;
}

/** A local bound in the body and the expression it takes its value from. */
interface Binding {
  target: Node;
  value: Node;
}

const MAX_PASSES = 8;

/** The identifiers read in `node` (not property names nor object keys). */
function readIdentifiers(node: Node): TSESTree.Identifier[] {
  const out: TSESTree.Identifier[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'Identifier') {
      out.push(current);
      continue;
    }
    if (current.type === 'MemberExpression' && !current.computed) {
      stack.push(current.object);
      continue;
    }
    if (current.type === 'Property' && !current.computed && !current.shorthand) {
      stack.push(current.value);
      continue;
    }
    if (current.type.startsWith('TS') && current.type !== 'TSAsExpression' && current.type !== 'TSNonNullExpression')
      continue;
    stack.push(...childNodes(current));
  }
  return out;
}

/** The identifiers a pattern binds (`x`, `{ data: x }`, `[a, b]`, `...rest`). */
function boundIdentifiers(pattern: Node): TSESTree.Identifier[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => boundIdentifiers(p.type === 'Property' ? p.value : p.argument));
    case 'ArrayPattern':
      return pattern.elements.flatMap((el) => (el ? boundIdentifiers(el) : []));
    case 'RestElement':
      return boundIdentifiers(pattern.argument);
    case 'AssignmentPattern':
      return boundIdentifiers(pattern.left);
    default:
      return [];
  }
}

/** The identifier a member chain starts from (`acc.queue[k]` -> `acc`), and its first property. */
function assignedRoot(left: Node): { id: TSESTree.Identifier; path: string } | null {
  let node = unwrap(left);
  let path = '*';
  while (node.type === 'MemberExpression') {
    const object = unwrap(node.object);
    path = node.computed || node.property.type !== 'Identifier' ? '*' : node.property.name;
    node = object;
  }
  return node.type === 'Identifier' ? { id: node, path } : null;
}

/** The property of `id` a read takes (`acc.queue` -> `queue`), `*` for the whole value or a computed key. */
function readPath(id: TSESTree.Identifier): string {
  const outer = outermost(id);
  const parent = outer.parent;
  if (parent?.type === 'MemberExpression' && parent.object === outer && !parent.computed) {
    return parent.property.type === 'Identifier' ? parent.property.name : '*';
  }
  return '*';
}

/** The expression whose value is what an awaited site gives: `await site`, or null when it is not awaited. */
function awaitedValue(site: Node): Node | null {
  const outer = outermost(site);
  return outer.parent?.type === 'AwaitExpression' ? outermost(outer.parent) : null;
}

/**
 * `cache[row.brand] = id`: a property written under a key computed from what
 * the iteration reads (its item, a local of the body: `ofLoop`), a memo by key
 * as `cache.set(row.brand, id)` is: the next item needs it only for the same
 * key, not in sequence.
 */
function keyedByIteration(left: Node, ofLoop: (id: TSESTree.Identifier) => boolean): boolean {
  const member = unwrap(left);
  return member.type === 'MemberExpression' && member.computed && readIdentifiers(member.property).some(ofLoop);
}

/** The body's local bindings, assignments and conditions, collected once. */
function collect(body: Node) {
  const bindings: Binding[] = [];
  const assignments: TSESTree.AssignmentExpression[] = [];
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'VariableDeclarator' && node.init) bindings.push({ target: node.id, value: node.init });
    if (
      (node.type === 'ForOfStatement' || node.type === 'ForInStatement') &&
      node.left.type === 'VariableDeclaration'
    ) {
      for (const declaration of node.left.declarations) bindings.push({ target: declaration.id, value: node.right });
    }
    if (node.type === 'AssignmentExpression') assignments.push(node);
    stack.push(...childNodes(node));
  }
  return { bindings, assignments };
}

/** The sites of one loop statement that it sends in sequence by design. */
export function sequentialSites(ctx: AnalysisContext, loop: Node, sites: readonly LoopSite[]): Set<Node> {
  const out = new Set<Node>();
  if (!LOOPS.has(loop.type) || !('body' in loop)) return out;
  const body = loop.body as Node;
  const { bindings, assignments } = collect(body);
  const variables = new Map<TSESTree.Identifier, Variable | null>();
  const variableOf = (id: TSESTree.Identifier) => {
    if (!variables.has(id)) variables.set(id, resolveIdentifier(ctx, id));
    return variables.get(id) ?? null;
  };
  const declaredIn = (variable: Variable, node: Node) => {
    const def = variable.defs[0];
    return def !== undefined && within(def.name, node);
  };
  const awaited = sites.map((site) => awaitedValue(site.node)).filter((node): node is Node => node !== null);

  /** Locals of the body whose value comes, through `reaches`, from what `seed` says. */
  const localsFrom = (seed: (id: TSESTree.Identifier, node: Node) => boolean) => {
    const locals = new Set<Variable>();
    const reaches = (node: Node) =>
      readIdentifiers(node).some((id) => {
        const variable = variableOf(id);
        return (variable !== null && locals.has(variable)) || seed(id, node);
      });
    const pairs: Binding[] = [
      ...bindings,
      ...assignments.map((assignment) => ({ target: assignment.left, value: assignment.right })),
    ];
    for (let pass = 0, changed = true; changed && pass < MAX_PASSES; pass += 1) {
      changed = false;
      for (const { target, value } of pairs) {
        if (!reaches(value)) continue;
        for (const id of boundIdentifiers(target)) {
          const variable = variableOf(id);
          if (variable && declaredIn(variable, body) && !locals.has(variable)) {
            locals.add(variable);
            changed = true;
          }
        }
      }
    }
    return { locals, reaches };
  };

  // what a request of the loop gives: its awaited result, and the body's locals computed from one
  const fed = localsFrom((_id, node) => awaited.some((value) => within(value, node)));
  const fedValue = (node: Node) => awaited.some((value) => within(value, node)) || fed.reaches(node);

  // carried state: outer bindings the body assigns a fed value to
  const carried = new Map<Variable, Carried>();
  for (const assignment of assignments) {
    const root = assignedRoot(assignment.left);
    const variable = root && variableOf(root.id);
    if (!root || !variable || declaredIn(variable, loop) || !fedValue(assignment.right)) continue;
    if (
      keyedByIteration(assignment.left, (id) => {
        const local = variableOf(id);
        return local !== null && declaredIn(local, loop);
      })
    )
      continue;
    const entry = carried.get(variable) ?? { paths: new Set<string>(), lastWrite: -1 };
    entry.paths.add(root.path);
    entry.lastWrite = Math.max(entry.lastWrite, assignment.range[0]);
    carried.set(variable, entry);
  }
  if (carried.size === 0) return out;

  /** A read of carried state (of the bindings `only` allows) that sees the previous iteration's value. */
  const carriedRead = (only: ReadonlySet<Variable> | null) => (id: TSESTree.Identifier) => {
    const variable = variableOf(id);
    const entry = variable && carried.get(variable);
    if (!entry || (only && !only.has(variable)) || id.range[0] >= entry.lastWrite) return false;
    const path = readPath(id);
    return path === '*' || entry.paths.has('*') || entry.paths.has(path);
  };
  const taintOf = (only: ReadonlySet<Variable> | null) => {
    const seed = carriedRead(only);
    return localsFrom((id) => seed(id));
  };
  const all = taintOf(null);
  const tainted = all.reaches;

  const guardedBy = (site: LoopSite, isTainted: (node: Node) => boolean) => {
    let child: Node = site.node;
    for (let node = site.node.parent; node && node !== body; child = node, node = node.parent) {
      if (isFunction(node)) return false;
      if (node.type === 'IfStatement' && node.test !== child && isTainted(node.test)) return true;
      if (node.type === 'ConditionalExpression' && node.test !== child && isTainted(node.test)) return true;
      if (node.type === 'LogicalExpression' && node.right === child && isTainted(node.left)) return true;
    }
    return false;
  };
  /** Whether a read of the site is of a binding of the loop that changes per item and is not carried state. */
  const readsPerItem = (site: LoopSite) =>
    readIdentifiers(outermost(site.node)).some((id) => {
      const variable = variableOf(id);
      return variable !== null && declaredIn(variable, loop) && !all.locals.has(variable);
    });
  /** Whether the site's awaited result, as is or through locals computed from it, is written to carried state. */
  const feedsCarried = (site: LoopSite) => {
    const value = awaitedValue(site.node);
    if (!value) return false;
    const own = localsFrom((_id, node) => within(value, node));
    return assignments.some((assignment) => {
      const root = assignedRoot(assignment.left);
      const variable = root && variableOf(root.id);
      return variable !== null && carried.has(variable) && own.reaches(assignment.right);
    });
  };
  /** Whether the site reads any binding of the loop (its variable, a local of the body), carried or not. */
  const readsLoopBinding = (site: LoopSite) =>
    readIdentifiers(outermost(site.node)).some((id) => {
      const variable = variableOf(id);
      return variable !== null && declaredIn(variable, loop);
    });
  // a function called with carried state as it is, whose result becomes that state (`id = (await
  // parentOf(id)).id`): each call needs what the previous one returned, whatever requests the function sends.
  // Not when it takes a local of the body (made from the item as well, maybe)
  const walks = (site: LoopSite, isTainted: (node: Node) => boolean) =>
    !site.direct && isTainted(outermost(site.node)) && !readsLoopBinding(site) && feedsCarried(site);
  const dependent = (site: LoopSite, isTainted: (node: Node) => boolean) =>
    guardedBy(site, isTainted) || (site.direct && isTainted(outermost(site.node))) || walks(site, isTainted);

  for (const site of sites) if (dependent(site, tainted)) out.add(site.node);
  if (out.size === 0) return out;

  // read back: a site whose result, as is, becomes carried state that a dependent site reads
  for (const site of sites) {
    if (out.has(site.node)) continue;
    const target = readBackTarget(site, assignments, variableOf, carried);
    if (!target) continue;
    if (readsPerItem(site)) continue;
    const byTarget = taintOf(new Set([target])).reaches;
    if (sites.some((other) => out.has(other.node) && dependent(other, byTarget))) out.add(site.node);
  }
  return out;
}

/** `v`, `v.data`, `v ?? []`, `v.data || []`: the node whose value is `v` as is (what an assignment takes). */
function asIs(value: Node): Node {
  let node = outermost(value);
  for (;;) {
    const up: Node | undefined = node.parent;
    if (up?.type === 'MemberExpression' && up.object === node && !up.computed) node = outermost(up);
    else if (up?.type === 'LogicalExpression' && up.left === node && up.operator !== '&&') node = outermost(up);
    else return node;
  }
}

/** The assignment that takes `value` as is, when it is one of the body's. */
function assignmentOf(value: Node, assignments: readonly TSESTree.AssignmentExpression[]) {
  const node = asIs(value);
  const parent = node.parent;
  return parent?.type === 'AssignmentExpression' && parent.right === node && assignments.includes(parent)
    ? parent
    : null;
}

/**
 * The carried binding a site's awaited result is assigned to as is:
 * `acc.queue = await get()`, `acc.queue = (await q).data ?? []`, or through
 * a local it is bound to (`const { data } = await q; acc.queue = data`).
 */
function readBackTarget(
  site: LoopSite,
  assignments: readonly TSESTree.AssignmentExpression[],
  variableOf: (id: TSESTree.Identifier) => Variable | null,
  carried: ReadonlyMap<Variable, Carried>,
): Variable | null {
  const awaited = awaitedValue(site.node);
  if (!awaited) return null;
  const candidates: TSESTree.AssignmentExpression[] = [];
  const direct = assignmentOf(awaited, assignments);
  if (direct) candidates.push(direct);
  const declarator = asIs(awaited).parent;
  if (declarator?.type === 'VariableDeclarator' && declarator.init === asIs(awaited)) {
    const bound = new Set(
      boundIdentifiers(declarator.id)
        .map(variableOf)
        .filter((v) => v !== null),
    );
    for (const assignment of assignments) {
      const right = unwrap(assignment.right);
      const read = right.type === 'LogicalExpression' && right.operator !== '&&' ? unwrap(right.left) : right;
      const variable = read.type === 'Identifier' ? variableOf(read) : null;
      if (variable && bound.has(variable)) candidates.push(assignment);
    }
  }
  for (const assignment of candidates) {
    const root = assignedRoot(assignment.left);
    const variable = root && variableOf(root.id);
    if (variable && carried.has(variable)) return variable;
  }
  return null;
}
