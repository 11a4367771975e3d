/**
 * `audit --shard i/n`: the files split into n disjoint parts by a stable
 * hash (32-bit FNV-1a) of each file's path as the report shows it (relative
 * to the current folder, forward slashes), so n jobs of a CI matrix that run
 * the same command from the same folder audit every file exactly once,
 * whatever the machine or the order of the walk.
 */
import { UsageError } from './errors.js';

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count || count > 10_000)
    throw new UsageError(`--shard must be i/n with 1 <= i <= n (e.g. 2/4); got '${value}'`);
  return { index, count };
}

/** 32-bit FNV-1a of the UTF-8 bytes of `text`. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Whether the file shown as `shownPath` belongs to `shard` (1-based). */
export function inShard(shownPath: string, shard: Shard): boolean {
  return fnv1a(shownPath) % shard.count === shard.index - 1;
}
