/**
 * require-pagination on what the schema and the project's config say, and on
 * what the code does with the rows:
 *
 * - a composite key (fixtures/schema-rules/composite-keys: a two-column
 *   UNIQUE constraint, primary key and unique index, a partial one, and a
 *   one-to-one relationship only the generated types describe) makes a read
 *   that tests every one of its columns a one-row read;
 * - a page bound past the project's max-rows (1,000 by default, 2,000 in the
 *   fixture's supabase/config.toml, or `settings['supabase-scale'].maxRows`)
 *   is no bound;
 * - a read whose rows are never used, only tested for existence, only
 *   counted, or read for the first row only gets the message (and the
 *   suggestion) for that use.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { parsing } from '../../src/analysis/run.js';
import plugin from '../../src/index.js';
import { requireCursorOrder } from '../../src/rules/require-cursor-order.js';
import { requirePagination } from '../../src/rules/require-pagination.js';
import { at } from './loc.js';
import { typescriptTester } from './tester.js';

const project = path.resolve('fixtures/schema-rules/composite-keys');
/** A file of the fixture project: its schema and config.toml are found from the file's folders. */
const inProject = path.join(project, 'src', 'queries.ts');
/** A file of no project: no schema, no config.toml. */
const elsewhere = path.resolve('file.ts');

const DEFAULT_MAX = '1,000';

/** An unbounded select whose rows are used, with the two page suggestions. */
function unbounded(code: string, chain: string, table: string, maxRows = DEFAULT_MAX, order = ".order('id')") {
  const end = code.indexOf(chain) + chain.length;
  const insert = (bound: string) => `${code.slice(0, end)}${order}${bound}${code.slice(end)}`;
  return {
    messageId: 'unboundedSelect' as const,
    data: { table: `'${table}'`, maxRows },
    ...at(code, chain),
    suggestions: [
      { messageId: 'addLimit' as const, data: { pageSize: 100, order }, output: insert('.limit(100)') },
      { messageId: 'addRange' as const, data: { last: 99, order }, output: insert('.range(0, 99)') },
    ],
  };
}

/** The count and the first row both read. */
const countedFirst =
  "const { data } = await supabase.from('profiles').select('*').eq('team', t);\nexpect(data.length).toBe(1);\nshow(data[0].name);";

const likeOf = (filters: string) =>
  `const { data } = await supabase.from('post_likes').select('*')${filters};\nshow(data);`;
const follow = (filters: string) =>
  `const { data } = await supabase.from('follows').select('*')${filters};\nshow(data);`;

const onPath =
  "let q = supabase.from('follows').select('*').eq('follower_id', me);\nif (them) q = q.eq('following_id', them);\nconst { data } = await q;\nshow(data);";
const onPathChain = "eq('follower_id', me)";
const bothOnPaths =
  "let q = supabase.from('follows').select('*');\nif (opts?.follower) q = q.eq('follower_id', opts.follower);\nif (opts?.following) q = q.eq('following_id', opts.following);\nconst { data } = await q;\nshow(data);";
const pathSuggestions = [
  {
    messageId: 'addLimit' as const,
    data: { pageSize: 100, order: ".order('id')" },
    output: onPath.replace(onPathChain, `${onPathChain}.order('id').limit(100)`),
  },
  {
    messageId: 'addRange' as const,
    data: { last: 99, order: ".order('id')" },
    output: onPath.replace(onPathChain, `${onPathChain}.order('id').range(0, 99)`),
  },
];

/** A read of `table` by user with a window on `column` from `lower` to `upper` (`gte`/`lte` unless named). */
const windowed = (table: string, column: string, lower: string, upper: string, before = '', ops = ['gte', 'lte']) =>
  `${before}const { data } = await supabase.from('${table}').select('*').eq('user_id', u).${ops[0]}('${column}', ${lower}).${ops[1]}('${column}', ${upper});\nshow(data);`;

const UNKNOWN_SPAN = 'how many days it spans is not known here (its ends come from elsewhere, such as two parameters)';

describe('a composite key bounded by a window of days on its date column', () => {
  const today = 'const today = new Date();\n';
  const ymd = 'const ymd = (d: Date) => d.toISOString().slice(0, 10);\n';
  const end = 'const end = lastSunday();\n';
  /** `const start = new Date(end)`, then moved in place by `change` days with `setter`. */
  const moved = (setter: string, change: string) =>
    `const start = new Date(end);\nstart.${setter}(start.${setter.replace('set', 'get')}() ${change});\n`;
  const valid = [
    // two days written out: 31 rows a user at most
    windowed('daily_logs', 'log_date', "'2024-01-01'", "'2024-01-31'"),
    windowed('daily_logs', 'log_date', "'2024-01-01'", "'2024-02-01'", '', ['gte', 'lt']),
    // both ends from one date, the offset stated: 31 days (date-fns)
    windowed(
      'daily_logs',
      'log_date',
      "format(subDays(today, 30), 'yyyy-MM-dd')",
      "format(today, 'yyyy-MM-dd')",
      today,
    ),
    // the ends in constants, written with toISOString
    windowed(
      'daily_logs',
      'log_date',
      'from',
      'to',
      'const end = new Date();\nconst from = subWeeks(end, 2).toISOString().slice(0, 10);\nconst to = end.toISOString().slice(0, 10);\n',
    ),
    // a date passed in, and the week after it (dayjs)
    `async function week(u: string, start: string) {\n  const { data } = await supabase.from('daily_logs').select('*').eq('user_id', u).gte('log_date', dayjs(start).format('YYYY-MM-DD')).lt('log_date', dayjs(start).add(7, 'day').format('YYYY-MM-DD'));\n  return data.map(show);\n}`,
    // a year of days: 367 rows at most, within max-rows
    windowed(
      'daily_logs',
      'log_date',
      "format(subYears(today, 1), 'yyyy-MM-dd')",
      "format(today, 'yyyy-MM-dd')",
      today,
    ),
    // a clone moved back 6 days right after it is made, both ends through a local formatter: a week (holdout13 F5-F7)
    windowed('daily_logs', 'log_date', 'ymd(start)', 'ymd(end)', `${ymd}${end}${moved('setUTCDate', '- 6')}`),
    // setDate / getDate, forward by a constant, the ends written with split('T')[0] and kept in constants
    windowed(
      'daily_logs',
      'log_date',
      'from',
      'to',
      `const DAYS = 13;\n${end}const start = new Date(end);\nstart.setDate(start.getDate() + DAYS);\nconst from = end.toISOString().split('T')[0];\nconst to = start.toISOString().split('T')[0];\n`,
    ),
    // a formatter declared as a function that returns another local formatter's text
    windowed(
      'daily_logs',
      'log_date',
      'toDateStr(start)',
      'toDateStr(end)',
      `${ymd}function toDateStr(d: Date): string {\n  return ymd(d);\n}\n${end}${moved('setUTCDate', '- 6')}`,
    ),
    // one calendar month: its first day written from a YYYY-MM text, its last day from the same text (holdout13 F4)
    windowed(
      'daily_logs',
      'log_date',
      'start',
      'last',
      `${ymd}const month = pick();\nconst start = \`\${month}-01\`;\nconst last = ymd(new Date(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0));\n`,
    ),
    // ... or both ends from one year and month: new Date(y, m - 1, 1) and new Date(y, m, 0)
    windowed(
      'daily_logs',
      'log_date',
      "format(new Date(y, m - 1, 1), 'yyyy-MM-dd')",
      "format(new Date(y, m, 0), 'yyyy-MM-dd')",
      'const y = 2024;\nconst m = pick();\n',
    ),
  ];
  const invalid = [
    // two parameters passed in: how far apart they are is not known here
    ['a window from parameters', windowed('daily_logs', 'log_date', 'from', 'to'), UNKNOWN_SPAN],
    // one end only: every day after it
    [
      'a lower end only',
      `${today}const { data } = await supabase.from('daily_logs').select('*').eq('user_id', u).gte('log_date', format(subDays(today, 90), 'yyyy-MM-dd'));\nshow(data);`,
      'the window has no upper end: every later day is read, future-dated rows included',
    ],
    // nine years of days: past max-rows (2,000 in the fixture's config.toml)
    [
      'a window longer than max-rows',
      windowed('daily_logs', 'log_date', "'2015-01-01'", "'2023-12-31'"),
      'the window spans up to 3,287 days, more than 2,000',
    ],
    // the ends written two ways: the days may not line up
    [
      'ends formatted two ways',
      windowed(
        'daily_logs',
        'log_date',
        "format(subDays(today, 7), 'yyyy-MM-dd')",
        'today.toISOString().slice(0, 10)',
        today,
      ),
      UNKNOWN_SPAN,
    ],
    // a function that may move the date (the start of its month)
    [
      'an end moved by another function',
      windowed(
        'daily_logs',
        'log_date',
        "format(startOfMonth(today), 'yyyy-MM-dd')",
        "format(today, 'yyyy-MM-dd')",
        today,
      ),
      UNKNOWN_SPAN,
    ],
    // the date changed in place after it was taken
    [
      'a date changed in place',
      windowed(
        'daily_logs',
        'log_date',
        "format(start, 'yyyy-MM-dd')",
        "format(today, 'yyyy-MM-dd')",
        `${today}const start = new Date();\nstart.setDate(start.getDate() - 400);\n`,
      ),
      UNKNOWN_SPAN,
    ],
    // a clone moved again in a loop: how far is not known here
    [
      'a clone moved again in a loop',
      windowed(
        'daily_logs',
        'log_date',
        'ymd(start)',
        'ymd(end)',
        `${ymd}${end}${moved('setUTCDate', '- 6')}while (more()) start.setUTCDate(start.getUTCDate() - 1);\n`,
      ),
      UNKNOWN_SPAN,
    ],
    // another setter on the clone after its move
    [
      'a clone moved by another setter',
      windowed(
        'daily_logs',
        'log_date',
        'ymd(start)',
        'ymd(end)',
        `${ymd}${end}${moved('setDate', '- 6')}start.setMonth(0);\n`,
      ),
      UNKNOWN_SPAN,
    ],
    // the move not right after the clone is made
    [
      'a clone moved later',
      windowed(
        'daily_logs',
        'log_date',
        'ymd(start)',
        'ymd(end)',
        `${ymd}${end}const start = new Date(end);\nlog(start);\nstart.setDate(start.getDate() - 6);\n`,
      ),
      UNKNOWN_SPAN,
    ],
    // the clone handed to a function that may move it
    [
      'a moved clone passed to a function',
      windowed(
        'daily_logs',
        'log_date',
        'ymd(start)',
        'ymd(end)',
        `${ymd}${end}${moved('setDate', '- 6')}adjust(start);\n`,
      ),
      UNKNOWN_SPAN,
    ],
    // the end the clone is made from is moved too
    [
      'the end moved in place',
      windowed(
        'daily_logs',
        'log_date',
        'ymd(start)',
        'ymd(end)',
        `${ymd}${end}${moved('setDate', '- 6')}end.setDate(end.getDate() + 30);\n`,
      ),
      UNKNOWN_SPAN,
    ],
    // a helper that moves the date before writing it (the start of its week)
    [
      'a helper that moves the date',
      windowed(
        'daily_logs',
        'log_date',
        'toKey(start)',
        'toKey(end)',
        `const toKey = (d: Date) => format(startOfWeek(d), 'yyyy-MM-dd');\n${end}${moved('setDate', '- 6')}`,
      ),
      UNKNOWN_SPAN,
    ],
    // a month's first day from one value, its last day from another
    [
      'the ends of two months',
      windowed(
        'daily_logs',
        'log_date',
        'start',
        'last',
        `${ymd}const a = pick();\nconst b = pick();\nconst start = \`\${a}-01\`;\nconst last = ymd(new Date(Number(b.slice(0, 4)), Number(b.slice(5, 7)), 0));\n`,
      ),
      UNKNOWN_SPAN,
    ],
    // a month's first day, and an end from elsewhere
    [
      'a month start and another end',
      windowed('daily_logs', 'log_date', 'start', 'to', `const month = pick();\nconst start = \`\${month}-01\`;\n`),
      UNKNOWN_SPAN,
    ],
    // a timestamp column: a window of a day holds any number of check-ins
    ['a timestamp column', windowed('check_ins', 'checked_at', "'2024-01-01'", "'2024-01-02'"), null],
  ] as const;
  typescriptTester().run('require-pagination: date windows', requirePagination, {
    valid: valid.map((code) => ({ code, filename: inProject })),
    invalid: invalid.map(([, code, why]) => {
      const table = code.includes('check_ins') ? 'check_ins' : 'daily_logs';
      const end = code.indexOf(';\nshow(data)');
      const chain = code.slice(code.indexOf(`supabase.from('${table}')`), end);
      const error = unbounded(code, chain, table, '2,000');
      // the message names the window that bounds nothing, and why; a timestamp's window is no window of days
      const named =
        why === null
          ? error
          : {
              ...error,
              messageId: 'unboundedWindow' as const,
              data: { table: `'${table}'`, maxRows: '2,000', column: 'log_date', key: 'user_id, log_date', why },
            };
      return { code, filename: inProject, errors: [named] };
    }),
  });
});

describe('a window whose ends go through a formatter of another module', () => {
  // src/week.ts: `key(d)` returns dates.ts `dayKey(d)` (d.toISOString().split('T')[0]): a week; `weekStartKey` moves its date first
  const file = path.join(project, 'src', 'week.ts');
  const code = readFileSync(file, 'utf8');
  const chain =
    "supabase.from('daily_logs').select('*').eq('user_id', userId).gte('log_date', weekStartKey(start)).lte('log_date', weekStartKey(end))";
  const error = unbounded(code, chain, 'daily_logs', '2,000');
  typescriptTester().run('require-pagination: windows through imported formatters', requirePagination, {
    valid: [],
    invalid: [
      {
        code,
        filename: file,
        errors: [
          {
            ...error,
            messageId: 'unboundedWindow' as const,
            data: {
              table: "'daily_logs'",
              maxRows: '2,000',
              column: 'log_date',
              key: 'user_id, log_date',
              why: UNKNOWN_SPAN,
            },
          },
        ],
      },
    ],
  });
});

describe('composite keys', () => {
  typescriptTester().run('require-pagination: composite keys', requirePagination, {
    valid: [
      // UNIQUE (follower_id, following_id)
      { code: follow(".eq('follower_id', me).eq('following_id', them)"), filename: inProject },
      { code: follow(".eq('following_id', them).eq('follower_id', me)"), filename: inProject },
      { code: follow('.match({ follower_id: me, following_id: them })'), filename: inProject },
      { code: follow(".eq('follower_id', me).filter('following_id', 'eq', them)"), filename: inProject },
      // PRIMARY KEY (post_id, user_id)
      { code: likeOf(".eq('post_id', post).eq('user_id', user)"), filename: inProject },
      // a unique index on (room_id, user_id), without a predicate
      {
        code: "const { data } = await supabase.from('room_reads').select('read_at').eq('room_id', r).eq('user_id', u);\nshow(data);",
        filename: inProject,
      },
      // a one-to-one relationship of the generated types, on two columns
      {
        code: "const { data } = await supabase.from('seat_assignments').select('*').eq('event_id', e).eq('seat_no', n);\nshow(data);",
        filename: inProject,
      },
      // the table named by a constant of the file, or by a property of a constant object
      {
        code: "const FOLLOWS_TABLE = 'follows';\nconst { data } = await supabase.from(FOLLOWS_TABLE).select('*').eq('follower_id', me).in('following_id', ids);\nshow(data);",
        filename: inProject,
      },
      {
        code: "const TABLES = { follows: 'follows', likes: 'post_likes' } as const;\nconst { data } = await supabase.from(TABLES.likes).select('*').eq('post_id', post).eq('user_id', user);\nshow(data);",
        filename: inProject,
      },
      // built through a variable, every column on every path
      {
        code: "let q = supabase.from('follows').select('*').eq('follower_id', me);\nq = q.eq('following_id', them);\nconst { data } = await q;\nshow(data);",
        filename: inProject,
      },
      // a list on a column of the key, an equality on the other: at most as many rows as the list
      { code: follow(".eq('follower_id', me).in('following_id', [them, other])"), filename: inProject },
      { code: likeOf(".in('post_id', postIds).eq('user_id', user)"), filename: inProject },
      { code: likeOf(".in('post_id', postIds).in('user_id', userIds)"), filename: inProject },
      // the key's other column holds a few values (a CHECK range, an IN list, a boolean): a few rows at most
      {
        code: "const { data } = await supabase.from('working_hours').select('*').eq('user_id', u);\nshow(data);",
        filename: inProject,
      },
      {
        code: "const { data } = await supabase.from('working_hours').select('*').in('user_id', ids);\nshow(data);",
        filename: inProject,
      },
      {
        code: "const { data } = await supabase.from('reminders').select('*').eq('user_id', u);\nshow(data);",
        filename: inProject,
      },
      // an enum's labels: a user's roles
      {
        code: "const { data } = await supabase.from('user_roles').select('role').eq('user_id', u);\nshow(data);",
        filename: inProject,
      },
      // a partial unique index whose predicate the read states: one row among those the predicate selects
      {
        code: "const { data } = await supabase.from('drafts').select('*').eq('author_id', a).eq('slot', s).eq('archived', false);\nshow(data);",
        filename: inProject,
      },
      {
        code: "const { data } = await supabase.from('handles').select('*').eq('handle', h).is('deleted_at', null);\nshow(data);",
        filename: inProject,
      },
      {
        code: "const { data } = await supabase.from('handles').select('*').is('deleted_at', null).eq('kind', 'personal').eq('user_id', u);\nshow(data);",
        filename: inProject,
      },
    ],
    invalid: [
      // the key's other column may hold any value; a CHECK dropped later bounds nothing
      ...['visits', 'shifts'].map((table) => {
        const code = `const { data } = await supabase.from('${table}').select('*').eq('user_id', u);\nshow(data);`;
        return {
          code,
          filename: inProject,
          errors: [unbounded(code, `supabase.from('${table}').select('*').eq('user_id', u)`, table, '2,000')],
        };
      }),
      // one column of the key
      {
        code: follow(".eq('follower_id', me)"),
        filename: inProject,
        errors: [
          unbounded(
            follow(".eq('follower_id', me)"),
            "supabase.from('follows').select('*').eq('follower_id', me)",
            'follows',
            '2,000',
          ),
        ],
      },
      // a constant object whose property some code changes names no table the rule can trust: named at run time
      (() => {
        const code =
          "const TABLES = { follows: 'follows' };\nTABLES.follows = pick();\nconst { data } = await supabase.from(TABLES.follows).select('*').eq('follower_id', me).eq('following_id', them);\nshow(data);";
        const error = unbounded(
          code,
          "supabase.from(TABLES.follows).select('*').eq('follower_id', me).eq('following_id', them)",
          'follows',
          '2,000',
        );
        return {
          code,
          filename: inProject,
          errors: [{ ...error, data: { ...error.data, table: 'a table named at run time' } }],
        };
      })(),
      // no schema: the key is not known
      {
        code: follow(".eq('follower_id', me).eq('following_id', them)"),
        filename: elsewhere,
        errors: [
          unbounded(
            follow(".eq('follower_id', me).eq('following_id', them)"),
            "supabase.from('follows').select('*').eq('follower_id', me).eq('following_id', them)",
            'follows',
          ),
        ],
      },
      // a partial unique index holds only for the rows its predicate selects
      {
        code: "const { data } = await supabase.from('drafts').select('*').eq('author_id', a).eq('slot', s);\nshow(data);",
        filename: inProject,
        errors: [
          unbounded(
            "const { data } = await supabase.from('drafts').select('*').eq('author_id', a).eq('slot', s);\nshow(data);",
            "supabase.from('drafts').select('*').eq('author_id', a).eq('slot', s)",
            'drafts',
            '2,000',
          ),
        ],
      },
      // the predicate not stated, or stated with another value
      ...[
        ".eq('handle', h)",
        ".eq('handle', h).is('deleted_at', 'x')",
        ".eq('user_id', u).is('deleted_at', null)",
        ".eq('user_id', u).eq('kind', 'team').is('deleted_at', null)",
        ".eq('author_id', a).eq('slot', s).eq('archived', true)",
      ].map((filters) => {
        const table = filters.includes('author_id') ? 'drafts' : 'handles';
        const code = `const { data } = await supabase.from('${table}').select('*')${filters};\nshow(data);`;
        return {
          code,
          filename: inProject,
          errors: [unbounded(code, `supabase.from('${table}').select('*')${filters}`, table, '2,000')],
        };
      }),
      // the second column tested on one path only
      {
        code: "let q = supabase.from('follows').select('*').eq('follower_id', me);\nif (them) q = q.eq('following_id', them);\nconst { data } = await q;\nshow(data);",
        filename: inProject,
        errors: [
          {
            messageId: 'unboundedOnPath',
            data: {
              target: "'follows'",
              // one column of the key bounds nothing alone: the message names the other's call too
              bound:
                "`.eq('following_id')` (a bound only together with `.eq('follower_id')`, the rest of its unique key)",
              path: 'when `them` is false,',
              maxRows: '2,000',
            },
            suggestions: pathSuggestions,
          },
        ],
      },
      // both columns under their own tests (Bounty's getAll, holdout12): the first one's path, naming both
      {
        code: bothOnPaths,
        filename: inProject,
        errors: [
          {
            messageId: 'unboundedOnPath',
            data: {
              target: "'follows'",
              bound:
                "`.eq('follower_id')` (a bound only together with `.eq('following_id')`, the rest of its unique key)",
              path: 'when `opts?.follower` is false,',
              maxRows: '2,000',
            },
            suggestions: [
              {
                messageId: 'addLimit' as const,
                data: { pageSize: 100, order: ".order('id')" },
                output: bothOnPaths.replace("select('*')", "select('*').order('id').limit(100)"),
              },
              {
                messageId: 'addRange' as const,
                data: { last: 99, order: ".order('id')" },
                output: bothOnPaths.replace("select('*')", "select('*').order('id').range(0, 99)"),
              },
            ],
          },
        ],
      },
    ],
  });

  typescriptTester().run('require-cursor-order: composite keys', requireCursorOrder, {
    valid: [
      { code: follow(".eq('follower_id', me).eq('following_id', them).limit(1)"), filename: inProject },
      // a view whose query ends in ORDER BY: a page of it keeps that order
      {
        code: "const { data } = await supabase.from('top_posters').select('*').limit(10);\nshow(data);",
        filename: inProject,
      },
    ],
    invalid: [
      {
        code: follow(".eq('follower_id', me).limit(10)"),
        filename: inProject,
        errors: [{ messageId: 'unorderedLimit' }],
      },
      // a view that orders nothing, and an ordered view read with no schema to say so
      {
        code: "const { data } = await supabase.from('posters').select('*').limit(10);\nshow(data);",
        filename: inProject,
        errors: [{ messageId: 'unorderedLimit' }],
      },
      {
        code: "const { data } = await supabase.from('top_posters').select('*').limit(10);\nshow(data);",
        filename: elsewhere,
        errors: [{ messageId: 'unorderedLimit' }],
      },
      // a list on a column of the key bounds the rows, yet several may come back: a page of them needs an order
      {
        code: follow(".eq('follower_id', me).in('following_id', ids).limit(10)"),
        filename: inProject,
        errors: [{ messageId: 'unorderedLimit' }],
      },
    ],
  });
});

const read = (bound: string) => `const { data } = await supabase.from('messages').select('*')${bound};\nshow(data);`;

/** A page bound past max-rows: reported at the chain, with the suggestion that asks for max-rows at the bound. */
function past(code: string, bound: string, rows: string, maxRows: string, fixed: string) {
  return {
    messageId: 'pastMaxRows' as const,
    data: { target: "'messages'", rows, maxRows },
    ...at(code, `supabase.from('messages').select('*')${code.split("select('*')")[1]!.split(';')[0]}`),
    suggestions: [
      {
        messageId: 'askMaxRows' as const,
        data: { maxRows, bound: `not .${bound}` },
        output: code.replace(bound, fixed),
      },
    ],
  };
}

describe('page bounds past max-rows', () => {
  typescriptTester().run('require-pagination: past max-rows', requirePagination, {
    valid: [
      read(".order('id').limit(1000)"),
      read(".order('id').range(0, 999)"),
      read(".order('id').range(from, from + 999)"),
      read(".order('id').range(page * 50, page * 50 + 49)"),
      // the code does not say how many
      read(".order('id').limit(pageSize)"),
      read(".order('id').range(from, to)"),
      // another bound holds
      read(".eq('id', id).limit(5000)"),
      read(".in('id', ids).order('id').limit(5000)"),
      read('.limit(5000).maybeSingle()'),
      read(".limit(5000, { referencedTable: 'replies' }).limit(50)"),
      // the project's config.toml raises max-rows to 2,000
      { code: read(".order('id').limit(2000)"), filename: inProject },
      // so does the setting, which wins over config.toml
      { code: read(".order('id').limit(5000)"), settings: { 'supabase-scale': { maxRows: 5000 } } },
      {
        code: read(".order('id').limit(2000)"),
        filename: inProject,
        settings: { 'supabase-scale': { maxRows: 2000 } },
      },
    ],
    invalid: [
      {
        code: read(".order('id').limit(5000)"),
        errors: [past(read(".order('id').limit(5000)"), 'limit(5000)', '5,000', DEFAULT_MAX, 'limit(1000)')],
      },
      {
        code: read(".order('id').range(0, 4999)"),
        errors: [past(read(".order('id').range(0, 4999)"), 'range(0, 4999)', '5,000', DEFAULT_MAX, 'range(0, 999)')],
      },
      {
        code: read(".order('id').range(from, from + 9999)"),
        errors: [
          past(
            read(".order('id').range(from, from + 9999)"),
            'range(from, from + 9999)',
            '10,000',
            DEFAULT_MAX,
            'range(from, from + 999)',
          ),
        ],
      },
      {
        code: `const PAGE = 100_000;\n${read(".order('id').limit(PAGE)")}`,
        errors: [
          past(
            `const PAGE = 100_000;\n${read(".order('id').limit(PAGE)")}`,
            'limit(PAGE)',
            '100,000',
            DEFAULT_MAX,
            'limit(1000)',
          ),
        ],
      },
      // every page bound past max-rows: the one applied is the last
      {
        code: read(".order('id').limit(3000).range(0, 1999)"),
        errors: [
          past(
            read(".order('id').limit(3000).range(0, 1999)"),
            'range(0, 1999)',
            '2,000',
            DEFAULT_MAX,
            'range(0, 999)',
          ),
        ],
      },
      // past the project's 2,000
      {
        code: read(".order('id').limit(2001)"),
        filename: inProject,
        errors: [past(read(".order('id').limit(2001)"), 'limit(2001)', '2,001', '2,000', 'limit(2000)')],
      },
      {
        code: read(".order('id').limit(5001)"),
        settings: { 'supabase-scale': { maxRows: 5000 } },
        errors: [past(read(".order('id').limit(5001)"), 'limit(5001)', '5,001', '5,000', 'limit(5000)')],
      },
    ],
  });

  const lint = (settings: Record<string, unknown>) =>
    new Linter({ configType: 'flat' }).verify(
      read('.limit(10)'),
      [
        {
          ...parsing('file.ts'),
          plugins: { 'supabase-scale': plugin },
          rules: { 'supabase-scale/require-pagination': 'error' },
          settings,
        },
      ],
      'file.ts',
    );

  it('refuses a maxRows setting that is not a positive integer, in one line', () => {
    expect(() => lint({ 'supabase-scale': { maxRows: 0 } })).toThrow(
      "settings['supabase-scale'].maxRows must be a positive integer, got 0",
    );
    expect(() => lint({ 'supabase-scale': { maxRows: '1000' } })).toThrow(
      `settings['supabase-scale'].maxRows must be a positive integer, got "1000"`,
    );
  });
});

describe('what the code uses of the rows', () => {
  const limitOne = (code: string, chain: string, order = '') => [
    { messageId: 'addLimitOne' as const, data: { order }, output: code.replace(chain, `${chain}${order}.limit(1)`) },
  ];

  const never = "const { error } = await supabase.from('profiles').select('id');\nif (error) throw error;";
  // a latency probe: the outcomes only counted
  const neverSettled =
    "const outcomes = await Promise.allSettled([supabase.from('profiles').select('id')]);\nreturn outcomes.filter((o) => o.status === 'rejected').length;";
  const exists = "const { data } = await supabase.from('follows').select('id').eq('a', a);\nreturn data.length > 0;";
  const existsFirst =
    "const { data } = await supabase.from('follows').select('id').eq('a', a);\nif (data?.[0]) return true;";
  const counted =
    "const { data } = await supabase.from('follows').select('id').eq('b', b);\nsetFollowers(data.length);";
  const first = "const { data } = await supabase.from('profiles').select('name').eq('team', t);\nshow(data[0].name);";
  const firstOrdered =
    "const { data } = await supabase.from('profiles').select('name').eq('team', t).order('created_at');\nshow(data?.[0]?.name);";
  // the first row only printed (a check script's sample): still the first row alone, and `.limit(1)` keeps it
  const printedFirst =
    "const { data } = await supabase.from('profiles').select('*').eq('team', t);\nconsole.log(JSON.stringify(data[0], null, 2));";
  // a test that asserts no row, or how many; a random pick of every row
  const assertedEmpty = "const { data } = await supabase.from('deals').select('id');\nexpect(data).toEqual([]);";
  const assertedCount = "const { data } = await supabase.from('deals').select('id');\nexpect(data).toHaveLength(3);";
  const picked =
    "import _ from 'lodash';\nconst { data } = await supabase.from('deals').select('id');\nshow(_.sample(data));";

  typescriptTester().run('require-pagination: rows never used, existence, count, first row', requirePagination, {
    valid: [],
    invalid: [
      {
        code: never,
        errors: [
          {
            messageId: 'rowsNeverRead',
            data: { target: "'profiles'", maxRows: DEFAULT_MAX },
            suggestions: limitOne(never, "select('id')"),
          },
        ],
      },
      {
        code: neverSettled,
        errors: [
          {
            messageId: 'rowsNeverRead',
            data: { target: "'profiles'", maxRows: DEFAULT_MAX },
            suggestions: limitOne(neverSettled, "select('id')"),
          },
        ],
      },
      {
        code: exists,
        errors: [
          {
            messageId: 'onlyExistence',
            data: { target: "'follows'", maxRows: DEFAULT_MAX },
            suggestions: limitOne(exists, "eq('a', a)"),
          },
        ],
      },
      {
        code: existsFirst,
        errors: [{ messageId: 'onlyExistence', suggestions: limitOne(existsFirst, "eq('a', a)") }],
      },
      {
        code: counted,
        errors: [{ messageId: 'onlyCount', data: { target: "'follows'", maxRows: DEFAULT_MAX }, suggestions: [] }],
      },
      {
        code: first,
        errors: [
          {
            messageId: 'onlyFirstRow',
            data: { target: "'profiles'", maxRows: DEFAULT_MAX },
            suggestions: limitOne(first, "eq('team', t)", ".order('id')"),
          },
        ],
      },
      {
        code: firstOrdered,
        errors: [{ messageId: 'onlyFirstRow', suggestions: limitOne(firstOrdered, "order('created_at')") }],
      },
      {
        code: printedFirst,
        errors: [{ messageId: 'onlyFirstRow', suggestions: limitOne(printedFirst, "eq('team', t)", ".order('id')") }],
      },
      {
        code: assertedEmpty,
        errors: [{ messageId: 'onlyExistence', suggestions: limitOne(assertedEmpty, "select('id')") }],
      },
      { code: assertedCount, errors: [{ messageId: 'onlyCount', suggestions: [] }] },
      // any row may be picked: every row is read
      { code: picked, errors: [unbounded(picked, "supabase.from('deals').select('id')", 'deals')] },
      // the count and the first row both read (`.limit(1)` would change the count): every row, the general message
      {
        code: countedFirst,
        errors: [unbounded(countedFirst, "supabase.from('profiles').select('*').eq('team', t)", 'profiles')],
      },
    ],
  });
});
