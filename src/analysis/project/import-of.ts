/**
 * What module a variable is bound from: an import or a `require`. Apart from
 * module-facts.ts so that a recognizer of the PostgREST area (row-use.ts: a
 * library's random pick, a test's assertion) can ask it without importing the
 * function facts, which import that area.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { keyName, staticString, unwrap } from '../ast.js';
import type { Variable } from '../scope.js';

export interface Imported {
  source: string;
  /** `default`, the imported name, or `*` for a namespace. */
  name: string;
}

/** The module binding a variable is: an import, or `const x = require('y')` / `const { x } = require('y')`. */
export function importOf(variable: Variable): Imported | null {
  const def = variable.defs[0];
  if (!def || variable.defs.length !== 1) return null;
  if (def.type === 'ImportBinding') {
    const declaration = def.parent as TSESTree.ImportDeclaration;
    const spec = def.node;
    if (spec.type === 'ImportDefaultSpecifier') return { source: declaration.source.value, name: 'default' };
    if (spec.type === 'ImportNamespaceSpecifier') return { source: declaration.source.value, name: '*' };
    if (spec.type === 'ImportSpecifier') {
      const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
      return { source: declaration.source.value, name: imported };
    }
    return null;
  }
  if (def.type !== 'Variable' || !def.node.init) return null;
  const init = unwrap(def.node.init);
  if (init.type !== 'CallExpression' || unwrap(init.callee).type !== 'Identifier') return null;
  if ((unwrap(init.callee) as TSESTree.Identifier).name !== 'require') return null;
  const source = staticString(init.arguments[0]);
  if (source === null) return null;
  if (def.node.id.type === 'Identifier') return { source, name: '*' };
  if (def.node.id.type === 'ObjectPattern') {
    for (const property of def.node.id.properties) {
      if (property.type !== 'Property') continue;
      const value = property.value;
      if (value.type === 'Identifier' && value.name === variable.name) {
        const key = keyName(property.key, property.computed);
        return key === null ? null : { source, name: key };
      }
    }
  }
  return null;
}
