/**
 * The codemods, by name. A new codemod is one module (a folder of steps, or a
 * file), its name and description in catalog.ts, and one entry here: the
 * CLI, the jscodeshift entry points, the help and the tests read this map.
 * The order is the order `codemod all` runs them in (full-sync-to-delta-sync
 * first: with `--project` it reads types at the positions of the file as it
 * is on disk).
 */
import { fullSyncToDeltaSync } from './full-sync-to-delta-sync/index.js';
import { paginateSelects } from './paginate-selects/index.js';
import { realtimeCleanup } from './realtime-cleanup/index.js';
import type { Codemod } from './codemod.js';
import type { CodemodName } from './catalog.js';

// the same names as catalog.ts (satisfies: none missing, none more)
const registry = {
  'full-sync-to-delta-sync': fullSyncToDeltaSync as Codemod<never>,
  'paginate-selects': paginateSelects as Codemod<never>,
  'realtime-cleanup': realtimeCleanup as Codemod<never>,
} satisfies Record<CodemodName, Codemod<never>>;

export const codemods: Readonly<Record<string, Codemod<never>>> = registry;

export type { Codemod, CodemodSettings } from './codemod.js';
