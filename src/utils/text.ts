/** Source text for a message: one line, at most `max` characters. */
export function shortText(text: string, max = 40): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
