/** Text edits and the style of a file (quotes, indentation, line ends), for inserted code. */
import type { Edit } from './codemod.js';

/** Applies non-overlapping edits; throws on overlap (a codemod bug, caught by the engine). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

export interface Style {
  quote: "'" | '"';
  /** One level of indentation. */
  indent: string;
  eol: '\n' | '\r\n';
  /** Whether statements end with `;`. */
  semicolons: boolean;
}

/** The quote the file uses most in its import specifiers, or else in its string literals. */
function detectQuote(text: string): "'" | '"' {
  const imports = [...text.matchAll(/\bfrom\s+(['"])/g)].map((m) => m[1]);
  const pool = imports.length > 0 ? imports : [...text.matchAll(/(['"])[^'"\n\\]*\1/g)].map((m) => m[1]);
  const single = pool.filter((q) => q === "'").length;
  const double = pool.length - single;
  return double > single ? '"' : "'";
}

/** The smallest indentation step of the file: a tab, or the smallest non-zero run of leading spaces. */
function detectIndent(text: string): string {
  let tabs = 0;
  let spaces = 0;
  let smallest = Infinity;
  for (const line of text.split('\n')) {
    const match = /^([ \t]+)\S/.exec(line);
    if (!match) continue;
    const lead = match[1]!;
    if (lead.startsWith('\t')) tabs += 1;
    else {
      spaces += 1;
      // a JSDoc continuation (` * text`) is not an indentation step
      if (/^ +\*/.test(line) && lead.length % 2 === 1) continue;
      smallest = Math.min(smallest, lead.length);
    }
  }
  if (tabs > spaces) return '\t';
  return smallest === Infinity ? '  ' : ' '.repeat(smallest);
}

/** A line that continues the statement of the line before it (`.from(t)` under `await supabase`, `+ b`, `? x : y`). */
const CONTINUATION = /^\s*(\?\.|\.[^.]|[+\-*/%&|^?:,=<>]|&&|\|\||\?\?)/;

function detectSemicolons(text: string): boolean {
  const imports = [...text.matchAll(/^import\b[^\n]*?(['"])[^'"\n]*\1(;?)[ \t]*\r?$/gm)];
  if (imports.length > 0) return imports.filter((match) => match[2] === ';').length * 2 >= imports.length;
  // statements that end on their line: not an opening `{ ( [`, a `,` or an operator that continues it,
  // nor a line the next one continues (`const { data } = await supabase` before `.from('t')`)
  const lines = text.split('\n').map((line) => line.replace(/\/\/.*$/, '').trimEnd());
  const nextLine = (index: number): string => {
    // blank lines and block comments (`/**`, ` * ...`) say nothing of how the statement ends
    for (let at = index + 1; at < lines.length; at += 1) if (!/^\s*(\/\*|\*|$)/.test(lines[at]!)) return lines[at]!;
    return '';
  };
  const statements = lines.filter(
    (line, index) =>
      /^\s*(const|let|var|return|throw)\b/.test(line) &&
      !/[{([,=>+\-*/.|&?:]$/.test(line) &&
      (line.endsWith(';') || !CONTINUATION.test(nextLine(index))),
  );
  if (statements.length === 0) return true;
  return statements.filter((line) => line.endsWith(';')).length * 2 >= statements.length;
}

export function detectStyle(text: string): Style {
  return {
    quote: detectQuote(text),
    indent: detectIndent(text),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    semicolons: detectSemicolons(text),
  };
}

/** A string literal in the file's quote style. */
export function quoted(value: string, style: Style): string {
  const escaped = value.replace(/\\/g, '\\\\').replaceAll(style.quote, `\\${style.quote}`);
  return `${style.quote}${escaped}${style.quote}`;
}

/** The leading whitespace of the line that holds `offset`. */
export function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** The offset of a 1-based line and column (the inverse of `position`). */
export function offsetAt(text: string, line: number, column: number): number {
  let lineStart = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', lineStart);
    if (next < 0) break;
    lineStart = next + 1;
  }
  return lineStart + column - 1;
}

/** 1-based line and column of an offset. */
export function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
