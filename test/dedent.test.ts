import { describe, expect, it } from 'vitest';
import { dedent } from './dedent.js';

describe('dedent (multi-line code in tests)', () => {
  it('removes the first line break and the common indentation; a closing backtick on its own line ends the text with a line break', () => {
    const text = dedent`
      function f() {
        return 1;
      }
    `;
    expect(text).toBe('function f() {\n  return 1;\n}\n');
  });

  it('ends the text without a line break when the backtick closes the last line', () => {
    const text = dedent`
      a();
      b();`;
    expect(text).toBe('a();\nb();');
  });

  it('keeps blank lines empty and the indentation beyond the common one, including on lines of only spaces', () => {
    const text = dedent`
      a();

        b();
      ${''}   
    `;
    expect(text).toBe('a();\n\n  b();\n   \n');
  });

  it('inserts values as they are, multi-line values included, and counts the indentation of a line that starts with one', () => {
    const body = 'x();\n    y();';
    const text = dedent`
      function f() {
        ${body}
      }
    `;
    expect(text).toBe('function f() {\n  x();\n    y();\n}\n');
    expect(dedent`
        ${'a'}
      b
    `).toBe('  a\nb\n');
  });

  it('keeps escapes: a tab, a no-break space, a backtick, a dollar brace', () => {
    const text = dedent`
      \ta\u00a0\`\${b}\`
    `;
    expect(text).toBe('\ta\u00a0`${b}`\n');
  });

  it('asks for the text to start on the next line', () => {
    expect(() => dedent`a`).toThrow('dedent: start the text on the line after the backtick');
  });
});
