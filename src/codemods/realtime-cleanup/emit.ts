/**
 * Emit: the edits that bind a channel to a fresh `const` where it is not
 * held, and that write the removal calls into the effect's cleanup, in the
 * layout of the code around them (one line or several, its indentation).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode, Node } from '../../analysis/ast.js';
import type { Scope } from '../../analysis/scope.js';
import { lineIndent } from '../text.js';
import type { Edit } from '../codemod.js';
import { arrowToken, type CleanupContext, firstContentStart, lastContentEnd, sourceOf, startsLine } from './context.js';
import type { Target } from './choose.js';
import type { Site } from './resolve.js';

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

/** Where statements are added at the end of a block, and how. */
export interface BlockLayout {
  /** The block spans lines. */
  multiLine: boolean;
  /** The end of its last token or comment: where new statements go. */
  at: number;
  /** The indentation of its statements. */
  indent: string;
  /** One indentation step, as the block steps in from its closing brace. */
  step: string;
  /** Where a `;` is missing after the last statement; null when none is. */
  separator: number | null;
  /** The closing brace follows `at` directly. */
  tight: boolean;
}

/** The layout of a block: where to add statements at its end, their indentation, one line or several. */
export function blockLayout(cx: CleanupContext, block: TSESTree.BlockStatement, fallbackIndent: string): BlockLayout {
  const { text, style } = cx;
  const open = block.range[0];
  const close = block.range[1] - 1;
  const multiLine = text.slice(open, close).includes('\n');
  const at = lastContentEnd(cx, open + 1, close);
  const closeIndent = startsLine(cx, close) ? lineIndent(text, close) : fallbackIndent;
  const first = block.body[0];
  const indent =
    first && startsLine(cx, first.range[0]) ? lineIndent(text, first.range[0]) : closeIndent + style.indent;
  const step =
    indent.startsWith(closeIndent) && indent.length > closeIndent.length
      ? indent.slice(closeIndent.length)
      : style.indent;
  const last = block.body[block.body.length - 1];
  const separated =
    !last || text[last.range[1] - 1] === ';' || (text[last.range[1] - 1] === '}' && BLOCK_ENDED.has(last.type));
  return { multiLine, at, indent, step, separator: separated ? null : last.range[1], tight: text[at] === '}' };
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

/** Gives names that no name of the effect's scope (or one given before) uses: `channel`, `channel2`, ... */
export function freshNames(scope: Scope): (base: string) => string {
  const taken = namesUnder(scope);
  return (base) => {
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base}${n}`;
    taken.add(name);
    return name;
  };
}

/** `client.removeChannel(channel)`, after `if (channel) ` when the channel may not be assigned yet. */
export function callText(site: Site, name: string): string {
  return `${site.guard ? `if (${name}) ` : ''}${site.client.text}.${site.method}(${name})`;
}

/** The call as a reason names it, with the variable's name or the fresh name's base. */
export function plannedCall(site: Site): string {
  return callText(site, site.variable?.name ?? site.freshBase);
}

/** `() => void <chain>` becomes a block body that binds the channel and returns the cleanup. */
export function expressionBodyEdit(
  cx: CleanupContext,
  effect: TSESTree.ArrowFunctionExpression,
  chain: Node,
  site: Site,
  name: string,
): Edit {
  const { text, style, semi } = cx;
  const { eol } = style;
  const indent = lineIndent(text, effect.range[0]);
  const inner = indent + style.indent;
  return {
    start: arrowToken(cx, effect)!.range[1],
    end: effect.range[1],
    text:
      ` {${eol}${inner}const ${name} = ${sourceOf(cx, chain)}${semi}${eol}` +
      `${inner}return () => {${eol}${inner}${style.indent}${callText(site, name)}${semi}${eol}${inner}}${semi}${eol}${indent}}`,
  };
}

/** One call a channel however often it is subscribed, and the `const` bindings of the channels not held yet. */
export function bindAndCall(
  sites: readonly Site[],
  freshName: (base: string) => string,
): { calls: string[]; edits: Edit[] } {
  const calls: string[] = [];
  const edits: Edit[] = [];
  for (const [index, site] of sites.entries()) {
    if (site.variable && sites.findIndex((other) => other.variable === site.variable) !== index) continue;
    const name = site.variable?.name ?? freshName(site.freshBase);
    if (site.bindAt) edits.push({ ...site.bindAt, text: `const ${name} = ` });
    calls.push(callText(site, name));
  }
  return { calls, edits };
}

/** What every cleanup edit writes: the calls, in the file's style, `step` the indentation of one level. */
interface Calls {
  cx: CleanupContext;
  calls: readonly string[];
  step: string;
}

/** Each call after `prefix` and before the file's `;`, joined by `separator`. */
function callLines({ cx, calls }: Calls, prefix: string, separator: string): string {
  return calls.map((line) => `${prefix}${line}${cx.semi}`).join(separator);
}

/** The calls on one line: `a(); b();` (`a(); b()` in a file without semicolons). */
function inlineCalls({ cx, calls }: Calls): string {
  return `${calls.join('; ')}${cx.semi}`;
}

/** Statements added at the end of a block that holds other statements on its line: a `;` after the last if missing. */
function inlineEdits(layout: BlockLayout, statements: string): Edit[] {
  const { at, separator, tight } = layout;
  const edits: Edit[] = [];
  if (separator !== null && separator !== at) edits.push({ start: separator, end: separator, text: ';' });
  edits.push({ start: at, end: at, text: `${separator === at ? ';' : ''} ${statements}${tight ? ' ' : ''}` });
  return edits;
}

/** `return () => { <calls> };` added at the end of the effect's body. */
function appendCleanup(c: Calls, layout: BlockLayout): Edit[] {
  const { semi } = c.cx;
  const { eol } = c.cx.style;
  const { multiLine, at, indent } = layout;
  if (!multiLine) return inlineEdits(layout, `return () => { ${inlineCalls(c)} }${semi}`);
  const lines = callLines(c, indent + c.step, eol);
  return [{ start: at, end: at, text: `${eol}${indent}return () => {${eol}${lines}${eol}${indent}}${semi}` }];
}

/** A final `return;` becomes `return () => { <calls> };`. */
function replaceReturn(c: Calls, statement: TSESTree.ReturnStatement): Edit {
  const { text, semi } = c.cx;
  const { eol } = c.cx.style;
  const indent = lineIndent(text, statement.range[0]);
  return {
    start: statement.range[0],
    end: statement.range[1],
    text: startsLine(c.cx, statement.range[0])
      ? `return () => {${eol}${callLines(c, indent + c.step, eol)}${eol}${indent}}${semi}`
      : `return () => { ${inlineCalls(c)} }${semi}`,
  };
}

/** The calls added at the end of the block body of the cleanup the effect returns. */
function extendBlockCleanup(c: Calls, body: TSESTree.BlockStatement, statement: TSESTree.ReturnStatement): Edit[] {
  const { eol } = c.cx.style;
  const indentOfReturn = lineIndent(c.cx.text, statement.range[0]);
  const layout = blockLayout(c.cx, body, indentOfReturn);
  const { at } = layout;
  const empty = body.body.length === 0 && at === body.range[0] + 1;
  if (empty && startsLine(c.cx, statement.range[0])) {
    // `return () => {};` on a line of its own: the call goes on a line of its own
    const lines = callLines(c, `${eol}${indentOfReturn}${c.step}`, '');
    return [{ start: at, end: body.range[1] - 1, text: `${lines}${eol}${indentOfReturn}` }];
  }
  if (layout.multiLine) return [{ start: at, end: at, text: callLines(c, `${eol}${layout.indent}`, '') }];
  return inlineEdits(layout, inlineCalls(c));
}

/** A cleanup with an expression body becomes a block that keeps the expression, then makes the calls. */
function extendExpressionCleanup(
  c: Calls,
  cleanup: TSESTree.ArrowFunctionExpression,
  statement: TSESTree.ReturnStatement,
): Edit {
  const { text, semi } = c.cx;
  const { eol } = c.cx.style;
  const token = arrowToken(c.cx, cleanup)!;
  const expression = text.slice(firstContentStart(c.cx, token.range[1], cleanup.range[1]), cleanup.range[1]);
  const indent = lineIndent(text, statement.range[0]);
  const inner = indent + c.step;
  return {
    start: token.range[1],
    end: cleanup.range[1],
    text: startsLine(c.cx, statement.range[0])
      ? ` {${eol}${inner}${expression}${semi}${callLines(c, `${eol}${inner}`, '')}${eol}${indent}}`
      : ` { ${expression}; ${inlineCalls(c)} }`,
  };
}

/** The edits that put `calls` into the effect's cleanup at `target`. */
export function cleanupEdits(
  cx: CleanupContext,
  effect: FunctionNode,
  body: TSESTree.BlockStatement,
  target: Target,
  calls: readonly string[],
): Edit[] {
  const effectLayout = blockLayout(cx, body, lineIndent(cx.text, effect.range[0]));
  const c: Calls = { cx, calls, step: effectLayout.step };
  switch (target.kind) {
    case 'append':
      return appendCleanup(c, effectLayout);
    case 'replace':
      return [replaceReturn(c, target.statement)];
    case 'extend':
      return target.cleanup.body.type === 'BlockStatement'
        ? extendBlockCleanup(c, target.cleanup.body, target.statement)
        : [extendExpressionCleanup(c, target.cleanup as TSESTree.ArrowFunctionExpression, target.statement)];
  }
}
