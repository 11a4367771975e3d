/** The full-sync detector (what no-full-sync reports and full-sync-to-delta-sync rewrites). */
import type { TSESTree } from '@typescript-eslint/utils';
import { unwrap } from '../ast.js';
import type { AnalysisContext, Detector } from '../detector.js';
import { mayHoldFullSync } from '../text-gates.js';
import { typeOracle } from '../type-oracle.js';
import { createDataEvidence } from './data-evidence.js';
import { aliasNames, type SyncNames } from './full-sync-names.js';
import { type FullSyncUse, fullSyncCall, fullSyncReference } from './full-sync-uses.js';
import { type ComposedRequest, MAX_CALL_DEPTH, requestsOf } from '../project/compose.js';
import { type ResolvedFunction, resolveCallee } from '../project/index.js';
import { isNodeModule } from '../project/plain-calls.js';
import { pastCursor, type SyncRead } from './sync-plan.js';
import type { FunctionLookup, FunctionLookupSource } from '../project/lookup.js';
import type { SchemaLookup } from '../schema-facts.js';
import type { DatabaseSchema } from '../../schema/model.js';

export interface FullSyncOptions {
  names: readonly string[];
  replacement: string;
  allowIn: readonly string[];
  /** The project's functions: a full sync whose function reads no rows (through its calls too) is not one of data. */
  functions?: FunctionLookupSource;
  /** The project's schema: an rpc of a function that returns one plain value (`returns uuid`) reads no rows. */
  schema?: SchemaLookup;
}

/**
 * Whether a call runs a function the analysis can see that is no full sync of
 * data, whatever its name: it sends requests and reads no rows with any of
 * them (a schema push named `fullSync`), or every read it makes, directly or
 * through the functions it calls, is past a change cursor (a delta sync).
 * A function that cannot be resolved, or sends nothing the analysis sees (a
 * stub, a call into a package), is not judged.
 */
function readsNoRows(lookup: FunctionLookup | null, use: FullSyncUse, schema: DatabaseSchema | undefined): boolean {
  if (!lookup || use.kind !== 'call' || use.node.type !== 'CallExpression') return false;
  const target = lookup.resolve(use.node, 'requests') ?? lookup.resolve(use.node);
  const requests = target ? requestsOf(target) : [];
  // an rpc of a function the migrations make return one plain value (`complete_sale(...) returns uuid`) is a write
  const reads = requests.filter(
    (request) =>
      request.method === 'select' ||
      (request.method === 'rpc' && !(request.table !== null && schema?.returnsOneValue(request.table))),
  );
  if (requests.length > 0 && reads.length === 0) return true;
  // it sends nothing, all of it is seen, and it works with files and processes (a schema push by the CLI)
  if (target && requests.length === 0 && worksOffline(target) === 'node') return true;
  // named fullSync, but every read it makes is past a change cursor (or of one row, as the workspace the
  // rows belong to, read by its id): a delta sync by what it does
  return (
    reads.some((request) => isDeltaRead(request.read)) &&
    reads.every((request) => isDeltaRead(request.read) || readsOneRow(request))
  );
}

/**
 * What a function does, through the functions it calls, when all of it is
 * seen and it sends no request: `node` when it calls into Node's modules for
 * files or processes on the way (`execSync('npx supabase db push')`), `none`
 * when it calls nothing of the kind (a stub: not judged). null when some of
 * it is not seen: a call the facts do not follow (facts.ts `opaque`), a
 * callee that does not resolve, or too deep.
 */
function worksOffline(fn: ResolvedFunction, depth = 0, seen = new Set<string>()): 'node' | 'none' | null {
  const id = `${fn.module.file}#${fn.facts.key}`;
  if (seen.has(id)) return 'none';
  if (depth > MAX_CALL_DEPTH || fn.facts.opaque || fn.facts.requests.length > 0) return null;
  seen.add(id);
  let found: 'node' | 'none' = 'none';
  for (const call of fn.facts.calls) {
    if (call.callee.kind === 'import' && isNodeModule(call.callee.source)) {
      found = 'node';
      continue;
    }
    const target = resolveCallee(fn.module, call.callee);
    const below = target ? worksOffline(target, depth + 1, seen) : null;
    if (below === null) return null;
    if (below === 'node') found = 'node';
  }
  return found;
}

/** A select of at most one row: by its id, `.single()`, `.maybeSingle()`, or `.limit(1)`. */
function readsOneRow(request: ComposedRequest): boolean {
  return request.oneRow === true || (request.read?.page.kind === 'limit' && request.read.page.size === 1);
}

function isDeltaRead(read: SyncRead | undefined): boolean {
  return !!read && pastCursor(read) && read.cursor!.value !== 'clock' && read.cursor!.value !== 'constant';
}

/**
 * Finds every full-sync use of a file: calls at once, references handed on
 * once the whole file is seen (a member such as `options.fullSync` handed to a
 * call is dropped when the file shows the name holds data). Returns null for a
 * file that never spells a full-sync name: it cannot use one.
 */
export function createFullSyncDetector(ctx: AnalysisContext, options: FullSyncOptions): Detector<FullSyncUse> | null {
  if (!mayHoldFullSync(ctx.text, options.names)) return null;
  const names = new Set(options.names);
  const sync: SyncNames = {
    names,
    replacement: options.replacement,
    allowIn: new Set(options.allowIn),
    aliases: aliasNames(ctx.scopeManager, names),
  };
  const evidence = createDataEvidence(names);
  const types = typeOracle(ctx);
  const found: FullSyncUse[] = [];

  /** With types: rename only where the receiver has the replacement; drop a reference that cannot be called. */
  function typed(use: FullSyncUse | null): FullSyncUse | null {
    if (!use || !types) return use;
    if (use.receiver && types.hasProperty(use.receiver, options.replacement) === 'no') use.renamable = false;
    if (use.kind === 'reference') {
      const callable = types.isCallable(
        use.nameNode.parent?.type === 'MemberExpression' ? use.nameNode.parent : use.nameNode,
      );
      if (callable === 'no') return null;
      if (callable === 'yes') use.certain = true;
    }
    return use;
  }
  /** References that may turn out to be plain data once the whole file is seen. */
  const pending: FullSyncUse[] = [];

  function checkHandedOn(node: TSESTree.Node): void {
    let inner = unwrap(node);
    // svc.fullSync.bind(svc): look at what is bound
    if (inner.type === 'CallExpression') {
      const callee = unwrap(inner.callee);
      if (callee.type !== 'MemberExpression') return;
      inner = unwrap(callee.object);
    }
    if (inner.type !== 'Identifier' && inner.type !== 'MemberExpression') return;
    const use = typed(fullSyncReference(ctx, inner, sync));
    if (use) (use.certain ? found : pending).push(use);
  }

  function checkArguments(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
    for (const argument of node.arguments) {
      if (argument.type !== 'SpreadElement') checkHandedOn(argument);
    }
  }

  return {
    listeners: {
      ...evidence.listeners,
      CallExpression(node: TSESTree.CallExpression) {
        const use = typed(fullSyncCall(ctx, node, sync));
        if (use) found.push(use);
        checkArguments(node);
      },
      NewExpression: checkArguments,
      JSXExpressionContainer(node: TSESTree.JSXExpressionContainer) {
        if (node.expression.type !== 'JSXEmptyExpression') checkHandedOn(node.expression);
      },
    },
    finish() {
      const lookup = options.functions?.() ?? null;
      const uses = [...found, ...pending.filter((use) => !evidence.isData(use.name))].filter(
        (use) => !readsNoRows(lookup, use, options.schema?.()),
      );
      return uses.sort((a, b) => a.nameNode.range[0] - b.nameNode.range[0]);
    },
  };
}
