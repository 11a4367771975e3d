/**
 * full-sync-to-delta-sync: the uses of a full sync that no-full-sync reports
 * become uses of the delta sync, where the target visibly has one with a
 * compatible parameter list; the full-sync declarations that have a delta
 * sync beside them get `@deprecated`.
 *
 * Without `--project`, a use is renamed when the file or the module it
 * imports from shows the replacement: `this.fullSync()` in a class that
 * declares `deltaSync`, `svc.fullSync()` where `svc` is `new X()` of a class
 * declared here or exported by a relative import, an object literal held in a
 * constant, a bare `fullSync` with `deltaSync` in scope or exported by the
 * module `fullSync` is imported from. With `--project`, the type checker
 * answers the same question for any receiver.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { keyName, memberName, nearestNamedFunction, type Node, unwrap } from '../analysis/ast.js';
import {
  type AnalysisContext,
  constantInit,
  findVariable,
  resolveIdentifier,
  type Variable,
} from '../analysis/scope.js';
import { createFullSyncDetector } from '../analysis/full-sync/detector.js';
import type { FullSyncUse } from '../analysis/full-sync/uses.js';
import { mayHoldFullSync } from '../analysis/text-gates.js';
import { ensureNamedImport } from './imports.js';
import {
  acceptsCount,
  acceptsEveryCallOf,
  type Arity,
  exportedClassMembers,
  exportedFunctionArity,
  type Members,
  ModuleReader,
} from './modules.js';
import { detectStyle, lineIndent, position, type Style } from './text.js';
import type { Codemod, CodemodSettings, Edit, LeftSite, Plan, PlanInput } from './types.js';

type FunctionLike =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.TSEmptyBodyFunctionExpression
  | TSESTree.TSDeclareFunction;

function arityOf(fn: { params: TSESTree.Parameter[] }): Arity {
  let required = 0;
  let total = 0;
  let rest = false;
  let optionalSeen = false;
  for (const param of fn.params) {
    const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
    if (inner.type === 'Identifier' && inner.name === 'this') continue;
    if (inner.type === 'RestElement') {
      rest = true;
      continue;
    }
    total += 1;
    const optional = inner.type === 'AssignmentPattern' || ('optional' in inner && inner.optional === true);
    if (optional) optionalSeen = true;
    else if (!optionalSeen) required += 1;
  }
  return { required, total, rest };
}

function functionValue(node: Node | null | undefined): FunctionLike | null {
  if (!node) return null;
  const inner = unwrap(node);
  return inner.type === 'ArrowFunctionExpression' || inner.type === 'FunctionExpression' ? inner : null;
}

/** Members of a class body declared in the file. */
function classMembers(body: TSESTree.ClassBody, label: string): Members {
  return {
    label,
    arity(name) {
      let found: Arity | null | undefined;
      for (const member of body.body) {
        if (member.type === 'MethodDefinition' || member.type === 'TSAbstractMethodDefinition') {
          if (member.static || member.kind !== 'method' || keyName(member.key, member.computed) !== name) continue;
          found = arityOf(member.value);
        } else if (member.type === 'PropertyDefinition') {
          if (member.static || keyName(member.key, member.computed) !== name) continue;
          const fn = functionValue(member.value);
          found = fn ? arityOf(fn) : null;
        }
      }
      return found;
    },
  };
}

/** Members of an object literal. */
function objectMembers(object: TSESTree.ObjectExpression, label: string): Members | null {
  if (object.properties.some((property) => property.type === 'SpreadElement')) return null;
  return {
    label,
    arity(name) {
      let found: Arity | null | undefined;
      for (const property of object.properties) {
        if (property.type !== 'Property' || keyName(property.key, property.computed) !== name) continue;
        const fn = functionValue(property.value);
        found = fn ? arityOf(fn) : null;
      }
      return found;
    },
  };
}

function enclosingClassBody(node: Node): TSESTree.ClassBody | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'ClassBody') return current;
    // `this` inside a plain function is not the class instance
    if (current.type === 'FunctionExpression' && current.parent?.type !== 'MethodDefinition') return null;
    if (current.type === 'FunctionDeclaration') return null;
  }
  return null;
}

function classLabel(body: TSESTree.ClassBody): string {
  const owner = body.parent;
  return owner && 'id' in owner && owner.id ? `class ${owner.id.name}` : 'this class';
}

interface Resolution {
  members: Members | null;
  /** Why the receiver could not be seen. */
  reason: string;
}

export const fullSyncToDeltaSync: Codemod<FullSyncUse> = {
  name: 'full-sync-to-delta-sync',
  description:
    'Full-sync uses (no-full-sync) become delta-sync uses where the target visibly has the replacement; full-sync declarations get @deprecated.',
  rule: 'no-full-sync',
  ruleOptions: (settings) => ({
    names: [...settings.names],
    replacement: settings.replacement,
    allowIn: [...settings.allowIn],
  }),
  mayHoldSite: (text, settings) => mayHoldFullSync(text, settings.names),
  detect: (ctx, settings) =>
    createFullSyncDetector(ctx, {
      names: settings.names,
      replacement: settings.replacement,
      allowIn: settings.allowIn,
    }),
  reportLoc: (use) => use.nameNode.loc,
  planWithoutFindings: true,

  plan(input: PlanInput<FullSyncUse>): Plan {
    const { text, ctx, env, path: file } = input;
    const { settings } = env;
    const replacement = settings.replacement;
    const style = detectStyle(text);
    const modules = new ModuleReader(env.readFile);
    const edits: Edit[] = [];
    const left: LeftSite[] = [];
    let rewritten = 0;
    const reported = new Set(input.findings.map((use) => use.nameNode));
    const leave = (use: FullSyncUse, reason: string) => left.push({ offset: use.nameNode.range[0], reason });

    /** What the receiver of `recv.fullSync` is, when the file or an imported module shows it. */
    function receiverMembers(receiver: TSESTree.Expression): Resolution {
      const inner = unwrap(receiver);
      const spelled = text.slice(inner.range[0], inner.range[1]);
      const unseen = {
        members: null,
        reason: `cannot see what '${spelled}' is (run with --project <tsconfig> to follow its type)`,
      };
      if (inner.type === 'ThisExpression') {
        const body = enclosingClassBody(inner);
        return body ? { members: classMembers(body, classLabel(body)), reason: '' } : unseen;
      }
      if (inner.type !== 'Identifier') return unseen;
      const variable = resolveIdentifier(ctx, inner);
      const init = variable && constantInit(variable);
      if (!init) return unseen;
      const value = unwrap(init);
      if (value.type === 'ObjectExpression') {
        const members = objectMembers(value, `object ${inner.name}`);
        return members ? { members, reason: '' } : unseen;
      }
      if (value.type !== 'NewExpression' || value.callee.type !== 'Identifier') return unseen;
      const className = value.callee.name;
      const classVariable = resolveIdentifier(ctx, value.callee);
      const def = classVariable?.defs[0];
      if (!def || classVariable.defs.length !== 1) return unseen;
      if (def.type === 'ClassName') {
        const body = (def.node as TSESTree.ClassDeclaration).body;
        return { members: classMembers(body, `class ${className}`), reason: '' };
      }
      if (
        def.type === 'ImportBinding' &&
        def.node.type === 'ImportSpecifier' &&
        def.parent?.type === 'ImportDeclaration'
      ) {
        const imported = def.node.imported.type === 'Identifier' ? def.node.imported.name : def.node.imported.value;
        const specifier = def.parent.source.value;
        const module = modules.resolve(file, specifier);
        if (!module)
          return {
            members: null,
            reason: `'${className}' comes from '${specifier}', which cannot be read here (run with --project <tsconfig>)`,
          };
        const members = exportedClassMembers(module, imported);
        return members
          ? { members, reason: '' }
          : { members: null, reason: `'${specifier}' does not visibly export a class '${imported}'` };
      }
      return unseen;
    }

    /** The arity the use needs of the replacement: the call's argument count, or every call of the full sync. */
    function fits(use: FullSyncUse, candidate: Arity, full: Arity | null | undefined): boolean {
      if (use.kind === 'call') {
        const call = use.node as TSESTree.CallExpression;
        if (call.arguments.some((argument) => argument.type === 'SpreadElement')) return false;
        let count = call.arguments.length;
        // svc.fullSync.call(svc, a) passes one argument fewer
        const callee = unwrap(call.callee);
        if (
          callee.type === 'MemberExpression' &&
          callee.object !== use.nameNode.parent &&
          ['call', 'apply'].includes(memberName(callee) ?? '')
        ) {
          if (memberName(callee) === 'apply') return false;
          count -= 1;
        }
        return acceptsCount(candidate, count);
      }
      return full ? acceptsEveryCallOf(candidate, full) : candidate.required === 0 && candidate.rest;
    }

    function renameEdit(use: FullSyncUse): Edit {
      const node = use.nameNode;
      if (node.type === 'Literal') {
        const quote = text[node.range[0]]!;
        return { start: node.range[0], end: node.range[1], text: `${quote}${replacement}${quote}` };
      }
      return { start: node.range[0], end: node.range[1], text: replacement };
    }

    /** Uses of the same member or name that the rule does not report (`removeEventListener('focus', svc.fullSync)`). */
    function unreportedTwin(use: FullSyncUse): number | null {
      if (use.kind !== 'reference') return null;
      if (use.receiver) {
        const receiverText = text.slice(unwrap(use.receiver).range[0], unwrap(use.receiver).range[1]);
        for (const member of memberUses) {
          if (reported.has(member.property) || member.property === use.nameNode) continue;
          if (text.slice(unwrap(member.object).range[0], unwrap(member.object).range[1]) === receiverText) {
            return member.range[0];
          }
        }
        return null;
      }
      const variable = resolveIdentifier(ctx, use.nameNode as TSESTree.Identifier);
      for (const reference of variable?.references ?? []) {
        if (reference.isRead() && !reported.has(reference.identifier)) return reference.identifier.range[0];
      }
      return null;
    }

    const memberUses: TSESTree.MemberExpression[] = [];
    const names = new Set(settings.names);
    walk(input.ast, (node) => {
      if (node.type === 'MemberExpression') {
        const name = memberName(node);
        const parent = node.parent;
        const isCallee = parent?.type === 'CallExpression' && unwrap(parent.callee) === node;
        if (name !== null && names.has(name) && !isCallee) memberUses.push(node);
      }
    });

    const sourceFile = input.findings.length > 0 ? input.sourceFile() : null;
    /** The file as the type checker sees it (`--project`), when it is in the project and unchanged. */
    const typed = env.types ? env.types.sourceFile(file, text) : null;
    const spell = (node: Node) => {
      const source = text.slice(node.range[0], node.range[1]).replace(/\s+/g, ' ');
      return source.length > 40 ? `${source.slice(0, 39)}…` : source;
    };

    /** The call of a call use, and how many leading arguments are not the full sync's (`.call(thisArg, ...)`). */
    function callOf(use: FullSyncUse): { range: [number, number]; skip: number } | null {
      if (use.kind !== 'call') return null;
      const call = use.node as TSESTree.CallExpression;
      const callee = unwrap(call.callee);
      const viaCall =
        callee.type === 'MemberExpression' && callee.object !== use.nameNode.parent && memberName(callee) === 'call';
      return { range: call.range, skip: viaCall ? 1 : 0 };
    }

    function rename(use: FullSyncUse): void {
      edits.push(renameEdit(use));
      rewritten += 1;
    }

    /** Uses of bare names, by the variable they resolve to: decided together (an import or a binding changes once). */
    const byVariable = new Map<Variable, FullSyncUse[]>();

    for (const use of input.findings) {
      const named = nearestNamedFunction(use.node);
      if (named?.name === replacement) {
        leave(use, `inside ${replacement} itself: renaming would make it call itself`);
        continue;
      }
      const twin = unreportedTwin(use);
      if (twin !== null) {
        leave(
          use,
          `also used on line ${position(text, twin).line} where it is not run (an unregistering or a comparison): rename every use together by hand`,
        );
        continue;
      }
      if (use.receiver) {
        const call = callOf(use);
        if (
          call &&
          (use.node as TSESTree.CallExpression).arguments.some((argument) => argument.type === 'SpreadElement')
        ) {
          leave(use, `called with a spread: cannot check that ${replacement} takes the same arguments`);
          continue;
        }
        if (typed) {
          const receiver = unwrap(use.receiver);
          const answer = env.types!.member(
            typed,
            receiver.range,
            call?.range ?? null,
            call?.skip ?? 0,
            use.name,
            replacement,
          );
          if (answer) {
            if (answer.ok) rename(use);
            else leave(use, answer.reason);
            continue;
          }
        }
        const { members, reason } = receiverMembers(use.receiver);
        if (!members) {
          const spelled = spell(unwrap(use.receiver));
          leave(use, typed ? `cannot see what '${spelled}' is: the type checker knows it only as any` : reason);
          continue;
        }
        const candidate = members.arity(replacement);
        if (candidate === undefined) {
          leave(use, `no ${replacement} on ${members.label}`);
          continue;
        }
        if (candidate === null || !fits(use, candidate, members.arity(use.name))) {
          leave(use, `${replacement} on ${members.label} does not take the same arguments as ${use.name}`);
          continue;
        }
        rename(use);
        continue;
      }
      const variable = resolveIdentifier(ctx, use.nameNode as TSESTree.Identifier);
      if (!variable) {
        leave(use, `'${use.alias ?? use.name}' is not declared in this file: cannot see that it has ${replacement}`);
        continue;
      }
      byVariable.set(variable, [...(byVariable.get(variable) ?? []), use]);
    }

    for (const [variable, uses] of byVariable) {
      const local = variable.name;
      const reads = variable.references.filter((reference) => reference.isRead());
      const usesAt = new Set(uses.map((use) => use.nameNode));
      const unreported = reads.find((reference) => !usesAt.has(reference.identifier));
      const leaveAll = (reason: string) => {
        for (const use of uses) leave(use, reason);
      };
      const def = variable.defs[0];
      const first = uses[0]!;
      const alias = first.alias;

      // 1. the replacement is declared where the name is used: rename each use
      const inScope = alias === null ? findVariable(ctx.getScope(first.nameNode), replacement) : null;
      if (inScope) {
        const candidate = bindingArity(inScope);
        for (const use of uses) {
          if (candidate === undefined) leave(use, `cannot see that '${replacement}' here is a function`);
          else if (candidate !== null && !fits(use, candidate, bindingArity(variable)))
            leave(use, `${replacement} does not take the same arguments as ${use.name}`);
          else rename(use);
        }
        continue;
      }

      // 2. imported: the module must export a compatible replacement
      if (
        def?.type === 'ImportBinding' &&
        def.node.type === 'ImportSpecifier' &&
        def.parent?.type === 'ImportDeclaration'
      ) {
        const specifier = def.parent.source.value;
        const importNode = def.node;
        const imported = importNode.imported;
        let verdict: { ok: boolean; reason: string; arity?: Arity | null } | null = null;
        if (typed) {
          const answer = env.types!.imported(typed, def.parent.range[0], first.name, replacement);
          if (answer) verdict = answer.ok ? { ok: true, reason: '' } : { ok: false, reason: answer.reason };
        }
        if (!verdict) {
          const module = modules.resolve(file, specifier);
          if (!module) {
            verdict = {
              ok: false,
              reason: `imported from '${specifier}', which cannot be read here: cannot see that it exports ${replacement}${specifier.startsWith('.') ? '' : ' (run with --project <tsconfig>)'}`,
            };
          } else {
            const candidate = exportedFunctionArity(module, replacement);
            verdict =
              candidate === undefined
                ? {
                    ok: false,
                    reason: `'${specifier}' does not visibly export ${replacement} (re-exports are followed with --project <tsconfig>)`,
                  }
                : { ok: true, reason: '', arity: candidate };
            if (
              candidate &&
              uses.some((use) => !fits(use, candidate, exportedFunctionArity(module, first.name) ?? undefined))
            ) {
              verdict = {
                ok: false,
                reason: `${replacement} from '${specifier}' does not take the same arguments as ${first.name}`,
              };
            }
          }
        } else if (verdict.ok && typed) {
          for (const use of uses) {
            const call = callOf(use);
            if (call && env.types!.importedCall(typed, def.parent.range[0], call.range, replacement) === false) {
              verdict = {
                ok: false,
                reason: `${replacement} from '${specifier}' does not accept what ${first.name} is given here`,
              };
            }
          }
        }
        if (!verdict.ok) {
          leaveAll(verdict.reason);
          continue;
        }
        if (alias !== null) {
          // import { fullSync as sync }: the import changes, the uses keep their name
          if (unreported) {
            leaveAll(
              `'${alias}' (${first.name}) is also used on line ${position(text, unreported.identifier.range[0]).line}, which is not rewritten: rename every use together by hand`,
            );
            continue;
          }
          const quote = imported.type === 'Literal' ? text[imported.range[0]]! : '';
          edits.push({ start: imported.range[0], end: imported.range[1], text: `${quote}${replacement}${quote}` });
          rewritten += uses.length;
          continue;
        }
        for (const use of uses) rename(use);
        const shorthand = imported.range[0] === importNode.local.range[0];
        if (!unreported && shorthand) {
          edits.push({ start: importNode.range[0], end: importNode.range[1], text: replacement });
        } else {
          const edit = ensureNamedImport(sourceFile!, replacement, specifier, style);
          if (edit) edits.push(edit);
        }
        continue;
      }

      // 3. destructured: const { fullSync } = useSync()
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
        const source = spell(declarator.init);
        if (!typed) {
          leaveAll(
            `destructured from ${source}: cannot see that it has ${replacement} (run with --project <tsconfig>)`,
          );
          continue;
        }
        const answer = env.types!.destructured(typed, declarator.init.range, first.name, replacement);
        if (!answer || !answer.ok) {
          leaveAll(answer ? answer.reason : `cannot read the type of ${source}`);
          continue;
        }
        if (unreported) {
          leaveAll(
            `'${local}' is also used on line ${position(text, unreported.identifier.range[0]).line}, which is not rewritten: rename every use together by hand`,
          );
          continue;
        }
        const clash = [id, ...reads.map((reference) => reference.identifier)].some(
          (node) => findVariable(ctx.getScope(node), replacement) !== null,
        );
        if (clash) {
          leaveAll(`a '${replacement}' is already declared where '${local}' is used`);
          continue;
        }
        if (property.shorthand) {
          edits.push({ start: property.range[0], end: property.range[1], text: replacement });
          for (const use of uses) rename(use);
        } else {
          // { fullSync: sync }: the key changes, the uses keep their name
          edits.push({ start: property.key.range[0], end: property.key.range[1], text: replacement });
          rewritten += uses.length;
        }
        continue;
      }

      const what =
        def?.type === 'Parameter'
          ? 'a parameter'
          : alias !== null
            ? `an alias of ${first.name}`
            : `declared here as ${def?.type === 'Variable' ? 'a variable' : 'something else'}`;
      leaveAll(
        `'${local}' is ${what} and no ${replacement} is in scope: cannot see that its source has ${replacement}`,
      );
    }

    const deprecations = deprecationEdits(input.ast, text, settings, style, ctx);
    edits.push(...deprecations);
    return { edits, rewritten, declarations: deprecations.length, left, newFiles: [] };
  },
};

/** The arity of a binding's function value; null when it is visibly something that may be a function (an import); undefined when it is not visibly a function. */
function bindingArity(variable: Variable): Arity | null | undefined {
  const def = variable.defs[0];
  if (!def || variable.defs.length !== 1) return undefined;
  if (def.type === 'FunctionName') return arityOf(def.node as TSESTree.FunctionDeclaration);
  if (def.type === 'ImportBinding') return null;
  if (def.type === 'Variable' && def.node.id === def.name) {
    const fn = functionValue(def.node.init);
    return fn ? arityOf(fn) : undefined;
  }
  return undefined;
}

function walk(node: Node, visit: (node: Node) => void): void {
  visit(node);
  for (const key of Object.keys(node)) {
    if (key === 'parent') continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof (child as Node).type === 'string') walk(child as Node, visit);
    } else if (value && typeof (value as Node).type === 'string' && key !== 'loc' && key !== 'range') {
      walk(value as Node, visit);
    }
  }
}

/** The names declared beside a declaration: the members of its class, object literal or type, or its scope's variables. */
function siblingNames(node: Node, ctx: AnalysisContext): ((name: string) => boolean) | null {
  const parent = node.parent;
  if (!parent) return null;
  const keysOf = (members: readonly Node[]) => (name: string) =>
    members.some(
      (member) =>
        'key' in member &&
        member.key &&
        keyName(member.key as Node, (member as { computed?: boolean }).computed ?? false) === name,
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

/** `@deprecated Use deltaSync` on each full-sync declaration that has the replacement beside it. */
function deprecationEdits(
  ast: TSESTree.Program,
  text: string,
  settings: CodemodSettings,
  style: Style,
  ctx: AnalysisContext,
): Edit[] {
  const names = new Set(settings.names);
  const replacement = settings.replacement;
  const targets: Node[] = [];
  walk(ast, (node) => {
    let name: string | null = null;
    let isFunction = false;
    switch (node.type) {
      case 'FunctionDeclaration':
        name = node.id?.name ?? null;
        isFunction = true;
        break;
      case 'VariableDeclarator':
        name = node.id.type === 'Identifier' ? node.id.name : null;
        isFunction = functionValue(node.init) !== null && node.parent.kind === 'const';
        break;
      case 'MethodDefinition':
      case 'TSAbstractMethodDefinition':
        name = node.kind === 'method' ? keyName(node.key, node.computed) : null;
        isFunction = true;
        break;
      case 'PropertyDefinition':
      case 'Property':
        name =
          node.type === 'Property' && node.parent.type !== 'ObjectExpression' ? null : keyName(node.key, node.computed);
        isFunction = functionValue(node.value as Node | null) !== null;
        break;
      case 'TSMethodSignature':
        name = keyName(node.key, node.computed);
        isFunction = true;
        break;
      case 'TSPropertySignature':
        name = keyName(node.key, node.computed);
        isFunction = node.typeAnnotation?.typeAnnotation.type === 'TSFunctionType';
        break;
      default:
        return;
    }
    if (name === null || !names.has(name) || !isFunction) return;
    const siblings = siblingNames(node.type === 'VariableDeclarator' ? node.parent : node, ctx);
    if (siblings?.(replacement)) targets.push(node);
  });
  const edits: Edit[] = [];
  const tag = `@deprecated Use ${replacement}`;
  const comments = ast.comments ?? [];
  for (const target of targets) {
    const node = documentedNode(target);
    const start = node.range[0];
    const indent = lineIndent(text, start);
    const before = comments.filter(
      (comment) => comment.range[1] <= start && /^\s*$/.test(text.slice(comment.range[1], start)),
    );
    const jsdoc =
      before.length > 0 &&
      before[before.length - 1]!.type === 'Block' &&
      before[before.length - 1]!.value.startsWith('*')
        ? before[before.length - 1]!
        : null;
    if (!jsdoc) {
      const atLineStart = text.slice(text.lastIndexOf('\n', start - 1) + 1, start).trim() === '';
      if (!atLineStart) continue; // a declaration mid-line: leave its comments alone
      edits.push({ start, end: start, text: `/** ${tag} */${style.eol}${indent}` });
      continue;
    }
    if (/@deprecated\b/.test(jsdoc.value)) continue;
    const commentIndent = lineIndent(text, jsdoc.range[0]);
    const body = jsdoc.value; // `* text ` or `*\n * text\n `
    if (!body.includes('\n')) {
      const content = body.slice(1).trim();
      edits.push({
        start: jsdoc.range[0],
        end: jsdoc.range[1],
        text: [
          '/**',
          ...(content ? [`${commentIndent} * ${content}`] : []),
          `${commentIndent} * ${tag}`,
          `${commentIndent} */`,
        ].join(style.eol),
      });
      continue;
    }
    const closing = jsdoc.range[1] - 2; // the `*/`
    const lineStart = text.lastIndexOf('\n', closing - 1) + 1;
    if (text.slice(lineStart, closing).trim() === '') {
      edits.push({ start: lineStart, end: lineStart, text: `${commentIndent} * ${tag}${style.eol}` });
    } else {
      edits.push({
        start: closing,
        end: closing,
        text: `${style.eol}${commentIndent} * ${tag}${style.eol}${commentIndent} `,
      });
    }
  }
  return edits;
}
