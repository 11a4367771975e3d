/**
 * ts-morph, loaded on first use: `supabase-scale audit`, `--help` and
 * `--version` never pay for loading the TypeScript compiler.
 */
import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';

let loaded: typeof TsMorph | null = null;

export function morph(): typeof TsMorph {
  loaded ??= createRequire(import.meta.url)('ts-morph') as typeof TsMorph;
  return loaded;
}
