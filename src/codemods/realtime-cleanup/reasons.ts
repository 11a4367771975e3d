/** Why realtime-cleanup leaves a subscription, by id: the texts the CLI reports, and the phrases they are built from. */
import { type Reason, reasonText } from '../reasons.js';

export const REASONS = {
  // where the subscription is
  loopWithItemFilter:
    "subscribed once per item{{where}}: channels per connection are capped at 100; open one channel with filter '{{column}}=in.(…)' instead of one with '{{column}}=eq.…' per item, and remove it in an effect cleanup",
  loop: "subscribed once per item{{where}}: channels per connection are capped at 100; open one channel whose filter covers every item (such as filter: 'room_id=in.(1,2,3)'), and remove it in an effect cleanup",
  loopMessages:
    'a Broadcast or Presence channel joined once per item{{where}}: channels per connection are capped at 100; join one channel whose topic covers every item and carry the item in each message, and remove it in an effect cleanup',
  renderBody:
    'subscribed in the render body of {{component}}: every render opens another channel; move it into a useEffect, then run this codemod again to add the cleanup',
  droppedCleanup:
    'the effect drops the cleanup that {{helper}}() returns: return it from the effect (`useEffect(() => {{helper}}(), [...])`) by hand',
  droppedAsyncCleanup:
    'the effect drops the promise of the cleanup that the async {{helper}}() resolves to: keep the promise and remove the channel when it resolves, in the effect cleanup (`const ready = {{helper}}(); return () => { void ready.then((stop) => stop()); };`), by hand',
  leakBelow:
    '{{path}} subscribes a channel and {{droppedIn}} drops the channel or the function that removes it ({{place}}): return a remover up to this effect and from it, by hand',
  effectNotFound: 'the effect of this subscription could not be found: add the cleanup by hand',
  asyncEffect:
    'the effect callback is async, so it returns a promise and never a cleanup: make it a plain function that calls the async work, then run again',
  generatorEffect: 'the effect callback is a generator: it cannot return a cleanup',
  scopesUnread: 'the scopes of this effect could not be read: add the cleanup by hand',

  // the channel and its client
  createdOutside:
    'the channel is created outside this effect (line {{line}}): removing it in the cleanup would leave the next run a removed channel; create it inside the effect, then run again',
  optionalChaining: 'the subscription uses optional chaining (?.): the channel may not exist; add the cleanup by hand',
  clientNotPath:
    "the client '{{client}}' is not a name or a property path (it calls or computes something): repeating it in the cleanup might reach another client; remove the channel there by hand",
  clientSpansLines: 'the client expression spans lines or holds comments: remove the channel in the cleanup by hand',
  expressionBodyNotSubscription:
    "the effect's body is an expression, not the subscription itself: give it a block body, then run again",

  // the variable that holds the channel
  declaredInCallback:
    "'{{name}}' is declared inside a callback: it is not in scope where the effect returns its cleanup; declare 'let {{name}}' in the effect, assign the channel to it in the callback, then run again",
  declaredTwice: "'{{name}}' is declared more than once: cannot tell which channel the cleanup should remove",
  declaredInBlock:
    "'{{name}}' is declared inside a block (if, try, ...) of the effect: it is not in scope where the effect returns its cleanup; add the cleanup by hand",
  assignedTwice: "'{{name}}' is assigned more than once: cannot tell which channel the cleanup should remove",
  subscribedInCallback:
    "subscribed inside a callback: the channel is not in scope where the effect returns its cleanup; declare 'let {{name}}' in the effect, assign the channel to it in the callback, then run again",
  nestedCallback:
    'the channel is assigned in a callback nested in another callback: cannot tell how often it runs; remove it by hand',
  mayRunMore:
    'the channel is assigned in a callback that may run more than once or after the cleanup (an event handler, a timer, a subscription callback): remove each channel by hand',
  untypedLet:
    "'let {{name}}' has no type and is not assigned at the effect's top level: the cleanup would not type-check (TS7034); declare it 'let {{name}}: {{type}} | undefined', then run again",
  storedElsewhere:
    "the channel is stored in '{{target}}', not in a variable of the effect: remove it in the cleanup by hand",
  handedToCall: 'the channel is handed to {{callee}}(): remove it in the cleanup by hand',
  destructured: 'the channel is bound by a destructuring pattern, not a name: remove it in the cleanup by hand',
  usedInExpression:
    'the result of subscribe() is used in an expression, not kept in a variable of the effect: remove the channel in the cleanup by hand',
  subscribedInBlock:
    'subscribed inside a block (if, try, ...) of the effect: the channel would not be in scope where the effect returns its cleanup; add the cleanup by hand',

  // where the cleanup goes
  noArrow: 'cannot find the arrow of the effect: add the cleanup by hand',
  expressionBodyComments: "the effect's expression body has comments: give it a block body, then run again",
  afterReturn: "the subscription comes after the effect's return on line {{line}}: it never runs",
  earlyReturn:
    'the effect returns early after it subscribes ({{lines}}): the channel would stay open on that path; add the cleanup to every exit by hand',
  severalReturns:
    'the effect returns in several places after it subscribes (lines {{lines}}): add the cleanup to each by hand',
  asyncCleanup: 'the cleanup is async: add {{call}} to it by hand',
  generatorCleanup: 'the cleanup is a generator: add {{call}} to it by hand',
  cleanupReturnsEarly:
    'the cleanup returns early (line {{line}}): a call added at its end would not always run; add {{call}} by hand',
  cleanupNotBlock: 'this cleanup cannot be turned into a block: add {{call}} to it by hand',
  cleanupElsewhere: "the cleanup is '{{name}}', defined elsewhere: make it call {{call}} by hand",
  returnsNonFunction:
    'the effect returns something other than a function written here: add {{call}} to its cleanup by hand',

  // the same names where the cleanup runs
  thisDiffers: "'this' is not the same inside the cleanup (a function, not an arrow): add the removal by hand",
  clientReassigned:
    "'{{name}}' is reassigned: the cleanup might not reach the client that created the channel; add the removal by hand",
  meansSomethingElse: "'{{name}}' means something else inside the cleanup: add the removal by hand",
} as const;

/** Parts of the reasons above. */
export const PHRASES = {
  inLoopMethod: ' (in {{method}})',
  ofLoop: ' of a loop',
  someComponent: 'a component',
  line: 'line {{line}}',
  lines: 'lines {{lines}}',
} as const;

export type Why = Reason<typeof REASONS>;
export type Phrase = Reason<typeof PHRASES>;

export const phrase = (part: Phrase): string => reasonText(PHRASES, part);

/** A step's answer when the site is left. */
export interface Left {
  why: Why;
}
