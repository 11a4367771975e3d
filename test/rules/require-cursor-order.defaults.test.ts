/**
 * require-cursor-order on a page bound that is a parameter's default
 * (fixtures/cursor-order-defaults): when no call passes the parameter, every
 * call asks for the default. Past max-rows (1,000 with no config) the read is
 * meant to be every row, and an order would not bring the rest back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { requireCursorOrder } from '../../src/rules/require-cursor-order.js';
import { javascriptTester } from './tester.js';

const filename = path.resolve(import.meta.dirname, '../../fixtures/cursor-order-defaults/audit.js');
const code = readFileSync(filename, 'utf8');
const line = (text: string) => code.slice(0, code.indexOf(text)).split('\n').length;

javascriptTester().run('require-cursor-order: a parameter default as the limit', requireCursorOrder, {
  valid: [],
  invalid: [
    {
      code,
      filename,
      // dupByField is not reported (no call passes `limit`: 50,000 past max-rows);
      // sampleRows: a call passes 50; recent: the default is 20, within max-rows
      errors: [
        {
          messageId: 'unorderedLimit',
          line: line("select('*').limit(limit);\n  return data;\n}\n\nexport async function recent"),
        },
        { messageId: 'unorderedLimit', line: line('export async function recent') + 1 },
      ],
    },
  ],
});

const windows = path.resolve(import.meta.dirname, '../../fixtures/cursor-order-defaults/windows.js');
const windowsCode = readFileSync(windows, 'utf8');

javascriptTester().run('require-cursor-order: a lower bound handed in by the callers', requireCursorOrder, {
  valid: [],
  invalid: [
    {
      code: windowsCode,
      filename: windows,
      // errorsSince: every caller passes now - 7 days, a window (newest first is right);
      // changesSince: one caller passes a stored position, a cursor; errorsFrom and editsFrom
      // the same through a property of an options object
      errors: ['updated_at', 'modified_at'].map((column) => ({
        messageId: 'keysetDescending' as const,
        line: windowsCode.slice(0, windowsCode.indexOf(`.gt('${column}'`)).split('\n').length,
        suggestions: [
          {
            messageId: 'orderAscending' as const,
            data: { column },
            output: windowsCode.replace(
              `.order('${column}', { ascending: false })`,
              `.order('${column}', { ascending: true })`,
            ),
          },
        ],
      })),
    },
  ],
});
