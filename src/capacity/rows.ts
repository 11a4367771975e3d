/**
 * Components rendered once per row of a list: `items.map((item) => <Row />)`.
 * Whatever such a component does on its own (a channel it opens, a timer it
 * starts, a query it polls) happens once per row; the row count is data,
 * unknown unless assumed.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunction, memberName, unwrap } from '../analysis/ast.js';
import type { AnalysisContext } from '../analysis/detector.js';
import { resolveCallee } from '../analysis/project/index.js';
import type { FunctionLookup } from '../analysis/project/lookup.js';
import { functionKey } from '../analysis/project/module-facts.js';
import { findVariable } from '../analysis/scope.js';

/** A component a list renders once per row. */
export interface RowRender {
  line: number;
  /** The component's name as written (`ConversationRow`). */
  component: string;
  /** Where it is declared: the module (absolute path) and its function key. */
  target: { file: string; key: string };
}

const LIST_METHODS: ReadonlySet<string> = new Set(['map', 'flatMap']);

/** Whether the JSX element is rendered in the callback of `list.map(...)` (at any depth of that callback's own body). */
function inListCallback(element: TSESTree.JSXOpeningElement): boolean {
  const fn = enclosingFunction(element);
  if (!fn) return false;
  const parent = unwrap(fn).parent;
  if (parent?.type !== 'CallExpression' || !parent.arguments.includes(fn as TSESTree.CallExpressionArgument))
    return false;
  const callee = unwrap(parent.callee);
  return callee.type === 'MemberExpression' && LIST_METHODS.has(memberName(callee) ?? '');
}

/** The component a JSX element renders, when it is one the analysis can name: a function of this file or an import. */
function elementTarget(
  ctx: AnalysisContext,
  element: TSESTree.JSXOpeningElement,
  lookup: FunctionLookup,
): { file: string; key: string } | null {
  if (element.name.type !== 'JSXIdentifier' || !/^[A-Z]/.test(element.name.name)) return null;
  const variable = findVariable(ctx.getScope(element), element.name.name);
  const def = variable?.defs[0];
  if (!def || variable.defs.length !== 1) return null;
  const own = lookup.own();
  if (def.type === 'ImportBinding') {
    const declaration = def.parent as TSESTree.ImportDeclaration;
    const spec = def.node;
    const name =
      spec.type === 'ImportDefaultSpecifier'
        ? 'default'
        : spec.type === 'ImportSpecifier'
          ? spec.imported.type === 'Identifier'
            ? spec.imported.name
            : spec.imported.value
          : null;
    if (name === null) return null;
    const resolved = resolveCallee(own, { kind: 'import', source: declaration.source.value, name, member: null });
    return resolved ? { file: resolved.module.file, key: resolved.facts.key } : null;
  }
  const declared =
    def.type === 'FunctionName' && isFunction(def.node)
      ? def.node
      : def.type === 'Variable' && def.node.init && isFunction(unwrap(def.node.init))
        ? unwrap(def.node.init)
        : null;
  const key = declared && isFunction(declared) ? functionKey(declared) : null;
  return key === null ? null : { file: own.file, key };
}

/** The row render an element is, when a list renders a component of the project once per item. */
export function rowRender(
  ctx: AnalysisContext,
  element: TSESTree.JSXOpeningElement,
  lookup: FunctionLookup | null,
): RowRender | null {
  if (!lookup || element.name.type !== 'JSXIdentifier' || !inListCallback(element)) return null;
  const target = elementTarget(ctx, element, lookup);
  return target ? { line: element.loc.start.line, component: element.name.name, target } : null;
}
