/**
 * no-query-in-loop: `this.method()` in a method of an object literal is the literal's
 * method, followed as `this.method()` in a class is (holdout12 M1: a service object's
 * audit-log insert called once per stale dispute). Not in an arrow property, whose
 * `this` is the one around the literal.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { type MessageIds, noQueryInLoop, type NoQueryInLoopOptions } from '../../src/rules/no-query-in-loop.js';
import { dedent } from '../dedent.js';
import { at } from './loc.js';
import { javascriptTester, typescriptTester } from './tester.js';

type Case = InvalidTestCase<MessageIds, [NoQueryInLoopOptions]>;

function logged(code: string, site: string, loop: string): Case {
  return {
    code,
    errors: [
      {
        messageId: 'callInLoop',
        data: {
          callee: 'this.log',
          count: 'a request each time it runs',
          requests: "insert on 'audit_log'",
          loop,
          perItem: 'a request per item',
        },
        ...at(code, site),
      },
    ],
  };
}

const auditService = dedent`
  export const auditService = {
    async log(id, action) {
      await supabase.from('audit_log').insert({ item_id: id, action });
    },
    async closeStale() {
      const { data: stale } = await supabase.from('items').select('id').eq('status', 'open').limit(500);
      for (const it of stale ?? []) {
        await this.log(it.id, 'closed');
      }
    },
  };
`;

const valid = [
  // an arrow property's `this` is the one around the literal: not the literal's method
  dedent`
    export const svc = {
      async log(id) {
        await supabase.from('audit_log').insert({ item_id: id });
      },
      closeAll: async (rows) => {
        for (const row of rows) await this.log(row.id);
      },
    };
  `,
  // a literal's method that sends nothing
  dedent`
    const svc = {
      log(id) {
        console.log(id);
      },
      closeAll(rows) {
        for (const row of rows) this.log(row.id);
      },
    };
  `,
  // a spread written after the method may replace it
  dedent`
    const svc = {
      async log(id) {
        await supabase.from('audit_log').insert({ item_id: id });
      },
      ...overrides,
      async closeAll(rows) {
        for (const row of rows) await this.log(row.id);
      },
    };
  `,
];

typescriptTester().run('no-query-in-loop: this.method() in an object literal', noQueryInLoop, {
  valid,
  invalid: [
    logged(auditService, "this.log(it.id, 'closed')", 'for...of loop'),
    // a `function` property, and an arrow callback inside the method (its `this` is the method's)
    logged(
      dedent`
        const svc = {
          log: async function (id) {
            await supabase.from('audit_log').insert({ item_id: id });
          },
          closeAll(rows) {
            return Promise.all(rows.map((row) => this.log(row.id)));
          },
        };
      `,
      'this.log(row.id)',
      '.map() whose promises go to Promise.all',
    ),
    // the literal held by a variable inside a function: the method keyed with its place
    logged(
      dedent`
        function makeService() {
          const svc = {
            async log(id) {
              await supabase.from('audit_log').insert({ item_id: id });
            },
            async closeAll(rows) {
              for (const row of rows) await this.log(row.id);
            },
          };
          return svc;
        }
      `,
      'this.log(row.id)',
      'for...of loop',
    ),
  ],
});

javascriptTester().run('no-query-in-loop: this.method() in an object literal (JavaScript)', noQueryInLoop, {
  valid,
  invalid: [logged(auditService, "this.log(it.id, 'closed')", 'for...of loop')],
});
