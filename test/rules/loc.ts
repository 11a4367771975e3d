/**
 * The position of the `occurrence`-th `needle` in `code`, as ESLint reports
 * it (1-based line and column, end exclusive). Tests use it to say where a
 * report must be without counting columns by hand.
 */
export function at(
  code: string,
  needle: string,
  occurrence = 1,
): { line: number; column: number; endLine: number; endColumn: number } {
  let index = -1;
  for (let i = 0; i < occurrence; i += 1) {
    index = code.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' (occurrence ${occurrence}) is not in the test code`);
  }
  const position = (offset: number) => {
    const before = code.slice(0, offset);
    return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
  };
  const start = position(index);
  const end = position(index + needle.length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}
