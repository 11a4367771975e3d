/** require-realtime-cleanup's text gate: `.subscribe` as a member, never the word in prose. */
import { describe, expect, it } from 'vitest';
import { mayHoldLeakingSubscription } from '../../src/analysis/text-gates.js';

describe('mayHoldLeakingSubscription', () => {
  it.each([
    "supabase.channel('room').on('broadcast', { event: 'x' }, f).subscribe();",
    "const ch = supabase.channel('room');\nch\n  .subscribe((status) => log(status));",
    "supabase.channel('room')?.subscribe();",
    "supabase.channel('room')['subscribe']();",
    'supabase.channel(`room`)[`subscribe`]();',
    "supabase.from('messages').on('INSERT', f).subscribe();",
  ])('may hold a subscription: %s', (text) => {
    expect(mayHoldLeakingSubscription(text)).toBe(true);
  });

  it.each([
    // a billing page: the word in prose, an import that spells `from`
    "import { Button } from './button';\nexport const Trial = () => <p>Your trial has ended: subscribe to pick up where you left off.</p>;",
    "import { channel } from './names';\nconst text = 'unsubscribe from these emails';",
    // a longer name that holds the word
    "import { subscribeToOrders } from './orders';\nsubscribeToOrders(channel);",
    // a subscription with neither a channel nor a from to subscribe
    'store.subscribe(render);',
  ])('cannot hold one: %s', (text) => {
    expect(mayHoldLeakingSubscription(text)).toBe(false);
  });
});
