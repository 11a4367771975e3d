/**
 * How far the analysis follows code before it gives up. Both bounds only
 * guard against pathological or generated code (and against cycles no `seen`
 * set catches); code written by hand stays far below them. A bound that is
 * reached ends the search with no answer, never with a finding.
 */

/**
 * Variables followed from a use to the value they hold, one hop a variable:
 * `const q = base; const base = supabase.from(t)` is two hops.
 */
export const MAX_ALIAS_HOPS = 8;

/**
 * Calls walked along one method chain, one link a call:
 * `supabase.channel(n).on(...).on(...).subscribe()` is four links.
 */
export const MAX_CHAIN_LINKS = 64;
