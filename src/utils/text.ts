/** Source text for a message: one line, at most `max` characters. */
export function shortText(text: string, max = 40): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/**
 * A number as `n.toLocaleString('en-US')` writes it (`1,000`, `-12,345`):
 * an integer's digits grouped here, since the first call of toLocaleString
 * in a process loads ICU's number formats (about 25 ms of CPU, which fell on
 * whichever lint reported first); any other number through toLocaleString.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const grouped = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 || Object.is(n, -0) ? `-${grouped}` : grouped;
}
