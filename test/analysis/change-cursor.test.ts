/**
 * One owner of "is this read filtered by a change cursor?": require-delta-filter
 * (the rule) and the sync verdict (the function facts' reads) ask the same
 * predicate (sync-reads.ts cursorFilterOf), so they agree on every read of the
 * fixtures and of the cases below: a read the rule reports has no cursor in the
 * verdict, and a read with a cursor in the verdict is not reported.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { createDeltaFilterDetector } from '../../src/analysis/postgrest/delta-filter.js';
import { functionLookup, lazyLookup } from '../../src/analysis/project/lookup.js';
import { moduleFacts } from '../../src/analysis/project/module-facts.js';
import { runDetectors } from '../../src/analysis/run.js';
import { CHANGE_COLUMNS } from '../../src/analysis/sync/sync-reads.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.[jt]sx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The lines of the reads each side judges: the rule's reports, and the verdict's reads with and without a cursor. */
function judged(code: string, file: string): { reported: number[]; withCursor: number[]; without: number[] } {
  let program: TSESTree.Program | null = null;
  const run = runDetectors(code, file, {
    // the project's functions, as the rule has them: a read handed to a wrapper of another module is followed
    rule: (ctx) =>
      createDeltaFilterDetector(ctx, {
        functionPattern: /./,
        fullSyncNames: [],
        cursorColumns: CHANGE_COLUMNS,
        uniqueColumns: ['id'],
        functions: lazyLookup(() => functionLookup(ctx as Parameters<typeof functionLookup>[0], file)),
      }),
    facts: (ctx) => ({
      listeners: {
        Program(node: TSESTree.Program) {
          program = node;
        },
      },
      finish: () => (program ? [moduleFacts(ctx, program, file)] : []),
    }),
  });
  if (!run.ok) throw new Error(`${file} does not parse`);
  const reads = Object.values(run.findings.facts[0]?.functions ?? {}).flatMap((fn) =>
    fn.requests.flatMap((request) => (request.read && request.method === 'select' ? [request.read] : [])),
  );
  return {
    reported: run.findings.rule.map((finding) => finding.use.root.start.loc.start.line),
    withCursor: reads.filter((read) => read.cursor !== null).map((read) => read.line),
    without: reads.filter((read) => read.cursor === null).map((read) => read.line),
  };
}

const CASES = [
  "export async function a(since: string) {\n  return (await supabase.from('t').select('*').gt('updated_at', since).order('updated_at').limit(10)).data;\n}",
  "export async function b() {\n  return (await supabase.from('t').select('*').gte('updated_at', new Date(Date.now() - 90 * 864e5).toISOString()).limit(10)).data;\n}",
  "export async function c(start: string, end: string) {\n  return (await supabase.from('t').select('*').gte('updated_at', start).lte('updated_at', end).limit(10)).data;\n}",
  "export async function d(t: string, id: string) {\n  return (await supabase.from('t').select('*').or(`_modified.gt.${t},and(_modified.eq.${t},id.gt.${id})`).limit(10)).data;\n}",
  "export async function e(filter: string) {\n  return (await supabase.from('t').select('*').or(filter).limit(10)).data;\n}",
  "export async function f(since: string) {\n  return (await supabase.from('t').select('*').filter('updated_at', 'gt', since).limit(10)).data;\n}",
  "export async function g(since: string) {\n  return (await supabase.from('t').select('*').lt('updated_at', since).limit(10)).data;\n}",
  "export async function h() {\n  return (await supabase.from('t').select('*').order('id').limit(10)).data;\n}",
  // an .or() built from parts whose written operators are a search's, not a cursor's
  "export async function i(langs: string[]) {\n  return (await supabase.from('t').select('*').or(langs.map((l) => `lang_ids.ilike.%${l}%`).join(',')).limit(10)).data;\n}",
  "export async function j(cols: string[], t: string) {\n  return (await supabase.from('t').select('*').or(cols.map((c) => `${c}.gt.${t}`).join(',')).limit(10)).data;\n}",
  "export async function k(q: string) {\n  return (await supabase.from('t').select('*').or(['name', 'email'].map((c) => c + '.ilike.' + q).join(',')).limit(10)).data;\n}",
  // a price range built from parts (a gte written on a column that tracks no change), and the same on updated_at
  "export async function l(min: number, rate: number) {\n  return (await supabase.from('t').select('*').or(`and(currency.eq.EUR,price.gte.${min}),` + `and(currency.eq.USD,price.gte.${min / rate})`).limit(10)).data;\n}",
  "export async function m(since: string) {\n  return (await supabase.from('t').select('*').or('status.eq.open,' + `updated_at.gte.${since}`).limit(10)).data;\n}",
  // the same parts written where a variable the .or() names is built: pushed onto an array, or its initializer
  "export async function n(code: string, reg: string) {\n  const ors: string[] = [];\n  if (code) ors.push(`code.ilike.${code}`);\n  if (reg) ors.push(`reg.ilike.${reg}`);\n  return (await supabase.from('t').select('*').or(ors.join(',')).limit(50)).data;\n}",
  "export async function o(cols: string[], q: string) {\n  const cond = cols.map((c) => `${c}.ilike.%${q}%`).join(',');\n  return (await supabase.from('t').select('*').or(cond).limit(50)).data;\n}",
  "export async function p(since: string) {\n  const parts = ['status.eq.open'];\n  parts.push(`updated_at.gt.${since}`);\n  return (await supabase.from('t').select('*').or(parts.join(',')).limit(50)).data;\n}",
  "export async function q(cols: string[], t: string) {\n  const cond = cols.map((c) => `${c}.gt.${t}`).join(',');\n  return (await supabase.from('t').select('*').or(cond).limit(50)).data;\n}",
];

describe('the change-cursor predicate: require-delta-filter and the sync verdict agree', () => {
  const files = [
    ...['demo-app', 'soft-delete', 'project-facts'].flatMap((app) => sources(path.join(FIXTURES, app))),
    ...sources(path.join(FIXTURES, 'codemods', 'paginate-selects')).filter((file) => file.includes('.input.')),
  ];

  it.each(files.map((file) => [path.relative(FIXTURES, file), file]))('on %s', (_name, file) => {
    const { reported, withCursor, without } = judged(readFileSync(file, 'utf8'), file);
    for (const line of withCursor) expect(reported, `line ${line} has a cursor`).not.toContain(line);
    for (const line of without) expect(reported, `line ${line} has none`).toContain(line);
  });

  it('on windows, compound keysets on any column, an .or() built elsewhere or from a search’s or a price range’s parts (in place or in the variables it names), .filter() and an upper bound', () => {
    const verdicts = CASES.map((code) => judged(`import { supabase } from './supabase';\n${code}\n`, 'file.ts'));
    expect(
      verdicts.map((v) => (v.reported.length > 0 ? 'reported' : v.withCursor.length > 0 ? 'cursor' : '?')),
    ).toEqual([
      'cursor',
      'reported',
      'reported',
      'cursor',
      'cursor',
      'cursor',
      'reported',
      'reported',
      'reported',
      'cursor',
      'reported',
      'reported',
      'cursor',
      'reported',
      'reported',
      'cursor',
      'cursor',
    ]);
    for (const { reported, withCursor, without } of verdicts) {
      expect(reported).toEqual(without);
      expect(withCursor.filter((line) => reported.includes(line))).toEqual([]);
    }
  });
});
