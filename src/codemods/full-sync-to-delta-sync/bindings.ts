/**
 * The uses of one bare name, decided together (an import or a binding
 * changes once for all of them), by the first strategy that applies:
 * the replacement declared where the name is used, an imported name, a
 * destructured name; any other binding is left.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { findVariable, type Variable } from '../../analysis/scope.js';
import type { FullSyncUse } from '../../analysis/sync/full-sync-uses.js';
import { shortText } from '../../utils/text.js';
import { ensureNamedImport } from '../imports.js';
import { exportedFunctionArity } from '../modules.js';
import { position } from '../text.js';
import type { Edit } from '../codemod.js';
import { leftAll, type Outcome, renamed, type SyncContext } from './context.js';
import { bindingArity } from './members.js';
import { phrase, type Why } from './reasons.js';
import { callOf, fits } from './uses.js';

type Reference = Variable['references'][number];

/** A name the uses resolve to, and what the strategies ask of it. */
export interface Binding {
  variable: Variable;
  uses: readonly FullSyncUse[];
  /** The name as declared here (an alias, when imported or destructured under another name). */
  local: string;
  reads: Reference[];
  /** A read of the name that is not one of the uses (so it would not be renamed). */
  unreported: Reference | undefined;
  first: FullSyncUse;
}

export function bindingOf(variable: Variable, uses: readonly FullSyncUse[]): Binding {
  const reads = variable.references.filter((reference) => reference.isRead());
  const usesAt = new Set(uses.map((use) => use.nameNode));
  const unreported = reads.find((reference) => !usesAt.has(reference.identifier));
  return { variable, uses, local: variable.name, reads, unreported, first: uses[0]! };
}

const lineOf = (cx: SyncContext, reference: Reference) => position(cx.text, reference.identifier.range[0]).line;

/** 1. The replacement is declared where the name is used: each use is renamed when the replacement fits it. */
export function renameWhereDeclared(cx: SyncContext, binding: Binding): Outcome | null {
  const { replacement } = cx;
  const { first, uses, variable } = binding;
  const inScope = first.alias === null ? findVariable(cx.analysis.getScope(first.nameNode), replacement) : null;
  if (!inScope) return null;
  const candidate = bindingArity(inScope);
  const outcome: Outcome = { edits: [], rewritten: 0, left: [] };
  for (const use of uses) {
    let why: Why | null = null;
    if (candidate === undefined) why = { id: 'replacementNotFunction', data: { replacement } };
    else if (candidate !== null && !fits(use, candidate, bindingArity(variable))) {
      why = { id: 'otherArguments', data: { replacement, name: use.name } };
    }
    if (why) outcome.left.push({ use, why });
    else {
      const done = renamed(cx, [use]);
      outcome.edits.push(...done.edits);
      outcome.rewritten += done.rewritten;
    }
  }
  return outcome;
}

/** Why the module an imported full sync comes from has no replacement that fits the uses; null when it has one. */
function importProblem(cx: SyncContext, binding: Binding, declaration: TSESTree.ImportDeclaration): Why | null {
  const { replacement } = cx;
  const { uses } = binding;
  const name = binding.first.name;
  const specifier = declaration.source.value;
  const answer = cx.typed ? cx.typed.types.imported(cx.typed.file, declaration.range[0], name, replacement) : null;
  if (answer && !answer.ok) return answer.why;
  if (answer && cx.typed) {
    const { types, file } = cx.typed;
    const rejected = uses.some((use) => {
      const call = callOf(use);
      return call !== null && types.importedCall(file, declaration.range[0], call.range, replacement) === false;
    });
    return rejected ? { id: 'importedRejectsArguments', data: { replacement, specifier, name } } : null;
  }
  const module = cx.modules.resolve(cx.file, specifier);
  if (!module) {
    return specifier.startsWith('.')
      ? { id: 'relativeModuleUnread', data: { specifier, replacement } }
      : { id: 'packageUnread', data: { specifier, replacement } };
  }
  const candidate = exportedFunctionArity(module, replacement);
  if (candidate === undefined) return { id: 'noVisibleExport', data: { specifier, replacement } };
  const full = exportedFunctionArity(module, name) ?? undefined;
  if (candidate && uses.some((use) => !fits(use, candidate, full))) {
    return { id: 'importedOtherArguments', data: { replacement, specifier, name } };
  }
  return null;
}

/** 2. Imported: the module must export a fitting replacement; the import changes with the uses. */
export function renameImported(cx: SyncContext, binding: Binding): Outcome | null {
  const def = binding.variable.defs[0];
  if (def?.type !== 'ImportBinding' || def.node.type !== 'ImportSpecifier' || def.parent.type !== 'ImportDeclaration') {
    return null;
  }
  const { replacement } = cx;
  const { uses, first, unreported } = binding;
  const declaration = def.parent;
  const importNode = def.node;
  const imported = importNode.imported;
  const problem = importProblem(cx, binding, declaration);
  if (problem) return leftAll(uses, problem);
  if (first.alias !== null) {
    // import { fullSync as sync }: the import changes, the uses keep their name
    if (unreported) {
      const data = { alias: first.alias, name: first.name, line: lineOf(cx, unreported) };
      return leftAll(uses, { id: 'aliasAlsoUsed', data });
    }
    const quote = imported.type === 'Literal' ? cx.text[imported.range[0]]! : '';
    const edit = { start: imported.range[0], end: imported.range[1], text: `${quote}${replacement}${quote}` };
    return { edits: [edit], rewritten: uses.length, left: [] };
  }
  const shorthand = imported.range[0] === importNode.local.range[0];
  let importEdit: Edit | null;
  if (!unreported && shorthand)
    importEdit = { start: importNode.range[0], end: importNode.range[1], text: replacement };
  else importEdit = ensureNamedImport(cx.sourceFile(), replacement, declaration.source.value, cx.style);
  return renamed(cx, uses, importEdit ? [importEdit] : []);
}

/** `const { fullSync } = init` and `{ fullSync: sync }`: the pattern, its declarator and its initializer; null for another binding. */
function destructuring(variable: Variable): { property: TSESTree.Property; init: TSESTree.Expression } | null {
  const def = variable.defs[0];
  const id = def?.name;
  const property = id?.parent;
  const pattern = property?.parent;
  const declarator = pattern?.parent;
  if (
    def?.type === 'Variable' &&
    property?.type === 'Property' &&
    pattern?.type === 'ObjectPattern' &&
    declarator?.type === 'VariableDeclarator' &&
    declarator.id === pattern &&
    declarator.init &&
    property.value === id
  ) {
    return { property, init: declarator.init };
  }
  return null;
}

/** 3. Destructured (`const { fullSync } = useSync()`): the type checker must show the replacement on the value. */
export function renameDestructured(cx: SyncContext, binding: Binding): Outcome | null {
  const found = destructuring(binding.variable);
  if (!found) return null;
  const { replacement } = cx;
  const { property, init } = found;
  const { uses, local, unreported } = binding;
  const source = shortText(cx.text.slice(init.range[0], init.range[1]));
  if (!cx.typed) return leftAll(uses, { id: 'destructuredUnseen', data: { source, replacement } });
  const answer = cx.typed.types.destructured(cx.typed.file, init.range, binding.first.name, replacement);
  if (!answer) return leftAll(uses, { id: 'typeUnread', data: { source } });
  if (!answer.ok) return leftAll(uses, answer.why);
  if (unreported) return leftAll(uses, { id: 'alsoUsed', data: { local, line: lineOf(cx, unreported) } });
  const names = [binding.variable.defs[0]!.name, ...binding.reads.map((reference) => reference.identifier)];
  if (names.some((node) => findVariable(cx.analysis.getScope(node), replacement) !== null)) {
    return leftAll(uses, { id: 'replacementDeclared', data: { replacement, local } });
  }
  if (property.shorthand) {
    return renamed(cx, uses, [{ start: property.range[0], end: property.range[1], text: replacement }]);
  }
  // { fullSync: sync }: the key changes, the uses keep their name
  const keyEdit = { start: property.key.range[0], end: property.key.range[1], text: replacement };
  return { edits: [keyEdit], rewritten: uses.length, left: [] };
}

/** Any other binding (a parameter, an alias, a variable of unknown value): left, saying what the name is. */
export function leaveUnseen(cx: SyncContext, binding: Binding): Outcome {
  const def = binding.variable.defs[0];
  const { first } = binding;
  const what = phrase(
    def?.type === 'Parameter'
      ? { id: 'parameter' }
      : first.alias !== null
        ? { id: 'aliasOf', data: { name: first.name } }
        : def?.type === 'Variable'
          ? { id: 'variable' }
          : { id: 'somethingElse' },
  );
  const data = { local: binding.local, what, replacement: cx.replacement };
  return leftAll(binding.uses, { id: 'noReplacementInScope', data });
}

/** The plan for the uses of one bare name. */
export function planBinding(cx: SyncContext, variable: Variable, uses: readonly FullSyncUse[]): Outcome {
  const binding = bindingOf(variable, uses);
  return (
    renameWhereDeclared(cx, binding) ??
    renameImported(cx, binding) ??
    renameDestructured(cx, binding) ??
    leaveUnseen(cx, binding)
  );
}
