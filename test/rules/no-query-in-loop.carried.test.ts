/**
 * no-query-in-loop and state carried across iterations (loop-carried.ts): a
 * request whose sending, or whose own chain, depends on what an earlier
 * iteration's request wrote outside the loop is sent in sequence by design,
 * and so is the read that refreshes that state for it; every other request of
 * the same loop is still one per item.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { type MessageIds, noQueryInLoop, type NoQueryInLoopOptions } from '../../src/rules/no-query-in-loop.js';
import { dedent } from '../dedent.js';
import { at } from './loc.js';
import { typescriptTester } from './tester.js';

type Case = InvalidTestCase<MessageIds, [NoQueryInLoopOptions]>;

function error(
  code: string,
  chain: string,
  messageId: MessageIds,
  data: Record<string, string>,
): Case['errors'][number] {
  return { messageId, data, ...at(code, chain) };
}

// the rota is advanced after each week and read back into the state the next week is planned from
const rota = dedent`
  export async function planWeeks(weeks: Date[], state: { rota: string[] }, depot: string) {
    for (let i = 0; i < weeks.length; i++) {
      const plan = buildWeek(weeks[i], state);
      const saturday = plan.slots.filter((slot) => slot.day === 6).map((slot) => slot.staff);
      if (saturday.length > 0) {
        await supabase.rpc('advance_rota', { p_depot: depot, p_staff: saturday });
        state.rota = (await supabase.rpc('read_rota', { p_depot: depot })).data;
      }
    }
  }
`;

// the read back is not under the condition: it refreshes the state the next advance is computed from
const readBack = dedent`
  export async function planWeeks(weeks: Date[], state: { rota: string[] }, depot: string) {
    for (let i = 0; i < weeks.length; i++) {
      const plan = buildWeek(weeks[i], state);
      const saturday = plan.slots.filter((slot) => slot.day === 6).map((slot) => slot.staff);
      if (saturday.length > 0) await supabase.rpc('advance_rota', { p_depot: depot, p_staff: saturday });
      const { data } = await supabase.rpc('read_rota', { p_depot: depot });
      state.rota = data ?? [];
    }
  }
`;

// the same through functions that send the requests: the advance is called under the condition, the read back
// is assigned as is
const helpers = dedent`
  async function advance(depot: string, staff: string[]) {
    await supabase.rpc('advance_rota', { p_depot: depot, p_staff: staff });
  }
  async function readRota(depot: string) {
    const { data } = await supabase.rpc('read_rota', { p_depot: depot });
    return data ?? [];
  }
  export async function planWeeks(weeks: Date[], state: { rota: string[] }, depot: string) {
    for (let i = 0; i < weeks.length; i++) {
      const plan = buildWeek(weeks[i], state);
      const saturday = plan.slots.filter((slot) => slot.day === 6).map((slot) => slot.staff);
      if (saturday.length > 0) await advance(depot, saturday);
      state.rota = await readRota(depot);
    }
  }
`;

// each folder's parent is the id the previous insert returned
const folders = dedent`
  export async function makePath(segments: string[]) {
    let parentId: string | null = null;
    for (const name of segments) {
      const { data } = await supabase.from('folders').insert({ name, parent_id: parentId }).select('id').single();
      parentId = data.id;
    }
  }
`;

// a total carried across iterations that no request reads: one request per item
const total = dedent`
  export async function countVotes(ids: string[]) {
    let total = 0;
    for (const id of ids) {
      const { count } = await supabase.from('votes').select('*', { count: 'exact', head: true }).eq('post_id', id);
      total += count ?? 0;
    }
    return total;
  }
`;

// the state is read after this iteration wrote it: a value of this iteration, not of the previous one
const sameIteration = dedent`
  export async function copyAll(ids: string[], state: { last: { id: string } | null }) {
    for (const id of ids) {
      state.last = (await supabase.from('drafts').select('id').eq('id', id).single()).data;
      await supabase.from('published').insert({ draft_id: state.last.id });
    }
  }
`;

// a read that is the same whatever the state (loop-invariant), in the loop that carries the rota: one per item
const invariant = dedent`
  export async function planWeeks(weeks: Date[], state: { rota: string[] }, depot: string) {
    for (let i = 0; i < weeks.length; i++) {
      const { data: staff } = await supabase.from('staff').select('id').eq('depot', depot).limit(200);
      const plan = buildWeek(weeks[i], state, staff);
      if (plan.saturday.length > 0) await supabase.rpc('advance_rota', { p_depot: depot, p_staff: plan.saturday });
      state.rota = (await supabase.rpc('read_rota', { p_depot: depot })).data;
    }
  }
`;

// a function called with the carried state whose own request does not use it: its request is one per item
const helper = dedent`
  async function loadWeek(week: Date, state: { rota: string[] }) {
    const { data: staff } = await supabase.from('staff').select('id').limit(200);
    return buildWeek(week, state, staff);
  }
  export async function planWeeks(weeks: Date[], state: { rota: string[] }, depot: string) {
    for (let i = 0; i < weeks.length; i++) {
      const plan = await loadWeek(weeks[i], state);
      if (plan.saturday.length > 0) await supabase.rpc('advance_rota', { p_depot: depot, p_staff: plan.saturday });
      state.rota = (await supabase.rpc('read_rota', { p_depot: depot })).data;
    }
  }
`;

// what is read back varies per item: a read per item (the advance it feeds is sequential)
const perItem = dedent`
  export async function link(items: { id: string }[]) {
    let previous: { id: string } | null = null;
    for (const item of items) {
      if (previous) await supabase.from('links').insert({ from_id: previous.id, to_id: item.id });
      previous = (await supabase.from('items').select('id').eq('id', item.id).single()).data;
    }
  }
`;

// a value carried only through a method (push) is not followed: still one request per item
const pushed = dedent`
  export async function chain(ids: string[], seen: string[]) {
    for (const id of ids) {
      const { data } = await supabase.from('nodes').select('next').eq('id', id).single();
      seen.push(data.next);
      await supabase.from('visits').insert({ node: id, after: seen[seen.length - 2] });
    }
  }
`;

// a path walked through a helper: each call takes the id the previous call's answer gave
const walk = dedent`
  async function childrenOf(parentId: string) {
    const { data } = await supabase.from('categories').select('id, name').eq('parent_id', parentId).limit(100);
    return data ?? [];
  }
  export async function deepest(path: string[], rootId: string) {
    let currentId = rootId;
    for (let i = 1; i < path.length; i++) {
      const children = await childrenOf(currentId);
      const next = children.find((child) => child.name === path[i]);
      if (!next) break;
      currentId = next.id;
    }
    return currentId;
  }
`;

// a helper handed the running total and the item: its requests may be per item, whatever it returns
const running = dedent`
  async function addLine(line: { sku: string }, total: number) {
    await supabase.from('lines').insert({ sku: line.sku });
    return total + 1;
  }
  export async function addAll(lines: { sku: string }[]) {
    let total = 0;
    for (const line of lines) total = await addLine(line, total);
    return total;
  }
`;

const forLoop = 'for loop';
const forOf = 'for...of loop';

// a cache keyed by the row (a memo by key, as a Map's get/set is): each row's insert could be one array insert
const keyedCache = dedent`
  export async function importRows(rows: { brand: string; sku: string }[]) {
    const cache: Record<string, string> = {};
    for (const row of rows) {
      let productId = cache[row.brand];
      if (!productId) {
        const { data } = await supabase.from('products').select('id').eq('brand', row.brand).single();
        productId = data!.id;
        cache[row.brand] = productId;
      }
      await supabase.from('variants').insert({ product_id: productId, sku: row.sku });
    }
  }`;

typescriptTester().run('no-query-in-loop: state carried across iterations', noQueryInLoop, {
  valid: [rota, readBack, helpers, folders, walk],
  invalid: [
    {
      code: keyedCache,
      errors: [
        error(keyedCache, "supabase.from('products').select('id').eq('brand', row.brand).single()", 'readInLoop', {
          table: "'products'",
          loop: forOf,
        }),
        error(keyedCache, "supabase.from('variants').insert({ product_id: productId, sku: row.sku })", 'insertInLoop', {
          table: "'variants'",
          loop: forOf,
          method: 'insert',
        }),
      ],
    },
    {
      code: total,
      errors: [
        error(
          total,
          "supabase.from('votes').select('*', { count: 'exact', head: true }).eq('post_id', id)",
          'readInLoop',
          { table: "'votes'", loop: forOf },
        ),
      ],
    },
    {
      code: sameIteration,
      errors: [
        error(sameIteration, "supabase.from('drafts').select('id').eq('id', id).single()", 'readInLoop', {
          table: "'drafts'",
          loop: forOf,
        }),
        error(sameIteration, "supabase.from('published').insert({ draft_id: state.last.id })", 'insertInLoop', {
          table: "'published'",
          loop: forOf,
          method: 'insert',
        }),
      ],
    },
    {
      code: invariant,
      errors: [
        error(invariant, "supabase.from('staff').select('id').eq('depot', depot).limit(200)", 'readInLoop', {
          table: "'staff'",
          loop: forLoop,
        }),
      ],
    },
    {
      code: helper,
      errors: [
        error(helper, 'loadWeek(weeks[i], state)', 'callInLoop', {
          callee: 'loadWeek',
          count: 'a request each time it runs',
          requests: "select from 'staff'",
          loop: forLoop,
          perItem: 'a request per item',
        }),
      ],
    },
    {
      code: running,
      errors: [
        error(running, 'addLine(line, total)', 'callInLoop', {
          callee: 'addLine',
          count: 'a request each time it runs',
          requests: "insert on 'lines'",
          loop: forOf,
          perItem: 'a request per item',
        }),
      ],
    },
    {
      code: perItem,
      errors: [
        error(perItem, "supabase.from('items').select('id').eq('id', item.id).single()", 'readInLoop', {
          table: "'items'",
          loop: forOf,
        }),
      ],
    },
    {
      code: pushed,
      errors: [
        error(pushed, "supabase.from('nodes').select('next').eq('id', id).single()", 'readInLoop', {
          table: "'nodes'",
          loop: forOf,
        }),
        error(pushed, "supabase.from('visits').insert({ node: id, after: seen[seen.length - 2] })", 'insertInLoop', {
          table: "'visits'",
          loop: forOf,
          method: 'insert',
        }),
      ],
    },
  ],
});
