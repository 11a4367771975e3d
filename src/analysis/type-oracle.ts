/**
 * Type information, when the parser has it (typed linting). Detectors ask it
 * to confirm that a receiver is a supabase-js client, builder or channel
 * before they report; without a program every answer is `unknown` and the
 * syntactic judgement stands. Nothing here throws when types are absent.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

export type Verdict = 'yes' | 'no' | 'unknown';

export interface TypeOracle {
  /** Is the value of `node` of a type declared by a @supabase/* package? */
  isSupabase(node: TSESTree.Node): Verdict;
  /** Does the type of `node` have a property `name`? */
  hasProperty(node: TSESTree.Node, name: string): Verdict;
  /** Can the value of `node` be called? */
  isCallable(node: TSESTree.Node): Verdict;
}

interface TypedServices {
  program: ts.Program | null;
  getTypeAtLocation?: (node: TSESTree.Node) => ts.Type;
}

/** `ts.TypeFlags.Any | ts.TypeFlags.Unknown` (1 and 2 in every TypeScript version). */
const ANY_OR_UNKNOWN = 1 | 2;

/** Declarations in these packages make a type a supabase-js one. */
const SUPABASE_PACKAGE = /[\\/]node_modules[\\/]@supabase[\\/](supabase-js|postgrest-js|realtime-js)[\\/]/;

const cache = new WeakMap<object, TypeOracle | null>();

function declaredInSupabase(type: ts.Type): boolean {
  for (const symbol of [type.getSymbol(), type.aliasSymbol]) {
    for (const declaration of symbol?.getDeclarations() ?? []) {
      if (SUPABASE_PACKAGE.test(declaration.getSourceFile().fileName)) return true;
    }
  }
  return false;
}

function members(type: ts.Type): readonly ts.Type[] {
  // `isUnion()` rather than a flag value: TypeScript renumbers the other flags between versions
  return type.isUnion() ? type.types : [type];
}

function createOracle(services: TypedServices): TypeOracle | null {
  const { program, getTypeAtLocation } = services;
  if (!program || !getTypeAtLocation) return null;
  const checker = program.getTypeChecker();
  const typeOf = (node: TSESTree.Node): ts.Type | null => {
    try {
      const type = getTypeAtLocation(node);
      return type.flags & ANY_OR_UNKNOWN ? null : type;
    } catch {
      return null; // a node TypeScript has no type for: keep the syntactic judgement
    }
  };
  return {
    isSupabase(node) {
      const type = typeOf(node);
      if (!type) return 'unknown';
      const parts = members(type).filter((part) => !(part.flags & ANY_OR_UNKNOWN));
      if (parts.some(declaredInSupabase)) return 'yes';
      return parts.length === 0 ? 'unknown' : 'no';
    },
    hasProperty(node, name) {
      const type = typeOf(node);
      if (!type) return 'unknown';
      return checker.getApparentType(type).getProperty(name) ? 'yes' : 'no';
    },
    isCallable(node) {
      const type = typeOf(node);
      if (!type) return 'unknown';
      return members(checker.getNonNullableType(type)).some((part) => part.getCallSignatures().length > 0)
        ? 'yes'
        : 'no';
    },
  };
}

/** The type oracle of a file, or null without type information. */
export function typeOracle(ctx: { parserServices?: unknown }): TypeOracle | null {
  const services = ctx.parserServices as TypedServices | undefined;
  if (!services || typeof services !== 'object') return null;
  if (!cache.has(services)) cache.set(services, createOracle(services));
  return cache.get(services) ?? null;
}
