/**
 * Evidence that a full-sync name is (also) plain data in a file, collected
 * while the file is walked and asked once it has been.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { keyName, memberName } from '../ast.js';
import { isLiteralValue } from './full-sync-names.js';

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
