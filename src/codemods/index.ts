/**
 * The codemods, by name. A new codemod is one module (a folder of steps, or a
 * file) and one entry here: the
 * CLI, the jscodeshift entry points, the help and the tests read this map.
 * The order is the order `codemod all` runs them in (full-sync-to-delta-sync
 * first: with `--project` it reads types at the positions of the file as it
 * is on disk).
 */
import { fullSyncToDeltaSync } from './full-sync-to-delta-sync/index.js';
import { paginateSelects } from './paginate-selects/index.js';
import { realtimeCleanup } from './realtime-cleanup/index.js';
import type { Codemod } from './codemod.js';

export const codemods: Readonly<Record<string, Codemod<never>>> = {
  'full-sync-to-delta-sync': fullSyncToDeltaSync as Codemod<never>,
  'paginate-selects': paginateSelects as Codemod<never>,
  'realtime-cleanup': realtimeCleanup as Codemod<never>,
};

export type { Codemod, CodemodSettings } from './codemod.js';
