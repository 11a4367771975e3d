/**
 * The named steps of the codemods, one at a time: a resolve or choose step
 * deciding the reason a site is left (by id, and as the text the CLI prints),
 * an emit step producing its edits, and the reason tables themselves.
 */
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import type { LeakingSubscription } from '../../src/analysis/realtime/leaking-subscriptions.js';
import type { QueryUse } from '../../src/analysis/postgrest/query-use.js';
import { runDetectors } from '../../src/analysis/run.js';
import type { FullSyncUse } from '../../src/analysis/sync/full-sync-uses.js';
import { planBinding } from '../../src/codemods/full-sync-to-delta-sync/bindings.js';
import { syncContext } from '../../src/codemods/full-sync-to-delta-sync/context.js';
import { deprecationEdits } from '../../src/codemods/full-sync-to-delta-sync/deprecate.js';
import * as fullSyncReasons from '../../src/codemods/full-sync-to-delta-sync/reasons.js';
import { fullSyncToDeltaSync } from '../../src/codemods/full-sync-to-delta-sync/index.js';
import { allPagesProblem, cursorFor, readProblem } from '../../src/codemods/paginate-selects/checks.js';
import { allPagesEdit } from '../../src/codemods/paginate-selects/emit.js';
import { paginateSelects } from '../../src/codemods/paginate-selects/index.js';
import * as paginateReasons from '../../src/codemods/paginate-selects/reasons.js';
import { chooseTarget, exitProblem, misplacedReason, returnsOf } from '../../src/codemods/realtime-cleanup/choose.js';
import { cleanupContext } from '../../src/codemods/realtime-cleanup/context.js';
import { cleanupEdits } from '../../src/codemods/realtime-cleanup/emit.js';
import { realtimeCleanup } from '../../src/codemods/realtime-cleanup/index.js';
import * as realtimeReasons from '../../src/codemods/realtime-cleanup/reasons.js';
import { resolveSite, type Site } from '../../src/codemods/realtime-cleanup/resolve.js';
import { reasonText } from '../../src/codemods/reasons.js';
import { applyEdits, detectStyle } from '../../src/codemods/text.js';
import type { Codemod, PlanInput } from '../../src/codemods/codemod.js';
import { type Column, DatabaseSchema, type Relation, type SchemaOrigin } from '../../src/schema/model.js';
import { PROJECT, runCase, settingsFor } from './harness.js';

/** What a codemod's plan() is given for `code` as /project/src/<file>: its detector's findings, the AST and scopes. */
function planInput<Finding>(codemod: Codemod<Finding>, code: string, file: string): PlanInput<Finding> {
  const settings = settingsFor({});
  const filePath = path.join(PROJECT, 'src', file);
  const run = runDetectors(code, filePath, { found: (ctx) => codemod.detect(ctx, settings, () => undefined) });
  if (!run.ok) throw new Error(`does not parse: ${run.error.message}`);
  return {
    path: filePath,
    text: code,
    findings: run.findings.found,
    ctx: run.context,
    ast: run.ast,
    sourceFile: () => {
      throw new Error('these steps do not need the ts-morph file');
    },
    env: { settings, types: null, readFile: () => null },
  };
}

describe('reasonText', () => {
  const table = { plain: 'no placeholder', two: "'{{name}}' on line {{line}}, '{{name}}' again" } as const;

  it('fills every placeholder, each time it appears, and only once (a value is not read as a template)', () => {
    expect(reasonText(table, { id: 'two', data: { name: 'x{{line}}', line: 7 } })).toBe(
      "'x{{line}}' on line 7, 'x{{line}}' again",
    );
    expect(reasonText(table, { id: 'plain' })).toBe('no placeholder');
  });

  it.each([
    ['paginate-selects', paginateReasons.REASONS],
    ['realtime-cleanup', { ...realtimeReasons.REASONS, ...realtimeReasons.PHRASES }],
    ['full-sync-to-delta-sync', { ...fullSyncReasons.REASONS, ...fullSyncReasons.PHRASES }],
  ])('%s: every template is one line and every placeholder is {{word}}', (_name, reasons) => {
    for (const [id, template] of Object.entries(reasons as Record<string, string>)) {
      expect(template, id).not.toMatch(/\n/);
      const data = Object.fromEntries([...template.matchAll(/\{\{(\w+)\}\}/g)].map((match) => [match[1]!, 'X']));
      const filled = reasonText(reasons as Record<string, string>, { id, data } as never);
      expect(filled, id).not.toMatch(/[{}]{2}/);
    }
  });
});

describe('paginate-selects steps', () => {
  const reads = (code: string) => planInput(paginateSelects, code, 'reads.ts');

  it('readProblem: an order on another column leaves the read, naming both columns', () => {
    const input = reads(`const { data } = await supabase.from('messages').select('id, body').order('created_at');\n`);
    const why = readProblem(input.findings[0]!, 'id');
    expect(why).toEqual({ id: 'orderedByOtherColumn', data: { column: 'created_at', cursor: 'id' } });
    expect(reasonText(paginateReasons.REASONS, why!)).toBe(
      "ordered by 'created_at': keyset pagination orders by the cursor 'id' (rewrite by hand, or make 'created_at' the cursor if it is unique)",
    );
  });

  it('readProblem: .order() options are read as postgrest-js reads them (the analysis readOrder)', () => {
    const problem = (chain: string) =>
      readProblem(reads(`const { data } = await supabase.from('messages')${chain};\n`).findings[0]!, 'id');
    // a falsy referencedTable orders the top-level table: an order on another column rules the read out
    expect(problem(".select('id').order('created_at', { referencedTable: undefined })")).toEqual({
      id: 'orderedByOtherColumn',
      data: { column: 'created_at', cursor: 'id' },
    });
    // an embedded resource's order is no concern of the top-level page
    expect(problem(".select('id, tags(name)').order('name', { referencedTable: 'tags' })")).toBeNull();
    // ascending by default, unless told otherwise
    expect(problem(".select('id').order('id', { ascending: undefined })")).toBeNull();
    expect(problem(".select('id').order('id', { ascending: false })")).toEqual({
      id: 'cursorNotAscending',
      data: { cursor: 'id' },
    });
  });

  it('allPagesProblem: a read whose count is used cannot be read page by page', () => {
    const input = reads(`const result = await supabase.from('messages').select('*');\nconsole.log(result.count);\n`);
    const use: QueryUse = input.findings[0]!;
    expect(readProblem(use, 'id')).toBeNull();
    expect(allPagesProblem(input.ctx, use, input.text)).toEqual({
      id: 'responseReadBeyond',
      data: { name: 'result', use: 'result.count' },
    });
  });

  describe('cursorFor: the schema, the settings and the select list', () => {
    const ORIGIN = {
      root: '/project',
      files: [],
      notMigrations: [],
      statements: 0,
      applied: 0,
      skipped: [],
      ignored: 0,
      unresolved: [],
      unreadable: [],
      psqlMetaCommands: 0,
      loadMs: 0,
    } satisfies SchemaOrigin;
    const column = (name: string, notNull: boolean): Column => ({ name, type: null, notNull, hasDefault: false });
    /** A schema with one table, `rooms`, that only generated types describe (columns, no keys). */
    const typesOnly = (columns: Column[] | null) =>
      new DatabaseSchema(ORIGIN, [
        {
          schema: 'public',
          name: 'rooms',
          kind: 'table',
          columns,
          keys: [],
          relationships: [],
          sources: ['types'],
        } satisfies Relation,
      ]);
    const roomsRead = (select: string) =>
      reads(`const { data } = await supabase.from('rooms').select(${select});\n`).findings[0]!;
    const reason = (use: QueryUse, schema: DatabaseSchema | undefined, settings = settingsFor({})) => {
      const choice = cursorFor(use, settings, schema);
      if ('why' in choice) return reasonText(paginateReasons.REASONS, choice.why);
      const why = readProblem(use, choice.cursor, choice.unshown);
      return why ? reasonText(paginateReasons.REASONS, why) : `rewritten by ${choice.cursor} (${choice.source})`;
    };

    it('no schema: select(*) is left, saying how to show the cursor; a list naming id or a cursor set is enough', () => {
      expect(reason(roomsRead("'*'"), undefined)).toBe(
        "nothing shows that 'rooms' has a column 'id' to page by: no database schema was found, and the select list does not name it (add supabase/migrations or generated types, or point --schema at them; or name the cursor in cursors.rooms of supabase-scale.config.json, or --cursor)",
      );
      expect(reason(roomsRead("'id, name'"), undefined)).toBe('rewritten by id (default)');
      expect(reason(roomsRead("'*'"), undefined, settingsFor({ cursor: 'id' }))).toBe('rewritten by id (cursor)');
      expect(reason(roomsRead("'*'"), undefined, settingsFor({ cursors: { rooms: 'slug' } }))).toBe(
        'rewritten by slug (cursors)',
      );
    });

    it('a table only generated types describe: id where they list it NOT NULL, since they show no keys', () => {
      expect(reason(roomsRead("'*'"), typesOnly([column('id', true), column('name', false)]))).toBe(
        'rewritten by id (default)',
      );
      expect(reason(roomsRead("'*'"), typesOnly([column('id', false)]))).toBe(
        "the schema says the cursor 'id' (the default cursor) may be NULL in table 'rooms' (only the generated types describe it, which show no keys), and a keyset cannot step past NULLs: name a unique NOT NULL column in cursors.rooms of supabase-scale.config.json",
      );
      expect(reason(roomsRead("'*'"), typesOnly([column('room_id', true)]))).toBe(
        "the schema says the cursor 'id' (the default cursor) is not a column of table 'rooms' (only the generated types describe it, which show no keys): name a unique NOT NULL column in cursors.rooms of supabase-scale.config.json",
      );
      // Row typed by a name the reader does not follow: the columns are unknown, so nothing shows id
      expect(reason(roomsRead("'*'"), typesOnly(null))).toBe(
        "nothing shows that 'rooms' has a column 'id' to page by: the generated types do not list the columns of table 'rooms', and the select list does not name it (add supabase/migrations or generated types, or point --schema at them; or name the cursor in cursors.rooms of supabase-scale.config.json, or --cursor)",
      );
      expect(reason(roomsRead("'id'"), typesOnly(null))).toBe('rewritten by id (default)');
      // the types cannot say a column is not unique: the cursor the user set stands
      expect(reason(roomsRead("'*'"), typesOnly([column('slug', true)]), settingsFor({ cursor: 'slug' }))).toBe(
        'rewritten by slug (cursor)',
      );
    });
  });

  it('allPagesEdit: the chain handed to the helper, in the file’s quotes', () => {
    const code = `const { data } = await supabase.from("messages").select("*");\n`;
    const input = reads(code);
    const edit = allPagesEdit(input.findings[0]!, 'id', input.env.settings, code, detectStyle(code));
    expect(applyEdits(code, [edit])).toBe(
      `const { data } = await selectAllPages(() => supabase.from("messages").select("*"), { cursor: "id", pageSize: 1000 });\n`,
    );
  });
});

describe('realtime-cleanup steps', () => {
  const effectOf = (input: PlanInput<LeakingSubscription>) => {
    const leak = input.findings[0]!;
    expect(leak.kind).toBe('missing-cleanup');
    return { leak, effect: leak.effect!, body: leak.effect!.body as TSESTree.BlockStatement };
  };

  it('misplacedReason: a subscription per item of a .map() names the filter to widen', () => {
    const input = planInput(
      realtimeCleanup,
      `ids.map((id) => supabase.channel('r' + id).on('postgres_changes', { event: '*', schema: 'public', table: 'rooms', filter: \`room_id=eq.\${id}\` }, onChange).subscribe());\n`,
      'rooms.ts',
    );
    const why = misplacedReason(input.findings[0]!);
    expect(why).toEqual({
      id: 'loopWithItemFilter',
      data: { where: ' (in map)', column: 'room_id' },
    });
    expect(realtimeReasons.phrase({ id: 'inLoopMethod', data: { method: 'map' } })).toBe(' (in map)');
  });

  it('misplacedReason: a Broadcast channel per item gets the one-topic advice, not a row filter', () => {
    const input = planInput(
      realtimeCleanup,
      `ids.forEach((id) => supabase.channel('typing:' + id).on('broadcast', { event: 'typing' }, onTyping).subscribe());\n`,
      'typing.ts',
    );
    expect(misplacedReason(input.findings[0]!)).toEqual({ id: 'loopMessages', data: { where: ' (in forEach)' } });
  });

  it('chooseTarget: a cleanup defined elsewhere is unusable, and the reason names the call to add', () => {
    const input = planInput(
      realtimeCleanup,
      `useEffect(() => {
  const channel = supabase.channel('room').subscribe();
  const stop = () => console.log('bye');
  return stop;
}, []);
`,
      'room.ts',
    );
    const cx = cleanupContext(input);
    const target = chooseTarget(cx, effectOf(input).body);
    expect(target.kind).toBe('unusable');
    const why = target.kind === 'unusable' ? target.why('supabase.removeChannel(channel)') : null;
    expect(why).toEqual({ id: 'cleanupElsewhere', data: { name: 'stop', call: 'supabase.removeChannel(channel)' } });
  });

  it('exitProblem: early returns after the subscription are listed by line', () => {
    const input = planInput(
      realtimeCleanup,
      `useEffect(() => {
  const channel = supabase.channel('room').subscribe();
  if (a) return;
  if (b) return undefined;
  console.log('on');
}, []);
`,
      'room.ts',
    );
    const cx = cleanupContext(input);
    const { leak, effect, body } = effectOf(input);
    const scope = input.ctx.scopeManager!.acquire(effect)!;
    const site = resolveSite(cx, effect, leak, scope) as Site;
    expect(site.variable?.name).toBe('channel');
    const why = exitProblem(cx, body, returnsOf(effect), site);
    expect(why).toEqual({ id: 'earlyReturn', data: { lines: 'lines 3, 4' } });
  });

  it('resolveSite: an untyped `let` assigned in a setup callback is left in TypeScript, guarded in JavaScript', () => {
    const code = `useEffect(() => {
  let channel;
  const setup = () => {
    channel = supabase.channel('room').subscribe();
  };
  setup();
}, []);
`;
    for (const [file, expected] of [
      ['room.ts', { why: { id: 'untypedLet', data: { name: 'channel', type: 'RealtimeChannel' } } }],
      ['room.js', { guard: true, bindAt: null }],
    ] as const) {
      const input = planInput(realtimeCleanup, code, file);
      const { leak, effect } = effectOf(input);
      const scope = input.ctx.scopeManager!.acquire(effect)!;
      expect(resolveSite(cleanupContext(input), effect, leak, scope), file).toMatchObject(expected);
    }
  });

  it('cleanupEdits: an appended cleanup takes the block’s indentation and the file’s missing semicolons', () => {
    const code = `useEffect(() => {
    const channel = supabase.channel('room').subscribe()
}, [])
`;
    const input = planInput(realtimeCleanup, code, 'room.js');
    const { effect, body } = effectOf(input);
    const edits = cleanupEdits(cleanupContext(input), effect, body, { kind: 'append' }, [
      'supabase.removeChannel(channel)',
    ]);
    expect(applyEdits(code, edits)).toBe(`useEffect(() => {
    const channel = supabase.channel('room').subscribe()
    return () => {
        supabase.removeChannel(channel)
    }
}, [])
`);
  });
});

describe('full-sync-to-delta-sync steps', () => {
  it('planBinding: a parameter with no deltaSync in scope is left, saying what the name is', () => {
    const input = planInput(
      fullSyncToDeltaSync,
      `export function run(fullSync: () => void) {\n  fullSync();\n}\n`,
      'run.ts',
    );
    const cx = syncContext(input);
    const use: FullSyncUse = input.findings[0]!;
    const variable = input.ctx.getScope(use.nameNode).references.find((r) => r.identifier === use.nameNode)!.resolved!;
    const outcome = planBinding(cx, variable, [use]);
    expect(outcome.edits).toEqual([]);
    expect(outcome.left.map((site) => site.why)).toEqual([
      { id: 'noReplacementInScope', data: { local: 'fullSync', what: 'a parameter', replacement: 'deltaSync' } },
    ]);
  });

  it('planBinding: a local function with a deltaSync of fewer parameters is renamed only where the call fits', () => {
    const code = `function fullSync(a?: number) {}\nfunction deltaSync() {}\nfullSync();\nfullSync(1);\n`;
    const input = planInput(fullSyncToDeltaSync, code, 'sync.ts');
    const cx = syncContext(input);
    const [first, second] = input.findings as [FullSyncUse, FullSyncUse];
    const variable = input.ctx
      .getScope(first.nameNode)
      .references.find((r) => r.identifier === first.nameNode)!.resolved!;
    const outcome = planBinding(cx, variable, [first, second]);
    expect(outcome.rewritten).toBe(1);
    expect(applyEdits(code, outcome.edits)).toBe(
      `function fullSync(a?: number) {}\nfunction deltaSync() {}\ndeltaSync();\nfullSync(1);\n`,
    );
    expect(outcome.left.map((site) => [site.use === second, site.why.id])).toEqual([[true, 'otherArguments']]);
  });

  it('deprecationEdits: a one-line JSDoc becomes a block with the tag; a declaration already tagged is left', () => {
    const code = `export class Sync {
  /** Reads everything. */
  fullSync() {}
  /** @deprecated old */
  fullSync2() {}
  deltaSync() {}
}
`;
    const input = planInput(fullSyncToDeltaSync, code, 'sync.ts');
    const settings = { ...input.env.settings, names: ['fullSync', 'fullSync2'] };
    const edits = deprecationEdits(input.ast, code, settings, detectStyle(code), input.ctx);
    expect(applyEdits(code, edits)).toBe(`export class Sync {
  /**
   * Reads everything.
   * @deprecated Use deltaSync
   */
  fullSync() {}
  /** @deprecated old */
  fullSync2() {}
  deltaSync() {}
}
`);
  });
});

describe('code quoted in a reason', () => {
  it('is one line as the rules write it (shortText): a line break and its indentation become one space, other spacing stays', () => {
    const code = `import { useEffect } from 'react';
export function Room() {
  useEffect(() => {
    const channel = getClient(  'a',
      'b').channel('room').subscribe();
    const other = createBrowserClient(process.env.NEXT_PUBLIC_SUPABASE_URL, key).channel('b').subscribe();
  }, []);
  return null;
}
`;
    const result = runCase('realtime-cleanup', 'room', 'tsx', code, settingsFor({}));
    expect(result.left.map((site) => `${site.line}  ${site.reason.slice(0, 60)}`)).toEqual([
      "5  the client 'getClient(  'a', 'b')' is not a name or a proper",
      "6  the client 'createBrowserClient(process.env.NEXT_PU…' is not",
    ]);
  });
});
