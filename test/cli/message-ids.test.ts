/**
 * Each finding of the audit's JSON names its message id: ESLint's, or, for
 * the oxlint engine (whose report carries none), the one template of the
 * rule's messages the text matches.
 */
import { describe, expect, it } from 'vitest';
import { messageIdOf } from '../../src/cli/audit-command.js';
import { rules } from '../../src/rules/index.js';

describe('messageIdOf', () => {
  for (const [name, rule] of Object.entries(rules)) {
    const messages = rule.meta.messages as Record<string, string>;
    it(`${name}: every message, its data filled in, gives back its own id`, () => {
      for (const [id, template] of Object.entries(messages)) {
        const filled = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_all, key: string) => `<${key} of ${id}>`);
        expect(messageIdOf(name, filled), filled).toBe(id);
      }
    });
  }

  it('gives none for a text no template matches, or a rule it does not know', () => {
    expect(messageIdOf('require-pagination', 'Something else entirely.')).toBeUndefined();
    expect(messageIdOf('no-such-rule', 'Anything.')).toBeUndefined();
  });
});
