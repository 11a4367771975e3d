/** callers.ts codeOnly: a function's name in a comment or a string is no use of it; in a template's expression it is. */
import { describe, expect, it } from 'vitest';
import { codeOnly } from '../../src/analysis/project/callers.js';

const mentions = (text: string) => codeOnly(text).match(/(?<![\w$.])useLive(?![\w$])/g)?.length ?? 0;

describe('codeOnly', () => {
  it('blanks comments and the text of strings and templates, keeping lines and template expressions', () => {
    const text = [
      '// useLive: the hook',
      '/* useLive */ const a = \'useLive\' + "useLive";',
      'console.log(`useLive: subscribing ${cfg.channel}`);',
      'const b = `${useLive(x)} and ${`${useLive}`} {useLive}`;',
      'const c = useLive;',
    ].join('\n');
    const code = codeOnly(text);
    expect(code.split('\n')).toHaveLength(5);
    expect(code.length).toBe(text.length);
    // the call and the reference inside template expressions, and the plain reference
    expect(mentions(text)).toBe(3);
  });

  it('keeps escaped quotes inside a string and a string that is never closed on its line', () => {
    expect(mentions("const s = 'it\\'s useLive'; useLive();")).toBe(1);
    expect(mentions("const s = 'open\nuseLive();")).toBe(1);
  });
});
