/**
 * Oracle properties for the Realtime shapes of issue 12 (items 3 and 4): on
 * each generated case, require-realtime-cleanup and no-unbounded-realtime
 * report exactly what the documented behaviour says (test/fuzz/realtime-generators.ts),
 * per message id, with either parser a language allows. Same seed and budget
 * as fuzz.test.ts (FUZZ_RUNS, FUZZ_SEED).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Lang } from './generators.js';
import { lint, parseError, type Program, propNoRuleThrows } from './harness.js';
import { componentBodyCase, helperCleanupCase, type OracleCase, realtimeFilterCase } from './realtime-generators.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_517);
const TIMEOUT = Math.max(60_000, RUNS * 400);

const langs: Lang[] = ['ts', 'tsx', 'js', 'jsx'];

type Generator = (lang: Lang, index: number) => fc.Arbitrary<OracleCase>;

/** One case in a file of its language, parsed by typescript-eslint or (JS) espree. */
function oracleProgram(generator: Generator): fc.Arbitrary<{ program: Program; expect: Record<string, number> }> {
  return fc.constantFrom(...langs).chain((lang) =>
    fc
      .record({
        parser:
          lang === 'ts' || lang === 'tsx'
            ? fc.constant('typescript' as const)
            : fc.constantFrom('espree' as const, 'typescript' as const),
        drawn: generator(lang, 0),
      })
      .map(({ parser, drawn }) => ({
        program: { filename: `fuzz.${lang}`, lang, parser, code: drawn.code, options: {}, random: false },
        expect: drawn.expect,
      })),
  );
}

function propReportsAsDocumented(rule: string) {
  return ({ program, expect: expected }: { program: Program; expect: Record<string, number> }) => {
    const error = parseError(program);
    if (error) throw new Error(`generated case does not parse (${error}):\n${program.code}`);
    propNoRuleThrows(program);
    const counts: Record<string, number> = Object.fromEntries(Object.keys(expected).map((id) => [id, 0]));
    for (const message of lint(program)) {
      if (message.ruleId !== `supabase-scale/${rule}` || !message.messageId) continue;
      if (message.messageId in counts) counts[message.messageId]! += 1;
    }
    if (JSON.stringify(counts) !== JSON.stringify(expected)) {
      throw new Error(
        `${rule} reports ${JSON.stringify(counts)}, expected ${JSON.stringify(expected)} (${program.filename}, ${program.parser}):\n${program.code}`,
      );
    }
  };
}

function check<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void): void {
  fc.assert(fc.property(arbitrary, predicate), { seed: SEED, numRuns: RUNS, endOnFailure: false });
}

describe(`realtime oracles (seed ${SEED}, ${RUNS} runs a property)`, () => {
  it(
    'require-realtime-cleanup reports a dropped helper cleanup exactly when the effect drops it',
    { timeout: TIMEOUT },
    () => {
      check(oracleProgram(helperCleanupCase), propReportsAsDocumented('require-realtime-cleanup'));
    },
  );

  it('require-realtime-cleanup reports a component body whatever the component returns', { timeout: TIMEOUT }, () => {
    check(oracleProgram(componentBodyCase), propReportsAsDocumented('require-realtime-cleanup'));
  });

  it(
    'no-unbounded-realtime reports filters that may be absent, DELETE filters, long in lists and unsupported operators',
    { timeout: TIMEOUT },
    () => {
      check(oracleProgram(realtimeFilterCase), propReportsAsDocumented('no-unbounded-realtime'));
    },
  );

  it('the oracle generators report something (the properties are not vacuous)', () => {
    for (const [generator, ids] of [
      [helperCleanupCase, ['droppedCleanup']],
      [componentBodyCase, ['renderBody']],
      [
        realtimeFilterCase,
        ['optionalFilter', 'callWithoutFilter', 'deleteFilterUnknown', 'inTooMany', 'unsupportedOperator'],
      ],
    ] as const) {
      const samples = fc.sample(oracleProgram(generator), { seed: SEED, numRuns: 200 });
      for (const id of ids)
        expect(
          samples.some((s) => (s.expect[id] ?? 0) > 0),
          id,
        ).toBe(true);
      expect(samples.some((s) => Object.values(s.expect).every((n) => n === 0))).toBe(true);
    }
  });
});
