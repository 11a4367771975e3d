/**
 * The codemods' settings that are a rule's options take their defaults from
 * that rule's meta.defaultOptions: one copy of each default.
 */
import { describe, expect, it } from 'vitest';
import { codemods } from '../../src/codemods/index.js';
import { DEFAULT_PAGE_SIZE, defaultSettings, RULE_OPTION_SETTINGS } from '../../src/codemods/settings.js';
import { rules } from '../../src/rules/index.js';

const settings = defaultSettings('/project');

/** A rule's option object with every default, and the properties of its option schema. */
function ruleDefaults(rule: keyof typeof rules): Readonly<Record<string, unknown>> {
  const [defaults]: readonly object[] = rules[rule].meta.defaultOptions;
  return defaults as Record<string, unknown>;
}
function schemaProperties(rule: keyof typeof rules): string[] {
  const [schema] = rules[rule].meta.schema as readonly { properties?: Record<string, unknown> }[];
  return Object.keys(schema?.properties ?? {});
}

describe('defaultSettings', () => {
  it.each(Object.entries(RULE_OPTION_SETTINGS).filter(([key]) => key !== 'pageSize'))(
    '%s is the default of %s',
    (key, rule) => {
      const defaults = ruleDefaults(rule);
      expect(key in defaults).toBe(true);
      expect(settings[key as keyof typeof settings]).toEqual(defaults[key]);
    },
  );

  it("pageSize is the codemod's own default (the default max-rows), checked against require-pagination's schema", () => {
    expect(settings.pageSize).toBe(DEFAULT_PAGE_SIZE);
    expect(DEFAULT_PAGE_SIZE).toBe(1000);
    expect(rules['require-pagination'].meta.defaultOptions[0].pageSize).toBe(100);
  });

  it("names only options of its rule's schema", () => {
    for (const [key, rule] of Object.entries(RULE_OPTION_SETTINGS)) {
      expect(schemaProperties(rule), `${key} (${rule})`).toContain(key);
    }
  });

  it('with the defaults, each codemod asks its rule for what the rule reports with its own defaults', () => {
    for (const codemod of Object.values(codemods)) {
      const defaults = ruleDefaults(codemod.rule);
      const options = codemod.ruleOptions(settings);
      expect(options, codemod.name).toEqual(
        Object.fromEntries(Object.keys(options).map((key) => [key, defaults[key]])),
      );
    }
  });

  it("shares the rules' frozen defaults: a run cannot change them for the rules", () => {
    expect(Object.isFrozen(settings.names)).toBe(true);
    expect(Object.isFrozen(rules['no-full-sync'].meta.defaultOptions[0])).toBe(true);
  });
});
