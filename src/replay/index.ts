/**
 * The replay proof (`audit --prove`): each sync's plan run against a real
 * PostgreSQL (PGlite) under adversarial workloads, to show the rows a failing
 * check loses. Loaded only when `--prove` asks: neither the rules nor the
 * audit without it import this folder.
 */
export { checkPglite, openDatabase, ReplayUnavailable, type ReplayDatabase } from './database.js';
export { NOT_REPLAYED, REPLAYED_CHECKS, type ReplayedCheck } from './plan.js';
export { CHECK_WORKLOADS, replaySync, type ReplayOptions } from './replay.js';
