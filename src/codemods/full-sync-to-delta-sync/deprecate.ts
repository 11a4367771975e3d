/**
 * The other half of full-sync-to-delta-sync, apart from the uses: each
 * declaration of a full sync that has the delta sync beside it (in the same
 * class, object literal, interface or scope) gets `@deprecated Use deltaSync`
 * in its JSDoc, which is written or extended.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { subtree, keyName, type Node } from '../../analysis/ast.js';
import { findVariable } from '../../analysis/scope.js';
import type { AnalysisContext } from '../../analysis/detector.js';
import { lineIndent, type Style } from '../text.js';
import type { CodemodSettings, Edit } from '../codemod.js';
import { functionValue } from './members.js';

/** The names declared beside a declaration: the members of its class, object literal or type, or its scope's variables. */
function siblingNames(node: Node, ctx: AnalysisContext): ((name: string) => boolean) | null {
  const parent = node.parent;
  if (!parent) return null;
  const keysOf = (members: readonly Node[]) => (name: string) =>
    members.some(
      (member) => 'key' in member && keyName(member.key, (member as { computed?: boolean }).computed ?? false) === name,
    );
  switch (parent.type) {
    case 'ClassBody':
      return keysOf(parent.body);
    case 'ObjectExpression':
      return keysOf(parent.properties);
    case 'TSInterfaceBody':
      return keysOf(parent.body);
    case 'TSTypeLiteral':
      return keysOf(parent.members);
    default:
      return (name) => findVariable(ctx.getScope(node), name) !== null;
  }
}

/** The node a JSDoc would be written before (`export function`, not `function`). */
function documentedNode(node: Node): Node {
  let current = node;
  if (current.type === 'VariableDeclarator') current = current.parent;
  if (current.parent?.type === 'ExportNamedDeclaration' || current.parent?.type === 'ExportDefaultDeclaration')
    current = current.parent;
  return current;
}

/** The name a declaration declares and whether it declares a function; null for a node that declares no member or binding. */
function declared(node: Node): { name: string | null; isFunction: boolean } | null {
  switch (node.type) {
    case 'FunctionDeclaration':
      return { name: node.id?.name ?? null, isFunction: true };
    case 'VariableDeclarator':
      return {
        name: node.id.type === 'Identifier' ? node.id.name : null,
        isFunction: functionValue(node.init) !== null && node.parent.kind === 'const',
      };
    case 'MethodDefinition':
    case 'TSAbstractMethodDefinition':
      return { name: node.kind === 'method' ? keyName(node.key, node.computed) : null, isFunction: true };
    case 'PropertyDefinition':
    case 'Property':
      return {
        name:
          node.type === 'Property' && node.parent.type !== 'ObjectExpression' ? null : keyName(node.key, node.computed),
        isFunction: functionValue(node.value) !== null,
      };
    case 'TSMethodSignature':
      return { name: keyName(node.key, node.computed), isFunction: true };
    case 'TSPropertySignature':
      return {
        name: keyName(node.key, node.computed),
        isFunction: node.typeAnnotation?.typeAnnotation.type === 'TSFunctionType',
      };
    default:
      return null;
  }
}

/** The full-sync declarations (functions named one of `names`) that have `replacement` declared beside them. */
export function deprecationTargets(
  ast: TSESTree.Program,
  names: ReadonlySet<string>,
  replacement: string,
  ctx: AnalysisContext,
): Node[] {
  const targets: Node[] = [];
  for (const node of subtree(ast)) {
    const declaration = declared(node);
    if (!declaration || declaration.name === null || !names.has(declaration.name) || !declaration.isFunction) continue;
    const siblings = siblingNames(node.type === 'VariableDeclarator' ? node.parent : node, ctx);
    if (siblings?.(replacement)) targets.push(node);
  }
  return targets;
}

/** The JSDoc block comment right before `start` (only whitespace between), or null. */
function jsdocBefore(text: string, comments: readonly TSESTree.Comment[], start: number): TSESTree.Comment | null {
  const before = comments.filter(
    (comment) => comment.range[1] <= start && /^\s*$/.test(text.slice(comment.range[1], start)),
  );
  const last = before[before.length - 1];
  return last && last.type === 'Block' && last.value.startsWith('*') ? last : null;
}

/** `tag` added to the JSDoc of `target` (the JSDoc written when there is none); null when it has the tag or is mid-line. */
export function deprecationEdit(
  text: string,
  comments: readonly TSESTree.Comment[],
  style: Style,
  tag: string,
  target: Node,
): Edit | null {
  const start = documentedNode(target).range[0];
  const jsdoc = jsdocBefore(text, comments, start);
  if (!jsdoc) {
    const atLineStart = text.slice(text.lastIndexOf('\n', start - 1) + 1, start).trim() === '';
    if (!atLineStart) return null; // a declaration mid-line: leave its comments alone
    return { start, end: start, text: `/** ${tag} */${style.eol}${lineIndent(text, start)}` };
  }
  if (/@deprecated\b/.test(jsdoc.value)) return null;
  const commentIndent = lineIndent(text, jsdoc.range[0]);
  const body = jsdoc.value; // `* text ` or `*\n * text\n `
  if (!body.includes('\n')) {
    const content = body.slice(1).trim();
    const lines = ['/**', ...(content ? [`${commentIndent} * ${content}`] : []), `${commentIndent} * ${tag}`];
    return { start: jsdoc.range[0], end: jsdoc.range[1], text: [...lines, `${commentIndent} */`].join(style.eol) };
  }
  const closing = jsdoc.range[1] - 2; // the `*/`
  const lineStart = text.lastIndexOf('\n', closing - 1) + 1;
  if (text.slice(lineStart, closing).trim() === '') {
    return { start: lineStart, end: lineStart, text: `${commentIndent} * ${tag}${style.eol}` };
  }
  return { start: closing, end: closing, text: `${style.eol}${commentIndent} * ${tag}${style.eol}${commentIndent} ` };
}

/** `@deprecated Use deltaSync` on each full-sync declaration that has the replacement beside it. */
export function deprecationEdits(
  ast: TSESTree.Program,
  text: string,
  settings: CodemodSettings,
  style: Style,
  ctx: AnalysisContext,
): Edit[] {
  const tag = `@deprecated Use ${settings.replacement}`;
  const comments = ast.comments ?? [];
  return deprecationTargets(ast, new Set(settings.names), settings.replacement, ctx).flatMap((target) => {
    const edit = deprecationEdit(text, comments, style, tag, target);
    return edit ? [edit] : [];
  });
}
