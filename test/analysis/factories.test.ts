/** A class's own factories (src/analysis/project/factories.ts): recognised by what they return, not by their names. */
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import { classFactories } from '../../src/analysis/project/factories.js';

function factories(code: string): Record<string, string[]> {
  return classFactories(tsParser.parse(code, { range: true, loc: true }));
}

describe('classFactories', () => {
  it('finds the static methods and getters that hand back the shared instance, whatever their names', () => {
    expect(
      factories(`
        export class A {
          private static instance: A | null = null;
          static getInstance() {
            if (!A.instance) A.instance = new A();
            return A.instance;
          }
          static reset() { A.instance = null; }
        }
        class B {
          static shared = new B();
          static get current() { return B.shared; }
          static make() { return new this(); }
        }
        export default class C {
          static #unused = 1;
          private static one?: C;
          static use(): C { return (C.one ??= new C()); }
          static any() { return C.one || (C.one = new C()); }
        }
      `),
    ).toEqual({ A: ['getInstance'], B: ['current', 'make'], C: ['use', 'any'] });
  });

  it('takes nothing else: a field given something else, a field never given an instance, another return', () => {
    expect(
      factories(`
        class Config { static options = { retries: 3 }; static get() { return Config.options; } }
        class Loose {
          static instance: Loose | null = null;
          static swap(other: Loose) { Loose.instance = other; }
          static get() { return Loose.instance ?? new Loose(); }
          static either(flag: boolean) { if (flag) return new Loose(); return undefined; }
        }
        class Never { static instance: Never; static get() { return Never.instance; } }
        class Nested { static later() { return () => new Nested(); } }
      `),
    ).toEqual({});
  });
});
