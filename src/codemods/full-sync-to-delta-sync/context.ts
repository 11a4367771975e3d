/**
 * What every step of full-sync-to-delta-sync reads (the file, its scopes, the
 * settings, the modules it imports, the type checker when `--project` gives
 * one), and what a step answers for the uses it decides.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceFile } from 'ts-morph';
import { subtree, memberName, type Node, unwrap, parentOf } from '../../analysis/ast.js';
import type { AnalysisContext } from '../../analysis/detector.js';
import type { FullSyncUse } from '../../analysis/sync/full-sync-uses.js';
import { ModuleReader } from '../modules.js';
import type { TypeInfo } from '../type-info.js';
import { detectStyle, type Style } from '../text.js';
import type { Edit, PlanInput } from '../codemod.js';
import type { Why } from './reasons.js';

export interface SyncContext {
  text: string;
  /** The file's path. */
  file: string;
  analysis: AnalysisContext;
  /** The full-sync names (`fullSync`). */
  names: ReadonlySet<string>;
  /** The delta-sync name (`deltaSync`). */
  replacement: string;
  style: Style;
  /** The relative modules the file imports, read without a type checker. */
  modules: ModuleReader;
  /** The type checker and the file as it sees it (`--project`), when the file is in the project and unchanged. */
  typed: { types: TypeInfo; file: SourceFile } | null;
  /** The file parsed by ts-morph, to add an import. */
  sourceFile: () => SourceFile;
  /** The name nodes of the uses the rule reports. */
  reported: ReadonlySet<Node>;
  /** Reads of a full-sync member that are not calls (`svc.fullSync` handed on, compared, unregistered). */
  memberUses: readonly TSESTree.MemberExpression[];
}

/** The member expressions that read one of `names` without calling it. */
function uncalledMembers(ast: Node, names: ReadonlySet<string>): TSESTree.MemberExpression[] {
  const found: TSESTree.MemberExpression[] = [];
  for (const node of subtree(ast)) {
    if (node.type !== 'MemberExpression') continue;
    const name = memberName(node);
    const parent = parentOf(node);
    const isCallee = parent?.type === 'CallExpression' && unwrap(parent.callee) === node;
    if (name !== null && names.has(name) && !isCallee) found.push(node);
  }
  return found;
}

export function syncContext(input: PlanInput<FullSyncUse>): SyncContext {
  const { text, env, path: file } = input;
  const names = new Set(env.settings.names);
  const types = env.types ?? env.projects?.typeInfoFor(file) ?? null;
  const typedFile = types ? types.sourceFile(file, text) : null;
  return {
    text,
    file,
    analysis: input.ctx,
    names,
    replacement: env.settings.replacement,
    style: detectStyle(text),
    modules: new ModuleReader(env.readFile),
    typed: types && typedFile ? { types, file: typedFile } : null,
    sourceFile: () => input.sourceFile(),
    reported: new Set(input.findings.map((use) => use.nameNode)),
    memberUses: uncalledMembers(input.ast, names),
  };
}

/** What a step decided for the uses it was given: the edits, how many uses they rewrite, the uses left and why. */
export interface Outcome {
  edits: Edit[];
  rewritten: number;
  left: { use: FullSyncUse; why: Why }[];
}

export function leftAll(uses: readonly FullSyncUse[], why: Why): Outcome {
  return { edits: [], rewritten: 0, left: uses.map((use) => ({ use, why })) };
}

/** `fullSync` -> `deltaSync` at the use (keeping the quotes of a string key). */
export function renameEdit(cx: SyncContext, use: FullSyncUse): Edit {
  const node = use.nameNode;
  if (node.type === 'Literal') {
    const quote = cx.text[node.range[0]]!;
    return { start: node.range[0], end: node.range[1], text: `${quote}${cx.replacement}${quote}` };
  }
  return { start: node.range[0], end: node.range[1], text: cx.replacement };
}

/** Every use renamed, and `extra` edits beside. */
export function renamed(cx: SyncContext, uses: readonly FullSyncUse[], extra: readonly Edit[] = []): Outcome {
  return { edits: [...uses.map((use) => renameEdit(cx, use)), ...extra], rewritten: uses.length, left: [] };
}
