import { mayHoldLeakingSubscription } from '../analysis/text-gates.js';
import { methodLoc } from '../analysis/ast.js';
import { DEFAULT_EFFECT_HOOKS } from '../analysis/realtime/cleanup.js';
import {
  createRealtimeCleanupDetector,
  type LeakingSubscription,
  listensOnlyToMessages,
  mayLeakThroughImports,
} from '../analysis/realtime/leaking-subscriptions.js';
import { createDetectorRule } from './create-rule.js';
import { nameList } from './option-schemas.js';
import { shortText } from '../utils/text.js';

/** The options as the rule reads them: each one filled in from meta.defaultOptions when a config leaves it out. */
export interface RequireRealtimeCleanupFilledOptions {
  effectHooks: readonly string[];
}

/** What a config may set. */
export type RequireRealtimeCleanupOptions = Partial<RequireRealtimeCleanupFilledOptions>;
export type MessageIds =
  | 'missingCleanup'
  | 'legacyMissingCleanup'
  | 'renderBody'
  | 'perItem'
  | 'perItemMessages'
  | 'droppedCleanup'
  | 'droppedAsyncCleanup'
  | 'leakBelow';

export const requireRealtimeCleanup = createDetectorRule<
  MessageIds,
  RequireRealtimeCleanupFilledOptions,
  LeakingSubscription
>({
  name: 'require-realtime-cleanup',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require Realtime subscriptions to be removed, and not to multiply per render or per item',
      recommended: 'recommended',
      topic: 'unboundedSubscriptions',
    },
    messages: {
      missingCleanup:
        'This channel is subscribed in an effect whose cleanup never removes it: each remount or dependency change opens another subscription and the old one keeps receiving changes. Return a cleanup that calls `{{client}}.removeChannel(channel)`.',
      legacyMissingCleanup:
        'This subscription is made in an effect whose cleanup never removes it: each remount or dependency change adds another. Return a cleanup that calls `{{client}}.removeSubscription(subscription)`.',
      renderBody:
        'A channel is subscribed in the render body of {{component}}: every render opens another subscription and none is ever removed. Subscribe in useEffect and return a cleanup that calls removeChannel.',
      droppedCleanup:
        '`{{helper}}()` subscribes a channel and returns the function that removes it, but this effect drops that function: every re-run of the effect opens another channel and none is ever removed. Return it (`useEffect(() => {{helper}}(), [...])`, or `const stop = {{helper}}(); return stop;`).',
      droppedAsyncCleanup:
        "`{{helper}}()` is async: it subscribes a channel and resolves to the function that removes it, but this effect drops the promise: every re-run of the effect opens another channel and none is ever removed. Keep the promise and remove the channel when it resolves, in the effect's cleanup (`const ready = {{helper}}(); return () => { void ready.then((stop) => stop()); };`).",
      leakBelow:
        '{{hook}} → {{path}}: a channel is subscribed {{depth}} below this effect and {{droppedIn}} drops {{what}} ({{place}}): every run of the effect opens another channel and none is ever removed. Return a function that removes it from each function up to this effect, and return it from the effect.',
      perItem:
        "A channel is subscribed once per item of this loop: channels per connection are capped at 100 and every join counts against the joins-per-second quota. Subscribe once, with a filter that covers the items (for example `filter: 'room_id=in.(1,2,3)'`).",
      perItemMessages:
        'A Broadcast or Presence channel is joined once per item of this loop: channels per connection are capped at 100 and every join counts against the joins-per-second quota. Join one channel whose topic covers them all (one per user or per screen) and carry the item in each message (`payload: { room_id, … }`).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          effectHooks: nameList(
            'Names of the effect hooks whose callback may return a cleanup (add custom ones such as useIsomorphicLayoutEffect).',
          ),
        },
      },
    ],
    defaultOptions: [{ effectHooks: [...DEFAULT_EFFECT_HOOKS] }],
  },
  // in the file, or through an imported helper an effect may call
  gate: (text, options, imports) =>
    mayHoldLeakingSubscription(text) || mayLeakThroughImports(text, options.effectHooks, imports),
  detector: (sourceCode, options, project) =>
    createRealtimeCleanupDetector(sourceCode, { ...options, functions: project.functions }),
  report(context, leak) {
    const loc = methodLoc(leak.subscribe);
    switch (leak.kind) {
      case 'loop':
        context.report({ loc, messageId: listensOnlyToMessages(leak) ? 'perItemMessages' : 'perItem' });
        break;
      case 'dropped-cleanup':
        if (leak.dropped) {
          context.report({
            loc: methodLoc(leak.dropped.call),
            messageId: leak.dropped.async ? 'droppedAsyncCleanup' : 'droppedCleanup',
            data: { helper: leak.dropped.helper },
          });
        }
        break;
      case 'leak-below':
        if (leak.below) {
          const { path, droppedIn, place, hook, dropped } = leak.below;
          context.report({
            loc: methodLoc(leak.subscribe),
            messageId: 'leakBelow',
            data: {
              hook,
              path: path.join(' → '),
              depth: path.length === 1 ? 'one call' : `${path.length} calls`,
              droppedIn: `\`${droppedIn}()\``,
              what:
                dropped === 'channel'
                  ? 'the channel it subscribes (nothing keeps a handle to remove it)'
                  : 'the function that removes it',
              place,
            },
          });
        }
        break;
      case 'render-body':
        context.report({ loc, messageId: 'renderBody', data: { component: leak.component ?? '' } });
        break;
      default:
        if (!leak.channel) break;
        context.report({
          loc,
          messageId: leak.channel.kind === 'legacy' ? 'legacyMissingCleanup' : 'missingCleanup',
          data: { client: shortText(context.sourceCode.getText(leak.channel.client), 30) },
        });
    }
  },
});
