/**
 * Multi-line code in tests, written as it reads:
 *
 *   const code = dedent`
 *     export async function rooms() {
 *       return supabase.from('rooms').select('*');
 *     }
 *   `;
 *
 * gives "export async function rooms() {\n  return supabase.from('rooms').select('*');\n}\n".
 * The text starts on the line after the backtick (that line break is not part
 * of it); the indentation of its least indented line is removed from every
 * line (spaces only: a tab, written `\t`, is text); a last line of only
 * spaces (the closing backtick on a line of its own) is dropped, so the text
 * ends with a line break exactly when the backtick stands on the next line.
 * Interpolated values are inserted as they are.
 */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  const parts = [...strings];
  if (!parts[0]!.startsWith('\n')) throw new Error('dedent: start the text on the line after the backtick');
  parts[0] = parts[0]!.slice(1);
  const last = parts.length - 1;
  parts[last] = parts[last]!.replace(/(^|\n) *$/, '$1');

  // the indentation of every line that starts in the text (not in a value), unless the line is blank
  let indent = Infinity;
  parts.forEach((part, index) => {
    const lines = part.split('\n');
    lines.forEach((line, lineIndex) => {
      if (lineIndex === 0 && index > 0) return; // continues the line of the value before it
      const blank = /^ *$/.test(line) && (lineIndex < lines.length - 1 || index === last);
      if (!blank) indent = Math.min(indent, /^ */.exec(line)![0].length);
    });
  });
  if (indent === Infinity) indent = 0;

  const strip = new RegExp(`\\n {0,${indent}}`, 'g');
  let text = '';
  parts.forEach((part, index) => {
    const start = index === 0 ? part.replace(new RegExp(`^ {0,${indent}}`), '') : part;
    text += start.replace(strip, '\n');
    if (index < values.length) text += String(values[index]);
  });
  return text;
}
