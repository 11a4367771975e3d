/**
 * no-query-in-loop: a call whose requests are sent only on first use (project/first-use.ts):
 * behind a memo the loop fills once (a sequential loop, a key the same for every item), or a
 * get-or-create through a device store under such a key (holdout12 F4), a Map tested with
 * `get` (holdout15 metricon F6). Still reported: a key
 * made from the item, a memo in calls made at once, a memo the function empties again.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { type MessageIds, noQueryInLoop, type NoQueryInLoopOptions } from '../../src/rules/no-query-in-loop.js';
import { dedent } from '../dedent.js';
import { at } from './loc.js';
import { javascriptTester, typescriptTester } from './tester.js';

type Case = InvalidTestCase<MessageIds, [NoQueryInLoopOptions]>;

const forOf = 'for...of loop';
const mapped = '.map() whose promises go to Promise.all';
const one = { count: 'a request each time it runs', perItem: 'a request per item' };

/** A report of `site` (its `occurrence`-th text in the code), a call of `callee` once per item. */
function call(
  code: string,
  callee: string,
  site: [string, number],
  requests: string,
  loop: string,
  data: { count: string; perItem: string } = one,
): Case {
  return {
    code,
    errors: [{ messageId: 'callInLoop', data: { callee, requests, loop, ...data }, ...at(code, ...site) }],
  };
}

// a memo of the module: `if (x === null) x = await ...`, filled by the first call
const memoModule = dedent`
  let settings = null;
  async function getSettings() {
    if (settings === null) {
      settings = await supabase.from('settings').select('*').eq('id', 1).single();
    }
    return settings;
  }
`;

// the forms of a memo's test and fill
const memoForms = [
  dedent`
    let cached;
    async function getSettings() {
      if (!cached) cached = await supabase.from('settings').select('*').eq('id', 1).single();
      return cached;
    }
  `,
  dedent`
    let cached = null;
    async function getSettings() {
      cached ??= await supabase.from('settings').select('*').eq('id', 1).single();
      return cached;
    }
  `,
  dedent`
    let cached = null;
    async function getSettings() {
      if (cached) return cached;
      const { data } = await supabase.from('settings').select('*').eq('id', 1).single();
      cached = data;
      return data;
    }
  `,
];

// a get-or-create through SecureStore, keyed by the user: the request goes out when no key pair is stored yet
const keyStore = dedent`
  function storeKeyOf(userId) {
    return \`private_key_\${userId}\`;
  }
  async function publishKey(userId, publicKey) {
    await supabase.from('profiles').update({ public_key: publicKey }).eq('id', userId);
  }
  async function getOrCreateKeys(userId) {
    const storeKey = storeKeyOf(userId);
    const existing = await SecureStore.getItemAsync(storeKey);
    if (existing) {
      return { privateKey: existing };
    }
    const pair = makePair();
    await SecureStore.setItemAsync(storeKey, pair.privateKey);
    await publishKey(userId, pair.publicKey);
    return pair;
  }
`;

// the shape of the held-out app: a memo local to the function, over the store's get-or-create
const inbox = dedent`
  ${keyStore}
  async function messagesOf(conversationId) {
    const local = await localInbox.messagesOf(conversationId);
    const userId = currentUserId();
    let keys = null;
    const getKeys = async () => {
      if (keys === null) keys = await getOrCreateKeys(userId).catch(() => null);
      return keys;
    };
    return Promise.all(local.map(async (m) => decrypt(m, await getKeys())));
  }
  async function threadsWith(other) {
    const threads = await localInbox.threadsWith(other);
    return Promise.all(threads.map((t) => messagesOf(t.id)));
  }
`;

// a Map declared in the module, read for a key and filled under it
const mapMemo = dedent`
  const names = new Map();
  async function teamName(teamId) {
    if (names.has(teamId)) return names.get(teamId);
    const { data } = await supabase.from('teams').select('name').eq('id', teamId).single();
    names.set(teamId, data.name);
    return data.name;
  }
`;

// a Map of connections tested with get (holdout15 metricon's WhatsApp sender): read once per store id
const connections = dedent`
  const connected = new Map<string, boolean>();
  async function ensureConnected(storeId: string) {
    if (connected.get(storeId)) return true;
    const { data } = await supabase.from('sessions').select('creds').eq('store_id', storeId).maybeSingle();
    connected.set(storeId, !!data);
    return !!data;
  }
  async function send(storeId: string, text: string) {
    if (await ensureConnected(storeId)) deliver(text);
  }
`;

typescriptTester().run('no-query-in-loop: requests sent on first use only', noQueryInLoop, {
  valid: [
    // a module's memo, called one item after another: one request, by the first call
    `${memoModule}\nfor (const order of orders) {\n  const s = await getSettings();\n  total += price(order, s);\n}`,
    ...memoForms.map((memo) => `${memo}\nfor (const order of orders) {\n  await getSettings();\n}`),
    // through a function that calls it: the memo is the module's, full after the first item
    `${memoModule}\nasync function priceOf(order) {\n  const s = await getSettings();\n  return price(order, s);\n}\nfor (const order of orders) await priceOf(order);`,
    // a store's get-or-create under the same user for every item, even in a Promise.all
    `${keyStore}\nconst userId = currentUserId();\nawait Promise.all(messages.map(async (m) => decrypt(m, await getOrCreateKeys(userId))));`,
    `${keyStore}\nasync function openAll(me, messages) {\n  for (const m of messages) await getOrCreateKeys(me.id);\n}`,
    // the held-out app: in the map over messages, and the map over threads
    inbox,
    // AsyncStorage and localStorage, with the rest under `if (!v)`, and a constant key
    dedent`
      async function deviceId() {
        const saved = await AsyncStorage.getItem('device_id');
        if (!saved) {
          const id = makeId();
          await AsyncStorage.setItem('device_id', id);
          await supabase.from('devices').insert({ id });
          return id;
        }
        return saved;
      }
      for (const event of events) await track(event, await deviceId());
    `,
    dedent`
      async function visitorOf(site) {
        const key = 'visitor:' + site;
        const known = localStorage.getItem(key);
        if (known !== null) return known;
        localStorage.setItem(key, 'v1');
        await supabase.from('visitors').insert({ site });
        return 'v1';
      }
      const site = currentSite();
      for (const page of pages) await visitorOf(site);
    `,
    // a Map keyed by a value the same for every item, one item after another
    `${mapMemo}\nconst team = defaultTeam();\nfor (const member of members) {\n  member.team = await teamName(team);\n}`,
    // tested with get: a batch of messages to one store, one after another (and `!get` around the fill)
    `${connections}\nexport async function sendBatch(storeId: string, texts: string[]) {\n  for (const t of texts) await send(storeId, t);\n}`,
    dedent`
      const names = new Map();
      async function teamName(teamId) {
        if (!names.get(teamId)) {
          const { data } = await supabase.from('teams').select('name').eq('id', teamId).single();
          names.set(teamId, data.name);
        }
        return names.get(teamId);
      }
      const team = defaultTeam();
      for (const member of members) member.team = await teamName(team);
    `,
  ],
  invalid: [
    // the memo alone, in a Promise.all: every call starts before the first one fills it
    call(
      `${memoModule}\nawait Promise.all(orders.map(async (order) => price(order, await getSettings())));`,
      'getSettings',
      ['getSettings()', 2],
      "select from 'settings'",
      mapped,
    ),
    // a memo filled by a call not awaited before the next item
    call(
      `${memoModule}\nfor (const order of orders) {\n  pending.push(getSettings());\n}`,
      'getSettings',
      ['getSettings()', 2],
      "select from 'settings'",
      forOf,
    ),
    // a memo declared in the loop: empty again for each item
    call(
      dedent`
        for (const order of orders) {
          let cached = null;
          const load = async () => {
            if (cached === null) cached = await supabase.from('settings').select('*').eq('id', order.shop).single();
            return cached;
          };
          await load();
        }
      `,
      'load',
      ['load()', 1],
      "select from 'settings'",
      forOf,
    ),
    // the held-out app's memo alone, local to the function called per item: each call starts it empty
    call(
      dedent`
        async function publish(userId) {
          await supabase.from('profiles').update({ seen_at: now() }).eq('id', userId);
        }
        async function messagesOf(conversationId) {
          const userId = currentUserId();
          let done = null;
          const touch = async () => {
            if (done === null) done = await publish(userId);
            return done;
          };
          await touch();
        }
        for (const thread of threads) await messagesOf(thread.id);
      `,
      'messagesOf',
      ['messagesOf(thread.id)', 1],
      "update on 'profiles' in publish()",
      forOf,
    ),
    // a store's key made from the item: a cold cache per item
    call(
      `${keyStore}\nfor (const member of members) await getOrCreateKeys(member.id);`,
      'getOrCreateKeys',
      ['getOrCreateKeys(member.id)', 1],
      "update on 'profiles' in publishKey()",
      forOf,
    ),
    call(
      `${mapMemo}\nfor (const member of members) {\n  member.team = await teamName(member.teamId);\n}`,
      'teamName',
      ['teamName(member.teamId)', 1],
      "select from 'teams'",
      forOf,
    ),
    // localStorage keyed by the item's site, with the same return of the request after the early return
    call(
      dedent`
        async function visitorOf(site) {
          const key = 'visitor:' + site;
          const known = localStorage.getItem(key);
          if (known !== null) return known;
          localStorage.setItem(key, 'v1');
          await supabase.from('visitors').insert({ site });
          return 'v1';
        }
        for (const page of pages) await visitorOf(page.site);
      `,
      'visitorOf',
      ['visitorOf(page.site)', 1],
      "insert on 'visitors'",
      forOf,
    ),
    // through a function that hands it the item's key
    call(
      `${keyStore}\nasync function keysFor(member) {\n  return getOrCreateKeys(member.id);\n}\nfor (const member of members) await keysFor(member);`,
      'keysFor',
      ['keysFor(member)', 2],
      "update on 'profiles' in publishKey()",
      forOf,
    ),
    // a store read whose value is written only on one branch: filled only sometimes
    call(
      dedent`
        async function deviceId() {
          const saved = await AsyncStorage.getItem('device_id');
          if (saved) return saved;
          const { data } = await supabase.from('devices').insert({}).select('id').single();
          if (data.keep) await AsyncStorage.setItem('device_id', data.id);
          return data.id;
        }
        for (const event of events) await track(event, await deviceId());
      `,
      'deviceId',
      ['deviceId()', 2],
      "insert on 'devices'",
      forOf,
    ),
    // a test that asks more than emptiness: a TTL, not a memo
    call(
      dedent`
        let cached = null;
        let at = 0;
        async function getSettings() {
          if (!cached || Date.now() - at > 1000) {
            cached = await supabase.from('settings').select('*').eq('id', 1).single();
            at = Date.now();
          }
          return cached;
        }
        for (const order of orders) await getSettings();
      `,
      'getSettings',
      ['getSettings()', 2],
      "select from 'settings'",
      forOf,
    ),
    // a flag set before the request and cleared after it: a lock, not a memo
    call(
      dedent`
        let busy = false;
        async function flush() {
          if (!busy) {
            busy = true;
            await supabase.from('outbox').delete().eq('sent', true);
            busy = false;
          }
        }
        for (const job of jobs) await flush();
      `,
      'flush',
      ['flush()', 2],
      "delete on 'outbox'",
      forOf,
    ),
    // an in-flight guard emptied when the request settles
    call(
      dedent`
        let inflight = null;
        async function refresh() {
          inflight ??= supabase.from('tokens').select('*').eq('id', 1).single().then((r) => {
            inflight = null;
            return r;
          });
          return inflight;
        }
        for (const job of jobs) await refresh();
      `,
      'refresh',
      ['refresh()', 2],
      "select from 'tokens'",
      forOf,
    ),
    // a Map whose entry the function deletes again
    call(
      dedent`
        const names = new Map();
        async function teamName(teamId) {
          if (names.has(teamId)) {
            const name = names.get(teamId);
            names.delete(teamId);
            return name;
          }
          const { data } = await supabase.from('teams').select('name').eq('id', teamId).single();
          names.set(teamId, data.name);
          return data.name;
        }
        const team = defaultTeam();
        for (const member of members) member.team = await teamName(team);
      `,
      'teamName',
      ['teamName(team)', 1],
      "select from 'teams'",
      forOf,
    ),
    // tested with get, keyed by the item: a read per distinct store; or all sent at once, before any fills it
    call(
      `${connections}\nexport async function sendAll(messages: { storeId: string; text: string }[]) {\n  for (const m of messages) await send(m.storeId, m.text);\n}`,
      'send',
      ['send(m.storeId, m.text)', 1],
      "select from 'sessions' in ensureConnected()",
      forOf,
    ),
    call(
      `${connections}\nexport async function sendBatch(storeId: string, texts: string[]) {\n  await Promise.all(texts.map((t) => send(storeId, t)));\n}`,
      'send',
      ['send(storeId, t)', 1],
      "select from 'sessions' in ensureConnected()",
      mapped,
    ),
    // a request outside the cache beside one inside it: reported, naming only the one sent each time
    call(
      dedent`
        ${memoModule}
        async function priceOf(order) {
          const s = await getSettings();
          await supabase.from('prices').select('*').eq('order_id', order.id).limit(10);
          return s;
        }
        for (const order of orders) await priceOf(order);
      `,
      'priceOf',
      ['priceOf(order)', 2],
      "select from 'prices'",
      forOf,
    ),
  ],
});

javascriptTester().run('no-query-in-loop: requests sent on first use only (JavaScript)', noQueryInLoop, {
  valid: [inbox, `${memoModule}\nfor (const order of orders) await getSettings();`],
  invalid: [
    call(
      `${keyStore}\nfor (const member of members) await getOrCreateKeys(member.id);`,
      'getOrCreateKeys',
      ['getOrCreateKeys(member.id)', 1],
      "update on 'profiles' in publishKey()",
      forOf,
    ),
  ],
});
