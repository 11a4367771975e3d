/**
 * Text gates: a file whose text fails a detector's gate cannot hold its
 * finding (every finding needs these names spelled in the source, and a read
 * needs a `select` that may start one: select-gate.ts), so the file is not
 * even parsed for it. The detectors, and the audit before it parses
 * anything, ask the same functions.
 */
import { WRITE_METHODS } from './postgrest/methods.js';
import { mayHoldMethodCall, mayHoldSelectRead } from './postgrest/select-gate.js';

/**
 * An `rpc` that may be called: the word, not part of a longer one (`trpc`,
 * the tRPC client a Next.js app names in every file, is not a Supabase rpc).
 */
export function mayHoldRpc(text: string): boolean {
  // the word's plain search first: a regular expression tried at every offset costs more over a file without it
  return text.includes('rpc') && /\brpc\b/.test(text);
}

const QUOTES = `'"\``;
const WORD_CHAR = /\w/;
const SPACE = /\s/;

/**
 * A `from` that may be a method call (`X.from(t)`, `X?.from<T>(t)`, `X\n.from`,
 * `X['from'](t)`), not an import's `from '...'` (every module that imports
 * spells that) nor the word in a comment. Not modelled, as by every text
 * gate: a comment between the dot and the name.
 */
export function mayCallFrom(text: string): boolean {
  // `/\.\s*from\b/` or `/['"`]from['"`]/`, tried only where the word is (every module that imports spells it a few
  // times; a regular expression tried at every dot of a file costs more)
  for (let at = text.indexOf('from'); at !== -1; at = text.indexOf('from', at + 4)) {
    const after = text[at + 4];
    const quoted = at > 0 && QUOTES.includes(text[at - 1]!) && after !== undefined && QUOTES.includes(after);
    if (quoted) return true;
    if (after !== undefined && WORD_CHAR.test(after)) continue;
    let before = at - 1;
    while (before >= 0 && SPACE.test(text[before]!)) before -= 1;
    if (before >= 0 && text[before] === '.') return true;
  }
  return false;
}

/**
 * A write request: a write method (WRITE_METHODS) that may be called on `X.from(t)` (or a
 * variable that may hold it: select-gate.ts mayHoldMethodCall), with a `from`
 * that may be a call. Not drizzle's `db.insert(t)`, `tx.update(t)`.
 */
export function mayHoldWriteRequest(text: string): boolean {
  return mayCallFrom(text) && [...WRITE_METHODS].some((name) => text.includes(name) && mayHoldMethodCall(text, name));
}

/** require-pagination: a read needs a `select` that may start one (or an `rpc` when rpc is checked). */
export function mayHoldUnboundedRead(text: string, checkRpc: boolean): boolean {
  return (checkRpc && mayHoldRpc(text)) || mayHoldSelectRead(text);
}

/** require-cursor-order: a page bound (`limit` or `range`) on a read. */
export function mayHoldCursorProblem(text: string): boolean {
  return (text.includes('limit') || text.includes('range')) && mayHoldSelectRead(text);
}

/** require-delta-filter: a read. */
export function mayHoldMissingDeltaFilter(text: string): boolean {
  return mayHoldSelectRead(text);
}

/** no-unbounded-realtime: a Postgres Changes listener, or a legacy `.on('INSERT' | ...)`. */
export function mayHoldUnboundedListener(text: string): boolean {
  return (
    text.includes('postgres_changes') || (text.includes('.on(') && /\.on\(\s*['"`](INSERT|UPDATE|DELETE|\*)/.test(text))
  );
}

/**
 * `subscribe` as a member (`X.subscribe(`, `X?.subscribe(`, `X\n.subscribe(`,
 * `X['subscribe'](`): not the word in prose (a billing page's "subscribe to
 * continue", an "unsubscribe" link) nor in a longer name.
 */
const SUBSCRIBE_MEMBER = /\.\s*subscribe\b|\[\s*['"`]subscribe['"`]\s*\]/;

/** A `.subscribe` member that may be called: what a module that subscribes a channel spells. */
export function mayCallSubscribe(text: string): boolean {
  return text.includes('subscribe') && SUBSCRIBE_MEMBER.test(text);
}

/**
 * require-realtime-cleanup, in the file itself: a subscription needs
 * `.subscribe(` and a `.channel(` or a legacy `.from(`. (Through a helper of
 * another module, the rule asks the file's imports.)
 */
export function mayHoldLeakingSubscription(text: string): boolean {
  return (text.includes('channel') || text.includes('from')) && mayCallSubscribe(text);
}

/** no-full-sync: a file that never spells a full-sync name cannot use one. */
export function mayHoldFullSync(text: string, names: readonly string[]): boolean {
  return names.some((name) => text.includes(name));
}

/** no-invalid-realtime-filter: a Postgres Changes listener with a `filter`. */
export function mayHoldRealtimeFilter(text: string): boolean {
  return text.includes('postgres_changes') && text.includes('filter');
}
