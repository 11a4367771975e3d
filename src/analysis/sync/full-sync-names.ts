/**
 * What a local name holds: a full-sync function under another name (an
 * import alias, a destructured or assigned copy), a function, or a plain
 * value (`const { fullSync = false } = options`).
 */
import { keyName, memberName, type Node, unwrap, parentOf } from '../ast.js';
import type { Variable } from '../scope.js';

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

/** A variable that carries a full-sync function under another name, and that name. */
export function aliasedName(variable: Variable, names: ReadonlySet<string>): string | null {
  const def = variable.defs[0];
  if (!def || variable.defs.length !== 1) return null;
  if (def.type === 'ImportBinding') {
    const node = def.node;
    if (node.type !== 'ImportSpecifier') return null;
    const imported = node.imported.type === 'Identifier' ? node.imported.name : node.imported.value;
    return names.has(imported) ? imported : null;
  }
  if (def.type !== 'Variable') return null;
  const id = def.name;
  let holder = parentOf(id);
  if (holder?.type === 'AssignmentPattern' && holder.left === id) {
    if (isLiteralValue(holder.right)) return null;
    holder = parentOf(holder);
  }
  if (holder?.type === 'Property' && parentOf(holder)?.type === 'ObjectPattern') {
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

export function isLiteralValue(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type === 'Literal') return !('regex' in inner && inner.regex);
  if (inner.type === 'TemplateLiteral') return true;
  if (inner.type === 'UnaryExpression') return inner.operator === '!' || inner.operator === '-';
  return false;
}

/** A variable named like a full sync that only holds a value: `const { fullSync = false } = options`. */
export function isValueBinding(variable: Variable): boolean {
  return variable.defs.some((def) => {
    const id = def.name;
    const parent = parentOf(id);
    if (parent?.type === 'AssignmentPattern' && parent.left === id) return isLiteralValue(parent.right);
    if (def.type === 'Variable' && def.node.id === id && def.node.init) return isLiteralValue(def.node.init);
    return false;
  });
}

export function isFunctionValue(node: Node): boolean {
  const inner = unwrap(node);
  return inner.type === 'ArrowFunctionExpression' || inner.type === 'FunctionExpression';
}

/** A name declared as a function or imported: it is not data. */
export function isFunctionBinding(variable: Variable | null): boolean {
  const def = variable?.defs[0];
  if (!def) return false;
  if (def.type === 'FunctionName' || def.type === 'ImportBinding') return true;
  return (
    def.type === 'Variable' && def.node.id === def.name && def.node.init !== null && isFunctionValue(def.node.init)
  );
}
